//! One page job: its template data, `page` metadata and output path.

use super::rows::{self, Item};
use super::{Cards, charts, directory, pagination};
use crate::plan::alternates::{Alt, Alternates};
use crate::plan::{Job, OutputFile, job_dir, job_path};
use crate::resolve::Site;
use crate::resolve::types::{CampaignCard, Link, Term};
use serde::Serialize;

/// Page metadata every template receives as `page`.
#[derive(Serialize)]
struct PageMeta<'a> {
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    canonical: String,
    breadcrumbs: Vec<Link>,
    /// The page in every language it exists in (empty when only one).
    alternates: Vec<Alt>,
    /// The default language's version, for `hreflang="x-default"`.
    x_default: Option<String>,
    /// `jsonld` and `image`: structured data and the social image.
    #[serde(flatten)]
    seo: crate::plan::Head,
}

/// Home page data computed once.
pub(super) struct HomeData<'a> {
    latest: Vec<&'a CampaignCard>,
    highlights: Vec<&'a Term>,
    stages: Vec<Count>,
    pipeline: Vec<Count>,
    /// The glossary term defining each KPI, by key: `kpi_terms` in templates.
    pub(super) kpi_terms: std::collections::BTreeMap<&'static str, Link>,
}

impl<'a> HomeData<'a> {
    pub(super) fn new(site: &'a Site) -> Self {
        use crate::model::{CreatorStatus, Stage};
        let latest = site.campaigns.iter().take(6).map(|c| &c.card).collect();
        // Terms with a FAQ first: they answer the questions prospects ask.
        let mut highlights: Vec<&Term> = site
            .terms
            .iter()
            .map(|t| &**t)
            .filter(|t| !t.faq.is_empty())
            .collect();
        highlights.extend(site.terms.iter().map(|t| &**t).filter(|t| t.faq.is_empty()));
        highlights.truncate(6);
        let stages = Stage::ALL
            .iter()
            .map(|s| Count {
                value: s.as_str(),
                label: crate::resolve::labels::stage_label(&site.lang, *s),
                count: site
                    .campaigns
                    .iter()
                    .filter(|c| c.card.stage.as_ref().is_some_and(|x| x.value == s.as_str()))
                    .count(),
            })
            .filter(|c| c.count > 0)
            .collect();
        let pipeline = if site.info.team {
            CreatorStatus::ALL
                .iter()
                .map(|s| Count {
                    value: s.as_str(),
                    label: crate::resolve::labels::status_label(&site.lang, *s),
                    count: site
                        .creators
                        .iter()
                        .filter(|c| c.status_raw == Some(*s))
                        .count(),
                })
                .collect()
        } else {
            Vec::new()
        };
        HomeData {
            latest,
            highlights,
            stages,
            pipeline,
            kpi_terms: crate::resolve::kpi::glossary_terms(&site.terms, &site.lang),
        }
    }
}

/// What every page of one language's render shares.
pub(super) struct Shared<'a> {
    /// The theme.
    pub theme: &'a super::theme::Theme,
    /// Its templates with the language's globals ([`super::language_tera`]).
    pub tera: tera::Tera,
    /// The home page's extra data.
    pub home: HomeData<'a>,
    /// Listing cards as template values.
    pub cards: Cards,
    /// The versions of each page across languages.
    pub alternates: &'a Alternates,
    /// Makes a page's structured data (`seo::head`).
    pub head: &'a crate::plan::HeadFn,
    /// The listings' filters, counted once over the whole roster.
    pub listings: super::pagination::Shared,
    /// Entries by slug, made the first time a page embeds one.
    pub embeds: std::sync::OnceLock<super::embeds::Index>,
}

/// What a page says about itself: `page.title`, `page.description` and
/// the breadcrumbs (the last one is the page, with no path).
struct Described {
    title: String,
    description: String,
    breadcrumbs: Vec<Link>,
}

/// Breadcrumbs from the home page down to `trail`, then `here`.
fn crumbs(site: &Site, trail: &[(&str, &str)], here: &str) -> Vec<Link> {
    let home = Link::nav(site.lang.t("section.home"), site.info.nav.home.clone());
    let mut out = vec![home];
    out.extend(trail.iter().map(|&(name, path)| Link::nav(name, path)));
    out.push(Link::nav(here, ""));
    out
}

/// `text` unless it is empty, else `or()`.
fn or_else(text: &str, or: impl FnOnce() -> String) -> String {
    if text.is_empty() {
        or()
    } else {
        text.to_string()
    }
}

