//! The Sitzungsmappe: every Vorlage before one Gremium on one date in one PDF, with a cover
//! page and table of contents, continuous page numbers and a bookmark per Vorlage.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// The example reports, with the Mitteilung moved before the SBK-Ausschuss on 23.02.2023.
fn project(dir: &Path) {
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    std::fs::copy(root().join("sachstand.toml"), dir.join("sachstand.toml")).unwrap();
    for entry in std::fs::read_dir(root().join("reports")).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, dir.join("reports").join(path.file_name().unwrap())).unwrap();
        }
    }
    let m = dir.join("reports/2023-06-front-office-migration.toml");
    let text = std::fs::read_to_string(&m).unwrap();
    let text = text
        .replace("datum = 2023-06-14", "datum = 2023-02-08")
        .replace("termin = 2023-06-26", "termin = 2023-02-20")
        .replace("termin = 2023-06-29", "termin = 2023-02-23");
    // Moved, it is no longer the paper released: a draft (its pages carry ENTWURF).
    let text = match text.find("\n# Freigabe (sachstand freigabe)") {
        Some(at) => format!("{}\n", text[..at].trim_end()),
        None => text,
    };
    std::fs::write(m, text).unwrap();
}

/// The example project with `from` replaced by `to` in its sachstand.toml; the text written.
fn project_with_register(dir: &Path, from: &str, to: &str) -> String {
    project(dir);
    let settings = dir.join("sachstand.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    assert!(text.contains(from), "{from:?} is not in sachstand.toml");
    let text = text.replace(from, to);
    std::fs::write(&settings, &text).unwrap();
    text
}

/// `sachstand mappe` for the SBK-Ausschuss on 23.02.2023 in `dir`.
fn mappe_sbk(dir: &Path) -> std::process::Output {
    run_in(
        dir,
        &["mappe", "--gremium", "sbk", "--termin", "2023-02-23"],
    )
}

#[test]
fn a_sitzungsmappe_collects_the_vorlagen_of_one_sitzung() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let out = run_in(
        dir,
        &["mappe", "--gremium", "sbk", "--termin", "2023-02-23"],
    );
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("warnung"), "{stderr}");
    assert!(
        stdout.contains("reports/sitzungsmappe-sbk-2023-02-23.pdf (2 Vorlagen, 3 Seiten)"),
        "{stdout}"
    );
    let pdf = dir.join("reports/sitzungsmappe-sbk-2023-02-23.pdf");

    let cover = poppler(
        "pdftotext",
        &["-f", "1", "-l", "1", "-enc", "UTF-8", "-raw"],
        &pdf,
    );
    for expected in [
        "Sitzungsmappe",
        "Sozial-, Bildungs- und Kulturausschuss",
        "Tagesordnung",
    ] {
        assert!(
            cover.contains(expected),
            "{expected:?} missing on the cover:\n{cover}"
        );
    }
    // Date, weekday, time and place of the Sitzung from the register.
    assert!(
        contains_loosely(&cover, "Sitzung: Donnerstag, 23. Februar 2023, 18:00 Uhr"),
        "{cover}"
    );
    assert!(
        contains_loosely(&cover, "Ort: Sitzungssaal im Stadthaus, Römerstraße 102"),
        "{cover}"
    );
    // The agenda: TOP number, Vorlagenart and Nr. once, the Betreff, dot leaders, page.
    for (top, art, betreff, page) in [
        (
            "TOP 1",
            "Beschlussvorlage · Vorlagen-Nr. 2023/0031",
            "Interkulturelle Wochen 2023: Zuschüsse für Veranstaltungen freier Träger",
            "2",
        ),
        (
            "TOP 2",
            "Mitteilungsvorlage · Vorlagen-Nr. 2023/0112",
            "Front Office Migration: Bilanz des ersten Jahres",
            "3",
        ),
    ] {
        assert!(contains_loosely(&cover, &format!("{top} {art}")), "{cover}");
        let line = cover
            .lines()
            .find(|l| l.starts_with(betreff))
            .unwrap_or_else(|| panic!("{betreff} missing:\n{cover}"));
        assert!(
            line.contains(". . .") && line.trim_end().ends_with(&format!(" {page}")),
            "dot leaders and page number: {line}"
        );
    }
    assert!(!cover.contains("vorlage: "), "Vorlagenart doubled: {cover}");
    // Readable: the Betreff in the contents is set at 11 pt like the text.
    let bbox = poppler("pdftotext", &["-f", "1", "-l", "1", "-bbox"], &pdf);
    let front = bbox.lines().find(|l| l.ends_with(">Front</word>")).unwrap();
    let y = |key: &str| -> f64 {
        front
            .split(&format!("{key}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(y("yMax") - y("yMin") > 10.0, "{front}");

    // Continuous page numbers, the Sachstandsbericht (other Gremium/date) not included; each
    // Vorlage starts on its own page with its letterhead, no running heading above it.
    let text = pdf_text(&pdf);
    // Only the draft (the moved Mitteilung, page 3) has the ENTWURF mark above its letterhead.
    for (page, mark) in [("2", ""), ("3", "ENTWURF\n")] {
        let first = poppler(
            "pdftotext",
            &["-f", page, "-l", page, "-enc", "UTF-8", "-raw"],
            &pdf,
        );
        assert!(
            first.starts_with(&format!("{mark}Stadt Lampertheim\nDer Magistrat")),
            "{first}"
        );
    }
    assert!(
        text.contains("Seite 2 von 3") && text.contains("Seite 3 von 3"),
        "{text}"
    );
    assert!(text.contains("BESCHLUSSVORLAGE") && text.contains("MITTEILUNGSVORLAGE"));
    assert!(!text.contains("SACHSTANDSBERICHT"), "{text}");

    // A bookmark per Vorlage, on its first page.
    let qpdf = Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(&pdf)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&qpdf.stdout).unwrap();
    let outlines = json["outlines"].as_array().unwrap();
    assert_eq!(outlines.len(), 2, "{outlines:#?}");
    assert_eq!(
        outlines[0]["title"],
        "TOP 1 Interkulturelle Wochen 2023: Zuschüsse für Veranstaltungen freier Träger"
    );
    assert_eq!(
        outlines[1]["title"],
        "TOP 2 Front Office Migration: Bilanz des ersten Jahres"
    );
    assert_eq!(outlines[0]["destpageposfrom1"], 2);
    assert_eq!(outlines[1]["destpageposfrom1"], 3);
}

#[test]
fn a_double_sided_mappe_starts_each_vorlage_on_a_right_hand_page() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let out = run_in(
        dir,
        &[
            "mappe",
            "--gremium",
            "sbk",
            "--termin",
            "2023-02-23",
            "--doppelseitig",
        ],
    );
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("(2 Vorlagen, 5 Seiten)"), "{stdout}");
    let pdf = dir.join("reports/sitzungsmappe-sbk-2023-02-23.pdf");
    let qpdf = Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(&pdf)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&qpdf.stdout).unwrap();
    let pages: Vec<_> = json["outlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["destpageposfrom1"].as_u64().unwrap())
        .collect();
    assert_eq!(pages, [3, 5]);
    // The pages left empty for the back side carry only the footer.
    let blank = poppler(
        "pdftotext",
        &["-f", "2", "-l", "2", "-enc", "UTF-8", "-raw"],
        &pdf,
    );
    assert!(!blank.contains("Vorlage"), "{blank}");
    let cover = poppler(
        "pdftotext",
        &["-f", "1", "-l", "1", "-enc", "UTF-8", "-raw"],
        &pdf,
    );
    assert!(
        cover
            .lines()
            .any(|l| l.starts_with("Front Office Migration") && l.ends_with(" 5")),
        "{cover}"
    );
}

