//! The form's words for a field: what to do to fill it in ("Tragen Sie die Produktnummer
//! ein."), and which fields of a report still wait for a value (`unfilled`).
//!
//! The editor says everything about a field through here, by key path; the CLI keeps the
//! file's words (keys, `datum = JJJJ-MM-TT`). A field without its own phrase is asked for by
//! its label ("Füllen Sie „Konto“ aus.").

use toml_edit::{DocumentMut, Item};

use super::{Field, GROUPS, Kind, PHRASE_PARTS, describe, field_at, generic_path};
use crate::report::key_path::{KeyPath, Step};

/// What a field asks for, in the accusative with its article, by generic key path.
const WHAT: &[(&str, &str)] = &[
    ("vorlage", "die Vorlagenart"),
    ("kopf.produkt", "die Produktnummer"),
    ("kopf.federfuehrung", "die federführende Stelle"),
    (
        "kopf.bearbeitung",
        "den Namen der Bearbeiterin oder des Bearbeiters",
    ),
    ("kopf.datum", "das Datum der Vorlage"),
    ("kopf.nummer", "die Vorlagen-Nr."),
    ("kopf.betreff", "den Betreff"),
    ("kopf.stadt", "den Namen der Stadt"),
    ("auftrag.gremium", "das beauftragende Gremium"),
    ("auftrag.beschluss", "das Datum des Beschlusses"),
    ("beratungsfolge[].gremium", "das Gremium"),
    ("beratungsfolge[].termin", "den Sitzungstermin"),
    ("projekt.titel", "den Titel des Projekts"),
    ("projekt.gegenstand", "den Gegenstand des Projekts"),
    ("projekt.ziel", "das Ziel des Projekts"),
    ("stelle.person", "die Person auf der Stelle"),
    ("stelle.traeger", "den Träger der Stelle"),
    ("stelle.beginn", "den Beginn der Stelle"),
    ("stelle.abstimmung", "mit wem die Stelle sich abstimmt"),
    ("stelle.stellenanteil", "den Stellenanteil in Prozent"),
    ("foerderung.programm", "das Förderprogramm"),
    ("foerderung.beginn", "den Beginn des Förderzeitraums"),
    ("foerderung.ende", "das Ende des Förderzeitraums"),
    ("befragungen.zeitraum", "den Zeitraum der Befragungen"),
    ("befragungen.zweck", "den Zweck der Befragungen"),
    ("befragungen.schwerpunkt", "den Schwerpunkt der Befragungen"),
    ("befragungen.gruppen[].name", "die befragte Gruppe"),
    ("befragungen.gruppen[].status", "den Status der Befragung"),
    ("meilensteine[].titel", "den Titel des Meilensteins"),
    ("meilensteine[].art", "die Art des Meilensteins"),
    ("meilensteine[].status", "den Status des Meilensteins"),
    (
        "meilensteine[].gegenstand",
        "den Gegenstand des Meilensteins",
    ),
    ("meilensteine[].datum", "das Datum"),
    ("taetigkeiten[].text", "den Text der Tätigkeit"),
    ("abschnitte[].text", "den Text des Abschnitts"),
    ("beschluss.vorschlag", "den Beschlussvorschlag"),
    ("beschluss.begruendung", "die Begründung"),
    ("finanzen[].produkt", "die Produktnummer des Postens"),
    ("finanzen[].konto", "das Konto"),
    ("finanzen[].haushaltsjahr", "das Haushaltsjahr"),
    ("finanzen[].betrag", "den Betrag"),
    ("finanzen[].deckung", "die Deckung"),
    ("mitteilung.text", "den Text der Mitteilung"),
    ("unterschriften[].name", "den Namen"),
];

/// The field a form shows for the value at `path`: a list of texts for one of its entries
/// (`beschluss.begruendung[2]` → the Begründung), the field itself otherwise.
fn owner(path: &str) -> (String, Option<&'static Field>) {
    if let Some(list) = path.strip_suffix(']').and_then(|p| p.rsplit_once('[')) {
        let field = super::lines_at(list.0);
        if field.is_some() {
            return (list.0.to_owned(), field);
        }
    }
    (path.to_owned(), field_at(path))
}

