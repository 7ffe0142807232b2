//! The versions of each page across the site's languages: the language
//! switcher, `hreflang` links in `<head>` and the sitemap's alternates.
//!
//! Two pages are versions of each other when their paths are the same once
//! the language folder is taken off (`creators/lea/` and `fr/creators/lea/`),
//! which is what keeping the slug across translations guarantees.

use super::{Job, job_dir, jobs};
use crate::resolve::Site;
use serde::Serialize;
use std::collections::HashMap;

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
    by_page: HashMap<String, Vec<Alt>>,
    default_lang: String,
}

impl Alternates {
    /// Collects the pages of `site` and of its translations.
    pub fn new(site: &Site) -> Alternates {
        let mut by_page: HashMap<String, Vec<Alt>> = HashMap::new();
        if site.translations.is_empty() {
            return Alternates {
                by_page,
                default_lang: site.info.language.clone(),
            };
        }
        for s in site.all() {
            let mut dirs: Vec<String> = jobs(s)
                .into_iter()
                .filter(|j| !matches!(j, Job::NotFound))
                .map(|j| job_dir(s, j))
                .collect();
            dirs.push(format!("{}search/", s.info.prefix));
            for dir in dirs {
                let key = dir
                    .strip_prefix(s.info.prefix.as_str())
                    .unwrap_or(&dir)
                    .to_string();
                let path = if s.info.offline {
                    format!("{dir}index.html")
                } else {
                    dir.clone()
                };
                by_page.entry(key).or_default().push(Alt {
                    lang: s.info.lang.clone(),
                    name: s.lang.own_name().to_string(),
                    path,
                    url: format!("{}{dir}", s.info.base_url),
                    current: false,
                });
            }
        }
        Alternates {
            by_page,
            default_lang: site.info.language.clone(),
        }
    }

    /// The versions of the page at `dir` (with its language folder) of
    /// `site`, the page itself marked `current`, and the default language's
    /// URL for `x-default`; nothing when the page exists in one language.
    pub fn of(&self, site: &Site, dir: &str) -> (Vec<Alt>, Option<String>) {
        let key = dir.strip_prefix(site.info.prefix.as_str()).unwrap_or(dir);
        match self.by_page.get(key) {
            Some(v) if v.len() > 1 => {
                let alts: Vec<Alt> = v
                    .iter()
                    .map(|a| Alt {
                        current: a.lang == site.info.lang,
                        ..a.clone()
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
