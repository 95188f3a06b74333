//! sachstand turns a report's TOML data into a Magistrat-ready PDF.
//!
//! The data flows one way:
//!
//! ```text
//! cli → app (checked settings) → commands/<verb> → pipeline:
//!   load (TOML → model, spans) → validate (all problems) → view (values for templates)
//!   → render (minijinja → Typst markup, every value escaped) → world + pdf (embedded Typst)
//!   → output (atomic write)
//! ```
//!
//! `diag` is the one type for problems in the input, `error` the one for the environment.

pub mod archive;
pub mod berlin;
pub mod cycle;
pub mod diag;
pub mod digest;
pub mod error;
pub mod format_schema;
pub mod german;
pub mod lock;
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
pub mod shutdown;
pub mod typeset;
