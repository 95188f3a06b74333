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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
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
                        let _ = sender.send((i, work(item)));
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
