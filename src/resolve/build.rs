//! Builds the display-ready views from visible, private-stripped entries.

use super::kpi::{self, Tally};
use super::memo::{self, Key};
use super::types::*;
use super::{Audience, Urls};
use crate::diag::Diagnostics;
use crate::fasthash::HashMap;
use crate::load::Entry;
use crate::markdown::{self, LinkMap, MdContext};
use crate::model::{CampaignFm, CreatorFm, PageFm, Participation, SiteConfig, TermFm};
use crate::text;

/// The entries that are part of this build, as its language sees them.
pub struct Input<'e> {
    pub creators: Vec<&'e Entry<CreatorFm>>,
    pub campaigns: Vec<&'e Entry<CampaignFm>>,
    pub terms: Vec<&'e Entry<TermFm>>,
    pub pages: Vec<&'e Entry<PageFm>>,
    pub home: Option<&'e Entry<PageFm>>,
}

/// Settings shared by every view builder.
pub struct Context<'a> {
    pub urls: Urls<'a>,
    pub links: &'a LinkMap,
    pub team: bool,
    pub unsafe_html: bool,
    /// Memo of rendered bodies (dev server), `None` in a plain build.
    pub md_cache: Option<&'a crate::cache::markdown::MdCache>,
    /// Memo of views (dev server) with the key of this context, `None` in
    /// a plain build.
    pub memo: Option<(&'a super::memo::ViewMemo, u128)>,
    /// The language of these pages.
    pub lang: &'a crate::i18n::Lang,
    /// The mark of entries shown in the default language (computed once;
    /// `None` in the default language itself).
    pub fallback_mark: Option<Fallback>,
    /// The reference date (`--today`); no view reads it, so it is not
    /// part of the memo's key.
    pub today: crate::model::Date,
}

impl Context<'_> {
    /// The dev server's memo of views, `None` in a plain build.
    pub(super) fn view_memo(&self) -> Option<&super::memo::ViewMemo> {
        self.memo.map(|(m, _)| m)
    }

    /// A memo key started with this context's own key.
    pub(super) fn memo_key(&self) -> Key {
        Key::new(self.memo.map_or(0, |(_, k)| k))
    }

    /// `root` (`../../`) for a body of this language's pages, which sit one
    /// folder deeper under a language folder.
    pub(super) fn md_root(&self, root: &str) -> String {
        format!(
            "{}{root}",
            "../".repeat(self.urls.prefix.matches('/').count())
        )
    }

    /// Whether `e` is shown here in its original language because it has
    /// no translation into this site's (never in the default language).
    pub(super) fn is_fallback<T>(&self, e: &Entry<T>) -> bool {
        !self.urls.prefix.is_empty() && e.lang.is_none()
    }

    /// The mark of an entry listed here in its original language.
    pub(super) fn fallback<T>(&self, e: &Entry<T>) -> Option<Fallback> {
        if self.is_fallback(e) {
            self.fallback_mark.clone()
        } else {
            None
        }
    }

    /// Where `e`'s page is: in this language's folder, or the original's.
    pub(super) fn entry_urls<T>(&self, e: &Entry<T>) -> Urls<'_> {
        if self.is_fallback(e) {
            self.urls.original()
        } else {
            self.urls
        }
    }

    /// [`Context::md`] for an entry: fallbacks get no body (no page shows it).
    pub(super) fn body<T>(
        &self,
        e: &Entry<T>,
        root: &str,
        faq: bool,
        d: &mut Diagnostics,
    ) -> markdown::Rendered {
        if self.is_fallback(e) {
            return markdown::Rendered::default();
        }
        self.md(&e.path, &e.body, e.body_line, root, faq, d)
    }

    pub(super) fn md(
        &self,
        e_path: &str,
        body: &str,
        body_line: u32,
        root: &str,
        faq: bool,
        d: &mut Diagnostics,
    ) -> markdown::Rendered {
        let root = self.md_root(root);
        let cx = MdContext {
            file: e_path,
            body_line,
            root: &root,
            links: self.links,
            unsafe_html: self.unsafe_html,
            team: self.team,
        };
        match self.md_cache {
            Some(cache) => cache.render(body, &cx, faq, d),
            None => markdown::render(body, &cx, faq, d),
        }
    }
}

