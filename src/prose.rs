//! Sentences whose shape depends on the data: milestones of every kind in every status,
//! planned surveys, and what changed since the previous report.
//!
//! Every sentence is built from the report's phrases in the case it needs, with the verb in
//! the number of its subject ("wurde"/"wurden") and a connector that never repeats the one
//! before ("Darüber hinaus", "Außerdem", "Zudem"). The template prints them as text.

use crate::german::phrase::Satzteil;
use crate::german::{date_short, percent};
use crate::report::changes::Changes;
use crate::report::model::{Art, Datum, Meilenstein, Phrase, Report, Status};

/// The sentences of a Sachstandsbericht that the template does not write itself.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Prosa {
    /// What changed since the previous report ("Seit dem letzten Sachstandsbericht …").
    pub seit: Vec<String>,
    /// Planned surveys ("In einem nächsten Schritt werden …").
    pub geplant: Vec<String>,
    /// Milestones not already named in `seit`.
    pub meilensteine: Vec<String>,
}

/// Hands out connectors so that no two sentences in a row start the same way.
#[derive(Debug, Default)]
struct Connectors {
    last: Option<&'static str>,
    next: usize,
}

impl Connectors {
    const WORDS: [&'static str; 3] = ["Darüber hinaus", "Außerdem", "Zudem"];

    fn take(&mut self) -> &'static str {
        let mut word = Self::WORDS[self.next % Self::WORDS.len()];
        if Some(word) == self.last {
            self.next += 1;
            word = Self::WORDS[self.next % Self::WORDS.len()];
        }
        self.next += 1;
        self.last = Some(word);
        word
    }
}

pub use crate::german::capitalise;

/// Lower-cases the first letter (a phrase moved out of the sentence's first position).
fn decapitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A German main clause: first position, finite verb, the rest. With a lead word, the lead
/// takes the first position and what stood there moves behind the verb.
struct Clause {
    first: String,
    verb: String,
    rest: Vec<String>,
    /// Whether `first` is the subject (documentation of the sentence's shape).
    #[allow(dead_code)]
    first_is_subject: bool,
}

impl Clause {
    fn render(self, lead: Option<&str>) -> String {
        let mut words: Vec<String> = Vec::new();
        match lead {
            Some(lead) => {
                words.push(lead.to_string());
                words.push(self.verb);
                // Parts are kept in their natural case ("am 22.03.2023", "Ende April 2024"),
                // so moving one behind the verb changes nothing.
                words.push(self.first);
            }
            None => {
                words.push(capitalise(&self.first));
                words.push(self.verb);
            }
        }
        words.extend(self.rest.into_iter().filter(|w| !w.is_empty()));
        let mut sentence = words.join(" ");
        sentence = sentence.replace(" ,", ",");
        format!("{sentence}.")
    }
}

fn verb<'a>(plural: bool, singular: &'a str, plural_form: &'a str) -> String {
    if plural { plural_form } else { singular }.to_string()
}

fn clause_tail(text: Option<&str>) -> String {
    text.map(|t| format!(", {t}")).unwrap_or_default()
}

/// When a planned milestone happens: `wann`, else its date.
fn when(m: &Meilenstein) -> String {
    match (&m.wann, m.datum) {
        (Some(w), _) => w.clone(),
        (None, Some(d)) => format!("am {}", date_short(d.0)),
        (None, None) => String::new(),
    }
}

/// What a milestone of this kind is while it is under way.
fn laufend_partizip(art: Art, partizip: &str) -> String {
    match art {
        Art::Antrag => "vorbereitet".to_string(),
        Art::Beschluss => "beraten".to_string(),
        _ => partizip.to_string(),
    }
}

/// The sentence for one milestone.
pub fn milestone(m: &Meilenstein, has_surveys: bool, lead: Option<&str>) -> String {
    let x = m.gegenstand.satzteil();
    let date = m
        .datum
        .map(|d| format!("am {}", date_short(d.0)))
        .unwrap_or_default();
    let clause = match m.art {
        Art::Ableitung => ableitung(m, &x, has_surveys),
        Art::Veranstaltung => veranstaltung(m, &x, date),
        Art::Baubeginn => baubeginn(m, &x, date),
        art => other_art(m, &x, art, date),
    };
    clause.render(lead)
}

