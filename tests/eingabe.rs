//! Forgiving input and precise messages: German dates, keys with umlauts, typographic quotes,
//! German TOML syntax messages in line order, shell-quoted paths, German `--help`; limits
//! instead of hangs; plausibility warnings.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::*;

const MITTEILUNG: &str = "reports/2023-06-front-office-migration.toml";

/// A project with the example Mitteilungsvorlage; returns its text.
fn project(dir: &Path) -> String {
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    std::fs::copy(root().join(MITTEILUNG), dir.join(MITTEILUNG)).unwrap();
    std::fs::read_to_string(dir.join(MITTEILUNG)).unwrap()
}

fn check_with(dir: &Path, text: &str) -> (Option<i32>, String) {
    std::fs::write(dir.join(MITTEILUNG), text).unwrap();
    let out = run_in(dir, &["check", MITTEILUNG]);
    (out.status.code(), texts(&out).1)
}

/// Words of clap's and toml's English that must never reach the user.
const ENGLISH: [&str; 8] = [
    "expected",
    "invalid",
    "unexpected",
    "Usage",
    "Print help",
    "error:",
    "found",
    "tip:",
];

fn assert_german(text: &str) {
    for word in ENGLISH {
        assert!(!text.contains(word), "English {word:?} in:\n{text}");
    }
}

#[test]
fn common_mistakes_get_their_fix_in_line_order() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = project(dir);
    let broken = text
        .replacen("datum = 2023-06-14", "datum = 14.06.2023", 1)
        .replacen("federfuehrung =", "federführung =", 1)
        .replacen("termin = 2023-06-26", "termin = \"26.6.2023\"", 1);
    let broken = broken.replacen("[mitteilung]", "[mitteilung]\nhinweis = „Bürgerbüro“", 1);
    let (code, stderr) = check_with(dir, &broken);
    assert_eq!(code, Some(1), "{stderr}");
    assert_german(&stderr);
    let datum = stderr
        .find("fehler: Datum bitte als 2023-06-14 schreiben")
        .expect(&stderr);
    let key = stderr.find("gemeint ist `federfuehrung`").expect(&stderr);
    let termin = stderr
        .find("fehler: Datum bitte als 2023-06-26 schreiben")
        .expect(&stderr);
    let quotes = stderr
        .find("typographischen Anführungszeichen „")
        .expect(&stderr);
    assert!(
        key < datum && datum < termin && termin < quotes,
        "line order:\n{stderr}"
    );
    assert!(stderr.contains("hinweis = \"Bürgerbüro\""), "{stderr}");
    // The caret points at the value.
    assert!(
        stderr.contains("datum = 14.06.2023\n   |         ^^^^^^^^^^"),
        "{stderr}"
    );
}

#[test]
fn a_typographic_quote_closed_with_a_straight_one_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = project(dir);
    let broken = text.replacen(
        "[mitteilung]",
        "[mitteilung]\nhinweis = \"die „freien\" Träger\"",
        1,
    );
    let (code, stderr) = check_with(dir, &broken);
    assert_eq!(code, Some(1), "{stderr}");
    assert_german(&stderr);
    assert!(
        stderr.contains(
            "das typographische Anführungszeichen „ ist mit einem geraden \" geschlossen"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("schließen Sie „ mit “"), "{stderr}");
}

#[test]
fn every_toml_syntax_message_is_german() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = project(dir);
    for broken in [
        text.replacen("[kopf]", "[kopf", 1),
        text.replacen("datum = 2023-06-14", "datum = ", 1),
        text.replacen("datum = 2023-06-14", "datum = 2023-06-14 x", 1),
        text.replacen("produkt =", "produkt ==", 1),
        text.replacen("rolle = \"kenntnisnahme\"", "rolle = kenntnisnahme", 1),
        text.replacen("datum = 2023-06-14", "datum = 0.5.5", 1),
        text.replacen("[kopf]", "[kopf]\n[[kopf]]", 1),
    ] {
        let (code, stderr) = check_with(dir, &broken);
        assert_eq!(code, Some(1), "{stderr}");
        assert_german(&stderr);
        assert!(stderr.contains("fehler: "), "{stderr}");
    }
}

#[test]
fn paths_in_hints_are_quoted_for_the_shell() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let name = "reports/2024-06-Sachstand Kita-Ausbau (Entwurf ä).toml";
    let out = run_in(
        dir,
        &[
            "new",
            "--vorlage",
            "mitteilungsvorlage",
            "--datum",
            "2024-06-03",
            "-o",
            name,
        ],
    );
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("`sachstand check '{name}'`")),
        "{stderr}"
    );
}

