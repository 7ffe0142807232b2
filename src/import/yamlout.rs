//! Front matter as text: values written in the style of `creatorkb new`
//! (keys in the documented order, flow lists, block maps), and an existing
//! file's front matter updated key by key, leaving the rest as written.

use serde_json::{Map, Value};

/// One written line's place in the value: the keys (and list indexes)
/// leading to it, so a problem at that line finds its CSV column.
pub type LinePath = Vec<String>;

/// Text of one top-level key and the path of each of its lines.
pub struct Block {
    /// Lines without their ends.
    pub lines: Vec<String>,
    /// Same length as `lines`.
    pub paths: Vec<LinePath>,
}

/// A string as YAML: plain when it cannot be read as anything else (dates,
/// lowercase words), double-quoted (JSON escapes are valid YAML) otherwise.
pub fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) if plain_ok(s) => s.clone(),
        Value::String(s) => serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

fn plain_ok(s: &str) -> bool {
    let date = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let word = s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !matches!(
            s,
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    date || word
        || (s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()) && s != "NO" && s != "ON")
}

fn flow(v: &Value) -> String {
    match v {
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(m) if m.is_empty() => "{}".into(),
        Value::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", scalar(&Value::String(k.clone())), flow(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        other => scalar(other),
    }
}

/// Keys of `m` in `order`; the others, alphabetically, where `order`
/// has `*` (at the end without one).
fn ordered<'a>(m: &'a Map<String, Value>, order: &[&str]) -> Vec<(&'a String, &'a Value)> {
    let star = order.iter().position(|k| *k == "*").unwrap_or(order.len());
    let listed = |keys: &[&str]| -> Vec<(&'a String, &'a Value)> {
        keys.iter().filter_map(|k| m.get_key_value(*k)).collect()
    };
    let mut out = listed(&order[..star]);
    out.extend(m.iter().filter(|(k, _)| !order.contains(&k.as_str())));
    out.extend(listed(order.get(star + 1..).unwrap_or_default()));
    out
}

/// Writes `key: value` at `indent`, maps as blocks, lists of maps as block
/// sequences, lists of scalars in flow style.
fn write(
    b: &mut Block,
    indent: usize,
    first_prefix: Option<&str>,
    key: &str,
    v: &Value,
    path: &LinePath,
    order: &dyn Fn(&LinePath) -> &'static [&'static str],
) {
    let pad = " ".repeat(indent);
    let lead = first_prefix.map_or_else(
        || pad.clone(),
        |p| format!("{}{p}", " ".repeat(indent - p.len())),
    );
    let mut here = path.clone();
    here.push(key.to_string());
    match v {
        Value::Object(m) if !m.is_empty() => {
            b.lines
                .push(format!("{lead}{}:", scalar(&Value::String(key.into()))));
            b.paths.push(here.clone());
            for (k, sub) in ordered(m, order(&here)) {
                write(b, indent + 2, None, k, sub, &here, order);
            }
        }
        Value::Array(items) if items.iter().any(Value::is_object) => {
            b.lines
                .push(format!("{lead}{}:", scalar(&Value::String(key.into()))));
            b.paths.push(here.clone());
            for (i, item) in items.iter().enumerate() {
                let mut at = here.clone();
                at.push(i.to_string());
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        for (j, (k, sub)) in ordered(m, order(&at)).into_iter().enumerate() {
                            let prefix = (j == 0).then_some("- ");
                            write(b, indent + 4, prefix, k, sub, &at, order);
                        }
                    }
                    other => {
                        b.lines.push(format!("{pad}  - {}", flow(other)));
                        b.paths.push(at);
                    }
                }
            }
        }
        other => {
            b.lines.push(format!(
                "{lead}{}: {}",
                scalar(&Value::String(key.into())),
                flow(other)
            ));
            b.paths.push(here);
        }
    }
}

/// The block of the top-level `key`.
pub fn block(key: &str, v: &Value, order: &dyn Fn(&LinePath) -> &'static [&'static str]) -> Block {
    let mut b = Block {
        lines: Vec::new(),
        paths: Vec::new(),
    };
    write(&mut b, 0, None, key, v, &Vec::new(), order);
    b
}

