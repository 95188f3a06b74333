//! `sachstand archive`: an immutable store of issued Vorlagen, and `--verify` to check it.
//!
//! Each report is rendered as PDF/A-2a + PDF/UA-1 and filed under `archiv/<jahr>/` with a
//! copy of its TOML source; `archiv/index.jsonl` gets one JSON line per file with both
//! SHA-256 sums. Nothing is ever overwritten: a changed report becomes a new version and
//! needs a reason. The index is rewritten atomically after the files are in place, so an
//! interrupted run leaves it consistent (at worst a file that `--verify` reports as unindexed).

use std::path::{Path, PathBuf};

use crate::german::date_iso;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use typst_pdf::PdfStandard;

use crate::app::{Exit, Settings};
use crate::batch::{self, Printed};
use crate::error::Error;
use crate::output::{write_atomic, write_new};
use crate::pdf::standard_name;
use crate::pipeline::{Outcome, process};
use crate::project;
use crate::render::Renderer;

/// The standards every archived PDF meets.
pub const ARCHIVAL: [PdfStandard; 2] = [PdfStandard::A_2a, PdfStandard::Ua_1];

/// The index file inside the archive folder.
pub const INDEX: &str = "index.jsonl";

/// The Paper list older versions wrote beside the index (`oparl --ausgabe` replaced it).
const OLD_OPARL: &str = "oparl.json";

/// Settings of `archive`, checked.
#[derive(Debug)]
pub struct ArchiveSettings {
    /// Reports to archive.
    pub files: Vec<PathBuf>,
    /// Why a changed report gets a new version.
    pub grund: Option<String>,
    /// Verify instead of archiving.
    pub verify: bool,
    /// The archive folder, if not `archiv/` in the project.
    pub folder: Option<PathBuf>,
    /// Workers compiling at once (`--jobs`; `None`: one per core); filing is always in the
    /// order given.
    pub jobs: Option<usize>,
}

/// One consultation, as the index keeps it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Sitzung {
    /// Full name of the body.
    pub gremium: String,
    /// Meeting date (ISO).
    pub termin: String,
}

/// One archived version of a Vorlage.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Eintrag {
    /// Identity of the Vorlage across versions (`2023-0031`, or date and file name).
    pub basis: String,
    /// Version, from 1.
    pub version: u32,
    /// Why this version was made (from version 2 on).
    pub grund: Option<String>,
    /// The PDF, relative to the archive folder.
    pub datei: String,
    /// SHA-256 of the PDF (hex).
    pub sha256_datei: String,
    /// The copy of the source TOML, relative to the archive folder.
    pub quelle: String,
    /// SHA-256 of the source TOML (hex).
    pub sha256_quelle: String,
    /// Vorlagen-Nr., if any.
    pub vorlagen_nr: Option<String>,
    /// Vorlagenart.
    pub vorlage: String,
    /// Betreff as printed.
    pub betreff: String,
    /// Date of the Vorlage (ISO).
    pub datum: String,
    /// Beratungsfolge.
    pub beratungsfolge: Vec<Sitzung>,
    /// PDF standards met.
    pub standard: Vec<String>,
    /// The program that wrote it.
    pub werkzeug: String,
    /// The source file, relative to the project root (`reports/2023-02-x.toml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub herkunft: Option<String>,
    /// When this version was archived (RFC 3339, Berlin time); older lines have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archiviert: Option<String>,
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs `archive` or `archive --verify`.
pub fn run(settings: &Settings, archive: &ArchiveSettings) -> Result<Exit, Error> {
    if archive.verify {
        let folder = match &archive.folder {
            Some(f) => f.clone(),
            None => crate::project_files::root_from_cwd()
                .ok_or_else(|| {
                    Error::Usage(
                        "kein Archiv zu prüfen: in diesem Ordner und darüber gibt es kein sachstand.toml; nennen Sie den Archivordner mit --archiv ORDNER".into(),
                    )
                })?
                .join("archiv"),
        };
        if !folder.join(INDEX).is_file() {
            return Err(Error::Usage(format!(
                "kein Archiv gefunden: {} gibt es nicht; legen Sie zuerst mit `sachstand archive BERICHT.toml` etwas ab oder nennen Sie den Archivordner mit --archiv ORDNER",
                crate::shell::quote(&crate::project_files::shown(&folder.join(INDEX)))
            )));
        }
        return verify(&folder);
    }
    let renderer = Renderer::new(settings.templates.clone());
    let folder_of = |file: &PathBuf| -> Result<PathBuf, Error> {
        Ok(match &archive.folder {
            Some(f) => f.clone(),
            None => project_folder(file)?.join("archiv"),
        })
    };
    // Compiling runs on every core; filing runs in the order the reports were named, with
    // each archive's index read once and written after every file.
    let mut indexes: Vec<(PathBuf, Vec<Eintrag>)> = Vec::new();
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
            let at = match indexes.iter().position(|(f, _)| *f == folder) {
                Some(at) => at,
                None => {
                    indexes.push((folder.clone(), read_intact_index(&folder)?));
                    indexes.len() - 1
                }
            };
            let entries = &mut indexes[at].1;
            let result = file_report(file, &folder, &outcome, archive.grund.as_deref(), entries)?;
            Ok(printed(settings, file, &outcome.diagnostics, result))
        },
    )?;
    for (folder, _) in &indexes {
        note_stale_oparl(folder);
    }
    Ok(if failed {
        Exit::InputError
    } else {
        Exit::Success
    })
}

