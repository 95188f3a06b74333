//! The archive as an OParl 1.1 endpoint: a System, one Body, Organizations and Meetings from
//! the Gremien register, a Paper per archived Vorlage with its Files and Consultations.
//!
//! `model` holds the endpoint as data and the list pages, `build` fills it from the archive,
//! `server` serves it read-only over HTTP, `export` writes it as files. Ids never depend on
//! the run: the same archive gives the same JSON.

pub mod build;
pub mod export;
pub mod model;
pub mod server;

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

/// OParl's paperType for a Vorlagenart.
pub fn paper_type(kind: &str) -> String {
    match kind {
        "sachstandsbericht" => "Sachstandsbericht".to_owned(),
        "beschlussvorlage" => "Beschlussvorlage".to_owned(),
        "mitteilungsvorlage" => "Mitteilungsvorlage".to_owned(),
        other => other.to_owned(),
    }
}
