//! The archive as an OParl 1.1 endpoint: a System, one Body, Organizations and Meetings from the
//! Gremien register, a Paper per archived Vorlage with its Files and Consultations.
//!
//! `model` holds the endpoint as data and the list pages, `build` fills it from the archive
//! (`withdrawn`: withdrawn papers as deleted objects; `anlagen`: attached files as Files), `server`
//! serves it read-only over HTTP, `export` writes it as files. Ids never depend on the run: the
//! same archive gives the same JSON.

pub mod anlagen;
pub mod build;
pub mod export;
pub mod model;
pub mod server;
pub mod withdrawn;

use std::net::IpAddr;
use std::path::PathBuf;

/// What `sachstand oparl` without report files does, checked.
#[derive(Debug)]
pub struct EndpointSettings {
    /// The archive folder (`archiv/` of the project).
    pub archive: PathBuf,
    /// The project's settings (register, `[oparl]`).
    pub project: crate::project::Settings,
    /// Serve on this address and port, or write files to `output`.
    pub mode: Mode,
}

/// Serve or export.
#[derive(Debug)]
pub enum Mode {
    /// A read-only HTTP server.
    Serve {
        /// Address to bind (127.0.0.1 unless `--bind`).
        bind: IpAddr,
        /// Port (0: any free one).
        port: u16,
    },
    /// Static files in this folder, ids under this base URL.
    Export {
        /// The folder.
        folder: PathBuf,
        /// `[oparl] basis_url`.
        base: String,
    },
}

/// The note when the PDFs are not published (`[oparl] personen_veroeffentlichen` off).
pub const NO_FILES: &str = "hinweis: die PDFs (Files) werden nicht veröffentlicht, weil sie Namen von Bearbeiter/innen und Unterzeichnenden zeigen; mit deren Einwilligung oder nach Rücksprache mit der oder dem Datenschutzbeauftragten schaltet `personen_veroeffentlichen = true` unter [oparl] in sachstand.toml sie frei";

/// OParl's paperType for a Vorlagenart.
pub fn paper_type(kind: &str) -> String {
    match kind {
        "sachstandsbericht" => "Sachstandsbericht".to_owned(),
        "beschlussvorlage" => "Beschlussvorlage".to_owned(),
        "mitteilungsvorlage" => "Mitteilungsvorlage".to_owned(),
        other => other.to_owned(),
    }
}
