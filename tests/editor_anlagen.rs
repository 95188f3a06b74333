//! Anlagen with their files in the editor (issue 25, point 1), over HTTP against the real
//! binary: an uploaded PNG lands in the project's `anlagen/` folder and the entry becomes
//! `{ titel, datei }` with the rest of the file as it was; a second file of the same name gets
//! `-2` and leaves the first untouched; a program or a Word file named `.pdf` and a body over
//! the limit are refused in German with nothing written; an existing file is chosen, a file
//! outside the folder is not; removing the file makes the entry a title again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::root;
use serde_json::{Value, json};

const REPORT: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";

/// The first Anlage of the report as written there.
const ERSTE: &str = "\"Kostenplan der Interkulturellen Wochen 2023\"";

/// A PNG of one grey pixel.
const PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00\x3a\x7e\x9b\x55\x00\x00\x00\x0a\x49\x44\x41\x54\x78\x9c\x63\x68\x00\x00\x00\x82\x00\x81\x77\xcd\x72\xb6\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

/// A copy of the project's settings and reports.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(root().join("sachstand.toml"), d.join("sachstand.toml")).unwrap();
    std::fs::create_dir(d.join("reports")).unwrap();
    for entry in std::fs::read_dir(root().join("reports")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, d.join("reports").join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// The errors of the report text `toml` against the project's JSON Schema
/// (`sachstand.schema.json`, checked with the `jsonschema` crate; dates as their text).
fn schema_errors(toml: &str) -> Vec<String> {
    fn as_json(value: toml::Value) -> Value {
        match value {
            toml::Value::String(s) => Value::String(s),
            toml::Value::Integer(i) => Value::from(i),
            toml::Value::Float(f) => Value::from(f),
            toml::Value::Boolean(b) => Value::Bool(b),
            toml::Value::Datetime(d) => Value::String(d.to_string()),
            toml::Value::Array(items) => Value::Array(items.into_iter().map(as_json).collect()),
            toml::Value::Table(t) => {
                Value::Object(t.into_iter().map(|(k, v)| (k, as_json(v))).collect())
            }
        }
    }
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("sachstand.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options().build(&schema).unwrap();
    let value = as_json(toml::Value::Table(toml.parse::<toml::Table>().unwrap()));
    validator
        .iter_errors(&value)
        .map(|e| format!("{e} ({})", e.instance_path()))
        .collect()
}

struct Editor {
    editor: common::Editor,
    agent: ureq::Agent,
    dir: PathBuf,
}

impl Editor {
    fn start(dir: &Path) -> Self {
        Self {
            editor: common::serve_editor(dir, &[]),
            agent: common::http_agent(),
            dir: dir.to_path_buf(),
        }
    }

    fn page(&self) -> String {
        let mut r = self
            .agent
            .get(format!("{}/bericht/{REPORT}", self.editor.base))
            .header("Cookie", self.editor.cookie())
            .call()
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        r.body_mut().read_to_string().unwrap()
    }

    fn hash(&self) -> String {
        let page = self.page();
        let at = page.find("data-hash=\"").unwrap() + "data-hash=\"".len();
        page[at..at + 64].to_owned()
    }

    fn text(&self) -> String {
        std::fs::read_to_string(self.dir.join(REPORT)).unwrap()
    }

    /// The files of the project's `anlagen/` folder, by name.
    fn anlagen(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.dir.join("anlagen")) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Uploads `bytes` as `name` for Anlage `index`, as the page does; status and answer.
    fn upload(&self, index: usize, name: &str, bytes: &[u8], origin: bool) -> (u16, Value) {
        let mut request = self
            .agent
            .post(format!("{}/anlage/{REPORT}", self.editor.base))
            .query("hash", self.hash())
            .query("liste", "beschluss.anlagen")
            .query("index", index.to_string())
            .query("name", name)
            .header("Content-Type", "application/octet-stream")
            .header("Cookie", self.editor.cookie());
        if origin {
            request = request.header("Origin", &self.editor.base);
        }
        let mut r = request.send(bytes).unwrap();
        let status = r.status().as_u16();
        let text = r.body_mut().read_to_string().unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(json!({ "text": text })),
        )
    }

    /// Saves `value` into field `name` as the form does; status and answer.
    fn save(&self, name: &str, value: &str) -> (u16, Value) {
        let body = json!({ "hash": self.hash(), "name": name, "value": value });
        let mut r = self
            .agent
            .post(format!("{}/feld/{REPORT}", self.editor.base))
            .header("Content-Type", "application/json")
            .header("Origin", &self.editor.base)
            .header("Cookie", self.editor.cookie())
            .send(body.to_string())
            .unwrap();
        let status = r.status().as_u16();
        let text = r.body_mut().read_to_string().unwrap();
        (status, serde_json::from_str(&text).unwrap())
    }
}

#[test]
fn an_uploaded_file_lands_in_anlagen_and_never_replaces_one() {
    let dir = project();
    let editor = Editor::start(dir.path());
    let before = editor.text();
    // The form offers a choice and an upload for each Anlage, each with its label.
    let page = editor.page();
    for expected in [
        "<select id=\"f-beschluss-anlagen-1--datei\" name=\"beschluss.anlagen[1].datei\"",
        "<label for=\"f-beschluss-anlagen-2--datei\">Datei von Anlage 2</label>",
        "<label for=\"f-beschluss-anlagen-2--datei-neu\" class=\"hochladen\">Oder eine neue Datei für Anlage 2 hochladen</label>",
        "– keine Datei, nur der Titel –",
    ] {
        assert!(page.contains(expected), "{expected}");
    }

    let (status, answer) = editor.upload(1, "Lageplan Süd.png", PNG, true);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["datei"], "../anlagen/lageplan-sued.png");
    assert_eq!(
        std::fs::read(dir.path().join("anlagen/lageplan-sued.png")).unwrap(),
        PNG
    );
    let table = "{ titel = \"Kostenplan der Interkulturellen Wochen 2023\", datei = \"../anlagen/lageplan-sued.png\" }";
    assert_eq!(editor.text(), before.replace(ERSTE, table), "comments kept");
    // The JSON Schema takes both forms, and no other key in the table.
    assert_eq!(schema_errors(&editor.text()), Vec::<String>::new());
    let extra = editor.text().replace(" }", ", seiten = 2 }");
    assert_eq!(schema_errors(&extra).len(), 1, "{extra}");
    // The new file is offered, and chosen in its entry (the page writes `/` as `&#x2f;`).
    assert!(editor.page().contains(
        "<option value=\"..&#x2f;anlagen&#x2f;lageplan-sued.png\" selected>lageplan-sued.png</option>"
    ));

    // Another file of the same name: a new name, the first file untouched.
    let other = [PNG, b"\x00anders"].concat();
    let (status, answer) = editor.upload(2, "Lageplan Süd.png", &other, true);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["datei"], "../anlagen/lageplan-sued-2.png");
    assert_eq!(
        editor.anlagen(),
        ["lageplan-sued-2.png", "lageplan-sued.png"]
    );
    assert_eq!(
        std::fs::read(dir.path().join("anlagen/lageplan-sued.png")).unwrap(),
        PNG
    );
    assert_eq!(
        std::fs::read(dir.path().join("anlagen/lageplan-sued-2.png")).unwrap(),
        other
    );
    assert!(
        editor
            .text()
            .contains("datei = \"../anlagen/lageplan-sued-2.png\" }")
    );

    // The same bytes once more: the file there is used, no third copy.
    let (status, answer) = editor.upload(2, "lageplan-sued.png", PNG, true);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["datei"], "../anlagen/lageplan-sued.png");
    assert_eq!(editor.anlagen().len(), 2);

    // A name with a path is reduced to its last part.
    let (status, answer) = editor.upload(1, "../../sachstand.png", &other, true);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["datei"], "../anlagen/sachstand.png");
    assert!(dir.path().join("anlagen/sachstand.png").is_file());

    // Without this server's origin nothing is stored.
    let (status, _) = editor.upload(1, "fremd.png", PNG, false);
    assert_eq!(status, 403);
    assert!(!dir.path().join("anlagen/fremd.png").exists());
}

