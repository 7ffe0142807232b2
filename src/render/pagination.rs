//! The navigation of paginated listings (`paginator` in templates) and the
//! data every page of a listing shares, made once per language.
//!
//! Which entries a page shows is [`crate::plan::paging`]'s business; this
//! module turns a page number into links: `rel="prev"`/`"next"`, numbered
//! links (compact with gaps past a few pages: the first, the last and the
//! neighbours of the current one) and "page N of M".

use super::directory::{self, CampaignRow, CreatorRow, Directory, RowData};
use crate::fasthash::HashMap;
use crate::plan::paging::{self, Listing};
use crate::plan::{Job, job_dir};
use crate::resolve::Site;
use crate::resolve::types::TaxonomyTerm;
use serde::Serialize;
use std::sync::{Arc, Mutex, OnceLock};

/// `paginator` in a listing page's template.
#[derive(Debug, Serialize)]
pub struct Paginator {
    /// This page's number, from 1.
    pub number: usize,
    /// Number of pages (at least 1).
    pub total: usize,
    /// Entries a page shows at most (`paginate` in `site.yaml`).
    pub size: usize,
    /// Entries of the whole listing (for a taxonomy term, the longer of
    /// its creator and campaign lists).
    pub items: usize,
    /// Root-relative path of page 1, in the build's link style.
    pub first: String,
    /// Root-relative path of the last page.
    pub last: String,
    /// The previous page's path, on pages after the first.
    pub prev: Option<String>,
    /// The next page's path, on pages before the last.
    pub next: Option<String>,
    /// The numbered links, gaps included (empty with a single page).
    pub links: Vec<PageLink>,
    /// "Page 2 of 14", in the page's language.
    pub label: String,
}

/// One entry of the numbered navigation.
#[derive(Debug, Serialize, PartialEq)]
pub struct PageLink {
    /// The page number; `None` for a gap (`…`).
    pub number: Option<usize>,
    /// Root-relative path (empty for a gap).
    pub path: String,
    /// Whether it is the page being shown.
    pub current: bool,
}

/// Page numbers shown in the navigation of page `n` of `total`: all of
/// them up to 9 pages, else the first, the last and the two neighbours on
/// each side, `None` for a gap.
pub fn numbers(n: usize, total: usize) -> Vec<Option<usize>> {
    if total <= 9 {
        return (1..=total).map(Some).collect();
    }
    let lo = n.saturating_sub(2).max(2);
    let hi = (n + 2).min(total - 1);
    let mut out = vec![Some(1)];
    if lo > 2 {
        out.push(None);
    }
    out.extend((lo..=hi).map(Some));
    if hi < total - 1 {
        out.push(None);
    }
    out.push(Some(total));
    out
}

/// Root-relative path of page `n` of `listing`, in the build's link style.
pub fn page_path(site: &Site, listing: Listing, n: usize) -> String {
    let mut dir = job_dir(site, listing.job(n));
    if site.info.offline {
        dir.push_str("index.html");
    }
    dir
}

/// The navigation of page `n` of `listing`.
pub fn paginator(site: &Site, listing: Listing, n: usize) -> Paginator {
    let total = listing.pages(site);
    let path = |k: usize| page_path(site, listing, k);
    let links = if total > 1 {
        numbers(n, total)
            .into_iter()
            .map(|k| PageLink {
                number: k,
                path: k.map(path).unwrap_or_default(),
                current: k == Some(n),
            })
            .collect()
    } else {
        Vec::new()
    };
    let int = |k: usize| site.lang.locale.int(k as u64);
    Paginator {
        number: n,
        total,
        size: site.info.paginate,
        items: listing.len(site),
        first: path(1),
        last: path(total),
        prev: (n > 1).then(|| path(n - 1)),
        next: (n < total).then(|| path(n + 1)),
        links,
        label: site
            .lang
            .fmt("ui.page_of", &[("n", &int(n)), ("total", &int(total))]),
    }
}

