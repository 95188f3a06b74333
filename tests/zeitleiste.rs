//! The timeline of a Sachstandsbericht (`[darstellung] zeitleiste = true`, issue 25 point 6),
//! read back from the PDF the real binary writes: a Figure in the tag tree with its German
//! alternative text, the marks where `german::zeit` places a vague time (measured in the
//! page's word boxes), the option per report and city-wide, and page-validation where
//! installed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use time::Date;
use time::macros::date;

/// The funding period, the report's date and the milestones of the test report.
const BEGINN: Date = date!(2023 - 01 - 01);
const ENDE: Date = date!(2025 - 12 - 31);

/// A Sachstandsbericht dated 16.11.2023 with a funding period 2023 to 2025 and four
/// milestones (one per status, two planned by a vague time); `extra` is appended.
fn report(extra: &str) -> String {
    format!(
        r#"vorlage = "sachstandsbericht"

[kopf]
produkt = "5 01 03 01 020"
federfuehrung = "StST Soziales"
bearbeitung = "Hr. Dexler"
datum = 2023-11-16

[[beratungsfolge]]
gremium = "magistrat"
termin = 2023-12-04

[projekt]
titel = "die Erarbeitung einer Integrationsstrategie"
gegenstand = "eine Integrationsstrategie für die Stadt Lampertheim"
ziel = "die bessere Verzahnung der Integrationsarbeit"

[foerderung]
programm = "das Hessische Landesprogramm WIR"
beginn = {BEGINN}
ende = {ENDE}

[[meilensteine]]
titel = "Fachtag #1 [Teil *A*]"
art = "veranstaltung"
status = "geplant"
wann = "im Frühjahr 2024"
gegenstand = "ein Fachtag zur Integration"

[[meilensteine]]
titel = "Auftaktveranstaltung"
art = "veranstaltung"
status = "erledigt"
datum = 2023-03-01
gegenstand = "eine Auftaktveranstaltung"

[[meilensteine]]
titel = "Befragung der Vereine"
art = "vorgang"
partizip = "durchgeführt"
status = "laufend"
gegenstand = "eine Befragung der Vereine"

[[meilensteine]]
titel = "Beschluss der Strategie"
art = "beschluss"
status = "geplant"
wann = "im Herbst 2025"
gegenstand = "die Integrationsstrategie"
gremium = "stvv"

[[unterschriften]]
name = "Schmidt"
{extra}"#
    )
}

/// A project in a temporary folder: the repository's `sachstand.toml` (its register) plus
/// `city`, and the report `bericht.toml` with `text`.
fn project(city: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let settings = std::fs::read_to_string(root().join("sachstand.toml")).unwrap();
    std::fs::write(
        dir.path().join("sachstand.toml"),
        format!("{settings}\n{city}"),
    )
    .unwrap();
    std::fs::write(dir.path().join("bericht.toml"), text).unwrap();
    dir
}

/// Renders `bericht.toml` of `dir` to `bericht.pdf` (and keeps the Typst source).
fn render(dir: &Path) -> PathBuf {
    let out = run_in(
        dir,
        &["render", "bericht.toml", "-o", "bericht.pdf", "--keep-typ"],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    dir.join("bericht.pdf")
}

/// The alternative texts of the PDF's Figures, as qpdf decodes them.
fn figure_alts(pdf: &Path) -> Vec<String> {
    let out = Command::new("qpdf")
        .arg("--json")
        .arg(pdf)
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut alts = Vec::new();
    // qpdf's JSON v2: `qpdf` is [header, {"obj:N 0 R": {"value": …}}].
    for object in json["qpdf"][1].as_object().unwrap().values() {
        let object = &object["value"];
        if object["/S"] == "/Figure"
            && let Some(alt) = object["/Alt"].as_str()
        {
            alts.push(alt.strip_prefix("u:").unwrap_or(alt).to_owned());
        }
    }
    alts
}

/// One word of `pdftotext -bbox`: its text and box (points, y downwards).
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x_min: f64,
    y_min: f64,
    x_max: f64,
}

impl Word {
    fn centre(&self) -> f64 {
        (self.x_min + self.x_max) / 2.0
    }
}

