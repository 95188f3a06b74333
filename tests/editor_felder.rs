//! The editor speaks of fields, not keys, and shows a new report at once (issue 21, points 2
//! and 3), over HTTP against the real binary: each finding's text and the field it sits at
//! (an emptied Beschlussvorschlag, an erledigt Meilenstein without Datum, a Beratung without
//! Termin, an empty Gremium, an empty Produkt); a new report's preview has pages from the
//! first load, with placeholders that never reach a real PDF; the CLI keeps its file hints.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::root;
use serde_json::{Value, json};

const SEED: &str = "reports/2022-11-integrationsstrategie.toml";
const NEU: &str = "reports/2023-05-beschlussvorlage.toml";

/// A copy of the project, with a new Beschlussvorlage written by `sachstand new`.
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
    let out = common::run_in(
        d,
        &[
            "new",
            "--vorlage",
            "beschlussvorlage",
            "--datum",
            "2023-05-10",
            "-o",
            NEU,
        ],
    );
    assert!(out.status.success(), "{:?}", common::texts(&out));
    dir
}

struct Editor {
    editor: common::Editor,
    agent: ureq::Agent,
}

impl Editor {
    fn start(dir: &Path) -> Self {
        Self {
            editor: common::serve_editor(dir, &[]),
            agent: common::http_agent(),
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let mut r = self
            .agent
            .get(format!("{}{path}", self.editor.base))
            .header("Cookie", self.editor.cookie())
            .call()
            .unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    }

    fn hash(&self, rel: &str) -> String {
        let (status, page) = self.get(&format!("/bericht/{rel}"));
        assert_eq!(status, 200, "{page}");
        let at = page.find("data-hash=\"").unwrap() + "data-hash=\"".len();
        page[at..at + 64].to_owned()
    }

    /// Saves `value` into field `name` of `rel` as the form does; the preview that comes back.
    fn save(&self, rel: &str, name: &str, value: &str) -> Value {
        let body = json!({ "hash": self.hash(rel), "name": name, "value": value });
        let mut r = self
            .agent
            .post(format!("{}/feld/{rel}", self.editor.base))
            .header("Content-Type", "application/json")
            .header("Origin", &self.editor.base)
            .header("Cookie", self.editor.cookie())
            .send(body.to_string())
            .unwrap();
        let status = r.status().as_u16();
        let text = r.body_mut().read_to_string().unwrap();
        assert_eq!(status, 200, "{name} = {value:?}: {text}");
        serde_json::from_str(&text).unwrap()
    }

    fn preview(&self, rel: &str) -> Value {
        let (status, text) = self.get(&format!("/vorschau/{rel}"));
        assert_eq!(status, 200, "{text}");
        serde_json::from_str(&text).unwrap()
    }
}

/// The findings of a preview.
fn findings(preview: &Value) -> Vec<Value> {
    preview["diagnostics"].as_array().unwrap().clone()
}

/// The findings at field `path`.
fn at(preview: &Value, path: &str) -> Vec<Value> {
    findings(preview)
        .into_iter()
        .filter(|f| f["path"] == path)
        .collect()
}

/// The one finding at `path`, whose form text is `text`.
fn assert_one(preview: &Value, path: &str, text: &str) -> Value {
    let here = at(preview, path);
    assert_eq!(
        here.len(),
        1,
        "{path}: {here:#?}\nall: {:#?}",
        findings(preview)
    );
    assert_eq!(here[0]["text"], text, "{path}: {:#?}", here[0]);
    here[0].clone()
}

/// No finding names a key or TOML syntax.
fn assert_form_words(preview: &Value) {
    for f in findings(preview) {
        let text = f["text"].as_str().unwrap();
        let label = f["label"].as_str().unwrap_or_default();
        for key_speak in [
            "JJJJ-MM-TT",
            "kopf.",
            "beratungsfolge[",
            "`",
            " = ",
            "Zeile",
        ] {
            assert!(
                !text.contains(key_speak) && !label.contains(key_speak),
                "{key_speak:?} in {f:#?}"
            );
        }
    }
}

#[test]
fn a_new_report_asks_for_its_fields_by_label_and_each_problem_once() {
    let dir = project();
    let e = Editor::start(dir.path());
    let p = e.preview(NEU);
    let produkt = assert_one(&p, "kopf.produkt", "Tragen Sie die Produktnummer ein.");
    assert_eq!(produkt["label"], "Produkt");
    assert_eq!(produkt["offen"], true, "a field still to fill is a to-do");
    // An empty Gremium: one finding (not also "not in the register"), asked for as a choice.
    let gremium = assert_one(&p, "beratungsfolge[1].gremium", "Wählen Sie das Gremium.");
    assert_eq!(gremium["label"], "Gremium (Beratung 1)");
    // The skeleton's placeholder Termin: once, not also "before the Vorlage's date".
    let termin = at(&p, "beratungsfolge[1].termin");
    assert_eq!(termin.len(), 1, "{termin:#?}");
    assert!(
        termin[0]["text"]
            .as_str()
            .unwrap()
            .ends_with("Tragen Sie den Sitzungstermin ein (TT.MM.JJJJ)."),
        "{termin:#?}"
    );
    assert_form_words(&p);

    // The CLI keeps its words about the file, and names the empty Gremium once too.
    let out = common::run_in(dir.path(), &["check", NEU]);
    let (_, stderr) = common::texts(&out);
    assert!(!out.status.success());
    assert!(stderr.contains("`kopf.produkt` ist leer"), "{stderr}");
    assert!(
        stderr.contains("tragen Sie einen Text ein oder entfernen Sie die Zeile"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("beratungsfolge[1].gremium").count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("Gremienverzeichnis"), "{stderr}");
}

#[test]
fn an_emptied_beschlussvorschlag_is_reported_at_its_own_box() {
    let dir = project();
    let e = Editor::start(dir.path());
    e.save(
        NEU,
        "beschluss.begruendung[1]",
        "Der Ausschuss hat es so verlangt.",
    );
    e.save(NEU, "beschluss.vorschlag", "Die Stadt beschließt.");
    let p = e.save(NEU, "beschluss.vorschlag", "");
    let vorschlag = assert_one(
        &p,
        "beschluss.vorschlag",
        "Tragen Sie den Beschlussvorschlag ein.",
    );
    assert_eq!(vorschlag["label"], "Beschlussvorschlag");
    let begruendung: Vec<Value> = findings(&p)
        .into_iter()
        .filter(|f| {
            f["path"]
                .as_str()
                .unwrap_or_default()
                .contains("begruendung")
        })
        .collect();
    assert!(begruendung.is_empty(), "{begruendung:#?}");
    assert_form_words(&p);
}

#[test]
fn an_erledigt_milestone_without_date_is_reported_at_its_datum() {
    let dir = project();
    let e = Editor::start(dir.path());
    let seed: toml::Table = std::fs::read_to_string(dir.path().join(SEED))
        .unwrap()
        .parse()
        .unwrap();
    let titel = seed["meilensteine"][0]["titel"]
        .as_str()
        .unwrap()
        .to_owned();
    let p = e.save(SEED, "meilensteine[1].status", "erledigt");
    let datum = assert_one(
        &p,
        "meilensteine[1].datum",
        &format!(
            "Der Meilenstein „{titel}“ ist erledigt: tragen Sie das Datum ein, an dem er erreicht wurde (TT.MM.JJJJ), oder wählen Sie einen anderen Status."
        ),
    );
    assert_eq!(datum["severity"], "fehler");
    assert_eq!(datum["offen"], false, "a real error, not a to-do");
    assert_eq!(datum["label"], "Datum (Meilenstein 1)");
    assert!(
        at(&p, "meilensteine[1].status")
            .iter()
            .all(|f| f["severity"] != "fehler"),
        "{p:#}"
    );
    assert_form_words(&p);
}

#[test]
fn a_beratung_without_termin_is_reported_at_termin() {
    let dir = project();
    let e = Editor::start(dir.path());
    let p = e.save(SEED, "beratungsfolge[2].termin", "");
    let termin = assert_one(
        &p,
        "beratungsfolge[2].termin",
        "Tragen Sie den Sitzungstermin ein (TT.MM.JJJJ).",
    );
    assert_eq!(termin["label"], "Termin (Beratung 2)");
    assert!(at(&p, "beratungsfolge[2].gremium").is_empty(), "{p:#}");
    assert_form_words(&p);
}

#[test]
fn a_new_report_has_pages_at_once_and_its_placeholders_never_reach_a_pdf() {
    let dir = project();
    let e = Editor::start(dir.path());
    let p = e.preview(NEU);
    assert!(p["errors"].as_u64().unwrap() > 0, "{p:#}");
    assert_eq!(p["draft"], true, "{p:#}");
    assert_eq!(p["outdated"], false);
    let pages = p["pages"].as_array().unwrap();
    assert!(!pages.is_empty());
    // Each page is its picture (SVG) with its text as the alternative.
    let first = pages[0].as_str().unwrap();
    assert!(first.contains("<svg "), "{first}");
    assert!(first.contains("Seite 1 von"), "{first}");
    // A real PDF of it: refused, in the editor and on the command line, as before.
    let (status, page) = e.get(&format!("/pdf/{NEU}"));
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("Kein PDF"), "{page}");
    assert!(
        page.contains("Produkt (Fehler):</strong> Tragen Sie die Produktnummer ein."),
        "the form's words on the page that refuses the PDF: {page}"
    );
    let pdf = dir.path().join("neu.pdf");
    let out = common::run_in(dir.path(), &["render", NEU, "-o", pdf.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(!pdf.exists(), "render wrote a PDF of an incomplete report");
    assert!(common::texts(&out).1.contains("ist leer"));
    // Once filled in, the pages are the real ones, not a draft.
    for (name, value) in [
        ("kopf.produkt", "5 01 03 01 020"),
        ("kopf.federfuehrung", "StST Soziales"),
        ("kopf.bearbeitung", "Hr. Dexler"),
        ("kopf.betreff", "Zuschuss für das Stadtfest"),
        (
            "beratungsfolge[1].gremium",
            "Magistrat der Stadt Lampertheim",
        ),
        ("beratungsfolge[1].termin", "22.05.2023"),
        ("beschluss.vorschlag", "Der Zuschuss wird gewährt."),
        ("beschluss.begruendung[1]", "Das Fest verbindet."),
        ("finanzen[1].produkt", "5 01 03 01 020"),
        ("finanzen[1].konto", "4711"),
        ("finanzen[1].betrag", "500"),
        ("finanzen[1].deckung", "Ansatz vorhanden"),
    ] {
        e.save(NEU, name, value);
    }
    let p = e.preview(NEU);
    assert_eq!(p["errors"], 0, "{:#?}", findings(&p));
    assert_eq!(p["draft"], false);
    assert!(!p["pages"].as_array().unwrap().is_empty());
}
