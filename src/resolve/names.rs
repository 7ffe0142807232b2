//! Display names of ISO country and language codes.

const COUNTRIES: &[(&str, &str)] = &[
    ("AE", "United Arab Emirates"), ("AR", "Argentina"), ("AT", "Austria"), ("AU", "Australia"),
    ("BE", "Belgium"), ("BR", "Brazil"), ("CA", "Canada"), ("CH", "Switzerland"), ("CL", "Chile"),
    ("CN", "China"), ("CO", "Colombia"), ("CZ", "Czechia"), ("DE", "Germany"), ("DK", "Denmark"),
    ("DZ", "Algeria"), ("EG", "Egypt"), ("ES", "Spain"), ("FI", "Finland"), ("FR", "France"),
    ("GB", "United Kingdom"), ("GR", "Greece"), ("HK", "Hong Kong"), ("HU", "Hungary"), ("ID", "Indonesia"),
    ("IE", "Ireland"), ("IL", "Israel"), ("IN", "India"), ("IT", "Italy"), ("JP", "Japan"), ("KR", "South Korea"),
    ("LU", "Luxembourg"), ("MA", "Morocco"), ("MC", "Monaco"), ("MX", "Mexico"), ("MY", "Malaysia"),
    ("NG", "Nigeria"), ("NL", "Netherlands"), ("NO", "Norway"), ("NZ", "New Zealand"), ("PE", "Peru"),
    ("PH", "Philippines"), ("PL", "Poland"), ("PT", "Portugal"), ("RO", "Romania"), ("SA", "Saudi Arabia"),
    ("SE", "Sweden"), ("SG", "Singapore"), ("SN", "Senegal"), ("TH", "Thailand"), ("TN", "Tunisia"),
    ("TR", "Türkiye"), ("TW", "Taiwan"), ("UA", "Ukraine"), ("US", "United States"), ("VN", "Vietnam"),
    ("ZA", "South Africa"), ("CI", "Côte d'Ivoire"), ("CM", "Cameroon"), ("QC", "Quebec"),
];

const LANGUAGES: &[(&str, &str)] = &[
    ("ar", "Arabic"), ("ca", "Catalan"), ("cs", "Czech"), ("da", "Danish"), ("de", "German"),
    ("el", "Greek"), ("en", "English"), ("es", "Spanish"), ("fi", "Finnish"), ("fr", "French"),
    ("he", "Hebrew"), ("hi", "Hindi"), ("hu", "Hungarian"), ("id", "Indonesian"), ("it", "Italian"),
    ("ja", "Japanese"), ("ko", "Korean"), ("nl", "Dutch"), ("no", "Norwegian"), ("pl", "Polish"),
    ("pt", "Portuguese"), ("ro", "Romanian"), ("ru", "Russian"), ("sv", "Swedish"), ("th", "Thai"),
    ("tr", "Turkish"), ("uk", "Ukrainian"), ("vi", "Vietnamese"), ("zh", "Chinese"), ("wo", "Wolof"),
    ("eu", "Basque"), ("br", "Breton"), ("oc", "Occitan"), ("lb", "Luxembourgish"),
];

/// The English name of an ISO 3166-1 alpha-2 code.
pub fn country(code: &str) -> Option<&'static str> {
    COUNTRIES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// The English name of an ISO 639-1 code, or the code itself.
pub fn language(code: &str) -> String {
    LANGUAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| code.to_string(), |(_, n)| (*n).to_string())
}
