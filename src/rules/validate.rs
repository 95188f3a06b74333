//! Semantic rules over a loaded report: what TOML's types cannot say.
//!
//! Returns every problem, not only the first, each pointing at the value it concerns. Errors
//! stop rendering; warnings are shown and rendering goes on. "Today" is never read here: the
//! rules compare the report's own dates.

use crate::diag::{Diagnostic, Problem, closest};
use crate::report::load::Loaded;
use crate::report::model::{PRINTED, SECTIONS, Status};

pub use crate::typeset::fonts::Coverage;

/// Checks `loaded` against the rules; `templates` are the available Vorlagenarten.
pub fn validate(loaded: &Loaded, templates: &[String], fonts: &dyn Coverage) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let r = &loaded.data;

    check_vorlage(loaded, templates, &mut out);
    check_strings(loaded, fonts, &mut out);
    check_beratungsfolge(loaded, &mut out);
    // An empty Beratungsfolge: `plausibility::check` (an error at the report's first line).

    check_sections(loaded, &mut out);
    // The built-in Beschluss- and Mitteilungsvorlage print no derived phrases.
    if !matches!(
        r.vorlage.as_str(),
        "beschlussvorlage" | "mitteilungsvorlage"
    ) {
        crate::rules::grammar::check(loaded, &mut out);
    }

    check_kopf(loaded, &mut out);
    check_foerderung(loaded, &mut out);
    check_stelle(loaded, &mut out);
    check_befragungen(loaded, &mut out);
    check_meilensteine(loaded, &mut out);
    out
}

/// The Vorlagenart must be one of `templates`, with a suggestion for a near miss.
fn check_vorlage(loaded: &Loaded, templates: &[String], out: &mut Vec<Diagnostic>) {
    let r = &loaded.data;
    if !templates.contains(&r.vorlage) {
        let mut diag =
            loaded.error_at("vorlage", format!("unbekannte Vorlagenart `{}`", r.vorlage));
        if let Some(best) = closest(&r.vorlage, templates.iter().map(String::as_str)) {
            diag = diag.hint(format!("meinten Sie `{best}`?"));
        }
        let list: Vec<String> = templates.iter().map(|t| format!("`{t}`")).collect();
        out.push(diag.hint(format!("verfügbar sind: {}", list.join(", "))));
    }
}

/// Termine of the Beratungsfolge: not before the report's date, in the order of the sessions.
fn check_beratungsfolge(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let r = &loaded.data;
    let datum = r.kopf.datum;
    let mut previous = None;
    for (i, beratung) in r.beratungsfolge.iter().enumerate() {
        let path = format!("beratungsfolge[{}].termin", i + 1);
        if beratung.termin < datum {
            out.push(
                loaded
                    .warning_at(
                        &path,
                        format!(
                            "der Termin {} liegt vor dem Datum der Vorlage ({datum})",
                            beratung.termin
                        ),
                    )
                    .hint("prüfen Sie den Sitzungstermin oder `kopf.datum`"),
            );
        }
        if let Some(prev) = previous
            && beratung.termin < prev
        {
            out.push(
                loaded
                    .warning_at(&path, format!("der Termin {} liegt vor dem vorherigen Termin der Beratungsfolge ({prev})", beratung.termin))
                    .hint("die Beratungsfolge steht in der Reihenfolge der Sitzungen"),
            );
        }
        previous = Some(beratung.termin);
    }
}

/// The Kopf must name the city.
fn check_kopf(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    if loaded.data.kopf.stadt.is_none() {
        out.push(
            loaded
                .error_at("kopf", "der Name der Stadt fehlt")
                .hint("ergänzen Sie `stadt = \"…\"` unter `[kopf]` oder `[stadt] name = \"…\"` in sachstand.toml"),
        );
    }
}

/// The Förderzeitraum must end after it begins.
fn check_foerderung(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    if let Some(f) = &loaded.data.foerderung
        && f.beginn >= f.ende
    {
        out.push(
            loaded
                .error_at(
                    "foerderung.ende",
                    format!(
                        "der Förderzeitraum endet ({}) nicht nach seinem Beginn ({})",
                        f.ende, f.beginn
                    ),
                )
                .hint("`foerderung.beginn` muss vor `foerderung.ende` liegen"),
        );
    }
}

/// The Stellenanteil must lie in (0, 100] percent.
fn check_stelle(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let anteil = loaded
        .data
        .stelle
        .as_ref()
        .map_or(25.0, |s| s.stellenanteil);
    if !(anteil > 0.0 && anteil <= 100.0) {
        out.push(
            loaded
                .error_at("stelle.stellenanteil", format!("ein Stellenanteil von {anteil} Prozent ist nicht möglich: er muss größer als 0 und höchstens 100 sein"))
                .hint("geben Sie den Anteil einer Vollzeitstelle in Prozent an, z. B. `stellenanteil = 25`"),
        );
    }
}

/// Befragungen: the word for their done status, and fields printed only while planned.
fn check_befragungen(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let gruppen = loaded
        .data
        .befragungen
        .as_ref()
        .map_or(&[][..], |b| &b.gruppen[..]);
    for (i, gruppe) in gruppen.iter().enumerate() {
        let path = format!("befragungen.gruppen[{}]", i + 1);
        if gruppe.status == Status::Erledigt {
            out.push(
                loaded
                    .warning_at(
                        &format!("{path}.status"),
                        "für Befragungen heißt der Status `abgeschlossen`",
                    )
                    .hint("schreiben Sie `status = \"abgeschlossen\"`"),
            );
        }
        if gruppe.status.is_done() && (gruppe.wann.is_some() || gruppe.thema.is_some()) {
            out.push(
                loaded
                    .warning_at(
                        &format!("{path}.status"),
                        "`wann` und `thema` werden nur bei geplanten Befragungen gedruckt",
                    )
                    .hint(
                        "entfernen Sie `wann` und `thema` oder setzen Sie den Status auf `geplant`",
                    ),
            );
        }
    }
}

