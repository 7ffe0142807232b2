//! `creatorkb import creators|campaigns FILE.csv`: spreadsheet rows into
//! content files. Each row's values are laid over the entry's front matter
//! (a new file in `new`'s style, or an existing one where only the
//! imported keys change), then the whole site as it would be is loaded and
//! resolved in memory, as `check` does, so nothing is written that the
//! build would reject.

mod apply;
pub mod keys;
mod table;
mod validate;
mod yamlout;

pub use keys::Kind;

use crate::diag::terminal_safe;
use crate::load::{self, Folder};
use keys::Target;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What the command line asked for.
pub struct Options {
    /// Which entries the file holds.
    pub kind: Kind,
    /// `(column, key)` pairs from `--map`.
    pub map: Vec<(String, String)>,
    /// Columns left out (`--ignore`).
    pub ignore: Vec<String>,
    /// Print what would change; write nothing.
    pub dry_run: bool,
    /// Write the valid rows when some are not.
    pub skip_invalid: bool,
}

/// A wrong command line (status 2) or bad data (status 1).
pub enum Failure {
    /// The options are wrong.
    Usage(String),
    /// The data is: problems were printed.
    Data,
}

/// A record and the file line it starts at.
type Row = (u64, Vec<String>);

/// One problem of the CSV file, at a row (file line) and column.
struct Problem {
    line: u64,
    column: String,
    warning: bool,
    message: String,
}

/// One entry the import produces.
struct Planned {
    /// Path relative to the root.
    rel: String,
    /// Its rows (file lines), first one first.
    rows: Vec<u64>,
    /// New text; `None` when unchanged.
    text: Option<String>,
    /// Top-level keys that change; empty for a new file.
    changed: Vec<String>,
    /// Created, not updated.
    created: bool,
    /// Front-matter line index → path of what was written there.
    lines: Vec<(usize, Vec<String>)>,
    /// Where each value came from.
    trace: apply::Trace,
    /// The row (file line) of each `trace` entry.
    trace_rows: Vec<u64>,
}

/// Documented order of top-level keys (docs/content.md).
const CREATOR_ORDER: &[&str] = &[
    "name",
    "status",
    "summary",
    "image",
    "platforms",
    "niches",
    "languages",
    "location",
    "country",
    "audience",
    "preferences",
    "since",
    "tags",
    "rates",
    "contact",
    "owner",
    "consent",
    "history",
    "slug",
    "draft",
    "private",
    "extra",
];
const CAMPAIGN_ORDER: &[&str] = &[
    "title",
    "brand",
    "objective",
    "stage",
    "start",
    "end",
    "date",
    "author",
    "summary",
    "image",
    "channels",
    "markets",
    "creators",
    "results",
    "learnings",
    "disclosure",
    "usage_rights",
    "budget",
    "slug",
    "draft",
    "private",
    "extra",
];