#[test]
fn the_mappe_is_h1_and_each_betreff_an_h2_under_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let pdf = dir.join("mappe.pdf");
    let out = run_in(
        dir,
        &[
            "mappe",
            "--gremium",
            "sbk",
            "--termin",
            "2023-02-23",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let tree = struct_tree(&pdf);
    let texts_of =
        |role: &str| -> Vec<String> { tree.all(role).iter().map(|n| n.text.clone()).collect() };
    assert_eq!(texts_of("H1"), ["Sitzungsmappe"]);
    assert_eq!(
        texts_of("H2"),
        [
            "Tagesordnung",
            "Interkulturelle Wochen 2023: Zuschüsse für Veranstaltungen freier Träger",
            "Front Office Migration: Bilanz des ersten Jahres",
        ]
    );
    assert!(texts_of("H3").contains(&"Beschlussvorschlag:".to_owned()));
    for (parent, node) in tree.walk() {
        if node.role.starts_with('H') && node.role.len() == 2 {
            assert_ne!(parent, "P", "{} inside a P", node.text);
        }
    }
    // Links in the contents: no space at either end of their text.
    let links = tree.all("Link");
    assert_eq!(links.len(), 2, "{links:#?}");
    for link in links {
        assert!(link.text.starts_with("TOP "), "{:?}", link.text);
        assert_eq!(link.text.trim(), link.text, "stray space in a link");
    }
}

#[test]
fn a_beginn_that_is_no_time_of_day_is_an_error_in_the_register() {
    let tmp = tempfile::tempdir().unwrap();
    project_with_register(tmp.path(), "beginn = \"18:00\"", "beginn = \"18 Uhr\"");
    let out = mappe_sbk(tmp.path());
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("„18 Uhr“ ist keine Uhrzeit"), "{stderr}");
    assert!(stderr.contains("etwa \"18:00\""), "{stderr}");
    assert!(stderr.contains("sachstand.toml:"), "{stderr}");
}

