//! German (de-DE): formatting of dates, numbers, money and enumerations here; grammar in
//! `declension` (cases, articles, adjective endings) and `phrase` (a noun phrase from the
//! report with all its forms).
//!
//! Pure functions, no I/O: the template filters and the prose in `view` both use them, so a
//! date or an amount reads the same everywhere in a Vorlage.

pub mod analysis;
pub mod betrag;
pub mod declension;
pub mod feiertage;
pub mod grammar;
pub mod lexicon;
pub mod phrase;
pub mod zeit;

use time::{Date, Month};

/// The no-break space that keeps a number and its unit on one line (`25 %`, `3 €`).
pub const NBSP: char = '\u{00A0}';

const MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// The German name of a month.
pub fn month_name(month: Month) -> &'static str {
    MONTHS[usize::from(u8::from(month)) - 1]
}

/// `16.11.2022`
pub fn date_short(date: Date) -> String {
    format!(
        "{:02}.{:02}.{:04}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// `16. November 2022`
pub fn date_long(date: Date) -> String {
    format!(
        "{}. {} {}",
        date.day(),
        month_name(date.month()),
        date.year()
    )
}

/// `Donnerstag, 23. Februar 2023`
pub fn date_weekday(date: Date) -> String {
    let day = match date.weekday() {
        time::Weekday::Monday => "Montag",
        time::Weekday::Tuesday => "Dienstag",
        time::Weekday::Wednesday => "Mittwoch",
        time::Weekday::Thursday => "Donnerstag",
        time::Weekday::Friday => "Freitag",
        time::Weekday::Saturday => "Samstag",
        time::Weekday::Sunday => "Sonntag",
    };
    format!("{day}, {}", date_long(date))
}

/// `November 2022`
pub fn month_year(date: Date) -> String {
    format!("{} {}", month_name(date.month()), date.year())
}

/// `2022-11-16`, the form dates have in template values, indexes and file names.
pub fn date_iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Parses an ISO date `YYYY-MM-DD` (the form dates have in template values).
pub fn parse_iso_date(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Why `text` is not a date of a form (TT.MM.JJJJ or JJJJ-MM-TT): a day that does not exist
/// when it is written out in full, else not complete yet.
pub fn form_date_problem(text: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        return "Bitte geben Sie ein Datum an.".to_owned();
    }
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let german: Vec<&str> = t.split('.').collect();
    let iso: Vec<&str> = t.split('-').collect();
    let complete = (german.len() == 3
        && digits(german[0], 1..=2)
        && digits(german[1], 1..=2)
        && digits(german[2], 4..=4))
        || (iso.len() == 3
            && digits(iso[0], 4..=4)
            && digits(iso[1], 2..=2)
            && digits(iso[2], 2..=2));
    if complete {
        format!("„{t}“: diesen Tag gibt es nicht (TT.MM.JJJJ)")
    } else {
        format!("„{t}“ ist noch kein vollständiges Datum (TT.MM.JJJJ)")
    }
}

/// Parses a date as a person types it into a form: German `16.11.2022` (also `1.3.2023`) or
/// ISO `2022-11-16`. A year needs four digits; anything half-typed is `None`.
pub fn parse_form_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let (year, month, day) = if let Some((day, rest)) = text.split_once('.') {
        let (month, year) = rest.split_once('.')?;
        if !(digits(day, 1, 2) && digits(month, 1, 2) && digits(year, 4, 4)) {
            return None;
        }
        (year, month, day)
    } else {
        let mut parts = text.splitn(3, '-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if !(digits(year, 4, 4) && digits(month, 2, 2) && digits(day, 2, 2)) {
            return None;
        }
        (year, month, day)
    };
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// Groups the digits of a non-negative integer in threes with dots: `1234567` → `1.234.567`.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A number with a decimal comma and at most `max_decimals` places, trailing zeros dropped:
/// `12.5` → `12,5`, `25.0` → `25`, `1234.5` → `1.234,5`.
pub fn number(value: f64, max_decimals: usize) -> String {
    let fixed = format!("{:.*}", max_decimals, value.abs());
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let frac = frac.trim_end_matches('0');
    let sign = if value < 0.0 && fixed.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "−"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{}", group_thousands(int))
    } else {
        format!("{sign}{},{frac}", group_thousands(int))
    }
}

/// `25 %` (no-break space), `12,5 %`.
pub fn percent(value: f64) -> String {
    format!("{}{NBSP}%", number(value, 2))
}

/// `1.234,56 €` (always two decimals, no-break space before the sign).
pub fn euro(value: f64) -> String {
    let fixed = format!("{:.2}", value.abs());
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, "00"));
    let sign = if value < 0.0 && fixed != "0.00" {
        "−"
    } else {
        ""
    };
    format!("{sign}{},{frac}{NBSP}€", group_thousands(int))
}

/// A count with its noun in the right number: `1 Vorlage`, `2 Vorlagen`, `0 Vorlagen`.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// Joins items as a German enumeration: `A`, `A und B`, `A, B und C`; `last` is the word
/// before the final item (`und`, `sowie`, `oder`).
pub fn enumeration<S: AsRef<str>>(items: &[S], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., final_item] => {
            let head: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} {last} {}", head.join(", "), final_item.as_ref())
        }
    }
}

