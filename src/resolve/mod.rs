//! Stage 2: parsed entries → the resolved site.
//!
//! Cross-checks references, applies the audience filter (private values are
//! cleared here, before anything is rendered), links creators and campaigns
//! both ways, computes the figures, renders Markdown bodies and builds the
//! taxonomies. The result holds display-ready values only.

pub mod audience;
mod build;
mod campaign_view;
pub mod costs;
mod creator_view;
pub mod embeds;
mod entries;
pub mod followups;
pub mod kpi;
pub mod labels;
pub mod learnings;
pub mod memo;
mod taxonomy;
mod text_view;
pub mod types;
mod validate;

pub use audience::{Audience, Visibility};

pub use types::Site;

use crate::diag::{Diagnostics, Pos};
use crate::fasthash::{HashMap, HashMapExt, HashSet};
use crate::i18n::Lang;
use crate::load::{Entry, Loaded};
use crate::markdown::LinkMap;
use entries::{check_references, originals};
use rayon::prelude::*;
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
    "follow-ups",
    "pipeline",
    "costs",
    "learnings",
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
    /// The follow-up queue's "today" (`--today`); the system date in UTC
    /// when `None`.
    pub today: Option<crate::model::Date>,
}

/// Root-relative URL of a section or entry, in the build's link style.
#[derive(Clone, Copy, Debug)]
pub struct Urls<'a> {
    /// Links end in `index.html`.
    pub offline: bool,
    /// The language's folder: `""` or `fr/`.
    pub prefix: &'a str,
}

impl Urls<'_> {
    /// `creators/lea/` (or `creators/lea/index.html` offline), under the
    /// language's folder; `""` is the home page.
    pub fn dir(&self, dir: &str) -> String {
        let mut out = String::with_capacity(self.prefix.len() + dir.len() + 10);
        out.push_str(self.prefix);
        out.push_str(dir);
        if self.offline {
            out.push_str("index.html");
        }
        out
    }

    /// The same links in the default language (for fallbacks to originals).
    pub fn original(&self) -> Urls<'static> {
        Urls {
            offline: self.offline,
            prefix: "",
        }
    }
}

/// What the dev server keeps between resolves: rendered bodies and views.
#[derive(Clone, Copy)]
pub struct Caches<'a> {
    /// Rendered Markdown bodies.
    pub md: &'a crate::cache::markdown::MdCache,
    /// Built views.
    pub views: &'a memo::ViewMemo,
}

/// Resolves everything; `None` when the site cannot be built (errors are in `diags`).
pub fn resolve(
    loaded: Loaded,
    opts: &Options,
    langs: &[Lang],
    diags: &mut Diagnostics,
) -> Option<Site> {
    resolve_cached(loaded, opts, langs, None, diags)
}

/// An entry kind's originals with their translations, visibility decided.
struct Kind<T> {
    originals: Vec<(Entry<T>, bool)>,
    translations: Vec<(Entry<T>, bool)>,
}

impl<T> Kind<T> {
    /// Originals and translations with whether `visible` keeps each.
    fn new(
        originals: Vec<Entry<T>>,
        translations: Vec<Entry<T>>,
        visible: impl Fn(&Entry<T>) -> bool,
    ) -> Kind<T> {
        Kind {
            originals: with_vis(originals, &visible),
            translations: with_vis(translations, &visible),
        }
    }

    /// The visible entries as a language sees them: in the default language
    /// (`None`) the originals; in a further language its translation where
    /// there is one, the original (a fallback, whose body no page of this
    /// language shows) otherwise.
    fn for_lang(&self, lang: Option<&str>) -> Vec<&Entry<T>> {
        if lang.is_none() {
            return self
                .originals
                .iter()
                .filter(|(_, v)| *v)
                .map(|(e, _)| e)
                .collect();
        }
        let translated: HashMap<&str, &Entry<T>> = self
            .translations
            .iter()
            .filter(|(t, v)| *v && t.lang.as_deref() == lang)
            .map(|(t, _)| (t.slug.as_str(), t))
            .collect();
        self.originals
            .iter()
            .filter(|(_, v)| *v)
            .map(|(e, _)| translated.get(e.slug.as_str()).copied().unwrap_or(e))
            .collect()
    }

