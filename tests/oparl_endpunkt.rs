//! The archive as an OParl 1.1 endpoint, tested against the real binary: a crawl from the
//! System URL that follows every link, every object checked against the official schemas of
//! OParl/spec v1.1.1 (tests/fixtures/oparl-schema), the filters and pages, refusals, and ids
//! and JSON that stay the same across runs. No network beyond 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use common::*;
use serde_json::Value;
use sha2::{Digest, Sha512};

const TYPES: &str = "https://schema.oparl.org/1.1/";

/// A project copy with every example report archived, made once for this test binary.
fn archived() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        project(dir.path());
        dir
    })
    .path()
}

fn project(dir: &Path) {
    // With consent to publish the names in the PDFs: the Files are served (tests/personen.rs
    // checks the default, which publishes none).
    let settings = std::fs::read_to_string(root().join("sachstand.toml")).unwrap();
    let settings = settings.replace(LAMPERTHEIM, &format!("{LAMPERTHEIM}{CONSENT}"));
    std::fs::write(dir.join("sachstand.toml"), settings).unwrap();
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    let mut args = vec!["archive".to_owned()];
    for entry in std::fs::read_dir(root().join("reports")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            std::fs::copy(&path, dir.join("reports").join(&name)).unwrap();
            args.push(format!("reports/{name}"));
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run_in(dir, &args);
    assert!(out.status.success(), "{}", texts(&out).1);
}

/// Copies every file below `from` to `to`.
fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in tree(from) {
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
}

const LAMPERTHEIM: &str = "basis_url = \"https://ratsinfo.lampertheim.de/oparl\"\n";
/// The consent to publish the names in the PDFs, right after `basis_url`.
const CONSENT: &str = "personen_veroeffentlichen = true\n";

/// A copy of the archived project with `[oparl] basis_url = base` (`None`: no `[oparl]`).
fn project_with_base(base: Option<&str>) -> tempfile::TempDir {
    project_with(base, true)
}

/// The same, with or without the consent to publish the names (and so the Files).
fn project_with(base: Option<&str>, consent: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(archived(), dir.path());
    let settings = dir.path().join("sachstand.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    assert!(text.contains(&format!("[oparl]\n{LAMPERTHEIM}")));
    let text = match base {
        Some(base) if consent => text.replace(LAMPERTHEIM, &format!("basis_url = \"{base}\"\n")),
        Some(base) => text.replace(
            &format!("{LAMPERTHEIM}{CONSENT}"),
            &format!("basis_url = \"{base}\"\n"),
        ),
        None => text.replace(&format!("[oparl]\n{LAMPERTHEIM}{CONSENT}"), ""),
    };
    std::fs::write(settings, text).unwrap();
    dir
}

/// A running `sachstand oparl --serve` on a copy of the archived project, stopped when
/// dropped.
struct Server {
    child: Child,
    system: String,
    /// Where the server answers (`http://127.0.0.1:PORT/oparl`); the ids' base unless
    /// `basis_url` names another host.
    local: String,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Serves with `basis_url = http://127.0.0.1:PORT{path}`, the way a user tests locally.
    fn start(path: &str) -> Server {
        let server = Server::serve(|port| format!("http://127.0.0.1:{port}{path}"), path);
        assert_eq!(server.system, format!("{}/system", server.local));
        server
    }

    /// Serves on a free port with `basis_url = base_for(port)`; `path` is the base's path.
    fn serve(base_for: impl Fn(u16) -> String, path: &str) -> Server {
        Server::serve_with(base_for, path, true)
    }

    /// The same, with or without the consent to publish the names (and so the Files).
    fn serve_with(base_for: impl Fn(u16) -> String, path: &str, consent: bool) -> Server {
        for _ in 0..5 {
            let port = free_port();
            let dir = project_with(Some(&base_for(port)), consent);
            let local = format!("http://127.0.0.1:{port}{path}");
            if let Some(server) = Server::spawn(dir, port, &local) {
                return server;
            }
        }
        panic!("no free port for the server");
    }

    /// Serves on any free port without `[oparl]`: ids under the served address.
    fn without_base() -> Server {
        let server = Server::spawn(project_with_base(None), 0, "").unwrap();
        assert!(
            server.system.starts_with("http://127.0.0.1:") && server.system.ends_with("/system"),
            "the System URL comes first on stdout: {:?}",
            server.system
        );
        server
    }

    /// Starts the server on `port`; `None` if it printed nothing (the port was taken).
    fn spawn(dir: tempfile::TempDir, port: u16, local: &str) -> Option<Server> {
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
        let system = line.trim().to_owned();
        if system.is_empty() {
            let _ = child.wait();
            return None;
        }
        let local = if local.is_empty() {
            system.trim_end_matches("/system").to_owned()
        } else {
            local.to_owned()
        };
        Some(Server {
            child,
            system,
            local,
            _dir: dir,
        })
    }

    fn base(&self) -> &str {
        self.system.trim_end_matches("/system")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// GET: status and body.
fn get(url: &str) -> (u16, Vec<u8>) {
    let mut response = agent().get(url).call().unwrap();
    let status = response.status().as_u16();
    (
        status,
        response
            .body_mut()
            .with_config()
            .limit(50_000_000)
            .read_to_vec()
            .unwrap(),
    )
}

fn get_json(url: &str) -> Value {
    let (status, body) = get(url);
    assert_eq!(status, 200, "{url}: {}", String::from_utf8_lossy(&body));
    serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{url}: no JSON ({e})"))
}

/// The official schema of every object type, as validators.
fn schemas() -> BTreeMap<String, jsonschema::Validator> {
    let folder = root().join("tests/fixtures/oparl-schema");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let schema: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .unwrap();
            let kind = path.file_stem().unwrap().to_str().unwrap().to_owned();
            out.insert(kind, validator);
        }
    }
    assert_eq!(out.len(), 12);
    out
}

/// How each link property is followed: (type of the object, property) → (target type, list?).
fn link(kind: &str, property: &str) -> Option<(&'static str, bool)> {
    Some(match (kind, property) {
        ("System", "body") => ("Body", true),
        ("Body", "system") => ("System", false),
        ("Body", "organization") => ("Organization", true),
        ("Body", "person") => ("Person", true),
        ("Body", "meeting") => ("Meeting", true),
        ("Body", "paper") => ("Paper", true),
        ("Body", "agendaItem") => ("AgendaItem", true),
        ("Body", "consultation") => ("Consultation", true),
        ("Body", "file") => ("File", true),
        ("Body", "locationList") => ("Location", true),
        ("Body", "legislativeTermList") => ("LegislativeTerm", true),
        ("Body", "membership") => ("Membership", true),
        (_, "body") => ("Body", false),
        ("Paper", "underDirectionOf") | ("Consultation", "organization") => ("Organization", false),
        ("Meeting", "organization") => ("Organization", false),
        ("Consultation", "paper") | ("File", "paper") => ("Paper", false),
        ("Consultation", "meeting") => ("Meeting", false),
        _ => return None,
    })
}

/// Embedded objects: (type, property) → their type.
fn embedded(kind: &str, property: &str) -> Option<&'static str> {
    match (kind, property) {
        ("Paper", "mainFile" | "auxiliaryFile") => Some("File"),
        ("Paper", "consultation") => Some("Consultation"),
        ("Body", "legislativeTerm") => Some("LegislativeTerm"),
        ("Meeting", "agendaItem") => Some("AgendaItem"),
        _ => None,
    }
}

/// What the crawl saw.
#[derive(Default)]
struct Crawl {
    /// Every object by id (served at its id, or embedded).
    objects: BTreeMap<String, Value>,
    /// Every URL fetched, with its JSON (lists and objects) — for comparing runs.
    pages: BTreeMap<String, Value>,
    /// PDFs checked (their URLs).
    pdfs: BTreeSet<String>,
    /// Links to Meetings from Consultations.
    meeting_links: BTreeSet<String>,
}

/// Checks one object (served or embedded) and queues its links.
fn check_object(
    object: &Value,
    kind: &str,
    schemas: &BTreeMap<String, jsonschema::Validator>,
    queue: &mut VecDeque<(String, &'static str, bool)>,
    crawl: &mut Crawl,
) {
    assert_eq!(object["type"], format!("{TYPES}{kind}"), "{object:#}");
    let id = object["id"].as_str().expect("every object has an id");
    let errors: Vec<String> = schemas[kind]
        .iter_errors(object)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{kind} {id} breaks the schema: {errors:#?}"
    );
    for field in ["created", "modified"] {
        let text = object[field]
            .as_str()
            .unwrap_or_else(|| panic!("{id} without {field}"));
        assert!(
            text.ends_with("+01:00") || text.ends_with("+02:00"),
            "{id}: {field} in Berlin time: {text}"
        );
    }
    let required: &[&str] = match kind {
        "System" => &["oparlVersion", "body", "name"],
        "Body" => &[
            "name",
            "organization",
            "person",
            "meeting",
            "paper",
            "legislativeTerm",
            "agendaItem",
            "consultation",
            "file",
        ],
        "Organization" => &["name", "body", "organizationType"],
        "Meeting" => &["name", "start", "organization"],
        // `mainFile` only with `[oparl] personen_veroeffentlichen` (the crawl test counts
        // one File per version).
        "Paper" => &["name", "date", "paperType", "consultation", "body"],
        "File" => &[
            "accessUrl",
            "downloadUrl",
            "size",
            "sha512Checksum",
            "mimeType",
            "fileName",
        ],
        "Consultation" => &["paper", "meeting", "organization"],
        _ => &[],
    };
    for field in required {
        assert!(object.get(*field).is_some(), "{kind} {id} without {field}");
    }
    if kind == "System" {
        assert_eq!(object["oparlVersion"], "https://schema.oparl.org/1.1/");
    }
    if kind == "Consultation" {
        crawl
            .meeting_links
            .insert(object["meeting"].as_str().unwrap().to_owned());
    }
    if kind == "File" {
        check_pdf(object, crawl);
    }
    if let Some(earlier) = crawl.objects.get(id) {
        assert_eq!(earlier, object, "{id} is the same wherever it appears");
    }
    crawl.objects.insert(id.to_owned(), object.clone());
    for (property, value) in object.as_object().unwrap() {
        if let Some(target) = embedded(kind, property) {
            let items = value
                .as_array()
                .cloned()
                .unwrap_or_else(|| vec![value.clone()]);
            for item in items {
                check_object(&item, target, schemas, queue, crawl);
            }
        } else if let Some((target, list)) = link(kind, property) {
            let urls = value
                .as_array()
                .cloned()
                .unwrap_or_else(|| vec![value.clone()]);
            for url in urls {
                queue.push_back((url.as_str().unwrap().to_owned(), target, list));
            }
        }
    }
}

/// The PDF behind a File: both URLs answer with the bytes the checksum names.
fn check_pdf(file: &Value, crawl: &mut Crawl) {
    for field in ["accessUrl", "downloadUrl"] {
        let url = file[field].as_str().unwrap();
        if crawl.pdfs.contains(url) {
            continue;
        }
        let (status, bytes) = get(url);
        assert_eq!(status, 200);
        assert!(bytes.starts_with(b"%PDF-"));
        assert_eq!(file["size"], bytes.len());
        let sha: String = Sha512::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(file["sha512Checksum"], sha, "{}", file["id"]);
        crawl.pdfs.insert(url.to_owned());
    }
}

/// Crawls from the System URL, following every link and every list page.
fn crawl(system: &str) -> Crawl {
    let schemas = schemas();
    let mut crawl = Crawl::default();
    let mut queue = VecDeque::from([(system.to_owned(), "System", false)]);
    let mut seen = BTreeSet::new();
    while let Some((url, kind, list)) = queue.pop_front() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let json = get_json(&url);
        crawl.pages.insert(url.clone(), json.clone());
        if list {
            for field in ["data", "pagination", "links"] {
                assert!(json.get(field).is_some(), "list {url} without {field}");
            }
            for item in json["data"].as_array().unwrap() {
                let id = item["id"].as_str().unwrap().to_owned();
                check_object(item, kind, &schemas, &mut queue, &mut crawl);
                queue.push_back((id, kind, false));
            }
            if let Some(next) = json["links"]["next"].as_str() {
                queue.push_back((next.to_owned(), kind, true));
            }
        } else {
            assert_eq!(json["id"], url, "an object's id is its URL");
            check_object(&json, kind, &schemas, &mut queue, &mut crawl);
        }
    }
    crawl
}

fn count_of(crawl: &Crawl, kind: &str) -> usize {
    crawl
        .objects
        .values()
        .filter(|o| o["type"] == format!("{TYPES}{kind}"))
        .count()
}

#[test]
fn a_crawl_from_the_system_finds_every_object_valid_and_every_link_answering() {
    let server = Server::start("/oparl");
    let crawl = crawl(&server.system);
    let index = std::fs::read_to_string(archived().join("archiv/index.jsonl")).unwrap();
    let versions = index.lines().count();
    assert_eq!(count_of(&crawl, "System"), 1);
    assert_eq!(count_of(&crawl, "Body"), 1);
    assert_eq!(
        count_of(&crawl, "Paper"),
        versions,
        "one Paper per archived Vorlage"
    );
    assert_eq!(
        count_of(&crawl, "File"),
        versions,
        "one File per archived PDF"
    );
    assert_eq!(
        crawl.pdfs.len(),
        versions,
        "accessUrl and downloadUrl: one URL per PDF"
    );
    // The register: four Gremien and their 23 Sitzungen, plus the Federführung.
    assert!(count_of(&crawl, "Organization") >= 4);
    assert!(count_of(&crawl, "Meeting") >= 23);
    for meeting in &crawl.meeting_links {
        assert!(crawl.pages.contains_key(meeting), "{meeting} was fetched");
    }
    assert!(!crawl.meeting_links.is_empty());
    let stvv = &crawl.objects[&format!("{}/organization/stvv", server.base())];
    assert_eq!(stvv["classification"], "Parlament");
    let meeting = &crawl.objects[&format!("{}/meeting/sbk-2023-02-23", server.base())];
    assert_eq!(meeting["start"], "2023-02-23T18:00:00+01:00");
    let summer = &crawl.objects[&format!("{}/meeting/sbk-2023-06-29", server.base())];
    assert_eq!(summer["start"], "2023-06-29T18:00:00+02:00");
    // Embedded Consultations are served at their ids too, unchanged.
    for c in crawl
        .objects
        .values()
        .filter(|o| o["type"] == format!("{TYPES}Consultation"))
    {
        assert_eq!(&get_json(c["id"].as_str().unwrap()), c);
    }
    // Required lists without content are served as empty lists.
    let persons = get_json(&format!("{}/persons", server.base()));
    assert_eq!(persons["data"], serde_json::json!([]));
}

#[test]
fn filters_pages_and_bad_requests() {
    let server = Server::start("/oparl");
    let papers = format!("{}/papers", server.base());
    let all = get_json(&papers);
    let total = all["pagination"]["totalElements"].as_u64().unwrap();
    assert_eq!(total, 4);

    // limit=1: one Paper per page, `next` until the last, filters kept in the links.
    let mut url = format!("{papers}?limit=1&modified_until=2999-01-01T00%3A00%3A00%2B01%3A00");
    let mut ids = Vec::new();
    loop {
        let page = get_json(&url);
        assert_eq!(page["data"].as_array().unwrap().len(), 1);
        assert_eq!(page["pagination"]["totalPages"], total);
        ids.push(page["data"][0]["id"].clone());
        match page["links"]["next"].as_str() {
            Some(next) => {
                assert!(
                    next.contains("modified_until=") && next.contains("limit=1"),
                    "{next}"
                );
                url = next.to_owned();
            }
            None => break,
        }
    }
    let expected: Vec<Value> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].clone())
        .collect();
    assert_eq!(
        ids, expected,
        "the pages together give the list, in a stable order"
    );

    // The time filters compare created and modified.
    let data = all["data"].as_array().unwrap();
    let latest = data
        .iter()
        .map(|p| p["modified"].as_str().unwrap())
        .max()
        .unwrap();
    let earliest = data
        .iter()
        .map(|p| p["created"].as_str().unwrap())
        .min()
        .unwrap();
    let enc = |t: &str| t.replace(':', "%3A").replace('+', "%2B");
    let since = get_json(&format!("{papers}?modified_since={}", enc(latest)));
    assert!(since["pagination"]["totalElements"].as_u64().unwrap() >= 1);
    let after = get_json(&format!("{papers}?created_since=2999-01-01T00%3A00%3A00Z"));
    assert_eq!(after["data"], serde_json::json!([]));
    let until = get_json(&format!("{papers}?created_until={}", enc(earliest)));
    assert!(until["pagination"]["totalElements"].as_u64().unwrap() >= 1);
    let before = get_json(&format!(
        "{papers}?modified_until=2000-01-01T00%3A00%3A00%2B01%3A00"
    ));
    assert_eq!(before["pagination"]["totalElements"], 0);

    // Bad requests: the right status and a JSON body.
    for (url, status) in [
        (format!("{papers}?limit=-1"), 400),
        (format!("{papers}?limit=abc"), 400),
        (format!("{papers}?created_since=2023-01-01"), 400),
        (format!("{papers}?modified_until=gestern"), 400),
        (format!("{papers}?page=99"), 404),
        (format!("{}/paper/gibt-es-nicht", server.base()), 404),
        (format!("{}/pdf/../sachstand.toml", server.base()), 404),
        (format!("{}/pdf/2023/nicht-da.pdf", server.base()), 404),
    ] {
        let (got, body) = get(&url);
        assert_eq!(got, status, "{url}");
        let json: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["error"]["status"], status);
        assert!(json["error"]["message"].is_string());
    }

    // Read-only: writing methods are refused.
    let response = agent().post(&server.system).send("{}").unwrap();
    assert_eq!(response.status().as_u16(), 405);
    let response = agent().delete(&papers).call().unwrap();
    assert_eq!(response.status().as_u16(), 405);
}

