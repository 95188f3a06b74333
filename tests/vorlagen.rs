//! The library of Vorlagenarten: each built-in type renders its example report, they share
//! one layout, and `sachstand templates` lists them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::*;

const BESCHLUSS: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";
const MITTEILUNG: &str = "reports/2023-06-front-office-migration.toml";

fn rendered_text(report: &str, dir: &Path, extra: &[&str]) -> String {
    let pdf = dir.join(Path::new(report).with_extension("pdf").file_name().unwrap());
    let out = render_to(report, &pdf, extra);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{report}: {stderr}");
    assert!(!stderr.contains("warnung"), "{report}: {stderr}");
    pdf_text(&pdf)
}

#[test]
fn beschlussvorlage_example_renders_every_part() {
    let dir = tempfile::tempdir().unwrap();
    let text = rendered_text(BESCHLUSS, dir.path(), &[]);
    for expected in [
        "BESCHLUSSVORLAGE",
        "Vorlagen-Nr. 2023/0031",
        "Interkulturelle Wochen 2023: Zuschüsse für Veranstaltungen freier Träger",
        "Beratungsfolge Termin Bemerkungen Zuständigkeit",
        "Stadtverordnetenversammlung 10.03.2023 Entscheidung",
        "Beschlussvorschlag:",
        "Die Stadtverordnetenversammlung beschließt, den freien Trägern für Veranstaltungen der Interkulturellen Wochen 2023 Zuschüsse von insgesamt 4.500,00 € zu gewähren.",
        "Begründung:",
        "kleinere Migrant*innenorganisationen teilnehmen können.",
        "Finanzielle Auswirkungen:",
        "Ausgaben in €",
        "2023 4.000,00 Ansatz im Haushalt 2023 vorhanden",
        "2023 500,00 Ansatz im Haushalt 2023 vorhanden",
        "Summe 4.500,00",
        "Anlagen:",
        "1. Kostenplan der Interkulturellen Wochen 2023",
        "2. Förderrichtlinien der Stadt Lampertheim für Zuschüsse an freie Träger",
        "(Schmidt)",
    ] {
        assert!(
            contains_loosely(&text, expected),
            "{expected:?} missing:\n{text}"
        );
    }
    assert!(
        text.contains(" 2023 "),
        "a year prints without a thousands separator:\n{text}"
    );
    assert!(!text.contains("2.023"), "{text}");
}

#[test]
fn mitteilungsvorlage_example_asks_for_kenntnisnahme() {
    let dir = tempfile::tempdir().unwrap();
    let text = rendered_text(MITTEILUNG, dir.path(), &[]);
    for expected in [
        "MITTEILUNGSVORLAGE",
        "Front Office Migration: Bilanz des ersten Jahres",
        "Mitteilung:",
        "Ehrenamtliche Sprachmittler*innen unterstützten in elf Sprachen.",
        "Kenntnisnahme:",
        "Um Kenntnisnahme wird gebeten.",
        "Sozial-, Bildungs- und Kulturausschuss 29.06.2023 Kenntnisnahme",
        "1. Auswertung der Beratungskontakte Juni 2022 bis Mai 2023",
    ] {
        assert!(
            contains_loosely(&text, expected),
            "{expected:?} missing:\n{text}"
        );
    }
}

#[test]
fn a_city_layout_changes_the_letterhead_of_every_type() {
    let dir = tempfile::tempdir().unwrap();
    let layout = std::fs::read_to_string(root().join("templates/layout.typ")).unwrap();
    std::fs::write(
        dir.path().join("layout.typ"),
        layout.replacen("[Der Magistrat]", "[Der Magistrat · Rathausplatz 1]", 1),
    )
    .unwrap();
    let folder = dir.path().to_str().unwrap();
    for report in [SEED, BESCHLUSS, MITTEILUNG] {
        let text = rendered_text(report, dir.path(), &["--templates", folder]);
        assert!(
            text.contains("Der Magistrat · Rathausplatz 1"),
            "{report}:\n{text}"
        );
    }
}

#[test]
fn templates_lists_each_type_with_a_description() {
    let out = sachstand(&["templates"]);
    let (stdout, _) = texts(&out);
    assert!(out.status.success());
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].starts_with("beschlussvorlage ") && lines[0].contains("Beschlussvorschlag"),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("mitteilungsvorlage ") && lines[1].contains("Kenntnisnahme"),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with("sachstandsbericht ") && lines[2].contains("Stand"),
        "{stdout}"
    );
}

#[test]
fn a_city_folder_can_add_a_type() {
    let dir = tempfile::tempdir().unwrap();
    let own = "{#- Stellungnahme: eine kurze Stellungnahme der Verwaltung. -#}\n\
               {% extends \"_basis.typ.j2\" %}{% block art %}Stellungnahme{% endblock %}\
               {% block betreff %}{{ kopf.betreff }}{% endblock %}";
    std::fs::write(dir.path().join("stellungnahme.typ.j2"), own).unwrap();
    let out = sachstand(&["templates", "--templates", dir.path().to_str().unwrap()]);
    let (stdout, _) = texts(&out);
    assert!(
        stdout.contains("stellungnahme")
            && stdout.contains("eine kurze Stellungnahme der Verwaltung."),
        "{stdout}"
    );
}

#[test]
fn a_missing_section_is_named_and_a_foreign_one_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(BESCHLUSS)).unwrap();
    let start = text.find("[beschluss]").unwrap();
    let end = text.find("[[finanzen]]").unwrap();
    let broken = format!(
        "{}{}\n[stelle]\nperson = \"A\"\ntraeger = \"B\"\nbeginn = 2022-04-01\nabstimmung = \"C\"\nstellenanteil = 25\n",
        &text[..start],
        &text[end..]
    );
    let report = dir.path().join("b.toml");
    std::fs::write(&report, broken).unwrap();
    let out = sachstand(&["check", report.to_str().unwrap()]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "fehler: für die Vorlagenart `beschlussvorlage` fehlt der Abschnitt `[beschluss]`"
        ),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("warnung: der Abschnitt `stelle` gehört zur Vorlagenart `sachstandsbericht`"),
        "{stderr}"
    );
}
