//! A report marked as an example (`beispiel = true`, as `init` writes its example): it is
//! checked, rendered and edited like any other, but never enters a Sitzungsmappe, the archive
//! or OParl until the mark is removed. The one place that says so in words.

use crate::report::load::Loaded;

/// Why the example `loaded` may not be archived or published, naming its file and the line
/// of the mark (`reports/x.toml:5:1: …`); `None` for a report that is no example.
pub fn refusal(loaded: &Loaded) -> Option<String> {
    if !loaded.data.beispiel {
        return None;
    }
    let (line, column) = loaded.source.line_col(loaded.span("beispiel").start);
    Some(format!(
        "{}:{line}:{column}: die Vorlage ist als Beispiel markiert (`beispiel = true`) und kommt weder ins Archiv noch in eine Sitzungsmappe oder nach OParl; ist sie eine echte Vorlage, löschen Sie diese Zeile",
        crate::project::files::shown(&loaded.path).display()
    ))
}

/// The note of the Sitzungsmappe of `gremium` on `termin` when it leaves out `report` at
/// `file` because it is an example on that Sitzung; `None` otherwise.
pub fn left_out(
    report: &crate::report::model::Report,
    file: &std::path::Path,
    gremium: &str,
    termin: time::Date,
) -> Option<String> {
    let here = report
        .beratungsfolge
        .iter()
        .any(|b| b.gremium == gremium && b.termin.0 == termin);
    (report.beispiel && here).then(|| {
        format!(
            "hinweis: {} ist als Beispiel markiert (`beispiel = true`) und wurde nicht aufgenommen; für eine echte Vorlage die Zeile löschen",
            crate::project::files::shown(file).display()
        )
    })
}