#[test]
fn help_and_usage_errors_are_german() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(tmp.path(), &["--help"]);
    let (stdout, _) = texts(&out);
    assert!(out.status.success());
    for expected in [
        "Verwendung: sachstand <BEFEHL>",
        "Befehle:",
        "Optionen:",
        "Hilfe anzeigen",
        "Version anzeigen",
    ] {
        assert!(stdout.contains(expected), "{expected:?}:\n{stdout}");
    }
    assert_german(&stdout);
    let out = run_in(tmp.path(), &["check", "--help"]);
    let (stdout, _) = texts(&out);
    assert!(
        stdout.contains("Argumente:") && stdout.contains("[DATEI]"),
        "{stdout}"
    );
    assert_german(&stdout);

    let out = run_in(tmp.path(), &["chek"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("unbekannter Befehl „chek“"), "{stderr}");
    assert!(stderr.contains("meinten Sie „check“?"), "{stderr}");
    assert_german(&stderr);

    let out = run_in(tmp.path(), &["check", "--formt", "json"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("unbekanntes Argument „--formt“"),
        "{stderr}"
    );
    assert_german(&stderr);

    let out = run_in(tmp.path(), &["check", "--format", "xml"]);
    let (_, stderr) = texts(&out);
    assert!(
        stderr.contains("ungültiger Wert „xml“ für „--format <FORMAT>“"),
        "{stderr}"
    );
    assert!(stderr.contains("möglich sind"), "{stderr}");
    assert_german(&stderr);

    let out = run_in(tmp.path(), &["mappe", "--termin", "2024-01-01"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("es fehlt die Angabe"), "{stderr}");
    assert_german(&stderr);
}

#[test]
fn limits_name_the_field_and_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = project(dir);
    let long = "Wort ".repeat(4_001);
    let broken = text.replacen(
        "[mitteilung]\ntext = [",
        &format!("[mitteilung]\ntext = [\"{long}\","),
        1,
    );
    let (code, stderr) = check_with(dir, &broken);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`mitteilung.text[1]` ist 20.005 Zeichen lang; erlaubt sind höchstens 20.000 Zeichen je Text"),
        "{stderr}"
    );
    let part = format!("\"{}\",", "Wort ".repeat(3_200));
    let many = text.replacen(
        "[mitteilung]\ntext = [",
        &format!("[mitteilung]\ntext = [{}", part.repeat(4)),
        1,
    );
    let (code, stderr) = check_with(dir, &many);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("erlaubt sind höchstens 60.000 Zeichen"),
        "{stderr}"
    );
    assert!(
        stderr.contains("die Texte des Berichts sind zusammen 64."),
        "{stderr}"
    );
    let huge = format!("{text}\n# {}\n", "x".repeat(1024 * 1024));
    let (code, stderr) = check_with(dir, &huge);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("groß; erlaubt ist höchstens 1 MiB (1.048.576 Bytes)"),
        "{stderr}"
    );
    assert!(stderr.contains(MITTEILUNG), "{stderr}");
}

#[test]
fn implausible_values_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    let seed = "reports/2022-11-integrationsstrategie.toml";
    let text = seed_text().replacen("stellenanteil = 25", "stellenanteil = 0.5", 1);
    std::fs::write(dir.join(seed), text).unwrap();
    let out = run_in(dir, &["check", seed]);
    let (_, stderr) = texts(&out);
    assert!(
        stderr.contains("ein Stellenanteil von 0,5 Prozent ist unwahrscheinlich klein"),
        "{stderr}"
    );
    assert!(
        stderr.contains("meinten Sie 50? Schreiben Sie `stellenanteil = 50`"),
        "{stderr}"
    );

    // A skeleton's dates left as they were.
    let out = run_in(
        dir,
        &[
            "new",
            "--vorlage",
            "mitteilungsvorlage",
            "--datum",
            "2023-03-01",
            "-o",
            "reports/neu.toml",
        ],
    );
    assert!(out.status.success());
    let out = run_in(dir, &["check", "reports/neu.toml"]);
    let (_, stderr) = texts(&out);
    assert!(
        stderr.contains(
            "`beratungsfolge[1].termin` hat noch den Platzhalterwert 1970-01-01 aus dem Gerüst"
        ),
        "{stderr}"
    );

    // No Beratungsfolge: an error at the first line.
    let text = std::fs::read_to_string(root().join(MITTEILUNG)).unwrap();
    let start = text.find("[[beratungsfolge]]").unwrap();
    let end = text.find("[mitteilung]").unwrap();
    let without = format!("{}{}", &text[..start], &text[end..]);
    std::fs::write(dir.join(MITTEILUNG), without).unwrap();
    let out = run_in(dir, &["check", MITTEILUNG]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("fehler: die Vorlage hat keine Beratungsfolge"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {MITTEILUNG}:1:1")),
        "{stderr}"
    );
}

