//! The embed syntax, close to Zola's shortcodes:
//! `{{ name(arg="value") }}`, spaces optional, `"` or `'` quotes.

use super::Kind;

/// A parsed embed call: its kind and the slug it names.
#[derive(Debug, PartialEq, Eq)]
pub struct Call {
    /// What it shows.
    pub kind: Kind,
    /// The value of its one argument.
    pub slug: String,
}

/// Why `{{ … }}` is not a valid embed, in the author's words.
pub type ParseError = String;

/// Whether `text` starts like an embed: `{{`, optional spaces, a name and
/// `(`. Anything else with `{{` is plain text.
pub fn starts_embed(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("{{") else {
        return false;
    };
    let rest = rest.trim_start();
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    name_len > 0
        && rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && rest[name_len..].trim_start().starts_with('(')
}

/// Whether `s` is a slug an embed may name: letters, digits, `-`, `_`,
/// `.` (which also keeps it safe inside an HTML comment).
pub fn plain_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Parses `src`, which must be one whole embed (`{{ … }}` and nothing else).
pub fn parse(src: &str) -> Result<Call, ParseError> {
    let src = src.trim();
    if src.matches("{{").count() > 1 {
        return Err("one embed per paragraph: leave a blank line between embeds".into());
    }
    let inner = src
        .strip_prefix("{{")
        .and_then(|s| s.strip_suffix("}}"))
        .ok_or_else(|| {
            "an embed is alone in its paragraph and written `{{ name(arg=\"value\") }}`; to write `{{` as text, write `\\{{`".to_string()
        })?
        .trim();
    let open = inner
        .find('(')
        .ok_or("an embed needs `(…)` after its name")?;
    let name = inner[..open].trim();
    let kinds = Kind::ALL.map(Kind::name).join(", ");
    let kind = Kind::from_name(name).ok_or_else(|| {
        format!(
            "unknown embed `{}`: use one of {kinds}",
            name.escape_debug()
        )
    })?;
    let args = inner[open + 1..]
        .strip_suffix(')')
        .ok_or_else(|| format!("the arguments of `{name}` must end with `)` before `}}}}`"))?;
    let want = kind.argument();
    let usage = format!("write it `{{{{ {name}({want}=\"…\") }}}}`");
    let mut slug = None;
    for (arg, value) in arguments(args).map_err(|e| format!("{e}: {usage}"))? {
        if arg != want {
            return Err(format!(
                "`{name}` has no argument `{}`: {usage}",
                arg.escape_debug()
            ));
        }
        if slug.is_some() {
            return Err(format!("`{want}` is given twice: {usage}"));
        }
        if !plain_slug(value) {
            return Err(format!(
                "`{want}=\"{}\"` is not a slug (letters, digits, `-`, `_` and `.`)",
                value.escape_debug()
            ));
        }
        slug = Some(value.to_string());
    }
    let slug = slug.ok_or_else(|| format!("`{name}` needs the argument `{want}`: {usage}"))?;
    Ok(Call { kind, slug })
}

/// `a="x", b='y'` → `[(a, x), (b, y)]` (a trailing comma is fine).
fn arguments(mut s: &str) -> Result<Vec<(&str, &str)>, String> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Ok(out);
        }
        let eq = s
            .find('=')
            .ok_or("an argument is written `name=\"value\"`")?;
        let arg = s[..eq].trim();
        if arg.is_empty() || !arg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("`{}` is not an argument name", arg.escape_debug()));
        }
        s = s[eq + 1..].trim_start();
        let quote = s
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''))
            .ok_or_else(|| format!("the value of `{arg}` must be quoted"))?;
        let body = &s[1..];
        let close = body
            .find(quote)
            .ok_or_else(|| format!("the value of `{arg}` has no closing {quote}"))?;
        out.push((arg, &body[..close]));
        s = body[close + 1..].trim_start();
        if let Some(rest) = s.strip_prefix(',') {
            s = rest;
        } else if !s.is_empty() {
            return Err("arguments are separated by `,`".to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_kind_and_spacing() {
        let c = parse(r#"{{ creator(slug="lea-martin") }}"#).unwrap();
        assert_eq!((c.kind, c.slug.as_str()), (Kind::Creator, "lea-martin"));
        let c = parse(r#"{{kpis( creator = 'x' , )}}"#).unwrap();
        assert_eq!((c.kind, c.slug.as_str()), (Kind::Kpis, "x"));
    }

    #[test]
    fn reports_what_is_wrong() {
        let err = |s: &str| parse(s).unwrap_err();
        assert!(err(r#"{{ video(slug="x") }}"#).starts_with("unknown embed `video`"));
        assert!(err(r#"{{ term(id="x") }}"#).contains("has no argument `id`"));
        assert!(err(r#"{{ term() }}"#).contains("needs the argument `slug`"));
        assert!(err(r#"{{ term(slug=x) }}"#).contains("must be quoted"));
        assert!(err(r#"{{ term(slug="a b") }}"#).contains("is not a slug"));
        assert!(err(r#"{{ term(slug="a", slug="b") }}"#).contains("twice"));
        assert!(
            err("{{ term(slug=\"a\") }}\n{{ term(slug=\"b\") }}")
                .contains("one embed per paragraph")
        );
        assert!(err(r#"{{ term(slug="a") }} and more"#).contains("alone in its paragraph"));
    }

    #[test]
    fn only_name_and_paren_start_an_embed() {
        assert!(starts_embed("{{ creator(slug=\"x\") }}"));
        assert!(starts_embed("{{x ("));
        assert!(!starts_embed("{{ handlebars }}"));
        assert!(!starts_embed("{ creator("));
    }
}
