//! `archiv/index.jsonl`, an append-only journal: one JSON line per filed version (and per file
//! set aside into `fundsachen/`), appended and synced to disk on its own; the file is never
//! rewritten by sachstand.
//!
//! Invariants: only a holder of the archive's lock (`crate::lock`) appends; a line is complete
//! when its `\n` is on disk. A last line without `\n` is the trace of a run that died while
//! writing it: readers skip it, and the next writer cuts it off before appending (the files it
//! named are then unindexed, and `archive` adopts them). Readers without the lock (OParl, the
//! editor's overview, `new`) may therefore read at any time.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub use crate::digest::sha256_hex;
use crate::error::Error;
use serde::{Deserialize, Serialize};

/// The index file inside the archive folder.
pub const INDEX: &str = "index.jsonl";

/// One consultation, as the index keeps it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Sitzung {
    /// Full name of the body.
    pub gremium: String,
    /// Meeting date (ISO).
    pub termin: String,
}

/// One archived version of a Vorlage.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Eintrag {
    /// Identity of the Vorlage across versions (`2023-0031`, or date and file name).
    pub basis: String,
    /// Version, from 1.
    pub version: u32,
    /// Why this version was made (from version 2 on).
    pub grund: Option<String>,
    /// The PDF, relative to the archive folder.
    pub datei: String,
    /// SHA-256 of the PDF (hex).
    pub sha256_datei: String,
    /// The copy of the source TOML, relative to the archive folder.
    pub quelle: String,
    /// SHA-256 of the source TOML (hex).
    pub sha256_quelle: String,
    /// Vorlagen-Nr., if any.
    pub vorlagen_nr: Option<String>,
    /// Vorlagenart.
    pub vorlage: String,
    /// Betreff as printed.
    pub betreff: String,
    /// Date of the Vorlage (ISO).
    pub datum: String,
    /// Beratungsfolge.
    pub beratungsfolge: Vec<Sitzung>,
    /// PDF standards met.
    pub standard: Vec<String>,
    /// The program that wrote it.
    pub werkzeug: String,
    /// The source file, relative to the project root (`reports/2023-02-x.toml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub herkunft: Option<String>,
    /// When this version was archived (RFC 3339, Berlin time); older lines have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archiviert: Option<String>,
    /// `false` for a nichtöffentliche Vorlage (never published); missing: öffentlich.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oeffentlich: Option<bool>,
    /// The release the version was filed under (older lines have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freigabe: Option<Freigabe>,
    /// The attached files filed with this version (older lines have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anlagen: Vec<super::anlagen::AnlageEintrag>,
}

/// A release as the index keeps it: who, when, the hash of the content released.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Freigabe {
    /// Name and office.
    pub durch: String,
    /// When (RFC 3339, Berlin time).
    pub am: String,
    /// `sha256:` and the hex digest of the report without its `[freigabe]` table.
    pub inhalt: String,
}

impl Eintrag {
    /// Whether this version may be published.
    pub fn is_public(&self) -> bool {
        self.oeffentlich != Some(false)
    }

    /// Every file this version filed with its SHA-256 (hex): the PDF, the source copy and the
    /// attached files, each relative to the archive folder.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        [
            (self.datei.as_str(), self.sha256_datei.as_str()),
            (self.quelle.as_str(), self.sha256_quelle.as_str()),
        ]
        .into_iter()
        .chain(
            self.anlagen
                .iter()
                .map(|a| (a.datei.as_str(), a.sha256.as_str())),
        )
    }
}

/// A file found in the archive without an index line (left by a run that died, or put there
/// by hand) and moved into `fundsachen/`, never deleted.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Fundsache {
    /// Where it is now, relative to the archive folder (`fundsachen/2023/x.pdf`).
    pub fundsache: String,
    /// Where it was found, relative to the archive folder.
    pub gefunden_als: String,
    /// SHA-256 of the file (hex).
    pub sha256: String,
    /// Why it was moved.
    pub anlass: String,
    /// When (RFC 3339, Berlin time).
    pub verschoben: String,
}

