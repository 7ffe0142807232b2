//! Filter and sort data of the creator directory and the campaign list.
//!
//! The directory pages print every row without JavaScript (progressive
//! enhancement); the theme's `filters.js` then filters and sorts the rows
//! in place from `data-*` attributes written from this data, and keeps the
//! state in the URL query. The option lists are the values that occur in the
//! rows, with their counts, so no filter can come up empty.
//!
//! Everything comes from the resolved [`Site`]: relationship status and
//! owner are `None` in a public build, so their filters and attributes only
//! exist in team builds. Computed once, for the one page that shows it.

use crate::resolve::Site;
use crate::resolve::types::{CampaignCard, Creator};
use crate::text;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One choice of a filter.
#[derive(Debug, Serialize, PartialEq)]
pub struct Choice {
    /// URL value: `tiktok`, `france`.
    pub value: String,
    /// For people: `TikTok`, `France`.
    pub label: String,
    /// Rows that carry it.
    pub count: usize,
}

/// One filter: a `<select>` named `key`.
#[derive(Debug, Serialize)]
pub struct Facet {
    /// Query parameter and field name: `network`.
    pub key: &'static str,
    /// Label: `Network`.
    pub label: String,
    /// Choices, sorted by label (or in their natural order).
    pub choices: Vec<Choice>,
}

/// A creator row's filter values.
#[derive(Debug, Serialize)]
pub struct CreatorRow {
    /// Network values, space-separated (field names match the facet keys,
    /// which `filters.js` reads as `data-<key>`).
    pub network: String,
    /// Networks with followers: `instagram:186400 tiktok:243900`, so a
    /// follower range can apply to the chosen network.
    pub nets: String,
    /// Niche values, space-separated.
    pub niche: String,
    /// Country value.
    pub country: String,
    /// Language values, space-separated.
    pub language: String,
    /// Total followers.
    pub followers: u64,
    /// Follower-weighted engagement rate in percent, when known.
    pub engagement: Option<f64>,
    /// Engagement rate in percent of each network's account, where known:
    /// `instagram:4.8 tiktok:3.1`, so an engagement sort with a network
    /// chosen ranks by that network's rate (rates are not comparable across
    /// networks).
    pub rates: String,
    /// Same, for display: `4.8%`, `—`.
    pub engagement_display: String,
    /// On-time delivery ratio 0–1, when known.
    pub on_time: Option<f64>,
    /// Folded name, handle and place, for the quick text filter and sort.
    pub text: String,
    /// Team only: status value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    /// Team only: owner value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// A campaign row's filter values.
#[derive(Debug, Serialize)]
pub struct CampaignRow {
    /// Brand value.
    pub brand: String,
    /// Objective value.
    pub objective: String,
    /// Stage value (`""` when none).
    pub stage: &'static str,
    /// Year (`""` when unknown).
    pub year: String,
    /// Recap date, for sorting.
    pub date: String,
    /// Folded title and brand, for the quick text filter and sort.
    pub text: String,
}

/// Facets and rows of a listing; `rows[i]` belongs to the i-th listed entry.
#[derive(Debug, Serialize)]
pub struct Directory<R> {
    /// Filters, in display order.
    pub facets: Vec<Facet>,
    /// One per row, in the listing's order.
    pub rows: Vec<R>,
}

/// Counts values and keeps their first label.
#[derive(Default)]
struct Tally(BTreeMap<String, (String, usize)>);

impl Tally {
    fn add(&mut self, value: &str, label: &str) {
        match self.0.get_mut(value) {
            Some((_, n)) => *n += 1,
            None => {
                self.0.insert(value.to_string(), (label.to_string(), 1));
            }
        }
    }

    /// Choices sorted by folded label.
    fn by_label(self) -> Vec<Choice> {
        let mut v: Vec<Choice> = self
            .0
            .into_iter()
            .map(|(value, (label, count))| Choice {
                value,
                label,
                count,
            })
            .collect();
        v.sort_by_cached_key(|c| (text::fold(&c.label), c.value.clone()));
        v
    }

