//! The data files of the paginated listings' filters (docs/search.md).
//!
//! A listing page holds one page of rows; its filters and sorts run over
//! the whole listing in the browser from these files, loaded with
//! `<script>` tags (so they work from `file://`) and only as a query needs
//! them:
//!
//! - one **column** per filter or sort field, split in chunks of
//!   [`COLUMN_CHUNK`] values: `creators/data/followers-0.js` holds the
//!   followers of creators 0 to 9,999 in the listing's order. A query loads
//!   the columns it filters or sorts on, never the others;
//! - the **rows** themselves, rendered by the theme's row template as the
//!   static pages show them, in chunks of [`ROW_CHUNK`]
//!   (`creators/data/rows-3.js`): only the chunks holding the page of
//!   results shown are loaded. Links in them start with [`ROOT_TOKEN`],
//!   which the script replaces with the page's `root`.
//!
//! Each file is one call: `creatorkbData("followers", 0, [...]);`.
//! Every language has its own files under its folder (labels and links
//! differ). Made with the site-wide files (`pipeline::site_files`).

use super::directory::{self, CampaignRow, CreatorRow};
use super::rows::Item;
use super::theme::Theme;
use crate::plan::OutputFile;
use crate::resolve::Site;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

/// Values per column file.
pub const COLUMN_CHUNK: usize = 10_000;
/// Rows per row file.
pub const ROW_CHUNK: usize = 25;
/// What links in the rows of the data files start with, for the script to
/// replace with the page's `root`.
pub const ROOT_TOKEN: &str = "@ROOT@";
/// The campaign row template.
pub const CAMPAIGN_ROW: &str = "partials/campaign-row.html";

/// The creator directory's columns, in the order of [`creator_columns`].
pub const CREATOR_COLUMNS: [&str; 13] = [
    "text",
    "network",
    "nets",
    "rates",
    "niche",
    "country",
    "language",
    "followers",
    "engagement",
    "ontime",
    "campaigns",
    "status",
    "owner",
];

/// The campaign list's columns, in the order of [`campaign_columns`].
pub const CAMPAIGN_COLUMNS: [&str; 7] = [
    "text",
    "brand",
    "objective",
    "stage",
    "year",
    "date",
    "creators",
];

/// The data files of every language's creator directory and campaign list.
pub fn files(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>, tera::Error> {
    let mut out = Vec::new();
    for s in site.all() {
        let tera = super::language_tera(s, theme);
        let made = theme.rows.directory_rows(s);
        let rows: Vec<&CreatorRow> = made.iter().map(|r| &*r.row).collect();
        let base = format!("{}creators/data/", s.info.prefix);
        let columns = creator_columns(s, &rows, s.info.team);
        out.extend(column_files(&base, &CREATOR_COLUMNS, &columns));
        let cards = theme.rows.creator_cards(&s.creators);
        let globals = super::rows::globals(s);
        let place = (s.info.prefix.as_str(), ROOT_TOKEN);
        let html: Vec<String> = s
            .creators
            .par_iter()
            .zip(&cards)
            .zip(&made)
            .map(|((view, card), row)| {
                let item = Item {
                    view,
                    card,
                    row: Some(&row.row),
                };
                theme
                    .rows
                    .render(&tera, place, globals, std::iter::once(item))
            })
            .collect::<Result<_, _>>()?;
        out.extend(row_files(&base, &html));

        let campaigns = directory::campaigns(s);
        let base = format!("{}campaigns/data/", s.info.prefix);
        let columns = campaign_columns(s, &campaigns.rows);
        out.extend(column_files(&base, &CAMPAIGN_COLUMNS, &columns));
        let html: Vec<String> = s
            .campaigns
            .par_iter()
            .zip(&campaigns.rows)
            .map_init(tera::Context::new, |cx, (c, r)| {
                cx.insert("k", &c.card);
                cx.insert("r", r);
                cx.insert("dir", &true);
                cx.insert("root", ROOT_TOKEN);
                tera.render(CAMPAIGN_ROW, cx)
            })
            .collect::<Result<_, _>>()?;
        out.extend(row_files(&base, &html));
    }
    Ok(out)
}

/// `null` for an unknown number, so that it sorts apart from 0.
fn num(x: Option<f64>) -> Value {
    x.and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

/// The directory's columns, one vector per name of [`CREATOR_COLUMNS`]
/// (team-only ones are empty in public builds).
fn creator_columns(site: &Site, rows: &[&CreatorRow], team: bool) -> Vec<Vec<Value>> {
    let text = |f: fn(&CreatorRow) -> &str| -> Vec<Value> {
        rows.iter().map(|r| Value::from(f(r))).collect()
    };
    let team_only = |f: fn(&CreatorRow) -> Option<&str>| -> Vec<Value> {
        if team {
            rows.iter()
                .map(|r| Value::from(f(r).unwrap_or("")))
                .collect()
        } else {
            Vec::new()
        }
    };
    vec![
        text(|r| &r.text),
        text(|r| &r.network),
        text(|r| &r.nets),
        text(|r| &r.rates),
        text(|r| &r.niche),
        text(|r| &r.country),
        text(|r| &r.language),
        rows.iter().map(|r| Value::from(r.followers)).collect(),
        rows.iter().map(|r| num(r.engagement)).collect(),
        rows.iter().map(|r| num(r.on_time)).collect(),
        site.creators
            .iter()
            .map(|c| Value::from(c.card.campaign_count))
            .collect(),
        team_only(|r| r.status),
        team_only(|r| r.owner.as_deref()),
    ]
}

/// The campaign list's columns, one vector per name of [`CAMPAIGN_COLUMNS`].
fn campaign_columns(site: &Site, rows: &[CampaignRow]) -> Vec<Vec<Value>> {
    let text = |f: fn(&CampaignRow) -> &str| -> Vec<Value> {
        rows.iter().map(|r| Value::from(f(r))).collect()
    };
    vec![
        text(|r| &r.text),
        text(|r| &r.brand),
        text(|r| &r.objective),
        text(|r| r.stage),
        text(|r| &r.year),
        text(|r| &r.date),
        site.campaigns
            .iter()
            .map(|c| Value::from(c.card.creator_count))
            .collect(),
    ]
}

/// One script: `creatorkbData("<name>", <chunk>, <values>);`.
fn script<T: Serialize>(path: String, name: &str, chunk: usize, values: &[T]) -> OutputFile {
    // A script file of its own, never inline: no `</script>` to guard
    // against, so the rows' markup stays as it is (a third smaller).
    let json = serde_json::to_string(values).unwrap_or_else(|_| "[]".into());
    let name = serde_json::to_string(name).unwrap_or_else(|_| "\"\"".into());
    OutputFile {
        path,
        bytes: format!("creatorkbData({name},{chunk},{json});\n").into_bytes(),
    }
}

/// The chunks of every non-empty column.
fn column_files(base: &str, names: &[&str], columns: &[Vec<Value>]) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for (name, values) in names.iter().zip(columns) {
        for (k, chunk) in values.chunks(COLUMN_CHUNK).enumerate() {
            out.push(script(format!("{base}{name}-{k}.js"), name, k, chunk));
        }
    }
    out
}

/// The chunks of rows.
fn row_files(base: &str, html: &[String]) -> Vec<OutputFile> {
    html.par_chunks(ROW_CHUNK)
        .enumerate()
        .map(|(k, chunk)| script(format!("{base}rows-{k}.js"), "rows", k, chunk))
        .collect()
}
