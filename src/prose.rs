//! Sentences whose shape depends on the data: milestones of every kind in every status,
//! planned surveys, and what changed since the previous report.
//!
//! Every sentence is built from the report's phrases in the case it needs, with the verb in
//! the number of its subject ("wurde"/"wurden"). Connectors ("Darüber hinaus", "Außerdem",
//! "Zudem") are used sparingly (`Rhythm`): never two sentences in a row open with one, at most
//! one in three does; the others put the time or the subject first. The template prints the
//! sentences as text, in the order built here: what changed, planned surveys, milestones
//! (done by date, running, planned by time).

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
    /// Milestones not already named in `seit`: done ones by date, those under way, planned
    /// ones by time.
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

/// Decides which sentences open with a connector across the whole Sachdarstellung: one may
/// only when the two sentences before it did not, so that never two in a row and at most one
/// in three do. The template's own sentences never open with one and are counted as `plain`.
#[derive(Debug)]
struct Rhythm {
    /// Sentences since the last one that opened with a connector.
    plain: usize,
    connectors: Connectors,
}

impl Rhythm {
    /// After the project paragraph (at least two sentences, none with a connector).
    fn new() -> Self {
        Rhythm {
            plain: 2,
            connectors: Connectors::default(),
        }
    }

    /// `n` sentences that do not open with a connector.
    fn plain(&mut self, n: usize) {
        self.plain += n;
    }

    /// The connector for the next sentence, if one may stand there; `None` counts the
    /// sentence as plain.
    fn lead(&mut self) -> Option<&'static str> {
        if self.plain >= 2 {
            self.plain = 0;
            Some(self.connectors.take())
        } else {
            self.plain += 1;
            None
        }
    }

    /// A connector inside a sentence that opens with something else (a plain sentence).
    fn inner(&mut self) -> &'static str {
        self.plain += 1;
        self.connectors.take()
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
    /// Whether `first` is the subject (an indefinite one moves behind "derzeit" after a lead).
    first_is_subject: bool,
}

impl Clause {
    fn render(mut self, lead: Option<&str>) -> String {
        let mut words: Vec<String> = Vec::new();
        match lead {
            Some(lead) => {
                words.push(lead.to_string());
                words.push(self.verb);
                // An indefinite subject goes after "derzeit" ("Darüber hinaus wird derzeit ein
                // Kataster erstellt"), a definite one before it.
                if self.first_is_subject
                    && self.rest.first().is_some_and(|w| w == "derzeit")
                    && is_indefinite(&self.first)
                {
                    words.push(self.rest.remove(0));
                }
                // Parts are kept in their natural case ("am 22.03.2023", "Ende April 2024"),
                // so moving one behind the verb changes nothing.
                words.push(self.first);
            }
            None => {
                words.push(capitalise(&self.first));
                words.push(self.verb);
            }
        }
        words.extend(self.rest);
        words.retain(|w| !w.is_empty());
        let mut sentence = words.join(" ");
        sentence = sentence.replace(" ,", ",");
        format!("{sentence}.")
    }
}

/// Whether a noun phrase is indefinite: "ein …", "eine …" or without an article.
fn is_indefinite(phrase: &str) -> bool {
    let first = phrase.split_whitespace().next().unwrap_or_default();
    let articles = ["der", "die", "das", "den", "dem", "des"];
    first.starts_with("ein") || !articles.contains(&first.to_lowercase().as_str())
}

fn verb<'a>(plural: bool, singular: &'a str, plural_form: &'a str) -> String {
    if plural { plural_form } else { singular }.to_string()
}

/// The free text after the milestone's clause (see [`crate::german::tail`]).
fn clause_tail(text: Option<&str>) -> String {
    text.map(crate::german::tail).unwrap_or_default()
}

/// Whether a planned milestone's time is one day (its date, or `wann` naming a day) rather
/// than a vague time ("im Frühjahr 2027").
fn on_a_day(m: &Meilenstein) -> bool {
    match &m.wann {
        Some(w) => crate::german::zeit::names_day(w),
        None => m.datum.is_some(),
    }
}

