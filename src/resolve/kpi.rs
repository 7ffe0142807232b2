//! The figures of the content model, computed from participations.
//!
//! Derivations follow the content model: `responded` defaults from the
//! participation status, `on_time` from `due` and `published`. A figure whose
//! denominator is zero has no value and displays as "—".

use super::types::{Figure, Kpis, Metric, Sample};
use crate::i18n::{Lang, Locale};
use crate::model::{Participation, ParticipationStatus};
use std::collections::BTreeMap;

/// Whether the creator answered the outreach; `None` when not contacted yet.
pub fn responded(p: &Participation) -> Option<bool> {
    use ParticipationStatus as S;
    if p.responded.is_some() {
        return p.responded;
    }
    match p.status? {
        S::Shortlisted => None,
        S::Contacted | S::Cancelled => Some(false),
        _ => Some(true),
    }
}

/// Whether the delivery was on time; `None` when unknown.
pub fn on_time(p: &Participation) -> Option<bool> {
    p.on_time.or(match (p.due, p.published) {
        (Some(due), Some(published)) => Some(published <= due),
        _ => None,
    })
}

/// Whether the participation counts as a collaboration (for campaign counts
/// and the repeat rate): the creator got past the outreach and did not drop out.
pub fn collaborated(p: &Participation) -> bool {
    use ParticipationStatus as S;
    !matches!(
        p.status,
        Some(S::Shortlisted | S::Contacted | S::Declined | S::Cancelled)
    )
}

/// Accumulates figures over a set of participations.
#[derive(Default)]
pub struct Tally {
    contacted: u32,
    responded: u32,
    delivered: u32,
    on_time: u32,
    rounds_n: u32,
    rounds_sum: u64,
    quality_n: u32,
    quality_sum: u64,
    results: BTreeMap<String, f64>,
}

impl Tally {
    /// Counts one participation.
    pub fn add(&mut self, p: &Participation) {
        if let Some(r) = responded(p) {
            self.contacted += 1;
            self.responded += u32::from(r);
        }
        if let Some(t) = on_time(p) {
            self.delivered += 1;
            self.on_time += u32::from(t);
        }
        if let Some(r) = p.approval_rounds {
            self.rounds_n += 1;
            self.rounds_sum += u64::from(r);
        }
        if let Some(q) = &p.quality {
            self.quality_n += 1;
            self.quality_sum += u64::from(q.value);
        }
        for (k, v) in &p.results {
            if !v.is_finite() {
                continue;
            }
            // Most metrics are known already: no copy of the name for them.
            match self.results.get_mut(k) {
                Some(sum) => *sum += v,
                None => {
                    self.results.insert(k.clone(), 0.0 + *v);
                }
            }
        }
    }

    /// The figures, with `campaigns` as given.
    pub fn kpis(&self, campaigns: usize, lang: &Lang) -> Kpis {
        let loc = &lang.locale;
        Kpis {
            campaigns,
            response_rate: rate(self.responded, self.contacted, loc),
            on_time_rate: rate(self.on_time, self.delivered, loc),
            approval_rounds: mean(self.rounds_sum, self.rounds_n, loc),
            quality: mean(self.quality_sum, self.quality_n, loc),
            repeat_rate: None,
            results: metrics(&self.results, lang),
        }
    }
}

/// `num / den` as a percentage figure, "—" when `den` is zero.
pub fn rate(num: u32, den: u32, loc: &Locale) -> Figure {
    if den == 0 {
        return unknown();
    }
    let v = f64::from(num) / f64::from(den);
    Figure {
        value: Some(v),
        display: loc.percent(v),
        sample: Some(Sample { n: num, of: den }),
    }
}

fn mean(sum: u64, n: u32, loc: &Locale) -> Figure {
    if n == 0 {
        return unknown();
    }
    let v = sum as f64 / f64::from(n);
    Figure {
        value: Some(v),
        display: loc.fixed1(v),
        sample: Some(Sample { n, of: n }),
    }
}

/// The "—" figure.
pub fn unknown() -> Figure {
    Figure {
        value: None,
        display: "—".to_string(),
        sample: None,
    }
}

/// A known count.
pub fn count(n: u64, loc: &Locale) -> Figure {
    Figure {
        value: Some(n as f64),
        display: loc.int(n),
        sample: None,
    }
}

/// Metrics in key order with human labels.
pub fn metrics(map: &BTreeMap<String, f64>, lang: &Lang) -> Vec<Metric> {
    map.iter()
        .filter(|(_, v)| v.is_finite())
        .map(|(k, v)| Metric {
            key: k.clone(),
            label: metric_label(k, lang),
            value: *v,
            display: lang.locale.number(*v),
        })
        .collect()
}

