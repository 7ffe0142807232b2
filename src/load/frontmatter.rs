//! Splits a content file into its YAML front matter and Markdown body.

use crate::diag::Pos;

/// A file cut in two, with where each part starts.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines (may be empty).
    pub yaml: &'a str,
    /// File line of the first YAML line, minus one: add it to a YAML line.
    pub yaml_line_offset: u32,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// File line where the body starts (1-based).
    pub body_line: u32,
}

/// Why a file could not be split.
#[derive(Debug, PartialEq, Eq)]
pub struct SplitError {
    /// Where to point.
    pub pos: Pos,
    /// What to tell the writer.
    pub message: &'static str,
}

/// Cuts `text` (already without BOM) at its `---` lines.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = LineIter {
        rest: text,
        offset: 0,
    };
    let first = lines.next();
    if !first.is_some_and(|(_, l)| is_delimiter(l)) {
        return Err(SplitError {
            pos: Pos::new(1, 1),
            message: "no front matter: a content file starts with a line `---`, then YAML, then another `---` line",
        });
    }
    let yaml_start = lines.offset;
    let mut line_no = 1u32;
    while let Some((start, line)) = lines.next() {
        line_no += 1;
        if is_delimiter(line) {
            return Ok(Split {
                yaml: &text[yaml_start..start],
                yaml_line_offset: 1,
                body: &text[lines.offset..],
                body_line: line_no + 1,
            });
        }
    }
    Err(SplitError {
        pos: Pos::new(1, 1),
        message: "front matter is not closed: add a line `---` after it",
    })
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end_matches(['\r', ' ', '\t']) == "---"
}

/// Lines with their byte offsets, keeping `\r` for the caller to trim.
struct LineIter<'a> {
    rest: &'a str,
    offset: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let start = self.offset;
        let (line, consumed) = match self.rest.find('\n') {
            Some(i) => (&self.rest[..i], i + 1),
            None => (self.rest, self.rest.len()),
        };
        self.rest = &self.rest[consumed..];
        self.offset += consumed;
        Some((start, line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lf_and_crlf() {
        let s = split("---\nname: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "name: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        let s = split("---\r\nname: A\r\n---\r\nBody").unwrap();
        assert_eq!(s.yaml, "name: A\r\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn reports_missing_and_unclosed() {
        assert!(split("").is_err());
        assert!(split("name: A\n").is_err());
        assert_eq!(
            split("---\nname: A\n").unwrap_err().message,
            "front matter is not closed: add a line `---` after it"
        );
        assert!(split("---").is_err());
    }
}
