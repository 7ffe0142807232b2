//! Strict YAML deserialization with errors turned into located diagnostics.

use crate::diag::{Pos, did_you_mean};
use serde::de::DeserializeOwned;

/// A YAML problem, positioned in the file (not in the YAML fragment).
#[derive(Debug)]
pub struct YamlError {
    /// Where, in file coordinates.
    pub pos: Pos,
    /// A message written for the site's author.
    pub message: String,
}

/// Front-matter position of a spanned value (YAML starts on file line 2).
pub fn pos<T>(s: &serde_saphyr::Spanned<T>) -> Pos {
    let line = u32::try_from(s.referenced.line()).unwrap_or(0);
    if line == 0 {
        return Pos::default();
    }
    Pos::new(line + 1, u32::try_from(s.referenced.column()).unwrap_or(0))
}

/// Deserializes `yaml`, whose first line is file line `line_offset + 1`.
pub fn parse<T: DeserializeOwned>(yaml: &str, line_offset: u32) -> Result<T, YamlError> {
    // An empty document is an empty map: it lets serde name the missing fields.
    let input = if yaml.trim().is_empty() { "{}" } else { yaml };
    let mut options = serde_saphyr::options::Options::default();
    options.with_snippet = false;
    if !expands_within(input, MAX_ALIAS_GROWTH, &options) {
        return Err(YamlError {
            pos: Pos::new(line_offset.max(1), 0),
            message: format!(
                "the YAML is too large once its aliases (`*name`) are expanded: more than {MAX_ALIAS_GROWTH} times its own size; write the values out instead of repeating an alias so often"
            ),
        });
    }
    serde_saphyr::from_str_with_options(input, options).map_err(|e| {
        // The YAML line the error is on, to say what to write instead.
        let at = e.location().and_then(|l| {
            let line = usize::try_from(l.line()).ok()?.checked_sub(1)?;
            input.lines().nth(line).map(|t| (line, t))
        });
        let pos = e
            .location()
            .map(|l| {
                let line = u32::try_from(l.line()).unwrap_or(u32::MAX);
                let col = u32::try_from(l.column()).unwrap_or(u32::MAX);
                if line == 0 {
                    Pos::new(line_offset.max(1), 0)
                } else {
                    Pos::new(line.saturating_add(line_offset), col)
                }
            })
            .unwrap_or(Pos::new(line_offset.max(1), 0));
        YamlError {
            pos,
            message: humanize(
                &e.without_snippet().to_string(),
                input,
                at,
                line_offset as usize,
            ),
        }
    })
}

/// How many times its own size a YAML text may grow once its aliases are
/// expanded. serde-saphyr's budgets count events, not bytes: one alias of
/// a long anchored text repeated a thousand times stays within them, and
/// 600 KB of front matter made a 61 MB page.
const MAX_ALIAS_GROWTH: usize = 10;

/// Whether `input`, aliases expanded, holds at most `factor` times its own
/// length of text (scalars and keys; other nodes count one byte). Counted
/// by a first pass that keeps nothing and stops at the limit; only texts
/// that define an anchor and use an alias need it. Any YAML error is left
/// to the real parse.
fn expands_within(input: &str, factor: usize, options: &serde_saphyr::options::Options) -> bool {
    if !(input.contains('&') && input.contains('*')) {
        return true;
    }
    LEFT.with(|left| left.set(input.len().saturating_mul(factor)));
    let counted = serde_saphyr::from_str_with_options::<Count>(input, options.clone());
    let over = LEFT.with(|left| left.get()) == 0;
    !(over && counted.is_err())
}

std::thread_local! {
    /// Bytes the counting pass may still see; 0 once over the limit.
    static LEFT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A value that only counts its size against [`LEFT`].
struct Count;

impl Count {
    fn take<E: serde::de::Error>(n: usize) -> Result<Count, E> {
        LEFT.with(|left| match left.get().checked_sub(n) {
            Some(rest) if rest > 0 => {
                left.set(rest);
                Ok(Count)
            }
            _ => {
                left.set(0);
                Err(E::custom("too large once aliases are expanded"))
            }
        })
    }
}

impl<'de> serde::Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        d.deserialize_any(CountVisitor)
    }
}

struct CountVisitor;

