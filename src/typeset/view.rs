//! The values templates see: the report reshaped for writing sentences.
//!
//! Dates become ISO strings (the template filters format them in German), noun phrases become
//! `Satzteil`s with every case (`{{ stelle.traeger.von }}`), surveys are grouped by status,
//! and the sentences whose shape depends on the data come ready from `prose`, so that the
//! template phrases every combination correctly without computing anything itself.

use serde::Serialize;

use crate::german::phrase::Satzteil;
use crate::prose::Prosa;
use crate::report::model::{Datum, Report, Rolle, Status};

/// Everything a template can use, as `{{ kopf.datum | datum }}` etc.
#[derive(Debug, Serialize)]
pub struct View<'a> {
    /// The Vorlagenart (`sachstandsbericht`).
    pub vorlage: &'a str,
    /// Whether the Vorlage is rendered as one part of a Sitzungsmappe.
    pub teil: bool,
    /// Whether the paper is not released (every page then carries "ENTWURF").
    pub entwurf: bool,
    /// Header.
    pub kopf: Kopf<'a>,
    /// The ordering resolution, or none.
    pub auftrag: Option<Auftrag>,
    /// Beratungsfolge in order.
    pub beratungsfolge: Vec<Beratung<'a>>,
    /// Whether any consultation names a role (the table then gets a column for it).
    pub rollen: bool,
    /// Signature lines: name and office.
    pub unterschriften: Vec<UnterschriftView<'a>>,
    /// Sign-offs of other offices, printed as a table after the signatures.
    pub mitzeichnung: Vec<MitzeichnungView<'a>>,
    /// Whether signature lines read "gez. Schmidt" (the city's `[unterschrift] stil = "gez."`)
    /// instead of "(Schmidt)".
    pub unterschrift_gez: bool,
    /// The city's logo: virtual path and alternative text, if the project has one.
    pub logo: Option<LogoView>,
    /// Sachstandsbericht: project.
    pub projekt: Option<Projekt<'a>>,
    /// Sachstandsbericht: the post.
    pub stelle: Option<Stelle<'a>>,
    /// Sachstandsbericht: funding.
    pub foerderung: Option<Foerderung>,
    /// Sachstandsbericht: surveys, grouped.
    pub befragungen: Option<Befragungen<'a>>,
    /// Sachstandsbericht: milestones in order.
    pub meilensteine: Vec<Meilenstein<'a>>,
    /// Sachstandsbericht: paragraphs of further work.
    pub taetigkeiten: Vec<&'a str>,
    /// Sachstandsbericht: free sections in the order written.
    pub abschnitte: Vec<AbschnittView<'a>>,
    /// Sachstandsbericht: the sentences built from the data (changes, planned surveys,
    /// milestones).
    pub prosa: Prosa,
    /// Sachstandsbericht: the timeline of the funding period, when `[darstellung]` (of the
    /// report or the city) asks for it and the report has a `[foerderung]`.
    pub zeitleiste: Option<super::view_zeitleiste::Zeitleiste<'a>>,
    /// Beschlussvorlage: proposal, reasons, attachments.
    pub beschluss: Option<&'a crate::report::model::Beschluss>,
    /// Beschlussvorlage: financial effects, by year, each as an expense or as income.
    pub finanzen: Vec<crate::report::finance::Zeile<'a>>,
    /// Beschlussvorlage: the sum of `finanzen` as written (income negative).
    pub finanzen_summe: f64,
    /// Beschlussvorlage: whether some row is income (the table has a column for it).
    pub finanzen_einnahmen: bool,
    /// Beschlussvorlage: sum rows per year (expenses and income apart), each followed by
    /// the year's net when the table has income.
    pub finanzen_summen: Vec<crate::report::finance::Summe>,
    /// Mitteilungsvorlage: text and attachments.
    pub mitteilung: Option<&'a crate::report::model::Mitteilung>,
    /// Beschluss- or Mitteilungsvorlage: the Anlagen, attached files with their pages.
    pub anlagen: Vec<crate::typeset::anlagen::AnlageView>,
}

/// One sign-off as templates see it; the date as ISO.
#[derive(Debug, Serialize)]
pub struct MitzeichnungView<'a> {
    /// The office.
    pub stelle: &'a str,
    /// Who signed, or empty.
    pub name: &'a str,
    /// ISO date, or empty while open.
    pub datum: String,
    /// The remark, or empty.
    pub vermerk: &'a str,
}

