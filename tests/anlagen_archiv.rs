//! Attached files (Anlagen) in the archive and in OParl (issue 25, points 4 and 7), tested with
//! the real binary on a copy of the example project whose Beschlussvorlage 2023/0031 attaches
//! a PDF (another example report, rendered), a PNG (its first page, drawn by `pdftoppm`) and an
//! SVG: the copies beside the archived PDF and their SHA-256 in `index.jsonl`, `--verify`, a
//! changed attachment as a new version, a tampered or missing one named by `--verify`, runs
//! killed before their index line, and the Files in the Paper's `auxiliaryFile` (served and
//! exported, checked against the official OParl 1.1 schema), withdrawn and nichtöffentlich.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use common::*;
use serde_json::Value;
use sha2::{Digest, Sha256, Sha512};

const ZUSCHUSS: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";
const FRONT_OFFICE: &str = "reports/2023-06-front-office-migration.toml";
const BASIS: &str = "basis_url = \"https://ratsinfo.lampertheim.de/oparl\"\n";
const TITLES_ONLY: &str = "anlagen = [
  \"Kostenplan der Interkulturellen Wochen 2023\",
  \"Förderrichtlinien der Stadt Lampertheim für Zuschüsse an freie Träger\",
]";
/// Three files and one title only: the Anlagen are numbered 1, 2, 3 (title), 4.
const WITH_FILES: &str = "anlagen = [
  { titel = \"Kostenplan der Interkulturellen Wochen 2023\", datei = \"../anlagen/kostenplan.pdf\" },
  { titel = \"Lageplan\", datei = \"../anlagen/lageplan.png\" },
  \"Förderrichtlinien der Stadt Lampertheim für Zuschüsse an freie Träger\",
  { titel = \"Ablauf der Woche\", datei = \"../anlagen/ablauf.svg\" },
]";
/// The signal `Child::kill` sends.
const SIGKILL: i32 = 9;
const SVG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"80\" viewBox=\"0 0 200 80\">
  <rect x=\"5\" y=\"5\" width=\"190\" height=\"70\" fill=\"none\" stroke=\"black\"/>
  <line x1=\"20\" y1=\"40\" x2=\"180\" y2=\"40\" stroke=\"black\" stroke-width=\"3\"/>
</svg>
";

/// The archive's names of the three attached files of version 1 of 2023/0031.
const FILED: [(&str, &str, &str); 3] = [
    (
        "2023/2023-0031.anlage-1.pdf",
        "kostenplan.pdf",
        "application/pdf",
    ),
    ("2023/2023-0031.anlage-2.png", "lageplan.png", "image/png"),
    ("2023/2023-0031.anlage-4.svg", "ablauf.svg", "image/svg+xml"),
];

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn sha512(bytes: &[u8]) -> String {
    Sha512::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The page of `pdf` as a PNG at `dpi` (different resolutions give different files).
fn png_of(pdf: &Path, dpi: u32) -> Vec<u8> {
    let out = tempfile::tempdir().unwrap();
    let prefix = out.path().join("seite");
    let status = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            &dpi.to_string(),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed");
    std::fs::read(prefix.with_extension("png")).unwrap()
}

/// The attached files, made once: another example report rendered (a real PDF/A), its first
/// page as a PNG, and a small SVG.
fn attachments() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("kostenplan.pdf");
        render_ok(&root().join(FRONT_OFFICE), &pdf);
        std::fs::write(dir.path().join("lageplan.png"), png_of(&pdf, 10)).unwrap();
        std::fs::write(dir.path().join("ablauf.svg"), SVG).unwrap();
        dir
    })
    .path()
}

