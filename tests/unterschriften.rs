//! Signatures: the office under the name, the city's "gez." style, the warning for a Vorlage
//! without any signature, the placeholder `init` writes and the entry in every skeleton.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::*;

const MITTEILUNG: &str = "reports/2023-06-front-office-migration.toml";

/// A project in `dir` with the repository's settings (`settings` applied as replacements)
/// and the Mitteilungsvorlage example (`report` applied as replacements).
fn project(dir: &Path, settings: &[(&str, &str)], report: &[(&str, &str)]) {
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    let mut text = std::fs::read_to_string(root().join("sachstand.toml")).unwrap();
    for (from, to) in settings {
        assert!(text.contains(from), "{from:?} not in sachstand.toml");
        text = text.replace(from, to);
    }
    std::fs::write(dir.join("sachstand.toml"), text).unwrap();
    let mut text = std::fs::read_to_string(root().join(MITTEILUNG)).unwrap();
    for (from, to) in report {
        assert!(text.contains(from), "{from:?} not in the report");
        text = text.replace(from, to);
    }
    std::fs::write(dir.join(MITTEILUNG), text).unwrap();
    // The example is released; the changed copy is released as it now is (issue 24).
    release_file(&dir.join(MITTEILUNG));
}

/// Renders the project's report; returns the PDF's text and stderr.
fn render(dir: &Path) -> (String, String) {
    let out = run_in(dir, &["render", MITTEILUNG, "-o", "out.pdf"]);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    (pdf_text(&dir.join("out.pdf")), stderr)
}

/// `n` lines of `text` from the first that starts with `first`, trimmed.
fn lines_from(text: &str, first: &str, n: usize) -> Vec<String> {
    let lines: Vec<String> = text.lines().map(|l| l.trim().to_owned()).collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(first))
        .unwrap_or_else(|| panic!("{first:?} missing:\n{text}"));
    lines[start..]
        .iter()
        .filter(|l| !l.is_empty())
        .take(n)
        .cloned()
        .collect()
}

/// The PDF's text laid out as on the page (`pdftotext -layout`), for what stands under what.
fn layout_text(pdf: &Path) -> String {
    poppler("pdftotext", &["-enc", "UTF-8", "-layout"], pdf)
}

/// The column where `word` starts in the first line of `text` that contains it.
fn column(text: &str, word: &str) -> usize {
    text.lines()
        .find_map(|l| l.find(word).map(|b| l[..b].chars().count()))
        .unwrap_or_else(|| panic!("{word:?} missing:\n{text}"))
}

#[test]
fn the_office_stands_under_the_name_as_a_paragraph_of_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(
        dir,
        &[],
        &[(
            "name = \"Schmidt\"\n",
            "name = \"Schmidt\"\namt = \"Bürgermeister\"\n",
        )],
    );
    let (text, stderr) = render(dir);
    assert!(!stderr.contains("warnung"), "{stderr}");
    // Each signature in reading order: the name, then its office (only Schmidt has one).
    assert_eq!(
        lines_from(&text, "(Schmidt)", 3),
        ["(Schmidt)", "Bürgermeister", "(Delceva)"],
        "{text}"
    );
    // On the page the office stands under the name, the next signature beside it.
    let page = layout_text(&dir.join("out.pdf"));
    let names = page.lines().position(|l| l.contains("(Schmidt)")).unwrap();
    let next = page
        .lines()
        .skip(names + 1)
        .find(|l| !l.trim().is_empty())
        .unwrap();
    assert_eq!(next.trim(), "Bürgermeister", "{page}");
    assert!(
        page.lines().nth(names).unwrap().contains("(Delceva)"),
        "{page}"
    );
    assert_eq!(
        column(&page, "(Schmidt)"),
        column(&page, "Bürgermeister"),
        "{page}"
    );
    let tree = struct_tree(&dir.join("out.pdf"));
    let paragraphs: Vec<&str> = tree.all("P").iter().map(|n| n.text.as_str()).collect();
    for line in ["(Schmidt)", "Bürgermeister", "(Delceva)"] {
        assert!(paragraphs.contains(&line), "{line}: {paragraphs:#?}");
    }
}

