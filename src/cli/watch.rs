//! `sachstand render --watch`: render, then render again whenever a report, the project's
//! settings or a template changes, one line per render, until the user stops it (Ctrl-C).
//!
//! Folders are watched, not files, because editors save by writing a new file and renaming
//! it over the old one. Events are gathered for a short moment so that one save gives one
//! render. A save with errors prints the diagnostics and keeps the last good PDF (the
//! ordinary `render` never writes a PDF for a report with errors).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::cli::{Exit, RenderSettings, Settings};
use sachstand::error::Error;
use sachstand::project;

/// How long to wait after an event for more events of the same save.
const SETTLE: Duration = Duration::from_millis(150);

/// The files whose change means a new render: the reports and their settings files (as
/// found now). Template files are matched by folder.
fn watched_files(render: &RenderSettings) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for file in &render.files {
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.clone());
        for folder in absolute.ancestors().skip(1) {
            let candidate = folder.join(project::FILE_NAME);
            if candidate.is_file() {
                out.insert(candidate);
                break;
            }
        }
        out.insert(absolute);
    }
    out
}

/// The folders to watch: those of the watched files, and the template folder.
fn watched_folders(settings: &Settings, files: &BTreeSet<PathBuf>) -> BTreeSet<PathBuf> {
    let mut out: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .collect();
    if let Some(folder) = settings.templates.folder() {
        out.insert(folder.to_path_buf());
    }
    out
}

/// Whether an event's path concerns the render.
fn relevant(path: &Path, files: &BTreeSet<PathBuf>, templates: Option<&Path>) -> bool {
    files.contains(path) || templates.is_some_and(|t| path.starts_with(t))
}

/// Renders, then watches and renders again after each change.
pub fn run(settings: &Settings, render: &RenderSettings) -> Result<Exit, Error> {
    crate::cli::render::run(settings, render)?;
    let files = watched_files(render);
    let folders = watched_folders(settings, &files);
    let (sender, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = sender.send(event);
    })
    .map_err(|e| {
        Error::Usage(format!(
            "--watch: Dateien können nicht beobachtet werden ({e})"
        ))
    })?;
    for folder in &folders {
        watcher
            .watch(folder, RecursiveMode::NonRecursive)
            .map_err(|e| {
                Error::io(
                    "Der Ordner kann nicht beobachtet werden",
                    folder,
                    std::io::Error::other(e.to_string()),
                )
            })?;
    }
    eprintln!(
        "Beobachte {} – neu gesetzt wird bei jeder Änderung; beenden mit Strg+C.",
        sachstand::german::count(files.len(), "Datei", "Dateien")
    );
    let templates = settings.templates.folder();
    loop {
        let Ok(first) = events.recv() else {
            return Ok(Exit::Success);
        };
        let mut changed = Vec::new();
        let mut collect = |event: notify::Result<notify::Event>| {
            if let Ok(event) = event
                && !matches!(event.kind, notify::EventKind::Access(_))
            {
                changed.extend(event.paths);
            }
        };
        collect(first);
        while let Ok(more) = events.recv_timeout(SETTLE) {
            collect(more);
        }
        if changed.iter().any(|p| relevant(p, &files, templates)) {
            crate::cli::render::run(settings, render)?;
        }
    }
}
