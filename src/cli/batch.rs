//! Many reports on all cores: one job per report on `jobs` workers, the output of each job
//! printed in the order the reports were named, so that a parallel run prints exactly what a
//! sequential one prints (`--jobs 1`).
//!
//! Each worker is a thread that is also the only thread of a rayon pool of its own, kept for
//! all its jobs, so that Typst's own parallel parts stay on that thread and workers never wait
//! for each other. On a terminal a progress bar with count and remaining time runs on stderr;
//! piped output gets nothing extra. A job's result is held only until the ones before it are
//! done, so memory stays flat.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use sachstand::error::Error;

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
fn default_jobs() -> usize {
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

/// Runs `job` on a fresh one-thread rayon pool: the fallback where the calling thread cannot
/// be the thread of a pool of its own (see `on_this_thread`).
fn isolated<P: Send>(job: impl FnOnce() -> Result<P, Error> + Send) -> Result<P, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .stack_size(WORKER_STACK)
        .build()
        .map_err(|e| Error::Usage(format!("ein Arbeiter kann nicht starten ({e})")))?;
    guarded(|| pool.install(job))
}

thread_local! {
    /// This thread as the only thread of a rayon pool: made on first use, then kept.
    static HOME: OnceCell<Option<rayon::ThreadPool>> = const { OnceCell::new() };
}

/// Runs `job` on the calling thread, in a one-thread rayon pool that this thread is the
/// thread of, made on the thread's first job and kept for the next. Typst spreads parts of a
/// document over rayon (page runs, deferred font subsetting and compression); here they run on
/// the job's own thread, so two workers never wait for each other's work in a shared pool, and
/// a run on N workers keeps exactly N threads busy. No thread is started per job: with
/// jemalloc (src/main.rs) a long-lived worker's memory stays flat, measured over 300 and 1,000
/// reports (bench/parallel.sh), where glibc's allocator kept about 0.8 MiB per report for each
/// thread and a thread per job was needed to give it back. Where such a pool cannot be made
/// (the thread already belongs to another), the job runs `isolated`.
fn on_this_thread<P: Send>(job: impl FnOnce() -> Result<P, Error> + Send) -> Result<P, Error> {
    HOME.with(|home| {
        let pool = home.get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .use_current_thread()
                .build()
                .ok()
        });
        match pool {
            Some(pool) => guarded(|| pool.install(job)),
            None => isolated(job),
        }
    })
}

/// Runs `job`, turning a panic in it into an error instead of an abort of the whole run.
fn guarded<P>(job: impl FnOnce() -> Result<P, Error>) -> Result<P, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).unwrap_or_else(|_| {
        Err(Error::Usage(
            "interner Fehler beim Setzen eines Berichts (bitte melden)".into(),
        ))
    })
}

