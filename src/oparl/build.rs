//! Builds the endpoint from the archive: issued papers only, never the drafts in `reports/`.
//!
//! Sources: `archiv/index.jsonl` (one line per archived PDF version), the archived PDFs (size,
//! SHA-512), the archived TOML copies (Federführung, Rolle) and the Gremien register of
//! `sachstand.toml`. Ids come from facts that never change once archived: a Paper is named by
//! the key of its first archived version, a File by its archived path; times come from the
//! index (`archiviert`, or for older lines the Vorlage's date at midnight), so two builds of the
//! same archive give the same JSON.

use std::path::Path;

use serde_json::{Value, json};
use sha2::{Digest, Sha512};
use time::{OffsetDateTime, Time};

use super::model::{Endpoint, Entry, type_url};
use crate::archive::{Eintrag, read_index};
use crate::berlin;
use crate::error::Error;
use crate::german::parse_iso_date;
use crate::german::slug;
use crate::project::{self, GremiumArt};

/// The external lists of the Body: (Body property, path).
pub const BODY_LISTS: [(&str, &str); 10] = [
    ("organization", "organizations"),
    ("person", "persons"),
    ("meeting", "meetings"),
    ("paper", "papers"),
    ("agendaItem", "agenda-items"),
    ("consultation", "consultations"),
    ("file", "files"),
    ("locationList", "locations"),
    ("legislativeTermList", "legislative-terms"),
    ("membership", "memberships"),
];

/// When an entry was archived: recorded, or (older lines) its date at midnight in Berlin.
fn archived_at(entry: &Eintrag) -> OffsetDateTime {
    entry
        .archiviert
        .as_deref()
        .and_then(berlin::parse)
        .or_else(|| parse_iso_date(&entry.datum).map(|d| berlin::local(d, Time::MIDNIGHT)))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The versions of one paper, oldest first: same key, or the same source file (a paper that
/// got its Vorlagen-Nr. after its first archiving).
fn group(entries: &[Eintrag]) -> Vec<Vec<&Eintrag>> {
    let mut papers: Vec<Vec<&Eintrag>> = Vec::new();
    for entry in entries {
        let same = |e: &&Eintrag| {
            e.basis == entry.basis || (e.herkunft.is_some() && e.herkunft == entry.herkunft)
        };
        match papers.iter_mut().find(|p| p.iter().any(same)) {
            Some(paper) => paper.push(entry),
            None => papers.push(vec![entry]),
        }
    }
    for paper in &mut papers {
        paper.sort_by_key(|e| (archived_at(e), e.version));
    }
    papers
}

/// The papers that may be published, each with its public versions, oldest first. A
/// nichtöffentliche Vorlage (§ 52 HGO) is left out before anything is built: no Paper, File,
/// Consultation or link, and its times count nowhere. The latest version decides for the
/// whole paper: made nichtöffentlich later, it goes offline as a whole; released later, only
/// its public versions appear.
fn public_papers<'a>(folder: &Path, entries: &'a [Eintrag]) -> Vec<Vec<&'a Eintrag>> {
    let public = |e: &Eintrag| e.is_public() && copy_is_public(folder, e);
    group(entries)
        .into_iter()
        .filter(|versions| versions.last().is_some_and(|latest| public(latest)))
        .map(|versions| versions.into_iter().filter(|e| public(e)).collect())
        .collect()
}

/// Whether the archived TOML copy of `entry` (read only as filed) is öffentlich. The index's
/// mark alone is not trusted: an older sachstand that rewrites the index drops it, and the
/// copy cannot change. A copy that cannot be read as filed counts as nichtöffentlich.
fn copy_is_public(folder: &Path, entry: &Eintrag) -> bool {
    crate::archive::read_filed(folder, &entry.quelle, &entry.sha256_quelle)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.parse::<toml::Table>().ok())
        .is_some_and(|table| {
            table
                .get("kopf")
                .and_then(|k| k.get("oeffentlich"))
                .and_then(toml::Value::as_bool)
                != Some(false)
        })
}

/// What the archived TOML copy adds to the index: Federführung and the Rollen.
struct Source {
    federfuehrung: Option<String>,
    rollen: Vec<Option<String>>,
}

