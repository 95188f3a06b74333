//! `sachstand archive`: files reports into the archive (`sachstand::archive::file`), compiled on
//! every core and filed in the order named; `--verify` and `--aufraeumen`
//! (`sachstand::archive::verify`); `--zurueckziehen` (`sachstand::archive::withdraw`). This file words and prints what the library returns.

use std::path::{Path, PathBuf};

use crate::cli::batch::{self, Printed};
use crate::cli::{Exit, Settings};
use sachstand::archive::file::{ARCHIVAL, Archive, ArchiveResult, project_folder, stale_oparl};
use sachstand::archive::verify::{self, Remedy, Tidied, Verified};
use sachstand::error::Error;
use sachstand::pipeline::process;
use sachstand::typeset::render::Renderer;

/// `--zurueckziehen NR --grund "…"`, checked.
#[derive(Debug)]
pub struct Withdraw {
    /// The Vorlagen-Nr.
    pub nummer: String,
    /// Why (not empty).
    pub grund: String,
    /// Who (the user account).
    pub von: String,
}

/// Settings of `archive`, checked.
#[derive(Debug)]
pub struct ArchiveSettings {
    /// Reports to archive.
    pub files: Vec<PathBuf>,
    /// Withdraw a paper instead of archiving.
    pub withdraw: Option<Withdraw>,
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

/// Runs `archive`, `archive --verify`, `archive --aufraeumen` or `archive --zurueckziehen`.
pub fn run(settings: &Settings, archive: &ArchiveSettings) -> Result<Exit, Error> {
    if let Some(withdraw) = &archive.withdraw {
        let folder = existing_archive(archive.folder.as_deref())?;
        let done = sachstand::archive::withdraw::withdraw(
            &folder,
            &withdraw.nummer,
            &withdraw.grund,
            &withdraw.von,
            time::OffsetDateTime::now_utc(),
        )?;
        crate::say!(
            "Zurückgezogen: Vorlage {} „{}“ (Grund: {}); das PDF bleibt im Archiv ({}), OParl zeigt die Vorlage als gelöscht, die Sitzungsmappe lässt sie aus.",
            done.rueckzug.zurueckgezogen,
            done.betreff,
            done.rueckzug.grund,
            done.datei.display()
        );
        return Ok(Exit::Success);
    }
    if archive.verify || archive.tidy {
        let folder = existing_archive(archive.folder.as_deref())?;
        return if archive.verify {
            print_verified(&verify::verify(&folder)?)
        } else {
            print_tidied(&folder, &verify::tidy(&folder)?)
        };
    }
    let renderer = Renderer::new(settings.templates.clone());
    let folder_of = |file: &PathBuf| -> Result<PathBuf, Error> {
        Ok(match &archive.folder {
            Some(f) => f.clone(),
            None => project_folder(file)?.join(sachstand::project::files::ARCHIVE),
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
        if let Some(stale) = stale_oparl(&archive.folder) {
            eprintln!(
                "hinweis: {} wird nicht mehr fortgeschrieben und nennt andere Ids als die OParl-Schnittstelle; `sachstand oparl --ausgabe ORDNER` schreibt die Schnittstelle vollständig, `sachstand oparl --serve` stellt sie bereit. Die Datei kann gelöscht werden.",
                stale.display()
            );
        }
    }
    Ok(if failed {
        Exit::InputError
    } else {
        Exit::Success
    })
}

/// The archive folder `--verify` and `--aufraeumen` work on: `--archiv`, or the project's.
pub(crate) fn existing_archive(named: Option<&Path>) -> Result<PathBuf, Error> {
    let folder = match named {
        Some(f) => f.to_path_buf(),
        None => sachstand::project::files::root_from_cwd()
            .ok_or_else(|| {
                Error::Usage(
                    "kein Archiv gefunden: in diesem Ordner und darüber gibt es kein sachstand.toml; nennen Sie den Archivordner mit --archiv ORDNER".into(),
                )
            })?
            .join(sachstand::project::files::ARCHIVE),
    };
    // Only an archive: `--aufraeumen` of another folder would move every file in it. The
    // project's own `archiv/` is one even when its index was lost; a folder named with
    // `--archiv` must show it is one by its index.
    let is_archive = if named.is_some() {
        folder.join(sachstand::archive::INDEX).is_file()
    } else {
        folder.is_dir()
    };
    if !is_archive {
        return Err(Error::Usage(format!(
            "kein Archiv gefunden: in {} gibt es kein {}; legen Sie zuerst mit `sachstand archive BERICHT.toml` etwas ab oder nennen Sie den Archivordner mit --archiv ORDNER",
            sachstand::shell::quote(&sachstand::project::files::shown(&folder)),
            sachstand::archive::INDEX
        )));
    }
    Ok(folder)
}

/// What `sachstand archive` prints for one report.
fn printed(
    settings: &Settings,
    file: &Path,
    diagnostics: &[sachstand::diag::Diagnostic],
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
        ArchiveResult::NeedsGrund { version, anlagen } => {
            let what = if anlagen.is_empty() {
                String::new()
            } else {
                format!(
                    ": nicht der Text, aber die Datei von {}",
                    sachstand::german::enumeration(&anlagen, "und")
                )
            };
            printed.stderr.push_str(&format!(
                "fehler: {} wurde als Version {version} archiviert und hat sich seither geändert{what}.\n  = hilfe: eine neue Version braucht einen Grund: sachstand archive {} --grund \"…\"\n",
                file.display(),
                sachstand::shell::quote(file)
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

/// Prints what `--verify` found, each kind of finding with its remedy.
fn print_verified(verified: &Verified) -> Result<Exit, Error> {
    let Verified { findings, checked } = verified;
    for (finding, _) in findings {
        crate::say!("- {finding}");
    }
    let files = sachstand::german::count(*checked, "Datei", "Dateien");
    if findings.is_empty() {
        crate::say!("Archiv in Ordnung: {files} geprüft, alle Prüfsummen stimmen.");
        return Ok(Exit::Success);
    }
    crate::say!(
        "Archiv fehlerhaft: {files} geprüft, {}.",
        sachstand::german::count(findings.len(), "Befund", "Befunde")
    );
    let mut remedies: Vec<Remedy> = findings.iter().map(|(_, r)| *r).collect();
    remedies.sort();
    remedies.dedup();
    for remedy in remedies {
        crate::say!("  = hilfe: {}", remedy.hint());
    }
    Ok(Exit::InputError)
}

/// Prints what `--aufraeumen` did.
fn print_tidied(folder: &Path, tidied: &Tidied) -> Result<Exit, Error> {
    let Tidied {
        moved,
        removed,
        torn,
    } = tidied;
    let (removed, torn) = (*removed, *torn);
    for (from, to) in moved {
        crate::say!(
            "Abgelegt: {} → {}",
            sachstand::archive::recover::shown(folder, from).display(),
            sachstand::archive::recover::shown(folder, to).display()
        );
    }
    let mut done = Vec::new();
    if removed > 0 {
        done.push(format!(
            "{} entfernt",
            sachstand::german::count(removed, "temporäre Datei", "temporäre Dateien")
        ));
    }
    if !moved.is_empty() {
        done.push(format!(
            "{} unter {} abgelegt",
            sachstand::german::count(
                moved.len(),
                "Datei ohne Indexeintrag",
                "Dateien ohne Indexeintrag"
            ),
            sachstand::archive::recover::shown(folder, sachstand::archive::recover::FUNDSACHEN)
                .display()
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
