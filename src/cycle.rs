//! The next cycle of a report, or a blank report from a skeleton.
//!
//! The next cycle is a format-preserving edit of the previous file (comments and key order
//! stay): new `datum`, a `vorheriger` link, a fresh Vorlagen-Nr. (chosen under the project's
//! lock), the Beratungsfolge moved to the Gremien's next Sitzungen. A file is never
//! overwritten. What the user must still update is returned as a list (`Created::todo`).

use std::path::{Path, PathBuf};

use time::Date;
use toml_edit::{DocumentMut, Item, Value};

use crate::diag::Diagnostic;
use crate::error::Error;
use crate::german::date_short;
use crate::output::write_new;
use crate::project::{self, NummerMuster, Settings};
use crate::report::model::Report;
use crate::typeset::templates::{SKELETON_SUFFIX, TemplateSet};

/// A report that `new` wrote, and what the user is told about it.
#[derive(Debug, Clone, Default)]
pub struct Created {
    /// The new file.
    pub path: PathBuf,
    /// What was taken over and set (`Datum der Vorlage: 10.05.2023`).
    pub done: Vec<String>,
    /// What is left to update or check by hand.
    pub todo: Vec<Todo>,
    /// The project's JSON Schema (`sachstand schema`), when it had none and `new` wrote it
    /// for the new report's `#:schema` line.
    pub schema: Option<PathBuf>,
}

/// One thing left to update or check by hand in a new report.
#[derive(Debug, Clone, Default)]
pub struct Todo {
    /// As the CLI prints it, naming keys as the file has them
    /// (`befragungen.zeitraum bitte prüfen: „…“`).
    pub file: String,
    /// The key path of the field it concerns, when it is one field (`befragungen.zeitraum`).
    pub field: Option<String>,
    /// The same without keys, for a form that puts the field's label before it when `field` is
    /// set (`„in den vergangenen sechs Monaten“ bitte prüfen`).
    pub note: String,
}

impl Todo {
    fn new(file: String, field: Option<String>, note: String) -> Self {
        Self { file, field, note }
    }

    /// At field `path`, printed as `path: note`.
    fn at(path: &str, note: &str) -> Self {
        Self::new(
            format!("{path}: {note}"),
            Some(path.to_owned()),
            note.to_owned(),
        )
    }
}

fn refuse_existing(target: &Path) -> Result<(), Error> {
    if target.exists() {
        return Err(Error::Usage(format!(
            "{} existiert bereits; sachstand überschreibt keinen Bericht. Wählen Sie mit -o einen anderen Namen.",
            target.display()
        )));
    }
    Ok(())
}

fn toml_date(d: Date) -> Value {
    let text = crate::german::date_iso(d);
    match text.parse::<toml_edit::Datetime>() {
        Ok(dt) => Value::from(dt),
        Err(_) => Value::from(text),
    }
}

/// Sets `kopf.datum` of `doc` (read from `file`), keeping its comments; a document without
/// `[kopf]` gets one. A `kopf` that is not a table (`kopf = "…"` in a city's own skeleton) is
/// refused with a German message, never indexed into (that panicked).
fn set_datum(doc: &mut DocumentMut, datum: Date, file: &Path) -> Result<(), Error> {
    if !doc.contains_key("kopf") {
        doc.insert("kopf", Item::Table(toml_edit::Table::new()));
    }
    let Some(kopf) = doc.get_mut("kopf").and_then(Item::as_table_mut) else {
        return Err(Error::Usage(format!(
            "{}: kopf ist keine Tabelle; schreiben Sie [kopf] mit datum = JJJJ-MM-TT und den übrigen Angaben des Kopfes",
            file.display()
        )));
    };
    match kopf.get_mut("datum") {
        Some(item) => set_keep_decor(item, toml_date(datum)),
        None => {
            kopf.insert("datum", Item::Value(toml_date(datum)));
        }
    }
    Ok(())
}

