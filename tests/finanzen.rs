//! The finance table of a Beschlussvorlage as the Kämmerei reads it: expenses and income as
//! positive amounts in their own columns, per Haushaltsjahr a Summe and the Eigenanteil, "€"
//! only in the header, account names never hyphenated; the table starts on the page where its
//! header and two rows fit and repeats its header after a page break. Read back from the PDF.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::*;

const BESCHLUSS: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";

/// One row: (Konto, Haushaltsjahr, Betrag, Deckung).
type Row<'a> = (&'a str, i32, f64, &'a str);

/// The example Beschlussvorlage with `rows` as its finance table and `extra` more paragraphs
/// in the Begründung, rendered in `dir` as `name`.pdf.
fn render_with(dir: &Path, name: &str, rows: &[Row], extra: usize) -> PathBuf {
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    let text = std::fs::read_to_string(root().join(BESCHLUSS)).unwrap();
    let head = &text[..text.find("[[finanzen]]").unwrap()];
    let filler: String = (0..extra)
        .map(|i| format!("  \"Ergänzender Absatz {i} zur Begründung.\",\n"))
        .collect();
    let head = head.replacen(
        "begruendung = [\n",
        &format!("begruendung = [\n{filler}"),
        1,
    );
    let finance: String = rows
        .iter()
        .map(|(konto, year, betrag, deckung)| {
            format!(
                "\n[[finanzen]]\nprodukt = \"1 11 09 01 000\"\nkonto = \"{konto}\"\nhaushaltsjahr = {year}\nbetrag = {betrag:.2}\ndeckung = \"{deckung}\"\n"
            )
        })
        .collect();
    let report = dir.join(format!("reports/{name}.toml"));
    std::fs::write(&report, format!("{head}{finance}")).unwrap();
    let pdf = dir.join(format!("{name}.pdf"));
    render_ok(&report, &pdf);
    pdf
}

/// Each page's text (`pdftotext -raw`).
fn pages(pdf: &Path) -> Vec<String> {
    let count: usize = pdf_info(pdf, "Pages").parse().unwrap();
    (1..=count)
        .map(|page| {
            let p = page.to_string();
            poppler(
                "pdftotext",
                &["-f", &p, "-l", &p, "-enc", "UTF-8", "-raw"],
                pdf,
            )
        })
        .collect()
}

/// The finance section of the text: from its heading to the signature.
fn finance_section(text: &str) -> &str {
    let start = text.find("Finanzielle Auswirkungen:").unwrap();
    let end = text[start..].find("(Schmidt)").unwrap() + start;
    &text[start..end]
}

