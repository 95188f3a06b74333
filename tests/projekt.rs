//! The city's settings (`sachstand.toml`): found by walking up from the report, they fill in
//! city, logo and signatures and resolve Gremien named by key; their own errors are diagnostics.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

const PROJEKT: &str = "tests/fixtures/projekt";

/// A copy of the test project in a fresh folder, with `from` → `to` in `file`.
fn project_copy(dir: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let src = root().join(PROJEKT);
    for rel in [
        "sachstand.toml",
        "bilder/wappen.png",
        "berichte/mitteilung.toml",
    ] {
        let target = dir.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(src.join(rel), &target).unwrap();
    }
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} contains {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    dir.join("berichte/mitteilung.toml")
}

#[test]
fn settings_fill_in_city_logo_signatures_and_gremien() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("m.pdf");
    render_ok(&root().join(PROJEKT).join("berichte/mitteilung.toml"), &pdf);
    let text = pdf_text(&pdf);
    for expected in [
        "Stadt Musterstadt",
        "Magistrat der Musterstadt 20.02.2023",
        "Sozial-, Bildungs- und Kulturausschuss 23.02.2023",
        "(Muster)",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    let images = poppler("pdfimages", &["-list"], &pdf);
    assert_eq!(
        images.lines().skip(2).count(),
        1,
        "the logo is in the PDF:\n{images}"
    );
    let qdf = dir.path().join("qdf.pdf");
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&pdf)
        .arg(&qdf)
        .status()
        .expect("qpdf runs");
    assert!(status.success());
    let bytes = std::fs::read(&qdf).unwrap();
    let alt = b"/Alt (Beispielwappen der Musterstadt)";
    assert!(
        bytes.windows(alt.len()).any(|w| w == alt),
        "the logo carries its alternative text"
    );
}

#[test]
fn an_unknown_gremium_key_suggests_the_closest() {
    let dir = tempfile::tempdir().unwrap();
    let report = project_copy(
        dir.path(),
        "berichte/mitteilung.toml",
        "gremium = \"sbk\"",
        "gremium = \"sbx\"",
    );
    let out = sachstand(&["check", report.to_str().unwrap()]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("fehler: das Gremium `sbx` steht nicht im Gremienverzeichnis"),
        "{stderr}"
    );
    assert!(stderr.contains("mitteilung.toml:18:11"), "{stderr}");
    assert!(stderr.contains("hilfe: meinten Sie `sbk`?"), "{stderr}");
}

#[test]
fn errors_in_the_settings_are_diagnostics_naming_sachstand_toml() {
    let cases = [
        (
            "name = \"Musterstadt\"",
            "nam = \"Musterstadt\"",
            "unbekannter Schlüssel `nam`",
        ),
        (
            "key = \"sbk\"",
            "key = \"magistrat\"",
            "der Schlüssel `magistrat` ist schon vergeben",
        ),
        (
            "muster = \"{jahr}/{lfd:04}\"",
            "muster = \"{jahr}/\"",
            "das Muster enthält keine laufende Nummer",
        ),
        (
            "logo = \"bilder/wappen.png\"",
            "logo = \"../wappen.png\"",
            "die Logodatei „../wappen.png“",
        ),
        (
            "logo = \"bilder/wappen.png\"",
            "logo = \"bilder/wappen.gif\"",
            "weder SVG noch PNG",
        ),
        (
            "logo_alt = \"Beispielwappen der Musterstadt\"",
            "",
            "zum Logo fehlt der Alternativtext",
        ),
        (
            "art = \"ausschuss\"",
            "art = \"ausschus\"",
            "meinten Sie `ausschuss`?",
        ),
    ];
    for (from, to, expected) in cases {
        let outer = tempfile::tempdir().unwrap();
        std::fs::copy(
            root().join(PROJEKT).join("bilder/wappen.png"),
            outer.path().join("wappen.png"),
        )
        .unwrap();
        let dir = outer.path().join("projekt");
        let report = project_copy(&dir, "sachstand.toml", from, to);
        let out = sachstand(&["render", report.to_str().unwrap()]);
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(1), "{to}: {stderr}");
        assert!(stderr.contains(expected), "{to}: {stderr}");
        assert!(
            stderr.contains("sachstand.toml:"),
            "{to}: names the settings file: {stderr}"
        );
        assert!(!report.with_extension("pdf").exists());
    }
}

#[test]
fn without_settings_the_report_must_name_its_city() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("m.toml");
    std::fs::copy(
        root().join(PROJEKT).join("berichte/mitteilung.toml"),
        &report,
    )
    .unwrap();
    let out = sachstand(&["check", report.to_str().unwrap()]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("der Name der Stadt fehlt"), "{stderr}");
    assert!(
        stderr.contains("das Gremium `magistrat` steht nicht im Gremienverzeichnis"),
        "{stderr}"
    );
}

#[test]
fn the_settings_file_is_not_taken_for_a_report() {
    let out = sachstand(&["check", "sachstand.toml"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("sachstand.toml ist die Einstellungsdatei des Projekts, kein Bericht"),
        "{stderr}"
    );
}
