//! The archive as data: its journal (`index.jsonl`), its one rule on Vorlagen-Nr. (`guard`),
//! and how a run takes up what a dead run left (`recover`). `commands::archive` files reports
//! into it under the archive's lock (`crate::lock`); OParl and the editor only read it.

pub mod guard;
pub mod journal;
pub mod recover;

use std::path::Path;

pub use journal::{Eintrag, INDEX, Sitzung, read_index, sha256_hex};

/// What the archive holds of the report at `file`: its latest version, and whether the file is
/// still exactly that version (`None` when nothing of it is archived).
pub fn state_of(entries: &[Eintrag], file: &Path) -> Option<(u32, bool)> {
    let herkunft = guard::origin(file);
    let latest = entries
        .iter()
        .filter(|e| e.herkunft.as_deref() == Some(herkunft.as_str()))
        .max_by_key(|e| e.version)?;
    let same = std::fs::read(file).is_ok_and(|bytes| sha256_hex(&bytes) == latest.sha256_quelle);
    Some((latest.version, same))
}
