//! The project as one unit: reports in several folders and an archive share one register of
//! Vorlagen-Nr.; commands find the project from wherever the user stands; the register of
//! Gremien is checked against every Beratung.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::*;

const BESCHLUSS: &str = "beschluesse/2023-02-zuschuss.toml";
const MITTEILUNG: &str = "mitteilungen/2023-06-front-office.toml";
const BERICHT: &str = "berichte/2022-11-integrationsstrategie.toml";

/// A city's project with reports in three folders (and no `reports/` folder).
fn city(dir: &Path) {
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    for (from, to) in [
        (
            "reports/2023-02-zuschuss-interkulturelle-wochen.toml",
            BESCHLUSS,
        ),
        ("reports/2023-06-front-office-migration.toml", MITTEILUNG),
        ("reports/2022-11-integrationsstrategie.toml", BERICHT),
    ] {
        let target = dir.join(to);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(root().join(from), target).unwrap();
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} contains {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn nummer_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let value: toml::Table = text.parse().unwrap();
    value["kopf"]["nummer"].as_str().unwrap().to_owned()
}

#[test]
fn new_takes_the_next_number_over_all_folders_and_the_archive() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir);
    // The archive knows 2023/0200, for a paper no longer in any folder.
    std::fs::create_dir_all(dir.join("archiv")).unwrap();
    std::fs::write(
        dir.join("archiv/index.jsonl"),
        "{\"vorlagen_nr\":\"2023/0200\",\"vorlage\":\"beschlussvorlage\"}\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("entwuerfe")).unwrap();
    let out = run_in(
        &dir.join("entwuerfe"),
        &[
            "new",
            "--vorlage",
            "mitteilungsvorlage",
            "--datum",
            "2023-07-03",
            "-o",
            "neu.toml",
        ],
    );
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(nummer_of(&dir.join("entwuerfe/neu.toml")), "2023/0201");

    // Without the archive's number, the highest in any folder counts (2023/0201 in entwuerfe/).
    std::fs::remove_file(dir.join("archiv/index.jsonl")).unwrap();
    let out = run_in(
        &dir.join("beschluesse"),
        &[
            "new",
            "--from",
            "2023-02-zuschuss.toml",
            "--datum",
            "2023-08-01",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(
        nummer_of(&dir.join("beschluesse/2023-08-zuschuss.toml")),
        "2023/0202"
    );
}

#[test]
fn check_names_both_reports_with_the_same_number() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir);
    edit(
        &dir.join(MITTEILUNG),
        "nummer = \"2023/0112\"",
        "nummer = \"2023/0031\"",
    );
    let out = run_in(dir, &["check", MITTEILUNG]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "die Vorlagen-Nr. 2023/0031 steht auch in beschluesse/2023-02-zuschuss.toml:14:10"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {MITTEILUNG}:14:10")),
        "{stderr}"
    );

    // The whole project from a subfolder: both files are named, each at its own error.
    let out = run_in(&dir.join("berichte"), &["check"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("3 Berichte geprüft, 2 Fehler"), "{stderr}");
    assert!(
        stderr.contains("--> ../beschluesse/2023-02-zuschuss.toml:14:10"),
        "{stderr}"
    );
    assert!(
        stderr.contains("steht auch in ../mitteilungen/2023-06-front-office.toml:14:10"),
        "{stderr}"
    );
}

#[test]
fn archive_refuses_a_number_filed_for_another_paper() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir);
    let out = run_in(dir, &["archive", BESCHLUSS]);
    assert!(out.status.success(), "{}", texts(&out).1);
    // A copy in another folder, with another Betreff but the same number.
    let copy = dir.join("mitteilungen/kopie.toml");
    std::fs::copy(dir.join(BESCHLUSS), &copy).unwrap();
    edit(
        &copy,
        "betreff = \"Interkulturelle Wochen 2023",
        "betreff = \"Sommerfest 2023",
    );
    release_file(&copy);
    let out = run_in(
        dir,
        &["archive", "mitteilungen/kopie.toml", "--grund", "neu"],
    );
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains(
            "die Vorlagen-Nr. 2023/0031 ist im Archiv schon für eine andere Vorlage vergeben"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("Quelldatei beschluesse/2023-02-zuschuss.toml"),
        "{stderr}"
    );
    let index = std::fs::read_to_string(dir.join("archiv/index.jsonl")).unwrap();
    assert_eq!(index.lines().count(), 1, "{index}");
    assert!(!dir.join("archiv/2023/2023-0031-v2.pdf").exists());

    // The same paper, changed, still becomes version 2.
    edit(&dir.join(BESCHLUSS), "betrag = 500.00", "betrag = 600.00");
    release_file(&dir.join(BESCHLUSS));
    let out = run_in(dir, &["archive", BESCHLUSS, "--grund", "Betrag korrigiert"]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("(Version 2)"), "{stdout}");
}

