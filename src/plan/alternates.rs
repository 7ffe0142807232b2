//! The versions of each page across the site's languages: the language
//! switcher, `hreflang` links in `<head>` and the sitemap's alternates.
//!
//! Two pages are versions of each other when their paths are the same once
//! the language folder is taken off (`creators/lea/` and `fr/creators/lea/`),
//! which is what keeping the slug across translations guarantees.

use super::{Job, job_dir, jobs};
use crate::fasthash::{HashMap, HashMapExt};
use crate::resolve::Site;
use serde::Serialize;

/// One version of a page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Alt {
    /// Language code: the `hreflang`.
    pub lang: String,
    /// The language's name in itself: `Français`.
    pub name: String,
    /// Root-relative link in the build's style (offline: `…/index.html`).
    pub path: String,
    /// Absolute URL.
    pub url: String,
    /// This version is the page being rendered.
    pub current: bool,
}

/// Every page's versions, keyed by its path without the language folder.
pub struct Alternates {
    /// Page path without its language folder → the languages that have
    /// it, as indices into `langs`.
    by_page: HashMap<String, Vec<usize>>,
    /// Each language's (code, own name, folder).
    langs: Vec<(String, String, String)>,
    /// For the versions' absolute URLs.
    base_url: String,
    /// Links end in `index.html`.
    offline: bool,
    /// The `x-default` version's language.
    default_lang: String,
}

impl Alternates {
    /// Finds the versions of every page of `site` and its translations
    /// (nothing on a monolingual site: no page has another version).
    pub fn new(site: &Site) -> Alternates {
        let mut by_page: HashMap<String, Vec<usize>> = HashMap::new();
        let langs = site
            .all()
            .map(|s| {
                (
                    s.info.lang.clone(),
                    s.lang.own_name().to_string(),
                    s.info.prefix.clone(),
                )
            })
            .collect();
        if !site.translations.is_empty() {
            for (n, s) in site.all().enumerate() {
                let mut dirs: Vec<String> = jobs(s)
                    .into_iter()
                    .filter(|j| !matches!(j, Job::NotFound))
                    .map(|j| job_dir(s, j))
                    .collect();
                dirs.push(format!("{}search/", s.info.prefix));
                for mut dir in dirs {
                    // Only the key is kept: the versions' paths and URLs
                    // are made for the pages that are rendered.
                    dir.drain(..s.info.prefix.len().min(dir.len()));
                    by_page.entry(dir).or_default().push(n);
                }
            }
        }
        Alternates {
            by_page,
            langs,
            base_url: site.info.base_url.clone(),
            offline: site.info.offline,
            default_lang: site.info.language.clone(),
        }
    }

    pub fn of(&self, site: &Site, dir: &str) -> (Vec<Alt>, Option<String>) {
        let key = dir.strip_prefix(site.info.prefix.as_str()).unwrap_or(dir);
        match self.by_page.get(key) {
            Some(v) if v.len() > 1 => {
                let alts: Vec<Alt> = v
                    .iter()
                    .filter_map(|&n| self.langs.get(n))
                    .map(|(lang, name, prefix)| Alt {
                        lang: lang.clone(),
                        name: name.clone(),
                        path: if self.offline {
                            format!("{prefix}{key}index.html")
                        } else {
                            format!("{prefix}{key}")
                        },
                        url: format!("{}{prefix}{key}", self.base_url),
                        current: *lang == site.info.lang,
                    })
                    .collect();
                let x_default = alts
                    .iter()
                    .find(|a| a.lang == self.default_lang)
                    .map(|a| a.url.clone());
                (alts, x_default)
            }
            _ => (Vec::new(), None),
        }
    }
}
