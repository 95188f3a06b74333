//! What `check` found in a report, kept by content: a second `check` of a large project only
//! reads and hashes its reports. An entry's name is the SHA-256 of everything the result
//! depends on: the program (size and time of its file), the templates, the project's
//! `sachstand.toml` and logo, the current folder (paths in messages are shown relative to it),
//! the report's path as named and its bytes, and the bytes of the report its `vorheriger` names
//! (its Sachdarstellung says what changed since). A change to any of them is a new name; an
//! entry is never updated, so concurrent runs cannot disagree.
//!
//! Entries live in `<project>/.sachstand-cache/pruefung/` (the project walk skips dot folders);
//! deleting the folder is always safe. A missing, unreadable or foreign entry is a miss.

use crate::paths::Canonical;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, JsonDiagnostic};
use crate::typeset::templates::TemplateSet;

/// What a check of one report found.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Checked {
    /// The findings, in order.
    pub befunde: Vec<Finding>,
    /// Whether the Vorlage is öffentlich (`kopf.oeffentlich`).
    pub oeffentlich: bool,
}

/// One finding as `check` prints it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Finding {
    /// The text without colour.
    pub plain: String,
    /// The text with colour (terminal).
    pub colored: String,
    /// The JSON form (`--format json`).
    pub json: serde_json::Value,
    /// Whether it is an error.
    pub error: bool,
}

impl Finding {
    /// The finding of `diag`.
    pub fn of(diag: &Diagnostic) -> Self {
        Finding {
            plain: diag.render(false),
            colored: diag.render(true),
            json: serde_json::to_value(JsonDiagnostic::from(diag)).unwrap_or_default(),
            error: diag.is_error(),
        }
    }
}

/// The cache of one project's `check` results.
#[derive(Debug)]
pub struct CheckCache {
    folder: PathBuf,
    root: PathBuf,
    /// Hash state of what every entry of this run shares.
    common: Sha256,
}

/// Version of the entries' format.
const FORMAT: &[u8] = b"sachstand-pruefung-2\n";

fn file_stamp(hasher: &mut Sha256, path: &Path) {
    hasher.update(path.to_string_lossy().as_bytes());
    if let Ok(meta) = std::fs::metadata(path) {
        hasher.update(meta.len().to_le_bytes());
        if let Ok(modified) = meta.modified()
            && let Ok(since) = modified.duration_since(std::time::UNIX_EPOCH)
        {
            hasher.update(since.as_nanos().to_le_bytes());
        }
    }
    hasher.update([0]);
}