#[test]
fn commands_find_the_project_from_root_and_subfolders() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir);
    // From the root (which has no reports/ folder) and from a subfolder.
    for (cwd, shown) in [
        (dir.to_path_buf(), "sitzungsmappe-sbk-2023-02-23.pdf"),
        (dir.join("berichte"), "../sitzungsmappe-sbk-2023-02-23.pdf"),
    ] {
        let out = run_in(
            &cwd,
            &["mappe", "--gremium", "sbk", "--termin", "2023-02-23"],
        );
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{stderr}");
        assert!(!stderr.contains("nicht gefunden"), "{stderr}");
        assert!(stdout.contains(&format!("{shown} (1 Vorlage,")), "{stdout}");
        std::fs::remove_file(dir.join("sitzungsmappe-sbk-2023-02-23.pdf")).unwrap();
    }
    // --ordner is relative to where the user stands, and a missing one is named.
    let out = run_in(
        &dir.join("berichte"),
        &[
            "mappe",
            "--gremium",
            "sbk",
            "--termin",
            "2023-02-23",
            "--ordner",
            "../beschluesse",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(
        dir.join("beschluesse/sitzungsmappe-sbk-2023-02-23.pdf")
            .is_file()
    );
    let out = run_in(
        dir,
        &[
            "mappe",
            "--gremium",
            "sbk",
            "--termin",
            "2023-02-23",
            "--ordner",
            "reports",
        ],
    );
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--ordner reports: diesen Ordner gibt es nicht"),
        "{stderr}"
    );
}

#[test]
fn verify_without_an_archive_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir);
    let out = run_in(&dir.join("berichte"), &["archive", "--verify"]);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("kein Archiv gefunden"), "{stderr}");
    assert!(!stdout.contains("in Ordnung"), "{stdout}");
    let empty = tempfile::tempdir().unwrap();
    let out = run_in(empty.path(), &["archive", "--verify"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        texts(&out).1.contains("kein sachstand.toml"),
        "{}",
        texts(&out).1
    );
}

#[test]
fn check_without_files_checks_the_project_and_its_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir);
    // Archive copies are no reports of the project.
    let out = run_in(dir, &["archive", BESCHLUSS]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let out = run_in(&dir.join("mitteilungen"), &["check"]);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("3 Berichte geprüft, 0 Fehler"), "{stderr}");

    edit(
        &dir.join("sachstand.toml"),
        "key = \"sbk\"",
        "key = \"magistrat\"",
    );
    let out = run_in(dir, &["check"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr
            .matches("der Schlüssel `magistrat` ist schon vergeben")
            .count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("--> sachstand.toml:"), "{stderr}");

    let empty = tempfile::tempdir().unwrap();
    let out = run_in(empty.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        texts(&out).1.contains("sachstand init"),
        "{}",
        texts(&out).1
    );
}

#[test]
fn the_register_checks_every_beratung() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir);
    let path = dir.join(BESCHLUSS);
    edit(&path, "termin = 2023-02-23", "termin = 2023-02-24");
    edit(
        &path,
        "gremium = \"Stadtverordnetenversammlung\"",
        "gremium = \"Stadtverordnetenversamlung\"",
    );
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen(
            "[[unterschriften]]",
            "[[beratungsfolge]]\ngremium = \"magistrat\"\ntermin = 2023-02-20\n\n[[beratungsfolge]]\ngremium = \"magistrat\"\ntermin = 2023-02-20\n\n[[unterschriften]]",
            1,
        ),
    )
    .unwrap();
    let out = run_in(dir, &["check", BESCHLUSS]);
    let (_, stderr) = texts(&out);
    assert!(
        stderr.contains("warnung: am 24.02.2023 tagt der Sozial-, Bildungs- und Kulturausschuss laut Gremienverzeichnis nicht"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{BESCHLUSS}:25:10")), "{stderr}");
    assert!(
        stderr.contains("die nächsten Sitzungen: 23.02.2023 und 25.05.2023"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("das Gremium „Stadtverordnetenversamlung“ steht nicht im Gremienverzeichnis"),
        "{stderr}"
    );
    assert!(
        stderr.contains("meinten Sie `stvv` („Stadtverordnetenversammlung“)?"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "die Beratung des Magistrats der Stadt Lampertheim am 20.02.2023 steht zweimal"
        ),
        "{stderr}"
    );

    // mappe says which reports it left out because their Termin is near the Sitzung.
    let out = run_in(
        dir,
        &["mappe", "--gremium", "sbk", "--termin", "2023-02-23"],
    );
    let (_, stderr) = texts(&out);
    assert!(
        stderr.contains(
            "nicht aufgenommen, weil der Termin nahe bei, aber nicht auf der Sitzung liegt"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{BESCHLUSS} (Termin 24.02.2023 statt 23.02.2023)")),
        "{stderr}"
    );
}

#[test]
fn a_nested_project_is_not_part_of_the_outer_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir);
    let inner = dir.join("ortsteil");
    std::fs::create_dir_all(inner.join("reports")).unwrap();
    std::fs::copy(dir.join("sachstand.toml"), inner.join("sachstand.toml")).unwrap();
    // The same number as beschluesse/, but in a project of its own.
    std::fs::copy(dir.join(BESCHLUSS), inner.join("reports/zuschuss.toml")).unwrap();
    let out = run_in(dir, &["check"]);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("3 Berichte geprüft, 0 Fehler"), "{stderr}");
    let out = run_in(&inner, &["check"]);
    assert!(
        texts(&out).1.contains("1 Bericht geprüft, 0 Fehler"),
        "{}",
        texts(&out).1
    );
}

