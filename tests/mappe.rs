//! The Sitzungsmappe: every Vorlage before one Gremium on one date in one PDF, with a cover
//! page and table of contents, continuous page numbers and a bookmark per Vorlage.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// The example reports, with the Mitteilung moved before the SBK-Ausschuss on 23.02.2023.
fn project(dir: &Path) {
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    for entry in std::fs::read_dir(root().join("reports")).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, dir.join("reports").join(path.file_name().unwrap())).unwrap();
        }
    }
    let m = dir.join("reports/2023-06-front-office-migration.toml");
    let text = std::fs::read_to_string(&m).unwrap();
    let text = text
        .replace("datum = 2023-06-14", "datum = 2023-02-08")
        .replace("termin = 2023-06-26", "termin = 2023-02-20")
        .replace("termin = 2023-06-29", "termin = 2023-02-23");
    std::fs::write(m, text).unwrap();
}

#[test]
fn a_sitzungsmappe_collects_the_vorlagen_of_one_sitzung() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let out = run_in(
        dir,
        &["mappe", "--gremium", "sbk", "--termin", "2023-02-23"],
    );
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("warnung"), "{stderr}");
    assert!(
        stdout.contains("reports/sitzungsmappe-sbk-2023-02-23.pdf (2 Vorlagen, 3 Seiten)"),
        "{stdout}"
    );
    let pdf = dir.join("reports/sitzungsmappe-sbk-2023-02-23.pdf");

    let cover = poppler(
        "pdftotext",
        &["-f", "1", "-l", "1", "-enc", "UTF-8", "-raw"],
        &pdf,
    );
    for expected in [
        "Sitzungsmappe",
        "Sozial-, Bildungs- und Kulturausschuss",
        "Sitzung am 23.02.2023",
        "Inhalt",
    ] {
        assert!(
            cover.contains(expected),
            "{expected:?} missing on the cover:\n{cover}"
        );
    }
    assert!(
        contains_loosely(
            &cover,
            "2023/0031 · Beschlussvorlage: Interkulturelle Wochen 2023"
        ),
        "{cover}"
    );
    assert!(
        contains_loosely(
            &cover,
            "2023/0112 · Mitteilungsvorlage: Front Office Migration: Bilanz des ersten Jahres"
        ),
        "{cover}"
    );
    let toc: Vec<&str> = cover.lines().filter(|l| l.contains(". .")).collect();
    assert!(
        toc.iter().any(|l| l.trim_end().ends_with('2'))
            && toc.iter().any(|l| l.trim_end().ends_with('3')),
        "page numbers in the TOC: {toc:?}"
    );

    // Continuous page numbers, the Sachstandsbericht (other Gremium/date) not included.
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Seite 2 von 3") && text.contains("Seite 3 von 3"),
        "{text}"
    );
    assert!(text.contains("BESCHLUSSVORLAGE") && text.contains("MITTEILUNGSVORLAGE"));
    assert!(!text.contains("SACHSTANDSBERICHT"), "{text}");

    // A bookmark per Vorlage, on its first page.
    let qpdf = Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(&pdf)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&qpdf.stdout).unwrap();
    let outlines = json["outlines"].as_array().unwrap();
    assert_eq!(outlines.len(), 2, "{outlines:#?}");
    assert!(
        outlines[0]["title"]
            .as_str()
            .unwrap()
            .starts_with("2023/0031 · Beschlussvorlage")
    );
    assert_eq!(outlines[0]["destpageposfrom1"], 2);
    assert_eq!(outlines[1]["destpageposfrom1"], 3);
}

#[test]
fn a_sitzung_without_vorlagen_and_an_unknown_gremium_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let out = run_in(
        dir,
        &["mappe", "--gremium", "sbk", "--termin", "2023-01-01"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        texts(&out)
            .1
            .contains("keine Vorlage in reports steht am 01.01.2023"),
        "{}",
        texts(&out).1
    );
    let out = run_in(
        dir,
        &["mappe", "--gremium", "sbx", "--termin", "2023-02-23"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        texts(&out).1.contains("Meinten Sie `sbk`?"),
        "{}",
        texts(&out).1
    );
}