#[test]
fn problems_come_in_line_order_and_dates_are_checked_for_plausibility() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    let text = seed_text()
        .replacen("termin = 2022-11-28", "termin = 2022-11-14", 1)
        .replacen("termin = 2022-12-01", "termin = 2024-12-05", 1)
        .replacen(
            "traeger = \"das Regionale Diakonische Werk Bergstraße\"",
            "traeger = \"\"",
            1,
        )
        .replacen(
            "wann = \"im Frühjahr 2023\"",
            "wann = \"im Frühjahr 2021\"",
            1,
        );
    std::fs::write(dir.join(SEED), text).unwrap();
    let out = run_in(dir, &["check", SEED]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let positions: Vec<usize> = stderr
        .lines()
        .filter_map(|l| l.split(&format!("{SEED}:")).nth(1))
        .map(|rest| rest.split(':').next().unwrap().parse().unwrap())
        .collect();
    let line_of = |start: &str| {
        seed_text()
            .lines()
            .position(|l| l.starts_with(start))
            .unwrap()
            + 1
    };
    let expected = [
        line_of("termin = 2022-11-28"),
        line_of("termin = 2022-12-01"),
        line_of("termin = 2022-12-01"),
        line_of("traeger = "),
        line_of("wann = \"im Frühjahr 2023\""),
        // The seed is released; changed, it is a draft again (issue 24).
        line_of("[freigabe]"),
    ];
    assert_eq!(positions, expected, "in line order:\n{stderr}");
    assert!(
        stderr.contains("der Termin 05.12.2024 liegt mehr als ein Jahr nach dem Datum der Vorlage"),
        "{stderr}"
    );
    assert!(
        stderr.contains("„im Frühjahr 2021“ liegt vor dem Datum der Vorlage (16.11.2022)"),
        "{stderr}"
    );
}

#[test]
fn an_amount_with_a_german_thousands_dot_gets_no_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    let beschluss = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";
    let text = std::fs::read_to_string(root().join(beschluss)).unwrap();
    assert!(text.contains("betrag = 4000.00"));
    std::fs::write(
        dir.join(beschluss),
        text.replacen("betrag = 4000.00", "betrag = 6.200", 1),
    )
    .unwrap();
    let out = run_in(dir, &["render", beschluss]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let stderr = stderr.replace('\u{a0}', " ");
    assert!(
        stderr
            .contains("`betrag = 6.200` ist in TOML 6,20 €: der Punkt ist dort das Dezimalzeichen"),
        "{stderr}"
    );
    assert!(
        stderr.contains("meinten Sie 6.200,00 €? Dann schreiben Sie `betrag = 6200`"),
        "{stderr}"
    );
    assert!(!dir.join(beschluss.replace(".toml", ".pdf")).exists());
    // Cents with a dot stay what TOML says they are.
    std::fs::write(
        dir.join(beschluss),
        text.replacen("betrag = 4000.00", "betrag = 6.20", 1),
    )
    .unwrap();
    assert!(run_in(dir, &["check", beschluss]).status.success());
}

#[test]
fn date_options_take_the_german_form_too() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let out = run_in(
        dir,
        &[
            "new",
            "--vorlage",
            "beschlussvorlage",
            "--datum",
            "01.03.2023",
            "-o",
            "reports/neu.toml",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let text = std::fs::read_to_string(dir.join("reports/neu.toml")).unwrap();
    assert!(text.contains("datum = 2023-03-01"), "{text}");
    let out = run_in(
        dir,
        &[
            "new",
            "--vorlage",
            "beschlussvorlage",
            "--datum",
            "31.02.2023",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(texts(&out).1.contains("TT.MM.JJJJ oder JJJJ-MM-TT"));
    let out = run_in(
        dir,
        &[
            "mappe",
            "--gremium",
            "sbk",
            "--termin",
            "29.06.2023",
            "-o",
            "mappe.pdf",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(dir.join("mappe.pdf").is_file());
}

#[test]
fn a_nichtoeffentliche_vorlage_says_so_on_every_page_and_in_check() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = project(dir);
    std::fs::write(
        dir.join(MITTEILUNG),
        text.replacen(
            "nummer = \"2023/0112\"\n",
            "nummer = \"2023/0112\"\noeffentlich = false\n",
            1,
        ),
    )
    .unwrap();
    let out = run_in(dir, &["check"]);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("1 Bericht geprüft (davon 1 nichtöffentlich), 0 Fehler"),
        "{stderr}"
    );
    let pdf = dir.join("mitteilung.pdf");
    render_ok(&dir.join(MITTEILUNG), &pdf);
    let closed = poppler("pdftotext", &["-layout"], &pdf);
    assert!(closed.contains("NICHTÖFFENTLICH"), "{closed}");
    assert!(
        closed.contains("Vorlagen-Nr. 2023/0112 · nichtöffentlich"),
        "{closed}"
    );
    // Öffentlich (the default) prints nothing of the kind.
    std::fs::write(dir.join(MITTEILUNG), &text).unwrap();
    render_ok(&dir.join(MITTEILUNG), &pdf);
    let public = poppler("pdftotext", &["-layout"], &pdf);
    assert!(
        !public.to_lowercase().contains("nichtöffentlich"),
        "{public}"
    );
}
