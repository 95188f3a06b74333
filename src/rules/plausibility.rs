//! Plausibility: values that TOML and the rules accept but that are almost certainly not
//! what was meant.
//!
//! A Stellenanteil written as a fraction (`0.5` for 50 %), an amount with a German thousands
//! dot (`betrag = 6.200`, which TOML reads as 6,20 €), dates and amounts left as the
//! skeleton (`sachstand new --vorlage`) had them, and a Vorlage without a Beratungsfolge
//! (an error: it would go before no Gremium), a Vorlage without any signature, a timeline
//! asked for where there is no funding period to draw. Each points at the value concerned.

use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::report::load::Loaded;
use crate::typeset::templates::{SKELETON_SUFFIX, TemplateSet};

/// The plausibility problems of `loaded`; `templates` provides the skeletons.
pub fn check(loaded: &Loaded, templates: &TemplateSet) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let r = &loaded.data;
    if let Some(stelle) = &r.stelle {
        let anteil = stelle.stellenanteil;
        if anteil > 0.0 && anteil < 1.0 {
            let meant = crate::german::number(anteil * 100.0, 2);
            out.push(
                loaded
                    .warning_at(
                        "stelle.stellenanteil",
                        format!(
                            "ein Stellenanteil von {} Prozent ist unwahrscheinlich klein",
                            crate::german::number(anteil, 3)
                        ),
                    )
                    .hint(format!(
                        "der Stellenanteil steht in Prozent einer Vollzeitstelle: meinten Sie {meant}? Schreiben Sie `stellenanteil = {}`",
                        (anteil * 100.0 * 100.0).round() / 100.0
                    )),
            );
        }
    }
    if r.beratungsfolge.is_empty() {
        let first = loaded.source.text.lines().next().map_or(0, str::len);
        out.push(
            Diagnostic::error("die Vorlage hat keine Beratungsfolge: sie käme vor kein Gremium")
                .at(&loaded.source, 0..first.max(1))
                .hint("ergänzen Sie mindestens einen Abschnitt `[[beratungsfolge]]` mit `gremium` und `termin`"),
        );
    }
    out.extend(unsigned(loaded));
    out.extend(placeholders(loaded, templates));
    out.extend(far_dates(loaded));
    out.extend(thousands_as_decimals(loaded));
    out.extend(timeline_not_drawn(loaded));
    // Planned items whose `wann` lies in the past: `grammar_check` (it knows seasons,
    // quarters and months, not only years).
    out
}

/// A Vorlage that would be printed without any signature line: the report names none and
/// the settings give none (`loaded` has the settings applied). A warning at the first line.
fn unsigned(loaded: &Loaded) -> Option<Diagnostic> {
    if !loaded.data.unterschriften.is_empty() {
        return None;
    }
    let first = loaded.source.text.lines().next().map_or(0, str::len);
    Some(
        Diagnostic::warning(
            "die Vorlage hat keine Unterschrift: weder der Bericht (`[[unterschriften]]`) noch sachstand.toml (`[[unterzeichnende]]`) nennt jemanden",
        )
        .at(&loaded.source, 0..first.max(1))
        .hint("ergänzen Sie im Bericht `[[unterschriften]]` mit `name = \"Schmidt\"` (optional `amt = \"Bürgermeister\"`) oder in sachstand.toml `[[unterzeichnende]]` für alle Vorlagen"),
    )
}

/// A timeline the report itself asks for (`[darstellung] zeitleiste = true` in its own file,
/// not from sachstand.toml) that is not drawn: only a Sachstandsbericht with a `[foerderung]`
/// has a period to draw.
fn timeline_not_drawn(loaded: &Loaded) -> Option<Diagnostic> {
    const PATH: &str = "darstellung.zeitleiste";
    let r = &loaded.data;
    let own = loaded.source.text.get(loaded.span(PATH))?.trim() == "true";
    let (message, hint) = if !own {
        return None;
    } else if r.vorlage != "sachstandsbericht" {
        (
            format!(
                "eine Zeitleiste zeichnet nur der Sachstandsbericht, nicht die Vorlagenart `{}`",
                r.vorlage
            ),
            "entfernen Sie `zeitleiste = true`",
        )
    } else if r.foerderung.is_none() {
        (
            "die Zeitleiste zeigt den Förderzeitraum; ohne `[foerderung]` entfällt sie".to_owned(),
            "ergänzen Sie `[foerderung]` mit `programm`, `beginn` und `ende` oder entfernen Sie `zeitleiste = true`",
        )
    } else {
        return None;
    };
    Some(loaded.warning_at(PATH, message).hint(hint))
}

