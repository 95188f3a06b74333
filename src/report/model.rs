//! The report as data: what a Sachstandsbericht's TOML file may contain.
//!
//! Keys are German and spelled as in the file; every struct denies unknown keys so that a
//! typo (`stellenanteill`) is an error and never vanishes silently. Dates are calendar dates
//! without a time. Noun phrases (`Phrase`) are written once, in the nominative with their
//! article; the grammar derives the other cases. Clauses (`zweck`, `ergebnis`) and time
//! phrases (`wann`) are spliced into sentences as written.

use std::fmt;

use serde::{Deserialize, Deserializer};

pub use crate::german::phrase::Phrase;

/// A calendar date from a TOML date (`2022-11-16`), without time or offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Datum(pub time::Date);

impl<'de> Deserialize<'de> for Datum {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = toml::value::Datetime::deserialize(deserializer)?;
        let (Some(date), None, None) = (value.date, value.time, value.offset) else {
            return Err(D::Error::custom(format!(
                "`{value}` ist kein reines Datum; erwartet wird JJJJ-MM-TT ohne Uhrzeit, z. B. 2022-11-16"
            )));
        };
        let month = time::Month::try_from(date.month)
            .map_err(|_| D::Error::custom(format!("den Monat {} gibt es nicht", date.month)))?;
        time::Date::from_calendar_date(i32::from(date.year), month, date.day)
            .map(Datum)
            .map_err(|_| D::Error::custom(format!("das Datum {value} gibt es nicht")))
    }
}

impl fmt::Display for Datum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::german::date_short(self.0))
    }
}

/// A whole report file. Which sections a report needs depends on its Vorlagenart
/// (`validate` checks that): a Sachstandsbericht has `projekt` (and optionally `stelle`,
/// `foerderung`, `befragungen`, `meilensteine`, `abschnitte`); a Beschlussvorlage `beschluss`
/// (and `finanzen`); a Mitteilungsvorlage `mitteilung`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Which template renders it (`sachstandsbericht`).
    pub vorlage: String,
    /// The report of the previous cycle, relative to this file.
    pub vorheriger: Option<String>,
    /// An example (`init` writes one): never in a Mappe, the archive or OParl
    /// (`project::example`).
    #[serde(default)]
    pub beispiel: bool,
    /// The header of the Vorlage.
    pub kopf: Kopf,
    /// The resolution that ordered the report, if any.
    pub auftrag: Option<Auftrag>,
    /// The bodies that consult the paper, in order.
    #[serde(default)]
    pub beratungsfolge: Vec<Beratung>,
    /// Signature lines, in order.
    #[serde(default)]
    pub unterschriften: Vec<Unterschrift>,
    /// Sachstandsbericht: the project reported on.
    pub projekt: Option<Projekt>,
    /// Sachstandsbericht: the post that carries the work.
    pub stelle: Option<Stelle>,
    /// Sachstandsbericht: the funding of the post.
    pub foerderung: Option<Foerderung>,
    /// Sachstandsbericht: stakeholder surveys.
    pub befragungen: Option<Befragungen>,
    /// Sachstandsbericht: milestones, in the order they are reported.
    #[serde(default)]
    pub meilensteine: Vec<Meilenstein>,
    /// Sachstandsbericht: further work of the post, one paragraph each.
    #[serde(default)]
    pub taetigkeiten: Vec<Taetigkeit>,
    /// Sachstandsbericht: free sections, in the order written.
    #[serde(default)]
    pub abschnitte: Vec<Abschnitt>,
    /// Beschlussvorlage: the proposed resolution and its reasons.
    pub beschluss: Option<Beschluss>,
    /// Beschlussvorlage: financial effects, one row each.
    #[serde(default)]
    pub finanzen: Vec<Finanzposten>,
    /// Mitteilungsvorlage: the communication.
    pub mitteilung: Option<Mitteilung>,
    /// Sign-offs of other offices (Kämmerei, Personalrat …), printed after the signatures.
    #[serde(default)]
    pub mitzeichnung: Vec<Mitzeichnung>,
    /// The release record written by `sachstand freigabe`; not part of the content's hash.
    pub freigabe: Option<Freigabe>,
    /// How the paper is drawn (`[darstellung] zeitleiste = true`); a key left out takes the
    /// city's value from `sachstand.toml` (`project::apply`).
    pub darstellung: Option<Darstellung>,
}

