//! `sachstand schema`: the JSON Schema of the report format, checked in this process with an
//! independent validator (the `jsonschema` crate, as the OParl tests use it). Every example
//! report, every corpus report, fresh skeletons and an `init` project validate; a misspelled
//! key, a wrong choice and a date with a time do not, and `check` refuses them too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{root, run_in, sachstand, texts};

/// A TOML value as the JSON a schema validator sees: dates and times as their TOML text
/// (`2022-11-16`), as editors with a schema (Even Better TOML, check-jsonschema) treat them.
fn as_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(items.into_iter().map(as_json).collect()),
        toml::Value::Table(table) => J::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, as_json(value)))
                .collect(),
        ),
    }
}

/// Validates `files` against the JSON Schema `schema` in this process (the `jsonschema`
/// crate, draft-07 as the schema declares): whether all pass, and every error with its file
/// and place. Nothing to install, so this test cannot be skipped.
fn validate(schema: &Path, files: &[PathBuf]) -> (bool, String) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let mut ok = true;
    let mut output = String::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        let value = as_json(toml::Value::Table(
            text.parse::<toml::Table>()
                .unwrap_or_else(|e| panic!("{}: {e}", file.display())),
        ));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{}: {} ({})", file.display(), e, e.instance_path()))
            .collect();
        if errors.is_empty() {
            output.push_str(&format!("{}: ok\n", file.display()));
        } else {
            ok = false;
            output.push_str(&(errors.join("\n") + "\n"));
        }
    }
    (ok, output)
}

fn tomls_below(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            tomls_below(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml")
            && path.file_name().is_some_and(|n| n != "sachstand.toml")
        {
            out.push(path);
        }
    }
}

#[test]
fn the_committed_schema_is_what_the_command_prints() {
    let out = sachstand(&["schema"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let printed = texts(&out).0;
    let schema: serde_json::Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["properties"]["kopf"]["title"], "Kopf");
    assert_eq!(
        schema["properties"]["kopf"]["properties"]["federfuehrung"]["description"],
        "Die federführende Stelle, z. B. StST Soziales."
    );
    assert!(
        schema["properties"]["auftrag"]["properties"]["gremium"]["description"]
            .as_str()
            .unwrap()
            .contains("„sbk“ (Sozial-, Bildungs- und Kulturausschuss)"),
        "the register's Gremien are offered"
    );
    let committed = std::fs::read_to_string(root().join("sachstand.schema.json")).unwrap();
    assert_eq!(
        committed, printed,
        "sachstand.schema.json is stale: run `sachstand schema -o sachstand.schema.json`"
    );
    for report in std::fs::read_dir(root().join("reports")).unwrap() {
        let report = report.unwrap().path();
        // The README's first command puts the example's PDF beside it; only reports count.
        if report.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&report).unwrap();
        assert!(
            text.starts_with("#:schema ../sachstand.schema.json\n"),
            "{}",
            report.display()
        );
    }
}

