//! The iCalendar (RFC 5545) text format: content lines ending in CRLF,
//! folded at 75 octets, with TEXT values escaped.

/// A calendar being written, one content line at a time.
#[derive(Default)]
pub struct Writer {
    out: String,
}

impl Writer {
    /// Writes `NAME:value` with `value` already in its final form (a date,
    /// a URI, a keyword), folded.
    pub fn raw(&mut self, name: &str, value: &str) {
        let line = format!("{name}:{value}");
        fold_into(&mut self.out, &line);
    }

    /// Writes `NAME:value` with `value` escaped as TEXT.
    pub fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
    }

    /// The finished calendar.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, `;`, `,` and line
/// breaks; other control characters, which TEXT does not allow, are left
/// out.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` to `out` folded (§3.1): at most 75 octets per physical
/// line, continuation lines start with one space, never splitting a
/// character; every line ends in CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut limit = 75;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > limit {
            out.push_str("\r\n ");
            used = 1;
            limit = 75;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_text("a,b;c\\d\ne\r\nf\u{1b}g"),
            "a\\,b\\;c\\\\d\\ne\\nfg"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut w = Writer::default();
        w.text("SUMMARY", &"é".repeat(100));
        let s = w.finish();
        assert!(s.ends_with("\r\n"));
        let lines: Vec<&str> = s.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| l.len() <= 75));
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = s.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(100)));
    }
}
