//! `sachstand serve`: the local editor. A small axum server on a loopback address (a random
//! 127.x.y.z per start, see `address.rs`) that shows the
//! project's reports, edits one in a form generated from the format's description
//! (`crate::format_schema`), writes
//! changes with `toml_edit` and shows the pages as SVG beside the form.
//!
//! No pipeline logic lives here: the overview and the PDF call `pipeline::process`, the
//! preview `pipeline::layout`, exactly as `check` and `render` do; the overview's actions
//! (`actions.rs`) call the library functions of `new`, `archive` and `mappe`. Security rules are in
//! `guard.rs`; the confinement of report paths in `state.rs`.

pub mod actions;
pub mod address;
pub mod anlagen;
pub mod archiving;
pub mod blank;
pub mod deadlines;
pub mod form;
pub mod guard;
pub mod mappe;
pub mod order;
pub mod outcomes;
pub mod page;
pub mod page_text;
pub mod preview;
pub mod releasing;
pub mod routes;
/// The format's description, which the form is generated from.
pub use crate::format_schema as schema;
pub mod state;
pub mod withdrawing;
pub mod words;

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::error::Error;
use crate::typeset::render::Renderer;
use crate::typeset::templates::TemplateSet;

/// The checked settings of `serve`.
#[derive(Debug)]
pub struct ServeSettings {
    /// The project root (folder of `sachstand.toml`).
    pub root: PathBuf,
    /// The port (0: any free one).
    pub port: u16,
    /// The loopback address to listen on; `None`: a random one of 127.0.0.0/8 per start
    /// ([`address::random`]), or 127.0.0.1 where only that one can be bound.
    pub address: Option<Ipv4Addr>,
    /// A fixed "today" (the CLI's `SACHSTAND_HEUTE`); `None`: the day in Berlin at the moment
    /// a page is asked for (the server may run over midnight), never the day in UTC.
    pub today: Option<time::Date>,
    /// The user account, recorded with a withdrawal.
    pub user: String,
}

/// Binds the loopback address and `port`, hands the URL with the secret to `ready` (the CLI
/// prints it as the first line on stdout) and serves until Ctrl+C.
pub fn run(
    templates: TemplateSet,
    serve: &ServeSettings,
    ready: impl FnOnce(&str),
) -> Result<(), Error> {
    let listener = address::bind(serve.address, serve.port)?;
    let bound = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("die Adresse des Servers ist unbekannt: {e}")))?;
    let (ip, port) = (bound.ip(), bound.port());
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Usage(format!("der Server kann nicht starten: {e}")))?;
    let token = state::secret()?;
    let pages =
        state::pages().map_err(|e| Error::Usage(format!("interne Vorlage fehlerhaft: {e}")))?;
    let name = serve
        .root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| serve.root.display().to_string());
    // `localhost` names 127.0.0.1 only: it is an address of this server only there.
    let mut hosts = vec![format!("{ip}:{port}")];
    if ip == Ipv4Addr::LOCALHOST {
        hosts.push(format!("localhost:{port}"));
    }
    let state = Arc::new(state::AppState {
        root: serve.root.clone(),
        name,
        cookie: format!("sachstand-{port}"),
        origins: hosts.iter().map(|h| format!("http://{h}")).collect(),
        hosts,
        token,
        renderer: Renderer::new(templates),
        pages,
        previews: Mutex::new(HashMap::new()),
        rows: Mutex::new(HashMap::new()),
        writing: tokio::sync::Mutex::new(()),
        fixed_today: serve.today,
        user: serve.user.clone(),
        notices: Mutex::new(HashMap::new()),
        work: tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, std::num::NonZero::get),
        ),
    });
    let url = format!("http://{ip}:{port}/?token={}", state.token);
    ready(&url);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("der Server kann nicht starten: {e}")))?;
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::Usage(format!("der Server kann nicht starten: {e}")))?;
        crate::shutdown::serve_until_interrupted(listener, routes::router(state))
            .await
            .map_err(|e| Error::Usage(format!("der Server ist ausgefallen: {e}")))
    });
    // A compile still running on the blocking pool (a large Mappe) does not hold the end of
    // the program after Ctrl+C: its result has no one left to take it.
    runtime.shutdown_timeout(std::time::Duration::from_millis(300));
    served
}
