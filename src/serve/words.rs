//! A finding in the form's words: the one place where the editor turns a diagnostic (which
//! speaks of the file: keys, `datum = JJJJ-MM-TT`) into a sentence about a field of the form,
//! named by its label (`format_schema`), with what to do there.
//!
//! A diagnostic that names its field and kind (`Diagnostic::subject`) is phrased from the
//! kind; any other keeps its message, with key paths in it replaced by the fields' labels and
//! without the hints that show file syntax.

use crate::diag::{Diagnostic, Problem};
use crate::format_schema::ask::{name, prompt};

/// Whether a finding of this kind is a field still to be filled in (a calm to-do, not an
/// error in red until the field was touched).
pub fn is_to_do(problem: Option<&Problem>) -> bool {
    matches!(problem, Some(Problem::Missing | Problem::Placeholder))
}

/// A thing left to do in a new report (`new`, "Nächster Zyklus"), for the editor's banner:
/// the field's label before the note (`Zeitraum: „…“ bitte prüfen`), never a key.
pub fn to_do(todo: &crate::cycle::Todo) -> String {
    match todo.field.as_deref().and_then(name) {
        Some(label) => format!("{label}: {}", todo.note),
        None => crate::german::capitalise(&todo.note),
    }
}

/// What the form says about `diag`, whose field is at key path `path` (when known).
pub fn form_text(diag: &Diagnostic, path: Option<&str>) -> String {
    let problem = diag.subject.as_ref().map(|s| &s.problem);
    match (problem, path) {
        (Some(Problem::Missing), Some(path)) => prompt(path),
        (Some(Problem::Placeholder), Some(path)) => {
            format!("Noch der Platzhalter aus dem Gerüst. {}", prompt(path))
        }
        (Some(Problem::DoneWithoutDate(titel)), _) => format!(
            "Der Meilenstein „{titel}“ ist erledigt: tragen Sie das Datum ein, an dem er erreicht wurde (TT.MM.JJJJ), oder wählen Sie einen anderen Status."
        ),
        _ => plain(diag),
    }
}

/// The message with labels for key paths, and the hints that need no file syntax.
fn plain(diag: &Diagnostic) -> String {
    let mut out = sentence(&labelled(&diag.message));
    for hint in diag.hints.iter().filter(|h| !h.contains('`')) {
        out.push(' ');
        out.push_str(&sentence(hint));
    }
    out
}

/// `text` with `` `beratungsfolge[2].termin` `` as „Termin“ (another `code` stays).
fn labelled(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| match (i % 2, name(part)) {
            (1, Some(label)) => format!("„{label}“"),
            (1, None) => format!("`{part}`"),
            _ => part.to_owned(),
        })
        .collect()
}

/// Capitalised, ending in a full stop.
fn sentence(text: &str) -> String {
    let text = crate::german::capitalise(text.trim());
    if text.ends_with(['.', '!', '?', '“']) {
        text
    } else {
        format!("{text}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_values_are_asked_for_by_the_field() {
        let empty = Diagnostic::error("`kopf.produkt` ist leer")
            .hint("tragen Sie einen Text ein oder entfernen Sie die Zeile")
            .about("kopf.produkt", Problem::Missing);
        assert_eq!(
            form_text(&empty, Some("kopf.produkt")),
            "Tragen Sie die Produktnummer ein."
        );
    }

    #[test]
    fn other_messages_lose_their_keys() {
        let d = Diagnostic::warning("der Termin liegt vor dem Datum der Vorlage")
            .hint("prüfen Sie den Sitzungstermin oder `kopf.datum`");
        assert_eq!(
            form_text(&d, None),
            "Der Termin liegt vor dem Datum der Vorlage."
        );
        let d =
            Diagnostic::warning("`beratungsfolge[2].termin` ist seltsam").hint("prüfen Sie ihn");
        assert_eq!(
            form_text(&d, None),
            "„Termin (Beratung 2)“ ist seltsam. Prüfen Sie ihn."
        );
    }
}