    /// Each original's slug and whether it is part of the build.
    fn slugs(&self) -> impl Iterator<Item = (&str, bool)> {
        self.originals.iter().map(|(e, v)| (e.slug.as_str(), *v))
    }

    /// Adds where each content file's page is, in `lang`, to `links`.
    fn link(
        &self,
        links: &mut LinkMap,
        lang: Option<&str>,
        urls: Urls,
        dir: impl Fn(&str) -> String,
    ) {
        // Slugs with a visible translation into `lang`: one pass, not one
        // scan of every translation per original.
        let translated: HashSet<&str> = match lang {
            Some(l) => self
                .translations
                .iter()
                .filter(|(t, tv)| *tv && t.lang.as_deref() == Some(l))
                .map(|(t, _)| t.slug.as_str())
                .collect(),
            None => HashSet::default(),
        };
        for (e, v) in &self.originals {
            let translated = translated.contains(e.slug.as_str());
            let u = if translated { urls } else { urls.original() };
            links.insert(e.path.clone(), v.then(|| u.dir(&dir(&e.slug))));
        }
        // A translation has a page only when its original is in the build:
        // a link to the translation of a hidden entry is dropped like a
        // link to the entry itself, never a dangling URL naming its slug.
        let shown: HashSet<&str> = self
            .originals
            .iter()
            .filter(|(_, v)| *v)
            .map(|(e, _)| e.slug.as_str())
            .collect();
        for (t, v) in &self.translations {
            let prefix = format!("{}/", t.lang.as_deref().unwrap_or_default());
            let u = Urls {
                offline: urls.offline,
                prefix: &prefix,
            };
            let v = *v && shown.contains(t.slug.as_str());
            links.insert(t.path.clone(), v.then(|| u.dir(&dir(&t.slug))));
        }
    }
}

