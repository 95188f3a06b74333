//! Filing compiled reports into the archive: each under the archive's lock (`crate::lock`),
//! with the journal read up to its end, the files written (never over an existing file) and
//! one line appended (`journal`). Nothing is ever overwritten: a changed report becomes a new
//! version and needs a reason. A run killed at any moment leaves at worst temporary files and
//! files without an index line; the next run removes the first and adopts or sets aside the
//! second (`recover`). Returns what happened as data; the CLI and the editor word it.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use typst_pdf::PdfStandard;

use crate::archive::journal::{Eintrag, Journal, Line, Sitzung, sha256_hex};
use crate::archive::recover::{self, Found, OLD_OPARL};
use crate::error::Error;
use crate::german::date_iso;
use crate::output::{sync_folder, write_new};
use crate::pipeline::{Outcome, process};
use crate::project;
use crate::typeset::pdf::standard_name;
use crate::typeset::render::Renderer;

/// The standards every archived PDF meets.
pub const ARCHIVAL: [PdfStandard; 2] = [PdfStandard::A_2a, PdfStandard::Ua_1];

/// What the lock messages call the archive.
pub const THE_ARCHIVE: &str = "das Archiv";

/// One archive folder during a run: its journal, read on from where the last report left it.
pub struct Archive {
    /// The archive folder.
    pub folder: PathBuf,
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
        if let Some(refusal) = crate::project::example::refusal(loaded) {
            return Err(Error::Usage(refusal));
        }
        let digests = crate::project::anlage::digests(&outcome.anlagen);
        if let Some(refusal) = draft_refusal(loaded, &digests) {
            return Ok(refusal);
        }
        let source = loaded.source.text.as_bytes();
        if expected.is_some_and(|seen| seen != sha256_hex(source)) {
            return Ok(ArchiveResult::Changed);
        }
        let _held = crate::lock::exclusive(&self.folder, THE_ARCHIVE)?;
        self.journal.refresh()?;
        if let Some(line) = self.journal.broken.first() {
            return Err(Error::Usage(format!(
                "der Archivindex {} ist in Zeile {line} beschädigt; prüfen Sie ihn mit `sachstand archive --verify`",
                crate::project::files::shown(self.journal.path()).display(),
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
            anlagen: &outcome.anlagen,
        };
        filing.into(&self.folder, &mut self.journal, grund, &mut self.notes)
    }
}

/// The refusal of a draft: only a released Vorlage is filed (`sachstand freigabe`).
fn draft_refusal(
    loaded: &crate::report::load::Loaded,
    anlagen: &[String],
) -> Option<ArchiveResult> {
    use crate::report::freigabe::{Stand, stand, when};
    let message = match stand(loaded, anlagen) {
        Stand::Freigegeben(_) => return None,
        Stand::Entwurf => "die Vorlage ist ein Entwurf (nicht freigegeben); archiviert werden nur freigegebene Vorlagen".to_owned(),
        Stand::Geaendert(record) => format!(
            "die Vorlage wurde nach ihrer Freigabe (durch {} am {}) geändert und ist wieder ein Entwurf; archiviert werden nur freigegebene Vorlagen",
            record.durch,
            when(record)
        ),
    };
    Some(ArchiveResult::Refused {
        message,
        hints: vec![format!(
            "geben Sie sie frei: `sachstand freigabe {} --durch \"Name, Amtsbezeichnung\"`, dann erneut `sachstand archive`",
            crate::shell::quote(&loaded.path)
        )],
    })
}

/// The `oparl.json` an older sachstand left in the archive `folder`, if any: it is no longer
/// updated, and its ids differ from the endpoint's. The file stays (it is the user's);
/// `--verify` still knows it.
pub fn stale_oparl(folder: &Path) -> Option<PathBuf> {
    let stale = folder.join(OLD_OPARL);
    stale.is_file().then_some(stale)
}

/// The project root of the report at `path`.
pub fn project_folder(path: &Path) -> Result<PathBuf, Error> {
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
        /// When only attached files changed (the report's text did not): which Anlagen
        /// (`Anlage 2 „Lageplan“ (anlagen/plan.png)`).
        anlagen: Vec<String>,
    },
    /// The file is no longer the state the user confirmed; nothing was written.
    Changed,
}

/// Archives `file` into its project's `archiv/` as `sachstand archive FILE [--grund]` does;
/// `expected`: the SHA-256 of the state the user confirmed, if any.
pub fn archive_in_project(
    renderer: &Renderer,
    file: &Path,
    grund: Option<&str>,
    expected: Option<&str>,
) -> Result<Archived, Error> {
    let folder = project_folder(file)?.join(crate::project::files::ARCHIVE);
    let outcome = process(file, renderer, None, Some(&ARCHIVAL))?;
    let mut archive = Archive::open(&folder)?;
    let result = archive.file(file, &outcome, grund, expected)?;
    Ok(Archived {
        diagnostics: outcome.diagnostics,
        result,
        notes: archive.take_notes(),
    })
}

/// The Vorlage's identity across versions, as the archive files it: its Vorlagen-Nr., or date
/// and file name (`stem`). OParl names a Paper by it.
pub fn basis(report: &crate::report::model::Report, stem: &str) -> String {
    match &report.kopf.nummer {
        Some(nummer) => nummer.replace(['/', '\\', ' '], "-"),
        // File names like `2022-11-integrationsstrategie` already carry the date.
        None if stem
            .get(..7)
            .is_some_and(|p| p.chars().filter(char::is_ascii_digit).count() == 6) =>
        {
            stem.to_owned()
        }
        None => format!("{}-{}", date_iso(report.kopf.datum.0), stem),
    }
}

/// One compiled report on its way into the archive.
struct Filing<'a> {
    file: &'a Path,
    /// The source exactly as compiled.
    source: &'a [u8],
    pdf: &'a [u8],
    betreff: &'a str,
    report: &'a crate::report::model::Report,
    stem: String,
    /// The files the report attaches, read.
    anlagen: &'a [crate::project::anlage::AnlageDatei],
}