/// The words of page `page` with their boxes.
fn words(pdf: &Path, page: usize) -> Vec<Word> {
    let page = page.to_string();
    let html = poppler("pdftotext", &["-bbox", "-f", &page, "-l", &page], pdf);
    let attr = |line: &str, name: &str| -> f64 {
        let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + line[start..].find('"').unwrap();
        line[start..end].parse().unwrap()
    };
    html.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("<word "))
        .map(|l| Word {
            text: l[l.find('>').unwrap() + 1..l.rfind("</word>").unwrap()].to_owned(),
            x_min: attr(l, "xMin"),
            y_min: attr(l, "yMin"),
            x_max: attr(l, "xMax"),
        })
        .collect()
}

/// The words of the timeline: those of its page from its title on (the body text before it
/// names the same dates).
fn timeline_words(pdf: &Path) -> Vec<Word> {
    let pages: usize = pdf_info(pdf, "Pages").parse().unwrap();
    (1..=pages)
        .map(|p| words(pdf, p))
        .find_map(|w| {
            let title = w.iter().position(|w| w.text == "Zeitleiste:")?;
            Some(w[title..].to_vec())
        })
        .expect("a page with the timeline")
}

/// The first word `text` of `words`.
fn find(words: &[Word], text: &str) -> Word {
    words
        .iter()
        .find(|w| w.text == text)
        .unwrap_or_else(|| panic!("„{text}“ fehlt: {words:#?}"))
        .clone()
}

/// The share of the period at which `day` lies.
fn share(day: Date) -> f64 {
    (day - BEGINN).whole_days() as f64 / (ENDE - BEGINN).whole_days() as f64
}

#[test]
fn the_timeline_is_a_figure_whose_alt_text_says_it_in_words() {
    let dir = project("", &report("\n[darstellung]\nzeitleiste = true\n"));
    let pdf = render(dir.path());
    let tree = struct_tree(&pdf);
    assert_eq!(tree.all("Figure").len(), 1, "{tree:#?}");
    assert_eq!(
        figure_alts(&pdf),
        vec![
            "Zeitleiste: Förderzeitraum 01.01.2023 bis 31.12.2025; Stand 16.11.2023; \
             erledigt: Auftaktveranstaltung (01.03.2023); laufend: Befragung der Vereine; \
             geplant: Fachtag #1 [Teil *A*] (im Frühjahr 2024) und Beschluss der Strategie \
             (im Herbst 2025)."
        ]
    );
    // The title is printed as written in the legend (escaped, not read as markup).
    let text = pdf_text(&pdf);
    assert!(contains_loosely(&text, "Fachtag #1 [Teil *A*]"), "{text}");
    assert!(text.contains("Stand 16.11.2023"), "{text}");
    for word in ["erledigt", "laufend", "geplant", "Stand der Vorlage"] {
        assert!(text.contains(word), "{word}: {text}");
    }
}

#[test]
fn a_vague_time_is_placed_where_zeit_puts_it() {
    let dir = project("", &report("\n[darstellung]\nzeitleiste = true\n"));
    let pdf = render(dir.path());
    let words = timeline_words(&pdf);
    // The bar runs from the left edge of the start date to the right edge of the end date.
    let (start, end) = (find(&words, "01.01.2023"), find(&words, "31.12.2025"));
    assert!((start.y_min - end.y_min).abs() < 0.5, "{start:?} {end:?}");
    let stand = find(&words, "16.11.2023");
    // A mark's number stands centred above it, between the Stand label and the dates.
    let number = |n: &str| {
        words
            .iter()
            .find(|w| w.text == n && w.y_min > stand.y_min + 1.0 && w.y_min < start.y_min)
            .unwrap_or_else(|| panic!("number {n} above the bar: {words:#?}"))
            .centre()
    };
    let at = |day: Date| start.x_min + share(day) * (end.x_max - start.x_min);
    // Numbered left to right: 1 Auftakt, 2 the running one (at the Stand), 3 Fachtag, 4 Beschluss.
    let spring = sachstand::german::zeit::period_end("im Frühjahr 2024").unwrap();
    let autumn = sachstand::german::zeit::period_end("im Herbst 2025").unwrap();
    for (n, day) in [
        ("1", date!(2023 - 03 - 01)),
        ("2", date!(2023 - 11 - 16)),
        ("3", spring),
        ("4", autumn),
    ] {
        let x = number(n);
        assert!(
            (x - at(day)).abs() < 1.0,
            "mark {n} at {x:.1} pt, {day} lies at {:.1} pt",
            at(day)
        );
    }
    // The Stand label is centred on the report's date too.
    let stand_label = find(&words, "Stand");
    let label_centre = (stand_label.x_min + stand.x_max) / 2.0;
    assert!((label_centre - at(date!(2023 - 11 - 16))).abs() < 1.0);
}