/// Puts the data of `job`'s own template into `cx` and describes the page.
fn content(site: &Site, shared: &Shared, job: Job, cx: &mut tera::Context) -> Described {
    let l = &site.lang;
    let nav = &site.info.nav;
    // Page 2 of a listing shows what page 1 does, with the next slice.
    let (job, n) = pagination::first_page(job);
    let count = |key: &str, n: usize| l.fmt(key, &[("n", &l.locale.int(n as u64))]);
    let described = |title: String, description: String, breadcrumbs| Described {
        title,
        description,
        breadcrumbs,
    };
    match job {
        Job::Home => home(site, &shared.home, cx),
        Job::Creators => {
            let all = &shared.cards.creators;
            let page = pagination::slice(all, pagination::range(site, n, all.len()));
            cx.insert_value("creators", tera::Value::from(page.to_vec()));
            let title = l.t("section.creators");
            let trail = crumbs(site, &[], title);
            described(
                title.into(),
                count("describe.creators", site.creators.len()),
                trail,
            )
        }
        Job::Creator(i) => {
            let c = &site.creators[i];
            cx.insert("creator", c);
            // Team builds only: this creator's costs per currency.
            if let Some(costs) = site.costs.as_ref().and_then(|k| k.creators.get(i)) {
                cx.insert("creator_costs", costs);
            }
            let backlinks = site.embedded_in(crate::embeds::Kind::Creator, &c.card.slug);
            cx.insert("embedded_in", backlinks);
            let desc = or_else(&c.card.summary, || {
                l.fmt("describe.creator", &[("name", &c.card.name)])
            });
            let trail = crumbs(
                site,
                &[(l.t("section.creators"), &nav.creators)],
                &c.card.name,
            );
            described(c.card.name.clone(), desc, trail)
        }
        Job::Campaigns => {
            let all = &shared.cards.campaigns;
            let page = pagination::slice(all, pagination::range(site, n, all.len()));
            cx.insert_value("campaigns", tera::Value::from(page.to_vec()));
            let title = l.t("section.campaigns");
            let trail = crumbs(site, &[], title);
            described(
                title.into(),
                count("describe.campaigns", site.campaigns.len()),
                trail,
            )
        }
        Job::Campaign(i) => {
            let c = &site.campaigns[i];
            cx.insert("campaign", c);
            // Team builds only: fees and what they bought.
            if let Some(costs) = site.costs.as_ref().and_then(|k| k.campaigns.get(i)) {
                cx.insert("campaign_costs", costs);
            }
            let backlinks = site.embedded_in(crate::embeds::Kind::Campaign, &c.card.slug);
            cx.insert("embedded_in", backlinks);
            let desc = or_else(&c.card.summary, || {
                let args = [
                    ("title", c.card.title.as_str()),
                    ("brand", &c.card.brand.name),
                ];
                l.fmt("describe.campaign", &args)
            });
            let trail = crumbs(
                site,
                &[(l.t("section.campaigns"), &nav.campaigns)],
                &c.card.title,
            );
            described(c.card.title.clone(), desc, trail)
        }
        Job::Glossary => {
            let r = pagination::range(site, n, site.terms.len());
            cx.insert("letters", &letters(pagination::slice(&site.terms, r)));
            cx.insert("initials", &pagination::initials(site, n));
            let title = l.t("section.glossary");
            let trail = crumbs(site, &[], title);
            described(
                title.into(),
                count("describe.glossary", site.terms.len()),
                trail,
            )
        }
        Job::Term(i) => {
            let t = &site.terms[i];
            cx.insert("term", t);
            cx.insert(
                "embedded_in",
                site.embedded_in(crate::embeds::Kind::Term, &t.slug),
            );
            let trail = crumbs(site, &[(l.t("section.glossary"), &nav.glossary)], &t.term);
            described(t.term.clone(), t.definition.clone(), trail)
        }
        Job::Page(i) => {
            let p = &site.pages[i];
            cx.insert("entry", p);
            let trail = crumbs(site, &[], &p.title);
            described(p.title.clone(), p.description.clone(), trail)
        }
        Job::Taxonomy(t) => {
            let tax = &site.taxonomies[t];
            cx.insert("taxonomy", tax);
            let desc = l.fmt("describe.taxonomy", &[("title", &tax.title)]);
            described(tax.title.to_string(), desc, crumbs(site, &[], &tax.title))
        }
        Job::TaxonomyTerm(t, i) => taxonomy_term(site, &shared.cards, (t, i, n), cx),
        Job::FollowUps => {
            cx.insert("follow_ups", &site.follow_ups);
            let title = l.t("section.follow_ups");
            let n = site.follow_ups.as_ref().map_or(0, |f| f.total);
            let trail = crumbs(site, &[], title);
            described(title.into(), count("describe.follow_ups", n), trail)
        }
        Job::Pipeline => {
            cx.insert("board", &site.pipeline);
            let title = l.t("section.pipeline");
            let trail = crumbs(site, &[], title);
            let n = site.campaigns.len();
            described(title.into(), count("describe.pipeline", n), trail)
        }
        Job::Costs => {
            cx.insert("costs", &site.costs);
            let title = l.t("section.costs");
            let trail = crumbs(site, &[], title);
            let n = site.costs.as_ref().map_or(0, |k| k.paid);
            described(title.into(), count("describe.costs", n), trail)
        }
        Job::Learnings => {
            cx.insert("learnings", &site.learnings);
            let title = l.t("section.learnings");
            let trail = crumbs(site, &[], title);
            let n = site.learnings.as_ref().map_or(0, |k| k.total);
            described(title.into(), count("describe.learnings", n), trail)
        }
        Job::NotFound | Job::ListingPage(..) => {
            let trail = crumbs(site, &[], l.t("section.not_found"));
            let (title, desc) = (l.t("describe.not_found_title"), l.t("describe.not_found"));
            described(title.into(), desc.into(), trail)
        }
    }
}

