//! The set of template files: a city's folder first, the built-in defaults second.
//!
//! Both minijinja (`*.typ.j2`) and Typst (`layout.typ`, images) read through here, so the one
//! rule holds for both: a name is a plain relative path inside the set; nothing outside the
//! override folder is ever read, not through `..`, an absolute path or a symlink.

use crate::paths::Canonical;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// The templates compiled into the binary: (file name, content).
const BUILTIN: &[(&str, &str)] = &[
    ("layout.typ", include_str!("../../templates/layout.typ")),
    (
        "_basis.typ.j2",
        include_str!("../../templates/_basis.typ.j2"),
    ),
    (
        "_mappe.typ.j2",
        include_str!("../../templates/_mappe.typ.j2"),
    ),
    (
        "sachstandsbericht.typ.j2",
        include_str!("../../templates/sachstandsbericht.typ.j2"),
    ),
    (
        "beschlussvorlage.typ.j2",
        include_str!("../../templates/beschlussvorlage.typ.j2"),
    ),
    (
        "mitteilungsvorlage.typ.j2",
        include_str!("../../templates/mitteilungsvorlage.typ.j2"),
    ),
    (
        "sachstandsbericht.geruest.toml",
        include_str!("../../templates/sachstandsbericht.geruest.toml"),
    ),
    (
        "beschlussvorlage.geruest.toml",
        include_str!("../../templates/beschlussvorlage.geruest.toml"),
    ),
    (
        "mitteilungsvorlage.geruest.toml",
        include_str!("../../templates/mitteilungsvorlage.geruest.toml"),
    ),
];

/// The file-name suffix of a Vorlagenart's skeleton report (`sachstand new --vorlage`).
pub const SKELETON_SUFFIX: &str = ".geruest.toml";

/// The file-name suffix of a Vorlagenart's template.
pub const SUFFIX: &str = ".typ.j2";

/// Where a template file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The city's folder, at this path.
    Folder(PathBuf),
    /// Built into sachstand.
    Builtin,
}

/// A file of the template set.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// Where they came from.
    pub origin: Origin,
}

impl TemplateFile {
    /// How to name this file in a message (`templates/layout.typ`, `layout.typ (eingebaut)`).
    pub fn display_name(&self, name: &str) -> String {
        match &self.origin {
            Origin::Folder(path) => path.display().to_string(),
            Origin::Builtin => format!("{name} (eingebaut)"),
        }
    }
}

/// Why a file of the set could not be read.
#[derive(Debug)]
pub enum LookupError {
    /// No such file in the folder or the built-ins.
    NotFound,
    /// The name leaves the set (`..`, absolute, symlink out of the folder).
    Escapes,
    /// Reading it failed.
    Io(std::io::Error),
}

/// The templates a render uses.
#[derive(Debug, Clone)]
pub struct TemplateSet {
    /// The city's folder, canonicalised, if one was given.
    folder: Option<PathBuf>,
}

impl TemplateSet {
    /// Only the built-in templates.
    pub fn builtin() -> Self {
        TemplateSet { folder: None }
    }

    /// A city's folder over the built-ins.
    pub fn with_folder(folder: &Path) -> Result<Self, Error> {
        let canonical = folder
            .canonical()
            .map_err(|e| Error::io("Der Vorlagenordner kann nicht geöffnet werden", folder, e))?;
        if !canonical.is_dir() {
            return Err(Error::Usage(format!(
                "--templates {}: das ist kein Ordner; geben Sie den Ordner mit den Vorlagen an",
                folder.display()
            )));
        }
        Ok(TemplateSet {
            folder: Some(canonical),
        })
    }

    /// The city's folder, if any.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// Reads `name` (a relative path like `layout.typ` or `bilder/wappen.svg`).
    pub fn read(&self, name: &str) -> Result<TemplateFile, LookupError> {
        let relative = checked_relative(name).ok_or(LookupError::Escapes)?;
        if let Some(folder) = &self.folder {
            let candidate = folder.join(&relative);
            match candidate.canonical() {
                Ok(real) => {
                    if !real.starts_with(folder) {
                        return Err(LookupError::Escapes);
                    }
                    if real.is_dir() {
                        return Err(LookupError::NotFound);
                    }
                    let bytes = std::fs::read(&real).map_err(LookupError::Io)?;
                    return Ok(TemplateFile {
                        bytes,
                        origin: Origin::Folder(candidate),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(LookupError::Io(e)),
            }
        }
        let key = relative.to_string_lossy();
        BUILTIN
            .iter()
            .find(|(n, _)| *n == key)
            .map(|(_, text)| TemplateFile {
                bytes: text.as_bytes().to_vec(),
                origin: Origin::Builtin,
            })
            .ok_or(LookupError::NotFound)
    }

    /// The one-line description of Vorlagenart `kind`: the first line of its template's
    /// leading `{# … #}` comment.
    pub fn description(&self, kind: &str) -> String {
        let Ok(file) = self.read(&format!("{kind}{SUFFIX}")) else {
            return String::new();
        };
        let text = String::from_utf8_lossy(&file.bytes);
        let Some(comment) = text.trim_start().strip_prefix("{#") else {
            return String::new();
        };
        let first = comment
            .trim_start_matches('-')
            .lines()
            .next()
            .unwrap_or("")
            .trim();
        first
            .trim_end_matches("#}")
            .trim_end_matches('-')
            .trim()
            .to_owned()
    }

    /// The Vorlagenarten available: every `*.typ.j2` in the folder and the built-ins, sorted;
    /// names starting with `_` are shared parts, not Vorlagenarten.
    pub fn kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = BUILTIN
            .iter()
            .filter_map(|(n, _)| n.strip_suffix(SUFFIX))
            .filter(|kind| !kind.starts_with('_'))
            .map(str::to_owned)
            .collect();
        if let Some(folder) = &self.folder
            && let Ok(entries) = std::fs::read_dir(folder)
        {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if let Some(kind) = name.strip_suffix(SUFFIX)
                    && !kind.starts_with('_')
                    && !kinds.iter().any(|k| k == kind)
                {
                    kinds.push(kind.to_owned());
                }
            }
        }
        kinds.sort();
        kinds
    }
}

/// A relative path of normal components only, or `None` if `name` could leave the set.
fn checked_relative(name: &str) -> Option<PathBuf> {
    let name = name.strip_prefix('/').unwrap_or(name);
    if name.is_empty() || name.contains('\\') || name.contains('\0') {
        return None;
    }
    let path = Path::new(name);
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_leave_the_set_are_refused() {
        assert!(checked_relative("../etc/passwd").is_none());
        assert!(checked_relative("a/../../b").is_none());
        assert!(checked_relative("a\\b").is_none());
        assert_eq!(
            checked_relative("/layout.typ"),
            Some(PathBuf::from("layout.typ"))
        );
        assert_eq!(
            checked_relative("./bilder/w.svg"),
            Some(PathBuf::from("bilder/w.svg"))
        );
    }

    #[test]
    fn builtins_are_found() {
        let set = TemplateSet::builtin();
        assert!(set.read("layout.typ").is_ok());
        assert!(matches!(set.read("nope.typ"), Err(LookupError::NotFound)));
        assert_eq!(
            set.kinds(),
            [
                "beschlussvorlage",
                "mitteilungsvorlage",
                "sachstandsbericht"
            ]
        );
    }
}
