//! Languages: interface strings and how numbers and dates are written.
//!
//! Each language of the site (`language` and `languages` in `site.yaml`)
//! gets a [`Lang`]: its strings merged, key by key, from (lowest first) the
//! built-in English file, the built-in file of that language, the site
//! theme's `i18n/<code>.yaml` and the site's own `i18n/<code>.yaml`. So a
//! site overrides one string by writing one key, and a new language is a
//! new file with no code. Resolve uses the strings for labels and figures,
//! templates read them as `t`.

pub mod names;

use crate::diag::{Diagnostics, Pos, rel_path};
use crate::fasthash::{HashMap, HashMapExt};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// A parsed strings file: nested maps of text.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Node {
    /// A string.
    Str(String),
    /// A number or a boolean written where text was meant (`no: Non` is fine).
    Bool(bool),
    /// A number, kept as written.
    Num(f64),
    /// A list (month names).
    List(Vec<Node>),
    /// A map of keys.
    Map(BTreeMap<String, Node>),
}

impl Node {
    fn text(&self) -> Option<String> {
        match self {
            Node::Str(s) => Some(s.clone()),
            Node::Bool(b) => Some(b.to_string()),
            Node::Num(n) => Some(crate::text::number(*n)),
            _ => None,
        }
    }

    /// Lays `over` onto `self`, key by key.
    fn merge(&mut self, over: Node) {
        match (self, over) {
            (Node::Map(mine), Node::Map(theirs)) => {
                for (k, v) in theirs {
                    match mine.get_mut(&k) {
                        Some(m) => m.merge(v),
                        None => {
                            mine.insert(k, v);
                        }
                    }
                }
            }
            (me, other) => *me = other,
        }
    }

    fn flatten(&self, prefix: &str, out: &mut HashMap<String, String>) {
        if let Node::Map(m) = self {
            for (k, v) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                match v.text() {
                    Some(s) => {
                        out.insert(key, s);
                    }
                    None => v.flatten(&key, out),
                }
            }
        }
    }
}

/// How a language writes numbers and dates.
#[derive(Debug, Clone)]
pub struct Locale {
    decimal: String,
    group: String,
    percent: String,
    thousands: String,
    millions: String,
    date: String,
    /// How the first day of a month is written (`1er` in French).
    first_day: String,
    months: Vec<String>,
}

impl Locale {
    fn from_strings(flat: &HashMap<String, String>, months: Vec<String>) -> Locale {
        let get = |k: &str, d: &str| {
            flat.get(&format!("format.{k}"))
                .cloned()
                .unwrap_or_else(|| d.to_string())
        };
        Locale {
            decimal: get("decimal", "."),
            group: get("group", ","),
            percent: get("percent", "{n}%"),
            thousands: get("thousands", "{n}K"),
            millions: get("millions", "{n}M"),
            date: get("date", "{day} {month} {year}"),
            first_day: get("first_day", "1"),
            months,
        }
    }

    /// The default theme's locale for `code` (`en`, `fr`), as a site with
    /// no i18n files of its own gets it: for the formatting tests.
    #[cfg(test)]
    pub(crate) fn builtin_for_tests(code: &str) -> Locale {
        let mut d = Diagnostics::new();
        let mut flat = HashMap::new();
        if let Some(node) = embedded(code, crate::render::theme::builtin_files(), &mut d) {
            node.flatten("", &mut flat);
        }
        assert!(!flat.is_empty(), "no built-in strings for {code}");
        Locale::from_strings(&flat, Vec::new())
    }

    /// [`Locale::builtin_for_tests`] of English.
    #[cfg(test)]
    pub(crate) fn english_for_tests() -> Locale {
        Self::builtin_for_tests("en")
    }

    /// [`Locale::builtin_for_tests`] of French.
    #[cfg(test)]
    pub(crate) fn french_for_tests() -> Locale {
        Self::builtin_for_tests("fr")
    }

