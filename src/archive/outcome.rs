//! Recording a Beratungsergebnis (`sachstand ergebnis NR --gremium KEY --termin DATUM
//! "zur Kenntnis genommen"`): one line appended to the journal under the archive's lock, for
//! one Beratung of an archived paper's Beratungsfolge. A Beratung gets one result; the journal
//! is append-only, so a result is never changed. OParl shows it as the AgendaItem's `result`.

use std::path::Path;

use serde::Serialize;
use time::{Date, OffsetDateTime};

use super::file::THE_ARCHIVE;
use super::journal::{Eintrag, Ergebnis, Journal, Line, withdrawal_of};
use crate::error::Error;

/// The results a Beratung can have, in their German wording.
pub const RESULTS: [&str; 6] = [
    "ungeändert beschlossen",
    "geändert beschlossen",
    "abgelehnt",
    "vertagt",
    "zur Kenntnis genommen",
    "zurückgezogen",
];

/// The result `text` means (case and spacing ignored, `ae` for `ä`), in its German wording;
/// else a usage error listing the results.
pub fn result_named(text: &str) -> Result<&'static str, Error> {
    let fold = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
            .replace('ä', "ae")
            .replace('ü', "ue")
    };
    let wanted = fold(text);
    RESULTS
        .iter()
        .find(|r| fold(r) == wanted)
        .copied()
        .ok_or_else(|| {
            Error::Usage(format!(
                "„{}“ ist kein Beratungsergebnis; möglich sind: {}",
                text.trim(),
                RESULTS
                    .iter()
                    .map(|r| format!("„{r}“"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}

/// Which Beratung a result is for, and the result.
#[derive(Debug, Clone)]
pub struct Request {
    /// The Vorlagen-Nr. (or the archive's name of the paper).
    pub nummer: String,
    /// The Gremium as the user named it (key or name).
    pub gremium: String,
    /// Its full name and key in the register, if the register has it.
    pub register: Option<(String, String)>,
    /// The Sitzung.
    pub termin: Date,
    /// The result, in its German wording (`result_named`).
    pub ergebnis: &'static str,
    /// Votes: ja, nein, Enthaltungen.
    pub stimmen: [Option<u32>; 3],
    /// Who records it (the user account).
    pub von: String,
}

/// What was recorded, with the paper's Betreff.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The line appended.
    pub ergebnis: Ergebnis,
    /// The Betreff of the paper's latest version.
    pub betreff: String,
}

/// Records `request` in the archive in `folder` at the time `at`. A usage error (German, with
/// what to do) for a number the archive does not hold, a Beratung the paper does not have, or
/// a Beratung whose result was recorded before.
pub fn record(folder: &Path, request: &Request, at: OffsetDateTime) -> Result<Recorded, Error> {
    let nummer = request.nummer.trim();
    let _held = crate::lock::exclusive(folder, THE_ARCHIVE)?;
    let mut journal = Journal::open_whole(folder)?;
    let latest = journal
        .latest(nummer)
        .cloned()
        .ok_or_else(|| unknown(&journal, folder, nummer))?;
    if let Some(w) = withdrawal_of(&journal.withdrawn, &latest) {
        return Err(Error::Usage(format!(
            "die Vorlage {nummer} wurde am {} zurückgezogen (Grund: {}); für eine zurückgezogene Vorlage wird kein Beratungsergebnis festgehalten",
            super::journal::shown_date(w),
            w.grund
        )));
    }
    let termin = crate::german::date_iso(request.termin);
    let sitzung = latest
        .beratungsfolge
        .iter()
        .find(|s| s.termin == termin && names(request, &s.gremium))
        .ok_or_else(|| not_consulted(&latest, request))?;
    if let Some(before) = result_of(&journal.results, &latest, &sitzung.gremium, &termin) {
        return Err(Error::Usage(format!(
            "für die Beratung der Vorlage {nummer} im Gremium „{}“ am {} ist schon ein Ergebnis festgehalten: „{}“ (am {}); ein Ergebnis wird je Beratung nur einmal festgehalten",
            sitzung.gremium,
            crate::german::date_short(request.termin),
            before.ergebnis,
            shown_date(before)
        )));
    }
    let [ja, nein, enthaltungen] = request.stimmen;
    let ergebnis = Ergebnis {
        ergebnis_zu: latest
            .vorlagen_nr
            .clone()
            .unwrap_or_else(|| nummer.to_owned()),
        basis: latest.basis.clone(),
        gremium: sitzung.gremium.clone(),
        gremium_key: request.register.as_ref().map(|(_, key)| key.clone()),
        termin,
        ergebnis: request.ergebnis.to_owned(),
        ja,
        nein,
        enthaltungen,
        von: request.von.clone(),
        am: crate::berlin::format(crate::berlin::in_berlin(at)),
    };
    journal.append(&Line::Ergebnis(ergebnis.clone()))?;
    Ok(Recorded {
        ergebnis,
        betreff: latest.betreff,
    })
}

/// Whether the Beratungsfolge's `gremium` is the Gremium the request names.
fn names(request: &Request, gremium: &str) -> bool {
    let bare = crate::project::strip_article(gremium);
    let given = request.gremium.trim();
    bare == crate::project::strip_article(given)
        || request
            .register
            .as_ref()
            .is_some_and(|(name, key)| bare == name || gremium.eq_ignore_ascii_case(key))
}

/// The result recorded for the paper `entry` in `gremium` on `termin` (ISO), if any.
pub fn result_of<'a>(
    results: &'a [Ergebnis],
    entry: &Eintrag,
    gremium: &str,
    termin: &str,
) -> Option<&'a Ergebnis> {
    results.iter().find(|r| {
        (r.basis == entry.basis || entry.vorlagen_nr.as_deref() == Some(r.ergebnis_zu.as_str()))
            && r.gremium == gremium
            && r.termin == termin
    })
}

/// `am` of a result as a German date, or as recorded.
pub fn shown_date(result: &Ergebnis) -> String {
    crate::berlin::parse(&result.am).map_or_else(
        || result.am.clone(),
        |at| crate::german::date_short(at.date()),
    )
}

/// The votes as people read them (`Ja 9, Nein 0, Enthaltungen 2`, a dash for a count not
/// given); `None` when no count was given.
pub fn votes_text([ja, nein, enthaltungen]: [Option<u32>; 3]) -> Option<String> {
    if [ja, nein, enthaltungen].iter().all(Option::is_none) {
        return None;
    }
    let n = |v: Option<u32>| v.map_or_else(|| "–".to_owned(), |v| v.to_string());
    Some(format!(
        "Ja {}, Nein {}, Enthaltungen {}",
        n(ja),
        n(nein),
        n(enthaltungen)
    ))
}

/// One Beratung of an archived paper, for the editor's archive page.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Beratung {
    /// The Gremium as the Beratungsfolge names it.
    pub gremium: String,
    /// The Sitzung (ISO date), as the form sends it back.
    pub termin: String,
    /// The Sitzung as Germans write it.
    pub termin_text: String,
    /// Its result, when one was recorded.
    pub ergebnis: String,
    /// The votes (`Ja 9, Nein 0, Enthaltungen 2`), or empty.
    pub stimmen: String,
    /// When the result was recorded (German date), or empty.
    pub am: String,
    /// Who recorded it, or empty.
    pub von: String,
}

/// What the archive knows about the Beratungsergebnisse of the report at a path.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OutcomeState {
    /// What `sachstand ergebnis` takes (the Vorlagen-Nr., or the archive's name of the
    /// paper); empty when nothing of the report is archived.
    pub nummer: String,
    /// Whether the paper was withdrawn (then no result is recorded any more).
    pub zurueckgezogen: bool,
    /// The Beratungen of its latest version without a result, in the Beratungsfolge's order.
    pub offen: Vec<Beratung>,
    /// The Beratungen with a result, in the Beratungsfolge's order.
    pub festgehalten: Vec<Beratung>,
}

