//! Recording a Beratungsergebnis in the editor (issue 24, point 5): the archive page's form per
//! open Beratung, tested over HTTP against the real `sachstand serve` (secret cookie,
//! same-origin), then the line in `archiv/index.jsonl` on disk, the page's list, `archive
//! --verify` and the OParl export. A withdrawn paper gets no result, neither in the editor nor
//! with `sachstand ergebnis`. The overview's "Nächste Beratung" counts from the editor's
//! "today" (`SACHSTAND_HEUTE`, else the day in Berlin), not from the day in UTC.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

const ZUSCHUSS: &str = "reports/2023-02-zuschuss-interkulturelle-wochen.toml";
const SBK: &str = "Sozial-, Bildungs- und Kulturausschuss";

/// The example project with the released Vorlage 2023/0031 (Magistrat 20.02., SBK 23.02.,
/// StVV 10.03.2023) archived.
fn project() -> tempfile::TempDir {
    let dir = common::project_with_settings();
    std::fs::copy(root().join(ZUSCHUSS), dir.path().join(ZUSCHUSS)).unwrap();
    let out = run_in(dir.path(), &["archive", ZUSCHUSS]);
    assert!(out.status.success(), "{}", texts(&out).1);
    dir
}

fn index_text(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("archiv/index.jsonl")).unwrap()
}

fn index_lines(dir: &Path) -> Vec<Value> {
    index_text(dir)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The editor on a project, and how to talk to it.
struct Session {
    editor: Editor,
    agent: ureq::Agent,
}

impl Session {
    fn new(dir: &Path, env: &[(&str, &str)]) -> Self {
        Session {
            editor: serve_editor(dir, env),
            agent: http_agent(),
        }
    }

    /// GET `path` with the secret cookie: status and body (`/` unescaped).
    fn get(&self, path: &str) -> (u16, String) {
        let mut r = self
            .agent
            .get(format!("{}{path}", self.editor.base))
            .header("Cookie", self.editor.cookie())
            .call()
            .unwrap();
        let status = r.status().as_u16();
        (status, unescape(&r.body_mut().read_to_string().unwrap()))
    }

    /// POSTs the result form of `ZUSCHUSS` with `origin` (None: none sent).
    fn post(&self, form: &[(&str, &str)], origin: Option<&str>) -> (u16, String) {
        let mut request = self
            .agent
            .post(format!("{}/ergebnis/{ZUSCHUSS}", self.editor.base))
            .header("Cookie", self.editor.cookie());
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        let mut r = request.send_form(form.iter().copied()).unwrap();
        let status = r.status().as_u16();
        (status, unescape(&r.body_mut().read_to_string().unwrap()))
    }

    fn base(&self) -> &str {
        &self.editor.base
    }
}

/// The page's text with minijinja's HTML escapes of `/` and quotes undone.
fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
}

/// How many result forms the page has.
fn forms(html: &str) -> usize {
    html.matches("action=\"/ergebnis/reports/").count()
}

