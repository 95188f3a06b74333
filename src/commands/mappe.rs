//! `sachstand mappe`: every Vorlage of one Sitzung in one PDF.
//!
//! Collects the reports in a folder whose Beratungsfolge puts them before the Gremium on the
//! date, renders each as a part (`mappenteil` in layout.typ) and puts a cover page with a
//! table of contents in front: one document, continuous page numbers, a PDF bookmark per
//! Vorlage.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use time::Date;

use crate::app::{Exit, Settings as AppSettings};
use crate::diag::closest;
use crate::error::Error;
use crate::load::load;
use crate::output::write_atomic;
use crate::pdf::{compile, evict_cache};
use crate::pipeline::prepare;
use crate::project::{self, is_key};
use crate::project_files;
use crate::render::Renderer;
use crate::view::LogoView;
use crate::world::SachstandWorld;
use rayon::prelude::*;

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
}

/// The cover's values.
#[derive(Serialize)]
struct Deckblatt {
    stadt: String,
    gremium: String,
    /// ISO date (`2023-02-23`).
    termin: String,
    /// `Donnerstag, 23. Februar 2023`
    wochentag: String,
    /// `18:00`, from the register.
    beginn: Option<String>,
    /// Where the Gremium meets, from the register.
    ort: Option<String>,
    logo: Option<LogoView>,
    doppelseitig: bool,
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
    let settings = project.settings();
    let registered = settings.gremium_named(&m.gremium);
    let gremium = match registered {
        Some(g) => g.name.clone(),
        None if is_key(&m.gremium) => {
            let keys: Vec<&str> = settings.gremien.iter().map(|g| g.key.as_str()).collect();
            let hint = closest(&m.gremium, keys.iter().copied())
                .map(|k| format!(" Meinten Sie `{k}`?"))
                .unwrap_or_default();
            return Err(Error::Usage(format!(
                "--gremium {}: dieses Gremium steht nicht im Gremienverzeichnis.{hint}",
                m.gremium
            )));
        }
        None => m.gremium.clone(),
    };
    // Which reports go before this Gremium on this date.
    let mut members = Vec::new();
    let mut near = Vec::new();
    for file in &files {
        let Ok(Ok(mut loaded)) = load(file) else {
            eprintln!(
                "warnung: {} ist fehlerhaft und wurde übersprungen (sachstand check zeigt, warum)",
                file.display()
            );
            continue;
        };
        let _ = project::apply(&settings, &mut loaded);
        let r = &loaded.data;
        if let Some(b) = r
            .beratungsfolge
            .iter()
            .find(|b| b.gremium == gremium && crate::register_check::is_near(b.termin.0, m.termin))
            && !r
                .beratungsfolge
                .iter()
                .any(|b| b.gremium == gremium && b.termin.0 == m.termin)
        {
            near.push(format!(
                "{} (Termin {} statt {})",
                project_files::shown(file).display(),
                b.termin,
                crate::german::date_short(m.termin)
            ));
        }
        if r.beratungsfolge
            .iter()
            .any(|b| b.gremium == gremium && b.termin.0 == m.termin)
        {
            members.push((
                r.kopf.nummer.clone().unwrap_or_default(),
                r.kopf.datum,
                file.clone(),
            ));
        }
    }
    if !near.is_empty() {
        eprintln!(
            "hinweis: nicht aufgenommen, weil der Termin nahe bei, aber nicht auf der Sitzung liegt:"
        );
        for item in &near {
            eprintln!("  - {item}");
        }
    }
    if members.is_empty() {
        eprintln!(
            "fehler: keine Vorlage in {} steht am {} vor dem Gremium „{gremium}“",
            project_files::shown(&folder).display(),
            crate::german::date_short(m.termin)
        );
        return Ok(Exit::InputError);
    }
    members.sort();
    members.dedup_by(|b, a| {
        let same = !a.0.is_empty() && a.0 == b.0;
        if same {
            eprintln!(
                "warnung: {} hat dieselbe Vorlagen-Nr. {} wie {} und wurde nicht aufgenommen",
                project_files::shown(&b.2).display(),
                b.0,
                project_files::shown(&a.2).display()
            );
        }
        same
    });