/// Every file below `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn two_runs_serve_the_same_json_and_ids_outlive_a_new_vorlagen_nr() {
    // The server: two runs, the same JSON apart from the address (without `[oparl]` there is
    // no consent to publish names, so the first run goes without it too).
    let first = Server::serve_with(
        |port| format!("http://127.0.0.1:{port}/oparl"),
        "/oparl",
        false,
    );
    let one = crawl(&first.system);
    let base_one = first.base().to_owned();
    drop(first);
    let second = Server::without_base();
    let two = crawl(&second.system);
    let rebased = |crawl: &Crawl, base: &str| -> BTreeMap<String, String> {
        crawl
            .pages
            .iter()
            .map(|(url, json)| {
                (
                    url.replace(base, "BASE"),
                    json.to_string().replace(base, "BASE"),
                )
            })
            .collect()
    };
    assert_eq!(rebased(&one, &base_one), rebased(&two, second.base()));
    drop(second);

    // The static copy: twice the same bytes; ids under [oparl] basis_url.
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let out1 = dir.path().join("oparl1");
    let out2 = dir.path().join("oparl2");
    for out in [&out1, &out2] {
        let run = run_in(dir.path(), &["oparl", "-o", out.to_str().unwrap()]);
        assert!(run.status.success(), "{}", texts(&run).1);
    }
    assert_eq!(tree(&out1), tree(&out2));
    let system: Value =
        serde_json::from_slice(&std::fs::read(out1.join("system")).unwrap()).unwrap();
    assert_eq!(system["id"], "https://ratsinfo.lampertheim.de/oparl/system");

    // The Sachstandsbericht of November 2022 has no Vorlagen-Nr.; it gets one, and is archived
    // again: its Paper keeps its id, its first File keeps id and content.
    let paper_path = "paper/2022-11-integrationsstrategie";
    let before: Value =
        serde_json::from_slice(&std::fs::read(out1.join(paper_path)).unwrap()).unwrap();
    assert!(before.get("reference").is_none());
    let report = dir
        .path()
        .join("reports/2022-11-integrationsstrategie.toml");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace("[kopf]\n", "[kopf]\nnummer = \"2022/0187\"\n"),
    )
    .unwrap();
    release_file(&report);
    let run = run_in(
        dir.path(),
        &[
            "archive",
            "reports/2022-11-integrationsstrategie.toml",
            "--grund",
            "Vorlagen-Nr. vergeben",
        ],
    );
    assert!(run.status.success(), "{}", texts(&run).1);
    let out3 = dir.path().join("oparl3");
    let run = run_in(dir.path(), &["oparl", "-o", out3.to_str().unwrap()]);
    assert!(run.status.success(), "{}", texts(&run).1);
    let after: Value =
        serde_json::from_slice(&std::fs::read(out3.join(paper_path)).unwrap()).unwrap();
    assert_eq!(after["id"], before["id"]);
    assert_eq!(after["reference"], "2022/0187");
    assert_eq!(after["created"], before["created"]);
    assert_eq!(
        after["auxiliaryFile"][0], before["mainFile"],
        "the first version stays as it was"
    );
    assert_ne!(after["mainFile"]["id"], before["mainFile"]["id"]);
    let papers: Value =
        serde_json::from_slice(&std::fs::read(out3.join("papers")).unwrap()).unwrap();
    assert_eq!(
        papers["pagination"]["totalElements"], 4,
        "still four Papers"
    );
}

