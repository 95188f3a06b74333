//! The one description of the report format: every key's TOML path, German label, help text,
//! kind and whether it is required. The editor's form (`serve::form`) and the JSON Schema of
//! `sachstand schema` (`json`) are both generated from it, so they cannot drift apart.
//!
//! A list's fields are written with `[]` (`beratungsfolge[].termin`) and expanded per entry
//! to the paths `Loaded::span` uses (`beratungsfolge[1].termin`, counting from 1). The rows
//! follow `model.rs` key for key: adding a key to the format means adding a row here; no HTML
//! and no schema is written by hand.

pub mod ask;
pub mod file;
mod groups;
pub mod json;

pub use groups::{GROUPS, ROLLEN};

/// What kind of value a field holds, and so which control it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Text,
    /// Several lines of text (paragraphs).
    Long,
    /// A calendar date (TOML `2022-11-16`; the form shows 16.11.2022).
    Date,
    /// A number (integer or decimal).
    Number,
    /// An amount in euros, typed the German way (`6.200,50`; `german::betrag`).
    Amount,
    /// Yes or no (TOML `true`/`false`), offered as two named choices.
    Bool {
        /// What `true` is called (`öffentlich`).
        yes: &'static str,
        /// What `false` is called (`nichtöffentlich`).
        no: &'static str,
    },
    /// A whole number (a year).
    Integer,
    /// One of fixed choices.
    Select(Choices),
    /// A noun phrase: text in the nominative with its article, or a table of its forms
    /// (`{ nominativ = "…", dativ = "…" }`, see [`PHRASE_PARTS`]).
    Phrase,
    /// A list of texts (`["…", "…"]`): paragraphs when `long`, else short lines.
    Lines {
        /// Whether each entry is a paragraph.
        long: bool,
        /// What one entry is called (`Absatz`, `Anlage`).
        entry: &'static str,
        /// Whether an entry may also be a table naming a file (`anlagen`: a title, or
        /// `{ titel = "…", datei = "…" }`, see [`ANLAGE_PARTS`]).
        files: bool,
    },
}

/// Where a select's choices come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choices {
    /// The Vorlagenarten of the template set.
    Vorlagenarten,
    /// The Gremien of the project's register (by name).
    Gremien,
    /// A fixed list of TOML values.
    Fixed(&'static [&'static str]),
}

/// One field of the report.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The TOML key path; `[]` marks a list entry.
    pub path: &'static str,
    /// The German label.
    pub label: &'static str,
    /// The German help text (from the skeletons' comments).
    pub help: &'static str,
    /// The control.
    pub kind: Kind,
    /// Whether the loader refuses a table without it.
    pub required: bool,
}

/// A group of fields shown together: a table, or a list of tables.
#[derive(Debug, Clone, Copy)]
pub struct Group {
    /// The table's key path (`kopf`, `beratungsfolge`); empty for top-level keys.
    pub path: &'static str,
    /// The German heading.
    pub title: &'static str,
    /// Whether it is a list of tables (`[[beratungsfolge]]`) with add and remove.
    pub list: bool,
    /// What one entry is called (`Beratung`), for the add and remove buttons.
    pub entry: &'static str,
    /// Its fields; in a list, relative to one entry.
    pub fields: &'static [Field],
}

/// An optional field.
pub(crate) const fn f(
    path: &'static str,
    label: &'static str,
    help: &'static str,
    kind: Kind,
) -> Field {
    Field {
        path,
        label,
        help,
        kind,
        required: false,
    }
}

/// A required field.
pub(crate) const fn r(
    path: &'static str,
    label: &'static str,
    help: &'static str,
    kind: Kind,
) -> Field {
    Field {
        required: true,
        ..f(path, label, help, kind)
    }
}

/// The tables that every report has (the others are optional).
pub const REQUIRED_TABLES: &[&str] = &["kopf"];

/// The values of a phrase's `numerus`.
pub const NUMERI: &[&str] = &["singular", "plural"];

/// The values of a phrase's `genus`.
pub const GENERA: &[&str] = &["maskulin", "feminin", "neutrum"];