#[test]
fn a_second_check_gives_the_same_findings_from_the_cache_and_a_change_is_seen() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir);
    // One finding that is not about the number: a Beratung on a day the Gremium does not meet.
    edit(
        &dir.join(MITTEILUNG),
        "termin = 2023-06-29",
        "termin = 2023-06-30",
    );
    let first = run_in(dir, &["check"]);
    let cache = dir.join(".sachstand-cache/pruefung");
    let entries = std::fs::read_dir(&cache).unwrap().count();
    assert_eq!(entries, 3, "one entry per report");
    let second = run_in(dir, &["check"]);
    assert_eq!(texts(&first), texts(&second));
    assert_eq!(first.status.code(), second.status.code());
    let (_, stderr) = texts(&second);
    assert!(stderr.contains(&format!("{MITTEILUNG}:")), "{stderr}");
    assert!(stderr.contains("am 30.06.2023 tagt"), "{stderr}");
    assert!(stderr.contains("3 Berichte geprüft"), "{stderr}");
    // The cache serves the JSON form alike.
    let json = |out: &std::process::Output| -> serde_json::Value {
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let a = run_in(dir, &["check", "--format", "json"]);
    let b = run_in(dir, &["check", "--format", "json"]);
    assert_eq!(json(&a), json(&b));

    // A changed report is checked anew; a number used twice is found with the cache, too.
    edit(
        &dir.join(MITTEILUNG),
        "termin = 2023-06-30",
        "termin = 2023-06-29",
    );
    let nummer = nummer_of(&dir.join(BESCHLUSS));
    edit(
        &dir.join(MITTEILUNG),
        &nummer_of(&dir.join(MITTEILUNG)),
        &nummer,
    );
    let third = run_in(dir, &["check"]);
    let (_, stderr) = texts(&third);
    assert!(!stderr.contains("am 30.06.2023 tagt"), "{stderr}");
    assert!(
        stderr.contains(&format!("die Vorlagen-Nr. {nummer} steht auch in")),
        "{stderr}"
    );
    assert_eq!(third.status.code(), Some(1));
}

#[test]
fn a_link_in_a_circle_is_named_and_the_other_reports_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir);
    std::fs::create_dir(dir.join("reports")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("kreis.toml", dir.join("reports/kreis.toml")).unwrap();
    let out = run_in(dir, &["check"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("reports/kreis.toml"), "{stderr}");
    assert!(stderr.contains("zeigt im Kreis"), "{stderr}");
    assert!(stderr.contains("3 Berichte geprüft"), "{stderr}");
    assert!(
        stderr.contains("1 von 4 Berichten übersprungen: reports/kreis.toml"),
        "{stderr}"
    );
}

#[test]
fn the_cache_sees_a_change_of_the_previous_report() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir);
    std::fs::copy(
        root().join("reports/2023-05-integrationsstrategie.toml"),
        dir.join("berichte/2023-05-integrationsstrategie.toml"),
    )
    .unwrap();
    let first = run_in(
        dir,
        &["check", "berichte/2023-05-integrationsstrategie.toml"],
    );
    let (_, stderr) = texts(&first);
    assert!(first.status.success(), "{stderr}");
    assert!(!stderr.contains("vorherigen Bericht"), "{stderr}");
    // The previous cycle's file goes away: the same, unchanged report now says so.
    std::fs::rename(dir.join(BERICHT), dir.join("berichte/alt.toml.bak")).unwrap();
    let second = run_in(
        dir,
        &["check", "berichte/2023-05-integrationsstrategie.toml"],
    );
    let (_, stderr) = texts(&second);
    assert!(
        stderr
            .contains("den vorherigen Bericht „2022-11-integrationsstrategie.toml“ gibt es nicht"),
        "{stderr}"
    );
}