/// Optional parts of the paper's presentation (`[darstellung]`), in a report or, for every
/// report of the city, in `sachstand.toml`; the report's value wins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Darstellung {
    /// Sachstandsbericht: a timeline of the funding period with the milestones.
    pub zeitleiste: Option<bool>,
}

impl Report {
    /// Whether the Sachstandsbericht draws the timeline (off unless the report or the city
    /// asks for it).
    pub fn zeitleiste(&self) -> bool {
        self.darstellung.and_then(|d| d.zeitleiste).unwrap_or(false)
    }
}

/// The sections each built-in Vorlagenart needs.
pub const SECTIONS: [(&str, &[&str]); 3] = [
    ("sachstandsbericht", &["projekt"]),
    ("beschlussvorlage", &["beschluss"]),
    ("mitteilungsvorlage", &["mitteilung"]),
];

/// The sections each built-in Vorlagenart prints (needed or optional).
pub const PRINTED: [(&str, &[&str]); 3] = [
    (
        "sachstandsbericht",
        &[
            "projekt",
            "stelle",
            "foerderung",
            "befragungen",
            "meilensteine",
            "taetigkeiten",
            "abschnitte",
        ],
    ),
    ("beschlussvorlage", &["beschluss", "finanzen"]),
    ("mitteilungsvorlage", &["mitteilung"]),
];

impl Report {
    /// The names of the kind-specific sections this report has.
    pub fn sections(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let present = [
            ("projekt", self.projekt.is_some()),
            ("stelle", self.stelle.is_some()),
            ("foerderung", self.foerderung.is_some()),
            ("befragungen", self.befragungen.is_some()),
            ("meilensteine", !self.meilensteine.is_empty()),
            ("taetigkeiten", !self.taetigkeiten.is_empty()),
            ("abschnitte", !self.abschnitte.is_empty()),
            ("beschluss", self.beschluss.is_some()),
            ("finanzen", !self.finanzen.is_empty()),
            ("mitteilung", self.mitteilung.is_some()),
        ];
        for (name, has) in present {
            if has {
                out.push(name);
            }
        }
        out
    }
}

/// The proposed resolution of a Beschlussvorlage.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Beschluss {
    /// The Beschlussvorschlag, as it is to be resolved.
    pub vorschlag: String,
    /// The Begründung, one paragraph each.
    pub begruendung: Vec<String>,
    /// Attachments: a title, or a title with the file appended to the PDF.
    #[serde(default)]
    pub anlagen: Vec<Anlage>,
}

/// One entry of `anlagen`: a plain string names an Anlage by title only;
/// `{ titel = "Kostenschätzung", datei = "anlagen/kostenschaetzung.pdf" }` also names the file
/// (PDF, PNG, JPEG or SVG, relative to the report) whose pages follow the Vorlage.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Anlage {
    /// The title as listed ("Kostenschätzung").
    pub titel: String,
    /// The attached file as written in the report, relative to the report's folder.
    pub datei: Option<String>,
}

/// The table form of an `anlagen` entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnlageDatei {
    titel: String,
    datei: String,
}

impl<'de> Deserialize<'de> for Anlage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AnlageVisitor)
    }
}

/// Reads a string as a title and a table as title and file.
struct AnlageVisitor;

impl<'de> serde::de::Visitor<'de> for AnlageVisitor {
    type Value = Anlage;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a table with titel and datei")
    }

    fn visit_str<E: serde::de::Error>(self, titel: &str) -> Result<Anlage, E> {
        Ok(Anlage {
            titel: titel.to_owned(),
            datei: None,
        })
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Anlage, A::Error> {
        let table = AnlageDatei::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(Anlage {
            titel: table.titel,
            datei: Some(table.datei),
        })
    }
}

/// One row of the financial effects.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finanzposten {
    /// Budget product number.
    pub produkt: String,
    /// Kostenstelle / Sachkonto.
    pub konto: String,
    /// Budget year.
    pub haushaltsjahr: i32,
    /// Amount in euro (negative for income).
    pub betrag: f64,
    /// How it is covered (`Ansatz im Haushalt 2023 vorhanden`).
    pub deckung: String,
}

