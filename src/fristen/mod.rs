//! The Stabsstelle's calendar: every Vorlage of the project not yet archived, by its next
//! Beratung with that Sitzung's Vorlagenschluss, and every report a resolution asks for
//! (`[auftrag] turnus` or `naechster`) that nobody has started yet.
//!
//! Pure over what it is given: the project's settings and reports, the archive's index and a
//! `stichtag` ("today", always passed in). The list is sorted by its deadline, so what is
//! overdue comes first; `zustand` is the one function that says where an entry stands.
//! `ics` writes the same list as an iCalendar file.

pub mod ics;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use time::{Date, Month};

use crate::archive::Eintrag as Archiviert;
use crate::paths::Canonical;
use crate::project::{Gremium, Settings, Uhrzeit};
use crate::report::load::Loaded;
use crate::report::model::Report;

/// What an entry of the list is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Art {
    /// A Vorlage of the project, not archived.
    Vorlage {
        /// Its date (`kopf.datum`); `None` when the file cannot be read.
        datum: Option<Date>,
        /// Its Vorlagen-Nr., if it has one.
        nummer: Option<String>,
        /// Whether it is released (`sachstand freigabe`, content unchanged since).
        freigegeben: bool,
    },
    /// The next report a resolution asks for, not yet started.
    Bericht {
        /// The day from which it is due (before the Sitzung it belongs to).
        faellig_ab: Date,
    },
}

/// A Sitzung an entry belongs to, as the register knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitzungRef {
    /// The Gremium's key (`sbk`).
    pub key: String,
    /// Its full name.
    pub name: String,
    /// Its short name, else the full name.
    pub kurz: String,
    /// The day.
    pub termin: Date,
    /// When it begins, if known.
    pub beginn: Option<Uhrzeit>,
    /// Where, if known.
    pub ort: Option<String>,
    /// Its Vorlagenschluss, if the register sets one.
    pub vorlagenschluss: Option<Date>,
    /// Its Ladungsfrist, if the register sets one.
    pub ladungsfrist: Option<Date>,
}

/// Where an entry stands on the Stichtag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Zustand {
    /// The Vorlagenschluss (or, without one, the Sitzung) has passed.
    Ueberfaellig,
    /// The Vorlage is dated after the Vorlagenschluss of its Sitzung.
    Verspaetet,
    /// A report a resolution asks for is due and not yet started.
    Faellig,
    /// In time.
    Offen,
    /// No Sitzung to go to (no Beratungsfolge, or the Gremium has none listed).
    OhneSitzung,
}

impl Zustand {
    /// The stable name (`--format json`).
    pub fn key(self) -> &'static str {
        match self {
            Zustand::Ueberfaellig => "ueberfaellig",
            Zustand::Verspaetet => "verspaetet",
            Zustand::Faellig => "faellig",
            Zustand::Offen => "offen",
            Zustand::OhneSitzung => "ohne_sitzung",
        }
    }

    /// As printed.
    pub fn label(self) -> &'static str {
        match self {
            Zustand::Ueberfaellig => "überfällig",
            Zustand::Verspaetet => "verspätet",
            Zustand::Faellig => "fällig",
            Zustand::Offen => "offen",
            Zustand::OhneSitzung => "ohne Sitzung",
        }
    }
}

/// One entry of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eintrag {
    /// Vorlage or report due.
    pub art: Art,
    /// The report file (for a report due: the report it follows).
    pub datei: PathBuf,
    /// What it is about (the Betreff, or how it is made).
    pub betreff: String,
    /// The Sitzung it goes to next, if any.
    pub sitzung: Option<SitzungRef>,
    /// Where it stands.
    pub zustand: Zustand,
}

