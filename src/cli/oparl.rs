//! `sachstand oparl`: the archive as an OParl 1.1 endpoint (`--serve`, `--ausgabe`), or single
//! reports as OParl Papers (drafts, built by the endpoint's own code in `oparl::build`).
//!
//! A draft's `Paper` has its `mainFile` (the PDF that `render` writes, with size and SHA-512)
//! and its `consultation` list, plus an `Organization` per Gremium; ids are URLs under
//! `[oparl] basis_url`, the Papers' own below `entwurf/`.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::cli::{Exit, Settings};
use sachstand::diag::Diagnostic;
use sachstand::error::Error;
use sachstand::oparl::build::{Draft, drafts};
use sachstand::output::write_atomic;
use sachstand::pipeline::process;
use sachstand::project;
use sachstand::project::anlage::AnlageDatei;
use sachstand::report::load::Loaded;
use sachstand::typeset::pdf::Compiled;
use sachstand::typeset::render::Renderer;

/// The archive folder: `--archiv`, or `archiv/` of the project above the current folder.
fn archive_folder(archiv: Option<PathBuf>) -> Result<PathBuf, Error> {
    let archive = match archiv {
        Some(folder) => folder,
        None => sachstand::project::files::root_from_cwd()
            .ok_or_else(|| {
                Error::Usage(
                    "kein Archiv: in diesem Ordner und darüber gibt es kein sachstand.toml; nennen Sie den Archivordner mit --archiv ORDNER".into(),
                )
            })?
            .join(sachstand::project::files::ARCHIVE),
    };
    let index = archive.join(sachstand::archive::INDEX);
    if !index.is_file() {
        return Err(Error::Usage(format!(
            "kein Archiv gefunden: {} gibt es nicht; OParl veröffentlicht nur archivierte Vorlagen, legen Sie sie mit `sachstand archive BERICHT.toml` ab",
            sachstand::shell::quote(&sachstand::project::files::shown(&index))
        )));
    }
    Ok(archive)
}

/// The error for a missing `[oparl] basis_url`: where it goes and what it looks like; `why`
/// says what needs it.
fn missing_base(project: &project::Project, why: &str) -> Error {
    let file = project.root.join(project::FILE_NAME);
    let shown = sachstand::project::files::shown(&file)
        .display()
        .to_string();
    let Some(loaded) = &project.settings else {
        return Error::Usage(format!(
            "{why} fehlt [oparl] basis_url, und {shown} gibt es nicht; legen Sie das Projekt mit `sachstand init` an und tragen Sie dort ein:\n    [oparl]\n    basis_url = \"https://ratsinfo.example.de/oparl\""
        ));
    };
    let end = loaded.source.text.lines().count() + 1;
    Error::Usage(format!(
        "{shown}:{end}:1: {why} fehlt [oparl] basis_url, die Adresse, unter der die Schnittstelle erscheint\n  hinweis: ergänzen Sie am Ende der Datei:\n    [oparl]\n    basis_url = \"https://ratsinfo.example.de/oparl\""
    ))
}

/// Serve or export, checked: the static copy and a server open to other computers need
/// `[oparl] basis_url` (the ids must name an address others can reach).
fn mode(
    project: &project::Project,
    output: Option<PathBuf>,
    serve: Option<(IpAddr, u16)>,
) -> Result<sachstand::oparl::Mode, Error> {
    let base = project
        .settings
        .as_ref()
        .and_then(|s| s.data.oparl.as_ref())
        .map(|o| o.basis_url.clone());
    match (serve, output, base) {
        (Some((bind, _)), _, None) if !bind.is_loopback() => Err(missing_base(
            project,
            &format!("für einen Server an {bind}, den andere Rechner erreichen,"),
        )),
        (Some((bind, port)), _, _) => Ok(sachstand::oparl::Mode::Serve { bind, port }),
        (None, Some(folder), Some(base)) => Ok(sachstand::oparl::Mode::Export { folder, base }),
        (None, Some(_), None) => Err(missing_base(project, "für die statische Kopie")),
        (None, None, _) => Err(Error::Usage(
            "sachstand oparl ohne Berichtsdateien braucht --serve (Server) oder --ausgabe ORDNER (statische Kopie)".into(),
        )),
    }
}

/// Checks the arguments of `sachstand oparl` without report files: the archive folder, the
/// project's settings (their problems as diagnostics), and serve (address, port) or export
/// (folder, `[oparl] basis_url`).
pub fn endpoint_settings(
    archiv: Option<PathBuf>,
    output: Option<PathBuf>,
    serve: Option<(IpAddr, u16)>,
) -> Result<Result<sachstand::oparl::EndpointSettings, Vec<Diagnostic>>, Error> {
    let archive = archive_folder(archiv)?;
    let project = match project::find(&archive.join(sachstand::archive::INDEX))? {
        Ok(p) => p,
        Err(diagnostics) => return Ok(Err(diagnostics)),
    };
    let mode = mode(&project, output, serve)?;
    Ok(Ok(sachstand::oparl::EndpointSettings {
        archive,
        project: project.settings(),
        mode,
    }))
}

