//! `sachstand fristen`: reads the project's reports and archive index, asks the library for
//! the list (`sachstand::fristen`), checks every Vorlage on it as `check` does (same cache),
//! and prints the list as text or JSON; `--ics` also writes it as an iCalendar file.
//!
//! The JSON (`--format json`) is stable: an object with `stichtag` (ISO) and `eintraege`, one
//! object per entry with the keys documented in the README; new keys may be added, none is
//! renamed or removed.

use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::{Value, json};
use time::Date;

use crate::cli::args::Format;
use crate::cli::{Exit, Settings};
use sachstand::error::Error;
use sachstand::fristen::{Art, Eintrag, Gelesen, SitzungRef, Zustand};
use sachstand::german::{count, date_iso, date_short};
use sachstand::pipeline::cache::CheckCache;
use sachstand::project;
use sachstand::typeset::render::Renderer;

/// Settings of `fristen`, checked.
#[derive(Debug)]
pub struct FristenSettings {
    /// The project root.
    pub root: PathBuf,
    /// The day counted from.
    pub stichtag: Date,
    /// Text or JSON.
    pub format: Format,
    /// Where to write the iCalendar file, if anywhere.
    pub ics: Option<PathBuf>,
}

/// What `check` found in a Vorlage: errors and warnings.
#[derive(Debug, Clone, Copy)]
struct Pruefung {
    fehler: usize,
    warnungen: usize,
}

impl Pruefung {
    fn text(self) -> String {
        match (self.fehler, self.warnungen) {
            (0, 0) => "ok".to_owned(),
            (0, w) => count(w, "Warnung", "Warnungen"),
            (f, 0) => count(f, "Fehler", "Fehler"),
            (f, w) => format!(
                "{}, {}",
                count(f, "Fehler", "Fehler"),
                count(w, "Warnung", "Warnungen")
            ),
        }
    }
}

/// Lists the deadlines, prints them and writes the iCalendar file.
pub fn run(app: &Settings, f: &FristenSettings) -> Result<Exit, Error> {
    let settings_file = project::files::shown(&f.root).join(project::FILE_NAME);
    let project = match project::find(&settings_file)? {
        Ok(project) => project,
        Err(diags) => {
            diags
                .iter()
                .for_each(|d| eprint!("{}", d.render(app.color)));
            return Ok(Exit::InputError);
        }
    };
    let settings = project.settings();
    let files: Vec<PathBuf> = project::files::reports(&f.root)
        .iter()
        .map(|p| project::files::shown(p))
        .collect();
    let loaded = files
        .par_iter()
        .map(|file| project::load_report(file).map(|(loaded, _)| loaded))
        .collect::<Result<Vec<_>, Error>>()?;
    let gelesen: Vec<Gelesen<'_>> = files
        .iter()
        .zip(&loaded)
        .map(|(datei, loaded)| Gelesen {
            datei,
            loaded: loaded.as_ref(),
        })
        .collect();
    let archive = f.root.join(project::files::ARCHIVE);
    let archived = sachstand::archive::read_index(&archive)?.0;
    let list = sachstand::fristen::list(&settings, &gelesen, &archived, f.stichtag);
    let results = sachstand::archive::read_results(&archive)?;
    let list = sachstand::fristen::without_decided(&settings, list, &gelesen, &results);
    let checks = check_all(app, f, &list)?;
    if let Some(path) = &f.ics {
        let stadt = settings.stadt.as_ref().map(|s| s.name.as_str());
        let text = sachstand::fristen::ics::calendar(&list, f.stichtag, stadt);
        sachstand::output::write_atomic(path, text.as_bytes())?;
        eprintln!(
            "Kalender geschrieben: {} ({})",
            path.display(),
            count(text.matches("BEGIN:VEVENT").count(), "Termin", "Termine")
        );
    }
    match f.format {
        Format::Text => crate::cli::print::stdout(&text(&list, &checks, f.stichtag)),
        Format::Json => {
            let entries: Vec<Value> = list
                .iter()
                .zip(&checks)
                .map(|(e, c)| entry_json(e, *c, f.stichtag))
                .collect();
            let out = json!({ "stichtag": date_iso(f.stichtag), "eintraege": entries });
            crate::say!("{out:#}");
        }
    }
    Ok(Exit::Success)
}

/// The check of every Vorlage on the list (`None` for a report due), as `check` does it.
fn check_all(
    app: &Settings,
    f: &FristenSettings,
    list: &[Eintrag],
) -> Result<Vec<Option<Pruefung>>, Error> {
    let renderer = Renderer::new(app.templates.clone());
    let cache = CheckCache::new(&f.root, &app.templates);
    list.par_iter()
        .map(|e| match e.art {
            Art::Bericht { .. } => Ok(None),
            Art::Vorlage { .. } => {
                let checked =
                    crate::cli::check::check_one(&e.datei, &renderer, cache.as_ref(), false)?;
                let fehler = checked.findings.iter().filter(|x| x.error).count();
                Ok(Some(Pruefung {
                    fehler,
                    warnungen: checked.findings.len() - fehler,
                }))
            }
        })
        .collect()
}

/// `in 10 Tagen`, `heute`, `vor 4 Tagen`.
fn days(n: i64) -> String {
    match n {
        0 => "heute".to_owned(),
        1 => "morgen".to_owned(),
        -1 => "gestern".to_owned(),
        n if n > 0 => format!("in {n} Tagen"),
        n => format!("vor {} Tagen", -n),
    }
}

