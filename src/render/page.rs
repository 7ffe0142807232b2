//! One page job: its template data, `page` metadata and output path.

use super::alternates::{Alt, Alternates};
use super::rows::{self, Item};
use super::{Cards, Job, OutputFile, charts, directory, job_dir, job_path};
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
    seo: crate::seo::Head,
}

/// Home page data computed once.
pub(super) struct HomeData<'a> {
    latest: Vec<&'a CampaignCard>,
    highlights: Vec<&'a Term>,
    stages: Vec<Count>,
    pipeline: Vec<Count>,
    /// The glossary term defining each KPI, by key: `kpi_terms` in templates.
    kpi_terms: std::collections::BTreeMap<&'static str, Link>,
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

pub(super) fn render_job(
    site: &Site,
    theme: &super::theme::Theme,
    tera: &tera::Tera,
    home: &HomeData,
    cards: &Cards,
    alternates: &Alternates,
    job: Job,
) -> Result<OutputFile, (String, tera::Error)> {
    let mut cx = tera::Context::new();
    cx.insert("kpi_terms", &home.kpi_terms);
    let l = &site.lang;
    let crumbs_home = Link::nav(l.t("section.home"), site.info.nav.home.clone());
    let crumb = |name: &str, path: &str| Link::nav(name, path);
    let here = |name: &str| Link::nav(name, "");
    let info = &site.info;
    let (template, kind, title, description, breadcrumbs): (&str, &str, String, String, Vec<Link>) =
        match job {
            Job::Home => {
                cx.insert("intro", &site.home);
                cx.insert("roster", &site.roster);
                cx.insert("latest_campaigns", &home.latest);
                cx.insert("highlights", &home.highlights);
                cx.insert("stages", &home.stages);
                cx.insert("pipeline", &home.pipeline);
                let title = if site.home.title.is_empty() {
                    info.title.clone()
                } else {
                    site.home.title.clone()
                };
                let desc = if site.home.description.is_empty() {
                    info.description.clone()
                } else {
                    site.home.description.clone()
                };
                (
                    "home.html",
                    "home",
                    title,
                    desc,
                    vec![here(l.t("section.home"))],
                )
            }
            Job::Creators => {
                cx.insert_value("creators", tera::Value::from(cards.creators.clone()));
                (
                    "creators.html",
                    "creators",
                    l.t("section.creators").into(),
                    l.fmt(
                        "describe.creators",
                        &[("n", &l.locale.int(site.creators.len() as u64))],
                    ),
                    vec![crumbs_home, here(l.t("section.creators"))],
                )
            }
            Job::Creator(i) => {
                let c = &site.creators[i];
                cx.insert("creator", c);
                let desc = if c.card.summary.is_empty() {
                    l.fmt("describe.creator", &[("name", &c.card.name)])
                } else {
                    c.card.summary.clone()
                };
                (
                    "creator.html",
                    "creator",
                    c.card.name.clone(),
                    desc,
                    vec![
                        crumbs_home,
                        crumb(l.t("section.creators"), &info.nav.creators),
                        here(&c.card.name),
                    ],
                )
            }
            Job::Campaigns => {
                cx.insert_value("campaigns", tera::Value::from(cards.campaigns.clone()));
                (
                    "campaigns.html",
                    "campaigns",
                    l.t("section.campaigns").into(),
                    l.fmt(
                        "describe.campaigns",
                        &[("n", &l.locale.int(site.campaigns.len() as u64))],
                    ),
                    vec![crumbs_home, here(l.t("section.campaigns"))],
                )
            }
            Job::Campaign(i) => {
                let c = &site.campaigns[i];
                cx.insert("campaign", c);
                let desc = if c.card.summary.is_empty() {
                    l.fmt(
                        "describe.campaign",
                        &[("title", &c.card.title), ("brand", &c.card.brand.name)],
                    )
                } else {
                    c.card.summary.clone()
                };
                (
                    "campaign.html",
                    "campaign",
                    c.card.title.clone(),
                    desc,
                    vec![
                        crumbs_home,
                        crumb(l.t("section.campaigns"), &info.nav.campaigns),
                        here(&c.card.title),
                    ],
                )
            }
            Job::Glossary => {
                let mut letters: Vec<Letter> = Vec::new();
                for t in &site.terms {
                    match letters.last_mut() {
                        Some(l) if l.letter == t.letter => l.terms.push(t),
                        _ => letters.push(Letter {
                            letter: &t.letter,
                            terms: vec![t],
                        }),
                    }
                }
                cx.insert("letters", &letters);
                (
                    "glossary.html",
                    "glossary",
                    l.t("section.glossary").into(),
                    l.fmt(
                        "describe.glossary",
                        &[("n", &l.locale.int(site.terms.len() as u64))],
                    ),
                    vec![crumbs_home, here(l.t("section.glossary"))],
                )
            }
            Job::Term(i) => {
                let t = &site.terms[i];
                cx.insert("term", t);
                (
                    "term.html",
                    "term",
                    t.term.clone(),
                    t.definition.clone(),
                    vec![
                        crumbs_home,
                        crumb(l.t("section.glossary"), &info.nav.glossary),
                        here(&t.term),
                    ],
                )
            }
            Job::Page(i) => {
                let p = &site.pages[i];
                cx.insert("entry", p);
                (
                    "page.html",
                    "page",
                    p.title.clone(),
                    p.description.clone(),
                    vec![crumbs_home, here(&p.title)],
                )
            }
            Job::Taxonomy(t) => {
                let tax = &site.taxonomies[t];
                cx.insert("taxonomy", tax);
                (
                    "taxonomy.html",
                    "taxonomy",
                    tax.title.to_string(),
                    l.fmt("describe.taxonomy", &[("title", &tax.title)]),
                    vec![crumbs_home, here(&tax.title)],
                )
            }
            Job::TaxonomyTerm(t, i) => {
                let tax = &site.taxonomies[t];
                let term = &tax.terms[i];
                cx.insert("taxonomy", tax);
                cx.insert("term", term);
                cx.insert_value("creators", Cards::pick(&cards.creators, &term.creators));
                cx.insert_value("campaigns", Cards::pick(&cards.campaigns, &term.campaigns));
                (
                    "taxonomy_term.html",
                    "taxonomy_term",
                    l.fmt(
                        "describe.taxonomy_term_title",
                        &[("singular", &tax.singular), ("name", &term.name)],
                    ),
                    l.fmt(
                        "describe.taxonomy_term",
                        &[
                            ("singular", &tax.singular.to_lowercase()),
                            ("name", &term.name),
                        ],
                    ),
                    vec![crumbs_home, crumb(&tax.title, &tax.path), here(&term.name)],
                )
            }
            Job::NotFound => (
                "404.html",
                "404",
                l.t("describe.not_found_title").into(),
                l.t("describe.not_found").into(),
                vec![crumbs_home, here(l.t("section.not_found"))],
            ),
        };
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
    let seo = crate::seo::head(site, job, &canonical, &title, &description, &breadcrumbs);
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
    let rows_len = table_rows(site, theme, tera, cards, job, &root, &mut cx)
        .map_err(|e| (rows::TEMPLATE.to_string(), e))?;
    // Sized for a typical page so the buffer rarely grows (and copies).
    // Pages with a big table are mostly that table and the JSON-LD list
    // of its items: growing the buffer past them would copy megabytes.
    let mut bytes = Vec::with_capacity(32 * 1024 + rows_len + jsonld_len);
    match tera.render_to(template, &cx, &mut bytes) {
        Ok(()) => Ok(OutputFile {
            path: out_path,
            bytes,
        }),
        Err(e) => Err((template.to_string(), e)),
    }
}