/// The entries of one build in display order, with the links between them.
struct Ordered<'e> {
    /// By folded name, then slug.
    creators: Vec<&'e Entry<CreatorFm>>,
    /// Newest first, then by slug.
    campaigns: Vec<&'e Entry<CampaignFm>>,
    /// By folded term, then slug.
    terms: Vec<&'e Entry<TermFm>>,
    /// By slug.
    pages: Vec<&'e Entry<PageFm>>,
    /// Creator slug → index in `creators`.
    creator_idx: HashMap<&'e str, usize>,
    /// Backlinks: for each creator, (campaign index, participation).
    per_creator: Vec<Vec<(usize, &'e Participation)>>,
}

impl<'e> Ordered<'e> {
    fn new(input: &Input<'e>) -> Self {
        let mut campaigns = input.campaigns.clone();
        campaigns.sort_by(|a, b| {
            recap_date(&b.fm)
                .cmp(&recap_date(&a.fm))
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let mut creators = input.creators.clone();
        // Slugs are unique, so (folded name, slug) is a total order.
        creators.sort_by_cached_key(|e| (text::fold(&e.fm.name), e.slug.clone()));
        let mut terms = input.terms.clone();
        terms.sort_by_cached_key(|e| (text::fold(&e.fm.term), e.slug.clone()));
        let mut pages = input.pages.clone();
        pages.sort_by(|a, b| a.slug.cmp(&b.slug));
        let creator_idx: HashMap<&str, usize> = creators
            .iter()
            .enumerate()
            .map(|(i, e)| (e.slug.as_str(), i))
            .collect();
        let mut per_creator: Vec<Vec<(usize, &Participation)>> = vec![Vec::new(); creators.len()];
        for (ci, c) in campaigns.iter().enumerate() {
            for p in &c.fm.creators {
                if let Some(&i) = creator_idx.get(p.creator.value.as_str()) {
                    per_creator[i].push((ci, p));
                }
            }
        }
        Ordered {
            creators,
            campaigns,
            terms,
            pages,
            creator_idx,
            per_creator,
        }
    }
}

/// Builds one language's site from its visible, private-stripped entries.
/// With the dev server's memo (`cx.memo`), a view whose inputs hash the
/// same as in an earlier build is reused.
pub fn build(
    input: Input,
    config: &SiteConfig,
    base_url: String,
    audience: Audience,
    cx: &Context,
    diags: &mut Diagnostics,
) -> Site {
    let o = Ordered::new(&input);
    let (memo, key) = (cx.view_memo(), || cx.memo_key());
    let (campaign_cards, cards) = cards(&o, cx, diags);
    let roster = roster(&o, &cards, cx.lang);
    let Ordered {
        creators,
        campaigns,
        terms,
        pages,
        creator_idx,
        per_creator,
        ..
    } = &o;

    // Memo keys name every entry a view reads besides its own (see
    // `memo`): a profile reads its campaigns, a recap its creators' cards.
    let built_creators = memo::views(
        memo,
        creators.len(),
        |i| {
            let mut k = key().entry(creators[i]);
            for (ci, _) in &per_creator[i] {
                k = k
                    .entry(campaigns[*ci])
                    .num(campaign_cards[*ci].creator_count as u64);
            }
            k.finish()
        },
        |i, d| {
            super::creator_view::creator(
                creators[i],
                &cards[i],
                &per_creator[i],
                campaigns,
                &campaign_cards,
                cx,
                d,
            )
        },
        diags,
    );
    let built_campaigns = memo::views(
        memo,
        campaigns.len(),
        |i| {
            let mut k = key().entry(campaigns[i]);
            for p in &campaigns[i].fm.creators {
                k = match creator_idx.get(p.creator.value.as_str()) {
                    Some(&j) => k.entry(creators[j]),
                    None => k.num(u64::MAX),
                };
            }
            k.finish()
        },
        |i, d| {
            super::campaign_view::campaign(
                campaigns[i],
                &campaign_cards[i],
                creator_idx,
                &cards,
                cx,
                d,
            )
        },
        diags,
    );
    let (built_terms, built_pages) = text_views(terms, pages, cx, diags);
    let home = match &input.home {
        Some(h) => super::text_view::page(h, cx.urls.dir(""), "./", cx, diags),
        None => Page {
            slug: String::new(),
            path: cx.urls.dir(""),
            title: config.title.clone(),
            description: config.description.clone().unwrap_or_default(),
            date: None,
            updated: None,
            body_html: String::new(),
            extra: Default::default(),
            source: String::new(),
            fallback: false,
        },
    };
    let counts = Counts {
        creators: built_creators.len(),
        campaigns: built_campaigns.len(),
        terms: built_terms.len(),
        brands: 0,
    };
    Site {
        info: site_info(config, base_url, audience, cx, counts),
        home,
        creators: built_creators,
        campaigns: built_campaigns,
        terms: built_terms,
        pages: built_pages,
        roster,
        taxonomies: Vec::new(),
        translations: Vec::new(),
        follow_ups: None,
        pipeline: None,
        costs: None,
        learnings: None,
        lang: cx.lang.clone(),
        today: cx.today,
        embedded_in: Default::default(),
    }
}

/// Campaign and creator cards (what listings and other pages show of an
/// entry), with the counts they show.
fn cards(
    o: &Ordered,
    cx: &Context,
    diags: &mut Diagnostics,
) -> (
    Vec<std::sync::Arc<CampaignCard>>,
    Vec<std::sync::Arc<CreatorCard>>,
) {
    let (memo, key) = (cx.view_memo(), || cx.memo_key());
    let (creators, campaigns) = (&o.creators, &o.campaigns);
    let creator_count: Vec<usize> = campaigns
        .iter()
        .map(|c| {
            c.fm.creators
                .iter()
                .filter(|p| o.creator_idx.contains_key(p.creator.value.as_str()))
                .count()
        })
        .collect();
    let campaign_cards = memo::views(
        memo,
        campaigns.len(),
        |i| {
            key()
                .entry(campaigns[i])
                .num(creator_count[i] as u64)
                .finish()
        },
        |i, _| super::campaign_view::campaign_card(campaigns[i], cx, creator_count[i]),
        diags,
    );
    let campaign_count: Vec<usize> = o
        .per_creator
        .iter()
        .map(|parts| parts.iter().filter(|(_, p)| kpi::collaborated(p)).count())
        .collect();
    let cards = memo::views(
        memo,
        creators.len(),
        |i| {
            key()
                .entry(creators[i])
                .num(campaign_count[i] as u64)
                .finish()
        },
        |i, _| super::creator_view::creator_card(creators[i], cx, campaign_count[i]),
        diags,
    );
    (campaign_cards, cards)
}

/// Roster figures over every visible participation.
fn roster(o: &Ordered, cards: &[std::sync::Arc<CreatorCard>], lang: &crate::i18n::Lang) -> Kpis {
    let mut tally = Tally::default();
    let (mut with_one, mut with_two) = (0u32, 0u32);
    for (i, list) in o.per_creator.iter().enumerate() {
        for (_, p) in list {
            tally.add(p);
        }
        match cards[i].campaign_count {
            0 => {}
            1 => with_one += 1,
            _ => {
                with_one += 1;
                with_two += 1;
            }
        }
    }
    let mut roster = tally.kpis(o.campaigns.len(), lang);
    roster.repeat_rate = Some(kpi::rate(with_two, with_one, &lang.locale));
    roster
}

/// Glossary terms (a term reads the names of its related terms) and free
/// pages.
fn text_views(
    terms: &[&Entry<TermFm>],
    pages: &[&Entry<PageFm>],
    cx: &Context,
    diags: &mut Diagnostics,
) -> (Vec<std::sync::Arc<Term>>, Vec<std::sync::Arc<Page>>) {
    let (memo, key) = (cx.view_memo(), || cx.memo_key());
    let term_names: HashMap<&str, Link> = terms
        .iter()
        .map(|t| {
            (
                t.slug.as_str(),
                Link {
                    name: t.fm.term.clone(),
                    path: cx.entry_urls(t).dir(&format!("glossary/{}/", t.slug)),
                    slug: t.slug.clone(),
                    fallback: cx.fallback(t),
                },
            )
        })
        .collect();
    let term_idx: HashMap<&str, usize> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.as_str(), i))
        .collect();
    let built_terms = memo::views(
        memo,
        terms.len(),
        |i| {
            let mut k = key().entry(terms[i]);
            for r in &terms[i].fm.related {
                k = match term_idx.get(r.value.as_str()) {
                    Some(&j) => k.entry(terms[j]),
                    None => k.num(u64::MAX),
                };
            }
            k.finish()
        },
        |i, d| super::text_view::term(terms[i], &term_names, cx, d),
        diags,
    );
    let built_pages = memo::views(
        memo,
        pages.len(),
        |i| key().entry(pages[i]).finish(),
        |i, d| {
            let e = &pages[i];
            let path = cx.entry_urls(e).dir(&format!("{}/", e.slug));
            super::text_view::page(e, path, "../", cx, d)
        },
        diags,
    );
    (built_terms, built_pages)
}