/// Runs the endpoint: serves until Ctrl+C, or writes the files; prints where.
pub fn run_endpoint(settings: &sachstand::oparl::EndpointSettings) -> Result<Exit, Error> {
    match &settings.mode {
        sachstand::oparl::Mode::Serve { bind, port } => {
            sachstand::oparl::server::serve(settings, *bind, *port, |ready| {
                crate::say!("{}", ready.system_url);
                for note in &ready.notes {
                    eprintln!("{note}");
                }
            })?;
        }
        sachstand::oparl::Mode::Export { folder, base } => {
            let endpoint =
                sachstand::oparl::build::build(&settings.archive, &settings.project, base)?;
            let written = sachstand::oparl::export::write(&endpoint, folder)?;
            crate::say!("{}", folder.join("system").display());
            eprintln!(
                "OParl-Schnittstelle geschrieben: {} Objekte, {} Listen, {} PDFs, {} in {} (System: {})",
                written.objects,
                written.lists,
                written.pdfs,
                sachstand::german::count(written.anlagen, "Anlage", "Anlagen"),
                folder.display(),
                endpoint.system_url()
            );
            if written.removed > 0 {
                eprintln!(
                    "hinweis: {} einer früheren Ausgabe entfernt (zurückgezogen oder ohne [oparl] personen_veroeffentlichen nicht veröffentlicht)",
                    sachstand::german::count(written.removed, "Datei", "Dateien")
                );
            }
            if !settings
                .project
                .oparl
                .as_ref()
                .is_some_and(|o| o.personen_veroeffentlichen)
            {
                eprintln!("{}", sachstand::oparl::NO_FILES);
            }
        }
    }
    Ok(Exit::Success)
}

/// Writes the OParl JSON of `files` to `output` or stdout.
pub fn run(settings: &Settings, files: &[PathBuf], output: Option<&Path>) -> Result<Exit, Error> {
    let (document, exit) = build(settings, files)?;
    let text = format!("{document:#}\n");
    match output {
        Some(path) => {
            write_atomic(path, text.as_bytes())?;
            eprintln!("OParl-JSON geschrieben: {}", path.display());
        }
        None => crate::cli::print::stdout(&text),
    }
    Ok(exit)
}

/// The OParl document (`papers`, `organizations`) of `files`, each rendered afresh with the
/// project's PDF standards so that size and checksum match what `render` writes, and built by
/// the endpoint's own code (`oparl::build::drafts`): the same Organization and Meeting ids, the
/// Papers below `entwurf/` because they are not archived.
pub fn build(settings: &Settings, files: &[PathBuf]) -> Result<(Value, Exit), Error> {
    let renderer = Renderer::new(settings.templates.clone());
    let mut exit = Exit::Success;
    // One document per project (its register and base URL); reports of several projects
    // are built with each project's own settings, in the order named.
    let mut papers = Vec::new();
    let mut organizations: Vec<Value> = Vec::new();
    for file in files {
        let Some((loaded, compiled, anlagen)) = compile(settings, &renderer, file)? else {
            exit = Exit::InputError;
            continue;
        };
        // An example is never published (`beispiel = true`).
        if let Some(refusal) = project::example::refusal(&loaded) {
            eprintln!("{refusal}");
            exit = Exit::InputError;
            continue;
        }
        let (config, base) = context_of(file)?;
        let draft = Draft::of(&loaded, &compiled).with_anlagen(&anlagen);
        let (built, orgs) = drafts(&config, &base, std::slice::from_ref(&draft))?;
        papers.extend(built);
        for org in orgs {
            if !organizations.iter().any(|o| o["id"] == org["id"]) {
                organizations.push(org);
            }
        }
    }
    Ok((
        json!({"papers": papers, "organizations": organizations}),
        exit,
    ))
}

/// The report at `file`, its PDF and the files it attaches, or `None` after printing why it
/// cannot be exported.
fn compile(
    settings: &Settings,
    renderer: &Renderer,
    file: &Path,
) -> Result<Option<(Loaded, Compiled, Vec<AnlageDatei>)>, Error> {
    let outcome = process(file, renderer, None, None)?;
    for diag in &outcome.diagnostics {
        eprint!("{}", diag.render(settings.color));
    }
    let has_errors = outcome.has_errors();
    match (outcome.loaded, outcome.compiled) {
        (Some(loaded), Some(_)) if !has_errors && !loaded.data.kopf.is_public() => {
            eprintln!(
                "Nicht exportiert: {} ist nichtöffentlich (kopf.oeffentlich = false, § 52 HGO) und wird nie als OParl veröffentlicht.",
                file.display()
            );
            Ok(None)
        }
        (Some(loaded), Some(compiled)) if !has_errors => {
            Ok(Some((loaded, compiled, outcome.anlagen)))
        }
        _ => {
            eprintln!(
                "Nicht exportiert: {} – bitte die Fehler oben beheben.",
                file.display()
            );
            Ok(None)
        }
    }
}

/// The settings of the project of `file` and the base of its ids: `[oparl] basis_url`, or
/// `urn:sachstand` outside a project with one.
fn context_of(file: &Path) -> Result<(project::Settings, String), Error> {
    let config = match project::find(file)? {
        Ok(p) => p.settings(),
        Err(_) => project::Settings::default(),
    };
    let base = config.oparl.as_ref().map_or_else(
        || "urn:sachstand".to_owned(),
        |o| o.basis_url.trim_end_matches('/').to_owned(),
    );
    Ok((config, base))
}
