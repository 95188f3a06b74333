//! Builds the endpoint from the archive: issued papers only, never the drafts in `reports/`.
//!
//! Sources: `archiv/index.jsonl` (one line per archived PDF version), the archived PDFs and
//! attached files (size, SHA-512), the archived TOML copies (Federführung, Rolle) and the Gremien
//! register of `sachstand.toml`. Ids come from facts that never change once archived: a Paper is
//! named by the key of its first archived version, a File by its archived path; times come from the
//! index (`archiviert`, or for older lines the Vorlage's date at midnight), so two builds of the
//! same archive give the same JSON. A withdrawn paper becomes deleted objects (`withdrawn`); Files
//! only with `[oparl] personen_veroeffentlichen` (the PDFs show names).

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Value, json};
use sha2::{Digest, Sha512};
use time::{OffsetDateTime, Time};

use super::model::{Endpoint, Entry, type_url};
use crate::archive::withdraw::withdrawal_of;
use crate::archive::{Eintrag, Rueckzug, read_all};
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
pub(super) fn archived_at(entry: &Eintrag) -> OffsetDateTime {
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

/// What the report's TOML adds to the index: Federführung and the Rollen.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// `kopf.federfuehrung`.
    pub federfuehrung: Option<String>,
    /// The `rolle` of each Beratung, as written (`entscheidung`).
    pub rollen: Vec<Option<String>>,
}

/// Where a version's PDF comes from: the archive (served, read only as filed), or a draft's
/// bytes in memory (described, not served).
#[derive(Debug, Clone)]
pub enum Pdf {
    /// An archived PDF.
    Filed(super::model::FiledPdf),
    /// A report rendered now, not archived: its PDF and the bytes of each file it attaches
    /// (in the order of `Eintrag::anlagen`).
    Draft(Vec<u8>, Vec<std::sync::Arc<Vec<u8>>>),
}

/// Where a version's attached files come from: the archive folder (served, read only as
/// filed), or a draft's bytes (described, not served).
pub(super) enum Anlagen {
    /// Filed in this archive folder.
    Filed(std::path::PathBuf),
    /// A draft's files, in the order of `Eintrag::anlagen`.
    Draft(Vec<std::sync::Arc<Vec<u8>>>),
}

/// The paths of a Paper's own objects (Paper, File, Consultation, PDF): the endpoint's, or
/// below `entwurf/` for a report that is not archived. Organizations, Meetings and the Body
/// have the same ids in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Archived versions: the endpoint.
    Archive,
    /// A draft (`sachstand oparl BERICHT.toml`).
    Draft,
}

impl Scope {
    pub(super) fn prefix(self) -> &'static str {
        match self {
            Scope::Archive => "",
            Scope::Draft => "entwurf/",
        }
    }
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
pub(super) struct Builder<'a> {
    pub(super) endpoint: Endpoint,
    settings: &'a project::Settings,
    body: String,
    first: OffsetDateTime,
    last: OffsetDateTime,
    pub(super) scope: Scope,
    /// Paths of the Papers in the order they were built.
    papers: Vec<String>,
    /// Whether Files (the PDFs, which show Bearbeiter/in and signatures) are published:
    /// `[oparl] personen_veroeffentlichen`.
    pub(super) files: bool,
    /// The Beratungsergebnisse of the archive (none for drafts): each becomes an AgendaItem.
    results: Vec<crate::archive::Ergebnis>,
    /// The TOP number of each paper in each Sitzung (`agenda_numbers`).
    tops: Tops,
}

/// TOP numbers by Gremium, Sitzung (ISO) and the paper's `basis`.
type Tops = HashMap<(String, String, String), usize>;

