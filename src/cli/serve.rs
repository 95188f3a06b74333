//! `sachstand serve`: finds the project and hands it to the local editor (`sachstand::serve`).

use crate::cli::{Exit, Settings};
use sachstand::error::Error;
use sachstand::serve::ServeSettings;

/// Runs the editor until Ctrl+C.
pub fn run(settings: &Settings, serve: &ServeSettings) -> Result<Exit, Error> {
    sachstand::serve::run(settings.templates.clone(), serve, |url| {
        crate::say!("{url}");
        eprintln!(
            "sachstand serve: Projekt {} – öffnen Sie die Adresse oben im Browser; beenden mit Strg+C",
            serve.root.display()
        );
    })?;
    Ok(Exit::Success)
}
