//! Releasing a Vorlage (`sachstand freigabe`): the report is checked like `check` does, every
//! Mitzeichnung must have its date, and then the record `[freigabe]` (who, when, the hash of
//! the content) is written into the report itself.
//!
//! Invariants: the record is written under the project's lock, only over exactly the text that
//! was checked (`output::replace_unchanged`), so a change made meanwhile (a colleague's editor,
//! a text editor) is never overwritten and never released unseen. "When" is passed in.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::error::Error;
use crate::pipeline;
use crate::report::freigabe::{self, Stand};
use crate::report::model::Freigabe;
use crate::typeset::render::Renderer;

/// What a release did.
#[derive(Debug)]
pub struct Released {
    /// The hash of the released content (`sha256:…`).
    pub inhalt: String,
    /// The record this one replaced, if the paper had been released before.
    pub vorher: Option<Freigabe>,
    /// Warnings `check` gives for the paper (it is released nevertheless).
    pub warnings: Vec<Diagnostic>,
}

/// Releases the report at `path` in the name of `durch` at the instant `at` (recorded in
/// Berlin time). Problems in the
/// report (errors, open Mitzeichnungen) come back as diagnostics and nothing is written.
pub fn release(
    path: &Path,
    renderer: &Renderer,
    durch: &str,
    at: time::OffsetDateTime,
) -> Result<Result<Released, Vec<Diagnostic>>, Error> {
    let (outcome, project) = pipeline::prepare(path, renderer, false)?;
    let Some(loaded) = &outcome.loaded else {
        return Ok(Err(outcome.diagnostics));
    };
    let open: Vec<Diagnostic> = loaded
        .data
        .mitzeichnung
        .iter()
        .enumerate()
        .filter(|(_, m)| m.is_open())
        .map(|(i, m)| {
            loaded
                .error_at(
                    &format!("mitzeichnung[{}]", i + 1),
                    format!(
                        "die Mitzeichnung durch {} steht noch aus: so wird die Vorlage nicht freigegeben",
                        m.stelle
                    ),
                )
                .hint("tragen Sie das Datum der Mitzeichnung ein (`datum = 2023-02-01`), oder nehmen Sie die Zeile heraus, wenn die Stelle nicht mitzeichnen muss")
        })
        .collect();
    let (Some(project), false, true) = (project, outcome.has_errors(), open.is_empty()) else {
        let mut problems: Vec<Diagnostic> = outcome
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .chain(open)
            .collect();
        crate::diag::sort_by_position(&mut problems);
        return Ok(Err(problems));
    };
    let digests = crate::project::anlage::digests(&outcome.anlagen);
    let vorher = match freigabe::stand(loaded, &digests) {
        Stand::Entwurf => None,
        Stand::Freigegeben(record) | Stand::Geaendert(record) => Some(record.clone()),
    };
    let am = crate::berlin::format(crate::berlin::in_berlin(at));
    let checked = loaded.source.text.to_string();
    let Some((text, inhalt)) = freigabe::with_record(&checked, durch, &am, &digests) else {
        return Err(Error::Usage(format!(
            "{} ist kein gültiges TOML",
            path.display()
        )));
    };
    let _held = crate::lock::exclusive(&project.root, "der Projektordner")?;
    let replaced = crate::output::replace_unchanged(path, text.as_bytes(), |before| {
        before == checked.as_bytes()
    })?;
    if !replaced {
        return Err(Error::Usage(format!(
            "{} wurde während der Prüfung geändert; nichts freigegeben. Prüfen Sie die Änderung und rufen Sie `sachstand freigabe` erneut auf",
            path.display()
        )));
    }
    let warnings = outcome
        .diagnostics
        .into_iter()
        .filter(|d| !d.is_error() && !d.message.starts_with("freigegeben durch"))
        .collect();
    Ok(Ok(Released {
        inhalt,
        vorher,
        warnings,
    }))
}