fn sub_order(path: &yamlout::LinePath) -> &'static [&'static str] {
    let p: Vec<&str> = path
        .iter()
        .map(String::as_str)
        .filter(|s| !s.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    match p.as_slice() {
        ["platforms"] => &["network", "handle", "url", "followers", "engagement_rate"],
        ["audience"] => &["top_countries", "age_range", "female_share", "notes"],
        ["preferences"] => &[
            "formats",
            "topics",
            "avoid",
            "brief_style",
            "availability",
            "notes",
        ],
        // As content.md writes them: deliverables, then the currency.
        ["rates"] => &["*", "currency"],
        ["contact"] => &["email", "phone", "agent", "agency"],
        ["consent"] => &["date", "scope"],
        ["history"] => &["date", "type", "note"],
        ["creators"] => &[
            "creator",
            "status",
            "deliverables",
            "responded",
            "due",
            "published",
            "on_time",
            "disclosure",
            "approval_rounds",
            "quality",
            "content",
            "results",
            "fee",
        ],
        ["creators", "disclosure"] => &["label", "platform_tool"],
        ["disclosure"] => &["labels", "platform_tools", "compliant"],
        ["usage_rights"] => &["duration", "channels", "paid_media"],
        ["budget"] => &["amount", "currency"],
        _ => &[],
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Runs the import of `csv` into the site at `root`; prints its lines.
pub fn run(root: &Path, csv: &Path, opts: &Options) -> Result<(), Failure> {
    let name = csv.display().to_string();
    let say = |p: &Problem| {
        let sev = if p.warning { "warning" } else { "error" };
        let at = if p.column.is_empty() {
            format!("{}:{}", name, p.line)
        } else {
            format!("{}:{}:{}", name, p.line, p.column)
        };
        eprintln!(
            "{}: {sev}: {}",
            terminal_safe(&at),
            terminal_safe(&p.message)
        );
    };
    let bytes = std::fs::read(csv).map_err(|e| {
        eprintln!("{}: error: cannot read the file: {e}", terminal_safe(&name));
        Failure::Data
    })?;
    let t = table::read(&bytes).map_err(|(line, message)| {
        say(&Problem {
            line,
            column: String::new(),
            warning: false,
            message,
        });
        Failure::Data
    })?;
    let targets = columns(&t.headers, opts, &say)?;
    let (folder, dir, order) = match opts.kind {
        Kind::Creators => (Folder::Creators, "creators", CREATOR_ORDER),
        Kind::Campaigns => (Folder::Campaigns, "campaigns", CAMPAIGN_ORDER),
    };

    // Entries already there, by slug (originals only).
    let mut site_diags = crate::diag::Diagnostics::new();
    let files = load::discover_files(root, &mut site_diags);
    let parsed: Vec<(PathBuf, load::ParsedFile)> = files
        .iter()
        .map(|(f, p)| (p.clone(), load::parse_one(root, *f, p, &mut site_diags)))
        .collect();
    let mut existing: BTreeMap<String, String> = BTreeMap::new();
    for (f, p) in files.iter().zip(&parsed) {
        if f.0 == folder
            && let Some(parts) = p.1.parts()
            && parts.lang.is_none()
        {
            existing.insert(parts.slug.to_string(), parts.path.to_string());
        }
    }

    // Rows grouped by entry slug, in file order.
    let mut problems: Vec<Problem> = Vec::new();
    let mut groups: Vec<(String, Vec<&Row>)> = Vec::new();
    let mut group_of: BTreeMap<String, usize> = BTreeMap::new();
    let name_key = if opts.kind == Kind::Creators {
        "name"
    } else {
        "title"
    };
    for row in &t.rows {
        if row.1.len() > t.headers.len() {
            problems.push(Problem {
                line: row.0,
                column: String::new(),
                warning: false,
                message: format!(
                    "this row has {} fields but the header has {}: put a value that holds the separator in double quotes",
                    row.1.len(),
                    t.headers.len()
                ),
            });
            continue;
        }
        let get = |key: &str| {
            targets
                .iter()
                .position(|t| matches!(t, Target::Top(k, _) if *k == key))
                .and_then(|i| row.1.get(i).and_then(|c| table::cell(c)).map(|c| (i, c)))
        };
        let slug = match (get("slug"), get(name_key)) {
            (Some((i, s)), _) if !is_slug(s) => {
                problems.push(Problem {
                    line: row.0,
                    column: t.headers[i].clone(),
                    warning: false,
                    message: format!(
                        "`{s}` is not a valid slug: use lowercase ASCII letters, digits and `-` (e.g. `{}`)",
                        crate::text::name_slug(s)
                    ),
                });
                continue;
            }
            (Some((_, s)), _) => s.to_string(),
            (None, Some((_, n))) if n.chars().any(char::is_alphanumeric) => {
                crate::text::name_slug(n)
            }
            _ => {
                problems.push(Problem {
                    line: row.0,
                    column: String::new(),
                    warning: false,
                    message: format!(
                        "missing field `{name_key}`: each row needs a {name_key} (or a slug column)"
                    ),
                });
                continue;
            }
        };
        match group_of.get(&slug) {
            Some(&g) => groups[g].1.push(row),
            None => {
                group_of.insert(slug.clone(), groups.len());
                groups.push((slug, vec![row]));
            }
        }
    }

    let mut planned: Vec<Planned> = Vec::new();
    for (slug, rows) in &groups {
        let rel = existing
            .get(slug)
            .cloned()
            .unwrap_or_else(|| format!("content/{dir}/{slug}.md"));
        let old_text = existing
            .get(slug)
            .and_then(|r| std::fs::read_to_string(root.join(r)).ok());
        let old_text = old_text
            .as_deref()
            .map(|s| s.trim_start_matches('\u{feff}'));
        let (yaml, body) = match old_text.map(load::frontmatter::split) {
            Some(Ok(s)) => (s.yaml, s.body),
            Some(Err(_)) | None if old_text.is_some() => {
                problems.push(Problem {
                    line: rows[0].0,
                    column: String::new(),
                    warning: false,
                    message: format!(
                        "{rel} cannot be read as a content file; fix it first (`creatorkb check`)"
                    ),
                });
                continue;
            }
            _ => ("", ""),
        };
        let old: Value = if yaml.trim().is_empty() {
            Value::Object(Default::default())
        } else {
            match serde_saphyr::from_str(yaml) {
                Ok(v) => v,
                Err(_) => {
                    problems.push(Problem {
                        line: rows[0].0,
                        column: String::new(),
                        warning: false,
                        message: format!("{rel} has a front matter that does not parse; fix it first (`creatorkb check`)"),
                    });
                    continue;
                }
            }
        };
        let mut fm = old.clone();
        let mut trace = apply::Trace::new();
        let mut handles = Vec::new();
        let mut trace_rows = Vec::new();
        for row in rows {
            let part = targets
                .iter()
                .position(|t| *t == Target::Part("creator", keys::Ty::Str))
                .and_then(|i| row.1.get(i).and_then(|c| table::cell(c)));
            for (i, target) in targets.iter().enumerate() {
                let Some(c) = row.1.get(i).and_then(|c| table::cell(c)) else {
                    continue;
                };
                match target {
                    Target::Top("slug", _) | Target::Skip => {}
                    // After the followers, which decide where it goes.
                    Target::Handle => handles.push((i, table::value(target, c), row.0)),
                    _ => apply::set(
                        &mut fm,
                        target,
                        table::value(target, c),
                        i,
                        part,
                        &mut trace,
                    ),
                }
            }
            trace_rows.resize(trace.len(), row.0);
        }
        for (i, v, line) in handles {
            apply::set(&mut fm, &Target::Handle, v, i, None, &mut trace);
            trace_rows.resize(trace.len(), line);
        }
        let mut changed: Vec<String> = Vec::new();
        for k in trace.iter().filter_map(|(p, _)| p.first()) {
            if !changed.contains(k) && fm.get(k) != old.get(k) {
                changed.push(k.clone());
            }
        }
        changed.sort_by_key(|k| order.iter().position(|o| o == k).unwrap_or(order.len()));
        let created = old_text.is_none();
        let blocks: Vec<(String, yamlout::Block)> = changed
            .iter()
            .filter_map(|k| {
                fm.get(k)
                    .map(|v| (k.clone(), yamlout::block(k, v, &sub_order)))
            })
            .collect();
        let (text, lines) = if created || !changed.is_empty() {
            let (yaml, lines) = yamlout::splice(yaml, &blocks, order);
            (Some(format!("---\n{yaml}---\n{body}")), lines)
        } else {
            (None, Vec::new())
        };
        planned.push(Planned {
            rel,
            rows: rows.iter().map(|r| r.0).collect(),
            text,
            changed: if created { Vec::new() } else { changed },
            created,
            lines,
            trace,
            trace_rows,
        });
    }

    // The site as it would be, checked as the build checks it; rows whose
    // entry has problems are dropped (with --skip-invalid) until none has.
    let mut bad_rows: BTreeSet<u64> = problems.iter().map(|p| p.line).collect();
    loop {
        let (entry_problems, site_problems) =
            validate::check(root, folder, &files, &planned, &t.headers);
        let mut new_bad = false;
        for (idx, p) in entry_problems {
            if !p.warning && !bad_rows.contains(&planned[idx].rows[0]) {
                bad_rows.extend(planned[idx].rows.iter().copied());
                new_bad = true;
            }
            problems.push(p);
        }
        if !site_problems.is_empty() {
            for d in site_problems {
                eprintln!("{d}");
            }
            eprintln!(
                "error: the site has errors outside the imported entries; fix them first (`creatorkb check`)"
            );
            return Err(Failure::Data);
        }
        planned.retain(|p| !p.rows.iter().any(|r| bad_rows.contains(r)));
        if !new_bad {
            break;
        }
        problems.retain(|p| p.warning || bad_rows.contains(&p.line));
    }
    problems.sort_by(|a, b| (a.line, &a.column, &a.message).cmp(&(b.line, &b.column, &b.message)));
    problems.dedup_by(|a, b| a.line == b.line && a.column == b.column && a.message == b.message);
    for p in &problems {
        say(p);
    }
    let errors = problems.iter().filter(|p| !p.warning).count();
    if errors > 0 && !opts.skip_invalid {
        eprintln!(
            "{errors} error{} in {name}: nothing written (--skip-invalid writes the valid rows)",
            if errors == 1 { "" } else { "s" }
        );
        return Err(Failure::Data);
    }

    let (mut created, mut updated, mut unchanged) = (0, 0, 0);
    for p in &planned {
        let line = match (&p.text, p.created) {
            (None, _) => {
                unchanged += 1;
                format!("unchanged {}", p.rel)
            }
            (Some(_), true) => {
                created += 1;
                format!("created {}", p.rel)
            }
            (Some(_), false) => {
                updated += 1;
                format!("updated {} ({})", p.rel, p.changed.join(", "))
            }
        };
        if let (Some(text), false) = (&p.text, opts.dry_run)
            && let Err(e) = write_atomic(&root.join(&p.rel), text)
        {
            eprintln!("{}: error: cannot write: {e}", terminal_safe(&p.rel));
            return Err(Failure::Data);
        }
        println!("{}", terminal_safe(&line));
    }
    let skipped = if errors > 0 {
        format!(", {} rows skipped", bad_rows.len())
    } else {
        String::new()
    };
    eprintln!(
        "{}{} created, {} updated, {} unchanged{skipped}",
        if opts.dry_run {
            "dry run, nothing written: "
        } else {
            "imported: "
        },
        created,
        updated,
        unchanged
    );
    if errors > 0 {
        Err(Failure::Data)
    } else {
        Ok(())
    }
}

/// The target of every column; unknown columns are errors.
fn columns(
    headers: &[String],
    opts: &Options,
    say: &dyn Fn(&Problem),
) -> Result<Vec<Target>, Failure> {
    let norm = keys::normalize;
    let mut map: Vec<(String, Target)> = Vec::new();
    for (col, key) in &opts.map {
        let Some(t) = keys::target_of(opts.kind, key) else {
            let names: Vec<String> = keys::keys(opts.kind).into_iter().map(|(k, _)| k).collect();
            let hint = crate::diag::did_you_mean(key, names.iter().map(String::as_str))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(Failure::Usage(format!(
                "--map {col}={key}: unknown key `{key}`{hint}; keys: {}, or - to leave the column out",
                names.join(", ")
            )));
        };
        map.push((norm(col), t));
    }
    let ignore: Vec<String> = opts.ignore.iter().map(|c| norm(c)).collect();
    let mut out = Vec::new();
    let mut bad = false;
    for h in headers {
        let n = norm(h);
        let t = if ignore.contains(&n) {
            Some(Target::Skip)
        } else if let Some((_, t)) = map.iter().find(|(c, _)| *c == n) {
            Some(t.clone())
        } else {
            keys::resolve_header(opts.kind, h)
        };
        let Some(t) = t else {
            let names = keys::all_names(opts.kind);
            let hint = crate::diag::did_you_mean(&n, names.iter().map(String::as_str))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            say(&Problem {
                line: 1,
                column: h.clone(),
                warning: false,
                message: format!(
                    "unknown column `{h}`{hint}; map it to a key with --map \"{h}=key\" or leave it out with --ignore \"{h}\""
                ),
            });
            bad = true;
            out.push(Target::Skip);
            continue;
        };
        if t != Target::Skip
            && let Some(j) = out.iter().position(|o| *o == t)
        {
            say(&Problem {
                line: 1,
                column: h.clone(),
                warning: false,
                message: format!(
                    "column `{h}` fills the same key as column `{}`; leave one out with --ignore",
                    headers[j]
                ),
            });
            bad = true;
        }
        out.push(t);
    }
    if bad {
        eprintln!("nothing written");
        return Err(Failure::Data);
    }
    Ok(out)
}

/// Writes `text` to `path` through a temporary file in the same folder,
/// so a file is never left half-written.
fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".creatorkb-import-{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}
