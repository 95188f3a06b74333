//! `sachstand archive`: an immutable store of issued Vorlagen, `--verify` to check it and
//! `--aufraeumen` to tidy it after runs that died.
//!
//! Each report is rendered as PDF/A-2a + PDF/UA-1 (on every core), then filed under
//! `archiv/<jahr>/` with a copy of its TOML source, one report after another, each under the
//! archive's lock (`crate::lock`): the journal `archiv/index.jsonl` is read up to its end, the
//! files are written (never over an existing file) and one line is appended (`archive::journal`).
//! Nothing is ever overwritten: a changed report becomes a new version and needs a reason.
//! A run killed at any moment leaves at worst temporary files and files without an index
//! line; the next run removes the first and adopts or sets aside the second (`archive::recover`).

use std::path::{Path, PathBuf};

use crate::german::date_iso;
use typst_pdf::PdfStandard;

use crate::app::{Exit, Settings};
use crate::archive::journal::{Eintrag, Journal, Line, Sitzung, sha256_hex};
use crate::archive::recover::{self, Found, OLD_OPARL};
use crate::batch::{self, Printed};
use crate::error::Error;
use crate::output::{sync_folder, write_new};
use crate::pdf::standard_name;
use crate::pipeline::{Outcome, process};
use crate::project;
use crate::render::Renderer;

/// The standards every archived PDF meets.
pub const ARCHIVAL: [PdfStandard; 2] = [PdfStandard::A_2a, PdfStandard::Ua_1];

/// What the lock messages call the archive.
const THE_ARCHIVE: &str = "das Archiv";

/// Settings of `archive`, checked.
#[derive(Debug)]
pub struct ArchiveSettings {
    /// Reports to archive.
    pub files: Vec<PathBuf>,
    /// Why a changed report gets a new version.
    pub grund: Option<String>,
    /// Verify instead of archiving.
    pub verify: bool,
    /// Tidy up after runs that died instead of archiving.
    pub tidy: bool,
    /// The archive folder, if not `archiv/` in the project.
    pub folder: Option<PathBuf>,
    /// Workers compiling at once (`--jobs`; `None`: one per core); filing is always in the
    /// order given.
    pub jobs: Option<usize>,
}

/// Runs `archive`, `archive --verify` or `archive --aufraeumen`.
pub fn run(settings: &Settings, archive: &ArchiveSettings) -> Result<Exit, Error> {
    if archive.verify || archive.tidy {
        let folder = existing_archive(archive.folder.as_deref())?;
        return if archive.verify {
            verify(&folder)
        } else {
            tidy(&folder)
        };
    }
    let renderer = Renderer::new(settings.templates.clone());
    let folder_of = |file: &PathBuf| -> Result<PathBuf, Error> {
        Ok(match &archive.folder {
            Some(f) => f.clone(),
            None => project_folder(file)?.join(crate::project_files::ARCHIVE),
        })
    };
    // Compiling runs on every core; filing runs in the order the reports were named, each
    // report under the archive's lock with the journal read up to its end.
    let mut archives: Vec<Archive> = Vec::new();
    let failed = batch::run_then(
        &archive.files,
        archive.jobs,
        false,
        |file| {
            let folder = folder_of(file)?;
            let outcome = process(file, &renderer, None, Some(&ARCHIVAL))?;
            Ok((folder, outcome))
        },
        |file, (folder, outcome)| {
            let at = match archives.iter().position(|a| a.folder == folder) {
                Some(at) => at,
                None => {
                    archives.push(Archive::open(&folder)?);
                    archives.len() - 1
                }
            };
            let target = &mut archives[at];
            let result = target.file(file, &outcome, archive.grund.as_deref(), None)?;
            let mut out = printed(settings, file, &outcome.diagnostics, result);
            out.stderr.insert_str(0, &target.take_notes());
            Ok(out)
        },
    )?;
    for archive in &archives {
        note_stale_oparl(&archive.folder);
    }
    Ok(if failed {
        Exit::InputError
    } else {
        Exit::Success
    })
}