/// The Gremium that decides or decided, if the milestone names one.
fn gremium(m: &Meilenstein) -> Option<Satzteil> {
    let phrase = m.gremium_phrase.clone().or_else(|| {
        m.gremium
            .as_ref()
            .map(|g| Phrase::new(g.trim()))
            .filter(|p| p.has_article() && p.text.split_whitespace().count() > 1)
    })?;
    Some(phrase.satzteil())
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
        Art::Veranstaltung => veranstaltung(m, &x, date, lead.is_some()),
        Art::Baubeginn => baubeginn(m, &x, date),
        art => other_art(m, &x, art, date),
    };
    clause.render(lead)
}

/// The clause for an event (Veranstaltung): took place, takes place, or is planned.
/// Without a time, "Angedacht ist X" opens plainly; after a lead, X stands before
/// "angedacht" ("Darüber hinaus ist X angedacht").
fn veranstaltung(m: &Meilenstein, x: &Satzteil, date: String, led: bool) -> Clause {
    let pl = x.plural;
    match m.status {
        s if s.is_done() && date.is_empty() => Clause {
            first: x.nom.clone(),
            verb: verb(pl, "fand", "fanden"),
            rest: vec![format!("statt{}", clause_tail(m.ergebnis.as_deref()))],
            first_is_subject: true,
        },
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
            if on_a_day(m) {
                // A date is certain: the event takes place, it is not merely considered.
                Clause {
                    first: w,
                    verb: verb(pl, "findet", "finden"),
                    rest: vec![x.nom.clone(), format!("statt{tail}")],
                    first_is_subject: false,
                }
            } else if w.is_empty() && led {
                Clause {
                    first: x.nom.clone(),
                    verb: verb(pl, "ist", "sind"),
                    rest: vec![format!("angedacht{tail}")],
                    first_is_subject: true,
                }
            } else if w.is_empty() {
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
    if let Some(g) = gremium(m) {
        return gremium_clause(m, x, &g, &partizip, date);
    }
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

/// The clause for a milestone whose Gremium acts: "Die Stadtverordnetenversammlung hat am …
/// das Leitbild beschlossen", "… berät derzeit über …", "… soll im Juni 2027 … beschließen"
/// (without an infinitive of the kind: "… soll … von der … eingereicht werden").
fn gremium_clause(
    m: &Meilenstein,
    x: &Satzteil,
    g: &Satzteil,
    partizip: &str,
    date: String,
) -> Clause {
    let gp = g.plural;
    match m.status {
        s if s.is_done() => Clause {
            first: g.nom.clone(),
            verb: verb(gp, "hat", "haben"),
            rest: vec![
                date,
                x.akk.clone(),
                format!("{partizip}{}", clause_tail(m.ergebnis.as_deref())),
            ],
            first_is_subject: true,
        },
        Status::Laufend if m.art == Art::Beschluss => Clause {
            first: g.nom.clone(),
            verb: verb(gp, "berät", "beraten"),
            rest: vec!["derzeit".into(), x.ueber.clone()],
            first_is_subject: true,
        },
        Status::Laufend => Clause {
            first: x.nom.clone(),
            verb: verb(x.plural, "wird", "werden"),
            rest: vec![
                "derzeit".into(),
                g.von.clone(),
                laufend_partizip(m.art, partizip),
            ],
            first_is_subject: true,
        },
        _ => match m.art.infinitiv() {
            Some(inf) => Clause {
                first: g.nom.clone(),
                verb: verb(gp, "soll", "sollen"),
                rest: vec![
                    when(m),
                    x.akk.clone(),
                    format!("{inf}{}", clause_tail(m.zweck.as_deref())),
                ],
                first_is_subject: true,
            },
            None => Clause {
                first: x.nom.clone(),
                verb: verb(x.plural, "soll", "sollen"),
                rest: vec![
                    when(m),
                    g.von.clone(),
                    format!("{partizip} werden{}", clause_tail(m.zweck.as_deref())),
                ],
                first_is_subject: true,
            },
        },
    }
}

/// A planned milestone as a subordinate clause after "dass" (verb last): "die
/// Online-Terminvergabe im ersten Quartal 2027 eröffnet wird", "am 20.05.2027 ein Workshop
/// stattfindet", "im Herbst 2027 mit dem Bau … begonnen wird".
fn planned_dass(m: &Meilenstein, has_surveys: bool) -> String {
    let x = m.gegenstand.satzteil();
    let aux = verb(x.plural, "wird", "werden");
    let tail = clause_tail(m.zweck.as_deref());
    let partizip = m
        .art
        .partizip()
        .map(str::to_string)
        .or_else(|| m.partizip.clone())
        .unwrap_or_else(|| "umgesetzt".to_string());
    let words: Vec<String> = match m.art {
        Art::Veranstaltung => vec![
            when(m),
            x.nom.clone(),
            verb(x.plural, "stattfindet", "stattfinden"),
        ],
        Art::Baubeginn => vec![when(m), x.mit.clone(), "begonnen wird".into()],
        Art::Ableitung => vec![
            source(has_surveys).into(),
            when(m),
            x.nom.clone(),
            format!("abgeleitet {aux}"),
        ],
        _ => vec![
            x.nom.clone(),
            when(m),
            gremium(m).map(|g| g.von).unwrap_or_default(),
            format!("{partizip} {aux}"),
        ],
    };
    let words: Vec<String> = words.into_iter().filter(|w| !w.is_empty()).collect();
    format!("{}{tail}", words.join(" "))
}

/// Where derived results come from.
fn source(has_surveys: bool) -> &'static str {
    if has_surveys {
        "aus den Ergebnissen der Befragungen"
    } else {
        "aus den bisherigen Ergebnissen des Projekts"
    }
}

fn ableitung(m: &Meilenstein, x: &Satzteil, has_surveys: bool) -> Clause {
    let source = source(has_surveys);
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
                match (&m.wann, m.datum) {
                    (None, Some(d)) => format!("bis zum {}", date_short(d.0)),
                    _ => when(m),
                },
                x.nom.clone(),
                format!("abgeleitet werden{}", clause_tail(m.zweck.as_deref())),
            ],
            first_is_subject: false,
        },
    }
}

