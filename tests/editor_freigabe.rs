//! "Freigeben" and the Fristen in the local editor, over HTTP with the real binary on a copy
//! of the project: the release form writes `[freigabe]` through the library (the same record
//! `sachstand freigabe` writes) and the editor then shows "Freigegeben durch … am …", an edit
//! makes it "wieder Entwurf"; an open Mitzeichnung refuses the release in German; a post from
//! another origin is refused; the overview lists the same Fristen as `sachstand fristen` on the
//! day `SACHSTAND_HEUTE` names.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::*;

const REPORT: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";

/// A copy of the project whose Beschlussvorlage is a draft (its release record taken out),
/// with `extra` appended.
fn project(extra: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("sachstand.toml"),
        dir.path().join("sachstand.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    for entry in std::fs::read_dir(root().join("reports")).unwrap() {
        let from = entry.unwrap().path();
        if from.extension().is_some_and(|e| e == "toml") {
            let to = dir.path().join("reports").join(from.file_name().unwrap());
            std::fs::copy(&from, to).unwrap();
        }
    }
    let text = std::fs::read_to_string(root().join(REPORT)).unwrap();
    let draft = match text.find("\n# Freigabe (sachstand freigabe)") {
        Some(at) => &text[..at],
        None => &text,
    };
    let report = dir.path().join(REPORT);
    std::fs::write(&report, format!("{}\n{extra}", draft.trim_end())).unwrap();
    (dir, report)
}

/// GET `path` with the secret: status and body.
fn get(editor: &Editor, path: &str) -> (u16, String) {
    let mut r = http_agent()
        .get(format!("{}{path}", editor.base))
        .header("Cookie", editor.cookie())
        .call()
        .unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

/// POST the release form from `origin`: status, `Location` and body.
fn post(editor: &Editor, form: &[(&str, &str)], origin: &str) -> (u16, String, String) {
    let mut r = http_agent()
        .post(format!("{}/freigabe/{REPORT}", editor.base))
        .header("Cookie", editor.cookie())
        .header("Origin", origin)
        .send_form(form.iter().copied())
        .unwrap();
    let location = r
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        r.status().as_u16(),
        location,
        r.body_mut().read_to_string().unwrap(),
    )
}

fn freigabe_table(report: &Path) -> Option<toml::Table> {
    let text = std::fs::read_to_string(report).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    doc.get("freigabe").and_then(|v| v.as_table()).cloned()
}

#[test]
fn the_form_releases_and_the_editor_shows_the_status() {
    let (dir, report) = project("");
    let editor = serve_editor(dir.path(), &[]);
    let (status, page) = get(&editor, &format!("/bericht/{REPORT}"));
    assert_eq!(status, 200);
    assert!(page.contains("Entwurf: noch nicht freigegeben."), "{page}");
    assert!(page.contains("href=\"/freigabe/reports"), "{page}");
    // The record is not offered as form fields.
    assert!(!page.contains("data-feld=\"freigabe."), "{page}");
    let (status, page) = get(&editor, &format!("/freigabe/{REPORT}"));
    assert_eq!(status, 200);
    assert!(
        page.contains("Freigegeben durch (Name, Amtsbezeichnung)"),
        "{page}"
    );
    let origin = editor.base.clone();
    // Without a name or without the confirmation nothing is written.
    let (status, _, body) = post(&editor, &[("durch", " "), ("bestaetigt", "ja")], &origin);
    assert_eq!(status, 422);
    assert!(body.contains("Bitte nennen Sie, wer freigibt"), "{body}");
    let (status, _, body) = post(&editor, &[("durch", "Schmidt, Bürgermeister")], &origin);
    assert_eq!(status, 422);
    assert!(body.contains("Bitte bestätigen Sie die Freigabe"), "{body}");
    assert!(freigabe_table(&report).is_none());

    let (status, location, _) = post(
        &editor,
        &[("durch", "Schmidt, Bürgermeister"), ("bestaetigt", "ja")],
        &origin,
    );
    assert_eq!(status, 303);
    assert_eq!(location, format!("/bericht/{REPORT}"));
    let record = freigabe_table(&report).expect("[freigabe] written");
    assert_eq!(record["durch"].as_str(), Some("Schmidt, Bürgermeister"));
    assert!(record["inhalt"].as_str().unwrap().starts_with("sha256:"));
    // The CLI's check agrees: released, no "Entwurf" warning.
    let out = run_in(dir.path(), &["check", REPORT]);
    let (_, stderr) = texts(&out);
    assert!(!stderr.contains("Entwurf"), "{stderr}");
    let (_, page) = get(&editor, &location);
    assert!(
        page.contains("Freigegeben durch Schmidt, Bürgermeister am "),
        "{page}"
    );

    // An edit in the form returns it to Entwurf: the save's answer carries the new line, and
    // the page says so.
    let seen = page
        .split("data-hash=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let mut r = http_agent()
        .post(format!("{}/feld/{REPORT}", editor.base))
        .header("Cookie", editor.cookie())
        .header("Origin", &editor.base)
        .header("Content-Type", "application/json")
        .send(
            serde_json::json!({ "hash": seen, "name": "kopf.bearbeitung", "value": "Fr. Neu" })
                .to_string(),
        )
        .unwrap();
    let body = r.body_mut().read_to_string().unwrap();
    let saved: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(saved["freigabe"]["art"], "geaendert", "{body}");
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("Fr. Neu")
    );
    let (_, page) = get(&editor, &format!("/bericht/{REPORT}"));
    assert!(
        page.contains("wieder Entwurf: seit der Freigabe (durch Schmidt, Bürgermeister am "),
        "{page}"
    );
}

