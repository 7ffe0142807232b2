//! Embeds in a rendered page: each marker a body left (see
//! [`crate::embeds`]) becomes the theme's `embeds/<kind>.html`, rendered
//! with the view of the entry it names.

use super::page::Shared;
use crate::embeds::{Embed, Kind, Piece};
use crate::fasthash::HashMap;
use crate::plan::Job;
use crate::resolve::Site;

/// A language's entries by slug: index into `site.creators`, `campaigns`
/// and `terms`.
#[derive(Default)]
pub(crate) struct Index {
    creators: HashMap<String, usize>,
    campaigns: HashMap<String, usize>,
    terms: HashMap<String, usize>,
}

impl Index {
    fn of(site: &Site) -> Index {
        let index = |slugs: &mut dyn Iterator<Item = &String>| {
            slugs.cloned().enumerate().map(|(i, s)| (s, i)).collect()
        };
        Index {
            creators: index(&mut site.creators.iter().map(|c| &c.card.slug)),
            campaigns: index(&mut site.campaigns.iter().map(|c| &c.card.slug)),
            terms: index(&mut site.terms.iter().map(|t| &t.slug)),
        }
    }
}

/// Whether the bodies `job`'s page shows hold an embed: only then is the
/// page searched for markers.
fn in_job(site: &Site, job: Job) -> bool {
    let any = crate::embeds::any;
    match job {
        Job::Home => any(&site.home.body_html),
        Job::Creator(i) => site.creators.get(i).is_some_and(|c| any(&c.body_html)),
        Job::Campaign(i) => site.campaigns.get(i).is_some_and(|c| any(&c.body_html)),
        Job::Term(i) => site
            .terms
            .get(i)
            .is_some_and(|t| any(&t.body_html) || t.faq.iter().any(|f| any(&f.answer_html))),
        Job::Page(i) => site.pages.get(i).is_some_and(|p| any(&p.body_html)),
        _ => false,
    }
}

/// `page` with every embed marker replaced by its card; unchanged when the
/// bodies it shows have none. A marker naming no entry of the site (only
/// raw HTML could write one) becomes nothing.
pub(super) fn fill(
    site: &Site,
    shared: &Shared,
    job: Job,
    root: &str,
    page: Vec<u8>,
) -> Result<Vec<u8>, (String, tera::Error)> {
    if !in_job(site, job) {
        return Ok(page);
    }
    let Ok(html) = std::str::from_utf8(&page) else {
        return Ok(page);
    };
    let index = shared.embeds.get_or_init(|| Index::of(site));
    let mut out = Vec::with_capacity(page.len() + 4096);
    for piece in crate::embeds::pieces(html) {
        match piece {
            Piece::Html(h) => out.extend_from_slice(h.as_bytes()),
            Piece::Embed(e) => {
                let Some(cx) = context(site, shared, index, root, &e) else {
                    continue;
                };
                let template = e.kind.template();
                if let Err(err) = shared.tera.render_to(&template, &cx, &mut out) {
                    return Err((template, err));
                }
            }
        }
    }
    Ok(out)
}

/// What `embeds/<kind>.html` sees: the entry's view (`c` a creator card,
/// `k` a campaign card, `e` a term; `kpis` for a creator's figures),
/// `root` and `kpi_terms`.
fn context(
    site: &Site,
    shared: &Shared,
    index: &Index,
    root: &str,
    e: &Embed,
) -> Option<tera::Context> {
    let mut cx = tera::Context::new();
    match e.kind {
        Kind::Creator | Kind::Kpis => {
            let c = site.creators.get(*index.creators.get(&e.slug)?)?;
            cx.insert("c", &c.card);
            if e.kind == Kind::Kpis {
                cx.insert("kpis", &c.kpis);
            }
        }
        Kind::Campaign => {
            let k = site.campaigns.get(*index.campaigns.get(&e.slug)?)?;
            cx.insert("k", &k.card);
        }
        Kind::Term => {
            let t = site.terms.get(*index.terms.get(&e.slug)?)?;
            cx.insert("e", &**t);
        }
    }
    cx.insert("root", root);
    cx.insert("kpi_terms", &shared.home.kpi_terms);
    Some(cx)
}
