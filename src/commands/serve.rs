//! `sachstand serve`: finds the project and hands it to the local editor (`crate::serve`).

use crate::app::{Exit, Settings};
use crate::error::Error;
use crate::serve::ServeSettings;

/// Runs the editor until Ctrl+C.
pub fn run(settings: &Settings, serve: &ServeSettings) -> Result<Exit, Error> {
    crate::serve::run(settings.templates.clone(), serve)?;
    Ok(Exit::Success)
}
