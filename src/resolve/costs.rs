//! Cost figures (team builds only): CPM, CPV, CPE and cost per click per
//! participation, per campaign, per creator, and compared per brand and per
//! objective (`costs/`). Public builds never call this: their `Site` holds
//! no cost, and no page, link or file of one exists.
//!
//! The definitions (docs/content.md, "Cost figures"):
//! - a participation's cost is its `fee`;
//! - a campaign's cost is the sum of its visible participations' fees (not
//!   its `budget`, a plan that may hold production or paid media no result
//!   is reported for); its results are the campaign's `results` totals;
//! - fees are in the campaign budget's `currency`; money in different
//!   currencies (or in none) is never added: creators, brands and
//!   objectives get one row per currency;
//! - an aggregate figure counts only the participations (creators) or
//!   campaigns (brands, objectives) that have both a cost and that result,
//!   so money spent where nothing was reported does not inflate it;
//! - a figure whose cost or result is missing or zero is "—".

use super::kpi;
use super::types::{Campaign, Figure, Link, Metric, Site};
use crate::i18n::Locale;
use serde::Serialize;
use std::collections::BTreeMap;

/// The four figures: key, the result they divide by, and the multiplier
/// (per thousand for CPM).
pub const FIGURES: [(&str, &str, f64); 4] = [
    ("cpm", "impressions", 1000.0),
    ("cpv", "views", 1.0),
    ("cpe", "engagements", 1.0),
    ("cpc", "clicks", 1.0),
];

/// `cost ÷ result × per`, or `None` when either input is missing, zero,
/// negative or not finite (never 0 or infinity).
pub fn ratio(cost: Option<f64>, result: Option<f64>, per: f64) -> Option<f64> {
    let usable = |x: Option<f64>| x.filter(|v| v.is_finite() && *v > 0.0);
    let v = usable(cost)? / usable(result)? * per;
    v.is_finite().then_some(v)
}

/// Money and what it bought: the cost and the four figures.
#[derive(Debug, Clone, Serialize)]
pub struct CostRow {
    /// ISO 4217 code of every amount in the row, `None` when the campaign
    /// budget names none.
    pub currency: Option<String>,
    /// The cost.
    pub cost: Figure,
    /// Cost per thousand impressions.
    pub cpm: Figure,
    /// Cost per view.
    pub cpv: Figure,
    /// Cost per engagement.
    pub cpe: Figure,
    /// Cost per click.
    pub cpc: Figure,
}

/// One participation's costs on its campaign's page.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipationCosts {
    /// The creator.
    pub creator: Link,
    /// Fee and figures.
    #[serde(flatten)]
    pub row: CostRow,
}

/// A campaign's costs: the campaign row and one row per participation.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignCosts {
    /// The campaign.
    pub campaign: Link,
    /// Its brand.
    pub brand: Link,
    /// Its objective.
    pub objective: Link,
    /// Some participation has a fee.
    pub has_cost: bool,
    /// Sum of fees and figures over the campaign totals.
    pub total: CostRow,
    /// Each visible participation, in the order written.
    pub participations: Vec<ParticipationCosts>,
}

/// A creator's costs, one row per currency they were paid in.
#[derive(Debug, Clone, Serialize)]
pub struct CreatorCosts {
    /// The creator.
    pub creator: Link,
    /// Rows sorted by currency (`None` last).
    pub rows: Vec<GroupRow>,
}

/// One group (a creator, brand or objective) in one currency.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    /// The brand or objective (empty for a creator's own rows).
    pub name: Link,
    /// Participations (creator) or campaigns (brand, objective) with a cost.
    pub count: usize,
    /// Summed costs and the figures.
    #[serde(flatten)]
    pub row: CostRow,
}

/// The team's cost figures of one language's site.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Costs {
    /// Campaigns with a cost (some fee).
    pub paid: usize,
    /// One per campaign of `Site::campaigns`, same order.
    pub campaigns: Vec<CampaignCosts>,
    /// One per creator of `Site::creators`, same order.
    pub creators: Vec<CreatorCosts>,
    /// Per brand then currency, brands by name.
    pub by_brand: Vec<GroupRow>,
    /// Per objective (in the vocabulary's order) then currency.
    pub by_objective: Vec<GroupRow>,
}