/// A project whose 2023/0031 attaches the three files, released; `[oparl]` with `basis_url` =
/// `base` and (with `consent`) the Files published. Nothing archived yet.
fn project(base: &str, consent: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let settings = std::fs::read_to_string(root().join("sachstand.toml")).unwrap();
    assert!(settings.contains(BASIS));
    let publish = if consent {
        "personen_veroeffentlichen = true\n"
    } else {
        ""
    };
    let settings = settings.replace(BASIS, &format!("basis_url = \"{base}\"\n{publish}"));
    std::fs::write(dir.path().join("sachstand.toml"), settings).unwrap();
    std::fs::create_dir_all(dir.path().join("reports")).unwrap();
    std::fs::create_dir_all(dir.path().join("anlagen")).unwrap();
    for name in ["kostenplan.pdf", "lageplan.png", "ablauf.svg"] {
        std::fs::copy(
            attachments().join(name),
            dir.path().join("anlagen").join(name),
        )
        .unwrap();
    }
    let text = std::fs::read_to_string(root().join(ZUSCHUSS)).unwrap();
    assert!(text.contains(TITLES_ONLY));
    write_released(
        &dir.path().join(ZUSCHUSS),
        &text.replace(TITLES_ONLY, WITH_FILES),
    );
    dir
}

/// Writes the report `text` to `path`, released.
fn write_released(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    release_file(path);
}

fn archive(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["archive"];
    all.extend_from_slice(args);
    run_in(dir, &all)
}