/// A paper withdrawn (`archive --zurueckziehen`): its files stay in the archive, OParl shows it
/// as deleted, the Mappe leaves it out, and it is not archived again.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Rueckzug {
    /// The Vorlagen-Nr. of the paper withdrawn.
    pub zurueckgezogen: String,
    /// Its identity across versions (`Eintrag::basis`).
    pub basis: String,
    /// Its latest version when it was withdrawn.
    pub version: u32,
    /// Why it was withdrawn.
    pub grund: String,
    /// Who withdrew it (the user account).
    pub von: String,
    /// When (RFC 3339, Berlin time).
    pub am: String,
}

/// The withdrawal of the paper `entry` is a version of, if it was withdrawn: a withdrawal
/// names the paper by its identity (`basis`) and its Vorlagen-Nr.
pub fn withdrawal_of<'a>(withdrawn: &'a [Rueckzug], entry: &Eintrag) -> Option<&'a Rueckzug> {
    withdrawn.iter().find(|w| {
        w.basis == entry.basis || entry.vorlagen_nr.as_deref() == Some(w.zurueckgezogen.as_str())
    })
}

/// The withdrawal of the Vorlage numbered `nummer` (or with the identity `basis`), if any.
pub fn withdrawal_named<'a>(
    withdrawn: &'a [Rueckzug],
    nummer: Option<&str>,
    basis: &str,
) -> Option<&'a Rueckzug> {
    withdrawn
        .iter()
        .find(|w| w.basis == basis || nummer == Some(w.zurueckgezogen.as_str()))
}

/// The withdrawal that bars a report from archive and Mappe: of the Vorlage numbered `nummer`
/// or named `basis`, or of any paper filed from the same source file `herkunft` (a withdrawn
/// paper's file given a new number is still that paper; its successor is a new file).
pub fn withdrawal_for<'a>(
    entries: &[Eintrag],
    withdrawn: &'a [Rueckzug],
    (nummer, basis, herkunft): (Option<&str>, &str, &str),
) -> Option<&'a Rueckzug> {
    withdrawal_named(withdrawn, nummer, basis).or_else(|| {
        entries
            .iter()
            .filter(|e| e.herkunft.as_deref() == Some(herkunft))
            .find_map(|e| withdrawal_of(withdrawn, e))
    })
}

/// `am` of a withdrawal as a German date (`12.03.2023`), or as recorded.
pub fn shown_date(rueckzug: &Rueckzug) -> String {
    crate::berlin::parse(&rueckzug.am).map_or_else(
        || rueckzug.am.clone(),
        |at| crate::german::date_short(at.date()),
    )
}

/// A Beratungsergebnis (`sachstand ergebnis`): what a Gremium decided on a paper in one
/// Sitzung of its Beratungsfolge. Recorded once per Beratung; OParl shows it as the
/// AgendaItem's `result`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Ergebnis {
    /// The Vorlagen-Nr. of the paper (or its identity when it has none).
    pub ergebnis_zu: String,
    /// Its identity across versions (`Eintrag::basis`).
    pub basis: String,
    /// The Gremium as the Beratungsfolge names it (full name).
    pub gremium: String,
    /// The Gremium's key in the register, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gremium_key: Option<String>,
    /// The Sitzung (ISO date).
    pub termin: String,
    /// The result in its German wording (`zur Kenntnis genommen`).
    pub ergebnis: String,
    /// Votes in favour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ja: Option<u32>,
    /// Votes against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nein: Option<u32>,
    /// Abstentions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enthaltungen: Option<u32>,
    /// Who recorded it (the user account).
    pub von: String,
    /// When (RFC 3339, Berlin time).
    pub am: String,
}

/// One line of the journal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Line {
    /// A filed version.
    Eintrag(Box<Eintrag>),
    /// A file set aside.
    Fundsache(Fundsache),
    /// A paper withdrawn.
    Rueckzug(Rueckzug),
    /// A Beratungsergebnis.
    Ergebnis(Ergebnis),
}

