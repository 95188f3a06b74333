//! The JSON Schema (draft-07) of a report file, generated from the format's description, for
//! editors with a TOML language server (taplo / Even Better TOML) and for `check-jsonschema`.
//!
//! Invariants: it accepts every file the loader accepts and refuses the unknown keys the
//! loader refuses (`additionalProperties: false` wherever the model denies unknown fields).
//! TOML dates reach JSON Schema validators as strings (`2022-11-16`), so a date is a string
//! with that pattern. Checks beyond the loader's (Vorlagenart, register) stay with `check`,
//! except the Vorlagenart, which is closed like `check` closes it.

use serde_json::{Map, Value, json};

use super::{ANLAGE_PARTS, Choices, Field, GROUPS, Group, Kind, PHRASE_PARTS, REQUIRED_TABLES};

/// The JSON Schema draft the schema follows (taplo and check-jsonschema both read it).
pub const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// The file name `init` and `new` give the schema in a project's root.
pub const FILE_NAME: &str = "sachstand.schema.json";

/// A date as a TOML language server and check-jsonschema hand it to the schema.
pub const DATE_PATTERN: &str = r"^\d{4}-\d{2}-\d{2}$";

/// What the schema needs besides the format: the project's choices.
#[derive(Debug, Clone, Default)]
pub struct SchemaContext {
    /// The Vorlagenarten of the template set (an enum).
    pub vorlagenarten: Vec<String>,
    /// The register's Gremien as (key, name): offered, not enforced (`check` warns).
    pub gremien: Vec<(String, String)>,
}

/// The whole schema, pretty-printed with a final newline (the bytes `sachstand schema` writes).
pub fn text(ctx: &SchemaContext) -> String {
    let mut out = serde_json::to_string_pretty(&schema(ctx)).unwrap_or_default();
    out.push('\n');
    out
}

/// The whole schema.
pub fn schema(ctx: &SchemaContext) -> Value {
    let mut root = object_schema(
        "Bericht für sachstand",
        "Eine Vorlage (Sachstandsbericht, Beschluss- oder Mitteilungsvorlage) für `sachstand render`.",
    );
    for group in GROUPS {
        insert_group(&mut root, group, ctx);
    }
    let mut out = Map::new();
    out.insert("$schema".into(), json!(DRAFT));
    if let Value::Object(map) = root {
        out.extend(map);
    }
    Value::Object(out)
}

/// `{type: object, additionalProperties: false}` with a title, no properties yet.
fn object_schema(title: &str, description: &str) -> Value {
    let mut map = Map::new();
    map.insert("title".into(), json!(title));
    if !description.is_empty() {
        map.insert("description".into(), json!(description));
    }
    map.insert("type".into(), json!("object"));
    map.insert("additionalProperties".into(), json!(false));
    map.insert("properties".into(), json!({}));
    map.insert("required".into(), json!([]));
    Value::Object(map)
}

/// Adds `key` to the `required` list of an object schema.
fn require(object: &mut Value, key: &str) {
    if let Some(Value::Array(list)) = object.get_mut("required") {
        list.push(json!(key));
    }
}

/// The object schema at `path` below `root` (through arrays' `items`), if it exists.
fn object_at<'a>(root: &'a mut Value, path: &[&str]) -> Option<&'a mut Value> {
    let mut node = root;
    for key in path {
        node = node.get_mut("properties")?.get_mut(*key)?;
        if node.get("type") == Some(&json!("array")) {
            node = node.get_mut("items")?;
        }
    }
    Some(node)
}