/// How the form names the field at `path` in a sentence: the label of the field, of a list of
/// texts for one of its entries ("Begründung, Absatz 2"), of a phrase's form ("Titel, Genitiv").
/// A field of a list entry says which entry: "Termin (Beratung 2)".
pub fn name(path: &str) -> Option<String> {
    let (owner_path, owner_field) = owner(path);
    let name = match (owner_path != path, owner_field) {
        (true, Some(field)) => format!("{}, {}", field.label, describe(path).unwrap_or_default()),
        _ => describe(path)?,
    };
    Some(match entry_of(path) {
        Some(entry) if entry != name => format!("{name} ({entry})"),
        _ => name,
    })
}

/// The list entry a field below it belongs to: `beratungsfolge[2].termin` → "Beratung 2".
fn entry_of(path: &str) -> Option<String> {
    let close = path.find("].")?;
    describe(&path[..=close])
}

/// What to do to fill the field at `path`, as one German sentence: "Tragen Sie die
/// Produktnummer ein.", "Wählen Sie das Gremium.", a date with the form's format.
pub fn prompt(path: &str) -> String {
    let (owner_path, field) = owner(path);
    let generic = generic_path(&owner_path);
    let what = WHAT
        .iter()
        .find(|(p, _)| *p == generic)
        .map(|(_, w)| (*w).to_owned());
    let label = name(path).unwrap_or_else(|| path.to_owned());
    let Some(field) = field else {
        return format!("Füllen Sie „{label}“ aus.");
    };
    match (field.kind, what) {
        (Kind::Select(_) | Kind::Bool { .. }, Some(what)) => format!("Wählen Sie {what}."),
        (Kind::Select(_) | Kind::Bool { .. }, None) => format!("Wählen Sie „{label}“."),
        (Kind::Date, Some(what)) => format!("Tragen Sie {what} ein (TT.MM.JJJJ)."),
        (Kind::Lines { entry, .. }, Some(what)) if owner_path != path => {
            format!("Schreiben Sie {what} in den {entry} oder entfernen Sie ihn.")
        }
        (_, Some(what)) if what.starts_with("mit ") => format!("Tragen Sie ein, {what}."),
        (_, Some(what)) => format!("Tragen Sie {what} ein."),
        (_, None) => format!("Füllen Sie „{label}“ aus."),
    }
}

/// Where the field at `path` stands in the form, for sorting: its group's place in the
/// format, its entry's number, the field's place in the group. `None` for a path the form does
/// not show.
pub fn form_order(path: &str) -> Option<(usize, usize, usize)> {
    let generic = generic_path(&owner(path).0);
    GROUPS.iter().enumerate().find_map(|(g, group)| {
        let field = group
            .fields
            .iter()
            .position(|f| generic.starts_with(&super::full_path(group, f.path)))?;
        let entry = match group.list {
            true => path
                .strip_prefix(group.path)
                .and_then(|rest| rest.strip_prefix('['))
                .and_then(|rest| rest.split(']').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0),
            false => 0,
        };
        Some((g, entry, field))
    })
}

/// One field that still waits for a value.
#[derive(Debug, Clone)]
pub struct Unfilled {
    /// Its concrete key path (`beratungsfolge[2].termin`, `beschluss.begruendung[1]`).
    pub path: String,
    /// Its description (a list of texts for one of its entries, a phrase's nominative).
    pub field: &'static Field,
    /// The label of the field as the form shows it (`Begründung` for one of its paragraphs,
    /// `Titel` for the nominative of the Titel).
    pub label: &'static str,
}

fn get<'a>(doc: &'a DocumentMut, path: &str) -> Option<&'a Item> {
    KeyPath::steps(path)?
        .iter()
        .try_fold(doc.as_item(), |item, s| match s {
            Step::Key(k) => item.get(k.as_str()),
            Step::Index(i) => item.get(i - 1),
        })
}

fn blank(item: &Item) -> bool {
    item.as_str().is_some_and(|s| s.trim().is_empty())
}

/// Every field of `doc` that still waits for a value, in the order of the format: a required
/// field that is missing, and any text left empty (`""`, as the skeletons have them; an empty
/// Bemerkung is allowed). Only tables the report has count, and `kopf` always.
pub fn unfilled(doc: &DocumentMut) -> Vec<Unfilled> {
    let mut out = Vec::new();
    for group in GROUPS {
        let prefixes: Vec<String> = match (group.path.is_empty(), group.list) {
            (true, _) => vec![String::new()],
            (false, true) => {
                let n = match get(doc, group.path) {
                    Some(Item::ArrayOfTables(a)) => a.len(),
                    _ => 0,
                };
                (1..=n).map(|i| format!("{}[{i}].", group.path)).collect()
            }
            (false, false) if group.path == "kopf" || get(doc, group.path).is_some() => {
                vec![format!("{}.", group.path)]
            }
            (false, false) => Vec::new(),
        };
        for prefix in &prefixes {
            for field in group.fields {
                let path = format!("{prefix}{}", field.path);
                fields_of(doc, field, path, &mut out);
            }
        }
    }
    out
}