#[test]
fn ids_follow_basis_url_and_the_server_answers_below_its_path() {
    // A server behind a reverse proxy: the ids name the public address, the server answers
    // locally below the same path.
    let public = "https://ratsinfo.lampertheim.de/oparl";
    let server = Server::serve(|_| public.to_owned(), "/oparl");
    assert_eq!(server.system, format!("{public}/system"));
    let system = get_json(&format!("{}/system", server.local));
    assert_eq!(system["id"], format!("{public}/system"));
    assert_eq!(system["body"], format!("{public}/bodies"));
    let papers = get_json(&format!("{}/papers", server.local));
    let paper = &papers["data"][0];
    assert!(
        paper["id"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{public}/paper/"))
    );
    let file = &paper["mainFile"];
    let pdf_path = file["accessUrl"]
        .as_str()
        .unwrap()
        .strip_prefix(public)
        .unwrap();
    let (status, bytes) = get(&format!("{}{pdf_path}", server.local));
    assert_eq!(status, 200);
    assert_eq!(file["size"], bytes.len());

    // Outside the base path: 404 with a JSON body naming where the endpoint lies; the root
    // and the bare base path lead to the System.
    let origin = server.local.trim_end_matches("/oparl");
    let (status, body) = get(&format!("{origin}/system"));
    assert_eq!(status, 404);
    let json: Value = serde_json::from_slice(&body).unwrap();
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("/oparl/"),
        "{json}"
    );
    let no_redirects: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    for url in [format!("{origin}/"), server.local.clone()] {
        let response = no_redirects.get(&url).call().unwrap();
        assert_eq!(response.status().as_u16(), 307, "{url}");
        assert_eq!(response.headers()["location"], "/oparl/system", "{url}");
    }
}