/// What every page of the language knows of the site.
fn site_info(
    config: &SiteConfig,
    base_url: String,
    audience: Audience,
    cx: &Context,
    counts: Counts,
) -> SiteInfo {
    let urls = cx.urls;
    SiteInfo {
        title: config.title.clone(),
        description: config.description.clone().unwrap_or_default(),
        base_url,
        language: config.language.clone(),
        lang: cx.lang.code.clone(),
        prefix: urls.prefix.to_string(),
        languages: Vec::new(),
        organization: config.organization.clone(),
        team: audience == Audience::Team,
        offline: urls.offline,
        audience: audience.as_str(),
        extra: config.extra.clone(),
        counts,
        paginate: config.paginate.max(1),
        nav: Nav {
            home: urls.dir(""),
            creators: urls.dir("creators/"),
            campaigns: urls.dir("campaigns/"),
            glossary: urls.dir("glossary/"),
            search: urls.dir("search/"),
            css: "style.css".to_string(),
            follow_ups: (audience == Audience::Team).then(|| urls.dir("follow-ups/")),
            pipeline: (audience == Audience::Team).then(|| urls.dir("pipeline/")),
            costs: (audience == Audience::Team).then(|| urls.dir("costs/")),
            learnings: (audience == Audience::Team).then(|| urls.dir("learnings/")),
        },
    }
}