#[test]
fn other_files_and_oversized_ones_are_refused_in_german() {
    let dir = project();
    let editor = Editor::start(dir.path());
    let before = editor.text();
    let programme = [b"MZ\x90\x00\x03\x00\x00\x00".as_slice(), &[0u8; 200]].concat();
    let word = [
        b"PK\x03\x04\x14\x00\x06\x00".as_slice(),
        b"[Content_Types].xml word/document.xml",
    ]
    .concat();
    for (name, bytes) in [("vertrag.pdf", &programme), ("stellungnahme.pdf", &word)] {
        let (status, answer) = editor.upload(1, name, bytes, true);
        assert_eq!(status, 422, "{name}: {answer}");
        let text = answer["fehler"].as_str().unwrap();
        assert!(
            text.contains(&format!("„{name}“ ist weder PDF noch PNG, JPEG oder SVG"))
                && text.contains("speichern Sie das Dokument als PDF"),
            "{text}"
        );
    }
    // One byte over the limit.
    let limit = usize::try_from(sachstand::project::anlage::MAX_BYTES).unwrap();
    let mut huge = b"%PDF-1.7\n".to_vec();
    huge.resize(limit + 1, b' ');
    let (status, answer) = editor.upload(1, "riesig.pdf", &huge, true);
    assert_eq!(status, 413, "{answer}");
    let text = answer["fehler"].as_str().unwrap();
    assert!(
        text.contains("zu groß") && text.contains("höchstens 20 MB"),
        "{text}"
    );
    // An Anlage that is not there (any more): nothing stored.
    let (status, answer) = editor.upload(3, "plan.png", PNG, true);
    assert_eq!(status, 422, "{answer}");
    assert!(
        answer["fehler"]
            .as_str()
            .unwrap()
            .contains("die Anlage 3 gibt es nicht mehr")
    );
    assert!(editor.anlagen().is_empty(), "{:?}", editor.anlagen());
    assert_eq!(editor.text(), before);

    // A page that loaded an older state stores nothing.
    let stale = editor.hash();
    let (status, _) = editor.save("beschluss.anlagen[1]", "Kostenplan 2023");
    assert_eq!(status, 200);
    let r = editor
        .agent
        .post(format!("{}/anlage/{REPORT}", editor.editor.base))
        .query("hash", stale)
        .query("liste", "beschluss.anlagen")
        .query("index", "1")
        .query("name", "plan.png")
        .header("Origin", &editor.editor.base)
        .header("Cookie", editor.editor.cookie())
        .send(PNG)
        .unwrap();
    assert_eq!(r.status().as_u16(), 409);
    assert!(editor.anlagen().is_empty(), "{:?}", editor.anlagen());
}

