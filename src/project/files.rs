//! The project as one unit: its root (the folder of `sachstand.toml`), every report below
//! it, and the Vorlagen-Nr. they and the archive use.
//!
//! A report is every `*.toml` in the `reports/` folder (broken ones too: `check` must show
//! their errors), and elsewhere below the root a `*.toml` with a `vorlage` key or a `[kopf]`
//! table; a link that leads out of the project is none. The
//! settings file, skeletons (`*.geruest.toml`), hidden folders, `target/` and the archive
//! (every folder holding an `index.jsonl`, and `archiv/`) are never reports, nor are the
//! reports of a nested project (a folder below with its own `sachstand.toml`). Paths are shown
//! relative to the user's current folder.

use crate::paths::Canonical;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, SourceFile};
use crate::project::{FILE_NAME, NummerMuster};

/// The archive folder's name inside the project.
pub const ARCHIVE: &str = "archiv";

/// The project root above `start` (a folder), if a `sachstand.toml` is found walking up.
pub fn root_above(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    let start = start.canonical().unwrap_or(start);
    start
        .ancestors()
        .find(|dir| dir.join(FILE_NAME).is_file())
        .map(Path::to_path_buf)
}

/// The project root above the current folder.
pub fn root_from_cwd() -> Option<PathBuf> {
    root_above(Path::new("."))
}

/// The project root of the file `file`.
pub fn root_of_file(file: &Path) -> Option<PathBuf> {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => root_above(p),
        _ => root_from_cwd(),
    }
}

/// Whether `dir` is a folder that never holds the project's reports.
fn skipped_folder(dir: &Path) -> bool {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with('.')
        || name == "target"
        || name == "node_modules"
        || name == ARCHIVE
        || dir.join("index.jsonl").is_file()
        // A nested project is a project of its own.
        || dir.join(FILE_NAME).is_file()
}

/// Whether the text of a `.toml` file outside `reports/` is a report (has `vorlage` or a
/// `[kopf]` table).
fn is_report_text(text: &str) -> bool {
    text.parse::<toml::Table>()
        .map(|t| t.contains_key("vorlage") || t.get("kopf").is_some_and(toml::Value::is_table))
        .unwrap_or_else(|_| {
            // A broken report is still a report: `check` must show its errors.
            text.lines().any(|l| {
                let l = l.trim_start();
                l.starts_with("vorlage") || l.starts_with("[kopf")
            })
        })
}

/// Whether `path` is a link that leads out of `root` (such a file is not the project's). A link
/// that leads nowhere (dangling, or in a circle) stays: `check` names it with its cause.
fn leads_out(path: &Path, root: &Path) -> bool {
    match (dunce::canonicalize(path), dunce::canonicalize(root)) {
        (Ok(target), Ok(root)) => !target.starts_with(root),
        _ => false,
    }
}

/// Whether the file at `path` below `root` (of kind `kind`, `len` bytes, both as the link
/// itself has them) is a report: a `.toml` that is neither `sachstand.toml` nor a skeleton,
/// not over 4 MiB, not a link out of the root, and in `reports/` or a report by its text.
fn is_report_file(root: &Path, path: &Path, kind: std::fs::FileType, len: u64) -> bool {
    if kind.is_dir() {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if !name.ends_with(".toml") || name == FILE_NAME || name.ends_with(".geruest.toml") {
        return false;
    }
    // Limit what is read: a report is far smaller than this.
    if len > 4 * 1024 * 1024 || (kind.is_symlink() && leads_out(path, root)) {
        return false;
    }
    path.starts_with(root.join("reports"))
        || std::fs::read_to_string(path).is_ok_and(|t| is_report_text(&t))
}

/// Whether `path` below `root` is one of the reports `reports(root)` finds, decided for this
/// one file (a few `stat`s, no walk): every folder on the way is a real folder the walk would
/// enter, and the file itself is a report.
pub fn is_report(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut folder = root.to_path_buf();
    let mut parts = rel.components().peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            break;
        }
        folder.push(part);
        let is_folder = std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_dir());
        if !is_folder || skipped_folder(&folder) {
            return false;
        }
    }
    std::fs::symlink_metadata(path)
        .is_ok_and(|m| is_report_file(root, path, m.file_type(), m.len()))
}

