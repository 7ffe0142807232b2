//! Cells laid over an entry's front matter (as a JSON value): each set
//! value records the path it went to, so a problem found later at that
//! place names the cell's column.

use super::keys::Target;
use serde_json::{Map, Value};

/// A set value's place and the column (index) it came from.
pub type Trace = Vec<(Vec<String>, usize)>;

fn obj(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => m,
        _ => unreachable!("made an object just above"),
    }
}

fn list<'a>(m: &'a mut Map<String, Value>, key: &str) -> &'a mut Vec<Value> {
    let v = m.entry(key).or_insert_with(|| Value::Array(Vec::new()));
    if !v.is_array() {
        *v = Value::Array(Vec::new());
    }
    match v {
        Value::Array(a) => a,
        _ => unreachable!("made an array just above"),
    }
}

/// Index of the item of `items` whose `field` is `value`, added if none.
fn item(items: &mut Vec<Value>, field: &str, value: &str) -> usize {
    if let Some(i) = items
        .iter()
        .position(|p| p.get(field).and_then(Value::as_str) == Some(value))
    {
        return i;
    }
    let mut m = Map::new();
    m.insert(field.to_string(), Value::String(value.to_string()));
    items.push(Value::Object(m));
    items.len() - 1
}

fn followers(p: &Value) -> f64 {
    p.get("followers").and_then(Value::as_f64).unwrap_or(-1.0)
}

/// Sets `value` from column `col` into the front matter `fm`. `part` is
/// the row's participant slug (campaigns).
pub fn set(
    fm: &mut Value,
    target: &Target,
    value: Value,
    col: usize,
    part: Option<&str>,
    trace: &mut Trace,
) {
    let m = obj(fm);
    let path: Vec<String> = match target {
        Target::Top(k, _) => {
            m.insert(k.to_string(), value);
            vec![k.to_string()]
        }
        Target::Sub(top, f, _) => {
            obj(m.entry(*top).or_insert(Value::Null)).insert(f.to_string(), value);
            vec![top.to_string(), f.to_string()]
        }
        Target::Pairs(top) => {
            let dst = m.entry(*top).or_insert(Value::Null);
            match value {
                Value::Object(pairs) => obj(dst).extend(pairs),
                other => *dst = other,
            }
            vec![top.to_string()]
        }
        Target::Platform(net, f, _) => {
            let items = list(m, "platforms");
            let i = item(items, "network", net);
            obj(&mut items[i]).insert(f.to_string(), value);
            vec!["platforms".into(), i.to_string(), f.to_string()]
        }
        Target::Handle => {
            let items = list(m, "platforms");
            if let Some(i) = items.iter().position(|p| p.get("handle") == Some(&value)) {
                vec!["platforms".into(), i.to_string(), "handle".into()]
            } else {
                // The export's `handle` is that of the largest platform
                // (ties by network name), so it goes back there.
                let best = items
                    .iter()
                    .enumerate()
                    .max_by(|(_, a), (_, b)| {
                        followers(a).total_cmp(&followers(b)).then_with(|| {
                            let n = |p: &Value| {
                                p.get("network").and_then(Value::as_str).map(String::from)
                            };
                            n(b).cmp(&n(a))
                        })
                    })
                    .map(|(i, _)| i);
                let i = best.unwrap_or_else(|| item(items, "network", "other"));
                obj(&mut items[i]).insert("handle".into(), value);
                vec!["platforms".into(), i.to_string(), "handle".into()]
            }
        }
        Target::History => {
            m.insert("history".into(), value);
            vec!["history".into()]
        }
        Target::Part(..) | Target::PartSub(..) | Target::PartPairs => {
            let f = match target {
                Target::Part(f, _) | Target::PartSub(f, _, _) => *f,
                _ => "results",
            };
            let Some(slug) = part else { return };
            let items = list(m, "creators");
            let i = item(items, "creator", slug);
            let p = obj(&mut items[i]);
            match target {
                Target::Part(f, _) => {
                    p.insert(f.to_string(), value);
                }
                Target::PartSub(_, sub, _) => {
                    obj(p.entry(f).or_insert(Value::Null)).insert(sub.to_string(), value);
                }
                _ => {
                    let dst = p.entry("results").or_insert(Value::Null);
                    match value {
                        Value::Object(pairs) => obj(dst).extend(pairs),
                        other => *dst = other,
                    }
                }
            }
            vec!["creators".into(), i.to_string(), f.to_string()]
        }
        Target::Skip => return,
    };
    trace.push((path, col));
}

/// The trace entry whose value is at `path` (or holds it), if any.
pub fn entry_at(trace: &Trace, path: &[String]) -> Option<usize> {
    let common = |p: &[String]| p.iter().zip(path).take_while(|(a, b)| a == b).count();
    trace
        .iter()
        .enumerate()
        .filter(|(_, (p, _))| common(p) > 0)
        .max_by_key(|(i, (p, _))| (common(p), usize::MAX - i))
        .map(|(i, _)| i)
}