/// The archive folder `--verify` and `--aufraeumen` work on: `--archiv`, or the project's.
fn existing_archive(named: Option<&Path>) -> Result<PathBuf, Error> {
    let folder = match named {
        Some(f) => f.to_path_buf(),
        None => crate::project_files::root_from_cwd()
            .ok_or_else(|| {
                Error::Usage(
                    "kein Archiv gefunden: in diesem Ordner und darüber gibt es kein sachstand.toml; nennen Sie den Archivordner mit --archiv ORDNER".into(),
                )
            })?
            .join(crate::project_files::ARCHIVE),
    };
    // Only an archive: `--aufraeumen` of another folder would move every file in it. The
    // project's own `archiv/` is one even when its index was lost; a folder named with
    // `--archiv` must show it is one by its index.
    let is_archive = if named.is_some() {
        folder.join(crate::archive::INDEX).is_file()
    } else {
        folder.is_dir()
    };
    if !is_archive {
        return Err(Error::Usage(format!(
            "kein Archiv gefunden: in {} gibt es kein {}; legen Sie zuerst mit `sachstand archive BERICHT.toml` etwas ab oder nennen Sie den Archivordner mit --archiv ORDNER",
            crate::shell::quote(&crate::project_files::shown(&folder)),
            crate::archive::INDEX
        )));
    }
    Ok(folder)
}

/// One archive folder during a run: its journal, read on from where the last report left it.
pub struct Archive {
    folder: PathBuf,
    journal: Journal,
    /// Whether this run has removed the temporary files dead runs left.
    swept: bool,
    /// Warnings and notes for the user, printed with the next report's output.
    notes: Vec<String>,
}

impl Archive {
    /// The archive in `folder` (made when missing).
    pub fn open(folder: &Path) -> Result<Self, Error> {
        std::fs::create_dir_all(folder)
            .map_err(|e| Error::io("Der Archivordner kann nicht angelegt werden", folder, e))?;
        Ok(Archive {
            folder: folder.to_path_buf(),
            journal: Journal::open(folder)?,
            swept: false,
            notes: Vec::new(),
        })
    }

    /// The notes gathered since the last call, one per line.
    pub fn take_notes(&mut self) -> String {
        self.notes.drain(..).map(|n| n + "\n").collect()
    }

    /// Files the compiled report `file` under the archive's lock. `expected`: the SHA-256 of
    /// the source the user saw (the editor's confirmation page); when the compiled source
    /// differs, nothing is filed.
    pub fn file(
        &mut self,
        file: &Path,
        outcome: &Outcome,
        grund: Option<&str>,
        expected: Option<&str>,
    ) -> Result<ArchiveResult, Error> {
        let (Some(compiled), Some(loaded), false) =
            (&outcome.compiled, &outcome.loaded, outcome.has_errors())
        else {
            return Ok(ArchiveResult::HasErrors);
        };
        let source = loaded.source.text.as_bytes();
        if expected.is_some_and(|seen| seen != sha256_hex(source)) {
            return Ok(ArchiveResult::Changed);
        }
        let _held = crate::lock::exclusive(&self.folder, THE_ARCHIVE)?;
        self.journal.refresh()?;
        if let Some(line) = self.journal.broken.first() {
            return Err(Error::Usage(format!(
                "der Archivindex {} ist in Zeile {line} beschädigt; prüfen Sie ihn mit `sachstand archive --verify`",
                crate::project_files::shown(self.journal.path()).display(),
            )));
        }
        if let Some(warning) = self.journal.torn_warning() {
            self.notes.push(warning);
        }
        if !self.swept {
            let left = recover::leftovers(&self.folder, &self.journal);
            let removed = recover::remove_temporaries(&self.folder, &left)?;
            if removed > 0 {
                self.notes.push(format!(
                    "hinweis: {} abgebrochener Läufe im Archiv entfernt",
                    crate::german::count(removed, "temporäre Datei", "temporäre Dateien")
                ));
            }
            self.swept = true;
        }
        let filing = Filing {
            file,
            source,
            pdf: &compiled.pdf,
            betreff: compiled.title.as_deref().unwrap_or_default(),
            report: &loaded.data,
            stem: loaded.stem(),
        };
        filing.into(&self.folder, &mut self.journal, grund, &mut self.notes)
    }
}

/// Points at `sachstand oparl` when an older version left an `oparl.json` in the archive: it
/// is no longer updated, and its ids differ from the endpoint's. The file stays (it is the
/// user's); `--verify` still knows it.
fn note_stale_oparl(folder: &Path) {
    let stale = folder.join(OLD_OPARL);
    if stale.is_file() {
        eprintln!(
            "hinweis: {} wird nicht mehr fortgeschrieben und nennt andere Ids als die OParl-Schnittstelle; `sachstand oparl --ausgabe ORDNER` schreibt die Schnittstelle vollständig, `sachstand oparl --serve` stellt sie bereit. Die Datei kann gelöscht werden.",
            stale.display()
        );
    }
}

/// The project root of the report at `path`.
fn project_folder(path: &Path) -> Result<PathBuf, Error> {
    Ok(match project::find(path)? {
        Ok(project) => project.root,
        Err(_) => path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
    })
}

