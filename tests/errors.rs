//! Bad input: German messages with file:line:col, non-zero exit, and never a PDF.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// A copy of the seed report with `from` replaced by `to`, in a fresh folder.
fn broken_report(dir: &Path, from: &str, to: &str) -> PathBuf {
    let seed = seed_text();
    assert!(seed.contains(from), "the seed report contains {from:?}");
    let path = dir.join("bericht.toml");
    std::fs::write(&path, seed.replacen(from, to, 1)).unwrap();
    path
}

/// Renders `report` and returns stderr; asserts exit 1 and that no PDF appeared.
fn render_fails(report: &Path) -> String {
    let out = sachstand(&["render", report.to_str().unwrap()]);
    let (_, stderr) = texts(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code 1 for bad input:\n{stderr}"
    );
    assert!(
        !report.with_extension("pdf").exists(),
        "no PDF for bad input"
    );
    let leftovers: Vec<_> = std::fs::read_dir(report.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".sachstand-"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files remain");
    stderr
}

#[test]
fn unknown_key_is_an_error_with_position_and_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let report = broken_report(dir.path(), "stellenanteil = 25", "stellenanteill = 25");
    let stderr = render_fails(&report);
    assert!(
        stderr.contains("fehler: unbekannter Schlüssel `stellenanteill`"),
        "{stderr}"
    );
    assert!(stderr.contains("bericht.toml:"), "{stderr}");
    let line = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .position(|l| l.starts_with("stellenanteill"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("bericht.toml:{line}:1")),
        "{stderr}"
    );
    assert!(
        stderr.contains("hilfe: meinten Sie `stellenanteil`?"),
        "{stderr}"
    );
}

/// The line (from 1) of the seed report that starts with `text`.
fn line_of(text: &str) -> usize {
    common::seed_text()
        .lines()
        .position(|l| l.starts_with(text))
        .unwrap()
        + 1
}

#[test]
fn syntax_error_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let report = broken_report(
        dir.path(),
        "produkt = \"5 01 03 01 020\"",
        "produkt \"5 01 03 01 020\"",
    );
    let stderr = render_fails(&report);
    assert!(stderr.contains("kein gültiges TOML"), "{stderr}");
    let line = line_of("produkt = \"5 01 03 01 020\"");
    assert!(
        stderr.contains(&format!("bericht.toml:{line}:")),
        "{stderr}"
    );
    assert!(stderr.contains("hilfe:"), "{stderr}");
}

#[test]
fn missing_required_key_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let report = broken_report(dir.path(), "produkt = \"5 01 03 01 020\"\n", "");
    let stderr = render_fails(&report);
    assert!(
        stderr.contains("der Pflichtschlüssel `produkt` fehlt"),
        "{stderr}"
    );
    assert!(stderr.contains("bericht.toml:"), "{stderr}");
}

#[test]
fn wrong_type_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let report = broken_report(dir.path(), "stellenanteil = 25", "stellenanteil = \"25 %\"");
    let stderr = render_fails(&report);
    assert!(
        stderr.contains("falscher Typ: ein Text \"25 %\", erwartet wird eine Zahl"),
        "{stderr}"
    );
}

#[test]
fn a_date_that_does_not_exist_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let report = broken_report(dir.path(), "datum = 2022-11-16", "datum = 2022-11-31");
    let stderr = render_fails(&report);
    assert!(stderr.contains("dieses Datum gibt es nicht"), "{stderr}");
    let line = line_of("datum = 2022-11-16");
    assert!(
        stderr.contains(&format!("bericht.toml:{line}:")),
        "{stderr}"
    );
}

#[test]
fn a_failed_render_leaves_the_earlier_pdf_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let report = broken_report(dir.path(), "stellenanteil = 25", "stellenanteil = 250");
    let pdf = report.with_extension("pdf");
    std::fs::write(&pdf, b"earlier PDF").unwrap();
    let out = sachstand(&["render", report.to_str().unwrap()]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("Stellenanteil von 250 Prozent"), "{stderr}");
    assert_eq!(std::fs::read(&pdf).unwrap(), b"earlier PDF");
}

#[test]
fn a_missing_file_is_an_environment_error() {
    let out = sachstand(&["render", "reports/gibt-es-nicht.toml"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("reports/gibt-es-nicht.toml") && stderr.contains("nicht gefunden"),
        "{stderr}"
    );
}

#[test]
fn output_into_a_folder_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = sachstand(&[
        "render",
        "reports/2022-11-integrationsstrategie.toml",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains(&dir.path().display().to_string()) && stderr.contains("Ordner"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_vorlage_lists_the_available_ones() {
    let dir = tempfile::tempdir().unwrap();
    let report = broken_report(
        dir.path(),
        "vorlage = \"sachstandsbericht\"",
        "vorlage = \"sachstandbericht\"",
    );
    let stderr = render_fails(&report);
    assert!(
        stderr.contains("unbekannte Vorlagenart `sachstandbericht`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("meinten Sie `sachstandsbericht`?"),
        "{stderr}"
    );
}