/// The TOP number of every archived paper in every Sitzung of its Beratungsfolge, as `sachstand
/// mappe` numbers them (`mappe::AgendaPlace`: öffentliche before nichtöffentliche, each by
/// Vorlagen-Nr., date, file), from each paper's latest version. The nichtöffentlichen count
/// (they stand behind the public ones, so they never move a public TOP); a paper withdrawn
/// before the Sitzung's day is not on its agenda, one withdrawn on or after it keeps its TOP,
/// so the numbers of a Sitzung do not change once it is past. Papers that were never archived
/// are unknown here: where the printed Mappe held such a draft, the numbers may differ.
fn agenda_numbers(folder: &Path, entries: &[Eintrag], withdrawn: &[Rueckzug]) -> Tops {
    let mut sitzungen: HashMap<(String, String), Vec<(String, crate::mappe::AgendaPlace)>> =
        HashMap::new();
    for versions in group(entries) {
        let Some(latest) = versions.last() else {
            continue;
        };
        let withdrawn_on = versions
            .iter()
            .find_map(|e| withdrawal_of(withdrawn, e))
            .and_then(|w| berlin::parse(&w.am))
            .map(|at| at.date());
        let place = crate::mappe::AgendaPlace {
            closed: !(latest.is_public() && copy_is_public(folder, latest)),
            nummer: latest.vorlagen_nr.clone().unwrap_or_default(),
            datum: parse_iso_date(&latest.datum).unwrap_or(time::Date::MIN),
            datei: latest.herkunft.as_ref().unwrap_or(&latest.datei).into(),
        };
        for sitzung in &latest.beratungsfolge {
            let termin = parse_iso_date(&sitzung.termin);
            if withdrawn_on.is_some_and(|day| termin.is_none_or(|t| day < t)) {
                continue;
            }
            let on_agenda = sitzungen
                .entry((sitzung.gremium.clone(), sitzung.termin.clone()))
                .or_default();
            if !on_agenda.iter().any(|(basis, _)| *basis == latest.basis) {
                on_agenda.push((latest.basis.clone(), place.clone()));
            }
        }
    }
    let mut tops = Tops::new();
    for ((gremium, termin), papers) in sitzungen {
        let places: Vec<_> = papers.iter().map(|(_, place)| place.clone()).collect();
        for ((basis, _), top) in papers.into_iter().zip(crate::mappe::top_numbers(&places)) {
            tops.insert((gremium.clone(), termin.clone(), basis), top);
        }
    }
    tops
}

impl<'a> Builder<'a> {
    fn new(
        settings: &'a project::Settings,
        base: &str,
        scope: Scope,
        (first, last): (OffsetDateTime, OffsetDateTime),
    ) -> Self {
        let city = settings
            .stadt
            .as_ref()
            .map_or_else(|| "stadt".to_owned(), |s| slug(&s.name));
        Builder {
            endpoint: Endpoint {
                base: base.trim_end_matches('/').to_owned(),
                ..Endpoint::default()
            },
            settings,
            body: format!("body/{city}"),
            first,
            last,
            scope,
            papers: Vec::new(),
            files: settings
                .oparl
                .as_ref()
                .is_some_and(|o| o.personen_veroeffentlichen),
            results: Vec::new(),
            tops: Tops::new(),
        }
    }

    pub(super) fn stamp(
        &self,
        object: &mut Value,
        created: OffsetDateTime,
        modified: OffsetDateTime,
    ) {
        object["created"] = json!(berlin::format(created));
        object["modified"] = json!(berlin::format(modified));
    }

