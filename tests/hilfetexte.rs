//! The form's help texts (`format_schema`) and the skeletons' comments say the same thing
//! (issue 21, point 6): a select's help names exactly the words it offers, the skeleton's
//! `status:` comment lists the same words as the form for that list, and Betreff and Zweck are
//! described alike in both.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use sachstand::format_schema::{Choices, Field, GROUPS, Kind};

fn field(group: &str, key: &str) -> Field {
    *GROUPS
        .iter()
        .find(|g| g.path == group)
        .and_then(|g| g.fields.iter().find(|f| f.path == key))
        .unwrap_or_else(|| panic!("{group}.{key}"))
}

fn choices(f: &Field) -> Vec<&'static str> {
    match f.kind {
        Kind::Select(Choices::Fixed(names)) => names.to_vec(),
        other => panic!("{}: {other:?}", f.path),
    }
}

fn skeleton(name: &str) -> String {
    std::fs::read_to_string(common::root().join("templates").join(name)).unwrap()
}

/// The words after `status:` in the comment block right above `[[header]]`.
fn skeleton_status(text: &str, header: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| *l == header).unwrap();
    let comment = lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.split_once("status:").map(|(_, words)| words))
        .unwrap_or_else(|| panic!("no status comment above {header}"));
    comment
        .split('|')
        .map(|w| w.split_whitespace().next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn a_status_list_offers_one_word_for_done_and_says_so_everywhere() {
    let text = skeleton("sachstandsbericht.geruest.toml");
    for (group, header, done, other) in [
        (
            "befragungen.gruppen",
            "[[befragungen.gruppen]]",
            "abgeschlossen",
            "erledigt",
        ),
        (
            "meilensteine",
            "[[meilensteine]]",
            "erledigt",
            "abgeschlossen",
        ),
    ] {
        let status = field(group, "status");
        let offered = choices(&status);
        assert!(
            offered.contains(&done) && !offered.contains(&other),
            "{group}: {offered:?}"
        );
        let help = status.help.to_lowercase();
        for word in &offered {
            assert!(help.contains(word), "{group}: help {help:?} lacks {word}");
        }
        assert!(
            !help.contains(other),
            "{group}: help {help:?} names {other}"
        );
        let mut in_skeleton = skeleton_status(&text, header);
        let mut offered: Vec<String> = offered.iter().map(|w| (*w).to_owned()).collect();
        in_skeleton.sort();
        offered.sort();
        assert_eq!(in_skeleton, offered, "{group}: skeleton and form differ");
    }
}

#[test]
fn betreff_and_zweck_read_the_same_in_form_and_skeleton() {
    let betreff = field("kopf", "betreff").help;
    assert!(!betreff.starts_with("Leer lassen"), "{betreff}");
    assert!(betreff.contains("Pflicht"), "{betreff}");
    for name in [
        "beschlussvorlage.geruest.toml",
        "mitteilungsvorlage.geruest.toml",
    ] {
        let line = skeleton(name)
            .lines()
            .find(|l| l.starts_with("betreff = "))
            .unwrap()
            .to_owned();
        assert!(line.contains("# Pflicht"), "{name}: {line}");
    }
    let text = skeleton("sachstandsbericht.geruest.toml");
    let after = |header: &str| {
        let at = text.lines().position(|l| l == header).unwrap();
        let rest = text.lines().skip(at).collect::<Vec<_>>().join("\n");
        rest.lines()
            .find(|l| l.starts_with("zweck = "))
            .unwrap()
            .to_owned()
    };
    // The milestone's zweck: a clause after the comma, both readings named in both places.
    let help = field("meilensteine", "zweck").help;
    let line = after("[[meilensteine]]");
    for sample in ["die … generieren soll", "um … zu …"] {
        assert!(help.contains(sample), "{help}");
        assert!(line.contains(sample), "{line}");
    }
    assert!(help.starts_with("Optional") && line.contains("optional"));
    // The survey's zweck: after the comma, "um … zu eruieren".
    let help = field("befragungen", "zweck").help;
    let line = after("[befragungen]");
    assert!(help.contains("Nach dem Komma") && line.contains("nach dem Komma"));
    assert!(help.contains("um … zu eruieren") && line.contains("um … zu eruieren"));
}
