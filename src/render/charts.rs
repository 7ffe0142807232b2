//! Charts as inline SVG, drawn at build time from figures already in the
//! resolved site: no chart library and no script in the browser.
//!
//! Every chart is one `<svg>` of horizontal bars with `role="img"`, a
//! `<title>` and a `<desc>` that states every value (the text alternative).
//! The SVG has no `viewBox`: its width is the column's (`width="100%"`),
//! bars are placed in percentages and text is in CSS pixels, so labels keep
//! their size on a phone instead of shrinking with the drawing. Colours are
//! CSS classes over the theme's custom properties (`currentColor`,
//! `--acc`, the status tones), so light and dark mode follow the page.
//!
//! Per page, a chart reads only its own entry plus `site.roster`, whose
//! averages are computed once in resolve.

use crate::i18n::Lang;
use crate::plan::Job;
use crate::resolve::Site;
use crate::resolve::types::{Campaign, Creator, Figure, Kpis};
use std::fmt::Write as _;

/// Height of one bar row: a text line, then the bar.
const ROW: u32 = 40;
/// Height of a group heading.
const HEAD: u32 = 26;
/// Bar thickness.
const BAR: u32 = 10;
/// Extra height of a row with a scale under its bar.
const SCALE: u32 = 14;
/// Metrics shown on a recap, at most: more would make a long page longer.
const MAX_METRICS: usize = 4;

/// One bar.
struct Bar {
    label: String,
    /// Shown at the right end of the text line: "83.3%", "—".
    display: String,
    /// Muted text before the value: "roster 71.2%".
    note: Option<String>,
    /// Fraction of the track, 0–1; `None` draws an empty track.
    fill: Option<f64>,
    /// A reference mark (the roster average), fraction 0–1.
    mark: Option<f64>,
    /// Extra class of the bar, for its colour: `stage--done`.
    class: String,
    /// What the track's two ends stand for, written under it.
    scale: Option<Scale>,
}

/// The scale under a bar: `0%` … `100%`; for a figure where less is
/// better, `4 rounds` … `0 rounds` with a note saying so in the middle, so
/// that a longer bar is always a better figure.
struct Scale {
    from: String,
    to: String,
    note: Option<String>,
}

/// A titled run of bars.
struct Group {
    heading: Option<String>,
    bars: Vec<Bar>,
}

/// HTML-escapes text for element content and attribute values.
fn esc(s: &str) -> String {
    crate::text::escape_html(s)
}

/// A percentage for an SVG attribute, clamped to the track.
fn pct(f: f64) -> String {
    let p = (f.clamp(0.0, 1.0) * 100.0 * 100.0).round() / 100.0;
    format!("{p}%")
}

/// Draws `groups` as one SVG. `id` must be unique in the page; `desc` is
/// the full text alternative.
fn svg(id: &str, title: &str, desc: &str, groups: &[Group]) -> String {
    let height: u32 = groups
        .iter()
        .map(|g| {
            g.bars.iter().map(row_height).sum::<u32>() + if g.heading.is_some() { HEAD } else { 0 }
        })
        .sum();
    let mut s = String::with_capacity(1024);
    let _ = write!(
        s,
        r#"<svg class="chart" width="100%" height="{height}" role="img" aria-labelledby="{id}-t {id}-d" focusable="false"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        esc(title),
        esc(desc)
    );
    let mut y = 0;
    for g in groups {
        if let Some(h) = &g.heading {
            let _ = write!(
                s,
                r#"<text class="chart__head" x="0" y="{}">{}</text>"#,
                y + 17,
                esc(h)
            );
            y += HEAD;
        }
        for b in &g.bars {
            let _ = write!(
                s,
                r#"<text class="chart__label" x="0" y="{ty}">{label}</text><text class="chart__value" x="100%" y="{ty}" text-anchor="end">{note}{value}</text><rect class="chart__track" x="0" y="{by}" width="100%" height="{BAR}" rx="3"/>"#,
                ty = y + 15,
                by = y + 22,
                label = esc(&b.label),
                value = esc(&b.display),
                note = b.note.as_deref().map_or(String::new(), |n| format!(
                    r#"<tspan class="chart__note">{}</tspan> "#,
                    esc(n)
                )),
            );
            if let Some(f) = b.fill.filter(|f| *f > 0.0) {
                let _ = write!(
                    s,
                    r#"<rect class="chart__bar {}" x="0" y="{}" width="{}" height="{BAR}" rx="3"/>"#,
                    esc(&b.class),
                    y + 22,
                    pct(f)
                );
            }
            if let Some(m) = b.mark {
                let _ = write!(
                    s,
                    r#"<rect class="chart__mark" x="{}" y="{}" width="3" height="{}" transform="translate(-1.5 0)"/>"#,
                    pct(m),
                    y + 18,
                    BAR + 8
                );
            }
            if let Some(sc) = &b.scale {
                let sy = y + 22 + BAR + 12;
                let _ = write!(
                    s,
                    r#"<text class="chart__scale" x="0" y="{sy}">{}</text><text class="chart__scale" x="100%" y="{sy}" text-anchor="end">{}</text>"#,
                    esc(&sc.from),
                    esc(&sc.to),
                );
                if let Some(n) = &sc.note {
                    let _ = write!(
                        s,
                        r#"<text class="chart__scale chart__direction" x="50%" y="{sy}" text-anchor="middle">{}</text>"#,
                        esc(n)
                    );
                }
            }
            y += row_height(b);
        }
    }
    s.push_str("</svg>");
    s
}