/// The clause for an event (Veranstaltung): took place, takes place, or is planned.
fn veranstaltung(m: &Meilenstein, x: &Satzteil, date: String) -> Clause {
    let pl = x.plural;
    match m.status {
        s if s.is_done() => Clause {
            first: date,
            verb: verb(pl, "fand", "fanden"),
            rest: vec![
                x.nom.clone(),
                format!("statt{}", clause_tail(m.ergebnis.as_deref())),
            ],
            first_is_subject: false,
        },
        Status::Laufend => Clause {
            first: "derzeit".into(),
            verb: verb(pl, "findet", "finden"),
            rest: vec![x.nom.clone(), "statt".into()],
            first_is_subject: false,
        },
        _ => {
            let w = when(m);
            let tail = clause_tail(m.zweck.as_deref());
            if w.is_empty() {
                Clause {
                    first: "angedacht".into(),
                    verb: verb(pl, "ist", "sind"),
                    rest: vec![format!("{}{tail}", x.nom)],
                    first_is_subject: false,
                }
            } else {
                Clause {
                    first: w,
                    verb: verb(pl, "ist", "sind"),
                    rest: vec![x.nom.clone(), format!("angedacht{tail}")],
                    first_is_subject: false,
                }
            }
        }
    }
}

/// The clause for the start of construction (Baubeginn): begun, under way, or planned.
fn baubeginn(m: &Meilenstein, x: &Satzteil, date: String) -> Clause {
    match m.status {
        s if s.is_done() => Clause {
            first: x.mit.clone(),
            verb: "wurde".into(),
            rest: vec![
                date,
                format!("begonnen{}", clause_tail(m.ergebnis.as_deref())),
            ],
            first_is_subject: false,
        },
        Status::Laufend => Clause {
            first: "derzeit".into(),
            verb: "laufen".into(),
            rest: vec![format!("die Bauarbeiten {}", x.fuer)],
            first_is_subject: false,
        },
        _ => Clause {
            first: x.mit.clone(),
            verb: "soll".into(),
            rest: vec![
                when(m),
                format!("begonnen werden{}", clause_tail(m.zweck.as_deref())),
            ],
            first_is_subject: false,
        },
    }
}

/// The clause for every other kind of milestone, with the kind's (or the milestone's) participle.
fn other_art(m: &Meilenstein, x: &Satzteil, art: Art, date: String) -> Clause {
    let pl = x.plural;
    let partizip = art
        .partizip()
        .map(str::to_string)
        .or_else(|| m.partizip.clone())
        .unwrap_or_else(|| "umgesetzt".to_string());
    match m.status {
        s if s.is_done() => Clause {
            first: x.nom.clone(),
            verb: verb(pl, "wurde", "wurden"),
            rest: vec![
                date,
                format!("{partizip}{}", clause_tail(m.ergebnis.as_deref())),
            ],
            first_is_subject: true,
        },
        Status::Laufend => Clause {
            first: x.nom.clone(),
            verb: verb(pl, "wird", "werden"),
            rest: vec!["derzeit".into(), laufend_partizip(art, &partizip)],
            first_is_subject: true,
        },
        _ => Clause {
            first: x.nom.clone(),
            verb: verb(pl, "soll", "sollen"),
            rest: vec![
                when(m),
                format!("{partizip} werden{}", clause_tail(m.zweck.as_deref())),
            ],
            first_is_subject: true,
        },
    }
}