/// Replaces the value of `item`, keeping its comments and spacing.
fn set_keep_decor(item: &mut Item, value: Value) {
    match item.as_value_mut() {
        Some(old) => {
            let decor = old.decor().clone();
            *old = value;
            *old.decor_mut() = decor;
        }
        None => *item = Item::Value(value),
    }
}

/// `2022-11-integrationsstrategie` → `2023-05-integrationsstrategie`.
fn next_name(stem: &str, datum: Date) -> String {
    let prefix = format!("{:04}-{:02}", datum.year(), u8::from(datum.month()));
    let rest = match stem.as_bytes() {
        [y1, y2, y3, y4, b'-', m1, m2, b'-', ..]
            if [y1, y2, y3, y4, m1, m2].iter().all(|c| c.is_ascii_digit()) =>
        {
            &stem[8..]
        }
        _ => stem,
    };
    format!("{prefix}-{rest}.toml")
}

/// The root of the project that `folder` lies in (`folder` itself when there is none).
fn project_root(folder: &Path) -> PathBuf {
    crate::project::files::root_above(folder).unwrap_or_else(|| folder.to_path_buf())
}

/// Held while a new report's Vorlagen-Nr. is chosen and its file written, so that two `new`
/// at once (two colleagues, the editor and the CLI) never hand out the same number.
/// A folder that does not exist has nothing to number against: no lock (writing fails then).
fn numbering_lock(folder: &Path) -> Result<Option<crate::lock::Held>, Error> {
    let root = project_root(folder);
    if !root.is_dir() {
        return Ok(None);
    }
    crate::lock::exclusive(&root, "die Vergabe der Vorlagen-Nr.").map(Some)
}

/// The next free Vorlagen-Nr. of `year` over every report of the project that `folder` lies
/// in and its archive (only `folder` itself when there is no project).
fn next_number(muster: &NummerMuster, year: i32, folder: &Path) -> String {
    crate::project::files::next_free(muster, year, &project_root(folder))
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The file name of the next cycle of `from` in the same folder (`2023-05-…toml`).
pub fn next_cycle_target(from: &Path, datum: Date) -> PathBuf {
    let stem = from
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder_of(from).join(next_name(&stem, datum))
}

/// Writes the next cycle of `from`, dated `datum`, to `target` (never over an existing file).
/// Returns the previous report's diagnostics, and what was written: `None` when the previous
/// report has errors (then nothing is written).
pub fn write_next_cycle(
    templates: &TemplateSet,
    from: &Path,
    datum: Date,
    target: &Path,
) -> Result<(Vec<Diagnostic>, Option<Created>), Error> {
    let (old, diagnostics) = project::load_report(from)?;
    let Some(old) = old else {
        return Ok((diagnostics, None));
    };
    if datum <= old.data.kopf.datum.0 {
        return Err(Error::Usage(format!(
            "Datum {}: der neue Bericht muss nach dem vorherigen ({}) datiert sein",
            date_short(datum),
            old.data.kopf.datum
        )));
    }
    refuse_existing(target)?;
    let settings = match project::find(from)? {
        Ok(project) => project.settings(),
        Err(_) => Settings::default(),
    };
    let text = std::fs::read_to_string(from)
        .map_err(|e| Error::io("Die Berichtsdatei kann nicht gelesen werden", from, e))?;
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| Error::Usage(format!("{} ist kein gültiges TOML: {e}", from.display())))?;
    let mut todo = Vec::new();
    let mut done = Vec::new();

    // Datum, Vorgänger, Nummer.
    set_datum(&mut doc, datum, from)?;
    done.push(format!("Datum der Vorlage: {}", date_short(datum)));
    let relative = crate::project::files::relative_path(from, target);
    if doc.contains_key("vorheriger") {
        set_keep_decor(&mut doc["vorheriger"], Value::from(relative.clone()));
    } else {
        doc.insert("vorheriger", Item::Value(Value::from(relative.clone())));
    }
    done.push(format!("Vorgänger: {relative}"));
    let folder = folder_of(target);
    let _numbering = numbering_lock(&folder)?;
    match (
        &settings.vorlagen_nr,
        doc.get_mut("kopf").and_then(Item::as_table_mut),
    ) {
        (Some(muster), Some(kopf)) => {
            let nummer = next_number(muster, datum.year(), &folder);
            if kopf.contains_key("nummer") {
                set_keep_decor(&mut kopf["nummer"], Value::from(nummer.clone()));
            } else {
                kopf.insert("nummer", Item::Value(Value::from(nummer.clone())));
            }
            done.push(format!("neue Vorlagen-Nr.: {nummer}"));
        }
        (None, Some(kopf)) => {
            let removed = kopf.remove("nummer").is_some();
            if removed {
                todo.push(Todo::at(
                    "kopf.nummer",
                    "die alte Vorlagen-Nr. ist entfernt – tragen Sie die neue ein",
                ));
            }
        }
        _ => {}
    }
    next_sitzungen(&mut doc, &settings, datum, &mut done, &mut todo);
    unreleased(&mut doc, &mut done, &mut todo);
    todo.extend(open_items(&old.data));

    let (text, schema) = with_schema(templates, target, &doc.to_string())?;
    write_new(target, text.as_bytes())?;
    let created = Created {
        path: target.to_path_buf(),
        done,
        todo,
        schema,
    };
    Ok((diagnostics, Some(created)))
}

