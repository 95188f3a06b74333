//! sachstand turns a report's TOML data into a Magistrat-ready PDF. This crate is the library;
//! the `sachstand` binary (`src/main.rs`, `src/cli/`) is its only printer.
//!
//! The data flows one way, lowest layer first (`tests/architektur.rs` keeps it so):
//!
//! ```text
//! german → foundations (diag, error, output, paths, …) → report (model, load) → project
//!   → prose → typeset (view, render, world, pdf) → rules → format_schema → pipeline
//!   → archive, cycle, mappe → oparl → serve
//! ```
//!
//! What the binary and the tests use is public: `pipeline::process` (one report to a PDF) and
//! `pipeline::layout`, the features built on it (`archive`, `cycle`, `mappe`, `oparl`,
//! `serve`), and what they need to call them. The foundations no caller needs (`berlin`,
//! `digest`, `lock`, `shutdown`) are crate-private, so the compiler names their dead code.
//! Nothing here prints or exits: functions return data, `diag::Diagnostic`s for problems in the
//! input and `error::Error` for problems in the environment; notices while working (waiting
//! for a lock) are `log` records.

pub mod archive;
pub(crate) mod berlin;
pub mod cycle;
pub mod diag;
pub(crate) mod digest;
pub mod error;
pub mod format_schema;
pub mod freigabe;
pub mod fristen;
pub mod german;
pub(crate) mod lock;
pub mod mappe;
pub mod oparl;
pub mod output;
pub mod paths;
pub mod pipeline;
pub mod project;
pub mod prose;
pub mod report;
pub mod rules;
pub mod serve;
pub mod shell;
pub(crate) mod shutdown;
pub mod typeset;