/// Where row `i` ("Konto i", not "Konto i0") stands in `page`.
fn row_at(page: &str, i: usize) -> Option<usize> {
    let needle = format!("Konto {i}");
    page.match_indices(&needle)
        .map(|(at, _)| at)
        .find(|at| !page[at + needle.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// The 1-based page on which row `i` stands.
fn row_page(pages: &[String], i: usize) -> usize {
    pages
        .iter()
        .position(|p| row_at(p, i).is_some())
        .unwrap_or_else(|| panic!("Konto {i} on no page:\n{pages:#?}"))
        + 1
}

/// The 1-based page whose text contains `needle`.
fn page_of(pages: &[String], needle: &str) -> usize {
    pages
        .iter()
        .position(|p| p.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} on no page:\n{pages:#?}"))
        + 1
}

const ONLINE: [Row; 6] = [
    (
        "4301000 / 07210000 Software",
        2027,
        38500.0,
        "Ansatz im Haushalt 2027 vorhanden",
    ),
    (
        "4301000 / 54310000 Wartung und Lizenzen",
        2027,
        6200.0,
        "Ansatz im Haushalt 2027 vorhanden",
    ),
    (
        "4301000 / 31410000 Zuweisungen vom Land",
        2027,
        -24250.0,
        "Förderbescheid des Landes vom 12.01.2027",
    ),
    (
        "4301000 / 54310000 Wartung und Lizenzen",
        2028,
        6400.0,
        "Anmeldung zum Haushalt 2028",
    ),
    (
        "4301000 / 52710000 Schulungen",
        2028,
        1800.0,
        "Anmeldung zum Haushalt 2028",
    ),
    (
        "4301000 / 31410000 Zuweisungen vom Land",
        2028,
        -3200.0,
        "Förderbescheid des Landes vom 12.01.2027",
    ),
];

#[test]
fn expenses_and_income_are_positive_with_a_sum_and_the_eigenanteil_per_year() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = render_with(tmp.path(), "online", &ONLINE, 0);
    let text = pdf_text(&pdf);
    let table = finance_section(&text);
    for expected in [
        "Summe 2027 44.700,00 24.250,00",
        "Eigenanteil 2027 20.450,00",
        "Summe 2028 8.200,00 3.200,00",
        "Eigenanteil 2028 5.000,00",
        // An income row: its amount in the Einnahmen column, positive.
        "2027 24.250,00 Förderbescheid",
    ] {
        assert!(contains_loosely(table, expected), "{expected:?}:\n{table}");
    }
    // No minus sign on any amount; the old "Summe Einnahmen … −24.250,00 €" is gone.
    assert!(!table.contains('−') && !table.contains("-24"), "{table}");
    assert!(!table.contains("Summe Einnahmen"), "{table}");
    // "€" only in the header ("Ausgaben in €", "Einnahmen in €"), never after an amount.
    let euros = table.matches('€').count();
    assert!(euros >= 2, "{table}");
    assert_eq!(euros, table.matches("in €").count(), "{table}");
    assert!(contains_loosely(table, "Ausgaben in €"), "{table}");
    assert!(contains_loosely(table, "Einnahmen in €"), "{table}");
    // Account names whole: no line of the table ends in a hyphen that breaks a word (the
    // header "Haushalts-jahr" breaks at its own soft hyphen).
    for line in table.lines() {
        let hyphenated = line.ends_with('-') || line.ends_with('\u{ad}') || line.ends_with('‐');
        assert!(
            !hyphenated || line.contains("Haushalts"),
            "hyphenated: {line:?}\n{table}"
        );
    }
    for word in [
        "Software",
        "Zuweisungen",
        "Wartung",
        "Lizenzen",
        "Schulungen",
    ] {
        assert!(
            table.split_whitespace().any(|w| w == word),
            "{word} not whole:\n{table}"
        );
    }
    // The header cells are table headers for a screen reader (PDF/UA: TH).
    let tree = struct_tree(&pdf);
    let headers: Vec<String> = tree
        .all("TH")
        .iter()
        .map(|n| n.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.starts_with("Beratungsfolge") && !t.is_empty())
        .collect();
    for expected in ["Produkt", "Deckung", "Ausgaben in €", "Einnahmen in €"] {
        assert!(
            headers.iter().any(|h| h == expected),
            "{expected:?} no TH: {headers:?}"
        );
    }
}

#[test]
fn a_table_of_expenses_only_has_no_income_column_and_no_net() {
    let tmp = tempfile::tempdir().unwrap();
    let rows: Vec<Row> = ONLINE.iter().copied().filter(|r| r.2 > 0.0).collect();
    let pdf = render_with(tmp.path(), "ausgaben", &rows, 0);
    let text = pdf_text(&pdf);
    let table = finance_section(&text);
    assert!(contains_loosely(table, "Summe 2027 44.700,00"), "{table}");
    assert!(contains_loosely(table, "Summe 2028 8.200,00"), "{table}");
    assert!(!table.contains("Einnahmen"), "{table}");
    assert!(!table.contains("Eigenanteil"), "{table}");
    assert_eq!(table.matches('€').count(), 1, "{table}");
}

/// Rows that take two lines each, so that the table does not fit on the first page.
fn long_rows(count: usize) -> Vec<(String, String)> {
    (0..count)
        .map(|i| {
            (
                format!("Konto {i}"),
                "Ansatz im Haushalt 2027 vorhanden, gedeckt aus den Budgetmitteln des Fachbereichs"
                    .to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_table_starts_on_page_one_and_repeats_its_header_on_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let owned = long_rows(16);
    let rows: Vec<Row> = owned
        .iter()
        .map(|(k, d)| (k.as_str(), 2027, 1000.0, d.as_str()))
        .collect();
    let pdf = render_with(tmp.path(), "lang", &rows, 0);
    let pages = pages(&pdf);
    // A short Begründung: the table starts on page 1 (a table of up to 20 rows used to move
    // whole to page 2) and breaks.
    assert_eq!(page_of(&pages, "Finanzielle Auswirkungen:"), 1);
    assert_eq!(row_page(&pages, 0), 1, "{pages:#?}");
    assert_eq!(row_page(&pages, 1), 1);
    let last = row_page(&pages, 15);
    assert!(last > 1, "the table breaks: {pages:#?}");
    // The header again at the top of the continued table, before its first row there.
    let next = &pages[last - 1];
    let first_row = (0..16).filter_map(|i| row_at(next, i)).min().unwrap();
    let header = next.find("Produkt").expect("header repeated");
    assert!(header < first_row, "{next}");
    assert!(
        contains_loosely(&next[header..first_row], "Ausgaben in €"),
        "{next}"
    );
    // The sum after the last row, on its page.
    assert_eq!(page_of(&pages, "Summe"), last);
}

#[test]
fn heading_header_and_two_rows_stay_together_wherever_the_page_breaks() {
    let tmp = tempfile::tempdir().unwrap();
    let owned = long_rows(4);
    let rows: Vec<Row> = owned
        .iter()
        .map(|(k, d)| (k.as_str(), 2027, 1000.0, d.as_str()))
        .collect();
    let mut heading_pages = Vec::new();
    // Push the table down a line at a time across the end of page 1.
    for extra in 0..10 {
        let pdf = render_with(tmp.path(), &format!("s{extra}"), &rows, extra);
        let pages = pages(&pdf);
        let heading = page_of(&pages, "Finanzielle Auswirkungen:");
        let first = row_page(&pages, 0);
        let second = row_page(&pages, 1);
        assert!(
            heading == first && first == second,
            "{extra} paragraphs more: heading on page {heading}, rows on {first} and {second}:\n{pages:#?}"
        );
        // The sums never stand without the last row.
        assert_eq!(page_of(&pages, "Summe"), row_page(&pages, 3));
        heading_pages.push(heading);
    }
    heading_pages.dedup();
    assert_eq!(
        heading_pages,
        [1, 2],
        "the sweep moves the table across the page break"
    );
}
