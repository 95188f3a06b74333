//! Recording a Beratungsergebnis (`sachstand ergebnis NR --gremium KEY --termin DATUM
//! "ERGEBNIS"`, issue 24 point 5), tested with the real binary on a copy of the example
//! project: the index line, `archive --verify`, `fristen`, the OParl static export (AgendaItem
//! with `result` in the Meeting, linked from the Consultation, valid against the official
//! OParl 1.1 schema; none for a nichtöffentliche Vorlage) and the German errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

const ZUSCHUSS: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";
const FRONT_OFFICE: &str = "reports/2023-06-front-office-migration.toml";
const GEHEIM: &str = "reports/2023-06-front-office-geheim.toml";

/// The example project with the released Vorlage 2023/0031 archived, and a nichtöffentliche
/// copy of 2023/0112 as 2023/0114 (released again after the edit) archived too.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("sachstand.toml"),
        dir.path().join("sachstand.toml"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("reports")).unwrap();
    std::fs::copy(root().join(ZUSCHUSS), dir.path().join(ZUSCHUSS)).unwrap();
    let text = std::fs::read_to_string(root().join(FRONT_OFFICE)).unwrap();
    let geheim = text
        .replacen("nummer = \"2023/0112\"", "nummer = \"2023/0114\"", 1)
        .replacen("[kopf]\n", "[kopf]\noeffentlich = false\n", 1);
    assert_ne!(geheim, text);
    std::fs::write(dir.path().join(GEHEIM), geheim).unwrap();
    let out = run_in(
        dir.path(),
        &["freigabe", GEHEIM, "--durch", "Schmidt, Bürgermeister"],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let out = run_in(dir.path(), &["archive", ZUSCHUSS, GEHEIM]);
    assert!(out.status.success(), "{}", texts(&out).1);
    dir
}