    /// Swaps the English separators of `s` for this language's.
    fn localize(&self, s: &str) -> String {
        if self.group == "," && self.decimal == "." {
            return s.to_string();
        }
        let mut out = String::with_capacity(s.len() + 4);
        for c in s.chars() {
            match c {
                ',' => out.push_str(&self.group),
                '.' => out.push_str(&self.decimal),
                c => out.push(c),
            }
        }
        out
    }

    /// `1234567` → `1,234,567` / `1 234 567`.
    pub fn int(&self, n: u64) -> String {
        self.localize(&crate::text::int(n))
    }

    /// A number as in a report: grouped, up to 2 decimals.
    pub fn number(&self, x: f64) -> String {
        self.localize(&crate::text::number(x))
    }

    /// A mean with one decimal: `1.5` / `1,5`.
    pub fn fixed1(&self, x: f64) -> String {
        self.localize(&crate::text::fixed(x, 1, false))
    }

    /// A cost per result: two decimals, three below 1 so a cost per view
    /// keeps its significant digit: `27.34`, `0.071` / `0,071`.
    pub fn money(&self, x: f64) -> String {
        let decimals = if x.abs() < 1.0 { 3 } else { 2 };
        self.localize(&crate::text::fixed(x, decimals, false))
    }

    /// A ratio as a percentage with one decimal: `0.034` → `3.4%` / `3,4 %`.
    pub fn percent(&self, ratio: f64) -> String {
        self.percent_value(ratio * 100.0)
    }

    /// A value already in percent: `4.25` → `4.3%` / `4,3 %`.
    pub fn percent_value(&self, p: f64) -> String {
        let s = crate::text::percent_value(p);
        let n = s.strip_suffix('%').unwrap_or(&s);
        self.percent.replace("{n}", &self.localize(n))
    }

    /// Compact count for chips: `12400` → `12.4K` / `12,4 k`.
    pub fn compact(&self, n: u64) -> String {
        let s = crate::text::compact(n);
        if let Some(k) = s.strip_suffix('K') {
            self.thousands.replace("{n}", &self.localize(k))
        } else if let Some(m) = s.strip_suffix('M') {
            self.millions.replace("{n}", &self.localize(m))
        } else {
            self.localize(&s)
        }
    }

    /// An ISO date `2026-03-12` for people: `12 March 2026` / `12 mars 2026`.
    /// Anything that is not such a date is returned as it is.
    pub fn date(&self, iso: &str) -> String {
        let parts: Vec<&str> = iso.splitn(3, '-').collect();
        let [y, m, d] = parts.as_slice() else {
            return iso.to_string();
        };
        let (Ok(month), Ok(day)) = (m.parse::<usize>(), d.parse::<u32>()) else {
            return iso.to_string();
        };
        let Some(name) = month.checked_sub(1).and_then(|i| self.months.get(i)) else {
            return iso.to_string();
        };
        let day = if day == 1 {
            self.first_day.clone()
        } else {
            day.to_string()
        };
        self.date
            .replace("{day}", &day)
            .replace("{month}", name)
            .replace("{year}", y)
    }
}

/// One language of the site, ready for resolve and the templates.
#[derive(Debug, Clone)]
pub struct Lang {
    /// ISO 639-1 code: `fr`.
    pub code: String,
    /// Where its pages live: `""` for the default language, `fr/` otherwise.
    pub prefix: String,
    /// Numbers and dates.
    pub locale: Locale,
    strings: Node,
    flat: HashMap<String, String>,
}

impl Lang {
    /// A hash of everything that makes this language's text: code, folder,
    /// formats and strings (for the dev server's memo of views).
    pub fn fingerprint(&self) -> u128 {
        // `strings` is made of ordered maps, so its debug form is stable.
        let text = format!(
            "{}\0{}\0{:?}\0{:?}",
            self.code, self.prefix, self.locale, self.strings
        );
        xxhash_rust::xxh3::xxh3_128(text.as_bytes())
    }

