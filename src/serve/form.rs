//! The form from the schema, and a change from the form back into the TOML file.
//!
//! Reading and writing go through `toml_edit`, so comments, key order and the formatting of
//! everything not changed stay as they were. A value that does not fit its field's kind (a
//! half-typed date, "25 %" for a number) is refused with a German message and never written.

use serde::Serialize;
use toml_edit::{DocumentMut, Item, Table, Value};

use super::schema::{Choices, Field, GROUPS, Group, Kind, PHRASE_PARTS};
use crate::report::key_path::{KeyPath, Step};

/// What the form needs besides the file: the choices of the selects.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The Vorlagenarten of the template set.
    pub vorlagenarten: Vec<String>,
    /// The Gremien of the register: key (`stvv`) and name.
    pub gremien: Vec<(String, String)>,
    /// The files an Anlage can name (`anlagen::choices`): path relative to the report, name.
    pub anlagen: Vec<(String, String)>,
}

/// One control of the form.
#[derive(Debug, Serialize)]
pub struct FieldView {
    /// The TOML key path; the control's `name`.
    pub name: String,
    /// An HTML id made from the path.
    pub id: String,
    /// German label (`Absatz 2` for an entry of a list of texts).
    pub label: String,
    /// German help text.
    pub help: &'static str,
    /// `text`, `long`, `date`, `number`, `select`, `phrase` (a table of forms: `parts`),
    /// `lines` (a list of texts: `items`) or `datei` (an Anlage's file: a choice and an upload).
    pub kind: &'static str,
    /// The current value as the control shows it (dates as 16.11.2022, numbers with a comma).
    pub value: String,
    /// A select's choices (value, label).
    pub options: Vec<(String, String)>,
    /// False when the file holds something the control cannot show: then it is only edited
    /// in the file.
    pub editable: bool,
    /// A phrase's forms, each its own control (`projekt.titel.genitiv`); for an Anlage, the
    /// choice of its file (`beschluss.anlagen[2].datei`).
    pub parts: Vec<FieldView>,
    /// A list's texts, each its own control (`beschluss.anlagen[2]`).
    pub items: Vec<FieldView>,
    /// For a list of texts: what one entry is called (`Absatz`).
    pub entry: &'static str,
    /// For a list of texts: the name the control of an added entry will have.
    pub next: String,
}

/// One entry of a list, or the single entry of a table.
#[derive(Debug, Serialize)]
pub struct EntryView {
    /// 1-based position in the list (1 for a table).
    pub index: usize,
    /// Its controls.
    pub fields: Vec<FieldView>,
}

/// A group of the form.
#[derive(Debug, Serialize)]
pub struct GroupView {
    /// German heading.
    pub title: &'static str,
    /// The table's key path.
    pub path: &'static str,
    /// Whether entries can be added and removed.
    pub list: bool,
    /// What one entry is called.
    pub entry: &'static str,
    /// The entries (one for a table).
    pub entries: Vec<EntryView>,
    /// For a list: the name of the first control of an added entry (focused after adding).
    pub next: String,
}

fn step<'a>(item: &'a Item, s: &Step) -> Option<&'a Item> {
    match s {
        Step::Key(k) => item.get(k.as_str()),
        Step::Index(i) => item.get(i - 1),
    }
}

fn get<'a>(doc: &'a DocumentMut, path: &str) -> Option<&'a Item> {
    KeyPath::steps(path)?
        .iter()
        .try_fold(doc.as_item(), |item, s| step(item, s))
}

/// The number of entries of the list at `path` (0 when missing).
fn list_len(doc: &DocumentMut, path: &str) -> usize {
    match get(doc, path) {
        Some(Item::ArrayOfTables(a)) => a.len(),
        Some(Item::Value(Value::Array(a))) => a.len(),
        _ => 0,
    }
}

/// Builds the form of the document: the groups the report has (Kopf, Beratungsfolge and
/// Mitzeichnung always; a Sachstandsbericht's Darstellung, where the timeline is switched on),
/// each field with its current value.
pub fn build(doc: &DocumentMut, ctx: &Context) -> Vec<GroupView> {
    const ALWAYS: [&str; 4] = ["", "kopf", "beratungsfolge", "mitzeichnung"];
    let sachstandsbericht = doc.get("vorlage").and_then(Item::as_str) == Some("sachstandsbericht");
    GROUPS
        .iter()
        .filter(|g| {
            ALWAYS.contains(&g.path)
                || get(doc, g.path).is_some()
                || (sachstandsbericht && g.path == "darstellung")
        })
        // The release record is written by "Freigeben" only; the editor shows it as its
        // status line (`releasing::status`), never as fields.
        .filter(|g| g.path != crate::report::freigabe::KEY)
        .map(|g| group_view(doc, ctx, g))
        .collect()
}

