//! The one description of the report format the editor's form is generated from: every
//! field's TOML key path, German label, help text and kind.
//!
//! A list's fields are written with `[]` (`beratungsfolge[].termin`) and expanded per entry
//! to the paths `Loaded::span` uses (`beratungsfolge[1].termin`, counting from 1). Adding a
//! key to the format means adding a row here; no HTML is written by hand.

use crate::model::{Art, Status};

/// What kind of control a field gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Text,
    /// Several lines of text (paragraphs).
    Long,
    /// A calendar date (`2022-11-16`).
    Date,
    /// A number (integer or decimal).
    Number,
    /// One of fixed choices.
    Select(Choices),
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

const fn f(path: &'static str, label: &'static str, help: &'static str, kind: Kind) -> Field {
    Field {
        path,
        label,
        help,
        kind,
    }
}

/// Roles a Gremium plays in the Beratungsfolge.
pub const ROLLEN: &[&str] = &["vorberatung", "entscheidung", "kenntnisnahme"];

/// The report format, group by group, in the order of a report file.
pub const GROUPS: &[Group] = &[
    Group {
        path: "",
        title: "Vorlage",
        list: false,
        entry: "",
        fields: &[
            f(
                "vorlage",
                "Vorlagenart",
                "Welche Vorlage gesetzt wird.",
                Kind::Select(Choices::Vorlagenarten),
            ),
            f(
                "vorheriger",
                "Vorheriger Bericht",
                "Datei des letzten Berichtszyklus, relativ zu diesem Bericht, z. B. 2022-11-integrationsstrategie.toml.",
                Kind::Text,
            ),
        ],
    },
    Group {
        path: "kopf",
        title: "Kopf",
        list: false,
        entry: "",
        fields: &[
            f(
                "stadt",
                "Stadt",
                "Leer lassen: der Name aus sachstand.toml gilt.",
                Kind::Text,
            ),
            f(
                "produkt",
                "Produkt",
                "Produktnummer des Haushalts, z. B. 5 01 03 01 020.",
                Kind::Text,
            ),
            f(
                "federfuehrung",
                "Federführung",
                "Die federführende Stelle, z. B. StST Soziales.",
                Kind::Text,
            ),
            f(
                "bearbeitung",
                "Bearbeitung",
                "Wer die Vorlage bearbeitet, z. B. Hr. Dexler.",
                Kind::Text,
            ),
            f("datum", "Datum", "Datum der Vorlage.", Kind::Date),
            f(
                "nummer",
                "Vorlagen-Nr.",
                "Optional, z. B. 2022/0187; eindeutig im Projekt.",
                Kind::Text,
            ),
            f(
                "betreff",
                "Betreff",
                "Leer lassen: sachstand bildet den Betreff aus dem Projekt.",
                Kind::Text,
            ),
        ],
    },
    Group {
        path: "auftrag",
        title: "Auftrag",
        list: false,
        entry: "",
        fields: &[
            f(
                "gremium",
                "Beauftragt von",
                "Das Gremium, dessen Beschluss den Bericht verlangt.",
                Kind::Select(Choices::Gremien),
            ),
            f(
                "beschluss",
                "Beschluss vom",
                "Datum des Beschlusses.",
                Kind::Date,
            ),
        ],
    },
    Group {
        path: "beratungsfolge",
        title: "Beratungsfolge",
        list: true,
        entry: "Beratung",
        fields: &[
            f(
                "gremium",
                "Gremium",
                "Aus dem Gremienverzeichnis in sachstand.toml.",
                Kind::Select(Choices::Gremien),
            ),
            f("termin", "Termin", "Sitzungstag des Gremiums.", Kind::Date),
            f(
                "rolle",
                "Rolle",
                "Vorberatung, Entscheidung oder Kenntnisnahme; leer: aus der Art des Gremiums.",
                Kind::Select(Choices::Fixed(ROLLEN)),
            ),
            f(
                "bemerkungen",
                "Bemerkungen",
                "Erscheint in der Tabelle der Beratungsfolge.",
                Kind::Text,
            ),
        ],
    },
    Group {
        path: "projekt",
        title: "Projekt",
        list: false,
        entry: "",
        fields: &[
            f(
                "titel",
                "Titel",
                "Im Nominativ mit Artikel: „die Erarbeitung einer Integrationsstrategie“.",
                Kind::Text,
            ),
            f(
                "gegenstand",
                "Gegenstand",
                "Woran gearbeitet wird, im Nominativ mit Artikel.",
                Kind::Text,
            ),
            f(
                "ziel",
                "Ziel",
                "Das Ziel des Projekts, als Satzteil.",
                Kind::Long,
            ),
        ],
    },
    Group {
        path: "stelle",
        title: "Stelle",
        list: false,
        entry: "",
        fields: &[
            f("person", "Person", "Wer die Stelle besetzt.", Kind::Text),
            f(
                "traeger",
                "Träger",
                "Im Nominativ mit Artikel: „das Regionale Diakonische Werk Bergstraße“.",
                Kind::Text,
            ),
            f(
                "beginn",
                "Beginn",
                "Seit wann die Stelle besetzt ist.",
                Kind::Date,
            ),
            f(
                "abstimmung",
                "Abstimmung mit",
                "Mit wem die Stelle sich abstimmt, im Nominativ mit Artikel.",
                Kind::Text,
            ),
            f(
                "stellenanteil",
                "Stellenanteil (%)",
                "Prozent einer vollen Stelle, z. B. 25.",
                Kind::Number,
            ),
        ],
    },
    Group {
        path: "foerderung",
        title: "Förderung",
        list: false,
        entry: "",
        fields: &[
            f(
                "programm",
                "Programm",
                "Im Nominativ mit Artikel: „das Hessische Landesprogramm …“.",
                Kind::Text,
            ),
            f(
                "beginn",
                "Beginn",
                "Beginn des Förderzeitraums.",
                Kind::Date,
            ),
            f("ende", "Ende", "Ende des Förderzeitraums.", Kind::Date),
        ],
    },
    Group {
        path: "befragungen",
        title: "Befragungen",
        list: false,
        entry: "",
        fields: &[
            f(
                "zeitraum",
                "Zeitraum",
                "z. B. „in den vergangenen sechs Monaten“.",
                Kind::Text,
            ),
            f(
                "zweck",
                "Zweck",
                "Ein Satzteil mit „um … zu …“.",
                Kind::Long,
            ),
            f(
                "schwerpunkt",
                "Schwerpunkt",
                "Adjektiv, z. B. „qualitativen“.",
                Kind::Text,
            ),
        ],
    },
    Group {
        path: "befragungen.gruppen",
        title: "Befragte Gruppen",
        list: true,
        entry: "Gruppe",
        fields: &[
            f(
                "name",
                "Gruppe",
                "Im Nominativ mit Artikel: „die Ehrenamtlichen“.",
                Kind::Text,
            ),
            f(
                "status",
                "Status",
                "abgeschlossen, laufend oder geplant.",
                Kind::Select(Choices::Fixed(&Status::NAMES)),
            ),
            f(
                "wann",
                "Wann",
                "Für geplante Befragungen, z. B. „im Frühjahr 2023“.",
                Kind::Text,
            ),
            f(
                "datum",
                "Datum",
                "Optional: wann die Befragung stattfand.",
                Kind::Date,
            ),
        ],
    },
    Group {
        path: "meilensteine",
        title: "Meilensteine",
        list: true,
        entry: "Meilenstein",
        fields: &[
            f(
                "titel",
                "Titel",
                "Kurzer Titel des Meilensteins.",
                Kind::Text,
            ),
            f(
                "art",
                "Art",
                "Bestimmt den Satz, den sachstand bildet.",
                Kind::Select(Choices::Fixed(&Art::NAMES)),
            ),
            f(
                "status",
                "Status",
                "geplant, laufend oder abgeschlossen.",
                Kind::Select(Choices::Fixed(&Status::NAMES)),
            ),
            f(
                "gegenstand",
                "Gegenstand",
                "Im Nominativ mit Artikel.",
                Kind::Text,
            ),
            f(
                "wann",
                "Wann",
                "Für geplante Meilensteine, z. B. „im Herbst 2023“.",
                Kind::Text,
            ),
            f("datum", "Datum", "Wann es geschah.", Kind::Date),
            f(
                "zweck",
                "Zweck",
                "Optional: ein Satzteil mit „um … zu …“.",
                Kind::Text,
            ),
            f(
                "ergebnis",
                "Ergebnis",
                "Optional: ein ganzer Satz zum Ergebnis.",
                Kind::Long,
            ),
        ],
    },
    Group {
        path: "abschnitte",
        title: "Abschnitte",
        list: true,
        entry: "Abschnitt",
        fields: &[
            f("ueberschrift", "Überschrift", "Optional.", Kind::Text),
            f(
                "text",
                "Text",
                "Absätze durch eine Leerzeile trennen.",
                Kind::Long,
            ),
        ],
    },
    Group {
        path: "beschluss",
        title: "Beschluss",
        list: false,
        entry: "",
        fields: &[f(
            "vorschlag",
            "Beschlussvorschlag",
            "Der Text, über den das Gremium beschließt.",
            Kind::Long,
        )],
    },
    Group {
        path: "unterschriften",
        title: "Unterschriften",
        list: true,
        entry: "Unterschrift",
        fields: &[f(
            "name",
            "Name",
            "Leer: die Unterzeichnenden aus sachstand.toml.",
            Kind::Text,
        )],
    },
];