#[test]
fn an_open_mitzeichnung_refuses_the_release() {
    let (dir, report) = project("\n[[mitzeichnung]]\nstelle = \"Personalrat\"\n");
    let before = std::fs::read(&report).unwrap();
    let editor = serve_editor(dir.path(), &[]);
    let (status, _, body) = post(
        &editor,
        &[("durch", "Schmidt, Bürgermeister"), ("bestaetigt", "ja")],
        &editor.base,
    );
    assert_eq!(status, 422);
    assert!(body.contains("Nicht freigegeben"), "{body}");
    assert!(
        body.contains("Die Mitzeichnung durch Personalrat steht noch aus"),
        "{body}"
    );
    // What was entered stays in the form for the retry.
    assert!(body.contains("value=\"Schmidt, Bürgermeister\""), "{body}");
    assert_eq!(std::fs::read(&report).unwrap(), before);
}

#[test]
fn a_post_from_another_origin_is_refused() {
    let (dir, report) = project("");
    let before = std::fs::read(&report).unwrap();
    let editor = serve_editor(dir.path(), &[]);
    let (status, _, _) = post(
        &editor,
        &[("durch", "Mallory"), ("bestaetigt", "ja")],
        "http://evil.example",
    );
    assert_eq!(status, 403);
    assert_eq!(std::fs::read(&report).unwrap(), before);
    // A field of the record cannot be set through the form's save either.
    let mut r = http_agent()
        .post(format!("{}/feld/{REPORT}", editor.base))
        .header("Cookie", editor.cookie())
        .header("Origin", &editor.base)
        .header("Content-Type", "application/json")
        .send(
            serde_json::json!({ "hash": "x", "name": "freigabe.durch", "value": "Mallory" })
                .to_string(),
        )
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let body = r.body_mut().read_to_string().unwrap();
    assert!(body.contains("kein Feld des Formulars"), "{body}");
    assert_eq!(std::fs::read(&report).unwrap(), before);
}

#[test]
fn the_overview_lists_the_fristen_of_the_day() {
    let (dir, _) = project("");
    let heute = "15.02.2023";
    let editor = serve_editor(dir.path(), &[("SACHSTAND_HEUTE", heute)]);
    let (status, page) = get(&editor, "/");
    assert_eq!(status, 200);
    let fristen = page
        .split("<h2 id=\"fristen\">Fristen</h2>")
        .nth(1)
        .and_then(|rest| rest.split("<h2 ").next())
        .expect("a Fristen section")
        .to_owned();
    assert!(fristen.contains(&format!("Stand {heute}")), "{fristen}");
    // The same entries, in the same order, as `sachstand fristen` on that day.
    let out = run_in(
        dir.path(),
        &["fristen", "--stichtag", heute, "--format", "json"],
    );
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let entries = json["eintraege"].as_array().unwrap();
    assert!(!entries.is_empty(), "{stdout}");
    let rows: Vec<&str> = fristen.split("<tr class=\"frist-").skip(1).collect();
    assert_eq!(rows.len(), entries.len(), "{fristen}\n{stdout}");
    for (row, entry) in rows.iter().zip(entries) {
        assert!(row.starts_with(entry["zustand"].as_str().unwrap()), "{row}");
        let datei = entry["datei"].as_str().unwrap();
        let name = datei.rsplit('/').next().unwrap();
        assert!(row.contains(name), "{row}\n{entry}");
        if entry["art"] == "vorlage" {
            let stand = if entry["freigegeben"] == true {
                "freigegeben"
            } else {
                "Entwurf"
            };
            assert!(row.contains(&format!("<td>{stand}</td>")), "{row}");
            let fehler = entry["pruefung"]["fehler"].as_u64().unwrap();
            let warnungen = entry["pruefung"]["warnungen"].as_u64().unwrap();
            let expected = match (fehler, warnungen) {
                (0, 0) => "ohne Befund".to_owned(),
                (0, 1) => "1 Warnung".to_owned(),
                (0, w) => format!("{w} Warnungen"),
                (f, _) => format!("{f} Fehler"),
            };
            assert!(row.contains(&expected), "{row}\n{entry}");
        }
        if let Some(frist) = entry["frist"].as_str() {
            let (y, m, d) = (&frist[0..4], &frist[5..7], &frist[8..10]);
            assert!(row.contains(&format!("{d}.{m}.{y}")), "{row}");
        }
    }
    // The draft released above is overdue on that day: its Vorlagenschluss has passed.
    assert!(
        rows.iter().any(|r| r.contains("2023-02-zuschuss")
            && r.contains("überfällig")
            && r.contains("vor ")),
        "{fristen}"
    );
}