/// Every report file below `root`, sorted, as paths under `root`.
pub fn reports(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    // Links are not followed into folders (a linked file is checked below); the archive,
    // hidden folders and nested projects are not entered; unreadable folders are passed by.
    let walk = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_type().is_dir() || !skipped_folder(e.path()));
    for entry in walk.flatten() {
        let len = entry.metadata().map_or(0, |m| m.len());
        if is_report_file(root, entry.path(), entry.file_type(), len) {
            out.push(entry.path().to_path_buf());
        }
    }
    out.sort();
    out
}

/// `path` as the user sees it: relative to the current folder when it lies below it or
/// near it, else absolute.
pub fn shown(path: &Path) -> PathBuf {
    let Ok(cwd) = std::env::current_dir() else {
        return path.to_path_buf();
    };
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let cwd = cwd.canonical().unwrap_or(cwd);
    let abs = abs.canonical().unwrap_or(abs);
    let mut up = PathBuf::new();
    for (depth, ancestor) in cwd.ancestors().enumerate() {
        if depth > 3 {
            break;
        }
        if let Ok(rest) = abs.strip_prefix(ancestor) {
            return up.join(rest);
        }
        up.push("..");
    }
    abs
}

/// One Vorlagen-Nr. used by a report, with where it stands.
#[derive(Debug, Clone)]
pub struct NummerUse {
    /// The report (as found).
    pub path: PathBuf,
    /// The number.
    pub nummer: String,
    /// The file's text, for line and column.
    pub source: SourceFile,
    /// The span of the number's value.
    pub span: Range<usize>,
}

impl NummerUse {
    /// `path:line:col` of the number.
    pub fn position(&self) -> String {
        let (line, col) = self.source.line_col(self.span.start);
        format!("{}:{line}:{col}", self.source.name)
    }
}

/// The `kopf.nummer` of the report text, with its span.
fn nummer_of(text: &str) -> Option<(String, Range<usize>)> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    let kopf = doc.get_ref().get("kopf")?;
    let toml::de::DeValue::Table(kopf) = kopf.get_ref() else {
        return None;
    };
    let nummer = kopf.get("nummer")?;
    match nummer.get_ref() {
        toml::de::DeValue::String(s) => Some((s.to_string(), nummer.span())),
        _ => None,
    }
}

/// The Vorlagen-Nr. of the report at `path`, if it has one.
fn number_use(path: &Path) -> Option<NummerUse> {
    let text = std::fs::read_to_string(path).ok()?;
    let (nummer, span) = nummer_of(&text)?;
    // A path the user named stays as named; one found below the root is shown relative to
    // the current folder.
    let name = if path.is_absolute() {
        shown(path).display().to_string()
    } else {
        path.display().to_string()
    };
    Some(NummerUse {
        path: path.to_path_buf(),
        nummer,
        source: SourceFile::new(name, text),
        span,
    })
}

/// The Vorlagen-Nr. of every report in `files`, read on every core.
pub fn numbers(files: &[PathBuf]) -> Vec<NummerUse> {
    use rayon::prelude::*;
    files.par_iter().filter_map(|p| number_use(p)).collect()
}

/// The Vorlagen-Nr. recorded in the archive's index below `root`.
pub fn archived_numbers(root: &Path) -> BTreeSet<String> {
    let path = root.join(ARCHIVE).join("index.jsonl");
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeSet::new();
    };
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("vorlagen_nr")?.as_str().map(str::to_owned))
        .collect()
}

/// The next free Vorlagen-Nr. of `year` over every report of the project at `root` and its
/// archive.
pub fn next_free(muster: &NummerMuster, year: i32, root: &Path) -> String {
    let mut used = archived_numbers(root);
    used.extend(numbers(&reports(root)).into_iter().map(|u| u.nummer));
    // Each number used is read back through the pattern: every run of digits in it is a
    // candidate, the one the pattern turns into the same text is its running number.
    let highest = used
        .iter()
        .flat_map(|text| {
            text.split(|c: char| !c.is_ascii_digit())
                .filter_map(|digits| digits.parse::<u32>().ok())
                .filter(|n| (1..=99_999).contains(n) && muster.format(year, *n) == *text)
                .collect::<Vec<_>>()
        })
        .max()
        .unwrap_or(0);
    muster.format(year, highest + 1)
}

