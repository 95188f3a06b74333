//! End to end: the real binary renders the example reports, and the PDFs are read back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

fn render_example(report: &str, dir: &std::path::Path) -> std::path::PathBuf {
    let pdf = dir.join("out.pdf");
    let out = sachstand(&["render", report, "-o", pdf.to_str().unwrap()]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "render failed:\n{stderr}");
    assert!(
        stdout.contains("PDF geschrieben:") && stdout.contains("out.pdf"),
        "{stdout}"
    );
    assert!(
        !stderr.contains("warnung"),
        "unexpected warnings:\n{stderr}"
    );
    pdf
}

#[test]
fn seed_report_reproduces_every_sentence_of_the_seed() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render_example("reports/2022-11-integrationsstrategie.toml", dir.path());
    assert_sentences(&pdf, "2022-11-saetze.txt");
    let text = pdf_text(&pdf);
    assert!(text.contains("Stadt Lampertheim"), "{text}");
    assert!(text.contains("SACHSTANDSBERICHT"), "{text}");
    // One page: no page number (DIN 5008 numbers multi-page documents only).
    assert!(!text.contains("Seite "), "{text}");
    // The gender star is text, not emphasis markup.
    assert!(
        text.contains("Bürger*innen") || text.contains("Bürger*in-\nnen"),
        "{text}"
    );
}

#[test]
fn next_cycle_reports_progress_in_the_right_tense() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render_example("reports/2023-05-integrationsstrategie.toml", dir.path());
    assert_sentences(&pdf, "2023-05-saetze.txt");
    let text = pdf_text(&pdf);
    for gone in [
        "In einem nächsten Schritt",
        "berücksichtigten bisher",
        "angedacht",
        "können im Anschluss",
    ] {
        assert!(
            !contains_loosely(&text, gone),
            "„{gone}“ must not appear when nothing is planned:\n{text}"
        );
    }
}

#[test]
fn pdf_metadata_fonts_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render_example("reports/2022-11-integrationsstrategie.toml", dir.path());
    assert_eq!(
        pdf_info(&pdf, "Title"),
        "Sachstandsbericht zur Erarbeitung einer Integrationsstrategie, gemäß Beschluss der Stadtverordnetenversammlung vom 13.12.2019"
    );
    assert_eq!(pdf_info(&pdf, "Author"), "Hr. Dexler");
    assert!(
        pdf_info(&pdf, "CreationDate").starts_with("2022-11-16"),
        "{}",
        pdf_info(&pdf, "CreationDate")
    );
    assert_eq!(pdf_info(&pdf, "Page size"), "595.276 x 841.89 pts (A4)");
    assert_eq!(pdf_info(&pdf, "Pages"), "1");
    assert!(pdf_info(&pdf, "Creator").starts_with("sachstand"));
    let fonts = poppler("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        assert!(
            row.contains("LiberationSans"),
            "only the embedded font is used: {row}"
        );
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {row}");
    }
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        bytes.windows(12).any(|w| w == b"/Lang(de-DE)"),
        "the catalog declares German"
    );
    let xmp = poppler("pdfinfo", &["-meta"], &pdf);
    assert!(
        xmp.contains("<dc:language><rdf:Bag><rdf:li>de-DE</rdf:li>"),
        "{xmp}"
    );
}

#[test]
fn same_input_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    for pdf in [&a, &b] {
        let out = sachstand(&[
            "render",
            "reports/2022-11-integrationsstrategie.toml",
            "-o",
            pdf.to_str().unwrap(),
        ]);
        assert!(out.status.success());
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn several_reports_render_beside_their_sources() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "2022-11-integrationsstrategie.toml",
        "2023-05-integrationsstrategie.toml",
    ] {
        std::fs::copy(root().join("reports").join(name), dir.path().join(name)).unwrap();
    }
    // The 2023-05 report names its Gremien by key and its predecessor: settings come along.
    std::fs::copy(
        root().join("sachstand.toml"),
        dir.path().join("sachstand.toml"),
    )
    .unwrap();
    let a = dir.path().join("2022-11-integrationsstrategie.toml");
    let b = dir.path().join("2023-05-integrationsstrategie.toml");
    let out = sachstand(&["render", a.to_str().unwrap(), b.to_str().unwrap()]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    for pdf in [a.with_extension("pdf"), b.with_extension("pdf")] {
        assert!(stdout.contains(&pdf.display().to_string()), "{stdout}");
        assert_eq!(pdf_info(&pdf, "Pages"), "1");
    }
}

