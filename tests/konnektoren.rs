//! Connectors sparingly, milestones in order (issue 22): in the Sachdarstellung of every example
//! report and every corpus report, as the real binary prints it, no two sentences in a row open
//! with a connector ("Darüber hinaus", "Außerdem", …), at most one in any three does, and the
//! milestones come done ones by date, then running ones, then planned ones by time.
//!
//! `SACHSTAND_BIN` may name another binary (an older build) to check its output instead.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{pdf_text, root};
use sachstand::report::load::parse;
use sachstand::report::model::{Meilenstein, Report, Status};

const CONNECTORS: [&str; 7] = [
    "Darüber hinaus",
    "Außerdem",
    "Zudem",
    "Ferner",
    "Weiterhin",
    "Des Weiteren",
    "Zusätzlich",
];

/// The binary under test: `SACHSTAND_BIN`, else the one cargo built.
fn binary() -> PathBuf {
    std::env::var_os("SACHSTAND_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_sachstand")))
}

/// Every example report and every corpus report, each with the folder to run in.
fn reports() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let toml_in = |dir: &Path| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        files
    };
    for report in toml_in(&root().join("reports")) {
        out.push((root(), report));
    }
    let korpus = root().join("tests/fixtures/korpus");
    let mut cities: Vec<PathBuf> = std::fs::read_dir(&korpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cities.sort();
    for city in cities {
        for report in toml_in(&city.join("reports")) {
            out.push((city.clone(), report));
        }
    }
    out
}

