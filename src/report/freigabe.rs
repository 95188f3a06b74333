//! The release of a Vorlage: the hash of its content and where the paper stands (Entwurf,
//! freigegeben, or changed since its release).
//!
//! The record lives in the report itself, as the table `[freigabe]`; the content's hash is the
//! SHA-256 of the file's text with that table taken out (`toml_edit`, so everything else stays
//! byte for byte). Every other byte of the file counts: a changed comma, an added
//! Mitzeichnung, a new date all return the paper to Entwurf. The project's settings and the
//! templates are not part of the hash.

use toml_edit::{DocumentMut, Item, Table, value};

use crate::diag::Diagnostic;
use crate::report::load::Loaded;
use crate::report::model::Freigabe;

/// The key of the release record.
pub const KEY: &str = "freigabe";

/// Where a paper stands.
#[derive(Debug, Clone, Copy)]
pub enum Stand<'a> {
    /// Never released.
    Entwurf,
    /// Released, and the content is the one released.
    Freigegeben(&'a Freigabe),
    /// Released once, but the content changed since: an Entwurf again.
    Geaendert(&'a Freigabe),
}

impl Stand<'_> {
    /// Whether the paper is a draft (not released, or changed since).
    pub fn is_draft(&self) -> bool {
        !matches!(self, Stand::Freigegeben(_))
    }

    /// One German word for lists (`Entwurf`, `freigegeben`).
    pub fn word(&self) -> &'static str {
        match self {
            Stand::Entwurf => "Entwurf",
            Stand::Freigegeben(_) => "freigegeben",
            Stand::Geaendert(_) => "Entwurf (seit der Freigabe geändert)",
        }
    }
}

/// The hash of a report's content: `sha256:` and the hex digest of its text without
/// `[freigabe]`, followed by one line per attached file (`anlagen`: `anlage 2 <sha256>`, see
/// `project::anlage::digests`), so that a changed attachment is a changed paper. Without
/// attachments the hash is that of the text alone. `None` when the text is no TOML (such a
/// file has no content to release).
pub fn content_hash(text: &str, anlagen: &[String]) -> Option<String> {
    let mut doc: DocumentMut = text.parse().ok()?;
    doc.remove(KEY);
    let mut content = doc.to_string();
    for line in anlagen {
        content.push('\n');
        content.push_str(line);
    }
    Some(format!(
        "sha256:{}",
        crate::digest::sha256_hex(content.as_bytes())
    ))
}

/// Where the loaded report stands, with the digests of its attached files (`anlagen`).
pub fn stand<'a>(loaded: &'a Loaded, anlagen: &[String]) -> Stand<'a> {
    let Some(record) = &loaded.data.freigabe else {
        return Stand::Entwurf;
    };
    if content_hash(&loaded.source.text, anlagen).as_deref() == Some(record.inhalt.as_str()) {
        Stand::Freigegeben(record)
    } else {
        Stand::Geaendert(record)
    }
}

/// `am` of a record as a person reads it (`06.12.2026, 09:12 Uhr`), or as written.
pub fn when(record: &Freigabe) -> String {
    match crate::berlin::parse(&record.am) {
        Some(at) => format!(
            "{}, {:02}:{:02} Uhr",
            crate::german::date_short(at.date()),
            at.hour(),
            at.minute()
        ),
        None => record.am.clone(),
    }
}

/// What `check` says about the release: a warning when the content changed since, one per
/// Mitzeichnung still open.
pub fn check(loaded: &Loaded, anlagen: &[String]) -> Vec<Diagnostic> {
    let mut out = open_signoffs(loaded);
    let Stand::Geaendert(record) = stand(loaded, anlagen) else {
        return out;
    };
    out.push(
        loaded
            .warning_at(
                KEY,
                format!(
                    "freigegeben durch {} am {}, aber der Inhalt hat sich seither geändert: die Vorlage ist wieder ein Entwurf",
                    record.durch,
                    when(record)
                ),
            )
            .hint(format!(
                "prüfen Sie die Änderung und geben Sie die Vorlage erneut frei: `sachstand freigabe {} --durch \"Name, Amtsbezeichnung\"`",
                crate::shell::quote(&loaded.path)
            )),
    );
    out
}