/// The top-level key a front-matter line starts, if it starts one.
fn top_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
        return None;
    }
    let key = line.split(':').next()?.trim();
    Some(key.trim_matches(['"', '\'']))
}

/// Front matter lines split into top-level blocks: `(key, first, end)`
/// with `end` past the block's last indented line (comment lines at the
/// left margin and blank lines after it stay outside).
fn blocks(lines: &[&str]) -> Vec<(String, usize, usize)> {
    let mut out: Vec<(String, usize, usize)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(k) = top_key(l) {
            out.push((k.to_string(), i, i + 1));
        } else if l.starts_with([' ', '\t', '-'])
            && let Some(last) = out.last_mut()
            && !l.trim().is_empty()
        {
            last.2 = i + 1;
        }
    }
    out
}

/// The front matter `yaml` with each of `changed` replaced or inserted:
/// a key already there is rewritten in place; a new one goes after the
/// last present key that comes before it in `order`, or replaces a
/// commented-out `# key:` line as `new` writes them. Returns the text and,
/// for every written line, its 0-based index and path.
pub fn splice(
    yaml: &str,
    changed: &[(String, Block)],
    order: &[&str],
) -> (String, Vec<(usize, LinePath)>) {
    let mut lines: Vec<String> = yaml.lines().map(String::from).collect();
    // Which output lines were written by the import, by their text index.
    let mut written: Vec<Option<LinePath>> = vec![None; lines.len()];
    for (key, b) in changed {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let found = blocks(&refs);
        let (start, end) = if let Some((_, s, e)) = found.iter().find(|(k, _, _)| k == key) {
            (*s, *e)
        } else if let Some(i) = refs.iter().position(|l| {
            l.strip_prefix('#').map(str::trim_start).is_some_and(|r| {
                r.strip_prefix(key.as_str())
                    .is_some_and(|r| r.starts_with(':'))
            })
        }) {
            (i, i + 1)
        } else {
            let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
            let mine = rank(key);
            let after = found
                .iter()
                .filter(|(k, _, _)| rank(k) <= mine)
                .map(|(_, _, e)| *e)
                .max();
            let before = found
                .iter()
                .filter(|(k, _, _)| rank(k) > mine)
                .map(|(_, s, _)| *s)
                .min();
            let at = after.or(before).unwrap_or(lines.len());
            (at, at)
        };
        let new_paths: Vec<Option<LinePath>> = b.paths.iter().cloned().map(Some).collect();
        lines.splice(start..end, b.lines.iter().cloned());
        written.splice(start..end, new_paths);
    }
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    let map = written
        .into_iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|p| (i, p)))
        .collect();
    (text, map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn none(_: &LinePath) -> &'static [&'static str] {
        &[]
    }

    #[test]
    fn quotes_what_yaml_would_read_otherwise() {
        assert_eq!(scalar(&json!("2024-06-18")), "2024-06-18");
        assert_eq!(scalar(&json!("active")), "active");
        assert_eq!(scalar(&json!("true")), "\"true\"");
        assert_eq!(scalar(&json!("#ad")), "\"#ad\"");
        assert_eq!(scalar(&json!("Léa: x")), "\"Léa: x\"");
    }

    #[test]
    fn replaces_one_key_and_keeps_the_rest() {
        let yaml = "name: A\n# a comment\ncontact:\n  email: a@b\n  phone: \"1\"\nowner: X\n";
        let b = block("contact", &json!({"email": "new@b"}), &none);
        let (text, map) = splice(
            yaml,
            &[("contact".into(), b)],
            &["name", "contact", "owner"],
        );
        assert_eq!(
            text,
            "name: A\n# a comment\ncontact:\n  email: \"new@b\"\nowner: X\n"
        );
        assert_eq!(map[1].1, vec!["contact".to_string(), "email".to_string()]);
        let b = block("since", &json!("2024-01-02"), &none);
        let (text, _) = splice(
            "name: A\n# since: 2026-01-15\n",
            &[("since".into(), b)],
            &[],
        );
        assert_eq!(text, "name: A\nsince: 2024-01-02\n");
    }
}