/// The Beratungen of the archived paper filed from the report at `file` (its latest
/// version), with and without a result; empty when it is not archived or the index has a
/// broken line (`archive --verify` names it).
pub fn outcome_state(folder: &Path, file: &Path) -> OutcomeState {
    let Ok(journal) = Journal::open(folder) else {
        return OutcomeState::default();
    };
    if !journal.broken.is_empty() {
        return OutcomeState::default();
    }
    let herkunft = super::guard::origin(file);
    let Some(latest) = journal
        .entries
        .iter()
        .filter(|e| e.herkunft.as_deref() == Some(herkunft.as_str()))
        .max_by_key(|e| e.version)
    else {
        return OutcomeState::default();
    };
    let mut state = OutcomeState {
        nummer: latest
            .vorlagen_nr
            .clone()
            .unwrap_or_else(|| latest.basis.clone()),
        zurueckgezogen: withdrawal_of(&journal.withdrawn, latest).is_some(),
        ..OutcomeState::default()
    };
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for s in &latest.beratungsfolge {
        if seen.contains(&(s.gremium.as_str(), s.termin.as_str())) {
            continue;
        }
        seen.push((s.gremium.as_str(), s.termin.as_str()));
        let mut beratung = Beratung {
            gremium: s.gremium.clone(),
            termin: s.termin.clone(),
            termin_text: crate::german::parse_iso_date(&s.termin)
                .map_or_else(|| s.termin.clone(), crate::german::date_short),
            ..Beratung::default()
        };
        match result_of(&journal.results, latest, &s.gremium, &s.termin) {
            Some(r) => {
                beratung.ergebnis = r.ergebnis.clone();
                beratung.stimmen = votes_text([r.ja, r.nein, r.enthaltungen]).unwrap_or_default();
                beratung.am = shown_date(r);
                beratung.von = r.von.clone();
                state.festgehalten.push(beratung);
            }
            None => state.offen.push(beratung),
        }
    }
    state
}