fn group_view(doc: &DocumentMut, ctx: &Context, g: &'static Group) -> GroupView {
    let prefixes: Vec<(usize, String)> = if g.list {
        (1..=list_len(doc, g.path))
            .map(|i| (i, format!("{}[{i}].", g.path)))
            .collect()
    } else if g.path.is_empty() {
        vec![(1, String::new())]
    } else {
        vec![(1, format!("{}.", g.path))]
    };
    let entries = prefixes
        .into_iter()
        .map(|(index, prefix)| EntryView {
            index,
            fields: g
                .fields
                .iter()
                .map(|field| field_view(doc, ctx, field, format!("{prefix}{}", field.path)))
                .collect(),
        })
        .collect();
    let next = match (g.list, g.fields.first()) {
        (true, Some(first)) => format!("{}[{}].{}", g.path, list_len(doc, g.path) + 1, first.path),
        _ => String::new(),
    };
    GroupView {
        title: g.title,
        path: g.path,
        list: g.list,
        entry: g.entry,
        entries,
        next,
    }
}

fn field_view(doc: &DocumentMut, ctx: &Context, field: &'static Field, name: String) -> FieldView {
    let found = get(doc, &name);
    let mut view = control(ctx, field, name, found);
    match (field.kind, found) {
        (Kind::Phrase, Some(item)) if item.is_table_like() => {
            view.kind = "phrase";
            view.value = String::new();
            view.editable = true;
            view.parts = PHRASE_PARTS
                .iter()
                .map(|part| {
                    let name = format!("{}.{}", view.name, part.path);
                    let found = get(doc, &name);
                    control(ctx, part, name, found)
                })
                .collect();
        }
        (Kind::Lines { long, entry, files }, found) => {
            fill_lines(&mut view, ctx, found, long, files, entry);
        }
        _ => {}
    }
    view
}

/// One entry of a list of texts as the form reads it: its text, and for an Anlage written as
/// a table its file. `None` for anything else (edited in the file).
fn line_of(value: &Value, files: bool) -> Option<(String, Option<String>)> {
    match value {
        Value::String(s) => Some((s.value().clone(), None)),
        Value::InlineTable(t) if files && t.len() == 2 => Some((
            t.get("titel")?.as_str()?.to_owned(),
            Some(t.get("datei")?.as_str()?.to_owned()),
        )),
        _ => None,
    }
}

/// A list of texts as one control per entry (an Anlage's with a choice of its file); not
/// editable in the form when it holds anything else.
fn fill_lines(
    view: &mut FieldView,
    ctx: &Context,
    found: Option<&Item>,
    long: bool,
    files: bool,
    called: &'static str,
) {
    let array = match found {
        None => Some(Vec::new()),
        Some(item) => item.as_array().and_then(|a| {
            a.iter()
                .map(|v| line_of(v, files))
                .collect::<Option<Vec<_>>>()
        }),
    };
    let entry = if long {
        &super::schema::PARAGRAPH_ENTRY
    } else {
        &super::schema::LINE_ENTRY
    };
    view.kind = "lines";
    view.entry = called;
    view.value = String::new();
    let Some(texts) = array else {
        view.editable = false;
        view.value = found
            .map(|i| i.to_string().trim().to_owned())
            .unwrap_or_default();
        return;
    };
    view.editable = true;
    view.next = format!("{}[{}]", view.name, texts.len() + 1);
    view.items = texts
        .into_iter()
        .enumerate()
        .map(|(i, (text, datei))| {
            let name = format!("{}[{}]", view.name, i + 1);
            let mut item = control(ctx, entry, name.clone(), None);
            item.value = text;
            item.label = format!("{called} {}", i + 1);
            if files {
                item.parts = vec![datei_control(ctx, &item.label, name, datei)];
            }
            item
        })
        .collect();
}

/// The choice of an Anlage's file (`beschluss.anlagen[2].datei`): the files of the project's
/// `anlagen/` folder, and the one the entry names if it lies elsewhere.
fn datei_control(ctx: &Context, entry: &str, name: String, datei: Option<String>) -> FieldView {
    let part = &super::schema::ANLAGE_PARTS[1];
    let found = datei.map(|d| Item::Value(Value::from(d)));
    let mut view = control(ctx, part, format!("{name}.datei"), found.as_ref());
    view.kind = "datei";
    view.label = format!("Datei von {entry}");
    let mut options = ctx.anlagen.clone();
    if !view.value.is_empty() && !options.iter().any(|(v, _)| *v == view.value) {
        options.insert(0, (view.value.clone(), view.value.clone()));
    }
    view.options = options;
    view
}