/// Planned surveys grouped by when and what, each group one sentence. The first opens "In
/// einem nächsten Schritt"; the others put their time first (the connector after the verb) or
/// take a connector where `rhythm` allows one, else put the groups first.
fn planned_surveys(r: &Report, rhythm: &mut Rhythm) -> Vec<String> {
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
    let mut out = Vec::new();
    for (i, (wann, thema, names)) in groups.iter().enumerate() {
        let list = Satzteil::enumeration(names, "sowie");
        let v = verb(list.plural, "wird", "werden");
        let words = |first: &str| {
            [first, thema.unwrap_or_default(), "befragt"]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let sentence = if i == 0 {
            rhythm.plain(1);
            let w = wann.map(|w| format!(" {w}")).unwrap_or_default();
            format!("In einem nächsten Schritt {v}{w} {}.", words(&list.nom))
        } else if let Some(w) = wann {
            let c = decapitalise(rhythm.inner());
            format!("{} {v} {c} {}.", capitalise(w), words(&list.nom))
        } else if let Some(c) = rhythm.lead() {
            format!("{c} {v} {}.", words(&list.nom))
        } else {
            let c = decapitalise(rhythm.connectors.take());
            let rest = words(&c);
            format!("{} {v} {rest}.", capitalise(&list.nom))
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

/// The sentences the template writes about the surveys before the planned ones ("Dazu
/// wurden …", "Die Befragungen hatten …", "Derzeit werden … befragt."); none opens with a
/// connector.
fn survey_sentences(r: &Report) -> usize {
    r.befragungen.as_ref().map_or(0, |b| {
        2 + usize::from(b.gruppen.iter().any(|g| g.status == Status::Laufend))
    })
}

/// The milestones in the order the Sachdarstellung names them: done ones by date, then those
/// under way, then planned ones by time. A planned milestone whose time names no period
/// ("im Anschluss") keeps its place after the one before it.
fn milestone_order(r: &Report) -> Vec<usize> {
    let rank = |m: &Meilenstein| match m.status {
        s if s.is_done() => 0,
        Status::Laufend => 1,
        _ => 2,
    };
    let mut keyed: Vec<(u8, Option<time::Date>, usize)> = Vec::new();
    let mut carried = None;
    for (i, m) in r.meilensteine.iter().enumerate() {
        let own = match m.status {
            Status::Laufend => None,
            s if s.is_done() => m.datum.map(|d| d.0),
            _ => m
                .datum
                .map(|d| d.0)
                .or_else(|| m.wann.as_deref().and_then(crate::german::zeit::period_end)),
        };
        let key = if rank(m) == 2 { own.or(carried) } else { own };
        if rank(m) == 2 {
            carried = key;
        }
        keyed.push((rank(m), key, i));
    }
    keyed.sort_by_key(|&(rank, key, i)| (rank, key, i));
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// The sentences of a Sachstandsbericht that depend on the data.
pub fn build(r: &Report, changes: Option<&Changes>) -> Prosa {
    let has_surveys = has_surveys(r);
    let mut rhythm = Rhythm::new();
    let mut named = Vec::new();
    let seit = match changes {
        Some(c) => since_with(r, c, has_surveys, &mut named, &mut rhythm, false),
        None => Vec::new(),
    };
    rhythm.plain(survey_sentences(r));
    let geplant = planned_surveys(r, &mut rhythm);
    let mut meilensteine = Vec::new();
    for i in milestone_order(r) {
        let Some(m) = r.meilensteine.get(i).filter(|_| !named.contains(&i)) else {
            continue;
        };
        // The paragraph opens plainly, unless its first milestone began since the last report:
        // then it continues the account of what changed ("Außerdem werden derzeit …").
        let begun = changes.is_some_and(|c| c.meilensteine_begonnen.contains(&i));
        let lead = if meilensteine.is_empty() && (seit.is_empty() || !begun) {
            rhythm.plain(1);
            None
        } else {
            rhythm.lead()
        };
        meilensteine.push(milestone(m, has_surveys, lead));
    }
    Prosa {
        seit,
        geplant,
        meilensteine,
    }
}

/// The groups as one enumeration ("A, B sowie C").
fn group_list(groups: &[Phrase]) -> Satzteil {
    Satzteil::enumeration(
        &groups.iter().map(|p| p.satzteil()).collect::<Vec<_>>(),
        "sowie",
    )
}

/// A sentence with `lead` in the first position ("{lead} {verb} {subject} {rest}.") or, without
/// one, the subject first ("{Subject} {verb} {rest}.").
fn lead_or_subject(lead: Option<&str>, verb: &str, subject: &str, rest: &str) -> String {
    match lead {
        Some(lead) => format!("{lead} {verb} {subject} {rest}."),
        None => format!("{} {verb} {rest}.", capitalise(subject)),
    }
}

/// "… wurden A sowie B befragt." for the groups whose survey was completed.
fn surveyed_sentence(lead: Option<&str>, groups: &[Phrase]) -> String {
    let list = group_list(groups);
    let v = verb(list.plural, "wurde", "wurden");
    lead_or_subject(lead, &v, &list.nom, "befragt")
}

/// "… hat die Befragung der A begonnen." for the groups whose survey started.
fn survey_started_sentence(lead: Option<&str>, groups: &[Phrase]) -> String {
    let subject = format!("die Befragung {}", group_list(groups).genitiv);
    lead_or_subject(lead, "hat", &subject, "begonnen")
}

/// "Zudem ist eine Befragung der Ortsbeiräte neu vorgesehen." for the newly planned groups
/// (what is planned, not "neu geplant", which reads as planned again).
fn survey_planned_sentence(lead: Option<&str>, groups: &[Phrase]) -> String {
    let what = format!("eine Befragung {}", group_list(groups).genitiv);
    match lead {
        Some(lead) => format!("{lead} ist {what} neu vorgesehen."),
        None => format!("Neu vorgesehen ist {what}."),
    }
}

/// "Zudem ist neu vorgesehen, dass …" for a milestone planned since the last report: what is
/// planned, never its internal title. Without a lead, "Neu vorgesehen ist, dass …" (a second
/// one in a row: "Ebenfalls neu vorgesehen ist, dass …").
fn new_milestone_sentence(lead: Option<&str>, again: bool, clause: &str) -> String {
    match lead {
        Some(lead) => format!("{lead} ist neu vorgesehen, dass {clause}."),
        None if again => format!("Ebenfalls neu vorgesehen ist, dass {clause}."),
        None => format!("Neu vorgesehen ist, dass {clause}."),
    }
}

/// "… wurde der Stundenumfang der Stelle von … auf … erhöht." for a changed staffing share.
fn staffing_sentence(lead: Option<&str>, old: f64, new: f64) -> String {
    let how = if new > old { "erhöht" } else { "verringert" };
    let rest = format!("von {} auf {} {how}", percent(old), percent(new));
    lead_or_subject(lead, "wurde", "der Stundenumfang der Stelle", &rest)
}

/// The sentence for a changed funding period: extended, or now a different period.
fn funding_sentence(
    lead: Option<&str>,
    old_ende: Datum,
    new_beginn: Datum,
    new_ende: Datum,
) -> String {
    if new_ende > old_ende {
        let rest = format!("bis zum {} verlängert", date_short(new_ende.0));
        lead_or_subject(lead, "wurde", "der Förderzeitraum", &rest)
    } else {
        let period = format!(
            "der Förderzeitraum vom {} – {}",
            date_short(new_beginn.0),
            date_short(new_ende.0)
        );
        match lead {
            Some(lead) => format!("{lead} gilt nun {period}."),
            None => format!("Nun gilt {period}."),
        }
    }
}

/// "Seit dem letzten Sachstandsbericht vom …": every change as a sentence (`sachstand diff`),
/// the milestones begun since last. `named` receives the milestones phrased here. The
/// Sachdarstellung (`build`) names the begun ones with the milestones under way instead.
pub fn since(r: &Report, c: &Changes, has_surveys: bool, named: &mut Vec<usize>) -> Vec<String> {
    since_with(r, c, has_surveys, named, &mut Rhythm::new(), true)
}

/// `since` with the connectors handed out by `rhythm`, the milestones begun since only
/// `with_begun`. The first sentence opens "Seit dem letzten Sachstandsbericht vom …"; each
/// further one takes a connector where `rhythm` allows one and otherwise puts its time or
/// subject first.
fn since_with(
    r: &Report,
    c: &Changes,
    has_surveys: bool,
    named: &mut Vec<usize>,
    rhythm: &mut Rhythm,
    with_begun: bool,
) -> Vec<String> {
    let seit = format!(
        "Seit dem letzten Sachstandsbericht vom {}",
        date_short(c.vorheriger_datum.0)
    );
    let mut first = true;
    let mut lead = |rhythm: &mut Rhythm| -> Option<String> {
        if std::mem::take(&mut first) {
            rhythm.plain(1);
            Some(seit.clone())
        } else {
            rhythm.lead().map(str::to_string)
        }
    };
    let mut out: Vec<String> = Vec::new();
    if !c.befragt.is_empty() {
        out.push(surveyed_sentence(lead(rhythm).as_deref(), &c.befragt));
    }
    if !c.begonnen.is_empty() {
        out.push(survey_started_sentence(
            lead(rhythm).as_deref(),
            &c.begonnen,
        ));
    }
    // Whether the sentence before was a "neu vorgesehen" one too ("Ebenfalls neu …").
    let mut again = false;
    if !c.neu_geplant.is_empty() {
        let l = lead(rhythm);
        out.push(survey_planned_sentence(l.as_deref(), &c.neu_geplant));
        again = true;
    }
    let mut reached: Vec<usize> = c.erreicht.clone();
    reached.sort_by_key(|&i| (r.meilensteine.get(i).and_then(|m| m.datum), i));
    let begun = c.meilensteine_begonnen.iter().filter(|_| with_begun);
    for &i in reached.iter().chain(begun) {
        if let Some(m) = r.meilensteine.get(i) {
            out.push(milestone(m, has_surveys, lead(rhythm).as_deref()));
            named.push(i);
            again = false;
        }
    }
    for &i in &c.meilensteine_neu {
        if let Some(m) = r.meilensteine.get(i) {
            let l = lead(rhythm);
            let clause = planned_dass(m, has_surveys);
            out.push(new_milestone_sentence(l.as_deref(), again, &clause));
            again = true;
            named.push(i);
        }
    }
    if let Some((old, new)) = c.stellenanteil {
        out.push(staffing_sentence(lead(rhythm).as_deref(), old, new));
    }
    if let Some((old_ende, new_beginn, new_ende)) = c.foerderzeitraum {
        let l = lead(rhythm);
        out.push(funding_sentence(
            l.as_deref(),
            old_ende,
            new_beginn,
            new_ende,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meilenstein(toml_text: &str) -> Meilenstein {
        toml::from_str(toml_text).unwrap()
    }

    #[test]
    fn an_event_takes_place_on_a_day_and_is_considered_only_without_one() {
        let base = "titel = \"W\"\nart = \"veranstaltung\"\nstatus = \"geplant\"\ngegenstand = \"ein Workshop mit den Vereinen\"\n";
        let dated = meilenstein(&format!("{base}datum = 2027-05-20\n"));
        assert_eq!(
            milestone(&dated, false, None),
            "Am 20.05.2027 findet ein Workshop mit den Vereinen statt."
        );
        let day = meilenstein(&format!("{base}wann = \"am 20.05.2027\"\n"));
        assert_eq!(
            milestone(&day, false, Some("Zudem")),
            "Zudem findet am 20.05.2027 ein Workshop mit den Vereinen statt."
        );
        let vague = meilenstein(&format!("{base}wann = \"im Frühjahr 2027\"\n"));
        assert_eq!(
            milestone(&vague, false, None),
            "Im Frühjahr 2027 ist ein Workshop mit den Vereinen angedacht."
        );
        let none = meilenstein(base);
        assert_eq!(
            milestone(&none, false, None),
            "Angedacht ist ein Workshop mit den Vereinen."
        );
        assert_eq!(
            milestone(&none, false, Some("Außerdem")),
            "Außerdem ist ein Workshop mit den Vereinen angedacht."
        );
    }

    #[test]
    fn a_gremium_decides_in_every_status() {
        let base = "titel = \"B\"\nart = \"beschluss\"\ngegenstand = \"das Leitbild\"\ngremium = \"die Stadtverordnetenversammlung\"\n";
        let done = meilenstein(&format!(
            "{base}status = \"erledigt\"\ndatum = 2026-03-19\n"
        ));
        assert_eq!(
            milestone(&done, false, None),
            "Die Stadtverordnetenversammlung hat am 19.03.2026 das Leitbild beschlossen."
        );
        let running = meilenstein(&format!("{base}status = \"laufend\"\n"));
        assert_eq!(
            milestone(&running, false, Some("Zudem")),
            "Zudem berät die Stadtverordnetenversammlung derzeit über das Leitbild."
        );
        let planned = meilenstein(&format!(
            "{base}status = \"geplant\"\nwann = \"im Juni 2027\"\n"
        ));
        assert_eq!(
            milestone(&planned, false, None),
            "Die Stadtverordnetenversammlung soll im Juni 2027 das Leitbild beschließen."
        );
        assert_eq!(
            planned_dass(&planned, false),
            "das Leitbild im Juni 2027 von der Stadtverordnetenversammlung beschlossen wird"
        );
    }
    #[test]
    fn free_text_fits_as_clause_or_sentence() {
        assert_eq!(
            clause_tail(Some("an der 64 Personen teilnahmen")),
            ", an der 64 Personen teilnahmen"
        );
        assert_eq!(
            clause_tail(Some("Es gingen vier Angebote ein.")),
            ". Es gingen vier Angebote ein"
        );
        assert_eq!(
            clause_tail(Some("die  gut besucht war.")),
            ", die gut besucht war"
        );
        assert_eq!(clause_tail(Some(" . ")), "");
        assert_eq!(clause_tail(None), "");
    }
}
