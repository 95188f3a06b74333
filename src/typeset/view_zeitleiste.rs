//! The timeline of a Sachstandsbericht (`[darstellung] zeitleiste = true`) as template values:
//! the funding period as a bar, each milestone as a numbered mark on it, the report's date as
//! "Stand", and the same in words as the figure's alternative text.
//!
//! Invariants: positions are whole per-mille of the drawing's width (0 to 1000), so the
//! template prints plain integers; a vague time is placed where `german::zeit::period_end`
//! puts it (the last day of "im Frühjahr 2023"), as the prose and the rules read it. Marks
//! keep a minimum distance and their numbers take rows, so that nothing lies on top of
//! anything else; what lies outside the period is drawn in a zone beyond its end.

use serde::Serialize;
use time::Date;

use crate::german::{date_iso, date_short, enumeration, zeit};
use crate::report::model::{Meilenstein, Report, Status};

/// The width of the zone before or after the period (per mille), drawn only when used.
const ZONE: u32 = 70;
/// The least distance between two marks (per mille: about 3.5 mm of 16 cm, a mark is 2.9 mm).
const MARK_GAP: u32 = 22;
/// The least distance between two numbers in one row (per mille).
const NUMBER_GAP: u32 = 34;
/// The rows numbers may take above the bar.
const ROWS: u32 = 3;
/// A year's label keeps this distance from the period's ends (where the dates stand) and
/// from the year labelled before it (per mille).
const YEAR_GAP: u32 = 110;

/// The timeline as templates see it (`{{ zeitleiste.alt | typst_text }}`).
#[derive(Debug, Serialize)]
pub struct Zeitleiste<'a> {
    /// Start of the funding period, ISO.
    pub beginn: String,
    /// End of the funding period, ISO.
    pub ende: String,
    /// The report's date, ISO.
    pub stand: String,
    /// Where the period's bar begins (per mille; 0 unless a zone lies before it).
    pub links: u32,
    /// Where the period's bar ends (per mille; 1000 unless a zone lies after it).
    pub rechts: u32,
    /// Where the "Stand" line stands (per mille).
    pub stand_x: u32,
    /// How far the elapsed part of the bar reaches (the Stand, within the period).
    pub vergangen_x: u32,
    /// New Year's Days within the period.
    pub jahre: Vec<Jahr>,
    /// Every milestone, numbered left to right; those without a place last.
    pub marken: Vec<Marke<'a>>,
    /// How many rows the numbers above the bar take (at least 1).
    pub reihen: u32,
    /// The figure's alternative text: everything the drawing shows, in words.
    pub alt: String,
}

/// The first of January of a year within the period.
#[derive(Debug, Serialize)]
pub struct Jahr {
    /// Position (per mille).
    pub x: u32,
    /// The year.
    pub jahr: i32,
    /// Whether the year is written under its tick (not too close to a date or year).
    pub beschriftet: bool,
}

/// One milestone on the timeline.
#[derive(Debug, Serialize)]
pub struct Marke<'a> {
    /// Its number on the bar and in the legend, from 1.
    pub nummer: usize,
    /// The milestone's title.
    pub titel: &'a str,
    /// `erledigt`, `laufend` or `geplant`.
    pub status: &'static str,
    /// Its time as the legend prints it ("22.03.2023", "im Frühjahr 2024"), or empty.
    pub zeit: String,
    /// Position (per mille), or none when its time names no day or period.
    pub x: Option<u32>,
    /// The row of its number above the bar (0: next to the bar).
    pub reihe: u32,
    /// `vor dem Förderzeitraum`, `nach dem Förderzeitraum`, or empty.
    pub lage: &'static str,
}

/// Where a milestone stands in time, and how its time reads.
struct Placed<'a> {
    index: usize,
    milestone: &'a Meilenstein,
    day: Option<Date>,
    zeit: String,
}

