//! `sachstand templates`: the Vorlagenarten available, each with one line of description.

use crate::cli::{Exit, Settings};
use sachstand::error::Error;

/// Prints one line per Vorlagenart: its name and its template's description.
pub fn run(settings: &Settings) -> Result<Exit, Error> {
    let kinds = settings.templates.kinds();
    let width = kinds.iter().map(|k| k.chars().count()).max().unwrap_or(0);
    for kind in &kinds {
        crate::say!("{kind:width$}  {}", settings.templates.description(kind));
    }
    Ok(Exit::Success)
}
