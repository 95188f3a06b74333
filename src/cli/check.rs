//! `sachstand check`: the whole pipeline without writing anything, all problems of all files.
//!
//! Reports are checked on every core (`batch`), their findings printed in the order named.
//! What a report's check found is kept by content (`check_cache`): a second check of an
//! unchanged project only reads its reports. Vorlagen-Nr. used twice are found over the whole
//! project on every run (they depend on other files).

use sachstand::paths::Canonical;
use std::collections::HashSet;
use std::path::Path;

use crate::cli::args::Format;
use crate::cli::batch;
use crate::cli::{CheckSettings, Exit, Settings};
use sachstand::error::Error;
use sachstand::german::count;
use sachstand::pipeline::cache::{CheckCache, Finding};
use sachstand::pipeline::process;
use sachstand::project;
use sachstand::typeset::render::Renderer;

/// What checking one report gave.
pub(crate) struct Checked {
    /// Its findings, in order.
    pub(crate) findings: Vec<Finding>,
    /// Whether it is öffentlich (a nichtöffentliche Vorlage is counted in the summary).
    oeffentlich: bool,
    /// `--formen`: the derived forms.
    formen: Option<String>,
    /// Whether the report could be read as a report (duplicates are only added then).
    loaded: bool,
}

/// Checks one report, or takes what an earlier check of the same content found.
pub(crate) fn check_one(
    file: &Path,
    renderer: &Renderer,
    cache: Option<&CheckCache>,
    formen: bool,
) -> Result<Checked, Error> {
    let key = cache.filter(|_| !formen).and_then(|c| c.key(file));
    if let (Some(cache), Some(key)) = (cache, &key)
        && let Some(stored) = cache.get(key)
    {
        return Ok(Checked {
            findings: stored.befunde,
            oeffentlich: stored.oeffentlich,
            formen: None,
            loaded: true,
        });
    }
    let outcome = process(file, renderer, None, None)?;
    let findings: Vec<Finding> = outcome.diagnostics.iter().map(Finding::of).collect();
    let oeffentlich = outcome
        .loaded
        .as_ref()
        .is_none_or(|l| l.data.kopf.is_public());
    // Only a report that could be read is kept: its findings are then all there are. And only
    // when it (and what it names) did not change while it was checked: the key must name the
    // content the result belongs to.
    if let (Some(cache), Some(key), true) = (cache, &key, outcome.loaded.is_some())
        && cache.key(file).as_ref() == Some(key)
    {
        cache.put(
            key,
            &sachstand::pipeline::cache::Checked {
                befunde: findings.clone(),
                oeffentlich,
            },
        );
    }
    Ok(Checked {
        findings,
        oeffentlich,
        formen: outcome
            .loaded
            .as_ref()
            .filter(|_| formen)
            .map(crate::cli::formen::describe),
        loaded: outcome.loaded.is_some(),
    })
}

/// The findings shown so far: each shown once (the project's settings are found once per
/// report), all kept for the summary.
struct Shown {
    /// Every finding shown, in order.
    all: Vec<Finding>,
    /// The plain texts of those findings.
    seen: HashSet<String>,
    /// Whether findings are printed as text (not JSON).
    text: bool,
    /// Whether the text is coloured.
    color: bool,
}

impl Shown {
    /// The text of the findings not shown yet, for stderr; each is kept in `all`.
    fn show(&mut self, findings: Vec<Finding>) -> String {
        let mut out = String::new();
        for finding in findings {
            if !self.seen.insert(finding.plain.clone()) {
                continue; // the project's settings are found once per report
            }
            if self.text {
                out.push_str(if self.color {
                    &finding.colored
                } else {
                    &finding.plain
                });
            }
            self.all.push(finding);
        }
        out
    }
}

