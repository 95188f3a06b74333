//! Example corpus: complete reports of different cities and projects
//! (`tests/fixtures/korpus/<stadt>/`), each with its expected Betreff and every sentence of
//! its Sachdarstellung written by hand in `<bericht>.saetze.txt`. The real binary renders each
//! report; the PDF's Sachdarstellung must be exactly these sentences, in this order.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{contains_loosely, pdf_text, run_in, texts};

/// Every report of the corpus that has expected sentences beside it.
fn corpus() -> Vec<PathBuf> {
    let root = common::root().join("tests/fixtures/korpus");
    let mut out = Vec::new();
    for city in std::fs::read_dir(&root).unwrap() {
        let reports = city.unwrap().path().join("reports");
        for entry in std::fs::read_dir(&reports).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") && expected_path(&path).exists() {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn expected_path(report: &Path) -> PathBuf {
    report.with_extension("saetze.txt")
}

/// The PDF text between "Sachdarstellung:" and the first signature line.
fn sachdarstellung(text: &str) -> String {
    let start = text
        .find("Sachdarstellung:")
        .map_or(0, |i| i + "Sachdarstellung:".len());
    let rest = &text[start..];
    let end = rest
        .lines()
        .scan(0, |pos, line| {
            let at = *pos;
            *pos += line.len() + 1;
            Some((at, line))
        })
        .find(|(_, line)| is_signature_line(line))
        .map_or(rest.len(), |(at, _)| at);
    // Footers of multi-page reports are not part of the text.
    rest[..end]
        .lines()
        .filter(|l| !(l.contains("Seite ") && l.contains(" von ") && l.contains('·')))
        .collect::<Vec<_>>()
        .join("\n")
}

/// "(Schmidt)" or "(Rauber) (Weiland)": the signatures under the text.
fn is_signature_line(line: &str) -> bool {
    let l = line.trim();
    l.starts_with('(')
        && l.ends_with(')')
        && l.split(") (").all(|name| {
            let name = name.trim_matches(['(', ')']);
            !name.is_empty() && name.split_whitespace().count() <= 3 && !name.ends_with('.')
        })
}

#[test]
fn corpus_reads_as_written_by_hand() {
    let reports = corpus();
    assert!(reports.len() >= 10, "only {} corpus reports", reports.len());
    let out_dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for report in &reports {
        let expected = std::fs::read_to_string(expected_path(report)).unwrap();
        let mut lines = expected
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
        let betreff = lines
            .next()
            .and_then(|l| l.strip_prefix("Betreff: "))
            .unwrap_or_else(|| panic!("{}: first line must be `Betreff: …`", report.display()));
        let sentences: Vec<&str> = lines.collect();
        let name = report.file_stem().unwrap().to_string_lossy().into_owned();
        let pdf = out_dir.path().join(format!("{name}.pdf"));
        let dir = report.parent().unwrap().parent().unwrap();
        let out = run_in(
            dir,
            &[
                "render",
                report.to_str().unwrap(),
                "-o",
                pdf.to_str().unwrap(),
            ],
        );
        let (_, stderr) = texts(&out);
        if !out.status.success() {
            failures.push(format!("{name}: render failed:\n{stderr}"));
            continue;
        }
        if stderr.contains("warnung") {
            failures.push(format!("{name}: warnings:\n{stderr}"));
        }
        let text = pdf_text(&pdf);
        if !contains_loosely(&text, betreff) {
            failures.push(format!("{name}: Betreff differs; PDF:\n{text}"));
        }
        let section = sachdarstellung(&text);
        let joined = sentences.join(" ");
        let squeezed_len = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
        // Every expected sentence, in order, and nothing else (line-break hyphens aside).
        let exact = contains_loosely(&section, &joined)
            && squeezed_len(&section)
                <= squeezed_len(&joined)
                    + section.matches("-\n").count()
                    + section.matches("\u{AD}\n").count()
                    + section.matches("‐\n").count();
        if !exact {
            let missing: Vec<&str> = sentences
                .iter()
                .copied()
                .filter(|s| !contains_loosely(&section, s))
                .collect();
            failures.push(format!(
                "{name}: Sachdarstellung differs.\nnot found:\n{}\n--- PDF ---\n{section}",
                missing.join("\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} reports differ:\n\n{}",
        failures.len(),
        reports.len(),
        failures.join("\n\n")
    );
}
