//! `sitemap.xml` (split into a sitemap index past [`MAX_URLS`]) and
//! `robots.txt`.

use super::{Urls, xml_escape};
use crate::plan::alternates::{Alt, Alternates};
use crate::plan::{Job, OutputFile, job_dir, job_path, jobs};
use crate::resolve::Site;
use std::fmt::Write as _;

/// URLs per sitemap file: the limit of the sitemaps.org protocol.
pub const MAX_URLS: usize = 50_000;

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const XMLNS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// One URL of the sitemap: location, last change, versions in other languages.
struct Url<'a> {
    loc: String,
    lastmod: Option<&'a str>,
    alternates: Vec<Alt>,
    x_default: Option<String>,
}

/// Newest of two optional `YYYY-MM-DD` dates.
fn newest<'a>(a: Option<&'a str>, b: Option<&'a str>) -> Option<&'a str> {
    a.max(b)
}

/// Newest date of a set.
fn newest_of<'a>(dates: impl Iterator<Item = Option<&'a str>>) -> Option<&'a str> {
    dates.fold(None, newest)
}

/// Dates of a site computed once: the newest date of each section.
struct Dates<'a> {
    creators: Option<&'a str>,
    campaigns: Option<&'a str>,
    terms: Option<&'a str>,
    all: Option<&'a str>,
}

impl<'a> Dates<'a> {
    fn new(site: &'a Site) -> Self {
        let creators = newest_of(site.creators.iter().map(|c| c.updated.as_deref()));
        let campaigns = newest_of(site.campaigns.iter().map(|c| c.card.date.as_deref()));
        let terms = newest_of(site.terms.iter().map(|t| t.updated.as_deref()));
        let pages = newest_of(site.pages.iter().map(|p| p.updated.as_deref()));
        let all = [
            creators,
            campaigns,
            terms,
            pages,
            site.home.updated.as_deref(),
        ]
        .into_iter()
        .fold(None, newest);
        Dates {
            creators,
            campaigns,
            terms,
            all,
        }
    }

    /// `lastmod` of a page: its entry's last date, or the newest date of
    /// what a listing lists.
    fn of(&self, site: &'a Site, job: Job) -> Option<&'a str> {
        match job {
            Job::Home => self.all,
            Job::Creators => self.creators,
            Job::Creator(i) => site.creators[i].updated.as_deref(),
            Job::Campaigns => self.campaigns,
            Job::Campaign(i) => site.campaigns[i].card.date.as_deref(),
            Job::Glossary => self.terms,
            Job::Term(i) => site.terms[i].updated.as_deref(),
            Job::Page(i) => site.pages[i].updated.as_deref(),
            Job::Taxonomy(t) => newest_of(
                (0..site.taxonomies[t].terms.len()).map(|i| self.of(site, Job::TaxonomyTerm(t, i))),
            ),
            Job::TaxonomyTerm(t, i) => {
                let term = &site.taxonomies[t].terms[i];
                let creators = term
                    .creators
                    .iter()
                    .map(|&c| site.creators[c].updated.as_deref());
                let campaigns = term
                    .campaigns
                    .iter()
                    .map(|&c| site.campaigns[c].card.date.as_deref());
                newest_of(creators.chain(campaigns))
            }
            Job::NotFound | Job::FollowUps | Job::Pipeline | Job::Costs | Job::Learnings => None,
            Job::ListingPage(listing, _) => self.of(site, listing.job(1)),
        }
    }
}

/// `sitemap.xml` listing every page of every language but the 404s, each
/// with its `hreflang` alternates; past `max` URLs, `sitemap.xml` is an
/// index of `sitemap-1.xml`, `sitemap-2.xml`, ….
pub fn files(site: &Site, max: usize) -> Vec<OutputFile> {
    let urls = Urls::new(&site.info.base_url);
    let alternates = Alternates::new(site);
    let mut entries: Vec<Url> = Vec::new();
    for s in site.all() {
        let dates = Dates::new(s);
        for j in jobs(s).into_iter().filter(|j| !matches!(j, Job::NotFound)) {
            let (alternates, x_default) = alternates.of(s, &job_dir(s, j));
            entries.push(Url {
                loc: urls.page(&job_path(s, j)),
                lastmod: dates.of(s, j),
                alternates,
                x_default,
            });
        }
    }
    let max = max.max(1);
    if entries.len() <= max {
        return vec![urlset("sitemap.xml", &entries)];
    }
    let mut out = Vec::new();
    let mut index = format!("{XML_DECL}<sitemapindex xmlns=\"{XMLNS}\">\n");
    for (n, chunk) in entries.chunks(max).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        let _ = write!(
            index,
            "  <sitemap><loc>{}</loc>",
            xml_escape(&urls.page(&name))
        );
        if let Some(d) = newest_of(chunk.iter().map(|u| u.lastmod)) {
            let _ = write!(index, "<lastmod>{d}</lastmod>");
        }
        index.push_str("</sitemap>\n");
        out.push(urlset(&name, chunk));
    }
    index.push_str("</sitemapindex>\n");
    out.insert(
        0,
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: index.into_bytes(),
        },
    );
    out
}