/// Renders `report` in `dir` to `pdf` with the binary under test.
fn render(dir: &Path, report: &Path, pdf: &Path) -> Result<(), String> {
    let out = Command::new(binary())
        .args([
            "render",
            report.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
        ])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
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

/// The Sachdarstellung's sentences: the text from "Sachdarstellung:" to the signatures, page
/// footers left out, split after a full stop that a capital letter or quote follows.
fn sentences(text: &str) -> Option<Vec<String>> {
    let start = text.find("Sachdarstellung:")? + "Sachdarstellung:".len();
    let body: Vec<&str> = text[start..]
        .lines()
        .take_while(|l| !is_signature_line(l))
        .filter(|l| !(l.contains("Seite ") && l.contains(" von ") && l.contains('·')))
        .collect();
    let joined = body.join(" ");
    let words: Vec<&str> = joined.split_whitespace().collect();
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        current.push(word);
        let next_starts = words
            .get(i + 1)
            .and_then(|w| w.chars().next())
            .is_some_and(|c| c.is_uppercase() || c == '„');
        let ends = word.ends_with('.') && !word.ends_with("..") && word.chars().count() > 2;
        if ends && next_starts {
            out.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    Some(out)
}

fn opens_with_connector(sentence: &str) -> bool {
    CONNECTORS.iter().any(|c| {
        sentence
            .strip_prefix(c)
            .is_some_and(|rest| rest.starts_with(' '))
    })
}

/// Problems with the connectors: two in a row, or two within three sentences.
fn connector_problems(sentences: &[String]) -> Vec<String> {
    let flags: Vec<bool> = sentences.iter().map(|s| opens_with_connector(s)).collect();
    let mut out = Vec::new();
    for i in 0..flags.len() {
        if i >= 1 && flags[i] && flags[i - 1] {
            out.push(format!(
                "two sentences in a row open with a connector:\n  {}\n  {}",
                sentences[i - 1],
                sentences[i]
            ));
        } else if i >= 2 && flags[i] && flags[i - 2] {
            out.push(format!(
                "two of three sentences open with a connector:\n  {}\n  {}\n  {}",
                sentences[i - 2],
                sentences[i - 1],
                sentences[i]
            ));
        }
    }
    out
}

/// The report before: its date and its milestones' titles.
type Before = Option<(time::Date, Vec<String>)>;

/// The report as data, with the report before it (if it names one).
fn load(report: &Path) -> Option<(Report, Before)> {
    let read = |p: &Path| {
        let text = std::fs::read_to_string(p).ok()?;
        parse(p.to_path_buf(), "r.toml", text).ok().map(|l| l.data)
    };
    let data = read(report)?;
    let before = data
        .vorheriger
        .as_ref()
        .and_then(|v| read(&report.parent()?.join(v)))
        .map(|b| {
            let titles = b.meilensteine.iter().map(|m| m.titel.clone()).collect();
            (b.kopf.datum.0, titles)
        });
    Some((data, before))
}

/// The forms a milestone is named by (its phrase in the cases the prose uses, its clauses),
/// lower case.
fn needles(m: &Meilenstein) -> Vec<String> {
    let x = m.gegenstand.satzteil();
    let mut needles = vec![x.nom, x.akk, x.mit, x.fuer, x.ueber];
    needles.extend(m.ergebnis.clone());
    needles.extend(m.zweck.clone());
    needles
        .iter()
        .map(|n| n.to_lowercase())
        .filter(|n| !n.is_empty())
        .collect()
}

/// The longest of `needles` in `sentence` (lower case), by length.
fn longest_match(needles: &[String], sentence: &str) -> usize {
    needles
        .iter()
        .filter(|n| sentence.contains(n.as_str()))
        .map(String::len)
        .max()
        .unwrap_or(0)
}

/// Where milestone `i` is named: the first sentence after the project paragraph ("Ziel ist …")
/// where no other milestone matches a longer form ("der Auftrag für die Rohbauarbeiten" names
/// the award, not the call for tenders of "die Rohbauarbeiten").
fn position(report: &Report, i: usize, sentences: &[String]) -> Option<usize> {
    let all: Vec<Vec<String>> = report.meilensteine.iter().map(needles).collect();
    let start = sentences.iter().position(|s| s.starts_with("Ziel ist"))? + 1;
    let at = sentences[start..].iter().position(|s| {
        let s = s.to_lowercase();
        let own = longest_match(&all[i], &s);
        own > 0
            && all
                .iter()
                .enumerate()
                .all(|(j, n)| j == i || longest_match(n, &s) <= own)
    })?;
    Some(start + at)
}

/// Done (by date), running, planned (by time): the milestones of the milestone paragraph, that
/// is all but those done since the report before and those planned anew since (both named in
/// "Seit dem letzten …").
fn order_problems(report: &Report, before: Before, sentences: &[String]) -> Vec<String> {
    type Key = (u8, Option<time::Date>);
    let mut found: Vec<(usize, Key, &str)> = Vec::new();
    for (i, m) in report.meilensteine.iter().enumerate() {
        let date = m.datum.map(|d| d.0);
        let new = before
            .as_ref()
            .is_some_and(|(_, titles)| !titles.contains(&m.titel));
        if new && m.status == Status::Geplant {
            continue;
        }
        let key = match m.status {
            s if s.is_done() => {
                if before
                    .as_ref()
                    .is_some_and(|(b, _)| date.is_some_and(|d| d > *b))
                {
                    continue;
                }
                (0, date)
            }
            Status::Laufend => (1, None),
            _ => (
                2,
                date.or_else(|| {
                    m.wann
                        .as_deref()
                        .and_then(sachstand::german::zeit::period_end)
                }),
            ),
        };
        if let Some(at) = position(report, i, sentences) {
            found.push((at, key, m.titel.as_str()));
        }
    }
    found.sort_by_key(|f| f.0);
    let mut out = Vec::new();
    for pair in found.windows(2) {
        let ((_, (ra, da), ta), (_, (rb, db), tb)) = (pair[0], pair[1]);
        let wrong = ra > rb || (ra == rb && ra != 1 && da.is_some() && db.is_some() && da > db);
        if wrong {
            out.push(format!("milestone „{tb}“ comes after „{ta}“"));
        }
    }
    out
}

#[test]
fn connectors_are_sparing_and_milestones_in_order() {
    let out_dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (i, (dir, report)) in reports().iter().enumerate() {
        let name = report.file_stem().unwrap().to_string_lossy().into_owned();
        let pdf = out_dir.path().join(format!("{i}.pdf"));
        if let Err(e) = render(dir, report, &pdf) {
            failures.push(format!("{name}: render failed:\n{e}"));
            continue;
        }
        let Some(sentences) = sentences(&pdf_text(&pdf)) else {
            continue; // a Vorlagenart without a Sachdarstellung
        };
        checked += 1;
        let mut problems = connector_problems(&sentences);
        if let Some((data, before)) = load(report) {
            problems.extend(order_problems(&data, before, &sentences));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{name}:\n{}\n--- sentences ---\n{}",
                problems.join("\n"),
                sentences.join("\n")
            ));
        }
    }
    assert!(
        checked >= 23,
        "only {checked} reports with a Sachdarstellung"
    );
    assert!(
        failures.is_empty(),
        "{} reports:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn sentences_are_split_at_full_stops_only() {
    let text = "Sachdarstellung:\nDie Stelle wird vom 01.04.2022 –\n30.09.2023 gefördert. Darüber hinaus fand\n„X“ statt. Zudem ist Y.\n(Schmidt)\n";
    let s = sentences(text).unwrap();
    assert_eq!(s.len(), 3, "{s:?}");
    assert!(opens_with_connector(&s[1]) && opens_with_connector(&s[2]));
    assert_eq!(connector_problems(&s).len(), 1);
    let ok: Vec<String> = ["Darüber hinaus a.", "B.", "C.", "Außerdem d."]
        .map(String::from)
        .to_vec();
    assert!(connector_problems(&ok).is_empty());
    let close: Vec<String> = ["Darüber hinaus a.", "B.", "Außerdem c."]
        .map(String::from)
        .to_vec();
    assert_eq!(connector_problems(&close).len(), 1);
}
