//! `sachstand serve` over HTTP against the real binary: the overview, saving a field with
//! comments intact, the conflict on a stale hash, and the security rules (Host, secret,
//! same-origin, paths). Each test serves its own copy of the project on a free port.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::root;

const SEED: &str = "reports/2022-11-integrationsstrategie.toml";

/// A running `sachstand serve` on a copy of the project (`common::serve_editor`, `--port 0`).
struct Server {
    /// Killed when dropped.
    editor: common::Editor,
    dir: tempfile::TempDir,
    base: String,
    token: String,
    port: u16,
    agent: ureq::Agent,
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
    let editor = common::serve_editor(dir.path(), &[]);
    let agent = common::http_agent();
    Server {
        base: editor.base.clone(),
        token: editor.token.clone(),
        port: editor.port,
        editor,
        dir,
        agent,
    }
}

impl Server {
    fn cookie(&self) -> String {
        self.editor.cookie()
    }

    /// The server's address and port (`127.x.y.z:PORT`), as in its `Host`.
    fn host(&self) -> &str {
        self.base.trim_start_matches("http://")
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

    /// POST of a form as the overview's pages send it: status, `Location` and body.
    fn form(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
        self.form_with(path, fields, Some(&self.base), true)
    }

    fn form_with(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
        cookie: bool,
    ) -> (u16, String, String) {
        let mut req = self.agent.post(format!("{}{path}", self.base));
        if let Some(origin) = origin {
            req = req.header("Origin", origin);
        }
        if cookie {
            req = req.header("Cookie", self.cookie());
        }
        let mut r = req.send_form(fields.iter().copied()).unwrap();
        let location = r
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let status = r.status().as_u16();
        let body = r.body_mut().read_to_string().unwrap();
        (status, location, body.replace("&#x2f;", "/"))
    }

    /// GET of bytes with the cookie: status, content type, body.
    fn get_bytes(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut r = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Cookie", self.cookie())
            .call()
            .unwrap();
        let kind = r
            .headers()
            .get("content-type")
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let status = r.status().as_u16();
        (status, kind, r.body_mut().read_to_vec().unwrap())
    }

    /// The hash the editor page carries for `rel`.
    fn hash(&self, rel: &str) -> String {
        let (status, page) = self.get(&format!("/bericht/{rel}"));
        assert_eq!(status, 200, "{page}");
        let at = page.find("data-hash=\"").unwrap() + "data-hash=\"".len();
        page[at..at + 64].to_owned()
    }
}

/// A raw request to the server `s`, for headers a client library sets itself (`Host`).
fn raw(s: &Server, request: &str) -> String {
    let mut stream = TcpStream::connect(s.host()).unwrap();
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
    assert!(body["pages"][0].as_str().unwrap().contains("<svg"));

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
    assert!(
        page.contains("value=\"4.000,00\""),
        "amounts the German way"
    );
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
    // The new row follows the other rows, before the release record at the end (issue 24).
    let record = "\n# Freigabe (sachstand freigabe)";
    let (rows, release) = before.split_at(before.find(record).unwrap_or(before.len()));
    assert_eq!(
        after,
        format!(
            "{rows}\n[[finanzen]]\nprodukt = \"5 01 03 01 020\"\nkonto = \"4318000 / 52110000\"\nhaushaltsjahr = 2024\nbetrag = 1250.5\ndeckung = \"Ansatz im Haushalt 2024 vorgesehen\"\n{release}"
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
fn an_amount_with_a_thousands_dot_is_six_thousand_never_six_euros() {
    let s = serve();
    let before = std::fs::read_to_string(s.file(BESCHLUSS)).unwrap();
    s.change(
        "feld",
        BESCHLUSS,
        serde_json::json!({"name": "finanzen[1].betrag", "value": "6.200"}),
    );
    let after = std::fs::read_to_string(s.file(BESCHLUSS)).unwrap();
    assert_eq!(
        after,
        before.replacen("betrag = 4000.00", "betrag = 6200", 1)
    );
    let page = s.get(&format!("/bericht/{BESCHLUSS}")).1;
    assert!(
        page.contains("value=\"6.200,00\""),
        "shown back the German way"
    );
    // The PDF says so, too.
    let (status, _, pdf) = s.get_bytes(&format!("/pdf/{BESCHLUSS}"));
    assert_eq!(status, 200);
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &pdf).unwrap();
    let text = common::poppler("pdftotext", &["-layout"], file.path());
    // The finance table prints its amounts without "€" (the header says "in €").
    assert!(text.contains("6.200,00"), "{text}");
    assert!(!text.contains("6,20"), "{text}");

    // What reads two ways is refused at the field with both readings; the file stays.
    for (typed, readings) in [
        ("6,200", ["6.200,00 €", "6,20 €"]),
        ("6.20", ["6,20 €", "schreiben Sie 6,20"]),
    ] {
        let (status, body) = s.post(
            &format!("/feld/{BESCHLUSS}"),
            &serde_json::json!({"hash": s.hash(BESCHLUSS), "name": "finanzen[1].betrag", "value": typed}),
        );
        assert_eq!(status, 422, "{typed}: {body}");
        let message = body["fehler"].as_str().unwrap().replace('\u{a0}', " ");
        for reading in readings {
            assert!(message.contains(reading), "{typed}: {message}");
        }
        assert_eq!(std::fs::read_to_string(s.file(BESCHLUSS)).unwrap(), after);
    }
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
        // A real error (an emptied field is a draft with a placeholder: tests/editor_felder.rs).
        &serde_json::json!({"hash": hash, "name": "stelle.stellenanteil", "value": "250"}),
    );
    assert_eq!(status, 200, "{}", body["fehler"]);
    assert_eq!(body["outdated"], true);
    assert!(body["errors"].as_u64().unwrap() >= 1);
    assert!(
        body["pages"][0].as_str().unwrap().contains("<svg"),
        "last good pages"
    );
    let at_field = body["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["path"]
            .as_str()
            .is_some_and(|p| p == "stelle.stellenanteil")
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
fn a_save_keeps_the_files_byte_order_mark_and_windows_line_ends() {
    let s = serve();
    // The file as a Windows editor saves it: BOM and CRLF.
    let unix = std::fs::read_to_string(s.file(SEED)).unwrap();
    let windows = format!("\u{feff}{}", unix.replace('\n', "\r\n"));
    std::fs::write(s.file(SEED), &windows).unwrap();
    let hash = s.hash(SEED);
    let (status, body) = s.post(
        &format!("/feld/{SEED}"),
        &serde_json::json!({"hash": hash, "name": "beratungsfolge[2].bemerkungen", "value": "vertagt"}),
    );
    assert_eq!(status, 200, "{body}");
    let after = std::fs::read_to_string(s.file(SEED)).unwrap();
    let expected = windows.replacen(
        "termin = 2022-12-01\r\nbemerkungen = \"\"",
        "termin = 2022-12-01\r\nbemerkungen = \"vertagt\"",
        1,
    );
    assert_ne!(expected, windows);
    assert_eq!(
        after, expected,
        "only that value changes, BOM and CRLF stay"
    );
    // The page's hash is the file's: the next save goes through.
    let (status, _) = s.post(
        &format!("/feld/{SEED}"),
        &serde_json::json!({"hash": body["hash"], "name": "kopf.bearbeitung", "value": "Fr. Kolb"}),
    );
    assert_eq!(status, 200);
    let after = std::fs::read_to_string(s.file(SEED)).unwrap();
    assert!(after.starts_with('\u{feff}'));
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "every line ends in CRLF"
    );
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
        &s,
        &format!(
            "GET / HTTP/1.1\r\nHost: evil.example:{}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n",
            s.port
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    let answer = raw(
        &s,
        &format!(
            "GET / HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n",
            s.host()
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
    // A link inside the project to an archived copy or to the settings is no report either.
    std::fs::create_dir_all(s.file("archiv/2022")).unwrap();
    std::fs::copy(s.file(SEED), s.file("archiv/2022/kopie.toml")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            s.file("archiv/2022/kopie.toml"),
            s.file("reports/archiviert.toml"),
        )
        .unwrap();
        std::os::unix::fs::symlink(
            s.file("sachstand.toml"),
            s.file("reports/einstellungen.toml"),
        )
        .unwrap();
    }
    for rel in ["reports/archiviert.toml", "reports/einstellungen.toml"] {
        let (status, _) = s.get(&format!("/bericht/{rel}"));
        assert_eq!(status, 404, "{rel}");
        let (status, _) = s.post(
            &format!("/feld/{rel}"),
            &serde_json::json!({"hash": "x", "name": "kopf.bearbeitung", "value": "X"}),
        );
        assert_eq!(status, 404, "{rel}");
    }
}

#[test]
fn a_taken_port_and_a_folder_without_project_are_german_errors() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = common::sachstand(&["serve", ".", "--port", &port, "--bind", "127.0.0.1"]);
    assert_eq!(out.status.code(), Some(2));
    let (stdout, stderr) = common::texts(&out);
    assert!(stdout.is_empty());
    assert!(stderr.contains("ist schon belegt"), "{stderr}");

    let dir = tempfile::tempdir().unwrap();
    let out = common::sachstand(&["serve", dir.path().to_str().unwrap(), "--port", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::texts(&out).1.contains("kein sachstand-Projekt"));
}

/// A second copy of the project, for the CLI to do the same as the server.
fn cli_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    dir
}

#[test]
fn a_new_report_is_the_skeleton_new_writes_and_never_overwrites() {
    let s = serve();
    let fields = [
        ("vorlage", "sachstandsbericht"),
        ("datum", "2023-07-03"),
        ("datei", "2023-07-neu"),
    ];
    // Refused without the secret and from a foreign page: nothing is written.
    assert_eq!(s.form_with("/neu", &fields, Some(&s.base), false).0, 403);
    assert_eq!(
        s.form_with("/neu", &fields, Some("http://evil.example"), true)
            .0,
        403
    );
    assert!(!s.file("reports/2023-07-neu.toml").exists());

    let (status, location, body) = s.form("/neu", &fields);
    assert_eq!(status, 303, "{body}");
    assert_eq!(location, "/bericht/reports/2023-07-neu.toml");
    let written = std::fs::read_to_string(s.file("reports/2023-07-neu.toml")).unwrap();
    let cli = cli_copy();
    let out = common::run_in(
        cli.path(),
        &[
            "new",
            "--vorlage",
            "sachstandsbericht",
            "--datum",
            "2023-07-03",
            "-o",
            "reports/2023-07-neu.toml",
        ],
    );
    assert!(out.status.success(), "{:?}", common::texts(&out));
    let expected = std::fs::read_to_string(cli.path().join("reports/2023-07-neu.toml")).unwrap();
    assert_eq!(
        written, expected,
        "the same file as `sachstand new --vorlage`"
    );

    // Its editor opens and says what was set.
    let (status, page) = s.get(&location);
    assert_eq!(status, 200);
    let page = page.replace("&#x2f;", "/");
    assert!(
        page.contains("aus dem Gerüst der Vorlagenart Sachstandsbericht angelegt"),
        "{page}"
    );
    assert!(page.contains("Datum der Vorlage: 03.07.2023"), "{page}");
    assert!(
        page.contains("name=\"kopf.datum\" value=\"03.07.2023\""),
        "{page}"
    );

    // A second time: refused with a German message, the file untouched.
    std::fs::write(s.file("reports/2023-07-neu.toml"), "# von Hand\n").unwrap();
    let (status, _, body) = s.form("/neu", &fields);
    assert_eq!(status, 409);
    assert!(body.contains("Die Datei „reports/2023-07-neu.toml“ gibt es schon; sachstand überschreibt keinen Bericht"), "{body}");
    assert_eq!(
        std::fs::read_to_string(s.file("reports/2023-07-neu.toml")).unwrap(),
        "# von Hand\n"
    );
    // Only plain names in the reports folder.
    let (status, _, body) = s.form(
        "/neu",
        &[
            ("vorlage", "sachstandsbericht"),
            ("datum", "2023-07-03"),
            ("datei", "../raus"),
        ],
    );
    assert_eq!(status, 422);
    assert!(body.contains("taugt nicht als Dateiname"), "{body}");
    assert!(!s.dir.path().join("../raus.toml").exists());
    let (status, _, body) = s.form(
        "/neu",
        &[
            ("vorlage", "sachstandsbericht"),
            ("datum", "2023-07"),
            ("datei", "x"),
        ],
    );
    assert_eq!(status, 422);
    assert!(body.contains("kein vollständiges Datum"), "{body}");
}

#[test]
fn the_next_cycle_is_what_new_from_writes_and_its_notes_are_shown() {
    let s = serve();
    // May 2023 exists already: refused, nothing changed.
    let may = std::fs::read(s.file("reports/2023-05-integrationsstrategie.toml")).unwrap();
    let (status, _, body) = s.form(&format!("/zyklus/{SEED}"), &[("datum", "2023-05-10")]);
    assert_eq!(status, 409, "{body}");
    assert!(
        body.contains("sachstand überschreibt keinen Bericht"),
        "{body}"
    );
    assert_eq!(
        std::fs::read(s.file("reports/2023-05-integrationsstrategie.toml")).unwrap(),
        may
    );
    // Before the report's own date: the CLI's German message.
    let (status, _, body) = s.form(&format!("/zyklus/{SEED}"), &[("datum", "2022-10-01")]);
    assert_eq!(status, 422);
    assert!(
        body.contains("muss nach dem vorherigen (16.11.2022) datiert sein"),
        "{body}"
    );

    let (status, location, body) = s.form(&format!("/zyklus/{SEED}"), &[("datum", "2023-06-12")]);
    assert_eq!(status, 303, "{body}");
    assert_eq!(
        location,
        "/bericht/reports/2023-06-integrationsstrategie.toml"
    );
    let written =
        std::fs::read_to_string(s.file("reports/2023-06-integrationsstrategie.toml")).unwrap();
    let cli = cli_copy();
    let out = common::run_in(
        cli.path(),
        &["new", "--from", SEED, "--datum", "2023-06-12"],
    );
    assert!(out.status.success(), "{:?}", common::texts(&out));
    let expected = std::fs::read_to_string(
        cli.path()
            .join("reports/2023-06-integrationsstrategie.toml"),
    )
    .unwrap();
    assert_eq!(written, expected, "the same file as `sachstand new --from`");

    let page = s.get(&location).1.replace("&#x2f;", "/");
    assert!(
        page.contains("Nächster Zyklus von „reports/2022-11-integrationsstrategie.toml“ angelegt"),
        "{page}"
    );
    assert!(page.contains("Bitte prüfen und aktualisieren"), "{page}");
    // The form's words: the field's label, not its key (issue 21, point 2).
    assert!(
        page.contains("Zeitraum: „in den vergangenen sechs Monaten“ bitte prüfen"),
        "{page}"
    );
    let banner = &page[page.find("class=\"angelegt\"").unwrap()..];
    let banner = &banner[..banner.find("</section>").unwrap()];
    assert!(!banner.contains("befragungen."), "{banner}");
    assert!(
        page.contains("Vorgänger: 2022-11-integrationsstrategie.toml"),
        "{page}"
    );
}

#[test]
fn archiving_takes_the_confirmed_state_of_a_report_without_errors() {
    let s = serve();
    let good = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";
    let (status, page) = s.get(&format!("/archiv/{good}"));
    assert_eq!(status, 200);
    assert!(page.contains("Archivieren ist endgültig"), "{page}");
    let at = page.find("name=\"hash\" value=\"").unwrap() + "name=\"hash\" value=\"".len();
    let hash = page[at..at + 64].to_owned();
    let path = format!("/archiv/{good}");
    let fields = [("hash", hash.as_str()), ("grund", "")];
    assert_eq!(s.form_with(&path, &fields, Some(&s.base), false).0, 403);
    assert_eq!(s.form_with(&path, &fields, None, true).0, 403);
    let (status, _, body) = s.form(&path, &[("hash", "0000"), ("grund", "")]);
    assert_eq!(status, 409, "a page that showed another state");
    assert!(body.contains("nichts wurde archiviert"), "{body}");
    assert!(!s.file("archiv").exists());

    let (status, _, body) = s.form(&path, &fields);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("archiv/2023/2023-0031.pdf"), "{body}");
    assert!(body.contains("2023/0031"), "{body}");
    assert!(body.contains("als Version 1 im Archiv abgelegt"), "{body}");
    let pdf = s.file("archiv/2023/2023-0031.pdf");
    assert!(common::pdf_text(&pdf).contains("Interkulturelle Wochen 2023"));
    assert_eq!(
        std::fs::read(s.file("archiv/2023/2023-0031.toml")).unwrap(),
        std::fs::read(s.file(good)).unwrap()
    );
    let index = std::fs::read_to_string(s.file("archiv/index.jsonl")).unwrap();
    assert_eq!(index.lines().count(), 1);
    // The overview and the confirmation page say what the archive holds.
    let (_, overview) = s.get("/");
    assert!(
        overview.contains("<span class=\"archivstand\">Version 1 archiviert</span>"),
        "{overview}"
    );
    let (_, page) = s.get(&path);
    assert!(page.contains("bereits als Version 1 archiviert"), "{page}");
    let (_, _, body) = s.form(&path, &fields);
    assert!(body.contains("Bereits archiviert"), "{body}");
    assert_eq!(
        std::fs::read_to_string(s.file("archiv/index.jsonl")).unwrap(),
        index
    );

    // Changed since: a new version needs a Grund, asked for on the confirmation page.
    let changed = std::fs::read_to_string(s.file(good)).unwrap() + "\n# nachgetragen\n";
    std::fs::write(s.file(good), &changed).unwrap();
    // Changed, the paper is released again before it is filed (issue 24).
    common::release_file(&s.file(good));
    let hash = s.get(&format!("/archiv/{good}")).1;
    assert!(
        hash.contains("als Version 1 archiviert und hat sich seither geändert: er wird als Version 2 archiviert"),
        "{hash}"
    );
    assert!(s.get("/").1.contains("seit Version 1 geändert"));
    let at = hash.find("name=\"hash\" value=\"").unwrap() + "name=\"hash\" value=\"".len();
    let hash = hash[at..at + 64].to_owned();
    let (status, _, body) = s.form(&path, &[("hash", &hash), ("grund", " ")]);
    assert_eq!(status, 422);
    assert!(
        body.contains("schon als Version 1 archiviert und hat sich seither geändert"),
        "{body}"
    );
    assert_eq!(
        std::fs::read_to_string(s.file("archiv/index.jsonl")).unwrap(),
        index
    );
    let (status, _, body) = s.form(&path, &[("hash", &hash), ("grund", "Kommentar ergänzt")]);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("archiv/2023/2023-0031-v2.pdf"), "{body}");
    let index = std::fs::read_to_string(s.file("archiv/index.jsonl")).unwrap();
    assert!(
        index
            .lines()
            .nth(1)
            .unwrap()
            .contains("\"grund\":\"Kommentar ergänzt\""),
        "{index}"
    );

    // A report with errors: the confirmation shows them, and archiving is refused.
    let text = std::fs::read_to_string(s.file(SEED)).unwrap();
    std::fs::write(
        s.file(SEED),
        text.replace("stellenanteil = 25 ", "stellenanteil = 250"),
    )
    .unwrap();
    let (status, page) = s.get(&format!("/archiv/{SEED}"));
    assert_eq!(status, 422);
    assert!(
        page.contains("Nicht archivierbar: der Bericht hat Fehler"),
        "{page}"
    );
    assert!(page.contains("Stellenanteil"), "{page}");
    assert!(!page.contains("Endgültig archivieren"), "{page}");
    let seed_hash = s.hash(SEED);
    let (status, _, body) = s.form(
        &format!("/archiv/{SEED}"),
        &[("hash", &seed_hash), ("grund", "")],
    );
    assert_eq!(status, 422);
    assert!(
        body.contains("Nicht archiviert: der Bericht hat Fehler"),
        "{body}"
    );
    assert_eq!(
        std::fs::read_to_string(s.file("archiv/index.jsonl")).unwrap(),
        index
    );
}

#[test]
fn the_overview_offers_each_sitzungsmappe_as_pdf() {
    let s = serve();
    let (_, page) = s.get("/");
    assert!(page.contains("Sitzungsmappen"), "{page}");
    assert!(page.contains("<input type=\"hidden\" name=\"gremium\" value=\"sbk\">\n          <input type=\"hidden\" name=\"termin\" value=\"2023-02-23\">"), "{page}");
    assert!(page.contains("href=\"/neu\""), "{page}");
    assert!(
        page.contains("/zyklus/reports&#x2f;2022-11-integrationsstrategie.toml"),
        "{page}"
    );

    let (status, kind, pdf) = s.get_bytes("/mappe?gremium=sbk&termin=2023-02-23");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(kind, "application/pdf");
    let file = s.dir.path().join("mappe.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let text = common::pdf_text(&file);
    assert!(text.contains("Sitzungsmappe"), "{text}");
    assert!(
        text.contains("Sozial-, Bildungs- und Kulturausschuss"),
        "{text}"
    );
    assert!(text.contains("Interkulturelle Wochen 2023"), "{text}");
    let pages: u32 = common::pdf_info(&file, "Pages").parse().unwrap();
    let (_, _, twosided) = s.get_bytes("/mappe?gremium=sbk&termin=2023-02-23&doppelseitig=ja");
    std::fs::write(&file, &twosided).unwrap();
    let pages_twosided: u32 = common::pdf_info(&file, "Pages").parse().unwrap();
    assert!(
        pages_twosided > pages,
        "{pages_twosided} > {pages}: blank versos"
    );
    assert!(
        !s.file("reports/sitzungsmappe-sbk-2023-02-23.pdf").exists(),
        "nothing written"
    );

    let (status, _, body) = s.get_bytes("/mappe?gremium=sbk&termin=2023-02-24");
    let body = String::from_utf8_lossy(&body).replace("&#x2f;", "/");
    assert_eq!(status, 422);
    assert!(body.contains("keine Vorlage in"), "{body}");
    assert!(
        body.contains("Termin 23.02.2023 statt 24.02.2023"),
        "{body}"
    );
}

#[test]
fn a_beratung_moves_down_and_up_with_its_comments() {
    let s = serve();
    let before = std::fs::read_to_string(s.file(SEED)).unwrap();
    let page = s.get(&format!("/bericht/{SEED}")).1;
    assert!(page.contains(">Beratung 2 nach oben</button>"), "{page}");
    assert!(page.contains(">Beratung 1 nach unten</button>"), "{page}");
    assert!(!page.contains("Beratung 1 nach oben"), "{page}");
    let (status, body) = s.post(
        &format!("/liste/{SEED}"),
        &serde_json::json!({"hash": s.hash(SEED), "liste": "beratungsfolge", "aktion": "runter", "index": 1}),
    );
    assert_eq!(status, 200, "{body}");
    let after = std::fs::read_to_string(s.file(SEED)).unwrap();
    let magistrat = after
        .find("gremium = \"Magistrat der Stadt Lampertheim\"")
        .unwrap();
    let sbk = after
        .find("gremium = \"Sozial-, Bildungs- und Kulturausschuss\"")
        .unwrap();
    assert!(sbk < magistrat, "{after}");
    assert_eq!(after.len(), before.len(), "only the order changed");
    // A stale hash is refused; then back up, and the file is as before.
    let (status, _) = s.post(
        &format!("/liste/{SEED}"),
        &serde_json::json!({"hash": body["hash"].as_str().unwrap().replace('a', "b"), "liste": "beratungsfolge", "aktion": "hoch", "index": 2}),
    );
    assert_eq!(status, 409);
    let (status, _) = s.post(
        &format!("/liste/{SEED}"),
        &serde_json::json!({"hash": body["hash"], "liste": "beratungsfolge", "aktion": "hoch", "index": 2}),
    );
    assert_eq!(status, 200);
    assert_eq!(std::fs::read_to_string(s.file(SEED)).unwrap(), before);
    let (status, body) = s.post(
        &format!("/liste/{SEED}"),
        &serde_json::json!({"hash": s.hash(SEED), "liste": "beratungsfolge", "aktion": "hoch", "index": 1}),
    );
    assert_eq!(status, 422);
    assert!(body["fehler"].as_str().unwrap().contains("schon ganz oben"));
}

#[test]
fn serve_on_a_report_file_names_the_project_folder_instead() {
    let out = common::sachstand(&["serve", common::SEED]);
    let (stdout, stderr) = common::texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("ist eine Datei, kein Ordner: nennen Sie den Projektordner"),
        "{stderr}"
    );
}

/// The value of `name` in a raw HTTP answer's head, lower-cased name.
fn head_value<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    let head = answer.split("\r\n\r\n").next()?;
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn a_select_takes_only_its_choices_also_without_the_page() {
    let s = serve();
    let before = std::fs::read_to_string(s.file(SEED)).unwrap();
    for (name, value) in [
        ("vorlage", "<script>"),
        ("beratungsfolge[1].gremium", "Geheimrat"),
    ] {
        let (status, body) = s.post(
            &format!("/feld/{SEED}"),
            &serde_json::json!({"hash": s.hash(SEED), "name": name, "value": value}),
        );
        assert_eq!(status, 422, "{name}: {body}");
        assert!(
            body["fehler"]
                .as_str()
                .unwrap()
                .contains("keine der Möglichkeiten"),
            "{body}"
        );
    }
    assert_eq!(std::fs::read_to_string(s.file(SEED)).unwrap(), before);
    // A Gremium by its key is one of them.
    s.change(
        "feld",
        SEED,
        serde_json::json!({"name": "beratungsfolge[1].gremium", "value": "sbk"}),
    );
}

#[test]
fn oeffentlichkeit_is_a_choice_of_two_named_values() {
    let s = serve();
    let page = s.get(&format!("/bericht/{SEED}")).1;
    assert!(
        page.contains("name=\"kopf.oeffentlich\""),
        "the field is in the form"
    );
    assert!(
        page.contains(">Nichtöffentlich</option>"),
        "named, not true/false"
    );
    s.change(
        "feld",
        SEED,
        serde_json::json!({"name": "kopf.oeffentlich", "value": "false"}),
    );
    let text = std::fs::read_to_string(s.file(SEED)).unwrap();
    assert!(text.contains("\noeffentlich = false\n"), "{text}");
    let (status, _) = s.post(
        &format!("/feld/{SEED}"),
        &serde_json::json!({"hash": s.hash(SEED), "name": "kopf.oeffentlich", "value": "vielleicht"}),
    );
    assert_eq!(status, 422);
}

#[test]
fn every_answer_keeps_other_pages_out() {
    let s = serve();
    let cookie = s.cookie();
    for path in [
        "/".to_owned(),
        format!("/bericht/{SEED}"),
        "/gibt-es-nicht".to_owned(),
    ] {
        let answer = raw(
            &s,
            &format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n",
                s.host()
            ),
        );
        let csp = head_value(&answer, "content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {answer}");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(
            head_value(&answer, "x-frame-options"),
            Some("DENY"),
            "{path}"
        );
        assert_eq!(
            head_value(&answer, "x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            head_value(&answer, "referrer-policy"),
            Some("same-origin"),
            "{path}"
        );
        assert_eq!(
            head_value(&answer, "cache-control"),
            Some("no-store"),
            "{path}"
        );
    }
    // A refused request carries them, too.
    let answer = raw(
        &s,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert_eq!(head_value(&answer, "x-frame-options"), Some("DENY"));
}

#[test]
fn the_secret_never_sends_the_browser_to_another_site() {
    let s = serve();
    let answer = raw(
        &s,
        &format!(
            "GET //evil.example/?token={} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            s.token,
            s.host()
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert_eq!(
        head_value(&answer, "location"),
        Some("/evil.example/"),
        "{answer}"
    );
}

#[test]
fn ctrl_c_ends_the_server_within_two_seconds_even_with_a_silent_connection() {
    let mut s = serve();
    // A client that starts a request and never finishes it.
    let mut silent = TcpStream::connect(s.host()).unwrap();
    silent
        .write_all(format!("GET / HTTP/1.1\r\nHost: {}\r\n", s.host()).as_bytes())
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let interrupted = Command::new("kill")
        .args(["-INT", &s.editor.child().id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let start = std::time::Instant::now();
    loop {
        if s.editor.child().try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(4),
            "serve still runs 4 s after Ctrl+C"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        start.elapsed() < std::time::Duration::from_millis(2600),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off() {
    // A half-open connection (headers started, never finished) must not hold the server's
    // connection for good: it is closed after the header-read timeout (10 s).
    let s = serve();
    let mut silent = TcpStream::connect(s.host()).unwrap();
    silent
        .write_all(format!("GET / HTTP/1.1\r\nHost: {}\r\n", s.host()).as_bytes())
        .unwrap();
    silent
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let start = std::time::Instant::now();
    let mut buf = [0u8; 512];
    let closed = match silent.read(&mut buf) {
        Ok(0) => true,
        Ok(_) => String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 408"),
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
    };
    let waited = start.elapsed();
    assert!(closed, "the connection was not closed ({waited:?})");
    assert!(
        waited >= std::time::Duration::from_secs(9) && waited < std::time::Duration::from_secs(15),
        "{waited:?}"
    );
    // The server itself still answers.
    let (status, _) = s.get("/");
    assert_eq!(status, 200);
}