/// Prints the findings of the project's `sachstand.toml` at `root` (and a note when it has no
/// report yet).
fn check_project(root: &Path, check: &CheckSettings, shown: &mut Shown) -> Result<(), Error> {
    let file = sachstand::project::files::shown(root).join(project::FILE_NAME);
    let found = match project::find(&file)? {
        Err(diags) => diags,
        Ok(project) => project.warnings,
    };
    eprint!("{}", shown.show(found.iter().map(Finding::of).collect()));
    if check.files.is_empty() && shown.text {
        eprintln!(
            "hinweis: im Projekt {} gibt es noch keinen Bericht",
            sachstand::project::files::shown(root).display()
        );
    }
    Ok(())
}

/// Checks every report and prints the problems and a one-line summary.
pub fn run(settings: &Settings, check: &CheckSettings) -> Result<Exit, Error> {
    let renderer = Renderer::new(settings.templates.clone());
    let mut shown = Shown {
        all: Vec::new(),
        seen: HashSet::new(),
        text: check.format == Format::Text,
        color: settings.color,
    };
    if let Some(root) = &check.project {
        check_project(root, check, &mut shown)?;
    }
    let root = check
        .files
        .first()
        .and_then(|f| sachstand::project::files::root_of_file(f));
    let project_reports = root
        .as_deref()
        .map(sachstand::project::files::reports)
        .unwrap_or_default();
    let cache = root
        .as_deref()
        .and_then(|root| CheckCache::new(root, &settings.templates));
    let mut duplicates = sachstand::project::files::duplicates(&check.files, &project_reports);
    let mut closed = 0;
    let outcome = batch::run_then(
        &check.files,
        None,
        !shown.text,
        |file| check_one(file, &renderer, cache.as_ref(), check.formen),
        |file, checked| {
            if let Some(formen) = checked.formen {
                crate::say!("{formen}");
            }
            closed += usize::from(!checked.oeffentlich);
            let mut findings = checked.findings;
            let real = file.canonical().unwrap_or_else(|_| file.clone());
            let (mine, rest): (Vec<_>, Vec<_>) =
                duplicates.drain(..).partition(|(p, _)| *p == real);
            duplicates = rest;
            if checked.loaded {
                findings.extend(mine.iter().map(|(_, d)| Finding::of(d)));
            }
            Ok(batch::Printed {
                stderr: shown.show(findings),
                ..batch::Printed::default()
            })
        },
    );
    let skipped = match &outcome {
        Err(Error::Skipped { items, .. }) => items.clone(),
        _ => Vec::new(),
    };
    if !matches!(outcome, Ok(_) | Err(Error::Skipped { .. })) {
        return outcome.map(|_| Exit::Success);
    }
    let errors = summarise(check, &shown.all, closed, &skipped);
    outcome?;
    Ok(if errors > 0 {
        Exit::InputError
    } else {
        Exit::Success
    })
}

/// Prints the summary of `all` (text on stderr, or the JSON on stdout); returns the number of
/// errors.
fn summarise(check: &CheckSettings, all: &[Finding], closed: usize, skipped: &[String]) -> usize {
    let errors = all.iter().filter(|f| f.error).count();
    let warnings = all.len() - errors;
    let closed_note = if closed > 0 {
        format!(" (davon {closed} nichtöffentlich)")
    } else {
        String::new()
    };
    let summary = format!(
        "{} geprüft{closed_note}, {}, {}",
        count(check.files.len() - skipped.len(), "Bericht", "Berichte"),
        count(errors, "Fehler", "Fehler"),
        count(warnings, "Warnung", "Warnungen")
    );
    match check.format {
        Format::Text => eprintln!("{summary}"),
        Format::Json => {
            let json = serde_json::json!({
                "berichte": check.files.len() - skipped.len(),
                "nichtoeffentlich": closed,
                "uebersprungen": skipped,
                "fehler": errors,
                "warnungen": warnings,
                "befunde": all.iter().map(|f| &f.json).collect::<Vec<_>>(),
            });
            crate::say!("{json:#}");
        }
    }
    errors
}
