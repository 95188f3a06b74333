//! `sachstand init`: a new city's project that checks and renders as it is, and never
//! overwrites anything.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

#[test]
fn init_sets_up_a_project_that_checks_and_renders() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let out = run_in(dir, &["init", "rathaus", "--stadt", "Bad Neustadt"]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("Angelegt: rathaus/sachstand.toml"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Angelegt: rathaus/reports/beispiel-mitteilung.toml"),
        "{stdout}"
    );
    assert!(stderr.contains("cd rathaus && sachstand check"), "{stderr}");
    let settings = std::fs::read_to_string(dir.join("rathaus/sachstand.toml")).unwrap();
    assert!(settings.contains("name = \"Bad Neustadt\""), "{settings}");
    assert!(
        settings.contains("name = \"Magistrat der Stadt Bad Neustadt\""),
        "{settings}"
    );
    assert!(settings.contains("# [[gremien]]"), "{settings}");

    let project = dir.join("rathaus");
    let out = run_in(&project, &["check"]);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    // The one warning: the signatory's placeholder name, to be replaced.
    assert!(
        stderr.contains("1 Bericht geprüft, 0 Fehler, 1 Warnung"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warnung: die Unterzeichnenden nennen noch „Nachname“"),
        "{stderr}"
    );
    let out = run_in(&project, &["render", "reports/beispiel-mitteilung.toml"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let text = pdf_text(&project.join("reports/beispiel-mitteilung.pdf"));
    assert!(text.contains("Stadt Bad Neustadt"), "{text}");
    assert!(text.contains("Magistrat der Stadt Bad Neustadt"), "{text}");

    // A second init changes nothing.
    std::fs::write(
        project.join("reports/beispiel-mitteilung.toml"),
        "# meins\n",
    )
    .unwrap();
    let before = std::fs::read_to_string(project.join("sachstand.toml")).unwrap();
    let out = run_in(dir, &["init", "rathaus", "--stadt", "Anderswo"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("rathaus/sachstand.toml gibt es schon; sachstand init überschreibt nichts"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(project.join("sachstand.toml")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read_to_string(project.join("reports/beispiel-mitteilung.toml")).unwrap(),
        "# meins\n"
    );
}

#[test]
fn init_without_a_terminal_needs_the_city() {
    let tmp = tempfile::tempdir().unwrap();
    // run_in gives the child no terminal on stdin.
    let out = run_in(tmp.path(), &["init"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("der Name der Stadt fehlt: sachstand init --stadt NAME"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn init_on_a_terminal_asks_for_the_city() {
    // `script` gives the child a terminal; without it there is nothing to test here.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("script (util-linux) fehlt: Test übersprungen");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let command = format!("{} init", env!("CARGO_BIN_EXE_sachstand"));
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(tmp.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Heppenheim\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("Name der Stadt: "), "{stdout}");
    assert!(stdout.contains("Angelegt: sachstand.toml"), "{stdout}");
    let settings = std::fs::read_to_string(tmp.path().join("sachstand.toml")).unwrap();
    assert!(settings.contains("name = \"Heppenheim\""), "{settings}");
}
