//! Issue 21, the editor's remaining points, over HTTP against the real binary: an emptied
//! field keeps its comment and place (the same bytes after typing the value again); Gremien
//! by name only; an archived report says which version; the preview's text alternative;
//! `init`'s example never enters the archive, a Mappe or OParl; the server on a loopback
//! address of its own (the cookie reaches no other server on 127.0.0.1), Host and same-origin
//! checks still in force.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

use common::root;

const SEED: &str = "reports/2022-11-integrationsstrategie.toml";
const BESCHLUSS: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("sachstand.toml"),
        dir.path().join("sachstand.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    for entry in std::fs::read_dir(root().join("reports")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let to = dir.path().join("reports").join(path.file_name().unwrap());
            std::fs::copy(&path, to).unwrap();
        }
    }
    dir
}

struct Session {
    editor: common::Editor,
    agent: ureq::Agent,
}

impl Session {
    fn start(dir: &Path) -> Session {
        Session {
            editor: common::serve_editor(dir, &[]),
            agent: common::http_agent(),
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let mut r = self
            .agent
            .get(format!("{}{path}", self.editor.base))
            .header("Cookie", self.editor.cookie())
            .call()
            .unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    }

    fn hash(&self, rel: &str) -> String {
        let page = self.get(&format!("/bericht/{rel}")).1;
        let at = page.find("data-hash=\"").unwrap() + 11;
        page[at..at + 64].to_owned()
    }

    /// A field's new value as the editor page sends it; the answer's status and JSON.
    fn save(&self, rel: &str, name: &str, value: &str) -> (u16, serde_json::Value) {
        let body = serde_json::json!({"hash": self.hash(rel), "name": name, "value": value});
        let mut r = self
            .agent
            .post(format!("{}/feld/{rel}", self.editor.base))
            .header("Cookie", self.editor.cookie())
            .header("Origin", &self.editor.base)
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .unwrap();
        let status = r.status().as_u16();
        let text = r.body_mut().read_to_string().unwrap();
        (status, serde_json::from_str(&text).unwrap_or_default())
    }

    /// `127.x.y.z:PORT`.
    fn host(&self) -> String {
        self.editor.base.trim_start_matches("http://").to_owned()
    }
}

fn raw(address: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    out
}

#[test]
fn an_emptied_field_keeps_its_comment_and_place_and_comes_back_the_same() {
    let dir = project();
    let s = Session::start(dir.path());
    let file = dir.path().join(BESCHLUSS);
    let original = std::fs::read(&file).unwrap();
    let text = String::from_utf8(original.clone()).unwrap();
    // Fields in the middle of a table, the last of a table, in a list entry, and a date.
    for (name, key) in [
        ("kopf.federfuehrung", "federfuehrung"),
        ("kopf.bearbeitung", "bearbeitung"),
        ("beratungsfolge[2].termin", "termin"),
        ("finanzen[1].deckung", "deckung"),
        ("kopf.datum", "datum"),
    ] {
        let page = s.get(&format!("/bericht/{BESCHLUSS}")).1;
        let id = format!("f-{}", name.replace(['.', '[', ']'], "-"));
        let at = page.find(&format!("id=\"{id}\"")).unwrap();
        let value = page[at..]
            .split("value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        assert!(!value.is_empty(), "{name}");
        let (status, body) = s.save(BESCHLUSS, name, "");
        assert_eq!(status, 200, "{name}: {body}");
        let emptied = std::fs::read_to_string(&file).unwrap();
        // The key is a commented line now, where the key was, its comment after it.
        let line = emptied
            .lines()
            .find(|l| l.starts_with(&format!("# {key} = \"\"")))
            .unwrap_or_else(|| panic!("{name}: no commented line in\n{emptied}"));
        assert_eq!(
            emptied.lines().count(),
            text.lines().count(),
            "{name}: one line for one line"
        );
        let position = emptied.lines().position(|l| l == line).unwrap();
        let old_position = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with(&format!("{key} =")))
            .map(|(i, _)| i)
            .find(|i| *i == position);
        assert_eq!(old_position, Some(position), "{name}: moved\n{emptied}");
        // Typed again: the file is what it was, byte for byte.
        let (status, body) = s.save(BESCHLUSS, name, &value);
        assert_eq!(status, 200, "{name}: {body}");
        assert_eq!(
            std::fs::read(&file).unwrap(),
            original,
            "{name}: not the same bytes after typing {value:?} again:\n{}",
            std::fs::read_to_string(&file).unwrap()
        );
    }
}

#[test]
fn a_commented_key_of_a_skeleton_is_filled_where_it_stands() {
    let dir = project();
    let s = Session::start(dir.path());
    let rel = "reports/neu.toml";
    std::fs::write(
        dir.path().join(rel),
        "vorlage = \"beschlussvorlage\"\n\n[kopf]\n# stadt = \"\"                        # nur nötig, wenn sachstand.toml keine Stadt nennt\nprodukt = \"\"\n",
    )
    .unwrap();
    let (status, body) = s.save(rel, "kopf.stadt", "Bürstadt");
    assert_eq!(status, 200, "{body}");
    let after = std::fs::read_to_string(dir.path().join(rel)).unwrap();
    assert!(
        after.contains("[kopf]\nstadt = \"Bürstadt\"                        # nur nötig, wenn sachstand.toml keine Stadt nennt\nprodukt = \"\"\n"),
        "{after}"
    );
}

#[test]
fn gremien_are_offered_by_name_and_a_key_is_shown_by_its_name() {
    let dir = project();
    let file = dir.path().join(SEED);
    let text = std::fs::read_to_string(&file).unwrap();
    let settings = std::fs::read_to_string(dir.path().join("sachstand.toml")).unwrap();
    // The register's key of the first Beratung's Gremium.
    let key = settings
        .split("[[gremien]]")
        .find(|g| g.contains("name = \"Magistrat der Stadt Lampertheim\""))
        .and_then(|g| g.lines().find(|l| l.starts_with("key")))
        .and_then(|l| l.split('"').nth(1))
        .unwrap()
        .to_owned();
    std::fs::write(
        &file,
        text.replacen(
            "gremium = \"Magistrat der Stadt Lampertheim\"",
            &format!("gremium = \"{key}\""),
            1,
        ),
    )
    .unwrap();
    let s = Session::start(dir.path());
    let page = s.get(&format!("/bericht/{SEED}")).1;
    let at = page.find("name=\"beratungsfolge[1].gremium\"").unwrap();
    let select = &page[at..at + page[at..].find("</select>").unwrap()];
    let labels: Vec<&str> = select
        .split("<option")
        .skip(1)
        .map(|o| o.split('>').nth(1).unwrap().trim_end_matches("</option"))
        .collect();
    assert!(
        !labels.iter().any(|l| *l == key),
        "raw key offered: {labels:?}"
    );
    assert_eq!(
        labels
            .iter()
            .filter(|l| **l == "Magistrat der Stadt Lampertheim")
            .count(),
        1,
        "{labels:?}"
    );
    assert!(
        select.contains(&format!(
            "value=\"{key}\" selected>Magistrat der Stadt Lampertheim<"
        )),
        "{select}"
    );
}

#[test]
fn the_preview_has_the_page_text_and_the_pdf_link() {
    let dir = project();
    let s = Session::start(dir.path());
    let (status, body) = s.get(&format!("/vorschau/{SEED}"));
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let pages = json["pages"].as_array().unwrap();
    let count = pages.len();
    for (i, page) in pages.iter().enumerate() {
        let page = page.as_str().unwrap();
        let name = format!("Seite {} von {count}", i + 1);
        assert!(
            page.contains(&format!("<svg role=\"img\" aria-label=\"{name}")),
            "{}",
            &page[..200]
        );
        assert!(page.contains(&format!("<summary>{name} als Text</summary>")));
    }
    // The text is the PDF's text, line by line.
    let all: String = pages.iter().map(|p| p.as_str().unwrap()).collect();
    let pdf = dir.path().join("x.pdf");
    common::render_ok(&dir.path().join(SEED), &pdf);
    let pdf_text = common::pdf_text(&pdf);
    let first_words: Vec<&str> = pdf_text
        .lines()
        .filter(|l| l.split_whitespace().count() >= 4)
        .take(5)
        .collect();
    assert!(!first_words.is_empty());
    for line in first_words {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            all.contains(&line.replace('&', "&amp;")),
            "{line:?} not in the page text"
        );
    }
    let editor = s.get(&format!("/bericht/{SEED}")).1;
    let link = format!(
        "<a href=\"/pdf/{SEED}\" target=\"_blank\" rel=\"noopener\">Als barrierefreies PDF öffnen"
    );
    assert!(editor.replace("&#x2f;", "/").contains(&link), "{editor}");
}

