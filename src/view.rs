//! The values templates see: the report reshaped for writing sentences.
//!
//! Dates become ISO strings (the template filters format them in German), surveys are grouped
//! by status, planned surveys by when and about what, so that the template can phrase every
//! combination correctly without computing anything itself.

use serde::Serialize;

use crate::model::{Art, Datum, Report, Status};

/// Everything a template can use, as `{{ kopf.datum | datum }}` etc.
#[derive(Debug, Serialize)]
pub struct View<'a> {
    /// The Vorlagenart (`sachstandsbericht`).
    pub vorlage: &'a str,
    /// Header.
    pub kopf: Kopf<'a>,
    /// The ordering resolution, or none.
    pub auftrag: Option<Auftrag<'a>>,
    /// Project.
    pub projekt: Projekt<'a>,
    /// Beratungsfolge in order.
    pub beratungsfolge: Vec<Beratung<'a>>,
    /// The post.
    pub stelle: Stelle<'a>,
    /// Funding.
    pub foerderung: Foerderung<'a>,
    /// Surveys, grouped.
    pub befragungen: Befragungen<'a>,
    /// Milestones in order.
    pub meilensteine: Vec<Meilenstein<'a>>,
    /// Paragraphs of further work.
    pub taetigkeiten: Vec<&'a str>,
    /// Signature names.
    pub unterschriften: Vec<&'a str>,
}

/// Header values.
#[derive(Debug, Serialize)]
pub struct Kopf<'a> {
    pub stadt: &'a str,
    pub produkt: &'a str,
    pub federfuehrung: &'a str,
    pub bearbeitung: &'a str,
    /// ISO date.
    pub datum: String,
    pub nummer: Option<&'a str>,
}

/// The ordering resolution.
#[derive(Debug, Serialize)]
pub struct Auftrag<'a> {
    pub gremium: &'a str,
    /// ISO date.
    pub beschluss: String,
}

/// Project values.
#[derive(Debug, Serialize)]
pub struct Projekt<'a> {
    pub titel: &'a str,
    pub gegenstand: &'a str,
    pub ziel: &'a str,
    pub betreff: Option<&'a str>,
}

/// One row of the Beratungsfolge.
#[derive(Debug, Serialize)]
pub struct Beratung<'a> {
    pub gremium: &'a str,
    /// ISO date.
    pub termin: String,
    pub bemerkungen: &'a str,
}

/// The post.
#[derive(Debug, Serialize)]
pub struct Stelle<'a> {
    pub person: &'a str,
    pub traeger: &'a str,
    /// ISO date.
    pub beginn: String,
    pub abstimmung: &'a str,
    /// Per cent of a full post.
    pub stellenanteil: f64,
}

/// Funding.
#[derive(Debug, Serialize)]
pub struct Foerderung<'a> {
    pub programm: &'a str,
    /// ISO date.
    pub beginn: String,
    /// ISO date.
    pub ende: String,
    /// Whether the funding period ended before the report's date.
    pub beendet: bool,
}

/// Surveys by status.
#[derive(Debug, Serialize)]
pub struct Befragungen<'a> {
    pub zeitraum: &'a str,
    pub zweck: &'a str,
    pub schwerpunkt: &'a str,
    /// Names of the groups whose survey is done, in file order.
    pub abgeschlossen: Vec<&'a str>,
    /// Names of the groups being surveyed now.
    pub laufend: Vec<&'a str>,
    /// Planned surveys, grouped by (`wann`, `thema`) in order of first appearance.
    pub geplant: Vec<Geplant<'a>>,
}

/// Planned surveys that share when and what.
#[derive(Debug, Serialize)]
pub struct Geplant<'a> {
    pub wann: Option<&'a str>,
    pub thema: Option<&'a str>,
    pub namen: Vec<&'a str>,
}