/// One signature line as templates see it.
#[derive(Debug, Serialize)]
pub struct UnterschriftView<'a> {
    /// The surname.
    pub name: &'a str,
    /// The office under the name, if given.
    pub amt: Option<&'a str>,
}

/// The logo as templates see it.
#[derive(Debug, Serialize)]
pub struct LogoView {
    /// Where Typst reads it (`/.sachstand/logo.svg`).
    pub datei: String,
    /// Alternative text.
    pub alt: String,
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
    /// Whether the Vorlage is öffentlich (`kopf.oeffentlich`, default true).
    pub oeffentlich: bool,
}

/// A free section.
#[derive(Debug, Serialize)]
pub struct AbschnittView<'a> {
    pub ueberschrift: Option<&'a str>,
    pub absaetze: Vec<String>,
}

/// The ordering resolution.
#[derive(Debug, Serialize)]
pub struct Auftrag {
    /// The Gremium in every case (`{{ auftrag.gremium.gen }}`).
    pub gremium: Satzteil,
    /// ISO date.
    pub beschluss: String,
}

/// Project values.
#[derive(Debug, Serialize)]
pub struct Projekt<'a> {
    pub titel: Satzteil,
    pub gegenstand: Satzteil,
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
    pub traeger: Satzteil,
    /// ISO date.
    pub beginn: String,
    pub abstimmung: Satzteil,
    /// Per cent of a full post.
    pub stellenanteil: f64,
}

/// Funding.
#[derive(Debug, Serialize)]
pub struct Foerderung {
    pub programm: Satzteil,
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
    /// The groups whose survey is done, in file order, as one enumeration.
    pub abgeschlossen: Option<Satzteil>,
    /// The groups being surveyed now.
    pub laufend: Option<Satzteil>,
    /// Whether surveys are planned (`prosa.geplant` phrases them).
    pub geplant: bool,
}

/// A milestone, with its status spelled out.
#[derive(Debug, Serialize)]
pub struct Meilenstein<'a> {
    pub titel: &'a str,
    /// `ableitung`, `veranstaltung`, `vorgang`, … (as in the report).
    pub art: String,
    /// `geplant`, `laufend` or `erledigt`.
    pub status: &'static str,
    pub erledigt: bool,
    pub gegenstand: Satzteil,
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
            entwurf: true,
            kopf: kopf(&r.kopf),
            auftrag: r.auftrag.as_ref().map(auftrag),
            beratungsfolge: r.beratungsfolge.iter().map(beratung).collect(),
            rollen: r.beratungsfolge.iter().any(|b| b.rolle.is_some()),
            unterschriften: r
                .unterschriften
                .iter()
                .map(|u| UnterschriftView {
                    name: &u.name,
                    amt: u.amt.as_deref().filter(|a| !a.trim().is_empty()),
                })
                .collect(),
            mitzeichnung: r
                .mitzeichnung
                .iter()
                .map(|m| MitzeichnungView {
                    stelle: &m.stelle,
                    name: m.name.as_deref().unwrap_or_default(),
                    datum: m.datum.map(iso).unwrap_or_default(),
                    vermerk: m.vermerk.as_deref().unwrap_or_default(),
                })
                .collect(),
            unterschrift_gez: false,
            logo: None,
            projekt: r.projekt.as_ref().map(projekt),
            stelle: r.stelle.as_ref().map(stelle),
            foerderung: r.foerderung.as_ref().map(|f| foerderung(f, r.kopf.datum)),
            befragungen: r.befragungen.as_ref().map(befragungen),
            meilensteine: r.meilensteine.iter().map(meilenstein).collect(),
            taetigkeiten: r.taetigkeiten.iter().map(|t| t.text.as_str()).collect(),
            abschnitte: r.abschnitte.iter().map(abschnitt).collect(),
            prosa: crate::prose::build(r, None),
            zeitleiste: super::view_zeitleiste::build(r),
            beschluss: r.beschluss.as_ref(),
            finanzen: crate::report::finance::rows(&r.finanzen),
            finanzen_summe: r.finanzen.iter().map(|f| f.betrag).sum(),
            finanzen_einnahmen: crate::report::finance::has_income(&r.finanzen),
            finanzen_summen: crate::report::finance::sums(&r.finanzen),
            mitteilung: r.mitteilung.as_ref(),
            anlagen: crate::typeset::anlagen::views(r, &[]),
        }
    }
}