/// Errors for every report among `checked` whose Vorlagen-Nr. another report of the project
/// (`all`) also uses; each names both files with line and column. Each error comes with the
/// canonical path of the report it belongs to.
pub fn duplicates(checked: &[PathBuf], all: &[PathBuf]) -> Vec<(PathBuf, Diagnostic)> {
    use rayon::prelude::*;
    let canon = |p: &PathBuf| p.canonical().unwrap_or_else(|_| p.clone());
    let checked_canon: Vec<PathBuf> = checked.iter().map(canon).collect();
    let all_canon: Vec<PathBuf> = all.par_iter().map(canon).collect();
    // Each file once: the ones checked as named, then the project's others.
    let mut known: HashSet<&PathBuf> = HashSet::new();
    let files: Vec<(&PathBuf, &PathBuf)> = checked
        .iter()
        .zip(&checked_canon)
        .chain(all.iter().zip(&all_canon))
        .filter(|(_, c)| known.insert(c))
        .collect();
    let uses: Vec<(&PathBuf, NummerUse)> = files
        .par_iter()
        .filter_map(|(path, c)| number_use(path).map(|u| (*c, u)))
        .collect();
    let mut by_number: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, u)) in uses.iter().enumerate() {
        by_number.entry(u.nummer.as_str()).or_default().push(i);
    }
    let checked: HashSet<&PathBuf> = checked_canon.iter().collect();
    let mut out = Vec::new();
    for (i, (path, a)) in uses.iter().enumerate() {
        if !checked.contains(path) {
            continue;
        }
        let list: Vec<String> = by_number[a.nummer.as_str()]
            .iter()
            .filter(|j| **j != i)
            .map(|j| uses[*j].1.position())
            .collect();
        if list.is_empty() {
            continue;
        }
        let diag = Diagnostic::error(format!(
            "die Vorlagen-Nr. {} steht auch in {}",
            a.nummer,
            list.join(", ")
        ))
        .at(&a.source, a.span.clone())
        .hint("jede Vorlage braucht eine eigene Nummer; `sachstand new` vergibt die nächste freie Nummer des Jahres");
        out.push(((*path).clone(), diag));
    }
    out
}

/// `from` relative to the folder of `target` (both as given), e.g. `2022-11-x.toml`.
pub fn relative_path(from: &Path, target: &Path) -> String {
    let from_abs = std::path::absolute(from).unwrap_or_else(|_| from.to_path_buf());
    let target_dir =
        std::path::absolute(parent_folder(target)).unwrap_or_else(|_| parent_folder(target));
    let mut up = PathBuf::new();
    for ancestor in target_dir.ancestors() {
        if let Ok(rest) = from_abs.strip_prefix(ancestor) {
            return up.join(rest).to_string_lossy().replace('\\', "/");
        }
        up.push("..");
    }
    from_abs.to_string_lossy().into_owned()
}

