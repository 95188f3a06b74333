//! What has changed between two cycles of a report: surveys completed, milestones reached,
//! new dates. Pure comparison of two reports; the Sachstandsbericht phrases it, and
//! `sachstand diff` lists it.

use crate::german::date_iso;
use serde::Serialize;

use crate::german::date_short;
use crate::model::{Report, Status};

/// A milestone reached since the previous report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Erreicht {
    /// Its title.
    pub titel: String,
    /// When (ISO date), if known.
    pub datum: Option<String>,
}

/// The changes from an earlier report to a later one.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    /// The earlier report's date (ISO).
    pub vorheriger_datum: String,
    /// Groups whose survey was completed since (names as written).
    pub befragt: Vec<String>,
    /// Groups whose survey started since.
    pub begonnen: Vec<String>,
    /// Groups newly planned.
    pub neu_geplant: Vec<String>,
    /// Milestones done since.
    pub erreicht: Vec<Erreicht>,
    /// Milestones started since.
    pub meilensteine_begonnen: Vec<String>,
    /// Milestones that are new in the later report.
    pub meilensteine_neu: Vec<String>,
    /// Everything as German list items (for `sachstand diff`), including the above.
    pub liste: Vec<String>,
}

impl Changes {
    /// Compares `old` with `new`.
    pub fn between(old: &Report, new: &Report) -> Self {
        let mut c = Changes {
            vorheriger_datum: date_iso(old.kopf.datum.0),
            ..Changes::default()
        };
        if old.kopf.datum != new.kopf.datum {
            c.liste.push(format!(
                "Datum der Vorlage: {} → {}",
                old.kopf.datum, new.kopf.datum
            ));
        }
        let old_groups = old.befragungen.as_ref().map_or(&[][..], |b| &b.gruppen[..]);
        let new_groups = new.befragungen.as_ref().map_or(&[][..], |b| &b.gruppen[..]);
        for g in new_groups {
            match old_groups.iter().find(|o| o.name == g.name) {
                Some(o) if !o.status.is_done() && g.status.is_done() => {
                    c.befragt.push(g.name.clone());
                    c.liste.push(format!("Befragung abgeschlossen: {}", g.name));
                }
                Some(o) if o.status == Status::Geplant && g.status == Status::Laufend => {
                    c.begonnen.push(g.name.clone());
                    c.liste.push(format!("Befragung begonnen: {}", g.name));
                }
                Some(o) if o.status != g.status => {
                    c.liste.push(format!(
                        "Befragung {}: Status {} → {}",
                        g.name,
                        status(o.status),
                        status(g.status)
                    ));
                }
                Some(_) => {}
                None => {
                    if g.status == Status::Geplant {
                        c.neu_geplant.push(g.name.clone());
                    }
                    c.liste.push(format!(
                        "Befragung neu aufgenommen ({}): {}",
                        status(g.status),
                        g.name
                    ));
                }
            }
        }
        for o in old_groups
            .iter()
            .filter(|o| !new_groups.iter().any(|g| g.name == o.name))
        {
            c.liste
                .push(format!("Befragung nicht mehr aufgeführt: {}", o.name));
        }
        for m in &new.meilensteine {
            match old.meilensteine.iter().find(|o| o.titel == m.titel) {
                Some(o) if !o.status.is_done() && m.status.is_done() => {
                    let datum = m.datum.map(|d| date_iso(d.0));
                    let when = m
                        .datum
                        .map(|d| format!(" am {}", date_short(d.0)))
                        .unwrap_or_default();
                    c.liste
                        .push(format!("Meilenstein erreicht{when}: {}", m.titel));
                    c.erreicht.push(Erreicht {
                        titel: m.titel.clone(),
                        datum,
                    });
                }
                Some(o) if o.status == Status::Geplant && m.status == Status::Laufend => {
                    c.meilensteine_begonnen.push(m.titel.clone());
                    c.liste.push(format!("Meilenstein begonnen: {}", m.titel));
                }
                Some(o) if o.status != m.status => {
                    c.liste.push(format!(
                        "Meilenstein {}: Status {} → {}",
                        m.titel,
                        status(o.status),
                        status(m.status)
                    ));
                }
                Some(_) => {}
                None => {
                    c.meilensteine_neu.push(m.titel.clone());
                    c.liste.push(format!(
                        "Meilenstein neu aufgenommen ({}): {}",
                        status(m.status),
                        m.titel
                    ));
                }
            }
        }
        for o in old
            .meilensteine
            .iter()
            .filter(|o| !new.meilensteine.iter().any(|m| m.titel == o.titel))
        {
            c.liste
                .push(format!("Meilenstein nicht mehr aufgeführt: {}", o.titel));
        }
        if let (Some(a), Some(b)) = (&old.stelle, &new.stelle)
            && a.stellenanteil != b.stellenanteil
        {
            c.liste.push(format!(
                "Stellenanteil: {} → {}",
                crate::german::percent(a.stellenanteil),
                crate::german::percent(b.stellenanteil)
            ));
        }
        if let (Some(a), Some(b)) = (&old.foerderung, &new.foerderung)
            && (a.beginn != b.beginn || a.ende != b.ende)
        {
            c.liste.push(format!(
                "Förderzeitraum: {} – {} → {} – {}",
                a.beginn, a.ende, b.beginn, b.ende
            ));
        }
        let termine = |r: &Report| -> Vec<String> {
            r.beratungsfolge
                .iter()
                .map(|b| format!("{} {}", b.gremium, b.termin))
                .collect()
        };
        if termine(old) != termine(new) {
            c.liste
                .push(format!("Beratungsfolge: {}", termine(new).join("; ")));
        }
        c.liste.extend(crate::changes_vorlage::list(old, new));
        c
    }
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Geplant => "geplant",
        Status::Laufend => "laufend",
        Status::Abgeschlossen => "abgeschlossen",
        Status::Erledigt => "erledigt",
    }
}