impl Eintrag {
    /// The day the entry must be done by: the Vorlagenschluss, else the Sitzung, else for a
    /// report due the day it is due.
    pub fn frist(&self) -> Option<Date> {
        let sitzung = self
            .sitzung
            .as_ref()
            .map(|s| s.vorlagenschluss.unwrap_or(s.termin));
        match (&self.art, sitzung) {
            (_, Some(day)) => Some(day),
            (Art::Bericht { faellig_ab }, None) => Some(*faellig_ab),
            (Art::Vorlage { .. }, None) => None,
        }
    }

    /// Days from `stichtag` to the deadline (negative: passed).
    pub fn tage(&self, stichtag: Date) -> Option<i64> {
        self.frist().map(|f| (f - stichtag).whole_days())
    }
}

/// Where an entry stands on `stichtag`: a report due and not started is `Faellig` until its
/// deadline passes; a Vorlage dated after its Vorlagenschluss is `Verspaetet`.
pub fn zustand(eintrag: &Eintrag, stichtag: Date) -> Zustand {
    let Some(frist) = eintrag.frist() else {
        return Zustand::OhneSitzung;
    };
    if frist < stichtag {
        return Zustand::Ueberfaellig;
    }
    match &eintrag.art {
        Art::Bericht { .. } => Zustand::Faellig,
        Art::Vorlage { datum, .. } => {
            let schluss = eintrag.sitzung.as_ref().and_then(|s| s.vorlagenschluss);
            match (datum, schluss) {
                (Some(d), Some(s)) if *d > s => Zustand::Verspaetet,
                _ => Zustand::Offen,
            }
        }
    }
}

/// One report of the project as read: its file, and its data when it could be read (with the
/// project's settings applied).
pub struct Gelesen<'a> {
    /// The file as shown.
    pub datei: &'a Path,
    /// The report.
    pub loaded: Option<&'a Loaded<Report>>,
}