/// What came of archiving one report.
#[derive(Debug)]
pub struct Archived {
    /// Every problem the pipeline found (warnings also when it was archived).
    pub diagnostics: Vec<crate::diag::Diagnostic>,
    /// What happened.
    pub result: ArchiveResult,
    /// Notes on the archive itself (a torn index line, files of dead runs taken up).
    pub notes: String,
}

/// The result of archiving one report.
#[derive(Debug, Clone, PartialEq)]
pub enum ArchiveResult {
    /// Filed as `version`; `datei` is the PDF in the archive folder.
    Filed {
        /// The archived PDF.
        datei: PathBuf,
        /// Version, from 1.
        version: u32,
        /// The Vorlagen-Nr., if the report has one.
        vorlagen_nr: Option<String>,
    },
    /// This exact source is archived already.
    Already {
        /// The archived PDF.
        datei: PathBuf,
        /// Its version.
        version: u32,
    },
    /// The report has errors (in `diagnostics`); nothing was written.
    HasErrors,
    /// The Vorlagen-Nr. belongs to another archived Vorlage; nothing was written.
    Refused {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hints: Vec<String>,
    },
    /// Archived before as `version` and changed since: a new version needs a Grund.
    NeedsGrund {
        /// The latest archived version.
        version: u32,
    },
    /// The file is no longer the state the user confirmed; nothing was written.
    Changed,
}

/// Archives `file` into its project's `archiv/` as `sachstand archive FILE [--grund]` does;
/// `expected`: the SHA-256 of the state the user confirmed, if any.
pub fn archive_in_project(
    settings: &Settings,
    file: &Path,
    grund: Option<&str>,
    expected: Option<&str>,
) -> Result<Archived, Error> {
    let renderer = Renderer::new(settings.templates.clone());
    let folder = project_folder(file)?.join(crate::project_files::ARCHIVE);
    let outcome = process(file, &renderer, None, Some(&ARCHIVAL))?;
    let mut archive = Archive::open(&folder)?;
    let result = archive.file(file, &outcome, grund, expected)?;
    Ok(Archived {
        diagnostics: outcome.diagnostics,
        result,
        notes: archive.take_notes(),
    })
}

/// What `sachstand archive` prints for one report.
fn printed(
    settings: &Settings,
    file: &Path,
    diagnostics: &[crate::diag::Diagnostic],
    result: ArchiveResult,
) -> Printed {
    let mut printed = Printed::default();
    for diag in diagnostics {
        printed.stderr.push_str(&diag.render(settings.color));
    }
    match result {
        ArchiveResult::Filed { datei, version, .. } => {
            printed.stdout = format!("Archiviert: {} (Version {version})\n", datei.display());
        }
        ArchiveResult::Already { datei, version } => {
            printed.stdout = format!(
                "Bereits archiviert: {} (Version {version})\n",
                datei.display()
            );
        }
        ArchiveResult::HasErrors => {
            printed.stderr.push_str(&format!(
                "Nicht archiviert: {} – bitte die Fehler oben beheben.\n",
                file.display()
            ));
            printed.failed = true;
        }
        ArchiveResult::Refused { message, hints } => {
            printed
                .stderr
                .push_str(&format!("fehler: {message} – nicht archiviert.\n"));
            for hint in hints {
                printed.stderr.push_str(&format!("  = hilfe: {hint}\n"));
            }
            printed.failed = true;
        }
        ArchiveResult::NeedsGrund { version } => {
            printed.stderr.push_str(&format!(
                "fehler: {} wurde als Version {version} archiviert und hat sich seither geändert.\n  = hilfe: eine neue Version braucht einen Grund: sachstand archive {} --grund \"…\"\n",
                file.display(),
                crate::shell::quote(file)
            ));
            printed.failed = true;
        }
        ArchiveResult::Changed => {
            printed.stderr.push_str(&format!(
                "fehler: {} hat sich während des Archivierens geändert – nicht archiviert.\n",
                file.display()
            ));
            printed.failed = true;
        }
    }
    printed
}

/// One compiled report on its way into the archive.
struct Filing<'a> {
    file: &'a Path,
    /// The source exactly as compiled.
    source: &'a [u8],
    pdf: &'a [u8],
    betreff: &'a str,
    report: &'a crate::model::Report,
    stem: String,
}