/// The control of one value: its kind, its value as shown, its choices.
fn control(ctx: &Context, field: &'static Field, name: String, found: Option<&Item>) -> FieldView {
    let (value, editable) = match found {
        None => (String::new(), true),
        // An amount as Germans write it: `6.200,00`.
        Some(Item::Value(Value::Integer(i))) if field.kind == Kind::Amount =>
        {
            #[allow(clippy::cast_precision_loss)]
            (crate::german::betrag::field_text(*i.value() as f64), true)
        }
        Some(Item::Value(Value::Float(x))) if field.kind == Kind::Amount => {
            (crate::german::betrag::field_text(*x.value()), true)
        }
        Some(Item::Value(Value::Boolean(b))) => (b.value().to_string(), true),
        Some(Item::Value(Value::String(s))) => (s.value().clone(), true),
        Some(Item::Value(Value::Datetime(d))) => (shown_date(d.value()), true),
        Some(Item::Value(Value::Integer(i))) => (i.value().to_string(), true),
        Some(Item::Value(Value::Float(x))) => (x.value().to_string().replace('.', ","), true),
        Some(other) => (other.to_string().trim().to_owned(), false),
    };
    let (kind, mut options) = match field.kind {
        Kind::Text | Kind::Phrase => ("text", Vec::new()),
        Kind::Long => ("long", Vec::new()),
        Kind::Date => ("date", Vec::new()),
        Kind::Number | Kind::Integer | Kind::Amount => ("number", Vec::new()),
        Kind::Select(choices) => ("select", choices_of(choices, ctx)),
        Kind::Bool { yes, no } => (
            "select",
            vec![
                ("true".to_owned(), label(yes)),
                ("false".to_owned(), label(no)),
            ],
        ),
        Kind::Lines { .. } => ("lines", Vec::new()),
    };
    // A Gremium written by its key (`stvv`) is shown by its name, the key kept as the value.
    if field.kind == Kind::Select(Choices::Gremien)
        && let Some((_, name)) = ctx.gremien.iter().find(|(key, _)| *key == value)
        && let Some(option) = options.iter_mut().find(|(v, _)| v == name)
    {
        option.0.clone_from(&value);
    }
    if kind == "select" && !value.is_empty() && !options.iter().any(|(v, _)| *v == value) {
        // A value the choices do not know (a Gremium's key, a typo) stays visible as it is.
        options.insert(0, (value.clone(), value.clone()));
    }
    FieldView {
        id: format!("f-{}", name.replace(['.', '[', ']'], "-")),
        name,
        label: field.label.to_owned(),
        help: field.help,
        kind,
        value,
        options,
        editable,
        parts: Vec::new(),
        items: Vec::new(),
        entry: "",
        next: String::new(),
    }
}

/// A TOML date as the form shows it: `16.11.2022`; anything else as written.
fn shown_date(d: &toml_edit::Datetime) -> String {
    match (d.date, d.time, d.offset) {
        (Some(date), None, None) => format!("{:02}.{:02}.{:04}", date.day, date.month, date.year),
        _ => d.to_string(),
    }
}

fn choices_of(choices: Choices, ctx: &Context) -> Vec<(String, String)> {
    match choices {
        Choices::Vorlagenarten => ctx
            .vorlagenarten
            .iter()
            .map(|n| (n.clone(), label(n)))
            .collect(),
        Choices::Gremien => ctx
            .gremien
            .iter()
            .map(|(_, n)| (n.clone(), n.clone()))
            .collect(),
        Choices::Fixed(names) => names
            .iter()
            .map(|n| ((*n).to_owned(), label(&n.replace("oe", "ö"))))
            .collect(),
    }
}

/// `abgeschlossen` → `Abgeschlossen`.
fn label(name: &str) -> String {
    crate::german::capitalise(name)
}