/// [`resolve`], taking rendered Markdown bodies and views from `caches`
/// when what they were made from has not changed (the dev server's
/// rebuilds); same result.
pub fn resolve_cached(
    mut loaded: Loaded,
    opts: &Options,
    langs: &[Lang],
    caches: Option<Caches>,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let t0 = std::time::Instant::now();
    let config = loaded.config.take()?;
    if langs.is_empty() {
        // `i18n::load` always gives the default language.
        diags.error("site.yaml", Pos::default(), "the site has no language");
        return None;
    }
    let base_url = base_url(&config, opts, diags)?;
    validate::site(&config, diags);
    let languages: HashSet<&str> = langs.iter().skip(1).map(|l| l.code.as_str()).collect();

    let (mut creators, mut creators_t) =
        originals(std::mem::take(&mut loaded.creators), &languages, diags);
    let (mut campaigns, mut campaigns_t) =
        originals(std::mem::take(&mut loaded.campaigns), &languages, diags);
    let (terms, terms_t) = originals(std::mem::take(&mut loaded.terms), &languages, diags);
    let (pages, pages_t) = originals(std::mem::take(&mut loaded.pages), &languages, diags);
    let (home, home_t) = originals(std::mem::take(&mut loaded.home), &languages, diags);

    check(
        Checked {
            creators: (&creators, &creators_t),
            campaigns: (&campaigns, &campaigns_t),
            terms: (&terms, &terms_t),
            pages: &pages,
            unparsed: &loaded.unparsed,
            languages: &languages,
        },
        caches.map(|c| c.views),
        diags,
    );
    crate::timing("resolve: checks", t0);
    let vis = Visibility {
        audience: opts.audience,
        drafts: opts.drafts,
        require_consent: config.require_consent,
    };
    if opts.audience == Audience::Public {
        // Translations inherit private keys from their originals: strip both.
        creators.iter_mut().for_each(audience::strip_creator);
        creators_t.iter_mut().for_each(audience::strip_creator);
        campaigns.iter_mut().for_each(audience::strip_campaign);
        campaigns_t.iter_mut().for_each(audience::strip_campaign);
    }
    let creators = Kind::new(creators, creators_t, |e| vis.creator(&e.fm));
    let campaigns = Kind::new(campaigns, campaigns_t, |e| {
        vis.entry(e.fm.draft, e.fm.private)
    });
    let terms = Kind::new(terms, terms_t, |e| vis.entry(e.fm.draft, e.fm.private));
    let pages = Kind::new(pages, pages_t, |e| vis.entry(e.fm.draft, e.fm.private));
    let home = Kind::new(home, home_t, |e| vis.entry(e.fm.draft, e.fm.private));

    let all_langs: Vec<types::LangInfo> = langs
        .iter()
        .map(|l| types::LangInfo {
            code: l.code.clone(),
            name: l.own_name().to_string(),
            home: Urls {
                offline: opts.offline,
                prefix: &l.prefix,
            }
            .dir(""),
        })
        .collect();
    let everything = Everything {
        config: &config,
        opts,
        base_url: &base_url,
        all_langs: &all_langs,
        creators: &creators,
        campaigns: &campaigns,
        terms: &terms,
        pages: &pages,
        home: &home,
        unparsed: &loaded.unparsed,
        caches,
        // Read once, so every language shows the same day.
        today: opts.today.unwrap_or_else(crate::model::Date::today_utc),
    };
    // Languages are independent of each other until their terms are
    // cross-named: build them side by side.
    let built: Vec<(Site, Diagnostics)> = langs
        .par_iter()
        .enumerate()
        .map(|(i, lang)| {
            let mut d = Diagnostics::new();
            let site = one_language(&everything, i, lang, &mut d);
            (site, d)
        })
        .collect();
    let mut sites: Vec<Site> = Vec::with_capacity(built.len());
    for (site, d) in built {
        diags.extend(d);
        sites.push(site);
    }
    // Freeing ten thousand entries takes tens of milliseconds that nothing
    // waits for. (`thread::spawn` would panic when no thread can be made;
    // this frees them here then.)
    let _ = std::thread::Builder::new()
        .name("creatorkb-free".into())
        .spawn(move || drop((creators, campaigns, terms, pages, home)));
    cross_name_terms(&mut sites);
    let mut sites = sites.into_iter();
    let mut site = sites.next()?;
    site.translations = sites.collect();
    Some(site)
}

/// Everything one language's site is built from.
struct Everything<'a> {
    config: &'a crate::model::SiteConfig,
    opts: &'a Options,
    base_url: &'a str,
    all_langs: &'a [types::LangInfo],
    creators: &'a Kind<crate::model::CreatorFm>,
    campaigns: &'a Kind<crate::model::CampaignFm>,
    terms: &'a Kind<crate::model::TermFm>,
    pages: &'a Kind<crate::model::PageFm>,
    home: &'a Kind<crate::model::PageFm>,
    unparsed: &'a [String],
    caches: Option<Caches<'a>>,
    today: crate::model::Date,
}

