//! Forgiving input: the commonest ways people write TOML wrong, recognised in the raw text
//! with the fix spelled out, and every TOML syntax message in German.
//!
//! The scan is line-based and only ever adds findings where the TOML parser (or the types)
//! fail too: a German date (`16.11.2022`), a key with ä/ö/ü/ß, typographic quotes used as
//! TOML quotes. `translate_syntax` turns the parser's English into German and never lets
//! English through.

use std::ops::Range;

/// One recognised mistake: where, what, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte range in the file.
    pub span: Range<usize>,
    /// The German message.
    pub message: String,
    /// German hints.
    pub hints: Vec<String>,
}

/// Keys whose values are dates.
const DATE_KEYS: [&str; 5] = ["datum", "termin", "beginn", "ende", "beschluss"];

/// Typographic quotation marks people type or paste instead of `"`.
const TYPOGRAPHIC: [char; 8] = ['„', '“', '”', '‚', '‘', '’', '«', '»'];

/// Every recognised mistake in `text`, in line order.
pub fn scan(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut multiline: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(delim) = multiline {
            if body.matches(delim).count() % 2 == 1 {
                multiline = None;
            }
            continue;
        }
        for delim in ["\"\"\"", "'''"] {
            if body.matches(delim).count() % 2 == 1 {
                multiline = Some(delim);
            }
        }
        if multiline.is_some() {
            continue;
        }
        scan_line(body, start, &mut out);
    }
    out
}

fn scan_line(line: &str, start: usize, out: &mut Vec<Finding>) {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    // A line of a list of inline tables (`{ titel = "X", datei = "…" },`) is no `key = value`
    // line: its strings end before the next key by design.
    if trimmed.is_empty() || trimmed.starts_with(['#', '[', '{']) {
        return;
    }
    if trimmed.starts_with('"') {
        // An element of a multi-line array.
        if let Some(f) = early_close(trimmed, start + indent, &[",", "]", "#"]) {
            out.push(f);
        }
        return;
    }
    let Some(eq) = line.find('=') else {
        return;
    };
    let key = line[..eq].trim();
    if key.contains(['"', '\'']) {
        return;
    }
    let key_start = start + line[..eq].find(key).unwrap_or(0);
    if key.chars().any(|c| "äöüßÄÖÜ".contains(c)) {
        let ascii = ascii_key(key);
        out.push(Finding {
            span: key_start..key_start + key.len(),
            message: format!("Schlüssel schreiben Umlaute und ß aus: gemeint ist `{ascii}`"),
            hints: vec![format!("schreiben Sie `{ascii} = …` statt `{key} = …`")],
        });
    }
    let after = &line[eq + 1..];
    let value = after.trim_start();
    let value_start = start + eq + 1 + (after.len() - value.len());
    let last = key.rsplit('.').next().unwrap_or(key).trim();
    if let Some(f) = german_date(value, value_start, DATE_KEYS.contains(&last)) {
        out.push(f);
        return;
    }
    if let Some(first) = value.chars().next()
        && TYPOGRAPHIC.contains(&first)
    {
        let content = value
            .split('#')
            .next()
            .unwrap_or(value)
            .trim()
            .trim_matches(|c| TYPOGRAPHIC.contains(&c) || c == '"');
        out.push(Finding {
            span: value_start..value_start + first.len_utf8(),
            message: format!(
                "der Text steht in typographischen Anführungszeichen {first}…; TOML braucht gerade Anführungszeichen \""
            ),
            hints: vec![format!(
                "schreiben Sie `{key} = \"{content}\"`; „…“ dürfen innerhalb des Textes stehen"
            )],
        });
        return;
    }
    if value.starts_with('"')
        && !value.starts_with("\"\"\"")
        && let Some(f) = early_close(value, value_start, &["#"])
    {
        out.push(f);
    }
}

/// `federführung` → `federfuehrung`.
pub fn ascii_key(key: &str) -> String {
    key.chars()
        .map(|c| match c {
            'ä' => "ae".to_owned(),
            'ö' => "oe".to_owned(),
            'ü' => "ue".to_owned(),
            'ß' => "ss".to_owned(),
            'Ä' => "Ae".to_owned(),
            'Ö' => "Oe".to_owned(),
            'Ü' => "Ue".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// A German date `16.11.2022` as the whole value (quoted only counts for date keys).
fn german_date(value: &str, value_start: usize, date_key: bool) -> Option<Finding> {
    let code = value.split('#').next().unwrap_or(value).trim_end();
    let (inner, quoted) = match code.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) => (inner, true),
        None => (code, false),
    };
    if quoted && !date_key {
        return None;
    }
    let parts: Vec<&str> = inner.split('.').collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let digits =
        |s: &str, lens: &[usize]| lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(d, &[1, 2]) && digits(m, &[1, 2]) && digits(y, &[4])) {
        return None;
    }
    let iso = format!("{y}-{m:0>2}-{d:0>2}");
    Some(Finding {
        span: value_start..value_start + code.len(),
        message: format!("Datum bitte als {iso} schreiben"),
        hints: vec![format!(
            "Daten stehen in TOML als JJJJ-MM-TT und ohne Anführungszeichen, z. B. `= {iso}`"
        )],
    })
}