/// A Mitteilungsvorlage's content.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mitteilung {
    /// The text, one paragraph each.
    pub text: Vec<String>,
    /// Attachments: a title, or a title with the file appended to the PDF.
    #[serde(default)]
    pub anlagen: Vec<Anlage>,
}

/// The header grid of a Vorlage.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kopf {
    /// The city, printed on top (`Lampertheim`); from `sachstand.toml` when missing.
    pub stadt: Option<String>,
    /// Budget product number (`5 01 03 01 020`).
    pub produkt: String,
    /// Lead unit.
    pub federfuehrung: String,
    /// Author as printed (`Hr. Dexler`).
    pub bearbeitung: String,
    /// Date of the Vorlage.
    pub datum: Datum,
    /// Vorlagen-Nr., if assigned.
    pub nummer: Option<String>,
    /// The Betreff; a Sachstandsbericht generates it from `projekt` when it is missing.
    pub betreff: Option<String>,
    /// Whether the Vorlage is discussed in public (§ 52 HGO); `false`: nichtöffentlich, never
    /// published (OParl) and marked on every page. Öffentlich when missing.
    pub oeffentlich: Option<bool>,
}

impl Kopf {
    /// Whether the Vorlage may be published.
    pub fn is_public(&self) -> bool {
        self.oeffentlich != Some(false)
    }
}

/// The council resolution that ordered the report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auftrag {
    /// The body that resolved it: a key of the register (`stvv`), a name of the register, or
    /// a phrase with its article (`die Stadtverordnetenversammlung`).
    pub gremium: String,
    /// The body as a phrase, set from the register (or from `gremium` itself) by
    /// `project::apply`.
    #[serde(skip)]
    pub gremium_phrase: Option<Phrase>,
    /// Date of the resolution.
    pub beschluss: Datum,
    /// How often the resolution asks for a report, if it does (`halbjaehrlich`).
    pub turnus: Option<Turnus>,
    /// When the next report is due, if the resolution names a date (wins over `turnus`).
    pub naechster: Option<Datum>,
    /// The Gremium the next report is due in (a key of the register); else `gremium`.
    pub berichtsgremium: Option<String>,
}

/// The project the report is about.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Projekt {
    /// Title, in the nominative with article (`die Erarbeitung einer Integrationsstrategie`).
    pub titel: Phrase,
    /// What the post works on, in the nominative with article (`eine Integrationsstrategie …`).
    pub gegenstand: Phrase,
    /// The aim, as it reads after "Ziel ist".
    pub ziel: String,
}

/// One consultation in the Beratungsfolge.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Beratung {
    /// The body.
    pub gremium: String,
    /// The meeting date.
    pub termin: Datum,
    /// Remarks, often empty.
    #[serde(default)]
    pub bemerkungen: String,
    /// The body's role in the consultation.
    pub rolle: Option<Rolle>,
}

/// What a body does with the paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rolle {
    /// Consults and recommends.
    Vorberatung,
    /// Decides.
    Entscheidung,
    /// Takes note.
    Kenntnisnahme,
}

impl Rolle {
    /// As printed in the Beratungsfolge.
    pub fn label(self) -> &'static str {
        match self {
            Rolle::Vorberatung => "Vorberatung",
            Rolle::Entscheidung => "Entscheidung",
            Rolle::Kenntnisnahme => "Kenntnisnahme",
        }
    }
}

/// The post that carries the work.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stelle {
    /// Who holds the post.
    pub person: String,
    /// The employer, in the nominative with article (`das Regionale Diakonische Werk …`).
    pub traeger: Phrase,
    /// When the work began.
    pub beginn: Datum,
    /// With whom the work is coordinated, in the nominative with article.
    pub abstimmung: Phrase,
    /// Share of a full-time post in per cent.
    pub stellenanteil: f64,
}

/// The funding of the post.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Foerderung {
    /// The programme, in the nominative with article (`das Hessische Landesprogramm …`).
    pub programm: Phrase,
    /// Start of the funding period.
    pub beginn: Datum,
    /// End of the funding period.
    pub ende: Datum,
}

