//! Rendering on all cores: `--jobs 2` prints the same lines in the same order, exits the same
//! and writes byte-identical PDFs as `--jobs 1`, also when a report in the middle fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{root, run_in, texts};

/// A project with the example reports, 20 distinct copies of the seed and one broken report.
fn project(dir: &Path) -> Vec<String> {
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    std::fs::create_dir(dir.join("reports")).unwrap();
    let seed = common::seed_text();
    let mut names = Vec::new();
    for i in 0..20 {
        let name = format!("reports/kopie-{i:02}.toml");
        let text = seed.replace("Susanne Kolb", &format!("Person {i}"));
        std::fs::write(dir.join(&name), text).unwrap();
        // Only released papers are archived (issue 24).
        common::release_file(&dir.join(&name));
        names.push(name);
        if i == 7 {
            let broken = "reports/kaputt.toml";
            std::fs::write(
                dir.join(broken),
                seed.replace("stellenanteil = 25", "stellenanteil = 0"),
            )
            .unwrap();
            names.push(broken.to_owned());
        }
    }
    names
}

#[test]
fn parallel_output_equals_sequential_output() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let names = project(a.path());
    project(b.path());
    let run = |dir: &Path, jobs: &str| {
        let mut args = vec!["render", "--jobs", jobs];
        args.extend(names.iter().map(String::as_str));
        run_in(dir, &args)
    };
    let one = run(a.path(), "1");
    let two = run(b.path(), "2");
    assert_eq!(
        one.status.code(),
        Some(1),
        "the broken report fails the run"
    );
    assert_eq!(one.status.code(), two.status.code());
    let (out1, err1) = texts(&one);
    let (out2, err2) = texts(&two);
    assert_eq!(out1, out2, "stdout in the same order");
    assert_eq!(err1, err2, "stderr in the same order");
    assert_eq!(out1.lines().count(), 20, "{out1}");
    assert!(err1.contains("Kein PDF für reports/kaputt.toml"), "{err1}");
    for name in names.iter().filter(|n| !n.contains("kaputt")) {
        let pdf = Path::new(name).with_extension("pdf");
        let x = std::fs::read(a.path().join(&pdf)).unwrap();
        let y = std::fs::read(b.path().join(&pdf)).unwrap();
        assert!(
            x == y,
            "{} differs between --jobs 1 and --jobs 2",
            pdf.display()
        );
    }
    assert!(!b.path().join("reports/kaputt.pdf").exists());
}

#[test]
fn jobs_must_be_at_least_one() {
    let out = common::sachstand(&["render", "--jobs", "0", common::SEED]);
    assert_eq!(out.status.code(), Some(2));
}

/// The archive's index without the time each line was filed (the one fact that differs
/// between two runs).
fn index_without_time(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("archiv/index.jsonl"))
        .unwrap()
        .lines()
        .map(|line| {
            let mut entry: serde_json::Value = serde_json::from_str(line).unwrap();
            entry.as_object_mut().unwrap().remove("archiviert");
            entry
        })
        .collect()
}

#[test]
fn parallel_archive_files_in_the_order_given() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let names = project(a.path());
    project(b.path());
    let run = |dir: &Path, jobs: &str| {
        let mut args = vec!["archive", "--jobs", jobs];
        args.extend(names.iter().map(String::as_str));
        run_in(dir, &args)
    };
    let one = run(a.path(), "1");
    let two = run(b.path(), "2");
    assert_eq!(one.status.code(), Some(1), "the broken report is refused");
    assert_eq!(one.status.code(), two.status.code());
    let (out1, err1) = texts(&one);
    let (out2, err2) = texts(&two);
    let out2 = out2.replace(b.path().to_str().unwrap(), a.path().to_str().unwrap());
    let err2 = err2.replace(b.path().to_str().unwrap(), a.path().to_str().unwrap());
    assert_eq!(out1, out2, "stdout in the same order");
    assert_eq!(err1, err2, "stderr in the same order");
    assert_eq!(out1.matches("Archiviert: ").count(), 20, "{out1}");
    assert!(
        err1.contains("Nicht archiviert: reports/kaputt.toml"),
        "{err1}"
    );
    let (index1, index2) = (index_without_time(a.path()), index_without_time(b.path()));
    assert_eq!(index1.len(), 20);
    assert_eq!(index1, index2, "same entries in the same order");
    for entry in &index1 {
        let file = entry["datei"].as_str().unwrap();
        let x = std::fs::read(a.path().join("archiv").join(file)).unwrap();
        let y = std::fs::read(b.path().join("archiv").join(file)).unwrap();
        assert!(x == y, "{file} differs between --jobs 1 and --jobs 2");
    }
    // Filed again: every report is already there, in the same order, and nothing changes.
    let again = run(b.path(), "2");
    let (out3, _) = texts(&again);
    assert_eq!(out3.matches("Bereits archiviert: ").count(), 20, "{out3}");
    assert_eq!(index_without_time(b.path()), index2);
}
