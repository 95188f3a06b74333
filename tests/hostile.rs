//! Injection-proof: hostile strings in every text field print literally, nothing in them is
//! executed, and characters that cannot be printed are diagnostics naming the field.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Corpus {
    gedruckt: Vec<String>,
    abgelehnt: Vec<String>,
}

fn corpus() -> Corpus {
    toml::from_str(&std::fs::read_to_string(root().join("tests/fixtures/feindlich.toml")).unwrap())
        .unwrap()
}

/// Keys whose values are names from a fixed set, not free text.
const NOT_TEXT: [&str; 3] = ["vorlage", "status", "art"];

/// Noun phrases (`parent.key`): the grammar derives their cases, so the hostile text goes in
/// as a table that gives every case literally (the escaping of each form is what is tested).
const PHRASES: [&str; 7] = [
    "projekt.titel",
    "projekt.gegenstand",
    "stelle.traeger",
    "stelle.abstimmung",
    "foerderung.programm",
    "gruppen.name",
    "meilensteine.gegenstand",
];

/// Replaces every free-text string in `value` by `text`; returns how many were replaced.
fn fill(value: &mut toml::Value, parent: &str, key: &str, text: &str) -> usize {
    if PHRASES.contains(&format!("{parent}.{key}").as_str()) && value.is_str() {
        let mut forms = toml::map::Map::new();
        for case in ["nominativ", "genitiv", "dativ", "akkusativ"] {
            forms.insert(case.to_owned(), toml::Value::String(text.to_owned()));
        }
        *value = toml::Value::Table(forms);
        return 4; // four strings, each checked on its own
    }
    match value {
        toml::Value::String(s) if !NOT_TEXT.contains(&key) => {
            *s = text.to_owned();
            1
        }
        toml::Value::Table(t) => t.iter_mut().map(|(k, v)| fill(v, key, k, text)).sum(),
        toml::Value::Array(a) => a.iter_mut().map(|v| fill(v, parent, key, text)).sum(),
        _ => 0,
    }
}

/// The seed report with every text field set to `text`, written into `dir`.
fn report_with(dir: &Path, text: &str) -> (std::path::PathBuf, usize) {
    let seed = seed_text();
    let mut value: toml::Value = toml::from_str(&seed).unwrap();
    let n = fill(&mut value, "", "", text);
    let path = dir.join("feindlich.toml");
    std::fs::write(&path, toml::to_string(&value).unwrap()).unwrap();
    (path, n)
}

/// Invisible characters pdftotext adds or keeps around text (bidi marks, break opportunities).
fn visible(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

#[test]
fn hostile_text_in_every_field_prints_literally() {
    let corpus = corpus();
    assert!(corpus.gedruckt.len() >= 25);
    // The 10,000-character word has its own test below: in every field it would fill pages
    // whose footers (which repeat the city) interrupt it in the extracted text.
    for hostile in corpus.gedruckt.iter().filter(|s| s.len() < 1000) {
        let dir = tempfile::tempdir().unwrap();
        let (report, fields) = report_with(dir.path(), hostile);
        assert!(fields >= 20, "the string goes into every text field");
        let pdf = dir.path().join("out.pdf");
        let out = render_to(&report, &pdf, &[]);
        let (_, stderr) = texts(&out);
        let shown: String = hostile.chars().take(60).collect();
        assert!(out.status.success(), "{shown:?} must render:\n{stderr}");
        let text = visible(&pdf_text(&pdf));
        assert!(
            contains_loosely(&text, hostile),
            "{shown:?} not found literally in the PDF:\n{}",
            &text[..text.len().min(3000)]
        );
        assert_eq!(
            pdf_info(&pdf, "Page size"),
            "595.276 x 841.89 pts (A4)",
            "{shown:?} changed the page"
        );
        assert!(!text.contains("root:"), "{shown:?} read a file");
        let title: String = pdf_info(&pdf, "Title").split_whitespace().collect();
        let literal: String = hostile.split_whitespace().collect();
        assert!(
            title.contains(&literal),
            "the title metadata holds the literal text of {shown:?}: {title}"
        );
    }
}

#[test]
fn unprintable_characters_are_diagnostics_naming_each_field() {
    for bad in corpus().abgelehnt {
        let dir = tempfile::tempdir().unwrap();
        let (report, fields) = report_with(dir.path(), &bad);
        let out = sachstand(&["check", report.to_str().unwrap(), "--format", "json"]);
        let (stdout, _) = texts(&out);
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let findings = json["befunde"].as_array().unwrap();
        let errors: Vec<&str> = findings
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| f["message"].as_str().unwrap())
            .collect();
        assert_eq!(
            errors.len(),
            fields,
            "one error per field for {bad:?}: {errors:#?}"
        );
        assert!(
            errors.iter().any(|m| m.contains("`stelle.person`")),
            "{errors:#?}"
        );
        assert!(
            errors
                .iter()
                .any(|m| m.contains("`befragungen.gruppen[7].name.dativ`")),
            "{errors:#?}"
        );
        assert!(findings.iter().all(|f| f["line"].as_u64().unwrap() > 0
            && f["file"].as_str().unwrap().ends_with("feindlich.toml")));
        let out = sachstand(&["render", report.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        assert!(!report.with_extension("pdf").exists(), "no PDF for {bad:?}");
    }
}

#[test]
fn a_ten_thousand_character_word_wraps_and_is_kept_whole() {
    let word = corpus()
        .gedruckt
        .into_iter()
        .find(|s| s.chars().count() == 10_000)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let seed = seed_text();
    let report = dir.path().join("lang.toml");
    std::fs::write(
        &report,
        seed.replacen(
            "text = \"Susanne Kolb",
            &format!("text = \"{word} Susanne Kolb"),
            1,
        ),
    )
    .unwrap();
    let pdf = dir.path().join("lang.pdf");
    render_ok(&report, &pdf);
    let pages: usize = pdf_info(&pdf, "Pages").parse().unwrap();
    assert!(
        pages >= 3,
        "the word wraps over several pages instead of running off one: {pages}"
    );
    // Drop the page footers and the draft's header mark (the paper is changed, so a draft:
    // issue 24), which stand between the pages' parts of the word.
    let text: String = visible(&pdf_text(&pdf))
        .lines()
        .filter(|l| !l.contains("Seite ") && !l.contains("Stadt Lampertheim · Sachstandsbericht"))
        .filter(|l| l.trim() != "ENTWURF")
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        contains_loosely(&text, &format!("{word} Susanne Kolb")),
        "the word is complete in the PDF text"
    );
}