/// The Mitzeichnungen still open (no `datum`): one warning each, at its row.
pub fn open_signoffs(loaded: &Loaded) -> Vec<Diagnostic> {
    let rows = loaded.data.mitzeichnung.iter().enumerate();
    rows.filter(|(_, m)| m.is_open())
        .map(|(i, m)| {
            loaded
                .warning_at(
                    &format!("mitzeichnung[{}]", i + 1),
                    format!("die Mitzeichnung durch {} steht noch aus (kein Datum)", m.stelle),
                )
                .hint("tragen Sie nach der Mitzeichnung `datum` (und `name`) ein; vor der Freigabe muss jede Mitzeichnung ein Datum haben")
        })
        .collect()
}

/// `text` with the release record set to (`durch`, `am`) and the hash of its content (with
/// the digests of its attached files, `anlagen`); other bytes stay as they are. `None` when
/// the text is no TOML.
pub fn with_record(
    text: &str,
    durch: &str,
    am: &str,
    anlagen: &[String],
) -> Option<(String, String)> {
    let hash = content_hash(text, anlagen)?;
    let mut doc: DocumentMut = text.parse().ok()?;
    doc.remove(KEY);
    let mut table = Table::new();
    table.insert("durch", value(durch));
    table.insert("am", value(am));
    table.insert("inhalt", value(hash.as_str()));
    table
        .decor_mut()
        .set_prefix("\n# Freigabe (sachstand freigabe); jede Änderung außerhalb dieser Tabelle macht die Vorlage wieder zum Entwurf.\n");
    doc.insert(KEY, Item::Table(table));
    Some((doc.to_string(), hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_is_not_part_of_the_hash() {
        let text = "vorlage = \"mitteilungsvorlage\"\n\n[kopf]\nbetreff = \"x\"\n";
        let (released, hash) = with_record(
            text,
            "Schmidt, Bürgermeister",
            "2026-12-06T09:00:00+01:00",
            &[],
        )
        .unwrap();
        assert!(released.starts_with(text), "{released}");
        assert!(released.contains("[freigabe]"));
        assert_eq!(content_hash(&released, &[]), Some(hash.clone()));
        let again = with_record(
            &released,
            "Müller, Dezernent",
            "2026-12-07T09:00:00+01:00",
            &[],
        )
        .unwrap();
        assert_eq!(again.1, hash);
        let edited = released.replace("betreff = \"x\"", "betreff = \"y\"");
        assert_ne!(content_hash(&edited, &[]), Some(hash));
    }

    #[test]
    fn the_hash_holds_without_a_final_newline_and_with_a_last_comment() {
        for text in [
            "vorlage = \"mitteilungsvorlage\"",
            "vorlage = \"mitteilungsvorlage\"\n# Ende\n",
        ] {
            let (released, hash) =
                with_record(text, "A, B", "2026-12-06T09:00:00+01:00", &[]).unwrap();
            assert_eq!(content_hash(&released, &[]), Some(hash), "{released}");
            assert!(released.parse::<DocumentMut>().is_ok(), "{released}");
        }
    }

    #[test]
    fn an_attached_file_belongs_to_the_content() {
        let text = "vorlage = \"beschlussvorlage\"\n";
        assert_eq!(content_hash(text, &[]), content_hash(text, &[]));
        let one = content_hash(text, &["anlage 2 aa".to_owned()]);
        let other = content_hash(text, &["anlage 2 bb".to_owned()]);
        assert_ne!(one, content_hash(text, &[]));
        assert_ne!(one, other);
    }
}