/// The next cycle is a new paper: no release, and every Mitzeichnung to be obtained again
/// (its `datum`, `name` and `vermerk` removed, the `stelle` kept).
fn unreleased(doc: &mut DocumentMut, done: &mut Vec<String>, todo: &mut Vec<Todo>) {
    if doc.remove(crate::report::freigabe::KEY).is_some() {
        done.push("Freigabe entfernt: der neue Bericht ist ein Entwurf".to_owned());
    }
    let Some(rows) = doc
        .get_mut("mitzeichnung")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return;
    };
    for row in rows.iter_mut() {
        for key in ["datum", "name", "vermerk"] {
            row.remove(key);
        }
    }
    if !rows.is_empty() {
        let count = crate::german::count(rows.len(), "Mitzeichnung", "Mitzeichnungen");
        todo.push(Todo::new(
            format!("mitzeichnung: {count} neu einholen (Datum eintragen)"),
            None,
            format!("Mitzeichnung: {count} neu einholen (Datum eintragen)"),
        ));
    }
}

/// Beratungsfolge: each Gremium's next Sitzung from the register, in order.
fn next_sitzungen(
    doc: &mut DocumentMut,
    settings: &Settings,
    datum: Date,
    done: &mut Vec<String>,
    todo: &mut Vec<Todo>,
) {
    let Some(rows) = doc
        .get_mut("beratungsfolge")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return;
    };
    let mut earliest = datum;
    for (i, row) in rows.iter_mut().enumerate() {
        let name = row
            .get("gremium")
            .and_then(Item::as_str)
            .unwrap_or_default()
            .to_owned();
        let gremium = settings.gremium_named(&name);
        let shown = gremium.map_or(name.clone(), |g| g.name.clone());
        let phrase =
            gremium.map_or_else(|| crate::project::guessed_phrase(&name).0, |g| g.phrase().0);
        let phrase = phrase.satzteil();
        let next = gremium.and_then(|g| {
            g.sitzungen
                .iter()
                .map(|s| s.termin.0)
                .filter(|d| *d > datum && *d >= earliest)
                .min()
        });
        if row.contains_key("bemerkungen") {
            set_keep_decor(&mut row["bemerkungen"], Value::from(""));
        }
        match next {
            Some(termin) => {
                set_keep_decor(&mut row["termin"], toml_date(termin));
                done.push(format!("Beratungsfolge: {shown} am {}", date_short(termin)));
                earliest = termin;
            }
            None => {
                row.remove("termin");
                row.decor_mut().set_prefix(format!(
                    "\n# Bitte den Sitzungstermin eintragen (termin = JJJJ-MM-TT): das Gremienverzeichnis kennt keine Sitzung {} nach dem {}.\n",
                    phrase.genitiv,
                    date_short(datum)
                ));
                todo.push(Todo::new(
                    format!("Beratungsfolge: Termin {} eintragen", phrase.fuer),
                    Some(format!("beratungsfolge[{}].termin", i + 1)),
                    format!("den Sitzungstermin {} eintragen", phrase.fuer),
                ));
            }
        }
    }
}

