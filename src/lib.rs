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
pub mod batch;
pub mod changes;
pub mod cli;
pub mod commands;
pub mod diag;
pub mod error;
pub mod fonts;
pub mod german;
pub mod grammar_check;
pub mod load;
pub mod model;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod project;
pub mod prose;
pub mod render;
pub mod templates;
pub mod typst_escape;
pub mod validate;
pub mod view;
pub mod world;