    /// Choices in the order of `order` (values not in it last).
    fn in_order(self, order: &[&str]) -> Vec<Choice> {
        let mut v = self.by_label();
        v.sort_by_key(|c| {
            order
                .iter()
                .position(|o| *o == c.value)
                .unwrap_or(usize::MAX)
        });
        v
    }
}

/// Follower-weighted mean engagement over accounts where both are known.
fn engagement(c: &Creator) -> Option<f64> {
    let (mut w, mut sum) = (0.0, 0.0);
    for p in &c.card.platforms {
        if let (Some(f), Some(e)) = (p.followers.value, p.engagement.value)
            && f > 0.0
            && e.is_finite()
        {
            w += f;
            sum += f * e;
        }
    }
    (w > 0.0).then(|| ((sum / w) * 100.0).round() / 100.0)
}

/// `network:rate` for each network whose account has a known engagement
/// rate (the first account of a network, as for followers).
fn rates(c: &Creator) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for p in &c.card.platforms {
        if seen.contains(&p.network) {
            continue;
        }
        seen.push(p.network);
        if let Some(e) = p.engagement.value.filter(|e| e.is_finite()) {
            out.push(format!("{}:{}", p.network, (e * 100.0).round() / 100.0));
        }
    }
    out.join(" ")
}

/// One creator's directory row and the filter choices it counts in.
#[derive(Debug)]
pub struct RowData {
    /// The row's filter data.
    pub row: Arc<CreatorRow>,
    /// The same as a template value.
    pub value: tera::Value,
    /// (facet, value, label) for each choice this creator counts in.
    marks: Vec<(FacetKey, String, String)>,
}

/// The creator directory's facets, in display order.
#[derive(Debug, Clone, Copy, PartialEq)]
enum FacetKey {
    Network,
    Niche,
    Country,
    Language,
    Status,
    Owner,
}

/// The row of `c` in a site of language `lang`: a function of the view
/// alone, which the dev server remembers per view.
pub fn creator_row(c: &Creator, lang: &crate::i18n::Lang) -> RowData {
    let card = &c.card;
    let mut marks = Vec::new();
    let mut mark = |f: FacetKey, name: &str| {
        let v = text::name_slug(name);
        marks.push((f, v.clone(), name.to_string()));
        v
    };
    let mut net_list: Vec<(&str, u64)> = Vec::new();
    for p in &card.platforms {
        if !net_list.iter().any(|(n, _)| *n == p.network) {
            net_list.push((p.network, p.followers.value.unwrap_or(0.0) as u64));
        }
    }
    let niche_v: Vec<String> = card
        .niches
        .iter()
        .map(|n| mark(FacetKey::Niche, &n.name))
        .collect();
    let lang_v: Vec<String> = card
        .languages
        .iter()
        .map(|l| mark(FacetKey::Language, &l.name))
        .collect();
    let country = card
        .country
        .as_ref()
        .map(|l| mark(FacetKey::Country, &l.name))
        .unwrap_or_default();
    let owner = card.owner.as_ref().map(|o| mark(FacetKey::Owner, o));
    for p in &card.platforms {
        if !marks
            .iter()
            .any(|(f, v, _)| *f == FacetKey::Network && v == p.network)
        {
            marks.push((
                FacetKey::Network,
                p.network.to_string(),
                p.label.to_string(),
            ));
        }
    }
    let status = card.status.as_ref().map(|s| {
        marks.push((FacetKey::Status, s.value.to_string(), s.label.clone()));
        s.value
    });
    let eng = engagement(c);
    let mut words = vec![card.name.as_str()];
    words.extend(card.handle.as_deref());
    words.extend(card.location.as_deref());
    let row = CreatorRow {
        network: net_list
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(" "),
        nets: net_list
            .iter()
            .map(|(n, f)| format!("{n}:{f}"))
            .collect::<Vec<_>>()
            .join(" "),
        niche: niche_v.join(" "),
        country,
        language: lang_v.join(" "),
        followers: card.total_followers.value.unwrap_or(0.0) as u64,
        engagement: eng,
        rates: rates(c),
        engagement_display: eng.map_or("—".into(), |e| lang.locale.percent_value(e)),
        on_time: c.kpis.on_time_rate.value,
        text: text::fold(&words.join(" ")),
        status,
        owner,
    };
    RowData {
        value: tera::Value::from_serializable(&row),
        row: Arc::new(row),
        marks,
    }
}

/// The directory as a template value: `data` (where its data files
/// are, see `pagination::data_files`), the facets (of the whole roster,
/// as a template value made once) and the rows of one page, their values
/// made already.
pub fn value(facets: &tera::Value, rows: &[Arc<RowData>], data: tera::Value) -> tera::Value {
    let mut m: BTreeMap<&'static str, tera::Value> = BTreeMap::new();
    m.insert("facets", facets.clone());
    m.insert("data", data);
    m.insert(
        "rows",
        tera::Value::from(rows.iter().map(|r| r.value.clone()).collect::<Vec<_>>()),
    );
    tera::Value::from(m)
}