fn index_lines(dir: &Path) -> Vec<Value> {
    std::fs::read_to_string(dir.join("archiv/index.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn ergebnis(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["ergebnis"];
    all.extend_from_slice(args);
    run_in(dir, &all)
}

/// The official OParl 1.1 schema of `kind`, as a validator.
fn schema(kind: &str) -> jsonschema::Validator {
    let path = root().join(format!("tests/fixtures/oparl-schema/{kind}.json"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn assert_valid(object: &Value, kind: &str) {
    let validator = schema(kind);
    let errors: Vec<String> = validator
        .iter_errors(object)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{kind} invalid: {errors:?}\n{object:#}");
}

#[test]
fn a_result_is_journaled_shown_in_oparl_and_ends_the_deadline() {
    let dir = project();
    let before = index_lines(dir.path()).len();
    let out = ergebnis(
        dir.path(),
        &[
            "2023/0031",
            "--gremium",
            "SBK",
            "--termin",
            "23.02.2023",
            "Zur Kenntnis genommen",
            "--ja",
            "9",
            "--nein",
            "0",
            "--enthaltungen",
            "2",
        ],
    );
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        format!("{stdout}{stderr}").contains("zur Kenntnis genommen"),
        "{stdout}{stderr}"
    );
    // One line appended, nothing rewritten.
    let lines = index_lines(dir.path());
    assert_eq!(lines.len(), before + 1);
    let line = lines.last().unwrap();
    assert_eq!(line["ergebnis_zu"], "2023/0031");
    assert_eq!(line["gremium"], "Sozial-, Bildungs- und Kulturausschuss");
    assert_eq!(line["gremium_key"], "sbk");
    assert_eq!(line["termin"], "2023-02-23");
    assert_eq!(line["ergebnis"], "zur Kenntnis genommen");
    assert_eq!(
        (line["ja"].as_u64(), line["nein"].as_u64()),
        (Some(9), Some(0))
    );
    assert_eq!(line["enthaltungen"], 2);
    assert!(line["am"].as_str().unwrap().starts_with("20"), "{line}");
    let out = run_in(dir.path(), &["archive", "--verify"]);
    assert!(out.status.success(), "{}", texts(&out).1);

    // The nichtöffentliche paper gets a result too; it must not appear in OParl.
    let out = ergebnis(
        dir.path(),
        &[
            "2023/0114",
            "--gremium",
            "sbk",
            "--termin",
            "29.06.2023",
            "vertagt",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);

    let out_dir = dir.path().join("oparl-out");
    let out = run_in(
        dir.path(),
        &["oparl", "--ausgabe", out_dir.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let meeting = read_json(&out_dir.join("meeting/sbk-2023-02-23"));
    assert_valid(&meeting, "Meeting");
    let items = meeting["agendaItem"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{meeting:#}");
    let item = &items[0];
    assert_valid(item, "AgendaItem");
    assert_eq!(item["type"], "https://schema.oparl.org/1.1/AgendaItem");
    assert_eq!(item["result"], "zur Kenntnis genommen");
    assert_eq!(item["meeting"], meeting["id"]);
    assert_eq!(item["public"], true);
    assert_eq!(
        (item["number"].as_str(), item["order"].as_u64()),
        (Some("1"), Some(1))
    );
    assert!(
        item["name"]
            .as_str()
            .unwrap()
            .contains("Interkulturelle Wochen"),
        "{item}"
    );
    // The AgendaItem is also served under its own id, and listed.
    let id = item["id"].as_str().unwrap();
    let own = id.rsplit_once("/oparl/").unwrap().1;
    assert_eq!(&read_json(&out_dir.join(own)), item);
    let list = read_json(&out_dir.join("agenda-items"));
    assert_eq!(list["data"].as_array().unwrap().len(), 1, "{list:#}");
    // The Consultation links to it, and the AgendaItem back to the Consultation.
    let consultation_id = item["consultation"].as_str().unwrap();
    let consultation = read_json(&out_dir.join(consultation_id.rsplit_once("/oparl/").unwrap().1));
    assert_valid(&consultation, "Consultation");
    assert_eq!(consultation["agendaItem"], item["id"]);
    assert_eq!(consultation["meeting"], meeting["id"]);
    // The other Beratungen have no result, hence no AgendaItem.
    let stvv = read_json(&out_dir.join("meeting/stvv-2023-03-10"));
    assert_eq!(stvv["agendaItem"], serde_json::json!([]));
    // Nothing of the nichtöffentliche paper: no AgendaItem in its Meeting, no trace anywhere.
    let sbk_june = read_json(&out_dir.join("meeting/sbk-2023-06-29"));
    assert_eq!(
        sbk_june["agendaItem"],
        serde_json::json!([]),
        "{sbk_june:#}"
    );
    let everything = walk(&out_dir);
    assert!(
        !everything.contains("2023/0114"),
        "the nichtöffentliche paper leaked"
    );
    assert!(!everything.contains("vertagt"), "its result leaked");
}

/// Every file below `dir`, concatenated.
fn walk(dir: &Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all.push_str(&walk(&path));
        } else {
            all.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
        }
    }
    all
}

#[test]
fn fristen_drops_a_paper_decided_in_its_last_beratung_and_keeps_the_others() {
    let dir = project();
    // A copy of 2023/0031 in a new file is not archived: fristen lists it …
    std::fs::copy(
        dir.path().join(ZUSCHUSS),
        dir.path().join("reports/2023-02-zuschuss-kopie.toml"),
    )
    .unwrap();
    // … and another paper without a result stays listed throughout.
    std::fs::copy(
        root().join("reports/2022-11-integrationsstrategie.toml"),
        dir.path()
            .join("reports/2022-11-integrationsstrategie.toml"),
    )
    .unwrap();
    let fristen = |dir: &Path| {
        let out = run_in(
            dir,
            &["fristen", "--stichtag", "01.02.2023", "--format", "json"],
        );
        assert!(out.status.success(), "{}", texts(&out).1);
        texts(&out).0
    };
    let listed = fristen(dir.path());
    assert!(listed.contains("zuschuss-kopie"), "{listed}");
    let duties_before = listed.matches("integrationsstrategie").count();
    assert!(duties_before > 0, "{listed}");
    // A result for an earlier Beratung does not end it; one for the last Beratung does.
    let out = ergebnis(
        dir.path(),
        &[
            "2023/0031",
            "--gremium",
            "magistrat",
            "--termin",
            "2023-02-20",
            "ungeändert beschlossen",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(fristen(dir.path()).contains("zuschuss-kopie"));
    let out = ergebnis(
        dir.path(),
        &[
            "2023/0031",
            "--gremium",
            "stvv",
            "--termin",
            "10.03.2023",
            "geändert beschlossen",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let listed = fristen(dir.path());
    assert!(!listed.contains("zuschuss-kopie"), "{listed}");
    assert_eq!(
        listed.matches("integrationsstrategie").count(),
        duties_before
    );
}

#[test]
fn wrong_requests_are_refused_in_german_and_leave_the_index_alone() {
    let dir = project();
    let ok = ergebnis(
        dir.path(),
        &[
            "2023/0031",
            "--gremium",
            "sbk",
            "--termin",
            "23.02.2023",
            "abgelehnt",
        ],
    );
    assert!(ok.status.success(), "{}", texts(&ok).1);
    let before = std::fs::read(dir.path().join("archiv/index.jsonl")).unwrap();
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &[
                "2023/0099",
                "--gremium",
                "sbk",
                "--termin",
                "23.02.2023",
                "vertagt",
            ],
            &["keine Vorlage mit der Nr. 2023/0099", "archivierte Vorlage"],
        ),
        (
            &[
                "2023/0031",
                "--gremium",
                "stvv",
                "--termin",
                "23.02.2023",
                "vertagt",
            ],
            &[
                "wird nicht am 23.02.2023",
                "„Stadtverordnetenversammlung“ am 10.03.2023",
                "„Magistrat der Stadt Lampertheim“ am 20.02.2023",
            ],
        ),
        (
            &[
                "2023/0031",
                "--gremium",
                "sbk",
                "--termin",
                "23.02.2023",
                "vertagt",
            ],
            &["schon ein Ergebnis festgehalten", "„abgelehnt“"],
        ),
        (
            &[
                "2023/0031",
                "--gremium",
                "sbk",
                "--termin",
                "31.02.2023",
                "vertagt",
            ],
            &["--termin 31.02.2023", "TT.MM.JJJJ"],
        ),
        (
            &[
                "2023/0031",
                "--gremium",
                "sbk",
                "--termin",
                "23.02.2023",
                "angenommen",
            ],
            &[
                "kein Beratungsergebnis",
                "„zur Kenntnis genommen“",
                "„zurückgezogen“",
            ],
        ),
    ];
    for (args, expected) in cases {
        let out = ergebnis(dir.path(), args);
        let stderr = texts(&out).1;
        assert!(!out.status.success(), "{args:?} must fail");
        for part in expected {
            assert!(
                stderr.contains(part),
                "{args:?}: {part:?} missing in {stderr}"
            );
        }
    }
    assert_eq!(
        std::fs::read(dir.path().join("archiv/index.jsonl")).unwrap(),
        before,
        "a refused request writes nothing"
    );
}
