//! What the server keeps while it runs: the project root, the per-start secret, the HTML
//! templates, the last good preview of each report, and the lock that orders writes.
//!
//! Invariant: a report path from a request is accepted only when it names, after resolving
//! symlinks, one of the project's reports (`crate::project::files::reports`) inside the root.

use crate::paths::Canonical;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use minijinja::Environment;

use serde::Serialize;

use crate::typeset::render::Renderer;

/// One row of the overview.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub(super) pfad: String,
    pub(super) betreff: String,
    pub(super) art: String,
    pub(super) nummer: String,
    pub(super) datum: String,
    pub(super) beratung: String,
    pub(super) fehler: usize,
    pub(super) warnungen: usize,
    /// What the archive holds of it: "" (nothing), or its latest version and whether the
    /// file changed since.
    pub(super) archiv: String,
}

/// What the editor shows above a report that was just created here.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// One sentence: what was created.
    pub titel: String,
    /// What was taken over and set.
    pub gesetzt: Vec<String>,
    /// What the user still has to check or update ("bitte prüfen").
    pub pruefen: Vec<String>,
}

/// Shared state of the running server.
pub struct AppState {
    /// The project root, canonical.
    pub root: PathBuf,
    /// The project's name as shown (the root folder's name).
    pub name: String,
    /// The per-start secret: in the printed URL, then in a cookie.
    pub token: String,
    /// The cookie's name (per port: cookies do not tell ports apart).
    pub cookie: String,
    /// The `Host` values this server answers to.
    pub hosts: Vec<String>,
    /// The origins whose state-changing requests are accepted.
    pub origins: Vec<String>,
    /// The pipeline's renderer, as the CLI makes it.
    pub renderer: Renderer,
    /// The HTML templates (auto-escaped).
    pub pages: Environment<'static>,
    /// The last preview without errors, per report.
    pub previews: Mutex<HashMap<PathBuf, Arc<Vec<String>>>>,
    /// The overview's row of each report, with the content hash (report and settings) it was
    /// made from: an unchanged report is not laid out again.
    pub(super) rows: Mutex<HashMap<PathBuf, (String, Row)>>,
    /// Held while a report file is checked and written, so two tabs cannot interleave.
    pub writing: tokio::sync::Mutex<()>,
    /// A fixed "today" (`ServeSettings::today`); `None`: the day in Berlin ([`Self::today`]).
    pub fixed_today: Option<time::Date>,
    /// The user account, recorded with a withdrawal.
    pub user: String,
    /// What the editor says above a report created in this session (next cycle: "bitte prüfen").
    pub notices: Mutex<HashMap<PathBuf, Notice>>,
    /// Bounds the blocking work (compiles, layouts, project walks) running at once to the
    /// cores; every handler's blocking work takes a permit first.
    pub work: tokio::sync::Semaphore,
}

/// Why blocking work did not run to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotRun {
    /// The server is shutting down (no permit any more).
    Stopping,
    /// The work panicked.
    Failed,
}

/// "Today" at the instant `now`: `fixed` if given, else the calendar day in Berlin (at 23:30
/// UTC in winter it is already tomorrow there).
pub fn today_at(fixed: Option<time::Date>, now: time::OffsetDateTime) -> time::Date {
    fixed.unwrap_or_else(|| crate::fristen::day_in_berlin(now))
}

impl AppState {
    /// Today for the overview's "Nächste Beratung" and Fristen, a new report's date and the
    /// next cycle: the fixed day, else the day in Berlin now.
    pub fn today(&self) -> time::Date {
        today_at(self.fixed_today, time::OffsetDateTime::now_utc())
    }

