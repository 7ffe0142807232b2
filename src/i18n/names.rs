//! Display names of ISO country and language codes: a short table of the
//! English names pages have always shown, then every ISO 3166-1 and
//! ISO 639-1 code with its CLDR name in English and French (`iso/`).

const COUNTRIES: &[(&str, &str)] = &[
    ("AE", "United Arab Emirates"),
    ("AR", "Argentina"),
    ("AT", "Austria"),
    ("AU", "Australia"),
    ("BE", "Belgium"),
    ("BR", "Brazil"),
    ("CA", "Canada"),
    ("CH", "Switzerland"),
    ("CL", "Chile"),
    ("CN", "China"),
    ("CO", "Colombia"),
    ("CZ", "Czechia"),
    ("DE", "Germany"),
    ("DK", "Denmark"),
    ("DZ", "Algeria"),
    ("EG", "Egypt"),
    ("ES", "Spain"),
    ("FI", "Finland"),
    ("FR", "France"),
    ("GB", "United Kingdom"),
    ("GR", "Greece"),
    ("HK", "Hong Kong"),
    ("HU", "Hungary"),
    ("ID", "Indonesia"),
    ("IE", "Ireland"),
    ("IL", "Israel"),
    ("IN", "India"),
    ("IT", "Italy"),
    ("JP", "Japan"),
    ("KR", "South Korea"),
    ("LU", "Luxembourg"),
    ("MA", "Morocco"),
    ("MC", "Monaco"),
    ("MX", "Mexico"),
    ("MY", "Malaysia"),
    ("NG", "Nigeria"),
    ("NL", "Netherlands"),
    ("NO", "Norway"),
    ("NZ", "New Zealand"),
    ("PE", "Peru"),
    ("PH", "Philippines"),
    ("PL", "Poland"),
    ("PT", "Portugal"),
    ("RO", "Romania"),
    ("SA", "Saudi Arabia"),
    ("SE", "Sweden"),
    ("SG", "Singapore"),
    ("SN", "Senegal"),
    ("TH", "Thailand"),
    ("TN", "Tunisia"),
    ("TR", "Türkiye"),
    ("TW", "Taiwan"),
    ("UA", "Ukraine"),
    ("US", "United States"),
    ("VN", "Vietnam"),
    ("ZA", "South Africa"),
    ("CI", "Côte d'Ivoire"),
    ("CM", "Cameroon"),
    ("QC", "Quebec"),
];

const LANGUAGES: &[(&str, &str)] = &[
    ("ar", "Arabic"),
    ("ca", "Catalan"),
    ("cs", "Czech"),
    ("da", "Danish"),
    ("de", "German"),
    ("el", "Greek"),
    ("en", "English"),
    ("es", "Spanish"),
    ("fi", "Finnish"),
    ("fr", "French"),
    ("he", "Hebrew"),
    ("hi", "Hindi"),
    ("hu", "Hungarian"),
    ("id", "Indonesian"),
    ("it", "Italian"),
    ("ja", "Japanese"),
    ("ko", "Korean"),
    ("nl", "Dutch"),
    ("no", "Norwegian"),
    ("pl", "Polish"),
    ("pt", "Portuguese"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("sv", "Swedish"),
    ("th", "Thai"),
    ("tr", "Turkish"),
    ("uk", "Ukrainian"),
    ("vi", "Vietnamese"),
    ("zh", "Chinese"),
    ("wo", "Wolof"),
    ("eu", "Basque"),
    ("br", "Breton"),
    ("oc", "Occitan"),
    ("lb", "Luxembourgish"),
];

/// The English name of an ISO 3166-1 alpha-2 code (every one is known).
pub fn country(code: &str) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .or_else(|| table().countries.get(code).map(|(en, _)| *en))
}

/// The English name of an ISO 639-1 code, or the code itself.
pub fn language(code: &str) -> String {
    language_in(code, "en").map_or_else(|| code.to_string(), str::to_string)
}

/// Every ISO 3166-1 and ISO 639-1 code with its English and French name
/// (CLDR; see `iso/NOTICE.md`): kind → code → (English, French).
struct Table {
    countries: std::collections::HashMap<&'static str, (&'static str, &'static str)>,
    languages: std::collections::HashMap<&'static str, (&'static str, &'static str)>,
}

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table {
            countries: std::collections::HashMap::new(),
            languages: std::collections::HashMap::new(),
        };
        for line in include_str!("iso/names.tsv").lines() {
            let mut cols = line.split('\t');
            let (Some(kind), Some(code), Some(en), Some(fr)) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                continue; // the header comment
            };
            match kind {
                "country" => t.countries.insert(code, (en, fr)),
                "language" => t.languages.insert(code, (en, fr)),
                _ => None,
            };
        }
        t
    })
}

/// The name of a country code in the language `lang` (`en`, `fr`), when
/// creatorkb has one in that language. English names of the short table
/// above come first, so pages keep the names they always had.
pub fn country_in(code: &str, lang: &str) -> Option<&'static str> {
    let (en, fr) = table().countries.get(code).copied()?;
    match lang {
        "fr" => Some(fr),
        _ => country(code).or(Some(en)),
    }
}

/// The name of a language code in the language `lang`, as [`country_in`].
pub fn language_in(code: &str, lang: &str) -> Option<&'static str> {
    let (en, fr) = table().languages.get(code).copied()?;
    match lang {
        "fr" => Some(fr),
        _ => LANGUAGES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, n)| *n)
            .or(Some(en)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_iso_code_has_a_name_in_english_and_french() {
        assert_eq!(table().countries.len(), 249);
        assert_eq!(table().languages.len(), 184);
        assert_eq!(country("KE"), Some("Kenya"));
        assert_eq!(country_in("DE", "fr"), Some("Allemagne"));
        assert_eq!(country_in("DE", "en"), Some("Germany"));
        assert_eq!(language_in("sw", "fr"), Some("swahili"));
        assert_eq!(language("sw"), "Swahili");
        // The names pages already showed stay as they were.
        assert_eq!(country("TR"), Some("Türkiye"));
        assert_eq!(country("QC"), Some("Quebec"));
        for (code, _) in COUNTRIES.iter().filter(|(c, _)| *c != "QC") {
            assert!(table().countries.contains_key(code), "{code}");
        }
    }
}
