//! Small text helpers: slugs, accent folding, display formatting of numbers.

/// Lowercase, accent-free form of `s`, for matching and sorting. It is
/// exactly how the theme's `search.js` and `filters.js` fold a query
/// (`toLowerCase`, NFD, combining marks dropped, then a few letters that
/// do not decompose): "Créée" → "creee", "Ærø" → "aero".
pub fn fold(s: &str) -> String {
    // Most text is ASCII: lowercase is all there is to do.
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        // Per character: the marks NFD would reorder are dropped anyway.
        for l in c.to_lowercase() {
            unicode_normalization::char::decompose_canonical(l, |d| {
                if unicode_normalization::char::is_combining_mark(d) {
                    return;
                }
                match d {
                    'æ' => out.push_str("ae"),
                    'œ' => out.push_str("oe"),
                    'ß' => out.push_str("ss"),
                    'ø' => out.push('o'),
                    'đ' | 'ð' => out.push('d'),
                    'ł' => out.push('l'),
                    'ı' => out.push('i'),
                    'þ' => out.push_str("th"),
                    // Lowercasing a whole string makes a final sigma `ς`,
                    // one character at a time `σ`: fold both to `σ`.
                    'ς' => out.push('σ'),
                    _ => out.push(d),
                }
            });
        }
    }
    out
}

/// A URL-safe slug: `Léa Martin` → `lea-martin`.
pub fn slugify(s: &str) -> String {
    let out = ascii_slug(&fold(s));
    if out.is_empty() {
        "item".to_string()
    } else {
        out
    }
}

/// The slug of a taxonomy value (a brand, a niche), the folder of its page.
/// It is [`slugify`]'s when that keeps every letter and digit of the name;
/// a name in a script that does not fold to ASCII (`李宁`, `Αθήνα`) or with
/// no letter at all (`!!!`) gets what ASCII it has plus a hash of the name,
/// so different names never share a page by accident: `李宁` → `n-307a534d`.
pub fn name_slug(name: &str) -> String {
    let folded = fold(name);
    let slug = ascii_slug(&folded);
    let lost = folded.chars().any(|c| c.is_alphanumeric() && !c.is_ascii());
    if !lost && !slug.is_empty() {
        return slug;
    }
    // Hashed folded, as names that fold alike share a page anyway.
    let hash = xxhash_rust::xxh3::xxh3_64(folded.trim().as_bytes()) as u32;
    if slug.is_empty() {
        format!("n-{hash:08x}")
    } else {
        format!("{slug}-{hash:08x}")
    }
}

/// The ASCII letters and digits of an already folded `s`, runs of anything
/// else as one `-`, none at the ends; may be empty.
fn ascii_slug(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// English month names, for dates when a language file has none.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `12400` → `12,400`.
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Compact count for chips: `12400` → `12.4K`, `1250000` → `1.3M`.
pub fn compact(n: u64) -> String {
    match n {
        0..=9_999 => int(n),
        10_000..=999_999 => trim_zero(format!("{:.1}", n as f64 / 1_000.0)) + "K",
        _ => trim_zero(format!("{:.1}", n as f64 / 1_000_000.0)) + "M",
    }
}

/// A number as written in a report: whole numbers grouped, others with up to 2 decimals.
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let s = int(x.abs() as u64);
        return if x < 0.0 { format!("-{s}") } else { s };
    }
    let whole = x.trunc();
    let frac = trim_zero(format!("{:.2}", x.abs().fract()));
    let frac = frac.trim_start_matches('0');
    format!("{}{}", number(whole), if frac == "." { "" } else { frac })
}

/// A ratio as a percentage with one decimal: `0.8333` → `83.3%`.
pub fn percent(ratio: f64) -> String {
    format!("{}%", trim_zero(format!("{:.1}", ratio * 100.0)))
}

/// A value already in percent: `4.25` → `4.3%`.
pub fn percent_value(p: f64) -> String {
    format!("{}%", trim_zero(format!("{:.1}", p)))
}

fn trim_zero(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Escapes text for HTML element content and double- or single-quoted
/// attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Up to two initials for an avatar: `Léa Martin` → `LM`.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// Serializes `value` as compact JSON that is safe inside a `<script>`:
/// `<`, `>` and `&` become `\u003c`, `\u003e`, `\u0026`, so no value can
/// close the script (`</script>`) or open a comment (`<!--`).
pub fn script_safe_json<T: serde::Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    if !json.contains(['<', '>', '&']) {
        return json;
    }
    // The three are ASCII: copy the text between them in slices.
    let mut out = String::with_capacity(json.len() + 64);
    let mut from = 0;
    for (i, c) in json.match_indices(['<', '>', '&']) {
        out.push_str(json.get(from..i).unwrap_or_default());
        out.push_str(match c {
            "<" => "\\u003c",
            ">" => "\\u003e",
            _ => "\\u0026",
        });
        from = i + c.len();
    }
    out.push_str(json.get(from..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(slugify("Léa  Martin!"), "lea-martin");
        assert_eq!(int(1234567), "1,234,567");
        assert_eq!(int(12), "12");
        assert_eq!(compact(12_400), "12.4K");
        assert_eq!(compact(2_000_000), "2M");
        assert_eq!(number(1500.0), "1,500");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(percent(0.83333), "83.3%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(initials("Léa Martin"), "LM");
    }

    #[test]
    fn name_slugs_keep_different_names_apart() {
        assert_eq!(name_slug("L'Oréal Paris"), slugify("L'Oréal Paris"));
        let cjk = ["李宁", "安踏", "!!!", "???", "Αθήνα"];
        let slugs: std::collections::BTreeSet<String> = cjk.iter().map(|n| name_slug(n)).collect();
        assert_eq!(slugs.len(), cjk.len(), "{slugs:?}");
        for s in &slugs {
            assert!(
                s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
                "{s}"
            );
        }
        assert!(name_slug("Nike 李宁").starts_with("nike-"));
        assert_eq!(name_slug("李宁"), "n-307a534d");
    }
}