fn insert_group(root: &mut Value, group: &Group, ctx: &SchemaContext) {
    let mut object = object_schema(if group.list { group.entry } else { group.title }, "");
    for field in group.fields {
        if let Some(Value::Object(props)) = object.get_mut("properties") {
            props.insert(field.path.to_owned(), field_schema(field, ctx));
        }
        if field.required {
            require(&mut object, field.path);
        }
    }
    if group.path.is_empty() {
        // Top-level keys: the fields go into the root itself.
        if let (Some(Value::Object(into)), Some(Value::Object(from))) =
            (root.get_mut("properties"), object.get("properties"))
        {
            into.extend(from.clone());
        }
        for field in group.fields.iter().filter(|f| f.required) {
            require(root, field.path);
        }
        return;
    }
    let steps: Vec<&str> = group.path.split('.').collect();
    let Some((key, parents)) = steps.split_last() else {
        return;
    };
    let value = if group.list {
        json!({
            "title": group.title,
            "description": format!("Eine Liste: je {} ein [[{}]].", group.entry, group.path),
            "type": "array",
            "items": object,
        })
    } else {
        object
    };
    let Some(parent) = object_at(root, parents) else {
        return;
    };
    if let Some(Value::Object(props)) = parent.get_mut("properties") {
        props.insert((*key).to_owned(), value);
    }
    if !group.list && REQUIRED_TABLES.contains(&group.path) {
        require(parent, key);
    }
}

/// The schema of one field, with its German title and help text.
fn field_schema(field: &Field, ctx: &SchemaContext) -> Value {
    let mut map = match value_schema(field, ctx) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    map.insert("title".into(), json!(field.label));
    if !field.help.is_empty() {
        let help = match map.remove("description") {
            Some(Value::String(more)) => format!("{} {more}", field.help),
            _ => field.help.to_owned(),
        };
        map.insert("description".into(), json!(help));
    }
    Value::Object(map)
}

fn value_schema(field: &Field, ctx: &SchemaContext) -> Value {
    match field.kind {
        Kind::Text | Kind::Long => json!({ "type": "string" }),
        Kind::Date => json!({
            "type": "string",
            "pattern": DATE_PATTERN,
            "description": "Als TOML-Datum ohne Anführungszeichen: JJJJ-MM-TT.",
        }),
        Kind::Number | Kind::Amount => json!({ "type": "number" }),
        Kind::Bool { .. } => json!({ "type": "boolean" }),
        Kind::Integer => json!({ "type": "integer" }),
        Kind::Select(Choices::Fixed(names)) => json!({ "type": "string", "enum": names }),
        Kind::Select(Choices::Vorlagenarten) => {
            json!({ "type": "string", "enum": ctx.vorlagenarten })
        }
        Kind::Select(Choices::Gremien) => gremium_schema(ctx),
        Kind::Phrase => phrase_schema(),
        Kind::Lines { files: true, .. } => anlagen_schema(),
        Kind::Lines { .. } => json!({ "type": "array", "items": { "type": "string" } }),
    }
}

/// Any text (a key, a name, or a phrase with its article); the register's keys are offered.
fn gremium_schema(ctx: &SchemaContext) -> Value {
    if ctx.gremien.is_empty() {
        return json!({ "type": "string" });
    }
    let known: Vec<String> = ctx
        .gremien
        .iter()
        .map(|(key, name)| format!("„{key}“ ({name})"))
        .collect();
    let keys: Vec<&String> = ctx.gremien.iter().map(|(key, _)| key).collect();
    json!({
        "type": "string",
        "examples": keys,
        "description": format!("Im Gremienverzeichnis: {}.", known.join(", ")),
    })
}

/// A list of Anlagen: each a title, or a table of title and file.
fn anlagen_schema() -> Value {
    let mut table = object_schema(
        "Mit Datei",
        "Titel und Datei; die Seiten der Datei werden dem PDF angehängt.",
    );
    for part in ANLAGE_PARTS {
        if let Some(Value::Object(props)) = table.get_mut("properties") {
            props.insert(
                part.path.to_owned(),
                field_schema(part, &SchemaContext::default()),
            );
        }
        if part.required {
            require(&mut table, part.path);
        }
    }
    json!({
        "type": "array",
        "items": {
            "anyOf": [
                { "type": "string", "title": "Nur der Titel" },
                table,
            ],
        },
        "description": "Ein Eintrag ist ein Titel (\"Lageplan\") oder eine Tabelle mit Titel und Datei: { titel = \"Kostenschätzung\", datei = \"../anlagen/kostenschaetzung.pdf\" }.",
    })
}

