//! Reporting cycles end to end: `new --from` carries a report forward (format-preserving),
//! the user updates the statuses, the next report says what changed; `diff` lists it;
//! `new --vorlage` starts a blank report from a skeleton.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::*;

/// A project with the city's settings and the seed report, in a fresh folder.
fn seed_project(dir: &Path) {
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    std::fs::copy(root().join(SEED), dir.join(SEED)).unwrap();
}

#[test]
fn the_full_cycle_new_edit_render() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    seed_project(dir);
    let out = run_in(dir, &["new", "--from", SEED, "--datum", "2023-05-10"]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    let next = "reports/2023-05-integrationsstrategie.toml";
    assert_eq!(
        stdout.trim(),
        format!("Schema geschrieben: sachstand.schema.json\nNeuer Bericht geschrieben: {next}"),
        "the project had no schema file yet"
    );
    for todo in [
        "Noch zu aktualisieren:",
        "befragungen: Status der Befragung der Verwaltungsmitarbeitenden und Gewerbetreibender prüfen",
        "befragungen.zeitraum bitte prüfen: „in den vergangenen sechs Monaten“",
        "befragungen.gruppen[6].wann bitte prüfen: „noch in diesem Jahr“ (Befragung der Verwaltungsmitarbeitenden)",
        "meilensteine[2].wann bitte prüfen: „im Frühjahr 2023“ (Konferenz „Migrationsarbeit in Lampertheim“)",
        "meilensteine: Konferenz „Migrationsarbeit in Lampertheim“ (geplant)",
        "Beratungsfolge: Magistrat der Stadt Lampertheim am 22.05.2023",
        "neue Vorlagen-Nr.: 2023/0001",
    ] {
        assert!(stderr.contains(todo), "{todo:?} missing:\n{stderr}");
    }

    // Format-preserving: every comment of the old file is still there; only these lines changed.
    let old = std::fs::read_to_string(dir.join(SEED)).unwrap();
    let new = std::fs::read_to_string(dir.join(next)).unwrap();
    for line in old
        .lines()
        .filter(|l| l.trim_start().starts_with('#') || l.contains(" # "))
        // The release record and its comment stay with the old paper (issue 24).
        .filter(|l| !l.starts_with("# Freigabe (sachstand freigabe)"))
    {
        assert!(new.contains(line), "comment lost: {line}");
    }
    assert!(
        old.contains("\n[freigabe]\n") && !new.contains("[freigabe]"),
        "{new}"
    );
    assert!(
        stderr.contains("Freigabe entfernt: der neue Bericht ist ein Entwurf"),
        "{stderr}"
    );
    assert!(new.contains("datum = 2023-05-10\n"), "{new}");
    assert!(
        new.contains("vorheriger = \"2022-11-integrationsstrategie.toml\""),
        "{new}"
    );
    assert!(new.contains("nummer = \"2023/0001\""), "{new}");
    assert!(
        new.contains("termin = 2023-05-22") && new.contains("termin = 2023-05-25"),
        "{new}"
    );
    // The release record's keys (durch, am, inhalt) stay with the old paper.
    let old_keys: Vec<&str> = old
        .split("\n[freigabe]\n")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
        .collect();
    let new_keys: Vec<&str> = new
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
        .filter(|k| *k != "vorheriger" && *k != "nummer")
        .collect();
    assert_eq!(old_keys, new_keys, "key order is kept");

    // Never overwrite.
    let again = run_in(dir, &["new", "--from", SEED, "--datum", "2023-05-10"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(texts(&again).1.contains("existiert bereits"));
    assert_eq!(std::fs::read_to_string(dir.join(next)).unwrap(), new);

    // The user updates the statuses as the list asks.
    let edited = new
        .replace("status = \"geplant\"\nwann = \"noch in diesem Jahr\"\nthema = \"über ihre beruflichen Erfahrungen im Zusammenhang mit Migrantinnen und Migranten\"\n", "status = \"abgeschlossen\"\n")
        .replace("zeitraum = \"in den vergangenen sechs Monaten\"", "zeitraum = \"zwischen Mai 2022 und Februar 2023\"")
        .replace(
            "status = \"geplant\"\nwann = \"im Frühjahr 2023\"",
            "status = \"erledigt\"\ndatum = 2023-03-22\nergebnis = \"an der 64 Personen teilnahmen\"",
        )
        .replace("zweck = \"die die bisherigen Ergebnisse in den Fokus nimmt und daraus Vorschläge von Maßnahmen für Lampertheim generieren soll\"\n", "");
    std::fs::write(dir.join(next), &edited).unwrap();

    let pdf = dir.join("reports/2023-05-integrationsstrategie.pdf");
    let out = run_in(dir, &["render", next]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let text = pdf_text(&pdf);
    for sentence in [
        "Vorlagen-Nr. 2023/0001",
        "Seit dem letzten Sachstandsbericht vom 16.11.2022 wurden die Verwaltungsmitarbeitenden sowie Gewerbetreibende befragt. Darüber hinaus fand am 22.03.2023 eine Konferenz zum Thema „Migrationsarbeit in Lampertheim“ statt, an der 64 Personen teilnahmen.",
        "Zunächst wurden zwischen Mai 2022 und Februar 2023 unterschiedliche Akteure befragt",
        "berücksichtigten die engagierten freien Träger, die Ehrenamtlichen, die Migranten*innen selbst, die Kolleg*innen im Kreis Bergstraße, die Fraktionen, die Verwaltungsmitarbeitenden sowie Gewerbetreibende.",
        "Magistrat der Stadt Lampertheim 22.05.2023",
    ] {
        assert!(
            contains_loosely(&text, sentence),
            "{sentence:?} missing:\n{text}"
        );
    }
    // The milestone reached is said once, in the paragraph about what changed.
    assert_eq!(text.matches("64 Personen").count(), 1, "{text}");
    assert!(
        !contains_loosely(&text, "In einem nächsten Schritt"),
        "{text}"
    );

    // diff names the same changes in the same words.
    let out = run_in(dir, &["diff", SEED, next]);
    let (stdout, _) = texts(&out);
    assert!(out.status.success());
    for item in [
        "- Datum der Vorlage: 16.11.2022 → 10.05.2023",
        "- Seit dem letzten Sachstandsbericht vom 16.11.2022 wurden die Verwaltungsmitarbeitenden sowie Gewerbetreibende befragt.",
        "- Darüber hinaus fand am 22.03.2023 eine Konferenz zum Thema „Migrationsarbeit in Lampertheim“ statt, an der 64 Personen teilnahmen.",
    ] {
        assert!(stdout.contains(item), "{item:?} missing:\n{stdout}");
    }
}

#[test]
fn without_sitzungen_the_termin_is_cleared_with_a_comment() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    seed_project(dir);
    let out = run_in(
        dir,
        &[
            "new",
            "--from",
            SEED,
            "--datum",
            "2024-02-01",
            "-o",
            "reports/naechster.toml",
        ],
    );
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Beratungsfolge: Termin für den Magistrat der Stadt Lampertheim eintragen"),
        "{stderr}"
    );
    let new = std::fs::read_to_string(dir.join("reports/naechster.toml")).unwrap();
    assert!(
        new.contains("# Bitte den Sitzungstermin eintragen (termin = JJJJ-MM-TT)"),
        "{new}"
    );
    let check = run_in(dir, &["check", "reports/naechster.toml"]);
    let (_, stderr) = texts(&check);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr.contains("der Pflichtschlüssel `termin` fehlt"),
        "{stderr}"
    );
}

