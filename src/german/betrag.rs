//! Euro amounts as Germans type them: `6.200`, `6200`, `6.200,50`, `6 200`, `6.200 €`,
//! `-24.250`, `1.234.567,89`. A dot groups thousands, a comma starts the cents. What could be
//! read two ways (`6,200`, `6.20`) is refused with both readings; nothing is silently
//! reinterpreted. The editor's Betrag fields and `check`'s hint on `betrag = 6.200` use it.

/// What `parse` makes of a text that is not an amount: the German message for the field.
pub type Problem = String;

/// The amount in euros that `text` means, or why it cannot be read unambiguously.
pub fn parse(text: &str) -> Result<f64, Problem> {
    let shown = text.trim();
    let mut body = normalized(shown);
    if shown.trim_end().ends_with([',', '-', '–']) && body.contains(',') {
        return Err(format!(
            "„{shown}“ ist kein Betrag; schreiben Sie ihn etwa als 6.200,50"
        ));
    }
    let negative = match body.chars().next() {
        Some('-' | '−') => {
            body = body.chars().skip(1).collect();
            true
        }
        _ => false,
    };
    let not_a_number = || no_amount(shown);
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(not_a_number());
    }
    let sign = if negative { -1.0 } else { 1.0 };
    let (whole, cents) = match body.split_once(',') {
        Some((whole, cents)) => {
            if cents.contains([',', '.']) {
                // `6,200.00`: written the English way.
                return Err(english_problem(shown, &body, sign));
            }
            (whole, Some(cents))
        }
        None => (body.as_str(), None),
    };
    let digits = grouped(whole).ok_or_else(|| ungrouped_problem(shown, whole, cents, sign))?;
    let Some(cents) = cents else {
        return digits
            .parse::<f64>()
            .map(|x| sign * x)
            .map_err(|_| not_a_number());
    };
    if cents.is_empty() || !cents.chars().all(|c| c.is_ascii_digit()) {
        return Err(not_a_number());
    }
    if cents.len() == 3 && !whole.contains('.') {
        return Err(three_decimals_problem(shown, &digits, cents, sign));
    }
    if cents.len() > 2 {
        return Err(format!(
            "„{shown}“ hat mehr als zwei Nachkommastellen; ein Betrag in Euro hat höchstens Cent"
        ));
    }
    format!("{digits}.{cents}")
        .parse::<f64>()
        .map(|x| sign * x)
        .map_err(|_| not_a_number())
}

/// `shown` without currency, trailing `,-` and leading `+`, with spaces turned into dots.
fn normalized(shown: &str) -> String {
    shown
        .trim_end_matches(['€'])
        .trim_end()
        .trim_end_matches("EUR")
        .trim_end_matches("Euro")
        .trim()
        // `6.200,-` and `6.200,–`: whole euros.
        .trim_end_matches([',', '-', '–'])
        .trim_start_matches('+')
        .chars()
        // Spaces (also no-break and narrow no-break) group thousands as a dot does.
        .map(|c| {
            if matches!(c, ' ' | '\u{a0}' | '\u{202f}') {
                '.'
            } else {
                c
            }
        })
        .collect()
}

/// The message for a text that is no amount at all.
fn no_amount(shown: &str) -> Problem {
    format!("„{shown}“ ist kein Betrag; schreiben Sie ihn etwa als 6.200,50")
}

/// The message for `6,200.00` (written the English way), with its German form when readable.
fn english_problem(shown: &str, body: &str, sign: f64) -> Problem {
    match english(body) {
        Some(x) => format!(
            "„{shown}“ ist englisch geschrieben; auf Deutsch heißt das {} – bitte so eintragen",
            crate::german::number(sign * x, 2)
        ),
        None => no_amount(shown),
    }
}

/// The message for a whole part whose dots do not group thousands (`6.20`, `1.2.3`).
fn ungrouped_problem(shown: &str, whole: &str, cents: Option<&str>, sign: f64) -> Problem {
    match (whole.rsplit_once('.'), cents) {
        // `6.20`, `6.2`: a decimal point, or a slip of the thousands dot?
        (Some((int, frac)), None)
            if !int.is_empty()
                && !int.contains('.')
                && (1..=2).contains(&frac.len())
                && frac.chars().all(|c| c.is_ascii_digit()) =>
        {
            format!(
                "„{shown}“ ist nicht eindeutig: meinen Sie {} ({int} Euro und {frac:0<2} Cent)? Dann schreiben Sie {int},{frac:0<2}; der Punkt trennt im Deutschen nur Tausender",
                euro_text(sign * format!("{int}.{frac}").parse::<f64>().unwrap_or(0.0)),
            )
        }
        _ => no_amount(shown),
    }
}