#[test]
fn a_sitzung_without_vorlagen_and_an_unknown_gremium_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let out = run_in(
        dir,
        &["mappe", "--gremium", "sbk", "--termin", "2023-01-01"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        texts(&out)
            .1
            .contains("keine Vorlage in reports steht am 01.01.2023"),
        "{}",
        texts(&out).1
    );
    assert!(
        texts(&out).1.contains(
            "= hilfe: am 01.01.2023 tagt der Sozial-, Bildungs- und Kulturausschuss laut Gremienverzeichnis nicht; die nächsten Sitzungen: 01.12.2022 und 23.02.2023"
        ),
        "{}",
        texts(&out).1
    );
    let out = run_in(
        dir,
        &["mappe", "--gremium", "sbx", "--termin", "2023-02-23"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        texts(&out).1.contains("Meinten Sie `sbk`?"),
        "{}",
        texts(&out).1
    );
}

#[test]
fn a_sitzung_elsewhere_prints_its_own_place_and_time_on_the_cover() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project_with_register(
        dir,
        "2022-12-01, 2023-02-23, 2023-05-25,",
        "2022-12-01,\n  { termin = 2023-02-23, ort = \"Bürgerhaus Nord, Saal 2\", beginn = \"19:30\" },\n  2023-05-25,",
    );
    let out = mappe_sbk(dir);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    let pdf = dir.join("reports/sitzungsmappe-sbk-2023-02-23.pdf");
    let cover = poppler(
        "pdftotext",
        &["-f", "1", "-l", "1", "-enc", "UTF-8", "-raw"],
        &pdf,
    );
    assert!(
        contains_loosely(&cover, "Sitzung: Donnerstag, 23. Februar 2023, 19:30 Uhr"),
        "{cover}"
    );
    assert!(
        contains_loosely(&cover, "Ort: Bürgerhaus Nord, Saal 2"),
        "{cover}"
    );
    // The other Sitzungen keep the Gremium's place and time; `check` finds the table date.
    let out = run_in(dir, &["check"]);
    let (_, stderr) = texts(&out);
    assert!(!stderr.contains("tagt"), "{stderr}");
}

#[test]
fn a_sitzung_table_with_an_unknown_key_is_an_error_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let broken = project_with_register(
        tmp.path(),
        "2022-12-01, 2023-02-23, 2023-05-25,",
        "2022-12-01,\n  { termin = 2023-02-23, raum = \"Saal 2\" },\n  2023-05-25,",
    );
    let line = broken
        .lines()
        .position(|l| l.contains("raum = \"Saal 2\""))
        .unwrap()
        + 1;
    let out = mappe_sbk(tmp.path());
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // At the key itself, not at the start of the list.
    assert!(
        stderr.contains(&format!("sachstand.toml:{line}:26")),
        "{stderr}"
    );
    assert!(stderr.contains("unbekannter Schlüssel `raum`"), "{stderr}");
    assert!(
        stderr.contains("erlaubt sind hier: `termin`, `ort`, `beginn`"),
        "{stderr}"
    );
}

