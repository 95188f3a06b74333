//! OParl 1.1 export of single reports (drafts): Papers with mainFile and consultations,
//! Organizations for the Gremien, checked against the fields and types of the OParl 1.1
//! schema, with the endpoint's ids for Body, Organization and Meeting.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use common::*;
use serde_json::Value;

const BESCHLUSS: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";

/// OParl 1.1: every object has a URL `id` and its schema `type`.
fn check_object(object: &Value, kind: &str) {
    let id = object["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{kind} without id: {object}"));
    assert!(id.starts_with("https://"), "{kind}.id is a URL: {id}");
    assert_eq!(
        object["type"],
        format!("https://schema.oparl.org/1.1/{kind}"),
        "{object}"
    );
}

fn is_date(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 10 && sachstand::german::parse_iso_date(s).is_some())
}

/// A copy of the example project (settings and the two reports) whose `[oparl]` publishes
/// the names in the PDFs, so that Papers carry their Files.
fn publishing_names() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let settings = std::fs::read_to_string(root().join("sachstand.toml")).unwrap();
    let basis = "basis_url = \"https://ratsinfo.lampertheim.de/oparl\"\n";
    assert!(settings.contains(basis));
    let settings = settings.replace(basis, &format!("{basis}personen_veroeffentlichen = true\n"));
    std::fs::write(dir.path().join("sachstand.toml"), settings).unwrap();
    std::fs::create_dir_all(dir.path().join("reports")).unwrap();
    for report in [SEED, BESCHLUSS] {
        std::fs::copy(root().join(report), dir.path().join(report)).unwrap();
    }
    dir
}

#[test]
fn without_consent_a_paper_has_no_file() {
    let out = sachstand(&["oparl", BESCHLUSS]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let paper = &json["papers"][0];
    check_object(paper, "Paper");
    assert!(paper.get("mainFile").is_none(), "{paper}");
    assert!(!stdout.contains("Dexler"), "no Bearbeiter/in: {stdout}");
}

#[test]
fn papers_consultations_and_organizations_follow_oparl_1_1() {
    let dir = publishing_names();
    let out = run_in(dir.path(), &["oparl", SEED, BESCHLUSS]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let papers = json["papers"].as_array().unwrap();
    assert_eq!(papers.len(), 2);
    for paper in papers {
        check_object(paper, "Paper");
        assert!(
            paper["name"].is_string() && is_date(&paper["date"]) && paper["paperType"].is_string(),
            "{paper}"
        );
        for org in paper["underDirectionOf"].as_array().unwrap() {
            assert!(org.as_str().unwrap().contains("/organization/"));
        }
        let file = &paper["mainFile"];
        check_object(file, "File");
        assert!(
            file["accessUrl"].as_str().unwrap().starts_with("https://"),
            "accessUrl is required: {file}"
        );
        assert_eq!(file["mimeType"], "application/pdf");
        assert!(file["size"].as_u64().unwrap() > 1000);
        let sha = file["sha512Checksum"].as_str().unwrap();
        assert_eq!(sha.len(), 128);
        assert!(sha.chars().all(|c| c.is_ascii_hexdigit()));
        for c in paper["consultation"].as_array().unwrap() {
            check_object(c, "Consultation");
            assert_eq!(c["paper"], paper["id"]);
            assert!(
                c["organization"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(Value::is_string)
            );
            assert!(
                c["meeting"].is_string() && c["authoritative"].is_boolean(),
                "{c}"
            );
        }
    }
    let beschluss = &papers[1];
    assert_eq!(beschluss["reference"], "2023/0031");
    assert_eq!(beschluss["paperType"], "Beschlussvorlage");
    assert_eq!(
        beschluss["name"],
        "Interkulturelle Wochen 2023: Zuschüsse für Veranstaltungen freier Träger"
    );
    assert_eq!(
        beschluss["sachstand:vorlage"], "beschlussvorlage",
        "fields outside OParl carry the vendor prefix"
    );
    // Built by the endpoint's code: its Body, Organization and Meeting ids; the draft's own
    // objects below entwurf/, so they never pass for published ones.
    assert_eq!(
        beschluss["id"],
        "https://ratsinfo.lampertheim.de/oparl/entwurf/paper/2023-0031"
    );
    assert_eq!(
        beschluss["body"],
        "https://ratsinfo.lampertheim.de/oparl/body/lampertheim"
    );
    assert_eq!(
        beschluss["consultation"][2]["meeting"],
        "https://ratsinfo.lampertheim.de/oparl/meeting/stvv-2023-03-10"
    );
    assert!(
        beschluss["mainFile"]["id"]
            .as_str()
            .unwrap()
            .starts_with("https://ratsinfo.lampertheim.de/oparl/entwurf/file/")
    );
    let consultations = beschluss["consultation"].as_array().unwrap();
    assert_eq!(consultations[0]["role"], "Vorberatung");
    assert_eq!(consultations[2]["role"], "Entscheidung");
    assert_eq!(consultations[2]["authoritative"], true);
    assert_eq!(
        consultations[2]["organization"][0],
        "https://ratsinfo.lampertheim.de/oparl/organization/stvv"
    );

    let organizations = json["organizations"].as_array().unwrap();
    let mut ids: Vec<&str> = organizations
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    organizations
        .iter()
        .for_each(|o| check_object(o, "Organization"));
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "each Organization once");
    let sbk = organizations
        .iter()
        .find(|o| o["id"].as_str().unwrap().ends_with("/sbk"))
        .unwrap();
    assert_eq!(sbk["name"], "Sozial-, Bildungs- und Kulturausschuss");
    assert_eq!(sbk["shortName"], "SBK-Ausschuss");

    // Every draft object against the official OParl 1.1 schema of its type.
    for (kind, objects) in [("Paper", papers), ("Organization", organizations)] {
        let path = root().join(format!("tests/fixtures/oparl-schema/{kind}.json"));
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        for object in objects {
            let errors: Vec<String> = validator
                .iter_errors(object)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{kind} {}: {errors:?}", object["id"]);
        }
    }

    // The checksum and size describe the PDF that `render` writes.
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("b.pdf");
    render_ok(&dir.path().join(BESCHLUSS), &pdf);
    let sum = Command::new("sha512sum").arg(&pdf).output().unwrap();
    let sum = String::from_utf8(sum.stdout).unwrap();
    assert_eq!(
        beschluss["mainFile"]["sha512Checksum"],
        sum.split_whitespace().next().unwrap()
    );
    assert_eq!(
        beschluss["mainFile"]["size"],
        std::fs::metadata(&pdf).unwrap().len()
    );
}