/// The home page's data and description.
fn home(site: &Site, home: &HomeData, cx: &mut tera::Context) -> Described {
    cx.insert("intro", &site.home);
    cx.insert("roster", &site.roster);
    cx.insert("latest_campaigns", &home.latest);
    cx.insert("highlights", &home.highlights);
    cx.insert("stages", &home.stages);
    cx.insert("pipeline", &home.pipeline);
    Described {
        title: or_else(&site.home.title, || site.info.title.clone()),
        description: or_else(&site.home.description, || site.info.description.clone()),
        breadcrumbs: vec![Link::nav(site.lang.t("section.home"), "")],
    }
}

/// The glossary's terms grouped by initial, in the site's order.
fn letters(terms: &[std::sync::Arc<Term>]) -> Vec<Letter<'_>> {
    let mut letters: Vec<Letter> = Vec::new();
    for t in terms {
        match letters.last_mut() {
            Some(l) if l.letter == t.letter => l.terms.push(t),
            _ => letters.push(Letter {
                letter: &t.letter,
                terms: vec![t],
            }),
        }
    }
    letters
}

/// One value of a taxonomy: its creators' and campaigns' cards.
fn taxonomy_term(
    site: &Site,
    cards: &Cards,
    (t, i, n): (usize, usize, usize),
    cx: &mut tera::Context,
) -> Described {
    let l = &site.lang;
    let tax = &site.taxonomies[t];
    let term = &tax.terms[i];
    cx.insert("taxonomy", tax);
    cx.insert("term", term);
    // The whole lists' lengths, for the lede: the lists are one page's.
    cx.insert("creators_total", &term.creators.len());
    cx.insert("campaigns_total", &term.campaigns.len());
    let creators = pagination::slice(
        &term.creators,
        pagination::range(site, n, term.creators.len()),
    );
    let campaigns = pagination::slice(
        &term.campaigns,
        pagination::range(site, n, term.campaigns.len()),
    );
    cx.insert_value("creators", Cards::pick(&cards.creators, creators));
    cx.insert_value("campaigns", Cards::pick(&cards.campaigns, campaigns));
    let singular = tax.singular.to_lowercase();
    Described {
        title: l.fmt(
            "describe.taxonomy_term_title",
            &[("singular", &tax.singular), ("name", &term.name)],
        ),
        description: l.fmt(
            "describe.taxonomy_term",
            &[("singular", &singular), ("name", &term.name)],
        ),
        breadcrumbs: crumbs(site, &[(&tax.title, &tax.path)], &term.name),
    }
}

