//! Anlagen as real documents (issue 25): attached PDF, PNG and SVG files follow the Vorlage on
//! their own pages, stamped, bookmarked, as Figures with alternative text, in the Vorlage and
//! in the Sitzungsmappe; files that cannot be attached are refused with their message, and
//! no PDF is written. Everything through the real binary, read back with poppler and qpdf.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{root, run_in, texts};

/// The example project in a temporary folder, with an `anlagen/` folder holding a two-page
/// PDF (a Sitzungsmappe the binary made), a PNG and an SVG.
fn project() -> tempfile::TempDir {
    let dir = common::project_with_settings();
    for entry in std::fs::read_dir(root().join("reports")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(
                &path,
                dir.path().join("reports").join(path.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    std::fs::create_dir_all(dir.path().join("anlagen")).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "mappe",
            "--gremium",
            "magistrat",
            "--termin",
            "20.02.2023",
            "--ordner",
            "reports",
            "-o",
            "anlagen/protokoll.pdf",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(pages(&dir.path().join("anlagen/protokoll.pdf")), 2);
    std::fs::write(dir.path().join("anlagen/lageplan.png"), png(120, 80)).unwrap();
    std::fs::write(
        dir.path().join("anlagen/ablauf.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200"><rect x="10" y="10" width="380" height="180" fill="none" stroke="black" stroke-width="4"/><circle cx="200" cy="100" r="60" fill="#777"/></svg>"##,
    )
    .unwrap();
    dir
}

/// A grey gradient PNG of `w` × `h` pixels.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Grayscale);
    let mut writer = encoder.write_header().unwrap();
    let data: Vec<u8> = (0..w * h).map(|i| (i % w * 255 / w) as u8).collect();
    writer.write_image_data(&data).unwrap();
    drop(writer);
    out
}

/// The Beschlussvorlage of the example, its Anlagen replaced by `anlagen` (TOML array items).
fn with_anlagen(dir: &Path, anlagen: &str) -> PathBuf {
    let path = dir.join("reports/2023-02-zuschuss-interkulturelle-wochen.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("anlagen = [").unwrap();
    let end = start + text[start..].find(']').unwrap() + 1;
    let text = format!(
        "{}anlagen = [\n{anlagen}\n]{}",
        &text[..start],
        &text[end..]
    );
    std::fs::write(&path, text).unwrap();
    path
}

const THREE: &str = r#"  "Antragsliste der Träger",
  { titel = "Protokoll", datei = "../anlagen/protokoll.pdf" },
  { titel = "Lageplan", datei = "../anlagen/lageplan.png" },
  { titel = "Ablauf", datei = "../anlagen/ablauf.svg" },"#;

fn pages(pdf: &Path) -> usize {
    common::pdf_info(pdf, "Pages").parse().unwrap()
}

/// The text of one page.
fn page_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    common::poppler("pdftotext", &["-f", &page, "-l", &page], pdf)
}

/// The bookmarks as (depth, title), depth first.
fn bookmarks(pdf: &Path) -> Vec<(usize, String)> {
    let out = Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(pdf)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut list = Vec::new();
    fn walk(items: &serde_json::Value, depth: usize, list: &mut Vec<(usize, String)>) {
        for item in items.as_array().into_iter().flatten() {
            list.push((depth, item["title"].as_str().unwrap_or_default().to_owned()));
            walk(&item["kids"], depth + 1, list);
        }
    }
    walk(&json["outlines"], 0, &mut list);
    list
}

/// Every `/Alt` text of the PDF's structure elements (qpdf's JSON decodes the strings).
fn alt_texts(pdf: &Path) -> Vec<String> {
    let out = Command::new("qpdf")
        .args(["--json", "--json-key=qpdf"])
        .arg(pdf)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // qpdf's JSON v2: `qpdf` is [header, {"obj:N 0 R": {"value": …}}].
    let mut alts: Vec<String> = json["qpdf"][1]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|o| o["value"]["/Alt"].as_str().map(decode_pdf_string))
        .collect();
    alts.sort();
    alts
}

/// A string as qpdf's JSON writes it: `u:text` or a literal.
fn decode_pdf_string(s: &str) -> String {
    s.strip_prefix("u:").unwrap_or(s).to_owned()
}

#[test]
fn attached_files_follow_the_vorlage_stamped_bookmarked_and_described() {
    let dir = project();
    let report = with_anlagen(dir.path(), THREE);
    let pdf = dir.path().join("vorlage.pdf");
    let out = run_in(
        dir.path(),
        &[
            "render",
            report.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    // One page of Vorlage, two of the PDF, one each for the PNG and the SVG.
    assert_eq!(pages(&pdf), 5);
    let first = page_text(&pdf, 1);
    for line in [
        "1. Antragsliste der Träger",
        "2. Protokoll (ab Seite 2)",
        "3. Lageplan (Seite 4)",
        "4. Ablauf (Seite 5)",
    ] {
        assert!(first.contains(line), "{line} fehlt in:\n{first}");
    }
    let stamps = [
        (2, "Anlage 2 zu Vorlage 2023/0031 · Seite 1 von 2"),
        (3, "Anlage 2 zu Vorlage 2023/0031 · Seite 2 von 2"),
        (4, "Anlage 3 zu Vorlage 2023/0031"),
        (5, "Anlage 4 zu Vorlage 2023/0031"),
    ];
    for (page, stamp) in stamps {
        assert!(
            page_text(&pdf, page).contains(stamp),
            "Seite {page}: {stamp}"
        );
    }
    // The attached PDF's own text is in the PDF, on its pages: text, not a picture of it.
    let attached = page_text(&pdf, 2);
    assert!(
        attached.contains("Sitzungsmappe") && attached.contains("Tagesordnung"),
        "{attached}"
    );
    assert!(page_text(&pdf, 3).contains("Interkulturelle Wochen 2023"));
    // A bookmark per Anlage, under the Betreff.
    let marks = bookmarks(&pdf);
    for title in [
        "Anlage 2: Protokoll",
        "Anlage 3: Lageplan",
        "Anlage 4: Ablauf",
    ] {
        assert!(marks.contains(&(1, title.to_owned())), "{title}: {marks:?}");
    }
    // Each attached page is a Figure whose alternative text names it.
    let alts = alt_texts(&pdf);
    for alt in [
        "Anlage 2: Protokoll, Seite 1 von 2",
        "Anlage 2: Protokoll, Seite 2 von 2",
        "Anlage 3: Lageplan",
        "Anlage 4: Ablauf",
    ] {
        assert!(alts.iter().any(|a| a == alt), "{alt}: {alts:?}");
    }
    let figures = common::struct_tree(&pdf).all("Figure").len();
    assert_eq!(figures, 4);
    // The same input, the same bytes.
    let again = dir.path().join("nochmal.pdf");
    let out = run_in(
        dir.path(),
        &[
            "render",
            report.to_str().unwrap(),
            "-o",
            again.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert!(std::fs::read(&pdf).unwrap() == std::fs::read(&again).unwrap());
    common::assert_pdf_a_and_ua(&[&pdf]);
}

#[test]
fn the_sitzungsmappe_carries_the_attachments_under_their_top() {
    let dir = project();
    with_anlagen(dir.path(), THREE);
    let mappe = dir.path().join("mappe.pdf");
    let out = run_in(
        dir.path(),
        &[
            "mappe",
            "--gremium",
            "sbk",
            "--termin",
            "23.02.2023",
            "--ordner",
            "reports",
            "-o",
            mappe.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    // Cover, the Vorlage, its four pages of Anlagen; page numbers run on.
    assert_eq!(pages(&mappe), 6);
    assert!(page_text(&mappe, 2).contains("2. Protokoll (ab Seite 3)"));
    assert!(page_text(&mappe, 5).contains("Anlage 3 zu Vorlage 2023/0031"));
    assert!(page_text(&mappe, 5).contains("Seite 5 von 6"));
    let marks = bookmarks(&mappe);
    let top = marks
        .iter()
        .position(|(d, t)| *d == 0 && t.starts_with("TOP 1"))
        .unwrap();
    assert_eq!(
        marks[top + 1],
        (1, "Anlage 2: Protokoll".to_owned()),
        "{marks:?}"
    );
    common::assert_pdf_a_and_ua(&[&mappe]);
}

/// A PDF written by hand: `pages` empty pages, or one page of Helvetica that is not embedded.
fn handmade_pdf(pages: usize, helvetica: bool) -> Vec<u8> {
    let mut objects = vec![
        "<</Type/Catalog/Pages 2 0 R>>".to_owned(),
        format!(
            "<</Type/Pages/Kids[{}]/Count {pages}>>",
            (0..pages)
                .map(|i| format!("{} 0 R", i + 4))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>".to_owned(),
    ];
    let content = "BT /F1 24 Tf 72 700 Td (Hallo) Tj ET";
    for _ in 0..pages {
        let resources = if helvetica {
            "/Resources<</Font<</F1 3 0 R>>>>"
        } else {
            ""
        };
        let contents = if helvetica {
            format!("/Contents {} 0 R", pages + 4)
        } else {
            String::new()
        };
        objects.push(format!(
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]{resources}{contents}>>"
        ));
    }
    objects.push(format!(
        "<</Length {}>>stream\n{content}\nendstream",
        content.len()
    ));
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn files_that_cannot_be_attached_are_refused_at_their_key() {
    let dir = project();
    let anlagen = dir.path().join("anlagen");
    let good = anlagen.join("protokoll.pdf");
    let qpdf = Command::new("qpdf")
        .args(["--encrypt", "", "eigner", "256", "--"])
        .arg(&good)
        .arg(anlagen.join("geschuetzt.pdf"))
        .status()
        .unwrap();
    assert!(qpdf.success());
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(anlagen.join("kaputt.pdf"), &bytes[..bytes.len() / 3]).unwrap();
    let huge = std::fs::File::create(anlagen.join("riesig.pdf")).unwrap();
    huge.set_len(21 * 1024 * 1024).unwrap();
    std::fs::write(anlagen.join("brief.pdf"), b"PK\x03\x04 ein Word-Dokument").unwrap();
    std::fs::write(anlagen.join("kaputt.png"), &png(40, 40)[..60]).unwrap();
    // A PNG whose header claims 40000 × 40000 pixels: refused before it is decoded.
    let mut bombe = png(1, 1);
    bombe[16..20].copy_from_slice(&40_000u32.to_be_bytes());
    bombe[20..24].copy_from_slice(&40_000u32.to_be_bytes());
    std::fs::write(anlagen.join("bombe.png"), bombe).unwrap();
    std::fs::write(
        anlagen.join("verknuepft.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image xlink:href="lageplan.png" width="10" height="10"/></svg>"#,
    )
    .unwrap();
    std::fs::write(
        anlagen.join("kaputt.svg"),
        "<svg xmlns=\"urn:falsch\"><rect/>",
    )
    .unwrap();
    std::fs::write(anlagen.join("helvetica.pdf"), handmade_pdf(1, true)).unwrap();
    std::fs::write(anlagen.join("lang.pdf"), handmade_pdf(101, false)).unwrap();
    std::fs::write(anlagen.join("leer.pdf"), b"").unwrap();
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), &bytes).unwrap();
    let cases = [
        (
            "geschuetzt.pdf".to_owned(),
            "ist verschlüsselt oder kennwortgeschützt",
        ),
        (
            "kaputt.pdf".to_owned(),
            "ist beschädigt und lässt sich nicht lesen",
        ),
        (
            "riesig.pdf".to_owned(),
            "ist 21 MB groß; erlaubt sind höchstens 20 MB",
        ),
        (
            "brief.pdf".to_owned(),
            "ist weder PDF noch PNG, JPEG oder SVG",
        ),
        (
            "helvetica.pdf".to_owned(),
            "die Schrift „Helvetica“ nicht eingebettet",
        ),
        (
            "lang.pdf".to_owned(),
            "hat 101 Seiten; eine Anlage darf höchstens 100 Seiten haben",
        ),
        ("fehlt.pdf".to_owned(), "gibt es nicht"),
        ("leer.pdf".to_owned(), "ist leer (0 Bytes)"),
        (
            "..\\\\anlagen\\\\lageplan.png".to_owned(),
            "umgekehrten Schrägstrich",
        ),
        (
            outside.path().display().to_string(),
            "liegt außerhalb des Projektordners",
        ),
        (
            "https://example.org/plan.pdf".to_owned(),
            "ist eine Internetadresse",
        ),
    ];
    for (file, message) in cases {
        let datei = if file.starts_with("https") || file.starts_with('/') || file.starts_with('.') {
            file.clone()
        } else {
            format!("../anlagen/{file}")
        };
        let report = with_anlagen(
            dir.path(),
            &format!("  {{ titel = \"Plan\", datei = \"{datei}\" }},"),
        );
        let pdf = dir.path().join("nicht.pdf");
        let out = run_in(
            dir.path(),
            &[
                "render",
                report.to_str().unwrap(),
                "-o",
                pdf.to_str().unwrap(),
            ],
        );
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(1), "{file}: {stderr}");
        assert!(stderr.contains(message), "{file}: {stderr}");
        // The place in the file: the report, line and column of the `datei` value.
        assert!(
            stderr.contains("2023-02-zuschuss-interkulturelle-wochen.toml:"),
            "{file}: {stderr}"
        );
        assert!(!pdf.exists(), "{file}: a PDF was written");
    }
}

#[test]
fn a_changed_attachment_makes_the_released_paper_a_draft_again() {
    let dir = project();
    let report = with_anlagen(dir.path(), THREE);
    let file = report.to_str().unwrap();
    let out = run_in(
        dir.path(),
        &["freigabe", file, "--durch", "Schmidt, Bürgermeister"],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let pdf = dir.path().join("vorlage.pdf");
    let render = || {
        let out = run_in(dir.path(), &["render", file, "-o", pdf.to_str().unwrap()]);
        assert!(out.status.success(), "{}", texts(&out).1);
        page_text(&pdf, 1)
    };
    assert!(!render().contains("ENTWURF"));
    let check = run_in(dir.path(), &["check", file]);
    assert!(
        !texts(&check).1.contains("wieder ein Entwurf"),
        "{}",
        texts(&check).1
    );
    // Another plan under the same name: the text is the same, the paper is not.
    std::fs::write(dir.path().join("anlagen/lageplan.png"), png(90, 90)).unwrap();
    assert!(render().contains("ENTWURF"));
    let check = run_in(dir.path(), &["check", file]);
    assert!(
        texts(&check).1.contains("wieder ein Entwurf"),
        "{}",
        texts(&check).1
    );
    let archive = run_in(dir.path(), &["archive", file]);
    assert!(!archive.status.success());
    assert!(
        texts(&archive)
            .1
            .contains("archiviert werden nur freigegebene Vorlagen")
    );
}

#[test]
fn a_mistyped_key_in_an_anlage_is_named_with_its_fix() {
    let dir = project();
    let report = with_anlagen(
        dir.path(),
        "  \"Kostenplan\",\n  { titel = \"Plan\", dateii = \"../anlagen/lageplan.png\" },\n  { titel = \"Ablauf\", datei = \"../anlagen/ablauf.svg\" },",
    );
    let out = run_in(dir.path(), &["check", report.to_str().unwrap()]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("unbekannter Schlüssel `dateii`"),
        "{stderr}"
    );
    assert!(stderr.contains("meinten Sie `datei`?"), "{stderr}");
    assert!(
        stderr.contains("1 Fehler"),
        "one mistake, one error: {stderr}"
    );
}
