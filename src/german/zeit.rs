//! Time phrases as reports write them ("im Frühjahr 2023", "im zweiten Quartal 2024",
//! "Ende Mai 2024", "2025"): the last day of the period they name, so that a phrase carried
//! over from an earlier cycle can be recognised as past.

use time::{Date, Month};

const MONTHS: [(&str, u8); 13] = [
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("april", 4),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("august", 8),
    ("september", 9),
    ("oktober", 10),
    ("november", 11),
    ("dezember", 12),
    ("jänner", 1),
];

fn last_day(year: i32, month: u8) -> Option<Date> {
    let m = Month::try_from(month).ok()?;
    Date::from_calendar_date(year, m, m.length(year)).ok()
}

fn year_of(word: &str) -> Option<i32> {
    let digits = word.trim_matches(|c: char| !c.is_ascii_digit());
    (digits.len() == 4
        && word
            .trim_end_matches(['.', ',', ')', ';'])
            .ends_with(digits))
    .then(|| digits.parse().ok())
    .flatten()
    .filter(|y| (1900..=2200).contains(y))
}

/// The last day of the latest period the phrase names, if it names one with a year.
pub fn period_end(phrase: &str) -> Option<Date> {
    let words: Vec<String> = phrase
        .split_whitespace()
        .map(|w| w.trim_matches([',', '.', ';', '(', ')']).to_lowercase())
        .collect();
    let mut latest: Option<Date> = None;
    for (i, w) in words.iter().enumerate() {
        let Some(year) = year_of(w) else { continue };
        let before = |n: usize| {
            i.checked_sub(n)
                .and_then(|j| words.get(j))
                .map(String::as_str)
                .unwrap_or_default()
        };
        let (b1, b2) = (before(1), before(2));
        let end = if let Some((_, m)) = MONTHS.iter().find(|(name, _)| *name == b1) {
            last_day(year, *m)
        } else if b1 == "quartal" {
            let q = match b2 {
                "ersten" | "1." | "erste" => 1,
                "zweiten" | "2." | "zweite" => 2,
                "dritten" | "3." | "dritte" => 3,
                _ => 4,
            };
            last_day(year, q * 3)
        } else if b1 == "halbjahr" || b1 == "jahreshälfte" {
            let h = match b2 {
                "ersten" | "1." | "erste" => 6,
                _ => 12,
            };
            last_day(year, h)
        } else {
            match b1 {
                "frühjahr" | "frühling" => last_day(year, 5),
                "sommer" | "sommerferien" => last_day(year, 8),
                "herbst" | "herbstferien" => last_day(year, 11),
                "winter" => last_day(year + 1, 2),
                "anfang" | "beginn" => last_day(year, 3),
                "mitte" => last_day(year, 8),
                _ if b1.starts_with('q') && b1.len() == 2 => {
                    let q: u8 = b1[1..].parse().unwrap_or(4);
                    last_day(year, q.clamp(1, 4) * 3)
                }
                _ => last_day(year, 12),
            }
        };
        if let Some(end) = end {
            latest = Some(latest.map_or(end, |l: Date| l.max(end)));
        }
    }
    latest
}

/// Whether the phrase names one day ("am 20.05.2027", "am 20. Mai 2027"): a date, not a
/// vague time ("im Frühjahr 2027"), so that an event on it takes place rather than is planned.
pub fn names_day(phrase: &str) -> bool {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let Some(at) = words.iter().position(|w| *w == "am") else {
        return false;
    };
    let Some(day) = words.get(at + 1) else {
        return false;
    };
    let digits = day.chars().take_while(char::is_ascii_digit).count();
    (1..=2).contains(&digits) && day[digits..].starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn periods() {
        assert_eq!(period_end("im Frühjahr 2023"), Some(date!(2023 - 05 - 31)));
        assert_eq!(
            period_end("im zweiten Quartal 2024"),
            Some(date!(2024 - 06 - 30))
        );
        assert_eq!(period_end("Ende Mai 2024"), Some(date!(2024 - 05 - 31)));
        assert_eq!(period_end("im Herbst 2024"), Some(date!(2024 - 11 - 30)));
        assert_eq!(period_end("bis Ende 2025"), Some(date!(2025 - 12 - 31)));
        assert_eq!(
            period_end("im ersten Halbjahr 2024"),
            Some(date!(2024 - 06 - 30))
        );
        assert_eq!(period_end("im Winter 2023"), Some(date!(2024 - 02 - 29)));
        assert_eq!(period_end("noch in diesem Jahr"), None);
        assert_eq!(period_end("im Anschluss"), None);
    }

    #[test]
    fn a_day_is_told_from_a_period() {
        assert!(names_day("am 20.05.2027"));
        assert!(names_day("voraussichtlich am 3. Juni 2027"));
        assert!(!names_day("im Frühjahr 2027"));
        assert!(!names_day("am Jahresende"));
        assert!(!names_day("Ende Mai 2027"));
    }
}