#[test]
fn the_city_may_sign_with_gez() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(
        dir,
        &[(
            "# [unterschrift]\n# stil = \"gez.\"",
            "[unterschrift]\nstil = \"gez.\"",
        )],
        &[(
            "name = \"Delceva\"\n",
            "name = \"Delceva\"\namt = \"Erste Stadträtin\"\n",
        )],
    );
    let (text, _) = render(dir);
    assert_eq!(
        lines_from(&text, "gez. Schmidt", 2),
        ["gez. Schmidt gez. Delceva", "Erste Stadträtin"],
        "{text}"
    );
    let page = layout_text(&dir.join("out.pdf"));
    assert_eq!(
        column(&page, "gez. Delceva"),
        column(&page, "Erste Stadträtin"),
        "{page}"
    );
    assert!(!text.contains("(Schmidt)"), "{text}");

    // Any other style is refused with the two that exist.
    std::fs::write(
        dir.join("sachstand.toml"),
        std::fs::read_to_string(dir.join("sachstand.toml"))
            .unwrap()
            .replace("stil = \"gez.\"", "stil = \"gezeichnet\""),
    )
    .unwrap();
    let out = run_in(dir, &["check", MITTEILUNG]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("sachstand.toml:"), "{stderr}");
    assert!(
        stderr.contains("klammern") && stderr.contains("gez."),
        "{stderr}"
    );
}

#[test]
fn the_default_style_is_the_name_in_parentheses() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir, &[], &[]);
    let (text, _) = render(dir);
    assert_eq!(
        lines_from(&text, "(Schmidt)", 2),
        [
            "(Schmidt) (Delceva)",
            "Stadt Lampertheim · Mitteilungsvorlage · Vorlagen-Nr. 2023/0112"
        ],
        "nothing under the names: {text}"
    );
    assert!(!text.contains("gez."), "{text}");
}

#[test]
fn check_warns_when_a_vorlage_has_no_signature() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(
        dir,
        &[("[[unterzeichnende]]\nname = \"Schmidt\"\n", "")],
        &[(
            "[[unterschriften]]\nname = \"Schmidt\"\n\n[[unterschriften]]\nname = \"Delceva\"\n",
            "",
        )],
    );
    let out = run_in(dir, &["check", MITTEILUNG]);
    let (_, stderr) = texts(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning, not an error: {stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "warnung: die Vorlage hat keine Unterschrift: weder der Bericht (`[[unterschriften]]`) noch sachstand.toml (`[[unterzeichnende]]`) nennt jemanden\n --> {MITTEILUNG}:1:1\n"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "hilfe: ergänzen Sie im Bericht `[[unterschriften]]` mit `name = \"Schmidt\"`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("1 Bericht geprüft, 0 Fehler, 1 Warnung\n"),
        "{stderr}"
    );

    // The settings' signatories are enough: no warning.
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    let out = run_in(dir, &["check", MITTEILUNG]);
    let (_, stderr) = texts(&out);
    assert_eq!(stderr, "1 Bericht geprüft, 0 Fehler, 0 Warnungen\n");
    let (text, _) = render(dir);
    assert!(text.contains("(Schmidt)"), "{text}");
}