/// Meilensteine: a done one has a date not after the report's, and no `zweck` without `ergebnis`.
fn check_meilensteine(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let datum = loaded.data.kopf.datum;
    for (i, m) in loaded.data.meilensteine.iter().enumerate() {
        let path = format!("meilensteine[{}]", i + 1);
        if m.status.is_done() && m.datum.is_none() {
            out.push(
                loaded
                    .error_at(
                        &format!("{path}.status"),
                        format!(
                            "der Meilenstein „{}“ ist erledigt, aber ohne Datum",
                            m.titel
                        ),
                    )
                    .hint("ergänzen Sie `datum = JJJJ-MM-TT` (wann er erreicht wurde)")
                    .about(
                        format!("{path}.datum"),
                        Problem::DoneWithoutDate(m.titel.clone()),
                    ),
            );
        }
        if let Some(d) = m.datum
            && d > datum
            && m.status.is_done()
        {
            out.push(
                loaded
                    .warning_at(
                        &format!("{path}.datum"),
                        format!("das Datum {d} liegt nach dem Datum der Vorlage ({datum})"),
                    )
                    .hint("ein erledigter Meilenstein liegt in der Vergangenheit"),
            );
        }
        if m.status.is_done() && m.zweck.is_some() && m.ergebnis.is_none() {
            out.push(
                loaded
                    .warning_at(
                        &format!("{path}.zweck"),
                        "`zweck` wird nur bei geplanten Meilensteinen gedruckt",
                    )
                    .hint(
                        "beschreiben Sie das Erreichte in `ergebnis` (in der Vergangenheitsform)",
                    ),
            );
        }
    }
}

/// Sections a built-in Vorlagenart needs, and sections it would not print.
fn check_sections(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let r = &loaded.data;
    let Some((_, needed)) = SECTIONS.iter().find(|(kind, _)| *kind == r.vorlage) else {
        return; // a city's own Vorlagenart: its template decides
    };
    let present = r.sections();
    for section in needed.iter().filter(|s| !present.contains(s)) {
        out.push(
            loaded
                .error_at("vorlage", format!("für die Vorlagenart `{}` fehlt der Abschnitt `[{section}]`", r.vorlage))
                .hint(format!("ergänzen Sie `[{section}]`; `sachstand new --vorlage {}` zeigt ein vollständiges Gerüst", r.vorlage)),
        );
    }
    let printed = PRINTED
        .iter()
        .find(|(kind, _)| *kind == r.vorlage)
        .map_or(&[][..], |(_, s)| *s);
    for (kind, sections) in PRINTED.iter().filter(|(kind, _)| *kind != r.vorlage) {
        for section in present
            .iter()
            .filter(|s| sections.contains(s) && !printed.contains(s))
        {
            out.push(
                loaded
                    .warning_at(section, format!("der Abschnitt `{section}` gehört zur Vorlagenart `{kind}` und wird hier nicht gedruckt"))
                    .hint("entfernen Sie ihn oder wählen Sie die passende Vorlagenart"),
            );
        }
    }
}

/// Invisible formatting characters that need no glyph (bidi marks, joiners, soft hyphen).
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Empty values, control characters and characters the fonts cannot show.
fn check_strings(loaded: &Loaded, fonts: &dyn Coverage, out: &mut Vec<Diagnostic>) {
    for (path, text, span) in loaded.strings() {
        if text.trim().is_empty() && !path.ends_with("bemerkungen") {
            out.push(
                Diagnostic::error(format!("`{path}` ist leer"))
                    .at(&loaded.source, span.clone())
                    .about(path.clone(), Problem::Missing)
                    .hint("tragen Sie einen Text ein oder entfernen Sie die Zeile, wenn der Schlüssel optional ist"),
            );
            continue;
        }
        if let Some(c) = text
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            out.push(
                Diagnostic::error(format!("`{path}` enthält das Steuerzeichen U+{:04X}, das nicht gedruckt werden kann", c as u32))
                    .at(&loaded.source, span.clone())
                    .hint("entfernen Sie das unsichtbare Zeichen (oft beim Kopieren aus anderen Programmen eingefügt)"),
            );
            continue;
        }
        let missing: Vec<char> = {
            let mut seen = Vec::new();
            for c in text.chars() {
                if !c.is_whitespace()
                    && !is_invisible_format(c)
                    && !fonts.covers(c)
                    && !seen.contains(&c)
                {
                    seen.push(c);
                }
            }
            seen
        };
        if !missing.is_empty() {
            let list: Vec<String> = missing
                .iter()
                .take(5)
                .map(|c| format!("„{c}“ (U+{:04X})", *c as u32))
                .collect();
            out.push(
                Diagnostic::error(format!(
                    "`{path}` enthält Zeichen, die die eingebettete Schrift nicht darstellen kann: {}",
                    list.join(", ")
                ))
                .at(&loaded.source, span.clone())
                .hint("ersetzen Sie die Zeichen; sie würden im PDF als leere Kästchen erscheinen"),
            );
        }
    }
}