/// A basic string (starting at `text[0] == '"'`) that a straight quote closes before the
/// line's value ends, while a typographic „ is still open: the user meant „…“.
fn early_close(text: &str, text_start: usize, allowed_after: &[&str]) -> Option<Finding> {
    let mut escaped = false;
    let mut close = None;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => {
                close = Some(i);
                break;
            }
            _ => {}
        }
    }
    let close = close?;
    let content = &text[1..close];
    let rest = text[close + 1..].trim_start();
    if rest.is_empty() || allowed_after.iter().any(|a| rest.starts_with(a)) {
        return None;
    }
    let opened = content.matches(['„', '‚']).count();
    let closed = content.matches(['“', '‘']).count();
    let hints = if opened > closed {
        vec![
            "schließen Sie „ mit “ (also „…“); ein gerades \" beendet den Text".to_owned(),
            "für ein gerades Anführungszeichen im Text schreiben Sie \\\"".to_owned(),
        ]
    } else {
        vec!["ein Anführungszeichen im Text schreiben Sie als „…“ oder als \\\"".to_owned()]
    };
    let message = if opened > closed {
        "das typographische Anführungszeichen „ ist mit einem geraden \" geschlossen; das beendet hier den Text"
    } else {
        "das gerade Anführungszeichen \" beendet hier den Text, danach folgt noch etwas"
    };
    Some(Finding {
        span: text_start + close..text_start + close + 1,
        message: message.to_owned(),
        hints,
    })
}

/// The parser's descriptions of syntax errors (the part before `, expected`) in German.
const SYNTAX: [(&str, &str); 30] = [
    (
        "invalid unquoted key",
        "an dieser Stelle steht kein gültiger Schlüssel",
    ),
    (
        "invalid key",
        "an dieser Stelle steht kein gültiger Schlüssel",
    ),
    ("unquoted keys cannot be empty", "hier fehlt der Schlüssel"),
    (
        "unexpected key or value",
        "unerwarteter Schlüssel oder Wert",
    ),
    ("unexpected content", "unerwarteter Inhalt"),
    (
        "unexpected content between comment and newline",
        "unerwarteter Inhalt im Kommentar",
    ),
    ("missing value", "hier fehlt der Wert"),
    (
        "missing value for key",
        "zu diesem Schlüssel fehlt der Wert",
    ),
    ("key with no value", "zu diesem Schlüssel fehlt der Wert"),
    (
        "string values must be quoted",
        "Texte müssen in Anführungszeichen stehen",
    ),
    ("invalid string", "ungültiger Text"),
    ("invalid basic string", "der Text ist nicht abgeschlossen"),
    ("invalid literal string", "der Text ist nicht abgeschlossen"),
    (
        "invalid multi-line basic string",
        "der mehrzeilige Text ist nicht abgeschlossen",
    ),
    (
        "missing escaped value",
        "nach dem \\ fehlt das maskierte Zeichen",
    ),
    ("invalid float", "ungültige Zahl"),
    ("invalid integer number", "ungültige ganze Zahl"),
    ("invalid fraction", "ungültige Nachkommastellen"),
    ("invalid exponent", "ungültiger Exponent"),
    ("invalid mantissa", "ungültige Zahl"),
    ("unexpected leading zero", "eine Zahl beginnt nicht mit 0"),
    (
        "invalid boolean",
        "ungültiger Wahrheitswert (true oder false)",
    ),
    ("invalid value", "ungültiger Wert"),
    ("invalid table", "ungültige Tabelle"),
    (
        "unclosed table",
        "die Tabellenüberschrift ist nicht mit ] geschlossen",
    ),
    (
        "unclosed array table",
        "die Überschrift ist nicht mit ]] geschlossen",
    ),
    ("unclosed array", "die Liste ist nicht mit ] geschlossen"),
    (
        "unclosed inline table",
        "die Tabelle ist nicht mit } geschlossen",
    ),
    (
        "missing comma between array elements",
        "zwischen den Listeneinträgen fehlt ein Komma",
    ),
    (
        "invalid inline table element",
        "ungültiger Eintrag in der Tabelle { … }",
    ),
];

/// The German for one of the TOML parser's messages (`invalid float, expected nothing`).
pub fn translate_syntax(message: &str) -> (String, Vec<String>) {
    let (description, expected) = match message.split_once(", expected ") {
        Some((d, e)) => (d.trim(), Some(e.trim())),
        None => (message.trim(), None),
    };
    if description.contains("recurs") {
        return too_deep();
    }
    (syntax_message(description), syntax_hints(expected))
}

