//! Wall-clock times of Europe/Berlin as RFC 3339 date-times with their offset.
//!
//! Central European Time is UTC+1; summer time (UTC+2) runs from the last Sunday of March,
//! 01:00 UTC, to the last Sunday of October, 01:00 UTC (EU rule since 1996). Local times in
//! the spring gap count as summer time, the doubled autumn hour as summer time too.

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

const WINTER: i8 = 1;
const SUMMER: i8 = 2;

fn last_sunday(year: i32, month: Month) -> Option<Date> {
    let mut day =
        Date::from_calendar_date(year, month, time::util::days_in_month(month, year)).ok()?;
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day()?;
    }
    Some(day)
}

fn offset(hours: i8) -> UtcOffset {
    UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The summer-time window of `year` in UTC: [start, end).
fn summer_utc(year: i32) -> Option<(PrimitiveDateTime, PrimitiveDateTime)> {
    let one = Time::from_hms(1, 0, 0).ok()?;
    Some((
        PrimitiveDateTime::new(last_sunday(year, Month::March)?, one),
        PrimitiveDateTime::new(last_sunday(year, Month::October)?, one),
    ))
}

/// The Berlin offset in force at the instant `at`.
pub fn offset_at(at: OffsetDateTime) -> UtcOffset {
    let utc = at.to_offset(UtcOffset::UTC);
    let utc = PrimitiveDateTime::new(utc.date(), utc.time());
    match summer_utc(utc.year()) {
        Some((start, end)) if utc >= start && utc < end => offset(SUMMER),
        _ => offset(WINTER),
    }
}

/// The instant `at` as Berlin local time.
pub fn in_berlin(at: OffsetDateTime) -> OffsetDateTime {
    at.to_offset(offset_at(at))
}

/// A Berlin wall-clock time (a meeting's start) with its offset.
pub fn local(date: Date, time: Time) -> OffsetDateTime {
    let local = PrimitiveDateTime::new(date, time);
    // In local time, summer time begins at 02:00 and ends at 03:00.
    let summer = match (
        last_sunday(date.year(), Month::March),
        last_sunday(date.year(), Month::October),
        Time::from_hms(2, 0, 0),
        Time::from_hms(3, 0, 0),
    ) {
        (Some(march), Some(october), Ok(two), Ok(three)) => {
            local >= PrimitiveDateTime::new(march, two)
                && local < PrimitiveDateTime::new(october, three)
        }
        _ => false,
    };
    local.assume_offset(offset(if summer { SUMMER } else { WINTER }))
}

/// RFC 3339 with whole seconds and the offset always as `±hh:mm` (also `+00:00`, never `Z`).
const RFC3339_SECONDS: &[time::format_description::BorrowedFormatItem<'static>] = time::macros::format_description!(
    "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]"
);

/// RFC 3339 text (`2023-02-23T18:00:00+01:00`), whole seconds.
pub fn format(at: OffsetDateTime) -> String {
    at.format(RFC3339_SECONDS).unwrap_or_default()
}

/// Reads an RFC 3339 date-time (fractions of a second are dropped); a `+` turned into a
/// space by form decoding is accepted.
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    // RFC 3339 allows `t` and `z` as well.
    let text = text.trim().replace(' ', "+").to_ascii_uppercase();
    let at = OffsetDateTime::parse(&text, &Rfc3339).ok()?;
    at.replace_nanosecond(0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, time};

    #[test]
    fn local_times_get_the_offset_of_their_season() {
        assert_eq!(
            format(local(date!(2023 - 02 - 23), time!(18:00))),
            "2023-02-23T18:00:00+01:00"
        );
        assert_eq!(
            format(local(date!(2023 - 06 - 29), time!(18:00))),
            "2023-06-29T18:00:00+02:00"
        );
        // 2023: summer time from 26 March to 29 October.
        assert_eq!(
            format(local(date!(2023 - 03 - 26), time!(01:59))),
            "2023-03-26T01:59:00+01:00"
        );
        assert_eq!(
            format(local(date!(2023 - 03 - 26), time!(03:00))),
            "2023-03-26T03:00:00+02:00"
        );
        assert_eq!(
            format(local(date!(2023 - 10 - 29), time!(02:30))),
            "2023-10-29T02:30:00+02:00"
        );
        assert_eq!(
            format(local(date!(2023 - 10 - 29), time!(03:00))),
            "2023-10-29T03:00:00+01:00"
        );
        assert_eq!(
            format(local(date!(2024 - 03 - 30), time!(12:00))),
            "2024-03-30T12:00:00+01:00"
        );
        assert_eq!(
            format(local(date!(2024 - 03 - 31), time!(12:00))),
            "2024-03-31T12:00:00+02:00"
        );
    }

    #[test]
    fn instants_switch_at_one_oclock_utc() {
        let before = datetime!(2023-03-26 00:59:59 UTC);
        let after = datetime!(2023-03-26 01:00:00 UTC);
        assert_eq!(format(in_berlin(before)), "2023-03-26T01:59:59+01:00");
        assert_eq!(format(in_berlin(after)), "2023-03-26T03:00:00+02:00");
        let autumn = datetime!(2023-10-29 01:00:00 UTC);
        assert_eq!(format(in_berlin(autumn)), "2023-10-29T02:00:00+01:00");
    }

    #[test]
    fn filters_parse_with_and_without_encoding() {
        let a = parse("2014-01-01T00:00:00+01:00").unwrap();
        assert_eq!(parse("2014-01-01T00:00:00 01:00"), Some(a));
        assert_eq!(parse("2013-12-31t23:00:00z"), Some(a));
        assert_eq!(parse("2014-01-01"), None);
        assert_eq!(parse("gestern"), None);
        assert_eq!(parse("2014-01-01T00:00:00+1:00"), None);
        assert_eq!(
            format(parse("2023-06-01T12:00:00.25Z").unwrap()),
            "2023-06-01T12:00:00+00:00"
        );
    }
}
