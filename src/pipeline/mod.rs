//! One report through the whole pipeline: load → validate → view → render → compile.
//!
//! Shared by `render` and `check`, so both see exactly the same problems. Stops at the first
//! stage that has errors (later stages would only repeat them), but keeps every problem of
//! that stage and all warnings.

pub mod cache;
pub mod draft;

use crate::paths::Canonical;
use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::error::Error;
use crate::project::anlage::AnlageDatei;
use crate::project::{self, Project};
use crate::report::changes::Changes;
use crate::report::load::{Loaded, load};
use crate::report::model::Report;
use crate::rules::validate::validate;
use crate::typeset::fonts::fonts;
use crate::typeset::pdf::{Compiled, compile, evict_cache};
use crate::typeset::render::Renderer;
use crate::typeset::templates::SUFFIX;
use crate::typeset::view::{LogoView, View};
use crate::typeset::world::SachstandWorld;
use typst_layout::PagedDocument;
use typst_pdf::PdfStandard;

/// What came of one report.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every problem found, errors and warnings, in order of the stages.
    pub diagnostics: Vec<Diagnostic>,
    /// The generated Typst markup, if rendering got that far.
    pub markup: Option<String>,
    /// The PDF, if there were no errors.
    pub compiled: Option<Compiled>,
    /// The report, if it could be read.
    pub loaded: Option<Loaded>,
    /// The files the report attaches as Anlagen, read and recognised.
    pub anlagen: Vec<crate::project::anlage::AnlageDatei>,
}

impl Outcome {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Runs `path` through the pipeline; `main_name` names the generated Typst in messages
/// (`None`: a name derived from the report).
/// `standards`: the PDF standards to meet; `None` takes the project's default.
pub fn process(
    path: &Path,
    renderer: &Renderer,
    main_name: Option<&str>,
    standards: Option<&[PdfStandard]>,
) -> Result<Outcome, Error> {
    let (mut outcome, project) = prepare(path, renderer, false)?;
    let (Some(project), Some(markup), Some(loaded)) = (project, &outcome.markup, &outcome.loaded)
    else {
        return Ok(outcome);
    };
    let (mut world, default_name) = world(&project, renderer, markup, loaded);
    for anlage in &outcome.anlagen {
        world = world.with_anlage(anlage);
    }
    let default_standards = project
        .settings()
        .pdf
        .map(|p| p.standard)
        .unwrap_or_default();
    let standards = standards.unwrap_or(&default_standards);
    match compile(&world, main_name.unwrap_or(&default_name), standards) {
        Ok(compiled) => {
            outcome
                .diagnostics
                .extend(compiled.warnings.iter().cloned());
            outcome.compiled = Some(compiled);
        }
        Err(diagnostics) => outcome.diagnostics.extend(diagnostics),
    }
    crate::diag::sort_by_position(&mut outcome.diagnostics);
    evict_cache();
    Ok(outcome)
}

/// The Typst world of a report's markup (logo included) and the name of its generated source.
fn world(
    project: &Project,
    renderer: &Renderer,
    markup: &str,
    loaded: &Loaded,
) -> (SachstandWorld, String) {
    let report = &loaded.data;
    let name = format!(
        "{}.typ (erzeugt aus {}{SUFFIX})",
        loaded.stem(),
        report.vorlage
    );
    let mut world = SachstandWorld::new(
        markup.to_owned(),
        Arc::clone(renderer.set()),
        report.kopf.datum.0,
    );
    if let Some(logo) = &project.logo {
        world = world.with_file(&logo.virtual_path, logo.bytes.clone());
    }
    (world, name)
}

/// Runs `path` through the same stages as `process`, but stops at Typst's layout: the pages
/// for the editor's preview, and every problem `check` would name before the PDF export.
pub fn layout(path: &Path, renderer: &Renderer) -> Result<(Outcome, Option<PagedDocument>), Error> {
    let (mut outcome, project) = prepare(path, renderer, false)?;
    let (Some(project), Some(markup), Some(loaded)) = (project, &outcome.markup, &outcome.loaded)
    else {
        return Ok((outcome, None));
    };
    let (mut world, name) = world(&project, renderer, markup, loaded);
    for anlage in &outcome.anlagen {
        world = world.with_anlage(anlage);
    }
    let document = match crate::typeset::pdf::layout(&world, &name) {
        Ok((document, warnings)) => {
            outcome.diagnostics.extend(warnings);
            Some(document)
        }
        Err(diagnostics) => {
            outcome.diagnostics.extend(diagnostics);
            None
        }
    };
    crate::diag::sort_by_position(&mut outcome.diagnostics);
    evict_cache();
    Ok((outcome, document))
}

/// Everything up to the Typst markup: project, load, settings, rules, template. `teil`
/// renders the Vorlage as one part of a Sitzungsmappe. The project is returned when the
/// markup was made.
pub fn prepare(
    path: &Path,
    renderer: &Renderer,
    teil: bool,
) -> Result<(Outcome, Option<Project>), Error> {
    let mut outcome = Outcome::default();
    if path.file_name().is_some_and(|n| n == project::FILE_NAME) {
        outcome.diagnostics.push(
            Diagnostic::error(format!(
                "{} ist die Einstellungsdatei des Projekts, kein Bericht",
                path.display()
            ))
            .in_file(path.display().to_string())
            .hint("nennen Sie die Berichtsdateien, z. B. `reports/*.toml`; `sachstand check` ohne Datei prüft alle Berichte und sachstand.toml"),
        );
        return Ok((outcome, None));
    }
    let project = match project::find(path)? {
        Ok(project) => project,
        Err(diagnostics) => {
            outcome.diagnostics = diagnostics;
            return Ok((outcome, None));
        }
    };
    let mut loaded = match load(path)? {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            outcome.diagnostics = diagnostics;
            return Ok((outcome, None));
        }
    };
    let own_signatures = !loaded.data.unterschriften.is_empty();
    outcome.diagnostics = project::apply(&project.settings(), &mut loaded);
    if let (false, Some(settings)) = (own_signatures, &project.settings) {
        let placeholders = project::signature_placeholders(settings);
        outcome.diagnostics.extend(placeholders);
    }
    outcome
        .diagnostics
        .extend(validate(&loaded, renderer.kinds(), fonts()));
    let settings = project.settings();
    outcome
        .diagnostics
        .extend(crate::rules::register::check(&settings, &loaded));
    let plausible = crate::rules::plausibility::check(&loaded, renderer.set());
    let (anlagen, unattachable) = anlagen(&loaded, &project);
    let released = crate::report::freigabe::check(&loaded, &project::anlage::digests(&anlagen));
    outcome.anlagen = anlagen;
    outcome
        .diagnostics
        .extend(plausible.into_iter().chain(released).chain(unattachable));
    let previous = match previous_report(&loaded, &project)? {
        Ok(previous) => previous,
        Err(diag) => {
            outcome.diagnostics.push(diag);
            None
        }
    };
    crate::diag::sort_by_position(&mut outcome.diagnostics);
    if outcome.has_errors() {
        outcome.loaded = Some(loaded);
        return Ok((outcome, None));
    }
    match markup(
        &loaded,
        &project,
        renderer,
        teil,
        previous.as_ref(),
        &outcome.anlagen,
    ) {
        Ok(markup) => outcome.markup = Some(markup),
        Err(diag) => outcome.diagnostics.push(diag),
    }
    let made = outcome.markup.is_some();
    outcome.loaded = Some(loaded);
    Ok((outcome, made.then_some(project)))
}