/// Read only as filed (no link, the index's checksum): nothing the archive did not file.
fn source(folder: &Path, entry: &Eintrag) -> Source {
    let table = crate::archive::read_filed(folder, &entry.quelle, &entry.sha256_quelle)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.parse::<toml::Table>().ok())
        .unwrap_or_default();
    let federfuehrung = table
        .get("kopf")
        .and_then(|k| k.get("federfuehrung"))
        .and_then(|f| f.as_str())
        .map(str::to_owned);
    let rollen = table
        .get("beratungsfolge")
        .and_then(|b| b.as_array())
        .map(|list| {
            list.iter()
                .map(|b| b.get("rolle").and_then(|r| r.as_str()).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Source {
        federfuehrung,
        rollen,
    }
}

/// The spec's classification of a Gremium ("Parlament" for the council).
pub fn classification(art: GremiumArt) -> &'static str {
    match art {
        GremiumArt::Magistrat => "Magistrat",
        GremiumArt::Ausschuss => "Ausschuss",
        GremiumArt::Stadtverordnetenversammlung => "Parlament",
        GremiumArt::Beirat => "Beirat",
        GremiumArt::Ortsbeirat => "Ortsbeirat",
    }
}

/// Builder state: the endpoint being filled and the archive-wide times.
struct Builder<'a> {
    endpoint: Endpoint,
    settings: &'a project::Settings,
    body: String,
    first: OffsetDateTime,
    last: OffsetDateTime,
}

impl Builder<'_> {
    fn stamp(&self, object: &mut Value, created: OffsetDateTime, modified: OffsetDateTime) {
        object["created"] = json!(berlin::format(created));
        object["modified"] = json!(berlin::format(modified));
    }

    /// Files an object under its path and into the list `list` (if any).
    fn add(
        &mut self,
        path: &str,
        list: Option<&str>,
        value: Value,
        times: (OffsetDateTime, OffsetDateTime),
    ) {
        if let Some(list) = list {
            self.endpoint
                .lists
                .entry(list.to_owned())
                .or_default()
                .push(Entry {
                    value: value.clone(),
                    created: times.0,
                    modified: times.1,
                });
        }
        self.endpoint.objects.insert(path.to_owned(), value);
    }

    /// The path of the Organization for `name`, created on first use.
    fn organization(&mut self, name: &str, lead: bool) -> String {
        let register = self.settings.gremium_named(name);
        let key = register.map_or_else(|| slug(name), |g| g.key.clone());
        let path = format!("organization/{key}");
        if self.endpoint.objects.contains_key(&path) {
            return path;
        }
        let mut org = json!({
            "id": self.endpoint.url(&path),
            "type": type_url("Organization"),
            "body": self.endpoint.url(&self.body),
            "name": register.map_or(name, |g| g.name.as_str()),
            "organizationType": if register.is_none() && lead { "Verwaltungsbereich" } else { "Gremium" },
        });
        if let Some(g) = register {
            if let Some(kurz) = &g.kurz {
                org["shortName"] = json!(kurz);
            }
            org["classification"] = json!(classification(g.art));
        }
        let (first, last) = (self.first, self.last);
        self.stamp(&mut org, first, last);
        self.add(&path, Some("organizations"), org, (first, last));
        path
    }

    /// The path of the Meeting of `gremium` on `termin` (ISO), created on first use.
    fn meeting(&mut self, gremium: &str, termin: &str) -> String {
        let org = self.organization(gremium, false);
        let key = org.trim_start_matches("organization/");
        let path = format!("meeting/{key}-{termin}");
        if self.endpoint.objects.contains_key(&path) {
            return path;
        }
        let register = self.settings.gremium_named(gremium);
        let shown = register
            .and_then(|g| g.kurz.clone().or_else(|| Some(g.name.clone())))
            .unwrap_or_else(|| gremium.to_owned());
        let mut meeting = json!({
            "id": self.endpoint.url(&path),
            "type": type_url("Meeting"),
            "organization": [self.endpoint.url(&org)],
            "agendaItem": [],
        });
        if let Some(date) = parse_iso_date(termin) {
            let start = register
                .and_then(|g| g.beginn_am(date))
                .and_then(|b| b.0.split_once(':'))
                .and_then(|(h, m)| Time::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok())
                .unwrap_or(Time::MIDNIGHT);
            meeting["start"] = json!(berlin::format(berlin::local(date, start)));
            meeting["name"] = json!(format!("{shown}, {}", crate::german::date_short(date)));
        }
        if let Some(ort) = parse_iso_date(termin).and_then(|d| register?.ort_am(d)) {
            meeting["sachstand:ort"] = json!(ort);
        }
        let (first, last) = (self.first, self.last);
        self.stamp(&mut meeting, first, last);
        self.add(&path, Some("meetings"), meeting, (first, last));
        path
    }
}

