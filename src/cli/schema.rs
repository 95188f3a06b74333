//! `sachstand schema`: the JSON Schema of the report format, on stdout or into a file; and the
//! `#:schema` first line that `new` and `init` give a report, pointing at the project's
//! `sachstand.schema.json` by a relative path (so editors find it offline).
//!
//! The Vorlagenarten come from the template set, the Gremien from the project's register
//! (none without a project). An existing schema file is only replaced by `schema -o`.

use std::path::PathBuf;

use crate::cli::{Exit, Settings};
use sachstand::error::Error;
use sachstand::format_schema::json;

/// Settings of `schema`, checked.
#[derive(Debug)]
pub struct SchemaSettings {
    /// Where to write it (stdout without).
    pub output: Option<PathBuf>,
}

/// Prints or writes the schema.
pub fn run(settings: &Settings, schema: &SchemaSettings) -> Result<Exit, Error> {
    let start = match &schema.output {
        Some(path) => sachstand::format_schema::file::folder_of(path),
        None => PathBuf::from("."),
    };
    let root = sachstand::project::files::root_above(&start);
    let ctx = sachstand::format_schema::file::context(&settings.templates, root.as_deref())?;
    let text = json::text(&ctx);
    match &schema.output {
        Some(path) => {
            sachstand::output::write_atomic(path, text.as_bytes())?;
            crate::say!("Schema geschrieben: {}", path.display());
        }
        None => crate::cli::print::stdout(&text),
    }
    Ok(Exit::Success)
}
