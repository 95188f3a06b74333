//! `mappe --doppelseitig` with öffentlichem and nichtöffentlichem Teil (issue 23): each part's
//! divider page starts on a right-hand (odd) page and gets a blank back, so that each Vorlage
//! still starts on a right-hand page. Read back page by page with `pdftotext`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::*;

const REPORT: &str = "reports/2023-06-front-office-migration.toml";

/// A project with two Vorlagen before the SBK on 29.06.2023: 2023/0112 öffentlich, 2023/0113
/// nichtöffentlich.
fn project() -> tempfile::TempDir {
    let dir = common::project_with_settings();
    let text = std::fs::read_to_string(root().join(REPORT)).unwrap();
    std::fs::write(dir.path().join("reports/oeffentlich.toml"), &text).unwrap();
    let closed = text.replacen(
        "nummer = \"2023/0112\"\n",
        "nummer = \"2023/0113\"\noeffentlich = false\n",
        1,
    );
    assert_ne!(closed, text);
    std::fs::write(dir.path().join("reports/geschlossen.toml"), closed).unwrap();
    dir
}

/// The text of each page of `pdf`, in order.
fn pages(pdf: &Path) -> Vec<String> {
    let count: usize = pdf_info(pdf, "Pages").trim().parse().unwrap();
    (1..=count)
        .map(|page| {
            let n = page.to_string();
            poppler("pdftotext", &["-enc", "UTF-8", "-f", &n, "-l", &n], pdf)
        })
        .collect()
}

/// Whether a page holds nothing but the running header and the page number.
fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .all(|l| l.contains("· Sitzungsmappe ") || l.starts_with("Seite "))
}

/// The 1-based numbers of the pages that start a part, and of those that start a Vorlage.
fn starts(pages: &[String]) -> (Vec<usize>, Vec<usize>) {
    let mut parts = Vec::new();
    let mut vorlagen = Vec::new();
    for (i, text) in pages.iter().enumerate() {
        // The cover's Tagesordnung names both; it is neither.
        if text.contains("Tagesordnung") {
            continue;
        }
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        if lines
            .iter()
            .any(|l| matches!(*l, "Öffentlicher Teil" | "Nichtöffentlicher Teil"))
        {
            parts.push(i + 1);
        } else if text.contains("Vorlagen-Nr.") {
            vorlagen.push(i + 1);
        }
    }
    (parts, vorlagen)
}

#[test]
fn double_sided_parts_get_blank_backs() {
    let dir = project();
    let out = run_in(
        dir.path(),
        &[
            "mappe",
            "--gremium",
            "sbk",
            "--termin",
            "29.06.2023",
            "--doppelseitig",
            "-o",
            "doppelt.pdf",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let double = pages(&dir.path().join("doppelt.pdf"));
    let (parts, vorlagen) = starts(&double);
    assert_eq!(parts.len(), 2, "both parts: {double:#?}");
    assert_eq!(vorlagen.len(), 2, "both Vorlagen: {double:#?}");
    for page in parts.iter().chain(&vorlagen) {
        assert_eq!(page % 2, 1, "page {page} starts on the left: {double:#?}");
    }
    for part in &parts {
        assert!(
            is_blank(&double[*part]),
            "the back of the divider on page {part} is blank: {:?}",
            double[*part]
        );
        assert_eq!(vorlagen.iter().find(|v| *v > part), Some(&(part + 2)));
    }

    // One-sided: no blank pages, each Vorlage right after its divider.
    let out = run_in(
        dir.path(),
        &[
            "mappe",
            "--gremium",
            "sbk",
            "--termin",
            "29.06.2023",
            "-o",
            "einfach.pdf",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let single = pages(&dir.path().join("einfach.pdf"));
    let (parts, vorlagen) = starts(&single);
    assert_eq!((parts.len(), vorlagen.len()), (2, 2), "{single:#?}");
    for part in &parts {
        assert!(vorlagen.contains(&(part + 1)), "{single:#?}");
    }
    assert!(single.iter().all(|p| !is_blank(p)), "{single:#?}");
    assert!(double.len() > single.len());
}