/// Puts the filter data (`directory`) and the ready rows of a page's
/// creator table (`creator_rows`) into `cx`; the rows' length in bytes.
fn table_rows(
    site: &Site,
    theme: &super::theme::Theme,
    tera: &tera::Tera,
    cards: &Cards,
    job: Job,
    root: &str,
    cx: &mut tera::Context,
) -> Result<usize, tera::Error> {
    let place = (site.info.prefix.as_str(), root);
    let globals = cards.globals;
    let rows = match job {
        Job::Creators => {
            let made = theme.rows.directory_rows(site);
            let d = directory::creators_from(site, &made);
            let items = site.creators.iter().zip(&cards.creators).zip(&d.rows).map(
                |((view, card), row)| Item {
                    view,
                    card,
                    row: Some(row),
                },
            );
            let rows = theme.rows.render(tera, place, globals, items)?;
            cx.insert_value("directory", directory::value(&d, &made));
            rows
        }
        Job::TaxonomyTerm(t, i) => {
            let Some(term) = site.taxonomies.get(t).and_then(|tax| tax.terms.get(i)) else {
                return Ok(0);
            };
            let items = term.creators.iter().filter_map(|&k| {
                Some(Item {
                    view: site.creators.get(k)?,
                    card: cards.creators.get(k)?,
                    row: None,
                })
            });
            theme.rows.render(tera, place, globals, items)?
        }
        _ => {
            directory::insert(site, job, cx);
            return Ok(0);
        }
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