/// Where one version of a Vorlage goes in the archive.
struct Place {
    /// Version, from 1.
    version: u32,
    /// The year folder (the report's date).
    year: i32,
    /// The PDF, relative to the archive (`<jahr>/<name>.pdf`).
    datei: String,
    /// The source copy, relative to the archive (`<jahr>/<name>.toml`).
    quelle: String,
}

impl Place {
    /// Version `version` of the Vorlage `basis` dated in `year`: `<basis>` for the first,
    /// `<basis>-v<version>` for later ones.
    fn of(basis: &str, version: u32, year: i32) -> Self {
        let name = if version == 1 {
            basis.to_owned()
        } else {
            format!("{basis}-v{version}")
        };
        Place {
            version,
            year,
            datei: format!("{year}/{name}.pdf"),
            quelle: format!("{year}/{name}.toml"),
        }
    }
}

/// The version a source with checksum `sha_source` and the attached files `anlagen` is filed
/// as under `basis`, or the result that ends the filing: already archived (same source, same
/// files), or changed (the source or an attached file) without a `grund`.
fn next_version(
    entries: &[Eintrag],
    folder: &Path,
    basis: &str,
    (sha_source, anlagen): (&str, &[crate::project::anlage::AnlageDatei]),
    grund: Option<&str>,
) -> ControlFlow<ArchiveResult, u32> {
    let latest = entries
        .iter()
        .filter(|e| e.basis == basis)
        .max_by_key(|e| e.version);
    let changed = latest.map(|l| super::anlagen::changed(&l.anlagen, anlagen));
    match (latest, changed) {
        (Some(latest), Some(changed))
            if latest.sha256_quelle == sha_source && changed.is_empty() =>
        {
            ControlFlow::Break(ArchiveResult::Already {
                datei: crate::archive::local(folder, &latest.datei),
                version: latest.version,
            })
        }
        (Some(latest), Some(changed)) if grund.is_none() => {
            let same_text = latest.sha256_quelle == sha_source;
            ControlFlow::Break(ArchiveResult::NeedsGrund {
                version: latest.version,
                anlagen: if same_text { changed } else { Vec::new() },
            })
        }
        (Some(latest), _) => ControlFlow::Continue(latest.version + 1),
        (None, _) => ControlFlow::Continue(1),
    }
}

/// Writes `bytes` to `rel` in the archive `folder`, never over a file: one no index line names
/// is taken as written when it holds exactly `bytes`, otherwise set aside (`anlass`) first.
fn put(
    folder: &Path,
    journal: &mut Journal,
    rel: &str,
    bytes: &[u8],
    anlass: &str,
    notes: &mut Vec<String>,
) -> Result<(), Error> {
    let path = folder.join(rel);
    if journal.names(rel) {
        return Err(Error::Usage(format!(
            "{} gehört schon zu einem anderen Eintrag des Archivindex; sachstand überschreibt keine archivierte Datei. Prüfen Sie das Archiv mit `sachstand archive --verify`",
            crate::project::files::shown(&path).display()
        )));
    }
    match recover::compare(&path, bytes)? {
        Found::Same => notes.push(format!(
            "hinweis: {} lag schon vollständig im Archiv (ein früherer Lauf wurde abgebrochen) und wird übernommen",
            crate::project::files::shown(&path).display()
        )),
        Found::Other => {
            let moved = recover::set_aside(folder, journal, rel, anlass)?;
            notes.push(format!(
                "hinweis: {} stand ohne Eintrag im Index im Weg und liegt jetzt unter {}",
                crate::project::files::shown(&path).display(),
                crate::project::files::shown(&folder.join(moved)).display()
            ));
            write_new(&path, bytes)?;
        }
        Found::Free => write_new(&path, bytes)?,
    }
    Ok(())
}

