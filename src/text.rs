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
/// Under 10,000 the count is written out; the unit is chosen after
/// rounding, so `999,950` is `1M`, never `1000K`.
pub fn compact(n: u64) -> String {
    if n < 10_000 {
        return int(n);
    }
    // Tenths of the unit, rounded half up, in integers (no float error).
    let tenths = |unit: u64| n / (unit / 10) + u64::from(n % (unit / 10) >= unit / 20);
    let k = tenths(1_000);
    if k < 10_000 {
        return format!("{}K", tenths_text(k));
    }
    format!("{}M", tenths_text(tenths(1_000_000)))
}

/// `123` tenths → `12.3`, `120` → `12`, grouped: `12345` → `1,234.5`.
fn tenths_text(t: u64) -> String {
    match t % 10 {
        0 => int(t / 10),
        d => format!("{}.{d}", int(t / 10)),
    }
}

/// `x` rounded to `decimals` places, its whole part grouped (`1,234.5`),
/// trailing zeros of the fraction dropped when `trim`. The rounding carries
/// into the whole part (`1.999` → `2`) and a value that rounds to zero has
/// no sign (`-0.001` → `0`). Not finite → `—`.
pub fn fixed(x: f64, decimals: usize, trim: bool) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    // `format!` rounds the decimal digits correctly, carry included.
    let digits = format!("{:.*}", decimals, x.abs());
    let (whole, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let frac = if trim {
        frac.trim_end_matches('0')
    } else {
        frac
    };
    let zero = whole.bytes().all(|b| b == b'0') && frac.bytes().all(|b| b == b'0');
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if x.is_sign_negative() && !zero {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A number as written in a report: grouped, with up to 2 decimals.
pub fn number(x: f64) -> String {
    fixed(x, 2, true)
}

/// A ratio as a percentage with one decimal: `0.8333` → `83.3%`,
/// `0.07` → `7.0%` (always one decimal, so figures side by side compare).
pub fn percent(ratio: f64) -> String {
    percent_value(ratio * 100.0)
}

/// A value already in percent, with one decimal: `4.25` → `4.3%`.
pub fn percent_value(p: f64) -> String {
    format!("{}%", fixed(p, 1, false))
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
        assert_eq!(percent(1.0), "100.0%");
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

#[cfg(test)]
mod number_edges {
    use super::*;
    use crate::i18n::Locale;

    /// One table for every kind of figure: (value, en, fr).
    #[test]
    fn numbers_round_carry_and_sign_in_en_and_fr() {
        let fr = Locale::french_for_tests();
        let en = Locale::english_for_tests();
        for (x, e, f) in [
            (0.0, "0", "0"),
            (-0.0, "0", "0"),
            (1.999, "2", "2"),
            (99.999, "100", "100"),
            (1234.996, "1,235", "1\u{a0}235"),
            (1234.5, "1,234.5", "1\u{a0}234,5"),
            (-0.5, "-0.5", "-0,5"),
            (-1234.567, "-1,234.57", "-1\u{a0}234,57"),
            (-0.001, "0", "0"),
            (0.005, "0.01", "0,01"),
            (2.5, "2.5", "2,5"),
            (
                1e15,
                "1,000,000,000,000,000",
                "1\u{a0}000\u{a0}000\u{a0}000\u{a0}000\u{a0}000",
            ),
            (f64::NAN, "—", "—"),
        ] {
            assert_eq!(en.number(x), e, "en number({x})");
            assert_eq!(fr.number(x), f, "fr number({x})");
        }
    }

    #[test]
    fn percentages_always_have_one_decimal() {
        let fr = Locale::french_for_tests();
        for (p, e, f) in [
            (7.0, "7.0%", "7,0\u{a0}%"),
            (6.54, "6.5%", "6,5\u{a0}%"),
            (99.96, "100.0%", "100,0\u{a0}%"),
            (-0.04, "0.0%", "0,0\u{a0}%"),
            (-2.35, "-2.4%", "-2,4\u{a0}%"),
        ] {
            assert_eq!(percent_value(p), e, "en {p}");
            assert_eq!(fr.percent_value(p), f, "fr {p}");
        }
        assert_eq!(percent(0.83333), "83.3%");
    }

    #[test]
    fn compact_counts_switch_unit_after_rounding() {
        let fr = Locale::french_for_tests();
        for (n, e, f) in [
            (0, "0", "0"),
            (9_999, "9,999", "9\u{a0}999"),
            (10_000, "10K", "10\u{a0}k"),
            (12_449, "12.4K", "12,4\u{a0}k"),
            (12_450, "12.5K", "12,5\u{a0}k"),
            (999_949, "999.9K", "999,9\u{a0}k"),
            (999_950, "1M", "1\u{a0}M"),
            (1_250_000, "1.3M", "1,3\u{a0}M"),
            (999_950_000, "1,000M", "1\u{a0}000\u{a0}M"),
            (
                u64::MAX,
                "18,446,744,073,709.6M",
                "18\u{a0}446\u{a0}744\u{a0}073\u{a0}709,6\u{a0}M",
            ),
        ] {
            assert_eq!(compact(n), e, "en compact({n})");
            assert_eq!(fr.compact(n), f, "fr compact({n})");
        }
    }
}
