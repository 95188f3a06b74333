//! Withdrawing a paper (`archive --zurueckziehen NR --grund "…"`, issue 23 point 5), tested
//! with the real binary: the index records it (append-only), the PDF stays and `--verify`
//! passes, the Sitzungsmappe leaves it out, OParl (server and static export) shows it as a
//! deleted object valid against the official schemas, lists it with `modified_since` and no
//! longer serves its PDF; errors for an unknown number, a second withdrawal and an empty
//! reason; the editor's form. No network beyond 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

const BASIS: &str = "basis_url = \"https://ratsinfo.lampertheim.de/oparl\"\n";
const FIRST: &str = "reports/2023-06-front-office-migration.toml";
const SECOND: &str = "reports/2023-06-front-office-nachtrag.toml";

/// A project with two Vorlagen before the SBK on 29.06.2023 (2023/0112 and 2023/0113, the
/// second a copy of the first under its own number), both archived; `[oparl]` publishes the
/// Files with `basis_url` = `base`.
fn project(base: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let settings = std::fs::read_to_string(root().join("sachstand.toml")).unwrap();
    assert!(settings.contains(BASIS));
    let settings = settings.replace(
        BASIS,
        &format!("basis_url = \"{base}\"\npersonen_veroeffentlichen = true\n"),
    );
    std::fs::write(dir.path().join("sachstand.toml"), settings).unwrap();
    std::fs::create_dir_all(dir.path().join("reports")).unwrap();
    let text = std::fs::read_to_string(root().join(FIRST)).unwrap();
    std::fs::write(dir.path().join(FIRST), &text).unwrap();
    let second = text.replacen("nummer = \"2023/0112\"", "nummer = \"2023/0113\"", 1);
    assert_ne!(second, text);
    std::fs::write(dir.path().join(SECOND), second).unwrap();
    // The new number changed the content: release the copy again (issue 24, point 1).
    let out = run_in(
        dir.path(),
        &["freigabe", SECOND, "--durch", "Schmidt, Bürgermeister"],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let out = run_in(dir.path(), &["archive", FIRST, SECOND]);
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

fn withdraw(dir: &Path, nummer: &str, grund: &str) -> std::process::Output {
    run_in(
        dir,
        &["archive", "--zurueckziehen", nummer, "--grund", grund],
    )
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

/// A deleted object as OParl 1.1 asks: `deleted`, `modified` = the withdrawal, `id`, `type`,
/// `created` kept, nothing else (a File keeps the `accessUrl` its schema requires); valid.
fn assert_deleted(object: &Value, kind: &str, am: &str) {
    let keys: Vec<&str> = object
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec!["created", "deleted", "id", "modified", "type"];
    if kind == "File" {
        expected.insert(0, "accessUrl");
    }
    assert_eq!(keys, expected, "{object:#}");
    assert_eq!(object["deleted"], true);
    assert_eq!(object["modified"], am);
    assert_eq!(
        object["type"],
        format!("https://schema.oparl.org/1.1/{kind}")
    );
    let errors: Vec<String> = schema(kind)
        .iter_errors(object)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{kind}: {errors:?}");
}

#[test]
fn a_withdrawn_paper_stays_in_the_archive_and_leaves_mappe_and_export() {
    let dir = project("https://ratsinfo.lampertheim.de/oparl");
    let before = run_in(dir.path(), &["oparl", "--ausgabe", "ausgabe"]);
    assert!(before.status.success(), "{}", texts(&before).1);
    let pdf = dir.path().join("ausgabe/pdf/2023/2023-0113.pdf");
    assert!(pdf.is_file(), "published before the withdrawal");
    let lines = index_lines(dir.path()).len();

    let out = withdraw(dir.path(), "2023/0113", "vom Magistrat zurückgezogen");
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("Zurückgezogen: Vorlage 2023/0113"),
        "{stdout}"
    );

    // The index: one line more, naming number, reason, who and when; the files stay.
    let index = index_lines(dir.path());
    assert_eq!(index.len(), lines + 1);
    let line = index.last().unwrap();
    assert_eq!(line["zurueckgezogen"], "2023/0113");
    assert_eq!(line["grund"], "vom Magistrat zurückgezogen");
    assert!(line["von"].as_str().is_some_and(|v| !v.is_empty()));
    let am = line["am"].as_str().unwrap().to_owned();
    assert!(dir.path().join("archiv/2023/2023-0113.pdf").is_file());
    let verify = run_in(dir.path(), &["archive", "--verify"]);
    assert!(verify.status.success(), "{}", texts(&verify).0);

    // The Mappe: only 2023/0112, with a note why 2023/0113 is missing.
    let mappe = dir.path().join("mappe.pdf");
    let out = run_in(
        dir.path(),
        &[
            "mappe",
            "--gremium",
            "sbk",
            "--termin",
            "29.06.2023",
            "-o",
            "mappe.pdf",
        ],
    );
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("1 Vorlage"), "{stdout}");
    assert!(
        stderr.contains("(Vorlage 2023/0113) wurde am") && stderr.contains("zurückgezogen"),
        "{stderr}"
    );
    let text = pdf_text(&mappe);
    assert!(text.contains("2023/0112"), "{text}");
    assert!(!text.contains("2023/0113"), "{text}");

    // The static export into the same folder: deleted objects, the PDF removed.
    let after = run_in(dir.path(), &["oparl", "--ausgabe", "ausgabe"]);
    assert!(after.status.success(), "{}", texts(&after).1);
    assert!(
        !pdf.exists(),
        "a withdrawn paper's PDF is no longer published"
    );
    assert!(dir.path().join("ausgabe/pdf/2023/2023-0112.pdf").is_file());
    let read = |rel: &str| -> Value {
        serde_json::from_slice(&std::fs::read(dir.path().join("ausgabe").join(rel)).unwrap())
            .unwrap()
    };
    let paper = read("paper/2023-0113");
    assert_deleted(&paper, "Paper", &am);
    assert_eq!(paper["created"], index[lines - 1]["archiviert"]);
    assert_deleted(&read("file/2023-2023-0113"), "File", &am);
    assert_deleted(&read("consultation/2023-0113-1"), "Consultation", &am);
    let papers = read("papers");
    let listed: Vec<&Value> = papers["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["id"].as_str().unwrap().ends_with("/paper/2023-0113"))
        .collect();
    assert_eq!(listed.len(), 1, "the deleted Paper stays in its list");
    assert_deleted(listed[0], "Paper", &am);
    assert_eq!(read("paper/2023-0112")["reference"], "2023/0112");
}

#[test]
fn withdrawing_wrongly_is_refused_in_german() {
    let dir = project("https://ratsinfo.lampertheim.de/oparl");
    let lines = index_lines(dir.path()).len();
    for (nummer, grund, says) in [
        ("2023/9999", "x", "keine Vorlage mit der Nr. 2023/9999"),
        ("2023/0112", "", "der Grund fehlt"),
        ("2023/0112", "   ", "der Grund fehlt"),
    ] {
        let out = withdraw(dir.path(), nummer, grund);
        assert!(!out.status.success(), "{nummer} {grund:?}");
        assert!(texts(&out).1.contains(says), "{}", texts(&out).1);
    }
    let out = run_in(dir.path(), &["archive", "--zurueckziehen", "2023/0112"]);
    assert!(!out.status.success());
    assert!(texts(&out).1.contains("--grund"), "{}", texts(&out).1);
    assert_eq!(index_lines(dir.path()).len(), lines, "nothing recorded");

    assert!(
        withdraw(dir.path(), "2023/0112", "doppelt eingebracht")
            .status
            .success()
    );
    let twice = withdraw(dir.path(), "2023/0112", "noch einmal");
    assert!(!twice.status.success());
    let stderr = texts(&twice).1;
    assert!(
        stderr.contains("schon am") && stderr.contains("doppelt eingebracht"),
        "{stderr}"
    );
    assert_eq!(index_lines(dir.path()).len(), lines + 1);

    // Archived again after the withdrawal: refused, with the way forward.
    let report = dir.path().join(FIRST);
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replacen("Fr. Delceva", "Fr. Delceva-Maier", 1),
    )
    .unwrap();
    let release = |dir: &Path| {
        let out = run_in(
            dir,
            &["freigabe", FIRST, "--durch", "Schmidt, Bürgermeister"],
        );
        assert!(out.status.success(), "{}", texts(&out).1);
    };
    release(dir.path());
    let again = run_in(dir.path(), &["archive", FIRST, "--grund", "korrigiert"]);
    assert!(!again.status.success());
    let stderr = texts(&again).1;
    assert!(
        stderr.contains("zurückgezogen") && stderr.contains("sachstand new"),
        "{stderr}"
    );
    assert_eq!(index_lines(dir.path()).len(), lines + 1);
    // Nor from its file under a new number: that file is the withdrawn paper.
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, text.replacen("2023/0112", "2023/0114", 1)).unwrap();
    release(dir.path());
    let renumbered = run_in(dir.path(), &["archive", FIRST]);
    assert!(!renumbered.status.success());
    let stderr = texts(&renumbered).1;
    assert!(stderr.contains("Vorlage 2023/0112 wurde am"), "{stderr}");
    assert_eq!(index_lines(dir.path()).len(), lines + 1);
}