/// The message for three digits after the comma without a thousands dot (`6,200`).
fn three_decimals_problem(shown: &str, digits: &str, cents: &str, sign: f64) -> Problem {
    // `6,200`: six euros twenty, or six thousand two hundred written the English way?
    let large = sign * format!("{digits}{cents}").parse::<f64>().unwrap_or(0.0);
    match cents.strip_suffix('0') {
        Some(two) => {
            let small = sign * format!("{digits}.{two}").parse::<f64>().unwrap_or(0.0);
            format!(
                "„{shown}“ ist nicht eindeutig: {} oder {}? Schreiben Sie {} oder {}",
                euro_text(large),
                euro_text(small),
                field_text(large),
                field_text(small),
            )
        }
        None => format!(
            "„{shown}“ ist nicht eindeutig: meinen Sie {}? Dann schreiben Sie {}; ein Betrag in Euro hat höchstens zwei Nachkommastellen",
            euro_text(large),
            field_text(large),
        ),
    }
}

/// The digits of `whole` when its dots group thousands correctly (`6.200`, `1.234.567`, `6200`).
fn grouped(whole: &str) -> Option<String> {
    if whole.is_empty() {
        return None;
    }
    let mut groups = whole.split('.');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    // `0.500` is no thousands figure: a grouped number starts with a digit other than 0.
    let first_ok =
        !first.is_empty() && (rest.is_empty() || (first.len() <= 3 && !first.starts_with('0')));
    if !first_ok || rest.iter().any(|g| g.len() != 3) {
        return None;
    }
    Some(whole.replace('.', ""))
}

/// `6,200.00` read the English way (comma groups, dot decimals).
fn english(body: &str) -> Option<f64> {
    let (whole, frac) = body.rsplit_once('.')?;
    let mut groups = whole.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
        return None;
    }
    format!("{}.{frac}", whole.replace(',', "")).parse().ok()
}

/// `6.200,00 €` for messages.
fn euro_text(value: f64) -> String {
    crate::german::euro(value)
}

/// An amount as the form shows it: `6.200,00` (always cents, no sign of the currency).
pub fn field_text(value: f64) -> String {
    crate::german::euro(value)
        .trim_end_matches('€')
        .trim_end_matches('\u{a0}')
        .replace('−', "-")
}

/// Whether a TOML literal reads as a German thousands figure that TOML takes as a decimal:
/// `6.200` (= 6,2), `48.500` (= 48,5). Used by `check` on the report's own text.
pub fn looks_like_thousands(literal: &str) -> bool {
    let digits = literal.trim().trim_start_matches(['-', '+']);
    match digits.split_once('.') {
        Some((int, frac)) => {
            (1..=3).contains(&int.len())
                && !int.starts_with('0')
                && int.chars().all(|c| c.is_ascii_digit())
                && frac.len() == 3
                && frac.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_germans_type_them() {
        for (text, value) in [
            ("6.200", 6200.0),
            ("6200", 6200.0),
            ("6.200,50", 6200.5),
            ("6 200", 6200.0),
            ("6.200 €", 6200.0),
            ("6.200€", 6200.0),
            ("6.200,00 EUR", 6200.0),
            ("-24.250", -24250.0),
            ("−24.250", -24250.0),
            ("1.234.567,89", 1_234_567.89),
            ("12,5", 12.5),
            ("0,99", 0.99),
            ("48.500", 48500.0),
            ("+6.200", 6200.0),
            ("6.200,-", 6200.0),
            ("6.200,–", 6200.0),
        ] {
            assert_eq!(parse(text), Ok(value), "{text}");
        }
    }

    #[test]
    fn what_reads_two_ways_is_refused_with_both_readings() {
        let Err(message) = parse("6,200") else {
            panic!("6,200 accepted");
        };
        assert!(message.contains("6.200,00\u{a0}€"), "{message}");
        assert!(message.contains("6,20\u{a0}€"), "{message}");
        let Err(message) = parse("6.20") else {
            panic!("6.20 accepted");
        };
        assert!(message.contains("6,20\u{a0}€"), "{message}");
        assert!(message.contains("schreiben Sie 6,20"), "{message}");
        let Err(message) = parse("6,200.00") else {
            panic!("6,200.00 accepted");
        };
        assert!(message.contains("englisch"), "{message}");
        assert!(message.contains("6.200"), "{message}");
    }

    #[test]
    fn nonsense_is_no_amount() {
        for text in [
            "", "zwölf", "6.2000", "1.2.3", ",5", "6,5,0", "6,123", "--5", "6 20", "1 5", "0.500",
            "000.250", "6,50,-",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn the_field_shows_the_german_form() {
        assert_eq!(field_text(6200.0), "6.200,00");
        assert_eq!(field_text(-24250.5), "-24.250,50");
    }

    #[test]
    fn toml_thousands_slips_are_recognised() {
        assert!(looks_like_thousands("6.200"));
        assert!(looks_like_thousands("48.500"));
        assert!(!looks_like_thousands("6.2"));
        assert!(!looks_like_thousands("6200"));
        assert!(!looks_like_thousands("1234.500"));
        assert!(!looks_like_thousands("0.125"));
    }
}
