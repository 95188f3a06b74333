//! Withdrawn papers (`archive --zurueckziehen`) as OParl's deleted objects (OParl 1.1,
//! „Gelöschte Objekte“): the Paper, its Consultations and its Files (PDFs and attached files)
//! keep `id`, `type` and `created`, get `deleted: true` and `modified` = the time of the
//! withdrawal, and lose every other attribute, except a File's `accessUrl`, which the File
//! schema requires (that URL then answers 410). They stay in their lists, so a client syncing
//! with `modified_since` learns of the deletion; their Meetings and Organizations stay as they
//! were.

use serde_json::{Value, json};
use time::OffsetDateTime;

use super::build::{Builder, Source, archived_at};
use super::model::type_url;
use crate::archive::Eintrag;
use crate::german::slug;

impl Builder<'_> {
    /// A deleted object of `kind` at `path`, filed under it and into `list`.
    fn deleted(
        &mut self,
        path: &str,
        kind: &str,
        list: &str,
        times: (OffsetDateTime, OffsetDateTime),
        extra: Option<(&str, Value)>,
    ) {
        let mut object = json!({
            "id": self.endpoint.url(path),
            "type": type_url(kind),
            "deleted": true,
        });
        if let Some((key, value)) = extra {
            object[key] = value;
        }
        self.stamp(&mut object, times.0, times.1);
        self.add(path, Some(list), object, times);
    }

    /// The withdrawn paper of `versions` (oldest first), withdrawn at `at`: its Paper, its
    /// Consultations and (when Files are published) its Files as deleted objects; its PDFs
    /// are gone. `source`: what its latest TOML adds (the Federführung's Organization stays).
    pub(super) fn deleted_paper(
        &mut self,
        versions: &[&Eintrag],
        source: &Source,
        at: OffsetDateTime,
    ) {
        let (Some(first), Some(latest)) = (versions.first(), versions.last()) else {
            return;
        };
        let prefix = self.scope.prefix();
        let created = archived_at(first);
        for entry in versions {
            let (path, pdf_path) = self.file_paths(entry);
            if self.files {
                let access = json!(self.endpoint.url(&pdf_path));
                let times = (archived_at(entry), at);
                self.deleted(&path, "File", "files", times, Some(("accessUrl", access)));
            }
            self.endpoint.withdrawn.insert(pdf_path);
            for anlage in &entry.anlagen {
                let (path, download) = self.anlage_paths(anlage);
                if self.files {
                    let access = json!(self.endpoint.url(&download));
                    let times = (archived_at(entry), at);
                    self.deleted(&path, "File", "files", times, Some(("accessUrl", access)));
                }
                self.endpoint.withdrawn.insert(download);
            }
        }
        for (i, sitzung) in latest.beratungsfolge.iter().enumerate() {
            // The Sitzung itself still takes place: its Meeting stays.
            self.meeting(&sitzung.gremium, &sitzung.termin);
            let path = format!("{prefix}consultation/{}-{}", slug(&first.basis), i + 1);
            self.deleted(&path, "Consultation", "consultations", (created, at), None);
        }
        if let Some(lead) = &source.federfuehrung {
            self.organization(lead, true);
        }
        let path = format!("{prefix}paper/{}", slug(&first.basis));
        self.deleted(&path, "Paper", "papers", (created, at), None);
    }
}
