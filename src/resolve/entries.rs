//! Before views: which entries are originals and which translations, and
//! whether the references between them hold.

use super::validate::pos;
use crate::diag::{Diagnostics, Pos, did_you_mean};
use crate::fasthash::{HashMap, HashMapExt, HashSet, HashSetExt};
use crate::load::Entry;

/// Splits originals from translations, rejects duplicate slugs and
/// translations into languages the site does not have.
pub(super) fn originals<T>(
    entries: Vec<Entry<T>>,
    languages: &HashSet<&str>,
    diags: &mut Diagnostics,
) -> (Vec<Entry<T>>, Vec<Entry<T>>) {
    let (orig, trans): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| e.lang.is_none());
    // Which file first uses each slug, found without copying any.
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(orig.len());
    let mut dup = vec![false; orig.len()];
    for (i, e) in orig.iter().enumerate() {
        match first.get(e.slug.as_str()).and_then(|&f| orig.get(f)) {
            Some(f) => {
                // Report at the `slug:` line that made the clash: this
                // file's, or else the first file's (its name is the slug).
                let sets = |x: &Entry<T>| x.keys.iter().any(|(k, _)| k == "slug");
                let (at, other) = if !sets(e) && sets(f) { (f, e) } else { (e, f) };
                diags.error(&at.path, at.key_pos("slug"), format!("duplicate slug `{}`: {} already uses it; rename one of the files or set a different `slug:`", e.slug, other.path));
                dup[i] = true;
            }
            None => {
                first.insert(&e.slug, i);
            }
        }
    }
    let seen: HashSet<String> = trans
        .iter()
        .filter(|t| first.contains_key(t.slug.as_str()))
        .map(|t| t.slug.clone())
        .collect();
    drop(first);
    let out: Vec<Entry<T>> = orig
        .into_iter()
        .zip(dup)
        .filter(|(_, d)| !d)
        .map(|(e, _)| e)
        .collect();
    let mut translations = Vec::new();
    for t in trans {
        let lang = t.lang.as_deref().unwrap_or_default();
        if !languages.contains(lang) {
            let mut known: Vec<&str> = languages.iter().copied().collect();
            known.sort_unstable();
            let hint = if known.is_empty() {
                format!("add `languages: [{lang}]` to site.yaml")
            } else {
                format!(
                    "the site's further languages are {}; add `{lang}` to `languages` in site.yaml",
                    known.join(", ")
                )
            };
            diags.error(&t.path, Pos::new(1, 1), format!("translation into `{lang}`, a language this site does not have: {hint}, or rename the file"));
        } else if seen.contains(&t.slug) {
            translations.push(t);
        }
    }
    (out, translations)
}

/// Checks that `campaigns` name existing creators and that `check_terms`
/// relate to existing `terms`.
pub(super) fn check_references(
    creators: &[Entry<crate::model::CreatorFm>],
    campaigns: &[Entry<crate::model::CampaignFm>],
    terms: &[Entry<crate::model::TermFm>],
    check_terms: &[Entry<crate::model::TermFm>],
    unparsed: &[String],
    diags: &mut Diagnostics,
) {
    // Files that exist but did not parse are reported already; references to
    // them (by file name) are not reported again as missing.
    let broken = |folder: &str| -> HashSet<&str> {
        unparsed
            .iter()
            .filter_map(|p| {
                p.strip_prefix("content/")?
                    .strip_prefix(folder)?
                    .strip_suffix(".md")
            })
            .collect()
    };
    let mut creator_slugs: HashSet<&str> = creators.iter().map(|e| e.slug.as_str()).collect();
    creator_slugs.extend(broken("creators/"));
    for c in campaigns {
        let mut seen = HashSet::new();
        for p in &c.fm.creators {
            let slug = p.creator.value.as_str();
            if !creator_slugs.contains(slug) {
                let hint = did_you_mean(slug, creator_slugs.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_else(|| " — creators are referenced by the file name of their profile in content/creators/".to_string());
                diags.error(
                    &c.path,
                    pos(&p.creator),
                    format!("creator `{slug}` does not exist{hint}"),
                );
            } else if !seen.insert(slug) {
                diags.error(
                    &c.path,
                    pos(&p.creator),
                    format!("creator `{slug}` is listed twice in this campaign"),
                );
            }
        }
    }
    let mut term_slugs: HashSet<&str> = terms.iter().map(|e| e.slug.as_str()).collect();
    term_slugs.extend(broken("glossary/"));
    for t in check_terms {
        for r in &t.fm.related {
            if !term_slugs.contains(r.value.as_str()) {
                let hint = did_you_mean(&r.value, term_slugs.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                diags.error(
                    &t.path,
                    pos(r),
                    format!("related term `{}` does not exist{hint}", r.value),
                );
            }
        }
    }
}