/// Puts `paginator` into the context of a listing page; the page number
/// (1 for any other page).
pub fn insert(site: &Site, job: Job, cx: &mut tera::Context) -> usize {
    match Listing::of(job) {
        Some((listing, n)) => {
            cx.insert("paginator", &paginator(site, listing, n));
            n
        }
        None => 1,
    }
}

/// A page's title: pages after the first say their number, so that no two
/// pages of a site share a title.
pub fn title(site: &Site, job: Job, title: String) -> String {
    match job {
        Job::ListingPage(_, n) => site.lang.fmt(
            "ui.page_title",
            &[("title", &title), ("n", &site.lang.locale.int(n as u64))],
        ),
        _ => title,
    }
}

/// A listing job as its page 1 and the page number: page 2 of the
/// directory renders like the directory, with another slice.
pub fn first_page(job: Job) -> (Job, usize) {
    match job {
        Job::ListingPage(listing, n) => (listing.job(1), n),
        other => (other, 1),
    }
}

/// The slice `range` of `items`, empty where it is out of bounds.
pub fn slice<T>(items: &[T], range: std::ops::Range<usize>) -> &[T] {
    items.get(range).unwrap_or_default()
}

/// What all pages of one language's listings share, made by the first
/// page that needs it: the filters are counted over the whole roster,
/// never over one page.
#[derive(Default)]
pub struct Shared {
    creators: OnceLock<CreatorDirectory>,
    campaigns: OnceLock<Directory<CampaignRow>>,
    /// The filters of each taxonomy term's creators, counted once for all
    /// the pages of the term.
    terms: Mutex<HashMap<(usize, usize), tera::Value>>,
}

/// The creator directory's rows and filters, for every creator.
pub struct CreatorDirectory {
    /// Each creator's row, in `site.creators` order.
    pub made: Vec<Arc<RowData>>,
    /// Facets and rows.
    pub directory: Directory<Arc<CreatorRow>>,
    /// The facets as a template value.
    pub facets: tera::Value,
}

impl Shared {
    /// The creator directory's rows and filters.
    pub fn creators(&self, site: &Site, theme: &super::theme::Theme) -> &CreatorDirectory {
        self.creators.get_or_init(|| {
            let made = theme.rows.directory_rows(site);
            let directory = directory::creators_from(site, &made);
            let facets = tera::Value::from_serializable(&directory.facets);
            CreatorDirectory {
                made,
                directory,
                facets,
            }
        })
    }

    /// The filters of taxonomy term `t, i`'s creators, counted over all of
    /// them (not one page).
    pub fn term_facets(
        &self,
        site: &Site,
        all: &CreatorDirectory,
        (t, i): (usize, usize),
    ) -> tera::Value {
        if let Some(v) = self.terms.lock().ok().and_then(|m| m.get(&(t, i)).cloned()) {
            return v;
        }
        let Some(term) = site.taxonomies.get(t).and_then(|x| x.terms.get(i)) else {
            return tera::Value::from(Vec::<tera::Value>::new());
        };
        let rows: Vec<Arc<RowData>> = term
            .creators
            .iter()
            .filter_map(|&k| all.made.get(k).cloned())
            .collect();
        let facets = tera::Value::from_serializable(&directory::creators_from(site, &rows).facets);
        if let Ok(mut m) = self.terms.lock() {
            m.insert((t, i), facets.clone());
        }
        facets
    }

    /// The campaign list's rows and filters.
    pub fn campaigns(&self, site: &Site) -> &Directory<CampaignRow> {
        self.campaigns.get_or_init(|| directory::campaigns(site))
    }
}

/// The term index of the glossary's A–Z navigation: each initial with the
/// page its first term is on (`""` for the page being shown, whose
/// sections are on the page itself).
#[derive(Debug, Serialize)]
pub struct Initial<'a> {
    /// The letter.
    pub letter: &'a str,
    /// Root-relative path of its page, `""` on that page.
    pub path: String,
}

