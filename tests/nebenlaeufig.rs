//! Races against the real binary: several `sachstand` processes at once on one project, many
//! rounds each. Archive runs at once lose no index entry and leave an archive that
//! `archive --verify` accepts; one paper archived twice at once is filed once; `archive` killed
//! with SIGKILL at any moment is completed by the next run; two `new` at once take different
//! Vorlagen-Nr.; an editor save never swallows a change written from outside; "Archivieren" in
//! the editor and `archive` on the command line both land in the index.
//!
//! Each test prints what it measured (failure rates, how often a race was hit) to stderr, seen
//! with `cargo test --release --test nebenlaeufig -- --nocapture`. The tests run one after the
//! other (`alone`), so that each has the machine's cores to itself and its numbers mean
//! something; the delays come from a fixed pseudo-random sequence per round, so a run can be
//! repeated.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Barrier, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use common::{root, run_in, seed_text, texts};

/// Rounds of four `archive` runs at once, each of five different papers.
const PARALLEL_ROUNDS: usize = 30;
const PARALLEL_RUNS: usize = 4;
const PAPERS_PER_RUN: usize = 5;
/// Rounds of one paper archived by two runs at once.
const SAME_PAPER_ROUNDS: usize = 30;
/// Rounds of `archive --jobs 2` killed at a random moment, in one project.
const KILL_ROUNDS: usize = 40;
const PAPERS_PER_KILL_ROUND: usize = 8;
/// Rounds of two `new` at once.
const NEW_ROUNDS: usize = 30;
/// Rounds of an editor save racing a write from outside.
const EDITOR_ROUNDS: usize = 100;
/// The outside write starts up to this long after the editor's request.
const EDITOR_MAX_DELAY: Duration = Duration::from_millis(4);
/// Rounds of "Archivieren" in the editor racing `archive` on the command line.
const EDITOR_ARCHIVE_ROUNDS: usize = 20;
/// One of the two starts up to this long after the other.
const EDITOR_ARCHIVE_MAX_DELAY: Duration = Duration::from_millis(8);
/// The signal `Child::kill` sends.
const SIGKILL: i32 = 9;
/// How many failures a test lists in full.
const SHOWN_FAILURES: usize = 5;

/// Runs the tests of this file one at a time (a failed test must not stop the others).
fn alone() -> MutexGuard<'static, ()> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A small deterministic pseudo-random sequence (xorshift64), seeded from the round.
struct Zufall(u64);