/// The journal as read so far.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    /// Every filed version, in the order filed.
    pub entries: Vec<Eintrag>,
    /// Every file set aside.
    pub found: Vec<Fundsache>,
    /// Every paper withdrawn, in the order withdrawn.
    pub withdrawn: Vec<Rueckzug>,
    /// Every Beratungsergebnis, in the order recorded.
    pub results: Vec<Ergebnis>,
    /// 1-based numbers of complete lines that could not be read.
    pub broken: Vec<usize>,
    /// Bytes of complete lines read.
    read_to: u64,
    /// Complete lines read.
    lines: usize,
    /// Bytes after the last complete line (a torn last line).
    pub torn: u64,
    /// Which file was read (device and inode on Unix): another file at the same name (an
    /// index restored from a backup) is read from its start.
    identity: Option<(u64, u64)>,
}

/// Device and inode of `meta` (Unix); elsewhere only a shorter file is noticed.
fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

impl Journal {
    /// The journal of the archive in `folder` (empty when it has none yet).
    pub fn open(folder: &Path) -> Result<Self, Error> {
        let mut journal = Journal {
            path: folder.join(INDEX),
            entries: Vec::new(),
            found: Vec::new(),
            withdrawn: Vec::new(),
            results: Vec::new(),
            broken: Vec::new(),
            read_to: 0,
            lines: 0,
            torn: 0,
            identity: None,
        };
        journal.refresh()?;
        Ok(journal)
    }

    /// The journal of the archive in `folder`, for a record that must see every line before it
    /// appends one (a withdrawal, a Beratungsergebnis): a usage error when a line is broken.
    pub fn open_whole(folder: &Path) -> Result<Self, Error> {
        let journal = Self::open(folder)?;
        if let Some(line) = journal.broken.first() {
            return Err(Error::Usage(format!(
                "der Archivindex {} ist in Zeile {line} beschädigt; prüfen Sie ihn mit `sachstand archive --verify`",
                crate::project::files::shown(journal.path()).display(),
            )));
        }
        Ok(journal)
    }

    /// The latest version filed under the Vorlagen-Nr. or the archive name `nummer`.
    pub fn latest(&self, nummer: &str) -> Option<&Eintrag> {
        self.entries
            .iter()
            .filter(|e| e.vorlagen_nr.as_deref() == Some(nummer) || e.basis == nummer)
            .max_by_key(|e| e.version)
    }

