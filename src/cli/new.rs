//! `sachstand new`: the next cycle of a report, or a blank report from a skeleton
//! (`sachstand::cycle`); prints what was set and what is left to do.

use std::path::{Path, PathBuf};

use time::Date;

use crate::cli::{Exit, Settings as AppSettings};
use sachstand::cycle::{
    Created, next_cycle_target, skeleton_name, write_next_cycle, write_skeleton,
};
use sachstand::error::Error;

/// Settings of `new`, checked.
#[derive(Debug)]
pub struct NewSettings {
    /// The previous cycle's report.
    pub from: Option<PathBuf>,
    /// Or: the Vorlagenart of a blank report.
    pub vorlage: Option<String>,
    /// The new report's date.
    pub datum: Date,
    /// Where to write it.
    pub output: Option<PathBuf>,
}

/// Writes the new report and lists what is left to do.
pub fn run(app: &AppSettings, new: &NewSettings) -> Result<Exit, Error> {
    match (&new.from, &new.vorlage) {
        (Some(from), _) => next_cycle(app, from, new),
        (None, Some(kind)) => skeleton(app, kind, new),
        (None, None) => Err(Error::Usage(
            "geben Sie --from BERICHT oder --vorlage ART an".into(),
        )),
    }
}

fn next_cycle(app: &AppSettings, from: &Path, new: &NewSettings) -> Result<Exit, Error> {
    let target = new
        .output
        .clone()
        .unwrap_or_else(|| next_cycle_target(from, new.datum));
    let (diagnostics, created) = write_next_cycle(&app.templates, from, new.datum, &target)?;
    diagnostics
        .iter()
        .for_each(|d| eprint!("{}", d.render(app.color)));
    let Some(created) = created else {
        eprintln!(
            "Der Bericht {} ist fehlerhaft; bitte zuerst die Fehler oben beheben.",
            from.display()
        );
        return Ok(Exit::InputError);
    };
    print_schema(&created);
    crate::say!("Neuer Bericht geschrieben: {}", created.path.display());
    eprintln!("Übernommen und gesetzt:");
    for item in &created.done {
        eprintln!("  ✓ {item}");
    }
    eprintln!("Noch zu aktualisieren:");
    for item in &created.todo {
        eprintln!("  - {}", item.file);
    }
    eprintln!(
        "Danach prüfen und setzen: sachstand check {0} && sachstand render {0}",
        sachstand::shell::quote(&created.path)
    );
    Ok(Exit::Success)
}

/// Tells that the project's schema file was written.
fn print_schema(created: &Created) {
    if let Some(written) = &created.schema {
        crate::say!("Schema geschrieben: {}", written.display());
    }
}

/// Where a new skeleton goes without `-o`: the project's `reports/` (as in the editor), else
/// the current folder.
fn reports_folder() -> PathBuf {
    match sachstand::project::files::root_from_cwd() {
        Some(root) if root.join("reports").is_dir() => {
            sachstand::project::files::shown(&root.join("reports"))
        }
        _ => PathBuf::new(),
    }
}

fn skeleton(app: &AppSettings, kind: &str, new: &NewSettings) -> Result<Exit, Error> {
    let target = new
        .output
        .clone()
        .unwrap_or_else(|| reports_folder().join(skeleton_name(kind, new.datum)));
    let created = write_skeleton(&app.templates, kind, new.datum, &target)?;
    print_schema(&created);
    crate::say!("Neues Gerüst geschrieben: {}", created.path.display());
    eprintln!(
        "Füllen Sie jedes \"\" aus; `sachstand check {}` zeigt, was noch fehlt.",
        sachstand::shell::quote(&created.path)
    );
    Ok(Exit::Success)
}