impl Builder<'_> {
    /// The File of one archived PDF version, also filed under its own path.
    fn file(&mut self, folder: &Path, entry: &Eintrag, paper: &str) -> Result<Value, Error> {
        let pdf = super::model::FiledPdf {
            folder: folder.to_path_buf(),
            rel: entry.datei.clone(),
            sha256: entry.sha256_datei.clone(),
        };
        let bytes = pdf.read()?;
        let sha512: String = crate::digest::hex(&Sha512::digest(&bytes));
        let path = format!("file/{}", slug(entry.datei.trim_end_matches(".pdf")));
        let pdf_path = format!("pdf/{}", entry.datei);
        let file_name = entry.datei.rsplit('/').next().unwrap_or(&entry.datei);
        let mut name = entry.betreff.clone();
        if entry.version > 1 {
            name = format!("{name} (Version {})", entry.version);
        }
        let mut file = json!({
            "id": self.endpoint.url(&path),
            "type": type_url("File"),
            "name": name,
            "fileName": file_name,
            "mimeType": "application/pdf",
            "date": entry.datum,
            "size": bytes.len(),
            "sha512Checksum": sha512,
            "accessUrl": self.endpoint.url(&pdf_path),
            "downloadUrl": self.endpoint.url(&pdf_path),
            "paper": [self.endpoint.url(paper)],
        });
        let at = archived_at(entry);
        self.stamp(&mut file, at, at);
        self.add(&path, Some("files"), file.clone(), (at, at));
        self.endpoint.pdfs.insert(pdf_path, pdf);
        Ok(file)
    }

    /// The Consultations of the Paper at `paper` (key `key`) from its latest version, each
    /// also filed under its own path.
    fn consultations(
        &mut self,
        paper: &str,
        key: &str,
        latest: &Eintrag,
        source: &Source,
        times: (OffsetDateTime, OffsetDateTime),
    ) -> Vec<Value> {
        let mut consultations = Vec::new();
        for (i, sitzung) in latest.beratungsfolge.iter().enumerate() {
            let meeting = self.meeting(&sitzung.gremium, &sitzung.termin);
            let org = self.organization(&sitzung.gremium, false);
            let path = format!("consultation/{}-{}", slug(key), i + 1);
            let rolle = source.rollen.get(i).cloned().flatten();
            let mut c = json!({
                "id": self.endpoint.url(&path),
                "type": type_url("Consultation"),
                "paper": self.endpoint.url(paper),
                "meeting": self.endpoint.url(&meeting),
                "organization": [self.endpoint.url(&org)],
                "authoritative": rolle.as_deref() == Some("entscheidung"),
            });
            if let Some(rolle) = rolle {
                c["role"] = json!(crate::german::capitalise(&rolle));
            }
            self.stamp(&mut c, times.0, times.1);
            self.add(&path, Some("consultations"), c.clone(), times);
            consultations.push(c);
        }
        consultations
    }

    /// A Paper from its versions (oldest first), with its Files and Consultations.
    fn paper(&mut self, folder: &Path, versions: &[&Eintrag]) -> Result<(), Error> {
        let (Some(first), Some(latest)) = (versions.first(), versions.last()) else {
            return Ok(());
        };
        let path = format!("paper/{}", slug(&first.basis));
        let (created, modified) = (archived_at(first), archived_at(latest));
        let mut files = Vec::new();
        for entry in versions {
            files.push(self.file(folder, entry, &path)?);
        }
        let source = source(folder, latest);
        let consultations =
            self.consultations(&path, &first.basis, latest, &source, (created, modified));
        let mut paper = json!({
            "id": self.endpoint.url(&path),
            "type": type_url("Paper"),
            "body": self.endpoint.url(&self.body),
            "name": latest.betreff,
            "date": latest.datum,
            "paperType": super::paper_type(&latest.vorlage),
            "consultation": consultations,
            "sachstand:vorlage": latest.vorlage,
        });
        if let Some(nummer) = &latest.vorlagen_nr {
            paper["reference"] = json!(nummer);
        }
        if let Some(lead) = &source.federfuehrung {
            let org = self.organization(lead, true);
            paper["underDirectionOf"] = json!([self.endpoint.url(&org)]);
        }
        if let Some((main, older)) = files.split_last() {
            paper["mainFile"] = main.clone();
            if !older.is_empty() {
                paper["auxiliaryFile"] = json!(older);
            }
        }
        self.stamp(&mut paper, created, modified);
        self.add(&path, Some("papers"), paper, (created, modified));
        Ok(())
    }

    /// System, Body and the Body list: the entry points.
    fn system_and_body(&mut self) {
        let oparl = self.settings.oparl.as_ref();
        let city = self
            .settings
            .stadt
            .as_ref()
            .map_or("Stadt", |s| s.name.as_str());
        let (first, last) = (self.first, self.last);
        let mut body = json!({
            "id": self.endpoint.url(&self.body),
            "type": type_url("Body"),
            "system": self.endpoint.system_url(),
            "name": format!("Stadt {city}"),
            "shortName": city,
            "legislativeTerm": [],
        });
        for (property, list) in BODY_LISTS {
            body[property] = json!(self.endpoint.url(list));
            self.endpoint.lists.entry(list.to_owned()).or_default();
        }
        let mut system = json!({
            "id": self.endpoint.system_url(),
            "type": type_url("System"),
            "oparlVersion": super::model::SCHEMA,
            "body": self.endpoint.url("bodies"),
            "name": oparl.and_then(|o| o.name.clone()).unwrap_or_else(|| format!("Vorlagenarchiv der Stadt {city}")),
        });
        if let Some(o) = oparl {
            for (key, value) in [
                ("contactEmail", &o.kontakt_email),
                ("contactName", &o.kontakt_name),
                ("license", &o.lizenz),
                ("website", &o.website),
            ] {
                if let Some(value) = value {
                    system[key] = json!(value);
                    body[key] = json!(value);
                }
            }
        }
        self.stamp(&mut body, first, last);
        self.stamp(&mut system, first, last);
        let body_path = self.body.clone();
        self.add(&body_path, Some("bodies"), body, (first, last));
        self.add("system", None, system, (first, last));
    }
}