impl Filing<'_> {
    /// The Vorlage's identity across versions (see [`basis`]).
    fn basis(&self) -> String {
        basis(self.report, &self.stem)
    }

    /// Files the report into the archive at `folder` whose journal is `journal` (read to its
    /// end, under the lock): PDF, source and the attached files under `<jahr>/`, the folder
    /// synced, then one line appended. A file already at one of these places that no index
    /// line names was left by a run that died:
    /// when it holds exactly the bytes to be written it is taken as written; otherwise it is
    /// set aside into `fundsachen/` first.
    fn into(
        self,
        folder: &Path,
        journal: &mut Journal,
        grund: Option<&str>,
        notes: &mut Vec<String>,
    ) -> Result<ArchiveResult, Error> {
        let sha_source = sha256_hex(self.source);
        let basis = self.basis();
        let herkunft = crate::archive::guard::origin(self.file);
        if let Some(refused) = self
            .refusal(journal, &herkunft)
            .or_else(|| self.withdrawn(journal, &basis, &herkunft))
        {
            return Ok(refused);
        }
        let facts = (sha_source.as_str(), self.anlagen);
        let version = match next_version(&journal.entries, folder, &basis, facts, grund) {
            ControlFlow::Continue(version) => version,
            ControlFlow::Break(result) => return Ok(result),
        };
        let place = Place::of(&basis, version, self.report.kopf.datum.0.year());
        let dir = folder.join(place.year.to_string());
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io("Der Archivordner kann nicht angelegt werden", &dir, e))?;
        let anlass = format!(
            "lag ohne Eintrag im Index dort, wo {herkunft} als Version {version} abgelegt wird"
        );
        let anlagen = super::anlagen::to_file(&place.datei, self.anlagen);
        let files = [(&place.datei, self.pdf), (&place.quelle, self.source)]
            .into_iter()
            .chain(anlagen.iter().map(|a| (&a.eintrag.datei, a.bytes)));
        for (rel, bytes) in files {
            put(folder, journal, rel, bytes, &anlass, notes)?;
        }
        // Every file on disk before the line that names it.
        sync_folder(&dir)?;
        let datei = crate::archive::local(folder, &place.datei);
        let mut eintrag = self.eintrag(basis, place, grund, sha_source, herkunft);
        eintrag.anlagen = anlagen.into_iter().map(|a| a.eintrag).collect();
        journal.append(&Line::Eintrag(Box::new(eintrag)))?;
        Ok(ArchiveResult::Filed {
            datei,
            version,
            vorlagen_nr: self.report.kopf.nummer.clone(),
        })
    }

    /// The refusal when the report's Vorlagen-Nr. belongs to another archived Vorlage.
    fn refusal(&self, journal: &Journal, herkunft: &str) -> Option<ArchiveResult> {
        let report = self.report;
        let nummer = report.kopf.nummer.as_ref()?;
        let refusal = crate::archive::guard::refusal(
            &journal.entries,
            nummer,
            &report.vorlage,
            self.betreff,
            herkunft,
        )?;
        Some(ArchiveResult::Refused {
            message: refusal.message,
            hints: refusal.hints,
        })
    }

    /// The refusal when the paper was withdrawn (`archive --zurueckziehen`): a withdrawn paper
    /// is not filed again, not even from its file under a new number; its successor is a new
    /// Vorlage in a file of its own.
    fn withdrawn(&self, journal: &Journal, basis: &str, herkunft: &str) -> Option<ArchiveResult> {
        let nummer = self.report.kopf.nummer.as_deref();
        let w = crate::archive::journal::withdrawal_for(
            &journal.entries,
            &journal.withdrawn,
            (nummer, basis, herkunft),
        )?;
        Some(ArchiveResult::Refused {
            message: format!(
                "die Vorlage {} wurde am {} zurückgezogen (Grund: {}); eine zurückgezogene Vorlage wird nicht wieder archiviert",
                w.zurueckgezogen,
                crate::archive::journal::shown_date(w),
                w.grund
            ),
            hints: vec![
                "eine neue Fassung ist eine neue Vorlage: legen Sie sie mit `sachstand new` an (eigene Datei, nächste freie Vorlagen-Nr.) und archivieren Sie diese".into(),
            ],
        })
    }

    /// The index line of this report filed at `place`.
    fn eintrag(
        &self,
        basis: String,
        place: Place,
        grund: Option<&str>,
        sha_source: String,
        herkunft: String,
    ) -> Eintrag {
        let report = self.report;
        Eintrag {
            basis,
            version: place.version,
            grund: if place.version > 1 {
                grund.map(str::to_owned)
            } else {
                None
            },
            sha256_datei: sha256_hex(self.pdf),
            datei: place.datei,
            sha256_quelle: sha_source,
            quelle: place.quelle,
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
            archiviert: Some(crate::berlin::format(crate::berlin::in_berlin(
                time::OffsetDateTime::now_utc(),
            ))),
            oeffentlich: (!report.kopf.is_public()).then_some(false),
            freigabe: report.freigabe.as_ref().map(|f| super::journal::Freigabe {
                durch: f.durch.clone(),
                am: f.am.clone(),
                inhalt: f.inhalt.clone(),
            }),
            anlagen: Vec::new(),
        }
    }
}
