//! Personal data in OParl (issue 23, point 9): the names of Bearbeiter/innen and signatories
//! appear in the archived PDFs only, so without `[oparl] personen_veroeffentlichen = true` the
//! endpoint publishes no File and no PDF. A crawl from the System follows every URL below the
//! base (objects, lists, PDFs read back with `pdftotext`) and finds no name; with the switch
//! on, the names are there (in the PDFs). The static export likewise. No network beyond
//! 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;
use serde_json::Value;

const BASIS: &str = "basis_url = \"https://ratsinfo.lampertheim.de/oparl\"\n";
const REPORTS: [&str; 2] = [
    "reports/2023-02-zuschuss-interkulturelle-wochen.toml",
    "reports/2023-06-front-office-migration.toml",
];
/// Bearbeiter/innen and signatories of the two reports.
const NAMES: [&str; 3] = ["Dexler", "Delceva", "Schmidt"];

/// The two reports archived, `[oparl]` with `basis_url` = `base` and, when `consent`, the
/// switch that publishes the names.
fn project(base: &str, consent: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let settings = std::fs::read_to_string(root().join("sachstand.toml")).unwrap();
    assert!(settings.contains(BASIS));
    let switch = if consent {
        "personen_veroeffentlichen = true\n"
    } else {
        ""
    };
    let settings = settings.replace(BASIS, &format!("basis_url = \"{base}\"\n{switch}"));
    std::fs::write(dir.path().join("sachstand.toml"), settings).unwrap();
    std::fs::create_dir_all(dir.path().join("reports")).unwrap();
    for report in REPORTS {
        std::fs::copy(root().join(report), dir.path().join(report)).unwrap();
    }
    let mut args = vec!["archive"];
    args.extend(REPORTS);
    let out = run_in(dir.path(), &args);
    assert!(out.status.success(), "{}", texts(&out).1);
    // The names are in the archived PDFs: what the endpoint must hold back.
    let text = pdf_text(&dir.path().join("archiv/2023/2023-0031.pdf"));
    assert!(
        text.contains("Dexler") && text.contains("Schmidt"),
        "{text}"
    );
    dir
}

/// Every string in `value`.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The text of a PDF body.
fn pdf_body_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, bytes).unwrap();
    pdf_text(&path)
}

/// Crawls everything below `base` from its System: every body as text (PDFs through
/// `pdftotext`), and how many PDFs were read.
fn crawl(base: &str) -> (String, usize) {
    let agent = http_agent();
    let mut queue = VecDeque::from([format!("{base}/system")]);
    let mut seen = BTreeSet::new();
    let (mut all, mut pdfs) = (String::new(), 0);
    while let Some(url) = queue.pop_front() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let mut response = agent.get(&url).call().unwrap();
        assert_eq!(response.status().as_u16(), 200, "{url}");
        let pdf = response
            .headers()
            .get("content-type")
            .is_some_and(|t| t.to_str().unwrap().starts_with("application/pdf"));
        let body = response
            .body_mut()
            .with_config()
            .limit(50_000_000)
            .read_to_vec()
            .unwrap();
        if pdf {
            pdfs += 1;
            all.push_str(&pdf_body_text(&body));
            continue;
        }
        let json: Value = serde_json::from_slice(&body).unwrap();
        all.push_str(&json.to_string());
        let mut found = Vec::new();
        strings(&json, &mut found);
        queue.extend(found.into_iter().filter(|s| s.starts_with(base)));
    }
    assert!(seen.len() > 20, "{} URLs", seen.len());
    (all, pdfs)
}

/// Serves `project(base, consent)` on a free port; the crawl's text and PDF count.
fn served_crawl(consent: bool) -> (String, usize) {
    for _ in 0..5 {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}/oparl");
        let dir = project(&base, consent);
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
        let result = (line.trim() == format!("{base}/system")).then(|| crawl(&base));
        let _ = child.kill();
        let _ = child.wait();
        if let Some(result) = result {
            return result;
        }
    }
    panic!("no free port for the server");
}

/// The static export of `dir` as text (PDFs through `pdftotext`), and how many PDFs it holds.
fn exported(dir: &Path) -> (String, usize, String) {
    let out = run_in(dir, &["oparl", "--ausgabe", "ausgabe"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let (mut all, mut pdfs) = (String::new(), 0);
    let mut stack = vec![dir.join("ausgabe")];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "pdf") {
                pdfs += 1;
                all.push_str(&pdf_text(&path));
            } else {
                all.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    (all, pdfs, texts(&out).1)
}

#[test]
fn by_default_no_name_is_published() {
    let (text, pdfs) = served_crawl(false);
    assert_eq!(pdfs, 0, "no PDF without consent");
    for name in NAMES {
        assert_eq!(text.matches(name).count(), 0, "{name} published");
    }
    assert!(text.contains("2023/0031"), "the Papers are there");
    let dir = project("https://ratsinfo.lampertheim.de/oparl", false);
    let (text, pdfs, stderr) = exported(dir.path());
    assert_eq!(pdfs, 0);
    for name in NAMES {
        assert_eq!(text.matches(name).count(), 0, "{name} exported");
    }
    assert!(stderr.contains("personen_veroeffentlichen"), "{stderr}");
}

#[test]
fn with_consent_the_pdfs_and_their_names_are_published() {
    let (text, pdfs) = served_crawl(true);
    assert_eq!(pdfs, 2);
    for name in NAMES {
        assert!(text.contains(name), "{name} not published");
    }
    let dir = project("https://ratsinfo.lampertheim.de/oparl", true);
    let (text, pdfs, _) = exported(dir.path());
    assert_eq!(pdfs, 2);
    assert!(text.contains("Dexler"));
}