#[test]
fn check_warns_of_sitzungen_out_of_order_and_new_takes_the_next_one_all_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = project_with_register(
        dir,
        "2022-12-01, 2023-02-23, 2023-05-25,",
        "2023-05-25, 2022-12-01, 2023-02-23,",
    );
    // The warning points at the list, which opens on the line before the dates (1-based:
    // the 0-based index of the dates' line).
    let line = text
        .lines()
        .position(|l| l.contains("2023-05-25, 2022-12-01"))
        .unwrap();
    assert!(
        text.lines()
            .nth(line - 1)
            .unwrap()
            .starts_with("sitzungen = [")
    );
    let out = run_in(dir, &["check"]);
    let (_, stderr) = texts(&out);
    assert!(
        stderr.contains("warnung: die Sitzungstermine stehen nicht aufsteigend"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("sachstand.toml:{line}:")),
        "{stderr}"
    );
    // The next cycle of a report before the SBK on 01.12.2022 goes to 23.02.2023, not to
    // the first later date in the list.
    let out = run_in(
        dir,
        &[
            "new",
            "--from",
            "reports/2022-11-integrationsstrategie.toml",
            "--datum",
            "2023-01-10",
            "-o",
            "reports/naechster.toml",
        ],
    );
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Sozial-, Bildungs- und Kulturausschuss am 23.02.2023"),
        "{stderr}"
    );
}

#[test]
fn a_report_in_reports_with_a_misspelled_vorlage_is_checked_not_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let seed = std::fs::read_to_string(dir.join(SEED)).unwrap();
    std::fs::write(
        dir.join("reports/vertippt.toml"),
        seed.replacen("vorlage = ", "vorlag = ", 1),
    )
    .unwrap();
    let out = run_in(dir, &["check"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("reports/vertippt.toml:"), "{stderr}");
    assert!(stderr.contains("`vorlag`"), "{stderr}");
}

#[test]
fn a_gremium_key_is_found_whatever_its_case() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let out = run_in(
        dir,
        &["mappe", "--gremium", "SBK", "--termin", "2023-02-23"],
    );
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("reports/sitzungsmappe-sbk-2023-02-23.pdf (2 Vorlagen"),
        "{stdout}"
    );
}

/// The example project with the Beschlussvorlage 2023/0031 (before the SBK on 23.02.2023)
/// made nichtöffentlich; the Mitteilung 2023/0112 stays öffentlich.
fn project_with_a_closed_vorlage(dir: &Path) {
    project(dir);
    let b = dir.join("reports/2023-02-zuschuss-interkulturelle-wochen.toml");
    let text = std::fs::read_to_string(&b).unwrap();
    assert!(text.contains("nummer = \"2023/0031\"\n"));
    let text = text.replacen(
        "nummer = \"2023/0031\"\n",
        "nummer = \"2023/0031\"\noeffentlich = false\n",
        1,
    );
    std::fs::write(b, text).unwrap();
}

/// The Mappe's bookmarks: title and page of each, with their children.
fn outlines(pdf: &Path) -> serde_json::Value {
    let qpdf = Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(pdf)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&qpdf.stdout).unwrap();
    json["outlines"].clone()
}