#[test]
fn an_existing_file_is_chosen_renamed_and_removed() {
    let dir = project();
    std::fs::create_dir(dir.path().join("anlagen")).unwrap();
    std::fs::write(
        dir.path().join("anlagen/kostenschaetzung.pdf"),
        b"%PDF-1.7\n%%EOF\n",
    )
    .unwrap();
    // Not offered: a Word file, and a hidden file.
    std::fs::write(dir.path().join("anlagen/notiz.docx"), b"PK\x03\x04").unwrap();
    std::fs::write(dir.path().join("anlagen/.plan.png"), PNG).unwrap();
    let editor = Editor::start(dir.path());
    let before = editor.text();
    let page = editor.page();
    assert!(page.contains(
        "<option value=\"..&#x2f;anlagen&#x2f;kostenschaetzung.pdf\">kostenschaetzung.pdf</option>"
    ));
    assert!(!page.contains("notiz.docx") && !page.contains(".plan.png"));

    let (status, answer) = editor.save(
        "beschluss.anlagen[2].datei",
        "../anlagen/kostenschaetzung.pdf",
    );
    assert_eq!(status, 200, "{answer}");
    let with_file = before.replace(
        "\"Förderrichtlinien der Stadt Lampertheim für Zuschüsse an freie Träger\"",
        "{ titel = \"Förderrichtlinien der Stadt Lampertheim für Zuschüsse an freie Träger\", datei = \"../anlagen/kostenschaetzung.pdf\" }",
    );
    assert_eq!(editor.text(), with_file);

    // A new title keeps the file.
    let (status, _) = editor.save("beschluss.anlagen[2]", "Kostenschätzung");
    assert_eq!(status, 200);
    assert!(
        editor.text().contains(
            "{ titel = \"Kostenschätzung\", datei = \"../anlagen/kostenschaetzung.pdf\" }"
        )
    );

    // Moved up, the Anlage takes its file along.
    let body = json!({ "hash": editor.hash(), "liste": "beschluss.anlagen", "aktion": "hoch", "index": 2 });
    let r = editor
        .agent
        .post(format!("{}/liste/{REPORT}", editor.editor.base))
        .header("Content-Type", "application/json")
        .header("Origin", &editor.editor.base)
        .header("Cookie", editor.editor.cookie())
        .send(body.to_string())
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let moved = editor.text();
    let table = moved.find("{ titel = \"Kostenschätzung\"").unwrap();
    assert!(table < moved.find(ERSTE).unwrap(), "{moved}");
    let body = json!({ "hash": editor.hash(), "liste": "beschluss.anlagen", "aktion": "runter", "index": 1 });
    let r = editor
        .agent
        .post(format!("{}/liste/{REPORT}", editor.editor.base))
        .header("Content-Type", "application/json")
        .header("Origin", &editor.editor.base)
        .header("Cookie", editor.editor.cookie())
        .send(body.to_string())
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);

    // Only the files the form offers: not the settings, not one outside the project.
    for outside in [
        "../sachstand.toml",
        "../../etc/passwd",
        "../anlagen/notiz.docx",
    ] {
        let (status, answer) = editor.save("beschluss.anlagen[1].datei", outside);
        assert_eq!(status, 422, "{outside}");
        assert!(
            answer["fehler"]
                .as_str()
                .unwrap()
                .contains("ist keine Datei im Ordner anlagen/ des Projekts"),
            "{answer}"
        );
    }

    // Removing the file: the entry is a title again, the file stays in the folder.
    let (status, _) = editor.save("beschluss.anlagen[2].datei", "");
    assert_eq!(status, 200);
    assert_eq!(
        editor.text(),
        before.replace(
            "\"Förderrichtlinien der Stadt Lampertheim für Zuschüsse an freie Träger\"",
            "\"Kostenschätzung\""
        )
    );
    assert!(dir.path().join("anlagen/kostenschaetzung.pdf").is_file());
}