/// The site of language number `i` (0: the default one): its link map,
/// then its views, figures and taxonomies.
fn one_language(all: &Everything, i: usize, lang: &Lang, diags: &mut Diagnostics) -> Site {
    let Everything {
        config,
        opts,
        base_url,
        all_langs,
        creators,
        campaigns,
        terms,
        pages,
        home,
        unparsed,
        caches,
        today,
    } = *all;
    let t0 = std::time::Instant::now();
    let code = (i > 0).then_some(lang.code.as_str());
    let urls = Urls {
        offline: opts.offline,
        prefix: &lang.prefix,
    };
    let mut links = LinkMap::default();
    creators.link(&mut links, code, urls, |s| format!("creators/{s}/"));
    campaigns.link(&mut links, code, urls, |s| format!("campaigns/{s}/"));
    terms.link(&mut links, code, urls, |s| format!("glossary/{s}/"));
    pages.link(&mut links, code, urls, |s| format!("{s}/"));
    home.link(&mut links, code, urls, |_| String::new());
    for path in unparsed {
        links.insert(path.clone(), None);
    }
    use crate::embeds::Kind as E;
    embeds::add_link_keys(&mut links, E::Creator, creators.slugs());
    embeds::add_link_keys(&mut links, E::Campaign, campaigns.slugs());
    embeds::add_link_keys(&mut links, E::Term, terms.slugs());
    // Shared with the body memo, hashed once for both memos.
    let links = std::sync::Arc::new(links);
    let links_hash = crate::cache::markdown::link_map_hash(&links);
    let input = build::Input {
        creators: creators.for_lang(code),
        campaigns: campaigns.for_lang(code),
        terms: terms.for_lang(code),
        pages: pages.for_lang(code),
        home: home.for_lang(code).into_iter().next(),
    };
    // The body memo keys on the link map, which differs per language:
    // only the default language (the one edited most) uses it. The
    // view memo keys on the language too and serves every one.
    let md_cache = caches.map(|c| c.md).filter(|_| i == 0);
    if let Some(cache) = md_cache {
        cache.set_shared_links(links.clone(), links_hash);
    }
    let view_memo = caches.map(|c| c.views);
    let fallback_mark = (i > 0).then(|| types::Fallback {
        lang: config.language.clone(),
        fallback: lang.fallback_mark(&config.language),
    });
    let cx = build::Context {
        urls,
        links: &links,
        team: opts.audience == Audience::Team,
        unsafe_html: config.unsafe_html,
        md_cache,
        memo: view_memo.map(|m| {
            let key = memo::context_key(
                lang,
                urls,
                links_hash,
                opts.audience == Audience::Team,
                config.unsafe_html,
                fallback_mark.as_ref(),
            );
            (m, key)
        }),
        lang,
        fallback_mark,
        today,
    };
    // Kept for the team's follow-up queue, which reads raw dates.
    let (team_creators, team_campaigns) = if opts.audience == Audience::Team {
        (input.creators.clone(), input.campaigns.clone())
    } else {
        (Vec::new(), Vec::new())
    };
    let mut site = build::build(
        input,
        config,
        base_url.to_string(),
        opts.audience,
        &cx,
        diags,
    );
    site.info.languages = all_langs.to_vec();
    site.embedded_in = embeds::backlinks(&site);
    site.taxonomies = taxonomy::build(&site, urls, lang);
    if opts.audience == Audience::Team {
        let inputs = followups::Inputs {
            creators: &team_creators,
            campaigns: &team_campaigns,
            config: config.follow_up,
            today,
        };
        site.follow_ups = Some(followups::follow_ups(&site, &inputs));
        site.pipeline = Some(followups::board(&site));
        site.costs = Some(costs::costs(&site));
        site.learnings = Some(learnings::learnings(&site));
    }
    crate::timing("resolve: one language", t0);
    site.info.counts.brands = site
        .taxonomies
        .iter()
        .find(|t| t.key == "brands")
        .map_or(0, |t| t.terms.len());
    site
}

/// The entries checked before views are built: originals and translations.
struct Checked<'a> {
    creators: (
        &'a [Entry<crate::model::CreatorFm>],
        &'a [Entry<crate::model::CreatorFm>],
    ),
    campaigns: (
        &'a [Entry<crate::model::CampaignFm>],
        &'a [Entry<crate::model::CampaignFm>],
    ),
    terms: (
        &'a [Entry<crate::model::TermFm>],
        &'a [Entry<crate::model::TermFm>],
    ),
    pages: &'a [Entry<crate::model::PageFm>],
    unparsed: &'a [String],
    languages: &'a HashSet<&'a str>,
}