#[test]
fn nichtoeffentliche_vorlagen_follow_the_public_ones_under_their_own_part() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project_with_a_closed_vorlage(dir);
    let out = mappe_sbk(dir);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("--oeffentlich"), "{stderr}");
    // Cover, divider, Mitteilung, divider, Beschlussvorlage.
    assert!(
        stdout.contains("reports/sitzungsmappe-sbk-2023-02-23.pdf (2 Vorlagen, 5 Seiten)"),
        "{stdout}"
    );
    let pdf = dir.join("reports/sitzungsmappe-sbk-2023-02-23.pdf");
    let cover = poppler(
        "pdftotext",
        &["-f", "1", "-l", "1", "-enc", "UTF-8", "-raw"],
        &pdf,
    );
    // The agenda: both parts in order, the TOP numbers running on across them; the
    // nichtöffentliche Vorlage after the public one although its Vorlagen-Nr. is lower.
    let order = [
        "Öffentlicher Teil",
        "TOP 1 Mitteilungsvorlage · Vorlagen-Nr. 2023/0112",
        "Front Office Migration: Bilanz des ersten Jahres",
        "Nichtöffentlicher Teil",
        "TOP 2 Beschlussvorlage · Vorlagen-Nr. 2023/0031",
        "Interkulturelle Wochen 2023: Zuschüsse für Veranstaltungen freier Träger",
    ];
    let flat = cover.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut from = 0;
    for item in order {
        let at = flat[from..]
            .find(item)
            .unwrap_or_else(|| panic!("{item:?} missing or out of order:\n{cover}"));
        from += at + item.len();
    }
    // Each part on its own page before its Vorlagen; the nichtöffentliche one marked.
    let page = |n: &str| {
        poppler(
            "pdftotext",
            &["-f", n, "-l", n, "-enc", "UTF-8", "-raw"],
            &pdf,
        )
    };
    assert!(page("2").contains("Öffentlicher Teil"), "{}", page("2"));
    assert!(!page("2").contains("NICHTÖFFENTLICH"), "{}", page("2"));
    assert!(page("3").contains("MITTEILUNGSVORLAGE"), "{}", page("3"));
    assert!(
        page("4").contains("Nichtöffentlicher Teil"),
        "{}",
        page("4")
    );
    assert!(page("4").contains("NICHTÖFFENTLICH"), "{}", page("4"));
    assert!(page("5").contains("BESCHLUSSVORLAGE"), "{}", page("5"));
    assert!(page("5").contains("NICHTÖFFENTLICH"), "{}", page("5"));
    // The bookmarks: each part with its Vorlagen below it.
    let outlines = outlines(&pdf);
    let outlines = outlines.as_array().unwrap();
    assert_eq!(outlines.len(), 2, "{outlines:#?}");
    let part = |i: usize, title: &str, page: u64, kid: &str, kid_page: u64| {
        assert_eq!(outlines[i]["title"], title, "{outlines:#?}");
        assert_eq!(outlines[i]["destpageposfrom1"], page, "{outlines:#?}");
        let kids = outlines[i]["kids"].as_array().unwrap();
        assert_eq!(kids.len(), 1, "{outlines:#?}");
        assert_eq!(kids[0]["title"], kid, "{outlines:#?}");
        assert_eq!(kids[0]["destpageposfrom1"], kid_page, "{outlines:#?}");
    };
    part(
        0,
        "Öffentlicher Teil",
        2,
        "TOP 1 Front Office Migration: Bilanz des ersten Jahres",
        3,
    );
    part(
        1,
        "Nichtöffentlicher Teil",
        4,
        "TOP 2 Interkulturelle Wochen 2023: Zuschüsse für Veranstaltungen freier Träger",
        5,
    );
    // The parts are headings of the first level, the Betreffs stay below them.
    let tree = struct_tree(&pdf);
    let h1: Vec<String> = tree.all("H1").iter().map(|n| n.text.clone()).collect();
    assert_eq!(
        h1,
        [
            "Sitzungsmappe",
            "Öffentlicher Teil",
            "Nichtöffentlicher Teil"
        ]
    );
}

#[test]
fn the_public_mappe_leaves_the_nichtoeffentliche_vorlagen_out() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project_with_a_closed_vorlage(dir);
    let out = run_in(
        dir,
        &[
            "mappe",
            "--gremium",
            "sbk",
            "--termin",
            "2023-02-23",
            "--oeffentlich",
        ],
    );
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("hinweis: 1 nichtöffentliche Vorlage nicht aufgenommen (--oeffentlich)"),
        "{stderr}"
    );
    assert!(
        stdout
            .contains("reports/sitzungsmappe-sbk-2023-02-23-oeffentlich.pdf (1 Vorlage, 2 Seiten)"),
        "{stdout}"
    );
    let pdf = dir.join("reports/sitzungsmappe-sbk-2023-02-23-oeffentlich.pdf");
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Front Office Migration: Bilanz des ersten Jahres"),
        "{text}"
    );
    for absent in [
        "Interkulturelle Wochen",
        "2023/0031",
        "NICHTÖFFENTLICH",
        "Nichtöffentlicher Teil",
        "Öffentlicher Teil",
    ] {
        assert!(
            !text.contains(absent),
            "{absent:?} in the public Mappe:\n{text}"
        );
    }
    // No part headings: the public Mappe looks like one of a public Sitzung.
    let outlines = outlines(&pdf);
    assert_eq!(
        outlines[0]["title"],
        "TOP 1 Front Office Migration: Bilanz des ersten Jahres"
    );
    assert!(
        !dir.join("reports/sitzungsmappe-sbk-2023-02-23.pdf")
            .exists()
    );

    // Only nichtöffentliche Vorlagen: no public Mappe, and why.
    let m = dir.join("reports/2023-06-front-office-migration.toml");
    let text = std::fs::read_to_string(&m).unwrap();
    std::fs::write(
        &m,
        text.replacen(
            "nummer = \"2023/0112\"\n",
            "nummer = \"2023/0112\"\noeffentlich = false\n",
            1,
        ),
    )
    .unwrap();
    let out = run_in(
        dir,
        &[
            "mappe",
            "--gremium",
            "sbk",
            "--termin",
            "2023-02-23",
            "--oeffentlich",
        ],
    );
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("nur nichtöffentliche Vorlagen (2)"),
        "{stderr}"
    );
}