/// The endpoint of the archive in `folder`, ids under `base`.
pub fn build(folder: &Path, settings: &project::Settings, base: &str) -> Result<Endpoint, Error> {
    let (entries, broken) = read_index(folder)?;
    if let Some(line) = broken.first() {
        return Err(Error::Usage(format!(
            "der Archivindex {} ist in Zeile {line} beschädigt; prüfen Sie ihn mit `sachstand archive --verify`",
            folder.join(crate::archive::INDEX).display()
        )));
    }
    let papers = public_papers(folder, &entries);
    let times: Vec<OffsetDateTime> = papers.iter().flatten().map(|e| archived_at(e)).collect();
    let (Some(first), Some(last)) = (times.iter().min(), times.iter().max()) else {
        return Err(Error::Usage(format!(
            "das Archiv {} enthält keine öffentliche Vorlage: OParl veröffentlicht nur archivierte, öffentliche Vorlagen; legen Sie zuerst mit `sachstand archive BERICHT.toml` etwas ab",
            folder.display()
        )));
    };
    let city = settings
        .stadt
        .as_ref()
        .map_or_else(|| "stadt".to_owned(), |s| slug(&s.name));
    let mut builder = Builder {
        endpoint: Endpoint {
            base: base.trim_end_matches('/').to_owned(),
            ..Endpoint::default()
        },
        settings,
        body: format!("body/{city}"),
        first: *first,
        last: *last,
    };
    builder.system_and_body();
    for gremium in &settings.gremien {
        builder.organization(&gremium.name, false);
        for sitzung in &gremium.sitzungen {
            builder.meeting(&gremium.name, &crate::german::date_iso(sitzung.termin.0));
        }
    }
    for versions in &papers {
        builder.paper(folder, versions)?;
    }
    let mut endpoint = builder.endpoint;
    endpoint.modified = Some(*last);
    for list in endpoint.lists.values_mut() {
        list.sort_by(|a, b| a.value["id"].as_str().cmp(&b.value["id"].as_str()));
    }
    Ok(endpoint)
}