/// The timeline of `r`, when the report asks for it and has a funding period.
pub fn build(r: &Report) -> Option<Zeitleiste<'_>> {
    let f = r.foerderung.as_ref().filter(|_| r.zeitleiste())?;
    let (beginn, ende, stand) = (f.beginn.0, f.ende.0.max(f.beginn.0), r.kopf.datum.0);
    let mut placed: Vec<Placed> = r
        .meilensteine
        .iter()
        .enumerate()
        .map(|(index, m)| place(index, m, stand))
        .collect();
    // Left to right; a milestone without a place after all others, in file order.
    placed.sort_by_key(|p| (p.day.is_none(), p.day, p.index));
    let days: Vec<Date> = placed.iter().filter_map(|p| p.day).chain([stand]).collect();
    let before = days.iter().any(|d| *d < beginn);
    let after = days.iter().any(|d| *d > ende);
    let axis = Axis {
        beginn,
        ende,
        links: if before { ZONE } else { 0 },
        rechts: if after { 1000 - ZONE } else { 1000 },
    };
    let mut xs: Vec<u32> = placed
        .iter()
        .filter_map(|p| p.day)
        .map(|d| axis.x(d))
        .collect();
    spread(&mut xs);
    let rows = rows(&xs);
    let mut marken = Vec::new();
    let mut at = xs.iter().zip(rows.iter());
    for (n, p) in placed.into_iter().enumerate() {
        let (x, reihe) = match p.day.and_then(|_| at.next()) {
            Some((x, row)) => (Some(*x), *row),
            None => (None, 0),
        };
        marken.push(Marke {
            nummer: n + 1,
            titel: &p.milestone.titel,
            status: status_word(p.milestone.status),
            zeit: p.zeit,
            x,
            reihe,
            lage: p.day.map_or("", |d| axis.lage(d)),
        });
    }
    let stand_x = axis.x(stand);
    Some(Zeitleiste {
        alt: alt_text(&axis, stand, &marken),
        beginn: date_iso(beginn),
        ende: date_iso(ende),
        stand: date_iso(stand),
        links: axis.links,
        rechts: axis.rechts,
        stand_x,
        vergangen_x: stand_x.clamp(axis.links, axis.rechts),
        jahre: years(&axis),
        reihen: rows.iter().max().map_or(1, |r| r + 1),
        marken,
    })
}

/// The milestone's day on the timeline: its date; else the end of the period its `wann`
/// names (`zeit::period_end`, as the prose orders it); else, while it runs, the report's date.
fn place(index: usize, m: &Meilenstein, stand: Date) -> Placed<'_> {
    let wann = m.wann.as_deref().map(str::trim).filter(|w| !w.is_empty());
    let (day, zeit) = match (m.datum, wann) {
        (Some(d), _) => (Some(d.0), date_short(d.0)),
        (None, Some(w)) => (
            zeit::period_end(w).or((m.status == Status::Laufend).then_some(stand)),
            w.to_owned(),
        ),
        (None, None) => (
            (m.status == Status::Laufend).then_some(stand),
            String::new(),
        ),
    };
    Placed {
        index,
        milestone: m,
        day,
        zeit,
    }
}

/// The word for a milestone's status.
fn status_word(s: Status) -> &'static str {
    match s {
        Status::Geplant => "geplant",
        Status::Laufend => "laufend",
        Status::Abgeschlossen | Status::Erledigt => "erledigt",
    }
}

/// The period on the drawing's width.
struct Axis {
    beginn: Date,
    ende: Date,
    links: u32,
    rechts: u32,
}

impl Axis {
    /// The position of `day`: within the bar, or in the middle of the zone before or after.
    fn x(&self, day: Date) -> u32 {
        if day < self.beginn {
            return self.links / 2;
        }
        if day > self.ende {
            return self.rechts + (1000 - self.rechts) / 2;
        }
        let total = (self.ende - self.beginn).whole_days().max(1);
        let done = (day - self.beginn).whole_days();
        let width = i64::from(self.rechts - self.links);
        let x = i64::from(self.links) + (done * width + total / 2) / total;
        u32::try_from(x).unwrap_or(self.rechts)
    }

    /// Where `day` lies against the period, in words (empty: within it).
    fn lage(&self, day: Date) -> &'static str {
        if day < self.beginn {
            "vor dem Förderzeitraum"
        } else if day > self.ende {
            "nach dem Förderzeitraum"
        } else {
            ""
        }
    }
}

/// Moves sorted positions apart to at least `MARK_GAP`, within 0..=1000: first to the right,
/// then back from the right end where that ran over.
fn spread(xs: &mut [u32]) {
    for i in 1..xs.len() {
        xs[i] = xs[i].max(xs[i - 1] + MARK_GAP);
    }
    let mut limit = 1000;
    for x in xs.iter_mut().rev() {
        *x = (*x).min(limit);
        limit = x.saturating_sub(MARK_GAP);
    }
}