impl Filing<'_> {
    /// The Vorlage's identity across versions: its Vorlagen-Nr., or date and file name.
    fn basis(&self) -> String {
        match &self.report.kopf.nummer {
            Some(nummer) => nummer.replace(['/', '\\', ' '], "-"),
            // File names like `2022-11-integrationsstrategie` already carry the date.
            None if self
                .stem
                .get(..7)
                .is_some_and(|p| p.chars().filter(char::is_ascii_digit).count() == 6) =>
            {
                self.stem.clone()
            }
            None => format!("{}-{}", date_iso(self.report.kopf.datum.0), self.stem),
        }
    }

    /// Files the report into the archive at `folder` whose journal is `journal` (read to its
    /// end, under the lock): PDF and source under `<jahr>/`, then one line appended. A file
    /// already at one of the two places that no index line names was left by a run that died:
    /// when it holds exactly the bytes to be written it is taken as written; otherwise it is
    /// set aside into `fundsachen/` first.
    fn into(
        self,
        folder: &Path,
        journal: &mut Journal,
        grund: Option<&str>,
        notes: &mut Vec<String>,
    ) -> Result<ArchiveResult, Error> {
        let report = self.report;
        let sha_source = sha256_hex(self.source);
        let basis = self.basis();
        let herkunft = crate::archive::guard::origin(self.file);
        if let Some(nummer) = &report.kopf.nummer
            && let Some(refusal) = crate::archive::guard::refusal(
                &journal.entries,
                nummer,
                &report.vorlage,
                self.betreff,
                &herkunft,
            )
        {
            return Ok(ArchiveResult::Refused {
                message: refusal.message,
                hints: refusal.hints,
            });
        }
        let latest = journal
            .entries
            .iter()
            .filter(|e| e.basis == basis)
            .max_by_key(|e| e.version);
        let version = match latest {
            Some(latest) if latest.sha256_quelle == sha_source => {
                return Ok(ArchiveResult::Already {
                    datei: folder.join(&latest.datei),
                    version: latest.version,
                });
            }
            Some(latest) if grund.is_none() => {
                return Ok(ArchiveResult::NeedsGrund {
                    version: latest.version,
                });
            }
            Some(latest) => latest.version + 1,
            None => 1,
        };
        let year = report.kopf.datum.0.year();
        let name = if version == 1 {
            basis.clone()
        } else {
            format!("{basis}-v{version}")
        };
        let datei = format!("{year}/{name}.pdf");
        let quelle = format!("{year}/{name}.toml");
        let dir = folder.join(year.to_string());
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io("Der Archivordner kann nicht angelegt werden", &dir, e))?;
        for (rel, bytes) in [(&datei, self.pdf), (&quelle, self.source)] {
            let path = folder.join(rel);
            if journal.names(rel) {
                return Err(Error::Usage(format!(
                    "{} gehört schon zu einem anderen Eintrag des Archivindex; sachstand überschreibt keine archivierte Datei. Prüfen Sie das Archiv mit `sachstand archive --verify`",
                    crate::project_files::shown(&path).display()
                )));
            }
            match recover::compare(&path, bytes)? {
                Found::Same => notes.push(format!(
                    "hinweis: {} lag schon vollständig im Archiv (ein früherer Lauf wurde abgebrochen) und wird übernommen",
                    crate::project_files::shown(&path).display()
                )),
                Found::Other => {
                    let moved = recover::set_aside(
                        folder,
                        journal,
                        rel,
                        &format!("lag ohne Eintrag im Index dort, wo {herkunft} als Version {version} abgelegt wird"),
                    )?;
                    notes.push(format!(
                        "hinweis: {} stand ohne Eintrag im Index im Weg und liegt jetzt unter {}",
                        crate::project_files::shown(&path).display(),
                        crate::project_files::shown(&folder.join(moved)).display()
                    ));
                    write_new(&path, bytes)?;
                }
                Found::Free => write_new(&path, bytes)?,
            }
        }
        sync_folder(&dir)?;
        journal.append(&Line::Eintrag(Box::new(Eintrag {
            basis,
            version,
            grund: if version > 1 {
                grund.map(str::to_owned)
            } else {
                None
            },
            sha256_datei: sha256_hex(self.pdf),
            datei: datei.clone(),
            sha256_quelle: sha_source,
            quelle,
            vorlagen_nr: report.kopf.nummer.clone(),
            vorlage: report.vorlage.clone(),
            betreff: self.betreff.to_owned(),
            datum: date_iso(report.kopf.datum.0),
            beratungsfolge: report
                .beratungsfolge
                .iter()
                .map(|b| Sitzung {
                    gremium: b.gremium.clone(),
                    termin: date_iso(b.termin.0),
                })
                .collect(),
            standard: ARCHIVAL.iter().map(|s| standard_name(*s)).collect(),
            werkzeug: format!("sachstand {}", env!("CARGO_PKG_VERSION")),
            herkunft: Some(herkunft),
            archiviert: Some(crate::oparl::berlin::format(
                crate::oparl::berlin::in_berlin(time::OffsetDateTime::now_utc()),
            )),
            oeffentlich: (!report.kopf.is_public()).then_some(false),
        })))?;
        Ok(ArchiveResult::Filed {
            datei: folder.join(&datei),
            version,
            vorlagen_nr: report.kopf.nummer.clone(),
        })
    }
}

