//! The files of a report's Anlagen in the editor: the project's `anlagen/` folder offered as
//! choices, an uploaded file stored there, and an entry's `datei` written into the TOML.
//!
//! Invariants: an upload never replaces a file (a taken name gets `-2`, `-3`, …; the same bytes
//! under that name are reused), is written atomically (`output::write_new`), is at most
//! `anlage::MAX_BYTES` and is a PDF, PNG, JPEG or SVG by its first bytes; its name is reduced
//! to one safe component. An entry without a file stays a plain string; with one it is an
//! inline table `{ titel = "…", datei = "…" }`, `datei` relative to the report.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, InlineTable, Value};

use crate::project::anlage::{Art, MAX_BYTES};
use crate::report::key_path::{KeyPath, Step};

/// The project's folder for attached files, relative to its root.
pub const FOLDER: &str = "anlagen";

/// The files of the project's `anlagen/` folder that can be attached, as (value, label): the
/// value is the path relative to the `report` (`../anlagen/lageplan.pdf`), the label the file's
/// name. Sorted by name; other files (by their first bytes) are left out.
pub fn choices(root: &Path, report: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(root.join(FOLDER)) else {
        return Vec::new();
    };
    let mut files: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        // Regular files only: a link could lead out of the project.
        .filter(|p| p.symlink_metadata().is_ok_and(|m| m.is_file()) && head_kind(p).is_some())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_owned();
            (!name.starts_with('.'))
                .then(|| (crate::project::files::relative_path(&p, report), name))
        })
        .collect();
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files
}

/// The kind of the file at `path`, from its first 4 KiB.
fn head_kind(path: &Path) -> Option<Art> {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .ok()?;
    Art::of(&head)
}

/// The German refusal of an upload over the limit.
pub fn too_large() -> String {
    format!(
        "Die Datei ist zu groß: eine Anlage darf höchstens {} MB groß sein. Verkleinern Sie sie (z. B. Bilder mit geringerer Auflösung als PDF drucken) oder teilen Sie sie auf mehrere Anlagen auf.",
        MAX_BYTES / (1024 * 1024)
    )
}

/// The kind of an uploaded file, or the German refusal naming `name`.
pub fn kind_of(name: &str, bytes: &[u8]) -> Result<Art, String> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large());
    }
    Art::of(bytes).ok_or_else(|| {
        format!(
            "„{name}“ ist weder PDF noch PNG, JPEG oder SVG (erkannt an ihrem Inhalt, nicht am Namen) und kann keine Anlage sein. Drucken oder speichern Sie das Dokument als PDF (am besten PDF/A) und laden Sie diese Datei hoch."
        )
    })
}

/// A safe file name for an upload called `name` (as the browser sent it) of kind `art`: only
/// the last path component, lower-case letters, digits and `-` (umlauts transliterated), and
/// the kind's extension.
pub fn safe_name(name: &str, art: Art) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let (stem, ext) = match last.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext.to_lowercase()),
        _ => (last, String::new()),
    };
    let mut stem = crate::german::slug(stem);
    if stem.is_empty() {
        stem = "anlage".to_owned();
    }
    // Long names are cut at a character boundary (slug gives ASCII only).
    stem.truncate(80);
    let stem = stem.trim_end_matches('-');
    let ext = match (art, ext.as_str()) {
        (Art::Jpeg, "jpeg") => "jpeg",
        _ => art.extension(),
    };
    format!("{stem}.{ext}")
}

/// Stores `bytes` as `name` (already safe) in `folder`, never replacing a file: a taken name
/// gets `-2`, `-3`, … before its extension, unless the file there holds the same bytes (then
/// it is used as it is). Returns the path of the file that holds the bytes.
pub fn store(folder: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    std::fs::create_dir_all(folder).map_err(|e| {
        format!(
            "Der Ordner {} kann nicht angelegt werden: {e}",
            folder.display()
        )
    })?;
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    for n in 1..10_000 {
        let candidate = match n {
            1 => folder.join(name),
            n => folder.join(format!("{stem}-{n}.{ext}")),
        };
        if candidate.symlink_metadata().is_ok() {
            if same_bytes(&candidate, bytes) {
                return Ok(candidate);
            }
            continue;
        }
        match crate::output::write_new(&candidate, bytes) {
            Ok(()) => return Ok(candidate),
            // Written by someone else in between: the next name.
            Err(_) if candidate.symlink_metadata().is_ok() => continue,
            Err(e) => return Err(e.to_string()),
        }
    }
    Err(format!(
        "Im Ordner {} ist kein freier Name für „{name}“ mehr; bitte räumen Sie ihn auf.",
        folder.display()
    ))
}

