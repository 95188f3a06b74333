//! `sachstand oparl`: reports as OParl 1.1 objects for the council information system.
//!
//! One `Paper` per report with its `mainFile` (the PDF that `render` writes, with size and
//! SHA-512) and its `consultation` list, plus an `Organization` per Gremium. Object ids are
//! URLs under `[oparl] basis_url` from sachstand.toml. Fields OParl has no place for
//! (Produkt, Bemerkungen, Vorlagenart) carry the vendor prefix `sachstand:`.

use std::path::Path;

use crate::german::date_iso;
use serde_json::{Value, json};
use sha2::{Digest, Sha512};

use crate::app::{Exit, Settings};
use crate::error::Error;
use crate::model::Rolle;
use crate::output::write_atomic;
use crate::pipeline::process;
use crate::project;
use crate::render::Renderer;

const SCHEMA: &str = "https://schema.oparl.org/1.1/";

/// A URL path segment from free text: lower-case ASCII, digits and `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'ä' => "ae".to_owned(),
            'ö' => "oe".to_owned(),
            'ü' => "ue".to_owned(),
            'ß' => "ss".to_owned(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => "-".to_owned(),
        };
        if !(mapped == "-" && (out.is_empty() || out.ends_with('-'))) {
            out.push_str(&mapped);
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Checks the arguments of `sachstand oparl` without report files: the archive folder, the
/// project's settings, and serve (address, port) or export (folder, `[oparl] basis_url`).
pub fn endpoint_settings(
    archiv: Option<std::path::PathBuf>,
    output: Option<std::path::PathBuf>,
    serve: Option<(std::net::IpAddr, u16)>,
) -> Result<crate::oparl::EndpointSettings, Error> {
    let archive = match archiv {
        Some(folder) => folder,
        None => crate::project_files::root_from_cwd()
            .ok_or_else(|| {
                Error::Usage(
                    "kein Archiv: in diesem Ordner und darüber gibt es kein sachstand.toml; nennen Sie den Archivordner mit --archiv ORDNER".into(),
                )
            })?
            .join("archiv"),
    };
    if !archive.join(crate::commands::archive::INDEX).is_file() {
        return Err(Error::Usage(format!(
            "kein Archiv gefunden: {} gibt es nicht; OParl veröffentlicht nur archivierte Vorlagen, legen Sie sie mit `sachstand archive BERICHT.toml` ab",
            crate::shell::quote(&crate::project_files::shown(
                &archive.join(crate::commands::archive::INDEX)
            ))
        )));
    }
    let project = match project::find(&archive.join(crate::commands::archive::INDEX))? {
        Ok(p) => p.settings(),
        Err(_) => {
            return Err(Error::Usage(
                "sachstand.toml enthält Fehler; `sachstand check` zeigt sie".into(),
            ));
        }
    };
    let mode = match (serve, output) {
        (Some((bind, port)), _) => crate::oparl::Mode::Serve { bind, port },
        (None, Some(folder)) => {
            let base = project.oparl.as_ref().map(|o| o.basis_url.clone()).ok_or_else(|| {
                Error::Usage(
                    "für die statische Kopie fehlt die Adresse, unter der sie erscheint: tragen Sie in sachstand.toml [oparl] basis_url = \"https://…\" ein".into(),
                )
            })?;
            crate::oparl::Mode::Export { folder, base }
        }
        (None, None) => {
            return Err(Error::Usage(
                "sachstand oparl ohne Berichtsdateien braucht --serve (Server) oder -o ORDNER (statische Kopie)".into(),
            ));
        }
    };
    Ok(crate::oparl::EndpointSettings {
        archive,
        project,
        mode,
    })
}

/// Writes the OParl JSON of `files` to `output` or stdout.
pub fn run(
    settings: &Settings,
    files: &[std::path::PathBuf],
    output: Option<&Path>,
) -> Result<Exit, Error> {
    let (document, exit) = build(settings, files, None, false)?;
    let text = format!("{document:#}\n");
    match output {
        Some(path) => {
            write_atomic(path, text.as_bytes())?;
            eprintln!("OParl-JSON geschrieben: {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(exit)
}

/// The OParl document (`papers`, `organizations`) of `files`; `standards` are those the
/// described PDFs were written with (`None`: the project's default), so that size and
/// checksum match the files. With `existing_pdfs`, the PDF beside each TOML file (same
/// stem) is described instead of a fresh rendering (the archive's files).
pub fn build(
    settings: &Settings,
    files: &[std::path::PathBuf],
    standards: Option<&[typst_pdf::PdfStandard]>,
    existing_pdfs: bool,
) -> Result<(Value, Exit), Error> {
    let renderer = Renderer::new(settings.templates.clone());
    let mut papers = Vec::new();
    let mut organizations: Vec<Value> = Vec::new();
    let mut exit = Exit::Success;
    for file in files {
        let outcome = process(file, &renderer, None, standards)?;
        // The archive's copies may name a predecessor that lies elsewhere in the archive:
        // only errors matter there.
        for diag in outcome
            .diagnostics
            .iter()
            .filter(|d| !existing_pdfs || d.is_error())
        {
            eprint!("{}", diag.render(settings.color));
        }
        let (Some(compiled), Some(loaded), false) =
            (&outcome.compiled, &outcome.loaded, outcome.has_errors())
        else {
            eprintln!(
                "Nicht exportiert: {} – bitte die Fehler oben beheben.",
                file.display()
            );
            exit = Exit::InputError;
            continue;
        };
        let config = match project::find(file)? {
            Ok(p) => p.settings(),
            Err(_) => project::Settings::default(),
        };
        let base = config.oparl.as_ref().map_or_else(
            || "urn:sachstand".to_owned(),
            |o| o.basis_url.trim_end_matches('/').to_owned(),
        );
        let r = &loaded.data;
        let id = r.kopf.nummer.as_deref().map_or_else(|| loaded.stem(), slug);
        let paper_id = format!("{base}/paper/{id}");
        let betreff = compiled.title.clone().unwrap_or_default();
        let pdf_name = file
            .with_extension("pdf")
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let existing = if existing_pdfs {
            std::fs::read(file.with_extension("pdf")).ok()
        } else {
            None
        };
        let pdf_bytes = existing.as_deref().unwrap_or(&compiled.pdf);
        let sha512: String = Sha512::digest(pdf_bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let org_of = |name: &str| -> (String, Value) {
            let register = config.gremium_named(name);
            let key = register.map_or_else(|| slug(name), |g| g.key.clone());
            let org_id = format!("{base}/organization/{key}");
            let mut org = json!({"id": org_id, "type": format!("{SCHEMA}Organization"), "name": name, "organizationType": "Gremium"});
            if let Some(g) = register {
                if let Some(kurz) = &g.kurz {
                    org["shortName"] = json!(kurz);
                }
                org["classification"] = json!(format!("{:?}", g.art));
            }
            (org_id, org)
        };
        let mut consultations = Vec::new();
        for (i, b) in r.beratungsfolge.iter().enumerate() {
            let (org_id, org) = org_of(&b.gremium);
            if !organizations.iter().any(|o| o["id"] == org["id"]) {
                organizations.push(org);
            }
            let mut c = json!({
                "id": format!("{paper_id}/consultation/{}", i + 1),
                "type": format!("{SCHEMA}Consultation"),
                "paper": paper_id,
                "organization": [org_id],
                "meeting": format!("{org_id}/meeting/{}", date_iso(b.termin.0)),
                "authoritative": b.rolle == Some(Rolle::Entscheidung),
            });
            if let Some(rolle) = b.rolle {
                c["role"] = json!(rolle.label());
            }
            if !b.bemerkungen.is_empty() {
                c["sachstand:bemerkungen"] = json!(b.bemerkungen);
            }
            consultations.push(c);
        }
        let (lead_id, lead) = org_of(&r.kopf.federfuehrung);
        if !organizations.iter().any(|o| o["id"] == lead["id"]) {
            let mut lead = lead;
            lead["organizationType"] = json!("Verwaltungsbereich");
            organizations.push(lead);
        }
        let mut paper = json!({
            "id": paper_id,
            "type": format!("{SCHEMA}Paper"),
            "name": betreff,
            "date": date_iso(r.kopf.datum.0),
            "paperType": crate::oparl::paper_type(&r.vorlage),
            "underDirectionOf": [lead_id],
            "mainFile": {
                "id": format!("{base}/file/{id}"),
                "type": format!("{SCHEMA}File"),
                "name": betreff,
                "fileName": pdf_name,
                "mimeType": "application/pdf",
                "size": pdf_bytes.len(),
                "sha512Checksum": sha512,
                "accessUrl": format!("{base}/file/{id}/{pdf_name}"),
                "date": date_iso(r.kopf.datum.0),
            },
            "consultation": consultations,
            "sachstand:produkt": r.kopf.produkt,
            "sachstand:vorlage": r.vorlage,
        });
        if let Some(nummer) = &r.kopf.nummer {
            paper["reference"] = json!(nummer);
        }
        papers.push(paper);
    }
    Ok((
        json!({"papers": papers, "organizations": organizations}),
        exit,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(
            slug("Sozial-, Bildungs- und Kulturausschuss"),
            "sozial-bildungs-und-kulturausschuss"
        );
        assert_eq!(slug("StST Soziales"), "stst-soziales");
        assert_eq!(slug("2023/0031"), "2023-0031");
        assert_eq!(slug("Ausländerbeirat"), "auslaenderbeirat");
    }
}