#[test]
fn keep_typ_writes_the_generated_source_with_escaped_text() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("bericht.pdf");
    let out = sachstand(&[
        "render",
        "reports/2022-11-integrationsstrategie.toml",
        "-o",
        pdf.to_str().unwrap(),
        "--keep-typ",
    ]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let typ = std::fs::read_to_string(dir.path().join("bericht.typ")).unwrap();
    assert!(typ.contains("Bürger\\*innen"), "user text is escaped");
    assert!(
        typ.contains("#let vorlage("),
        "the layout is inlined, so the file stands alone"
    );
    assert!(typ.contains("= Sachdarstellung:"));
}

#[test]
fn a_long_beratungsfolge_repeats_its_header_on_the_next_page() {
    let seed = seed_text();
    let mut rows = String::new();
    for i in 1..=45 {
        rows.push_str(&format!(
            "[[beratungsfolge]]\ngremium = \"Ortsbeirat {i}\"\ntermin = 2022-12-{:02}\nbemerkungen = \"Anhörung\"\n\n",
            (i % 28) + 1
        ));
    }
    let toml = seed.replacen("[stelle]", &format!("{rows}[stelle]"), 1);
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("lang.toml");
    std::fs::write(&report, toml).unwrap();
    let pdf = dir.path().join("lang.pdf");
    render_ok(&report, &pdf);
    let pages: usize = pdf_info(&pdf, "Pages").parse().unwrap();
    assert!(pages >= 2, "{pages}");
    let page2 = poppler(
        "pdftotext",
        &["-f", "2", "-l", "2", "-enc", "UTF-8", "-raw"],
        &pdf,
    );
    let header = page2
        .find("Beratungsfolge")
        .expect("the header row repeats on page 2");
    assert!(header < page2.find("Ortsbeirat").unwrap(), "{page2}");
    assert!(
        page2.contains("Termin") && page2.contains("Bemerkungen"),
        "{page2}"
    );
    assert!(page2.contains(&format!("Seite 2 von {pages}")), "{page2}");
}

#[test]
fn the_project_default_is_pdf_a_2a_and_pdf_ua_1() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render_example("reports/2022-11-integrationsstrategie.toml", dir.path());
    let xmp = poppler("pdfinfo", &["-meta"], &pdf);
    for field in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
    ] {
        assert!(xmp.contains(field), "{field} missing:\n{xmp}");
    }
    assert_eq!(pdf_info(&pdf, "Tagged"), "yes");
}

#[test]
fn standard_on_the_command_line_overrides_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("b.pdf");
    let out = render_to(
        "reports/2022-11-integrationsstrategie.toml",
        &pdf,
        &["--standard", "a-2b"],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let xmp = poppler("pdfinfo", &["-meta"], &pdf);
    assert!(
        xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{xmp}"
    );
    assert!(!xmp.contains("pdfuaid:part>"), "{xmp}");
    let out = render_to(
        "reports/2022-11-integrationsstrategie.toml",
        &pdf,
        &["--standard", "a-2b,a-3b"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        texts(&out)
            .1
            .contains("diese PDF-Standards lassen sich nicht zusammen erfüllen: a-2b, a-3b")
    );
}

#[test]
fn the_pdf_a_structure_is_there_and_qpdf_finds_no_damage() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render_example(
        "reports/2023-02-zuschuss-interkulturelle-wochen.toml",
        dir.path(),
    );
    let check = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success() && report.contains("No syntax or stream encoding errors"),
        "{report}"
    );
    let qdf = dir.path().join("qdf.pdf");
    let status = std::process::Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&pdf)
        .arg(&qdf)
        .status()
        .unwrap();
    assert!(status.success());
    let text = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    for key in [
        "/OutputIntents",
        "/GTS_PDFA1",
        "/StructTreeRoot",
        "/MarkInfo",
        "/Lang (de-DE)",
        "/TH",
        "/Table",
    ] {
        assert!(text.contains(key), "{key} missing in the PDF's objects");
    }
    let fonts = poppler("pdffonts", &[], &pdf);
    assert!(
        fonts
            .lines()
            .skip(2)
            .all(|row| row.split_whitespace().rev().nth(4) == Some("yes")),
        "{fonts}"
    );
}
