//! The Sachdarstellung is written from the data: every combination of statuses reads as
//! correct German (no empty sentence, no dangling "sowie", the right tense).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use sachstand::report::load::parse;
use sachstand::typeset::render::Renderer;
use sachstand::typeset::templates::TemplateSet;
use sachstand::typeset::view::View;

const SEED: &str = include_str!("../reports/2022-11-integrationsstrategie.toml");

/// Removes the markup escapes, leaving the text a reader sees.
fn unescape(markup: &str) -> String {
    let mut out = String::new();
    let mut chars = markup.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

/// The Sachdarstellung of `toml` as plain text, one paragraph per line.
fn sachdarstellung(toml: &str) -> String {
    let loaded = parse(PathBuf::from("t.toml"), "t.toml", toml.to_owned())
        .unwrap_or_else(|d| panic!("{d:?}"));
    let markup = Renderer::new(TemplateSet::builtin())
        .render("sachstandsbericht", &View::new(&loaded.data))
        .unwrap();
    let body = markup.split("= Sachdarstellung:").nth(1).unwrap();
    unescape(body)
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The seed with the survey and milestone statuses replaced.
fn with_statuses(groups: &[&str], milestones: &[&str]) -> String {
    let mut out = String::new();
    let (mut g, mut m) = (0, 0);
    let mut section = "";
    for line in SEED.lines() {
        if line.starts_with("[[") || line.starts_with('[') {
            section = line.split_whitespace().next().unwrap_or("");
        }
        let key = line.split('=').next().unwrap_or("").trim();
        match (section, key) {
            ("[[befragungen.gruppen]]", "status") => {
                out.push_str(&format!("status = \"{}\"\n", groups[g]));
                g += 1;
            }
            ("[[befragungen.gruppen]]", "wann" | "thema") if groups[g - 1] != "geplant" => {}
            ("[[meilensteine]]", "status") => {
                let status = milestones[m];
                out.push_str(&format!("status = \"{status}\"\n"));
                if status == "erledigt" {
                    out.push_str("datum = 2022-10-05\nergebnis = \"die gut besucht war\"\n");
                }
                m += 1;
            }
            ("[[meilensteine]]", "zweck") if milestones[m - 1] == "erledigt" => {}
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    assert_eq!((g, m), (groups.len(), milestones.len()));
    out
}

const GROUPS: [&str; 7] = [
    "die engagierten freien Träger",
    "die Ehrenamtlichen",
    "die Migranten*innen selbst",
    "die Kolleg*innen im Kreis Bergstraße",
    "die Fraktionen",
    "die Verwaltungsmitarbeitenden",
    "Gewerbetreibende",
];

#[test]
fn the_seed_reads_as_the_seed() {
    let text = sachdarstellung(SEED);
    assert!(text.contains(
        "berücksichtigten bisher die engagierten freien Träger, die Ehrenamtlichen, die Migranten*innen selbst, die Kolleg*innen im Kreis Bergstraße sowie die Fraktionen."
    ), "{text}");
    assert!(text.contains("In einem nächsten Schritt werden noch in diesem Jahr die Verwaltungsmitarbeitenden sowie Gewerbetreibende über ihre beruflichen Erfahrungen im Zusammenhang mit Migrantinnen und Migranten befragt."), "{text}");
    assert_eq!(
        text.lines().count(),
        4,
        "the project, the surveys, the milestones, the further work:\n{text}"
    );
}

#[test]
fn every_combination_of_statuses_reads_correctly() {
    let statuses = ["abgeschlossen", "laufend", "geplant"];
    let milestone_statuses = ["geplant", "laufend", "erledigt"];
    let mut checked = 0;
    // Every status for the first, the middle and the last group (the rest done), and every
    // pair of milestone statuses.
    for a in statuses {
        for b in statuses {
            for c in statuses {
                for m1 in milestone_statuses {
                    for m2 in ["geplant", "erledigt"] {
                        let groups = [
                            a,
                            "abgeschlossen",
                            "abgeschlossen",
                            b,
                            "abgeschlossen",
                            "abgeschlossen",
                            c,
                        ];
                        let text = sachdarstellung(&with_statuses(&groups, &[m1, m2]));
                        check_prose(&text, &groups, [m1, m2]);
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 162);
}

fn check_prose(text: &str, groups: &[&str], milestones: [&str; 2]) {
    let ctx = format!("{groups:?} {milestones:?}:\n{text}");
    for bad in [
        " .",
        " ,",
        "..",
        ". .",
        ",.",
        "sowie.",
        "sowie,",
        "und.",
        "  ",
        "werden werden",
        "none",
    ] {
        assert!(!text.contains(bad), "„{bad}“ in {ctx}");
    }
    for name in GROUPS {
        assert_eq!(
            text.matches(name).count(),
            1,
            "{name} exactly once in {ctx}"
        );
    }
    let any = |s: &str| groups.contains(&s);
    assert_eq!(
        text.contains("In einem nächsten Schritt werden"),
        any("geplant"),
        "{ctx}"
    );
    assert_eq!(
        text.contains("Derzeit werden die") || text.contains("Derzeit werden Gewerbe"),
        any("laufend"),
        "{ctx}"
    );
    let done = groups.contains(&"abgeschlossen");
    assert_eq!(text.contains("Dazu wurden"), done, "{ctx}");
    assert_eq!(
        text.contains("berücksichtigten bisher"),
        done && (any("laufend") || any("geplant")),
        "{ctx}"
    );
    // Milestones come done, running, planned; each sentence may open with a connector or
    // put its time or subject first, so only what follows the opening is pinned.
    let lower = text.to_lowercase();
    match milestones[0] {
        "erledigt" => assert!(
            text.contains("wurden bis zum 05.10.2022 Ziele und Handlungsempfehlungen"),
            "{ctx}"
        ),
        "laufend" => assert!(
            lower.contains("derzeit werden aus den ergebnissen der befragungen ziele")
                || lower.contains("werden derzeit aus den ergebnissen der befragungen ziele"),
            "{ctx}"
        ),
        _ => assert!(text.contains("im Anschluss Ziele"), "{ctx}"),
    }
    match milestones[1] {
        "erledigt" => assert!(
            text.contains("Am 05.10.2022 fand eine Konferenz zum Thema „Migrationsarbeit in Lampertheim“ statt, die gut besucht war.")
                || text.contains(" fand am 05.10.2022 eine Konferenz zum Thema „Migrationsarbeit in Lampertheim“ statt, die gut besucht war."),
            "{ctx}"
        ),
        _ => assert!(
            text.contains("ist im Frühjahr 2023 eine Konferenz")
                || text.contains("Im Frühjahr 2023 ist eine Konferenz"),
            "{ctx}"
        ),
    }
    check_connectors(text, &ctx);
    for sentence in text.split(". ") {
        let first = sentence.chars().next().unwrap();
        assert!(
            first.is_uppercase() || first == '(',
            "sentence starts with a capital: {sentence:?} in {ctx}"
        );
    }
}

/// No two sentences in a row open with a connector, at most one in three does.
fn check_connectors(text: &str, ctx: &str) {
    let connectors = ["Darüber hinaus ", "Außerdem ", "Zudem "];
    let flat = text.replace('\n', " ");
    let flags: Vec<bool> = flat
        .split(". ")
        .map(|s| connectors.iter().any(|c| s.starts_with(c)))
        .collect();
    for (i, &flag) in flags.iter().enumerate() {
        let before = &flags[i.saturating_sub(2)..i];
        assert!(
            !(flag && before.contains(&true)),
            "two connectors within three sentences in {ctx}"
        );
    }
}

#[test]
fn a_single_done_group_needs_no_enumeration_word() {
    let groups = [
        "geplant",
        "geplant",
        "geplant",
        "geplant",
        "abgeschlossen",
        "geplant",
        "geplant",
    ];
    let text = sachdarstellung(&with_statuses(&groups, &["geplant", "geplant"]));
    assert!(
        text.contains("berücksichtigten bisher die Fraktionen."),
        "{text}"
    );
}

#[test]
fn nothing_done_yet_is_phrased_as_a_plan() {
    let groups = ["geplant"; 7];
    let text = sachdarstellung(&with_statuses(&groups, &["geplant", "geplant"]));
    assert!(
        text.contains(
            "Dazu sollen unterschiedliche Akteure befragt werden, um die Herausforderungen"
        ),
        "{text}"
    );
    assert!(!text.contains("hatten"), "{text}");
}

#[test]
fn an_ended_funding_period_is_in_the_past() {
    let toml = SEED.replace("ende = 2023-09-30", "ende = 2022-10-31");
    let text = sachdarstellung(&toml);
    assert!(
        text.contains("Die Stelle wurde mit einem Stundenumfang von 25 % aus dem"),
        "{text}"
    );
}

#[test]
fn a_result_written_as_a_whole_sentence_stays_one() {
    // The Meilenstein help says "ein ganzer Satz": such a result follows as a sentence of its
    // own; a clause is joined with a comma. Never ", Es", "..", ",." or a double space.
    for (ergebnis, expected) in [
        (
            "Es nahmen 64 Personen teil.",
            "eine Konferenz zum Thema „Migrationsarbeit in Lampertheim“ statt. Es nahmen 64 Personen teil.",
        ),
        (
            "an der 64 Personen  teilnahmen.",
            "eine Konferenz zum Thema „Migrationsarbeit in Lampertheim“ statt, an der 64 Personen teilnahmen.",
        ),
    ] {
        let toml = SEED.replacen(
            "status = \"geplant\"\nwann = \"im Frühjahr 2023\"",
            &format!("status = \"erledigt\"\ndatum = 2023-03-22\nergebnis = \"{ergebnis}\""),
            1,
        );
        let toml = toml.replacen(
            "zweck = \"die die bisherigen Ergebnisse in den Fokus nimmt und daraus Vorschläge von Maßnahmen für Lampertheim generieren soll\"\n",
            "",
            1,
        );
        assert_ne!(toml, SEED);
        let text = sachdarstellung(&toml);
        assert!(text.contains(expected), "{ergebnis}:\n{text}");
        for bad in [", Es", "..", ",.", "  "] {
            assert!(!text.contains(bad), "{bad:?} in:\n{text}");
        }
    }
}
