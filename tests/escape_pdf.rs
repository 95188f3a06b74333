//! Escaping, proven on the PDF: arbitrary printable text goes through the Typst escape, the
//! embedded Typst and the font, and `pdftotext` reads back exactly the same characters.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use proptest::prelude::*;
use sachstand::typeset::escape::escape_markup;
use sachstand::typeset::pdf::compile;
use sachstand::typeset::templates::TemplateSet;
use sachstand::typeset::world::SachstandWorld;

/// Compiles one paragraph per string and returns the PDF's text lines.
fn round_trip(lines: &[String]) -> Vec<String> {
    let mut markup = String::from(
        "#set page(width: 600mm, height: auto, margin: 5mm)\n\
         #set text(font: \"Liberation Sans\", size: 10pt, lang: \"de\", hyphenate: false)\n\
         #set par(spacing: 1.5em)\n",
    );
    for line in lines {
        markup.push_str(&escape_markup(line));
        markup.push_str("\n\n");
    }
    let world = SachstandWorld::new(
        markup,
        Arc::new(TemplateSet::builtin()),
        time::macros::date!(2024 - 01 - 01),
    );
    let compiled = compile(&world, "test.typ", &[]).unwrap_or_else(|d| panic!("{d:?}"));
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("t.pdf");
    std::fs::write(&pdf, &compiled.pdf).unwrap();
    common::pdf_text(&pdf)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(normalize)
        .collect()
}

/// Typst, like any typesetter, folds runs of spaces; compare with spaces folded.
fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn hostile_markup_prints_literally() {
    let corpus: Vec<String> = [
        "Bürger*innen und Migrant_innen",
        "#read(\"/etc/passwd\")",
        "#include \"x.typ\"",
        "#let x = 1",
        "#set page(width: 1cm)",
        "#panic(\"boom\")",
        "$x^2$ and `code` and @ref and <label>",
        "= keine Überschrift",
        "- kein Punkt",
        "+ keine Nummer",
        "/ Begriff: keine Definition",
        "\\ // kein Kommentar /* auch keiner */",
        "~ -- --- ... 'a' \"b\" -? -1",
        "{{ 7*7 }} {% if x %}",
        "https://example.org/a_b*c",
        "[eckig] {geschweift} (rund) #[inhalt]",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(
        round_trip(&corpus),
        corpus.iter().map(|s| normalize(s)).collect::<Vec<_>>()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_printable_text_round_trips(
        lines in prop::collection::vec("[ -~äöüÄÖÜß€„“‚‘–—…§°½]{1,60}", 1..8)
    ) {
        let lines: Vec<String> = lines.into_iter().filter(|l| !l.trim().is_empty()).collect();
        prop_assume!(!lines.is_empty());
        let expected: Vec<String> = lines.iter().map(|l| normalize(l)).collect();
        prop_assert_eq!(round_trip(&lines), expected);
    }
}