#[test]
fn milestones_outside_the_period_are_drawn_beside_it_and_named() {
    let extra = r#"
[[meilensteine]]
titel = "Vorgespräch"
art = "veranstaltung"
status = "erledigt"
datum = 2022-10-05
gegenstand = "ein Vorgespräch"

[[meilensteine]]
titel = "Verstetigung"
art = "vorgang"
partizip = "verstetigt"
status = "geplant"
wann = "im Sommer 2026"
gegenstand = "die Arbeit"

[[meilensteine]]
titel = "Weitere Schritte"
art = "vorgang"
partizip = "geplant"
status = "geplant"
wann = "im Anschluss"
gegenstand = "weitere Schritte"

[darstellung]
zeitleiste = true
"#;
    let dir = project("", &report(extra));
    let pdf = render(dir.path());
    let alt = figure_alts(&pdf).concat();
    assert!(
        alt.contains("Vorgespräch (05.10.2022, vor dem Förderzeitraum)"),
        "{alt}"
    );
    assert!(
        alt.contains("Verstetigung (im Sommer 2026, nach dem Förderzeitraum)"),
        "{alt}"
    );
    assert!(alt.contains("Weitere Schritte (im Anschluss)"), "{alt}");
    let words = timeline_words(&pdf);
    let (start, end) = (find(&words, "01.01.2023"), find(&words, "31.12.2025"));
    let stand = find(&words, "16.11.2023");
    let numbers: Vec<&Word> = words
        .iter()
        .filter(|w| w.y_min > stand.y_min + 1.0 && w.y_min < start.y_min)
        .filter(|w| w.text.parse::<usize>().is_ok())
        .collect();
    // Seven milestones, six with a place: numbered 1 to 6 above the bar, in order.
    let mut shown: Vec<(usize, f64)> = numbers
        .iter()
        .map(|w| (w.text.parse().unwrap(), w.centre()))
        .collect();
    shown.sort_by_key(|s| s.0);
    assert_eq!(
        shown.iter().map(|s| s.0).collect::<Vec<_>>(),
        (1..=6).collect::<Vec<_>>(),
        "{numbers:#?}"
    );
    assert!(shown.windows(2).all(|w| w[0].1 < w[1].1), "{shown:?}");
    // The one before the period left of the bar, the one after it right of it, both within
    // the text column (25 mm and 20 mm page margins).
    assert!(shown[0].1 < start.x_min, "{shown:?} {start:?}");
    assert!(shown[5].1 > end.x_max, "{shown:?} {end:?}");
    let (left, right) = (25.0 * 72.0 / 25.4, (210.0 - 20.0) * 72.0 / 25.4);
    assert!(
        numbers
            .iter()
            .all(|w| w.x_min >= left - 0.5 && w.x_max <= right + 0.5)
    );
    // The one without a place is listed, and said to be not drawn.
    assert!(contains_loosely(
        &pdf_text(&pdf),
        "im Anschluss (nicht eingezeichnet)"
    ));
}

#[test]
fn without_the_option_there_is_no_figure() {
    let dir = project("", &report(""));
    let pdf = render(dir.path());
    assert!(struct_tree(&pdf).all("Figure").is_empty());
    assert!(figure_alts(&pdf).is_empty());
    assert!(!pdf_text(&pdf).contains("Zeitleiste"));
}

