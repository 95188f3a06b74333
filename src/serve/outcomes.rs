//! "Beratungsergebnis festhalten" on a report's archive page: one form per Beratung of the
//! archived Vorlage without a result (Ergebnis from the six results, optional votes), then
//! `archive::outcome::record`, exactly as `sachstand ergebnis NR --gremium … --termin …`. The
//! guard (Host, secret, same-origin) covers it like every change; the record runs under the
//! server's write lock and the archive's lock. The server checks every value itself (the
//! select's wording, the counts, the Beratung against the archived Beratungsfolge).

use std::sync::Arc;

use axum::extract::{Form, Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::archiving::{Entered, Shown, archive_page, environment_error};
use super::page::{blocking, not_found};
use super::state::AppState;
use crate::archive::outcome::{self, Request};
use crate::error::Error;

/// A vote count as entered: empty is none; anything but a whole number from 0 is refused
/// with the field's label.
fn count(label: &str, text: &str) -> Result<Option<u32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u32>().map(Some).map_err(|_| {
        format!(
            "„{label}“: bitte eine ganze Zahl ab 0 eintragen oder das Feld leer lassen (eingetragen: „{text}“). Nichts wurde festgehalten."
        )
    })
}

/// The form's values checked: the result in its wording, the Sitzung, the votes.
fn checked(values: &Entered) -> Result<(&'static str, time::Date, [Option<u32>; 3]), String> {
    let ergebnis = outcome::result_named(&values.ergebnis).map_err(|_| {
        "Bitte wählen Sie das Ergebnis der Beratung aus der Liste. Nichts wurde festgehalten."
            .to_owned()
    })?;
    let termin = crate::german::parse_iso_date(values.termin.trim()).ok_or_else(|| {
        "Die Sitzung dieses Formulars ist kein Datum; laden Sie die Seite neu. Nichts wurde festgehalten."
            .to_owned()
    })?;
    let stimmen = [
        count("Ja", &values.ja)?,
        count("Nein", &values.nein)?,
        count("Enthaltungen", &values.enthaltungen)?,
    ];
    Ok((ergebnis, termin, stimmen))
}

/// "Ergebnis festhalten": records the result of one Beratung of the report's archived Vorlage.
pub(super) async fn record_outcome(
    State(state): State<Arc<AppState>>,
    UrlPath(pfad): UrlPath<String>,
    Form(values): Form<Entered>,
) -> Response {
    let Some(path) = state.report(&pfad) else {
        return not_found(&state);
    };
    let show = |mut entered: Entered, status: StatusCode| {
        let state = Arc::clone(&state);
        let path = path.clone();
        async move {
            if status.is_success() {
                // Recorded: the form of that Beratung is gone, nothing to fill in again.
                entered.gremium.clear();
                entered.termin.clear();
            }
            let shown = Shown {
                ergebnis: Some(&entered),
                ..Shown::default()
            };
            archive_page(&state, &path, &shown, status).await
        }
    };
    let (ergebnis, termin, stimmen) = match checked(&values) {
        Ok(checked) => checked,
        Err(fehler) => {
            let entered = Entered {
                fehler,
                ..values.clone()
            };
            return show(entered, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let lock = state.writing.lock().await;
    let work = Arc::clone(&state);
    let (file, gremium) = (path.clone(), values.gremium.trim().to_owned());
    let done = blocking(&state, move || {
        record_for(&work, &file, gremium, termin, (ergebnis, stimmen))
    })
    .await;
    drop(lock);
    match done {
        Ok(Ok(recorded)) => {
            let erfolg = recorded_text(&recorded, termin);
            show(
                Entered {
                    erfolg,
                    ..Entered::default()
                },
                StatusCode::OK,
            )
            .await
        }
        Ok(Err(Error::Usage(message))) | Ok(Err(Error::Locked(message))) => {
            let entered = Entered {
                fehler: format!("Nicht festgehalten: {message}."),
                ..values.clone()
            };
            show(entered, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Ok(Err(e)) => environment_error(&state, &e),
        Err(response) => response,
    }
}

/// Records the result of the Beratung of `gremium` on `termin` for the archived Vorlage of the
/// report at `file` (blocking, under the server's write lock): the Beratung is checked against
/// the archived Beratungsfolge first, so the refusal is in the page's words.
fn record_for(
    work: &AppState,
    file: &std::path::Path,
    gremium: String,
    termin: time::Date,
    (ergebnis, stimmen): (&'static str, [Option<u32>; 3]),
) -> Result<outcome::Recorded, Error> {
    let folder = work.root.join(crate::project::files::ARCHIVE);
    let known = outcome::outcome_state(&folder, file);
    if known.nummer.is_empty() {
        return Err(Error::Usage(
            "dieser Bericht ist nicht archiviert; ein Beratungsergebnis lässt sich nur für eine archivierte Vorlage festhalten".into(),
        ));
    }
    let iso = crate::german::date_iso(termin);
    if !known
        .offen
        .iter()
        .chain(&known.festgehalten)
        .any(|b| b.gremium == gremium && b.termin == iso)
    {
        return Err(Error::Usage(format!(
            "die Vorlage {} wird nicht am {} im Gremium „{gremium}“ beraten; laden Sie die Seite neu und wählen Sie eine Beratung ihrer Beratungsfolge",
            known.nummer,
            crate::german::date_short(termin)
        )));
    }
    let register = crate::project::find(&work.root.join(crate::project::FILE_NAME))
        .ok()
        .and_then(Result::ok)
        .and_then(|p| {
            p.settings()
                .gremium_named(&gremium)
                .map(|g| (g.name.clone(), g.key.clone()))
        });
    let request = Request {
        nummer: known.nummer,
        gremium,
        register,
        termin,
        ergebnis,
        stimmen,
        von: work.user.clone(),
    };
    outcome::record(&folder, &request, time::OffsetDateTime::now_utc())
}

/// What the page says after a result was recorded (the CLI's sentence).
fn recorded_text(recorded: &outcome::Recorded, termin: time::Date) -> String {
    let r = &recorded.ergebnis;
    let stimmen = outcome::votes_text([r.ja, r.nein, r.enthaltungen])
        .map(|v| format!(" ({v})"))
        .unwrap_or_default();
    format!(
        "Festgehalten: Vorlage {} „{}“, {} am {}: {}{stimmen}. Der Archivindex vermerkt es; OParl zeigt es als Tagesordnungspunkt der Sitzung.",
        r.ergebnis_zu,
        recorded.betreff,
        r.gremium,
        crate::german::date_short(termin),
        r.ergebnis
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_whole_numbers_or_empty() {
        assert_eq!(count("Ja", " 9 "), Ok(Some(9)));
        assert_eq!(count("Ja", ""), Ok(None));
        let refused = count("Nein", "-1").unwrap_err();
        assert!(
            refused.contains("„Nein“") && refused.contains("„-1“"),
            "{refused}"
        );
        assert!(count("Enthaltungen", "zwei").is_err());
    }
}