/// The files the report attaches, read, and each PDF's pages measured; every file that
/// cannot be attached is an error at its `datei` key.
fn anlagen(loaded: &Loaded, project: &Project) -> (Vec<AnlageDatei>, Vec<Diagnostic>) {
    let (mut files, mut problems) = project::anlage::read_all(loaded, &project.root);
    let key = project::anlage::list(&loaded.data).map_or("anlagen", |(key, _)| key);
    files.retain_mut(|file| {
        let inspected = if file.art == project::anlage::Art::Pdf {
            crate::typeset::anlagen::inspect::pages(&file.datei, &file.bytes)
        } else {
            crate::typeset::anlagen::inspect::image(&file.datei, file.art, &file.bytes)
                .map(|()| Vec::new())
        };
        match inspected {
            Ok(seiten) => {
                file.seiten = seiten;
                true
            }
            Err((message, hint)) => {
                let at = format!("{key}[{}].datei", file.nummer);
                problems.push(loaded.error_at(&at, message).hint(hint));
                false
            }
        }
    });
    (files, problems)
}

/// The Typst markup of a loaded report (settings applied), with the prose of what changed
/// since `previous`.
fn markup(
    loaded: &Loaded,
    project: &Project,
    renderer: &Renderer,
    teil: bool,
    previous: Option<&Report>,
    anlagen: &[AnlageDatei],
) -> Result<String, Diagnostic> {
    let report = &loaded.data;
    let mut view = View::new(report);
    view.anlagen = crate::typeset::anlagen::views(report, anlagen);
    view.teil = teil;
    let digests = project::anlage::digests(anlagen);
    view.entwurf = crate::report::freigabe::stand(loaded, &digests).is_draft();
    view.unterschrift_gez = project.settings().unterschrift_gez();
    let changes = previous.map(|old| Changes::between(old, report));
    view.prosa = crate::prose::build(report, changes.as_ref());
    view.logo = project.logo.as_ref().map(|l| LogoView {
        datei: l.virtual_path.clone(),
        alt: l.alt.clone(),
    });
    renderer.render(&report.vorlage, &view)
}

/// The report named in `vorheriger`, read with the same project settings. It must lie inside
/// the project; a problem with it is a diagnostic at the `vorheriger` key (a warning when it
/// is missing: the report then simply does not say what changed).
pub fn previous_report(
    loaded: &Loaded,
    project: &Project,
) -> Result<Result<Option<Report>, Diagnostic>, Error> {
    let Some(rel) = &loaded.data.vorheriger else {
        return Ok(Ok(None));
    };
    let folder = loaded.path.parent().unwrap_or(Path::new("."));
    let path = folder.join(rel);
    let inside = path
        .canonical()
        .is_ok_and(|real| real.starts_with(&project.root));
    if !inside {
        return Ok(Err(loaded
            .warning_at("vorheriger", format!("den vorherigen Bericht „{rel}“ gibt es nicht im Projektordner; der Absatz über das seither Geschehene entfällt"))
            .hint("der Pfad gilt relativ zu diesem Bericht, z. B. `vorheriger = \"2022-11-integrationsstrategie.toml\"`")));
    }
    match load(&path)? {
        Ok(mut previous) => {
            let _ = project::apply(&project.settings(), &mut previous);
            Ok(Ok(Some(previous.data)))
        }
        Err(problems) => Ok(Err(loaded
            .error_at(
                "vorheriger",
                format!(
                    "der vorherige Bericht „{rel}“ ist fehlerhaft ({})",
                    crate::german::count(problems.len(), "Befund", "Befunde")
                ),
            )
            .hint(format!(
                "prüfen Sie ihn mit `sachstand check {}`",
                crate::shell::quote(&path)
            )))),
    }
}
