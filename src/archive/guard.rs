//! The archive's one rule on numbers: a Vorlagen-Nr. names one paper. A new version is only
//! ever a version of the same paper (same Vorlagenart, same Betreff, same source file).
//!
//! Pure functions over the index entries; `commands::archive` prints the refusal.

use crate::paths::Canonical;
use std::path::Path;

use super::journal::Eintrag;

/// Why a report may not be archived under its number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The German message.
    pub message: String,
    /// How to fix it.
    pub hints: Vec<String>,
}

/// The source file `file` relative to its project root (`reports/2023-02-x.toml`), with `/`.
pub fn origin(file: &Path) -> String {
    let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let abs = abs.canonical().unwrap_or(abs);
    let rel = crate::project::files::root_of_file(file)
        .and_then(|root| abs.strip_prefix(&root).ok().map(Path::to_path_buf))
        .unwrap_or(abs);
    rel.to_string_lossy().replace('\\', "/")
}

/// A refusal when `nummer` is archived for a different paper than the one described.
pub fn refusal(
    entries: &[Eintrag],
    nummer: &str,
    vorlage: &str,
    betreff: &str,
    herkunft: &str,
) -> Option<Refusal> {
    let other = entries
        .iter()
        .filter(|e| e.vorlagen_nr.as_deref() == Some(nummer))
        .max_by_key(|e| e.version)?;
    let mut differs = Vec::new();
    if other.vorlage != vorlage {
        differs.push(format!("Vorlagenart `{}` statt `{vorlage}`", other.vorlage));
    }
    if other.betreff != betreff {
        differs.push(format!("Betreff „{}“", other.betreff));
    }
    if let Some(h) = &other.herkunft
        && h != herkunft
    {
        differs.push(format!("Quelldatei {h}"));
    }
    if differs.is_empty() {
        return None;
    }
    Some(Refusal {
        message: format!(
            "die Vorlagen-Nr. {nummer} ist im Archiv schon für eine andere Vorlage vergeben ({}; archiviert als {})",
            differs.join(", "),
            other.datei
        ),
        hints: vec![
            "eine neue Version ist nur die Fassung derselben Vorlage; geben Sie diesem Bericht eine eigene Nummer (`sachstand new` vergibt die nächste freie)".into(),
        ],
    })
}