#[test]
fn init_writes_a_signatory_that_check_names_until_it_is_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let out = run_in(dir, &["init", "rathaus", "--stadt", "Lorsch"]);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("die Unterzeichnenden (statt „Nachname“) ein"),
        "the next steps name it: {stderr}"
    );
    let project = dir.join("rathaus");
    let settings = std::fs::read_to_string(project.join("sachstand.toml")).unwrap();
    assert!(
        settings.contains("\n[[unterzeichnende]]\nname = \"Nachname\"\n"),
        "an active entry: {settings}"
    );
    assert!(
        settings.contains("# [unterschrift]\n# stil = \"gez.\""),
        "{settings}"
    );

    let out = run_in(&project, &["check"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let line = settings
        .lines()
        .position(|l| l == "name = \"Nachname\"")
        .unwrap()
        + 1;
    assert!(
        stderr.contains(
            "warnung: die Unterzeichnenden nennen noch „Nachname“, den Platzhalter aus `sachstand init`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> sachstand.toml:{line}:8\n")),
        "{stderr}"
    );
    assert!(stderr.contains("z. B. `name = \"Schmidt\"`"), "{stderr}");
    assert!(
        stderr.ends_with("1 Bericht geprüft, 0 Fehler, 1 Warnung\n"),
        "shown once: {stderr}"
    );
    // `check FILE` and `render` say it too, since the example takes the settings' signature.
    let out = run_in(&project, &["check", "reports/beispiel-mitteilung.toml"]);
    assert!(texts(&out).1.contains("„Nachname“"), "{}", texts(&out).1);

    // Replaced: no warning, the name is printed.
    std::fs::write(
        project.join("sachstand.toml"),
        settings.replace(
            "name = \"Nachname\"\n# amt = \"Bürgermeisterin\"",
            "name = \"Schönberger\"\namt = \"Bürgermeisterin\"",
        ),
    )
    .unwrap();
    let out = run_in(&project, &["check"]);
    let (_, stderr) = texts(&out);
    assert!(
        stderr.ends_with("1 Bericht geprüft, 0 Fehler, 0 Warnungen\n"),
        "{stderr}"
    );
    let out = run_in(&project, &["render", "reports/beispiel-mitteilung.toml"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let text = pdf_text(&project.join("reports/beispiel-mitteilung.pdf"));
    assert_eq!(
        lines_from(&text, "(Schönberger)", 2),
        ["(Schönberger)", "Bürgermeisterin"],
        "{text}"
    );
}

#[test]
fn every_skeleton_shows_a_signature_entry_that_works_uncommented() {
    for kind in [
        "sachstandsbericht",
        "beschlussvorlage",
        "mitteilungsvorlage",
    ] {
        let skeleton =
            std::fs::read_to_string(root().join(format!("templates/{kind}.geruest.toml"))).unwrap();
        let entry = "# [[unterschriften]]\n# name = \"Schmidt\"";
        assert!(skeleton.contains(entry), "{kind}: {skeleton}");
        assert!(
            skeleton.contains("# amt = \"Bürgermeister\""),
            "{kind}: {skeleton}"
        );
        assert!(
            skeleton
                .contains("ohne eigenen Abschnitt gelten die Unterzeichnenden aus sachstand.toml"),
            "{kind}: {skeleton}"
        );
        // Uncommented, the entry is a signature with its office.
        let active = skeleton
            .replace(entry, "[[unterschriften]]\nname = \"Schmidt\"")
            .replace("# amt = \"Bürgermeister\"", "amt = \"Bürgermeister\"");
        let table: toml::Table = active.parse().unwrap();
        let signature = &table["unterschriften"][0];
        assert_eq!(signature["name"].as_str(), Some("Schmidt"), "{kind}");
        assert_eq!(signature["amt"].as_str(), Some("Bürgermeister"), "{kind}");
    }
}

#[test]
fn the_editors_form_offers_the_office_and_writes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir, &[], &[]);
    let editor = serve_editor(dir, &[]);
    let agent = common::http_agent();
    let cookie = editor.cookie();
    let page = agent
        .get(format!("{}/bericht/{MITTEILUNG}", editor.base))
        .header("Cookie", &cookie)
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    for field in ["unterschriften[1].name", "unterschriften[2].amt"] {
        assert!(page.contains(&format!("name=\"{field}\"")), "{field}");
    }
    assert!(page.contains("Amtsbezeichnung unter dem Namen"), "the help");
    let at = page.find("data-hash=\"").unwrap() + "data-hash=\"".len();
    let hash = &page[at..at + 64];
    let answer = agent
        .post(format!("{}/feld/{MITTEILUNG}", editor.base))
        .header("Content-Type", "application/json")
        .header("Origin", &editor.base)
        .header("Cookie", &cookie)
        .send(
            serde_json::json!({"hash": hash, "name": "unterschriften[1].amt", "value": "Bürgermeister"})
                .to_string(),
        )
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let text = std::fs::read_to_string(dir.join(MITTEILUNG)).unwrap();
    assert!(
        text.contains("[[unterschriften]]\nname = \"Schmidt\"\namt = \"Bürgermeister\"\n"),
        "{text}"
    );
}
