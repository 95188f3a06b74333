//! The archive: PDF/A-2a + PDF/UA-1 files with checksums in an index, never overwritten,
//! new versions only with a reason, and `--verify` catching every change.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn project(dir: &Path) {
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    // With the consent to publish the names in the PDFs: the OParl copy then holds the Files.
    let basis = "basis_url = \"https://ratsinfo.lampertheim.de/oparl\"\n";
    let settings = std::fs::read_to_string(root().join("sachstand.toml")).unwrap();
    assert!(settings.contains(basis));
    let settings = settings.replace(basis, &format!("{basis}personen_veroeffentlichen = true\n"));
    std::fs::write(dir.join("sachstand.toml"), settings).unwrap();
    for name in [
        "2022-11-integrationsstrategie.toml",
        "2023-02-zuschuss-interkulturelle-wochen.toml",
    ] {
        std::fs::copy(
            root().join("reports").join(name),
            dir.join("reports").join(name),
        )
        .unwrap();
    }
}

fn sha256sum(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The File of the archived PDF `datei` in a fresh static OParl copy in `dir/folder`, checked
/// to be the same object in the list of Files and at its own id.
fn oparl_file(dir: &Path, folder: &str, datei: &str) -> serde_json::Value {
    if !dir.join(folder).exists() {
        let out = run_in(dir, &["oparl", "--ausgabe", folder]);
        assert!(out.status.success(), "{}", texts(&out).1);
    }
    let files = read_json(&dir.join(folder).join("files"));
    let file = files["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["accessUrl"].as_str().unwrap().ends_with(datei))
        .unwrap_or_else(|| panic!("no File for {datei}: {files:#}"))
        .clone();
    let id = file["id"].as_str().unwrap();
    let path = id
        .strip_prefix("https://ratsinfo.lampertheim.de/oparl/")
        .unwrap();
    assert_eq!(read_json(&dir.join(folder).join(path)), file);
    file
}

fn index(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("archiv/index.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn archive_files_versions_and_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let seed = "reports/2022-11-integrationsstrategie.toml";
    let beschluss = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";

    let out = run_in(dir, &["archive", seed, beschluss]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("archiv/2022/2022-11-integrationsstrategie.pdf (Version 1)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("archiv/2023/2023-0031.pdf (Version 1)"),
        "{stdout}"
    );

    let entries = index(dir);
    assert_eq!(entries.len(), 2);
    let e = &entries[1];
    assert_eq!(e["vorlagen_nr"], "2023/0031");
    assert_eq!(
        e["betreff"],
        "Interkulturelle Wochen 2023: Zuschüsse für Veranstaltungen freier Träger"
    );
    assert_eq!(e["datum"], "2023-02-08");
    assert_eq!(
        e["beratungsfolge"][2]["gremium"],
        "Stadtverordnetenversammlung"
    );
    assert_eq!(e["beratungsfolge"][2]["termin"], "2023-03-10");
    assert_eq!(e["standard"], serde_json::json!(["a-2a", "ua-1"]));
    assert!(e["werkzeug"].as_str().unwrap().starts_with("sachstand "));
    let pdf = dir.join("archiv").join(e["datei"].as_str().unwrap());
    assert_eq!(e["sha256_datei"], sha256sum(&pdf));
    assert_eq!(e["sha256_quelle"], sha256sum(&dir.join(beschluss)));
    let xmp = poppler("pdfinfo", &["-meta"], &pdf);
    assert!(
        xmp.contains("<pdfaid:part>2</pdfaid:part>")
            && xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "{xmp}"
    );

    // OParl comes from one place, the endpoint: its static copy describes the archived
    // files, and a File is the same object wherever it appears.
    assert!(!dir.join("archiv/oparl.json").exists());
    let file = oparl_file(dir, "oparl1", "2023/2023-0031.pdf");
    assert_eq!(file["fileName"], "2023-0031.pdf");
    assert_eq!(file["size"], std::fs::metadata(&pdf).unwrap().len());
    let sha512 = Command::new("sha512sum").arg(&pdf).output().unwrap();
    assert_eq!(
        file["sha512Checksum"],
        String::from_utf8(sha512.stdout)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
    );
    let paper = read_json(&dir.join("oparl1/paper/2023-0031"));
    assert_eq!(paper["mainFile"], file);
    let seed_file = oparl_file(dir, "oparl1", "2022/2022-11-integrationsstrategie.pdf");

    // Unchanged: already archived, nothing written.
    let before = std::fs::read(dir.join("archiv/index.jsonl")).unwrap();
    let out = run_in(dir, &["archive", seed]);
    assert!(out.status.success());
    assert!(
        texts(&out).0.contains("Bereits archiviert"),
        "{}",
        texts(&out).0
    );
    assert_eq!(
        std::fs::read(dir.join("archiv/index.jsonl")).unwrap(),
        before
    );

    // Changed: a new version needs a reason; the first version stays as it was.
    let text = std::fs::read_to_string(dir.join(seed)).unwrap();
    std::fs::write(
        dir.join(seed),
        text.replace("stellenanteil = 25", "stellenanteil = 30"),
    )
    .unwrap();
    // A changed paper is a draft again: it is released before it is filed (issue 24).
    let out = run_in(
        dir,
        &["freigabe", seed, "--durch", "Schmidt, Bürgermeister"],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let first = std::fs::read(dir.join("archiv/2022/2022-11-integrationsstrategie.pdf")).unwrap();
    let out = run_in(dir, &["archive", seed]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        texts(&out)
            .1
            .contains("eine neue Version braucht einen Grund"),
        "{}",
        texts(&out).1
    );
    // An oparl.json an older version wrote stays untouched, with a hint where OParl comes
    // from now.
    std::fs::write(dir.join("archiv/oparl.json"), b"{}\n").unwrap();
    let out = run_in(
        dir,
        &["archive", seed, "--grund", "Stellenanteil korrigiert"],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(
        texts(&out)
            .1
            .contains("oparl.json wird nicht mehr fortgeschrieben")
            && texts(&out).1.contains("sachstand oparl --ausgabe"),
        "{}",
        texts(&out).1
    );
    assert_eq!(
        std::fs::read(dir.join("archiv/oparl.json")).unwrap(),
        b"{}\n"
    );
    assert!(
        texts(&out)
            .0
            .contains("2022-11-integrationsstrategie-v2.pdf (Version 2)")
    );
    assert_eq!(
        std::fs::read(dir.join("archiv/2022/2022-11-integrationsstrategie.pdf")).unwrap(),
        first
    );
    let entries = index(dir);
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[2]["version"], 2);
    assert_eq!(entries[2]["grund"], "Stellenanteil korrigiert");
    // The first version's File keeps its id and content beside the new one.
    assert_eq!(
        oparl_file(dir, "oparl2", "2022/2022-11-integrationsstrategie.pdf"),
        seed_file
    );
    let v2 = oparl_file(dir, "oparl2", "2022/2022-11-integrationsstrategie-v2.pdf");
    assert_ne!(v2["id"], seed_file["id"]);

    let out = run_in(dir, &["archive", "--verify"]);
    assert!(out.status.success(), "{}", texts(&out).0);
    assert!(
        texts(&out)
            .0
            .contains("Archiv in Ordnung: 6 Dateien geprüft")
    );

    // Tampering is caught: one changed byte, a missing file, a file nobody indexed.
    let mut bytes = std::fs::read(&pdf).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&pdf, bytes).unwrap();
    std::fs::remove_file(dir.join("archiv/2022/2022-11-integrationsstrategie.toml")).unwrap();
    std::fs::write(dir.join("archiv/2022/untergeschoben.pdf"), b"%PDF").unwrap();
    let out = run_in(dir, &["archive", "--verify"]);
    let (stdout, _) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("verändert: ") && stdout.contains("2023-0031.pdf"),
        "{stdout}"
    );
    assert!(
        stdout.contains("fehlt: ") && stdout.contains("2022-11-integrationsstrategie.toml"),
        "{stdout}"
    );
    assert!(
        stdout.contains("nicht im Index: ") && stdout.contains("untergeschoben.pdf"),
        "{stdout}"
    );
    assert!(stdout.contains("3 Befunde"), "{stdout}");
}

#[test]
fn a_report_with_errors_is_not_archived() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let seed = "reports/2022-11-integrationsstrategie.toml";
    let text = std::fs::read_to_string(dir.join(seed)).unwrap();
    std::fs::write(
        dir.join(seed),
        text.replace("stellenanteil = 25", "stellenanteil = 0"),
    )
    .unwrap();
    let out = run_in(dir, &["archive", seed]);
    assert_eq!(out.status.code(), Some(1));
    assert!(texts(&out).1.contains("Nicht archiviert"));
    assert!(!dir.join("archiv/index.jsonl").exists());
}

/// Every file below `dir`, relative, sorted.
fn files_below(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_run_that_died_before_its_index_line_is_taken_up_by_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let seed = "reports/2022-11-integrationsstrategie.toml";
    let out = run_in(dir, &["archive", seed]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let pdf = dir.join("archiv/2022/2022-11-integrationsstrategie.pdf");
    let sum = sha256sum(&pdf);
    // What a run killed after its renames and before its index line leaves behind, plus a
    // temporary file of a write it never finished.
    std::fs::remove_file(dir.join("archiv/index.jsonl")).unwrap();
    std::fs::write(
        dir.join("archiv/2022/.sachstand-Xy12ab.tmp"),
        b"%PDF-1.7 halb",
    )
    .unwrap();

    let out = run_in(dir, &["archive", "--verify"]);
    let (stdout, _) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("- nicht im Index: archiv/2022/2022-11-integrationsstrategie.pdf"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "- temporäre Datei eines abgebrochenen Laufs: archiv/2022/.sachstand-Xy12ab.tmp"
        ),
        "{stdout}"
    );
    // Each kind of finding names the command that mends it.
    assert!(
        stdout.contains("`sachstand archive BERICHT.toml` übernimmt sie"),
        "{stdout}"
    );
    assert!(
        stdout.contains("`sachstand archive --aufraeumen`"),
        "{stdout}"
    );

    // The same report again: adopted (same bytes), not "existiert bereits"; temp file gone.
    let out = run_in(dir, &["archive", seed]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("Archiviert: "), "{stdout}");
    assert!(stderr.contains("wird übernommen"), "{stderr}");
    assert!(stderr.contains("1 temporäre Datei"), "{stderr}");
    assert_eq!(sha256sum(&pdf), sum);
    let entries = index(dir);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["sha256_datei"], sum);
    let out = run_in(dir, &["archive", "--verify"]);
    assert!(out.status.success(), "{}", texts(&out).0);
    assert!(!files_below(dir).iter().any(|f| f.ends_with(".tmp")));
}

#[test]
fn a_stray_file_in_the_way_is_set_aside_never_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let seed = "reports/2022-11-integrationsstrategie.toml";
    std::fs::create_dir_all(dir.join("archiv/2022")).unwrap();
    std::fs::write(
        dir.join("archiv/2022/2022-11-integrationsstrategie.pdf"),
        b"eine alte Fassung",
    )
    .unwrap();
    std::fs::write(dir.join("archiv/2022/notiz.txt"), b"von Hand abgelegt").unwrap();

    let out = run_in(dir, &["archive", seed]);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr
            .contains("liegt jetzt unter archiv/fundsachen/2022/2022-11-integrationsstrategie.pdf"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(dir.join("archiv/fundsachen/2022/2022-11-integrationsstrategie.pdf"))
            .unwrap(),
        b"eine alte Fassung"
    );
    // The note by hand is not in the way: it stays and `--verify` names it.
    let out = run_in(dir, &["archive", "--verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        texts(&out)
            .0
            .contains("nicht im Index: archiv/2022/notiz.txt")
    );

    let out = run_in(dir, &["archive", "--aufraeumen"]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("Abgelegt: archiv/2022/notiz.txt → archiv/fundsachen/2022/notiz.txt"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read(dir.join("archiv/fundsachen/2022/notiz.txt")).unwrap(),
        b"von Hand abgelegt"
    );
    let out = run_in(dir, &["archive", "--verify"]);
    let (stdout, _) = texts(&out);
    assert!(out.status.success(), "{stdout}");
    // Two filed files and two Fundsachen, each with its checksum in the index.
    assert!(stdout.contains("4 Dateien geprüft"), "{stdout}");
    let lines = index(dir);
    let found: Vec<&str> = lines
        .iter()
        .filter_map(|l| l["fundsache"].as_str())
        .collect();
    assert_eq!(
        found,
        [
            "fundsachen/2022/2022-11-integrationsstrategie.pdf",
            "fundsachen/2022/notiz.txt"
        ]
    );
}

#[test]
fn a_torn_last_index_line_is_skipped_and_cut_off() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let seed = "reports/2022-11-integrationsstrategie.toml";
    let beschluss = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";
    assert!(run_in(dir, &["archive", seed]).status.success());
    let index_path = dir.join("archiv/index.jsonl");
    let mut text = std::fs::read_to_string(&index_path).unwrap();
    text.push_str("{\"basis\":\"2023-0031\",\"vers");
    std::fs::write(&index_path, &text).unwrap();

    let out = run_in(dir, &["archive", "--verify"]);
    let (stdout, _) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("unvollständig: die letzte Zeile"),
        "{stdout}"
    );

    let out = run_in(dir, &["archive", beschluss]);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("ist unvollständig"), "{stderr}");
    assert_eq!(index(dir).len(), 2);
    assert!(run_in(dir, &["archive", "--verify"]).status.success());
}

