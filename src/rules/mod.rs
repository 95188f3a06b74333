//! The rules a loaded report is checked against, each family in its own file: the semantic
//! rules and font coverage (`validate`), German grammar of the phrases (`grammar`), free text
//! that must fit a sentence (`free_text`), the Beratungsfolge against the project's register
//! (`register`) and plausibility. Every finding is a `Diagnostic` pointing at its value.

pub mod free_text;
pub mod grammar;
pub mod plausibility;
pub mod register;
pub mod validate;
