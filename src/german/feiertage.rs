//! Working days in Hesse: Saturdays, Sundays and the Hessian public holidays are none.
//!
//! The holidays are computed, not listed: the fixed ones (Neujahr, 1. Mai, Tag der Deutschen
//! Einheit, 1. und 2. Weihnachtstag) and those that follow Easter (Karfreitag, Ostermontag,
//! Christi Himmelfahrt, Pfingstmontag, Fronleichnam), Easter Sunday by the Gregorian computus
//! (the anonymous algorithm of Meeus/Jones/Butcher). Pure functions over `time::Date`.

use time::{Date, Duration, Month, Weekday};

/// Easter Sunday of `year` (Gregorian calendar).
pub fn easter_sunday(year: i32) -> Option<Date> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

/// The name of the Hessian public holiday on `date`, if it is one.
pub fn holiday(date: Date) -> Option<&'static str> {
    let fixed = match (date.month(), date.day()) {
        (Month::January, 1) => Some("Neujahr"),
        (Month::May, 1) => Some("Tag der Arbeit"),
        (Month::October, 3) => Some("Tag der Deutschen Einheit"),
        (Month::December, 25) => Some("1. Weihnachtstag"),
        (Month::December, 26) => Some("2. Weihnachtstag"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let easter = easter_sunday(date.year())?;
    match (date - easter).whole_days() {
        -2 => Some("Karfreitag"),
        1 => Some("Ostermontag"),
        39 => Some("Christi Himmelfahrt"),
        50 => Some("Pfingstmontag"),
        60 => Some("Fronleichnam"),
        _ => None,
    }
}

/// Whether `date` is a working day in Hesse (Monday to Friday, no public holiday).
pub fn is_working_day(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && holiday(date).is_none()
}

/// The working day `n` working days before `date` (`date` itself not counted); `None` only at
/// the calendar's lower end.
pub fn working_days_before(date: Date, n: u16) -> Option<Date> {
    let mut day = date;
    let mut left = n;
    while left > 0 {
        day = day.previous_day()?;
        if is_working_day(day) {
            left -= 1;
        }
    }
    Some(day)
}

/// `date`, or the last working day before it when it is none.
pub fn working_day_on_or_before(date: Date) -> Option<Date> {
    let mut day = date;
    while !is_working_day(day) {
        day = day.checked_sub(Duration::days(1))?;
    }
    Some(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn easter_by_the_computus() {
        // Known Easter Sundays, including the extremes 22 March (1818, 2285) and 25 April.
        for (year, expected) in [
            (1818, date!(1818 - 03 - 22)),
            (1943, date!(1943 - 04 - 25)),
            (2000, date!(2000 - 04 - 23)),
            (2019, date!(2019 - 04 - 21)),
            (2023, date!(2023 - 04 - 09)),
            (2024, date!(2024 - 03 - 31)),
            (2025, date!(2025 - 04 - 20)),
            (2038, date!(2038 - 04 - 25)),
            (2285, date!(2285 - 03 - 22)),
        ] {
            assert_eq!(easter_sunday(year), Some(expected), "{year}");
        }
    }

    #[test]
    fn hessian_holidays_2023() {
        for (day, name) in [
            (date!(2023 - 01 - 01), "Neujahr"),
            (date!(2023 - 04 - 07), "Karfreitag"),
            (date!(2023 - 04 - 10), "Ostermontag"),
            (date!(2023 - 05 - 01), "Tag der Arbeit"),
            (date!(2023 - 05 - 18), "Christi Himmelfahrt"),
            (date!(2023 - 05 - 29), "Pfingstmontag"),
            (date!(2023 - 06 - 08), "Fronleichnam"),
            (date!(2023 - 10 - 03), "Tag der Deutschen Einheit"),
            (date!(2023 - 12 - 25), "1. Weihnachtstag"),
            (date!(2023 - 12 - 26), "2. Weihnachtstag"),
        ] {
            assert_eq!(holiday(day), Some(name), "{day}");
        }
        // Not Hessian: Reformationstag, Allerheiligen, Heilige Drei Könige.
        for day in [
            date!(2023 - 10 - 31),
            date!(2023 - 11 - 01),
            date!(2023 - 01 - 06),
        ] {
            assert_eq!(holiday(day), None, "{day}");
        }
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        // Thursday 13 April 2023: back over Easter Monday, the weekend and Good Friday.
        assert_eq!(
            working_days_before(date!(2023 - 04 - 13), 3),
            Some(date!(2023 - 04 - 06))
        );
        // Thursday 25 May 2023: back over Ascension Day (18 May).
        assert_eq!(
            working_days_before(date!(2023 - 05 - 25), 7),
            Some(date!(2023 - 05 - 15))
        );
        assert_eq!(
            working_days_before(date!(2023 - 05 - 25), 0),
            Some(date!(2023 - 05 - 25))
        );
        assert_eq!(
            working_day_on_or_before(date!(2023 - 12 - 26)),
            Some(date!(2023 - 12 - 22))
        );
    }
}