fn urlset(path: &str, entries: &[Url]) -> OutputFile {
    let mut s = String::with_capacity(64 + entries.len() * 96);
    let multilingual = entries.iter().any(|u| !u.alternates.is_empty());
    if multilingual {
        let _ = writeln!(
            s,
            "{XML_DECL}<urlset xmlns=\"{XMLNS}\" xmlns:xhtml=\"{XHTML}\">"
        );
    } else {
        let _ = writeln!(s, "{XML_DECL}<urlset xmlns=\"{XMLNS}\">");
    }
    for u in entries {
        let _ = write!(s, "  <url><loc>{}</loc>", xml_escape(&u.loc));
        if let Some(d) = u.lastmod {
            let _ = write!(s, "<lastmod>{d}</lastmod>");
        }
        for a in &u.alternates {
            let _ = write!(
                s,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                xml_escape(&a.lang),
                xml_escape(&a.url)
            );
        }
        if let Some(x) = &u.x_default {
            let _ = write!(
                s,
                "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                xml_escape(x)
            );
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    OutputFile {
        path: path.into(),
        bytes: s.into_bytes(),
    }
}

/// `robots.txt`: a public build names its sitemap; a team build asks every
/// crawler to stay out (its pages also carry `noindex`).
pub fn robots(site: &Site) -> OutputFile {
    let text = if site.info.team {
        "# Internal team build: not for crawlers.\nUser-agent: *\nDisallow: /\n".to_string()
    } else {
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            Urls::new(&site.info.base_url).page("sitemap.xml")
        )
    };
    OutputFile {
        path: "robots.txt".into(),
        bytes: text.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut d = crate::diag::Diagnostics::new();
        let opts = crate::resolve::Options {
            audience: crate::resolve::Audience::Public,
            drafts: false,
            offline: false,
            base_url: None,
            today: None,
        };
        crate::pipeline::prepare(root, &opts, &mut d, None)
            .expect("the example site resolves")
            .0
    }

    #[test]
    fn past_the_limit_the_sitemap_is_an_index() {
        let site = example();
        // Every language's pages but its 404.
        let pages: usize = site.all().map(|s| crate::plan::jobs(s).len() - 1).sum();
        let one = files(&site, MAX_URLS);
        assert_eq!(one.len(), 1);
        let split = files(&site, 50);
        assert_eq!(split.len(), 1 + pages.div_ceil(50));
        let index = String::from_utf8(split[0].bytes.clone()).unwrap();
        assert!(index.contains("<sitemapindex"));
        let mut urls = 0;
        for (n, f) in split[1..].iter().enumerate() {
            assert_eq!(f.path, format!("sitemap-{}.xml", n + 1));
            assert!(index.contains(&format!("<loc>{}{}</loc>", site.info.base_url, f.path)));
            let text = String::from_utf8(f.bytes.clone()).unwrap();
            let here = text.matches("<url>").count();
            assert!(here <= 50);
            urls += here;
        }
        assert_eq!(urls, pages);
    }
}