/// The index of the archive in `folder`, refused when a line of it cannot be read.
fn read_intact_index(folder: &Path) -> Result<Vec<Eintrag>, Error> {
    let (entries, broken) = read_index(folder)?;
    match broken.first() {
        Some(line) => Err(Error::Usage(format!(
            "der Archivindex {} ist in Zeile {line} beschädigt; prüfen Sie ihn mit `sachstand archive --verify`",
            folder.join(INDEX).display(),
        ))),
        None => Ok(entries),
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

/// What the archive in `folder` holds of the report at `file`: its latest version, and
/// whether the file is still exactly that version (`None` when nothing of it is archived).
pub fn state_of(entries: &[Eintrag], file: &Path) -> Option<(u32, bool)> {
    let herkunft = crate::archive_guard::origin(file);
    let latest = entries
        .iter()
        .filter(|e| e.herkunft.as_deref() == Some(herkunft.as_str()))
        .max_by_key(|e| e.version)?;
    let same = std::fs::read(file).is_ok_and(|bytes| sha256_hex(&bytes) == latest.sha256_quelle);
    Some((latest.version, same))
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

/// Reads the index; a line that cannot be read is returned as its 1-based number.
pub fn read_index(folder: &Path) -> Result<(Vec<Eintrag>, Vec<usize>), Error> {
    let path = folder.join(INDEX);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) => {
            return Err(Error::io(
                "Der Archivindex kann nicht gelesen werden",
                &path,
                e,
            ));
        }
    };
    let mut entries = Vec::new();
    let mut broken = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match serde_json::from_str(line) {
            Ok(entry) => entries.push(entry),
            Err(_) => broken.push(i + 1),
        }
    }
    Ok((entries, broken))
}

/// What came of archiving one report.
#[derive(Debug)]
pub struct Archived {
    /// Every problem the pipeline found (warnings also when it was archived).
    pub diagnostics: Vec<crate::diag::Diagnostic>,
    /// What happened.
    pub result: ArchiveResult,
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
}

/// Archives `file` into its project's `archiv/` as `sachstand archive FILE [--grund]` does.
pub fn archive_in_project(
    settings: &Settings,
    file: &Path,
    grund: Option<&str>,
) -> Result<Archived, Error> {
    let renderer = Renderer::new(settings.templates.clone());
    let folder = project_folder(file)?.join("archiv");
    archive_report(&renderer, file, &folder, grund)
}

