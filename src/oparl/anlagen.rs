//! The files a paper attaches (its Anlagen, filed by `archive::anlagen`) as OParl Files: each
//! archived attachment is a `File` in the Paper's `auxiliaryFile`, with name, fileName,
//! mimeType, size, `sha512Checksum` (OParl 1.1 knows no SHA-256 field; the index's SHA-256
//! goes along as `sachstand:sha256`) and a download under `anlage/<archived path>`.
//!
//! Ids come from the archived path (`file/2023-2023-0031-anlage-2`), which never changes once
//! filed; a file is served only as filed (`archive::read_filed`). Published only where the
//! paper's Files are (`[oparl] personen_veroeffentlichen`, öffentlich, not withdrawn).

use serde_json::{Value, json};
use sha2::{Digest, Sha512};

use super::build::{Anlagen, Builder, archived_at};
use super::model::{FiledAnlage, FiledPdf, type_url};
use crate::archive::Eintrag;
use crate::archive::anlagen::AnlageEintrag;
use crate::error::Error;
use crate::german::slug;

impl Builder<'_> {
    /// The path of an attachment's File and the path its file is served under.
    pub(super) fn anlage_paths(&self, anlage: &AnlageEintrag) -> (String, String) {
        let prefix = self.scope.prefix();
        let stem = anlage
            .datei
            .rsplit_once('.')
            .map_or(anlage.datei.as_str(), |(stem, _)| stem);
        (
            format!("{prefix}file/{}", slug(stem)),
            format!("{prefix}anlage/{}", anlage.datei),
        )
    }

    /// The Files of the attachments of the version `entry` (filed in the archive, or a
    /// draft's), each also filed under its own path and into the list `files`; a filed one is
    /// served.
    pub(super) fn anlage_files(
        &mut self,
        attached: &Anlagen,
        entry: &Eintrag,
        paper: &str,
    ) -> Result<Vec<Value>, Error> {
        let mut files = Vec::new();
        for (i, anlage) in entry.anlagen.iter().enumerate() {
            let (bytes, served) = match attached {
                Anlagen::Filed(folder) => {
                    let filed = FiledPdf {
                        folder: folder.clone(),
                        rel: anlage.datei.clone(),
                        sha256: anlage.sha256.clone(),
                    };
                    let media_type = anlage.medientyp.clone();
                    (filed.read()?, Some(FiledAnlage { filed, media_type }))
                }
                Anlagen::Draft(drafted) => {
                    (drafted.get(i).map(|b| b.to_vec()).unwrap_or_default(), None)
                }
            };
            let (path, download) = self.anlage_paths(anlage);
            let mut name = format!("Anlage {}: {}", anlage.nummer, anlage.titel);
            if entry.version > 1 {
                name = format!("{name} (Version {})", entry.version);
            }
            let mut file = json!({
                "id": self.endpoint.url(&path),
                "type": type_url("File"),
                "name": name,
                "fileName": anlage.datei.rsplit('/').next().unwrap_or(&anlage.datei),
                "mimeType": anlage.medientyp,
                "date": entry.datum,
                "size": bytes.len(),
                "sha512Checksum": crate::digest::hex(&Sha512::digest(&bytes)),
                "sachstand:sha256": anlage.sha256,
                "accessUrl": self.endpoint.url(&download),
                "downloadUrl": self.endpoint.url(&download),
                "paper": [self.endpoint.url(paper)],
            });
            let at = archived_at(entry);
            self.stamp(&mut file, at, at);
            self.add(&path, Some("files"), file.clone(), (at, at));
            if let Some(served) = served {
                self.endpoint.anlagen.insert(download, served);
            }
            files.push(file);
        }
        Ok(files)
    }

    /// A Paper's `auxiliaryFile`: the current version's attachments, then each older version's
    /// PDF followed by its attachments, oldest first. `older`: the older PDFs' Files, oldest
    /// first; `anlagen`: the attachments' Files of every version, oldest first (the latest last).
    pub(super) fn auxiliary(older: &[Value], anlagen: &[Vec<Value>]) -> Vec<Value> {
        let Some((current, before)) = anlagen.split_last() else {
            return older.to_vec();
        };
        let mut auxiliary = current.clone();
        for (i, pdf) in older.iter().enumerate() {
            auxiliary.push(pdf.clone());
            auxiliary.extend(before.get(i).into_iter().flatten().cloned());
        }
        auxiliary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_attachments_come_first_then_each_older_version() {
        let v = |s: &str| json!(s);
        let older = [v("pdf1"), v("pdf2")];
        let anlagen = [vec![v("a1")], vec![], vec![v("a3"), v("b3")]];
        assert_eq!(
            Builder::auxiliary(&older, &anlagen),
            [v("a3"), v("b3"), v("pdf1"), v("a1"), v("pdf2")]
        );
        assert_eq!(Builder::auxiliary(&older, &[]), older);
    }
}
