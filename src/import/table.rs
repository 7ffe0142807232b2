//! Reading the CSV file: BOM, `;` or `,`, quoted fields with line breaks
//! (the `csv` crate), and each cell turned into a front-matter value.

use super::keys::{Target, Ty};
use serde_json::{Map, Number, Value};

/// A CSV file read whole.
pub struct Table {
    /// Header names as written.
    pub headers: Vec<String>,
    /// Each record with the file line it starts at.
    pub rows: Vec<(u64, Vec<String>)>,
}

/// The separator of a header line: `;` when it has more of them than `,`
/// outside quotes (French spreadsheets write `;`), else `,`.
fn separator(text: &str) -> u8 {
    let (mut semi, mut comma, mut quoted) = (0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semi += 1,
            ',' if !quoted => comma += 1,
            '\n' if !quoted => break,
            _ => {}
        }
    }
    if semi > comma { b';' } else { b',' }
}

/// Parses `bytes`; the error says what is wrong, with its line.
pub fn read(bytes: &[u8]) -> Result<Table, (u64, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u64 + 1;
        (
            line,
            "the file is not valid UTF-8: save it as UTF-8 (most spreadsheets have it under \"CSV UTF-8\")".to_string(),
        )
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| (1, format!("cannot read the header row: {e}")))?
        .iter()
        .map(String::from)
        .collect();
    // The file line of a byte offset: csv's own line count is off by one
    // after CRLF line ends (spreadsheets and our own export write them).
    let line_at = |byte: u64| {
        let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        // A record after a CRLF starts, for csv, at its `\n`.
        while text
            .as_bytes()
            .get(end)
            .is_some_and(|b| *b == b'\r' || *b == b'\n')
        {
            end += 1;
        }
        text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64
            + 1
    };
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| line_at(p.byte()));
            (line, format!("cannot read the row: {e}"))
        })?;
        let line = rec.position().map_or(0, |p| line_at(p.byte()));
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((line, rec.iter().map(String::from).collect()));
    }
    Ok(Table { headers, rows })
}

/// A cell as written, without the `'` that `data/creators.csv` puts before
/// text a spreadsheet would run as a formula; `None` when empty.
pub fn cell(raw: &str) -> Option<&str> {
    let s = raw.trim();
    let s = match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    };
    (!s.is_empty()).then_some(s)
}

/// A number when `s` is one (whole numbers stay whole; a decimal comma is
/// read as a point), else the text itself.
pub fn number(s: &str) -> Value {
    if let Ok(n) = s.parse::<u64>() {
        return Value::Number(n.into());
    }
    if let Ok(n) = s.parse::<i64>() {
        return Value::Number(n.into());
    }
    let dotted = if s.contains('.') {
        s.to_string()
    } else {
        s.replacen(',', ".", 1)
    };
    dotted
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .and_then(Number::from_f64)
        .map_or_else(|| Value::String(s.to_string()), Value::Number)
}

/// `s` read as `ty`.
pub fn typed(s: &str, ty: Ty) -> Value {
    match ty {
        Ty::Str => Value::String(s.to_string()),
        Ty::Num => number(s),
        Ty::Bool => match s.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Value::Bool(true),
            "false" | "no" | "0" => Value::Bool(false),
            _ => Value::String(s.to_string()),
        },
        Ty::List => list(s, ';'),
        Ty::Lines => list(s, '\n'),
    }
}

fn list(s: &str, sep: char) -> Value {
    Value::Array(
        s.split(sep)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| Value::String(p.to_string()))
            .collect(),
    )
}

/// `reel=2385;story=745` as a map; numbers where they read as numbers.
pub fn pairs(s: &str) -> Value {
    let mut m = Map::new();
    for part in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some((k, v)) => {
                m.insert(k.trim().to_string(), number(v.trim()));
            }
            // Not a pair: kept as text so the loader says what it expected.
            None => return Value::String(s.to_string()),
        }
    }
    Value::Object(m)
}

/// Timeline lines `2024-06-18 outreach: First DM` as history events.
pub fn history(s: &str) -> Value {
    let events = s
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut m = Map::new();
            let (head, note) = match l.split_once(": ") {
                Some((h, n)) => (h, Some(n)),
                None => (l.strip_suffix(':').unwrap_or(l), None),
            };
            let mut words = head.splitn(2, ' ');
            if let Some(d) = words.next() {
                m.insert("date".into(), Value::String(d.to_string()));
            }
            if let Some(t) = words.next() {
                m.insert("type".into(), Value::String(t.trim().to_string()));
            }
            if let Some(n) = note {
                m.insert("note".into(), Value::String(n.to_string()));
            }
            Value::Object(m)
        })
        .collect();
    Value::Array(events)
}

/// The value a column's cell gives its target.
pub fn value(target: &Target, s: &str) -> Value {
    match target {
        Target::Top(_, ty)
        | Target::Sub(_, _, ty)
        | Target::Platform(_, _, ty)
        | Target::Part(_, ty)
        | Target::PartSub(_, _, ty) => typed(s, *ty),
        Target::Pairs(_) | Target::PartPairs => pairs(s),
        Target::History => history(s),
        Target::Handle => Value::String(s.trim_start_matches('@').to_string()),
        Target::Skip => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bom_semicolons_and_quoted_newlines() {
        let t = read("\u{feff}name;note\r\n\"A; b\";\"two\nlines\"\r\nC;d\r\n".as_bytes()).unwrap();
        assert_eq!(t.headers, ["name", "note"]);
        assert_eq!(
            t.rows[0],
            (2, vec!["A; b".to_string(), "two\nlines".to_string()])
        );
        assert_eq!(t.rows[1].0, 4);
        assert_eq!(cell("'+33 6"), Some("+33 6"));
        assert_eq!(number("3,8"), serde_json::json!(3.8));
        assert_eq!(number("12400"), serde_json::json!(12400));
    }
}
