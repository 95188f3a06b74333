//! `sachstand ergebnis` and `archive --zurueckziehen` as many real processes at once on one
//! archive, over many rounds, each process killed with SIGKILL at a random moment (issue 24,
//! point 5). After every round the journal must be whole: every line ends in `\n` and parses,
//! no Beratung has two results, no paper two withdrawals, no result follows its paper's
//! withdrawal, every process that said "done" (exit 0) has its line, every other one was killed
//! or refused in German for a reason of the journal (result already there, paper withdrawn);
//! and `archive --verify` passes.
//!
//! What it measured is printed to stderr (`cargo test --release --test ergebnis_nebenlaeufig
//! -- --nocapture`). The kill moments come from a fixed pseudo-random sequence per round, so a
//! run can be repeated.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{release_file, root, run_in, texts};

/// Rounds of every process at once, each killed at a random moment.
const ROUNDS: usize = 200;
/// Archived papers, each with the three Beratungen of 2023/0031.
const PAPERS: usize = 4;
/// The Beratungen of each paper: register key and date.
const BERATUNGEN: [(&str, &str, &str); 3] = [
    ("magistrat", "Magistrat der Stadt Lampertheim", "20.02.2023"),
    (
        "sbk",
        "Sozial-, Bildungs- und Kulturausschuss",
        "23.02.2023",
    ),
    ("stvv", "Stadtverordnetenversammlung", "10.03.2023"),
];
/// Two processes race for each Beratung with these results.
const RIVALS: [&str; 2] = ["abgelehnt", "vertagt"];
/// The signal `Child::kill` sends.
const SIGKILL: i32 = 9;

const ZUSCHUSS: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";

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

    fn up_to(&mut self, max: Duration) -> Duration {
        let micros = u64::try_from(max.as_micros()).unwrap_or(u64::MAX);
        Duration::from_micros(self.next() % (micros + 1))
    }
}

fn nummer(i: usize) -> String {
    format!("2023/{:04}", 101 + i)
}

/// The example project with `PAPERS` released copies of 2023/0031 archived.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::copy(root().join("sachstand.toml"), p.join("sachstand.toml")).unwrap();
    std::fs::create_dir_all(p.join("reports")).unwrap();
    let text = std::fs::read_to_string(root().join(ZUSCHUSS)).unwrap();
    let mut args = vec!["archive".to_owned()];
    for i in 0..PAPERS {
        let rel = format!("reports/papier-{i}.toml");
        let copy = text.replacen(
            "nummer = \"2023/0031\"",
            &format!("nummer = \"{}\"", nummer(i)),
            1,
        );
        std::fs::write(p.join(&rel), copy).unwrap();
        release_file(&p.join(&rel));
        args.push(rel);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run_in(p, &args);
    assert!(out.status.success(), "{}", texts(&out).1);
    dir
}

/// What one process was asked to do.
#[derive(Debug, Clone)]
enum Job {
    /// A result for paper, Beratung, with this wording.
    Ergebnis(usize, usize, &'static str),
    /// A withdrawal of paper.
    Rueckzug(usize),
}

impl Job {
    fn args(&self) -> Vec<String> {
        match self {
            Job::Ergebnis(paper, b, result) => vec![
                "ergebnis".into(),
                nummer(*paper),
                "--gremium".into(),
                BERATUNGEN[*b].0.into(),
                "--termin".into(),
                BERATUNGEN[*b].2.into(),
                (*result).into(),
            ],
            Job::Rueckzug(paper) => vec![
                "archive".into(),
                "--zurueckziehen".into(),
                nummer(*paper),
                "--grund".into(),
                "Test".into(),
            ],
        }
    }

