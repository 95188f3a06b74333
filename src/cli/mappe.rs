//! `sachstand mappe`: finds the project's reports (or `--ordner`), builds the Sitzungsmappe
//! (`sachstand::mappe`), prints its notes and writes the PDF.

use std::path::PathBuf;

use time::Date;

use crate::cli::{Exit, Settings as AppSettings};
use sachstand::error::Error;
use sachstand::mappe::{Note, Request, build};
use sachstand::output::write_atomic;
use sachstand::project;
use sachstand::typeset::render::Renderer;

/// Settings of `mappe`, checked.
#[derive(Debug)]
pub struct MappeSettings {
    /// Gremium by key or full name.
    pub gremium: String,
    /// Meeting date.
    pub termin: Date,
    /// Folder with the reports (`None`: every report of the project).
    pub ordner: Option<PathBuf>,
    /// Where to write the PDF.
    pub output: Option<PathBuf>,
    /// Each Vorlage starts on a recto (odd) page, for double-sided printing.
    pub doppelseitig: bool,
    /// The public Mappe only: nichtöffentliche Vorlagen left out.
    pub oeffentlich: bool,
}

/// Builds and writes the Sitzungsmappe.
pub fn run(app: &AppSettings, m: &MappeSettings) -> Result<Exit, Error> {
    let (settings_file, files, folder) = sources(m)?;
    let project = match project::find(&settings_file)? {
        Ok(project) => project,
        Err(diags) => {
            diags
                .iter()
                .for_each(|d| eprint!("{}", d.render(app.color)));
            return Ok(Exit::InputError);
        }
    };
    let request = Request {
        gremium: &m.gremium,
        termin: m.termin,
        doppelseitig: m.doppelseitig,
        output: m.output.as_deref(),
        oeffentlich: m.oeffentlich,
    };
    let mut notes = Vec::new();
    let renderer = Renderer::new(app.templates.clone());
    let built = build(&renderer, &project, &files, &folder, &request, &mut notes)?;
    for note in &notes {
        match note {
            Note::Text(text) => eprintln!("{text}"),
            Note::Diagnostic(d) => eprint!("{}", d.render(app.color)),
        }
    }
    let Some(mappe) = built else {
        return Ok(Exit::InputError);
    };
    if mappe.ausgelassen > 0 {
        eprintln!(
            "hinweis: {} nicht aufgenommen (--oeffentlich)",
            sachstand::german::count(
                mappe.ausgelassen,
                "nichtöffentliche Vorlage",
                "nichtöffentliche Vorlagen"
            )
        );
    }
    write_atomic(&mappe.target, &mappe.pdf)?;
    crate::say!(
        "Sitzungsmappe geschrieben: {} ({}, {})",
        mappe.target.display(),
        sachstand::german::count(mappe.vorlagen, "Vorlage", "Vorlagen"),
        sachstand::german::count(mappe.seiten, "Seite", "Seiten")
    );
    Ok(Exit::Success)
}

/// The settings file, the report files and the folder the Mappe is written to: from
/// `--ordner` (relative to the current folder) or from the project around the current folder.
fn sources(m: &MappeSettings) -> Result<(PathBuf, Vec<PathBuf>, PathBuf), Error> {
    match &m.ordner {
        Some(ordner) => {
            if !ordner.is_dir() {
                let cwd = std::env::current_dir().unwrap_or_default();
                return Err(Error::Usage(format!(
                    "--ordner {}: diesen Ordner gibt es nicht (gesucht in {})",
                    ordner.display(),
                    cwd.display()
                )));
            }
            let files = sachstand::project::files::reports(ordner);
            Ok((ordner.join(project::FILE_NAME), files, ordner.clone()))
        }
        None => {
            let root = sachstand::project::files::root_from_cwd().ok_or_else(|| {
                Error::Usage(
                    "in diesem Ordner und darüber gibt es kein sachstand.toml; wechseln Sie in den Projektordner oder nennen Sie den Berichtsordner mit --ordner ORDNER".into(),
                )
            })?;
            let files = sachstand::project::files::reports(&root);
            let reports = root.join("reports");
            let folder = if reports.is_dir() {
                reports
            } else {
                root.clone()
            };
            Ok((
                sachstand::project::files::shown(&root).join(project::FILE_NAME),
                files,
                folder,
            ))
        }
    }
}