#[test]
fn every_list_filters_and_refuses_bad_parameters() {
    let server = Server::start("/oparl");
    let system = get_json(&server.system);
    let bodies = get_json(system["body"].as_str().unwrap());
    let body = &bodies["data"][0];
    let lists: Vec<&str> = [
        "organization",
        "person",
        "meeting",
        "paper",
        "agendaItem",
        "consultation",
        "file",
        "locationList",
        "legislativeTermList",
        "membership",
    ]
    .iter()
    .map(|p| body[*p].as_str().unwrap())
    .collect();
    let enc = |t: &str| t.replace(':', "%3A").replace('+', "%2B");
    for list in lists {
        let all = get_json(list);
        let total = all["pagination"]["totalElements"].as_u64().unwrap();
        for filter in ["created_since", "modified_since"] {
            let future = get_json(&format!(
                "{list}?{filter}=2999-01-01T00%3A00%3A00%2B01%3A00"
            ));
            assert_eq!(future["pagination"]["totalElements"], 0, "{list} {filter}");
            let past = get_json(&format!("{list}?{filter}=2000-01-01T00%3A00%3A00Z"));
            assert_eq!(
                past["pagination"]["totalElements"], total,
                "{list} {filter}"
            );
        }
        for filter in ["created_until", "modified_until"] {
            let past = get_json(&format!(
                "{list}?{filter}=2000-01-01T00%3A00%3A00%2B01%3A00"
            ));
            assert_eq!(past["pagination"]["totalElements"], 0, "{list} {filter}");
            let future = get_json(&format!("{list}?{filter}=2999-01-01T00%3A00%3A00Z"));
            assert_eq!(
                future["pagination"]["totalElements"], total,
                "{list} {filter}"
            );
        }
        // Each entry passes a filter at its own time: the bounds are inclusive.
        for entry in all["data"].as_array().unwrap() {
            let created = entry["created"].as_str().unwrap();
            let page = get_json(&format!(
                "{list}?created_since={}&created_until={}&limit=100",
                enc(created),
                enc(created)
            ));
            assert!(
                page["data"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e["id"] == entry["id"]),
                "{list}: {} at {created}",
                entry["id"]
            );
        }
        let one = get_json(&format!("{list}?limit=1"));
        assert!(one["data"].as_array().unwrap().len() <= 1);
        assert_eq!(one["pagination"]["totalPages"], total.max(1));
        for (query, status) in [
            ("limit=-1", 400),
            ("limit=0", 400),
            ("limit=zwei", 400),
            ("created_since=2023-13-01T00%3A00%3A00Z", 400),
            ("created_until=2023-01-01", 400),
            ("modified_since=gestern", 400),
            ("modified_until=2023-01-01T25%3A00%3A00%2B01%3A00", 400),
            ("page=0", 400),
            ("page=1000", 404),
        ] {
            let (got, body) = get(&format!("{list}?{query}"));
            assert_eq!(got, status, "{list}?{query}");
            let json: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(json["error"]["status"], status);
            let message = json["error"]["message"].as_str().unwrap();
            assert!(
                message.contains("erwartet") || message.contains("Seiten"),
                "{message}"
            );
        }
    }
    let (status, body) = get(&format!("{}/gibt/es/nicht", server.local));
    assert_eq!(status, 404);
    assert!(serde_json::from_slice::<Value>(&body).unwrap()["error"]["message"].is_string());
}

