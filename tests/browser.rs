//! `sachstand serve` in a real browser: headless Chromium driven over WebDriver
//! (chromedriver, Debian's `chromium` and `chromium-driver`; `.ci/run` installs them). Opens
//! the overview with the printed URL, the seed report's editor, changes a field and sees the
//! file change with its comments, sees the preview, adds and removes a Beratung, an error at
//! its field, and the conflict refused: two tabs, and a change on disk. Skipped with a note
//! when Chromium is missing outside CI.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::free_port;
use serde_json::{Value, json};

const SEED: &str = "reports/2022-11-integrationsstrategie.toml";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn tool(names: &[&str]) -> Option<String> {
    names
        .iter()
        .find(|n| Path::new(n).is_file())
        .map(|n| (*n).to_owned())
}

/// A WebDriver session.
struct Browser {
    agent: ureq::Agent,
    base: String,
    _driver: Kill,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    /// Ends the session, so that chromedriver closes its Chromium: killing chromedriver alone
    /// leaves the browser's processes running after the test.
    fn drop(&mut self) {
        let _ = self.agent.delete(&self.base).call();
    }
}

impl Browser {
    fn start(chromium: &str, driver: &str) -> Browser {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let driver = Kill(child);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let root = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while agent.get(format!("{root}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver does not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run",
                     "--window-size=1400,1000", "--lang=en-US",
                     format!("--user-data-dir={}", profile.path().display())]
        }}}});
        let mut r = agent
            .post(format!("{root}/session"))
            .header("Content-Type", "application/json")
            .send(caps.to_string())
            .unwrap();
        let body: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        let id = body["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {body}"))
            .to_owned();
        Browser {
            agent,
            base: format!("{root}/session/{id}"),
            _driver: driver,
            _profile: profile,
        }
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let mut r = if method == "GET" {
            self.agent.get(url).call().unwrap()
        } else {
            self.agent
                .post(url)
                .header("Content-Type", "application/json")
                .send(body.to_string())
                .unwrap()
        };
        let text = r.body_mut().read_to_string().unwrap();
        serde_json::from_str::<Value>(&text).unwrap()["value"].clone()
    }

    fn open(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }

    fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": [] }),
        )
    }

    fn element(&self, css: &str) -> String {
        let found = self.call(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("{css}: {found}"))
            .to_owned()
    }

    fn replace_text(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.call("POST", &format!("/element/{id}/clear"), json!({}));
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            json!({ "text": text }),
        );
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.call("POST", &format!("/element/{id}/click"), json!({}));
    }

    /// A PNG of the window, saved as `name` (`.png` added when missing) in the folder
    /// `SACHSTAND_BILDER` names, else in the tests' temporary folder; returns its path.
    fn screenshot(&self, name: &str) -> std::path::PathBuf {
        use base64::Engine;
        let data = self.call("GET", "/screenshot", json!({}));
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap())
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        let folder = std::env::var_os("SACHSTAND_BILDER").map_or_else(
            || env!("CARGO_TARGET_TMPDIR").into(),
            std::path::PathBuf::from,
        );
        let name = if name.ends_with(".png") {
            name.to_owned()
        } else {
            format!("{name}.png")
        };
        let path = folder.join(name);
        std::fs::write(&path, png).unwrap();
        eprintln!("Bildschirmfoto: {}", path.display());
        path
    }

    fn wait_until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.script(script) != json!(true) {
            if Instant::now() >= deadline {
                // What the page shows, for the failure message.
                let shot = self.screenshot("zeitueberschreitung");
                let page = self.script(
                    "return location.href + '\\n' + document.body.innerText.slice(0, 2000)",
                );
                panic!(
                    "timed out: {what}\n{}\n{}",
                    shot.display(),
                    page.as_str().unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Chromium and chromedriver, or `None` (outside CI) when they are missing.
fn tools() -> Option<(String, String)> {
    let chromium = tool(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
    let driver = tool(&["/usr/bin/chromedriver"]);
    match (chromium, driver) {
        (Some(c), Some(d)) => Some((c, d)),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must have chromium and chromium-driver"
            );
            eprintln!("übersprungen: chromium oder chromedriver fehlt");
            None
        }
    }
}

/// `sachstand serve` on a copy of the project with every report; the printed URL.
fn serve_project(dir: &Path) -> (common::Editor, String) {
    let files: Vec<String> = std::fs::read_dir(common::root().join("reports"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| format!("reports/{}", path.file_name().unwrap().to_string_lossy()))
        .collect();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    serve_copy(dir, &files, |_, text| text)
}

fn wait_for_file(path: &Path, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = std::fs::read_to_string(path).unwrap();
        if text.contains(needle) {
            return text;
        }
        assert!(Instant::now() < deadline, "{needle} never written:\n{text}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `sachstand serve` on a project with the seed report only, with `env` set; the printed URL.
fn serve_seed(dir: &Path, env: &[(&str, &str)]) -> (common::Editor, String) {
    std::fs::copy(
        common::root().join("sachstand.toml"),
        dir.join("sachstand.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir.join("reports")).unwrap();
    std::fs::copy(common::root().join(SEED), dir.join(SEED)).unwrap();
    let editor = common::serve_editor(dir, env);
    let url = editor.url.clone();
    (editor, url)
}

#[test]
fn edit_the_seed_report_in_chromium() {
    let chromium = tool(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
    let driver = tool(&["/usr/bin/chromedriver"]);
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have chromium and chromium-driver"
        );
        eprintln!("übersprungen: chromium oder chromedriver fehlt");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join(SEED);
    let (_server, url) = serve_seed(dir.path(), &[]);
    let browser = Browser::start(&chromium, &driver);

    // The overview, through the printed URL.
    browser.open(url.trim());
    let rows = browser.script("return document.querySelectorAll('table.berichte tbody tr').length");
    assert_eq!(rows, json!(1));
    browser.script("document.querySelector('table.berichte tbody a').click()");
    browser.wait_until(
        "editor with preview",
        "return document.querySelectorAll('#seiten svg').length > 0",
    );

    // A field change reaches the file, comments intact, and the preview follows.
    let before = std::fs::read_to_string(&seed).unwrap();
    browser.script("window.altePages = document.getElementById('seiten').innerHTML");
    browser.replace_text("[name=\"kopf.bearbeitung\"]", "Fr. Kolb");
    let after = wait_for_file(&seed, "bearbeitung = \"Fr. Kolb\"");
    assert_eq!(
        after,
        before.replace("bearbeitung = \"Hr. Dexler\"", "bearbeitung = \"Fr. Kolb\"")
    );
    browser.wait_until(
        "new preview",
        "return document.getElementById('seiten').innerHTML !== window.altePages",
    );

    // A Beratung is added (an empty entry in the form and the file) and removed again.
    browser.script(
        "document.querySelector('button[data-liste=\"beratungsfolge\"][data-aktion=\"neu\"]').click()",
    );
    browser.wait_until(
        "third Beratung in the form, its first field focused",
        "return document.activeElement && document.activeElement.name === 'beratungsfolge[3].gremium'",
    );
    assert_eq!(
        std::fs::read_to_string(&seed)
            .unwrap()
            .matches("[[beratungsfolge]]")
            .count(),
        3
    );
    browser.script(
        "document.querySelector('button[data-liste=\"beratungsfolge\"][data-aktion=\"weg\"][data-index=\"3\"]').click()",
    );
    browser.wait_until(
        "third Beratung gone",
        "return document.readyState === 'complete' && document.querySelector('[name=\"beratungsfolge[1].gremium\"]') !== null && document.querySelector('[name=\"beratungsfolge[3].gremium\"]') === null",
    );
    assert_eq!(std::fs::read_to_string(&seed).unwrap(), after);

    // An error appears at its field, and the preview is marked outdated.
    browser.replace_text("[name=\"stelle.stellenanteil\"]", "250");
    wait_for_file(&seed, "stellenanteil = 250");
    browser.wait_until(
        "error at the field",
        "const p = document.getElementById('f-stelle-stellenanteil-befund'); return !p.hidden && p.textContent.includes('Stellenanteil')",
    );
    browser.wait_until(
        "outdated preview",
        "return !document.getElementById('veraltet').hidden",
    );

    // Two tabs: tab B saves, then tab A's next change is refused and the file keeps B's.
    let tab_a = browser.call("GET", "/window", json!({}));
    let tab_b = browser.call("POST", "/window/new", json!({"type": "tab"}))["handle"].clone();
    browser.call("POST", "/window", json!({ "handle": tab_b }));
    let base = url.trim().split("/?").next().unwrap().to_owned();
    browser.open(&format!("{base}/bericht/{SEED}"));
    browser.wait_until(
        "editor in tab B",
        "return document.querySelectorAll('#seiten svg').length > 0",
    );
    browser.replace_text("[name=\"kopf.produkt\"]", "1 2 3");
    let from_b = wait_for_file(&seed, "produkt = \"1 2 3\"");
    browser.call("POST", "/window", json!({ "handle": tab_a }));
    browser.replace_text("[name=\"kopf.federfuehrung\"]", "Amt 50");
    browser.wait_until(
        "conflict shown in tab A",
        "return !document.getElementById('konflikt').hidden",
    );
    assert_eq!(std::fs::read_to_string(&seed).unwrap(), from_b);

    // A change on disk (another editor): tab B's next edit is refused as well.
    browser.call("POST", "/window", json!({ "handle": tab_b }));
    let edited = std::fs::read_to_string(&seed).unwrap() + "\n# anderswo geändert\n";
    std::fs::write(&seed, &edited).unwrap();
    browser.replace_text("[name=\"kopf.bearbeitung\"]", "Hr. Dexler");
    browser.wait_until(
        "conflict shown in tab B",
        "return !document.getElementById('konflikt').hidden",
    );
    assert_eq!(std::fs::read_to_string(&seed).unwrap(), edited);
}

/// `sachstand serve` on a project with `files` (copied from the repository, changed by
/// `edit`); returns the server and the URL it printed.
fn serve_copy(
    dir: &Path,
    files: &[&str],
    edit: impl Fn(&str, String) -> String,
) -> (common::Editor, String) {
    std::fs::copy(
        common::root().join("sachstand.toml"),
        dir.join("sachstand.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir.join("reports")).unwrap();
    for file in files {
        let text = std::fs::read_to_string(common::root().join(file)).unwrap();
        std::fs::write(dir.join(file), edit(file, text)).unwrap();
    }
    let editor = common::serve_editor(dir, &[]);
    let url = editor.url.clone();
    (editor, url)
}

const BESCHLUSS: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";

#[test]
fn german_dates_anlagen_and_phrase_forms_in_chromium() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_server, url) = serve_copy(dir.path(), &[SEED, BESCHLUSS], |file, text| {
        if file == SEED {
            text.replacen(
                "traeger = \"das Regionale Diakonische Werk Bergstraße\"",
                "traeger = { nominativ = \"das Regionale Diakonische Werk Bergstraße\", genus = \"neutrum\" }",
                1,
            )
        } else {
            text
        }
    });
    let base = url.split("/?").next().unwrap().to_owned();
    let browser = Browser::start(&chromium, &driver);
    browser.open(&url);
    browser.open(&format!("{base}/bericht/{BESCHLUSS}"));
    browser.wait_until(
        "editor with preview",
        "return document.querySelectorAll('#seiten svg').length > 0",
    );
    let file = dir.path().join(BESCHLUSS);

    // The date shows the German way in an English browser, and a German date is saved as a
    // TOML date.
    assert_eq!(
        browser.script("return document.querySelector('[name=\"kopf.datum\"]').value"),
        json!("08.02.2023")
    );
    browser.replace_text("[name=\"kopf.datum\"]", "01.03.2023");
    wait_for_file(&file, "\ndatum = 2023-03-01\n");
    browser.screenshot("editor-datum.png");
    // Back to the date before the Beratungen (a later one is an error in the report).
    browser.replace_text("[name=\"kopf.datum\"]", "08.02.2023");
    wait_for_file(&file, "\ndatum = 2023-02-08\n");

    // A half-typed date is marked at its field and not written.
    let before = std::fs::read_to_string(&file).unwrap();
    browser.replace_text("[name=\"beratungsfolge[1].termin\"]", "20.02.20");
    browser.wait_until(
        "half-typed date marked",
        "const p = document.getElementById('f-beratungsfolge-1--termin-befund'); return !p.hidden && p.textContent.includes('TT.MM.JJJJ')",
    );
    browser.replace_text("[name=\"beratungsfolge[1].termin\"]", "2023-02-20");
    browser.script("document.querySelector('[name=\"beratungsfolge[1].termin\"]').dispatchEvent(new Event('change', {bubbles: true}))");
    browser.wait_until(
        "ISO date shown the German way",
        "return document.querySelector('[name=\"beratungsfolge[1].termin\"]').value === '20.02.2023'",
    );
    browser.wait_until(
        "saved",
        "return document.getElementById('status').textContent.startsWith('Alle Änderungen')",
    );

    // An Anlage is added: a new empty line in the file, focused in the form, then filled.
    browser.script(
        "document.querySelector('button[data-liste=\"beschluss.anlagen\"][data-aktion=\"neu\"]').click()",
    );
    browser.wait_until(
        "third Anlage focused",
        "return document.activeElement && document.activeElement.name === 'beschluss.anlagen[3]'",
    );
    browser.replace_text("[name=\"beschluss.anlagen[3]\"]", "Lageplan");
    let after = wait_for_file(&file, "  \"Lageplan\",\n]");
    assert_eq!(
        after,
        before.replacen(
            "für Zuschüsse an freie Träger\",\n]",
            "für Zuschüsse an freie Träger\",\n  \"Lageplan\",\n]",
            1
        )
    );
    browser.wait_until(
        "saved without errors",
        "return document.getElementById('status').textContent.startsWith('Alle Änderungen')",
    );
    browser.script("document.getElementById('g-beschluss').scrollIntoView()");
    browser.screenshot("editor-beschluss.png");

    // A phrase written as a table: each form is a field of its own.
    let seed = dir.path().join(SEED);
    browser.open(&format!("{base}/bericht/{SEED}"));
    browser.wait_until(
        "editor with preview",
        "return document.querySelectorAll('#seiten svg').length > 0",
    );
    browser.replace_text("[name=\"stelle.traeger.dativ\"]", "dem Diakonischen Werk");
    wait_for_file(
        &seed,
        "genus = \"neutrum\", dativ = \"dem Diakonischen Werk\" }",
    );
    browser.script("document.getElementById('g-stelle').scrollIntoView()");
    browser.screenshot("editor-phrase.png");
}

#[test]
fn overview_actions_and_reordering_in_chromium() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_server, url) = serve_project(dir.path());
    let base = url.split("/?").next().unwrap().to_owned();
    let browser = Browser::start(&chromium, &driver);
    browser.call(
        "POST",
        "/window/rect",
        json!({"width": 1280, "height": 900}),
    );
    browser.open(&url);
    assert_eq!(
        browser.script("return document.querySelectorAll('table.berichte tbody tr').length"),
        json!(4),
    );
    assert_eq!(
        browser.script("return document.querySelectorAll('table.mappen tbody tr').length"),
        json!(9),
        "the Sitzungen of the Beratungsfolgen"
    );
    // Keyboard: past the skip link and the home link to "Neuer Bericht", with a visible ring.
    for _ in 0..3 {
        browser.call(
            "POST",
            "/actions",
            json!({"actions": [{"type": "key", "id": "tastatur", "actions": [
                {"type": "keyDown", "value": "\u{E004}"}, {"type": "keyUp", "value": "\u{E004}"}
            ]}]}),
        );
    }
    assert_eq!(
        browser.script("const a = document.activeElement; return [a.textContent, getComputedStyle(a).outlineStyle]"),
        json!(["Neuer Bericht", "solid"])
    );

    browser.screenshot("uebersicht");
    browser.script("document.getElementById('mappen').scrollIntoView()");
    browser.screenshot("mappen");
    let widths = browser.script(
        "const d = document.documentElement; return [d.scrollWidth, d.clientWidth, window.innerWidth]",
    );
    assert!(
        widths[0].as_u64() <= widths[1].as_u64() && widths[2].as_u64() <= Some(1280),
        "the overview fits 1280 px: {widths}"
    );

    // "Neuer Bericht": the file name follows Vorlagenart and Datum; the editor opens.
    browser.click("a[href='/neu']");
    browser.wait_until(
        "form",
        "return document.getElementById('neu-form') !== null",
    );
    browser.script(
        "const f = document.getElementById('neu-form'); \
         f.elements.datum.value = '2023-07-03'; f.elements.datum.dispatchEvent(new Event('change')); \
         f.elements.vorlage.value = 'mitteilungsvorlage'; f.elements.vorlage.dispatchEvent(new Event('change'));",
    );
    assert_eq!(
        browser.script("return document.getElementById('datei').value"),
        json!("2023-07-mitteilungsvorlage.toml")
    );
    browser.screenshot("neu");
    browser.click("#neu-form button[type=submit]");
    browser.wait_until(
        "the new report's editor (a skeleton has errors: no preview yet)",
        "return location.pathname === '/bericht/reports/2023-07-mitteilungsvorlage.toml' && document.getElementById('angelegt-titel') !== null && document.getElementById('seiten').getAttribute('aria-busy') === 'false'",
    );
    let heading = browser.script("return document.getElementById('angelegt-titel').textContent");
    assert!(
        heading
            .as_str()
            .unwrap()
            .contains("Vorlagenart Mitteilungsvorlage angelegt"),
        "{heading}"
    );
    browser.screenshot("neu-angelegt");
    let created = dir.path().join("reports/2023-07-mitteilungsvorlage.toml");
    let text = std::fs::read_to_string(&created).unwrap();
    assert!(text.contains("vorlage = \"mitteilungsvorlage\""), "{text}");
    assert!(text.contains("datum = 2023-07-03"), "{text}");

    // The other dialogs, for the screenshots: next cycle and the archive's confirmation.
    browser.open(&format!("{base}/zyklus/{SEED}"));
    browser.screenshot("zyklus");
    browser.open(&format!(
        "{base}/archiv/reports/2023-02-zuschuss-interkulturelle-wochen.toml"
    ));
    browser.screenshot("archivieren");

    // Reorder: "Beratung 1 nach unten" swaps the two Beratungen in the file; the focus stays
    // on the moved entry (now 2, the last: its "nach oben" button).
    browser.open(&format!("{base}/bericht/{SEED}"));
    browser.wait_until(
        "editor with preview",
        "return document.querySelectorAll('#seiten svg').length > 0",
    );
    let seed = dir.path().join(SEED);
    let before = std::fs::read_to_string(&seed).unwrap();
    let order = |text: &str| {
        let magistrat = text
            .find("gremium = \"Magistrat der Stadt Lampertheim\"")
            .unwrap();
        let sbk = text
            .find("gremium = \"Sozial-, Bildungs- und Kulturausschuss\"")
            .unwrap();
        magistrat < sbk
    };
    assert!(order(&before));
    browser.script("document.querySelector('#g-beratungsfolge').scrollIntoView()");
    browser.screenshot("reihenfolge");
    browser.click("button[data-liste='beratungsfolge'][data-aktion='runter'][data-index='1']");
    browser.wait_until(
        "focus on the moved entry",
        "return document.readyState === 'complete' && document.activeElement && document.activeElement.textContent.includes('Beratung 2 nach oben')",
    );
    let after = std::fs::read_to_string(&seed).unwrap();
    assert!(!order(&after), "{after}");
    browser.screenshot("reihenfolge-fokus");
    assert_eq!(
        browser
            .script("return document.querySelector('[name=\"beratungsfolge[1].gremium\"]').value"),
        json!("Sozial-, Bildungs- und Kulturausschuss")
    );
    // And back with the keyboard: Enter on the focused button.
    browser.call(
        "POST",
        "/actions",
        json!({"actions": [{"type": "key", "id": "tastatur", "actions": [
            {"type": "keyDown", "value": "\u{E007}"}, {"type": "keyUp", "value": "\u{E007}"}
        ]}]}),
    );
    browser.wait_until(
        "moved back",
        "return document.readyState === 'complete' && document.activeElement && document.activeElement.textContent.includes('Beratung 1 nach unten')",
    );
    assert_eq!(std::fs::read_to_string(&seed).unwrap(), before);
}

/// A save the server cannot make (here: the project's lock held by another program, with a
/// one-second patience) keeps the change in the form, marked "nicht gespeichert", and is sent
/// again until it is written; the page never claims it was saved before it was.
#[test]
fn a_failed_save_is_kept_marked_and_retried_in_chromium() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join(SEED);
    let (_server, url) = serve_seed(dir.path(), &[("SACHSTAND_SPERRE_SEKUNDEN", "1")]);
    let browser = Browser::start(&chromium, &driver);
    browser.open(url.trim());
    browser.script("document.querySelector('table.berichte tbody a').click()");
    browser.wait_until(
        "editor with preview",
        "return document.querySelectorAll('#seiten svg').length > 0",
    );
    let before = std::fs::read_to_string(&seed).unwrap();

    // A colleague's sachstand holds the project's lock for a while.
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.path().join(".sachstand-sperre"))
        .unwrap();
    lock.lock().unwrap();
    browser.replace_text("[name=\"kopf.bearbeitung\"]", "Fr. Kolb");
    browser.wait_until(
        "the failed save is shown",
        "return document.getElementById('status').textContent.startsWith('Nicht gespeichert')",
    );
    let status = browser.script("return document.getElementById('status').textContent");
    assert!(
        status.as_str().unwrap().contains("Neuer Versuch"),
        "{status}"
    );
    let marked = browser.script(
        "const box = document.querySelector('[name=\"kopf.bearbeitung\"]').closest('.feld');
         return [box.dataset.ungespeichert, box.querySelector('.befund').textContent,
                 document.querySelector('[name=\"kopf.bearbeitung\"]').value]",
    );
    assert_eq!(marked[0], json!("1"), "{marked}");
    assert!(
        marked[1].as_str().unwrap().starts_with("Nicht gespeichert"),
        "{marked}"
    );
    assert_eq!(
        marked[2],
        json!("Fr. Kolb"),
        "the typed value stays: {marked}"
    );
    browser.screenshot("editor-nicht-gespeichert");
    assert_eq!(std::fs::read_to_string(&seed).unwrap(), before);

    // The colleague is done: the next attempt writes the value, and only now the page says so.
    drop(lock);
    let after = wait_for_file(&seed, "bearbeitung = \"Fr. Kolb\"");
    assert_eq!(
        after,
        before.replace("bearbeitung = \"Hr. Dexler\"", "bearbeitung = \"Fr. Kolb\"")
    );
    browser.wait_until(
        "saved",
        "return document.getElementById('status').textContent === 'Alle Änderungen sind gespeichert.'
           && !document.querySelector('[name=\"kopf.bearbeitung\"]').closest('.feld').dataset.ungespeichert",
    );
}

/// axe-core (npm `axe-core`, its `axe.min.js` named by `SACHSTAND_AXE`; `.ci/run` installs it),
/// or `None` outside CI when it is missing.
fn axe_source() -> Option<String> {
    match std::env::var_os("SACHSTAND_AXE") {
        Some(path) => Some(std::fs::read_to_string(path).unwrap()),
        None => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must name axe-core's axe.min.js in SACHSTAND_AXE"
            );
            eprintln!("übersprungen: SACHSTAND_AXE nennt kein axe.min.js");
            None
        }
    }
}

impl Browser {
    /// The WCAG 2.1 A/AA violations axe-core finds on the page as it is now, one line each.
    fn axe(&self, source: &str) -> Vec<String> {
        self.script(source);
        let found = self.call(
            "POST",
            "/execute/async",
            json!({"script": "const done = arguments[arguments.length - 1]; \
                axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}) \
                  .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' – ' + \
                    v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | ')))) \
                  .catch(e => done(['axe: ' + e]));", "args": []}),
        );
        found
            .as_array()
            .unwrap_or_else(|| panic!("axe: {found}"))
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

/// Every page and state of the editor passes axe-core's WCAG 2.1 AA rules (BITV 2.0).
#[test]
fn every_page_passes_axe_core_in_chromium() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let Some(axe) = axe_source() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_server, url) = serve_project(dir.path());
    let base = url.split("/?").next().unwrap().to_owned();
    let browser = Browser::start(&chromium, &driver);
    browser.open(&url);
    let mut found = Vec::new();
    let mut look = |name: &str| {
        for v in browser.axe(&axe) {
            found.push(format!("{name}: {v}"));
        }
    };
    look("Übersicht");
    let beschluss = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";
    for report in [
        SEED,
        beschluss,
        "reports/2023-06-front-office-migration.toml",
    ] {
        browser.open(&format!("{base}/bericht/{report}"));
        browser.wait_until(
            "preview",
            "return document.getElementById('seiten').getAttribute('aria-busy') === 'false'",
        );
        look(&format!("Editor {report}"));
    }
    // With a finding at a field and in the list.
    browser.replace_text("[name=\"kopf.datum\"]", "31.02.2023");
    browser.wait_until(
        "the field's finding",
        "return document.querySelector('.feld.ungueltig') !== null",
    );
    look("Editor mit Befund");
    browser.open(&format!("{base}/neu"));
    look("Neuer Bericht");
    browser.open(&format!("{base}/zyklus/{SEED}"));
    look("Nächster Zyklus");
    browser.open(&format!("{base}/archiv/{beschluss}"));
    look("Archivieren");
    browser.open(&format!("{base}/freigabe/{beschluss}"));
    look("Freigeben");
    // Archived: the page adds the withdrawal form.
    let out = common::run_in(dir.path(), &["archive", beschluss]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    browser.open(&format!("{base}/archiv/{beschluss}"));
    look("Archivieren mit Zurückziehen");
    // With a Beratungsergebnis recorded: its table above the forms of the open Beratungen.
    let out = common::run_in(
        dir.path(),
        &[
            "ergebnis",
            "2023/0031",
            "--gremium",
            "magistrat",
            "--termin",
            "20.02.2023",
            "vertagt",
            "--ja",
            "3",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    browser.open(&format!("{base}/archiv/{beschluss}"));
    look("Archivieren mit Beratungsergebnis");
    assert!(found.is_empty(), "axe-core:\n{}", found.join("\n"));
}

impl Browser {
    /// Presses `keys` (WebDriver key codes: Tab `\u{E004}`, Enter `\u{E007}`; a text is
    /// typed key by key) one after the other, as a keyboard does, on whatever has the focus.
    fn press(&self, keys: &[&str]) {
        let actions: Vec<Value> = keys
            .iter()
            .flat_map(|k| k.chars().map(String::from).collect::<Vec<_>>())
            .flat_map(|k| {
                [
                    json!({"type": "keyDown", "value": k}),
                    json!({"type": "keyUp", "value": k}),
                ]
            })
            .collect();
        self.call(
            "POST",
            "/actions",
            json!({"actions": [{"type": "key", "id": "tastatur", "actions": actions}]}),
        );
    }

    /// Waits until the page reloaded after a list action and the focus is on `css`, visible
    /// in the window; fails with what has the focus instead.
    fn wait_for_focus(&self, what: &str, css: &str) {
        self.wait_until(
            what,
            &format!(
                "if (document.readyState !== 'complete') return false; \
                 const want = document.querySelector({css:?}); const a = document.activeElement; \
                 if (!want || a !== want) return false; \
                 const r = a.getBoundingClientRect(); \
                 return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;"
            ),
        );
    }
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

/// Adding, moving and removing a paragraph of the Begründung, an Anlage and a Beratung with
/// the keyboard alone (Tab and Enter): after each, the focus is on the sensible control (the
/// new entry's field, the moved entry's button, the list's "hinzufügen") and in view, and the
/// file says the same.
#[test]
fn lists_by_keyboard_alone_keep_the_focus_in_view_in_chromium() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_server, url) = serve_copy(dir.path(), &[BESCHLUSS], |_, text| text);
    let base = url.split("/?").next().unwrap().to_owned();
    let file = dir.path().join(BESCHLUSS);
    let browser = Browser::start(&chromium, &driver);
    browser.call(
        "POST",
        "/window/rect",
        json!({"width": 1280, "height": 800}),
    );
    browser.open(&url);
    browser.open(&format!("{base}/bericht/{BESCHLUSS}"));
    browser.wait_until(
        "preview",
        "return document.querySelectorAll('#seiten svg').length > 0",
    );
    // An Anlage's file comes between its title and its buttons: its choice and its upload.
    for (list, entry, count, file_controls) in [
        ("beschluss.begruendung", "Absatz", 2, 0),
        ("beschluss.anlagen", "Anlage", 2, 2),
    ] {
        let new = format!("{list}[{}]", count + 1);
        // From the last entry's "entfernen" one Tab to "… hinzufügen", then Enter.
        browser.script(&format!(
            "document.querySelector('button[data-liste=\"{list}\"][data-aktion=\"weg\"][data-index=\"{count}\"]').focus()"
        ));
        browser.press(&[TAB, ENTER]);
        browser.wait_for_focus(
            &format!("{entry} hinzugefügt"),
            &format!("[name=\"{new}\"]"),
        );
        let text = format!("Neu per Tastatur {entry}");
        browser.press(&[&text]);
        wait_for_file(&file, &text);
        // Tab to "… nach oben" of the new entry, Enter: it is now entry `count`.
        let tabs = vec![TAB; 1 + file_controls];
        browser.press(&[tabs.as_slice(), &[ENTER]].concat());
        browser.wait_for_focus(
            &format!("{entry} nach oben"),
            &format!("button[data-liste=\"{list}\"][data-index=\"{count}\"][data-aktion=\"hoch\"]"),
        );
        let moved = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            browser.script(&format!(
                "return document.querySelector('[name=\"{list}[{count}]\"]').value"
            )),
            json!(text),
            "{moved}"
        );
        // "nach oben", "nach unten", "entfernen": two Tabs on, Enter.
        browser.press(&[TAB, TAB, ENTER]);
        browser.wait_for_focus(
            &format!("{entry} entfernt"),
            &format!("button[data-liste=\"{list}\"][data-aktion=\"neu\"]"),
        );
        let after = std::fs::read_to_string(&file).unwrap();
        assert!(!after.contains(&text), "{after}");
    }
    // A Beratung: added, its first field focused; moved up; removed.
    browser.script(
        "document.querySelector('button[data-liste=\"beratungsfolge\"][data-aktion=\"weg\"][data-index=\"3\"]').focus()",
    );
    browser.press(&[TAB, ENTER]);
    browser.wait_for_focus(
        "Beratung hinzugefügt",
        "[name=\"beratungsfolge[4].gremium\"]",
    );
    browser.script("document.querySelector('[name=\"beratungsfolge[4].bemerkungen\"]').focus()");
    browser.press(&["per Tastatur"]);
    wait_for_file(&file, "per Tastatur");
    browser.press(&[TAB, ENTER]);
    browser.wait_for_focus(
        "Beratung nach oben",
        "button[data-liste=\"beratungsfolge\"][data-index=\"3\"][data-aktion=\"hoch\"]",
    );
    assert_eq!(
        browser.script(
            "return document.querySelector('[name=\"beratungsfolge[3].bemerkungen\"]').value"
        ),
        json!("per Tastatur")
    );
    browser.press(&[TAB, TAB, ENTER]);
    browser.wait_for_focus(
        "Beratung entfernt",
        "button[data-liste=\"beratungsfolge\"][data-aktion=\"neu\"]",
    );
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("per Tastatur")
    );
    browser.screenshot("tastatur-listen");
}

/// A half-typed date is said in the live status line (not left at "gespeichert"), and the
/// status returns to "gespeichert" once the date is whole.
#[test]
fn an_invalid_date_is_announced_in_the_status_in_chromium() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_server, url) = serve_seed(dir.path(), &[]);
    let base = url.split("/?").next().unwrap().to_owned();
    let browser = Browser::start(&chromium, &driver);
    browser.open(&url);
    browser.open(&format!("{base}/bericht/{SEED}"));
    browser.wait_until(
        "preview",
        "return document.querySelectorAll('#seiten svg').length > 0",
    );
    assert_eq!(
        browser.script("const s = document.getElementById('status'); return [s.getAttribute('role'), s.getAttribute('aria-live')]"),
        json!(["status", "polite"])
    );
    browser.replace_text("[name=\"kopf.datum\"]", "16.11.");
    browser.script("document.querySelector('[name=\"kopf.datum\"]').dispatchEvent(new Event('change', {bubbles: true}))");
    browser.wait_until(
        "the status says it",
        "return document.getElementById('status').textContent.startsWith('Datum: Noch kein vollständiges Datum')",
    );
    std::thread::sleep(Duration::from_millis(1500));
    let status = browser.script("return document.getElementById('status').textContent");
    assert!(
        !status.as_str().unwrap().contains("gespeichert.")
            || status.as_str().unwrap().contains("nicht gespeichert"),
        "{status}"
    );
    browser.replace_text("[name=\"kopf.datum\"]", "17.11.2022");
    browser.wait_until(
        "saved",
        "return document.getElementById('status').textContent === 'Alle Änderungen sind gespeichert.'",
    );
    assert!(
        std::fs::read_to_string(dir.path().join(SEED))
            .unwrap()
            .contains("datum = 2022-11-17")
    );
}