impl Zufall {
    fn new(round: usize) -> Self {
        let mut z = Zufall((round as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        for _ in 0..4 {
            z.next();
        }
        z
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A duration from zero up to `max`, in microseconds.
    fn up_to(&mut self, max: Duration) -> Duration {
        let micros = u64::try_from(max.as_micros()).unwrap_or(u64::MAX);
        Duration::from_micros(self.next() % (micros + 1))
    }

    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
}

/// The failures over the rounds of one test: printed as a rate, then asserted to be none.
struct Tally {
    what: &'static str,
    rounds: usize,
    failures: Vec<(usize, String)>,
}

impl Tally {
    fn new(what: &'static str) -> Self {
        Tally {
            what,
            rounds: 0,
            failures: Vec::new(),
        }
    }

    /// Counts one round; false when it failed.
    fn round(&mut self, round: usize, result: Result<(), String>) -> bool {
        self.rounds += 1;
        match result {
            Ok(()) => true,
            Err(e) => {
                self.failures.push((round, e));
                false
            }
        }
    }

    /// Prints the rate and the first failures, and fails the test if there was any.
    fn finish(self) {
        let failed = self.failures.len();
        eprintln!(
            "{}: {failed} of {} rounds failed ({:.1} %)",
            self.what,
            self.rounds,
            percent(failed, self.rounds)
        );
        for (round, failure) in self.failures.iter().take(SHOWN_FAILURES) {
            eprintln!("  round {round}: {failure}");
        }
        assert!(
            self.failures.is_empty(),
            "{}: {failed} of {} rounds failed; first in round {}: {}",
            self.what,
            self.rounds,
            self.failures[0].0,
            self.failures[0].1
        );
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// A project with the city's settings and schema and an empty `reports/`.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for file in ["sachstand.toml", "sachstand.schema.json"] {
        std::fs::copy(root().join(file), dir.join(file)).unwrap();
    }
    std::fs::create_dir(dir.join("reports")).unwrap();
    tmp
}

/// Writes paper `n` into the project: the seed under its own file name with its own
/// Vorlagen-Nr. (`2022/0001` for 0), so that the archive files it as a paper of its own.
/// Returns its path relative to the project.
fn paper(dir: &Path, n: usize) -> String {
    let rel = format!("reports/papier-{n:04}.toml");
    let seed = seed_text();
    let commented = "# nummer = \"2022/0187\"";
    assert!(seed.contains(commented), "the seed has its nummer line");
    let text = seed.replacen(commented, &format!("nummer = \"2022/{:04}\"", n + 1), 1);
    // Only released papers are filed: each copy is released as it is (issue 24).
    let (text, _) = sachstand::report::freigabe::with_record(
        &text,
        "Schmidt, Bürgermeister",
        "2023-01-02T09:00:00+01:00",
        &[],
    )
    .unwrap();
    std::fs::write(dir.join(&rel), text).unwrap();
    rel
}

/// `sachstand archive` with `extra` arguments, then the papers.
fn archive_args(extra: &[&str], papers: &[String]) -> Vec<String> {
    std::iter::once("archive")
        .chain(extra.iter().copied())
        .map(str::to_owned)
        .chain(papers.iter().cloned())
        .collect()
}

/// Starts `sachstand` with `args` in `dir`, stdout and stderr captured.
fn spawn_in(dir: &Path, args: &[String]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sachstand binary starts")
}

/// Starts every command at once in `dir`; their outputs, in order.
fn at_once(dir: &Path, commands: &[Vec<String>]) -> Vec<Output> {
    let children: Vec<Child> = commands.iter().map(|args| spawn_in(dir, args)).collect();
    children
        .into_iter()
        .map(|child| child.wait_with_output().unwrap())
        .collect()
}

fn run_args(dir: &Path, args: &[String]) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_in(dir, &args)
}

/// Err with stdout and stderr of every run that did not exit 0.
fn all_succeeded(outputs: &[Output]) -> Result<(), String> {
    let failed: Vec<String> = outputs
        .iter()
        .enumerate()
        .filter(|(_, out)| !out.status.success())
        .map(|(i, out)| {
            let (stdout, stderr) = texts(out);
            format!("run {i} exited with {}:\n{stdout}{stderr}", out.status)
        })
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("\n"))
    }
}

/// The entries of `archiv/index.jsonl` (none without one); a line that is not JSON is an error.
fn index_entries(dir: &Path) -> Result<Vec<serde_json::Value>, String> {
    let text = match std::fs::read_to_string(dir.join("archiv/index.jsonl")) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("index unreadable: {e}")),
    };
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line)
                .map_err(|e| format!("index line {} is not JSON ({e}): {line:?}", i + 1))
        })
        .collect()
}

/// The distinct `datei` values of the index entries.
fn dateien(entries: &[serde_json::Value]) -> BTreeSet<String> {
    entries
        .iter()
        .filter_map(|e| e["datei"].as_str().map(str::to_owned))
        .collect()
}

/// Err unless the index holds exactly one entry for each of `papers` and nothing else.
fn one_entry_each(dir: &Path, papers: &[String]) -> Result<(), String> {
    let entries = index_entries(dir)?;
    let wrong: Vec<String> = papers
        .iter()
        .filter_map(|paper| {
            let n = entries
                .iter()
                .filter(|e| e["herkunft"].as_str() == Some(paper.as_str()))
                .count();
            (n != 1).then(|| format!("{paper}: {n} entries"))
        })
        .collect();
    if !wrong.is_empty() || entries.len() != papers.len() {
        return Err(format!(
            "index has {} entries for {} papers; {}",
            entries.len(),
            papers.len(),
            wrong.join(", ")
        ));
    }
    Ok(())
}