pub(super) fn recap_date(c: &CampaignFm) -> Option<crate::model::Date> {
    c.date.or(c.end.as_ref().map(|e| e.value)).or(c.start)
}

pub(super) fn opt_date(d: Option<crate::model::Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// An image reference as an href: URLs stay, `/x.jpg` becomes root-relative.
pub(super) fn image_href(img: &Option<serde_saphyr::Spanned<String>>) -> Option<String> {
    let v = img.as_ref()?.value.trim();
    if !super::validate::safe_url(v) {
        return None;
    }
    Some(v.strip_prefix('/').unwrap_or(v).to_string())
}

/// The resized copies of a local `image:` (see [`crate::images`]).
pub(super) fn image_set<T>(
    e: &crate::load::Entry<T>,
    img: &Option<serde_saphyr::Spanned<String>>,
) -> Option<crate::images::variants::ImageSet> {
    let img = img.as_ref()?;
    if !super::validate::safe_url(&img.value) {
        return None;
    }
    let origin = crate::images::variants::Origin {
        path: e.path.clone(),
        pos: crate::refs::spanned_pos(img),
    };
    crate::images::variants::ImageSet::for_value(&img.value, origin)
}

pub(super) fn safe(url: &str) -> Option<String> {
    super::validate::safe_url(url).then(|| url.to_string())
}

pub(super) fn taxonomy_link(tax: &str, name: &str, urls: Urls) -> Link {
    let slug = text::name_slug(name);
    Link {
        name: name.to_string(),
        path: urls.dir(&format!("{tax}/{slug}/")),
        slug,
        fallback: None,
    }
}

pub(super) fn country_link(code: &str, cx: &Context) -> Link {
    let slug = code.to_ascii_lowercase();
    Link {
        name: cx.lang.country(code).unwrap_or_else(|| code.to_string()),
        path: cx.urls.dir(&format!("countries/{slug}/")),
        slug,
        fallback: None,
    }
}
