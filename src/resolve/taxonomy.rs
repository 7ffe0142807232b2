//! Taxonomies: niches, networks, brands, countries, languages, objectives,
//! each with its list page and one page per value.

use super::Urls;
use super::types::{Site, Taxonomy, TaxonomyTerm};
use crate::fasthash::{HashMap, HashMapExt};
use rayon::prelude::*;

struct Spec {
    key: &'static str,
    title: &'static str,
    singular: &'static str,
}

/// Whether `folder` is the URL folder of a taxonomy (`niches`, …).
pub fn is_key(folder: &str) -> bool {
    SPECS.iter().any(|s| s.key == folder)
}

const SPECS: &[Spec] = &[
    Spec {
        key: "niches",
        title: "Niches",
        singular: "Niche",
    },
    Spec {
        key: "networks",
        title: "Networks",
        singular: "Network",
    },
    Spec {
        key: "brands",
        title: "Brands",
        singular: "Brand",
    },
    Spec {
        key: "countries",
        title: "Countries",
        singular: "Country",
    },
    Spec {
        key: "languages",
        title: "Languages",
        singular: "Language",
    },
    Spec {
        key: "objectives",
        title: "Objectives",
        singular: "Objective",
    },
];

/// Builds every taxonomy from the resolved creators and campaigns.
pub fn build<'s>(site: &'s Site, urls: Urls, lang: &crate::i18n::Lang) -> Vec<Taxonomy> {
    SPECS
        .par_iter()
        .map(|spec| {
            // Terms in order of first appearance, found by slug through an
            // index (borrowed keys: no copy per add); sorted at the end, by
            // a total order, so the output does not depend on that order.
            let mut index: HashMap<&str, usize> = HashMap::new();
            let mut terms: Vec<(&str, &str, Vec<usize>, Vec<usize>)> = Vec::new();
            let mut add =
                |slug: &'s str, name: &'s str, creator: Option<usize>, campaign: Option<usize>| {
                    let n = *index.entry(slug).or_insert_with(|| {
                        terms.push((slug, name, Vec::new(), Vec::new()));
                        terms.len() - 1
                    });
                    let Some(t) = terms.get_mut(n) else {
                        return;
                    };
                    if let Some(c) = creator
                        && t.2.last() != Some(&c)
                    {
                        t.2.push(c);
                    }
                    if let Some(c) = campaign
                        && t.3.last() != Some(&c)
                    {
                        t.3.push(c);
                    }
                };
            for (i, c) in site.creators.iter().enumerate() {
                let card = &c.card;
                match spec.key {
                    "niches" => card
                        .niches
                        .iter()
                        .for_each(|l| add(&l.slug, &l.name, Some(i), None)),
                    "languages" => card
                        .languages
                        .iter()
                        .for_each(|l| add(&l.slug, &l.name, Some(i), None)),
                    "countries" => card
                        .country
                        .iter()
                        .for_each(|l| add(&l.slug, &l.name, Some(i), None)),
                    "networks" => card
                        .platforms
                        .iter()
                        .for_each(|p| add(p.network, p.label, Some(i), None)),
                    _ => {}
                }
            }
            for (i, c) in site.campaigns.iter().enumerate() {
                match spec.key {
                    "brands" => add(&c.card.brand.slug, &c.card.brand.name, None, Some(i)),
                    "objectives" => add(
                        &c.card.objective.slug,
                        &c.card.objective.name,
                        None,
                        Some(i),
                    ),
                    "countries" => c
                        .markets
                        .iter()
                        .for_each(|l| add(&l.slug, &l.name, None, Some(i))),
                    "networks" => c
                        .channels
                        .iter()
                        .for_each(|ch| add(ch.value, &ch.label, None, Some(i))),
                    _ => {}
                }
            }
            let mut terms: Vec<TaxonomyTerm> = terms
                .into_iter()
                .map(|(slug, name, creators, campaigns)| TaxonomyTerm {
                    path: urls.dir(&format!("{}/{slug}/", spec.key)),
                    count: creators.len() + campaigns.len(),
                    name: name.to_string(),
                    slug: slug.to_string(),
                    creators,
                    campaigns,
                })
                .collect();
            terms.sort_by_cached_key(|t| (crate::text::fold(&t.name), t.slug.clone()));
            Taxonomy {
                key: spec.key,
                title: lang
                    .get(&format!("taxonomy.{}.title", spec.key))
                    .unwrap_or(spec.title)
                    .to_string(),
                singular: lang
                    .get(&format!("taxonomy.{}.singular", spec.key))
                    .unwrap_or(spec.singular)
                    .to_string(),
                path: urls.dir(&format!("{}/", spec.key)),
                terms,
            }
        })
        .collect()
}