/// `sachstand archive --verify` in the project: Err with its findings unless it exits 0.
fn verify(dir: &Path) -> Result<(), String> {
    let out = run_in(dir, &["archive", "--verify"]);
    if out.status.success() {
        Ok(())
    } else {
        let (stdout, stderr) = texts(&out);
        Err(format!(
            "archive --verify exited with {}:\n{stdout}{stderr}",
            out.status
        ))
    }
}

/// The `.sachstand-*.tmp` files anywhere under `archiv/`.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.join("archiv")];
    while let Some(folder) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in read.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                stack.push(path);
            } else if name.starts_with(".sachstand-") && name.ends_with(".tmp") {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn four_archive_runs_at_once_lose_no_entry() {
    let _alone = alone();
    let tmp = project();
    let dir = tmp.path();
    let papers: Vec<String> = (0..PARALLEL_RUNS * PAPERS_PER_RUN)
        .map(|n| paper(dir, n))
        .collect();
    let commands: Vec<Vec<String>> = papers
        .chunks(PAPERS_PER_RUN)
        .map(|chunk| archive_args(&[], chunk))
        .collect();
    let mut tally = Tally::new("four archive runs at once");
    let mut lost = 0;
    for round in 0..PARALLEL_ROUNDS {
        if dir.join("archiv").exists() {
            std::fs::remove_dir_all(dir.join("archiv")).unwrap();
        }
        let outputs = at_once(dir, &commands);
        let entries = index_entries(dir);
        let filed = entries.as_ref().map_or(0, |e| dateien(e).len());
        lost += papers.len().saturating_sub(filed);
        let result = all_succeeded(&outputs)
            .and(entries)
            .and_then(|entries| {
                let distinct = dateien(&entries).len();
                if entries.len() == papers.len() && distinct == papers.len() {
                    Ok(())
                } else {
                    Err(format!(
                        "index has {} lines with {distinct} distinct files, expected {}",
                        entries.len(),
                        papers.len()
                    ))
                }
            })
            .and_then(|()| verify(dir));
        tally.round(round, result);
    }
    let total = PARALLEL_ROUNDS * papers.len();
    eprintln!(
        "four archive runs at once: {lost} of {total} index entries lost ({:.1} %)",
        percent(lost, total)
    );
    tally.finish();
}

#[test]
fn one_paper_archived_twice_at_once_is_filed_once() {
    let _alone = alone();
    let tmp = project();
    let dir = tmp.path();
    let papers = vec![paper(dir, 0)];
    let command = archive_args(&[], &papers);
    let mut tally = Tally::new("one paper archived twice at once");
    for round in 0..SAME_PAPER_ROUNDS {
        if dir.join("archiv").exists() {
            std::fs::remove_dir_all(dir.join("archiv")).unwrap();
        }
        let outputs = at_once(dir, &[command.clone(), command.clone()]);
        let result = all_succeeded(&outputs)
            .and_then(|()| {
                let says = |prefix: &str| {
                    outputs
                        .iter()
                        .filter(|out| texts(out).0.starts_with(prefix))
                        .count()
                };
                match (says("Archiviert:"), says("Bereits archiviert:")) {
                    (1, 1) => Ok(()),
                    (filed, already) => Err(format!(
                        "{filed} runs said \"Archiviert:\", {already} \"Bereits archiviert:\":\n{}",
                        outputs.iter().map(|out| texts(out).0).collect::<String>()
                    )),
                }
            })
            .and_then(|()| one_entry_each(dir, &papers))
            .and_then(|()| verify(dir));
        tally.round(round, result);
    }
    tally.finish();
}

/// After an `archive` run was killed: the same run again succeeds, the archive verifies, the
/// index holds one entry for each of `archived`, and no temporary file is left.
fn completed_after_kill(
    dir: &Path,
    command: &[String],
    papers: usize,
    archived: &[String],
) -> Result<(), String> {
    let again = run_args(dir, command);
    all_succeeded(std::slice::from_ref(&again))?;
    let stdout = texts(&again).0;
    let reported = stdout
        .lines()
        .filter(|l| l.starts_with("Archiviert:") || l.starts_with("Bereits archiviert:"))
        .count();
    if reported != papers {
        return Err(format!(
            "the second run reported {reported} of {papers} papers:\n{stdout}"
        ));
    }
    verify(dir)?;
    one_entry_each(dir, archived)?;
    match temp_files(dir).as_slice() {
        [] => Ok(()),
        left => Err(format!("temporary files left: {left:?}")),
    }
}

#[test]
fn archive_killed_at_any_moment_is_completed_by_the_next_run() {
    let _alone = alone();
    let mut tmp = project();
    let mut numbers = 0..;
    let mut fresh_papers = |dir: &Path| -> Vec<String> {
        (0..PAPERS_PER_KILL_ROUND)
            .map(|_| paper(dir, numbers.next().unwrap()))
            .collect()
    };
    // One full run first: how long it takes bounds the moment of the kill.
    let papers = fresh_papers(tmp.path());
    let command = archive_args(&["--jobs", "2"], &papers);
    let started = Instant::now();
    let out = run_args(tmp.path(), &command);
    let full = started.elapsed();
    all_succeeded(std::slice::from_ref(&out)).unwrap();
    verify(tmp.path()).unwrap();
    eprintln!(
        "archive killed at any moment: a full run of {PAPERS_PER_KILL_ROUND} papers takes {} ms",
        full.as_millis()
    );
    let mut archived = papers;
    let mut tally = Tally::new("archive killed at any moment");
    let mut killed = 0;
    for round in 0..KILL_ROUNDS {
        let mut zufall = Zufall::new(round);
        let papers = fresh_papers(tmp.path());
        let command = archive_args(&["--jobs", "2"], &papers);
        let mut child = spawn_in(tmp.path(), &command);
        std::thread::sleep(zufall.up_to(full));
        let _ = child.kill();
        if child.wait().unwrap().signal() == Some(SIGKILL) {
            killed += 1;
        }
        archived.extend(papers);
        let result = completed_after_kill(tmp.path(), &command, PAPERS_PER_KILL_ROUND, &archived);
        if !tally.round(round, result) {
            // Go on in a fresh project, so that each round counts on its own.
            tmp = project();
            archived.clear();
        }
    }
    eprintln!(
        "archive killed at any moment: {killed} of {KILL_ROUNDS} runs were killed before they ended"
    );
    tally.finish();
}

/// The Vorlagen-Nr. of the report at `path`.
fn nummer_of(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| format!("{} is no TOML: {e}", path.display()))?;
    table
        .get("kopf")
        .and_then(|k| k.get("nummer"))
        .and_then(|n| n.as_str())
        .map(str::to_owned)
        .ok_or_else(|| format!("{} has no kopf.nummer:\n{text}", path.display()))
}