/// Height of a bar's row, its scale included.
fn row_height(b: &Bar) -> u32 {
    ROW + if b.scale.is_some() { SCALE } else { 0 }
}

/// Wraps a chart in a figure with a visible caption and legend.
fn figure(class: &str, caption: &str, legend: &str, chart: &str) -> String {
    format!(
        r#"<figure class="chart-figure {class}"><figcaption class="chart-figure__caption">{}</figcaption>{legend}{chart}</figure>"#,
        esc(caption)
    )
}

/// A figure's value as a fraction of `max`.
fn frac(f: &Figure, max: f64) -> Option<f64> {
    f.value
        .filter(|v| v.is_finite() && max > 0.0)
        .map(|v| v / max)
}

/// A creator's figures against the roster average: response rate, on-time
/// delivery, content quality and approval rounds. Empty when the creator
/// has no campaign yet (there is nothing to compare).
pub fn creator_kpis(c: &Creator, roster: &Kpis, l: &Lang) -> String {
    let k = &c.kpis;
    if k.campaigns == 0 {
        return String::new();
    }
    let rounds_max = [k.approval_rounds.value, roster.approval_rounds.value]
        .into_iter()
        .flatten()
        .fold(4.0_f64, f64::max)
        .ceil();
    let loc = &l.locale;
    let scale = |from: String, to: String, note: Option<String>| Scale { from, to, note };
    let rate_scale = || scale(loc.percent(0.0), loc.percent(1.0), None);
    // (label, creator, roster, track's maximum, unit, scale, fewer is better)
    let rows: [(&str, &Figure, &Figure, f64, &str, Scale, bool); 4] = [
        (
            l.t("chart.response_rate"),
            &k.response_rate,
            &roster.response_rate,
            1.0,
            "",
            rate_scale(),
            false,
        ),
        (
            l.t("chart.on_time"),
            &k.on_time_rate,
            &roster.on_time_rate,
            1.0,
            "",
            rate_scale(),
            false,
        ),
        (
            l.t("chart.quality"),
            &k.quality,
            &roster.quality,
            5.0,
            l.t("chart.out_of_5"),
            scale(
                loc.int(0),
                format!("{}{}", loc.int(5), l.t("chart.out_of_5")),
                None,
            ),
            false,
        ),
        (
            l.t("chart.approval_rounds"),
            &k.approval_rounds,
            &roster.approval_rounds,
            rounds_max,
            "",
            // Fewer rounds is better: the track runs from the most rounds
            // to none, so a longer bar is a better figure here too.
            scale(
                l.fmt("chart.rounds_scale", &[("n", &loc.int(rounds_max as u64))]),
                l.fmt("chart.rounds_scale", &[("n", &loc.int(0))]),
                Some(l.t("chart.fewer_is_better").to_string()),
            ),
            true,
        ),
    ];
    let mut desc = l.fmt("chart.compared_desc", &[("name", &c.card.name)]);
    desc.push(' ');
    let mut bars = Vec::new();
    for (label, mine, avg, max, unit, scale, fewer_better) in rows {
        let along = |f: &Figure| frac(f, max).map(|x| if fewer_better { 1.0 - x } else { x });
        let shown = if mine.value.is_some() {
            format!("{}{unit}", mine.display)
        } else {
            "—".to_string()
        };
        let avg_text = if avg.value.is_some() {
            format!("{}{unit}", avg.display)
        } else {
            l.t("chart.unknown").to_string()
        };
        let mine_text = if mine.value.is_some() {
            shown.clone()
        } else {
            l.t("chart.not_enough_data").to_string()
        };
        desc.push_str(&l.fmt(
            "chart.row_desc",
            &[
                ("label", label),
                ("mine", &mine_text),
                ("average", &avg_text),
            ],
        ));
        desc.push(' ');
        bars.push(Bar {
            label: label.to_string(),
            display: shown,
            note: avg
                .value
                .is_some()
                .then(|| l.fmt("chart.roster_note", &[("average", &avg_text)])),
            fill: along(mine),
            mark: along(avg),
            class: String::new(),
            scale: Some(scale),
        });
    }
    let legend = format!(
        r#"<p class="chart-legend" aria-hidden="true"><span class="chart-legend__bar"></span>{}<span class="chart-legend__mark"></span>{}<span class="chart-legend__hint">{}</span></p>"#,
        esc(&c.card.name),
        esc(l.t("chart.roster_average")),
        esc(l.t("chart.longer_better")),
    );
    let chart = svg(
        "kpi-chart",
        &l.fmt("chart.against", &[("name", &c.card.name)]),
        desc.trim_end(),
        &[Group {
            heading: None,
            bars,
        }],
    );
    figure("chart-figure--kpis", l.t("chart.compared"), &legend, &chart)
}

