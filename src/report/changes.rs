//! What has changed between two cycles of a report: surveys completed, milestones reached,
//! new dates. Pure comparison of two reports; `prose::since` phrases it for the
//! Sachstandsbericht and for `sachstand diff`.

use crate::report::model::{Datum, Phrase, Report, Status};

/// The changes from an earlier report to a later one. `prose::since` phrases the progress
/// (surveys, milestones, staffing, funding) for the report and for `sachstand diff`, in the
/// same words; `liste` holds what only `diff` shows (dates, other status changes, removals).
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    /// The earlier report's date.
    pub vorheriger_datum: Datum,
    /// Groups whose survey was completed since.
    pub befragt: Vec<Phrase>,
    /// Groups whose survey started since.
    pub begonnen: Vec<Phrase>,
    /// Groups newly planned.
    pub neu_geplant: Vec<Phrase>,
    /// Milestones done since (indices into the later report's `meilensteine`), also those
    /// added as already done.
    pub erreicht: Vec<usize>,
    /// Milestones started since (indices).
    pub meilensteine_begonnen: Vec<usize>,
    /// Milestones that are new in the later report and planned (indices).
    pub meilensteine_neu: Vec<usize>,
    /// Staffing share, old → new.
    pub stellenanteil: Option<(f64, f64)>,
    /// Funding period changed: old end, new start, new end.
    pub foerderzeitraum: Option<(Datum, Datum, Datum)>,
    /// Further changes as German list items (for `sachstand diff`).
    pub liste: Vec<String>,
}

impl Changes {
    /// Compares `old` with `new`.
    pub fn between(old: &Report, new: &Report) -> Self {
        let mut c = Changes {
            vorheriger_datum: old.kopf.datum,
            befragt: Vec::new(),
            begonnen: Vec::new(),
            neu_geplant: Vec::new(),
            erreicht: Vec::new(),
            meilensteine_begonnen: Vec::new(),
            meilensteine_neu: Vec::new(),
            stellenanteil: None,
            foerderzeitraum: None,
            liste: Vec::new(),
        };
        if old.kopf.datum != new.kopf.datum {
            c.liste.push(format!(
                "Datum der Vorlage: {} → {}",
                old.kopf.datum, new.kopf.datum
            ));
        }
        c.surveys(old, new);
        c.milestones(old, new);
        if let (Some(a), Some(b)) = (&old.stelle, &new.stelle)
            && a.stellenanteil != b.stellenanteil
        {
            c.stellenanteil = Some((a.stellenanteil, b.stellenanteil));
        }
        if let (Some(a), Some(b)) = (&old.foerderung, &new.foerderung)
            && (a.beginn != b.beginn || a.ende != b.ende)
        {
            c.foerderzeitraum = Some((a.ende, b.beginn, b.ende));
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
        c.liste
            .extend(crate::report::changes_vorlage::list(old, new));
        c
    }

    /// Whether anything changed at all.
    pub fn is_empty(&self) -> bool {
        self.befragt.is_empty()
            && self.begonnen.is_empty()
            && self.neu_geplant.is_empty()
            && self.erreicht.is_empty()
            && self.meilensteine_begonnen.is_empty()
            && self.meilensteine_neu.is_empty()
            && self.stellenanteil.is_none()
            && self.foerderzeitraum.is_none()
            && self.liste.is_empty()
    }

    fn surveys(&mut self, old: &Report, new: &Report) {
        let old_groups = old.befragungen.as_ref().map_or(&[][..], |b| &b.gruppen[..]);
        let new_groups = new.befragungen.as_ref().map_or(&[][..], |b| &b.gruppen[..]);
        for g in new_groups {
            match old_groups.iter().find(|o| o.name.text == g.name.text) {
                Some(o) if !o.status.is_done() && g.status.is_done() => {
                    self.befragt.push(g.name.clone());
                }
                Some(o) if o.status == Status::Geplant && g.status == Status::Laufend => {
                    self.begonnen.push(g.name.clone());
                }
                Some(o) if o.status != g.status => {
                    self.liste.push(format!(
                        "Befragung {}: Status {} → {}",
                        g.name.satzteil().genitiv,
                        status(o.status),
                        status(g.status)
                    ));
                }
                Some(_) => {}
                None => match g.status {
                    Status::Geplant => self.neu_geplant.push(g.name.clone()),
                    Status::Laufend => self.begonnen.push(g.name.clone()),
                    Status::Abgeschlossen | Status::Erledigt => self.befragt.push(g.name.clone()),
                },
            }
        }
        for o in old_groups
            .iter()
            .filter(|o| !new_groups.iter().any(|g| g.name.text == o.name.text))
        {
            self.liste.push(format!(
                "Befragung {} nicht mehr aufgeführt",
                o.name.satzteil().genitiv
            ));
        }
    }

    fn milestones(&mut self, old: &Report, new: &Report) {
        for (i, m) in new.meilensteine.iter().enumerate() {
            match old.meilensteine.iter().find(|o| o.titel == m.titel) {
                Some(o) if !o.status.is_done() && m.status.is_done() => self.erreicht.push(i),
                Some(o) if o.status == Status::Geplant && m.status == Status::Laufend => {
                    self.meilensteine_begonnen.push(i);
                }
                Some(o) if o.status != m.status => {
                    self.liste.push(format!(
                        "Meilenstein {}: Status {} → {}",
                        m.titel,
                        status(o.status),
                        status(m.status)
                    ));
                }
                Some(_) => {}
                None => match m.status {
                    Status::Geplant => self.meilensteine_neu.push(i),
                    Status::Laufend => self.meilensteine_begonnen.push(i),
                    Status::Abgeschlossen | Status::Erledigt => self.erreicht.push(i),
                },
            }
        }
        for o in old
            .meilensteine
            .iter()
            .filter(|o| !new.meilensteine.iter().any(|m| m.titel == o.titel))
        {
            self.liste
                .push(format!("Meilenstein {} nicht mehr aufgeführt", o.titel));
        }
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