/// The error for a Beratung the paper does not have, naming the ones it has.
fn not_consulted(latest: &Eintrag, request: &Request) -> Error {
    let shown = request
        .register
        .as_ref()
        .map_or(request.gremium.trim(), |(name, _)| name.as_str());
    let beratungen: Vec<String> = latest
        .beratungsfolge
        .iter()
        .map(|s| {
            let day = crate::german::parse_iso_date(&s.termin)
                .map_or_else(|| s.termin.clone(), crate::german::date_short);
            format!("„{}“ am {day}", s.gremium)
        })
        .collect();
    let list = if beratungen.is_empty() {
        "keine".to_owned()
    } else {
        beratungen.join(", ")
    };
    Error::Usage(format!(
        "die Vorlage {} wird nicht am {} im Gremium „{shown}“ beraten; ihre Beratungsfolge: {list}. Nennen Sie eine dieser Beratungen mit --gremium und --termin",
        latest.vorlagen_nr.as_deref().unwrap_or(&latest.basis),
        crate::german::date_short(request.termin),
    ))
}

/// The error for a Vorlagen-Nr. the archive does not hold, with the nearest one it does.
fn unknown(journal: &Journal, folder: &Path, nummer: &str) -> Error {
    let numbers: Vec<&str> = journal
        .entries
        .iter()
        .filter_map(|e| e.vorlagen_nr.as_deref())
        .collect();
    let hint = crate::diag::closest(nummer, numbers.iter().copied())
        .map(|n| format!(" Meinten Sie {n}?"))
        .unwrap_or_default();
    Error::Usage(format!(
        "im Archivordner {} gibt es keine Vorlage mit der Nr. {nummer}; ein Beratungsergebnis lässt sich nur für eine archivierte Vorlage festhalten.{hint}",
        crate::project::files::shown(folder).display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_read_in_any_case_and_spelling() {
        assert_eq!(
            result_named("Zur  Kenntnis genommen").ok(),
            Some("zur Kenntnis genommen")
        );
        assert_eq!(
            result_named("ungeaendert beschlossen").ok(),
            Some("ungeändert beschlossen")
        );
        assert_eq!(result_named("ABGELEHNT").ok(), Some("abgelehnt"));
        let Err(Error::Usage(message)) = result_named("angenommen") else {
            panic!("an unknown result must be refused");
        };
        assert!(message.contains("„vertagt“"), "{message}");
    }

    #[test]
    fn a_result_line_reads_back_as_one() -> Result<(), serde_json::Error> {
        let line = Line::Ergebnis(Ergebnis {
            ergebnis_zu: "2023/0031".into(),
            basis: "2023-0031".into(),
            gremium: "Stadtverordnetenversammlung".into(),
            gremium_key: Some("stvv".into()),
            termin: "2023-03-10".into(),
            ergebnis: "abgelehnt".into(),
            ja: Some(3),
            nein: None,
            enthaltungen: None,
            von: "test".into(),
            am: "2026-12-06T10:00:00+01:00".into(),
        });
        let text = serde_json::to_string(&line)?;
        assert_eq!(serde_json::from_str::<Line>(&text)?, line);
        Ok(())
    }
}