/// A running `oparl --serve`, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The project of `project` served with ids under its own address.
fn served() -> (tempfile::TempDir, Server) {
    for _ in 0..5 {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}/oparl");
        let dir = project(&base);
        let mut child = Command::new(env!("CARGO_BIN_EXE_sachstand"))
            .args(["oparl", "--serve", "--port", &port.to_string()])
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        if line.trim() == format!("{base}/system") {
            return (dir, Server { child, base });
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    panic!("no free port for the server");
}

fn get(url: &str) -> (u16, Vec<u8>) {
    let mut response = http_agent().get(url).call().unwrap();
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(50_000_000)
        .read_to_vec()
        .unwrap();
    (status, body)
}

fn get_json(url: &str) -> Value {
    let (status, body) = get(url);
    assert_eq!(status, 200, "{url}: {}", String::from_utf8_lossy(&body));
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn the_server_shows_a_withdrawal_while_it_runs() {
    let (dir, server) = served();
    let paper = format!("{}/paper/2023-0113", server.base);
    let pdf = format!("{}/pdf/2023/2023-0113.pdf", server.base);
    assert_eq!(get_json(&paper)["reference"], "2023/0113");
    assert_eq!(get(&pdf).0, 200);

    assert!(
        withdraw(dir.path(), "2023/0113", "Fehler im Betreff")
            .status
            .success()
    );
    let am = index_lines(dir.path()).last().unwrap()["am"]
        .as_str()
        .unwrap()
        .to_owned();
    // Visible within 2 s, without a restart.
    let start = Instant::now();
    let deleted = loop {
        let now = get_json(&paper);
        if now["deleted"] == true || start.elapsed() > Duration::from_secs(2) {
            break now;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_deleted(&deleted, "Paper", &am);
    let (status, body) = get(&pdf);
    assert_eq!(status, 410, "{}", String::from_utf8_lossy(&body));
    let error: Value = serde_json::from_slice(&body).unwrap();
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("zurückgezogen")
    );
    assert_eq!(
        get(&format!("{}/pdf/2023/2023-0112.pdf", server.base)).0,
        200
    );

    // Listed with modified_since = the withdrawal: the deleted Paper, its Consultation and
    // File (the other paper only if it was archived in that same second, and not deleted).
    let since: String = am
        .bytes()
        .map(|b| match b {
            b'+' => "%2B".to_owned(),
            b':' => "%3A".to_owned(),
            _ => (b as char).to_string(),
        })
        .collect();
    for (list, kind) in [
        ("papers", "Paper"),
        ("files", "File"),
        ("consultations", "Consultation"),
    ] {
        let page = get_json(&format!("{}/{list}?modified_since={since}", server.base));
        let data = page["data"].as_array().unwrap();
        let (gone, other): (Vec<&Value>, Vec<&Value>) = data
            .iter()
            .partition(|o| o["id"].as_str().unwrap().contains("2023-0113"));
        assert!(!gone.is_empty(), "{list}: {page:#}");
        gone.iter().for_each(|o| assert_deleted(o, kind, &am));
        assert!(other.iter().all(|o| o.get("deleted").is_none()), "{page:#}");
    }
}

#[test]
fn the_editor_withdraws_after_a_confirmation() {
    let dir = project("https://ratsinfo.lampertheim.de/oparl");
    let editor = serve_editor(dir.path(), &[("USER", "pruefer")]);
    let page = format!("{}/archiv/{SECOND}", editor.base);
    let action = format!("{}/zurueckziehen/{SECOND}", editor.base);
    let agent = http_agent();
    let mut shown = agent
        .get(&page)
        .header("Cookie", editor.cookie())
        .call()
        .unwrap();
    let html = shown.body_mut().read_to_string().unwrap();
    assert!(html.contains("Vorlage zurückziehen"), "{html}");
    assert!(html.contains("action=\"/zurueckziehen/reports"), "{html}");
    let lines = index_lines(dir.path()).len();
    let post = |form: &[(&str, &str)], origin: Option<&str>| {
        let mut request = agent.post(&action).header("Cookie", editor.cookie());
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        let mut response = request.send_form(form.iter().copied()).unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    };
    let origin = Some(editor.base.as_str());
    // Another origin, no confirmation, no reason: nothing happens.
    let (status, _) = post(
        &[("grund", "x"), ("bestaetigt", "ja")],
        Some("http://evil.example"),
    );
    assert_eq!(status, 403);
    let (status, body) = post(&[("grund", "x")], origin);
    assert_eq!(status, 422);
    assert!(body.contains("Bitte bestätigen Sie"), "{body}");
    let (status, body) = post(&[("grund", " "), ("bestaetigt", "ja")], origin);
    assert_eq!(status, 422);
    assert!(body.contains("Bitte nennen Sie den Grund"), "{body}");
    assert_eq!(index_lines(dir.path()).len(), lines);

    let (status, body) = post(&[("grund", "zurückgestellt"), ("bestaetigt", "ja")], origin);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("ist zurückgezogen"), "{body}");
    let index = index_lines(dir.path());
    assert_eq!(index.len(), lines + 1);
    let line = index.last().unwrap();
    assert_eq!(line["zurueckgezogen"], "2023/0113");
    assert_eq!(line["von"], "pruefer");
    assert_eq!(line["grund"], "zurückgestellt");

    // The page now says when and why, and offers no second withdrawal.
    let (status, body) = post(&[("grund", "nochmal"), ("bestaetigt", "ja")], origin);
    assert_eq!(status, 422);
    assert!(body.contains("schon am"), "{body}");
    assert!(
        body.contains("wurde am") && !body.contains("Ja, Vorlage"),
        "{body}"
    );
    assert_eq!(index_lines(dir.path()).len(), lines + 1);
}