/// Message and hint for tables or arrays nested deeper than the parser allows.
fn too_deep() -> (String, Vec<String>) {
    (
        "die Datei ist kein gültiges TOML: Tabellen oder Listen sind hier zu tief ineinander verschachtelt".to_owned(),
        vec!["ein Bericht braucht höchstens drei Ebenen, z. B. `[befragungen]` mit `[[befragungen.gruppen]]`".to_owned()],
    )
}

/// The German message for the parser's `description` of a syntax error (never English).
fn syntax_message(description: &str) -> String {
    let german = SYNTAX
        .iter()
        .find(|(en, _)| *en == description)
        .map(|(_, de)| *de)
        .unwrap_or("an dieser Stelle ist die TOML-Schreibweise verletzt");
    format!("die Datei ist kein gültiges TOML: {german}")
}

/// What the parser `expected` (when it can be said in German), then TOML's basic notation.
fn syntax_hints(expected: Option<&str>) -> Vec<String> {
    let mut hints = Vec::new();
    if let Some(e) = expected.and_then(expected_german) {
        hints.push(format!("erwartet wird hier {e}"));
    }
    hints.push(
        "Texte stehen in geraden Anführungszeichen \"…\", Zahlen und Daten (2022-11-16) ohne; zwischen Schlüssel und Wert steht ="
            .to_owned(),
    );
    hints
}