/// Field checks of every entry (memoized by the dev server), page slugs
/// that a section takes, and cross-references.
fn check(e: Checked, views: Option<&memo::ViewMemo>, diags: &mut Diagnostics) {
    let Checked {
        creators: (creators, creators_t),
        campaigns: (campaigns, campaigns_t),
        terms: (terms, terms_t),
        pages,
        unparsed,
        languages,
    } = e;
    memo::checked(views, creators, validate::creator, diags);
    memo::checked(views, campaigns, validate::campaign, diags);
    memo::checked(views, terms, validate::term, diags);
    validate::taxonomy_names(creators, campaigns, diags);
    validate::ratio_like_percentages(creators, diags);
    // A translation's inherited values were checked with its original; its
    // own lines (which come first in the merged front matter) are checked here.
    let own = |e_path: &str,
               body_line: u32,
               check: &dyn Fn(&mut Diagnostics),
               diags: &mut Diagnostics| {
        let mut d = Diagnostics::new();
        check(&mut d);
        d.retain(|p| p.path != e_path || p.line + 1 < body_line);
        diags.extend(d);
    };
    for e in creators_t {
        own(&e.path, e.body_line, &|d| validate::creator(e, d), diags);
    }
    for e in campaigns_t {
        own(&e.path, e.body_line, &|d| validate::campaign(e, d), diags);
    }
    for e in terms_t {
        own(&e.path, e.body_line, &|d| validate::term(e, d), diags);
    }
    for e in pages {
        if RESERVED.contains(&e.slug.as_str())
            || taxonomy::is_key(&e.slug)
            || languages.contains(e.slug.as_str())
        {
            diags.error(&e.path, Pos::new(1, 1), format!("the page slug `{}` is taken by a section of the site (/{}/); rename the file or set another `slug:`", e.slug, e.slug));
        }
    }
    check_references(creators, campaigns, terms, terms, unparsed, diags);
    let mut d = Diagnostics::new();
    check_references(creators, campaigns_t, terms, terms_t, unparsed, &mut d);
    let body_lines: HashMap<&str, u32> = campaigns_t
        .iter()
        .map(|e| (e.path.as_str(), e.body_line))
        .chain(terms_t.iter().map(|e| (e.path.as_str(), e.body_line)))
        .collect();
    d.retain(|p| {
        body_lines
            .get(p.path.as_str())
            .is_none_or(|&b| p.line + 1 < b)
    });
    diags.extend(d);
}

/// Gives every glossary term the names it has in the other languages: from
/// its translation files, then from its `translations:` map; so both versions
/// of a term carry each other's name.
fn cross_name_terms(sites: &mut [Site]) {
    let mut names: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for site in sites.iter() {
        for t in site.terms.iter().filter(|t| t.fallback.is_none()) {
            names
                .entry(t.slug.clone())
                .or_default()
                .push((site.info.lang.clone(), t.term.clone()));
        }
    }
    for site in sites.iter_mut() {
        let own = site.info.lang.clone();
        let lang = &site.lang;
        for t in &mut site.terms {
            let mut all: Vec<(String, String)> = names.get(&t.slug).cloned().unwrap_or_default();
            for tr in &t.translations {
                if !all.iter().any(|(l, _)| *l == tr.lang) {
                    all.push((tr.lang.clone(), tr.term.clone()));
                }
            }
            let here = if t.fallback.is_some() {
                site.info.language.as_str()
            } else {
                own.as_str()
            };
            all.retain(|(l, _)| l != here);
            all.sort();
            let names: Vec<types::Translation> = all
                .into_iter()
                .map(|(l, term)| types::Translation {
                    language: lang.language_name(&l),
                    lang: l,
                    term,
                })
                .collect();
            // Only touch a term whose names change: an untouched view stays
            // shared with the memo, and the dev server reuses its fingerprint.
            if names != t.translations {
                std::sync::Arc::make_mut(t).translations = names;
            }
        }
    }
}

fn with_vis<T>(
    entries: Vec<Entry<T>>,
    visible: impl Fn(&Entry<T>) -> bool,
) -> Vec<(Entry<T>, bool)> {
    entries
        .into_iter()
        .map(|e| {
            let v = visible(&e);
            (e, v)
        })
        .collect()
}

/// What is wrong with `raw` as a site's base URL, `None` when it is fine.
pub fn base_url_problem(raw: &str) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    let ok = (lower.starts_with("http://") || lower.starts_with("https://"))
        && raw.len() > 8
        && !raw.contains(char::is_whitespace)
        && !raw.contains(['"', '<', '>', '\'']);
    (!ok).then(|| {
        format!("base_url `{raw}` must be an absolute URL such as `https://creators.example.com/`")
    })
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
    if let Some(msg) = base_url_problem(&raw) {
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
