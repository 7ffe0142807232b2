//! Structured data and discoverability: what search engines, AI assistants
//! and the agency's own tools read.
//!
//! - [`head`]: per page, the JSON-LD graph ([`jsonld`]) and the social image,
//!   handed to templates as `page.jsonld` and `page.image`;
//! - [`files`]: the site-wide files — `sitemap.xml` and `robots.txt`
//!   ([`sitemap`]), `atom.xml` ([`feed`]), `llms.txt` ([`llms`]) and the data
//!   exports under `data/` ([`exports`]);
//! - [`validate`]: the structured-data check of `creatorkb check`, against
//!   the Schema.org terms of [`vocab`].
//!
//! Everything is built from the resolved [`Site`], which holds no private
//! value in a public build. Absolute URLs (from `base_url`) are used only
//! here, where the standards require them; HTML links stay relative.

pub mod csv;
pub mod exports;
pub mod feed;
pub mod jsonld;
pub mod llms;
pub mod schema;
pub mod sitemap;
pub mod validate;
pub mod vocab;

use crate::plan::{Head, Job, OutputFile, PageInfo};
use crate::resolve::Site;

/// The `<head>` data of the page rendered by `job`.
/// Its signature is [`crate::plan::HeadFn`]: the pipeline hands it to render.
pub fn head(site: &Site, job: Job, info: &PageInfo) -> Head {
    let urls = Urls::new(&site.info.base_url);
    // The Open Graph copy of a local image (1200×630), else the image as written.
    let social = crate::images::variants::social;
    let image = match job {
        Job::Creator(i) => {
            let c = &site.creators[i].card;
            social(c.image.as_deref(), c.image_set.as_ref())
        }
        Job::Campaign(i) => {
            let c = &site.campaigns[i].card;
            social(c.image.as_deref(), c.image_set.as_ref())
        }
        _ => None,
    };
    Head {
        jsonld: jsonld::page(site, job, info),
        image: image.map(|i| urls.href(i)),
    }
}

/// One builder of site-wide files.
type Part = fn(&Site) -> Vec<OutputFile>;

/// The site-wide files, built in parallel and returned in this order. The
/// sitemap lists every language; each language has its feed; the rest
/// (robots.txt, llms.txt, data exports) describe the default language's site.
const PARTS: &[Part] = &[
    |site| sitemap::files(site, sitemap::MAX_URLS),
    |site| vec![sitemap::robots(site)],
    |site| site.all().map(feed::atom).collect(),
    |site| vec![llms::llms_txt(site)],
    |site| vec![exports::creators_json(site)],
    |site| vec![csv::creators(site)],
    |site| vec![exports::campaigns_json(site)],
    |site| vec![exports::glossary_json(site)],
];

/// The site-wide files, in a fixed order. The sitemap lists exactly the
/// pages `render` renders ([`crate::plan::jobs`] of every language).
pub fn files(site: &Site) -> Vec<OutputFile> {
    use rayon::prelude::*;
    PARTS.par_iter().flat_map_iter(|part| part(site)).collect()
}

/// Absolute URLs of the site, from its `base_url` (which ends in `/`).
#[derive(Clone, Copy)]
pub struct Urls<'a> {
    /// The base URL.
    pub base: &'a str,
}

impl<'a> Urls<'a> {
    /// URLs under `base`.
    pub fn new(base: &'a str) -> Self {
        Urls { base }
    }

    /// Canonical URL of a root-relative page path: `creators/x/` and the
    /// offline `creators/x/index.html` both give `<base>creators/x/`.
    pub fn page(&self, path: &str) -> String {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        format!("{}{}", self.base, path.trim_start_matches('/'))
    }

    /// Absolute URL of an href: `http(s)://` URLs are kept, site paths
    /// (`images/a.jpg`, `/images/a.jpg`) are put under the base.
    pub fn href(&self, href: &str) -> String {
        let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            href.to_string()
        } else {
            format!("{}{}", self.base, href.trim_start_matches('/'))
        }
    }

    /// `@id` of the `WebSite`.
    pub fn website_id(&self) -> String {
        format!("{}#website", self.base)
    }

    /// `@id` of the publishing `Organization`.
    pub fn org_id(&self) -> String {
        format!("{}#org", self.base)
    }

    /// `@id` of the `Person` of the profile at `path`.
    pub fn person_id(&self, path: &str) -> String {
        format!("{}#person", self.page(path))
    }

    /// `@id` of the `DefinedTerm` of the glossary page at `path`.
    pub fn term_id(&self, path: &str) -> String {
        format!("{}#term", self.page(path))
    }
}

/// Escapes text for XML content and double-quoted attributes.
pub fn xml_escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['<', '>', '&', '"', '\'']) && !s.chars().any(forbidden_in_xml) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if forbidden_in_xml(c) => {}
            c => out.push(c),
        }
    }
    out.into()
}

/// Control characters XML 1.0 does not allow, even escaped.
fn forbidden_in_xml(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_script() {
        let s = crate::text::script_safe_json(&"</script><!-- & -->");
        assert_eq!(s, r#""\u003c/script\u003e\u003c!-- \u0026 --\u003e""#);
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><!-- & -->");
    }

    #[test]
    fn urls() {
        let u = Urls::new("https://x.example/sub/");
        assert_eq!(
            u.page("creators/a/index.html"),
            "https://x.example/sub/creators/a/"
        );
        assert_eq!(u.page(""), "https://x.example/sub/");
        assert_eq!(
            u.href("/images/a.svg"),
            "https://x.example/sub/images/a.svg"
        );
        assert_eq!(u.href("HTTPS://cdn.example/a"), "HTTPS://cdn.example/a");
    }

    #[test]
    fn xml_escape_drops_forbidden_controls() {
        assert_eq!(xml_escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(xml_escape("plain"), "plain");
    }
}