/// The label of the field at a concrete key path (`beratungsfolge[2].termin` → "Termin").
pub fn label_of(path: &str) -> Option<&'static str> {
    let generic = generic_path(path);
    GROUPS.iter().find_map(|g| {
        g.fields.iter().find_map(|field| {
            let full = full_path(g, field.path);
            (full == generic).then_some(field.label)
        })
    })
}

/// How the page names the place at `path`: the field's label, or for a whole list entry its
/// name and number (`beratungsfolge[3]` → "Beratung 3").
pub fn describe(path: &str) -> Option<String> {
    if let Some(label) = label_of(path) {
        return Some(label.to_owned());
    }
    let (list, rest) = path.rsplit_once('[')?;
    let n: usize = rest.strip_suffix(']')?.parse().ok()?;
    list_at(list).map(|g| format!("{} {n}", g.entry))
}

/// The field's full generic path (`beratungsfolge[].termin`).
pub fn full_path(group: &Group, field: &str) -> String {
    match (group.path.is_empty(), group.list) {
        (true, _) => field.to_owned(),
        (false, true) => format!("{}[].{field}", group.path),
        (false, false) => format!("{}.{field}", group.path),
    }
}

/// `beratungsfolge[2].termin` → `beratungsfolge[].termin`.
pub fn generic_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// The field described at a concrete key path, if the schema knows it.
pub fn field_at(path: &str) -> Option<&'static Field> {
    let generic = generic_path(path);
    GROUPS
        .iter()
        .flat_map(|g| g.fields.iter().map(move |field| (g, field)))
        .find(|(g, field)| full_path(g, field.path) == generic)
        .map(|(_, field)| field)
}

/// The list group at `path` (`beratungsfolge`), if it is one.
pub fn list_at(path: &str) -> Option<&'static Group> {
    GROUPS.iter().find(|g| g.list && g.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concrete_paths_find_their_field() {
        assert_eq!(label_of("beratungsfolge[2].termin"), Some("Termin"));
        assert_eq!(label_of("kopf.federfuehrung"), Some("Federführung"));
        assert_eq!(
            field_at("befragungen.gruppen[3].status").map(|f| f.kind),
            Some(Kind::Select(Choices::Fixed(&Status::NAMES)))
        );
        assert!(field_at("kopf.unbekannt").is_none());
        assert_eq!(describe("beratungsfolge[3]").as_deref(), Some("Beratung 3"));
        assert_eq!(describe("kopf.datum").as_deref(), Some("Datum"));
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
}