/// A phrase: text in the nominative, or a table of its forms.
fn phrase_schema() -> Value {
    let mut table = object_schema(
        "Mit eigenen Formen",
        "Die Formen, die die Regeln nicht richtig bilden.",
    );
    for part in PHRASE_PARTS {
        if let Some(Value::Object(props)) = table.get_mut("properties") {
            props.insert(
                part.path.to_owned(),
                field_schema(part, &SchemaContext::default()),
            );
        }
        if part.required {
            require(&mut table, part.path);
        }
    }
    json!({
        "anyOf": [
            { "type": "string", "title": "Im Nominativ mit Artikel" },
            table,
        ],
        "description": "Oder als Tabelle: { nominativ = \"…\", dativ = \"…\" }.",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format_schema::all_fields;

    fn ctx() -> SchemaContext {
        SchemaContext {
            vorlagenarten: vec!["sachstandsbericht".into(), "beschlussvorlage".into()],
            gremien: vec![("stvv".into(), "Stadtverordnetenversammlung".into())],
        }
    }

    /// The schema node of a generic field path (`beratungsfolge[].termin`).
    fn node<'a>(schema: &'a Value, path: &str) -> Option<&'a Value> {
        let mut node = schema;
        for part in path.split('.') {
            let (key, list) = match part.strip_suffix("[]") {
                Some(key) => (key, true),
                None => (part, false),
            };
            node = node.get("properties")?.get(key)?;
            if list {
                node = node.get("items")?;
            }
        }
        Some(node)
    }

    #[test]
    fn every_field_of_the_form_is_in_the_schema_with_its_label() {
        let schema = schema(&ctx());
        let mut count = 0;
        for (path, field) in all_fields() {
            let found = node(&schema, &path);
            assert_eq!(
                found.and_then(|n| n.get("title")),
                Some(&json!(field.label)),
                "{path}"
            );
            count += 1;
        }
        assert!(count > 50, "{count}");
    }

    #[test]
    fn tables_refuse_unknown_keys_and_know_what_is_required() {
        let schema = schema(&ctx());
        assert_eq!(schema["additionalProperties"], json!(false));
        assert_eq!(schema["required"], json!(["vorlage", "kopf"]));
        let kopf = &schema["properties"]["kopf"];
        assert_eq!(kopf["additionalProperties"], json!(false));
        assert_eq!(
            kopf["required"],
            json!(["produkt", "federfuehrung", "bearbeitung", "datum"])
        );
        let gruppe = &schema["properties"]["befragungen"]["properties"]["gruppen"]["items"];
        assert_eq!(gruppe["additionalProperties"], json!(false));
        assert_eq!(gruppe["required"], json!(["name", "status"]));
        assert_eq!(
            schema["properties"]["vorlage"]["enum"],
            json!(["sachstandsbericht", "beschlussvorlage"])
        );
        assert_eq!(
            schema["properties"]["kopf"]["properties"]["datum"]["pattern"],
            json!(DATE_PATTERN)
        );
        assert_eq!(
            schema["properties"]["auftrag"]["properties"]["gremium"]["examples"],
            json!(["stvv"])
        );
    }

    #[test]
    fn an_anlage_is_a_title_or_a_table_with_its_file() {
        let schema = schema(&ctx());
        let items = &schema["properties"]["beschluss"]["properties"]["anlagen"]["items"];
        assert_eq!(items["anyOf"][0]["type"], json!("string"));
        let table = &items["anyOf"][1];
        assert_eq!(table["additionalProperties"], json!(false));
        assert_eq!(table["required"], json!(["titel", "datei"]));
        let datei = table["properties"]["datei"]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(datei.contains("relativ zu diesem Bericht"), "{datei}");
        assert!(datei.contains("PDF, PNG, JPEG oder SVG"), "{datei}");
        assert_eq!(
            schema["properties"]["mitteilung"]["properties"]["anlagen"],
            schema["properties"]["beschluss"]["properties"]["anlagen"]
        );
    }
}
