//! Checks on single values that serde cannot express: ranges, codes, URLs.

use crate::diag::{Diagnostics, Pos};
use crate::load::Entry;
use crate::model::{CampaignFm, CreatorFm, TermFm};
use serde_saphyr::Spanned;

pub use crate::load::yaml::pos;

/// Whether `url` is safe to put in an `href`/`src`: http(s), or a path.
pub fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.find(':') {
        Some(i) if !lower[..i].contains('/') => {
            lower.starts_with("http://") || lower.starts_with("https://")
        }
        _ => !lower.starts_with("//") && !lower.is_empty(),
    }
}

/// Whether `url` starts with `http://` or `https://` (any case).
fn has_web_scheme(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A link to another site (a platform profile, a published post): without
/// a scheme, `instagram.com/x` would be read as a path of this site.
fn check_web_url(path: &str, url: &Spanned<String>, what: &str, d: &mut Diagnostics) {
    if has_web_scheme(&url.value) {
        return;
    }
    if !safe_url(&url.value) {
        check_url(path, url, what, d);
        return;
    }
    let bare = url.value.trim().trim_start_matches('/');
    d.error(
        path,
        pos(url),
        format!(
            "{what} `{}` has no scheme, so it would link to a page of this site: write `https://{bare}`",
            url.value
        ),
    );
}

/// An `image:` value: a safe URL, and when it names a file of this site,
/// one of a format browsers show (see [`crate::images::variants::kind`]).
fn check_image(path: &str, url: &Spanned<String>, d: &mut Diagnostics) {
    use crate::images::variants::{Kind, is_local, kind};
    check_url(path, url, "image", d);
    let v = url.value.trim();
    if safe_url(v) && is_local(v) && kind(v) == Kind::Unsupported {
        d.error(
            path,
            pos(url),
            format!(
                "image `{v}` is not a format browsers show: use JPEG, PNG or WebP (resized copies are made), or SVG, GIF, AVIF"
            ),
        );
    }
}

fn check_url(path: &str, url: &Spanned<String>, what: &str, d: &mut Diagnostics) {
    if !safe_url(&url.value) {
        d.error(
            path,
            pos(url),
            format!(
                "{what} `{}` must be an http:// or https:// URL (or a path for images)",
                url.value
            ),
        );
    }
}

/// The URLs of `site.yaml` (besides `base_url`): the organization's `url`
/// and `logo` go into every page's footer and structured data, so they
/// follow the rules of front-matter URLs.
pub fn site(config: &crate::model::SiteConfig, d: &mut Diagnostics) {
    if let Some(org) = &config.organization {
        for (key, url) in [("url", &org.url), ("logo", &org.logo)] {
            if let Some(url) = url.as_deref().filter(|u| !safe_url(u)) {
                d.error(
                    "site.yaml",
                    Pos::default(),
                    format!(
                        "organization {key} `{url}` must be an http:// or https:// URL (or a path)"
                    ),
                );
            }
        }
    }
}

/// Warns when two different brand or niche names would share one page
/// (`Coca-Cola` and `Coca Cola` both make `brands/coca-cola/`): they are shown as
/// one.
pub fn taxonomy_names(
    creators: &[Entry<CreatorFm>],
    campaigns: &[Entry<CampaignFm>],
    d: &mut Diagnostics,
) {
    let niches = creators.iter().flat_map(|e| {
        let at = e.key_pos("niches");
        e.fm.niches.iter().map(move |n| (n, &e.path, at))
    });
    let brands = campaigns
        .iter()
        .map(|e| (&e.fm.brand, &e.path, e.key_pos("brand")));
    for (what, tax, names) in [
        (
            "niche",
            "niches",
            Box::new(niches) as Box<dyn Iterator<Item = _>>,
        ),
        ("brand", "brands", Box::new(brands)),
    ] {
        let mut seen: crate::fasthash::HashMap<String, (&str, &str)> = Default::default();
        for (name, path, at) in names {
            let slug = crate::text::name_slug(name);
            match seen.get(&slug) {
                Some((first, first_path)) => {
                    if crate::text::fold(first) != crate::text::fold(name) {
                        d.warning(
                            path,
                            at,
                            format!(
                                "{what} `{name}` and `{first}` ({first_path}) make the same page {tax}/{slug}/ and are shown as one; write them the same way, or rename one"
                            ),
                        );
                    }
                }
                None => {
                    seen.insert(slug, (name, path));
                }
            }
        }
    }
}

fn check_country(path: &str, c: &Spanned<String>, d: &mut Diagnostics) {
    let ok = c.value.len() == 2 && c.value.bytes().all(|b| b.is_ascii_uppercase());
    if !ok {
        d.error(path, pos(c), format!("country `{}` is not an ISO 3166-1 alpha-2 code: use two capital letters, e.g. `FR`", c.value));
    } else if crate::i18n::names::country(&c.value).is_none() {
        d.warning(
            path,
            pos(c),
            format!(
                "country code `{}` is not one creatorkb knows; check it",
                c.value
            ),
        );
    }
}

fn check_language(path: &str, c: &Spanned<String>, d: &mut Diagnostics) {
    let ok = c.value.len() == 2 && c.value.bytes().all(|b| b.is_ascii_lowercase());
    if !ok {
        d.error(
            path,
            pos(c),
            format!(
                "language `{}` is not an ISO 639-1 code: use two lowercase letters, e.g. `fr`",
                c.value
            ),
        );
    }
}

/// Checks a creator's values.
pub fn creator(e: &Entry<CreatorFm>, d: &mut Diagnostics) {
    let p = e.path.as_str();
    not_blank(e, "name", &e.fm.name, d);
    empty_displayed(e, "summary", e.fm.summary.as_deref(), d);
    empty_displayed(e, "location", e.fm.location.as_deref(), d);
    if let Some(img) = &e.fm.image {
        check_image(p, img, d);
    }
    for pl in &e.fm.platforms {
        if let Some(u) = &pl.url {
            check_web_url(p, u, "platform url", d);
        }
        if let Some(er) = &pl.engagement_rate
            && !(0.0..=100.0).contains(&er.value)
        {
            d.error(
                p,
                pos(er),
                format!(
                    "engagement_rate {} is not a percentage between 0 and 100",
                    er.value
                ),
            );
        }
    }
    for l in &e.fm.languages {
        check_language(p, l, d);
    }
    if let Some(c) = &e.fm.country {
        check_country(p, c, d);
    }
    if let Some(a) = &e.fm.audience {
        for c in &a.top_countries {
            check_country(p, c, d);
        }
        if let Some(f) = &a.female_share
            && !(0.0..=100.0).contains(&f.value)
        {
            d.error(
                p,
                pos(f),
                format!("female_share {} must be between 0 and 100", f.value),
            );
        }
    }
    if let Some(rates) = &e.fm.rates {
        for (k, v) in rates {
            match (k.as_str(), v) {
                ("currency", crate::model::creator::RateValue::Text(_)) => {}
                ("currency", _) => d.error(
                    p,
                    e.key_pos("rates"),
                    "rates: `currency` must be a currency code such as `EUR`",
                ),
                (_, crate::model::creator::RateValue::Text(t)) => d.error(
                    p,
                    e.key_pos("rates"),
                    format!("rates: `{k}` must be a number, not `{t}`"),
                ),
                _ => {}
            }
        }
    }
}

/// Checks a campaign's values (not its references to creators).
pub fn campaign(e: &Entry<CampaignFm>, d: &mut Diagnostics) {
    let p = e.path.as_str();
    not_blank(e, "title", &e.fm.title, d);
    not_blank(e, "brand", &e.fm.brand, d);
    empty_displayed(e, "summary", e.fm.summary.as_deref(), d);
    empty_displayed(e, "author", e.fm.author.as_deref(), d);
    if let (Some(start), Some(end)) = (e.fm.start, &e.fm.end)
        && end.value < start
    {
        d.error(
            p,
            pos(end),
            format!(
                "end {} is before start {start}: a campaign ends on or after the day it starts",
                end.value
            ),
        );
    }
    if let Some(img) = &e.fm.image {
        check_image(p, img, d);
    }
    if let Some(u) = &e.fm.usage_rights
        && let (Some(start), Some(end)) = (u.start, &u.end)
        && end.value < start
    {
        d.error(
            p,
            pos(end),
            format!(
                "usage_rights end {} is before its start {start}: a licence ends on or after the day it starts",
                end.value
            ),
        );
    }
    for m in &e.fm.markets {
        check_country(p, m, d);
    }
    for part in &e.fm.creators {
        if let Some(q) = &part.quality
            && !(1..=5).contains(&q.value)
        {
            d.error(
                p,
                pos(q),
                format!("quality {} must be a whole number from 1 to 5", q.value),
            );
        }
        for c in &part.content {
            check_web_url(p, c, "content link", d);
        }
    }
}

/// Checks a term's values (not its references).
pub fn term(e: &Entry<TermFm>, d: &mut Diagnostics) {
    not_blank(e, "term", &e.fm.term, d);
    empty_displayed(e, "category", e.fm.category.as_deref(), d);
    empty_displayed(e, "author", e.fm.author.as_deref(), d);
    if e.fm.definition.trim().is_empty() {
        d.error(
            &e.path,
            e.key_pos("definition"),
            "`definition` is empty: write one or two sentences",
        );
    }
}

/// Names and titles must hold at least one letter or digit: they become
/// headings, and brands become page slugs.
pub fn not_blank<T>(e: &Entry<T>, key: &str, value: &str, d: &mut Diagnostics) {
    if !value.chars().any(char::is_alphanumeric) {
        d.error(
            &e.path,
            e.key_pos(key),
            format!("`{key}` is empty: it needs at least one letter or digit"),
        );
    }
}

/// Percentage fields written as ratios (`engagement_rate: 0.038` for 3.8%)
/// show as "0%". Such a value is under 1 while the site's other values of
/// the field are mostly 1 or more, or every value of it is under 1: both
/// are warned about, with the value it probably meant.
pub fn ratio_like_percentages(creators: &[Entry<CreatorFm>], d: &mut Diagnostics) {
    let rates = creators.iter().flat_map(|e| {
        e.fm.platforms
            .iter()
            .filter_map(move |p| p.engagement_rate.as_ref().map(|v| (e, v)))
    });
    ratio_like("engagement_rate", rates.collect(), d);
    let shares = creators.iter().filter_map(|e| {
        let f = e.fm.audience.as_ref()?.female_share.as_ref()?;
        Some((e, f))
    });
    ratio_like("female_share", shares.collect(), d);
}

fn ratio_like(key: &str, values: Vec<(&Entry<CreatorFm>, &Spanned<f64>)>, d: &mut Diagnostics) {
    let small = |v: f64| v > 0.0 && v < 1.0;
    let under = values.iter().filter(|(_, v)| small(v.value)).count();
    let over: Vec<f64> = values
        .iter()
        .map(|(_, v)| v.value)
        .filter(|v| *v >= 1.0)
        .collect();
    if under == 0 || (!over.is_empty() && over.len() < under) {
        return;
    }
    // Among percentages, a small value is a ratio only if, read as one, it
    // falls among the others (0.038 → 3.8 next to 2.1 and 6.5); 0.9 next
    // to the same is a plausible 0.9%.
    let lo = over.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = over.iter().copied().fold(0.0, f64::max);
    let ratio = |v: f64| small(v) && (over.is_empty() || (lo..=hi).contains(&(v * 100.0)));
    for (e, v) in values.iter().filter(|(_, v)| ratio(v.value)) {
        d.warning(
            &e.path,
            pos(v),
            format!(
                "{key} {} looks like a ratio, but it is a percentage: write {} for {}%",
                v.value,
                crate::text::number(v.value * 100.0),
                crate::text::number(v.value * 100.0)
            ),
        );
    }
}

/// A displayed text key that is written but holds nothing: most often
/// `summary: #1 pick…`, which YAML reads as an empty value followed by a
/// comment. The page would silently lose the text.
pub fn empty_displayed<T>(e: &Entry<T>, key: &str, value: Option<&str>, d: &mut Diagnostics) {
    // `key: ""` is a deliberate blank (the scaffolds write it); a key with
    // no value at all, or only a comment, is what the slip leaves.
    let written = e.keys.iter().any(|(k, _)| k == key);
    if written && value.is_none() {
        d.warning(
            &e.path,
            e.key_pos(key),
            format!(
                "`{key}` is empty, so the page shows none; if the text starts with `#` (or holds ` #`), YAML read it as a comment: put it in quotes, `{key}: \"#1 …\"`"
            ),
        );
    }
}
