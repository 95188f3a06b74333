//! `sachstand ergebnis NR --gremium KEY --termin DATUM "ERGEBNIS"`: finds the archive and the
//! Gremium in the project's register, records the result (the library's
//! `archive::outcome::record`) and says what was recorded.

use crate::cli::Exit;
use crate::cli::args::ErgebnisArgs;
use sachstand::archive::outcome::{self, Request};
use sachstand::error::Error;

/// Records `ergebnis` (checked wording) for the Beratung on `termin` that `args` names.
pub fn run(args: &ErgebnisArgs, ergebnis: &'static str, termin: time::Date) -> Result<Exit, Error> {
    let folder = crate::cli::archive::existing_archive(args.archiv.as_deref())?;
    // The register of the project the archive belongs to (keys like `sbk`).
    let register = match sachstand::project::find(&folder.join(sachstand::archive::INDEX))? {
        Ok(project) => project
            .settings()
            .gremium_named(args.gremium.trim())
            .map(|g| (g.name.clone(), g.key.clone())),
        Err(_) => None,
    };
    let request = Request {
        nummer: args.nummer.clone(),
        gremium: args.gremium.clone(),
        register,
        termin,
        ergebnis,
        stimmen: [args.ja, args.nein, args.enthaltungen],
        von: crate::cli::sachstand_user(),
    };
    let done = outcome::record(&folder, &request, time::OffsetDateTime::now_utc())?;
    let stimmen = outcome::votes_text(request.stimmen)
        .map(|v| format!(" ({v})"))
        .unwrap_or_default();
    crate::say!(
        "Festgehalten: Vorlage {} „{}“, {} am {}: {}{stimmen}. Der Archivindex vermerkt es; OParl zeigt es als Tagesordnungspunkt der Sitzung.",
        done.ergebnis.ergebnis_zu,
        done.betreff,
        done.ergebnis.gremium,
        sachstand::german::date_short(termin),
        done.ergebnis.ergebnis
    );
    Ok(Exit::Success)
}