/// The keys of a phrase written as a table, relative to the phrase.
pub const PHRASE_PARTS: &[Field] = &[
    r(
        "nominativ",
        "Nominativ",
        "Die Grundform mit Artikel: „der Seniorenbeirat“.",
        Kind::Text,
    ),
    f(
        "genitiv",
        "Genitiv",
        "Nur wenn die gebildete Form nicht stimmt: „des Seniorenbeirats“.",
        Kind::Text,
    ),
    f(
        "dativ",
        "Dativ",
        "Nur wenn die gebildete Form nicht stimmt: „dem Seniorenbeirat“.",
        Kind::Text,
    ),
    f(
        "akkusativ",
        "Akkusativ",
        "Nur wenn die gebildete Form nicht stimmt: „den Seniorenbeirat“.",
        Kind::Text,
    ),
    f(
        "numerus",
        "Numerus",
        "Einzahl oder Mehrzahl, wenn die Regeln es nicht erkennen („die Mittel“).",
        Kind::Select(Choices::Fixed(NUMERI)),
    ),
    f(
        "genus",
        "Genus",
        "Das grammatische Geschlecht, wenn die Regeln es nicht erkennen.",
        Kind::Select(Choices::Fixed(GENERA)),
    ),
];

/// The keys of an Anlage written as a table (`{ titel = "…", datei = "…" }`), relative to the
/// entry; both are required there.
pub const ANLAGE_PARTS: &[Field] = &[
    r(
        "titel",
        "Titel",
        "Wie die Anlage in der Liste der Anlagen heißt, z. B. „Kostenschätzung“.",
        Kind::Text,
    ),
    r(
        "datei",
        "Datei",
        "Die Datei, deren Seiten dem PDF angehängt werden: relativ zu diesem Bericht (z. B. ../anlagen/kostenschaetzung.pdf), innerhalb des Projektordners; PDF, PNG, JPEG oder SVG, höchstens 20 MB.",
        Kind::Text,
    ),
];

/// One entry of a list of short texts (`anlagen[2]`).
pub const LINE_ENTRY: Field = f("", "Eintrag", "", Kind::Text);

/// One entry of a list of paragraphs (`beschluss.begruendung[2]`).
pub const PARAGRAPH_ENTRY: Field = f("", "Absatz", "", Kind::Long);

/// The label of the field at a concrete key path (`beratungsfolge[2].termin` → "Termin").
pub fn label_of(path: &str) -> Option<&'static str> {
    declared(&generic_path(path)).map(|field| field.label)
}

/// How the page names the place at `path`: the field's label, a phrase's form with the
/// phrase's label ("Titel, Genitiv"), or a list entry's name and number (`beratungsfolge[3]`
/// → "Beratung 3", `beschluss.anlagen[2]` → "Anlage 2").
pub fn describe(path: &str) -> Option<String> {
    if let Some(label) = label_of(path) {
        return Some(label.to_owned());
    }
    if let Some((phrase, part)) = phrase_part(path) {
        return Some(format!("{}, {}", phrase.label, part.label));
    }
    // An Anlage's key is named like a field of a list entry: `ask::name` adds "(Anlage 2)".
    if let Some((_, _, part)) = anlage_part(path) {
        return Some(part.label.to_owned());
    }
    let (list, rest) = path.rsplit_once('[')?;
    let n: usize = rest.strip_suffix(']')?.parse().ok()?;
    list_at(list)
        .map(|g| format!("{} {n}", g.entry))
        .or_else(|| match lines_at(list)?.kind {
            Kind::Lines { entry, .. } => Some(format!("{entry} {n}")),
            _ => None,
        })
}

/// The field's full generic path (`beratungsfolge[].termin`).
pub fn full_path(group: &Group, field: &str) -> String {
    match (group.path.is_empty(), group.list) {
        (true, _) => field.to_owned(),
        (false, true) => format!("{}[].{field}", group.path),
        (false, false) => format!("{}.{field}", group.path),
    }
}

