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
    let dir = common::project_with_settings();
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

/// A copy of 2023/0031 numbered `nummer` with Betreff `betreff` (nichtöffentlich if `closed`),
/// released as it is; its path.
fn copy_of_zuschuss(dir: &Path, nummer: &str, betreff: &str, closed: bool) -> String {
    let rel = format!("reports/kopie-{}.toml", nummer.replace('/', "-"));
    let text = std::fs::read_to_string(root().join(ZUSCHUSS)).unwrap();
    let mut copy = text
        .replacen("nummer = \"2023/0031\"", &format!("nummer = \"{nummer}\""), 1)
        .replacen(
            "betreff = \"Interkulturelle Wochen 2023: Zuschüsse für Veranstaltungen freier Träger\"",
            &format!("betreff = \"{betreff}\""),
            1,
        );
    if closed {
        copy = copy.replacen("[kopf]\n", "[kopf]\noeffentlich = false\n", 1);
    }
    assert_eq!(copy.matches(nummer).count(), 1, "{copy}");
    std::fs::write(dir.join(&rel), copy).unwrap();
    release_file(&dir.join(&rel));
    rel
}

/// Issue 24, point 5: an AgendaItem's `number` is the paper's TOP in its Sitzung as the Mappe
/// numbers it (öffentliche by Vorlagen-Nr., then the nichtöffentlichen), not its place among the
/// results; a paper withdrawn before the Sitzung is not on the agenda, one withdrawn after it
/// keeps its TOP; ids stay what they were.
#[test]
fn an_agenda_item_is_numbered_as_its_top_in_the_sitzung() {
    let dir = project();
    let p = dir.path();
    let copies = [
        copy_of_zuschuss(p, "2023/0010", "Geheime Vorlage", true),
        copy_of_zuschuss(p, "2023/0020", "Erste Vorlage", false),
        copy_of_zuschuss(p, "2023/0025", "Vor der Sitzung zurückgezogen", false),
        copy_of_zuschuss(p, "2023/0028", "Nach der Sitzung zurückgezogen", false),
    ];
    // The Mappe of the SBK on 23.02.2023 before any withdrawal: its order of TOPs.
    let mappe = p.join("mappe.pdf");
    let out = run_in(
        p,
        &[
            "mappe",
            "--gremium",
            "sbk",
            "--termin",
            "23.02.2023",
            "-o",
            mappe.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let text = pdf_text(&mappe);
    let at = |betreff: &str| text.find(betreff).unwrap_or_else(|| panic!("{betreff}"));
    let in_mappe = [
        "Erste Vorlage",
        "Vor der Sitzung zurückgezogen",
        "Nach der Sitzung zurückgezogen",
        "Interkulturelle Wochen 2023",
        "Geheime Vorlage",
    ];
    assert!(
        in_mappe.windows(2).all(|w| at(w[0]) < at(w[1])),
        "the Mappe's order: {text}"
    );

    let mut all: Vec<&str> = copies.iter().map(String::as_str).collect();
    all.insert(0, "archive");
    let out = run_in(p, &all);
    assert!(out.status.success(), "{}", texts(&out).1);
    // 2023/0025 was withdrawn before the Sitzung (a line as `--zurueckziehen` wrote it on
    // 10.02.2023), 2023/0028 after it (now).
    let mut index = std::fs::OpenOptions::new()
        .append(true)
        .open(p.join("archiv/index.jsonl"))
        .unwrap();
    std::io::Write::write_all(
        &mut index,
        b"{\"zurueckgezogen\":\"2023/0025\",\"basis\":\"2023-0025\",\"version\":1,\"grund\":\"vor der Sitzung\",\"von\":\"test\",\"am\":\"2023-02-10T10:00:00+01:00\"}\n",
    )
    .unwrap();
    let out = run_in(
        p,
        &[
            "archive",
            "--zurueckziehen",
            "2023/0028",
            "--grund",
            "später",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    for nummer in ["2023/0031", "2023/0020", "2023/0010"] {
        let out = ergebnis(
            p,
            &[
                nummer,
                "--gremium",
                "sbk",
                "--termin",
                "23.02.2023",
                "vertagt",
            ],
        );
        assert!(out.status.success(), "{nummer}: {}", texts(&out).1);
    }
    let out_dir = p.join("oparl-out");
    let out = run_in(p, &["oparl", "--ausgabe", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let meeting = read_json(&out_dir.join("meeting/sbk-2023-02-23"));
    assert_valid(&meeting, "Meeting");
    let items: Vec<(String, String, u64)> = meeting["agendaItem"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            assert_valid(i, "AgendaItem");
            (
                i["name"].as_str().unwrap().to_owned(),
                i["number"].as_str().unwrap().to_owned(),
                i["order"].as_u64().unwrap(),
            )
        })
        .collect();
    // TOP 1 Erste Vorlage, (0025 not on the agenda), TOP 2 the paper withdrawn after the
    // Sitzung (deleted in OParl, no AgendaItem), TOP 3 2023/0031; the nichtöffentliche TOP 4
    // is not published. In TOP order, whatever the order the results were recorded in.
    let names: Vec<(&str, &str, u64)> = items
        .iter()
        .map(|(n, num, o)| (n.split(':').next().unwrap(), num.as_str(), *o))
        .collect();
    assert_eq!(
        names,
        [
            ("Erste Vorlage", "1", 1),
            ("Interkulturelle Wochen 2023", "3", 3)
        ],
        "{meeting:#}"
    );
    // The ids name the Consultation, not the number.
    assert!(
        meeting["agendaItem"][1]["id"]
            .as_str()
            .unwrap()
            .ends_with("/agenda-item/2023-0031-2"),
        "{meeting:#}"
    );
}