/// Sums of a cost and of each figure's matched cost and result.
#[derive(Debug, Clone, Default)]
struct Acc {
    count: usize,
    cost: f64,
    /// Per figure: cost and result of the items that have both.
    matched: [(f64, f64); 4],
}

impl Acc {
    fn add(&mut self, cost: Option<f64>, results: &[Metric]) {
        let Some(c) = cost.filter(|c| c.is_finite() && *c > 0.0) else {
            return;
        };
        self.count += 1;
        self.cost += c;
        for (i, (_, metric, _)) in FIGURES.iter().enumerate() {
            if let Some(r) = result(results, metric).filter(|r| *r > 0.0)
                && let Some(m) = self.matched.get_mut(i)
            {
                m.0 += c;
                m.1 += r;
            }
        }
    }

    fn row(&self, currency: Option<String>, loc: &Locale) -> CostRow {
        let f = |i: usize| {
            let (c, r) = self.matched.get(i).copied().unwrap_or_default();
            figure(ratio(Some(c), Some(r), per(i)), currency.as_deref(), loc)
        };
        CostRow {
            cost: total(
                Some(self.cost).filter(|c| *c > 0.0),
                currency.as_deref(),
                loc,
            ),
            cpm: f(0),
            cpv: f(1),
            cpe: f(2),
            cpc: f(3),
            currency,
        }
    }
}

fn per(i: usize) -> f64 {
    FIGURES.get(i).map_or(1.0, |f| f.2)
}

/// The value of `key` among `results`, when finite.
fn result(results: &[Metric], key: &str) -> Option<f64> {
    results
        .iter()
        .find(|m| m.key == key)
        .map(|m| m.value)
        .filter(|v| v.is_finite())
}

/// A cost per result with its currency, "—" when unknown.
pub fn figure(v: Option<f64>, currency: Option<&str>, loc: &Locale) -> Figure {
    amount(v, currency, loc.money(v.unwrap_or_default()))
}

/// A cost as fees are shown (`4,615 EUR`), "—" when unknown.
fn total(v: Option<f64>, currency: Option<&str>, loc: &Locale) -> Figure {
    amount(v, currency, loc.number(v.unwrap_or_default()))
}

fn amount(v: Option<f64>, currency: Option<&str>, shown: String) -> Figure {
    match v {
        Some(v) => Figure {
            value: Some(v),
            display: match currency {
                Some(c) => format!("{shown} {c}"),
                None => shown,
            },
            sample: None,
        },
        None => kpi::unknown(),
    }
}

/// One cost and the results it bought, as a row.
pub fn row(cost: Option<f64>, results: &[Metric], currency: Option<&str>, loc: &Locale) -> CostRow {
    let f = |i: usize| {
        let metric = FIGURES.get(i).map_or("", |f| f.1);
        figure(ratio(cost, result(results, metric), per(i)), currency, loc)
    };
    CostRow {
        currency: currency.map(str::to_string),
        cost: total(cost.filter(|c| c.is_finite() && *c > 0.0), currency, loc),
        cpm: f(0),
        cpv: f(1),
        cpe: f(2),
        cpc: f(3),
    }
}

fn campaign_link(c: &Campaign) -> Link {
    Link {
        name: c.card.title.clone(),
        path: c.card.path.clone(),
        slug: c.card.slug.clone(),
        fallback: c.card.fallback.clone(),
    }
}

/// The costs of one campaign (team views hold the fees).
fn campaign_costs(c: &Campaign, loc: &Locale) -> CampaignCosts {
    let currency = c.budget_currency.as_deref();
    let mut sum = 0.0;
    let mut has_cost = false;
    let participations = c
        .participants
        .iter()
        .map(|p| {
            let fee = p.participation.fee_amount.filter(|f| f.is_finite());
            if let Some(f) = fee {
                sum += f;
                has_cost |= f > 0.0;
            }
            ParticipationCosts {
                creator: p.creator.clone(),
                row: row(fee, &p.participation.results, currency, loc),
            }
        })
        .collect();
    CampaignCosts {
        campaign: campaign_link(c),
        brand: c.card.brand.clone(),
        objective: c.card.objective.clone(),
        has_cost,
        total: row(Some(sum), &c.results, currency, loc),
        participations,
    }
}