    /// The index file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads what was appended since the last read; starts over when the file became shorter
    /// or is another file (replaced by hand, from a backup or by an older sachstand).
    pub fn refresh(&mut self) -> Result<(), Error> {
        const WHAT: &str = "Der Archivindex kann nicht gelesen werden";
        let mut file = match File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.reset();
                self.identity = None;
                return Ok(());
            }
            Err(e) => return Err(Error::io(WHAT, &self.path, e)),
        };
        let meta = file
            .metadata()
            .map_err(|e| Error::io(WHAT, &self.path, e))?;
        if meta.len() < self.read_to || identity(&meta) != self.identity {
            self.reset();
            self.identity = identity(&meta);
        }
        file.seek(SeekFrom::Start(self.read_to))
            .map_err(|e| Error::io(WHAT, &self.path, e))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| Error::io(WHAT, &self.path, e))?;
        let complete = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let body = &bytes[..complete];
        let body = body.strip_suffix(b"\n").unwrap_or(body);
        if complete > 0 {
            for raw in body.split(|b| *b == b'\n') {
                self.lines += 1;
                let text = String::from_utf8_lossy(raw);
                if text.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Line>(&text) {
                    Ok(Line::Eintrag(entry)) => self.entries.push(*entry),
                    Ok(Line::Fundsache(found)) => self.found.push(found),
                    Ok(Line::Rueckzug(withdrawn)) => self.withdrawn.push(withdrawn),
                    Ok(Line::Ergebnis(result)) => self.results.push(result),
                    Err(_) => self.broken.push(self.lines),
                }
            }
        }
        self.read_to += complete as u64;
        self.torn = (bytes.len() - complete) as u64;
        Ok(())
    }

    fn reset(&mut self) {
        self.entries.clear();
        self.found.clear();
        self.withdrawn.clear();
        self.results.clear();
        self.broken.clear();
        self.read_to = 0;
        self.lines = 0;
        self.torn = 0;
    }

    /// The torn last line as a warning, if there is one.
    pub fn torn_warning(&self) -> Option<String> {
        (self.torn > 0).then(|| {
            format!(
                "warnung: die letzte Zeile von {} ist unvollständig (ein Lauf wurde beim Schreiben abgebrochen) und wird übergangen; ihre Dateien übernimmt der nächste `sachstand archive` desselben Berichts",
                crate::project::files::shown(&self.path).display()
            )
        })
    }

    /// Appends `line` and syncs it to disk; the caller holds the archive's lock and has just
    /// refreshed. A torn last line is cut off first.
    pub fn append(&mut self, line: &Line) -> Result<(), Error> {
        const WHAT: &str = "Der Archivindex kann nicht geschrieben werden";
        let mut text = serde_json::to_string(line).map_err(|e| {
            Error::Usage(format!(
                "der Archivindex kann nicht geschrieben werden: {e}"
            ))
        })?;
        text.push('\n');
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| Error::io(WHAT, &self.path, e))?;
        if self.torn > 0 {
            self.cut_torn()?;
        }
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(|e| Error::io(WHAT, &self.path, e))?;
        if self.read_to == 0 {
            // A new index: its name must survive a crash, and colleagues may append to it.
            if let Some(folder) = self.path.parent() {
                crate::lock::share_with_the_folder(folder, &file);
                crate::output::sync_folder(folder)?;
            }
        }
        self.read_to += text.len() as u64;
        self.lines += 1;
        match line {
            Line::Eintrag(entry) => self.entries.push((**entry).clone()),
            Line::Fundsache(found) => self.found.push(found.clone()),
            Line::Rueckzug(withdrawn) => self.withdrawn.push(withdrawn.clone()),
            Line::Ergebnis(result) => self.results.push(result.clone()),
        }
        Ok(())
    }

    /// Settles a last line without its `\n` (the caller holds the archive's lock): a whole line
    /// (a hand edit that lost the final newline) is completed and read, anything else (a run
    /// that died while writing it) is cut off.
    pub fn cut_torn(&mut self) -> Result<(), Error> {
        const WHAT: &str = "Der Archivindex kann nicht geschrieben werden";
        let fail = |e| Error::io(WHAT, &self.path, e);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&self.path)
            .map_err(fail)?;
        let mut tail = Vec::new();
        file.seek(SeekFrom::Start(self.read_to))
            .and_then(|_| file.read_to_end(&mut tail))
            .map_err(fail)?;
        if serde_json::from_slice::<Line>(&tail).is_ok() {
            file.seek(SeekFrom::End(0))
                .and_then(|_| file.write_all(b"\n"))
                .and_then(|()| file.sync_data())
                .map_err(fail)?;
            drop(file);
            return self.refresh();
        }
        file.set_len(self.read_to)
            .and_then(|()| file.sync_data())
            .map_err(fail)?;
        self.torn = 0;
        Ok(())
    }

    /// Whether an entry or a Fundsache names `rel` (a path relative to the archive folder).
    pub fn names(&self, rel: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.files().any(|(filed, _)| filed == rel))
            || self.found.iter().any(|f| f.fundsache == rel)
    }
}

/// Reads the index; a line that cannot be read is returned as its 1-based number. A torn last
/// line is left out.
pub fn read_index(folder: &Path) -> Result<(Vec<Eintrag>, Vec<usize>), Error> {
    let journal = Journal::open(folder)?;
    Ok((journal.entries, journal.broken))
}

/// Every version and every withdrawal of an index, in the order written.
pub type Papers = (Vec<Eintrag>, Vec<Rueckzug>);

/// Every Beratungsergebnis of the index (a missing index, or one with a broken line: none;
/// `archive --verify` names the line).
pub fn read_results(folder: &Path) -> Result<Vec<Ergebnis>, Error> {
    let journal = Journal::open(folder)?;
    Ok(if journal.broken.is_empty() {
        journal.results
    } else {
        Vec::new()
    })
}

