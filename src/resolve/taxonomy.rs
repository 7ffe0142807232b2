//! Taxonomies: niches, networks, brands, countries, languages, objectives,
//! each with its list page and one page per value.

use super::Urls;
use super::types::{Site, Taxonomy, TaxonomyTerm};
use rayon::prelude::*;
use std::collections::BTreeMap;

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
pub fn build(site: &Site, urls: Urls, lang: &crate::i18n::Lang) -> Vec<Taxonomy> {
    SPECS
        .par_iter()
        .map(|spec| {
            // slug → (name, creators, campaigns); BTreeMap keeps output stable.
            let mut terms: BTreeMap<String, (String, Vec<usize>, Vec<usize>)> = BTreeMap::new();
            let mut add =
                |slug: &str, name: &str, creator: Option<usize>, campaign: Option<usize>| {
                    // Look up before inserting: most adds find their term,
                    // and need not copy its slug.
                    if !terms.contains_key(slug) {
                        terms.insert(slug.to_string(), (name.to_string(), Vec::new(), Vec::new()));
                    }
                    let Some(t) = terms.get_mut(slug) else {
                        return;
                    };
                    if let Some(c) = creator
                        && t.1.last() != Some(&c)
                    {
                        t.1.push(c);
                    }
                    if let Some(c) = campaign
                        && t.2.last() != Some(&c)
                    {
                        t.2.push(c);
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
                .map(|(slug, (name, creators, campaigns))| TaxonomyTerm {
                    path: urls.dir(&format!("{}/{slug}/", spec.key)),
                    count: creators.len() + campaigns.len(),
                    name,
                    slug,
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
