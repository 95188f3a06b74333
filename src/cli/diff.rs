//! `sachstand diff OLD NEW`: what changed between two reports, as a German list.

use std::path::Path;

use crate::cli::Exit;
use sachstand::error::Error;
use sachstand::project;
use sachstand::report::changes::Changes;
use sachstand::report::load::Loaded;

/// Loads `path` with its project's settings applied, or prints why it cannot.
pub fn load_with_settings(path: &Path, color: bool) -> Result<Option<Loaded>, Error> {
    let (loaded, diags) = project::load_report(path)?;
    diags.iter().for_each(|d| eprint!("{}", d.render(color)));
    Ok(loaded)
}

/// Prints the changes from `old` to `new`.
pub fn run(old: &Path, new: &Path, color: bool) -> Result<Exit, Error> {
    let (Some(a), Some(b)) = (
        load_with_settings(old, color)?,
        load_with_settings(new, color)?,
    ) else {
        return Ok(Exit::InputError);
    };
    if a.data.vorlage != b.data.vorlage {
        return Err(Error::Usage(format!(
            "{} ist eine Vorlage der Art `{}`, {} der Art `{}`: sachstand diff vergleicht nur Vorlagen derselben Art",
            old.display(),
            a.data.vorlage,
            new.display(),
            b.data.vorlage
        )));
    }
    if b.data.kopf.datum < a.data.kopf.datum {
        eprintln!(
            "warnung: NEU ({}, {}) ist älter als ALT ({}, {}); meinten Sie `sachstand diff {} {}`?",
            new.display(),
            b.data.kopf.datum,
            old.display(),
            a.data.kopf.datum,
            sachstand::shell::quote(new),
            sachstand::shell::quote(old)
        );
    }
    let changes = Changes::between(&a.data, &b.data);
    let sentences = sachstand::prose::since(
        &b.data,
        &changes,
        sachstand::prose::has_surveys(&b.data),
        &mut Vec::new(),
    );
    crate::say!(
        "Änderungen von {} ({}) zu {} ({}):",
        old.display(),
        a.data.kopf.datum,
        new.display(),
        b.data.kopf.datum
    );
    if changes.is_empty() {
        crate::say!("- keine");
    }
    for item in sentences.iter().chain(&changes.liste) {
        crate::say!("- {item}");
    }
    Ok(Exit::Success)
}
