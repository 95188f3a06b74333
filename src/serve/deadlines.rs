//! The "Fristen" list on top of the editor's overview: the same list as `sachstand fristen`
//! (`crate::fristen::list`), with the check result of each Vorlage taken from the overview's
//! rows (the same pipeline as `check`).
//!
//! The Stichtag is `AppState::today`: the day in Berlin when the page is asked for (the
//! server may run over midnight), or the fixed day the CLI passes (`SACHSTAND_HEUTE`).

use serde::Serialize;
use time::Date;

use super::state::{AppState, Row};
use crate::fristen::{Art, Eintrag, Gelesen};
use crate::german::{count, date_short};

/// One line of the list as the page shows it.
#[derive(Debug, Serialize)]
pub(super) struct Frist {
    /// `ueberfaellig`, `verspaetet`, `faellig`, `offen`, `ohne_sitzung`.
    zustand: &'static str,
    /// The same as shown (`überfällig`).
    zustand_text: &'static str,
    /// The report's path in the project.
    pfad: String,
    /// The Betreff.
    betreff: String,
    /// `SBK am 25.05.2023` or "—".
    sitzung: String,
    /// The deadline (`15.05.2023`) or "—".
    frist: String,
    /// `in 10 Tagen`, `heute`, `vor 4 Tagen`, or "".
    tage: String,
    /// Whether it is a report due that nobody has started yet.
    faellig: bool,
    /// `Entwurf` or `freigegeben` (Vorlagen).
    stand: String,
    /// `ohne Befund`, `2 Warnungen`, `1 Fehler` (Vorlagen).
    pruefung: String,
}

/// The list of the project on `stichtag`; empty when the project's settings cannot be read
/// (the overview's rows name the problem).
pub(super) fn list(
    state: &AppState,
    archived: &[crate::archive::Eintrag],
    rows: &[Row],
    stichtag: Date,
) -> Vec<Frist> {
    let settings_file = state.root.join(crate::project::FILE_NAME);
    let Ok(Ok(project)) = crate::project::find(&settings_file) else {
        return Vec::new();
    };
    let settings = project.settings();
    let files = state.reports();
    let loaded: Vec<_> = files
        .iter()
        .map(|f| {
            crate::project::load_report(f)
                .ok()
                .and_then(|(loaded, _)| loaded)
        })
        .collect();
    let gelesen: Vec<Gelesen<'_>> = files
        .iter()
        .zip(&loaded)
        .map(|(datei, loaded)| Gelesen {
            datei,
            loaded: loaded.as_ref(),
        })
        .collect();
    crate::fristen::list(&settings, &gelesen, archived, stichtag)
        .iter()
        .map(|e| shown(state, e, rows, stichtag))
        .collect()
}

/// An entry as the page shows it.
fn shown(state: &AppState, e: &Eintrag, rows: &[Row], stichtag: Date) -> Frist {
    let pfad = state.relative(&e.datei);
    let sitzung = e.sitzung.as_ref().map_or_else(
        || "—".to_owned(),
        |s| format!("{} am {}", s.kurz, date_short(s.termin)),
    );
    let (stand, pruefung) = match &e.art {
        Art::Vorlage { freigegeben, .. } => {
            let stand = if *freigegeben {
                "freigegeben"
            } else {
                "Entwurf"
            };
            let pruefung = rows
                .iter()
                .find(|r| r.pfad == pfad)
                .map(|r| pruefung(r.fehler, r.warnungen))
                .unwrap_or_default();
            (stand.to_owned(), pruefung)
        }
        Art::Bericht { .. } => (String::new(), String::new()),
    };
    Frist {
        zustand: e.zustand.key(),
        zustand_text: e.zustand.label(),
        betreff: e.betreff.clone(),
        sitzung,
        frist: e.frist().map_or_else(|| "—".to_owned(), date_short),
        tage: e.tage(stichtag).map(days).unwrap_or_default(),
        faellig: matches!(e.art, Art::Bericht { .. }),
        stand,
        pruefung,
        pfad,
    }
}

/// `ohne Befund`, `2 Warnungen`, `1 Fehler, 1 Warnung`.
fn pruefung(fehler: usize, warnungen: usize) -> String {
    match (fehler, warnungen) {
        (0, 0) => "ohne Befund".to_owned(),
        (0, w) => count(w, "Warnung", "Warnungen"),
        (f, 0) => count(f, "Fehler", "Fehler"),
        (f, w) => format!(
            "{}, {}",
            count(f, "Fehler", "Fehler"),
            count(w, "Warnung", "Warnungen")
        ),
    }
}

/// `in 10 Tagen`, `heute`, `vor 4 Tagen`.
fn days(n: i64) -> String {
    match n {
        0 => "heute".to_owned(),
        1 => "morgen".to_owned(),
        -1 => "gestern".to_owned(),
        n if n > 0 => format!("in {n} Tagen"),
        n => format!("vor {} Tagen", -n),
    }
}
