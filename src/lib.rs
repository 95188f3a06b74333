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

pub mod app;
pub mod archive;
pub mod batch;
pub mod changes;
pub mod changes_vorlage;
pub mod check_cache;
pub mod cli;
pub mod cli_de;
pub mod commands;
pub mod diag;
pub mod digest;
pub mod error;
pub mod finance;
pub mod fonts;
pub mod format_schema;
pub mod german;
pub mod grammar_check;
pub mod limits;
pub mod load;
pub mod lock;
pub mod model;
pub mod oparl;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod plausibility;
pub mod project;
pub mod project_files;
pub mod prose;
pub mod register_check;
pub mod render;
pub mod serve;
pub mod shell;
pub mod shutdown;
pub mod templates;
pub mod toml_hints;
pub mod typst_escape;
pub mod validate;
pub mod view;
pub mod world;