fn index_lines(dir: &Path) -> Vec<Value> {
    std::fs::read_to_string(dir.join("archiv/index.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `archive --verify`: whether it passed, and what it said.
fn verify(dir: &Path) -> (bool, String) {
    let out = archive(dir, &["--verify"]);
    let (stdout, stderr) = texts(&out);
    (out.status.success(), format!("{stdout}{stderr}"))
}

#[test]
fn attachments_are_filed_verified_and_versioned() {
    let dir = project("https://ratsinfo.lampertheim.de/oparl", true);
    let out = archive(dir.path(), &[ZUSCHUSS]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("(Version 1)"), "{stdout}");

    // Each file next to the PDF, exactly the attached bytes, recorded in the index line.
    let lines = index_lines(dir.path());
    assert_eq!(lines.len(), 1);
    let anlagen = lines[0]["anlagen"].as_array().unwrap();
    assert_eq!(anlagen.len(), 3, "{:#}", lines[0]);
    for ((anlage, (rel, source, media)), nummer) in anlagen.iter().zip(FILED).zip([1, 2, 4]) {
        let original = std::fs::read(dir.path().join("anlagen").join(source)).unwrap();
        let filed = std::fs::read(dir.path().join("archiv").join(rel)).unwrap();
        assert_eq!(filed, original, "{rel}");
        assert_eq!(anlage["nummer"], nummer);
        assert_eq!(anlage["datei"], rel);
        assert_eq!(anlage["medientyp"], media);
        assert_eq!(anlage["groesse"], original.len());
        assert_eq!(anlage["sha256"], sha256(&original));
        assert_eq!(anlage["herkunft"], format!("../anlagen/{source}"));
    }
    assert_eq!(anlagen[1]["titel"], "Lageplan");
    let (ok, said) = verify(dir.path());
    assert!(ok, "{said}");
    assert!(said.contains("5 Dateien geprüft"), "{said}");

    // Nothing changed: nothing new.
    let out = archive(dir.path(), &[ZUSCHUSS]);
    assert!(
        texts(&out).0.contains("Bereits archiviert"),
        "{:?}",
        texts(&out)
    );
    assert_eq!(index_lines(dir.path()).len(), 1);

    // The same text with another PNG is a new version, which needs a reason.
    let png = png_of(&dir.path().join("anlagen/kostenplan.pdf"), 14);
    std::fs::write(dir.path().join("anlagen/lageplan.png"), &png).unwrap();
    // The release covers the attachments: the paper is a draft again until released anew.
    let out = archive(dir.path(), &[ZUSCHUSS]);
    assert!(!out.status.success());
    assert!(
        texts(&out)
            .1
            .contains("archiviert werden nur freigegebene Vorlagen"),
        "{}",
        texts(&out).1
    );
    release_file(&dir.path().join(ZUSCHUSS));
    let out = archive(dir.path(), &[ZUSCHUSS]);
    let stderr = texts(&out).1;
    assert!(!out.status.success());
    assert!(
        stderr.contains("als Version 1 archiviert und hat sich seither geändert"),
        "{stderr}"
    );
    assert!(stderr.contains("--grund"), "{stderr}");
    assert_eq!(index_lines(dir.path()).len(), 1);
    let out = archive(dir.path(), &[ZUSCHUSS, "--grund", "neuer Lageplan"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(texts(&out).0.contains("(Version 2)"), "{:?}", texts(&out));
    let lines = index_lines(dir.path());
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["version"], 2);
    assert_eq!(lines[1]["grund"], "neuer Lageplan");
    // The text differs only by the new release record (the release covers the attachments).
    assert_ne!(lines[1]["sha256_quelle"], lines[0]["sha256_quelle"]);
    let second = &lines[1]["anlagen"][1];
    assert_eq!(second["datei"], "2023/2023-0031-v2.anlage-2.png");
    assert_eq!(second["sha256"], sha256(&png));
    let v2 = dir.path().join("archiv/2023/2023-0031-v2.anlage-2.png");
    assert_eq!(std::fs::read(v2).unwrap(), png);
    // Version 1 keeps its own files, unchanged.
    let v1 = std::fs::read(dir.path().join("archiv").join(FILED[1].0)).unwrap();
    assert_eq!(
        sha256(&v1),
        lines[0]["anlagen"][1]["sha256"].as_str().unwrap()
    );
    let (ok, said) = verify(dir.path());
    assert!(ok, "{said}");
    assert!(said.contains("10 Dateien geprüft"), "{said}");

    // A changed or missing archived attachment: --verify names the file and the Anlage.
    std::fs::write(
        dir.path().join("archiv").join(FILED[1].0),
        b"\x89PNG nachher",
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("archiv/2023/2023-0031-v2.anlage-4.svg")).unwrap();
    let (ok, said) = verify(dir.path());
    assert!(!ok, "{said}");
    assert!(
        said.contains(
            "verändert: archiv/2023/2023-0031.anlage-2.png (Anlage 2 „Lageplan“ der Vorlage 2023/0031; die Prüfsumme stimmt nicht mehr mit dem Index überein)"
        ),
        "{said}"
    );
    assert!(
        said.contains(
            "fehlt: archiv/2023/2023-0031-v2.anlage-4.svg (Anlage 4 „Ablauf der Woche“ der Vorlage 2023/0031)"
        ),
        "{said}"
    );
    assert!(said.contains("Datensicherung"), "{said}");
}

#[test]
fn an_index_line_without_attachments_still_reads() {
    let dir = project("https://ratsinfo.lampertheim.de/oparl", true);
    let text = std::fs::read_to_string(dir.path().join(ZUSCHUSS)).unwrap();
    // The paper as an older sachstand filed it: titles only, no `anlagen` in its line.
    let plain = dir.path().join("reports/2023-02-ohne-dateien.toml");
    write_released(
        &plain,
        &text
            .replace(WITH_FILES, TITLES_ONLY)
            .replace("2023/0031", "2023/0032"),
    );
    let out = archive(dir.path(), &["reports/2023-02-ohne-dateien.toml"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let line = &index_lines(dir.path())[0];
    assert!(line.get("anlagen").is_none(), "{line:#}");
    let out = archive(dir.path(), &[ZUSCHUSS]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let (ok, said) = verify(dir.path());
    assert!(ok, "{said}");
    let out = run_in(dir.path(), &["oparl", "--ausgabe", "ausgabe"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let paper = read_json(&dir.path().join("ausgabe/paper/2023-0032"));
    assert!(paper.get("auxiliaryFile").is_none(), "{paper:#}");
}

/// The files version 1 of 2023/0031 writes, then its index line: what a run killed before
/// its line leaves is the files alone.
#[test]
fn a_run_killed_before_its_index_line_is_taken_up_by_the_next() {
    let dir = project("https://ratsinfo.lampertheim.de/oparl", true);
    let out = archive(dir.path(), &[ZUSCHUSS]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let index = dir.path().join("archiv/index.jsonl");
    let line = std::fs::read_to_string(&index).unwrap();
    let archiv = dir.path().join("archiv");

    // Killed while writing the attachments: the line is missing, the last file too.
    std::fs::write(&index, "").unwrap();
    std::fs::remove_file(archiv.join(FILED[2].0)).unwrap();
    let (ok, said) = verify(dir.path());
    assert!(!ok);
    assert!(
        said.contains("nicht im Index: archiv/2023/2023-0031.anlage-2.png"),
        "{said}"
    );
    let out = archive(dir.path(), &[ZUSCHUSS]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("(Version 1)"), "{stdout}");
    assert!(
        stderr.contains("2023-0031.anlage-1.pdf lag schon vollständig im Archiv"),
        "{stderr}"
    );
    assert!(archiv.join(FILED[2].0).is_file());
    let (ok, said) = verify(dir.path());
    assert!(ok, "{said}");

    // Killed while writing the line: a torn line; the next run cuts it off and adopts all.
    let whole = std::fs::read_to_string(&index).unwrap();
    assert_eq!(whole.lines().count(), 1);
    std::fs::write(&index, &line[..line.len() / 2]).unwrap();
    let out = archive(dir.path(), &[ZUSCHUSS]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let lines = index_lines(dir.path());
    assert_eq!(
        lines.len(),
        1,
        "the torn line is cut off, one whole line written"
    );
    assert_eq!(lines[0]["anlagen"].as_array().unwrap().len(), 3);
    let (ok, said) = verify(dir.path());
    assert!(ok, "{said}");

    // Something else where an attachment goes, and no line: set aside, never overwritten.
    std::fs::write(&index, "").unwrap();
    std::fs::write(archiv.join(FILED[1].0), b"fremd").unwrap();
    let out = archive(dir.path(), &[ZUSCHUSS]);
    let stderr = texts(&out).1;
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("stand ohne Eintrag im Index im Weg"),
        "{stderr}"
    );
    let fund = archiv.join("fundsachen").join(FILED[1].0);
    assert_eq!(std::fs::read(fund).unwrap(), b"fremd");
    let (ok, said) = verify(dir.path());
    assert!(ok, "{said}");
}

/// `archive` of fresh papers with attachments, killed at a random moment, then run again:
/// the archive verifies and every attachment an index line names is on disk as recorded.
#[test]
fn archive_killed_at_any_moment_never_names_a_missing_attachment() {
    let dir = project("https://ratsinfo.lampertheim.de/oparl", true);
    let text = std::fs::read_to_string(dir.path().join(ZUSCHUSS)).unwrap();
    let paper = |n: usize| {
        let name = format!("reports/2023-02-kopie-{n}.toml");
        let copy = text.replace("2023/0031", &format!("2023/{:04}", 500 + n));
        write_released(&dir.path().join(&name), &copy);
        name
    };
    let first = paper(0);
    let started = std::time::Instant::now();
    let out = archive(dir.path(), &[&first]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let full = started.elapsed();
    let rounds = 16;
    let mut killed = 0;
    for round in 1..=rounds {
        let name = paper(round);
        let mut child = Command::new(env!("CARGO_BIN_EXE_sachstand"))
            .args(["archive", &name])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Spread over the whole run: early, while writing, just before the line.
        std::thread::sleep(full * u32::try_from(round).unwrap() / u32::try_from(rounds).unwrap());
        let _ = child.kill();
        if child.wait().unwrap().signal() == Some(SIGKILL) {
            killed += 1;
        }
        for line in index_lines(dir.path()) {
            for anlage in line["anlagen"].as_array().unwrap() {
                let rel = anlage["datei"].as_str().unwrap();
                let bytes = std::fs::read(dir.path().join("archiv").join(rel))
                    .unwrap_or_else(|e| panic!("round {round}: {rel} named but missing: {e}"));
                assert_eq!(sha256(&bytes), anlage["sha256"].as_str().unwrap());
            }
        }
        let out = archive(dir.path(), &[&name]);
        let stdout = texts(&out).0;
        assert!(out.status.success(), "round {round}: {}", texts(&out).1);
        assert!(stdout.contains("rchiviert"), "round {round}: {stdout}");
        let (ok, said) = verify(dir.path());
        assert!(ok, "round {round}: {said}");
    }
    assert_eq!(index_lines(dir.path()).len(), rounds + 1);
    eprintln!(
        "archive with attachments killed at any moment: {killed} of {rounds} runs killed before they ended (a full run takes {} ms)",
        full.as_millis()
    );
    assert!(killed > 0, "no run was killed: the test tested nothing");
}

/// The official OParl 1.1 schema of `kind`, as a validator.
fn schema(kind: &str) -> jsonschema::Validator {
    let path = root().join(format!("tests/fixtures/oparl-schema/{kind}.json"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid(object: &Value, kind: &str) {
    let errors: Vec<String> = schema(kind)
        .iter_errors(object)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{kind} invalid: {errors:?}\n{object:#}");
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The attachments' Files of `paper`, checked field by field against the archive of `dir`
/// and the official schema; returns their download URLs.
fn check_auxiliary_files(dir: &Path, paper: &Value, base: &str) -> Vec<String> {
    assert_valid(paper, "Paper");
    let files = paper["auxiliaryFile"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{paper:#}");
    let titles = [
        "Kostenplan der Interkulturellen Wochen 2023",
        "Lageplan",
        "Ablauf der Woche",
    ];
    let mut urls = Vec::new();
    for ((file, (rel, source, media)), (nummer, titel)) in files
        .iter()
        .zip(FILED)
        .zip([1, 2, 4].into_iter().zip(titles))
    {
        assert_valid(file, "File");
        let bytes = std::fs::read(dir.join("anlagen").join(source)).unwrap();
        assert_eq!(
            file["id"],
            format!("{base}/file/2023-2023-0031-anlage-{nummer}")
        );
        assert_eq!(file["type"], "https://schema.oparl.org/1.1/File");
        assert_eq!(file["name"], format!("Anlage {nummer}: {titel}"));
        assert_eq!(file["fileName"], rel.trim_start_matches("2023/"));
        assert_eq!(file["mimeType"], media);
        assert_eq!(file["size"], bytes.len());
        assert_eq!(file["sha512Checksum"], sha512(&bytes));
        assert_eq!(file["sachstand:sha256"], sha256(&bytes));
        assert_eq!(file["date"], "2023-02-08");
        assert_eq!(file["paper"], serde_json::json!([paper["id"]]));
        let url = format!("{base}/anlage/{rel}");
        assert_eq!(file["accessUrl"], url);
        assert_eq!(file["downloadUrl"], url);
        urls.push(url);
    }
    urls
}

#[test]
fn the_static_export_lists_and_writes_the_attachments_and_keeps_secrets() {
    let base = "https://ratsinfo.lampertheim.de/oparl";
    let dir = project(base, true);
    // A nichtöffentliche copy with the same attachments must not show any of them.
    let text = std::fs::read_to_string(dir.path().join(ZUSCHUSS)).unwrap();
    let geheim = text.replace("2023/0031", "2023/0099").replacen(
        "[kopf]\n",
        "[kopf]\noeffentlich = false\n",
        1,
    );
    write_released(&dir.path().join("reports/2023-02-geheim.toml"), &geheim);
    let out = archive(dir.path(), &[ZUSCHUSS, "reports/2023-02-geheim.toml"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(
        dir.path()
            .join("archiv/2023/2023-0099.anlage-2.png")
            .is_file()
    );

    let out = run_in(dir.path(), &["oparl", "--ausgabe", "ausgabe"]);
    let stderr = texts(&out).1;
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("3 Anlagen"), "{stderr}");
    let ausgabe = dir.path().join("ausgabe");
    let paper = read_json(&ausgabe.join("paper/2023-0031"));
    let urls = check_auxiliary_files(dir.path(), &paper, base);
    // Each File also under its id and in the Body's list; its bytes beside it.
    for (file, (rel, source, _)) in paper["auxiliaryFile"].as_array().unwrap().iter().zip(FILED) {
        let path = file["id"].as_str().unwrap().strip_prefix(base).unwrap();
        assert_eq!(&read_json(&ausgabe.join(&path[1..])), file);
        let written = std::fs::read(ausgabe.join("anlage").join(rel)).unwrap();
        assert_eq!(
            written,
            std::fs::read(dir.path().join("anlagen").join(source)).unwrap()
        );
    }
    let list = read_json(&ausgabe.join("files"));
    let ids: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["downloadUrl"].as_str().unwrap())
        .collect();
    for url in &urls {
        assert!(ids.contains(&url.as_str()), "{url} not in {ids:?}");
    }
    // Nothing of the nichtöffentliche paper: no object, no link, no file.
    let mut everything = String::new();
    for entry in walk(&ausgabe) {
        if !entry.starts_with(ausgabe.join("anlage")) && !entry.starts_with(ausgabe.join("pdf")) {
            everything.push_str(&std::fs::read_to_string(&entry).unwrap());
        }
        let rel = entry.strip_prefix(&ausgabe).unwrap();
        assert!(!rel.to_string_lossy().contains("0099"), "{}", rel.display());
    }
    assert!(
        !everything.contains("0099"),
        "the nichtöffentliche paper leaked"
    );

    // Without the consent to publish names, no File and no attachment is published.
    let settings = dir.path().join("sachstand.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        text.replace("personen_veroeffentlichen = true\n", ""),
    )
    .unwrap();
    let out = run_in(dir.path(), &["oparl", "--ausgabe", "ausgabe"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(
        texts(&out)
            .1
            .contains("Dateien einer früheren Ausgabe entfernt")
    );
    let paper = read_json(&ausgabe.join("paper/2023-0031"));
    assert!(paper.get("auxiliaryFile").is_none(), "{paper:#}");
    assert!(!ausgabe.join("anlage").join(FILED[0].0).exists());
}

/// Every file below `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// `sachstand oparl --serve` on the project of `project`, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The project of `project` with 2023/0031 archived, served with ids under its own address.
fn served() -> (tempfile::TempDir, Server) {
    for _ in 0..5 {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}/oparl");
        let dir = project(&base, true);
        let out = archive(dir.path(), &[ZUSCHUSS]);
        assert!(out.status.success(), "{}", texts(&out).1);
        let mut child = Command::new(env!("CARGO_BIN_EXE_sachstand"))
            .args(["oparl", "--serve", "--port", &port.to_string()])
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        if line.trim() == format!("{base}/system") {
            return (dir, Server { child, base });
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    panic!("no free port for the server");
}

/// Status, Content-Type, Content-Security-Policy and body of a GET.
fn get(url: &str) -> (u16, String, String, Vec<u8>) {
    let mut response = http_agent().get(url).call().unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (kind, policy) = (header("content-type"), header("content-security-policy"));
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(50_000_000)
        .read_to_vec()
        .unwrap();
    (status, kind, policy, body)
}

fn get_json(url: &str) -> Value {
    let (status, _, _, body) = get(url);
    assert_eq!(status, 200, "{url}: {}", String::from_utf8_lossy(&body));
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn the_server_serves_the_attachments_until_the_paper_is_withdrawn() {
    let (dir, server) = served();
    let paper = get_json(&format!("{}/paper/2023-0031", server.base));
    let urls = check_auxiliary_files(dir.path(), &paper, &server.base);
    for ((url, (_, source, media)), file) in urls
        .iter()
        .zip(FILED)
        .zip(paper["auxiliaryFile"].as_array().unwrap())
    {
        let (status, kind, policy, body) = get(url);
        assert_eq!(status, 200, "{url}");
        assert_eq!(kind, media);
        assert_eq!(
            body,
            std::fs::read(dir.path().join("anlagen").join(source)).unwrap()
        );
        // An SVG may hold scripts: it is served in a sandbox.
        assert_eq!(
            policy.contains("sandbox"),
            media == "image/svg+xml",
            "{policy}"
        );
        assert_eq!(&get_json(file["id"].as_str().unwrap()), file);
    }

    let out = archive(
        dir.path(),
        &[
            "--zurueckziehen",
            "2023/0031",
            "--grund",
            "Fehler im Kostenplan",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    let id = paper["auxiliaryFile"][1]["id"].as_str().unwrap();
    let deleted = loop {
        let now = get_json(id);
        if now["deleted"] == true || std::time::Instant::now() > deadline {
            break now;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(deleted["deleted"], true, "{deleted:#}");
    assert_eq!(deleted["accessUrl"], urls[1]);
    assert!(deleted.get("name").is_none(), "{deleted:#}");
    assert_valid(&deleted, "File");
    for url in &urls {
        let (status, _, _, body) = get(url);
        assert_eq!(status, 410, "{url}");
        let error: Value = serde_json::from_slice(&body).unwrap();
        let message = error["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("zurückgezogen") && message.contains("Anlagen"),
            "{message}"
        );
    }
}

/// The editor's page of `path` on `editor`.
fn editor_page(editor: &Editor, path: &str) -> String {
    let mut response = http_agent()
        .get(format!("{}{path}", editor.base))
        .header("Cookie", editor.cookie())
        .config()
        .http_status_as_error(false)
        .build()
        .call()
        .unwrap();
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap();
    assert_eq!(status, 200, "{path}: {body}");
    body
}

#[test]
fn the_editor_counts_a_changed_attachment_as_a_change_since_the_archived_version() {
    let dir = project("https://ratsinfo.lampertheim.de/oparl", true);
    let out = archive(dir.path(), &[ZUSCHUSS]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let editor = serve_editor(dir.path(), &[]);
    let overview = editor_page(&editor, "/");
    assert!(overview.contains("Version 1 archiviert"), "{overview}");
    std::fs::write(
        dir.path().join("anlagen/ablauf.svg"),
        SVG.replace("</svg>", "<circle cx=\"5\" cy=\"5\" r=\"2\"/></svg>"),
    )
    .unwrap();
    release_file(&dir.path().join(ZUSCHUSS));
    let overview = editor_page(&editor, "/");
    assert!(overview.contains("seit Version 1 geändert"), "{overview}");
    let page = editor_page(&editor, &format!("/archiv/{ZUSCHUSS}"));
    assert!(
        page.contains("als Version 1 archiviert und hat sich seither geändert"),
        "{page}"
    );
}

#[test]
fn a_draft_shows_its_attachments_as_the_endpoint_would() {
    let base = "https://ratsinfo.lampertheim.de/oparl";
    let dir = project(base, true);
    let out = run_in(dir.path(), &["oparl", ZUSCHUSS]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let document: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paper = &document["papers"][0];
    assert_valid(paper, "Paper");
    let files = paper["auxiliaryFile"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{paper:#}");
    for ((file, (rel, source, media)), nummer) in files.iter().zip(FILED).zip([1, 2, 4]) {
        assert_valid(file, "File");
        let bytes = std::fs::read(dir.path().join("anlagen").join(source)).unwrap();
        assert_eq!(
            file["id"],
            format!("{base}/entwurf/file/2023-2023-0031-anlage-{nummer}")
        );
        assert_eq!(file["downloadUrl"], format!("{base}/entwurf/anlage/{rel}"));
        assert_eq!(file["mimeType"], media);
        assert_eq!(file["size"], bytes.len());
        assert_eq!(file["sha512Checksum"], sha512(&bytes));
    }
    // Nothing was archived on the way.
    assert!(!dir.path().join("archiv").exists());
}