/// The typed TOML value of a form value for `field`; `Ok(None)` for an empty value (the key is
/// removed); `Err` with a German message when it does not fit (yet).
pub fn typed_value(field: &Field, text: &str) -> Result<Option<Value>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    match field.kind {
        Kind::Text | Kind::Long | Kind::Phrase => Ok(Some(Value::from(text))),
        Kind::Lines { .. } => Err("eine Liste wird Eintrag für Eintrag gespeichert".to_owned()),
        Kind::Date => {
            let date = crate::german::parse_form_date(trimmed)
                .ok_or_else(|| crate::german::form_date_problem(trimmed))?;
            let datetime = toml_edit::Datetime {
                date: Some(toml_edit::Date {
                    year: u16::try_from(date.year()).map_err(|_| "Jahr außerhalb".to_owned())?,
                    month: u8::from(date.month()),
                    day: date.day(),
                }),
                time: None,
                offset: None,
            };
            Ok(Some(Value::from(datetime)))
        }
        Kind::Integer => trimmed
            .parse::<i64>()
            .map(|i| Some(Value::from(i)))
            .map_err(|_| format!("„{trimmed}“ ist keine ganze Zahl")),
        Kind::Number => {
            // German style: `12.500,50`; a lone dot is a decimal point (`12.5`).
            let normal = if trimmed.contains(',') {
                trimmed.replace('.', "").replace(',', ".")
            } else {
                trimmed.to_owned()
            };
            if let Ok(i) = normal.parse::<i64>() {
                Ok(Some(Value::from(i)))
            } else {
                match normal.parse::<f64>() {
                    Ok(x) if x.is_finite() => Ok(Some(Value::from(x))),
                    _ => Err(format!("„{trimmed}“ ist keine Zahl")),
                }
            }
        }
        Kind::Amount => {
            let amount = crate::german::betrag::parse(trimmed)?;
            // Whole euros stay an integer in the file (`betrag = 6200`).
            if amount.fract() == 0.0 && amount.abs() < 1e15 {
                #[allow(clippy::cast_possible_truncation)]
                Ok(Some(Value::from(amount as i64)))
            } else {
                Ok(Some(Value::from(amount)))
            }
        }
        Kind::Bool { yes, no } => match trimmed {
            "true" => Ok(Some(Value::from(true))),
            "false" => Ok(Some(Value::from(false))),
            _ => Err(format!("„{trimmed}“: bitte „{yes}“ oder „{no}“ wählen")),
        },
        Kind::Select(Choices::Fixed(names)) if !names.contains(&trimmed) => Err(format!(
            "„{trimmed}“ ist keine der Möglichkeiten: {}",
            names.join(", ")
        )),
        Kind::Select(_) => Ok(Some(Value::from(trimmed))),
    }
}

/// Sets (or with `None` empties) the value at `path`, keeping the key, its comments and the
/// value's trailing comment; an emptied key stays as a commented line (`blank`). Missing tables on the way are created; a missing list entry is
/// an error. An Anlage's file (`beschluss.anlagen[2].datei`) goes through `anlagen::set_datei`.
pub fn set(doc: &mut DocumentMut, path: &str, value: Option<Value>) -> Result<(), String> {
    match super::schema::anlage_part(path) {
        Some((list, index, part)) if part.path == "datei" => {
            super::anlagen::set_datei(doc, list, index, value.as_ref().and_then(Value::as_str))
        }
        Some((list, index, _)) => set_value(doc, &format!("{list}[{index}]"), value),
        None => set_value(doc, path, value),
    }
}

/// `set` for every path but an Anlage's file.
fn set_value(doc: &mut DocumentMut, path: &str, value: Option<Value>) -> Result<(), String> {
    let steps = KeyPath::steps(path).ok_or_else(|| format!("„{path}“ ist kein Feld"))?;
    if let Some((Step::Index(i), parents)) = steps.split_last() {
        return set_entry(doc, path, parents, *i, value);
    }
    let Some((Step::Key(last), parents)) = steps.split_last() else {
        return Err(format!("„{path}“ ist kein Feld"));
    };
    // A key emptied before comes back at its commented line (`blank`).
    if let Some(new) = &value
        && get(doc, path).is_none()
        && restore(doc, parents, last, new)
    {
        return Ok(());
    }
    let mut item = doc.as_item_mut();
    for s in parents {
        item = match s {
            Step::Key(k) => {
                let table = item
                    .as_table_like_mut()
                    .ok_or_else(|| format!("„{path}“: {k} ist keine Tabelle"))?;
                if table.get(k).is_none() {
                    if value.is_none() {
                        return Ok(());
                    }
                    table.insert(k, Item::Table(Table::new()));
                }
                table
                    .get_mut(k)
                    .ok_or_else(|| format!("„{path}“ ist kein Feld"))?
            }
            Step::Index(i) => item
                .get_mut(i - 1)
                .ok_or_else(|| format!("den Eintrag {i} gibt es nicht mehr; bitte neu laden"))?,
        };
    }
    if let (Some(Value::InlineTable(inline)), Some(new)) = (item.as_value_mut(), &value)
        && !inline.contains_key(last)
    {
        append_inline(inline, last, new.clone());
        return Ok(());
    }
    // An emptied key stays as a commented line, in its place and with its comments.
    if value.is_none()
        && let Some(table) = item.as_table_mut()
        && table.get(last).is_some_and(Item::is_value)
    {
        if let Some(trailing) = super::blank::remove(table, last) {
            super::blank::put_trailing(doc, &trailing);
        }
        return Ok(());
    }
    let table = item
        .as_table_like_mut()
        .ok_or_else(|| format!("„{path}“: das Feld liegt in keiner Tabelle"))?;
    match (table.get_mut(last), value) {
        (Some(slot), Some(mut new)) => {
            if let Some(old) = slot.as_value() {
                *new.decor_mut() = old.decor().clone();
            }
            *slot = Item::Value(new);
        }
        (None, Some(new)) => {
            table.insert(last, Item::Value(new));
        }
        (Some(_), None) => {
            table.remove(last);
        }
        (None, None) => {}
    }
    Ok(())
}

