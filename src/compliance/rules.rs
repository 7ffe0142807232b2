//! The disclosure rules table (`rules.tsv`, embedded) and how a label is
//! tested against one rule.

use std::sync::LazyLock;

/// When a rule applies to a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Every sponsored post.
    Always,
    /// Posts whose images were retouched (`images: retouched`).
    Retouched,
    /// Posts whose images were generated (`images: virtual`).
    Virtual,
}

/// Where the accepted term must stand in the label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// Anywhere, as a whole word.
    Anywhere,
    /// At the very start ("up front").
    Start,
}

/// One row of the table.
#[derive(Clone, Debug)]
pub struct Rule {
    /// ISO 3166-1 alpha-2 market.
    pub market: String,
    /// A network's spelling (`instagram`), or `*`.
    pub network: String,
    /// When it applies.
    pub when: When,
    /// Where the term must stand.
    pub position: Position,
    /// Accepted terms.
    pub labels: Vec<String>,
    /// Who sets the rule.
    pub authority: String,
    /// Where it is written.
    pub source: String,
}

/// The table as shipped.
pub const TABLE: &str = include_str!("rules.tsv");

/// Every rule of [`TABLE`], parsed once.
pub static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| parse(TABLE).0);

/// The rules of `text`, and the lines (1-based) that are not rules:
/// comments and blank lines aside, those are mistakes in the table.
pub fn parse(text: &str) -> (Vec<Rule>, Vec<usize>) {
    let mut rules = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match row(line) {
            Some(r) => rules.push(r),
            None => bad.push(i + 1),
        }
    }
    (rules, bad)
}

fn row(line: &str) -> Option<Rule> {
    let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
    let [market, network, when, position, labels, authority, source] = cols.as_slice() else {
        return None;
    };
    let when = match *when {
        "always" => When::Always,
        "retouched" => When::Retouched,
        "virtual" => When::Virtual,
        _ => return None,
    };
    let position = match *position {
        "anywhere" => Position::Anywhere,
        "start" => Position::Start,
        _ => return None,
    };
    let labels: Vec<String> = labels
        .split('|')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    if market.is_empty() || network.is_empty() || labels.is_empty() {
        return None;
    }
    Some(Rule {
        market: market.to_string(),
        network: network.to_string(),
        when,
        position,
        labels,
        authority: authority.to_string(),
        source: source.to_string(),
    })
}

impl Rule {
    /// Whether `label` meets this rule.
    pub fn accepts(&self, label: &str) -> bool {
        let label = label.trim().to_lowercase();
        self.labels.iter().any(|term| {
            let term = term.to_lowercase();
            match self.position {
                Position::Start => label.starts_with(&term) && boundary(&label, term.len()),
                Position::Anywhere => label
                    .match_indices(&term)
                    .any(|(i, _)| boundary_before(&label, i) && boundary(&label, i + term.len())),
            }
        })
    }

    /// The accepted terms, quoted, for messages: `"#ad", "Advert"`.
    pub fn accepted(&self) -> String {
        let quoted: Vec<String> = self.labels.iter().map(|l| format!("\"{l}\"")).collect();
        quoted.join(", ")
    }
}

/// Whether a term ending at byte `end` of `s` ends a word there: `#ad`
/// is in "#ad #skincare" but not in "#adventure" or "#adv".
fn boundary(s: &str, end: usize) -> bool {
    s.get(end..)
        .and_then(|rest| rest.chars().next())
        .is_none_or(|c| !c.is_alphanumeric() && c != '_')
}

/// Whether a term starting at byte `start` of `s` starts a word there.
fn boundary_before(s: &str, start: usize) -> bool {
    s.get(..start)
        .and_then(|before| before.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric() && c != '_' && c != '#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_table_parses() {
        let (rules, bad) = parse(TABLE);
        assert!(bad.is_empty(), "bad rows at lines {bad:?}");
        for m in ["FR", "GB", "US"] {
            assert!(rules.iter().any(|r| r.market == m), "{m}");
        }
        assert!(rules.iter().all(|r| r.source.starts_with("https://")));
    }

    #[test]
    fn labels_are_whole_words_in_their_place() {
        let rule = |m: &str| {
            RULES
                .iter()
                .find(|r| r.market == m && r.when == When::Always)
                .unwrap()
        };
        let (fr, gb, us) = (rule("FR"), rule("GB"), rule("US"));
        assert!(fr.accepts("Collaboration commerciale avec Maison Verveine"));
        assert!(fr.accepts("PUBLICITÉ"));
        assert!(!fr.accepts("Partenariat payé"));
        assert!(!fr.accepts("#ad"));
        assert!(gb.accepts("#ad #skincare"));
        assert!(gb.accepts("Advert: new headset"));
        assert!(!gb.accepts("New headset #ad"), "not up front");
        assert!(!gb.accepts("#adv"));
        assert!(!gb.accepts("#adventure"));
        assert!(us.accepts("Sponsored by Rouleur"));
        assert!(us.accepts("Paid partnership with Kolibri"));
        assert!(us.accepts("Loving this #ad"));
        for weak in ["#sp", "#partner", "thanks Rouleur", "#spon", "#brandad"] {
            assert!(!us.accepts(weak), "{weak}");
        }
    }

    #[test]
    fn a_broken_row_is_reported_not_kept() {
        let (rules, bad) = parse(
            "# c\nFR\t*\tsometimes\tanywhere\tX\ta\tb\nUS\t*\n\nGB\t*\talways\tstart\t#ad\tASA\tu\n",
        );
        assert_eq!(bad, vec![2, 3]);
        assert_eq!(rules.len(), 1);
    }
}
