//! Checking and tidying the archive: `verify` recomputes every checksum (PDFs, source copies,
//! attached files) and names each finding with the kind of remedy it needs; `tidy` sets aside what
//! dead runs left. Both return what they found or did; the CLI prints it.

use std::path::Path;

use crate::archive::file::THE_ARCHIVE;
use crate::archive::journal::{Eintrag, Journal, sha256_hex};
use crate::archive::recover;
use crate::error::Error;

/// A finding of `--verify` and the kind of remedy it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Remedy {
    /// Restore from the backup (the archive never changes a filed file).
    Restore,
    /// `archive` of the report adopts it, or `--aufraeumen` sets it aside.
    Adopt,
    /// `archive --aufraeumen` (or any next `archive`) removes it.
    Tidy,
    /// The next `archive` cuts it off.
    Torn,
}

impl Remedy {
    /// What the user does about findings of this kind.
    pub fn hint(self) -> &'static str {
        match self {
            Remedy::Restore => {
                "Geänderte, fehlende oder beschädigte Archivdateien stellen Sie aus der Datensicherung wieder her: sachstand ändert eine archivierte Datei nie. Eine beschädigte Indexzeile können Sie auch löschen; der nächste `sachstand archive` des Berichts übernimmt seine Dateien dann wieder."
            }
            Remedy::Adopt => {
                "Dateien ohne Eintrag im Index stammen meist von einem abgebrochenen Lauf: `sachstand archive BERICHT.toml` übernimmt sie, wenn der Bericht unverändert ist; `sachstand archive --aufraeumen` legt alle unter archiv/fundsachen/ ab (nichts wird gelöscht)."
            }
            Remedy::Tidy => {
                "Temporäre Dateien abgebrochener Läufe entfernt `sachstand archive --aufraeumen` (oder der nächste `sachstand archive`)."
            }
            Remedy::Torn => {
                "Die unvollständige letzte Zeile schneidet der nächste `sachstand archive` ab (oder `sachstand archive --aufraeumen`)."
            }
        }
    }
}

/// What `verify` found: each finding with its remedy, sorted, and how many files it checked.
#[derive(Debug)]
pub struct Verified {
    /// One line per finding, with the kind of remedy it needs.
    pub findings: Vec<(String, Remedy)>,
    /// Files whose checksum was recomputed.
    pub checked: usize,
}

/// Recomputes every checksum and lists broken index lines, missing, changed, unindexed and
/// temporary files, each with the command that fixes it. Linear in files and index lines.
pub fn verify(folder: &Path) -> Result<Verified, Error> {
    let _held = crate::lock::shared(folder, THE_ARCHIVE)?;
    let journal = Journal::open(folder)?;
    let mut findings = index_findings(&journal);
    let checked = check_sums(folder, &journal, &mut findings)?;
    findings.extend(leftover_findings(folder, &journal));
    findings.sort();
    Ok(Verified { findings, checked })
}

/// The index's broken lines and its torn last line.
fn index_findings(journal: &Journal) -> Vec<(String, Remedy)> {
    let mut findings: Vec<(String, Remedy)> = Vec::new();
    let index = crate::project::files::shown(journal.path());
    for line in &journal.broken {
        findings.push((
            format!("beschädigt: {} Zeile {line}", index.display()),
            Remedy::Restore,
        ));
    }
    if journal.torn > 0 {
        findings.push((
            format!(
                "unvollständig: die letzte Zeile von {} (ein Lauf wurde beim Schreiben abgebrochen)",
                index.display()
            ),
            Remedy::Torn,
        ));
    }
    findings
}

