//! How the HTTP servers serve and end. Each connection is served by hyper (HTTP/1.1) with a
//! timer: a client that does not finish its request headers within [`HEADER_READ`] is cut off
//! (a half-open connection holds nothing for long). Ctrl+C stops accepting, lets running
//! requests finish, but for two seconds at most, so that no connection keeps the program alive.

use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

/// How long running requests may take after Ctrl+C.
const GRACE: Duration = Duration::from_secs(2);

/// How long a client may take to send a request's headers (also between two requests of a
/// kept-alive connection).
pub const HEADER_READ: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until Ctrl+C (plus at most [`GRACE`]).
pub async fn serve_until_interrupted(
    listener: tokio::net::TcpListener,
    app: axum::Router,
) -> std::io::Result<()> {
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut stopping = stopped.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        let _ = stop.send(true);
    });
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(stream, app.clone(), stopped.clone()));
                }
                // Out of file descriptors and the like: wait a moment instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            _ = stopping.wait_for(|stop| *stop) => break,
        }
        // Finished connections are reaped as they end.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    Ok(())
}

/// One connection: HTTP/1.1 with the header-read timeout; on Ctrl+C it finishes the request
/// it is answering and closes.
async fn connection(
    stream: tokio::net::TcpStream,
    app: axum::Router,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    let service = TowerToHyperService::new(app);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stopped.wait_for(|stop| *stop) => {}
    }
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}