/// The creator directory's filters and rows, in `site.creators` order,
/// from each creator's [`creator_row`] (`rows[i]` is `site.creators[i]`'s).
pub fn creators_from(site: &Site, rows: &[Arc<RowData>]) -> Directory<Arc<CreatorRow>> {
    let mut tallies: [Tally; 6] = Default::default();
    for r in rows {
        for (f, value, label) in &r.marks {
            if let Some(t) = tallies.get_mut(*f as usize) {
                t.add(value, label);
            }
        }
    }
    let [nets, niches, countries, langs, statuses, owners] = tallies;
    let status_order: Vec<&str> = crate::model::CreatorStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .collect();
    let mut facets = vec![
        facet("network", site.lang.t("facet.network"), nets.by_label()),
        facet("niche", site.lang.t("facet.niche"), niches.by_label()),
        facet(
            "country",
            site.lang.t("facet.country"),
            countries.by_label(),
        ),
        facet("language", site.lang.t("facet.language"), langs.by_label()),
    ];
    if site.info.team {
        facets.push(facet(
            "status",
            site.lang.t("facet.status"),
            statuses.in_order(&status_order),
        ));
        facets.push(facet(
            "owner",
            site.lang.t("facet.owner"),
            owners.by_label(),
        ));
    }
    Directory {
        facets,
        rows: rows.iter().map(|r| r.row.clone()).collect(),
    }
}

fn facet(key: &'static str, label: &str, choices: Vec<Choice>) -> Facet {
    Facet {
        key,
        label: label.to_string(),
        choices,
    }
}

fn campaign_row(k: &CampaignCard, brands: &mut Tally, objectives: &mut Tally) -> CampaignRow {
    let brand = text::name_slug(&k.brand.name);
    brands.add(&brand, &k.brand.name);
    let objective = text::name_slug(&k.objective.name);
    objectives.add(&objective, &k.objective.name);
    CampaignRow {
        brand,
        objective,
        stage: k.stage.as_ref().map_or("", |s| s.value),
        year: k.year.map(|y| y.to_string()).unwrap_or_default(),
        date: k.date.clone().unwrap_or_default(),
        text: text::fold(&format!("{} {}", k.title, k.brand.name)),
    }
}

/// The campaign list's filters and rows, in `site.campaigns` order.
pub fn campaigns(site: &Site) -> Directory<CampaignRow> {
    let (mut brands, mut objectives, mut stages, mut years): (Tally, Tally, Tally, Tally) =
        Default::default();
    let rows: Vec<CampaignRow> = site
        .campaigns
        .iter()
        .map(|c| {
            let row = campaign_row(&c.card, &mut brands, &mut objectives);
            if let Some(s) = &c.card.stage {
                stages.add(s.value, &s.label);
            }
            if !row.year.is_empty() {
                years.add(&row.year, &row.year);
            }
            row
        })
        .collect();
    let stage_order: Vec<&str> = crate::model::Stage::ALL
        .iter()
        .map(|s| s.as_str())
        .collect();
    let mut year_choices = years.by_label();
    year_choices.reverse(); // newest first, like the list
    Directory {
        facets: vec![
            facet("brand", site.lang.t("facet.brand"), brands.by_label()),
            facet(
                "objective",
                site.lang.t("facet.objective"),
                objectives.by_label(),
            ),
            facet(
                "stage",
                site.lang.t("facet.stage"),
                stages.in_order(&stage_order),
            ),
            facet("year", site.lang.t("facet.year"), year_choices),
        ],
        rows,
    }
}

/// Adds `directory` to the context of a page of the campaign list: the
/// facets of every campaign and the rows in `range` (the creator
/// directory's comes with its rows: see `page::table_rows`).
pub fn insert_campaigns(
    all: &Directory<CampaignRow>,
    range: std::ops::Range<usize>,
    data: tera::Value,
    cx: &mut tera::Context,
) {
    let rows = all.rows.get(range).unwrap_or_default();
    let mut m: BTreeMap<&'static str, tera::Value> = BTreeMap::new();
    m.insert("facets", tera::Value::from_serializable(&all.facets));
    m.insert("rows", tera::Value::from_serializable(&rows));
    m.insert("data", data);
    cx.insert_value("directory", tera::Value::from(m));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_sort_by_label_and_order() {
        let mut t = Tally::default();
        t.add("zeta", "Zeta");
        t.add("ecole", "École");
        t.add("zeta", "Zeta");
        let v = t.by_label();
        assert_eq!(v[0].label, "École");
        assert_eq!(v[1].count, 2);
        let mut t = Tally::default();
        t.add("b", "B");
        t.add("a", "A");
        assert_eq!(t.in_order(&["b", "a"])[0].value, "b");
    }
}