/// The row of each position's number: the lowest row whose last number is far enough to the
/// left; when none is, the row whose last number is farthest left.
fn rows(xs: &[u32]) -> Vec<u32> {
    let mut last: Vec<Option<u32>> = vec![None; ROWS as usize];
    let mut out = Vec::with_capacity(xs.len());
    for &x in xs {
        let free = last
            .iter()
            .position(|l| l.is_none_or(|l| l + NUMBER_GAP <= x));
        let row = free.unwrap_or_else(|| {
            (0..last.len())
                .min_by_key(|&r| last[r].unwrap_or(0))
                .unwrap_or(0)
        });
        last[row] = Some(x);
        out.push(u32::try_from(row).unwrap_or(0));
    }
    out
}

/// The New Year's Days after the period's start and up to its end, labelled where the label
/// keeps its distance from the dates at both ends and from the year before.
fn years(axis: &Axis) -> Vec<Jahr> {
    let mut out = Vec::new();
    let mut last_label: Option<u32> = None;
    for jahr in axis.beginn.year() + 1..=axis.ende.year() {
        let Ok(day) = Date::from_ordinal_date(jahr, 1) else {
            continue;
        };
        let x = axis.x(day);
        let beschriftet = x >= axis.links + YEAR_GAP
            && x + YEAR_GAP <= axis.rechts
            && last_label.is_none_or(|l| l + YEAR_GAP / 2 <= x);
        if beschriftet {
            last_label = Some(x);
        }
        out.push(Jahr {
            x,
            jahr,
            beschriftet,
        });
    }
    out
}

/// The alternative text: the period, the Stand, then the milestones by status, each with its
/// time and, when outside the period, where.
fn alt_text(axis: &Axis, stand: Date, marken: &[Marke]) -> String {
    let mut out = format!(
        "Zeitleiste: Förderzeitraum {} bis {}; Stand {}",
        date_short(axis.beginn),
        date_short(axis.ende),
        date_short(stand)
    );
    let stand_lage = axis.lage(stand);
    if !stand_lage.is_empty() {
        out.push_str(&format!(" ({stand_lage})"));
    }
    if marken.is_empty() {
        out.push_str("; keine Meilensteine");
    }
    for status in ["erledigt", "laufend", "geplant"] {
        let items: Vec<String> = marken
            .iter()
            .filter(|m| m.status == status)
            .map(|m| {
                let details: Vec<&str> = [m.zeit.as_str(), m.lage]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                match details.is_empty() {
                    true => m.titel.trim().to_owned(),
                    false => format!("{} ({})", m.titel.trim(), details.join(", ")),
                }
            })
            .collect();
        if !items.is_empty() {
            out.push_str(&format!("; {status}: {}", enumeration(&items, "und")));
        }
    }
    out.push('.');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn axis() -> Axis {
        Axis {
            beginn: date!(2023 - 01 - 01),
            ende: date!(2025 - 12 - 31),
            links: 0,
            rechts: 1000,
        }
    }

    #[test]
    fn days_map_onto_the_bar_and_the_zones() {
        let a = axis();
        assert_eq!(a.x(date!(2023 - 01 - 01)), 0);
        assert_eq!(a.x(date!(2025 - 12 - 31)), 1000);
        assert_eq!(a.x(date!(2024 - 07 - 01)), 500);
        let zoned = Axis {
            links: ZONE,
            rechts: 1000 - ZONE,
            ..axis()
        };
        assert_eq!(zoned.x(date!(2022 - 05 - 01)), ZONE / 2);
        assert_eq!(zoned.x(date!(2026 - 05 - 01)), 1000 - ZONE / 2);
        assert_eq!(zoned.lage(date!(2026 - 05 - 01)), "nach dem Förderzeitraum");
    }

    #[test]
    fn marks_keep_their_distance_and_stay_on_the_drawing() {
        let mut xs = vec![0, 0, 5, 500, 995, 1000];
        spread(&mut xs);
        assert!(xs.windows(2).all(|w| w[1] >= w[0] + MARK_GAP), "{xs:?}");
        assert_eq!(xs.last(), Some(&1000));
        assert_eq!(xs.first(), Some(&0));
    }

    #[test]
    fn close_numbers_take_other_rows() {
        assert_eq!(rows(&[0, 10, 20, 40, 500]), vec![0, 1, 2, 0, 0]);
        assert_eq!(rows(&[100, 300, 600]), vec![0, 0, 0]);
    }

    #[test]
    fn years_near_the_ends_stay_unlabelled() {
        let a = Axis {
            beginn: date!(2022 - 11 - 15),
            ende: date!(2025 - 01 - 20),
            ..axis()
        };
        let ys: Vec<(i32, bool)> = years(&a).iter().map(|y| (y.jahr, y.beschriftet)).collect();
        assert_eq!(ys, vec![(2023, false), (2024, true), (2025, false)]);
    }
}