#[test]
fn the_editor_records_a_result_as_the_command_line_does() {
    let dir = project();
    let s = Session::new(dir.path(), &[("USER", "protokoll")]);
    let (status, page) = s.get(&format!("/archiv/{ZUSCHUSS}"));
    assert_eq!(status, 200, "{page}");
    // One form per Beratung, each a fieldset named by its Gremium and Sitzung, with the six
    // results to choose from and labelled vote fields.
    assert!(page.contains("<h2 id=\"ergebnis-titel\">Beratungsergebnisse</h2>"));
    assert_eq!(forms(&page), 3, "{page}");
    assert!(
        page.contains(&format!("<legend>{SBK} am 23.02.2023</legend>")),
        "{page}"
    );
    for result in [
        "ungeändert beschlossen",
        "geändert beschlossen",
        "abgelehnt",
        "vertagt",
        "zur Kenntnis genommen",
        "zurückgezogen",
    ] {
        assert!(
            page.contains(&format!("<option value=\"{result}\">{result}</option>")),
            "{result} missing"
        );
    }
    for label in ["Ergebnis", "Ja", "Nein", "Enthaltungen"] {
        assert!(page.contains(&format!("\">{label}</label>")), "{label}");
    }
    assert!(page.contains("<legend>Abstimmung (freiwillig)</legend>"));

    let before = index_text(dir.path());
    let good = [
        ("gremium", SBK),
        ("termin", "2023-02-23"),
        ("ergebnis", "zur Kenntnis genommen"),
        ("ja", "9"),
        ("nein", "0"),
        ("enthaltungen", "2"),
    ];
    let origin = Some(s.base());
    // Another origin, no Origin at all, no result chosen, a count that is no number: nothing.
    assert_eq!(s.post(&good, Some("http://evil.example")).0, 403);
    assert_eq!(s.post(&good, None).0, 403);
    let mut no_result = good;
    no_result[2].1 = "";
    let (status, body) = s.post(&no_result, origin);
    assert_eq!(status, 422);
    assert!(body.contains("Bitte wählen Sie das Ergebnis"), "{body}");
    assert!(
        body.contains("aria-invalid=\"true\""),
        "the field is marked"
    );
    let mut bad_count = good;
    bad_count[3].1 = "-1";
    let (status, body) = s.post(&bad_count, origin);
    assert_eq!(status, 422);
    assert!(body.contains("„Ja“: bitte eine ganze Zahl ab 0"), "{body}");
    // The values entered stay in the form.
    assert!(body.contains("value=\"-1\""), "{body}");
    assert_eq!(index_text(dir.path()), before, "a refusal writes nothing");

    let (status, body) = s.post(&good, origin);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Festgehalten: Vorlage 2023/0031"), "{body}");
    let lines = index_lines(dir.path());
    assert_eq!(lines.len(), before.lines().count() + 1, "one line appended");
    let line = lines.last().unwrap();
    assert_eq!(line["ergebnis_zu"], "2023/0031");
    assert_eq!(line["gremium"], SBK);
    assert_eq!(line["gremium_key"], "sbk");
    assert_eq!(line["termin"], "2023-02-23");
    assert_eq!(line["ergebnis"], "zur Kenntnis genommen");
    assert_eq!(
        (line["ja"].as_u64(), line["nein"].as_u64()),
        (Some(9), Some(0))
    );
    assert_eq!(line["enthaltungen"], 2);
    assert_eq!(line["von"], "protokoll");
    // The page lists it and offers only the two Beratungen left.
    assert!(body.contains("<td>zur Kenntnis genommen</td>"), "{body}");
    assert!(body.contains("Ja 9, Nein 0, Enthaltungen 2"), "{body}");
    assert_eq!(forms(&body), 2, "{body}");
    let (_, page) = s.get(&format!("/archiv/{ZUSCHUSS}"));
    assert!(page.contains("<td>zur Kenntnis genommen</td>"), "{page}");
    assert_eq!(forms(&page), 2);

    // The same Beratung again, and one the paper does not have: refused, said on the page.
    let (status, body) = s.post(&good, origin);
    assert_eq!(status, 422);
    assert!(
        body.contains("Nicht festgehalten:") && body.contains("schon ein Ergebnis festgehalten"),
        "{body}"
    );
    assert!(
        body.contains("role=\"alert\" id=\"ergebnis-fehler\""),
        "{body}"
    );
    let mut elsewhere = good;
    elsewhere[0].1 = "Stadtverordnetenversammlung";
    let (status, body) = s.post(&elsewhere, origin);
    assert_eq!(status, 422);
    assert!(body.contains("wird nicht am 23.02.2023"), "{body}");
    assert_eq!(index_lines(dir.path()).len(), lines.len());

    // A result without votes for the last Beratung.
    let (status, body) = s.post(
        &[
            ("gremium", "Stadtverordnetenversammlung"),
            ("termin", "2023-03-10"),
            ("ergebnis", "ungeändert beschlossen"),
        ],
        origin,
    );
    assert_eq!(status, 200, "{body}");
    let last = index_lines(dir.path()).pop().unwrap();
    assert_eq!(last["ergebnis"], "ungeändert beschlossen");
    assert_eq!(last["gremium_key"], "stvv");
    assert!(last.get("ja").is_none(), "{last}");

    // The archive still verifies; OParl shows both as AgendaItems with their result.
    let out = run_in(dir.path(), &["archive", "--verify"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let out_dir = dir.path().join("oparl-out");
    let out = run_in(
        dir.path(),
        &["oparl", "--ausgabe", out_dir.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    for (meeting, result) in [
        ("sbk-2023-02-23", "zur Kenntnis genommen"),
        ("stvv-2023-03-10", "ungeändert beschlossen"),
    ] {
        let meeting: Value = serde_json::from_str(
            &std::fs::read_to_string(out_dir.join("meeting").join(meeting)).unwrap(),
        )
        .unwrap();
        assert_eq!(meeting["agendaItem"][0]["result"], result, "{meeting:#}");
    }
}

#[test]
fn a_withdrawn_paper_gets_no_result_in_the_editor_nor_on_the_command_line() {
    let dir = project();
    let out = run_in(
        dir.path(),
        &[
            "ergebnis",
            "2023/0031",
            "--gremium",
            "magistrat",
            "--termin",
            "20.02.2023",
            "vertagt",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let out = run_in(
        dir.path(),
        &[
            "archive",
            "--zurueckziehen",
            "2023/0031",
            "--grund",
            "vom Magistrat zurückgestellt",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let before = index_text(dir.path());

    let out = run_in(
        dir.path(),
        &[
            "ergebnis",
            "2023/0031",
            "--gremium",
            "sbk",
            "--termin",
            "23.02.2023",
            "abgelehnt",
        ],
    );
    let stderr = texts(&out).1;
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("die Vorlage 2023/0031 wurde am")
            && stderr.contains("vom Magistrat zurückgestellt")
            && stderr.contains("kein Beratungsergebnis"),
        "{stderr}"
    );
    assert_eq!(index_text(dir.path()), before, "nothing recorded");

    let s = Session::new(dir.path(), &[]);
    let (_, page) = s.get(&format!("/archiv/{ZUSCHUSS}"));
    assert_eq!(forms(&page), 0, "no form for a withdrawn paper: {page}");
    assert!(
        page.contains("ist zurückgezogen; für sie wird kein Beratungsergebnis mehr festgehalten")
    );
    // The result recorded before the withdrawal is still listed.
    assert!(page.contains("<td>vertagt</td>"), "{page}");
    let (status, body) = s.post(
        &[
            ("gremium", SBK),
            ("termin", "2023-02-23"),
            ("ergebnis", "abgelehnt"),
        ],
        Some(s.base()),
    );
    assert_eq!(status, 422);
    assert!(
        body.contains("Nicht festgehalten: die Vorlage 2023/0031 wurde am"),
        "{body}"
    );
    assert_eq!(index_text(dir.path()), before, "nothing recorded");
}

#[test]
fn the_overview_counts_the_next_beratung_from_the_editors_today() {
    let dir = project();
    // On 24.02.2023 the SBK (23.02.) is past and the StVV (10.03.) next; on 11.03.2023 all are
    // past. Before the fix the editor took the day in UTC at its start and ignored
    // SACHSTAND_HEUTE here (while the Fristen list above it used it).
    for (heute, expected) in [
        ("24.02.2023", "10.03.2023, Stadtverordnetenversammlung"),
        (
            "11.03.2023",
            "zuletzt 10.03.2023, Stadtverordnetenversammlung",
        ),
    ] {
        let s = Session::new(dir.path(), &[("SACHSTAND_HEUTE", heute)]);
        let (status, page) = s.get("/");
        assert_eq!(status, 200);
        assert!(
            page.contains(expected),
            "{heute}: {expected} missing in {page}"
        );
    }
}