pub use crate::report::key_path::generic as generic_path;

/// The field of `GROUPS` at a generic path.
fn declared(generic: &str) -> Option<&'static Field> {
    GROUPS
        .iter()
        .flat_map(|g| g.fields.iter().map(move |field| (g, field)))
        .find(|(g, field)| full_path(g, field.path) == generic)
        .map(|(_, field)| field)
}

/// Every field with its full generic path, in the order of the report format.
pub fn all_fields() -> impl Iterator<Item = (String, &'static Field)> {
    GROUPS.iter().flat_map(|g| {
        g.fields
            .iter()
            .map(move |field| (full_path(g, field.path), field))
    })
}

/// The phrase field and the part at `projekt.titel.genitiv`, if that is one.
fn phrase_part(path: &str) -> Option<(&'static Field, &'static Field)> {
    let (phrase, part) = path.rsplit_once('.')?;
    let phrase = declared(&generic_path(phrase)).filter(|f| f.kind == Kind::Phrase)?;
    let part = PHRASE_PARTS.iter().find(|p| p.path == part)?;
    Some((phrase, part))
}

/// The field whose value is written at a concrete key path: a field of the format, a form
/// of a phrase written as a table (`projekt.titel.genitiv`), or one entry of a list of texts
/// (`beschluss.anlagen[2]`).
pub fn field_at(path: &str) -> Option<&'static Field> {
    let generic = generic_path(path);
    if let Some(field) = declared(&generic) {
        return Some(field);
    }
    if let Some((_, part)) = phrase_part(path) {
        return Some(part);
    }
    if let Some((_, _, part)) = anlage_part(path) {
        return Some(part);
    }
    let list = generic.strip_suffix("[]")?;
    match declared(list)?.kind {
        Kind::Lines { long: true, .. } => Some(&PARAGRAPH_ENTRY),
        Kind::Lines { long: false, .. } => Some(&LINE_ENTRY),
        _ => None,
    }
}

/// The list group at `path` (`beratungsfolge`), if it is one.
pub fn list_at(path: &str) -> Option<&'static Group> {
    GROUPS.iter().find(|g| g.list && g.path == path)
}

/// The list, the entry's number (from 1) and the key of an Anlage's key path
/// (`beschluss.anlagen[2].datei` → `beschluss.anlagen`, 2, Datei), if `path` is one.
pub fn anlage_part(path: &str) -> Option<(&str, usize, &'static Field)> {
    let (entry, key) = path.rsplit_once('.')?;
    let part = ANLAGE_PARTS.iter().find(|p| p.path == key)?;
    let (list, rest) = entry.strip_suffix(']')?.rsplit_once('[')?;
    let n: usize = rest.parse().ok().filter(|n| *n > 0)?;
    let files = matches!(lines_at(list)?.kind, Kind::Lines { files: true, .. });
    files.then_some((list, n, part))
}

