//! Typography of the example reports, measured on the PDFs: ragged right with (almost) no
//! hyphenation, nothing past the letterhead rule, page numbers only on multi-page Vorlagen.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

const EXAMPLES: [&str; 4] = [
    "reports/2022-11-integrationsstrategie.toml",
    "reports/2023-02-zuschuss-interkulturelle-wochen.toml",
    "reports/2023-05-integrationsstrategie.toml",
    "reports/2023-06-front-office-migration.toml",
];

/// The right end of the text area (and of the letterhead rule): A4 width minus 20 mm, in pt.
const RIGHT_EDGE: f64 = 595.276 - 20.0 * 72.0 / 25.4;

#[test]
fn hyphenation_is_a_rare_exception() {
    let dir = tempfile::tempdir().unwrap();
    for report in EXAMPLES {
        let pdf = dir.path().join("out.pdf");
        render_ok(&root().join(report), &pdf);
        let text = pdf_text(&pdf);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        // Typst's hyphenation ends the line with a soft hyphen (U+00AD) in the text layer.
        let hyphenated: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].ends_with('\u{AD}'))
            .collect();
        assert!(
            hyphenated.len() * 10 <= lines.len(),
            "{report}: {} of {} lines hyphenated:\n{text}",
            hyphenated.len(),
            lines.len()
        );
        assert!(
            !hyphenated.windows(2).any(|w| w[1] == w[0] + 1),
            "{report}: two hyphenated lines in a row:\n{text}"
        );
        for &i in &hyphenated {
            let head = lines[i].split_whitespace().last().unwrap_or_default();
            let tail = lines
                .get(i + 1)
                .and_then(|l| l.split_whitespace().next())
                .unwrap_or_default();
            let word: String = format!("{head}{tail}")
                .chars()
                .filter(|c| c.is_alphabetic())
                .collect();
            assert!(
                word.chars().count() >= 6,
                "{report}: short word „{word}“ hyphenated"
            );
        }
        // One page: no "Seite 1 von 1".
        assert_eq!(pdf_info(&pdf, "Pages"), "1", "{report}");
        assert!(!text.contains("Seite "), "{report}:\n{text}");
    }
}

#[test]
fn no_glyph_sticks_out_past_the_letterhead_rule() {
    let dir = tempfile::tempdir().unwrap();
    let mut labels = 0;
    for report in EXAMPLES {
        let pdf = dir.path().join("out.pdf");
        render_ok(&root().join(report), &pdf);
        let bbox = poppler("pdftotext", &["-bbox"], &pdf);
        let mut words = 0;
        for line in bbox.lines().filter(|l| l.contains("<word ")) {
            let x_max: f64 = line
                .split("xMax=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap()
                .parse()
                .unwrap();
            assert!(
                x_max <= RIGHT_EDGE + 0.01,
                "{report}: {:.2} pt past the rule: {line}",
                x_max - RIGHT_EDGE
            );
            words += 1;
        }
        assert!(words > 100, "{report}: {words} words");
        labels += bbox.matches(">Vorlagen-Nr.<").count();
    }
    assert!(labels >= 2, "the label that stuck out is measured");
}

#[test]
fn a_long_vorlage_numbers_its_pages() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = seed_text();
    let long = "Weitere Tätigkeiten der Stelle werden im nächsten Bericht dargestellt. ".repeat(12);
    for i in 0..8 {
        text.push_str(&format!(
            "\n[[abschnitte]]\nueberschrift = \"Abschnitt {i}\"\ntext = \"{long}\"\n"
        ));
    }
    let report = dir.path().join("lang.toml");
    std::fs::write(&report, text).unwrap();
    let pdf = dir.path().join("lang.pdf");
    render_ok(&report, &pdf);
    let pages: usize = pdf_info(&pdf, "Pages").parse().unwrap();
    assert!(pages >= 2, "{pages}");
    let text = pdf_text(&pdf);
    for page in 1..=pages {
        assert!(
            text.contains(&format!("Seite {page} von {pages}")),
            "page {page}:\n{text}"
        );
    }
}
