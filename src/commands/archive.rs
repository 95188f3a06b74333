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
use crate::error::Error;
use crate::output::{write_atomic, write_new};
use crate::pdf::standard_name;
use crate::pipeline::process;
use crate::project;
use crate::render::Renderer;

/// The standards every archived PDF meets.
pub const ARCHIVAL: [PdfStandard; 2] = [PdfStandard::A_2a, PdfStandard::Ua_1];

/// The index file inside the archive folder.
pub const INDEX: &str = "index.jsonl";

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

fn sha256_hex(bytes: &[u8]) -> String {
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
    let mut exit = Exit::Success;
    let mut folders: Vec<PathBuf> = Vec::new();
    for file in &archive.files {
        let folder = match &archive.folder {
            Some(f) => f.clone(),
            None => project_folder(file)?.join("archiv"),
        };
        if archive_one(settings, &renderer, file, &folder, archive.grund.as_deref())?
            == Exit::InputError
        {
            exit = Exit::InputError;
        }
        if !folders.contains(&folder) {
            folders.push(folder);
        }
    }
    for folder in folders {
        write_oparl(settings, &folder)?;
    }
    Ok(exit)
}

/// Writes `oparl.json` beside the index: one Paper per archived Vorlage (its latest version).
fn write_oparl(settings: &Settings, folder: &Path) -> Result<(), Error> {
    let (entries, _) = read_index(folder)?;
    let mut latest: Vec<&Eintrag> = Vec::new();
    for entry in &entries {
        match latest.iter_mut().find(|e| e.basis == entry.basis) {
            Some(e) if e.version < entry.version => *e = entry,
            Some(_) => {}
            None => latest.push(entry),
        }
    }
    let sources: Vec<PathBuf> = latest.iter().map(|e| folder.join(&e.quelle)).collect();
    if sources.is_empty() {
        return Ok(());
    }
    let (document, _) = crate::commands::oparl::build(settings, &sources, Some(&ARCHIVAL), true)?;
    write_atomic(
        &folder.join("oparl.json"),
        format!("{document:#}\n").as_bytes(),
    )?;
    Ok(())
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

/// Archives `file` into its project's `archiv/` as `sachstand archive FILE [--grund]` does,
/// and rewrites the archive's `oparl.json` when something was filed.
pub fn archive_in_project(
    settings: &Settings,
    file: &Path,
    grund: Option<&str>,
) -> Result<Archived, Error> {
    let renderer = Renderer::new(settings.templates.clone());
    let folder = project_folder(file)?.join("archiv");
    let archived = archive_report(&renderer, file, &folder, grund)?;
    if matches!(archived.result, ArchiveResult::Filed { .. }) {
        write_oparl(settings, &folder)?;
    }
    Ok(archived)
}

fn archive_one(
    settings: &Settings,
    renderer: &Renderer,
    file: &Path,
    folder: &Path,
    grund: Option<&str>,
) -> Result<Exit, Error> {
    let archived = archive_report(renderer, file, folder, grund)?;
    for diag in &archived.diagnostics {
        eprint!("{}", diag.render(settings.color));
    }
    match archived.result {
        ArchiveResult::Filed { datei, version, .. } => {
            println!("Archiviert: {} (Version {version})", datei.display());
            Ok(Exit::Success)
        }
        ArchiveResult::Already { datei, version } => {
            println!(
                "Bereits archiviert: {} (Version {version})",
                datei.display()
            );
            Ok(Exit::Success)
        }
        ArchiveResult::HasErrors => {
            eprintln!(
                "Nicht archiviert: {} – bitte die Fehler oben beheben.",
                file.display()
            );
            Ok(Exit::InputError)
        }
        ArchiveResult::Refused { message, hints } => {
            eprintln!("fehler: {message} – nicht archiviert.");
            for hint in hints {
                eprintln!("  = hilfe: {hint}");
            }
            Ok(Exit::InputError)
        }
        ArchiveResult::NeedsGrund { version } => {
            eprintln!(
                "fehler: {} wurde als Version {version} archiviert und hat sich seither geändert.\n  = hilfe: eine neue Version braucht einen Grund: sachstand archive {} --grund \"…\"",
                file.display(),
                crate::shell::quote(file)
            );
            Ok(Exit::InputError)
        }
    }
}

/// Archives one report into `folder`: renders it to the archival standards, files PDF and
/// source under `<jahr>/` (never over an existing file) and rewrites the index atomically.
pub fn archive_report(
    renderer: &Renderer,
    file: &Path,
    folder: &Path,
    grund: Option<&str>,
) -> Result<Archived, Error> {
    let outcome = process(file, renderer, None, Some(&ARCHIVAL))?;
    let done = |result| Archived {
        diagnostics: outcome.diagnostics.clone(),
        result,
    };
    let (Some(compiled), Some(loaded)) = (&outcome.compiled, &outcome.loaded) else {
        return Ok(done(ArchiveResult::HasErrors));
    };
    if outcome.has_errors() {
        return Ok(done(ArchiveResult::HasErrors));
    }
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
    let (mut entries, broken) = read_index(folder)?;
    if !broken.is_empty() {
        return Err(Error::Usage(format!(
            "der Archivindex {} ist in Zeile {} beschädigt; prüfen Sie ihn mit `sachstand archive --verify`",
            folder.join(INDEX).display(),
            broken[0]
        )));
    }
    let herkunft = crate::archive_guard::origin(file);
    if let Some(nummer) = &report.kopf.nummer
        && let Some(refusal) = crate::archive_guard::refusal(
            &entries,
            nummer,
            &report.vorlage,
            compiled.title.as_deref().unwrap_or_default(),
            &herkunft,
        )
    {
        return Ok(done(ArchiveResult::Refused {
            message: refusal.message,
            hints: refusal.hints,
        }));
    }
    let latest = entries
        .iter()
        .filter(|e| e.basis == basis)
        .max_by_key(|e| e.version);
    let version = match latest {
        Some(latest) if latest.sha256_quelle == sha_source => {
            return Ok(done(ArchiveResult::Already {
                datei: folder.join(&latest.datei),
                version: latest.version,
            }));
        }
        Some(latest) if grund.is_none() => {
            return Ok(done(ArchiveResult::NeedsGrund {
                version: latest.version,
            }));
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
    for entry in &entries {
        let line = serde_json::to_string(entry).map_err(|e| {
            Error::Usage(format!(
                "der Archivindex kann nicht geschrieben werden: {e}"
            ))
        })?;
        index.push_str(&line);
        index.push('\n');
    }
    write_atomic(&folder.join(INDEX), index.as_bytes())?;
    Ok(done(ArchiveResult::Filed {
        datei: folder.join(&datei),
        version,
        vorlagen_nr: report.kopf.nummer.clone(),
    }))
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
    let mut known = vec![PathBuf::from(INDEX), PathBuf::from("oparl.json")];
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
