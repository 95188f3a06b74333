//! Cross-checks of a report's Beratungsfolge against the project's register of Gremien.
//!
//! Runs after `project::apply` (Gremien named by key are already full names). Everything here
//! is a warning with the value's line and column and a suggestion: a Gremium missing from the
//! register, a Termin that is not one of its Sitzungen, the same Beratung twice. With no
//! register at all there is nothing to check against, and nothing is said. A Vorlage is in
//! time for a Sitzung when its `kopf.datum` is on or before that Sitzung's Vorlagenschluss
//! (the report's date, not today: the same file always gets the same findings).

use time::Date;

use crate::diag::{Diagnostic, closest};
use crate::german::date_short;
use crate::project::{Gremium, Settings, is_key};
use crate::report::load::Loaded;

/// How many days a Termin may lie from a Sitzung to count as "near" it (`mappe`).
pub const NEAR_DAYS: i64 = 14;

/// The warnings for `loaded` against the register in `settings`.
pub fn check(settings: &Settings, loaded: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if settings.gremien.is_empty() {
        return out;
    }
    let r = &loaded.data;
    for (i, b) in r.beratungsfolge.iter().enumerate() {
        let path = format!("beratungsfolge[{}]", i + 1);
        // `validate` already warns at a Termin before the Vorlage or out of order.
        let misplaced =
            b.termin < r.kopf.datum || r.beratungsfolge[..i].iter().any(|o| o.termin > b.termin);
        match settings.gremium_named(&b.gremium) {
            // An empty name is an error of `validate` already: one problem, one finding.
            None if b.gremium.trim().is_empty() => {}
            None if !is_key(&b.gremium) => {
                out.push(unknown_gremium(settings, loaded, &path, &b.gremium))
            }
            None => {} // an unknown key is already an error of `project::apply`
            Some(_) if misplaced => {}
            Some(g) => {
                if let Some(diag) = termin(loaded, &path, g, b.termin.0) {
                    out.push(diag);
                }
                out.extend(late(loaded, &path, g, b.termin.0));
            }
        }
        if r.beratungsfolge[..i]
            .iter()
            .any(|o| o.gremium == b.gremium && o.termin == b.termin)
        {
            out.push(
                loaded
                    .warning_at(
                        &path,
                        format!(
                            "die Beratung {} am {} steht zweimal in der Beratungsfolge",
                            named_phrase(settings, &b.gremium).satzteil().genitiv,
                            b.termin
                        ),
                    )
                    .hint("löschen Sie einen der beiden Abschnitte `[[beratungsfolge]]`"),
            );
        }
    }
    if let Some(a) = &r.auftrag
        && settings.gremium_named(&a.gremium).is_none()
        && !is_key(&a.gremium)
        && !a.gremium.trim().is_empty()
    {
        out.push(unknown_gremium(settings, loaded, "auftrag", &a.gremium));
    }
    if let Some(a) = &r.auftrag
        && let Some(naechster) = a.naechster
        && naechster <= r.kopf.datum
    {
        out.push(
            loaded
                .warning_at(
                    "auftrag.naechster",
                    format!(
                        "der nächste Bericht wäre am {naechster} fällig, nicht nach dieser Vorlage vom {}",
                        r.kopf.datum
                    ),
                )
                .hint("nennen Sie den Termin des nächsten Berichts nach dem Datum dieser Vorlage, oder löschen Sie `naechster`, damit `turnus` gilt"),
        );
    }
    for (i, m) in r.meilensteine.iter().enumerate() {
        if let Some(g) = &m.gremium
            && settings.gremium_named(g).is_none()
            && !is_key(g)
        {
            let path = format!("meilensteine[{}]", i + 1);
            out.push(unknown_gremium(settings, loaded, &path, g));
        }
    }
    out
}

/// A warning when the Vorlage's date lies after the Vorlagenschluss of the Sitzung on `termin`.
fn late(loaded: &Loaded, path: &str, g: &Gremium, termin: Date) -> Option<Diagnostic> {
    let datum = loaded.data.kopf.datum.0;
    let (schluss, herkunft) = g.vorlagenschluss_am(termin)?;
    if datum <= schluss {
        return None;
    }
    let mut diag = loaded.warning_at(
        &format!("{path}.termin"),
        format!(
            "die Vorlage vom {} liegt nach dem Vorlagenschluss ({}, {}) für die Sitzung {} am {}",
            date_short(datum),
            date_short(schluss),
            herkunft.describe(),
            g.phrase().0.satzteil().genitiv,
            date_short(termin)
        ),
    );
    let next = g
        .sitzungen
        .iter()
        .map(|s| s.termin.0)
        .filter(|t| *t > termin)
        .find_map(|t| {
            g.vorlagenschluss_am(t)
                .filter(|(s, _)| datum <= *s)
                .map(|(s, _)| (t, s))
        });
    if let Some((t, s)) = next {
        diag = diag.hint(format!(
            "rechtzeitig käme sie zur Sitzung am {} (Vorlagenschluss {}): `termin = {}`",
            date_short(t),
            date_short(s),
            crate::german::date_iso(t)
        ));
    }
    Some(diag.hint(
        "oder stimmen Sie die Nachreichung mit dem Sitzungsdienst ab; der Vorlagenschluss steht in sachstand.toml beim Gremium (`vorlagenschluss`)",
    ))
}