/// Recomputes the checksum of every file the index names into `findings`; returns how many
/// files it checked.
fn check_sums(
    folder: &Path,
    journal: &Journal,
    findings: &mut Vec<(String, Remedy)>,
) -> Result<usize, Error> {
    let sums = journal.entries.iter().flat_map(filed_sums).chain(
        journal
            .found
            .iter()
            .map(|f| (f.fundsache.as_str(), f.sha256.as_str(), String::new())),
    );
    let mut checked = 0;
    for (rel, sum, what) in sums {
        checked += 1;
        let path = folder.join(rel);
        // Shown without following links: the link itself is the finding.
        let shown = recover::shown(folder, rel);
        if crate::archive::reached_through_link(folder, rel) {
            findings.push((
                format!(
                    "Verweis statt Datei: {} (eine symbolische Verknüpfung ist keine abgelegte Datei)",
                    shown.display()
                ),
                Remedy::Restore,
            ));
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) if sha256_hex(&bytes) == sum => {}
            Ok(_) => findings.push((
                format!(
                    "verändert: {} ({what}die Prüfsumme stimmt nicht mehr mit dem Index überein)",
                    shown.display()
                ),
                Remedy::Restore,
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let what = what.trim_end_matches("; ");
                let what = if what.is_empty() {
                    String::new()
                } else {
                    format!(" ({what})")
                };
                findings.push((format!("fehlt: {}{what}", shown.display()), Remedy::Restore));
            }
            Err(e) => {
                return Err(Error::io(
                    "Eine Archivdatei kann nicht gelesen werden",
                    &path,
                    e,
                ));
            }
        }
    }
    Ok(checked)
}

/// Every file the version `entry` filed, with its SHA-256 and, for an attached file, what it
/// is (`Anlage 2 „Lageplan“ der Vorlage 2023/0031; `), which the findings name.
fn filed_sums(entry: &Eintrag) -> Vec<(&str, &str, String)> {
    let paper = entry.vorlagen_nr.as_deref().unwrap_or(&entry.basis);
    let mut sums = vec![
        (
            entry.datei.as_str(),
            entry.sha256_datei.as_str(),
            String::new(),
        ),
        (
            entry.quelle.as_str(),
            entry.sha256_quelle.as_str(),
            String::new(),
        ),
    ];
    sums.extend(entry.anlagen.iter().map(|a| {
        let what = format!("{} der Vorlage {paper}; ", a.shown());
        (a.datei.as_str(), a.sha256.as_str(), what)
    }));
    sums
}

/// The files in the archive no index line names, and the temporary files of dead runs.
fn leftover_findings(folder: &Path, journal: &Journal) -> Vec<(String, Remedy)> {
    let left = recover::leftovers(folder, journal);
    let mut findings: Vec<(String, Remedy)> = Vec::new();
    for rel in &left.unindexed {
        findings.push((
            format!("nicht im Index: {}", recover::shown(folder, rel).display()),
            Remedy::Adopt,
        ));
    }
    for rel in &left.temporary {
        findings.push((
            format!(
                "temporäre Datei eines abgebrochenen Laufs: {}",
                recover::shown(folder, rel).display()
            ),
            Remedy::Tidy,
        ));
    }
    findings
}

/// What `tidy` did.
#[derive(Debug)]
pub struct Tidied {
    /// Unindexed files set aside: from, to (relative to the archive).
    pub moved: Vec<(String, String)>,
    /// Temporary files removed.
    pub removed: usize,
    /// Whether a torn last index line was cut off.
    pub torn: bool,
}

/// `archive --aufraeumen`: under the lock, temporary files of dead runs removed, a torn last
/// index line cut off, every unindexed file set aside into `fundsachen/`.
pub fn tidy(folder: &Path) -> Result<Tidied, Error> {
    let _held = crate::lock::exclusive(folder, THE_ARCHIVE)?;
    let mut journal = Journal::open(folder)?;
    if let Some(line) = journal.broken.first() {
        return Err(Error::Usage(format!(
            "der Archivindex {} ist in Zeile {line} beschädigt; stellen Sie ihn aus der Datensicherung wieder her oder löschen Sie die Zeile, dann räumt `sachstand archive --aufraeumen` auf",
            crate::project::files::shown(journal.path()).display(),
        )));
    }
    let torn = journal.torn > 0;
    let (moved, removed) = recover::tidy(folder, &mut journal)?;
    if torn && journal.torn > 0 {
        journal.cut_torn()?;
    }
    Ok(Tidied {
        moved,
        removed,
        torn,
    })
}