/// The stakeholder surveys.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Befragungen {
    /// When they took place, as it reads after "Dazu wurden".
    pub zeitraum: String,
    /// Why, a clause after the comma ("um … zu eruieren").
    pub zweck: String,
    /// Adjective before "Schwerpunkt" (`qualitativen`).
    pub schwerpunkt: String,
    /// The groups asked, in order.
    #[serde(default)]
    pub gruppen: Vec<Gruppe>,
}

/// Progress of a survey or milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Planned, not started.
    Geplant,
    /// Under way.
    Laufend,
    /// Done (surveys).
    Abgeschlossen,
    /// Done (milestones); the same as `abgeschlossen`.
    Erledigt,
}

impl Status {
    /// The status names a report may use.
    pub const NAMES: [&'static str; 4] = ["geplant", "laufend", "abgeschlossen", "erledigt"];
    /// The words the form offers for a survey (`abgeschlossen`, never `erledigt`).
    pub const SURVEY: [&'static str; 3] = ["abgeschlossen", "laufend", "geplant"];
    /// The words the form offers for a milestone (`erledigt`; `abgeschlossen` is read too).
    pub const MILESTONE: [&'static str; 3] = ["geplant", "laufend", "erledigt"];

    /// Whether the work is done.
    pub fn is_done(self) -> bool {
        matches!(self, Status::Abgeschlossen | Status::Erledigt)
    }
}

/// One group of stakeholders asked in a survey.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gruppe {
    /// The group in the nominative, with its article (`der Seniorenbeirat`, `Gewerbetreibende`).
    pub name: Phrase,
    /// Progress of the survey.
    pub status: Status,
    /// For planned surveys: when (`noch in diesem Jahr`).
    pub wann: Option<String>,
    /// For planned surveys: about what (`über ihre beruflichen Erfahrungen …`).
    pub thema: Option<String>,
    /// For completed surveys: when they were done.
    pub datum: Option<Datum>,
}

/// How a milestone is phrased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Art {
    /// Results derived from the surveys or the work so far ("Aus den Ergebnissen …").
    Ableitung,
    /// An event such as a conference ("… ist … angedacht" / "… fand am … statt").
    Veranstaltung,
    /// Anything that happens to its `gegenstand`, named by `partizip` ("eingereicht").
    Vorgang,
    /// An application ("… wurde am … gestellt").
    Antrag,
    /// A resolution ("… wurde am … beschlossen").
    Beschluss,
    /// A call for tenders ("… wurde am … ausgeschrieben").
    Ausschreibung,
    /// An award of a contract ("… wurde am … vergeben").
    Vergabe,
    /// Start of construction ("Mit … wurde am … begonnen").
    Baubeginn,
    /// Completion ("… wurde am … fertiggestellt").
    Fertigstellung,
    /// Opening ("… wurde am … eröffnet").
    Eroeffnung,
}

impl Art {
    /// The kinds a report may use.
    pub const NAMES: [&'static str; 10] = [
        "ableitung",
        "veranstaltung",
        "vorgang",
        "antrag",
        "beschluss",
        "ausschreibung",
        "vergabe",
        "baubeginn",
        "fertigstellung",
        "eroeffnung",
    ];

    /// The past participle that names what happens, for the kinds whose verb is fixed.
    pub fn partizip(self) -> Option<&'static str> {
        match self {
            Art::Antrag => Some("gestellt"),
            Art::Beschluss => Some("beschlossen"),
            Art::Ausschreibung => Some("ausgeschrieben"),
            Art::Vergabe => Some("vergeben"),
            Art::Fertigstellung => Some("fertiggestellt"),
            Art::Eroeffnung => Some("eröffnet"),
            Art::Ableitung => Some("abgeleitet"),
            Art::Veranstaltung | Art::Vorgang | Art::Baubeginn => None,
        }
    }

    /// The infinitive of the kind's verb, for a Gremium that is to act ("soll … beschließen").
    pub fn infinitiv(self) -> Option<&'static str> {
        match self {
            Art::Antrag => Some("stellen"),
            Art::Beschluss => Some("beschließen"),
            Art::Ausschreibung => Some("ausschreiben"),
            Art::Vergabe => Some("vergeben"),
            Art::Fertigstellung => Some("fertigstellen"),
            Art::Eroeffnung => Some("eröffnen"),
            Art::Ableitung => Some("ableiten"),
            Art::Veranstaltung | Art::Vorgang | Art::Baubeginn => None,
        }
    }
}

