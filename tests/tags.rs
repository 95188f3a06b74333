//! The tag tree a screen reader follows: the PDFs' structure trees, read back with poppler
//! (`pdfinfo -struct-text`) and qpdf.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn render(report: &str, dir: &Path) -> PathBuf {
    let pdf = dir.join("out.pdf");
    render_ok(&root().join(report), &pdf);
    pdf
}

/// The PDF's objects as qpdf's QDF (uncompressed, one object per block).
fn qdf(pdf: &Path) -> String {
    let out = pdf.with_extension("qdf.pdf");
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    String::from_utf8_lossy(&std::fs::read(out).unwrap()).into_owned()
}

/// Asserts that no heading sits inside a paragraph or an inline element.
fn headings_are_blocks(tree: &Node) {
    for (parent, node) in tree.walk() {
        if node.role.starts_with('H') && node.role.len() == 2 {
            assert!(
                !matches!(parent, "P" | "Span" | "Link"),
                "{} „{}“ inside a {parent}",
                node.role,
                node.text
            );
        }
    }
}

#[test]
fn the_betreff_is_the_h1_and_the_sections_are_h2() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render(
        "reports/2023-02-zuschuss-interkulturelle-wochen.toml",
        dir.path(),
    );
    let tree = struct_tree(&pdf);
    headings_are_blocks(&tree);
    let h1 = tree.all("H1");
    assert_eq!(h1.len(), 1, "{h1:#?}");
    assert_eq!(
        h1[0].text,
        "Interkulturelle Wochen 2023: Zuschüsse für Veranstaltungen freier Träger"
    );
    let h2: Vec<&str> = tree.all("H2").iter().map(|n| n.text.as_str()).collect();
    assert_eq!(
        h2,
        [
            "Beschlussvorschlag:",
            "Begründung:",
            "Finanzielle Auswirkungen:",
            "Anlagen:"
        ]
    );
    assert!(tree.all("H3").is_empty());
    // The same in the PDF's objects: one /H1, four /H2.
    let objects = qdf(&pdf);
    assert_eq!(objects.matches("/S /H1").count(), 1);
    assert_eq!(objects.matches("/S /H2").count(), 4);

    // The Sachstandsbericht: its long Betreff is the H1 too.
    let pdf = render("reports/2022-11-integrationsstrategie.toml", dir.path());
    let tree = struct_tree(&pdf);
    headings_are_blocks(&tree);
    let h1 = tree.all("H1");
    assert_eq!(h1.len(), 1);
    assert!(
        h1[0]
            .text
            .starts_with("Sachstandsbericht zur Erarbeitung einer Integrationsstrategie"),
        "{}",
        h1[0].text
    );
    let h2: Vec<&str> = tree.all("H2").iter().map(|n| n.text.as_str()).collect();
    assert_eq!(h2, ["Sachdarstellung:"]);
}

#[test]
fn header_labels_belong_to_their_values_and_signatures_are_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render("reports/2022-11-integrationsstrategie.toml", dir.path());
    let tree = struct_tree(&pdf);
    // The header grid is a list of label/value pairs.
    let pairs: Vec<(String, String)> = tree
        .all("LI")
        .iter()
        .map(|li| {
            let lbl = li.children.iter().find(|c| c.role == "Lbl").unwrap();
            let body = li.children.iter().find(|c| c.role == "LBody").unwrap();
            (lbl.text.clone(), body.text.clone())
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("Produkt:".into(), "5 01 03 01 020".into()),
            ("Federführung:".into(), "StST Soziales".into()),
            ("Bearbeiter/in:".into(), "Hr. Dexler".into()),
            ("Datum:".into(), "16.11.2022".into()),
        ]
    );
    // Each signature line is a paragraph of its own.
    let paragraphs: Vec<&str> = tree.all("P").iter().map(|n| n.text.as_str()).collect();
    for name in ["(Schmidt)", "(Dexler)"] {
        assert!(paragraphs.contains(&name), "{paragraphs:#?}");
    }
    // The Beratungsfolge stays a table with column headers.
    let th: Vec<&str> = tree.all("TH").iter().map(|n| n.text.as_str()).collect();
    assert_eq!(th, ["Beratungsfolge", "Termin", "Bemerkungen"]);
    // The letterhead rule and the table's strokes are artifacts: no text, no element for them.
    assert!(tree.all("Figure").is_empty(), "{tree:#?}");
}
