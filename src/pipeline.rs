//! One report through the whole pipeline: load → validate → view → render → compile.
//!
//! Shared by `render` and `check`, so both see exactly the same problems. Stops at the first
//! stage that has errors (later stages would only repeat them), but keeps every problem of
//! that stage and all warnings.

use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::error::Error;
use crate::fonts::fonts;
use crate::load::{Loaded, load};
use crate::pdf::{Compiled, compile, evict_cache};
use crate::project;
use crate::render::Renderer;
use crate::templates::SUFFIX;
use crate::validate::validate;
use crate::view::{LogoView, View};
use crate::world::SachstandWorld;

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
}

impl Outcome {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Runs `path` through the pipeline; `main_name` names the generated Typst in messages
/// (`None`: a name derived from the report).
pub fn process(
    path: &Path,
    renderer: &Renderer,
    main_name: Option<&str>,
) -> Result<Outcome, Error> {
    let mut outcome = Outcome::default();
    let project = match project::find(path)? {
        Ok(project) => project,
        Err(diagnostics) => {
            outcome.diagnostics = diagnostics;
            return Ok(outcome);
        }
    };
    let mut loaded = match load(path)? {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            outcome.diagnostics = diagnostics;
            return Ok(outcome);
        }
    };
    outcome.diagnostics = project::apply(&project.settings(), &mut loaded);
    outcome
        .diagnostics
        .extend(validate(&loaded, renderer.kinds(), fonts()));
    if outcome.has_errors() {
        outcome.loaded = Some(loaded);
        return Ok(outcome);
    }
    let report = &loaded.data;
    let mut view = View::new(report);
    view.logo = project.logo.as_ref().map(|l| LogoView {
        datei: l.virtual_path.clone(),
        alt: l.alt.clone(),
    });
    let markup = match renderer.render(&report.vorlage, &view) {
        Ok(markup) => markup,
        Err(diag) => {
            outcome.diagnostics.push(diag);
            outcome.loaded = Some(loaded);
            return Ok(outcome);
        }
    };
    let default_name = format!(
        "{}.typ (erzeugt aus {}{SUFFIX})",
        loaded.stem(),
        report.vorlage
    );
    let mut world = SachstandWorld::new(
        markup.clone(),
        Arc::clone(renderer.set()),
        report.kopf.datum.0,
    );
    if let Some(logo) = &project.logo {
        world = world.with_file(&logo.virtual_path, logo.bytes.clone());
    }
    match compile(&world, main_name.unwrap_or(&default_name)) {
        Ok(compiled) => {
            outcome
                .diagnostics
                .extend(compiled.warnings.iter().cloned());
            outcome.compiled = Some(compiled);
        }
        Err(diagnostics) => outcome.diagnostics.extend(diagnostics),
    }
    evict_cache();
    outcome.markup = Some(markup);
    outcome.loaded = Some(loaded);
    Ok(outcome)
}
