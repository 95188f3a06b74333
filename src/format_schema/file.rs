//! The project's `sachstand.schema.json` and the `#:schema` first line of a report that points
//! at it (for editors such as VS Code with Even Better TOML): written by `init`, `new`, the
//! editor's "Neuer Bericht" and `sachstand schema -o`. The schema's choices come from the
//! project's register and the template set.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::format_schema::json::{self, SchemaContext};
use crate::typeset::templates::TemplateSet;

/// The folder `path` lies in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The choices of the project at `root` (its register's Gremien) and of the template set.
/// A register with errors gives no Gremien (`check` reports its errors).
pub fn context(templates: &TemplateSet, root: Option<&Path>) -> Result<SchemaContext, Error> {
    let gremien = match root {
        Some(root) => match crate::project::find(&root.join(crate::project::FILE_NAME))? {
            Ok(project) => project
                .settings()
                .gremien
                .iter()
                .map(|g| (g.key.clone(), g.name.clone()))
                .collect(),
            Err(_) => Vec::new(),
        },
        None => Vec::new(),
    };
    Ok(SchemaContext {
        vorlagenarten: templates.kinds(),
        gremien,
    })
}

/// For a new report at `report`: makes sure its project has `sachstand.schema.json` (writes
/// it when missing, never replaces it) and returns the report's `#:schema` line. `None`
/// outside a project. The second value is the schema file when it was written now.
pub fn for_report(
    templates: &TemplateSet,
    report: &Path,
) -> Result<Option<(String, Option<PathBuf>)>, Error> {
    let Some(root) = crate::project::files::root_above(&folder_of(report)) else {
        return Ok(None);
    };
    let file = root.join(json::FILE_NAME);
    let written = if file.exists() {
        None
    } else {
        let ctx = context(templates, Some(&root))?;
        crate::output::write_new(&file, json::text(&ctx).as_bytes())?;
        Some(crate::project::files::shown(&file))
    };
    let relative = crate::project::files::relative_path(&file, report);
    Ok(Some((format!("#:schema {relative}"), written)))
}

/// `text` with `line` as its first line, in place of a `#:schema` line it had; without a
/// line, an old `#:schema` line is dropped (it may point nowhere now).
pub fn with_schema_line(text: &str, line: Option<&str>) -> String {
    let rest = match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("#:schema") => rest,
        None if text.starts_with("#:schema") => "",
        _ => text,
    };
    match line {
        Some(line) => format!("{line}\n{rest}"),
        None => rest.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_line_is_first_and_only_once() {
        let line = Some("#:schema ../sachstand.schema.json");
        assert_eq!(
            with_schema_line("# Kommentar\nvorlage = \"x\"\n", line),
            "#:schema ../sachstand.schema.json\n# Kommentar\nvorlage = \"x\"\n"
        );
        assert_eq!(
            with_schema_line("#:schema alt.json\nvorlage = \"x\"\n", line),
            "#:schema ../sachstand.schema.json\nvorlage = \"x\"\n"
        );
        assert_eq!(
            with_schema_line("#:schema alt.json\nvorlage = \"x\"\n", None),
            "vorlage = \"x\"\n"
        );
    }
}