/// Upper-cases the first letter (`sachstandsbericht` → `Sachstandsbericht`).
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A URL path segment or file name part from free text: lower-case ASCII, digits and `-`
/// (umlauts transliterated: „Sozial- und Kulturausschuss“ → `sozial-und-kulturausschuss`).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'ä' => "ae".to_owned(),
            'ö' => "oe".to_owned(),
            'ü' => "ue".to_owned(),
            'ß' => "ss".to_owned(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => "-".to_owned(),
        };
        if !(mapped == "-" && (out.is_empty() || out.ends_with('-'))) {
            out.push_str(&mapped);
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Free text written after a clause (`ergebnis`, `zweck`), fitted whichever way it was
/// written: a clause (lower case: "an der 64 Personen teilnahmen") is joined with a comma; a
/// whole sentence (upper case: "Es gingen vier Angebote ein.") ends the clause and follows as
/// a sentence of its own. Its final full stop is dropped (the caller ends the sentence), spaces
/// are collapsed, an empty text adds nothing: never ", Es", "..", ",." or a double space.
pub fn tail(text: &str) -> String {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = words.trim_end_matches(['.', ',', ';', ' ']);
    match trimmed.chars().next() {
        None => String::new(),
        Some(first) if first.is_uppercase() => format!(". {trimmed}"),
        Some(_) => format!(", {trimmed}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_date_that_is_not_complete_yet_is_told_from_a_day_that_does_not_exist() {
        for half in ["2026-11-3", "20.02.20", "1.3.", "2023-02"] {
            assert!(
                form_date_problem(half).contains("noch kein vollständiges Datum"),
                "{half}"
            );
        }
        for impossible in ["2026-02-30", "31.02.2023", "30.2.2023"] {
            assert!(
                form_date_problem(impossible).contains("diesen Tag gibt es nicht"),
                "{impossible}"
            );
        }
        assert_eq!(form_date_problem(" "), "Bitte geben Sie ein Datum an.");
    }

    #[test]
    fn form_dates_in_german_and_iso() {
        assert_eq!(parse_form_date("01.03.2023"), Some(date!(2023 - 03 - 01)));
        assert_eq!(parse_form_date("1.3.2023"), Some(date!(2023 - 03 - 01)));
        assert_eq!(parse_form_date(" 2022-11-16 "), Some(date!(2022 - 11 - 16)));
        for half in [
            "01.03.20",
            "01.03.",
            "31.02.2023",
            "2022-1-5",
            "2022-11",
            "16.11.2022x",
            "",
        ] {
            assert_eq!(parse_form_date(half), None, "{half}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(date_short(date!(2022 - 11 - 16)), "16.11.2022");
        assert_eq!(date_short(date!(2022 - 04 - 01)), "01.04.2022");
        assert_eq!(date_long(date!(2022 - 11 - 06)), "6. November 2022");
        assert_eq!(date_long(date!(2023 - 03 - 01)), "1. März 2023");
        assert_eq!(
            date_weekday(date!(2023 - 02 - 23)),
            "Donnerstag, 23. Februar 2023"
        );
        assert_eq!(
            date_weekday(date!(2023 - 10 - 01)),
            "Sonntag, 1. Oktober 2023"
        );
        assert_eq!(month_year(date!(2022 - 04 - 01)), "April 2022");
    }

    #[test]
    fn iso_dates_round_trip() {
        assert_eq!(date_iso(date!(2022 - 04 - 01)), "2022-04-01");
        assert_eq!(
            parse_iso_date(&date_iso(date!(2023 - 12 - 31))),
            Some(date!(2023 - 12 - 31))
        );
    }

    #[test]
    fn iso_dates_parse_only_when_real() {
        assert_eq!(parse_iso_date("2022-11-16"), Some(date!(2022 - 11 - 16)));
        assert_eq!(parse_iso_date("2023-02-29"), None);
        assert_eq!(parse_iso_date("16.11.2022"), None);
    }

    #[test]
    fn percent_uses_comma_and_no_break_space() {
        assert_eq!(percent(25.0), "25\u{a0}%");
        assert_eq!(percent(12.5), "12,5\u{a0}%");
        assert_eq!(percent(100.0), "100\u{a0}%");
    }

    #[test]
    fn euro_groups_thousands() {
        assert_eq!(euro(1234.56), "1.234,56\u{a0}€");
        assert_eq!(euro(0.5), "0,50\u{a0}€");
        assert_eq!(euro(1_000_000.0), "1.000.000,00\u{a0}€");
        assert_eq!(euro(-42.0), "−42,00\u{a0}€");
        assert_eq!(euro(999.999), "1.000,00\u{a0}€");
    }

    #[test]
    fn numbers() {
        assert_eq!(number(1234.5, 2), "1.234,5");
        assert_eq!(number(123.0, 2), "123");
        assert_eq!(number(-0.001, 2), "0");
    }

    #[test]
    fn enumerations() {
        let none: [&str; 0] = [];
        assert_eq!(enumeration(&none, "sowie"), "");
        assert_eq!(enumeration(&["A"], "sowie"), "A");
        assert_eq!(enumeration(&["A", "B"], "und"), "A und B");
        assert_eq!(enumeration(&["A", "B", "C"], "sowie"), "A, B sowie C");
    }
}