    let renderer = Renderer::new(app.templates.clone());
    let logo = project.logo.as_ref().map(|l| LogoView {
        datei: l.virtual_path.clone(),
        alt: l.alt.clone(),
    });
    let stadt = settings
        .stadt
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let cover = Deckblatt {
        stadt,
        gremium: gremium.clone(),
        termin: crate::german::date_iso(m.termin),
        wochentag: crate::german::date_weekday(m.termin),
        beginn: registered.and_then(|g| g.beginn_am(m.termin).map(|b| b.0.clone())),
        ort: registered.and_then(|g| g.ort_am(m.termin).map(str::to_owned)),
        logo,
        doppelseitig: m.doppelseitig,
    };
    let mut markup = match renderer.render("_mappe", &cover) {
        Ok(markup) => markup,
        Err(diag) => {
            eprint!("{}", diag.render(app.color));
            return Ok(Exit::InputError);
        }
    };
    let mut failed = false;
    // Each Vorlage's markup on every core; Typst then lays out the parts (separate page runs)
    // in parallel itself.
    let parts: Vec<_> = members
        .par_iter()
        .map(|(_, _, file)| prepare(file, &renderer, true))
        .collect();
    for part in parts {
        let (outcome, _) = part?;
        outcome
            .diagnostics
            .iter()
            .for_each(|d| eprint!("{}", d.render(app.color)));
        match (&outcome.markup, outcome.has_errors()) {
            (Some(part), false) => markup.push_str(part),
            _ => failed = true,
        }
    }
    if failed {
        eprintln!("Keine Sitzungsmappe: bitte die Fehler oben beheben.");
        return Ok(Exit::InputError);
    }
    let key = settings
        .gremium_named(&m.gremium)
        .map_or_else(|| crate::commands::oparl::slug(&gremium), |g| g.key.clone());
    let target = m.output.clone().unwrap_or_else(|| {
        project_files::shown(&folder).join(format!("sitzungsmappe-{key}-{}.pdf", cover.termin))
    });
    let mut world = SachstandWorld::new(markup, Arc::clone(renderer.set()), m.termin);
    if let Some(logo) = &project.logo {
        world = world.with_file(&logo.virtual_path, logo.bytes.clone());
    }
    let standards = settings.pdf.map(|p| p.standard).unwrap_or_default();
    let name = target.with_extension("typ").display().to_string();
    let compiled = match compile(&world, &name, &standards) {
        Ok(compiled) => compiled,
        Err(diags) => {
            diags
                .iter()
                .for_each(|d| eprint!("{}", d.render(app.color)));
            return Ok(Exit::InputError);
        }
    };
    evict_cache();
    write_atomic(Path::new(&target), &compiled.pdf)?;
    println!(
        "Sitzungsmappe geschrieben: {} ({}, {})",
        target.display(),
        crate::german::count(members.len(), "Vorlage", "Vorlagen"),
        crate::german::count(compiled.pages, "Seite", "Seiten")
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
            let files = project_files::reports(ordner);
            Ok((ordner.join(project::FILE_NAME), files, ordner.clone()))
        }
        None => {
            let root = project_files::root_from_cwd().ok_or_else(|| {
                Error::Usage(
                    "in diesem Ordner und darüber gibt es kein sachstand.toml; wechseln Sie in den Projektordner oder nennen Sie den Berichtsordner mit --ordner ORDNER".into(),
                )
            })?;
            let files = project_files::reports(&root);
            let reports = root.join("reports");
            let folder = if reports.is_dir() {
                reports
            } else {
                root.clone()
            };
            Ok((
                project_files::shown(&root).join(project::FILE_NAME),
                files,
                folder,
            ))
        }
    }
}
