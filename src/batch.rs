//! Many reports on all cores: one job per report on a pool of `jobs` workers, the output of
//! each job printed in the order the reports were named, so that a parallel run prints
//! exactly what a sequential one prints (`--jobs 1`).
//!
//! On a terminal a progress bar with count and remaining time runs on stderr; piped output
//! gets nothing extra. Jobs hold only their messages, never a PDF, so memory stays flat.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::error::Error;

/// What one job prints.
#[derive(Debug, Default)]
pub struct Printed {
    /// Lines for stdout (results).
    pub stdout: String,
    /// Lines for stderr (diagnostics, notes).
    pub stderr: String,
    /// Whether the job's input was wrong (exit code 1).
    pub failed: bool,
}

/// Stack of each worker (address space; only the pages used are memory).
const WORKER_STACK: usize = 32 * 1024 * 1024;

/// The number of workers when the user names none: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn progress(len: usize, quiet: bool) -> ProgressBar {
    if quiet || len < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:30} {pos}/{len} Berichte · noch etwa {eta}")
    {
        bar.set_style(style);
    }
    bar
}

fn print(bar: &ProgressBar, printed: &Printed) {
    bar.suspend(|| {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(printed.stdout.as_bytes());
        let _ = out.flush();
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(printed.stderr.as_bytes());
    });
}

/// Runs `job` on a thread of its own. Memory that a thread keeps for itself after a
/// compilation (measured: about 0.8 MiB per report on a long-lived worker) is returned when
/// the thread ends, so a run over 1,000 reports stays as small as one over 10.
fn on_own_thread(job: impl FnOnce() -> Result<Printed, Error> + Send) -> Result<Printed, Error> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(WORKER_STACK)
            .spawn_scoped(scope, job)
            .map_err(|e| Error::Usage(format!("ein Arbeiter kann nicht starten ({e})")))?
            .join()
            .unwrap_or_else(|_| {
                Err(Error::Usage(
                    "interner Fehler beim Setzen eines Berichts (bitte melden)".into(),
                ))
            })
    })
}

/// Runs `work` for every item on `jobs` workers and prints each result in input order.
/// Returns whether any job failed; an environment error ends the run after printing what
/// came before it (later jobs are skipped as soon as it is known).
pub fn run<T, F>(items: &[T], jobs: usize, quiet: bool, work: F) -> Result<bool, Error>
where
    T: Sync,
    F: Fn(&T) -> Result<Printed, Error> + Sync,
{
    let bar = progress(items.len(), quiet);
    let mut failed = false;
    if jobs <= 1 || items.len() <= 1 {
        for item in items {
            let printed = work(item)?;
            failed |= printed.failed;
            print(&bar, &printed);
            bar.inc(1);
        }
        bar.finish_and_clear();
        return Ok(failed);
    }
    // Typst's layout recurses deeply; the main thread has 8 MiB of stack, and rayon's
    // workers get as much plus room for the nesting of its own splitting.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(WORKER_STACK)
        .build()
        .map_err(|e| {
            Error::Usage(format!(
                "--jobs {jobs}: die Arbeiter können nicht starten ({e})"
            ))
        })?;
    let abort = AtomicBool::new(false);
    let (sender, receiver) = mpsc::channel();
    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            pool.install(|| {
                items
                    .par_iter()
                    .enumerate()
                    .for_each_with(sender, |sender, (i, item)| {
                        if abort.load(Ordering::Relaxed) {
                            return;
                        }
                        let _ = sender.send((i, on_own_thread(|| work(item))));
                    });
            });
        });
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (i, result) in receiver {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&next) {
                match result {
                    Ok(printed) => {
                        failed |= printed.failed;
                        print(&bar, &printed);
                        bar.inc(1);
                    }
                    Err(error) => {
                        abort.store(true, Ordering::Relaxed);
                        return Err(error);
                    }
                }
                next += 1;
            }
        }
        Ok(failed)
    });
    bar.finish_and_clear();
    result
}