#[test]
fn one_unreadable_report_is_named_and_the_others_are_archived() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    #[cfg(unix)]
    std::os::unix::fs::symlink("kreis.toml", dir.join("reports/kreis.toml")).unwrap();
    let out = run_in(
        dir,
        &[
            "archive",
            "reports/2022-11-integrationsstrategie.toml",
            "reports/kreis.toml",
            "reports/2023-02-zuschuss-interkulturelle-wochen.toml",
        ],
    );
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("zeigt im Kreis"), "{stderr}");
    assert!(
        stderr.contains("1 von 3 Berichten übersprungen: reports/kreis.toml"),
        "{stderr}"
    );
    assert_eq!(stdout.matches("Archiviert: ").count(), 2, "{stdout}");
    assert_eq!(index(dir).len(), 2);
}

#[test]
fn verify_into_a_closed_pipe_ends_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    std::fs::create_dir_all(dir.join("archiv/2022")).unwrap();
    for i in 0..2000 {
        std::fs::write(dir.join(format!("archiv/2022/lose-{i}.pdf")), b"x").unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .args(["archive", "--verify"])
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader reads nothing and goes away, as `| head -0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(141), "{stderr}");
}

#[test]
fn tidying_a_folder_that_is_no_archive_is_refused_and_moves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let before = files_below(&dir.join("reports"));
    let out = run_in(dir, &["archive", "--aufraeumen", "--archiv", "reports"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("kein Archiv gefunden"), "{stderr}");
    assert_eq!(files_below(&dir.join("reports")), before);
    assert!(!dir.join("reports/fundsachen").exists());
}
