//! Release and Mitzeichnung (`sachstand freigabe`, `[[mitzeichnung]]`) with the real binary on
//! a copy of the project: the ENTWURF mark in the PDF's text and page image (and not in the
//! tag tree a screen reader follows), gone after the release, back after an edit; `check`'s
//! warning; `archive` refusing a draft and filing a released paper with the record in the
//! index; the Mitzeichnung table; `fristen`; German errors for bad input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::*;

const REPORT: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";

const MITZEICHNUNG: &str = r#"
[[mitzeichnung]]
stelle = "Kämmerei"
name = "Weber"
datum = 2023-02-01
vermerk = "ohne Bedenken"

[[mitzeichnung]]
stelle = "Personalrat"
"#;

/// A copy of the project whose Beschlussvorlage is a draft (its release record taken out) with
/// `extra` appended.
fn project(extra: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("sachstand.toml"),
        dir.path().join("sachstand.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    let text = std::fs::read_to_string(root().join(REPORT)).unwrap();
    let draft = match text.find("\n# Freigabe (sachstand freigabe)") {
        Some(at) => &text[..at],
        None => &text,
    };
    let report = dir.path().join(REPORT);
    std::fs::write(&report, format!("{}\n{extra}", draft.trim_end())).unwrap();
    (dir, report)
}

fn rendered(dir: &Path, name: &str) -> (PathBuf, String) {
    let pdf = dir.join(name);
    let out = run_in(dir, &["render", REPORT, "-o", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let text = pdf_text(&pdf);
    (pdf, text)
}

fn pages(pdf: &Path) -> usize {
    pdf_info(pdf, "Pages").parse().unwrap()
}

/// How many pixels of the first page (grey, 20 dpi) are in the light grey of the mark.
fn light_grey_pixels(pdf: &Path) -> usize {
    let prefix = pdf.with_extension("");
    let status = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", "20", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let pgm = std::fs::read(prefix.with_extension("pgm")).unwrap();
    // P5, width, height, maxval: four whitespace-separated fields, then the pixels.
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    pgm[at + 1..]
        .iter()
        .filter(|&&p| (200..=232).contains(&p))
        .count()
}

#[test]
fn a_draft_carries_entwurf_until_released_and_again_after_an_edit() {
    let (dir, report) = project("");
    let dir = dir.path();
    let (draft, text) = rendered(dir, "entwurf.pdf");
    assert_eq!(
        text.matches("ENTWURF").count(),
        pages(&draft),
        "one mark per page:\n{text}"
    );
    // An artifact: the tag tree a screen reader follows does not read it out.
    let tree = struct_tree(&draft);
    assert!(
        tree.walk().iter().all(|(_, n)| !n.text.contains("ENTWURF")),
        "{tree:?}"
    );
    let draft_grey = light_grey_pixels(&draft);

    let out = run_in(
        dir,
        &["freigabe", REPORT, "--durch", "Schmidt, Bürgermeister"],
    );
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("Freigegeben") && stdout.contains("sha256:"),
        "{stdout}"
    );
    let toml = std::fs::read_to_string(&report).unwrap();
    assert!(
        toml.contains("[freigabe]\ndurch = \"Schmidt, Bürgermeister\""),
        "{toml}"
    );

    let (released, text) = rendered(dir, "frei.pdf");
    assert!(!text.contains("ENTWURF"), "{text}");
    assert!(text.contains("Interkulturelle Wochen 2023"), "{text}");
    let released_grey = light_grey_pixels(&released);
    assert!(
        draft_grey > released_grey + 200,
        "the diagonal mark is seen in the page image: {draft_grey} light grey pixels in the draft, {released_grey} released"
    );
    let out = run_in(dir, &["check", REPORT]);
    assert!(
        !texts(&out).1.contains("freigegeben durch"),
        "{}",
        texts(&out).1
    );

    // Any change of the content returns the paper to Entwurf, and check says so.
    std::fs::write(
        &report,
        toml.replacen(
            "Interkulturelle Wochen 2023",
            "Interkulturelle Wochen 2023 (neu)",
            1,
        ),
    )
    .unwrap();
    let (_, text) = rendered(dir, "wieder.pdf");
    assert!(text.contains("ENTWURF"), "{text}");
    let out = run_in(dir, &["check", REPORT]);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warnung: freigegeben durch Schmidt, Bürgermeister am ")
            && stderr.contains("seither geändert: die Vorlage ist wieder ein Entwurf")
            && stderr.contains("sachstand freigabe"),
        "{stderr}"
    );
}

#[test]
fn archive_files_only_released_papers_and_keeps_the_record() {
    let (dir, _) = project("");
    let dir = dir.path();
    let out = run_in(dir, &["archive", REPORT]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("die Vorlage ist ein Entwurf (nicht freigegeben)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("sachstand freigabe {REPORT} --durch")),
        "{stderr}"
    );
    assert!(
        !dir.join("archiv/index.jsonl").exists()
            || std::fs::read_to_string(dir.join("archiv/index.jsonl"))
                .unwrap()
                .is_empty()
    );

    let out = run_in(
        dir,
        &["freigabe", REPORT, "--durch", "Müller, Erster Stadtrat"],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let out = run_in(dir, &["archive", REPORT]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let index = std::fs::read_to_string(dir.join("archiv/index.jsonl")).unwrap();
    let line: serde_json::Value = serde_json::from_str(index.lines().last().unwrap()).unwrap();
    let record = &line["freigabe"];
    assert_eq!(record["durch"], "Müller, Erster Stadtrat", "{line}");
    assert!(record["am"].as_str().unwrap().contains('T'), "{line}");
    assert!(
        record["inhalt"].as_str().unwrap().starts_with("sha256:"),
        "{line}"
    );
    let pdf = dir.join(
        line["datei"]
            .as_str()
            .map(|d| format!("archiv/{d}"))
            .unwrap(),
    );
    assert!(!pdf_text(&pdf).contains("ENTWURF"));
}

#[test]
fn mitzeichnung_is_printed_as_a_table_and_an_open_one_blocks_the_release() {
    let (dir, report) = project(MITZEICHNUNG);
    let dir = dir.path();
    let out = run_in(dir, &["check", REPORT]);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("die Mitzeichnung durch Personalrat steht noch aus (kein Datum)"),
        "{stderr}"
    );
    let (pdf, text) = rendered(dir, "mz.pdf");
    for cell in [
        "Mitzeichnung:",
        "Stelle",
        "Vermerk",
        "Kämmerei",
        "Weber",
        "01.02.2023",
        "ohne Bedenken",
        "Personalrat",
        "steht aus",
    ] {
        assert!(text.contains(cell), "{cell}:\n{text}");
    }
    let tree = struct_tree(&pdf);
    let headers: Vec<&str> = tree.all("TH").iter().map(|n| n.text.trim()).collect();
    for head in ["Stelle", "Name", "Datum", "Vermerk"] {
        assert!(headers.contains(&head), "{headers:?}");
    }

    let out = run_in(
        dir,
        &["freigabe", REPORT, "--durch", "Schmidt, Bürgermeister"],
    );
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("die Mitzeichnung durch Personalrat steht noch aus"),
        "{stderr}"
    );
    assert!(stderr.contains("nicht freigegeben"), "{stderr}");
    assert!(
        !std::fs::read_to_string(&report)
            .unwrap()
            .contains("[freigabe]")
    );

    let toml = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        toml.replace(
            "stelle = \"Personalrat\"",
            "stelle = \"Personalrat\"\ndatum = 2023-02-03",
        ),
    )
    .unwrap();
    let out = run_in(
        dir,
        &["freigabe", REPORT, "--durch", "Schmidt, Bürgermeister"],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
}

#[test]
fn fristen_says_which_paper_is_released() {
    let (dir, _) = project("");
    let dir = dir.path();
    let out = run_in(dir, &["fristen", "--stichtag", "01.02.2023"]);
    let (stdout, stderr) = texts(&out);
    assert!(stdout.contains("– Entwurf –"), "{stdout}{stderr}");
    run_in(
        dir,
        &["freigabe", REPORT, "--durch", "Schmidt, Bürgermeister"],
    );
    let out = run_in(
        dir,
        &["fristen", "--stichtag", "01.02.2023", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entry = json["eintraege"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["datei"]
                .as_str()
                .unwrap()
                .ends_with("zuschuss-interkulturelle-wochen.toml")
        })
        .unwrap();
    assert_eq!(entry["freigegeben"], true, "{entry}");
}

#[test]
fn bad_input_is_named_in_german() {
    let (dir, _) = project("");
    let dir = dir.path();
    let out = run_in(
        dir,
        &[
            "freigabe",
            "reports/gibtsnicht.toml",
            "--durch",
            "Schmidt, Bürgermeister",
        ],
    );
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("reports/gibtsnicht.toml: diese Berichtsdatei gibt es nicht"),
        "{stderr}"
    );
    let out = run_in(dir, &["freigabe", REPORT, "--durch", "  "]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--durch: bitte nennen Sie, wer freigibt"),
        "{stderr}"
    );
}

#[test]
fn the_editor_offers_mitzeichnung_and_shows_an_open_one() {
    let (dir, report) = project("");
    let editor = serve_editor(dir.path(), &[]);
    let agent = http_agent();
    let get = |path: &str| {
        let mut r = agent
            .get(format!("{}{path}", editor.base))
            .header("Cookie", editor.cookie())
            .call()
            .unwrap();
        r.body_mut().read_to_string().unwrap()
    };
    let page = get(&format!("/bericht/{REPORT}"));
    assert!(page.contains("Mitzeichnung hinzufügen"), "{page}");
    std::fs::write(
        &report,
        std::fs::read_to_string(&report).unwrap() + MITZEICHNUNG,
    )
    .unwrap();
    let page = get(&format!("/bericht/{REPORT}"));
    assert!(page.contains("value=\"Personalrat\""), "{page}");
    // The preview carries the check's findings, the open Mitzeichnung among them.
    let preview = get(&format!("/vorschau/{REPORT}"));
    assert!(
        preview.contains("die Mitzeichnung durch Personalrat steht noch aus"),
        "{preview}"
    );
}