/// The list on `stichtag`: the Vorlagen of `reports` that `archived` does not hold, and the
/// reports due from every report (archived or not) that no other report continues.
pub fn list(
    settings: &Settings,
    reports: &[Gelesen<'_>],
    archived: &[Archiviert],
    stichtag: Date,
) -> Vec<Eintrag> {
    let continued: HashSet<PathBuf> = reports
        .iter()
        .filter_map(|r| r.loaded)
        .filter_map(|l| {
            let rel = l.data.vorheriger.as_ref()?;
            l.path.parent()?.join(rel).canonical().ok()
        })
        .collect();
    let mut out = Vec::new();
    for r in reports {
        if crate::archive::state_of(archived, r.datei).is_none() {
            out.push(vorlage(settings, r, stichtag));
        }
        let real = r
            .datei
            .canonical()
            .unwrap_or_else(|_| r.datei.to_path_buf());
        if let Some(l) = r.loaded
            && !continued.contains(&real)
            && let Some(due) = bericht(settings, r.datei, &l.data)
        {
            out.push(due);
        }
    }
    for e in &mut out {
        e.zustand = zustand(e, stichtag);
    }
    out.sort_by(|a, b| {
        let key = |e: &Eintrag| (e.frist().is_none(), e.frist(), e.datei.clone());
        key(a).cmp(&key(b))
    });
    out
}

/// `list` without the Vorlagen whose last Beratung has a recorded result (`sachstand
/// ergebnis`): a paper decided is no deadline any more, even when a copy of it under the same
/// Vorlagen-Nr. is not archived. Reporting duties stay.
pub fn without_decided(
    settings: &Settings,
    list: Vec<Eintrag>,
    reports: &[Gelesen<'_>],
    results: &[crate::archive::Ergebnis],
) -> Vec<Eintrag> {
    let same = |a: &str, b: &str| {
        a == b
            || settings
                .gremium_named(a)
                .zip(settings.gremium_named(b))
                .is_some_and(|(x, y)| x.key == y.key)
    };
    let decided = |e: &Eintrag| {
        let Art::Vorlage {
            nummer: Some(nummer),
            ..
        } = &e.art
        else {
            return false;
        };
        let last = reports
            .iter()
            .filter(|r| r.datei == e.datei)
            .find_map(|r| r.loaded?.data.beratungsfolge.last());
        last.is_some_and(|b| {
            let termin = crate::german::date_iso(b.termin.0);
            results.iter().any(|r| {
                &r.ergebnis_zu == nummer && r.termin == termin && same(&r.gremium, &b.gremium)
            })
        })
    };
    list.into_iter().filter(|e| !decided(e)).collect()
}

/// The Betreff as the list shows it: the report's own, or how its template makes it.
fn betreff(report: &Report) -> String {
    if let Some(b) = report
        .kopf
        .betreff
        .as_deref()
        .filter(|b| !b.trim().is_empty())
    {
        return b.to_owned();
    }
    match &report.projekt {
        Some(p) => format!("Sachstandsbericht {}", p.titel.satzteil().zu),
        None => crate::german::capitalise(&report.vorlage),
    }
}

/// Whether the report is released, its attached files included.
fn released(loaded: &Loaded<Report>) -> bool {
    let root = crate::project::files::root_of_file(&loaded.path)
        .unwrap_or_else(|| loaded.path.parent().unwrap_or(Path::new(".")).to_path_buf());
    let (files, _) = crate::project::anlage::read_all(loaded, &root);
    let digests = crate::project::anlage::digests(&files);
    !crate::report::freigabe::stand(loaded, &digests).is_draft()
}

/// The Vorlage `r` by its next Beratung on or after `stichtag` (else its last one).
fn vorlage(settings: &Settings, r: &Gelesen<'_>, stichtag: Date) -> Eintrag {
    let Some(loaded) = r.loaded else {
        return Eintrag {
            art: Art::Vorlage {
                datum: None,
                nummer: None,
                freigegeben: false,
            },
            datei: r.datei.to_path_buf(),
            betreff: "(nicht lesbar: die Prüfung nennt den Fehler)".to_owned(),
            sitzung: None,
            zustand: Zustand::OhneSitzung,
        };
    };
    let report = &loaded.data;
    let beratung = report
        .beratungsfolge
        .iter()
        .find(|b| b.termin.0 >= stichtag)
        .or(report.beratungsfolge.last());
    Eintrag {
        art: Art::Vorlage {
            datum: Some(report.kopf.datum.0),
            nummer: report.kopf.nummer.clone(),
            freigegeben: released(loaded),
        },
        datei: r.datei.to_path_buf(),
        betreff: betreff(report),
        sitzung: beratung.and_then(|b| sitzung(settings, &b.gremium, b.termin.0)),
        zustand: Zustand::Offen,
    }
}

/// The Sitzung of the Gremium `name` on `termin`, with its deadlines.
fn sitzung(settings: &Settings, name: &str, termin: Date) -> Option<SitzungRef> {
    let g = settings.gremium_named(name)?;
    Some(sitzung_of(g, termin))
}

fn sitzung_of(g: &Gremium, termin: Date) -> SitzungRef {
    SitzungRef {
        key: g.key.clone(),
        name: g.name.clone(),
        kurz: g.kurz.clone().unwrap_or_else(|| g.name.clone()),
        termin,
        beginn: g.beginn_am(termin).cloned(),
        ort: g.ort_am(termin).map(str::to_owned),
        vorlagenschluss: g.vorlagenschluss_am(termin).map(|(d, _)| d),
        ladungsfrist: g.ladungsfrist_am(termin).map(|(d, _)| d),
    }
}

/// The next report `report` (at `datei`) owes under its `[auftrag]`, if it owes one: due
/// `naechster`, else one `turnus` after its own Beratung in the reporting Gremium (or its
/// date), in the first Sitzung of that Gremium on or after that day.
fn bericht(settings: &Settings, datei: &Path, report: &Report) -> Option<Eintrag> {
    let auftrag = report.auftrag.as_ref()?;
    let name = auftrag
        .berichtsgremium
        .as_deref()
        .unwrap_or(&auftrag.gremium);
    let gremium = settings.gremium_named(name);
    let faellig_ab = match (auftrag.naechster, auftrag.turnus) {
        (Some(d), _) => d.0,
        (None, Some(turnus)) => {
            let own = report
                .beratungsfolge
                .iter()
                .find(|b| {
                    let other = settings.gremium_named(&b.gremium).map(|o| &o.key);
                    gremium.is_some_and(|g| other == Some(&g.key))
                })
                .map_or(report.kopf.datum.0, |b| b.termin.0);
            add_months(own, turnus.months())?
        }
        (None, None) => return None,
    };
    let sitzung = gremium.and_then(|g| g.sitzung_ab(faellig_ab).map(|t| sitzung_of(g, t)));
    Some(Eintrag {
        art: Art::Bericht { faellig_ab },
        datei: datei.to_path_buf(),
        betreff: betreff(report),
        sitzung,
        zustand: Zustand::Faellig,
    })
}

/// The day in Berlin at the instant `now` (the CLI reads the clock and passes it in).
pub fn day_in_berlin(now: time::OffsetDateTime) -> Date {
    crate::berlin::in_berlin(now).date()
}

/// `day` plus `months` calendar months, on the same day of the month or the month's last.
pub fn add_months(day: Date, months: u8) -> Option<Date> {
    let index = i32::from(u8::from(day.month())) - 1 + i32::from(months);
    let year = day.year() + index.div_euclid(12);
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, day.day().min(last)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_are_added_to_the_calendar() {
        assert_eq!(
            add_months(date!(2022 - 12 - 16), 6),
            Some(date!(2023 - 06 - 16))
        );
        assert_eq!(
            add_months(date!(2023 - 08 - 31), 6),
            Some(date!(2024 - 02 - 29))
        );
        assert_eq!(
            add_months(date!(2023 - 11 - 30), 3),
            Some(date!(2024 - 02 - 29))
        );
        assert_eq!(
            add_months(date!(2023 - 01 - 15), 12),
            Some(date!(2024 - 01 - 15))
        );
    }

    fn entry(art: Art, schluss: Option<Date>, termin: Date) -> Eintrag {
        Eintrag {
            art,
            datei: PathBuf::from("x.toml"),
            betreff: String::new(),
            sitzung: Some(SitzungRef {
                key: "sbk".into(),
                name: "SBK".into(),
                kurz: "SBK".into(),
                termin,
                beginn: None,
                ort: None,
                vorlagenschluss: schluss,
                ladungsfrist: None,
            }),
            zustand: Zustand::Offen,
        }
    }

    #[test]
    fn where_an_entry_stands() {
        let vorlage = |datum| Art::Vorlage {
            datum: Some(datum),
            nummer: None,
            freigegeben: false,
        };
        let termin = date!(2023 - 05 - 25);
        let schluss = Some(date!(2023 - 05 - 12));
        let stichtag = date!(2023 - 05 - 02);
        let e = entry(vorlage(date!(2023 - 05 - 10)), schluss, termin);
        assert_eq!(zustand(&e, stichtag), Zustand::Offen);
        assert_eq!(e.tage(stichtag), Some(10));
        let late = entry(vorlage(date!(2023 - 05 - 15)), schluss, termin);
        assert_eq!(zustand(&late, stichtag), Zustand::Verspaetet);
        assert_eq!(zustand(&e, date!(2023 - 05 - 13)), Zustand::Ueberfaellig);
        let no_rule = entry(vorlage(date!(2023 - 05 - 15)), None, termin);
        assert_eq!(no_rule.frist(), Some(termin));
        assert_eq!(zustand(&no_rule, stichtag), Zustand::Offen);
        let due = entry(
            Art::Bericht {
                faellig_ab: date!(2023 - 05 - 20),
            },
            schluss,
            termin,
        );
        assert_eq!(zustand(&due, stichtag), Zustand::Faellig);
    }
}