fn expected_german(expected: &str) -> Option<String> {
    let e = expected.trim_matches('`');
    let text = match e {
        "nothing" => return None,
        "newline" => "ein Zeilenende",
        "key" | "invalid key" => "ein Schlüssel",
        "value" => "ein Wert",
        "comma" | "`,`" => "ein Komma",
        "`=`" | "=" | "key separator" => "ein =",
        "`]`" | "]" => "ein ]",
        "`}`" | "}" => "ein }",
        "string" => "ein Text",
        "integer" | "numbers" => "eine Zahl",
        _ if e.contains("newline") => "ein Zeilenende",
        _ if e.contains("comma") || e.contains("`,`") => "ein Komma",
        _ => return None,
    };
    Some(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_dates_quoted_or_not() {
        let text = "[kopf]\ndatum = 16.11.2022\ntermin = \"1.2.2023\"\ntitel = \"1.2.2023\"\n";
        let found = scan(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].message, "Datum bitte als 2022-11-16 schreiben");
        assert_eq!(&text[found[0].span.clone()], "16.11.2022");
        assert_eq!(found[1].message, "Datum bitte als 2023-02-01 schreiben");
    }

    #[test]
    fn umlaut_keys() {
        let found = scan("[kopf]\nfederführung = \"Hauptamt\"\n");
        assert!(found[0].message.contains("`federfuehrung`"), "{found:?}");
    }

    #[test]
    fn typographic_quotes() {
        let found = scan("name = „Hauptamt“\n");
        assert!(found[0].message.contains("typographischen"), "{found:?}");
        assert!(
            found[0].hints[0].contains("`name = \"Hauptamt\"`"),
            "{found:?}"
        );
        let text = "text = \"Die „freien\" Träger\"\n";
        let found = scan(text);
        assert!(found[0].message.contains("geraden"), "{found:?}");
        assert_eq!(&text[found[0].span.clone()], "\"");
    }

    #[test]
    fn nothing_in_good_files_or_multiline_strings() {
        let text = "a = \"ok „so“\" # c\nb = \"\"\"\nfederführung = 16.11.2022\n\"\"\"\nc = [\n  \"x\",\n]\n";
        assert!(scan(text).is_empty(), "{:?}", scan(text));
    }

    #[test]
    fn syntax_messages_are_german() {
        let (msg, hints) = translate_syntax("unexpected key or value, expected newline");
        assert_eq!(
            msg,
            "die Datei ist kein gültiges TOML: unerwarteter Schlüssel oder Wert"
        );
        assert!(hints[0].contains("Zeilenende"));
        let (msg, _) = translate_syntax("something new, expected whatever");
        assert!(!msg.contains("something"));
    }

    /// The German for each error the TOML parser reports in `text`, as `load` turns them out
    /// (`DeTable::parse_recoverable`, then the trimmed message through `translate_syntax`).
    fn german(text: &str) -> Vec<String> {
        let (_, errors) = toml::de::DeTable::parse_recoverable(text);
        errors
            .iter()
            .map(|e| translate_syntax(e.message().trim()).0)
            .collect()
    }

    const TOML: &str = "die Datei ist kein gültiges TOML: ";

    /// `TOML` followed by each of `texts`.
    fn toml(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| format!("{TOML}{t}")).collect()
    }

    #[test]
    fn toml_syntax_errors_read_in_german() {
        assert_eq!(
            german("a$ = 1\n"),
            toml(&["an dieser Stelle steht kein gültiger Schlüssel"])
        );
        assert_eq!(german("= 1\n"), toml(&["hier fehlt der Schlüssel"]));
        assert_eq!(
            german("[a] x\n"),
            toml(&["unerwarteter Schlüssel oder Wert"])
        );
        assert_eq!(
            german(".a\n"),
            toml(&[
                "zu diesem Schlüssel fehlt der Wert",
                "hier fehlt der Schlüssel"
            ])
        );
        assert_eq!(german("a\n"), toml(&["zu diesem Schlüssel fehlt der Wert"]));
        assert_eq!(
            german("a = x\n"),
            toml(&["Texte müssen in Anführungszeichen stehen"])
        );
        let open = "der Text ist nicht abgeschlossen";
        assert_eq!(german("a = \"x\n"), toml(&[open]));
        assert_eq!(german("a = 'x\n"), toml(&[open]));
        assert_eq!(
            german("a = \"\"\"x\n"),
            toml(&["der mehrzeilige Text ist nicht abgeschlossen"])
        );
        assert_eq!(
            german("a = \"\\q\"\n"),
            toml(&["nach dem \\ fehlt das maskierte Zeichen"])
        );
        assert_eq!(german("a = 1.5.5\n"), toml(&["ungültige Zahl"]));
        assert_eq!(
            german("a = 0d1x\n"),
            toml(&[
                "an dieser Stelle ist die TOML-Schreibweise verletzt",
                "ungültige ganze Zahl"
            ])
        );
        assert_eq!(german("a = 1.\n"), toml(&["ungültige Nachkommastellen"]));
        assert_eq!(german("a = 1e\n"), toml(&["ungültiger Exponent"]));
        assert_eq!(german("a = .5\n"), toml(&["ungültige Zahl"]));
        assert_eq!(german("a = 01\n"), toml(&["eine Zahl beginnt nicht mit 0"]));
        assert_eq!(
            german("a = tru\n"),
            toml(&["ungültiger Wahrheitswert (true oder false)"])
        );
        assert_eq!(german("a = \"\\uD800\"\n"), toml(&["ungültiger Wert"]));
        assert_eq!(
            german("[a\n"),
            toml(&["die Tabellenüberschrift ist nicht mit ] geschlossen"])
        );
        assert_eq!(
            german("[[a\n"),
            toml(&["die Überschrift ist nicht mit ]] geschlossen"])
        );
        assert_eq!(
            german("a = [1\n"),
            toml(&["die Liste ist nicht mit ] geschlossen"])
        );
        assert_eq!(
            german("a = {b = 1\n"),
            toml(&["die Tabelle ist nicht mit } geschlossen"])
        );
        assert_eq!(
            german("a = [\"x\" \"y\"]\n"),
            toml(&["zwischen den Listeneinträgen fehlt ein Komma"])
        );
        assert_eq!(
            german("a = {b = 1]\n"),
            toml(&[
                "ungültiger Eintrag in der Tabelle { … }",
                "die Tabelle ist nicht mit } geschlossen"
            ])
        );
        // Too deep: reported first; each `[` left open adds an "unclosed array" after it.
        assert_eq!(
            german(&format!("a = {}\n", "[".repeat(200)))[0],
            format!("{TOML}Tabellen oder Listen sind hier zu tief ineinander verschachtelt")
        );
        // A message without a German translation is never shown in English.
        assert_eq!(
            german("a = 1__2\n"),
            toml(&["an dieser Stelle ist die TOML-Schreibweise verletzt"])
        );
    }

    /// Descriptions in the parser (`toml_parser` 1.1) that no text reaches: they need content
    /// after its end-of-input token, or a comment followed by something other than a line end,
    /// or (`invalid string`) a kind of error its scalar decoder never reports.
    #[test]
    fn unreachable_parser_descriptions_are_german_too() {
        assert_eq!(
            translate_syntax("invalid key, expected key").0,
            format!("{TOML}an dieser Stelle steht kein gültiger Schlüssel")
        );
        assert_eq!(
            translate_syntax("invalid table, expected key").0,
            format!("{TOML}ungültige Tabelle")
        );
        assert_eq!(
            translate_syntax("unexpected content").0,
            format!("{TOML}unerwarteter Inhalt")
        );
        assert_eq!(
            translate_syntax("unexpected content between comment and newline, expected newline").0,
            format!("{TOML}unerwarteter Inhalt im Kommentar")
        );
        assert_eq!(
            translate_syntax("missing value, expected value").0,
            format!("{TOML}hier fehlt der Wert")
        );
        assert_eq!(
            translate_syntax("invalid string").0,
            format!("{TOML}ungültiger Text")
        );
    }
}