/// The `vorheriger` of a report's text, if it names one.
fn previous(bytes: &[u8]) -> Option<String> {
    if !bytes.windows(10).any(|w| w == b"vorheriger") {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let doc = toml::de::DeTable::parse(text).ok()?;
    match doc.get_ref().get("vorheriger")?.get_ref() {
        toml::de::DeValue::String(rel) => Some(rel.to_string()),
        _ => None,
    }
}

/// The `datei` of each attached file a report's text names (`beschluss.anlagen`,
/// `mitteilung.anlagen`).
fn attached(bytes: &[u8]) -> Vec<String> {
    if !bytes.windows(5).any(|w| w == b"datei") {
        return Vec::new();
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let Ok(doc) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for part in ["beschluss", "mitteilung"] {
        let Some(toml::de::DeValue::Table(t)) = doc.get_ref().get(part).map(|v| v.get_ref()) else {
            continue;
        };
        let Some(toml::de::DeValue::Array(list)) = t.get("anlagen").map(|v| v.get_ref()) else {
            continue;
        };
        for entry in list {
            if let toml::de::DeValue::Table(e) = entry.get_ref()
                && let Some(toml::de::DeValue::String(datei)) = e.get("datei").map(|v| v.get_ref())
            {
                out.push(datei.to_string());
            }
        }
    }
    out
}

/// Feeds what a report's check depends on besides the project into `hasher`: its path as
/// named, its bytes, the report its `vorheriger` names (path and bytes, or that it is
/// missing), and each attached file's size and time of change (the release covers them).
pub fn report_content(hasher: &mut Sha256, file: &Path, bytes: &[u8]) {
    hasher.update(file.to_string_lossy().as_bytes());
    hasher.update([0]);
    hasher.update(bytes);
    let folder = file.parent().unwrap_or(Path::new("."));
    for datei in attached(bytes) {
        hasher.update([2]);
        file_stamp(hasher, &folder.join(datei));
    }
    if let Some(rel) = previous(bytes) {
        let folder = file.parent().unwrap_or(Path::new("."));
        hasher.update([1]);
        hasher.update(rel.as_bytes());
        match folder.join(&rel).canonical() {
            Ok(real) => {
                hasher.update(real.to_string_lossy().as_bytes());
                hasher.update([0]);
                hasher.update(std::fs::read(&real).unwrap_or_default());
            }
            Err(_) => hasher.update(b"-"),
        }
    }
}

impl CheckCache {
    /// The cache of the project at `root` for a check with `templates`; `None` when what the
    /// results depend on cannot be pinned down (no program file, an unreadable settings file).
    pub fn new(root: &Path, templates: &TemplateSet) -> Option<Self> {
        let mut common = Sha256::new();
        common.update(FORMAT);
        common.update(env!("CARGO_PKG_VERSION").as_bytes());
        file_stamp(&mut common, &std::env::current_exe().ok()?);
        match templates.folder() {
            None => common.update(b"eingebaute Vorlagen\n"),
            Some(folder) => {
                let mut files = Vec::new();
                let mut stack = vec![folder.to_path_buf()];
                while let Some(dir) = stack.pop() {
                    for entry in std::fs::read_dir(&dir).ok()?.flatten() {
                        match entry.file_type() {
                            Ok(kind) if kind.is_dir() => stack.push(entry.path()),
                            _ => files.push(entry.path()),
                        }
                    }
                }
                files.sort();
                for file in &files {
                    file_stamp(&mut common, file);
                }
            }
        }
        let settings = root.join(crate::project::FILE_NAME);
        match std::fs::read(&settings) {
            Ok(bytes) => common.update(&bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => common.update(b"-"),
            Err(_) => return None,
        }
        if let Ok(Ok(project)) = crate::project::find(&settings)
            && let Some(logo) = &project.logo
        {
            common.update(&logo.bytes);
        }
        common.update(std::env::current_dir().ok()?.to_string_lossy().as_bytes());
        Some(CheckCache {
            folder: root.join(".sachstand-cache").join("pruefung"),
            root: root.to_path_buf(),
            common,
        })
    }

    /// The key of the report at `file` as it is now, if it belongs to this project and can be
    /// read.
    pub fn key(&self, file: &Path) -> Option<String> {
        let inside = crate::project::files::root_of_file(file)
            .and_then(|r| r.canonical().ok())
            .zip(self.root.canonical().ok())
            .is_some_and(|(a, b)| a == b);
        if !inside {
            return None;
        }
        let bytes = std::fs::read(file).ok()?;
        let mut hasher = self.common.clone();
        report_content(&mut hasher, file, &bytes);
        Some(crate::digest::hex(&hasher.finalize()))
    }

    /// What is stored under `key`.
    pub fn get(&self, key: &str) -> Option<Checked> {
        let text = std::fs::read(self.folder.join(format!("{key}.json"))).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Stores `checked` under `key`; a cache that cannot be written is only slower.
    pub fn put(&self, key: &str, checked: &Checked) {
        let Ok(text) = serde_json::to_vec(checked) else {
            return;
        };
        if std::fs::create_dir_all(&self.folder).is_ok() {
            let _ = crate::output::write_atomic(&self.folder.join(format!("{key}.json")), &text);
        }
    }
}