#[test]
fn an_archived_report_says_which_version_the_archive_holds() {
    let dir = project();
    let out = common::run_in(dir.path(), &["archive", SEED]);
    assert!(out.status.success(), "{:?}", common::texts(&out));
    let s = Session::start(dir.path());
    let page = s.get(&format!("/bericht/{SEED}")).1;
    assert!(
        page.contains("Archiviert: diese Fassung ist Version 1 im Archiv"),
        "{page}"
    );
    let (status, _) = s.save(SEED, "beratungsfolge[2].bemerkungen", "vertagt");
    assert_eq!(status, 200);
    let page = s.get(&format!("/bericht/{SEED}")).1;
    assert!(
        page.contains("Version 1 ist archiviert")
            && page.contains("die Datei wurde seitdem geändert")
            && page.contains("Version 2 an"),
        "{page}"
    );
    let other = s.get(&format!("/bericht/{BESCHLUSS}")).1;
    assert!(!other.contains("id=\"archivstand\""));
}

#[test]
fn the_example_of_init_never_enters_archive_mappe_or_oparl() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::run_in(dir.path(), &["init", ".", "--stadt", "Musterstadt"]);
    assert!(out.status.success(), "{:?}", common::texts(&out));
    let example = dir.path().join("reports/beispiel-mitteilung.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    let line = text.lines().position(|l| l == "beispiel = true").unwrap() + 1;
    assert!(text.contains("# Ein Beispiel kommt in keine Sitzungsmappe"));
    // Checked and rendered like any report.
    let out = common::run_in(dir.path(), &["check", "reports/beispiel-mitteilung.toml"]);
    assert!(out.status.success(), "{:?}", common::texts(&out));

    let out = common::run_in(dir.path(), &["archive", "reports/beispiel-mitteilung.toml"]);
    let (_, stderr) = common::texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("beispiel-mitteilung.toml:{line}:"))
            && stderr.contains("als Beispiel markiert")
            && stderr.contains("löschen Sie diese Zeile"),
        "{stderr}"
    );
    let index = dir.path().join("archiv/index.jsonl");
    assert!(
        std::fs::read_to_string(&index)
            .unwrap_or_default()
            .is_empty()
    );

    let out = common::run_in(dir.path(), &["oparl", "reports/beispiel-mitteilung.toml"]);
    let (stdout, stderr) = common::texts(&out);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr.contains("als Beispiel markiert"), "{stderr}");
    assert!(!stdout.contains("Öffnungszeiten"), "{stdout}");

    // The Mappe of its Sitzung leaves it out and says so.
    let termin = text
        .lines()
        .find_map(|l| l.strip_prefix("termin = "))
        .unwrap()
        .to_owned();
    let out = common::run_in(
        dir.path(),
        &["mappe", "--gremium", "magistrat", "--termin", &termin],
    );
    let (_, stderr) = common::texts(&out);
    assert!(
        stderr.contains("beispiel-mitteilung.toml ist als Beispiel markiert"),
        "{stderr}"
    );

    // The editor says it, and its "Archivieren" refuses at once.
    {
        let s = Session::start(dir.path());
        let rel = "reports/beispiel-mitteilung.toml";
        let page = s.get(&format!("/bericht/{rel}")).1;
        assert!(
            page.contains("id=\"beispiel\"") && page.contains("Ein Beispiel:"),
            "{page}"
        );
        let (status, page) = s.get(&format!("/archiv/{rel}"));
        assert_eq!(status, 422, "{page}");
        assert!(page.contains("als Beispiel markiert"), "{page}");
    }
    // Without the mark it is a Vorlage like any other.
    // (released first: only released Vorlagen are archived)
    std::fs::write(&example, text.replace("beispiel = true\n", "")).unwrap();
    common::release_file(&example);
    let out = common::run_in(dir.path(), &["archive", "reports/beispiel-mitteilung.toml"]);
    assert!(out.status.success(), "{:?}", common::texts(&out));
}