#[test]
fn a_mappe_of_public_vorlagen_has_no_parts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let out = mappe_sbk(dir);
    assert!(out.status.success(), "{}", texts(&out).1);
    let pdf = dir.join("reports/sitzungsmappe-sbk-2023-02-23.pdf");
    let text = pdf_text(&pdf);
    assert!(
        !text.contains("Öffentlicher Teil") && !text.contains("Nichtöffentlicher Teil"),
        "{text}"
    );
    let outlines = outlines(&pdf);
    assert!(
        outlines.as_array().unwrap().iter().all(|o| o["title"]
            .as_str()
            .unwrap()
            .starts_with("TOP ")
            && o["kids"].as_array().is_none_or(Vec::is_empty)),
        "{outlines:#?}"
    );
}

#[test]
fn the_editor_offers_the_full_and_the_public_mappe() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project_with_a_closed_vorlage(dir);
    let editor = serve_editor(dir, &[]);
    let agent = common::http_agent();
    let cookie = editor.cookie();
    let get = |path: &str| -> (u16, String, Vec<u8>) {
        let mut r = agent
            .get(format!("{}{path}", editor.base))
            .header("Cookie", &cookie)
            .call()
            .unwrap();
        let name = r
            .headers()
            .get("content-disposition")
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (
            r.status().as_u16(),
            name,
            r.body_mut().read_to_vec().unwrap(),
        )
    };
    let (status, _, page) = get("/");
    let page = String::from_utf8(page).unwrap();
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("2 (davon 1 nichtöffentlich)"), "{page}");
    assert!(
        page.contains("name=\"oeffentlich\" value=\"ja\""),
        "the public Mappe is offered: {page}"
    );

    let file = dir.join("aus-dem-editor.pdf");
    let (status, name, pdf) = get("/mappe?gremium=sbk&termin=2023-02-23");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pdf));
    assert!(name.contains("sitzungsmappe-sbk-2023-02-23.pdf"), "{name}");
    std::fs::write(&file, &pdf).unwrap();
    let text = pdf_text(&file);
    assert!(text.contains("Nichtöffentlicher Teil"), "{text}");
    assert!(text.contains("Interkulturelle Wochen"), "{text}");

    let (status, name, pdf) = get("/mappe?gremium=sbk&termin=2023-02-23&oeffentlich=ja");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pdf));
    assert!(
        name.contains("sitzungsmappe-sbk-2023-02-23-oeffentlich.pdf"),
        "{name}"
    );
    std::fs::write(&file, &pdf).unwrap();
    let text = pdf_text(&file);
    assert!(!text.contains("Interkulturelle Wochen"), "{text}");
    assert!(!text.contains("NICHTÖFFENTLICH"), "{text}");
    assert!(text.contains("Front Office Migration"), "{text}");
}