impl<'de> serde::de::Visitor<'de> for CountVisitor {
    type Value = Count;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Count, E> {
        Count::take(1)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Count, E> {
        Count::take(1)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Count, E> {
        Count::take(1)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Count, E> {
        Count::take(1)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Count, E> {
        Count::take(v.len().max(1))
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Count, E> {
        Count::take(v.len().max(1))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Count, E> {
        Count::take(1)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Count, E> {
        Count::take(1)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Count, D::Error> {
        <Count as serde::Deserialize>::deserialize(d)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> Result<Count, D::Error> {
        <Count as serde::Deserialize>::deserialize(d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Count, A::Error> {
        Count::take(1)?;
        while seq.next_element::<Count>()?.is_some() {}
        Ok(Count)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Count, A::Error> {
        Count::take(1)?;
        while map.next_entry::<Count, Count>()?.is_some() {}
        Ok(Count)
    }
}

/// `key` and `value` of a `key: value` line (a list item's `- ` dropped).
fn key_value(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let (k, v) = t.split_once(':')?;
    let k = k.trim();
    let plain = !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    plain.then(|| (k, v.split(" #").next().unwrap_or(v).trim()))
}

/// The common slips, said in the author's terms: what the line holds and
/// what to write instead. `at` is the YAML line (0-based) and its text;
/// the YAML starts on file line `offset + 1`.
fn in_words(msg: &str, yaml: &str, at: Option<(usize, &str)>, offset: usize) -> Option<String> {
    let (n, line) = at?;
    if let Some(rest) = msg.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        let indent = line.len() - line.trim_start().len();
        // The first line that sets the same key at the same depth.
        let first = yaml.lines().take(n).position(|l| {
            l.len() - l.trim_start().len() == indent && key_value(l).is_some_and(|(k, _)| k == key)
        });
        return Some(match first {
            Some(f) => format!(
                "`{key}` is set twice (lines {} and {}): keep one",
                f + 1 + offset,
                n + 1 + offset
            ),
            None => format!("`{key}` is set twice: keep one"),
        });
    }
    let (key, value) = key_value(line)?;
    if msg == "expected sequence start" && !value.is_empty() {
        let items: Vec<&str> = value.split(',').map(str::trim).collect();
        return Some(format!(
            "`{key}` is a list: write `{key}: [{}]`, or one `- item` per line under `{key}:`",
            items.join(", ")
        ));
    }
    if msg == "expected mapping start" {
        if key == "creators" {
            let first = value
                .trim_matches(['[', ']'])
                .split(',')
                .next()
                .unwrap_or_default()
                .trim();
            let first = if first.is_empty() {
                "lea-martin"
            } else {
                first
            };
            return Some(format!(
                "each participant is a map, one per line under `creators:`: `- creator: {first}`"
            ));
        }
        return Some(format!(
            "`{key}` holds `name: value` pairs, one per line below it, not a single value"
        ));
    }
    let digits = |v: &str| v.chars().filter(char::is_ascii_digit).collect::<String>();
    let whole = msg.starts_with("invalid u") || msg.starts_with("invalid i");
    let separated = value.chars().any(|c| c.is_ascii_digit())
        && value
            .chars()
            .any(|c| matches!(c, ',' | '.' | ' ' | '_' | '\''));
    if whole && separated {
        return Some(format!(
            "write whole numbers without separators: `{key}: {}`",
            digits(value)
        ));
    }
    if msg.starts_with("invalid floating point") || msg.starts_with("invalid f64") {
        if let Some(number) = value.strip_suffix('%') {
            return Some(format!(
                "write the number without `%`: `{key}: {}`",
                number.trim()
            ));
        }
        if value.contains(',') {
            return Some(format!(
                "write decimals with a dot: `{key}: {}`",
                value.replace(',', ".")
            ));
        }
    }
    None
}

/// Rewrites serde's terse messages into ones that say what to do.
fn humanize(raw: &str, yaml: &str, at: Option<(usize, &str)>, offset: usize) -> String {
    if let Some(words) = in_words(strip_location(raw), yaml, at, offset) {
        return words;
    }
    if raw.starts_with("budget breached") {
        return "the YAML is too large once its aliases (`*name`) are expanded, or nested too deeply; \
                write the values out or simplify the structure"
            .to_string();
    }
    let msg = strip_location(raw);
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        return unknown("field", rest, "allowed fields");
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        return unknown("value", rest, "allowed values");
    }
    if let Some(ty) = msg.strip_prefix("invalid ")
        && let Some(range) = integer_range(ty.trim())
    {
        return format!("expected a whole number {range}");
    }
    if msg == "expected string scalar" {
        // Most often text with `: ` in it (French puts a space before the
        // colon), which YAML reads as a `key: value` pair.
        return "expected text (a string) here, but YAML read a `key: value` pair or a list: if the text contains `: ` or starts with `-`, `[` or `{`, put it in quotes (\"…\")".to_string();
    }
    msg.to_string()
}

/// `unknown field `x`, expected one of a, b` → a did-you-mean message.
fn unknown(what: &str, rest: &str, label: &str) -> String {
    let (name, expected) = match rest.split_once(", expected ") {
        Some((n, e)) => (n, e),
        None => (rest.trim_end_matches(", there are no fields"), ""),
    };
    let name = name.trim_matches('`');
    let allowed: Vec<&str> = expected
        .trim_start_matches("one of ")
        .split(", ")
        .map(|s| s.trim().trim_matches('`'))
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = format!("unknown {what} `{name}`");
    if let Some(best) = did_you_mean(name, allowed.iter().copied()) {
        out.push_str(&format!(" (did you mean `{best}`?)"));
    }
    if !allowed.is_empty() {
        out.push_str(&format!("; {label}: {}", allowed.join(", ")));
    }
    out
}

fn integer_range(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "u8" => "from 0 to 255",
        "u16" => "from 0 to 65535",
        "u32" => "from 0 to 4294967295",
        "u64" => "from 0 to 18446744073709551615",
        "i64" => "that fits in 64 bits",
        _ => return None,
    })
}

/// Drops the ` at line N, column M` suffix: the position is reported separately.
fn strip_location(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(", column ") => &msg[..i],
        _ => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        followers: Option<u32>,
        network: Option<String>,
    }

    #[test]
    fn unknown_field_suggests_the_closest() {
        let e = parse::<T>("network: x\nfolowers: 3\n", 1).unwrap_err();
        assert_eq!(e.pos, Pos::new(3, 1));
        assert!(
            e.message
                .starts_with("unknown field `folowers` (did you mean `followers`?)"),
            "{}",
            e.message
        );
    }

    #[test]
    fn alias_bombs_are_refused_with_a_readable_message() {
        let mut y = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (n, p) in ["b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip("abcdefg".chars())
        {
            y.push_str(&format!(
                "{n}: &{n} [{}]\n",
                vec![format!("*{p}"); 9].join(",")
            ));
        }
        let e = parse::<serde_json::Value>(&y, 1).unwrap_err();
        assert!(
            e.message.starts_with("the YAML is too large"),
            "{}",
            e.message
        );
    }

    #[test]
    fn aliases_may_not_grow_the_text_more_than_ten_times() {
        let long = "x".repeat(1000);
        let yaml = |n: usize| format!("a: &a {long}\nb: [{}]\n", vec!["*a"; n].join(", "));
        // About 8 times the text: fine.
        assert!(parse::<serde_json::Value>(&yaml(7), 1).is_ok());
        let e = parse::<serde_json::Value>(&yaml(12), 1).unwrap_err();
        assert!(e.message.contains("10 times"), "{}", e.message);
        // Merge keys are aliases too.
        let merged = format!(
            "base: &b {{note: {long}}}\n{}",
            (0..12)
                .map(|i| format!("k{i}: {{<<: *b}}\n"))
                .collect::<String>()
        );
        let e = parse::<serde_json::Value>(&merged, 1).unwrap_err();
        assert!(e.message.contains("10 times"), "{}", e.message);
    }

    #[test]
    fn huge_numbers_say_the_range() {
        let e = parse::<T>("followers: 99999999999999999999\n", 1).unwrap_err();
        assert!(e.message.contains("whole number"), "{}", e.message);
    }

    #[test]
    fn text_with_a_colon_says_to_quote_it() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct L {
            learnings: Vec<String>,
        }
        let e = parse::<L>(
            "learnings:\n  - La pédagogie a gagné : les vues ont suivi\n",
            1,
        )
        .unwrap_err();
        assert_eq!(e.pos.line, 3);
        assert!(e.message.contains("put it in quotes"), "{}", e.message);
    }
}