/// What the previous report left open: statuses to update, phrases that date.
fn open_items(r: &Report) -> Vec<Todo> {
    let mut out = Vec::new();
    if let Some(b) = &r.befragungen {
        let open: Vec<_> = b
            .gruppen
            .iter()
            .filter(|g| !g.status.is_done())
            .map(|g| g.name.satzteil())
            .collect();
        if !open.is_empty() {
            let list = crate::german::phrase::Satzteil::enumeration(&open, "und");
            out.push(Todo::new(
                format!("befragungen: Status der Befragung {} prüfen", list.genitiv),
                None,
                format!("Befragungen: Status der Befragung {} prüfen", list.genitiv),
            ));
        }
        out.push(Todo::new(
            format!("befragungen.zeitraum bitte prüfen: „{}“", b.zeitraum),
            Some("befragungen.zeitraum".to_owned()),
            format!("„{}“ bitte prüfen", b.zeitraum),
        ));
        for (i, g) in b.gruppen.iter().enumerate() {
            if let Some(w) = &g.wann {
                let path = format!("befragungen.gruppen[{}].wann", i + 1);
                let name = g.name.satzteil().genitiv;
                out.push(Todo::new(
                    format!("{path} bitte prüfen: „{w}“ (Befragung {name})"),
                    Some(path),
                    format!("„{w}“ (Befragung {name}) bitte prüfen"),
                ));
            }
        }
    }
    for (i, m) in r.meilensteine.iter().enumerate() {
        if let Some(w) = &m.wann {
            let path = format!("meilensteine[{}].wann", i + 1);
            out.push(Todo::new(
                format!("{path} bitte prüfen: „{w}“ ({})", m.titel),
                Some(path),
                format!("„{w}“ ({}) bitte prüfen", m.titel),
            ));
        }
    }
    for m in r.meilensteine.iter().filter(|m| !m.status.is_done()) {
        let status = if m.status == crate::report::model::Status::Laufend {
            "laufend"
        } else {
            "geplant"
        };
        out.push(Todo::new(
            format!(
                "meilensteine: {} ({status}) – wenn erreicht: status = \"erledigt\", datum und ergebnis eintragen",
                m.titel
            ),
            None,
            format!(
                "Meilenstein {} ({status}): wenn erreicht, den Status „Erledigt“ wählen und Datum und Ergebnis eintragen",
                m.titel
            ),
        ));
    }
    if !r.taetigkeiten.is_empty() {
        let count = crate::german::count(r.taetigkeiten.len(), "Absatz", "Absätze");
        out.push(Todo::new(
            format!("taetigkeiten: {count} auf Aktualität prüfen"),
            None,
            format!("Weitere Tätigkeiten: {count} auf Aktualität prüfen"),
        ));
    }
    out
}

/// `text` starting with the `#:schema` line for a report at `target`, and the project's schema
/// file when `new` had to write it because the project had none yet.
fn with_schema(
    templates: &TemplateSet,
    target: &Path,
    text: &str,
) -> Result<(String, Option<PathBuf>), Error> {
    let line = crate::format_schema::file::for_report(templates, target)?;
    let text = crate::format_schema::file::with_schema_line(
        text,
        line.as_ref().map(|(line, _)| line.as_str()),
    );
    Ok((text, line.and_then(|(_, written)| written)))
}