/// The header values, the date as ISO.
fn kopf(k: &crate::report::model::Kopf) -> Kopf<'_> {
    Kopf {
        stadt: k.stadt.as_deref().unwrap_or_default(),
        produkt: &k.produkt,
        federfuehrung: &k.federfuehrung,
        bearbeitung: &k.bearbeitung,
        datum: iso(k.datum),
        nummer: k.nummer.as_deref(),
        betreff: k.betreff.as_deref(),
        oeffentlich: k.is_public(),
    }
}

/// The ordering resolution, its Gremium as written or guessed as a phrase.
fn auftrag(a: &crate::report::model::Auftrag) -> Auftrag {
    Auftrag {
        gremium: a
            .gremium_phrase
            .clone()
            .unwrap_or_else(|| crate::project::guessed_phrase(&a.gremium).0)
            .satzteil(),
        beschluss: iso(a.beschluss),
    }
}

/// One row of the Beratungsfolge, with its role's label.
fn beratung(b: &crate::report::model::Beratung) -> Beratung<'_> {
    Beratung {
        gremium: &b.gremium,
        termin: iso(b.termin),
        bemerkungen: &b.bemerkungen,
        rolle: b.rolle.map(Rolle::label),
    }
}

/// The project's phrases in every case.
fn projekt(p: &crate::report::model::Projekt) -> Projekt<'_> {
    Projekt {
        titel: p.titel.satzteil(),
        gegenstand: p.gegenstand.satzteil(),
        ziel: &p.ziel,
    }
}

/// The post, its phrases in every case.
fn stelle(s: &crate::report::model::Stelle) -> Stelle<'_> {
    Stelle {
        person: &s.person,
        traeger: s.traeger.satzteil(),
        beginn: iso(s.beginn),
        abstimmung: s.abstimmung.satzteil(),
        stellenanteil: s.stellenanteil,
    }
}

/// The funding, and whether its period ended before the report's date `datum`.
fn foerderung(f: &crate::report::model::Foerderung, datum: Datum) -> Foerderung {
    Foerderung {
        programm: f.programm.satzteil(),
        beginn: iso(f.beginn),
        ende: iso(f.ende),
        beendet: f.ende < datum,
    }
}

/// A free section with its paragraphs.
fn abschnitt(a: &crate::report::model::Abschnitt) -> AbschnittView<'_> {
    AbschnittView {
        ueberschrift: a.ueberschrift.as_deref(),
        absaetze: a.absaetze(),
    }
}

/// Surveys grouped by status, each group as one enumeration.
fn befragungen(b: &crate::report::model::Befragungen) -> Befragungen<'_> {
    let list = |status: fn(Status) -> bool| {
        let items: Vec<Satzteil> = b
            .gruppen
            .iter()
            .filter(|g| status(g.status))
            .map(|g| g.name.satzteil())
            .collect();
        (!items.is_empty()).then(|| Satzteil::enumeration(&items, "sowie"))
    };
    Befragungen {
        zeitraum: &b.zeitraum,
        zweck: &b.zweck,
        schwerpunkt: &b.schwerpunkt,
        abgeschlossen: list(Status::is_done),
        laufend: list(|s| s == Status::Laufend),
        geplant: b.gruppen.iter().any(|g| g.status == Status::Geplant),
    }
}

fn meilenstein(m: &crate::report::model::Meilenstein) -> Meilenstein<'_> {
    Meilenstein {
        titel: &m.titel,
        art: format!("{:?}", m.art).to_lowercase(),
        status: match m.status {
            Status::Geplant => "geplant",
            Status::Laufend => "laufend",
            Status::Abgeschlossen | Status::Erledigt => "erledigt",
        },
        erledigt: m.status.is_done(),
        gegenstand: m.gegenstand.satzteil(),
        wann: m.wann.as_deref(),
        datum: m.datum.map(iso),
        zweck: m.zweck.as_deref(),
        ergebnis: m.ergebnis.as_deref(),
    }
}
