//! Helpers for the end-to-end tests: run the real binary, read PDFs back with poppler.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root (where `reports/` and `templates/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed report, relative to the project root.
pub const SEED: &str = "reports/2022-11-integrationsstrategie.toml";

/// The seed report's text.
pub fn seed_text() -> String {
    std::fs::read_to_string(root().join(SEED)).unwrap()
}

/// Runs `sachstand render REPORT -o PDF` with `extra` arguments.
pub fn render_to(report: impl AsRef<Path>, pdf: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "render",
        report.as_ref().to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    sachstand(&args)
}

/// Renders `report` to `pdf` and asserts success; returns stderr.
pub fn render_ok(report: &Path, pdf: &Path) -> String {
    let out = render_to(report, pdf, &[]);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "render failed:\n{stderr}");
    stderr
}

/// Runs `sachstand` with `args` in `dir` (a project the test made).
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the sachstand binary runs")
}

/// Runs `sachstand` with `args` in the project root.
pub fn sachstand(args: &[&str]) -> Output {
    run_in(&root(), args)
}

/// stdout and stderr as text.
pub fn texts(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs a poppler tool on a PDF and returns its stdout.
pub fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} fehlt ({e}); bitte poppler-utils installieren"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The PDF's text as pdftotext reads it, in content-stream order (`-raw`): the default mode
/// joins a line that ends in a hyphen with the next and drops the hyphen (turning
/// "Integrations- und" at a line end into "Integrationsund"), and `-layout` loses spaces next
/// to narrow glyphs.
pub fn pdf_text(pdf: &Path) -> String {
    poppler("pdftotext", &["-enc", "UTF-8", "-raw"], pdf)
}

/// A field of `pdfinfo`.
pub fn pdf_info(pdf: &Path, field: &str) -> String {
    let info = poppler("pdfinfo", &["-isodates"], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .map(|v| v.trim().to_owned())
        .unwrap_or_default()
}

/// Marks a hyphen at a line end, which may be one that hyphenation inserted.
const BREAK: char = '\u{1}';

/// Text with whitespace removed and line-end hyphens marked as optional.
fn squeeze(text: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if (c == '-' || c == '\u{AD}' || c == '‐') && chars.peek() == Some(&'\n') {
            out.push(BREAK);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

fn matches_at(hay: &[char], needle: &[char]) -> bool {
    match (hay.first(), needle.first()) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(&BREAK), Some(&n)) => {
            (n == '-' && matches_at(&hay[1..], &needle[1..])) || matches_at(&hay[1..], needle)
        }
        (Some(&h), Some(&n)) => h == n && matches_at(&hay[1..], &needle[1..]),
    }
}

/// Whether `text` contains `sentence`, ignoring whitespace and line-break hyphens.
pub fn contains_loosely(text: &str, sentence: &str) -> bool {
    let hay = squeeze(text);
    let needle: Vec<char> = sentence.chars().filter(|c| !c.is_whitespace()).collect();
    (0..hay.len()).any(|i| matches_at(&hay[i..], &needle))
}

/// The non-comment lines of a fixture file.
pub fn fixture_lines(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("tests/fixtures").join(name)).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// Asserts that every line of fixture `name` is in the PDF's text.
pub fn assert_sentences(pdf: &Path, name: &str) {
    let text = pdf_text(pdf);
    let missing: Vec<String> = fixture_lines(name)
        .into_iter()
        .filter(|s| !contains_loosely(&text, s))
        .collect();
    assert!(
        missing.is_empty(),
        "missing from the PDF:\n{}\n--- PDF text ---\n{text}",
        missing.join("\n")
    );
}

#[test]
fn loose_matching_handles_breaks_and_spaces() {
    assert!(contains_loosely(
        "Integrations-\nstrategie",
        "Integrationsstrategie"
    ));
    assert!(contains_loosely(
        "Integrations-\nund Migration",
        "Integrations- und Migration"
    ));
    assert!(contains_loosely("25\u{a0}%", "25%"));
    assert!(!contains_loosely("abc", "abd"));
}

/// One element of a PDF's structure tree: its role (`H1`, `P`, `L` …), its text (the
/// marked content of its own and all descendant elements, joined) and its children.
#[derive(Debug, Clone)]
pub struct Node {
    pub role: String,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    /// Every node of the tree, depth first, with its parent's role.
    pub fn walk(&self) -> Vec<(&str, &Node)> {
        let mut out = Vec::new();
        fn go<'a>(parent: &'a str, node: &'a Node, out: &mut Vec<(&'a str, &'a Node)>) {
            out.push((parent, node));
            for child in &node.children {
                go(&node.role, child, out);
            }
        }
        go("", self, &mut out);
        out
    }

    /// The nodes with this role, depth first.
    pub fn all(&self, role: &str) -> Vec<&Node> {
        self.walk()
            .into_iter()
            .filter(|(_, n)| n.role == role)
            .map(|(_, n)| n)
            .collect()
    }
}