#[test]
fn a_missing_file_is_a_finding_at_the_anlage_s_file() {
    let dir = project();
    let file = dir.path().join(REPORT);
    let text = std::fs::read_to_string(&file).unwrap().replace(
        ERSTE,
        "{ titel = \"Kostenplan\", datei = \"../anlagen/fehlt.pdf\" }",
    );
    std::fs::write(&file, text).unwrap();
    let editor = Editor::start(dir.path());
    // The form shows the file the entry names, chosen, though it is not in the folder.
    assert!(editor.page().contains(
        "<option value=\"..&#x2f;anlagen&#x2f;fehlt.pdf\" selected>..&#x2f;anlagen&#x2f;fehlt.pdf</option>"
    ));
    let mut r = editor
        .agent
        .get(format!("{}/vorschau/{REPORT}", editor.editor.base))
        .header("Cookie", editor.editor.cookie())
        .call()
        .unwrap();
    let preview: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    let found: Vec<&Value> = preview["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == "beschluss.anlagen[1].datei")
        .collect();
    assert_eq!(found.len(), 1, "{preview:#}");
    assert_eq!(found[0]["label"], "Datei (Anlage 1)");
    assert_eq!(found[0]["severity"], "fehler");
    assert!(
        found[0]["text"]
            .as_str()
            .unwrap()
            .contains("„../anlagen/fehlt.pdf“ gibt es nicht")
    );
}