/// Renders one page: its own data ([`content`]), then what every page
/// gets (`page`, `root`, charts, creator-table rows) and its template.
pub(super) fn render_job(
    site: &Site,
    shared: &Shared,
    job: Job,
) -> Result<OutputFile, (String, tera::Error)> {
    let mut cx = tera::Context::new();
    cx.insert("kpi_terms", &shared.home.kpi_terms);
    let Described {
        title,
        description,
        breadcrumbs,
    } = content(site, shared, job, &mut cx);
    let title = pagination::title(site, job, title);
    pagination::insert(site, job, &mut cx);
    let (tera, alternates) = (&shared.tera, shared.alternates);
    let template = super::job_template(job);
    let kind = template.trim_end_matches(".html");
    let info = &site.info;
    let dir = job_dir(site, job);
    let out_path = job_path(site, job);
    // The 404 page is served at any depth, so it links from the site's absolute root path.
    let root = if matches!(job, Job::NotFound) {
        absolute_root_path(&info.base_url)
    } else {
        "../".repeat(dir.matches('/').count()).to_string()
    };
    let root = if root.is_empty() {
        "./".to_string()
    } else {
        root
    };
    let canonical = if matches!(job, Job::NotFound) {
        format!("{}{}", info.base_url, out_path)
    } else {
        format!("{}{dir}", info.base_url)
    };
    let (alternates, x_default) = if matches!(job, Job::NotFound) {
        (Vec::new(), None)
    } else {
        alternates.of(site, &dir)
    };
    let info = crate::plan::PageInfo {
        url: &canonical,
        title: &title,
        description: &description,
        breadcrumbs: &breadcrumbs,
    };
    let seo = (shared.head)(site, job, &info);
    let jsonld_len = seo.jsonld.len();
    let meta = PageMeta {
        kind,
        title: &title,
        description: &description,
        canonical,
        breadcrumbs,
        alternates,
        x_default,
        seo,
    };
    cx.insert("page", &meta);
    cx.insert("root", &root);
    // Issue 5: inline SVG charts and the directory filters' data.
    charts::insert(site, job, &mut cx);
    let rows_len = table_rows(site, shared, job, &root, &mut cx)
        .map_err(|e| (rows::TEMPLATE.to_string(), e))?;
    // Sized for a typical page so the buffer rarely grows (and copies).
    // Pages with a big table are mostly that table and the JSON-LD list
    // of its items: growing the buffer past them would copy megabytes.
    let mut bytes = Vec::with_capacity(32 * 1024 + rows_len + jsonld_len);
    if let Err(e) = tera.render_to(template, &cx, &mut bytes) {
        return Err((template.to_string(), e));
    }
    let bytes = super::embeds::fill(site, shared, job, &root, bytes)?;
    Ok(OutputFile {
        path: out_path,
        bytes,
    })
}

/// Puts the filter data (`directory`) and the ready rows of a page's
/// creator table (`creator_rows`) into `cx`; the rows' length in bytes.
fn table_rows(
    site: &Site,
    shared: &Shared,
    job: Job,
    root: &str,
    cx: &mut tera::Context,
) -> Result<usize, tera::Error> {
    let (theme, tera, cards) = (shared.theme, &shared.tera, &shared.cards);
    let place = (site.info.prefix.as_str(), root);
    let globals = cards.globals;
    let (job, n) = pagination::first_page(job);
    let rows = match job {
        Job::Creators => {
            let all = shared.listings.creators(site, theme);
            let r = pagination::range(site, n, site.creators.len());
            let views = pagination::slice(&site.creators, r.clone());
            let page_cards = pagination::slice(&cards.creators, r.clone());
            let made = pagination::slice(&all.made, r);
            let items = views
                .iter()
                .zip(page_cards)
                .zip(made)
                .map(|((view, card), row)| Item {
                    view,
                    card,
                    row: Some(&row.row),
                });
            let rows = theme.rows.render(tera, place, globals, items)?;
            let data = pagination::data_files(site, "creators", None);
            cx.insert_value("directory", directory::value(&all.facets, made, data));
            rows
        }
        Job::TaxonomyTerm(t, i) => {
            let Some(tax) = site.taxonomies.get(t) else {
                return Ok(0);
            };
            let Some(term) = tax.terms.get(i) else {
                return Ok(0);
            };
            if term.creators.is_empty() {
                return Ok(0);
            }
            // The directory's rows, filters and sorts, over the term's creators.
            let all = shared.listings.creators(site, theme);
            let r = pagination::range(site, n, term.creators.len());
            let page = pagination::slice(&term.creators, r);
            let made: Vec<_> = page
                .iter()
                .filter_map(|&k| all.made.get(k).cloned())
                .collect();
            let items = page.iter().zip(&made).filter_map(|(&k, row)| {
                Some(Item {
                    view: site.creators.get(k)?,
                    card: cards.creators.get(k)?,
                    row: Some(&row.row),
                })
            });
            let rows = theme.rows.render(tera, place, globals, items)?;
            let facets = shared.listings.term_facets(site, all, (t, i));
            let data = pagination::data_files(site, "creators", Some((tax.key, term)));
            cx.insert_value("directory", directory::value(&facets, &made, data));
            rows
        }
        Job::Campaigns => {
            let all = shared.listings.campaigns(site);
            let r = pagination::range(site, n, all.rows.len());
            let data = pagination::data_files(site, "campaigns", None);
            directory::insert_campaigns(all, r, data, cx);
            return Ok(0);
        }
        _ => return Ok(0),
    };
    let len = rows.len();
    cx.insert_value("creator_rows", tera::Value::from(rows));
    Ok(len)
}

/// `https://x.com/sub/` → `/sub/`.
fn absolute_root_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

#[derive(Serialize)]
struct Letter<'a> {
    letter: &'a str,
    terms: Vec<&'a Term>,
}

#[derive(Serialize)]
struct Count {
    value: &'static str,
    label: String,
    count: usize,
}
