//! Stage 2: parsed entries → the resolved site.
//!
//! Cross-checks references, applies the audience filter (private values are
//! cleared here, before anything is rendered), links creators and campaigns
//! both ways, computes the figures, renders Markdown bodies and builds the
//! taxonomies. The result holds display-ready values only.

pub mod audience;
mod build;
mod campaign_view;
mod creator_view;
pub mod kpi;
pub mod labels;
pub mod names;
mod taxonomy;
mod text_view;
pub mod types;
mod validate;

pub use audience::{Audience, Visibility};

pub use types::Site;

use crate::diag::{Diagnostics, Pos, did_you_mean};
use crate::load::{Entry, Loaded};
use std::collections::{HashMap, HashSet};
use validate::pos;

/// Top-level folders the generator uses besides the taxonomies
/// ([`taxonomy::is_key`]); free pages may take none of them.
const RESERVED: &[&str] = &[
    "creators",
    "campaigns",
    "glossary",
    "search",
    "data",
    "static",
    "tags",
    "404",
];

/// How to resolve: the build's command-line choices.
#[derive(Clone, Debug)]
pub struct Options {
    /// Who the build is for.
    pub audience: Audience,
    /// Include drafts.
    pub drafts: bool,
    /// Links end in `index.html`.
    pub offline: bool,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
}

/// Root-relative URL of a section or entry, in the build's link style.
#[derive(Clone, Copy, Debug)]
pub struct Urls {
    /// Links end in `index.html`.
    pub offline: bool,
}

impl Urls {
    /// `creators/lea/` (or `creators/lea/index.html` offline); `""` is the home page.
    pub fn dir(&self, dir: &str) -> String {
        match (self.offline, dir.is_empty()) {
            (true, true) => "index.html".to_string(),
            (true, false) => format!("{dir}index.html"),
            (false, _) => dir.to_string(),
        }
    }
}

/// Resolves everything; `None` when the site cannot be built (errors are in `diags`).
pub fn resolve(loaded: Loaded, opts: &Options, diags: &mut Diagnostics) -> Option<Site> {
    resolve_cached(loaded, opts, None, diags)
}