/// The folder `path` lies in (`.` for a bare file name).
fn parent_folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_number_and_its_span() {
        let text = "vorlage = \"x\"\n[kopf]\nnummer = \"2024/0002\"\n";
        let (n, span) = nummer_of(text).unwrap_or_default();
        assert_eq!(n, "2024/0002");
        assert_eq!(&text[span], "\"2024/0002\"");
    }

    #[test]
    fn reports_are_told_apart_from_other_toml() {
        assert!(is_report_text(
            "vorlage = \"x\"\n[kopf]\ndatum = 2024-01-01\n"
        ));
        assert!(!is_report_text("[stadt]\nname = \"X\"\n"));
        assert!(is_report_text(
            "vorlage = \"x\"\n[kopf]\ndatum = 16.11.2022\n"
        ));
        // Broken reports are still reports.
        assert!(is_report_text("vorlag = \"x\"\n[kopf]\n"));
        assert!(is_report_text("vorlage = \"x\"\n[kopf\n"));
    }

    #[test]
    fn every_toml_in_reports_is_a_report_but_no_link_out_of_the_project()
    -> Result<(), Box<dyn std::error::Error>> {
        let outside = tempfile::tempdir()?;
        let root = tempfile::tempdir()?;
        let root = root.path();
        std::fs::create_dir_all(root.join("reports"))?;
        std::fs::create_dir_all(root.join("notizen"))?;
        std::fs::write(root.join(FILE_NAME), "[stadt]\nname = \"X\"\n")?;
        std::fs::write(root.join("reports/vertippt.toml"), "vorlag = \"x\"\n")?;
        std::fs::write(root.join("reports/leer.toml"), "")?;
        std::fs::write(root.join("notizen/liste.toml"), "[stadt]\nname = \"Y\"\n")?;
        std::fs::write(root.join("notizen/bericht.toml"), "vorlage = \"x\"\n")?;
        std::fs::write(
            outside.path().join("fremd.toml"),
            "vorlage = \"x\"\n[kopf]\n",
        )?;
        #[cfg(unix)]
        std::os::unix::fs::symlink(
            outside.path().join("fremd.toml"),
            root.join("reports/fremd.toml"),
        )?;
        let found: Vec<String> = reports(root)
            .iter()
            .filter_map(|p| p.strip_prefix(root).ok())
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(
            found,
            [
                "notizen/bericht.toml",
                "reports/leer.toml",
                "reports/vertippt.toml"
            ]
        );
        Ok(())
    }

    #[test]
    fn one_file_is_decided_as_the_walk_decides() -> Result<(), Box<dyn std::error::Error>> {
        // The editor asks is_report for one path per request instead of walking the project:
        // on a tree with every kind of file the walk skips, both must agree file for file.
        let outside = tempfile::tempdir()?;
        let dir = tempfile::tempdir()?;
        let root = dunce::canonicalize(dir.path())?;
        let report = "vorlage = \"x\"\n[kopf]\n";
        for folder in [
            "reports/2024",
            "notizen",
            ".versteckt",
            "archiv/2024",
            "target",
            "unter",
        ] {
            std::fs::create_dir_all(root.join(folder))?;
        }
        std::fs::write(root.join(FILE_NAME), "[stadt]\nname = \"X\"\n")?;
        std::fs::write(
            root.join("unter").join(FILE_NAME),
            "[stadt]\nname = \"Y\"\n",
        )?;
        for file in [
            "reports/a.toml",
            "reports/2024/b.toml",
            "reports/c.geruest.toml",
            "reports/notiz.txt",
            "notizen/bericht.toml",
            ".versteckt/d.toml",
            "archiv/2024/e.toml",
            "target/f.toml",
            "unter/g.toml",
        ] {
            std::fs::write(root.join(file), report)?;
        }
        std::fs::write(root.join("notizen/liste.toml"), "[stadt]\nname = \"Z\"\n")?;
        std::fs::write(
            root.join("reports/gross.toml"),
            vec![b'#'; 4 * 1024 * 1024 + 1],
        )?;
        std::fs::write(outside.path().join("fremd.toml"), report)?;
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                outside.path().join("fremd.toml"),
                root.join("reports/fremd.toml"),
            )?;
            std::os::unix::fs::symlink(
                root.join("reports/a.toml"),
                root.join("reports/innen.toml"),
            )?;
            std::os::unix::fs::symlink(outside.path(), root.join("reports/ordner"))?;
            std::os::unix::fs::symlink(root.join("reports/2024"), root.join("reports/verweis"))?;
        }
        let walked = reports(&root);
        let mut every = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(folder) = stack.pop() {
            for entry in std::fs::read_dir(&folder)?.flatten() {
                let path = entry.path();
                if entry.file_type()?.is_dir() {
                    stack.push(path.clone());
                }
                every.push(path);
            }
        }
        every.push(root.join("reports/ordner/fremd.toml"));
        every.push(root.join("reports/verweis/b.toml"));
        every.push(root.join("fehlt.toml"));
        assert!(walked.len() >= 4, "{walked:?}");
        for path in &every {
            assert_eq!(
                is_report(&root, path),
                walked.contains(path),
                "{}",
                path.display()
            );
        }
        Ok(())
    }
}
