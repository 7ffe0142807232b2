//! Paginated listings: which listings are split, into how many pages, and
//! which entries each page shows.
//!
//! Page 1 of a listing is its usual job (`Job::Creators`, …) at its usual
//! path; pages 2 and up are [`Job::ListingPage`] at `<listing>/page/<n>/`.
//! Render (the slice and the navigation), seo (the JSON-LD list, the
//! sitemap) and the dev server (fingerprints) all take the slice from
//! here, so they cannot disagree.

use super::Job;
use crate::resolve::Site;
use std::ops::Range;

/// A listing that is split into pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Listing {
    /// The creator directory, in `site.creators` order.
    Creators,
    /// The campaign list, in `site.campaigns` order.
    Campaigns,
    /// The glossary index, in `site.terms` order.
    Glossary,
    /// One value of a taxonomy: (taxonomy, term) indices. Its creators
    /// and its campaigns are split side by side: page n shows the n-th
    /// slice of each.
    TaxonomyTerm(usize, usize),
}

impl Listing {
    /// The listing a job shows and the page number (1 for the listing's
    /// own job), or `None` for a page that is not a listing.
    pub fn of(job: Job) -> Option<(Listing, usize)> {
        match job {
            Job::Creators => Some((Listing::Creators, 1)),
            Job::Campaigns => Some((Listing::Campaigns, 1)),
            Job::Glossary => Some((Listing::Glossary, 1)),
            Job::TaxonomyTerm(t, i) => Some((Listing::TaxonomyTerm(t, i), 1)),
            Job::ListingPage(l, n) => Some((l, n)),
            _ => None,
        }
    }

    /// The job of page `n` (page 1 is the listing's own job).
    pub fn job(self, n: usize) -> Job {
        if n > 1 {
            return Job::ListingPage(self, n);
        }
        match self {
            Listing::Creators => Job::Creators,
            Listing::Campaigns => Job::Campaigns,
            Listing::Glossary => Job::Glossary,
            Listing::TaxonomyTerm(t, i) => Job::TaxonomyTerm(t, i),
        }
    }

    /// Entries listed: for a taxonomy term, the longer of its two lists.
    pub fn len(self, site: &Site) -> usize {
        match self {
            Listing::Creators => site.creators.len(),
            Listing::Campaigns => site.campaigns.len(),
            Listing::Glossary => site.terms.len(),
            Listing::TaxonomyTerm(t, i) => {
                term(site, t, i).map_or(0, |(c, k)| c.len().max(k.len()))
            }
        }
    }

    /// Whether the listing lists nothing.
    pub fn is_empty(self, site: &Site) -> bool {
        self.len(site) == 0
    }

    /// Number of pages: at least 1 (an empty listing still has its page).
    pub fn pages(self, site: &Site) -> usize {
        pages(self.len(site), site.info.paginate)
    }

    /// The slice of entries page `n` shows, for a list of `len` entries
    /// (a taxonomy term's creators or campaigns are sliced separately).
    pub fn range(site: &Site, n: usize, len: usize) -> Range<usize> {
        range(n, len, site.info.paginate)
    }
}

/// A taxonomy term's creator and campaign indices.
fn term(site: &Site, t: usize, i: usize) -> Option<(&[usize], &[usize])> {
    let term = site.taxonomies.get(t)?.terms.get(i)?;
    Some((&term.creators, &term.campaigns))
}

/// Pages for `len` entries, `size` a page (`size` 0 counts as 1).
pub fn pages(len: usize, size: usize) -> usize {
    len.div_ceil(size.max(1)).max(1)
}

/// Entries of page `n` (from 1) of `len` entries, `size` a page; empty past
/// the end.
pub fn range(n: usize, len: usize, size: usize) -> Range<usize> {
    let size = size.max(1);
    let start = n.saturating_sub(1).saturating_mul(size).min(len);
    start..start.saturating_add(size).min(len)
}

/// The jobs of pages 2 and up of `listing`.
pub fn more_pages(site: &Site, listing: Listing) -> impl Iterator<Item = Job> {
    (2..=listing.pages(site)).map(move |n| Job::ListingPage(listing, n))
}

/// The folder of page `n` under its listing's folder `base`: `base` itself
/// for page 1, `base` + `page/<n>/` after.
pub fn page_dir(base: &str, n: usize) -> String {
    if n > 1 {
        format!("{base}page/{n}/")
    } else {
        base.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_every_entry_once() {
        assert_eq!(pages(0, 50), 1);
        assert_eq!(pages(50, 50), 1);
        assert_eq!(pages(51, 50), 2);
        assert_eq!(pages(3, 0), 3);
        assert_eq!(range(1, 51, 50), 0..50);
        assert_eq!(range(2, 51, 50), 50..51);
        assert_eq!(range(3, 51, 50), 51..51);
        assert_eq!(range(0, 10, 4), 0..4);
        assert_eq!(page_dir("fr/creators/", 1), "fr/creators/");
        assert_eq!(page_dir("fr/creators/", 12), "fr/creators/page/12/");
    }
}