/// The list of texts at a concrete `path` (`beschluss.anlagen`), if it is one.
pub fn lines_at(path: &str) -> Option<&'static Field> {
    declared(&generic_path(path)).filter(|f| matches!(f.kind, Kind::Lines { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::Status;

    #[test]
    fn concrete_paths_find_their_field() {
        assert_eq!(label_of("beratungsfolge[2].termin"), Some("Termin"));
        assert_eq!(label_of("kopf.federfuehrung"), Some("Federführung"));
        assert_eq!(
            field_at("befragungen.gruppen[3].status").map(|f| f.kind),
            Some(Kind::Select(Choices::Fixed(&Status::SURVEY)))
        );
        assert!(field_at("kopf.unbekannt").is_none());
        assert_eq!(describe("beratungsfolge[3]").as_deref(), Some("Beratung 3"));
        assert_eq!(describe("kopf.datum").as_deref(), Some("Datum"));
    }

    #[test]
    fn phrase_forms_and_list_entries_are_fields() {
        assert_eq!(
            field_at("projekt.titel.genitiv").map(|f| f.label),
            Some("Genitiv")
        );
        assert!(field_at("kopf.datum.genitiv").is_none());
        assert!(field_at("projekt.titel.plural").is_none());
        assert_eq!(
            field_at("beschluss.begruendung[2]").map(|f| f.kind),
            Some(Kind::Long)
        );
        assert_eq!(
            field_at("mitteilung.anlagen[1]").map(|f| f.kind),
            Some(Kind::Text)
        );
        assert!(field_at("kopf.datum[1]").is_none());
        assert_eq!(
            describe("stelle.traeger.dativ").as_deref(),
            Some("Träger, Dativ")
        );
        assert_eq!(
            describe("beschluss.anlagen[2]").as_deref(),
            Some("Anlage 2")
        );
        assert_eq!(describe("finanzen[1]").as_deref(), Some("Posten 1"));
    }

    #[test]
    fn an_anlage_may_name_its_file() {
        assert_eq!(
            field_at("beschluss.anlagen[2].datei").map(|f| f.label),
            Some("Datei")
        );
        assert_eq!(
            ask::name("mitteilung.anlagen[3].datei").as_deref(),
            Some("Datei (Anlage 3)")
        );
        let (list, n, _) =
            anlage_part("beschluss.anlagen[2].datei").unwrap_or(("", 0, &LINE_ENTRY));
        assert_eq!((list, n), ("beschluss.anlagen", 2));
        // Paragraphs are texts only.
        assert!(anlage_part("beschluss.begruendung[1].datei").is_none());
        assert!(anlage_part("beschluss.anlagen[0].datei").is_none());
        assert!(field_at("beschluss.anlagen[1].seiten").is_none());
    }

    #[test]
    fn every_field_path_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for g in GROUPS {
            for field in g.fields {
                assert!(seen.insert(full_path(g, field.path)), "{}", field.path);
            }
        }
    }

    /// The keys the model (`report::model`, `deny_unknown_fields`) accepts in the table at
    /// `path` (empty: the top level), read from serde's own list in its "unknown field" error.
    fn model_keys(path: &str, list: bool) -> std::collections::BTreeSet<String> {
        let doc = match (path.is_empty(), list) {
            (true, _) => "zz_unbekannt = 1\n".to_owned(),
            (false, true) => format!("[[{path}]]\nzz_unbekannt = 1\n"),
            (false, false) => format!("[{path}]\nzz_unbekannt = 1\n"),
        };
        let error = match toml::from_str::<crate::report::model::Report>(&doc) {
            Ok(_) => panic!("{path}: an unknown key was accepted"),
            Err(e) => e.to_string(),
        };
        let expected = error
            .split_once("expected")
            .map(|(_, rest)| rest)
            .unwrap_or_else(|| panic!("{path}: not an unknown-field error: {error}"));
        expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_format_and_the_model_know_the_same_keys() {
        // GROUPS is written by hand beside model.rs: every table the format describes must
        // take exactly the keys the model takes, so that no key lacks a label in the editor
        // and the JSON Schema, and no label names a key the loader refuses.
        for group in GROUPS {
            let mut described: std::collections::BTreeSet<String> = group
                .fields
                .iter()
                .map(|f| f.path.split('.').next().unwrap_or(f.path).to_owned())
                .collect();
            // Tables nested in this one (`befragungen.gruppen`) are groups of their own.
            for other in GROUPS {
                let rest = match group.path.is_empty() {
                    true => Some(other.path),
                    false => other.path.strip_prefix(&format!("{}.", group.path)),
                };
                if let Some(rest) = rest.filter(|r| !r.is_empty()) {
                    described.insert(rest.split('.').next().unwrap_or(rest).to_owned());
                }
            }
            let model = model_keys(group.path, group.list);
            let unlabelled: Vec<&String> = model.difference(&described).collect();
            let unknown: Vec<&String> = described.difference(&model).collect();
            assert!(
                unlabelled.is_empty() && unknown.is_empty(),
                "table `{}`: keys of the model without a field in format_schema: {unlabelled:?}; fields the model does not know: {unknown:?}",
                group.path
            );
        }
    }
}