/// The cookie with the secret goes to the editor's own address only: a page of another
/// server on 127.0.0.1 (another port) never receives it. The same browser does send it there
/// when the editor itself is bound to 127.0.0.1 (`--bind`), which shows the test can see it.
#[test]
fn the_secret_cookie_reaches_no_other_local_server_in_chromium() {
    use std::io::{BufRead, Write};
    let Some((chromium, driver)) = tools() else {
        return;
    };
    // Another server on 127.0.0.1: it answers once and reports the request's headers.
    let other = || {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let mut stream = stream;
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                .unwrap();
            head
        });
        (port, seen)
    };
    for (bind, shared) in [(None, false), (Some("127.0.0.1"), true)] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            common::root().join("sachstand.toml"),
            dir.path().join("sachstand.toml"),
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("reports")).unwrap();
        std::fs::copy(common::root().join(SEED), dir.path().join(SEED)).unwrap();
        let args: Vec<&str> = bind.map(|b| vec!["--bind", b]).unwrap_or_default();
        let editor = common::serve_editor_with(dir.path(), &args);
        let browser = Browser::start(&chromium, &driver);
        browser.open(&editor.url);
        browser.wait_until("overview", "return document.querySelector('h1') !== null");
        let (port, seen) = other();
        browser.open(&format!("http://127.0.0.1:{port}/"));
        let head = seen.join().unwrap();
        let cookie_name = format!("sachstand-{}=", editor.port);
        assert_eq!(
            head.contains(&cookie_name),
            shared,
            "bound to {:?}: {}\n{head}",
            bind,
            editor.base
        );
    }
}