/// Sums per currency (`None`: the budget names none).
type ByCurrency<'a> = BTreeMap<Option<&'a str>, Acc>;

/// Every cost figure of `site` (one language, team build).
pub fn costs(site: &Site) -> Costs {
    let loc = &site.lang.locale;
    let campaigns: Vec<CampaignCosts> = site
        .campaigns
        .iter()
        .map(|c| campaign_costs(c, loc))
        .collect();
    // Creator slug → currency → sums.
    let mut per_creator: BTreeMap<&str, ByCurrency<'_>> = BTreeMap::new();
    // (brand name, brand slug) / objective → currency → sums.
    let mut per_brand: BTreeMap<(String, &str), (Link, ByCurrency<'_>)> = BTreeMap::new();
    let mut per_objective: BTreeMap<usize, (Link, ByCurrency<'_>)> = BTreeMap::new();
    for (c, costs) in site.campaigns.iter().zip(&campaigns) {
        let currency = c.budget_currency.as_deref();
        // The campaign's cost as its page shows it (the sum of its fees).
        let sum = costs.total.cost.value;
        for p in &c.participants {
            let fee = p.participation.fee_amount;
            per_creator
                .entry(p.creator.slug.as_str())
                .or_default()
                .entry(currency)
                .or_default()
                .add(fee, &p.participation.results);
        }
        let brand = &c.card.brand;
        let key = (crate::text::fold(&brand.name), brand.slug.as_str());
        per_brand
            .entry(key)
            .or_insert_with(|| (brand.clone(), BTreeMap::new()))
            .1
            .entry(currency)
            .or_default()
            .add(sum, &c.results);
        let obj = &c.card.objective;
        let at = crate::model::Objective::ALL
            .iter()
            .position(|o| o.as_str() == obj.slug)
            .unwrap_or(usize::MAX);
        per_objective
            .entry(at)
            .or_insert_with(|| (obj.clone(), BTreeMap::new()))
            .1
            .entry(currency)
            .or_default()
            .add(sum, &c.results);
    }
    let groups = |name: &Link, by: &ByCurrency<'_>| -> Vec<GroupRow> {
        // `None` (no currency) after the named ones.
        let mut rows: Vec<GroupRow> = by
            .iter()
            .filter(|(_, a)| a.count > 0)
            .map(|(cur, a)| GroupRow {
                name: name.clone(),
                count: a.count,
                row: a.row(cur.map(str::to_string), loc),
            })
            .collect();
        rows.sort_by_key(|r| r.row.currency.is_none());
        rows
    };
    let creators = site
        .creators
        .iter()
        .map(|c| {
            let link = Link {
                name: c.card.name.clone(),
                path: c.card.path.clone(),
                slug: c.card.slug.clone(),
                fallback: c.card.fallback.clone(),
            };
            let rows = per_creator
                .get(c.card.slug.as_str())
                .map(|by| groups(&Link::nav(String::new(), ""), by))
                .unwrap_or_default();
            CreatorCosts {
                creator: link,
                rows,
            }
        })
        .collect();
    Costs {
        paid: campaigns.iter().filter(|c| c.has_cost).count(),
        campaigns,
        creators,
        by_brand: per_brand
            .values()
            .flat_map(|(l, by)| groups(l, by))
            .collect(),
        by_objective: per_objective
            .values()
            .flat_map(|(l, by)| groups(l, by))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(key: &str, value: f64) -> Metric {
        Metric {
            key: key.into(),
            label: key.into(),
            value,
            display: String::new(),
        }
    }

    #[test]
    fn formulas() {
        assert_eq!(ratio(Some(500.0), Some(100_000.0), 1000.0), Some(5.0));
        assert_eq!(ratio(Some(300.0), Some(1200.0), 1.0), Some(0.25));
        let loc = Locale::english_for_tests();
        let r = row(
            Some(6835.0),
            &[
                m("impressions", 250_000.0),
                m("views", 96_240.0),
                m("engagements", 8815.0),
                m("clicks", 4132.0),
            ],
            Some("EUR"),
            &loc,
        );
        assert_eq!(r.cost.display, "6,835 EUR");
        assert_eq!(r.cpm.value, Some(27.34));
        assert_eq!(r.cpm.display, "27.34 EUR");
        assert_eq!(r.cpv.display, "0.071 EUR");
        assert_eq!(r.cpe.display, "0.775 EUR");
        assert_eq!(r.cpc.display, "1.65 EUR");
        let fr = row(
            Some(6835.0),
            &[m("clicks", 4132.0)],
            Some("EUR"),
            &Locale::french_for_tests(),
        );
        assert_eq!(fr.cpc.value, r.cpc.value);
        assert_ne!(
            fr.cost.display, r.cost.display,
            "French groups digits its own way"
        );
    }

    #[test]
    fn missing_or_zero_inputs_are_dashes() {
        assert_eq!(ratio(None, Some(10.0), 1.0), None);
        assert_eq!(ratio(Some(10.0), None, 1.0), None);
        assert_eq!(ratio(Some(0.0), Some(10.0), 1.0), None);
        assert_eq!(ratio(Some(10.0), Some(0.0), 1.0), None);
        assert_eq!(ratio(Some(f64::NAN), Some(10.0), 1.0), None);
        assert_eq!(ratio(Some(10.0), Some(-3.0), 1.0), None);
        assert_eq!(ratio(Some(f64::MAX), Some(f64::MIN_POSITIVE), 1000.0), None);
        let loc = Locale::english_for_tests();
        // A fee but no results: every figure "—", the cost still shown.
        let r = row(Some(900.0), &[], Some("EUR"), &loc);
        for f in [&r.cpm, &r.cpv, &r.cpe, &r.cpc] {
            assert_eq!(f.value, None);
            assert_eq!(f.display, "—");
        }
        assert_eq!(r.cost.value, Some(900.0));
        // Results but no fee: nothing to divide.
        let r = row(None, &[m("views", 10.0)], None, &loc);
        assert_eq!(
            (r.cost.display.as_str(), r.cpv.display.as_str()),
            ("—", "—")
        );
    }

    #[test]
    fn aggregates_match_cost_to_results_and_never_mix_currencies() {
        let loc = Locale::english_for_tests();
        let mut eur = Acc::default();
        eur.add(Some(1000.0), &[m("views", 10_000.0)]);
        // Paid, nothing reported: counted in the cost, not in the CPV.
        eur.add(Some(500.0), &[]);
        eur.add(None, &[m("views", 99_999.0)]);
        let r = eur.row(Some("EUR".into()), &loc);
        assert_eq!(eur.count, 2);
        assert_eq!(r.cost.value, Some(1500.0));
        assert_eq!(r.cpv.value, Some(0.1));
        assert_eq!(r.cpm.display, "—");
        let mut by: ByCurrency<'_> = BTreeMap::new();
        by.entry(Some("EUR"))
            .or_default()
            .add(Some(100.0), &[m("clicks", 10.0)]);
        by.entry(Some("GBP"))
            .or_default()
            .add(Some(300.0), &[m("clicks", 10.0)]);
        by.entry(None)
            .or_default()
            .add(Some(7.0), &[m("clicks", 1.0)]);
        let rows: Vec<CostRow> = by
            .iter()
            .map(|(c, a)| a.row(c.map(str::to_string), &loc))
            .collect();
        let cpc: Vec<Option<f64>> = rows.iter().map(|r| r.cpc.value).collect();
        assert_eq!(cpc, [Some(7.0), Some(10.0), Some(30.0)]);
        assert!(rows.iter().all(|r| r.cost.value != Some(407.0)));
    }
}
