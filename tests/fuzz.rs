//! Fuzzing with a fixed seed and a bounded count, in CI: the loader, the validator, the
//! template and the escaper never panic, whatever the input. `FUZZ_CASES` raises the count.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngSeed};
use sachstand::report::load::parse;
use sachstand::rules::validate::validate;
use sachstand::typeset::escape::{escape_markup, string_literal};
use sachstand::typeset::fonts::fonts;
use sachstand::typeset::render::Renderer;
use sachstand::typeset::templates::TemplateSet;
use sachstand::typeset::view::View;

const SEED: &str = include_str!("../reports/2022-11-integrationsstrategie.toml");

fn config(default_cases: u32) -> Config {
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    Config {
        cases,
        rng_seed: RngSeed::Fixed(20_221_116),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Runs the whole pipeline short of Typst on `text`; must not panic.
fn pipeline(text: &str) {
    let Ok(loaded) = parse(PathBuf::from("f.toml"), "f.toml", text.to_owned()) else {
        return;
    };
    let kinds = TemplateSet::builtin().kinds();
    let problems = validate(&loaded, &kinds, fonts());
    if problems.iter().any(|d| d.is_error()) {
        for d in &problems {
            let _ = d.render(false);
        }
        return;
    }
    let _ = Renderer::new(TemplateSet::builtin())
        .render(&loaded.data.vorlage, &View::new(&loaded.data));
}

/// One edit of the seed: delete a range, or insert a snippet.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    Replace(usize, String),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let snippet = prop_oneof![
        Just("\"".to_owned()),
        Just("=".to_owned()),
        Just("[[".to_owned()),
        Just("]\n".to_owned()),
        Just("\n[kopf]\n".to_owned()),
        Just("2022-02-30".to_owned()),
        Just("-1".to_owned()),
        Just("1e400".to_owned()),
        Just("\"\"\"".to_owned()),
        Just("\\u0000".to_owned()),
        Just("status = \"erledigt\"\n".to_owned()),
        "[ -~äöü€\n]{0,12}",
        any::<String>(),
    ];
    let edit = prop_oneof![
        (0..SEED.len(), 0..40usize).prop_map(|(a, n)| Edit::Delete(a, n)),
        (0..SEED.len(), snippet.clone()).prop_map(|(a, s)| Edit::Insert(a, s)),
        (0..SEED.len(), snippet).prop_map(|(a, s)| Edit::Replace(a, s)),
    ];
    prop::collection::vec(edit, 1..4)
}

fn apply(edits: &[Edit]) -> String {
    let mut text = SEED.to_owned();
    let boundary = |t: &str, mut i: usize| {
        i = i.min(t.len());
        while !t.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    for edit in edits {
        match edit {
            Edit::Delete(a, n) => {
                let a = boundary(&text, *a);
                let b = boundary(&text, a + n);
                text.replace_range(a..b, "");
            }
            Edit::Insert(a, s) => {
                let a = boundary(&text, *a);
                text.insert_str(a, s);
            }
            Edit::Replace(a, s) => {
                let a = boundary(&text, *a);
                let b = boundary(&text, a + s.len());
                text.replace_range(a..b, s);
            }
        }
    }
    text
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn edited_reports_never_panic(edits in edits()) {
        pipeline(&apply(&edits));
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        pipeline(&text);
    }

    #[test]
    fn escaped_markup_has_no_live_syntax(text in any::<String>()) {
        let out = escape_markup(&text);
        let mut chars = out.chars();
        while let Some(c) = chars.next() {
            prop_assert!(c != '\n' && c != '\r', "no line break survives");
            if c == '\\' {
                let next = chars.next();
                prop_assert!(next.is_some_and(|n| n.is_ascii_punctuation()), "a backslash only escapes");
            } else {
                prop_assert!(!c.is_ascii_punctuation(), "unescaped {c:?} in {out:?}");
            }
        }
    }

    #[test]
    fn string_literals_are_closed(text in any::<String>()) {
        let lit = string_literal(&text);
        prop_assert!(lit.starts_with('"') && lit.ends_with('"') && lit.len() >= 2);
        let inner = &lit[1..lit.len() - 1];
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            prop_assert!(c != '"' && c != '\n', "unescaped {c:?}");
            if c == '\\' {
                prop_assert!(matches!(chars.next(), Some('\\' | '"' | 'n' | 'r' | 't' | 'u')));
            }
        }
    }
}

#[test]
fn the_edits_reach_every_stage() {
    // Guard against a fuzzer that only ever exercises the TOML parser: a fair share of the
    // edited reports must load, and some must pass validation.
    let mut runner = proptest::test_runner::TestRunner::new(config(300));
    let (mut loaded, mut valid, mut total) = (0, 0, 0);
    for _ in 0..300 {
        let edits = edits().new_tree(&mut runner).unwrap().current();
        let text = apply(&edits);
        total += 1;
        if let Ok(l) = parse(PathBuf::from("f.toml"), "f.toml", text) {
            loaded += 1;
            if !validate(&l, &TemplateSet::builtin().kinds(), fonts())
                .iter()
                .any(|d| d.is_error())
            {
                valid += 1;
            }
        }
    }
    eprintln!("fuzz: {total} edited reports, {loaded} loaded, {valid} valid");
    assert!(loaded > total / 10, "{loaded} of {total} loaded");
    assert!(valid > 0, "{valid} of {total} valid");
}