#[test]
fn a_citys_skeleton_with_kopf_not_a_table_is_refused_not_a_panic() {
    // A city's own skeleton (templates folder) may be broken: `kopf = "…"` must be refused in
    // German, exit 2, nothing written (doc["kopf"]["datum"] panicked on it before).
    let dir = tempfile::tempdir().unwrap();
    seed_project(dir.path());
    let templates = dir.path().join("vorlagen");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("mitteilungsvorlage.geruest.toml"),
        "vorlage = \"mitteilungsvorlage\"\nkopf = \"x\"\n\n[mitteilung]\ntext = \"\"\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[
            "new",
            "--vorlage",
            "mitteilungsvorlage",
            "--datum",
            "2024-03-01",
            "--templates",
            "vorlagen",
            "-o",
            "reports/neu.toml",
        ],
    );
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("mitteilungsvorlage.geruest.toml: kopf ist keine Tabelle"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!dir.path().join("reports/neu.toml").exists());
}

#[test]
fn a_date_before_the_previous_report_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    seed_project(dir.path());
    let out = run_in(
        dir.path(),
        &["new", "--from", SEED, "--datum", "2022-10-01"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        texts(&out)
            .1
            .contains("muss nach dem vorherigen (16.11.2022) datiert sein")
    );
}

#[test]
fn skeletons_start_each_type_and_check_lists_what_to_fill_in() {
    for kind in [
        "sachstandsbericht",
        "beschlussvorlage",
        "mitteilungsvorlage",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        seed_project(dir);
        let target = format!("reports/neu-{kind}.toml");
        let out = run_in(
            dir,
            &[
                "new",
                "--vorlage",
                kind,
                "--datum",
                "2023-09-01",
                "-o",
                &target,
            ],
        );
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{kind}: {stderr}");
        assert!(stdout.contains(&target), "{stdout}");
        let text = std::fs::read_to_string(dir.join(&target)).unwrap();
        assert!(
            text.starts_with("#:schema ../sachstand.schema.json\n# Neue"),
            "commented skeleton with the schema line: {text}"
        );
        assert!(text.contains("datum = 2023-09-01"), "{text}");
        assert!(text.contains("nummer = \"2023/0001\""), "{text}");
        let check = run_in(dir, &["check", &target]);
        let (_, stderr) = texts(&check);
        assert_eq!(check.status.code(), Some(1), "{kind}: {stderr}");
        assert!(stderr.contains("ist leer"), "{kind}: {stderr}");
        assert!(
            !stderr.contains("unbekannt"),
            "the skeleton has only known keys: {stderr}"
        );
    }
}

#[test]
fn a_skeleton_without_o_goes_into_the_projects_reports_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::root().join("sachstand.toml"),
        dir.path().join("sachstand.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    let out = common::run_in(
        dir.path(),
        &[
            "new",
            "--vorlage",
            "beschlussvorlage",
            "--datum",
            "2024-03-01",
        ],
    );
    let (stdout, stderr) = common::texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("Neues Gerüst geschrieben: reports/2024-03-beschlussvorlage.toml"),
        "{stdout}"
    );
    assert!(
        dir.path()
            .join("reports/2024-03-beschlussvorlage.toml")
            .is_file()
    );
    assert!(!dir.path().join("2024-03-beschlussvorlage.toml").exists());
    // Its finance row names the Vorlage's year, not the skeleton's.
    let text =
        std::fs::read_to_string(dir.path().join("reports/2024-03-beschlussvorlage.toml")).unwrap();
    assert!(text.contains("\nhaushaltsjahr = 2024\n"), "{text}");
}