/// A result metric's label: from the language's `metric` strings, else
/// from its key.
pub fn metric_label(key: &str, lang: &Lang) -> String {
    lang.get(&format!("metric.{key}"))
        .map_or_else(|| label(key), str::to_string)
}

/// Names a KPI goes by, as slugs: its key, the glossary's usual titles for
/// it. The language's label for it is tried too (see [`glossary_terms`]).
const KPI_NAMES: &[(&str, &str, &[&str])] = &[
    (
        "response_rate",
        "chart.response_rate",
        &["response-rate", "creator-response-rate", "reply-rate"],
    ),
    (
        "on_time_rate",
        "chart.on_time",
        &["on-time-rate", "on-time-delivery", "on-time-delivery-rate"],
    ),
    (
        "approval_rounds",
        "chart.approval_rounds",
        &["approval-rounds", "revision-rounds"],
    ),
    (
        "quality",
        "chart.quality",
        &[
            "quality",
            "content-quality",
            "content-quality-score",
            "quality-score",
        ],
    ),
    (
        "repeat_rate",
        "ui.repeat_collaborations",
        &[
            "repeat-rate",
            "repeat-collaboration-rate",
            "repeat-collaborations",
        ],
    ),
];

/// The glossary term that defines each KPI, by KPI key (`response_rate`),
/// when the site has one: a term whose slug, title or one of whose
/// `alternate_names` is one of the KPI's names. Linear in the terms.
pub fn glossary_terms(
    terms: &[std::sync::Arc<super::types::Term>],
    lang: &Lang,
) -> BTreeMap<&'static str, super::types::Link> {
    use crate::text::slugify;
    let mut out = BTreeMap::new();
    for (key, label, names) in KPI_NAMES {
        let label = lang.get(label).map(slugify);
        let known = |name: &str| names.contains(&name) || label.as_deref() == Some(name);
        // Slugs first: a term named after the KPI beats one that lists it as a synonym.
        let found = terms.iter().find(|t| known(&t.slug)).or_else(|| {
            terms.iter().find(|t| {
                known(&slugify(&t.term)) || t.alternate_names.iter().any(|a| known(&slugify(a)))
            })
        });
        if let Some(t) = found {
            out.insert(
                *key,
                super::types::Link {
                    name: t.term.clone(),
                    path: t.path.clone(),
                    slug: t.slug.clone(),
                    fallback: t.fallback.clone(),
                },
            );
        }
    }
    out
}

/// `add_to_cart` → `Add to cart`.
pub fn label(key: &str) -> String {
    let spaced = key.replace(['_', '-'], " ");
    let mut c = spaced.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(yaml: &str) -> Participation {
        serde_saphyr::from_str(yaml).unwrap()
    }

    #[test]
    fn derives_responded_and_on_time() {
        assert_eq!(responded(&p("creator: a\nstatus: published\n")), Some(true));
        assert_eq!(
            responded(&p("creator: a\nstatus: contacted\n")),
            Some(false)
        );
        assert_eq!(responded(&p("creator: a\nstatus: shortlisted\n")), None);
        assert_eq!(
            responded(&p("creator: a\nstatus: cancelled\nresponded: true\n")),
            Some(true)
        );
        assert_eq!(
            on_time(&p("creator: a\ndue: 2025-01-02\npublished: 2025-01-03\n")),
            Some(false)
        );
        assert_eq!(
            on_time(&p("creator: a\ndue: 2025-01-02\npublished: 2025-01-02\n")),
            Some(true)
        );
        assert_eq!(on_time(&p("creator: a\ndue: 2025-01-02\n")), None);
    }

    #[test]
    fn empty_denominators_are_dashes() {
        let k = Tally::default().kpis(
            0,
            &crate::i18n::Lang::english(crate::render::theme::builtin_files()),
        );
        assert_eq!(k.response_rate.display, "—");
        assert_eq!(k.quality.display, "—");
        assert!(k.response_rate.value.is_none());
    }

    #[test]
    fn tallies() {
        let mut t = Tally::default();
        t.add(&p(
            "creator: a\nstatus: published\napproval_rounds: 2\nquality: 4\nresults: {reach: 10}\n",
        ));
        t.add(&p(
            "creator: b\nstatus: contacted\napproval_rounds: 1\nresults: {reach: 5}\n",
        ));
        let k = t.kpis(
            1,
            &crate::i18n::Lang::english(crate::render::theme::builtin_files()),
        );
        assert_eq!(k.response_rate.display, "50.0%");
        assert_eq!(k.approval_rounds.display, "1.5");
        assert_eq!(k.quality.display, "4.0");
        assert_eq!(k.results[0].display, "15");
    }
}
