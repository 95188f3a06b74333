//! `sachstand freigabe DATEI --durch "Name, Amt"`: releases a Vorlage (the library's
//! `freigabe::release`) and says what was recorded, or prints why not.

use std::path::Path;

use crate::cli::{Exit, Settings};
use sachstand::error::Error;
use sachstand::typeset::render::Renderer;

/// Releases `file` in the name of `durch` at the instant `at`.
pub fn run(
    app: &Settings,
    file: &Path,
    durch: &str,
    at: time::OffsetDateTime,
) -> Result<Exit, Error> {
    let renderer = Renderer::new(app.templates.clone());
    match sachstand::freigabe::release(file, &renderer, durch, at)? {
        Ok(released) => {
            for warning in &released.warnings {
                eprint!("{}", warning.render(app.color));
            }
            if let Some(vorher) = &released.vorher {
                crate::say!(
                    "Die frühere Freigabe (durch {} am {}) ist ersetzt.",
                    vorher.durch,
                    sachstand::report::freigabe::when(vorher)
                );
            }
            crate::say!(
                "Freigegeben: {} durch {}, Inhalt {}. Jede spätere Änderung der Datei macht die Vorlage wieder zum Entwurf.",
                file.display(),
                durch,
                released.inhalt
            );
            Ok(Exit::Success)
        }
        Err(problems) => {
            for diag in &problems {
                eprint!("{}", diag.render(app.color));
            }
            eprintln!(
                "nicht freigegeben: {} bleibt ein Entwurf. Beheben Sie die Befunde und rufen Sie `sachstand freigabe` erneut auf.",
                file.display()
            );
            Ok(Exit::InputError)
        }
    }
}