/// A Gremium as a phrase with its article: from the register, else with a guessed article.
fn named_phrase(settings: &Settings, name: &str) -> crate::german::phrase::Phrase {
    match settings.gremium_named(name) {
        Some(g) => g.phrase().0,
        None => crate::project::guessed_phrase(name).0,
    }
}

/// A Gremium named in full that the register does not know.
fn unknown_gremium(settings: &Settings, loaded: &Loaded, path: &str, name: &str) -> Diagnostic {
    let mut diag = loaded.warning_at(
        &format!("{path}.gremium"),
        format!("das Gremium „{name}“ steht nicht im Gremienverzeichnis (sachstand.toml)"),
    );
    let best = closest_gremium(settings, name);
    if let Some(g) = best {
        diag = diag.hint(format!(
            "meinten Sie `{}` („{}“)? Schreiben Sie `gremium = \"{}\"`",
            g.key, g.name, g.key
        ));
    }
    let keys: Vec<String> = settings
        .gremien
        .iter()
        .map(|g| format!("`{}`", g.key))
        .collect();
    diag.hint(format!(
        "bekannt sind: {}; oder ergänzen Sie das Gremium in sachstand.toml unter `[[gremien]]`",
        keys.join(", ")
    ))
}

/// The register entry closest to `name`, by key, full or short name.
fn closest_gremium<'a>(settings: &'a Settings, name: &str) -> Option<&'a Gremium> {
    let lower = name.to_lowercase();
    if let Some(g) = settings.gremien.iter().find(|g| {
        g.name.to_lowercase() == lower
            || g.kurz.as_deref().is_some_and(|k| k.to_lowercase() == lower)
            || g.key == lower
    }) {
        return Some(g);
    }
    let mut candidates: Vec<(&str, &Gremium)> = Vec::new();
    for g in &settings.gremien {
        candidates.push((&g.name, g));
        candidates.push((&g.key, g));
        if let Some(k) = &g.kurz {
            candidates.push((k, g));
        }
    }
    let best = closest(name, candidates.iter().map(|(c, _)| *c))?;
    candidates.iter().find(|(c, _)| *c == best).map(|(_, g)| *g)
}

/// A warning when `termin` is not a Sitzung of `g` (which has Sitzungen listed).
fn termin(loaded: &Loaded, path: &str, g: &Gremium, termin: Date) -> Option<Diagnostic> {
    if g.sitzungen.is_empty() || g.sitzungen.iter().any(|s| s.termin.0 == termin) {
        return None;
    }
    let near = nearest(g, termin);
    let list: Vec<String> = near.iter().map(|d| date_short(*d)).collect();
    let mut diag = loaded.warning_at(
        &format!("{path}.termin"),
        format!(
            "am {} tagt {} laut Gremienverzeichnis nicht",
            date_short(termin),
            g.phrase().0.text
        ),
    );
    if !list.is_empty() {
        diag = diag.hint(format!(
            "die nächsten Sitzungen: {}",
            crate::german::enumeration(&list, "und")
        ));
    }
    Some(diag.hint(
        "die Vorlage käme sonst in keine Sitzungsmappe; prüfen Sie den Termin oder die Sitzungen in sachstand.toml",
    ))
}

/// The Sitzung before and the one after `termin` (those that exist).
pub fn nearest(g: &Gremium, termin: Date) -> Vec<Date> {
    let before = g
        .sitzungen
        .iter()
        .map(|s| s.termin.0)
        .filter(|d| *d < termin)
        .max();
    let after = g
        .sitzungen
        .iter()
        .map(|s| s.termin.0)
        .filter(|d| *d > termin)
        .min();
    before.into_iter().chain(after).collect()
}

/// Whether `a` and `b` lie at most [`NEAR_DAYS`] apart (but are not the same day).
pub fn is_near(a: Date, b: Date) -> bool {
    a != b && (a - b).whole_days().abs() <= NEAR_DAYS
}