/// `SBK-Ausschuss am 25.05.2023 um 18:00`
fn sitzung_text(s: &SitzungRef) -> String {
    let beginn = s
        .beginn
        .as_ref()
        .map(|b| format!(" um {} Uhr", b.0))
        .unwrap_or_default();
    format!("{} am {}{beginn}", s.kurz, date_short(s.termin))
}

/// The first line of an entry: its deadline and its Sitzung.
fn deadline_line(e: &Eintrag, stichtag: Date) -> String {
    let tage = e.tage(stichtag).map(days).unwrap_or_default();
    match (&e.sitzung, &e.art) {
        (Some(s), _) => match s.vorlagenschluss {
            Some(v) => format!(
                "Vorlagenschluss {} ({tage}) – {}",
                date_short(v),
                sitzung_text(s)
            ),
            None => format!(
                "Sitzung {} ({tage}), kein Vorlagenschluss im Gremienverzeichnis",
                sitzung_text(s)
            ),
        },
        (None, Art::Bericht { faellig_ab }) => format!(
            "fällig ab {} ({tage}), keine Sitzung des Gremiums ab diesem Tag im Gremienverzeichnis",
            date_short(*faellig_ab)
        ),
        (None, Art::Vorlage { .. }) => {
            "keine Beratung in einem Gremium des Gremienverzeichnisses".to_owned()
        }
    }
}

/// The second line of an entry: what it is, and its check or how to start it.
fn what_line(e: &Eintrag, check: Option<Pruefung>, stichtag: Date) -> String {
    match &e.art {
        Art::Vorlage {
            datum,
            nummer,
            freigegeben,
        } => {
            let stand = if *freigegeben {
                "freigegeben"
            } else {
                "Entwurf"
            };
            let nr = nummer.as_ref().map(|n| format!("{n} ")).unwrap_or_default();
            let vom = datum
                .map(|d| format!(", Vorlage vom {}", date_short(d)))
                .unwrap_or_default();
            let spaet = if e.zustand == Zustand::Verspaetet {
                ", nach dem Vorlagenschluss"
            } else {
                ""
            };
            let pruefung = check.map(Pruefung::text).unwrap_or_default();
            format!(
                "{}: {nr}{}{vom}{spaet} – {stand} – Prüfung: {pruefung}",
                e.datei.display(),
                e.betreff
            )
        }
        Art::Bericht { .. } => {
            let zum = e
                .sitzung
                .as_ref()
                .map(|s| format!(" zum {} am {}", s.kurz, date_short(s.termin)))
                .unwrap_or_default();
            format!(
                "nächster Bericht zu „{}“ fällig{zum} – noch nicht angelegt: {}",
                e.betreff,
                new_command(e, stichtag)
            )
        }
    }
}

/// The command that starts the next report after `e.datei`.
fn new_command(e: &Eintrag, stichtag: Date) -> String {
    format!(
        "sachstand new --from {} --datum {}",
        sachstand::shell::quote(&e.datei),
        date_short(stichtag)
    )
}

/// The whole list as text.
fn text(list: &[Eintrag], checks: &[Option<Pruefung>], stichtag: Date) -> String {
    let vorlagen = list
        .iter()
        .filter(|e| matches!(e.art, Art::Vorlage { .. }))
        .count();
    let mut out = format!(
        "Fristen am {} (Stichtag): {}, {}\n",
        date_short(stichtag),
        count(vorlagen, "Vorlage", "Vorlagen"),
        count(
            list.len() - vorlagen,
            "fälliger Bericht",
            "fällige Berichte"
        )
    );
    if list.is_empty() {
        out.push_str("Keine offene Vorlage und kein fälliger Bericht.\n");
    }
    for (e, check) in list.iter().zip(checks) {
        out.push_str(&format!(
            "\n{:<14}{}\n{:<14}{}\n",
            e.zustand.label(),
            deadline_line(e, stichtag),
            "",
            what_line(e, *check, stichtag)
        ));
    }
    out
}

/// One entry as JSON (the stable format of `--format json`).
fn entry_json(e: &Eintrag, check: Option<Pruefung>, stichtag: Date) -> Value {
    let freigegeben = match &e.art {
        Art::Vorlage { freigegeben, .. } => Some(*freigegeben),
        Art::Bericht { .. } => None,
    };
    let (art, datum, nummer, faellig_ab, befehl) = match &e.art {
        Art::Vorlage { datum, nummer, .. } => {
            ("vorlage", datum.map(date_iso), nummer.clone(), None, None)
        }
        Art::Bericht { faellig_ab } => (
            "bericht_faellig",
            None,
            None,
            Some(date_iso(*faellig_ab)),
            Some(new_command(e, stichtag)),
        ),
    };
    let sitzung = e.sitzung.as_ref().map(|s| {
        json!({
            "gremium": s.key,
            "name": s.name,
            "kurz": s.kurz,
            "termin": date_iso(s.termin),
            "beginn": s.beginn.as_ref().map(|b| b.0.clone()),
            "ort": s.ort,
            "vorlagenschluss": s.vorlagenschluss.map(date_iso),
            "ladungsfrist": s.ladungsfrist.map(date_iso),
        })
    });
    json!({
        "art": art,
        "zustand": e.zustand.key(),
        "datei": e.datei.to_string_lossy().replace('\\', "/"),
        "betreff": e.betreff,
        "vorlagen_nr": nummer,
        "datum": datum,
        "faellig_ab": faellig_ab,
        "sitzung": sitzung,
        "frist": e.frist().map(date_iso),
        "tage": e.tage(stichtag),
        "freigegeben": freigegeben,
        "pruefung": check.map(|c| json!({ "fehler": c.fehler, "warnungen": c.warnungen })),
        "befehl": befehl,
    })
}