/// axe-core on the states the other test does not reach: each action page with its error,
/// the editor of an archived report, and every page at 320 px without a horizontal scroll
/// bar (reflow, WCAG 1.4.10).
#[test]
fn error_states_and_narrow_windows_pass_axe_and_reflow_in_chromium() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let Some(axe) = axe_source() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_server, url) = serve_project(dir.path());
    let out = common::run_in(dir.path(), &["archive", SEED]);
    assert!(out.status.success(), "{:?}", common::texts(&out));
    let base = url.split("/?").next().unwrap().to_owned();
    let browser = Browser::start(&chromium, &driver);
    browser.open(&url);
    let mut found = Vec::new();
    // "Neuer Bericht" with a date that does not exist.
    browser.open(&format!("{base}/neu"));
    browser.script(
        "const f = document.getElementById('neu-form'); f.elements.datum.value = '31.02.2023'; f.elements.datei.value = 'x.toml';",
    );
    browser.click("#neu-form button[type=submit]");
    browser.wait_until(
        "error",
        "return document.querySelector('.meldung.fehler, [aria-invalid=true]') !== null",
    );
    found.extend(
        browser
            .axe(&axe)
            .into_iter()
            .map(|v| format!("Neuer Bericht, Fehler: {v}")),
    );
    // "Nächster Zyklus" with a date before the report's.
    browser.open(&format!("{base}/zyklus/{SEED}"));
    browser.replace_text("#datum", "01.01.2000");
    browser.click("form.aktion button[type=submit]");
    browser.wait_until("error", "return document.getElementById('fehler') !== null");
    found.extend(
        browser
            .axe(&axe)
            .into_iter()
            .map(|v| format!("Zyklus, Fehler: {v}")),
    );
    // "Archivieren" of a changed report without a reason.
    browser.open(&format!("{base}/bericht/{SEED}"));
    browser.wait_until(
        "preview",
        "return document.querySelectorAll('#seiten svg').length > 0",
    );
    assert!(
        browser
            .script("return document.getElementById('archivstand').textContent")
            .as_str()
            .unwrap()
            .contains("Version 1")
    );
    found.extend(
        browser
            .axe(&axe)
            .into_iter()
            .map(|v| format!("Editor, archiviert: {v}")),
    );
    browser.replace_text("[name=\"beratungsfolge[2].bemerkungen\"]", "vertagt");
    browser.wait_until(
        "saved",
        "return document.getElementById('status').textContent === 'Alle Änderungen sind gespeichert.'",
    );
    // Changed since its release it is an Entwurf again: released anew with "Freigeben".
    browser.open(&format!("{base}/freigabe/{SEED}"));
    browser.replace_text("#durch", "Schmidt, Bürgermeister");
    browser.click("input[name=bestaetigt]");
    browser.click("form.aktion button[type=submit]");
    browser.wait_until(
        "released",
        "return (document.getElementById('freigabestand') || {textContent: ''}).textContent.startsWith('Freigegeben durch Schmidt, Bürgermeister')",
    );
    browser.open(&format!("{base}/archiv/{SEED}"));
    browser.click("form button[type=submit]");
    browser.wait_until(
        "error",
        "return document.querySelector('.meldung.fehler') !== null",
    );
    found.extend(
        browser
            .axe(&axe)
            .into_iter()
            .map(|v| format!("Archivieren, Fehler: {v}")),
    );
    assert!(found.is_empty(), "axe-core:\n{}", found.join("\n"));

    // Reflow: 320 CSS pixels wide, nothing wider than the window.
    browser.call(
        "POST",
        "/goog/cdp/execute",
        json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": false}}),
    );
    let mut wide = Vec::new();
    for page in [
        "/".to_owned(),
        "/neu".to_owned(),
        format!("/zyklus/{SEED}"),
        format!("/archiv/{BESCHLUSS}"),
        format!("/bericht/{SEED}"),
        format!("/bericht/{BESCHLUSS}"),
        "/gibt-es-nicht".to_owned(),
    ] {
        browser.open(&format!("{base}{page}"));
        browser.wait_until("page", "return document.readyState === 'complete'");
        let widths = browser.script(
            "const d = document.documentElement; return [d.scrollWidth, window.innerWidth]",
        );
        if widths[0].as_u64() > widths[1].as_u64() {
            wide.push(format!("{page}: {widths}"));
        }
        let name = page.trim_matches('/').replace('/', "_");
        browser.screenshot(&format!(
            "schmal-{}",
            if name.is_empty() { "uebersicht" } else { &name }
        ));
    }
    assert!(wide.is_empty(), "wider than 320 px:\n{}", wide.join("\n"));
}

