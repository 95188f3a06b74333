//! Issue 22, points 3 to 5 as a user meets them: `check` hints at an `ergebnis` or `zweck` that
//! cannot fit its sentence and errs at a milestone's unknown Gremium (file:line:col each); a
//! milestone's Gremium acts in the prose ("soll … beschließen"); `diff` says an emptied time
//! was removed. Runs the real binary on a copy of the Bensheim corpus project.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{contains_loosely, pdf_text, root, run_in, texts};

const REPORT: &str = "reports/2023-10-seniorenleitbild.toml";

/// A copy of the Bensheim corpus project.
fn project() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&root().join("tests/fixtures/korpus/bensheim"), dir.path());
    dir
}

/// Replaces `from` by `to` in the report (once; it must be there).
fn edit(dir: &Path, from: &str, to: &str) {
    let path = dir.join(REPORT);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in the report");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The 1-based line of the first line containing `needle`.
fn line_of(dir: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(dir.join(REPORT)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn check_hints_at_free_text_that_cannot_fit() {
    let dir = project();
    edit(
        dir.path(),
        "ergebnis = \"an der rund 80 Seniorinnen und Senioren teilnahmen\"",
        "ergebnis = \"es kamen rund 80 Gäste. Die Stimmung war gut.\"",
    );
    edit(
        dir.path(),
        "zweck = \"um die Wünsche und Bedarfe älterer Menschen zu erfassen\"",
        "zweck = \"sowie die Bedarfe älterer Menschen\"",
    );
    let out = run_in(dir.path(), &["check", REPORT]);
    let (_, stderr) = texts(&out);
    let ergebnis = line_of(dir.path(), "es kamen rund 80");
    let zweck = line_of(dir.path(), "sowie die Bedarfe");
    for expected in [
        format!("{REPORT}:{ergebnis}:12"),
        "warnung: der Text beginnt klein (als Nebensatz nach einem Komma), enthält aber einen Punkt".to_string(),
        "hilfe: beginnen Sie groß, dann folgt der Text als eigene Sätze".to_string(),
        format!("{REPORT}:{zweck}:9"),
        "warnung: der Text beginnt mit „sowie“ und schließt so an keinen Satz an".to_string(),
    ] {
        assert!(stderr.contains(&expected), "{expected:?} missing:\n{stderr}");
    }
    // The corpus report as written draws no such hint.
    let clean = project();
    let (_, stderr) = texts(&run_in(clean.path(), &["check", REPORT]));
    assert!(!stderr.contains("der Text"), "{stderr}");
}

#[test]
fn a_milestone_names_the_gremium_that_decides() {
    let dir = project();
    edit(
        dir.path(),
        "gegenstand = \"das Seniorenleitbild\"",
        "gegenstand = \"das Seniorenleitbild\"\ngremium = \"die Stadtverordnetenversammlung\"",
    );
    let pdf = dir.path().join("b.pdf");
    let out = run_in(dir.path(), &["render", REPORT, "-o", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let text = pdf_text(&pdf);
    let sentence = "Die Stadtverordnetenversammlung soll im ersten Halbjahr 2024 das Seniorenleitbild beschließen.";
    assert!(contains_loosely(&text, sentence), "{text}");

    edit(
        dir.path(),
        "gremium = \"die Stadtverordnetenversammlung\"",
        "gremium = \"stv\"",
    );
    let out = run_in(dir.path(), &["check", REPORT]);
    let (_, stderr) = texts(&out);
    assert!(!out.status.success());
    let line = line_of(dir.path(), "gremium = \"stv\"");
    for expected in [
        format!("{REPORT}:{line}:11"),
        "fehler: das Gremium `stv` steht nicht im Gremienverzeichnis".to_string(),
        "meinten Sie `stvv`?".to_string(),
    ] {
        assert!(
            stderr.contains(&expected),
            "{expected:?} missing:\n{stderr}"
        );
    }
}

#[test]
fn diff_says_an_emptied_time_was_removed() {
    let dir = project();
    let old = dir.path().join("reports/2023-10-seniorenleitbild.toml");
    let new = dir.path().join("reports/2024-03-seniorenleitbild.toml");
    let text = std::fs::read_to_string(&old).unwrap();
    std::fs::write(
        &new,
        text.replacen("wann = \"im ersten Halbjahr 2024\"\n", "", 1)
            .replacen("datum = 2023-10-18", "datum = 2024-03-11", 1),
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &["diff", old.to_str().unwrap(), new.to_str().unwrap()],
    );
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains(
            "- Meilenstein Beschluss des Seniorenleitbilds, Zeitangabe entfernt (war „im ersten Halbjahr 2024“)"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("→ „“"), "{stdout}");
}
