//! `diff` over every field of a Beschlussvorlage, refusing different Vorlagenarten; the
//! finance table's sums, expenses and income apart per year with the Eigenanteil, never alone
//! on a page (more on the table in `finanzen.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::*;

const BESCHLUSS: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";

fn project(dir: &Path) -> String {
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    std::fs::copy(root().join(BESCHLUSS), dir.join(BESCHLUSS)).unwrap();
    std::fs::copy(root().join(SEED), dir.join(SEED)).unwrap();
    std::fs::read_to_string(dir.join(BESCHLUSS)).unwrap()
}

#[test]
fn diff_sees_amounts_proposal_reasons_and_attachments() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = project(dir);
    let changed = text
        .replacen("betrag = 4000.00", "betrag = 5000.00", 1)
        .replacen(
            "Zuschüsse von insgesamt 4.500,00 €",
            "Zuschüsse von insgesamt 5.500,00 €",
            1,
        )
        .replacen(
            "  \"Förderrichtlinien der Stadt",
            "  \"Pressespiegel 2022\",\n  \"Förderrichtlinien der Stadt",
            1,
        )
        .replacen("datum = 2023-02-08", "datum = 2023-02-09", 1);
    std::fs::write(dir.join("reports/neu.toml"), changed).unwrap();
    let out = run_in(dir, &["diff", BESCHLUSS, "reports/neu.toml"]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    for expected in [
        "Finanzen 5 01 03 01 020 / 4318000 / 53180000 (2023): Betrag 4.000,00\u{a0}€ → 5.000,00\u{a0}€",
        "Beschlussvorschlag geändert: „Die Stadtverordnetenversammlung beschließt",
        "Anlage neu: „Pressespiegel 2022“",
    ] {
        assert!(stdout.contains(expected), "{expected:?}:\n{stdout}");
    }
    assert!(!stdout.contains("- keine"), "{stdout}");

    // Reversed: a warning that NEW is older.
    let out = run_in(dir, &["diff", "reports/neu.toml", BESCHLUSS]);
    let (_, stderr) = texts(&out);
    assert!(out.status.success());
    assert!(stderr.contains("warnung: NEU ("), "{stderr}");
    assert!(stderr.contains("ist älter als ALT"), "{stderr}");

    // Different Vorlagenarten are not compared.
    let out = run_in(dir, &["diff", SEED, BESCHLUSS]);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("sachstand diff vergleicht nur Vorlagen derselben Art"),
        "{stderr}"
    );
    assert!(stdout.is_empty(), "{stdout}");
}

fn rows(rows: &[(i32, f64)]) -> String {
    rows.iter()
        .enumerate()
        .map(|(i, (year, betrag))| {
            format!(
                "\n[[finanzen]]\nprodukt = \"5 01 03 01 020\"\nkonto = \"Konto {i}\"\nhaushaltsjahr = {year}\nbetrag = {betrag:.2}\ndeckung = \"Ansatz vorhanden\"\n"
            )
        })
        .collect()
}

fn without_finance(text: &str) -> String {
    text[..text.find("[[finanzen]]").unwrap()].to_owned()
}

#[test]
fn expenses_and_income_are_summed_apart_per_year() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = project(dir);
    let report = format!(
        "{}{}",
        without_finance(&text),
        rows(&[
            (2023, 4000.0),
            (2023, -1500.0),
            (2024, 2500.0),
            (2024, 500.0)
        ])
    );
    std::fs::write(dir.join(BESCHLUSS), report).unwrap();
    let pdf = dir.join("b.pdf");
    render_ok(&dir.join(BESCHLUSS), &pdf);
    let text = pdf_text(&pdf);
    // Income as a positive amount in its own column, the Eigenanteil per year.
    for expected in [
        "Summe 2023 4.000,00 1.500,00",
        "Eigenanteil 2023 2.500,00",
        "Summe 2024 3.000,00",
        "Eigenanteil 2024 3.000,00",
    ] {
        assert!(contains_loosely(&text, expected), "{expected:?}:\n{text}");
    }
    assert!(
        !text.contains("5.500,00"),
        "no sum over both years and kinds:\n{text}"
    );
}

/// Renders the Beschlussvorlage with `extra` one-line paragraphs before the finance table of
/// `count` rows; returns the pages' texts.
fn pages_with(dir: &Path, base: &str, extra: usize, count: usize) -> Vec<String> {
    let filler: String = (0..extra)
        .map(|i| format!("  \"Ergänzender Absatz {i} zur Begründung.\",\n"))
        .collect();
    let finance: Vec<(i32, f64)> = (0..count).map(|_| (2023, 100.0)).collect();
    let report = format!(
        "{}{}",
        base.replacen(
            "begruendung = [\n",
            &format!("begruendung = [\n{filler}"),
            1
        ),
        rows(&finance)
    );
    let name = format!("b{count}-{extra}");
    let path = dir.join(format!("reports/{name}.toml"));
    std::fs::write(&path, report).unwrap();
    let pdf = dir.join(format!("{name}.pdf"));
    render_ok(&path, &pdf);
    let pages: usize = pdf_info(&pdf, "Pages").parse().unwrap();
    (1..=pages)
        .map(|page| {
            let p = page.to_string();
            poppler(
                "pdftotext",
                &["-f", &p, "-l", &p, "-enc", "UTF-8", "-raw"],
                &pdf,
            )
        })
        .collect()
}

#[test]
fn the_sum_row_never_stands_alone_at_the_top_of_a_page() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = project(dir);
    let base = without_finance(&text);
    // Push the table down a line at a time, so that the page break passes through it: a
    // short table (three rows) and a long one (breaking, its sums after the last row).
    for (count, extras) in [(3, 0..14), (30, 18..27)] {
        let last = format!("Konto {}", count - 1);
        let mut first_row_pages = Vec::new();
        for extra in extras {
            let pages = pages_with(dir, &base, extra, count);
            for (i, page) in pages.iter().enumerate() {
                if page.contains("Summe") {
                    assert!(
                        page.contains(&last),
                        "{count} rows, {extra} lines more: page {} has the sum without the last row:\n{page}",
                        i + 1
                    );
                }
                if page.contains("Konto 0") {
                    first_row_pages.push(i + 1);
                }
            }
        }
        first_row_pages.dedup();
        assert!(
            first_row_pages.len() > 1 || count > 3,
            "the sweep moves the table across a page break: {first_row_pages:?}"
        );
    }
}

#[test]
fn diff_sees_the_texts_of_a_sachstandsbericht() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let changed = seed_text()
        .replacen(
            "traeger = \"das Regionale Diakonische Werk Bergstraße\"",
            "traeger = \"der Caritasverband Darmstadt\"",
            1,
        )
        .replacen("datum = 2022-11-16", "datum = 2022-11-17", 1);
    std::fs::write(dir.join("reports/neu.toml"), changed).unwrap();
    let out = run_in(dir, &["diff", SEED, "reports/neu.toml"]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains(
            "Stelle, Träger: „das Regionale Diakonische Werk Bergstraße“ → „der Caritasverband Darmstadt“"
        ),
        "{stdout}"
    );
}
