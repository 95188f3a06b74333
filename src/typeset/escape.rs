//! The one place that turns arbitrary text into literal Typst.
//!
//! Invariant: whatever string goes in, the markup that comes out is read by Typst as plain
//! text with exactly these characters (every ASCII punctuation character is backslash-escaped,
//! line breaks become spaces), and a string literal made here evaluates to the input itself.
//! The one addition: a word too long for any line (a long URL, a pasted hash) gets invisible
//! break opportunities (U+200B) so that it wraps instead of running off the page.

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
    let mut word_left = 0usize; // characters left in the current word
    let mut in_word = 0usize; // characters of the current word written so far
    let mut long_word = false;
    while let Some(c) = chars.next() {
        if word_left == 0 && !c.is_whitespace() {
            let rest = std::iter::once(c).chain(chars.clone());
            word_left = rest.take_while(|c| !c.is_whitespace()).count();
            long_word = word_left > LONG_WORD;
            in_word = 0;
        }
        if !c.is_whitespace() {
            if long_word && in_word > 0 && in_word.is_multiple_of(BREAK_EVERY) {
                out.push(ZERO_WIDTH_SPACE);
            }
            in_word += 1;
            word_left -= 1;
        }
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

/// Words longer than this many characters get invisible break opportunities.
const LONG_WORD: usize = 60;
/// How often a long word may break.
const BREAK_EVERY: usize = 30;
/// An invisible line-break opportunity.
pub const ZERO_WIDTH_SPACE: char = '\u{200B}';

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
    fn long_words_get_invisible_break_opportunities() {
        let word = "x".repeat(100);
        let out = escape_markup(&format!("a {word} b"));
        assert_eq!(out.matches(ZERO_WIDTH_SPACE).count(), 3);
        assert_eq!(out.replace(ZERO_WIDTH_SPACE, ""), format!("a {word} b"));
        let normal = "Donaudampfschifffahrtsgesellschaftskapitänsmütze";
        assert_eq!(escape_markup(normal), normal);
    }

    #[test]
    fn string_literal_escapes_quotes_and_backslashes() {
        assert_eq!(string_literal(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(string_literal("x\ny\u{1}"), "\"x\\ny\\u{1}\"");
    }
}