/// [`resolve`], taking rendered Markdown bodies from `md_cache` when they
/// have not changed (the dev server's rebuilds); same result.
pub fn resolve_cached(
    mut loaded: Loaded,
    opts: &Options,
    md_cache: Option<&crate::mdcache::MdCache>,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let config = loaded.config.take()?;
    let base_url = base_url(&config, opts, diags)?;
    let languages: HashSet<&str> = config.languages.iter().map(|l| l.value.as_str()).collect();

    // Translations are checked here; pages in other languages are rendered
    // by the multilingual stage, not yet part of the build.
    // Originals that exist but did not parse: their translations are not orphans.
    let unparsed: HashSet<String> = loaded
        .unparsed
        .iter()
        .filter_map(|p| p.rsplit('/').next()?.strip_suffix(".md"))
        .map(|stem| stem.trim_start_matches("_index").to_string())
        .collect();
    let known = (languages.clone(), &unparsed);
    let mut creators = originals(std::mem::take(&mut loaded.creators), &known, diags);
    let mut campaigns = originals(std::mem::take(&mut loaded.campaigns), &known, diags);
    let terms = originals(std::mem::take(&mut loaded.terms), &known, diags);
    let pages = originals(std::mem::take(&mut loaded.pages), &known, diags);
    let home = originals(std::mem::take(&mut loaded.home), &known, diags)
        .into_iter()
        .next();

    for e in &creators {
        validate::creator(e, diags);
    }
    for e in &campaigns {
        validate::campaign(e, diags);
    }
    for e in &terms {
        validate::term(e, diags);
    }
    for e in &pages {
        if RESERVED.contains(&e.slug.as_str())
            || taxonomy::is_key(&e.slug)
            || languages.contains(e.slug.as_str())
        {
            diags.error(&e.path, Pos::new(1, 1), format!("the page slug `{}` is taken by a section of the site (/{}/); rename the file or set another `slug:`", e.slug, e.slug));
        }
    }
    check_references(&creators, &campaigns, &terms, &loaded.unparsed, diags);

    let vis = Visibility {
        audience: opts.audience,
        drafts: opts.drafts,
        require_consent: config.require_consent,
    };
    if opts.audience == Audience::Public {
        creators.iter_mut().for_each(audience::strip_creator);
        campaigns.iter_mut().for_each(audience::strip_campaign);
    }
    let creators: Vec<_> = creators
        .into_iter()
        .map(|e| {
            let v = vis.creator(&e.fm);
            (e, v)
        })
        .collect();
    let campaigns: Vec<_> = campaigns
        .into_iter()
        .map(|e| {
            let v = vis.entry(e.fm.draft, e.fm.private);
            (e, v)
        })
        .collect();
    let terms: Vec<_> = terms
        .into_iter()
        .map(|e| {
            let v = vis.entry(e.fm.draft, e.fm.private);
            (e, v)
        })
        .collect();
    let pages: Vec<_> = pages
        .into_iter()
        .map(|e| {
            let v = vis.entry(e.fm.draft, e.fm.private);
            (e, v)
        })
        .collect();

    let urls = Urls {
        offline: opts.offline,
    };
    let mut links = crate::markdown::LinkMap::new();
    for (e, v) in &creators {
        links.insert(
            e.path.clone(),
            v.then(|| urls.dir(&format!("creators/{}/", e.slug))),
        );
    }
    for (e, v) in &campaigns {
        links.insert(
            e.path.clone(),
            v.then(|| urls.dir(&format!("campaigns/{}/", e.slug))),
        );
    }
    for (e, v) in &terms {
        links.insert(
            e.path.clone(),
            v.then(|| urls.dir(&format!("glossary/{}/", e.slug))),
        );
    }
    for (e, v) in &pages {
        links.insert(e.path.clone(), v.then(|| urls.dir(&format!("{}/", e.slug))));
    }
    for path in &loaded.unparsed {
        links.insert(path.clone(), None);
    }
    if let Some(h) = &home {
        links.insert(h.path.clone(), Some(urls.dir("")));
    }

    let input = build::Input {
        creators: creators
            .into_iter()
            .filter(|(_, v)| *v)
            .map(|(e, _)| e)
            .collect(),
        campaigns: campaigns
            .into_iter()
            .filter(|(_, v)| *v)
            .map(|(e, _)| e)
            .collect(),
        terms: terms
            .into_iter()
            .filter(|(_, v)| *v)
            .map(|(e, _)| e)
            .collect(),
        pages: pages
            .into_iter()
            .filter(|(_, v)| *v)
            .map(|(e, _)| e)
            .collect(),
        home: home.filter(|h| vis.entry(h.fm.draft, h.fm.private)),
    };
    if let Some(cache) = md_cache {
        cache.set_links(&links);
    }
    let cx = build::Context {
        urls,
        links: &links,
        team: opts.audience == Audience::Team,
        unsafe_html: config.unsafe_html,
        md_cache,
    };
    let mut site = build::build(input, &config, base_url, opts.audience, &cx, diags);
    site.taxonomies = taxonomy::build(&site, urls);
    site.info.counts.brands = site
        .taxonomies
        .iter()
        .find(|t| t.key == "brands")
        .map_or(0, |t| t.terms.len());
    Some(site)
}

