//! Snapshot tests of the printed diagnostics: one invalid report per rule in
//! `tests/fixtures/invalid/`, its expected output beside it as `<rule>.stderr`.
//! After an intended change, regenerate with `SNAPSHOTS=update cargo test --release`
//! and review the diff of the `.stderr` files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

#[test]
fn every_invalid_fixture_prints_its_expected_diagnostic() {
    let dir = root().join("tests/fixtures/invalid");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "one fixture per rule");
    let update = std::env::var("SNAPSHOTS").is_ok_and(|v| v == "update");
    let mut failures = Vec::new();
    for name in &names {
        let rel = format!("tests/fixtures/invalid/{name}");
        let out = sachstand(&["check", &rel]);
        let (_, stderr) = texts(&out);
        let warning_only = stderr.contains(" 0 Fehler");
        assert_eq!(
            out.status.code(),
            Some(if warning_only { 0 } else { 1 }),
            "{name}:\n{stderr}"
        );
        let problems = stderr
            .lines()
            .filter(|l| l.starts_with("fehler:") || l.starts_with("warnung:"))
            .count();
        assert_eq!(problems, 1, "{name} holds exactly one problem:\n{stderr}");
        assert!(
            stderr.contains(&format!("--> {rel}:")),
            "{name} names file:line:col:\n{stderr}"
        );
        let snapshot = dir.join(name.replace(".toml", ".stderr"));
        if update {
            std::fs::write(&snapshot, &stderr).unwrap();
        } else {
            let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
            if expected != stderr {
                failures.push(format!(
                    "{name}:\n--- erwartet\n{expected}--- erhalten\n{stderr}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "snapshots differ:\n{}",
        failures.join("\n")
    );
}

#[test]
fn check_reports_every_file_and_sums_up() {
    let out = sachstand(&[
        "check",
        "reports/2022-11-integrationsstrategie.toml",
        "tests/fixtures/invalid/leerer-wert.toml",
        "tests/fixtures/invalid/termin-vor-datum.toml",
        "tests/fixtures/invalid/unbekannter-schluessel.toml",
    ]);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.is_empty(), "text diagnostics go to stderr");
    assert!(
        stderr.ends_with("4 Berichte geprüft, 2 Fehler, 1 Warnung\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("leerer-wert.toml:7:17") && stderr.contains("unbekannter-schluessel.toml:"),
        "{stderr}"
    );
}

#[test]
fn check_of_a_clean_report_exits_zero_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("b.toml");
    std::fs::copy(
        root().join("reports/2022-11-integrationsstrategie.toml"),
        &report,
    )
    .unwrap();
    let out = sachstand(&["check", report.to_str().unwrap()]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "1 Bericht geprüft, 0 Fehler, 0 Warnungen\n");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "check writes no file"
    );
}

#[test]
fn check_json_lists_findings_with_positions() {
    let out = sachstand(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/invalid/unbekannter-schluessel.toml",
    ]);
    let (stdout, _) = texts(&out);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["berichte"], 1);
    assert_eq!(json["fehler"], 1);
    let finding = &json["befunde"][0];
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["message"], "unbekannter Schlüssel `stellenanteill`");
    assert_eq!(
        finding["file"],
        "tests/fixtures/invalid/unbekannter-schluessel.toml"
    );
    assert_eq!(finding["column"], 1);
    assert!(finding["line"].as_u64().unwrap() > 1);
    assert_eq!(finding["hints"][0], "meinten Sie `stellenanteil`?");
}