/// Archives one report into `folder`: renders it to the archival standards and files it.
pub fn archive_report(
    renderer: &Renderer,
    file: &Path,
    folder: &Path,
    grund: Option<&str>,
) -> Result<Archived, Error> {
    let outcome = process(file, renderer, None, Some(&ARCHIVAL))?;
    let mut entries = read_intact_index(folder)?;
    let result = file_report(file, folder, &outcome, grund, &mut entries)?;
    Ok(Archived {
        diagnostics: outcome.diagnostics,
        result,
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
    }
    printed
}

/// Files one compiled report into the archive at `folder` whose index is `entries`: PDF and
/// source under `<jahr>/` (never over an existing file), then the index rewritten atomically.
fn file_report(
    file: &Path,
    folder: &Path,
    outcome: &Outcome,
    grund: Option<&str>,
    entries: &mut Vec<Eintrag>,
) -> Result<ArchiveResult, Error> {
    let (Some(compiled), Some(loaded), false) =
        (&outcome.compiled, &outcome.loaded, outcome.has_errors())
    else {
        return Ok(ArchiveResult::HasErrors);
    };
    let report = &loaded.data;
    let source = std::fs::read(file)
        .map_err(|e| Error::io("Die Berichtsdatei kann nicht gelesen werden", file, e))?;
    let sha_source = sha256_hex(&source);
    let basis = match &report.kopf.nummer {
        Some(nummer) => nummer.replace(['/', '\\', ' '], "-"),
        // File names like `2022-11-integrationsstrategie` already carry the date.
        None if loaded
            .stem()
            .get(..7)
            .is_some_and(|p| p.chars().filter(char::is_ascii_digit).count() == 6) =>
        {
            loaded.stem()
        }
        None => format!("{}-{}", date_iso(report.kopf.datum.0), loaded.stem()),
    };
    let herkunft = crate::archive_guard::origin(file);
    if let Some(nummer) = &report.kopf.nummer
        && let Some(refusal) = crate::archive_guard::refusal(
            entries,
            nummer,
            &report.vorlage,
            compiled.title.as_deref().unwrap_or_default(),
            &herkunft,
        )
    {
        return Ok(ArchiveResult::Refused {
            message: refusal.message,
            hints: refusal.hints,
        });
    }
    let latest = entries
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
    write_new(&folder.join(&datei), &compiled.pdf)?;
    write_new(&folder.join(&quelle), &source)?;
    entries.push(Eintrag {
        basis,
        version,
        grund: if version > 1 {
            grund.map(str::to_owned)
        } else {
            None
        },
        sha256_datei: sha256_hex(&compiled.pdf),
        datei: datei.clone(),
        sha256_quelle: sha_source,
        quelle,
        vorlagen_nr: report.kopf.nummer.clone(),
        vorlage: report.vorlage.clone(),
        betreff: compiled.title.clone().unwrap_or_default(),
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
    });
    let mut index = String::new();
    for entry in entries.iter() {
        let line = serde_json::to_string(entry).map_err(|e| {
            Error::Usage(format!(
                "der Archivindex kann nicht geschrieben werden: {e}"
            ))
        })?;
        index.push_str(&line);
        index.push('\n');
    }
    write_atomic(&folder.join(INDEX), index.as_bytes())?;
    Ok(ArchiveResult::Filed {
        datei: folder.join(&datei),
        version,
        vorlagen_nr: report.kopf.nummer.clone(),
    })
}

/// Recomputes every checksum and lists missing, changed and unindexed files.
fn verify(folder: &Path) -> Result<Exit, Error> {
    let (entries, broken) = read_index(folder)?;
    let mut findings = Vec::new();
    for line in broken {
        findings.push(format!(
            "beschädigt: {} Zeile {line}",
            folder.join(INDEX).display()
        ));
    }
    let mut known = vec![PathBuf::from(INDEX), PathBuf::from(OLD_OPARL)];
    let mut checked = 0;
    for entry in &entries {
        for (rel, sum) in [
            (&entry.datei, &entry.sha256_datei),
            (&entry.quelle, &entry.sha256_quelle),
        ] {
            known.push(PathBuf::from(rel));
            checked += 1;
            let path = folder.join(rel);
            match std::fs::read(&path) {
                Ok(bytes) if sha256_hex(&bytes) == *sum => {}
                Ok(_) => findings.push(format!(
                    "verändert: {} (die Prüfsumme stimmt nicht mehr mit dem Index überein)",
                    path.display()
                )),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    findings.push(format!("fehlt: {}", path.display()))
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
    }
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in read.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(folder)
                && !known.iter().any(|k| k == rel)
            {
                findings.push(format!("nicht im Index: {}", path.display()));
            }
        }
    }
    findings.sort();
    for finding in &findings {
        println!("- {finding}");
    }
    if findings.is_empty() {
        println!(
            "Archiv in Ordnung: {} geprüft, alle Prüfsummen stimmen.",
            crate::german::count(checked, "Datei", "Dateien")
        );
        Ok(Exit::Success)
    } else {
        println!(
            "Archiv fehlerhaft: {} geprüft, {}.",
            crate::german::count(checked, "Datei", "Dateien"),
            crate::german::count(findings.len(), "Befund", "Befunde")
        );
        Ok(Exit::InputError)
    }
}