/// The default file name of a new `kind` report dated `datum` (`2023-05-sachstandsbericht.toml`).
pub fn skeleton_name(kind: &str, datum: Date) -> String {
    format!(
        "{:04}-{:02}-{kind}.toml",
        datum.year(),
        u8::from(datum.month())
    )
}

/// Writes the skeleton of Vorlagenart `kind` from `templates`, dated `datum`, with the next
/// free Vorlagen-Nr. of its project, to `target` (never over an existing file).
pub fn write_skeleton(
    templates: &TemplateSet,
    kind: &str,
    datum: Date,
    target: &Path,
) -> Result<Created, Error> {
    let file = templates
        .read(&format!("{kind}{SKELETON_SUFFIX}"))
        .map_err(|_| {
            let kinds = templates.kinds();
            Error::Usage(format!(
                "für die Vorlagenart `{kind}` gibt es kein Gerüst; verfügbar: {}",
                kinds.join(", ")
            ))
        })?;
    let text = String::from_utf8_lossy(&file.bytes).into_owned();
    let mut doc: DocumentMut = text.parse().map_err(|e| {
        Error::Usage(format!(
            "das Gerüst für `{kind}` ist kein gültiges TOML: {e}"
        ))
    })?;
    refuse_existing(target)?;
    set_datum(
        &mut doc,
        datum,
        Path::new(&format!("{kind}{SKELETON_SUFFIX}")),
    )?;
    let mut done = vec![format!("Datum der Vorlage: {}", date_short(datum))];
    // The skeleton's finance rows name a year: the Vorlage's own.
    if let Some(rows) = doc
        .get_mut("finanzen")
        .and_then(Item::as_array_of_tables_mut)
    {
        for row in rows.iter_mut() {
            if row.contains_key("haushaltsjahr") {
                set_keep_decor(
                    &mut row["haushaltsjahr"],
                    Value::from(i64::from(datum.year())),
                );
            }
        }
    }
    let settings = match project::find(target)? {
        Ok(project) => project.settings(),
        Err(_) => Settings::default(),
    };
    let _numbering = numbering_lock(&folder_of(target))?;
    if let (Some(muster), Some(kopf)) = (
        &settings.vorlagen_nr,
        doc.get_mut("kopf").and_then(Item::as_table_mut),
    ) {
        let nummer = next_number(muster, datum.year(), &folder_of(target));
        kopf.insert("nummer", Item::Value(Value::from(nummer.clone())));
        done.push(format!("neue Vorlagen-Nr.: {nummer}"));
    }
    let (text, schema) = with_schema(templates, target, &doc.to_string())?;
    write_new(target, text.as_bytes())?;
    Ok(Created {
        path: target.to_path_buf(),
        done,
        todo: vec![Todo::new(
            "jedes leere Feld (\"\") ausfüllen".to_owned(),
            None,
            "die Felder unter „Noch auszufüllen“ ausfüllen; die Vorschau zeigt sie grau als Platzhalter"
                .to_owned(),
        )],
        schema,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::files::relative_path;
    use time::macros::date;

    #[test]
    fn names_follow_the_date() {
        assert_eq!(
            next_name("2022-11-integrationsstrategie", date!(2023 - 05 - 10)),
            "2023-05-integrationsstrategie.toml"
        );
        assert_eq!(
            next_name("bericht", date!(2023 - 05 - 10)),
            "2023-05-bericht.toml"
        );
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_path(Path::new("reports/a.toml"), Path::new("reports/b.toml")),
            "a.toml"
        );
        assert_eq!(
            relative_path(Path::new("alt/a.toml"), Path::new("neu/b.toml")),
            "../alt/a.toml"
        );
    }
}