#[test]
fn the_city_switches_it_on_and_a_report_switches_it_off() {
    let city = "[darstellung]\nzeitleiste = true\n";
    let dir = project(city, &report(""));
    let pdf = render(dir.path());
    assert_eq!(struct_tree(&pdf).all("Figure").len(), 1);
    assert!(figure_alts(&pdf)[0].starts_with("Zeitleiste: Förderzeitraum 01.01.2023"));

    let dir = project(city, &report("\n[darstellung]\nzeitleiste = false\n"));
    let pdf = render(dir.path());
    assert!(struct_tree(&pdf).all("Figure").is_empty());
    assert!(!pdf_text(&pdf).contains("Zeitleiste"));
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let dir = project("", &report("\n[darstellung]\nzeitleiste = true\n"));
    let first = std::fs::read(render(dir.path())).unwrap();
    let second = std::fs::read(render(dir.path())).unwrap();
    assert!(first == second, "two renders differ");
}

#[test]
fn check_warns_when_the_timeline_has_no_period() {
    let text = report("\n[darstellung]\nzeitleiste = true\n");
    let start = text.find("[foerderung]").unwrap();
    let end = text.find("[[meilensteine]]").unwrap();
    let without = format!("{}{}", &text[..start], &text[end..]);
    let dir = project("", &without);
    let out = run_in(dir.path(), &["check", "bericht.toml"]);
    let (_, stderr) = texts(&out);
    assert!(
        stderr.contains("ohne `[foerderung]` entfällt sie") && stderr.contains("bericht.toml:"),
        "{stderr}"
    );
    // From the city, the same report is drawn without a warning (and without a timeline).
    let dir = project("[darstellung]\nzeitleiste = true\n", &text[..start]);
    let out = run_in(dir.path(), &["check", "bericht.toml"]);
    assert!(!texts(&out).1.contains("Zeitleiste"), "{}", texts(&out).1);
}

#[test]
fn the_timeline_keeps_pdf_a_2a_and_pdf_ua_1() {
    let extra = r#"
[[meilensteine]]
titel = "Vorgespräch"
art = "veranstaltung"
status = "erledigt"
datum = 2022-10-05
gegenstand = "ein Vorgespräch"

[darstellung]
zeitleiste = true
"#;
    let dir = project("", &report(extra));
    let pdf = render(dir.path());
    // The same Vorlage in a Sitzungsmappe.
    let out = run_in(
        dir.path(),
        &[
            "mappe",
            "--gremium",
            "magistrat",
            "--termin",
            "2023-12-04",
            "--ordner",
            ".",
            "-o",
            "mappe.pdf",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let mappe = dir.path().join("mappe.pdf");
    assert_eq!(figure_alts(&mappe).len(), 1);
    common::assert_pdf_a_and_ua(&[&pdf, &mappe]);
}

#[test]
fn the_editor_offers_the_timeline_and_writes_it() {
    let dir = project("", &report(""));
    let editor = serve_editor(dir.path(), &[]);
    let agent = http_agent();
    let get = |path: &str| {
        let mut r = agent
            .get(format!("{}{path}", editor.base))
            .header("Cookie", editor.cookie())
            .call()
            .unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    };
    // A Sachstandsbericht without [darstellung] shows the group with the field, unset.
    let (status, page) = get("/bericht/bericht.toml");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<h2>Darstellung</h2>"), "{page}");
    assert!(page.contains(r#"name="darstellung.zeitleiste""#), "{page}");
    assert!(page.contains("Mit Zeitleiste") && page.contains("Ohne Zeitleiste"));
    let at = page.find("data-hash=\"").unwrap() + "data-hash=\"".len();
    let hash = &page[at..at + 64];
    let body =
        serde_json::json!({ "hash": hash, "name": "darstellung.zeitleiste", "value": "true" });
    let mut r = agent
        .post(format!("{}/feld/bericht.toml", editor.base))
        .header("Content-Type", "application/json")
        .header("Origin", &editor.base)
        .header("Cookie", editor.cookie())
        .send(body.to_string())
        .unwrap();
    let status = r.status().as_u16();
    assert_eq!(status, 200, "{}", r.body_mut().read_to_string().unwrap());
    let text = std::fs::read_to_string(dir.path().join("bericht.toml")).unwrap();
    assert!(text.contains("[darstellung]\nzeitleiste = true"), "{text}");
    // The file now renders with the timeline.
    let pdf = render(dir.path());
    assert_eq!(figure_alts(&pdf).len(), 1);
}
