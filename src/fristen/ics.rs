//! The list of `fristen` as an iCalendar file (RFC 5545) that Outlook and Thunderbird import:
//! per Sitzung of the list one event for the Sitzung (timed when its beginning is known, else
//! all-day), one all-day event for its Vorlagenschluss and one for its Ladungsfrist where the
//! register sets them; a report due without a Sitzung gets an all-day event of its own.
//!
//! Invariants: a UID names what an event is about, not its content (`sitzung-sbk-20230525@…`,
//! `vorlagenschluss-…`, `ladungsfrist-…`, `bericht-<file>@…`), so a second import updates the
//! events of the first; DTSTAMP is the Stichtag at midnight UTC, so the same input gives the
//! same bytes and a later Stichtag a later stamp. Text goes through the crate's escaping and
//! line folding (75 octets, never inside a character).

use std::collections::BTreeMap;

use icalendar::{Calendar, Component, Event, EventLike, Property};
use time::{Date, Duration, Time, UtcOffset};

use crate::fristen::{Art, Eintrag, SitzungRef};
use crate::german::{date_short, slug};

/// `20230525`
fn ical_date(date: Date) -> String {
    format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// An all-day event on `day` (DTEND is the next day, as RFC 5545 counts it).
fn all_day(event: &mut Event, day: Date) {
    let next = day.checked_add(Duration::days(1)).unwrap_or(day);
    event.append_property(
        Property::new("DTSTART", ical_date(day))
            .add_parameter("VALUE", "DATE")
            .done(),
    );
    event.append_property(
        Property::new("DTEND", ical_date(next))
            .add_parameter("VALUE", "DATE")
            .done(),
    );
}

/// Text without control characters (a line break of a Betreff becomes a space).
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// What the list says about one Sitzung: its Vorlagen and the reports due to it.
fn description(entries: &[&Eintrag]) -> String {
    let lines: Vec<String> = entries
        .iter()
        .map(|e| match &e.art {
            Art::Vorlage { .. } => {
                format!("Vorlage: {} ({})", clean(&e.betreff), e.datei.display())
            }
            Art::Bericht { .. } => format!(
                "Bericht fällig: {} (Fortschreibung von {})",
                clean(&e.betreff),
                e.datei.display()
            ),
        })
        .collect();
    lines.join("\n")
}

/// One event with the properties every event has.
fn event(uid: String, summary: &str, stamp: &str, text: &str) -> Event {
    let mut event = Event::new();
    event.uid(&uid).summary(&clean(summary));
    event.add_property("DTSTAMP", stamp);
    if !text.is_empty() {
        event.description(text);
    }
    event
}

/// The events of one Sitzung with the entries that go to it.
fn sitzung_events(s: &SitzungRef, entries: &[&Eintrag], domain: &str, stamp: &str) -> Vec<Event> {
    let id = format!("{}-{}@{domain}", s.key, ical_date(s.termin));
    let text = description(entries);
    let mut out = Vec::new();
    let mut sitzung = event(
        format!("sitzung-{id}"),
        &format!("Sitzung {}", s.kurz),
        stamp,
        &text,
    );
    let start = s.beginn.as_ref().and_then(|b| {
        let (h, m) = b.0.split_once(':')?;
        Time::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok()
    });
    match start {
        Some(time) => {
            let utc = crate::berlin::local(s.termin, time).to_offset(UtcOffset::UTC);
            sitzung.add_property(
                "DTSTART",
                format!(
                    "{}T{:02}{:02}00Z",
                    ical_date(utc.date()),
                    utc.hour(),
                    utc.minute()
                ),
            );
        }
        None => all_day(&mut sitzung, s.termin),
    }
    if let Some(ort) = &s.ort {
        sitzung.location(&clean(ort));
    }
    out.push(sitzung);
    for (kind, title, day) in [
        ("vorlagenschluss", "Vorlagenschluss", s.vorlagenschluss),
        ("ladungsfrist", "Ladungsfrist", s.ladungsfrist),
    ] {
        if let Some(day) = day {
            let mut e = event(
                format!("{kind}-{id}"),
                &format!("{title} {} (Sitzung am {})", s.kurz, date_short(s.termin)),
                stamp,
                &text,
            );
            all_day(&mut e, day);
            // A deadline does not block the day in a calendar's free/busy time.
            e.add_property("TRANSP", "TRANSPARENT");
            out.push(e);
        }
    }
    out
}

/// The iCalendar text of `entries` on `stichtag` for the city `stadt` (names the calendar and
/// the UIDs' domain).
pub fn calendar(entries: &[Eintrag], stichtag: Date, stadt: Option<&str>) -> String {
    let domain = match stadt.map(slug).filter(|s| !s.is_empty()) {
        Some(city) => format!("{city}.sachstand"),
        None => "sachstand".to_owned(),
    };
    let stamp = format!("{}T000000Z", ical_date(stichtag));
    let mut by_sitzung: BTreeMap<(Date, String), (&SitzungRef, Vec<&Eintrag>)> = BTreeMap::new();
    let mut alone = Vec::new();
    for e in entries {
        match &e.sitzung {
            Some(s) => {
                by_sitzung
                    .entry((s.termin, s.key.clone()))
                    .or_insert((s, Vec::new()))
                    .1
                    .push(e);
            }
            None => alone.push(e),
        }
    }
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property(("PRODID", "-//sachstand//Fristen//DE"));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    cal.append_property(("METHOD", "PUBLISH"));
    let name = match stadt {
        Some(city) => format!("Fristen der Vorlagen – {}", clean(city)),
        None => "Fristen der Vorlagen".to_owned(),
    };
    cal.append_property(Property::new("X-WR-CALNAME", name));
    for (s, list) in by_sitzung.values() {
        for e in sitzung_events(s, list, &domain, &stamp) {
            cal.push(e);
        }
    }
    for e in alone {
        if let Art::Bericht { faellig_ab } = e.art {
            let file = slug(&crate::archive::guard::origin(&e.datei).replace('.', "-"));
            let mut ev = event(
                format!("bericht-{file}@{domain}"),
                &format!("Bericht fällig: {}", e.betreff),
                &stamp,
                &description(&[e]),
            );
            all_day(&mut ev, faellig_ab);
            ev.add_property("TRANSP", "TRANSPARENT");
            cal.push(ev);
        }
    }
    // Every content line ends with CRLF (RFC 5545, 3.1), the last one too.
    let mut text = cal.to_string();
    if !text.ends_with("\r\n") {
        text.push_str("\r\n");
    }
    text
}