#[test]
fn settings_that_cannot_give_ids_are_refused_with_the_place_to_fix() {
    // The static copy needs basis_url: the message names sachstand.toml and what to add.
    let dir = project_with_base(None);
    let out = run_in(dir.path(), &["oparl", "--ausgabe", "kopie"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("sachstand.toml:"), "{stderr}");
    assert!(stderr.contains("basis_url = \"https://"), "{stderr}");
    assert!(!dir.path().join("kopie").exists());
    // So does a server open to other computers.
    let out = run_in(
        dir.path(),
        &["oparl", "--serve", "--bind", "0.0.0.0", "--port", "0"],
    );
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("0.0.0.0") && stderr.contains("basis_url"),
        "{stderr}"
    );

    // A basis_url that is no address: a diagnostic at its line.
    let dir = project_with_base(Some("ratsinfo.lampertheim.de/oparl"));
    let line = std::fs::read_to_string(dir.path().join("sachstand.toml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("basis_url"))
        .unwrap()
        + 1;
    let out = run_in(dir.path(), &["oparl", "--serve", "--port", "0"]);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains(&format!("sachstand.toml:{line}:")),
        "{stderr}"
    );
    assert!(stderr.contains("https://"), "{stderr}");
}

/// The archived PDFs of the served project, relative to its archive (`2023/2023-0031.pdf`).
fn archived_pdfs(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("archiv/index.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["datei"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn a_pdf_is_served_only_as_the_archive_filed_it() {
    let server = Server::start("/oparl");
    let dir = server._dir.path();
    let pdfs = archived_pdfs(dir);
    let (changed, linked) = (&pdfs[0], &pdfs[1]);
    let (status, body) = get(&format!("{}/pdf/{changed}", server.base()));
    assert_eq!(status, 200);
    assert!(body.starts_with(b"%PDF"));
    // Changed on disk after the start: refused, with a JSON error.
    std::fs::write(
        dir.join("archiv").join(changed),
        b"%PDF-1.7 eine andere Datei",
    )
    .unwrap();
    let (status, body) = get(&format!("{}/pdf/{changed}", server.base()));
    assert_eq!(status, 500);
    assert!(String::from_utf8_lossy(&body).contains("nicht mehr die abgelegte Datei"));
    // A link to a file outside the archive (here: the settings) is never followed.
    let target = dir.join("archiv").join(linked);
    std::fs::remove_file(&target).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("sachstand.toml"), &target).unwrap();
    let (status, body) = get(&format!("{}/pdf/{linked}", server.base()));
    assert_eq!(status, 500);
    assert!(!String::from_utf8_lossy(&body).contains("[oparl]"));
    drop(server);

    // A server started on such an archive refuses to start and says why.
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(archived(), tmp.path());
    let target = tmp.path().join("archiv").join(linked);
    std::fs::remove_file(&target).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", &target).unwrap();
    let out = run_in(tmp.path(), &["oparl", "--ausgabe", "ausgabe"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("ist ein Verweis"), "{stderr}");
    assert!(stderr.contains("sachstand archive --verify"), "{stderr}");
    assert!(!tmp.path().join("ausgabe").exists());
    let out = run_in(tmp.path(), &["archive", "--verify"]);
    let (stdout, _) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("Verweis statt Datei: archiv/{linked}")),
        "{stdout}"
    );
}