    /// Files an object under its path and into the list `list` (if any).
    pub(super) fn add(
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
    pub(super) fn organization(&mut self, name: &str, lead: bool) -> String {
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
    pub(super) fn meeting(&mut self, gremium: &str, termin: &str) -> String {
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
    /// The path of the File of one PDF version and the path its PDF is served under.
    pub(super) fn file_paths(&self, entry: &Eintrag) -> (String, String) {
        let prefix = self.scope.prefix();
        (
            format!(
                "{prefix}file/{}",
                slug(entry.datei.trim_end_matches(".pdf"))
            ),
            format!("{prefix}pdf/{}", entry.datei),
        )
    }

    /// The File of one PDF version, also filed under its own path.
    fn file(&mut self, pdf: Pdf, entry: &Eintrag, paper: &str) -> Result<Value, Error> {
        let bytes = match &pdf {
            Pdf::Filed(filed) => filed.read()?,
            Pdf::Draft(bytes, _) => bytes.clone(),
        };
        let sha512: String = crate::digest::hex(&Sha512::digest(&bytes));
        let (path, pdf_path) = self.file_paths(entry);
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
        if let Pdf::Filed(filed) = pdf {
            self.endpoint.pdfs.insert(pdf_path, filed);
        }
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
            let path = format!(
                "{}consultation/{}-{}",
                self.scope.prefix(),
                slug(key),
                i + 1
            );
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
            let outcome = crate::archive::outcome::result_of(
                &self.results,
                latest,
                &sitzung.gremium,
                &sitzung.termin,
            )
            .cloned();
            if let Some(outcome) = outcome {
                let item = self.agenda_item((&meeting, sitzung), &path, latest, &outcome, times.0);
                c["agendaItem"] = json!(self.endpoint.url(&item));
            }
            self.stamp(&mut c, times.0, times.1);
            self.add(&path, Some("consultations"), c.clone(), times);
            consultations.push(c);
        }
        consultations
    }

    /// The AgendaItem of the Consultation at `consultation` in the Meeting at `meeting` (the
    /// Sitzung `sitzung`), carrying the Beratungsergebnis `outcome` of the paper `latest`:
    /// filed under its own path, in the list and embedded in the Meeting (in TOP order). Its
    /// `number` and `order` are the paper's TOP in that Sitzung (`agenda_numbers`).
    fn agenda_item(
        &mut self,
        (meeting, sitzung): (&str, &crate::archive::Sitzung),
        consultation: &str,
        latest: &Eintrag,
        outcome: &crate::archive::Ergebnis,
        created: OffsetDateTime,
    ) -> String {
        let path = consultation.replacen("consultation/", "agenda-item/", 1);
        let key = (
            sitzung.gremium.clone(),
            sitzung.termin.clone(),
            latest.basis.clone(),
        );
        let position = self.tops.get(&key).copied().unwrap_or_else(|| {
            // Not on the archive's agenda (cannot happen for an archived paper): after the rest.
            self.endpoint
                .objects
                .get(meeting)
                .and_then(|m| m["agendaItem"].as_array())
                .map_or(0, Vec::len)
                + 1
        });
        let recorded = berlin::parse(&outcome.am).unwrap_or(created).max(created);
        let mut item = json!({
            "id": self.endpoint.url(&path),
            "type": type_url("AgendaItem"),
            "meeting": self.endpoint.url(meeting),
            "number": position.to_string(),
            "order": position,
            "name": latest.betreff,
            "public": latest.is_public(),
            "consultation": self.endpoint.url(consultation),
            "result": outcome.ergebnis,
        });
        self.stamp(&mut item, created, recorded);
        self.add(
            &path,
            Some("agenda-items"),
            item.clone(),
            (created, recorded),
        );
        let id = json!(self.endpoint.url(meeting));
        if let Some(items) = self
            .endpoint
            .objects
            .get_mut(meeting)
            .and_then(|m| m["agendaItem"].as_array_mut())
        {
            items.push(item.clone());
            items.sort_by_key(|i| i["order"].as_u64());
        }
        if let Some(entry) = self
            .endpoint
            .lists
            .get_mut("meetings")
            .and_then(|list| list.iter_mut().find(|e| e.value["id"] == id))
            && let Some(items) = entry.value["agendaItem"].as_array_mut()
        {
            items.push(item);
            items.sort_by_key(|i| i["order"].as_u64());
        }
        path
    }

    /// A Paper from its versions (oldest first, each with its PDF), with its Files and
    /// Consultations; `source`: what the latest version's TOML adds.
    fn paper(&mut self, versions: Vec<(&Eintrag, Pdf)>, source: &Source) -> Result<(), Error> {
        let (Some((first, _)), Some((latest, _))) = (versions.first(), versions.last()) else {
            return Ok(());
        };
        let (first, latest) = (*first, *latest);
        let path = format!("{}paper/{}", self.scope.prefix(), slug(&first.basis));
        let (created, modified) = (archived_at(first), archived_at(latest));
        let mut files = Vec::new();
        let mut anlagen = Vec::new();
        let publish = self.files;
        for (entry, pdf) in versions.into_iter().filter(|_| publish) {
            let attached = match &pdf {
                Pdf::Filed(filed) => Anlagen::Filed(filed.folder.clone()),
                Pdf::Draft(_, files) => Anlagen::Draft(files.clone()),
            };
            files.push(self.file(pdf, entry, &path)?);
            anlagen.push(self.anlage_files(&attached, entry, &path)?);
        }
        let consultations =
            self.consultations(&path, &first.basis, latest, source, (created, modified));
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
            let auxiliary = Self::auxiliary(older, &anlagen);
            if !auxiliary.is_empty() {
                paper["auxiliaryFile"] = json!(auxiliary);
            }
        }
        self.stamp(&mut paper, created, modified);
        self.add(&path, Some("papers"), paper, (created, modified));
        self.papers.push(path);
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
    let (entries, withdrawn) = read_all(folder)?.map_err(|line| {
        Error::Usage(format!(
            "der Archivindex {} ist in Zeile {line} beschädigt; prüfen Sie ihn mit `sachstand archive --verify`",
            folder.join(crate::archive::INDEX).display()
        ))
    })?;
    let results = crate::archive::read_results(folder)?;
    let papers = public_papers(folder, &entries);
    let withdrawn_at = |versions: &[&Eintrag]| {
        versions
            .iter()
            .find_map(|e| withdrawal_of(&withdrawn, e))
            .map(|w| berlin::parse(&w.am).unwrap_or(OffsetDateTime::UNIX_EPOCH))
    };
    let times: Vec<OffsetDateTime> = papers
        .iter()
        .flatten()
        .map(|e| archived_at(e))
        .chain(papers.iter().filter_map(|v| withdrawn_at(v)))
        .chain(
            results
                .iter()
                .filter(|r| papers.iter().flatten().any(|e| e.basis == r.basis))
                .filter_map(|r| berlin::parse(&r.am)),
        )
        .collect();
    let (Some(first), Some(last)) = (times.iter().min(), times.iter().max()) else {
        return Err(Error::Usage(format!(
            "das Archiv {} enthält keine öffentliche Vorlage: OParl veröffentlicht nur archivierte, öffentliche Vorlagen; legen Sie zuerst mit `sachstand archive BERICHT.toml` etwas ab",
            folder.display()
        )));
    };
    let mut builder = Builder::new(settings, base, Scope::Archive, (*first, *last));
    builder.results = results;
    builder.tops = agenda_numbers(folder, &entries, &withdrawn);
    builder.system_and_body();
    for gremium in &settings.gremien {
        builder.organization(&gremium.name, false);
        for sitzung in &gremium.sitzungen {
            builder.meeting(&gremium.name, &crate::german::date_iso(sitzung.termin.0));
        }
    }
    for versions in &papers {
        let Some(latest) = versions.last() else {
            continue;
        };
        let source = source(folder, latest);
        if let Some(at) = withdrawn_at(versions) {
            builder.deleted_paper(versions, &source, at);
            continue;
        }
        let with_pdfs = versions
            .iter()
            .map(|entry| {
                let pdf = Pdf::Filed(super::model::FiledPdf {
                    folder: folder.to_path_buf(),
                    rel: entry.datei.clone(),
                    sha256: entry.sha256_datei.clone(),
                });
                (*entry, pdf)
            })
            .collect();
        builder.paper(with_pdfs, &source)?;
    }
    let mut endpoint = builder.endpoint;
    endpoint.modified = Some(*last);
    for list in endpoint.lists.values_mut() {
        list.sort_by(|a, b| a.value["id"].as_str().cmp(&b.value["id"].as_str()));
    }
    Ok(endpoint)
}

/// A report that is not archived, as OParl would show it: its index line as `archive` would
/// write it (no archiving time: its date at midnight), its PDF and what its TOML adds.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The index line `archive` would write (version 1).
    pub entry: Eintrag,
    /// Federführung and Rollen.
    pub source: Source,
    /// The PDF as `render` writes it.
    pub pdf: Vec<u8>,
    /// The bytes of each file it attaches, in the order of `entry.anlagen`.
    pub anlagen: Vec<std::sync::Arc<Vec<u8>>>,
}

/// The Papers of `drafts` (in their order) and the Organizations they name, built by the same
/// code as the endpoint: Organizations and Meetings with the endpoint's ids, the Papers' own
/// objects below `entwurf/` (a draft is not published; its PDF is described, not served).
pub fn drafts(
    settings: &project::Settings,
    base: &str,
    drafts: &[Draft],
) -> Result<(Vec<Value>, Vec<Value>), Error> {
    let times: Vec<OffsetDateTime> = drafts.iter().map(|d| archived_at(&d.entry)).collect();
    let first = times
        .iter()
        .min()
        .copied()
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let last = times
        .iter()
        .max()
        .copied()
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let mut builder = Builder::new(settings, base, Scope::Draft, (first, last));
    for draft in drafts {
        builder.paper(
            vec![(
                &draft.entry,
                Pdf::Draft(draft.pdf.clone(), draft.anlagen.clone()),
            )],
            &draft.source,
        )?;
    }
    let papers = builder
        .papers
        .iter()
        .filter_map(|path| builder.endpoint.objects.get(path).cloned())
        .collect();
    let organizations = builder
        .endpoint
        .lists
        .get("organizations")
        .map(|list| list.iter().map(|e| e.value.clone()).collect())
        .unwrap_or_default();
    Ok((papers, organizations))
}

impl Draft {
    /// The draft of a report that loaded and compiled without errors: the index line
    /// `archive` would write for it as version 1, its PDF and its TOML's additions.
    pub fn of(
        loaded: &crate::report::load::Loaded,
        compiled: &crate::typeset::pdf::Compiled,
    ) -> Self {
        let report = &loaded.data;
        let basis = crate::archive::file::basis(report, &loaded.stem());
        let year = report.kopf.datum.0.year();
        let entry = Eintrag {
            datei: format!("{year}/{basis}.pdf"),
            quelle: format!("{year}/{basis}.toml"),
            basis,
            version: 1,
            grund: None,
            sha256_datei: crate::digest::sha256_hex(&compiled.pdf),
            sha256_quelle: crate::digest::sha256_hex(loaded.source.text.as_bytes()),
            vorlagen_nr: report.kopf.nummer.clone(),
            vorlage: report.vorlage.clone(),
            betreff: compiled.title.clone().unwrap_or_default(),
            datum: crate::german::date_iso(report.kopf.datum.0),
            beratungsfolge: report
                .beratungsfolge
                .iter()
                .map(|b| crate::archive::Sitzung {
                    gremium: b.gremium.clone(),
                    termin: crate::german::date_iso(b.termin.0),
                })
                .collect(),
            standard: Vec::new(),
            werkzeug: format!("sachstand {}", env!("CARGO_PKG_VERSION")),
            herkunft: None,
            archiviert: None,
            oeffentlich: (!report.kopf.is_public()).then_some(false),
            freigabe: None,
            anlagen: Vec::new(),
        };
        let source = Source {
            federfuehrung: Some(report.kopf.federfuehrung.clone()),
            rollen: report
                .beratungsfolge
                .iter()
                .map(|b| b.rolle.map(|r| r.label().to_lowercase()))
                .collect(),
        };
        Draft {
            entry,
            source,
            pdf: compiled.pdf.clone(),
            anlagen: Vec::new(),
        }
    }

    /// The draft with the files its report attaches (`pipeline::Outcome::anlagen`), named and
    /// recorded as `archive` would file them with version 1.
    pub fn with_anlagen(mut self, files: &[crate::project::anlage::AnlageDatei]) -> Self {
        let filed = crate::archive::anlagen::to_file(&self.entry.datei, files);
        self.entry.anlagen = filed.into_iter().map(|f| f.eintrag).collect();
        self.anlagen = files
            .iter()
            .map(|f| std::sync::Arc::clone(&f.bytes))
            .collect();
        self
    }
}