/// Whether `path` is a regular file (not a link) holding exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// Stores an uploaded file (`name` already safe) in the project's `anlagen/` folder below
/// `root` and names it as the file of Anlage `index` of `list` in `doc`; returns `datei` as
/// written (relative to `report`). The entry is checked before anything is stored (on an
/// error the caller writes nothing), and a folder that leads out of the project is refused.
pub fn attach(
    doc: &mut DocumentMut,
    root: &Path,
    report: &Path,
    (list, index): (&str, usize),
    name: &str,
    bytes: &[u8],
) -> Result<String, String> {
    // An entry that cannot take a file is refused here, before the file is stored.
    set_datei(doc, list, index, Some(""))?;
    let folder = root.join(FOLDER);
    confined(root, &folder)?;
    let stored = store(&folder, name, bytes)?;
    let datei = crate::project::files::relative_path(&stored, report);
    set_datei(doc, list, index, Some(&datei))?;
    Ok(datei)
}

/// Refuses an `anlagen/` folder (once it exists) that is not inside the project `root`.
fn confined(root: &Path, folder: &Path) -> Result<(), String> {
    let inside = match (root.canonicalize(), folder.canonicalize()) {
        (Ok(root), Ok(folder)) => folder.starts_with(root),
        // Not there yet: `store` creates it inside the project.
        (Ok(_), Err(_)) => folder.symlink_metadata().is_err(),
        _ => false,
    };
    if inside {
        Ok(())
    } else {
        Err(format!(
            "Der Ordner {} führt aus dem Projektordner hinaus; Anlagen werden nur im Projekt gespeichert. Machen Sie ihn zu einem gewöhnlichen Ordner im Projekt.",
            folder.display()
        ))
    }
}

/// The Anlage entry at `list[index]` (1-based) of `doc`.
fn entry_mut<'a>(
    doc: &'a mut DocumentMut,
    list: &str,
    index: usize,
) -> Result<&'a mut Value, String> {
    let steps = KeyPath::steps(list).ok_or_else(|| format!("„{list}“ ist keine Liste"))?;
    let mut item = doc.as_item_mut();
    for s in &steps {
        item = match s {
            Step::Key(k) => item.get_mut(k.as_str()),
            Step::Index(i) => item.get_mut(i - 1),
        }
        .ok_or_else(|| format!("„{list}“ gibt es nicht mehr; bitte neu laden"))?;
    }
    item.as_array_mut()
        .and_then(|a| a.get_mut(index.wrapping_sub(1)))
        .ok_or_else(|| format!("die Anlage {index} gibt es nicht mehr; bitte neu laden"))
}

/// Sets or (with `None`) removes the file of Anlage `index` of `list`: with a file the entry is
/// `{ titel = "…", datei = "…" }`, without one the title alone; its comments stay.
pub fn set_datei(
    doc: &mut DocumentMut,
    list: &str,
    index: usize,
    datei: Option<&str>,
) -> Result<(), String> {
    let slot = entry_mut(doc, list, index)?;
    let titel = match &*slot {
        Value::String(s) => s.value().clone(),
        Value::InlineTable(t) => t
            .get("titel")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        other => {
            return Err(format!(
                "die Anlage {index} steht in der Datei als {} und wird dort bearbeitet",
                other.to_string().trim()
            ));
        }
    };
    let mut new = match datei {
        Some(datei) => {
            let mut table = InlineTable::new();
            table.insert("titel", Value::from(titel));
            table.insert("datei", Value::from(datei));
            table.fmt();
            Value::InlineTable(table)
        }
        None => Value::from(titel),
    };
    *new.decor_mut() = slot.decor().clone();
    *slot = new;
    Ok(())
}

