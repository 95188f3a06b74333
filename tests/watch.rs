//! `render --watch`: a change to the report or the settings renders again (one line each); a
//! save with errors prints the diagnostics and keeps the last good PDF.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{pdf_text, root, seed_text};

/// Replaces `path` the way editors save: a new file renamed over the old one.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Lines from a child's pipe, as they come.
fn lines(pipe: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for a line containing `needle`.
fn wait_for(rx: &mpsc::Receiver<String>, needle: &str) -> String {
    loop {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(line) if line.contains(needle) => return line,
            Ok(_) => {}
            Err(_) => panic!("no line with {needle:?} within 30 s"),
        }
    }
}

#[test]
fn watch_renders_again_after_each_save_and_keeps_the_last_good_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    std::fs::create_dir(dir.join("reports")).unwrap();
    let report = dir.join("reports/bericht.toml");
    std::fs::write(&report, seed_text()).unwrap();
    let pdf = dir.join("reports/bericht.pdf");

    let mut child = Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .args(["render", "--watch", "reports/bericht.toml"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = lines(child.stdout.take().unwrap());
    let err = lines(child.stderr.take().unwrap());
    wait_for(&out, "PDF geschrieben: reports/bericht.pdf");
    wait_for(&err, "Beobachte 2 Dateien");

    // The report changes: one new render with the new text.
    save(&report, &seed_text().replace("Susanne Kolb", "Jana Weber"));
    wait_for(&out, "PDF geschrieben: reports/bericht.pdf");
    assert!(pdf_text(&pdf).contains("Jana Weber"));

    // A save with an error: diagnostics, no PDF, the last good one stays.
    let good = std::fs::read(&pdf).unwrap();
    save(
        &report,
        &seed_text().replace("stellenanteil = 25", "stellenanteil = 0"),
    );
    wait_for(&err, "Kein PDF für reports/bericht.toml");
    assert_eq!(std::fs::read(&pdf).unwrap(), good);

    // The settings change: the city's name is in the new PDF.
    save(
        &report,
        &seed_text().replace("stadt = \"Lampertheim\"\n", ""),
    );
    wait_for(&out, "PDF geschrieben: reports/bericht.pdf");
    let settings = std::fs::read_to_string(dir.join("sachstand.toml")).unwrap();
    save(
        &dir.join("sachstand.toml"),
        &settings.replace("name = \"Lampertheim\"", "name = \"Bensheim\""),
    );
    wait_for(&out, "PDF geschrieben: reports/bericht.pdf");
    assert!(pdf_text(&pdf).contains("Stadt Bensheim"));

    child.kill().unwrap();
    child.wait().unwrap();
}