fn base_url(
    config: &crate::model::SiteConfig,
    opts: &Options,
    diags: &mut Diagnostics,
) -> Option<String> {
    let (raw, at) = match &opts.base_url {
        Some(u) => (u.clone(), None),
        None => (config.base_url.value.clone(), Some(pos(&config.base_url))),
    };
    let lower = raw.to_ascii_lowercase();
    let ok = (lower.starts_with("http://") || lower.starts_with("https://"))
        && raw.len() > 8
        && !raw.contains(char::is_whitespace)
        && !raw.contains(['"', '<', '>', '\'']);
    if !ok {
        let msg = format!(
            "base_url `{raw}` must be an absolute URL such as `https://creators.example.com/`"
        );
        match at {
            Some(p) => diags.error(
                "site.yaml",
                Pos::new(p.line.saturating_sub(1), p.column),
                msg,
            ),
            None => diags.error("site.yaml", Pos::default(), format!("--base-url: {msg}")),
        }
        return None;
    }
    Some(if raw.ends_with('/') { raw } else { raw + "/" })
}

/// Keeps originals, checks translations, and rejects duplicate slugs.
fn originals<T>(
    entries: Vec<Entry<T>>,
    (languages, unparsed): &(HashSet<&str>, &HashSet<String>),
    diags: &mut Diagnostics,
) -> Vec<Entry<T>> {
    let (orig, trans): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| e.lang.is_none());
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(orig.len());
    for e in orig {
        if let Some(first) = seen.get(&e.slug) {
            diags.error(&e.path, e.key_pos("slug"), format!("duplicate slug `{}`: {first} already uses it; rename one of the files or set a different `slug:`", e.slug));
            continue;
        }
        seen.insert(e.slug.clone(), e.path.clone());
        out.push(e);
    }
    for t in trans {
        let lang = t.lang.as_deref().unwrap_or_default();
        if !languages.contains(lang) {
            diags.error(&t.path, Pos::new(1, 1), format!("translation into `{lang}`, but `{lang}` is not in `languages` of site.yaml; add it there (e.g. `languages: [{lang}]`) or rename the file"));
        } else if !seen.contains_key(&t.slug) && !unparsed.contains(&t.slug) {
            diags.error(&t.path, Pos::new(1, 1), format!("translation of `{}`, which does not exist: add the original `{}.md` next to it", t.slug, t.slug));
        }
    }
    out
}

fn check_references(
    creators: &[Entry<crate::model::CreatorFm>],
    campaigns: &[Entry<crate::model::CampaignFm>],
    terms: &[Entry<crate::model::TermFm>],
    unparsed: &[String],
    diags: &mut Diagnostics,
) {
    // Files that exist but did not parse are reported already; references to
    // them (by file name) are not reported again as missing.
    let broken = |folder: &str| -> HashSet<&str> {
        unparsed
            .iter()
            .filter_map(|p| {
                p.strip_prefix("content/")?
                    .strip_prefix(folder)?
                    .strip_suffix(".md")
            })
            .collect()
    };
    let mut creator_slugs: HashSet<&str> = creators.iter().map(|e| e.slug.as_str()).collect();
    creator_slugs.extend(broken("creators/"));
    for c in campaigns {
        let mut seen = HashSet::new();
        for p in &c.fm.creators {
            let slug = p.creator.value.as_str();
            if !creator_slugs.contains(slug) {
                let hint = did_you_mean(slug, creator_slugs.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_else(|| " — creators are referenced by the file name of their profile in content/creators/".to_string());
                diags.error(
                    &c.path,
                    pos(&p.creator),
                    format!("creator `{slug}` does not exist{hint}"),
                );
            } else if !seen.insert(slug) {
                diags.error(
                    &c.path,
                    pos(&p.creator),
                    format!("creator `{slug}` is listed twice in this campaign"),
                );
            }
        }
    }
    let mut term_slugs: HashSet<&str> = terms.iter().map(|e| e.slug.as_str()).collect();
    term_slugs.extend(broken("glossary/"));
    for t in terms {
        for r in &t.fm.related {
            if !term_slugs.contains(r.value.as_str()) {
                let hint = did_you_mean(&r.value, term_slugs.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                diags.error(
                    &t.path,
                    pos(r),
                    format!("related term `{}` does not exist{hint}", r.value),
                );
            }
        }
    }
}