const MITTEILUNG: &str = "reports/2023-06-front-office-migration.toml";

/// A project with every example archived, the Mitteilung as a nichtöffentliche Vorlage.
fn project_with_a_closed_paper() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    // Start again from the reports, with the Mitteilung closed, and archive them all.
    std::fs::remove_dir_all(dir.path().join("archiv")).unwrap();
    let mitteilung = dir.path().join(MITTEILUNG);
    let text = std::fs::read_to_string(&mitteilung).unwrap();
    std::fs::write(
        &mitteilung,
        text.replacen(
            "nummer = \"2023/0112\"\n",
            "nummer = \"2023/0112\"\noeffentlich = false\n",
            1,
        ),
    )
    .unwrap();
    release_file(&mitteilung);
    let mut args = vec!["archive".to_owned()];
    for entry in std::fs::read_dir(dir.path().join("reports")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".toml") {
            args.push(format!("reports/{name}"));
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run_in(dir.path(), &args);
    assert!(out.status.success(), "{}", texts(&out).1);
    dir
}

/// Takes `[oparl] basis_url` out of the project: the server's ids are then its own address.
fn without_basis_url(dir: &Path) {
    let settings = dir.join("sachstand.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        text.replace(&format!("[oparl]\n{LAMPERTHEIM}{CONSENT}"), ""),
    )
    .unwrap();
}

