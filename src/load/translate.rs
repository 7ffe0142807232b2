//! Translation files: `lea-martin.fr.md` takes the keys it does not set from
//! `lea-martin.md`.
//!
//! The merge happens on the YAML text, before typing, so every kind of entry
//! gets it for free and a translation is checked by the same serde types as
//! an original. The merged document is the translation's front matter as
//! written (so its line numbers are the file's) followed by the original's
//! top-level blocks whose keys the translation does not set. A problem
//! past the translation's own lines belongs to the original, and is mapped
//! back to it with [`Merged::origin`].

/// A translation's front matter with the original's other keys appended.
pub struct Merged {
    /// The YAML to parse.
    pub yaml: String,
    /// Number of YAML lines that come from the translation itself.
    pub own_lines: u32,
    /// For each appended line, its YAML line in the original (1-based).
    appended: Vec<u32>,
}

impl Merged {
    /// Where YAML line `line` (1-based, of the merged text) came from:
    /// `None` for the translation's own lines, else the original's YAML line.
    pub fn origin(&self, line: u32) -> Option<u32> {
        let i = line.checked_sub(self.own_lines + 1)?;
        self.appended.get(i as usize).copied()
    }
}

/// The top-level key a line starts, if it starts one: a line at column 0
/// that is not a sequence item, a comment or a document marker.
fn starts_key(line: &str) -> Option<&str> {
    let first = line.bytes().next()?;
    if first.is_ascii_whitespace() || matches!(first, b'-' | b'#' | b'.' | b'{' | b'[') {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    Some(key.trim().trim_matches(|c| c == '"' || c == '\''))
}

/// Merges the original's front matter under the translation's.
pub fn merge(original: &str, translation: &str) -> Merged {
    let own: Vec<&str> = translation.lines().filter_map(starts_key).collect();
    let mut yaml = String::with_capacity(translation.len() + original.len() + 1);
    yaml.push_str(translation);
    if !yaml.is_empty() && !yaml.ends_with('\n') {
        yaml.push('\n');
    }
    let own_lines = yaml.lines().count() as u32;
    let mut appended = Vec::new();
    // Lines before the first key are comments: they go with nothing.
    let mut keep = false;
    for (i, line) in original.lines().enumerate() {
        if let Some(key) = starts_key(line) {
            keep = !own.contains(&key);
        }
        if keep {
            yaml.push_str(line);
            yaml.push('\n');
            appended.push(i as u32 + 1);
        }
    }
    Merged {
        yaml,
        own_lines,
        appended,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_keys_win_and_the_rest_is_inherited() {
        let original = "# profile\nname: Léa\nsummary: Skincare\nplatforms:\n- network: instagram\n  followers: 10\nniches: [beauty]\n";
        let translation = "summary: Soin de la peau\n";
        let m = merge(original, translation);
        assert_eq!(
            m.yaml,
            "summary: Soin de la peau\nname: Léa\nplatforms:\n- network: instagram\n  followers: 10\nniches: [beauty]\n"
        );
        assert_eq!(m.own_lines, 1);
        assert_eq!(m.origin(1), None);
        assert_eq!(m.origin(2), Some(2));
        assert_eq!(m.origin(3), Some(4));
        assert_eq!(m.origin(6), Some(7));
        assert_eq!(m.origin(7), None);
    }

    #[test]
    fn block_values_move_as_a_whole() {
        let original = "term: Brief\ndefinition: >-\n  A document\n  in two lines\nfaq:\n  - question: Q\n    answer: A\n";
        let m = merge(original, "term: Brief créateur\ndefinition: Un document\n");
        assert_eq!(
            m.yaml,
            "term: Brief créateur\ndefinition: Un document\nfaq:\n  - question: Q\n    answer: A\n"
        );
    }

    #[test]
    fn an_empty_translation_inherits_everything() {
        let m = merge("name: A\n", "");
        assert_eq!(m.yaml, "name: A\n");
        assert_eq!(m.own_lines, 0);
        assert_eq!(m.origin(1), Some(1));
    }
}
