//! The one place that turns arbitrary text into literal Typst.
//!
//! Invariant: whatever string goes in, the markup that comes out is read by Typst as plain
//! text with exactly these characters (every ASCII punctuation character is backslash-escaped,
//! line breaks become spaces), and a string literal made here evaluates to the input itself.

/// Escapes `text` so that Typst markup shows it literally.
///
/// Every ASCII punctuation character gets a backslash (Typst reads `\x` as the literal `x`),
/// which neutralises markup (`*`, `_`, `#`, `$`, `@`, `<`, `=`, `-`, `+`, `/`, `` ` ``, …) and
/// shorthands (`--`, `...`, `~`, `'`, `"`). Line breaks and tabs become plain spaces, so a
/// value can never open a new paragraph, list item or heading. Other control characters are
/// replaced by U+FFFD; validation reports them before rendering ever gets here.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push(' ');
                }
            }
            '\n' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Makes a Typst string literal (with quotes) whose value is exactly `text`.
///
/// For code positions such as `#set document(author: …)`, where markup escapes do not apply.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gender_star_is_not_emphasis() {
        assert_eq!(escape_markup("Bürger*innen"), "Bürger\\*innen");
    }

    #[test]
    fn markup_at_line_start_is_neutralised() {
        assert_eq!(escape_markup("= Titel"), "\\= Titel");
        assert_eq!(escape_markup("- Punkt"), "\\- Punkt");
        assert_eq!(escape_markup("1. Punkt"), "1\\. Punkt");
    }

    #[test]
    fn code_and_comments_are_neutralised() {
        assert_eq!(
            escape_markup("#read(\"/etc/passwd\") // x /* y"),
            "\\#read\\(\\\"\\/etc\\/passwd\\\"\\) \\/\\/ x \\/\\* y"
        );
    }

    #[test]
    fn line_breaks_cannot_open_paragraphs() {
        assert_eq!(escape_markup("a\n\nb\r\nc\rd\te"), "a  b c d e");
    }

    #[test]
    fn non_ascii_text_passes_unchanged() {
        assert_eq!(escape_markup("„Grüße“ – 25 € ½"), "„Grüße“ – 25 € ½");
    }

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(escape_markup("a\u{0}b\u{7}"), "a\u{FFFD}b\u{FFFD}");
    }

    #[test]
    fn string_literal_escapes_quotes_and_backslashes() {
        assert_eq!(string_literal(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(string_literal("x\ny\u{1}"), "\"x\\ny\\u{1}\"");
    }
}