/// A new report in the browser (issue 21, points 2 and 3): its pages at once, with the draft
/// marked; the fields still empty a calm to-do list, not red, also after "Beratung
/// hinzufügen"; a field turns red with the form's words once touched, every to-do on "Prüfen";
/// an emptied Beschlussvorschlag at its own box. Screenshots, and axe-core on each state.
#[test]
fn a_new_report_is_a_calm_to_do_list_with_a_preview_in_chromium() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let axe = axe_source();
    let dir = tempfile::tempdir().unwrap();
    let (_server, url) = serve_project(dir.path());
    let base = url.split("/?").next().unwrap().to_owned();
    let browser = Browser::start(&chromium, &driver);
    browser.call(
        "POST",
        "/window/rect",
        json!({"width": 1400, "height": 1000}),
    );
    browser.open(&url);
    let mut violations = Vec::new();
    let mut look = |browser: &Browser, name: &str| {
        if let Some(axe) = &axe {
            violations.extend(browser.axe(axe).into_iter().map(|v| format!("{name}: {v}")));
        }
    };
    browser.open(&format!("{base}/neu"));
    browser.script(
        "const f = document.getElementById('neu-form'); f.elements.vorlage.value = 'beschlussvorlage'; \
         f.elements.vorlage.dispatchEvent(new Event('change')); f.elements.datei.value = 'entwurf.toml';",
    );
    browser.click("#neu-form button[type=submit]");
    browser.wait_until(
        "the new report's pages at the first load",
        "return location.pathname.endsWith('/entwurf.toml') && document.querySelectorAll('#seiten svg').length > 0",
    );
    assert_eq!(
        browser.script("return document.getElementById('entwurf').hidden"),
        json!(false),
        "the draft is marked"
    );
    let calm = "return [document.getElementById('offen').hidden, document.getElementById('offenliste').textContent, \
                document.querySelectorAll('.feld.ungueltig, [aria-invalid=true]').length, \
                getComputedStyle(document.getElementById('offen')).borderLeftColor]";
    let state = browser.script(calm);
    assert_eq!(state[0], json!(false), "{state}");
    let list = state[1].as_str().unwrap();
    for label in [
        "Produkt",
        "Federführung",
        "Betreff",
        "Gremium (Beratung 1)",
        "Beschlussvorschlag",
    ] {
        assert!(list.contains(label), "{label}: {list}");
    }
    assert!(!list.contains("kopf."), "{list}");
    assert_eq!(state[2], json!(0), "nothing red before a field is touched");
    assert_ne!(
        state[3],
        json!("rgb(164, 22, 26)"),
        "the to-do list is not styled as an error"
    );
    browser.screenshot("neu-entwurf");
    look(&browser, "Neuer Bericht, Entwurf");

    // "Beratung hinzufügen": one more to-do, nothing red.
    browser.script(
        "document.querySelector('button[data-liste=\"beratungsfolge\"][data-aktion=\"neu\"]').click()",
    );
    browser.wait_until(
        "the second Beratung in the to-do list",
        "return document.readyState === 'complete' && document.getElementById('offenliste').textContent.includes('Gremium (Beratung 2)')",
    );
    assert_eq!(
        browser.script(
            "return document.querySelectorAll('.feld.ungueltig, [aria-invalid=true]').length"
        ),
        json!(0)
    );

    // Touched: the emptied Beschlussvorschlag is red at its own box, the Begründung is not.
    browser.replace_text("[name=\"beschluss.begruendung[1]\"]", "Das Fest verbindet.");
    browser.replace_text(
        "[name=\"beschluss.vorschlag\"]",
        "Der Zuschuss wird gewährt.",
    );
    let file = dir.path().join("reports/entwurf.toml");
    wait_for_file(&file, "Der Zuschuss wird gewährt.");
    browser.replace_text("[name=\"beschluss.vorschlag\"]", "");
    browser.wait_until(
        "the finding at the Beschlussvorschlag",
        "const p = document.getElementById('f-beschluss-vorschlag-befund'); return !p.hidden && p.textContent === 'Fehler: Tragen Sie den Beschlussvorschlag ein.'",
    );
    assert_eq!(
        browser.script(
            "return [...document.querySelectorAll('.feld.ungueltig')].map(b => b.dataset.feld)"
        ),
        json!(["beschluss.vorschlag"])
    );
    browser.script(
        "document.getElementById('f-beschluss-vorschlag').scrollIntoView({block: 'center'})",
    );
    browser.screenshot("neu-beschlussvorschlag");
    look(&browser, "Neuer Bericht, ein Feld berührt");

    // "Prüfen": every to-do red at its field, in the form's words.
    browser.click("#pruefen");
    browser.wait_until(
        "every to-do shown as an error",
        "return document.getElementById('offen').hidden && document.querySelectorAll('.feld.ungueltig').length > 5",
    );
    let list = browser.script("return document.getElementById('befundliste').innerText");
    let list = list.as_str().unwrap();
    assert!(
        list.contains("Produkt: Fehler: Tragen Sie die Produktnummer ein."),
        "{list}"
    );
    assert!(
        list.contains("Gremium (Beratung 2): Fehler: Wählen Sie das Gremium."),
        "{list}"
    );
    assert!(!list.contains("kopf.") && !list.contains('`'), "{list}");
    browser.script("window.scrollTo(0, 0)");
    browser.screenshot("neu-geprueft");
    look(&browser, "Neuer Bericht, geprüft");

    // A report with a real error: "erledigt" without a date, at the milestone's Datum.
    browser.open(&format!("{base}/bericht/{SEED}"));
    browser.wait_until(
        "the seed's preview",
        "return document.querySelectorAll('#seiten svg').length > 0",
    );
    browser.script(
        "const s = document.querySelector('[name=\"meilensteine[1].status\"]'); s.value = 'erledigt'; \
         s.dispatchEvent(new Event('change', {bubbles: true}));",
    );
    browser.wait_until(
        "the finding at the milestone's Datum",
        "const p = document.getElementById('f-meilensteine-1--datum-befund'); return p && !p.hidden && p.textContent.includes('ist erledigt: tragen Sie das Datum ein')",
    );
    let list = browser.script("return document.getElementById('befundliste').innerText");
    assert!(
        list.as_str()
            .unwrap()
            .contains("Datum (Meilenstein 1): Fehler: Der Meilenstein"),
        "{list}"
    );
    browser.script("document.getElementById('befunde').scrollIntoView()");
    browser.screenshot("editor-befund");
    look(&browser, "Editor, erledigt ohne Datum");
    assert!(
        violations.is_empty(),
        "axe-core:\n{}",
        violations.join("\n")
    );
}