/// Every version and every withdrawal of the index (a missing index: none), or the 1-based
/// number of its first line that cannot be read.
pub fn read_all(folder: &Path) -> Result<Result<Papers, usize>, Error> {
    let journal = Journal::open(folder)?;
    Ok(match journal.broken.first() {
        Some(line) => Err(*line),
        None => Ok((journal.entries, journal.withdrawn)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn found(name: &str) -> Line {
        Line::Fundsache(Fundsache {
            fundsache: format!("fundsachen/{name}"),
            gefunden_als: name.into(),
            sha256: sha256_hex(name.as_bytes()),
            anlass: "test".into(),
            verschoben: "2026-12-06T10:00:00+01:00".into(),
        })
    }

    #[test]
    fn appends_are_read_back_and_only_new_bytes_are_read() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut writer = Journal::open(dir.path())?;
        writer.append(&found("a"))?;
        let mut reader = Journal::open(dir.path())?;
        writer.append(&found("b"))?;
        reader.refresh()?;
        assert_eq!(reader.found, writer.found);
        assert_eq!(reader.found.len(), 2);
        assert!(reader.broken.is_empty());
        Ok(())
    }

    #[test]
    fn a_torn_last_line_is_skipped_and_cut_off_by_the_next_append() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut writer = Journal::open(dir.path())?;
        writer.append(&found("a"))?;
        let mut file = OpenOptions::new().append(true).open(writer.path())?;
        file.write_all(b"{\"fundsache\": \"fundsa")?;
        let mut journal = Journal::open(dir.path())?;
        assert_eq!(journal.found.len(), 1);
        assert!(journal.broken.is_empty());
        assert!(journal.torn_warning().is_some());
        journal.append(&found("b"))?;
        let text = std::fs::read_to_string(journal.path())?;
        assert_eq!(text.lines().count(), 2, "{text}");
        assert_eq!(Journal::open(dir.path())?.found.len(), 2);
        Ok(())
    }

    #[test]
    fn an_index_replaced_by_another_file_is_read_from_its_start() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut journal = Journal::open(dir.path())?;
        journal.append(&found("a"))?;
        journal.append(&found("b"))?;
        // A longer index from a backup, put in place by rename.
        let backup = tempfile::tempdir()?;
        let mut other = Journal::open(backup.path())?;
        for name in ["x", "y", "z"] {
            other.append(&found(name))?;
        }
        std::fs::rename(other.path(), journal.path())?;
        journal.refresh()?;
        let names: Vec<&str> = journal
            .found
            .iter()
            .map(|f| f.gefunden_als.as_str())
            .collect();
        assert_eq!(names, ["x", "y", "z"]);
        Ok(())
    }

    #[test]
    fn a_whole_last_line_without_its_newline_is_kept() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut writer = Journal::open(dir.path())?;
        writer.append(&found("a"))?;
        writer.append(&found("b"))?;
        // A hand edit that dropped the final newline.
        let text = std::fs::read_to_string(writer.path())?;
        std::fs::write(writer.path(), text.trim_end())?;
        let mut journal = Journal::open(dir.path())?;
        journal.append(&found("c"))?;
        let names: Vec<String> = Journal::open(dir.path())?
            .found
            .iter()
            .map(|f| f.gefunden_als.clone())
            .collect();
        assert_eq!(names, ["a", "b", "c"]);
        Ok(())
    }

    #[test]
    fn a_broken_line_in_the_middle_is_named_by_its_number() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut writer = Journal::open(dir.path())?;
        writer.append(&found("a"))?;
        let mut file = OpenOptions::new().append(true).open(writer.path())?;
        file.write_all(b"kaputt\n")?;
        drop(file);
        writer.refresh()?;
        writer.append(&found("b"))?;
        let journal = Journal::open(dir.path())?;
        assert_eq!(journal.broken, vec![2]);
        assert_eq!(journal.found.len(), 2);
        Ok(())
    }
}