/// The structure tree of a tagged PDF, read by poppler (`pdfinfo -struct-text`), with the text
/// of each element: a screen reader's view of the document.
pub fn struct_tree(pdf: &Path) -> Node {
    let out = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    // (indent, node) for each element line; quoted lines are text of the element above.
    let mut stack: Vec<(usize, Node)> = vec![(
        0,
        Node {
            role: "Root".into(),
            text: String::new(),
            children: vec![],
        },
    )];
    fn close(stack: &mut Vec<(usize, Node)>) {
        let (_, node) = stack.pop().unwrap();
        let parent = &mut stack.last_mut().unwrap().1;
        parent.text.push_str(&node.text);
        parent.children.push(node);
    }
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start();
        if let Some(quoted) = body.strip_prefix('"') {
            let quoted = quoted.strip_suffix('"').unwrap_or(quoted);
            stack.last_mut().unwrap().1.text.push_str(quoted);
            continue;
        }
        let Some(role) = body.split([' ', ':']).next() else {
            continue;
        };
        if body.starts_with('/')
            || role.is_empty()
            || !role.chars().next().unwrap().is_ascii_uppercase()
        {
            continue; // an attribute line
        }
        while stack.len() > 1 && stack.last().unwrap().0 > indent {
            close(&mut stack);
        }
        stack.push((
            indent + 1,
            Node {
                role: role.to_owned(),
                text: String::new(),
                children: vec![],
            },
        ));
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack.pop().unwrap().1
}

/// A running `sachstand serve` (the editor) on `dir`, started with `--port 0`: the port it
/// bound is read from the URL it prints first, so no two tests race for a port. Killed when
/// dropped; its stdout stays open while it runs.
pub struct Editor {
    child: std::process::Child,
    _stdout: std::io::BufReader<std::process::ChildStdout>,
    /// The URL it printed, with the secret (`http://127.0.0.1:PORT/?token=…`).
    pub url: String,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The per-start secret.
    pub token: String,
    /// The port it bound.
    pub port: u16,
}

impl Editor {
    /// The `Cookie` value that carries the secret (`sachstand-PORT=TOKEN`).
    pub fn cookie(&self) -> String {
        format!("sachstand-{}={}", self.port, self.token)
    }

    /// The server's process (to signal it, or to see whether it ended).
    pub fn child(&mut self) -> &mut std::process::Child {
        &mut self.child
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client for the tests: every status is an answer (not an error), redirects are not
/// followed (the tests look at them).
pub fn http_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// Starts the editor on the project `dir` with the environment `env` added.
pub fn serve_editor(dir: &Path, env: &[(&str, &str)]) -> Editor {
    start_editor(dir, &[], env)
}

/// A port on 127.0.0.1 that was free a moment ago (for servers whose address must be known
/// before they start, like an OParl endpoint whose ids name it).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the editor on the project `dir` with more arguments (`--bind 127.0.0.1`).
pub fn serve_editor_with(dir: &Path, args: &[&str]) -> Editor {
    start_editor(dir, args, &[])
}

/// Starts `sachstand serve DIR --port 0` with `args` and `env` and reads its URL.
fn start_editor(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Editor {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .args(["serve", dir.to_str().unwrap(), "--port", "0"])
        .args(args)
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first.trim().to_owned();
    let (base, token) = url
        .split_once("/?token=")
        .unwrap_or_else(|| panic!("no URL with a token: {url:?}"));
    let port = base.rsplit(':').next().unwrap().parse().unwrap();
    Editor {
        base: base.to_owned(),
        token: token.to_owned(),
        port,
        url: url.clone(),
        child,
        _stdout: stdout,
    }
}

/// Releases the report at `path` as it now is (what `sachstand freigabe` writes, without
/// running the checks): for tests that change a paper and then archive it.
pub fn release_file(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let root = sachstand::project::files::root_of_file(path).unwrap();
    let anlagen = sachstand::project::anlage::digests_of_text(path, &text, &root);
    let (text, _) = sachstand::report::freigabe::with_record(
        &text,
        "Schmidt, Bürgermeister",
        "2023-01-02T09:00:00+01:00",
        &anlagen,
    )
    .unwrap();
    std::fs::write(path, text).unwrap();
}

/// A Python with page-validation (PyPI `page-validation`, as `.ci/run` installs it before the
/// tests): `SACHSTAND_PAGE_VALIDATION_PYTHON`, else the venv in `target/page-validation`.
pub fn page_validation_python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("SACHSTAND_PAGE_VALIDATION_PYTHON").map(PathBuf::from),
        Some(root().join("target/page-validation/venv/bin/python")),
    ];
    candidates.into_iter().flatten().find(|python| {
        Command::new(python)
            .args(["-c", "import page"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Asserts that every PDF passes every PDF/A-2a and PDF/UA-1 rule of page-validation. Without
/// the validator the check is skipped with a note, except under CI (`CI` set), where it fails.
pub fn assert_pdf_a_and_ua(pdfs: &[&Path]) {
    let Some(python) = page_validation_python() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "page-validation fehlt: .ci/run installiert es vor den Tests"
        );
        eprintln!("übersprungen: page-validation ist nicht installiert (siehe .ci/run)");
        return;
    };
    let script = r#"
import sys, page
failed = 0
for path in sys.argv[1:]:
    for profile in (page.ValidationProfile.PDF_A_2A, page.ValidationProfile.PDF_UA_1):
        report = page.validate_pdf(path, profile=profile)
        for failure in report.failures:
            print(f"{path} {profile.value} {failure.rule_id}: {failure.message}")
        failed += report.rules.failed
sys.exit(1 if failed else 0)
"#;
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(pdfs)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "page-validation:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A new project in a temporary folder: the example's `sachstand.toml` and an empty `reports/`.
pub fn project_with_settings() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("sachstand.toml"),
        dir.path().join("sachstand.toml"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("reports")).unwrap();
    dir
}