/// Sets the title of an Anlage written as a table (`slot`), keeping its file; `false` when the
/// entry is no table (then it is a text like any other).
pub fn set_titel_in_table(slot: &mut Value, titel: &str) -> bool {
    let Value::InlineTable(table) = slot else {
        return false;
    };
    let decor = table.get("titel").map(|v| v.decor().clone());
    let mut new = Value::from(titel);
    if let Some(decor) = decor {
        *new.decor_mut() = decor;
    }
    table.insert("titel", new);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[beschluss]\nvorschlag = \"v\"\nanlagen = [\n  \"Lageplan\",  # der Plan\n  \"Kosten\",\n]\n";

    #[test]
    fn a_file_makes_a_table_and_its_removal_a_title_again() {
        let mut d: DocumentMut = TEXT.parse().unwrap_or_default();
        let set = set_datei(&mut d, "beschluss.anlagen", 1, Some("../anlagen/plan.pdf"));
        assert_eq!(set, Ok(()));
        assert!(
            d.to_string().contains(
                "  { titel = \"Lageplan\", datei = \"../anlagen/plan.pdf\" },  # der Plan\n"
            ),
            "{d}"
        );
        assert_eq!(set_datei(&mut d, "beschluss.anlagen", 1, None), Ok(()));
        assert_eq!(d.to_string(), TEXT);
        assert!(set_datei(&mut d, "beschluss.anlagen", 3, None).is_err());
        assert!(set_datei(&mut d, "beschluss.anlagen", 0, None).is_err());
    }

    #[test]
    fn the_format_names_the_limit_and_the_kinds_this_module_checks() {
        let help = crate::format_schema::ANLAGE_PARTS[1].help;
        assert!(
            help.contains(&format!("höchstens {} MB", MAX_BYTES / (1024 * 1024))),
            "{help}"
        );
        assert!(too_large().contains(&format!("höchstens {} MB", MAX_BYTES / (1024 * 1024))));
        for art in [Art::Pdf, Art::Png, Art::Jpeg, Art::Svg] {
            let kind = match art {
                Art::Pdf => "PDF",
                Art::Png => "PNG",
                Art::Jpeg => "JPEG",
                Art::Svg => "SVG",
            };
            assert!(help.contains(kind), "{help}");
        }
        assert!(kind_of("x.pdf", b"MZ\x90\x00").is_err_and(|m| m.contains("weder PDF")));
    }

    #[test]
    fn nothing_is_stored_for_a_missing_entry_or_outside_the_project() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path().join("projekt");
        std::fs::create_dir_all(root.join("reports")).unwrap_or_else(|e| panic!("{e}"));
        let report = root.join("reports/x.toml");
        let mut d: DocumentMut = TEXT.parse().unwrap_or_default();
        let missing = attach(
            &mut d,
            &root,
            &report,
            ("beschluss.anlagen", 3),
            "a.png",
            b"x",
        );
        assert!(missing.is_err());
        assert!(!root.join(FOLDER).exists());
        let ok = attach(
            &mut d,
            &root,
            &report,
            ("beschluss.anlagen", 2),
            "a.png",
            b"x",
        );
        assert_eq!(ok.as_deref(), Ok("../anlagen/a.png"));
        #[cfg(unix)]
        {
            let other = dir.path().join("projekt2");
            std::fs::create_dir_all(&other).unwrap_or_else(|e| panic!("{e}"));
            std::fs::create_dir(dir.path().join("fremd")).unwrap_or_else(|e| panic!("{e}"));
            std::os::unix::fs::symlink(dir.path().join("fremd"), other.join(FOLDER))
                .unwrap_or_else(|e| panic!("{e}"));
            let out = attach(
                &mut d,
                &other,
                &report,
                ("beschluss.anlagen", 1),
                "b.png",
                b"y",
            );
            assert!(out.is_err_and(|m| m.contains("aus dem Projektordner hinaus")));
            assert!(!dir.path().join("fremd/b.png").exists());
        }
    }

    #[test]
    fn names_are_one_safe_component_with_the_kind_s_extension() {
        assert_eq!(
            safe_name("../../etc/Kostenschätzung Büro.PDF", Art::Pdf),
            "kostenschaetzung-buero.pdf"
        );
        assert_eq!(safe_name("C:\\Users\\x\\Plan.jpeg", Art::Jpeg), "plan.jpeg");
        assert_eq!(safe_name("bild.pdf", Art::Png), "bild.png");
        assert_eq!(safe_name("..", Art::Svg), "anlage.svg");
        assert_eq!(safe_name("", Art::Pdf), "anlage.pdf");
    }

    #[test]
    fn a_taken_name_gets_a_number_and_the_same_bytes_are_reused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let folder = dir.path().join(FOLDER);
        let first = store(&folder, "plan.png", b"eins");
        assert_eq!(first, Ok(folder.join("plan.png")));
        let second = store(&folder, "plan.png", b"zwei");
        assert_eq!(second, Ok(folder.join("plan-2.png")));
        let again = store(&folder, "plan.png", b"zwei");
        assert_eq!(again, Ok(folder.join("plan-2.png")));
        assert_eq!(
            std::fs::read(folder.join("plan.png")).ok(),
            Some(b"eins".to_vec())
        );
        assert_eq!(
            std::fs::read_dir(&folder).map(Iterator::count).ok(),
            Some(2)
        );
    }
}