    /// Runs blocking work (compiles, layouts, file reads) off the async workers, at most one
    /// job per core at a time ([`AppState::work`]): 200 requests at once queue instead of
    /// starting 200 compiles.
    pub async fn run_blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, NotRun> {
        let _permit = self.work.acquire().await.map_err(|_| NotRun::Stopping)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|_| NotRun::Failed)
    }

    /// The report at `rel` (a path below the root, `/`-separated), or `None` when it is not one
    /// of the project's reports: `..`, absolute paths, symlinks out and other files all fail.
    pub fn report(&self, rel: &str) -> Option<PathBuf> {
        let rel_path = Path::new(rel);
        let normal = !rel.is_empty()
            && !rel.contains('\\')
            && rel_path
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !normal {
            return None;
        }
        // Decided for this one file, as the project's walk would (no walk per request).
        let candidate = self.root.join(rel_path);
        if !crate::project::files::is_report(&self.root, &candidate) {
            return None;
        }
        let real = candidate.canonical().ok()?;
        let archive = self.root.join(crate::project::files::ARCHIVE);
        let settings = self.root.join(crate::project::FILE_NAME);
        (real.starts_with(&self.root) && !real.starts_with(&archive) && real != settings)
            .then_some(real)
    }

    /// The project's reports, canonical, without those a symlink leads out of the root, into
    /// the archive (filed copies never change) or to `sachstand.toml`.
    pub fn reports(&self) -> Vec<PathBuf> {
        let archive = self.root.join(crate::project::files::ARCHIVE);
        let settings = self.root.join(crate::project::FILE_NAME);
        crate::project::files::reports(&self.root)
            .iter()
            .filter_map(|p| p.canonical().ok())
            .filter(|p| p.starts_with(&self.root) && !p.starts_with(&archive) && *p != settings)
            .collect()
    }

    /// `path` relative to the root, `/`-separated, as used in URLs.
    pub fn relative(&self, path: &Path) -> String {
        let real = path.canonical().unwrap_or_else(|_| path.to_path_buf());
        let rel = real.strip_prefix(&self.root).unwrap_or(&real);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The Gremien of the project's register (key, name), for the selects.
    pub fn gremien(&self, report: &Path) -> Vec<(String, String)> {
        match crate::project::find(report) {
            Ok(Ok(project)) => project
                .settings()
                .gremien
                .iter()
                .map(|g| (g.key.clone(), g.name.clone()))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The content hash a form carries, to notice a change on disk since it was loaded.
pub fn hash(bytes: &[u8]) -> String {
    crate::digest::sha256_hex(bytes)
}

/// A fresh secret of 32 random bytes, hex.
pub fn secret() -> Result<String, crate::error::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        crate::error::Error::Usage(format!(
            "kein Zufall vom Betriebssystem für den Schlüssel: {e}"
        ))
    })?;
    Ok(crate::digest::hex(&bytes))
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The HTML templates, compiled in; HTML auto-escaping by their `.html` names.
pub fn pages() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_template("rahmen.html", include_str!("assets/rahmen.html"))?;
    env.add_template("uebersicht.html", include_str!("assets/uebersicht.html"))?;
    env.add_template("editor.html", include_str!("assets/editor.html"))?;
    env.add_template("fehler.html", include_str!("assets/fehler.html"))?;
    env.add_template("neu.html", include_str!("assets/neu.html"))?;
    env.add_template("zyklus.html", include_str!("assets/zyklus.html"))?;
    env.add_template("archiv.html", include_str!("assets/archiv.html"))?;
    env.add_template("freigabe.html", include_str!("assets/freigabe.html"))?;
    env.add_template("archiviert.html", include_str!("assets/archiviert.html"))?;
    env.add_template(
        "zurueckgezogen.html",
        include_str!("assets/zurueckgezogen.html"),
    )?;
    env.add_template("mappe.html", include_str!("assets/mappe.html"))?;
    Ok(env)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_by_content() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }

    #[test]
    fn templates_escape_html() {
        let env = pages();
        let Ok(env) = env else {
            panic!("templates: {env:?}", env = env.err());
        };
        let page = env.get_template("fehler.html").and_then(|t| {
            t.render(minijinja::context! {
                projekt => "<b>", titel => "t", text => "<script>", befunde => Vec::<String>::new()
            })
        });
        let page = page.unwrap_or_default();
        assert!(page.contains("&lt;script&gt;"), "{page}");
        assert!(!page.contains("<script>"), "{page}");
    }

    #[test]
    fn today_is_the_day_in_berlin_not_in_utc() {
        use time::macros::{date, datetime};
        // 23:30 UTC on 1 May is 01:30 on 2 May in Berlin (summer time) …
        let late = datetime!(2023-05-01 23:30 UTC);
        assert_eq!(today_at(None, late), date!(2023 - 05 - 02));
        // … and 23:30 UTC on 31 December is already the new year there (winter time).
        let new_year = datetime!(2023-12-31 23:30 UTC);
        assert_eq!(today_at(None, new_year), date!(2024 - 01 - 01));
        assert_eq!(
            today_at(None, datetime!(2023-05-01 21:59 UTC)),
            date!(2023 - 05 - 01)
        );
        // A fixed day wins.
        assert_eq!(
            today_at(Some(date!(2023 - 02 - 24)), late),
            date!(2023 - 02 - 24)
        );
    }
}