/// Amounts written with a German thousands dot, which TOML reads as a decimal point:
/// `betrag = 6.200` is 6,20 €, almost never what was meant. An error, so that no PDF shows a
/// wrong amount; `6.2`, `6.20` or `6200` say which was meant.
fn thousands_as_decimals(loaded: &Loaded) -> Vec<Diagnostic> {
    (1..=loaded.data.finanzen.len())
        .filter_map(|i| {
            let path = format!("finanzen[{i}].betrag");
            let literal = loaded.source.text.get(loaded.span(&path))?;
            if !crate::german::betrag::looks_like_thousands(literal) {
                return None;
            }
            let meant = crate::german::betrag::parse(literal).ok()?;
            let read = literal.trim().parse::<f64>().ok()?;
            Some(
                loaded
                    .error_at(
                        &path,
                        format!(
                            "`betrag = {}` ist in TOML {}: der Punkt ist dort das Dezimalzeichen",
                            literal.trim(),
                            crate::german::euro(read)
                        ),
                    )
                    .hint(format!(
                        "meinten Sie {}? Dann schreiben Sie `betrag = {meant}` (ohne Tausenderpunkt); für Cent ein Punkt: `betrag = {read:.2}`",
                        crate::german::euro(meant),
                    )),
            )
        })
        .collect()
}

/// How many days a Termin may lie after the Vorlage before it looks like a typo.
const FAR_DAYS: i64 = 366;

/// Termine more than a year after the Vorlage's date (a typo in the year, usually).
fn far_dates(loaded: &Loaded) -> Vec<Diagnostic> {
    let datum = loaded.data.kopf.datum;
    loaded
        .data
        .beratungsfolge
        .iter()
        .enumerate()
        .filter(|(_, b)| (b.termin.0 - datum.0).whole_days() > FAR_DAYS)
        .map(|(i, b)| {
            loaded
                .warning_at(
                    &format!("beratungsfolge[{}].termin", i + 1),
                    format!(
                        "der Termin {} liegt mehr als ein Jahr nach dem Datum der Vorlage ({datum})",
                        b.termin
                    ),
                )
                .hint("prüfen Sie die Jahreszahl")
        })
        .collect()
}

/// Dates and zero amounts that still have the skeleton's placeholder value.
fn placeholders(loaded: &Loaded, templates: &TemplateSet) -> Vec<Diagnostic> {
    let kind = &loaded.data.vorlage;
    let Ok(file) = templates.read(&format!("{kind}{SKELETON_SUFFIX}")) else {
        return Vec::new();
    };
    let Ok(skeleton) = String::from_utf8_lossy(&file.bytes).parse::<toml::Table>() else {
        return Vec::new();
    };
    let Ok(report) = loaded.source.text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut wanted = BTreeMap::new();
    scalars(
        &toml::Value::Table(skeleton),
        String::new(),
        &mut |path, value| {
            let generic = generic(&path);
            wanted.insert(generic, value);
        },
    );
    let mut out = Vec::new();
    scalars(
        &toml::Value::Table(report),
        String::new(),
        &mut |path, value| {
            // `new --vorlage` sets the report's date itself.
            if path == "kopf.datum" {
                return;
            }
            if wanted.get(&generic(&path)) == Some(&value) {
                out.push(
                    loaded
                        .warning_at(
                            &path,
                            format!("`{path}` hat noch den Platzhalterwert {value} aus dem Gerüst"),
                        )
                        .hint("tragen Sie den richtigen Wert ein")
                        .about(path.clone(), crate::diag::Problem::Placeholder),
                );
            }
        },
    );
    out
}

/// `beratungsfolge[2].termin` → `beratungsfolge[].termin`.
fn generic(path: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for c in path.chars() {
        match c {
            '[' => {
                skip = true;
                out.push('[');
            }
            ']' => {
                skip = false;
                out.push(']');
            }
            _ if skip => {}
            _ => out.push(c),
        }
    }
    out
}

/// Calls `f` with the key path and text of every date and every zero amount.
fn scalars(value: &toml::Value, path: String, f: &mut dyn FnMut(String, String)) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                scalars(v, p, f);
            }
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                scalars(v, format!("{path}[{}]", i + 1), f);
            }
        }
        toml::Value::Datetime(d) => f(path, d.to_string()),
        toml::Value::Float(x) if *x == 0.0 && path.ends_with("betrag") => f(path, "0".to_owned()),
        toml::Value::Integer(0) if path.ends_with("betrag") => f(path, "0".to_owned()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_paths_drop_positions() {
        assert_eq!(
            generic("beratungsfolge[2].termin"),
            "beratungsfolge[].termin"
        );
        assert_eq!(generic("kopf.datum"), "kopf.datum");
    }
}