/// What must never be found in anything published of the closed paper.
fn traces(dir: &Path) -> Vec<String> {
    let index = std::fs::read_to_string(dir.join("archiv/index.jsonl")).unwrap();
    let line: Value = index
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|l| l["vorlagen_nr"] == "2023/0112")
        .unwrap();
    assert_eq!(line["oeffentlich"], false, "the index records it");
    let pdf = std::fs::read(dir.join("archiv").join(line["datei"].as_str().unwrap())).unwrap();
    vec![
        "2023/0112".to_owned(),
        "2023-0112".to_owned(),
        "Front Office Migration: Bilanz".to_owned(),
        "Delceva".to_owned(),
        line["sha256_datei"].as_str().unwrap().to_owned(),
        Sha512::digest(&pdf)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    ]
}

#[test]
fn a_nichtoeffentliche_vorlage_is_published_nowhere() {
    let dir = project_with_a_closed_paper();
    let traces = traces(dir.path());
    // The static export: every file.
    let out = run_in(dir.path(), &["oparl", "--ausgabe", "ausgabe"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let files = tree(&dir.path().join("ausgabe"));
    assert!(files.len() > 20, "{} files", files.len());
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for trace in &traces {
            assert!(
                !text.contains(trace.as_str()),
                "{trace} in {}",
                path.display()
            );
        }
    }
    // An older sachstand rewrote the index without the mark: the archived copy still says it.
    let index = dir.path().join("archiv/index.jsonl");
    let text = std::fs::read_to_string(&index).unwrap();
    assert!(text.contains(",\"oeffentlich\":false"));
    std::fs::write(&index, text.replace(",\"oeffentlich\":false", "")).unwrap();
    // The server: everything reachable from System, and the PDF's own address.
    without_basis_url(dir.path());
    let server = Server::spawn(dir, 0, "").unwrap();
    let crawl = crawl(&server.system);
    assert_eq!(count_of(&crawl, "Paper"), 3, "the three public examples");
    for (url, json) in &crawl.pages {
        let text = json.to_string();
        for trace in &traces {
            assert!(!text.contains(trace.as_str()), "{trace} in {url}");
        }
    }
    for url in &crawl.pdfs {
        let (_, bytes) = get(url);
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Front Office"), "{url}");
    }
    let (status, _) = get(&format!("{}/pdf/2023/2023-0112.pdf", server.base()));
    assert_eq!(status, 404);
    // The draft export refuses it, too.
    let out = run_in(server._dir.path(), &["oparl", MITTEILUNG]);
    assert_eq!(out.status.code(), Some(1));
    assert!(texts(&out).1.contains("nichtöffentlich"));
    assert!(!texts(&out).0.contains("2023/0112"));
}

#[test]
fn a_vorlage_released_later_appears_from_its_release() {
    let dir = project_with_a_closed_paper();
    let mitteilung = dir.path().join(MITTEILUNG);
    let text = std::fs::read_to_string(&mitteilung).unwrap();
    std::fs::write(&mitteilung, text.replace("oeffentlich = false\n", "")).unwrap();
    release_file(&mitteilung);
    let out = run_in(
        dir.path(),
        &[
            "archive",
            MITTEILUNG,
            "--grund",
            "nach dem Beschluss veröffentlicht",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let released = std::fs::read_to_string(dir.path().join("archiv/index.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|l| l["vorlagen_nr"] == "2023/0112" && l["version"] == 2)
        .unwrap();
    assert!(released.get("oeffentlich").is_none());
    // Ids under this server's address, with the consent to publish the Files kept.
    let port = free_port();
    let settings = dir.path().join("sachstand.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    let local = format!("basis_url = \"http://127.0.0.1:{port}\"\n");
    std::fs::write(&settings, text.replace(LAMPERTHEIM, &local)).unwrap();
    let server = Server::spawn(dir, port, "").unwrap();
    let crawl = crawl(&server.system);
    assert_eq!(count_of(&crawl, "Paper"), 4);
    let paper = crawl
        .objects
        .values()
        .find(|o| o["reference"] == "2023/0112")
        .unwrap();
    assert_eq!(paper["created"], released["archiviert"], "{paper:#}");
    // Only the released version's PDF: the closed first version stays unpublished.
    let files = crawl.objects.values().filter(|o| {
        o["type"] == format!("{TYPES}File")
            && o["paper"]
                .as_array()
                .is_some_and(|p| p.contains(&paper["id"]))
    });
    assert_eq!(files.count(), 1);
}

/// GET `url` with `headers`: status and the response's headers by lower-case name.
fn get_with(url: &str, headers: &[(&str, &str)]) -> (u16, BTreeMap<String, String>, Vec<u8>) {
    let mut request = agent().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request.call().unwrap();
    let found = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let status = response.status().as_u16();
    (status, found, response.body_mut().read_to_vec().unwrap())
}

#[test]
fn answers_are_cached_by_etag_and_a_browser_may_ask_first() {
    let server = Server::start("/oparl");
    let papers = format!("{}/papers", server.base());
    let pdf = format!(
        "{}/pdf/{}",
        server.base(),
        archived_pdfs(server._dir.path())[0]
    );
    for url in [&server.system, &papers, &pdf] {
        let (status, headers, body) = get_with(url, &[]);
        assert_eq!(status, 200, "{url}");
        let tag = headers
            .get("etag")
            .unwrap_or_else(|| panic!("{url}: {headers:?}"));
        let modified = headers.get("last-modified").unwrap();
        assert!(modified.ends_with(" GMT"), "{modified}");
        assert_eq!(
            headers.get("x-content-type-options").map(String::as_str),
            Some("nosniff")
        );
        assert!(headers.contains_key("cache-control"), "{url}");
        assert!(!body.is_empty());
        // Sent back: nothing new.
        let (status, again, body) = get_with(url, &[("If-None-Match", tag)]);
        assert_eq!(status, 304, "{url}");
        assert!(body.is_empty());
        assert_eq!(again.get("etag"), Some(tag));
        let (status, _, _) = get_with(url, &[("If-Modified-Since", modified)]);
        assert_eq!(status, 304, "{url}");
        let (status, _, _) = get_with(url, &[("If-None-Match", "\"anders\"")]);
        assert_eq!(status, 200, "{url}");
    }
    // A browser's preflight for a conditional request.
    let response = agent()
        .options(&papers)
        .header("Origin", "https://buergerinfo.example")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "if-none-match")
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(header("access-control-allow-origin"), "*");
    assert!(header("access-control-allow-methods").contains("GET"));
    assert!(header("access-control-allow-headers").contains("if-none-match"));
}

#[test]
fn a_version_archived_while_the_server_runs_is_served_without_a_restart() {
    let server = Server::start("/oparl");
    let dir = server._dir.path();
    let before = get_json(&format!("{}/papers", server.base()));
    let count = before["data"].as_array().unwrap().len();
    // A new Vorlage, archived while the server runs.
    let text = std::fs::read_to_string(dir.join(MITTEILUNG)).unwrap();
    std::fs::write(
        dir.join("reports/2023-06-neu.toml"),
        text.replace("nummer = \"2023/0112\"", "nummer = \"2023/0113\"")
            .replace("Front Office Migration: Bilanz", "Bürgerbüro: Bilanz"),
    )
    .unwrap();
    release_file(&dir.join("reports/2023-06-neu.toml"));
    let out = run_in(dir, &["archive", "reports/2023-06-neu.toml"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let start = std::time::Instant::now();
    loop {
        let now = get_json(&format!("{}/papers", server.base()));
        if now["data"].as_array().unwrap().len() == count + 1 {
            let paper = now["data"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["reference"] == "2023/0113")
                .unwrap();
            // Its File's PDF answers, too.
            let file = &paper["mainFile"];
            let (status, bytes) = get(file["accessUrl"].as_str().unwrap());
            assert_eq!(status, 200);
            assert!(bytes.starts_with(b"%PDF"));
            break;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(2),
            "not served after 2 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn ctrl_c_ends_the_oparl_server_within_two_seconds() {
    let mut server = Server::start("/oparl");
    let port = server
        .local
        .trim_start_matches("http://127.0.0.1:")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let mut half = std::net::TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
    std::io::Write::write_all(&mut half, b"GET /oparl/system HTTP/1.1\r\nHost: x\r\n").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let interrupted = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let start = std::time::Instant::now();
    while server.child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(4),
            "still running 4 s after Ctrl+C"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(start.elapsed() < std::time::Duration::from_millis(2600));
}