/// A finding of `--verify` and the kind of remedy it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Remedy {
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
    fn hint(self) -> &'static str {
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

/// Recomputes every checksum and lists broken index lines, missing, changed, unindexed and
/// temporary files, each with the command that fixes it. Linear in files and index lines.
fn verify(folder: &Path) -> Result<Exit, Error> {
    let _held = crate::lock::shared(folder, THE_ARCHIVE)?;
    let journal = Journal::open(folder)?;
    let mut findings: Vec<(String, Remedy)> = Vec::new();
    let index = crate::project_files::shown(journal.path());
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
    let sums = journal
        .entries
        .iter()
        .flat_map(|e| [(&e.datei, &e.sha256_datei), (&e.quelle, &e.sha256_quelle)])
        .chain(journal.found.iter().map(|f| (&f.fundsache, &f.sha256)));
    let mut checked = 0;
    for (rel, sum) in sums {
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
            Ok(bytes) if sha256_hex(&bytes) == *sum => {}
            Ok(_) => findings.push((
                format!(
                    "verändert: {} (die Prüfsumme stimmt nicht mehr mit dem Index überein)",
                    shown.display()
                ),
                Remedy::Restore,
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                findings.push((format!("fehlt: {}", shown.display()), Remedy::Restore));
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
    let left = recover::leftovers(folder, &journal);
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
    findings.sort();
    for (finding, _) in &findings {
        crate::say!("- {finding}");
    }
    let files = crate::german::count(checked, "Datei", "Dateien");
    if findings.is_empty() {
        crate::say!("Archiv in Ordnung: {files} geprüft, alle Prüfsummen stimmen.");
        return Ok(Exit::Success);
    }
    crate::say!(
        "Archiv fehlerhaft: {files} geprüft, {}.",
        crate::german::count(findings.len(), "Befund", "Befunde")
    );
    let mut remedies: Vec<Remedy> = findings.iter().map(|(_, r)| *r).collect();
    remedies.sort();
    remedies.dedup();
    for remedy in remedies {
        crate::say!("  = hilfe: {}", remedy.hint());
    }
    Ok(Exit::InputError)
}

/// `archive --aufraeumen`: under the lock, temporary files of dead runs removed, a torn last
/// index line cut off, every unindexed file set aside into `fundsachen/`.
fn tidy(folder: &Path) -> Result<Exit, Error> {
    let _held = crate::lock::exclusive(folder, THE_ARCHIVE)?;
    let mut journal = Journal::open(folder)?;
    if let Some(line) = journal.broken.first() {
        return Err(Error::Usage(format!(
            "der Archivindex {} ist in Zeile {line} beschädigt; stellen Sie ihn aus der Datensicherung wieder her oder löschen Sie die Zeile, dann räumt `sachstand archive --aufraeumen` auf",
            crate::project_files::shown(journal.path()).display(),
        )));
    }
    let torn = journal.torn > 0;
    let (moved, removed) = recover::tidy(folder, &mut journal)?;
    if torn && journal.torn > 0 {
        journal.cut_torn()?;
    }
    for (from, to) in &moved {
        crate::say!(
            "Abgelegt: {} → {}",
            recover::shown(folder, from).display(),
            recover::shown(folder, to).display()
        );
    }
    let mut done = Vec::new();
    if removed > 0 {
        done.push(format!(
            "{} entfernt",
            crate::german::count(removed, "temporäre Datei", "temporäre Dateien")
        ));
    }
    if !moved.is_empty() {
        done.push(format!(
            "{} unter {} abgelegt",
            crate::german::count(
                moved.len(),
                "Datei ohne Indexeintrag",
                "Dateien ohne Indexeintrag"
            ),
            recover::shown(folder, recover::FUNDSACHEN).display()
        ));
    }
    if torn {
        done.push("die unvollständige letzte Indexzeile abgeschnitten".to_owned());
    }
    if done.is_empty() {
        crate::say!("Archiv aufgeräumt: es gab nichts aufzuräumen.");
    } else {
        crate::say!("Archiv aufgeräumt: {}.", done.join(", "));
    }
    Ok(Exit::Success)
}