/// Puts `last = new` back at its commented line in the table `parents` lead to (`blank`).
fn restore(doc: &mut DocumentMut, parents: &[Step], last: &str, new: &Value) -> bool {
    let at: Vec<String> = parents
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.clone(),
            Step::Index(i) => i.to_string(),
        })
        .collect();
    super::blank::restore(doc, &at, last, new)
}

/// Appends `key = value` to an inline table, in its spacing: `{ a = "x", key = "y" }`.
fn append_inline(inline: &mut toml_edit::InlineTable, key: &str, mut value: Value) {
    let before_brace = inline
        .iter_mut()
        .last()
        .map(|(_, last)| {
            let suffix = last
                .decor()
                .suffix()
                .and_then(|s| s.as_str())
                .unwrap_or(" ")
                .to_owned();
            last.decor_mut().set_suffix("");
            suffix
        })
        .unwrap_or_else(|| " ".to_owned());
    value.decor_mut().set_prefix(" ");
    value.decor_mut().set_suffix(before_brace);
    inline.insert(key, value);
}

/// Sets entry `index` (1-based) of the list of texts that `parents` lead to, keeping its
/// comments; an empty value leaves an empty text (removing is a button of its own).
fn set_entry(
    doc: &mut DocumentMut,
    path: &str,
    parents: &[Step],
    index: usize,
    value: Option<Value>,
) -> Result<(), String> {
    let mut item = doc.as_item_mut();
    for s in parents {
        item = match s {
            Step::Key(k) => item.get_mut(k.as_str()),
            Step::Index(i) => item.get_mut(i - 1),
        }
        .ok_or_else(|| format!("„{path}“ gibt es nicht mehr; bitte neu laden"))?;
    }
    let array = item
        .as_array_mut()
        .ok_or_else(|| format!("„{path}“: das ist keine Liste von Texten"))?;
    let slot = array
        .get_mut(index - 1)
        .ok_or_else(|| format!("den Eintrag {index} gibt es nicht mehr; bitte neu laden"))?;
    let mut new = value.unwrap_or_else(|| Value::from(""));
    // An Anlage with its file keeps the file.
    if super::anlagen::set_titel_in_table(slot, new.as_str().unwrap_or_default()) {
        return Ok(());
    }
    *new.decor_mut() = slot.decor().clone();
    *slot = new;
    Ok(())
}

/// Adds an empty entry to the list at `path`: a table to `[[beratungsfolge]]`, an empty text
/// to a list of texts (`beschluss.anlagen`).
pub fn add_entry(doc: &mut DocumentMut, path: &str) -> Result<(), String> {
    let steps = KeyPath::steps(path).ok_or_else(|| format!("„{path}“ ist keine Liste"))?;
    let mut item = doc.as_item_mut();
    for s in &steps {
        item = match s {
            Step::Key(k) => {
                let table = item
                    .as_table_like_mut()
                    .ok_or_else(|| format!("„{path}“ ist keine Liste"))?;
                if table.get(k).is_none() {
                    let empty = if super::schema::lines_at(path).is_some() {
                        Item::Value(Value::Array(toml_edit::Array::new()))
                    } else {
                        Item::ArrayOfTables(toml_edit::ArrayOfTables::new())
                    };
                    table.insert(k, empty);
                }
                table
                    .get_mut(k)
                    .ok_or_else(|| format!("„{path}“ ist keine Liste"))?
            }
            Step::Index(i) => item
                .get_mut(i - 1)
                .ok_or_else(|| format!("den Eintrag {i} gibt es nicht mehr"))?,
        };
    }
    match item {
        Item::ArrayOfTables(list) => {
            list.push(Table::new());
            Ok(())
        }
        Item::Value(Value::Array(list)) if super::schema::lines_at(path).is_some() => {
            push_line(list);
            Ok(())
        }
        _ => Err(format!(
            "„{path}“ steht in der Datei nicht als [[{path}]]-Liste; bitte in der Datei ändern"
        )),
    }
}

