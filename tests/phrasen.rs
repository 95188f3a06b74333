//! The declension against hand-written forms of real municipal phrases
//! (`tests/fixtures/phrasen.tsv`: nominative, hint, genitive, dative, accusative, after "von",
//! after "zu", number). Every mismatch is listed, not only the first.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sachstand::german::declension::Numerus;
use sachstand::german::phrase::Phrase;

#[test]
fn declension_matches_the_hand_written_forms() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/phrasen.tsv"),
    )
    .unwrap();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (no, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 8, "line {}: 8 columns expected", no + 1);
        let mut phrase = Phrase::new(cols[0]);
        match cols[1] {
            "numerus=plural" => phrase.numerus = Some(Numerus::Plural),
            "numerus=singular" => phrase.numerus = Some(Numerus::Singular),
            _ => {}
        }
        let s = phrase.satzteil();
        let plural = cols[7] == "plural";
        let got = [&s.genitiv, &s.dat, &s.akk, &s.von, &s.zu];
        let names = ["Genitiv", "Dativ", "Akkusativ", "von", "zu"];
        for ((name, expected), got) in names.iter().zip(&cols[2..7]).zip(got) {
            if got != expected {
                wrong.push(format!("{}: {name}: „{got}“ statt „{expected}“", cols[0]));
            }
        }
        if s.plural != plural {
            wrong.push(format!("{}: Numerus falsch", cols[0]));
        }
        checked += 1;
    }
    assert!(checked >= 150, "only {checked} phrases");
    assert!(
        wrong.is_empty(),
        "{} of {checked} phrases wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