#[test]
fn every_example_corpus_report_and_fresh_skeleton_validates() {
    let dir = tempfile::tempdir().unwrap();
    // A new project: its schema, its example, a skeleton of every Vorlagenart, a next cycle.
    let out = run_in(dir.path(), &["init", "stadt", "--stadt", "Lorsch"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let project = dir.path().join("stadt");
    let schema = project.join("sachstand.schema.json");
    assert!(texts(&out).0.contains("sachstand.schema.json"));
    let mut files = vec![project.join("reports/beispiel-mitteilung.toml")];
    for kind in [
        "sachstandsbericht",
        "beschlussvorlage",
        "mitteilungsvorlage",
    ] {
        let target = format!("reports/neu-{kind}.toml");
        let out = run_in(
            &project,
            &[
                "new",
                "--vorlage",
                kind,
                "--datum",
                "2024-03-01",
                "-o",
                &target,
            ],
        );
        assert!(out.status.success(), "{kind}: {}", texts(&out).1);
        files.push(project.join(target));
    }
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            text.starts_with("#:schema ../sachstand.schema.json\n"),
            "{}:\n{text}",
            file.display()
        );
        assert_eq!(text.matches("#:schema").count(), 1, "{}", file.display());
    }
    let (ok, output) = validate(&schema, &files);
    assert!(ok, "{output}");

    // The next cycle of the seed report (with the repository's register).
    let lampertheim = dir.path().join("lampertheim");
    std::fs::create_dir_all(lampertheim.join("reports")).unwrap();
    std::fs::copy(
        root().join("sachstand.toml"),
        lampertheim.join("sachstand.toml"),
    )
    .unwrap();
    std::fs::copy(root().join(common::SEED), lampertheim.join(common::SEED)).unwrap();
    let out = run_in(
        &lampertheim,
        &["new", "--from", common::SEED, "--datum", "2023-05-10"],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let next = lampertheim.join("reports/2023-05-integrationsstrategie.toml");
    assert!(
        std::fs::read_to_string(&next)
            .unwrap()
            .starts_with("#:schema ../sachstand.schema.json\n# Sachstandsbericht")
    );

    // The repository's reports, the corpus of other cities, and the skeletons themselves.
    let mut files = vec![next];
    tomls_below(&root().join("reports"), &mut files);
    let corpus = files.len();
    assert!(corpus >= 5, "{files:?}");
    tomls_below(&root().join("tests/fixtures/korpus"), &mut files);
    assert!(files.len() >= corpus + 10, "{files:?}");
    for kind in [
        "sachstandsbericht",
        "beschlussvorlage",
        "mitteilungsvorlage",
    ] {
        files.push(root().join(format!("templates/{kind}.geruest.toml")));
    }
    let (ok, output) = validate(&root().join("sachstand.schema.json"), &files);
    assert!(ok, "{output}");
    assert_eq!(output.matches(": ok\n").count(), files.len(), "{output}");
}

#[test]
fn a_misspelled_key_a_wrong_choice_and_a_time_fail_like_check() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("sachstand.schema.json");
    let out = sachstand(&["schema", "-o", schema.to_str().unwrap()]);
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(texts(&out).0.contains("Schema geschrieben"));
    let seed = common::seed_text();
    let cases = [
        (
            "tippfehler.toml",
            seed.replacen("federfuehrung = ", "federfuerung = ", 1),
            "federfuerung' was unexpected",
        ),
        (
            "status.toml",
            seed.replacen("status = \"abgeschlossen\"", "status = \"fertig\"", 1),
            "fertig\" is not one of",
        ),
        (
            "uhrzeit.toml",
            seed.replacen("datum = 2022-11-16", "datum = 2022-11-16T10:00:00", 1),
            "does not match",
        ),
        (
            "phrase.toml",
            seed.replacen(
                "traeger = \"das Regionale Diakonische Werk Bergstraße\"",
                "traeger = { nominativ = \"das RDW\", dativ = \"dem RDW\", kasus = \"x\" }",
                1,
            ),
            "traeger",
        ),
    ];
    for (name, text, expected) in cases {
        assert_ne!(text, seed, "{name}: the change applies");
        let file = dir.path().join(name);
        std::fs::write(&file, &text).unwrap();
        let (ok, output) = validate(&schema, std::slice::from_ref(&file));
        assert!(!ok, "{name} passed the schema");
        assert!(output.contains(expected), "{name}: {output}");
        let check = sachstand(&["check", file.to_str().unwrap()]);
        assert_eq!(check.status.code(), Some(1), "{name}: check accepts it");
    }
    // A phrase as a table with its forms is fine for both.
    let file = dir.path().join("formen.toml");
    std::fs::write(
        &file,
        seed.replacen(
            "traeger = \"das Regionale Diakonische Werk Bergstraße\"",
            "traeger = { nominativ = \"das RDW\", dativ = \"dem RDW\", genus = \"neutrum\" }",
            1,
        ),
    )
    .unwrap();
    let (ok, output) = validate(&schema, std::slice::from_ref(&file));
    assert!(ok, "{output}");
}

#[test]
fn new_writes_the_schema_line_and_the_missing_schema_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("sachstand.toml"),
        dir.path().join("sachstand.toml"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("berichte/2024")).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "new",
            "--vorlage",
            "mitteilungsvorlage",
            "--datum",
            "2024-03-01",
            "-o",
            "berichte/2024/neu.toml",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(
        texts(&out)
            .0
            .contains("Schema geschrieben: sachstand.schema.json")
    );
    let text = std::fs::read_to_string(dir.path().join("berichte/2024/neu.toml")).unwrap();
    assert!(
        text.starts_with("#:schema ../../sachstand.schema.json\n# Neue Mitteilungsvorlage."),
        "{text}"
    );
    let schema = std::fs::read_to_string(dir.path().join("sachstand.schema.json")).unwrap();
    assert_eq!(schema, texts(&sachstand(&["schema"])).0);

    // The next cycle in another folder points to the same file from there; the schema file
    // is kept as it is.
    std::fs::write(dir.path().join("sachstand.schema.json"), "{}\n").unwrap();
    std::fs::copy(
        root().join(common::SEED),
        dir.path().join("berichte/2022-11.toml"),
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[
            "new",
            "--from",
            "berichte/2022-11.toml",
            "--datum",
            "2023-05-10",
            "-o",
            "berichte/2024/2023-05.toml",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let text = std::fs::read_to_string(dir.path().join("berichte/2024/2023-05.toml")).unwrap();
    assert!(
        text.starts_with("#:schema ../../sachstand.schema.json\n# Sachstandsbericht"),
        "{text}"
    );
    assert_eq!(text.matches("#:schema").count(), 1);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("sachstand.schema.json")).unwrap(),
        "{}\n"
    );
}