fn ableitung(m: &Meilenstein, x: &Satzteil, has_surveys: bool) -> Clause {
    let source = if has_surveys {
        "aus den Ergebnissen der Befragungen"
    } else {
        "aus den bisherigen Ergebnissen des Projekts"
    };
    let pl = x.plural;
    match m.status {
        s if s.is_done() => Clause {
            first: source.into(),
            verb: verb(pl, "wurde", "wurden"),
            rest: vec![
                m.datum
                    .map(|d| format!("bis zum {}", date_short(d.0)))
                    .unwrap_or_default(),
                x.nom.clone(),
                format!("abgeleitet{}", clause_tail(m.ergebnis.as_deref())),
            ],
            first_is_subject: false,
        },
        Status::Laufend => Clause {
            first: "derzeit".into(),
            verb: verb(pl, "wird", "werden"),
            rest: vec![source.into(), x.nom.clone(), "abgeleitet".into()],
            first_is_subject: false,
        },
        _ => Clause {
            first: source.into(),
            verb: verb(pl, "kann", "können"),
            rest: vec![
                when(m),
                x.nom.clone(),
                format!("abgeleitet werden{}", clause_tail(m.zweck.as_deref())),
            ],
            first_is_subject: false,
        },
    }
}

/// Planned surveys grouped by when and what, each group one sentence.
fn planned_surveys(r: &Report) -> Vec<String> {
    let Some(b) = &r.befragungen else {
        return Vec::new();
    };
    let mut groups: Vec<(Option<&str>, Option<&str>, Vec<Satzteil>)> = Vec::new();
    for g in b.gruppen.iter().filter(|g| g.status == Status::Geplant) {
        let key = (g.wann.as_deref(), g.thema.as_deref());
        match groups.iter_mut().find(|(w, t, _)| (*w, *t) == key) {
            Some((_, _, names)) => names.push(g.name.satzteil()),
            None => groups.push((key.0, key.1, vec![g.name.satzteil()])),
        }
    }
    let mut connectors = Connectors::default();
    let mut out = Vec::new();
    for (i, (wann, thema, names)) in groups.iter().enumerate() {
        let list = Satzteil::enumeration(names, "sowie");
        let v = verb(list.plural, "wird", "werden");
        let tail = [
            list.nom.clone(),
            thema.unwrap_or_default().to_string(),
            "befragt".into(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
        let sentence = if i == 0 {
            let w = wann.map(|w| format!(" {w}")).unwrap_or_default();
            format!("In einem nächsten Schritt {v}{w} {tail}.")
        } else {
            let c = connectors.take();
            match wann {
                Some(w) => format!("{} {v} {} {tail}.", capitalise(w), decapitalise(c)),
                None => format!("{c} {v} {tail}."),
            }
        };
        out.push(sentence);
    }
    out
}

/// Whether the report has survey results to derive from (a survey done or under way).
pub fn has_surveys(r: &Report) -> bool {
    r.befragungen
        .as_ref()
        .is_some_and(|b| b.gruppen.iter().any(|g| g.status != Status::Geplant))
}

/// The sentences of a Sachstandsbericht that depend on the data.
pub fn build(r: &Report, changes: Option<&Changes>) -> Prosa {
    let has_surveys = has_surveys(r);
    let mut named = Vec::new();
    let seit = match changes {
        Some(c) => since(r, c, has_surveys, &mut named),
        None => Vec::new(),
    };
    let mut connectors = Connectors::default();
    let mut meilensteine = Vec::new();
    for (i, m) in r.meilensteine.iter().enumerate() {
        if named.contains(&i) {
            continue;
        }
        let lead = if meilensteine.is_empty() {
            None
        } else {
            Some(connectors.take())
        };
        meilensteine.push(milestone(m, has_surveys, lead));
    }
    Prosa {
        seit,
        geplant: planned_surveys(r),
        meilensteine,
    }
}

/// Hands out the openings of `since`'s sentences: "Seit dem letzten …" first, then connectors.
struct Leads {
    seit: String,
    started: bool,
    connectors: Connectors,
}

impl Leads {
    /// Starts with `seit` as the first sentence's opening.
    fn new(seit: String) -> Self {
        Leads {
            seit,
            started: false,
            connectors: Connectors::default(),
        }
    }

    /// The opening of the next sentence.
    fn next(&mut self) -> String {
        if self.started {
            self.connectors.take().to_string()
        } else {
            self.started = true;
            self.seit.clone()
        }
    }
}

/// The groups as one enumeration ("A, B sowie C").
fn group_list(groups: &[Phrase]) -> Satzteil {
    Satzteil::enumeration(
        &groups.iter().map(|p| p.satzteil()).collect::<Vec<_>>(),
        "sowie",
    )
}

/// "… wurden A sowie B befragt." for the groups whose survey was completed.
fn surveyed_sentence(lead: &str, groups: &[Phrase]) -> String {
    let list = group_list(groups);
    format!(
        "{lead} {} {} befragt.",
        verb(list.plural, "wurde", "wurden"),
        list.nom
    )
}

/// "… hat die Befragung der A begonnen." for the groups whose survey started.
fn survey_started_sentence(lead: &str, groups: &[Phrase]) -> String {
    let list = group_list(groups);
    format!("{lead} hat die Befragung {} begonnen.", list.genitiv)
}

/// "… ist die Befragung der A neu geplant." for the newly planned groups.
fn survey_planned_sentence(lead: &str, groups: &[Phrase]) -> String {
    let list = group_list(groups);
    format!("{lead} ist die Befragung {} neu geplant.", list.genitiv)
}

/// "… wurde der Meilenstein „X“ neu aufgenommen." for the new milestones' titles.
fn new_milestones_sentence(lead: &str, titles: &[String]) -> String {
    let titles: Vec<String> = titles.iter().map(|t| format!("„{t}“")).collect();
    let what = if titles.len() == 1 {
        "wurde der Meilenstein"
    } else {
        "wurden die Meilensteine"
    };
    format!(
        "{lead} {what} {} neu aufgenommen.",
        crate::german::enumeration(&titles, "sowie")
    )
}

/// "… wurde der Stundenumfang der Stelle von … auf … erhöht." for a changed staffing share.
fn staffing_sentence(lead: &str, old: f64, new: f64) -> String {
    let how = if new > old { "erhöht" } else { "verringert" };
    format!(
        "{lead} wurde der Stundenumfang der Stelle von {} auf {} {how}.",
        percent(old),
        percent(new)
    )
}

/// The sentence for a changed funding period: extended, or now a different period.
fn funding_sentence(lead: &str, old_ende: Datum, new_beginn: Datum, new_ende: Datum) -> String {
    if new_ende > old_ende {
        format!(
            "{lead} wurde der Förderzeitraum bis zum {} verlängert.",
            date_short(new_ende.0)
        )
    } else {
        format!(
            "{lead} gilt nun der Förderzeitraum vom {} – {}.",
            date_short(new_beginn.0),
            date_short(new_ende.0)
        )
    }
}

/// "Seit dem letzten Sachstandsbericht vom …": the changes as sentences. `named` receives the
/// milestones phrased here, so that they are not phrased twice.
pub fn since(r: &Report, c: &Changes, has_surveys: bool, named: &mut Vec<usize>) -> Vec<String> {
    let mut leads = Leads::new(format!(
        "Seit dem letzten Sachstandsbericht vom {}",
        date_short(c.vorheriger_datum.0)
    ));
    let mut out: Vec<String> = Vec::new();
    if !c.befragt.is_empty() {
        out.push(surveyed_sentence(&leads.next(), &c.befragt));
    }
    if !c.begonnen.is_empty() {
        out.push(survey_started_sentence(&leads.next(), &c.begonnen));
    }
    if !c.neu_geplant.is_empty() {
        out.push(survey_planned_sentence(&leads.next(), &c.neu_geplant));
    }
    for &i in c.erreicht.iter().chain(&c.meilensteine_begonnen) {
        if let Some(m) = r.meilensteine.get(i) {
            out.push(milestone(m, has_surveys, Some(&leads.next())));
            named.push(i);
        }
    }
    if !c.meilensteine_neu.is_empty() {
        out.push(new_milestones_sentence(&leads.next(), &c.meilensteine_neu));
    }
    if let Some((old, new)) = c.stellenanteil {
        out.push(staffing_sentence(&leads.next(), old, new));
    }
    if let Some((old_ende, new_beginn, new_ende)) = c.foerderzeitraum {
        out.push(funding_sentence(
            &leads.next(),
            old_ende,
            new_beginn,
            new_ende,
        ));
    }
    out
}