/// The unfilled places of one field: itself, a phrase's nominative, a list's entries.
fn fields_of(doc: &DocumentMut, field: &'static Field, path: String, out: &mut Vec<Unfilled>) {
    let found = get(doc, &path);
    let optional_text = field.path == "bemerkungen";
    match (found, field.kind) {
        (None, _) if field.required => out.push(Unfilled {
            path,
            field,
            label: field.label,
        }),
        (None, _) => {}
        (Some(item), Kind::Lines { .. }) => match item.as_array() {
            Some(list) if list.is_empty() && field.required => out.push(Unfilled {
                path,
                field,
                label: field.label,
            }),
            Some(list) => {
                for (i, v) in list.iter().enumerate() {
                    if v.as_str().is_some_and(|s| s.trim().is_empty()) {
                        out.push(Unfilled {
                            path: format!("{path}[{}]", i + 1),
                            field,
                            label: field.label,
                        });
                    }
                }
            }
            None => {}
        },
        (Some(item), Kind::Phrase) if item.is_table_like() => {
            let nominativ = &PHRASE_PARTS[0];
            let part = format!("{path}.{}", nominativ.path);
            if get(doc, &part).is_none_or(blank) {
                out.push(Unfilled {
                    path: part,
                    field: nominativ,
                    label: field.label,
                });
            }
        }
        (Some(item), _) if blank(item) && !optional_text => out.push(Unfilled {
            path,
            field,
            label: field.label,
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format_schema::full_path;

    fn required_paths() -> Vec<String> {
        GROUPS
            .iter()
            .flat_map(|g| {
                g.fields
                    .iter()
                    .filter(|f| f.required)
                    .map(move |f| full_path(g, f.path))
            })
            .collect()
    }

    #[test]
    fn prompts_speak_of_the_form() {
        assert_eq!(prompt("kopf.produkt"), "Tragen Sie die Produktnummer ein.");
        assert_eq!(
            prompt("beratungsfolge[2].gremium"),
            "Wählen Sie das Gremium."
        );
        assert_eq!(
            prompt("beratungsfolge[1].termin"),
            "Tragen Sie den Sitzungstermin ein (TT.MM.JJJJ)."
        );
        assert_eq!(
            prompt("beschluss.begruendung[1]"),
            "Schreiben Sie die Begründung in den Absatz oder entfernen Sie ihn."
        );
        assert_eq!(
            name("beschluss.begruendung[2]").as_deref(),
            Some("Begründung, Absatz 2")
        );
        assert_eq!(
            name("beratungsfolge[2].termin").as_deref(),
            Some("Termin (Beratung 2)")
        );
        assert_eq!(name("beratungsfolge[2]").as_deref(), Some("Beratung 2"));
        assert_eq!(prompt("finanzen[1].konto"), "Tragen Sie das Konto ein.");
        assert!(form_order("kopf.produkt") < form_order("beratungsfolge[1].gremium"));
        assert!(form_order("beratungsfolge[1].termin") < form_order("beratungsfolge[2].gremium"));
        assert!(form_order("projekt.titel.nominativ").is_some());
        for p in required_paths() {
            assert!(!prompt(&p.replace("[]", "[1]")).contains('`'), "{p}");
        }
    }

    #[test]
    fn empty_and_missing_fields_are_unfilled() {
        let doc: DocumentMut = "vorlage = \"beschlussvorlage\"\n[kopf]\nprodukt = \"\"\nfederfuehrung = \"A\"\nbearbeitung = \"B\"\ndatum = 2023-01-01\nbetreff = \"\"\n\n[[beratungsfolge]]\ntermin = 2023-02-01\nbemerkungen = \"\"\n\n[beschluss]\nbegruendung = [\"a\", \"\"]\n"
            .parse()
            .unwrap_or_default();
        let paths: Vec<String> = unfilled(&doc).into_iter().map(|u| u.path).collect();
        assert_eq!(
            paths,
            [
                "kopf.produkt",
                "kopf.betreff",
                "beratungsfolge[1].gremium",
                "beschluss.vorschlag",
                "beschluss.begruendung[2]"
            ]
        );
    }
}