    /// The German refusals that may legitimately end this job: the journal decided against it.
    fn refused_for_a_reason(&self, stderr: &str) -> bool {
        match self {
            Job::Ergebnis(..) => {
                stderr.contains("schon ein Ergebnis festgehalten")
                    || stderr.contains("kein Beratungsergebnis festgehalten")
            }
            Job::Rueckzug(_) => stderr.contains("schon am"),
        }
    }
}

/// Every job of a round: two rivals per Beratung of every paper, a withdrawal of two papers.
fn jobs(round: usize) -> Vec<Job> {
    let mut jobs = Vec::new();
    for paper in 0..PAPERS {
        for b in 0..BERATUNGEN.len() {
            for result in RIVALS {
                jobs.push(Job::Ergebnis(paper, b, result));
            }
        }
    }
    // Two papers withdrawn, a different pair each round; one of them twice.
    let first = round % PAPERS;
    let second = (round + 1) % PAPERS;
    jobs.extend([
        Job::Rueckzug(first),
        Job::Rueckzug(second),
        Job::Rueckzug(first),
    ]);
    jobs
}

fn spawn(dir: &Path, job: &Job) -> Child {
    Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .args(job.args())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sachstand binary starts")
}

/// How a round's processes ended.
#[derive(Debug, Default)]
struct Counts {
    done: usize,
    refused: usize,
    killed: usize,
    /// Lines in the journal whose writer did not live to say so (killed after its append).
    written_by_killed: usize,
}

/// Runs every job at once; each is killed at its own moment from `kills` (`None`: never).
fn run_round(dir: &Path, jobs: &[Job], kills: &[Option<Duration>]) -> Vec<Output> {
    let started = Instant::now();
    let mut children: Vec<Child> = jobs.iter().map(|job| spawn(dir, job)).collect();
    let mut order: Vec<(Duration, usize)> = kills
        .iter()
        .enumerate()
        .filter_map(|(i, k)| k.map(|k| (k, i)))
        .collect();
    order.sort();
    for (at, i) in order {
        if let Some(wait) = at.checked_sub(started.elapsed()) {
            std::thread::sleep(wait);
        }
        let _ = children[i].kill();
    }
    children
        .into_iter()
        .map(|child| child.wait_with_output().unwrap())
        .collect()
}

/// The journal after a round, checked: whole lines that parse, at most one result per
/// Beratung, one withdrawal per paper, no result after its paper's withdrawal; then every
/// job's ending against it.
fn check(dir: &Path, jobs: &[Job], outputs: &[Output], counts: &mut Counts) -> Result<(), String> {
    let text =
        std::fs::read_to_string(dir.join("archiv/index.jsonl")).map_err(|e| e.to_string())?;
    if !text.ends_with('\n') {
        return Err(format!(
            "torn last line: {:?}",
            text.lines().last().unwrap_or("")
        ));
    }
    let mut results: BTreeMap<(String, String, String), String> = BTreeMap::new();
    let mut withdrawn: BTreeMap<String, usize> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let value: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| format!("line {} does not parse ({e}): {line:?}", n + 1))?;
        if let Some(paper) = value["zurueckgezogen"].as_str() {
            *withdrawn.entry(paper.to_owned()).or_default() += 1;
        }
        if let Some(paper) = value["ergebnis_zu"].as_str() {
            if withdrawn.contains_key(paper) {
                return Err(format!("a result after the withdrawal of {paper}: {line}"));
            }
            let key = (
                paper.to_owned(),
                value["gremium"].as_str().unwrap_or("").to_owned(),
                value["termin"].as_str().unwrap_or("").to_owned(),
            );
            let result = value["ergebnis"].as_str().unwrap_or("").to_owned();
            if let Some(before) = results.insert(key.clone(), result) {
                return Err(format!("two results for {key:?} (first {before}): {line}"));
            }
        }
    }
    if let Some((paper, n)) = withdrawn.iter().find(|(_, n)| **n > 1) {
        return Err(format!("{paper} withdrawn {n} times"));
    }
    let mut said_done = 0;
    for (job, out) in jobs.iter().zip(outputs) {
        let (stdout, stderr) = texts(out);
        if out.status.signal() == Some(SIGKILL) {
            counts.killed += 1;
            continue;
        }
        if out.status.success() {
            counts.done += 1;
            said_done += 1;
            let recorded = match job {
                Job::Ergebnis(paper, b, result) => {
                    let termin = BERATUNGEN[*b]
                        .2
                        .split('.')
                        .rev()
                        .collect::<Vec<_>>()
                        .join("-");
                    let key = (nummer(*paper), BERATUNGEN[*b].1.to_owned(), termin);
                    results.get(&key).map(String::as_str) == Some(*result)
                }
                Job::Rueckzug(paper) => withdrawn.contains_key(&nummer(*paper)),
            };
            if !recorded {
                return Err(format!("{job:?} said done, the journal lacks it: {stdout}"));
            }
        } else if out.status.code() == Some(2) && job.refused_for_a_reason(&stderr) {
            counts.refused += 1;
        } else {
            return Err(format!(
                "{job:?} ended with {}: {stdout}{stderr}",
                out.status
            ));
        }
    }
    counts.written_by_killed += results.len() + withdrawn.len() - said_done;
    let out = run_in(dir, &["archive", "--verify"]);
    if !out.status.success() {
        let (stdout, stderr) = texts(&out);
        return Err(format!("archive --verify failed: {stdout}{stderr}"));
    }
    Ok(())
}

#[test]
fn results_and_withdrawals_killed_at_any_moment_leave_a_whole_journal() {
    let dir = project();
    let p = dir.path();
    let index = p.join("archiv/index.jsonl");
    let fresh = std::fs::read(&index).unwrap();
    // A round without kills: it must pass too, and its length bounds the kill moments.
    let jobs0 = jobs(0);
    let started = Instant::now();
    let outputs = run_round(p, &jobs0, &vec![None; jobs0.len()]);
    let full = started.elapsed();
    let mut counts = Counts::default();
    check(p, &jobs0, &outputs, &mut counts).unwrap();
    assert_eq!(counts.killed, 0);
    eprintln!(
        "ergebnis/zurückziehen at once: {} processes take {} ms without kills",
        jobs0.len(),
        full.as_millis()
    );

    let mut failures: Vec<(usize, String)> = Vec::new();
    let mut total = Counts::default();
    let mut processes = 0;
    for round in 0..ROUNDS {
        // Every round starts from the archive as filed (the PDFs stay, the journal is reset).
        std::fs::write(&index, &fresh).unwrap();
        let mut zufall = Zufall::new(round);
        let jobs = jobs(round);
        // Each process is killed at a random moment up to the length of a whole round (one in
        // four is left alone).
        let kills: Vec<Option<Duration>> = jobs
            .iter()
            .map(|_| (!zufall.next().is_multiple_of(4)).then(|| zufall.up_to(full)))
            .collect();
        let outputs = run_round(p, &jobs, &kills);
        processes += jobs.len();
        if let Err(e) = check(p, &jobs, &outputs, &mut total) {
            failures.push((round, e));
        }
    }
    eprintln!(
        "ergebnis/zurückziehen killed at random moments: {} of {ROUNDS} rounds failed ({:.1} %); \
         {processes} processes: {} killed, {} done, {} refused (result already there or paper withdrawn); \
         {} lines were written by a process killed before it could say so",
        failures.len(),
        failures.len() as f64 * 100.0 / ROUNDS as f64,
        total.killed,
        total.done,
        total.refused,
        total.written_by_killed
    );
    for (round, failure) in failures.iter().take(5) {
        eprintln!("  round {round}: {failure}");
    }
    assert!(failures.is_empty(), "{failures:?}");
    assert!(
        total.killed > 0 && total.done > 0,
        "the rounds must both kill and finish processes"
    );
}