/// Two `new` at once, `with_schema` in a project that has its JSON Schema already (else the
/// first `new` writes it): both succeed, with different Vorlagen-Nr.
fn two_news_at_once(what: &'static str, with_schema: bool) {
    let _alone = alone();
    let mut tally = Tally::new(what);
    let new = |target: &str| -> Vec<String> {
        [
            "new",
            "--vorlage",
            "beschlussvorlage",
            "--datum",
            "2023-03-01",
            "-o",
            target,
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let (a, b) = ("reports/a.toml", "reports/b.toml");
    for round in 0..NEW_ROUNDS {
        let tmp = project();
        let dir = tmp.path();
        if !with_schema {
            std::fs::remove_file(dir.join("sachstand.schema.json")).unwrap();
        }
        let outputs = at_once(dir, &[new(a), new(b)]);
        let result = all_succeeded(&outputs).and_then(|()| {
            let (na, nb) = (nummer_of(&dir.join(a))?, nummer_of(&dir.join(b))?);
            if na == nb {
                Err(format!("both new reports have Vorlagen-Nr. {na}"))
            } else {
                Ok(())
            }
        });
        tally.round(round, result);
    }
    tally.finish();
}

#[test]
fn two_news_at_once_take_different_numbers() {
    two_news_at_once("two new at once", true);
}

#[test]
fn two_news_at_once_in_a_project_without_schema_both_succeed() {
    two_news_at_once("two new at once, no schema yet", false);
}

/// A running `sachstand serve` on a project (`common::serve_editor`, `--port 0`).
struct Server {
    /// Killed when dropped.
    editor: common::Editor,
    dir: tempfile::TempDir,
    base: String,
    agent: ureq::Agent,
}

/// Serves `project` once it printed its address.
fn serve(project: tempfile::TempDir) -> Server {
    let editor = common::serve_editor(project.path(), &[]);
    let agent = common::http_agent();
    Server {
        base: editor.base.clone(),
        editor,
        dir: project,
        agent,
    }
}

impl Server {
    fn cookie(&self) -> String {
        self.editor.cookie()
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The hash the editor page carries for `rel`.
    fn hash(&self, rel: &str) -> String {
        let mut r = self
            .agent
            .get(format!("{}/bericht/{rel}", self.base))
            .header("Cookie", self.cookie())
            .call()
            .unwrap();
        let page = r.body_mut().read_to_string().unwrap();
        let at = page
            .find("data-hash=\"")
            .expect("the editor page has the hash")
            + "data-hash=\"".len();
        page[at..at + 64].to_owned()
    }

    /// A field saved as the editor page saves it: status and body.
    fn save_field(&self, rel: &str, hash: &str, name: &str, value: &str) -> (u16, String) {
        let json = serde_json::json!({"hash": hash, "name": name, "value": value});
        let mut r = self
            .agent
            .post(format!("{}/feld/{rel}", self.base))
            .header("Content-Type", "application/json")
            .header("Origin", &self.base)
            .header("Cookie", self.cookie())
            .send(json.to_string())
            .unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    }

    /// "Endgültig archivieren" on the confirmation page of `rel` that showed `hash`.
    fn archive(&self, rel: &str, hash: &str) -> (u16, String) {
        let mut r = self
            .agent
            .post(format!("{}/archiv/{rel}", self.base))
            .header("Origin", &self.base)
            .header("Cookie", self.cookie())
            .send_form([("hash", hash), ("grund", "")])
            .unwrap();
        let status = r.status().as_u16();
        (
            status,
            r.body_mut()
                .read_to_string()
                .unwrap()
                .replace("&#x2f;", "/"),
        )
    }
}

/// `text` with the line that starts with `key = ` set to `key = "value"`.
fn with_line(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key} = ");
    let old = text
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no line {prefix}… in\n{text}"));
    text.replacen(old, &format!("{key} = \"{value}\""), 1)
}

/// Sets `key = "value"` in the file at `path` as another program would: reads the file as it
/// is now, then writes it in place or as a new file renamed over it.
fn write_from_outside(path: &Path, key: &str, value: &str, in_place: bool) {
    let text = with_line(&std::fs::read_to_string(path).unwrap(), key, value);
    if in_place {
        std::fs::write(path, text).unwrap();
    } else {
        let temp = path.with_extension("aussen");
        std::fs::write(&temp, text).unwrap();
        std::fs::rename(&temp, path).unwrap();
    }
}

/// Each round saves `kopf.bearbeitung` in the editor while another program sets `person` in the
/// same file (alternately in place and by rename). The outside change must always be in the
/// file afterwards: the server may refuse (409) or save, never write over it. A saved change
/// that the outside program wrote over (it read the file before the save) is only counted.
#[test]
fn an_editor_save_never_loses_a_change_written_from_outside() {
    let _alone = alone();
    let tmp = project();
    let rel = paper(tmp.path(), 0);
    let s = serve(tmp);
    let path = s.file(&rel);
    let mut tally = Tally::new("editor save racing an outside write");
    let (mut saved, mut refused, mut editor_missing) = (0, 0, 0);
    for round in 0..EDITOR_ROUNDS {
        let mut zufall = Zufall::new(round);
        let hash = s.hash(&rel);
        let outside_value = format!("Außen {round}");
        let editor_value = format!("Editor {round}");
        let delay = zufall.up_to(EDITOR_MAX_DELAY);
        let in_place = round % 2 == 0;
        let start = Barrier::new(2);
        let (status, body) = std::thread::scope(|scope| {
            scope.spawn(|| {
                start.wait();
                std::thread::sleep(delay);
                write_from_outside(&path, "person", &outside_value, in_place);
            });
            start.wait();
            s.save_field(&rel, &hash, "kopf.bearbeitung", &editor_value)
        });
        let after = std::fs::read_to_string(&path).unwrap();
        let has_outside = after.contains(&format!("person = \"{outside_value}\""));
        let has_editor = after.contains(&format!("bearbeitung = \"{editor_value}\""));
        let how = if in_place { "in place" } else { "by rename" };
        let result = match status {
            _ if !has_outside => Err(format!(
                "the outside change ({how}, after {} µs) is lost; the server answered {status}",
                delay.as_micros()
            )),
            200 => {
                saved += 1;
                if !has_editor {
                    editor_missing += 1;
                }
                Ok(())
            }
            409 => {
                refused += 1;
                Ok(())
            }
            _ => Err(format!("the server answered {status}: {body}")),
        };
        tally.round(round, result);
    }
    eprintln!(
        "editor save racing an outside write: {saved} saved (200), {refused} refused (409); \
         {editor_missing} of the {saved} saved changes are gone from the file ({:.1} %): \
         the outside program read the file before the save and wrote it after",
        percent(editor_missing, saved)
    );
    tally.finish();
}

#[test]
fn archiving_in_the_editor_and_on_the_command_line_at_once_files_both() {
    let _alone = alone();
    let mut tally = Tally::new("editor and command line archiving at once");
    for round in 0..EDITOR_ARCHIVE_ROUNDS {
        let mut zufall = Zufall::new(round);
        let tmp = project();
        let in_editor = paper(tmp.path(), 0);
        let on_command_line = paper(tmp.path(), 1);
        let s = serve(tmp);
        let hash = s.hash(&in_editor);
        let delay = zufall.up_to(EDITOR_ARCHIVE_MAX_DELAY);
        let editor_first = zufall.coin();
        let command = archive_args(&[], std::slice::from_ref(&on_command_line));
        let ((status, body), cli) = if editor_first {
            std::thread::scope(|scope| {
                let editor = scope.spawn(|| s.archive(&in_editor, &hash));
                std::thread::sleep(delay);
                let cli = spawn_in(s.dir.path(), &command).wait_with_output().unwrap();
                (editor.join().unwrap(), cli)
            })
        } else {
            let cli = spawn_in(s.dir.path(), &command);
            std::thread::sleep(delay);
            let editor = s.archive(&in_editor, &hash);
            (editor, cli.wait_with_output().unwrap())
        };
        let result = all_succeeded(std::slice::from_ref(&cli))
            .and_then(|()| {
                if status == 200 && body.contains("im Archiv abgelegt") {
                    Ok(())
                } else {
                    Err(format!("the editor answered {status}:\n{body}"))
                }
            })
            .and_then(|()| {
                one_entry_each(s.dir.path(), &[in_editor.clone(), on_command_line.clone()])
            })
            .and_then(|()| verify(s.dir.path()));
        tally.round(round, result);
    }
    tally.finish();
}
