//! The learnings page (`learnings/`, team builds only): every campaign's
//! `learnings`, grouped by brand and by objective, each group's campaigns
//! linking to their recaps, so the next brief starts from them. Public
//! builds never call this.
//!
//! Order is fixed: brands by folded name then slug, objectives in the
//! vocabulary's order, campaigns in the site's order (newest first, ties
//! by slug) within a group.

use super::types::{Campaign, Link, Site};
use crate::model::Objective;
use serde::Serialize;
use std::collections::BTreeMap;

/// The learnings of one language's site.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Learnings {
    /// Campaigns with learnings.
    pub campaigns: usize,
    /// Learnings in all.
    pub total: usize,
    /// One group per brand.
    pub by_brand: Vec<Group>,
    /// One group per objective.
    pub by_objective: Vec<Group>,
}

/// A brand's or objective's campaigns and their learnings.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The brand or objective, with its taxonomy page.
    pub name: Link,
    /// Learnings in this group.
    pub total: usize,
    /// The campaigns, newest first.
    pub campaigns: Vec<CampaignLearnings>,
}

/// One campaign's learnings.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignLearnings {
    /// The recap.
    pub campaign: Link,
    /// Its brand (shown under an objective).
    pub brand: Link,
    /// Its objective (shown under a brand).
    pub objective: Link,
    /// Recap date, ISO, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// As written, in order.
    pub learnings: Vec<String>,
}

fn item(c: &Campaign) -> CampaignLearnings {
    CampaignLearnings {
        campaign: Link {
            name: c.card.title.clone(),
            path: c.card.path.clone(),
            slug: c.card.slug.clone(),
            fallback: c.card.fallback.clone(),
        },
        brand: c.card.brand.clone(),
        objective: c.card.objective.clone(),
        date: c.card.date.clone(),
        learnings: c.learnings.clone(),
    }
}

/// Groups the learnings of `site`'s campaigns (one language).
pub fn learnings(site: &Site) -> Learnings {
    let mut brands: BTreeMap<(String, &str), Group> = BTreeMap::new();
    let mut objectives: BTreeMap<usize, Group> = BTreeMap::new();
    let mut out = Learnings::default();
    let with = site.campaigns.iter().filter(|c| !c.learnings.is_empty());
    for c in with {
        out.campaigns += 1;
        out.total += c.learnings.len();
        let brand = &c.card.brand;
        let objective = &c.card.objective;
        let at = Objective::ALL
            .iter()
            .position(|o| o.as_str() == objective.slug)
            .unwrap_or(usize::MAX);
        let groups = [
            brands
                .entry((crate::text::fold(&brand.name), brand.slug.as_str()))
                .or_insert_with(|| empty(brand)),
            objectives.entry(at).or_insert_with(|| empty(objective)),
        ];
        for g in groups {
            g.total += c.learnings.len();
            g.campaigns.push(item(c));
        }
    }
    out.by_brand = brands.into_values().collect();
    out.by_objective = objectives.into_values().collect();
    out
}

fn empty(name: &Link) -> Group {
    Group {
        name: name.clone(),
        total: 0,
        campaigns: Vec::new(),
    }
}
