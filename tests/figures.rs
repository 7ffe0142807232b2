//! Figures no one can misread, on the example site's pages: every rate says
//! what it was computed from, KPI labels lead to their definitions, the
//! roster comparison draws a longer bar for a better figure on every row,
//! results by creator are ranked, and summed reach says it is a sum.

mod common;
use common::{attr_values, build_example, html_pages};
use std::collections::BTreeMap;

/// Text of `html` with tags removed and whitespace collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of the first element with class `class` in `html`.
fn class_text(html: &str, class: &str) -> Option<String> {
    let at = html.find(&format!("class=\"{class}\""))?;
    let rest = &html[at..];
    let start = rest.find('>')? + 1;
    let end = rest.find("</")?;
    Some(text(&rest[start..end.max(start)]))
}

/// The content of an SVG `<text>` element split at its class attribute:
/// from the end of the start tag to `</text>`.
fn after_tag(s: &str) -> &str {
    let s = s.split("</text>").next().unwrap_or("");
    s.split_once('>').map_or(s, |(_, rest)| rest)
}

/// Numbers in `s`, with thousands separators (`,`, space, narrow space)
/// dropped and `,` as a decimal mark read as `.` (French).
fn numbers(s: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() {
            cur.push(c);
        } else if !cur.is_empty() && (c == '.' || c == ',') && next_digit {
            // 19,730 (thousands) or 96,3 (French decimals): three digits
            // after a comma are thousands.
            let digits = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if c == ',' && digits == 3 {
                continue;
            }
            cur.push('.');
        } else if !cur.is_empty() && (c == '\u{202f}' || c == '\u{a0}') && next_digit {
            continue;
        } else if !cur.is_empty() {
            out.extend(cur.parse::<f64>().ok());
            cur.clear();
        }
    }
    out.extend(cur.parse::<f64>().ok());
    out
}

fn pages_with_tiles(pages: &BTreeMap<String, String>) -> Vec<(&String, &String)> {
    pages
        .iter()
        .filter(|(_, h)| h.contains("<ul class=\"tiles\""))
        .collect()
}

#[test]
fn every_rate_shows_its_sample_and_adds_up() {
    let (_tmp, out) = build_example(&[]);
    let pages = html_pages(&out);
    let mut rates = 0;
    for (path, html) in pages_with_tiles(&pages) {
        for tile in html.split("<li class=\"tile\">").skip(1) {
            let tile = tile.split("</li>").next().unwrap_or("");
            let Some(value) = class_text(tile, "tile__value") else {
                continue;
            };
            if !value.contains('%') {
                continue;
            }
            let sample = class_text(tile, "tile__sample")
                .unwrap_or_else(|| panic!("{path}: the rate {value} has no sample"));
            let (v, s) = (numbers(&value), numbers(&sample));
            assert!(
                v.len() == 1 && s.len() == 2 && s[0] <= s[1] && s[1] > 0.0,
                "{path}: `{value}` · `{sample}`"
            );
            let pct = 100.0 * s[0] / s[1];
            assert!(
                (pct - v[0]).abs() < 0.051,
                "{path}: {value} is not {sample} ({pct:.2})"
            );
            rates += 1;
        }
    }
    assert!(rates > 20, "only {rates} rates checked");
}

#[test]
fn kpi_labels_link_to_the_glossary_terms_that_define_them() {
    let (_tmp, out) = build_example(&[]);
    let pages = html_pages(&out);
    for (path, html) in pages_with_tiles(&pages) {
        let links: Vec<&str> = html
            .split("<a class=\"tile__label\" href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        // The example glossary defines every KPI of a profile and a recap,
        // and the repeat rate on the home page.
        assert!(links.len() >= 4, "{path}: {} KPI links", links.len());
        let dir = std::path::Path::new(path.as_str())
            .parent()
            .unwrap_or(std::path::Path::new(""));
        for href in links {
            let mut target = dir.to_path_buf();
            for part in href.split('/').filter(|p| !p.is_empty()) {
                if part == "." {
                    continue;
                } else if part == ".." {
                    target.pop();
                } else {
                    target.push(part);
                }
            }
            let target = target.join("index.html");
            let key = target.to_string_lossy().replace('\\', "/");
            let term = pages
                .get(&key)
                .unwrap_or_else(|| panic!("{path}: {href} leads nowhere ({key})"));
            assert!(
                term.contains("class=\"kind-term"),
                "{path}: {href} is not a glossary term"
            );
        }
    }
}

#[test]
fn roster_chart_bars_are_longer_when_better_and_have_a_scale() {
    let (_tmp, out) = build_example(&[]);
    let pages = html_pages(&out);
    let mut checked = 0;
    for (path, html) in &pages {
        let Some(at) = html.find("<svg class=\"chart\"") else {
            continue;
        };
        if !html[at..].contains("kpi-chart-t") {
            continue;
        }
        let svg = &html[at..html[at..].find("</svg>").map_or(html.len(), |e| at + e)];
        // One row per figure: label, value, track, bar, mark, scale.
        for row in svg.split("<text class=\"chart__label\"").skip(1) {
            let value = row
                .split("class=\"chart__value\"")
                .nth(1)
                .map(|v| text(after_tag(v)))
                .unwrap_or_default();
            let scales: Vec<f64> = row
                .split("<text class=\"chart__scale\"")
                .skip(1)
                .filter_map(|s| numbers(after_tag(s)).first().copied())
                .collect();
            assert_eq!(scales.len(), 2, "{path}: a row without its scale: {row}");
            let bar = row
                .find("class=\"chart__bar")
                .map(|i| attr_values(&row[i..], "width")[0]);
            let Some(bar) = bar else { continue }; // no figure: empty track
            let fill: f64 = bar.trim_end_matches('%').parse().expect("a percentage");
            // The creator's value follows the roster note's "·".
            let shown = value.rsplit('·').next().unwrap_or_default();
            let v = *numbers(shown).first().expect("a value");
            let (from, to) = (scales[0], scales[1]);
            let want = 100.0 * (v - from) / (to - from);
            assert!(
                (fill - want).abs() < 1.0,
                "{path}: {value} drawn at {fill}% on a {from}…{to} scale"
            );
            checked += 1;
        }
        // Fewer rounds is better: that row's scale runs downwards and says so.
        assert!(
            svg.contains("chart__direction"),
            "{path}: no direction mark"
        );
    }
    assert!(checked > 10, "only {checked} chart rows checked");
}

#[test]
fn results_by_creator_are_ranked_and_summed_reach_says_so() {
    let (_tmp, out) = build_example(&[]);
    let pages = html_pages(&out);
    let mut groups = 0;
    for (path, html) in &pages {
        let Some(at) = html.find("results-chart-t") else {
            continue;
        };
        let svg = &html[at..html[at..].find("</svg>").map_or(html.len(), |e| at + e)];
        for group in svg.split("class=\"chart__head\"").skip(1) {
            let values: Vec<f64> = group
                .split("class=\"chart__value\"")
                .skip(1)
                .map(|v| numbers(after_tag(v))[0])
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(|a, b| b.total_cmp(a));
            assert_eq!(values, sorted, "{path}: results not ranked");
            groups += 1;
        }
    }
    assert!(groups > 2, "only {groups} result groups");
    // The home page's totals add up reach across campaigns: it says so.
    for home in ["index.html", "fr/index.html"] {
        let html = &pages[home];
        let note = class_text(html, "section__note results-note")
            .unwrap_or_else(|| panic!("{home}: summed results without a note"));
        assert!(note.len() > 40, "{home}: {note}");
    }
}