/// Bars for counts: the longest bar is the largest count.
fn count_bars(items: &[(&str, String, usize)], class_prefix: &str) -> Vec<Bar> {
    let max = items.iter().map(|i| i.2).max().unwrap_or(0).max(1) as f64;
    items
        .iter()
        .map(|(value, label, n)| Bar {
            label: label.to_string(),
            display: n.to_string(),
            note: None,
            fill: Some(*n as f64 / max),
            mark: None,
            class: format!("{class_prefix}{value}"),
            scale: None,
        })
        .collect()
}

/// Campaigns per workflow stage (stages with none left out), for the home page.
pub fn stages(site: &Site) -> String {
    use crate::model::Stage;
    let mut counts = vec![0usize; Stage::ALL.len()];
    for c in &site.campaigns {
        if let Some(s) = &c.card.stage
            && let Some(i) = Stage::ALL.iter().position(|x| x.as_str() == s.value)
        {
            counts[i] += 1;
        }
    }
    let items: Vec<(&str, String, usize)> = Stage::ALL
        .iter()
        .zip(&counts)
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| {
            (
                s.as_str(),
                crate::resolve::labels::stage_label(&site.lang, *s),
                *n,
            )
        })
        .collect();
    if items.is_empty() {
        return String::new();
    }
    count_chart(
        "stage-chart",
        site.lang.t("chart.by_stage"),
        &site
            .lang
            .fmt("chart.total_campaigns", &[("n", &total(&items))]),
        &items,
        "stage--",
    )
}

/// Creators per relationship status, for the home page of a team build;
/// empty in a public build (statuses are team-only).
pub fn pipeline(site: &Site) -> String {
    use crate::model::CreatorStatus;
    if !site.info.team {
        return String::new();
    }
    let items: Vec<(&str, String, usize)> = CreatorStatus::ALL
        .iter()
        .map(|s| {
            let n = site
                .creators
                .iter()
                .filter(|c| c.status_raw == Some(*s))
                .count();
            (
                s.as_str(),
                crate::resolve::labels::status_label(&site.lang, *s),
                n,
            )
        })
        .collect();
    if items.iter().all(|i| i.2 == 0) {
        return String::new();
    }
    count_chart(
        "pipeline-chart",
        site.lang.t("chart.pipeline"),
        &site
            .lang
            .fmt("chart.total_creators", &[("n", &total(&items))]),
        &items,
        "status--",
    )
}

/// The sum of the counts, for the chart's text alternative.
fn total(items: &[(&str, String, usize)]) -> String {
    items.iter().map(|i| i.2).sum::<usize>().to_string()
}

/// `total` states the sum in words: `12 campaigns in all.`
fn count_chart(
    id: &str,
    title: &str,
    total: &str,
    items: &[(&str, String, usize)],
    class_prefix: &str,
) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|(_, label, n)| format!("{label}: {n}"))
        .collect();
    let desc = format!("{total} {}.", parts.join("; "));
    svg(
        id,
        title,
        &desc,
        &[Group {
            heading: None,
            bars: count_bars(items, class_prefix),
        }],
    )
}