/// The cover's text (`pdftotext -raw`, page 1) of the Mappe `args` writes to `out` in `dir`.
fn cover_of(dir: &Path, gremium: &str, termin: &str, out: &str) -> (String, std::path::PathBuf) {
    let pdf = dir.join(out);
    let run = run_in(
        dir,
        &[
            "mappe",
            "--gremium",
            gremium,
            "--termin",
            termin,
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    let (_, stderr) = texts(&run);
    assert!(run.status.success(), "{stderr}");
    let cover = poppler(
        "pdftotext",
        &["-f", "1", "-l", "1", "-enc", "UTF-8", "-raw"],
        &pdf,
    );
    (cover, pdf)
}

#[test]
fn a_long_betreff_keeps_leaders_and_page_number_on_its_last_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let original =
        std::fs::read_to_string(dir.join("reports/2023-02-zuschuss-interkulturelle-wochen.toml"))
            .unwrap();
    let base = "Interkulturelle Wochen 2023: Zuschüsse für Veranstaltungen freier Träger";
    let mut wrapped = Vec::new();
    // The last word grows a letter at a time, so that the Betreff passes the end of the line:
    // on one of these lengths it fills the line exactly.
    for n in 1..=12 {
        let word: String = "Migrantenselbstorganisationen".chars().take(n).collect();
        let betreff = format!("{base} {word}");
        let report = original
            .replacen("nummer = \"2023/0031\"", "nummer = \"2023/0032\"", 1)
            .replacen(
                "betreff = \"Interkulturelle Wochen 2023: Zuschüsse für Veranstaltungen freier Träger\"",
                &format!("betreff = \"{betreff}\""),
                1,
            );
        assert!(report.contains(&betreff));
        std::fs::write(dir.join("reports/lang.toml"), report).unwrap();
        let (_, pdf) = cover_of(dir, "stvv", "2023-03-10", "lang.pdf");
        let layout = poppler("pdftotext", &["-f", "1", "-l", "1", "-layout"], &pdf);
        let lines: Vec<&str> = layout.lines().map(str::trim).collect();
        // The word as a whole word (`-layout` may drop the space before the leaders).
        let end_of = |l: &str| {
            l.match_indices(word.as_str())
                .filter(|(i, _)| *i == 0 || l[..*i].ends_with(' '))
                .map(|(i, _)| i + word.len())
                .find(|&end| !l[end..].starts_with(char::is_alphabetic))
        };
        let line = lines
            .iter()
            .copied()
            .find(|l| end_of(l).is_some())
            .unwrap_or_else(|| panic!("{word} not on the cover:\n{layout}"));
        let after = &line[end_of(line).unwrap()..];
        assert!(
            after.trim_end().ends_with('3') && after.contains('.'),
            "{betreff}: the Betreff's last line has no leaders and page number: {line:?}\n{layout}"
        );
        assert!(
            lines.iter().all(|l| *l != "3"),
            "{betreff}: the page number alone on a line:\n{layout}"
        );
        wrapped.push(!line.contains("Interkulturelle"));
    }
    wrapped.dedup();
    assert_eq!(wrapped, [false, true], "the sweep crosses the line end");
}

#[test]
fn the_issuer_and_the_footer_follow_the_gremium() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    // (Gremium, Termin, letterhead of the cover, genitive in footer and title)
    for (gremium, termin, issuer, genitive) in [
        (
            "magistrat",
            "2023-02-20",
            "Der Magistrat",
            "des Magistrats der Stadt Lampertheim",
        ),
        (
            "sbk",
            "2023-02-23",
            "Der Vorsitzende der Stadtverordnetenversammlung",
            "des Sozial-, Bildungs- und Kulturausschusses",
        ),
        // The register's `einladende` for the StVV.
        (
            "stvv",
            "2023-03-10",
            "Die Vorsitzende der Stadtverordnetenversammlung",
            "der Stadtverordnetenversammlung",
        ),
    ] {
        let (cover, pdf) = cover_of(dir, gremium, termin, &format!("{gremium}.pdf"));
        assert!(
            cover.starts_with(&format!("Stadt Lampertheim\n{issuer}\n")),
            "{gremium}: {cover}"
        );
        let date = format!("{}.{}.{}", &termin[8..10], &termin[5..7], &termin[..4]);
        let footer = format!("Stadt Lampertheim · Sitzungsmappe {genitive} · {date}");
        assert!(contains_loosely(&cover, &footer), "{footer:?}:\n{cover}");
        assert_eq!(
            pdf_info(&pdf, "Title"),
            format!("Sitzungsmappe {genitive}, Sitzung am {date}")
        );
        // The Vorlagen keep their own letterhead: the Magistrat submits them.
        let second = poppler(
            "pdftotext",
            &["-f", "2", "-l", "2", "-enc", "UTF-8", "-raw"],
            &pdf,
        );
        assert!(
            second.starts_with("Stadt Lampertheim\nDer Magistrat\n"),
            "{second}"
        );
        assert!(contains_loosely(&second, &footer), "{second}");
    }

    // Any Gremium's issuer as the register says it.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project_with_register(
        dir,
        "kurz = \"SBK-Ausschuss\"",
        "kurz = \"SBK-Ausschuss\"\neinladende = \"Die Vorsitzende des Sozial-, Bildungs- und Kulturausschusses\"",
    );
    let (cover, _) = cover_of(dir, "sbk", "2023-02-23", "sbk.pdf");
    assert!(
        cover.starts_with(
            "Stadt Lampertheim\nDie Vorsitzende des Sozial-, Bildungs- und Kulturausschusses\n"
        ),
        "{cover}"
    );
}
