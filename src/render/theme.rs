//! The theme: the embedded default files, overridden file by file by the
//! site's own `themes/<name>/`.

use crate::diag::{Diagnostics, Pos, rel_path};
use std::collections::BTreeMap;
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// Templates compiled and static files ready to copy.
pub struct Theme {
    /// Compiled templates.
    pub tera: tera::Tera,
    /// Static files: output path → bytes (theme first, site `static/` over it).
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Names of templates that come from the site's own theme folder.
    pub local: std::collections::HashSet<String>,
    /// The theme folder name, for messages.
    pub name: String,
    /// Directory rows rendered with these templates (the dev server's
    /// rebuilds reuse them).
    pub rows: super::rows::RowCache,
}

/// The built-in default theme's files, (path under the theme, bytes): the
/// dev server fingerprints templates with them.
pub fn builtin_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::FILES
}

/// Where a template came from, for error messages.
fn origin(root: &Path, theme: &str, name: &str, local: bool) -> String {
    if local {
        rel_path(
            root,
            &root.join("themes").join(theme).join("templates").join(name),
        )
    } else {
        format!("themes/default/templates/{name} (built-in)")
    }
}

/// Loads the theme named in `site.yaml` plus the site's `static/`.
pub fn load(root: &Path, theme: &str, diags: &mut Diagnostics) -> Option<Theme> {
    if !crate::model::config::valid_theme_name(theme) {
        diags.error(
            "site.yaml",
            Pos::default(),
            format!(
                "theme `{theme}` must be the name of a folder in themes/, such as `mine` for themes/mine/, not a path"
            ),
        );
        return None;
    }
    let mut templates: BTreeMap<String, (String, bool)> = BTreeMap::new();
    let mut statics: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (path, bytes) in embedded::FILES {
        if let Some(name) = path.strip_prefix("templates/") {
            templates.insert(
                name.to_string(),
                (String::from_utf8_lossy(bytes).into_owned(), false),
            );
        } else if let Some(name) = path.strip_prefix("static/") {
            statics.insert(name.to_string(), bytes.to_vec());
        }
    }
    let local = root.join("themes").join(theme);
    if theme != "default" && !local.is_dir() {
        diags.error("site.yaml", Pos::default(), format!("theme `{theme}` not found: there is no folder themes/{theme}/ (leave `theme` out to use the built-in default theme)"));
        return None;
    }
    for (name, bytes) in read_tree(root, &local.join("templates"), diags) {
        match String::from_utf8(bytes) {
            Ok(s) => {
                templates.insert(name, (s, true));
            }
            Err(_) => diags.error(
                &origin(root, theme, &name, true),
                Pos::default(),
                "template is not valid UTF-8",
            ),
        }
    }
    statics.extend(read_tree(root, &local.join("static"), diags));
    statics.extend(read_tree(root, &root.join("static"), diags));

    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    register_filters(&mut tera);
    // Templates are checked for unknown filters when added; each language
    // replaces these with its own date and number formats (`render::page_tera`).
    tera.register_filter("date", |v: &str, _: tera::Kwargs, _: &tera::State| {
        v.to_string()
    });
    tera.register_filter("grouped", |v: i64, _: tera::Kwargs, _: &tera::State| {
        v.to_string()
    });
    let local: std::collections::HashSet<String> = templates
        .iter()
        .filter(|(_, (_, l))| *l)
        .map(|(n, _)| n.clone())
        .collect();
    if let Err(e) = tera.add_raw_templates(
        templates
            .iter()
            .map(|(n, (src, _))| (n.as_str(), src.as_str())),
    ) {
        report(root, theme, "", &local, &e, diags);
        return None;
    }
    Some(Theme {
        tera,
        statics,
        local,
        name: theme.to_string(),
        rows: Default::default(),
    })
}

/// Turns a Tera error into located diagnostics. `name` is the template being
/// rendered, when known; `local` names the templates the site overrides.
pub fn report(
    root: &Path,
    theme: &str,
    name: &str,
    local: &std::collections::HashSet<String>,
    e: &tera::Error,
    diags: &mut Diagnostics,
) {
    let file = |n: &str| origin(root, theme, n, local.contains(n));
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let n = if r.filename().is_empty() {
                name
            } else {
                r.filename()
            };
            let span = r.span();
            diags.error(
                &file(n),
                Pos::new(span.start_line as u32, span.start_col as u32 + 1),
                format!("template error: {}", r.message()),
            );
        }
        other => {
            // Tera joins several reports into one text: "error: MSG" then " --> FILE:LINE:COL".
            let text = other.to_string();
            let mut message: Option<&str> = None;
            let mut found = false;
            for line in text.lines() {
                if let Some(m) = line.strip_prefix("error: ") {
                    message = Some(m);
                } else if let (Some(loc), Some(m)) =
                    (line.trim_start().strip_prefix("--> "), message.take())
                {
                    let mut parts = loc.rsplitn(3, ':');
                    let col = parts
                        .next()
                        .and_then(|c| c.parse::<u32>().ok())
                        .unwrap_or(0);
                    let line_no = parts
                        .next()
                        .and_then(|c| c.parse::<u32>().ok())
                        .unwrap_or(0);
                    let n = parts.next().unwrap_or(name);
                    diags.error(
                        &file(n),
                        Pos::new(line_no, col),
                        format!("template error: {m}"),
                    );
                    found = true;
                }
            }
            if !found {
                let n = if name.is_empty() { "templates" } else { name };
                diags.error(&file(n), Pos::default(), format!("template error: {text}"));
            }
        }
    }
}

/// Every file under `dir` as (relative path, bytes); missing folders are empty.
fn read_tree(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    if let Some(link) = crate::diag::first_link(root, dir) {
        diags.warning(&link, Pos::default(), crate::diag::LINK_SKIPPED);
        return Vec::new();
    }
    let mut out = Vec::new();
    for path in crate::load::walk_files(root, dir, diags) {
        match std::fs::read(&path) {
            Ok(b) => out.push((rel_path(dir, &path), b)),
            Err(e) => diags.error(
                &rel_path(root, &path),
                Pos::default(),
                format!("cannot read: {e}"),
            ),
        }
    }
    out
}

/// Registers the `json_ld` filter: `{{ term.term | json_ld }}` prints any
/// value as script-safe JSON (a quoted string, a number, an object), for a
/// theme's own `<script type="application/ld+json">`.
fn register_filters(tera: &mut tera::Tera) {
    tera.register_filter(
        "json_ld",
        |value: tera::Value, _: tera::Kwargs, _: &tera::State| {
            tera::Value::safe_string(&crate::text::script_safe_json(&value))
        },
    );
}