#[test]
fn the_editor_listens_on_its_own_loopback_address() {
    let dir = project();
    let s = Session::start(dir.path());
    let host = s.host();
    let (ip, port) = host.rsplit_once(':').unwrap();
    let ip: std::net::Ipv4Addr = ip.parse().unwrap();
    assert!(ip.is_loopback(), "{ip}");
    assert_ne!(
        ip,
        std::net::Ipv4Addr::LOCALHOST,
        "not the address every server shares"
    );
    // Nothing answers on 127.0.0.1 with that port: a page there is another server, and the
    // browser's cookie for 127.x.y.z (cookies go by host, not port) never reaches it.
    assert!(TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())).is_err());
    // The secret sets a cookie for this host only (no Domain), then the path without it.
    let answer = raw(
        &host,
        &format!(
            "GET /?token={} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
            s.editor.token
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(!answer.to_ascii_lowercase().contains("domain="), "{answer}");
    // Host checks: another name for the same socket is refused.
    let cookie = s.editor.cookie();
    for foreign in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let answer = raw(
            &host,
            &format!(
                "GET / HTTP/1.1\r\nHost: {foreign}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
            ),
        );
        assert!(answer.starts_with("HTTP/1.1 403"), "{foreign}: {answer}");
    }
    // Same-origin: a change from a page on 127.0.0.1 (another server) is refused, from its own
    // address taken.
    let body = serde_json::json!({"hash": s.hash(SEED), "name": "beratungsfolge[2].bemerkungen", "value": "x"}).to_string();
    for (origin, status) in [
        (format!("http://127.0.0.1:{port}"), "403"),
        (format!("http://{host}"), "200"),
    ] {
        let answer = raw(
            &host,
            &format!(
                "POST /feld/{SEED} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        );
        assert!(
            answer.starts_with(&format!("HTTP/1.1 {status}")),
            "{origin}: {answer}"
        );
    }
}

#[test]
fn bind_chooses_the_address_and_only_a_loopback_one() {
    let dir = project();
    let out = common::sachstand(&[
        "serve",
        dir.path().to_str().unwrap(),
        "--port",
        "0",
        "--bind",
        "0.0.0.0",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let (stdout, stderr) = common::texts(&out);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("--bind 0.0.0.0") && stderr.contains("127.0.0.0 bis 127.255.255.255"),
        "{stderr}"
    );
    let editor = common::serve_editor_with(dir.path(), &["--bind", "127.0.0.1"]);
    assert!(
        editor.base.starts_with("http://127.0.0.1:"),
        "{}",
        editor.base
    );
    let port = editor.port;
    let answer = raw(
        &format!("127.0.0.1:{port}"),
        &format!(
            "GET / HTTP/1.1\r\nHost: localhost:{port}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
            editor.cookie()
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