/// An Anlage's file uploaded in Chromium (issue 25.1): a program named `.pdf` is refused with
/// the German message at the Anlage's file (and that state passes axe-core); a PNG lands in
/// `anlagen/`, the page comes back with it chosen and the focus on that choice.
#[test]
fn an_anlage_s_file_is_uploaded_in_chromium() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_server, url) = serve_copy(dir.path(), &[BESCHLUSS], |_, text| text);
    let base = url.split("/?").next().unwrap().to_owned();
    let sources = tempfile::tempdir().unwrap();
    let programme = sources.path().join("vertrag.pdf");
    std::fs::write(&programme, b"MZ\x90\x00\x03\x00\x00\x00").unwrap();
    let png = sources.path().join("Lageplan Süd.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR").unwrap();
    let browser = Browser::start(&chromium, &driver);
    browser.open(&url);
    browser.open(&format!("{base}/bericht/{BESCHLUSS}"));
    browser.wait_until(
        "preview",
        "return document.querySelectorAll('#seiten svg').length > 0",
    );
    let choose = |path: &Path| {
        let id = browser.element("input[data-feld-name=\"beschluss.anlagen[1].datei\"]");
        browser.call(
            "POST",
            &format!("/element/{id}/value"),
            json!({ "text": path.to_str().unwrap() }),
        );
    };
    choose(&programme);
    browser.wait_until(
        "refusal at the Anlage",
        "const b = document.getElementById('f-beschluss-anlagen-1--datei-befund'); \
         return !b.hidden && b.textContent.includes('„vertrag.pdf“ ist weder PDF noch PNG, JPEG oder SVG');",
    );
    assert!(!dir.path().join("anlagen").exists());
    if let Some(axe) = axe_source() {
        assert_eq!(browser.axe(&axe), Vec::<String>::new());
    }
    browser.screenshot("anlage-abgelehnt");
    choose(&png);
    browser.wait_for_focus("uploaded, chosen", "[name=\"beschluss.anlagen[1].datei\"]");
    assert_eq!(
        browser.script("return document.activeElement.value"),
        json!("../anlagen/lageplan-sued.png")
    );
    assert!(
        browser
            .script("return document.getElementById('status').textContent")
            .as_str()
            .unwrap()
            .contains("lageplan-sued.png")
    );
    assert!(dir.path().join("anlagen/lageplan-sued.png").is_file());
    wait_for_file(
        &dir.path().join(BESCHLUSS),
        "datei = \"../anlagen/lageplan-sued.png\" }",
    );
    browser.screenshot("anlage-hochgeladen");
}