/// Appends an empty text to `list` in the list's layout: in a list written one entry per line,
/// on a line of its own with the same indent, after the last entry's comment.
fn push_line(list: &mut toml_edit::Array) {
    let mut new = Value::from("");
    let last_prefix = list.iter().last().and_then(|v| {
        v.decor()
            .prefix()
            .and_then(|p| p.as_str())
            .map(str::to_owned)
    });
    let trailing = list.trailing().as_str().unwrap_or_default().to_owned();
    match (last_prefix, trailing.rfind('\n')) {
        (Some(prefix), Some(nl)) if prefix.contains('\n') => {
            let indent = prefix.rsplit('\n').next().unwrap_or_default();
            new.decor_mut()
                .set_prefix(format!("{}{indent}", &trailing[..=nl]));
            list.set_trailing(format!("\n{}", &trailing[nl + 1..]));
        }
        (Some(_), _) => new.decor_mut().set_prefix(" "),
        (None, _) => new.decor_mut().set_prefix(""),
    }
    new.decor_mut().set_suffix("");
    list.push_formatted(new);
}

/// Removes entry `at` (0-based) of `list` with its comment (which TOML keeps in front of the
/// next entry, or at the end of the list).
fn remove_line(list: &mut toml_edit::Array, at: usize) {
    let removed = list.remove(at);
    let prefix = removed
        .decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or_default()
        .to_owned();
    if let Some(next) = list.get_mut(at) {
        next.decor_mut().set_prefix(prefix);
    } else if let Some(nl) = prefix.rfind('\n') {
        list.set_trailing(prefix[..=nl].to_owned());
    }
}

