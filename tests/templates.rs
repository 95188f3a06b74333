//! A city's own template folder: overrides file by file, and stays inside its folder.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::*;

/// Puts the built-in template `name` into `dir` with `from` replaced by `to`; returns the
/// built-in text.
fn folder_with(dir: &Path, name: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(root().join("templates").join(name)).unwrap();
    assert!(text.contains(from), "{name} contains {from:?}");
    std::fs::write(dir.join(name), text.replacen(from, to, 1)).unwrap();
    text
}

/// The same, for `layout.typ`.
fn folder_with_layout(dir: &Path, from: &str, to: &str) {
    folder_with(dir, "layout.typ", from, to);
}

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn an_own_layout_changes_the_letterhead() {
    let dir = tempfile::tempdir().unwrap();
    folder_with_layout(
        dir.path(),
        "[Der Magistrat]",
        "[Der Magistrat · Stabsstelle Soziales]",
    );
    let pdf = dir.path().join("x.pdf");
    let out = render_to(SEED, &pdf, &["--templates", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Der Magistrat · Stabsstelle Soziales"),
        "{text}"
    );
    // The built-in Vorlage template was used for the rest.
    assert_sentences(&pdf, "2022-11-saetze.txt");
}

#[test]
fn a_typst_error_in_the_layout_points_at_the_layout_file() {
    let dir = tempfile::tempdir().unwrap();
    folder_with_layout(dir.path(), "v(-0.4em)", "v(-0.4em) + undefiniert");
    let out = sachstand(&["check", SEED, "--templates", dir.path().to_str().unwrap()]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let line = line_of(
        &std::fs::read_to_string(dir.path().join("layout.typ")).unwrap(),
        "undefiniert",
    );
    assert!(stderr.contains(&format!("layout.typ:{line}:")), "{stderr}");
    assert!(stderr.contains("undefiniert"), "{stderr}");
}

#[test]
fn a_package_import_gives_a_clear_error_and_no_download() {
    let dir = tempfile::tempdir().unwrap();
    folder_with_layout(
        dir.path(),
        "#let vorlage(",
        "#import \"@preview/example:0.1.0\": *\n#let vorlage(",
    );
    let out = sachstand(&["check", SEED, "--templates", dir.path().to_str().unwrap()]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("ohne Netz"), "{stderr}");
    assert!(stderr.contains("layout.typ:"), "{stderr}");
}

#[test]
fn typst_cannot_read_outside_the_template_folder() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("geheim.txt"), "GEHEIM").unwrap();
    let dir = outer.path().join("vorlagen");
    std::fs::create_dir(&dir).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outer.path().join("geheim.txt"), dir.join("link.txt")).unwrap();
    for target in ["../geheim.txt", "/etc/passwd", "link.txt"] {
        folder_with_layout(&dir, "body\n", &format!("body\n  read(\"{target}\")\n"));
        let pdf = dir.join("x.pdf");
        let out = render_to(SEED, &pdf, &["--templates", dir.to_str().unwrap()]);
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(1), "{target}: {stderr}");
        assert!(!pdf.exists(), "{target}");
        assert!(
            !stderr.contains("GEHEIM") && !stderr.contains("root:"),
            "{stderr}"
        );
    }
}

#[test]
fn a_template_error_points_at_the_template_line() {
    let dir = tempfile::tempdir().unwrap();
    let name = "sachstandsbericht.typ.j2";
    let template = folder_with(dir.path(), name, "{{ s.person }}", "{{ s.persn }}");
    let out = sachstand(&["check", SEED, "--templates", dir.path().to_str().unwrap()]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let line = line_of(&template, "{{ s.person }}");
    assert!(stderr.contains(&format!("{name}:{line}:")), "{stderr}");
}

#[test]
fn a_typst_error_in_generated_markup_points_at_the_kept_source() {
    let dir = tempfile::tempdir().unwrap();
    let (from, to) = (
        "= Sachdarstellung:",
        "= Sachdarstellung:\n\n#gibt-es-nicht()",
    );
    folder_with(dir.path(), "sachstandsbericht.typ.j2", from, to);
    let pdf = dir.path().join("b.pdf");
    let folder = dir.path().to_str().unwrap();
    let out = sachstand(&[
        "render",
        SEED,
        "-o",
        pdf.to_str().unwrap(),
        "--keep-typ",
        "--templates",
        folder,
    ]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!pdf.exists());
    let typ = dir.path().join("b.typ");
    let kept = std::fs::read_to_string(&typ).expect("the generated source is kept for inspection");
    let line = line_of(&kept, "#gibt-es-nicht()");
    assert!(
        stderr.contains(&format!("{}:{line}:", typ.display())),
        "{stderr}"
    );
    assert!(stderr.contains("gibt-es-nicht"), "{stderr}");
}
