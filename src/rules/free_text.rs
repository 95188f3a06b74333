//! Free text that follows a sentence of the prose (`ergebnis`, `zweck`): whether it can fit.
//!
//! `german::tail` joins a clause with a comma and lets a whole sentence stand on its own; this
//! rule warns, at the value's line and column and with a suggestion, when the text cannot fit
//! either way: nothing but punctuation, a doubled full stop at the end, a clause (lower case)
//! with a full stop inside, or an opening conjunction that joins no sentence.

use crate::diag::Diagnostic;
use crate::report::load::Loaded;

/// Conjunctions that cannot open the text after the milestone's clause or as a sentence.
const CONJUNCTIONS: [&str; 10] = [
    "und",
    "oder",
    "sowie",
    "aber",
    "sondern",
    "denn",
    "doch",
    "bzw.",
    "beziehungsweise",
    "sowohl",
];

/// Abbreviations whose full stop ends no sentence.
const ABBREVIATIONS: [&str; 14] = [
    "bzw", "ca", "Nr", "Dr", "St", "usw", "etc", "vgl", "ggf", "inkl", "Str", "evtl", "sog", "zzgl",
];

/// Whether `word` (ending in a full stop) is an abbreviation or an ordinal ("z.", "B.",
/// "ca.", "3."), not the end of a sentence.
fn is_abbreviation(word: &str) -> bool {
    let bare = word.trim_end_matches('.');
    bare.chars().filter(|c| c.is_alphabetic()).count() <= 1
        || bare.chars().all(|c| c.is_ascii_digit())
        || ABBREVIATIONS.contains(&bare)
}

/// What is wrong with `text` as a tail, and how to write it instead.
pub fn problem(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    let core = joined.trim_matches(|c: char| c.is_ascii_punctuation() || c == '…');
    if core.is_empty() {
        return Some((
            "der Text ist leer (nur Leerzeichen oder Satzzeichen)".into(),
            "schreiben Sie einen Nebensatz („an der 64 Personen teilnahmen“) oder einen ganzen Satz, oder löschen Sie die Zeile".into(),
        ));
    }
    if joined.ends_with("..") {
        return Some((
            "der Text endet mit mehreren Punkten; den Schlusspunkt setzt sachstand selbst".into(),
            "schreiben Sie den Text ohne die Punkte am Ende; für eine Auslassung „…“".into(),
        ));
    }
    let first = words.first().copied().unwrap_or_default();
    if let Some(c) = CONJUNCTIONS.iter().find(|c| first.eq_ignore_ascii_case(c)) {
        return Some((
            format!("der Text beginnt mit „{first}“ und schließt so an keinen Satz an („…, {c} …“)"),
            "beginnen Sie mit dem Anschluss eines Nebensatzes („an der …“, „die …“, „um … zu …“) oder schreiben Sie einen ganzen Satz ohne Bindewort am Anfang".into(),
        ));
    }
    let lower = first.chars().next().is_some_and(char::is_lowercase);
    let inner_stop = words.windows(2).any(|w| {
        w[0].ends_with('.')
            && !is_abbreviation(w[0])
            && w[1].chars().next().is_some_and(char::is_uppercase)
    });
    if lower && inner_stop {
        return Some((
            "der Text beginnt klein (als Nebensatz nach einem Komma), enthält aber einen Punkt: der zweite Satz stünde mitten im Satz".into(),
            "beginnen Sie groß, dann folgt der Text als eigene Sätze („Es gingen vier Angebote ein. …“), oder verbinden Sie die Teile mit einem Komma".into(),
        ));
    }
    None
}

/// Warnings for the free texts of `loaded` that cannot fit their sentence.
pub fn check(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let r = &loaded.data;
    let mut texts: Vec<(String, &str)> = Vec::new();
    if let Some(b) = &r.befragungen {
        texts.push(("befragungen.zweck".into(), b.zweck.as_str()));
    }
    for (i, m) in r.meilensteine.iter().enumerate() {
        let path = format!("meilensteine[{}]", i + 1);
        if let Some(e) = &m.ergebnis {
            texts.push((format!("{path}.ergebnis"), e));
        }
        if let Some(z) = &m.zweck {
            texts.push((format!("{path}.zweck"), z));
        }
    }
    for (path, text) in texts {
        if let Some((message, hint)) = problem(text) {
            out.push(loaded.warning_at(&path, message).hint(hint));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn texts_that_cannot_fit_are_named() {
        for bad in [
            " . ",
            "",
            "es gingen vier Angebote ein..",
            "sowie vier Angebote",
            "Und es gingen vier Angebote ein.",
            "es gingen vier Angebote ein. Den Zuschlag erhielt die Firma Weber.",
        ] {
            assert!(problem(bad).is_some(), "{bad:?}");
        }
        for good in [
            "an der 64 Personen teilnahmen",
            "Es gingen vier Angebote ein. Den Zuschlag erhielt die Firma Weber.",
            "die am 3. Mai 2027 endet",
            "um die Bedarfe z. B. der Vereine zu erfassen",
        ] {
            assert_eq!(problem(good), None, "{good:?}");
        }
    }
}
