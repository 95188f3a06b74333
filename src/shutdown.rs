//! How the HTTP servers end: Ctrl+C lets running requests finish, but for two seconds at most,
//! so that a connection that never completes its request (half open) does not keep the
//! program alive.

use std::future::IntoFuture;
use std::time::Duration;

/// How long running requests may take after Ctrl+C.
const GRACE: Duration = Duration::from_secs(2);

/// Serves `app` on `listener` until Ctrl+C (plus at most [`GRACE`]).
pub async fn serve_until_interrupted(
    listener: tokio::net::TcpListener,
    app: axum::Router,
) -> std::io::Result<()> {
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        let _ = stop.send(true);
    });
    let mut graceful = stopped.clone();
    let mut deadline = stopped;
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let _ = graceful.wait_for(|stop| *stop).await;
    });
    tokio::select! {
        served = server.into_future() => served,
        () = async move {
            let _ = deadline.wait_for(|stop| *stop).await;
            tokio::time::sleep(GRACE).await;
        } => Ok(()),
    }
}
