//! Withdrawing a paper (`archive --zurueckziehen NR --grund "…"`): one line appended to the
//! journal under the archive's lock, naming who withdrew it, when and why. Nothing filed is
//! touched (the PDF stays, `--verify` still passes); OParl shows the paper as deleted, the
//! Sitzungsmappe leaves it out, and `archive` refuses to file it again. A paper is withdrawn
//! once; a withdrawal is never taken back (the journal is append-only).

use std::path::{Path, PathBuf};

use serde::Serialize;

use time::OffsetDateTime;

use super::file::THE_ARCHIVE;
use super::journal::{Journal, Line, Rueckzug};
pub use super::journal::{shown_date, withdrawal_named, withdrawal_of};
use crate::error::Error;

/// What was withdrawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Withdrawn {
    /// The line appended to the index.
    pub rueckzug: Rueckzug,
    /// The Betreff of its latest version.
    pub betreff: String,
    /// Its latest PDF in the archive (it stays there).
    pub datei: PathBuf,
}

/// What the archive knows about withdrawing a report's archived Vorlage (the editor's page).
#[derive(Debug, Default, Serialize)]
pub struct WithdrawalState {
    /// What `--zurueckziehen` takes (the Vorlagen-Nr., or the archive's name of the paper);
    /// empty when nothing of the report is archived.
    pub nummer: String,
    /// When it was withdrawn (German date); empty when it was not.
    pub am: String,
    /// Why it was withdrawn.
    pub grund: String,
}

/// Whether the report at `file` is archived in the archive `folder`, and whether withdrawn.
pub fn withdrawal_state(folder: &Path, file: &Path) -> WithdrawalState {
    let Ok(Ok((entries, withdrawn))) = super::read_all(folder) else {
        return WithdrawalState::default();
    };
    let herkunft = super::guard::origin(file);
    let Some(latest) = entries
        .iter()
        .filter(|e| e.herkunft.as_deref() == Some(herkunft.as_str()))
        .max_by_key(|e| e.version)
    else {
        return WithdrawalState::default();
    };
    let nummer = latest
        .vorlagen_nr
        .clone()
        .unwrap_or_else(|| latest.basis.clone());
    match withdrawal_of(&withdrawn, latest) {
        Some(w) => WithdrawalState {
            nummer,
            am: shown_date(w),
            grund: w.grund.clone(),
        },
        None => WithdrawalState {
            nummer,
            ..WithdrawalState::default()
        },
    }
}

/// Withdraws the paper numbered `nummer` from the archive in `folder`: under the archive's
/// lock, one line recording `grund`, `von` and the time `at`. A usage error (in German, with
/// what to do) for an empty reason, a number the archive does not hold, or a paper withdrawn
/// before.
pub fn withdraw(
    folder: &Path,
    nummer: &str,
    grund: &str,
    von: &str,
    at: OffsetDateTime,
) -> Result<Withdrawn, Error> {
    let nummer = nummer.trim();
    let grund = grund.trim();
    if grund.is_empty() {
        return Err(Error::Usage(format!(
            "zum Zurückziehen der Vorlage {nummer} fehlt der Grund; nennen Sie ihn mit --grund \"…\" (er steht im Archivindex)"
        )));
    }
    let _held = crate::lock::exclusive(folder, THE_ARCHIVE)?;
    let mut journal = Journal::open_whole(folder)?;
    let latest = journal
        .latest(nummer)
        .cloned()
        .ok_or_else(|| unknown(&journal, nummer))?;
    if let Some(before) = withdrawal_of(&journal.withdrawn, &latest) {
        return Err(Error::Usage(format!(
            "die Vorlage {nummer} wurde schon am {} zurückgezogen (Grund: {}); eine Vorlage wird nur einmal zurückgezogen",
            shown_date(before),
            before.grund
        )));
    }
    let rueckzug = Rueckzug {
        zurueckgezogen: latest
            .vorlagen_nr
            .clone()
            .unwrap_or_else(|| nummer.to_owned()),
        basis: latest.basis.clone(),
        version: latest.version,
        grund: grund.to_owned(),
        von: von.to_owned(),
        am: crate::berlin::format(crate::berlin::in_berlin(at)),
    };
    journal.append(&Line::Rueckzug(rueckzug.clone()))?;
    Ok(Withdrawn {
        rueckzug,
        betreff: latest.betreff,
        datei: super::local(folder, &latest.datei),
    })
}

/// The error for a Vorlagen-Nr. the archive does not hold, with the nearest one it does.
fn unknown(journal: &Journal, nummer: &str) -> Error {
    let numbers: Vec<&str> = journal
        .entries
        .iter()
        .filter_map(|e| e.vorlagen_nr.as_deref())
        .collect();
    let hint = crate::diag::closest(nummer, numbers.iter().copied())
        .map(|n| format!(" Meinten Sie {n}?"))
        .unwrap_or_default();
    Error::Usage(format!(
        "im Archivordner {} gibt es keine Vorlage mit der Nr. {nummer}; zurückziehen lässt sich nur eine archivierte Vorlage.{hint}",
        crate::project::files::shown(folder_of(journal)).display()
    ))
}

/// The archive folder of `journal`.
fn folder_of(journal: &Journal) -> &Path {
    journal.path().parent().unwrap_or(Path::new("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rueckzug(nr: &str, basis: &str) -> Rueckzug {
        Rueckzug {
            zurueckgezogen: nr.into(),
            basis: basis.into(),
            version: 1,
            grund: "Test".into(),
            von: "test".into(),
            am: "2026-12-06T10:00:00+01:00".into(),
        }
    }

    #[test]
    fn a_withdrawal_line_reads_back_as_one_and_not_as_a_version() -> Result<(), serde_json::Error> {
        let line = Line::Rueckzug(rueckzug("2023-0112", "2023-0112"));
        let text = serde_json::to_string(&line)?;
        assert_eq!(serde_json::from_str::<Line>(&text)?, line);
        assert_eq!(
            shown_date(&rueckzug("1", "1")),
            "06.12.2026",
            "the date as Germans write it"
        );
        Ok(())
    }

    #[test]
    fn a_withdrawal_names_the_paper_by_number_or_identity() {
        let list = [rueckzug("2023-0112", "2023-0112")];
        assert!(withdrawal_named(&list, Some("2023-0112"), "x").is_some());
        assert!(withdrawal_named(&list, None, "2023-0112").is_some());
        assert!(withdrawal_named(&list, Some("2023-0113"), "2023-0113").is_none());
    }
}