/// Each participant's results on a recap, one group per metric (the
/// campaign's own metrics first), bars scaled to the best participant.
/// Empty when no participant reported a result.
pub fn campaign_results(c: &Campaign, l: &Lang) -> String {
    let mut keys: Vec<(&str, &str)> = Vec::new();
    let known = c
        .results
        .iter()
        .map(|m| (m.key.as_str(), m.label.as_str()))
        .chain(c.participants.iter().flat_map(|p| {
            p.participation
                .results
                .iter()
                .map(|m| (m.key.as_str(), m.label.as_str()))
        }));
    for (k, l) in known {
        if !keys.iter().any(|(x, _)| *x == k) {
            keys.push((k, l));
        }
    }
    let mut groups = Vec::new();
    let mut desc = String::new();
    for (key, label) in keys {
        let mut values: Vec<(&str, f64, &str)> = c
            .participants
            .iter()
            .filter_map(|p| {
                let m = p.participation.results.iter().find(|m| m.key == key)?;
                Some((p.creator.name.as_str(), m.value, m.display.as_str()))
            })
            .filter(|v| v.1.is_finite() && v.1 >= 0.0)
            .collect();
        // A metric only one creator reported compares nothing.
        if values.len() < 2 {
            continue;
        }
        // Largest first, so the bars read as a ranking (ties keep the
        // participants' order).
        values.sort_by(|a, b| b.1.total_cmp(&a.1));
        let max = values.iter().map(|v| v.1).fold(0.0, f64::max);
        let parts: Vec<String> = values.iter().map(|v| format!("{} {}", v.0, v.2)).collect();
        let _ = write!(desc, "{label}: {}. ", parts.join(", "));
        groups.push(Group {
            heading: Some(label.to_string()),
            bars: values
                .iter()
                .map(|(name, v, display)| Bar {
                    label: name.to_string(),
                    display: display.to_string(),
                    note: None,
                    fill: (max > 0.0).then(|| v / max),
                    mark: None,
                    class: String::new(),
                    scale: None,
                })
                .collect(),
        });
        if groups.len() == MAX_METRICS {
            break;
        }
    }
    if groups.is_empty() {
        return String::new();
    }
    let chart = svg(
        "results-chart",
        &l.fmt("chart.results_in", &[("title", &c.card.title)]),
        desc.trim_end(),
        &groups,
    );
    figure(
        "chart-figure--results",
        l.t("chart.results_by_creator"),
        "",
        &chart,
    )
}

/// Adds the charts of `job`'s page to its template context: `kpi_chart`
/// (profiles), `stage_chart` and `pipeline_chart` (home), `results_chart`
/// (recaps). Each is ready HTML, empty when there is nothing to draw.
pub fn insert(site: &Site, job: Job, cx: &mut tera::Context) {
    match job {
        Job::Home => {
            cx.insert("stage_chart", &stages(site));
            cx.insert("pipeline_chart", &pipeline(site));
        }
        Job::Creator(i) => {
            if let Some(c) = site.creators.get(i) {
                cx.insert("kpi_chart", &creator_kpis(c, &site.roster, &site.lang));
            }
        }
        Job::Campaign(i) => {
            if let Some(c) = site.campaigns.get(i) {
                cx.insert("results_chart", &campaign_results(c, &site.lang));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_places() {
        let out = svg(
            "x",
            "A <b>",
            "d & e",
            &[Group {
                heading: Some("H\"".into()),
                bars: vec![Bar {
                    label: "<script>".into(),
                    display: "50%".into(),
                    note: Some("roster 40%".into()),
                    fill: Some(0.5),
                    mark: Some(1.5),
                    class: "stage--done".into(),
                    scale: None,
                }],
            }],
        );
        assert!(out.contains("<title id=\"x-t\">A &lt;b&gt;</title>"));
        assert!(out.contains("<desc id=\"x-d\">d &amp; e</desc>"));
        assert!(out.contains("&lt;script&gt;"));
        assert!(!out.contains("<script>"));
        assert!(out.contains(r#"width="50%""#));
        assert!(
            out.contains(r#"x="100%""#),
            "marks are clamped to the track"
        );
        assert!(out.contains(&format!(r#"height="{}""#, HEAD + ROW)));
    }
}
