//! Rules about the language of a report: noun phrases the grammar cannot decline with
//! certainty, phrases not written in the nominative, time phrases that lie in the past, and
//! milestones whose kind needs a word the report does not give.
//!
//! Warnings unless the sentence could not be written at all; each points at the value and
//! says what to write instead.

use crate::diag::Diagnostic;
use crate::german::declension::Doubt;
use crate::german::zeit::period_end;
use crate::report::load::Loaded;
use crate::report::model::{Art, Phrase, Status};

/// Every noun phrase of the report with its key path, and whether it needs an article.
pub fn phrases(loaded: &Loaded) -> Vec<(String, &Phrase, bool)> {
    let r = &loaded.data;
    let mut out = Vec::new();
    if let Some(g) = r.auftrag.as_ref().and_then(|a| a.gremium_phrase.as_ref()) {
        out.push(("auftrag.gremium".to_string(), g, true));
    }
    if let Some(p) = &r.projekt {
        out.push(("projekt.titel".to_string(), &p.titel, true));
        out.push(("projekt.gegenstand".to_string(), &p.gegenstand, true));
    }
    if let Some(s) = &r.stelle {
        out.push(("stelle.traeger".to_string(), &s.traeger, true));
        out.push(("stelle.abstimmung".to_string(), &s.abstimmung, true));
    }
    if let Some(f) = &r.foerderung {
        out.push(("foerderung.programm".to_string(), &f.programm, true));
    }
    if let Some(b) = &r.befragungen {
        for (i, g) in b.gruppen.iter().enumerate() {
            out.push((
                format!("befragungen.gruppen[{}].name", i + 1),
                &g.name,
                false,
            ));
        }
    }
    for (i, m) in r.meilensteine.iter().enumerate() {
        out.push((
            format!("meilensteine[{}].gegenstand", i + 1),
            &m.gegenstand,
            false,
        ));
    }
    out
}

/// Words that begin a phrase in another case than the nominative.
const NOT_NOMINATIVE: [&str; 7] = ["dem", "den", "des", "einer", "einem", "einen", "eines"];

/// Checks the phrases and time phrases of `loaded`.
pub fn check(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    for (path, phrase, needs_article) in phrases(loaded)
        .into_iter()
        .filter(|(path, _, _)| path != "auftrag.gremium")
    {
        check_phrase(loaded, &path, phrase, needs_article, out);
    }
    check_milestones(loaded, out);
    check_time_phrases(loaded, out);
    crate::rules::free_text::check(loaded, out);
}

fn check_phrase(
    loaded: &Loaded,
    path: &str,
    phrase: &Phrase,
    needs_article: bool,
    out: &mut Vec<Diagnostic>,
) {
    if phrase.text.trim().is_empty() {
        return; // `validate` already says that the value is empty
    }
    let first = phrase
        .text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    if NOT_NOMINATIVE.contains(&first.as_str()) {
        out.push(
            loaded
                .warning_at(path, format!("„{}“ steht nicht im Nominativ", phrase.text))
                .hint("schreiben Sie den Satzteil so, wie er nach „Das ist …“ stünde, z. B. „das Regionale Diakonische Werk Bergstraße“ statt „dem Regionalen Diakonischen Werk Bergstraße“; sachstand bildet die anderen Fälle selbst"),
        );
        return;
    }
    if needs_article && !phrase.has_article() && phrase.overrides.iter().any(Option::is_none) {
        out.push(
            loaded
                .warning_at(path, format!("„{}“ beginnt ohne Artikel", phrase.text))
                .hint("schreiben Sie den Artikel dazu (der, die, das, ein, eine), damit sachstand die Fälle bilden kann, z. B. „der Caritasverband Darmstadt“"),
        );
        return;
    }
    match phrase.doubt() {
        Some(Doubt::Numerus) => out.push(
            loaded
                .warning_at(path, format!("bei „{}“ ist nicht zu erkennen, ob Einzahl oder Mehrzahl gemeint ist", phrase.text))
                .hint(format!("schreiben Sie `{{ nominativ = \"{}\", numerus = \"plural\" }}` (oder \"singular\"); davon hängt das Verb ab (wird/werden)", phrase.text)),
        ),
        Some(Doubt::Genus) => out.push(
            loaded
                .warning_at(path, format!("sachstand kennt das Geschlecht des Hauptworts in „{}“ nicht", phrase.text))
                .hint(format!("schreiben Sie `{{ nominativ = \"{}\", genus = \"maskulin\" }}` (oder \"neutrum\", \"feminin\") oder geben Sie `akkusativ = \"…\"` an", phrase.text)),
        ),
        None => {}
    }
}

fn check_milestones(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    for (i, m) in loaded.data.meilensteine.iter().enumerate() {
        let path = format!("meilensteine[{}]", i + 1);
        if m.art == Art::Vorgang && m.partizip.is_none() {
            out.push(
                loaded
                    .error_at(&format!("{path}.art"), format!("der Meilenstein „{}“ der Art `vorgang` braucht ein `partizip`", m.titel))
                    .hint("nennen Sie, was geschieht, als Partizip: `partizip = \"eingereicht\"` ergibt „… wurde am … eingereicht“"),
            );
        }
        if m.partizip.is_some() && m.art != Art::Vorgang {
            out.push(
                loaded
                    .warning_at(&format!("{path}.partizip"), "`partizip` wird nur bei `art = \"vorgang\"` verwendet")
                    .hint("die anderen Arten haben ihr festes Verb; entfernen Sie `partizip` oder wählen Sie `art = \"vorgang\"`"),
            );
        }
        if m.art == Art::Eroeffnung && m.status == Status::Laufend {
            out.push(
                loaded
                    .warning_at(
                        &format!("{path}.status"),
                        "eine Eröffnung ist geplant oder erledigt, nicht laufend",
                    )
                    .hint("verwenden Sie `geplant` oder `erledigt`"),
            );
        }
    }
}

/// `wann` of planned surveys and of milestones not yet done must not lie before the report.
fn check_time_phrases(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let r = &loaded.data;
    let datum = r.kopf.datum;
    let mut phrases: Vec<(String, &str)> = Vec::new();
    if let Some(b) = &r.befragungen {
        for (i, g) in b.gruppen.iter().enumerate() {
            if let (Status::Geplant, Some(w)) = (g.status, &g.wann) {
                phrases.push((format!("befragungen.gruppen[{}].wann", i + 1), w));
            }
        }
    }
    for (i, m) in r.meilensteine.iter().enumerate() {
        if let (false, Some(w)) = (m.status.is_done(), &m.wann) {
            phrases.push((format!("meilensteine[{}].wann", i + 1), w));
        }
    }
    for (path, w) in phrases {
        if let Some(end) = period_end(w)
            && end < datum.0
        {
            out.push(
                loaded
                    .warning_at(&path, format!("„{w}“ liegt vor dem Datum der Vorlage ({datum})"))
                    .hint("die Angabe stammt wohl aus einem früheren Bericht: nennen Sie einen neuen Zeitpunkt oder setzen Sie den Status auf `laufend` oder `erledigt`"),
            );
        }
    }
}
