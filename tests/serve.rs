//! `sachstand serve` over HTTP against the real binary: the overview, saving a field with
//! comments intact, the conflict on a stale hash, and the security rules (Host, secret,
//! same-origin, paths). Each test serves its own copy of the project on a free port.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::root;

const SEED: &str = "reports/2022-11-integrationsstrategie.toml";

/// A running `sachstand serve` on a copy of the project; killed when dropped.
struct Server {
    child: Child,
    dir: tempfile::TempDir,
    base: String,
    token: String,
    port: u16,
    agent: ureq::Agent,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn copy_project(dir: &Path) {
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    std::fs::create_dir(dir.join("reports")).unwrap();
    for entry in std::fs::read_dir(root().join("reports")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, dir.join("reports").join(path.file_name().unwrap())).unwrap();
        }
    }
}

fn serve() -> Server {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .args([
            "serve",
            dir.path().to_str().unwrap(),
            "--port",
            &port.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first.trim();
    let base = format!("http://127.0.0.1:{port}");
    assert!(url.starts_with(&format!("{base}/?token=")), "{url}");
    let token = url.rsplit('=').next().unwrap().to_owned();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    Server {
        child,
        dir,
        base,
        token,
        port,
        agent,
    }
}

impl Server {
    fn cookie(&self) -> String {
        format!("sachstand-{}={}", self.port, self.token)
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// GET with the secret cookie: status and body.
    fn get(&self, path: &str) -> (u16, String) {
        let mut r = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Cookie", self.cookie())
            .call()
            .unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    }

    /// POST of JSON as the editor page sends it (same origin, with the cookie).
    fn post(&self, path: &str, json: &serde_json::Value) -> (u16, serde_json::Value) {
        self.post_with(path, json, Some(&self.base), true)
    }

    fn post_with(
        &self,
        path: &str,
        json: &serde_json::Value,
        origin: Option<&str>,
        cookie: bool,
    ) -> (u16, serde_json::Value) {
        let mut req = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/json");
        if let Some(origin) = origin {
            req = req.header("Origin", origin);
        }
        if cookie {
            req = req.header("Cookie", self.cookie());
        }
        let mut r = req.send(json.to_string()).unwrap();
        let status = r.status().as_u16();
        let body = r.body_mut().read_to_string().unwrap();
        (status, serde_json::from_str(&body).unwrap_or_default())
    }

    /// The hash the editor page carries for `rel`.
    fn hash(&self, rel: &str) -> String {
        let (status, page) = self.get(&format!("/bericht/{rel}"));
        assert_eq!(status, 200, "{page}");
        let at = page.find("data-hash=\"").unwrap() + "data-hash=\"".len();
        page[at..at + 64].to_owned()
    }
}

/// A raw request, for headers a client library sets itself (`Host`).
fn raw(port: u16, request: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    out
}

#[test]
fn the_url_sets_a_cookie_and_the_overview_lists_every_report() {
    let s = serve();
    let r = s
        .agent
        .get(format!("{}/?token={}", s.base, s.token))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let set = r.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(set.starts_with(&s.cookie()), "{set}");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );

    let (status, page) = s.get("/");
    assert_eq!(status, 200);
    let page = page.replace("&#x2f;", "/");
    for report in [
        "2022-11-integrationsstrategie.toml",
        "2023-02-zuschuss-interkulturelle-wochen.toml",
        "2023-05-integrationsstrategie.toml",
        "2023-06-front-office-migration.toml",
    ] {
        assert!(
            page.contains(&format!("/bericht/reports/{report}")),
            "{report} fehlt"
        );
    }
    assert!(page.contains("Sachstandsbericht"), "{page}");
    assert!(page.contains("16.11.2022"), "{page}");
    assert!(page.contains("Nächste Beratung"));
}

#[test]
fn a_field_change_rewrites_the_toml_with_comments_intact() {
    let s = serve();
    let before = std::fs::read_to_string(s.file(SEED)).unwrap();
    let hash = s.hash(SEED);
    let (status, body) = s.post(
        &format!("/feld/{SEED}"),
        &serde_json::json!({"hash": hash, "name": "beratungsfolge[2].bemerkungen", "value": "vertagt"}),
    );
    assert_eq!(status, 200, "{body}");
    let after = std::fs::read_to_string(s.file(SEED)).unwrap();
    let expected = before.replacen(
        "termin = 2022-12-01\nbemerkungen = \"\"",
        "termin = 2022-12-01\nbemerkungen = \"vertagt\"",
        1,
    );
    assert_ne!(expected, before);
    assert_eq!(after, expected, "only that value changes");
    assert_ne!(body["hash"], serde_json::json!(hash));
    assert_eq!(body["outdated"], false);
    assert!(body["pages"][0].as_str().unwrap().starts_with("<svg"));

    // A date goes in as a TOML date, and the comment after the value stays.
    let hash = body["hash"].as_str().unwrap().to_owned();
    let (status, _) = s.post(
        &format!("/feld/{SEED}"),
        &serde_json::json!({"hash": hash, "name": "kopf.datum", "value": "2022-11-17"}),
    );
    assert_eq!(status, 200);
    let after = std::fs::read_to_string(s.file(SEED)).unwrap();
    assert!(after.contains("\ndatum = 2022-11-17\n"), "{after}");
    assert!(after.starts_with(
        "#:schema ../sachstand.schema.json\n# Sachstandsbericht zur Integrationsstrategie"
    ));
}

const BESCHLUSS: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";

impl Server {
    /// POST to `/liste/` or `/feld/` with the page's current hash; the answer must be 200.
    fn change(&self, route: &str, rel: &str, mut json: serde_json::Value) -> serde_json::Value {
        json["hash"] = serde_json::json!(self.hash(rel));
        let (status, body) = self.post(&format!("/{route}/{rel}"), &json);
        assert_eq!(status, 200, "{json}: {body}");
        body
    }
}

#[test]
fn an_anlage_is_added_and_written_into_the_list() {
    let s = serve();
    let before = std::fs::read_to_string(s.file(BESCHLUSS)).unwrap();
    let page = s.get(&format!("/bericht/{BESCHLUSS}")).1;
    assert!(
        page.contains("name=\"beschluss.anlagen[2]\""),
        "anlagen one by one"
    );
    assert!(page.contains("data-fokus=\"beschluss.anlagen[3]\""));
    s.change(
        "liste",
        BESCHLUSS,
        serde_json::json!({"liste": "beschluss.anlagen", "aktion": "neu"}),
    );
    s.change(
        "feld",
        BESCHLUSS,
        serde_json::json!({"name": "beschluss.anlagen[3]", "value": "Lageplan"}),
    );
    s.change(
        "feld",
        BESCHLUSS,
        serde_json::json!({"name": "beschluss.begruendung[1]", "value": "Neu."}),
    );
    let after = std::fs::read_to_string(s.file(BESCHLUSS)).unwrap();
    let first = before
        .lines()
        .find(|l| l.starts_with("  \"Die Interkulturellen Wochen finden"))
        .unwrap();
    let expected = before
        .replacen(
            "  \"Förderrichtlinien der Stadt Lampertheim für Zuschüsse an freie Träger\",\n]",
            "  \"Förderrichtlinien der Stadt Lampertheim für Zuschüsse an freie Träger\",\n  \"Lageplan\",\n]",
            1,
        )
        .replacen(first, "  \"Neu.\",", 1);
    assert_eq!(after, expected);
    // Removing the first Anlage leaves the others in their lines.
    s.change(
        "liste",
        BESCHLUSS,
        serde_json::json!({"liste": "beschluss.anlagen", "aktion": "weg", "index": 1}),
    );
    let after = std::fs::read_to_string(s.file(BESCHLUSS)).unwrap();
    assert!(after.contains("anlagen = [\n  \"Förderrichtlinien der Stadt Lampertheim für Zuschüsse an freie Träger\",\n  \"Lageplan\",\n]\n"), "{after}");
}

#[test]
fn a_finance_row_is_added_with_german_numbers() {
    let s = serve();
    let before = std::fs::read_to_string(s.file(BESCHLUSS)).unwrap();
    s.change(
        "liste",
        BESCHLUSS,
        serde_json::json!({"liste": "finanzen", "aktion": "neu"}),
    );
    let page = s.get(&format!("/bericht/{BESCHLUSS}")).1;
    assert!(
        page.contains("name=\"finanzen[3].betrag\""),
        "new row in the form"
    );
    assert!(page.contains("value=\"4000\""), "amounts as written");
    for (field, value) in [
        ("produkt", "5 01 03 01 020"),
        ("konto", "4318000 / 52110000"),
        ("haushaltsjahr", "2024"),
        ("betrag", "1.250,50"),
        ("deckung", "Ansatz im Haushalt 2024 vorgesehen"),
    ] {
        s.change(
            "feld",
            BESCHLUSS,
            serde_json::json!({"name": format!("finanzen[3].{field}"), "value": value}),
        );
    }
    let after = std::fs::read_to_string(s.file(BESCHLUSS)).unwrap();
    assert_eq!(
        after,
        format!(
            "{before}\n[[finanzen]]\nprodukt = \"5 01 03 01 020\"\nkonto = \"4318000 / 52110000\"\nhaushaltsjahr = 2024\nbetrag = 1250.5\ndeckung = \"Ansatz im Haushalt 2024 vorgesehen\"\n"
        )
    );
    // A year is a whole number.
    let (status, body) = s.post(
        &format!("/feld/{BESCHLUSS}"),
        &serde_json::json!({"hash": s.hash(BESCHLUSS), "name": "finanzen[3].haushaltsjahr", "value": "2024,5"}),
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(std::fs::read_to_string(s.file(BESCHLUSS)).unwrap(), after);
}

#[test]
fn a_phrase_form_is_saved_into_its_table_with_the_comment() {
    let s = serve();
    let text = std::fs::read_to_string(s.file(SEED)).unwrap().replacen(
        "traeger = \"das Regionale Diakonische Werk Bergstraße\"",
        "traeger = { nominativ = \"das Regionale Diakonische Werk Bergstraße\", genus = \"neutrum\" }",
        1,
    );
    std::fs::write(s.file(SEED), &text).unwrap();
    let page = s.get(&format!("/bericht/{SEED}")).1;
    for part in [
        "nominativ",
        "genitiv",
        "dativ",
        "akkusativ",
        "numerus",
        "genus",
    ] {
        assert!(
            page.contains(&format!("name=\"stelle.traeger.{part}\"")),
            "{part}"
        );
    }
    let body = s.change(
        "feld",
        SEED,
        serde_json::json!({"name": "stelle.traeger.dativ", "value": "dem RDW Bergstraße"}),
    );
    let after = std::fs::read_to_string(s.file(SEED)).unwrap();
    assert_eq!(
        after,
        text.replacen(
            "genus = \"neutrum\" }",
            "genus = \"neutrum\", dativ = \"dem RDW Bergstraße\" }",
            1
        )
    );
    assert!(after.contains("}   # \"… vom Regionalen Diakonischen Werk …\"\n"));
    assert_eq!(body["outdated"], false, "{}", body["diagnostics"]);
    // A genus the grammar does not know is refused.
    let (status, _) = s.post(
        &format!("/feld/{SEED}"),
        &serde_json::json!({"hash": s.hash(SEED), "name": "stelle.traeger.genus", "value": "sächlich"}),
    );
    assert_eq!(status, 422);
}

#[test]
fn dates_are_shown_and_accepted_in_german() {
    let s = serve();
    let page = s.get(&format!("/bericht/{SEED}")).1;
    assert!(
        page.contains("name=\"kopf.datum\" value=\"16.11.2022\""),
        "{page}"
    );
    assert!(page.contains("placeholder=\"TT.MM.JJJJ\""));
    s.change(
        "feld",
        SEED,
        serde_json::json!({"name": "kopf.datum", "value": "17.11.2022"}),
    );
    let after = std::fs::read_to_string(s.file(SEED)).unwrap();
    assert!(after.contains("\ndatum = 2022-11-17\n"), "{after}");
    let (status, _) = s.post(
        &format!("/feld/{SEED}"),
        &serde_json::json!({"hash": s.hash(SEED), "name": "kopf.datum", "value": "17.11.22"}),
    );
    assert_eq!(status, 422);
    assert_eq!(std::fs::read_to_string(s.file(SEED)).unwrap(), after);
}

#[test]
fn a_half_typed_value_is_refused_and_not_written() {
    let s = serve();
    let before = std::fs::read(s.file(SEED)).unwrap();
    let (status, body) = s.post(
        &format!("/feld/{SEED}"),
        &serde_json::json!({"hash": s.hash(SEED), "name": "kopf.datum", "value": "2022-1"}),
    );
    assert_eq!(status, 422);
    assert!(
        body["fehler"]
            .as_str()
            .unwrap()
            .contains("kein vollständiges Datum")
    );
    assert_eq!(std::fs::read(s.file(SEED)).unwrap(), before);
}

#[test]
fn errors_are_shown_at_their_field_and_the_preview_is_outdated() {
    let s = serve();
    let hash = s.hash(SEED);
    let (_, good) = s.get(&format!("/vorschau/{SEED}"));
    assert!(good.contains("\"outdated\":false"), "{good}");
    let (status, body) = s.post(
        &format!("/feld/{SEED}"),
        &serde_json::json!({"hash": hash, "name": "beratungsfolge[1].termin", "value": ""}),
    );
    assert_eq!(status, 200, "{}", body["fehler"]);
    assert_eq!(body["outdated"], true);
    assert!(body["errors"].as_u64().unwrap() >= 1);
    assert!(
        body["pages"][0].as_str().unwrap().starts_with("<svg"),
        "last good pages"
    );
    let at_field = body["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["path"]
            .as_str()
            .is_some_and(|p| p.starts_with("beratungsfolge[1]"))
    });
    assert!(at_field, "{}", body["diagnostics"]);
}

#[test]
fn a_stale_hash_is_refused_and_the_file_untouched() {
    let s = serve();
    let hash = s.hash(SEED);
    // Another editor saves in between.
    let changed = std::fs::read_to_string(s.file(SEED)).unwrap() + "\n# von Hand ergänzt\n";
    std::fs::write(s.file(SEED), &changed).unwrap();
    let (status, body) = s.post(
        &format!("/feld/{SEED}"),
        &serde_json::json!({"hash": hash, "name": "kopf.bearbeitung", "value": "Fr. Kolb"}),
    );
    assert_eq!(status, 409);
    assert!(body["fehler"].as_str().unwrap().contains("inzwischen"));
    assert_eq!(std::fs::read_to_string(s.file(SEED)).unwrap(), changed);
    let (status, _) = s.post(
        &format!("/liste/{SEED}"),
        &serde_json::json!({"hash": hash, "liste": "beratungsfolge", "aktion": "neu"}),
    );
    assert_eq!(status, 409);
    assert_eq!(std::fs::read_to_string(s.file(SEED)).unwrap(), changed);
}

#[test]
fn a_beratung_is_added_and_removed() {
    let s = serve();
    let before = std::fs::read_to_string(s.file(SEED)).unwrap();
    let (status, body) = s.post(
        &format!("/liste/{SEED}"),
        &serde_json::json!({"hash": s.hash(SEED), "liste": "beratungsfolge", "aktion": "neu"}),
    );
    assert_eq!(status, 200, "{body}");
    let page = s.get(&format!("/bericht/{SEED}")).1;
    assert!(
        page.contains("name=\"beratungsfolge[3].gremium\""),
        "new entry in the form"
    );
    let (status, _) = s.post(
        &format!("/liste/{SEED}"),
        &serde_json::json!({"hash": s.hash(SEED), "liste": "beratungsfolge", "aktion": "weg", "index": 3}),
    );
    assert_eq!(status, 200);
    let after = std::fs::read_to_string(s.file(SEED)).unwrap();
    assert_eq!(after.matches("[[beratungsfolge]]").count(), 2);
    assert_eq!(after, before);
}

#[test]
fn a_foreign_host_is_refused() {
    let s = serve();
    let cookie = s.cookie();
    let answer = raw(
        s.port,
        &format!(
            "GET / HTTP/1.1\r\nHost: evil.example:{}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n",
            s.port
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    let answer = raw(
        s.port,
        &format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n",
            s.port
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn requests_without_secret_or_same_origin_are_refused() {
    let s = serve();
    let before = std::fs::read(s.file(SEED)).unwrap();
    let change =
        serde_json::json!({"hash": s.hash(SEED), "name": "kopf.bearbeitung", "value": "X"});
    let path = format!("/feld/{SEED}");
    assert_eq!(
        s.post_with(&path, &change, Some(&s.base), false).0,
        403,
        "no cookie"
    );
    assert_eq!(s.post_with(&path, &change, None, true).0, 403, "no origin");
    assert_eq!(
        s.post_with(&path, &change, Some("http://evil.example"), true)
            .0,
        403,
        "foreign origin"
    );
    assert_eq!(std::fs::read(s.file(SEED)).unwrap(), before);
    // Reading needs the secret too.
    let r = s.agent.get(format!("{}/", s.base)).call().unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = s
        .agent
        .get(format!("{}/?token=falsch", s.base))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
}

#[test]
fn paths_outside_the_reports_are_refused() {
    let s = serve();
    let outside = s.dir.path().parent().unwrap().join("geheim.toml");
    std::fs::write(&outside, "vorlage = \"x\"\n[kopf]\n").ok();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, s.file("reports/link.toml")).unwrap();
    for path in [
        "/bericht/..%2F..%2Fetc%2Fpasswd",
        "/bericht/reports/..%2Fsachstand.toml",
        "/bericht/%2Fetc%2Fpasswd",
        "/bericht/sachstand.toml",
        "/pdf/reports%2F..%2F..%2Fgeheim.toml",
        "/bericht/reports/link.toml",
        "/vorschau/reports/link.toml",
    ] {
        let (status, body) = s.get(path);
        assert_eq!(status, 404, "{path}: {body}");
    }
    let (status, _) = s.post(
        "/feld/reports/link.toml",
        &serde_json::json!({"hash": "x", "name": "kopf.bearbeitung", "value": "X"}),
    );
    assert_eq!(status, 404);
    let _ = std::fs::remove_file(outside);
}

#[test]
fn a_taken_port_and_a_folder_without_project_are_german_errors() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = common::sachstand(&["serve", ".", "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    let (stdout, stderr) = common::texts(&out);
    assert!(stdout.is_empty());
    assert!(stderr.contains("ist schon belegt"), "{stderr}");

    let dir = tempfile::tempdir().unwrap();
    let out = common::sachstand(&["serve", dir.path().to_str().unwrap(), "--port", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::texts(&out).1.contains("kein sachstand-Projekt"));
}