    /// The string at `key` (`status.active`), or the key itself when no file
    /// has it, so a missing string shows up on the page instead of vanishing.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.flat.get(key).map_or(key, String::as_str)
    }

    /// The string at `key` if some file has it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.flat.get(key).map(String::as_str)
    }

    /// [`Lang::t`] with `{name}` placeholders filled in.
    pub fn fmt(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key).to_string();
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    /// Every string, nested as in the files: the templates' `t`.
    pub fn strings(&self) -> &Node {
        &self.strings
    }

    /// The name of a language in this language (`en` → `anglais` in French).
    pub fn language_name(&self, code: &str) -> String {
        self.get(&format!("languages.{code}"))
            .or_else(|| crate::i18n::names::language_in(code, &self.code))
            .map_or_else(|| crate::i18n::names::language(code), str::to_string)
    }

    /// The name of a country in this language, when known.
    pub fn country(&self, code: &str) -> Option<String> {
        self.get(&format!("countries.{code}"))
            .or_else(|| crate::i18n::names::country_in(code, &self.code))
            .or_else(|| crate::i18n::names::country(code))
            .map(str::to_string)
    }

    /// The language's name in itself (`Français`), for the switcher.
    pub fn own_name(&self) -> &str {
        self.get("name").unwrap_or(&self.code)
    }

    /// The mark after an entry shown in `original` because it has no version
    /// in this language: `(in English)`.
    pub fn fallback_mark(&self, original: &str) -> String {
        self.fmt("fallback", &[("language", &self.language_name(original))])
    }

    /// English strings of the `builtin` theme only, for tests and tools
    /// that need a `Lang` without a site.
    pub fn english(builtin: Builtin) -> Lang {
        let mut d = Diagnostics::new();
        let base = embedded("en", builtin, &mut d).unwrap_or(Node::Map(BTreeMap::new()));
        Lang::new("en", String::new(), base)
    }

    fn new(code: &str, prefix: String, strings: Node) -> Lang {
        let mut flat = HashMap::new();
        strings.flatten("", &mut flat);
        let months = match &strings {
            Node::Map(m) => match m.get("format") {
                Some(Node::Map(f)) => match f.get("months") {
                    Some(Node::List(l)) => l.iter().filter_map(Node::text).collect(),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let months = if months.len() == 12 {
            months
        } else {
            crate::text::MONTHS.iter().map(|m| m.to_string()).collect()
        };
        Lang {
            code: code.to_string(),
            prefix,
            locale: Locale::from_strings(&flat, months),
            strings,
            flat,
        }
    }
}

/// The files of the built-in default theme, (path under the theme, bytes):
/// the theme hands them to [`load`], so this module depends on no stage.
pub type Builtin<'a> = &'a [(&'a str, &'a [u8])];

fn embedded(code: &str, builtin: Builtin, diags: &mut Diagnostics) -> Option<Node> {
    let name = format!("i18n/{code}.yaml");
    let (_, bytes) = builtin.iter().find(|(p, _)| *p == name)?;
    parse(
        &format!("themes/default/{name} (built-in)"),
        &String::from_utf8_lossy(bytes),
        diags,
    )
}

fn parse(path: &str, text: &str, diags: &mut Diagnostics) -> Option<Node> {
    match crate::load::yaml::parse::<Node>(text, 0) {
        Ok(n @ Node::Map(_)) => Some(n),
        Ok(_) => {
            diags.error(
                path,
                Pos::new(1, 1),
                "interface strings must be a map of keys (`status:`, `ui:`…)",
            );
            None
        }
        Err(e) => {
            diags.error(path, e.pos, e.message);
            None
        }
    }
}

fn read(root: &Path, file: &Path, diags: &mut Diagnostics) -> Option<Node> {
    let text = std::fs::read_to_string(file).ok()?;
    parse(&rel_path(root, file), &text, diags)
}

/// The site's languages, default first, with their strings.
pub fn load(
    root: &Path,
    config: &crate::model::SiteConfig,
    builtin: Builtin,
    diags: &mut Diagnostics,
) -> Vec<Lang> {
    // A theme name that is a path is an error (render::theme::load);
    // nothing outside themes/ is read meanwhile.
    let theme_name = match crate::model::config::valid_theme_name(&config.theme) {
        true => config.theme.as_str(),
        false => "default",
    };
    let theme = root.join("themes").join(theme_name).join("i18n");
    let site = root.join("i18n");
    let layers = |code: &str, diags: &mut Diagnostics| -> Vec<Node> {
        [
            embedded(code, builtin, diags),
            read(root, &theme.join(format!("{code}.yaml")), diags),
            read(root, &site.join(format!("{code}.yaml")), diags),
        ]
        .into_iter()
        .flatten()
        .collect()
    };
    let english = layers("en", diags);
    let mut out: Vec<Lang> = Vec::new();
    let default = config.language.as_str();
    let mut codes: Vec<(&str, Pos)> = vec![(default, Pos::default())];
    for l in &config.languages {
        let pos = crate::load::yaml::pos(l);
        if !crate::load::is_language_code(&l.value) {
            diags.error(
                "site.yaml",
                pos,
                format!(
                    "`{}` is not a language code: use the two-letter ISO 639-1 code (`fr`, `de`)",
                    l.value
                ),
            );
        } else if codes.iter().all(|(c, _)| *c != l.value) {
            codes.push((l.value.as_str(), pos));
        }
    }
    for (code, pos) in codes {
        let mut merged = Node::Map(BTreeMap::new());
        for n in english.clone() {
            merged.merge(n);
        }
        if code != "en" {
            let own = layers(code, diags);
            if own.is_empty() {
                diags.warning("site.yaml", pos, format!("no interface strings for `{code}`: the English ones are used; add i18n/{code}.yaml to translate them"));
            }
            for n in own {
                merged.merge(n);
            }
        }
        let prefix = if code == default {
            String::new()
        } else {
            format!("{code}/")
        };
        out.push(Lang::new(code, prefix, merged));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn french() -> Lang {
        let mut d = Diagnostics::new();
        let b = crate::render::theme::builtin_files();
        let mut n = embedded("en", b, &mut d).unwrap();
        n.merge(embedded("fr", b, &mut d).unwrap());
        assert!(d.is_empty(), "{d:?}");
        Lang::new("fr", "fr/".into(), n)
    }

    #[test]
    fn french_numbers_dates_and_percentages() {
        let fr = french();
        assert_eq!(fr.locale.int(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(fr.locale.percent(0.034), "3,4\u{a0}%");
        assert_eq!(fr.locale.number(1234.5), "1\u{a0}234,5");
        assert_eq!(fr.locale.date("2026-03-12"), "12 mars 2026");
        assert_eq!(fr.locale.date("2025-03-01"), "1er mars 2025");
        assert_eq!(fr.locale.date("2025-03-10"), "10 mars 2025");
        assert_eq!(
            Lang::english(crate::render::theme::builtin_files())
                .locale
                .date("2025-03-01"),
            "1 March 2025"
        );
        assert_eq!(fr.locale.date("not a date"), "not a date");
        assert_eq!(fr.fallback_mark("en"), "(en anglais)");
    }

    #[test]
    fn english_is_unchanged() {
        let en = Lang::english(crate::render::theme::builtin_files());
        assert_eq!(en.locale.int(1_234_567), "1,234,567");
        assert_eq!(en.locale.percent(0.8333), "83.3%");
        assert_eq!(en.locale.compact(12_400), "12.4K");
        assert_eq!(en.locale.date("2026-03-12"), "12 March 2026");
        assert_eq!(en.t("status.do-not-contact"), "Do not contact");
        assert_eq!(en.t("no.such.key"), "no.such.key");
        assert_eq!(en.fallback_mark("en"), "(in English)");
    }

    #[test]
    fn later_layers_override_key_by_key() {
        let mut a: Node =
            crate::load::yaml::parse("status: {active: Active, paused: Paused}\n", 0).unwrap();
        a.merge(crate::load::yaml::parse("status: {active: Actif}\n", 0).unwrap());
        let l = Lang::new("fr", String::new(), a);
        assert_eq!(l.t("status.active"), "Actif");
        assert_eq!(l.t("status.paused"), "Paused");
    }
}