/// A milestone of the project.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meilenstein {
    /// Short name (for lists and comparisons).
    pub titel: String,
    /// How the sentence is built.
    pub art: Art,
    /// Progress.
    pub status: Status,
    /// The thing itself, in the nominative with article (`eine Konferenz zum Thema …`).
    pub gegenstand: Phrase,
    /// For `art = "vorgang"`: the past participle of what happens (`eingereicht`).
    pub partizip: Option<String>,
    /// For planned milestones: when (`im Frühjahr 2023`).
    pub wann: Option<String>,
    /// For done milestones: when it was reached.
    pub datum: Option<Datum>,
    /// For planned events: a relative clause after the comma (`die … generieren soll`).
    pub zweck: Option<String>,
    /// For done milestones: a clause after the comma, in the past tense.
    pub ergebnis: Option<String>,
    /// The body that decides or decided (a Beschluss, a Vergabe): a key of the register
    /// (`stvv`), a name of the register, or a phrase with its article.
    pub gremium: Option<String>,
    /// The body as a phrase, set from the register (or from `gremium` itself) by
    /// `project::apply`.
    #[serde(skip)]
    pub gremium_phrase: Option<Phrase>,
}

/// A paragraph of further work.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taetigkeit {
    /// The paragraph, as written.
    pub text: String,
}

/// A free section of the Sachdarstellung.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Abschnitt {
    /// A heading, if the section has one.
    pub ueberschrift: Option<String>,
    /// The text; an empty line starts a new paragraph.
    pub text: String,
}

impl Abschnitt {
    /// The paragraphs of `text`.
    pub fn absaetze(&self) -> Vec<String> {
        self.text
            .split("\n\n")
            .flat_map(|p| p.split("\r\n\r\n"))
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect()
    }
}

/// A signature line, printed in parentheses ("(Schmidt)") or after "gez." as the city's
/// settings choose, with the office on the line below when one is given.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Unterschrift {
    /// The surname (`Schmidt`).
    pub name: String,
    /// The Amtsbezeichnung under the name (`Bürgermeister`, `Erster Stadtrat`).
    pub amt: Option<String>,
}

/// One sign-off (`[[mitzeichnung]]`): an office that co-signs the paper.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mitzeichnung {
    /// The office (`Kämmerei`, `Personalrat`, `Frauenbeauftragte`).
    pub stelle: String,
    /// Who signed for it, once signed.
    pub name: Option<String>,
    /// When it signed; missing: still open.
    pub datum: Option<Datum>,
    /// A remark (`ohne Bedenken`, `mit Hinweis auf …`).
    pub vermerk: Option<String>,
}

impl Mitzeichnung {
    /// Whether the office has not signed yet (no date).
    pub fn is_open(&self) -> bool {
        self.datum.is_none()
    }
}

/// The release record (`[freigabe]`): who released the content with which hash, and when.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Freigabe {
    /// Name and office (`Schmidt, Bürgermeister`).
    pub durch: String,
    /// When (RFC 3339, Berlin time).
    pub am: String,
    /// `sha256:` and the hex digest of the file without this table.
    pub inhalt: String,
}

// Reporting duties (`[auftrag] turnus`, `naechster`, `berichtsgremium`): `fristen` lists the
// next report a resolution asks for.

/// How often a resolution asks for a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Turnus {
    /// Every three months.
    Quartalsweise,
    /// Every six months.
    Halbjaehrlich,
    /// Every year.
    Jaehrlich,
}

impl Turnus {
    /// The names a report may use.
    pub const NAMES: [&'static str; 3] = ["quartalsweise", "halbjaehrlich", "jaehrlich"];

    /// The months between two reports.
    pub fn months(self) -> u8 {
        match self {
            Turnus::Quartalsweise => 3,
            Turnus::Halbjaehrlich => 6,
            Turnus::Jaehrlich => 12,
        }
    }
}