/// Runs `prepare` for every item on `jobs` workers (`None`: one per core), then `commit` for
/// each prepared item on the calling thread, strictly in input order, and prints what `commit`
/// returns. The expensive part (compiling) runs on every core; the part that must see the items
/// one after another (the archive's index) runs as a sequential run would run it.
///
/// Of several items, one whose `prepare` or `commit` fails with an environment error (a file
/// that cannot be read, a link that points in a circle, an archive locked too long) is reported
/// with its cause and skipped; the others are processed, and the run then ends with an error
/// naming every skipped item. A single item's error is returned as it is.
pub fn run_then<T, P, F, G>(
    items: &[T],
    jobs: Option<usize>,
    quiet: bool,
    prepare: F,
    mut commit: G,
) -> Result<bool, Error>
where
    T: Sync + AsRef<std::path::Path>,
    P: Send,
    F: Fn(&T) -> Result<P, Error> + Sync,
    G: FnMut(&T, P) -> Result<Printed, Error>,
{
    let bar = progress(items.len(), quiet);
    let mut failed = false;
    let mut skipped: Vec<String> = Vec::new();
    let many = items.len() > 1;
    let mut finish = |item: &T, prepared: Result<P, Error>| -> Result<(), Error> {
        let printed = match prepared.and_then(|prepared| commit(item, prepared)) {
            Ok(printed) => printed,
            Err(error) if many => {
                skipped.push(
                    sachstand::project::files::shown(item.as_ref())
                        .display()
                        .to_string(),
                );
                Printed {
                    stderr: format!(
                        "fehler: {error}\n  = übersprungen; die übrigen Berichte werden weiter bearbeitet\n"
                    ),
                    failed: true,
                    ..Printed::default()
                }
            }
            Err(error) => return Err(error),
        };
        failed |= printed.failed;
        print(&bar, &printed);
        bar.inc(1);
        Ok(())
    };
    // The number of cores is asked only for a batch (reading it costs a single report 0.1 ms).
    let jobs = match jobs {
        _ if items.len() <= 1 => 1,
        Some(jobs) => jobs,
        None => default_jobs(),
    };
    let result = if jobs <= 1 {
        // One after another on this thread. Typst's parts stay on it: measured
        // (bench/typst_cli.sh), that is faster than handing them to the global pool, since a
        // Vorlage of a few pages gains less from a second thread than the hand-overs cost.
        items.iter().try_for_each(|item| {
            let prepared = on_this_thread(|| prepare(item));
            finish(item, prepared)
        })
    } else {
        in_parallel(items, jobs, &prepare, &mut finish)
    };
    bar.finish_and_clear();
    result?;
    if !skipped.is_empty() {
        return Err(Error::Skipped {
            items: skipped,
            total: items.len(),
        });
    }
    Ok(failed)
}

/// What `run_then` does with each item's prepared result, in input order.
type Finish<'a, T, P> = dyn FnMut(&T, Result<P, Error>) -> Result<(), Error> + 'a;

/// `jobs` workers take the next item in input order; the results arrive nearly in order and
/// wait only until the ones before them are finished.
fn in_parallel<T, P, F>(
    items: &[T],
    jobs: usize,
    prepare: &F,
    finish: &mut Finish<'_, T, P>,
) -> Result<(), Error>
where
    T: Sync,
    P: Send,
    F: Fn(&T) -> Result<P, Error> + Sync,
{
    let next = AtomicUsize::new(0);
    let abort = AtomicBool::new(false);
    // At most a few results wait to be finished: a worker that is too far ahead waits, so
    // memory stays flat however slow finishing is.
    let (sender, receiver) = mpsc::sync_channel(jobs);
    std::thread::scope(|scope| {
        let mut started = 0;
        let mut refused = None;
        for _ in 0..jobs.min(items.len()) {
            let sender = sender.clone();
            let (next, abort) = (&next, &abort);
            let worker = std::thread::Builder::new()
                .name("sachstand-arbeiter".into())
                .stack_size(WORKER_STACK);
            let spawned = worker.spawn_scoped(scope, move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if abort.load(Ordering::Relaxed)
                        || sender.send((i, on_this_thread(|| prepare(item)))).is_err()
                    {
                        break;
                    }
                }
            });
            match spawned {
                Ok(_) => started += 1,
                Err(error) => refused = Some(error),
            }
        }
        drop(sender);
        // Fewer workers than asked only run slower; none at all could not run anything.
        if let (0, Some(error)) = (started, refused) {
            return Err(Error::Usage(format!(
                "kein Arbeiter kann starten ({error}); versuchen Sie es mit --jobs 1"
            )));
        }
        let mut waiting = BTreeMap::new();
        let mut next_done = 0;
        for (i, result) in receiver {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&next_done) {
                let done = match items.get(next_done) {
                    Some(item) => finish(item, result),
                    None => Ok(()),
                };
                if let Err(error) = done {
                    abort.store(true, Ordering::Relaxed);
                    return Err(error);
                }
                next_done += 1;
            }
        }
        Ok(())
    })
}