/// Removes entry `index` (1-based) of the list at `path`.
pub fn remove_entry(doc: &mut DocumentMut, path: &str, index: usize) -> Result<(), String> {
    let full = format!("{path}[{index}]");
    KeyPath::steps(&full).ok_or_else(|| format!("„{full}“ ist kein Eintrag"))?;
    let steps = KeyPath::steps(path).ok_or_else(|| format!("„{path}“ ist keine Liste"))?;
    let mut item = doc.as_item_mut();
    for s in &steps {
        item = match s {
            Step::Key(k) => item.get_mut(k.as_str()),
            Step::Index(i) => item.get_mut(i - 1),
        }
        .ok_or_else(|| format!("„{path}“ gibt es nicht"))?;
    }
    match item {
        Item::ArrayOfTables(list) if index <= list.len() => {
            list.remove(index - 1);
            Ok(())
        }
        Item::Value(Value::Array(list)) if index <= list.len() => {
            remove_line(list, index - 1);
            Ok(())
        }
        _ => Err(format!(
            "den Eintrag {index} gibt es nicht mehr; bitte neu laden"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::schema::field_at;

    const TEXT: &str = "vorlage = \"sachstandsbericht\"   # which template\n\n[kopf]\n# who leads\nfederfuehrung = \"StST Soziales\"  # lead\ndatum = 2022-11-16\n\n[[beratungsfolge]]\ngremium = \"Magistrat\"\ntermin = 2022-11-28\n";

    fn doc() -> DocumentMut {
        TEXT.parse().unwrap_or_default()
    }

    #[test]
    fn a_change_keeps_comments_and_order() {
        let mut d = doc();
        let v = Value::from("Amt 50");
        assert_eq!(set(&mut d, "kopf.federfuehrung", Some(v)), Ok(()));
        assert_eq!(
            d.to_string(),
            TEXT.replace("\"StST Soziales\"", "\"Amt 50\"")
        );
    }

    #[test]
    fn dates_in_lists_are_typed() {
        let mut d = doc();
        let field = field_at("beratungsfolge[1].termin").copied();
        let value = field.map(|f| typed_value(&f, "2022-12-05"));
        let Some(Ok(value)) = value else {
            panic!("no date: {value:?}");
        };
        assert_eq!(set(&mut d, "beratungsfolge[1].termin", value), Ok(()));
        assert!(d.to_string().contains("termin = 2022-12-05\n"));
    }

    #[test]
    fn half_typed_values_are_refused() {
        let date = field_at("kopf.datum").copied();
        assert!(date.is_some_and(|f| typed_value(&f, "2022-1").is_err()));
        let message = date.map(|f| typed_value(&f, "31.02.2023"));
        assert!(
            matches!(&message, Some(Err(m)) if m.contains("diesen Tag gibt es nicht")),
            "{message:?}"
        );
        let number = field_at("stelle.stellenanteil").copied();
        assert!(number.is_some_and(|f| typed_value(&f, "25 %").is_err()));
        let status = field_at("meilensteine[1].status").copied();
        assert!(status.is_some_and(|f| typed_value(&f, "fertig").is_err()));
    }

    #[test]
    fn bad_paths_and_missing_entries_are_errors() {
        let mut d = doc();
        assert!(set(&mut d, "../x", Some(Value::from("a"))).is_err());
        assert!(set(&mut d, "beratungsfolge[5].termin", Some(Value::from("a"))).is_err());
        assert!(set(&mut d, "beratungsfolge[0].termin", Some(Value::from("a"))).is_err());
    }

    #[test]
    fn entries_are_added_and_removed() {
        let mut d = doc();
        assert_eq!(add_entry(&mut d, "beratungsfolge"), Ok(()));
        assert_eq!(list_len(&d, "beratungsfolge"), 2);
        assert_eq!(remove_entry(&mut d, "beratungsfolge", 1), Ok(()));
        assert_eq!(list_len(&d, "beratungsfolge"), 1);
        assert!(remove_entry(&mut d, "beratungsfolge", 3).is_err());
    }

    #[test]
    fn the_form_shows_values_and_keeps_unknown_choices() {
        let ctx = Context {
            vorlagenarten: vec!["sachstandsbericht".into()],
            gremien: vec![
                ("mag".into(), "Magistrat der Stadt".into()),
                ("stvv".into(), "Stadtverordnetenversammlung".into()),
            ],
            ..Context::default()
        };
        let groups = build(&doc(), &ctx);
        let fields: Vec<&FieldView> = groups
            .iter()
            .flat_map(|g| g.entries.iter().flat_map(|e| e.fields.iter()))
            .collect();
        let gremium = fields
            .iter()
            .find(|f| f.name == "beratungsfolge[1].gremium");
        assert!(gremium.is_some_and(|f| f.options[0].0 == "Magistrat" && f.kind == "select"));
        // A key is shown by the Gremium's name, once.
        let mut by_key = doc();
        let v = Some(Value::from("stvv"));
        assert_eq!(set(&mut by_key, "beratungsfolge[1].gremium", v), Ok(()));
        let groups = build(&by_key, &ctx);
        let gremium = groups
            .iter()
            .flat_map(|g| g.entries.iter().flat_map(|e| e.fields.iter()))
            .find(|f| f.name == "beratungsfolge[1].gremium");
        let options = gremium.map(|f| f.options.clone()).unwrap_or_default();
        assert_eq!(
            options,
            vec![
                (
                    "Magistrat der Stadt".to_owned(),
                    "Magistrat der Stadt".to_owned()
                ),
                ("stvv".to_owned(), "Stadtverordnetenversammlung".to_owned()),
            ]
        );
        let datum = fields.iter().find(|f| f.name == "kopf.datum");
        assert!(datum.is_some_and(|f| f.value == "16.11.2022" && f.kind == "date"));
    }

    const PARTS: &str = "[projekt]\ntitel = { nominativ = \"die Mittel\", numerus = \"plural\" }  # Formen\n\n[beschluss]\nbegruendung = [\n  \"Erster Absatz.\",  # eins\n]\n";

    fn value(path: &str, text: &str) -> Option<Value> {
        let field = field_at(path).copied();
        let typed = field.map(|f| typed_value(&f, text));
        let Some(Ok(value)) = typed else {
            panic!("{path}: {typed:?}");
        };
        value
    }

    #[test]
    fn a_phrase_form_is_set_in_its_inline_table() {
        let mut d: DocumentMut = PARTS.parse().unwrap_or_default();
        let v = value("projekt.titel.genitiv", "der Mittel");
        assert_eq!(set(&mut d, "projekt.titel.genitiv", v), Ok(()));
        let v = value("projekt.titel.numerus", "");
        assert_eq!(set(&mut d, "projekt.titel.numerus", v), Ok(()));
        assert!(
            d.to_string().contains(
                "titel = { nominativ = \"die Mittel\", genitiv = \"der Mittel\" }  # Formen\n"
            ),
            "{d}"
        );
        let groups = build(&d, &Context::default());
        let titel = groups
            .iter()
            .flat_map(|g| g.entries.iter().flat_map(|e| e.fields.iter()))
            .find(|f| f.name == "projekt.titel");
        let parts: Vec<(&str, &str)> = titel
            .map(|f| {
                f.parts
                    .iter()
                    .map(|p| (p.name.as_str(), p.value.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(parts[0], ("projekt.titel.nominativ", "die Mittel"));
        assert_eq!(parts[1], ("projekt.titel.genitiv", "der Mittel"));
        assert_eq!(parts.len(), 6);
    }

    #[test]
    fn texts_of_a_list_are_set_added_and_removed() {
        let mut d: DocumentMut = PARTS.parse().unwrap_or_default();
        assert_eq!(add_entry(&mut d, "beschluss.begruendung"), Ok(()));
        let v = value("beschluss.begruendung[2]", "Zweiter Absatz.");
        assert_eq!(set(&mut d, "beschluss.begruendung[2]", v), Ok(()));
        assert!(
            d.to_string().contains(
                "begruendung = [\n  \"Erster Absatz.\",  # eins\n  \"Zweiter Absatz.\",\n]\n"
            ),
            "{d}"
        );
        assert_eq!(add_entry(&mut d, "beschluss.anlagen"), Ok(()));
        let v = value("beschluss.anlagen[1]", "Lageplan");
        assert_eq!(set(&mut d, "beschluss.anlagen[1]", v), Ok(()));
        assert!(d.to_string().contains("anlagen = [\"Lageplan\"]\n"), "{d}");
        assert_eq!(remove_entry(&mut d, "beschluss.begruendung", 1), Ok(()));
        assert!(
            d.to_string()
                .contains("begruendung = [\n  \"Zweiter Absatz.\",\n]"),
            "{d}"
        );
        assert!(set(&mut d, "beschluss.anlagen[3]", Some(Value::from("x"))).is_err());
    }

    #[test]
    fn an_anlage_with_its_file_keeps_it_when_its_title_changes() {
        let text = "[mitteilung]\ntext = [\"t\"]\nanlagen = [\"Plan\", { titel = \"Kosten\", datei = \"../anlagen/k.pdf\" }]\n";
        let mut d: DocumentMut = text.parse().unwrap_or_default();
        let v = value("mitteilung.anlagen[2]", "Kostenschätzung");
        assert_eq!(set(&mut d, "mitteilung.anlagen[2]", v), Ok(()));
        assert!(
            d.to_string()
                .contains("{ titel = \"Kostenschätzung\", datei = \"../anlagen/k.pdf\" }"),
            "{d}"
        );
        let ctx = Context {
            anlagen: vec![("../anlagen/plan.png".into(), "plan.png".into())],
            ..Context::default()
        };
        let groups = build(&d, &ctx);
        let anlagen = groups
            .iter()
            .flat_map(|g| g.entries.iter().flat_map(|e| e.fields.iter()))
            .find(|f| f.name == "mitteilung.anlagen");
        let dateien: Vec<(String, String, usize)> = anlagen
            .map(|f| {
                f.items
                    .iter()
                    .flat_map(|i| i.parts.iter())
                    .map(|p| (p.name.clone(), p.value.clone(), p.options.len()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            dateien,
            vec![
                ("mitteilung.anlagen[1].datei".to_owned(), String::new(), 1),
                (
                    "mitteilung.anlagen[2].datei".to_owned(),
                    "../anlagen/k.pdf".to_owned(),
                    2
                ),
            ]
        );
        assert_eq!(set(&mut d, "mitteilung.anlagen[2].datei", None), Ok(()));
        assert!(
            d.to_string()
                .contains("anlagen = [\"Plan\", \"Kostenschätzung\"]"),
            "{d}"
        );
    }

    #[test]
    fn numbers_and_dates_in_german() {
        assert_eq!(
            value("finanzen[1].betrag", "12.500,50").map(|v| v.to_string()),
            Some("12500.5".into())
        );
        // A dot groups thousands: never 6,20 €.
        assert_eq!(
            value("finanzen[1].betrag", "6.200").map(|v| v.to_string()),
            Some("6200".into())
        );
        let betrag = field_at("finanzen[1].betrag").copied();
        assert!(betrag.is_some_and(|f| typed_value(&f, "6,200").is_err()));
        assert_eq!(
            value("finanzen[1].haushaltsjahr", "2024").map(|v| v.to_string()),
            Some("2024".into())
        );
        let year = field_at("finanzen[1].haushaltsjahr").copied();
        assert!(year.is_some_and(|f| typed_value(&f, "2024,5").is_err()));
        assert_eq!(
            value("kopf.datum", "01.03.2023").map(|v| v.to_string()),
            Some("2023-03-01".into())
        );
    }
}