/// The glossary's initials and where each starts.
pub fn initials(site: &Site, n: usize) -> Vec<Initial<'_>> {
    let size = site.info.paginate.max(1);
    let mut out: Vec<Initial> = Vec::new();
    for (i, t) in site.terms.iter().enumerate() {
        if out.last().is_some_and(|l| l.letter == t.letter) {
            continue;
        }
        let page = i / size + 1;
        out.push(Initial {
            letter: &t.letter,
            path: if page == n {
                String::new()
            } else {
                page_path(site, Listing::Glossary, page)
            },
        });
    }
    out
}

/// Where a listing's data files are and how they are split
/// (`directory.data` in templates; docs/search.md): `listing` is
/// `creators` or `campaigns`; a taxonomy term's page filters the
/// directory's files by its own value (`fixed`).
#[derive(Debug, Serialize)]
pub struct DataFiles {
    /// Root-relative folder of the files: `fr/creators/data/`.
    pub src: String,
    /// Entries in the files.
    pub total: usize,
    /// Values per column file.
    pub column_chunk: usize,
    /// Rows per row file.
    pub row_chunk: usize,
    /// On a taxonomy term's page: the filter that selects its creators.
    pub fixed: Option<Fixed>,
}

/// A filter a page applies before the visitor's own.
#[derive(Debug, Serialize)]
pub struct Fixed {
    /// The filter's key: `niche`.
    pub key: &'static str,
    /// Its value, as in the directory's data: `beauty`.
    pub value: String,
}

/// [`DataFiles`] of `listing` as a template value; `term` is the taxonomy
/// (its key) and term of a term's page.
pub fn data_files(
    site: &Site,
    listing: &str,
    term: Option<(&'static str, &TaxonomyTerm)>,
) -> tera::Value {
    let total = match listing {
        "creators" => site.creators.len(),
        _ => site.campaigns.len(),
    };
    // The directory's values: networks by key, the others by name.
    let fixed = term.and_then(|(key, term)| {
        let (key, value) = match key {
            "networks" => ("network", term.slug.clone()),
            "niches" => ("niche", crate::text::name_slug(&term.name)),
            "countries" => ("country", crate::text::name_slug(&term.name)),
            "languages" => ("language", crate::text::name_slug(&term.name)),
            _ => return None,
        };
        Some(Fixed { key, value })
    });
    tera::Value::from_serializable(&DataFiles {
        src: format!("{}{listing}/data/", site.info.prefix),
        total,
        column_chunk: super::listing_data::COLUMN_CHUNK,
        row_chunk: super::listing_data::ROW_CHUNK,
        fixed,
    })
}

/// Entries of page `n` of a list of `len` (see [`paging::range`]).
pub fn range(site: &Site, n: usize, len: usize) -> std::ops::Range<usize> {
    paging::range(n, len, site.info.paginate)
}

#[cfg(test)]
mod tests {
    use super::numbers;

    #[test]
    fn navigation_is_compact_past_nine_pages() {
        assert_eq!(numbers(1, 1), vec![Some(1)]);
        assert_eq!(numbers(3, 9).len(), 9);
        assert_eq!(
            numbers(1, 300),
            vec![Some(1), Some(2), Some(3), None, Some(300)]
        );
        assert_eq!(
            numbers(150, 300),
            vec![
                Some(1),
                None,
                Some(148),
                Some(149),
                Some(150),
                Some(151),
                Some(152),
                None,
                Some(300)
            ]
        );
        assert_eq!(
            numbers(299, 300),
            vec![Some(1), None, Some(297), Some(298), Some(299), Some(300)]
        );
        assert_eq!(
            numbers(4, 10)[..5],
            [Some(1), Some(2), Some(3), Some(4), Some(5)]
        );
    }
}
