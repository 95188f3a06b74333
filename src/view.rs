//! The values templates see: the report reshaped for writing sentences.
//!
//! Dates become ISO strings (the template filters format them in German), surveys are grouped
//! by status, planned surveys by when and about what, so that the template can phrase every
//! combination correctly without computing anything itself.

use serde::Serialize;

use crate::model::{Art, Datum, Report, Rolle, Status};

/// Everything a template can use, as `{{ kopf.datum | datum }}` etc.
#[derive(Debug, Serialize)]
pub struct View<'a> {
    /// The Vorlagenart (`sachstandsbericht`).
    pub vorlage: &'a str,
    /// Whether the Vorlage is rendered as one part of a Sitzungsmappe.
    pub teil: bool,
    /// Header.
    pub kopf: Kopf<'a>,
    /// The ordering resolution, or none.
    pub auftrag: Option<Auftrag<'a>>,
    /// Beratungsfolge in order.
    pub beratungsfolge: Vec<Beratung<'a>>,
    /// Whether any consultation names a role (the table then gets a column for it).
    pub rollen: bool,
    /// Signature names.
    pub unterschriften: Vec<&'a str>,
    /// The city's logo: virtual path and alternative text, if the project has one.
    pub logo: Option<LogoView>,
    /// Sachstandsbericht: project.
    pub projekt: Option<Projekt<'a>>,
    /// Sachstandsbericht: the post.
    pub stelle: Option<Stelle<'a>>,
    /// Sachstandsbericht: funding.
    pub foerderung: Option<Foerderung<'a>>,
    /// Sachstandsbericht: surveys, grouped.
    pub befragungen: Option<Befragungen<'a>>,
    /// Sachstandsbericht: milestones in order.
    pub meilensteine: Vec<Meilenstein<'a>>,
    /// Sachstandsbericht: paragraphs of further work.
    pub taetigkeiten: Vec<&'a str>,
    /// Beschlussvorlage: proposal, reasons, attachments.
    pub beschluss: Option<&'a crate::model::Beschluss>,
    /// Beschlussvorlage: financial effects.
    pub finanzen: Vec<Finanzposten<'a>>,
    /// Beschlussvorlage: the sum of `finanzen`.
    pub finanzen_summe: f64,
    /// Beschlussvorlage: sum rows, expenses and income apart, per year when several.
    pub finanzen_summen: Vec<crate::finance::Summe>,
    /// What changed since the report named in `vorheriger`, if any.
    pub seit_vorheriger: Option<crate::changes::Changes>,
    /// Mitteilungsvorlage: text and attachments.
    pub mitteilung: Option<&'a crate::model::Mitteilung>,
}

/// The logo as templates see it.
#[derive(Debug, Serialize)]
pub struct LogoView {
    /// Where Typst reads it (`/.sachstand/logo.svg`).
    pub datei: String,
    /// Alternative text.
    pub alt: String,
}

/// One row of the financial effects.
#[derive(Debug, Serialize)]
pub struct Finanzposten<'a> {
    pub produkt: &'a str,
    pub konto: &'a str,
    pub haushaltsjahr: i32,
    pub betrag: f64,
    pub deckung: &'a str,
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
    pub betreff: Option<&'a str>,
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
}

/// One row of the Beratungsfolge.
#[derive(Debug, Serialize)]
pub struct Beratung<'a> {
    pub gremium: &'a str,
    /// ISO date.
    pub termin: String,
    pub bemerkungen: &'a str,
    /// `Vorberatung`, `Entscheidung`, `Kenntnisnahme`, or none.
    pub rolle: Option<&'static str>,
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
    crate::german::date_iso(d.0)
}

impl<'a> View<'a> {
    /// Builds the template values of `r`.
    pub fn new(r: &'a Report) -> Self {
        View {
            vorlage: &r.vorlage,
            teil: false,
            kopf: Kopf {
                stadt: r.kopf.stadt.as_deref().unwrap_or_default(),
                produkt: &r.kopf.produkt,
                federfuehrung: &r.kopf.federfuehrung,
                bearbeitung: &r.kopf.bearbeitung,
                datum: iso(r.kopf.datum),
                nummer: r.kopf.nummer.as_deref(),
                betreff: r.kopf.betreff.as_deref(),
            },
            auftrag: r.auftrag.as_ref().map(|a| Auftrag {
                gremium: &a.gremium,
                beschluss: iso(a.beschluss),
            }),
            beratungsfolge: r
                .beratungsfolge
                .iter()
                .map(|b| Beratung {
                    gremium: &b.gremium,
                    termin: iso(b.termin),
                    bemerkungen: &b.bemerkungen,
                    rolle: b.rolle.map(Rolle::label),
                })
                .collect(),
            rollen: r.beratungsfolge.iter().any(|b| b.rolle.is_some()),
            unterschriften: r.unterschriften.iter().map(|u| u.name.as_str()).collect(),
            logo: None,
            projekt: r.projekt.as_ref().map(|p| Projekt {
                titel: &p.titel,
                gegenstand: &p.gegenstand,
                ziel: &p.ziel,
            }),
            stelle: r.stelle.as_ref().map(|s| Stelle {
                person: &s.person,
                traeger: &s.traeger,
                beginn: iso(s.beginn),
                abstimmung: &s.abstimmung,
                stellenanteil: s.stellenanteil,
            }),
            foerderung: r.foerderung.as_ref().map(|f| Foerderung {
                programm: &f.programm,
                beginn: iso(f.beginn),
                ende: iso(f.ende),
                beendet: f.ende < r.kopf.datum,
            }),
            befragungen: r.befragungen.as_ref().map(befragungen),
            meilensteine: r.meilensteine.iter().map(meilenstein).collect(),
            taetigkeiten: r.taetigkeiten.iter().map(|t| t.text.as_str()).collect(),
            beschluss: r.beschluss.as_ref(),
            finanzen: r
                .finanzen
                .iter()
                .map(|f| Finanzposten {
                    produkt: &f.produkt,
                    konto: &f.konto,
                    haushaltsjahr: f.haushaltsjahr,
                    betrag: f.betrag,
                    deckung: &f.deckung,
                })
                .collect(),
            finanzen_summe: r.finanzen.iter().map(|f| f.betrag).sum(),
            finanzen_summen: crate::finance::sums(&r.finanzen),
            mitteilung: r.mitteilung.as_ref(),
            seit_vorheriger: None,
        }
    }
}

/// Surveys grouped by status; planned ones by (`wann`, `thema`) in order of first appearance.
fn befragungen(b: &crate::model::Befragungen) -> Befragungen<'_> {
    let names = |status: fn(Status) -> bool| {
        b.gruppen
            .iter()
            .filter(|g| status(g.status))
            .map(|g| g.name.as_str())
            .collect()
    };
    let mut geplant: Vec<Geplant<'_>> = Vec::new();
    for g in b.gruppen.iter().filter(|g| g.status == Status::Geplant) {
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
    Befragungen {
        zeitraum: &b.zeitraum,
        zweck: &b.zweck,
        schwerpunkt: &b.schwerpunkt,
        abgeschlossen: names(Status::is_done),
        laufend: names(|s| s == Status::Laufend),
        geplant,
    }
}

fn meilenstein(m: &crate::model::Meilenstein) -> Meilenstein<'_> {
    Meilenstein {
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
    }
}