/// A milestone, with its status spelled out.
#[derive(Debug, Serialize)]
pub struct Meilenstein<'a> {
    pub titel: &'a str,
    /// `ableitung` or `veranstaltung`.
    pub art: &'static str,
    /// `geplant`, `laufend` or `erledigt`.
    pub status: &'static str,
    pub erledigt: bool,
    pub gegenstand: &'a str,
    pub wann: Option<&'a str>,
    /// ISO date, when done.
    pub datum: Option<String>,
    pub zweck: Option<&'a str>,
    pub ergebnis: Option<&'a str>,
}

fn iso(d: Datum) -> String {
    let d = d.0;
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

impl<'a> View<'a> {
    /// Builds the template values of `r`.
    pub fn new(r: &'a Report) -> Self {
        let gruppen = &r.befragungen.gruppen;
        let names = |status: fn(Status) -> bool| {
            gruppen
                .iter()
                .filter(|g| status(g.status))
                .map(|g| g.name.as_str())
                .collect()
        };
        let mut geplant: Vec<Geplant<'a>> = Vec::new();
        for g in gruppen.iter().filter(|g| g.status == Status::Geplant) {
            let (wann, thema) = (g.wann.as_deref(), g.thema.as_deref());
            match geplant
                .iter_mut()
                .find(|p| p.wann == wann && p.thema == thema)
            {
                Some(p) => p.namen.push(&g.name),
                None => geplant.push(Geplant {
                    wann,
                    thema,
                    namen: vec![&g.name],
                }),
            }
        }
        View {
            vorlage: &r.vorlage,
            kopf: Kopf {
                stadt: &r.kopf.stadt,
                produkt: &r.kopf.produkt,
                federfuehrung: &r.kopf.federfuehrung,
                bearbeitung: &r.kopf.bearbeitung,
                datum: iso(r.kopf.datum),
                nummer: r.kopf.nummer.as_deref(),
            },
            auftrag: r.auftrag.as_ref().map(|a| Auftrag {
                gremium: &a.gremium,
                beschluss: iso(a.beschluss),
            }),
            projekt: Projekt {
                titel: &r.projekt.titel,
                gegenstand: &r.projekt.gegenstand,
                ziel: &r.projekt.ziel,
                betreff: r.projekt.betreff.as_deref(),
            },
            beratungsfolge: r
                .beratungsfolge
                .iter()
                .map(|b| Beratung {
                    gremium: &b.gremium,
                    termin: iso(b.termin),
                    bemerkungen: &b.bemerkungen,
                })
                .collect(),
            stelle: Stelle {
                person: &r.stelle.person,
                traeger: &r.stelle.traeger,
                beginn: iso(r.stelle.beginn),
                abstimmung: &r.stelle.abstimmung,
                stellenanteil: r.stelle.stellenanteil,
            },
            foerderung: Foerderung {
                programm: &r.foerderung.programm,
                beginn: iso(r.foerderung.beginn),
                ende: iso(r.foerderung.ende),
                beendet: r.foerderung.ende < r.kopf.datum,
            },
            befragungen: Befragungen {
                zeitraum: &r.befragungen.zeitraum,
                zweck: &r.befragungen.zweck,
                schwerpunkt: &r.befragungen.schwerpunkt,
                abgeschlossen: names(Status::is_done),
                laufend: names(|s| s == Status::Laufend),
                geplant,
            },
            meilensteine: r
                .meilensteine
                .iter()
                .map(|m| Meilenstein {
                    titel: &m.titel,
                    art: match m.art {
                        Art::Ableitung => "ableitung",
                        Art::Veranstaltung => "veranstaltung",
                    },
                    status: match m.status {
                        Status::Geplant => "geplant",
                        Status::Laufend => "laufend",
                        Status::Abgeschlossen | Status::Erledigt => "erledigt",
                    },
                    erledigt: m.status.is_done(),
                    gegenstand: &m.gegenstand,
                    wann: m.wann.as_deref(),
                    datum: m.datum.map(iso),
                    zweck: m.zweck.as_deref(),
                    ergebnis: m.ergebnis.as_deref(),
                })
                .collect(),
            taetigkeiten: r.taetigkeiten.iter().map(|t| t.text.as_str()).collect(),
            unterschriften: r.unterschriften.iter().map(|u| u.name.as_str()).collect(),
        }
    }
}
