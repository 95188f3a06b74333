//! Deadlines and reporting duties (`sachstand fristen`, the Vorlagenschluss in `check`) with the
//! real binary on a project made here: three Gremien with a rule in calendar days, one in
//! Hessian working days (over Easter and Ascension Day) and a Sitzung with its own date; a
//! late Vorlage, an overdue one, two archived reports (one with a half-yearly duty, one
//! continued by a newer report) and an explicit next date. The iCalendar file is read back by
//! an independent parser (Python's `icalendar`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

const SETTINGS: &str = r#"[stadt]
name = "Musterstadt"

[[unterzeichnende]]
name = "Schmidt"

[[gremien]]
key = "magistrat"
artikel = "der"
name = "Magistrat der Stadt Musterstadt"
kurz = "Magistrat"
art = "magistrat"
vorlagenschluss = 10
sitzungen = [2022-06-13, 2022-12-05, 2023-04-17, 2023-05-08, 2023-05-22, 2023-06-26]

[[gremien]]
key = "sbk"
artikel = "der"
name = "Sozial-, Bildungs- und Kulturausschuss"
kurz = "SBK-Ausschuss"
art = "ausschuss"
ort = "Sitzungssaal im Stadthaus"
beginn = "18:00"
vorlagenschluss = { arbeitstage = 7 }
ladungsfrist = 7
sitzungen = [
  2023-04-13, 2023-05-25,
  { termin = 2023-06-29, vorlagenschluss = 2023-06-02 },
  2023-11-30, 2024-01-04,
]

[[gremien]]
key = "stvv"
artikel = "die"
name = "Stadtverordnetenversammlung"
kurz = "StVV"
art = "stadtverordnetenversammlung"
vorlagenschluss = 21
sitzungen = [2022-06-24, 2022-12-16, 2023-03-10, 2023-06-16, 2023-09-22]
"#;

/// A Mitteilungsvorlage dated `datum` with `extra` lines before `[kopf]` and one Beratung per
/// `gremium@termin`.
fn mitteilung(datum: &str, betreff: &str, extra: &str, beratungen: &[&str]) -> String {
    let mut text = format!(
        "vorlage = \"mitteilungsvorlage\"\n{extra}\n[kopf]\nprodukt = \"1 11 01 01 010\"\nfederfuehrung = \"Hauptamt\"\nbearbeitung = \"Fr. Beispiel\"\ndatum = {datum}\nbetreff = \"{betreff}\"\n"
    );
    for b in beratungen {
        let (gremium, termin) = b.split_once('@').unwrap();
        text.push_str(&format!(
            "\n[[beratungsfolge]]\ngremium = \"{gremium}\"\ntermin = {termin}\nrolle = \"kenntnisnahme\"\n"
        ));
    }
    text + "\n[mitteilung]\ntext = [\"Ein Absatz.\"]\n"
}

/// The project, with `h.toml` and `q.toml` archived.
fn project(dir: &Path) {
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    std::fs::write(dir.join("sachstand.toml"), SETTINGS).unwrap();
    let reports = [
        // Archived; its yearly duty is met by u.toml, which continues it.
        (
            "q.toml",
            mitteilung(
                "2022-06-01",
                "Sachstand Kita-Ausbau 2022",
                "\n[auftrag]\ngremium = \"stvv\"\nbeschluss = 2021-12-10\nturnus = \"jaehrlich\"\n",
                &["magistrat@2022-06-13", "stvv@2022-06-24"],
            ),
        ),
        // Archived; half-yearly: its next report is due in the StVV from 16.06.2023.
        (
            "h.toml",
            mitteilung(
                "2022-11-23",
                "Sachstand Integrationsstrategie",
                "\n[auftrag]\ngremium = \"stvv\"\nbeschluss = 2019-12-13\nturnus = \"halbjaehrlich\"\n",
                &["magistrat@2022-12-05", "stvv@2022-12-16"],
            ),
        ),
        // Overdue: the Vorlagenschluss of 08.05.2023 was 28.04.2023.
        (
            "u.toml",
            mitteilung(
                "2023-04-26",
                "Sachstand Kita-Ausbau 2023",
                "vorheriger = \"q.toml\"\n",
                &["magistrat@2023-05-08"],
            ),
        ),
        // In time; its next report is due by an explicit date in the SBK.
        (
            "o.toml",
            mitteilung(
                "2023-05-08",
                "Neue Öffnungszeiten des Bürgerbüros",
                "\n[auftrag]\ngremium = \"magistrat\"\nbeschluss = 2023-03-01\nnaechster = 2023-11-15\nberichtsgremium = \"sbk\"\n",
                &["magistrat@2023-05-22", "sbk@2023-05-25"],
            ),
        ),
        // Late: 7 working days before 25.05.2023 (over Ascension Day) is 15.05.2023.
        (
            "l.toml",
            mitteilung(
                "2023-05-16",
                "Bericht zur Schulsozialarbeit",
                "",
                &["sbk@2023-05-25"],
            ),
        ),
        // The Sitzung on 29.06.2023 has its own Vorlagenschluss, 02.06.2023.
        (
            "x.toml",
            mitteilung(
                "2023-05-30",
                "Jahresbericht Seniorenbeirat",
                "",
                &["sbk@2023-06-29"],
            ),
        ),
    ];
    for (name, text) in reports {
        std::fs::write(dir.join("reports").join(name), text).unwrap();
    }
    // Only released papers are filed (issue 24, point 1).
    for name in ["reports/h.toml", "reports/q.toml"] {
        let out = run_in(
            dir,
            &["freigabe", name, "--durch", "Schmidt, Bürgermeister"],
        );
        assert!(out.status.success(), "{}", texts(&out).1);
    }
    let out = run_in(dir, &["archive", "reports/h.toml", "reports/q.toml"]);
    assert!(out.status.success(), "{}", texts(&out).1);
}

/// `sachstand fristen ARGS` in `dir` with `SACHSTAND_HEUTE` set to `heute`, if given.
fn fristen(dir: &Path, heute: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sachstand"));
    cmd.arg("fristen")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SACHSTAND_HEUTE");
    if let Some(heute) = heute {
        cmd.env("SACHSTAND_HEUTE", heute);
    }
    cmd.output().unwrap()
}

fn ok_stdout(out: &Output) -> String {
    let (stdout, stderr) = texts(out);
    assert!(out.status.success(), "{stderr}");
    stdout
}

#[test]
fn the_list_puts_what_is_overdue_first_and_leaves_out_the_archive() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let text = ok_stdout(&fristen(dir, None, &["--stichtag", "02.05.2023"]));
    assert!(
        text.starts_with("Fristen am 02.05.2023 (Stichtag): 4 Vorlagen, 2 fällige Berichte\n"),
        "{text}"
    );
    // Each entry is two lines after an empty one; in the order of their deadlines.
    let entries: Vec<&str> = text.split("\n\n").skip(1).collect();
    let expected = [
        (
            "überfällig",
            "Vorlagenschluss 28.04.2023 (vor 4 Tagen) – Magistrat am 08.05.2023",
            "reports/u.toml: Sachstand Kita-Ausbau 2023, Vorlage vom 26.04.2023 – Entwurf – Prüfung: ok",
        ),
        (
            "offen",
            "Vorlagenschluss 12.05.2023 (in 10 Tagen) – Magistrat am 22.05.2023",
            "reports/o.toml: Neue Öffnungszeiten des Bürgerbüros",
        ),
        (
            "verspätet",
            "Vorlagenschluss 15.05.2023 (in 13 Tagen) – SBK-Ausschuss am 25.05.2023 um 18:00 Uhr",
            "reports/l.toml: Bericht zur Schulsozialarbeit, Vorlage vom 16.05.2023, nach dem Vorlagenschluss – Entwurf – Prüfung: 1 Warnung",
        ),
        (
            "fällig",
            "Vorlagenschluss 26.05.2023 (in 24 Tagen) – StVV am 16.06.2023",
            "nächster Bericht zu „Sachstand Integrationsstrategie“ fällig zum StVV am 16.06.2023 – noch nicht angelegt: sachstand new --from reports/h.toml --datum 02.05.2023",
        ),
        (
            "offen",
            "Vorlagenschluss 02.06.2023 (in 31 Tagen) – SBK-Ausschuss am 29.06.2023 um 18:00 Uhr",
            "reports/x.toml: Jahresbericht Seniorenbeirat",
        ),
        (
            "fällig",
            "Vorlagenschluss 21.11.2023 (in 203 Tagen) – SBK-Ausschuss am 30.11.2023 um 18:00 Uhr",
            "fällig zum SBK-Ausschuss am 30.11.2023 – noch nicht angelegt: sachstand new --from reports/o.toml",
        ),
    ];
    assert_eq!(entries.len(), expected.len(), "{text}");
    for (entry, (zustand, first, second)) in entries.iter().zip(expected) {
        let lines: Vec<&str> = entry.trim_end().lines().collect();
        assert_eq!(lines.len(), 2, "{entry}");
        assert!(lines[0].starts_with(zustand), "{entry}");
        assert!(lines[0].ends_with(first), "{entry}");
        assert!(lines[1].contains(second), "{entry}");
    }
    // The archived reports are no Vorlagen of the list; q.toml's duty is met by u.toml.
    assert!(!text.contains("reports/h.toml:"), "{text}");
    assert!(!text.contains("q.toml"), "{text}");

    // "Today" comes from the environment when no --stichtag is given.
    let same = ok_stdout(&fristen(dir, Some("2023-05-02"), &[]));
    assert_eq!(same, text);
    // A day later, one day less everywhere.
    let later = ok_stdout(&fristen(dir, Some("03.05.2023"), &[]));
    assert!(
        later.contains("(vor 5 Tagen)") && later.contains("(in 9 Tagen)"),
        "{later}"
    );
}

#[test]
fn the_json_is_the_same_list() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let out = ok_stdout(&fristen(
        dir,
        None,
        &["--stichtag", "2023-05-02", "--format", "json"],
    ));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["stichtag"], "2023-05-02");
    let entries = json["eintraege"].as_array().unwrap();
    let summary: Vec<(String, String, String, Option<i64>)> = entries
        .iter()
        .map(|e| {
            (
                e["art"].as_str().unwrap().to_owned(),
                e["zustand"].as_str().unwrap().to_owned(),
                e["datei"].as_str().unwrap().to_owned(),
                e["tage"].as_i64(),
            )
        })
        .collect();
    let s = |a: &str, z: &str, d: &str, t: i64| (a.to_owned(), z.to_owned(), d.to_owned(), Some(t));
    assert_eq!(
        summary,
        [
            s("vorlage", "ueberfaellig", "reports/u.toml", -4),
            s("vorlage", "offen", "reports/o.toml", 10),
            s("vorlage", "verspaetet", "reports/l.toml", 13),
            s("bericht_faellig", "faellig", "reports/h.toml", 24),
            s("vorlage", "offen", "reports/x.toml", 31),
            s("bericht_faellig", "faellig", "reports/o.toml", 203),
        ]
    );
    let late = &entries[2];
    assert_eq!(late["datum"], "2023-05-16");
    assert_eq!(late["pruefung"]["warnungen"], 1);
    assert_eq!(late["pruefung"]["fehler"], 0);
    assert_eq!(late["sitzung"]["gremium"], "sbk");
    assert_eq!(late["sitzung"]["termin"], "2023-05-25");
    assert_eq!(late["sitzung"]["beginn"], "18:00");
    assert_eq!(late["sitzung"]["vorlagenschluss"], "2023-05-15");
    // 7 days before 25.05.2023 is Ascension Day: the working day before.
    assert_eq!(late["sitzung"]["ladungsfrist"], "2023-05-17");
    let due = &entries[3];
    assert_eq!(due["faellig_ab"], "2023-06-16");
    assert_eq!(due["pruefung"], serde_json::Value::Null);
    assert_eq!(
        due["befehl"],
        "sachstand new --from reports/h.toml --datum 02.05.2023"
    );
    assert_eq!(entries[4]["sitzung"]["vorlagenschluss"], "2023-06-02");
    assert_eq!(entries[5]["faellig_ab"], "2023-11-15");
}

#[test]
fn working_days_skip_easter_and_christmas() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let x = dir.join("reports/x.toml");
    let text = std::fs::read_to_string(&x).unwrap();
    // (Sitzung, Stichtag, Vorlagenschluss: 7 working days, Ladungsfrist: 7 days before)
    for (termin, stichtag, schluss, ladung) in [
        // Back over Easter Monday and Good Friday (2023: 10 and 7 April).
        ("2023-04-13", "27.03.2023", "2023-03-31", "2023-04-06"),
        // Back over Christmas and New Year; 28.12.2023 is a Thursday.
        ("2024-01-04", "01.12.2023", "2023-12-21", "2023-12-28"),
    ] {
        std::fs::write(
            &x,
            text.replace("termin = 2023-06-29", &format!("termin = {termin}"))
                .replace("datum = 2023-05-30", "datum = 2023-03-20"),
        )
        .unwrap();
        let out = ok_stdout(&fristen(
            dir,
            None,
            &["--stichtag", stichtag, "--format", "json"],
        ));
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        let entry = json["eintraege"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["datei"] == "reports/x.toml")
            .unwrap();
        assert_eq!(entry["sitzung"]["termin"], termin, "{entry}");
        assert_eq!(entry["sitzung"]["vorlagenschluss"], schluss, "{entry}");
        assert_eq!(entry["sitzung"]["ladungsfrist"], ladung, "{entry}");
    }
}

#[test]
fn check_warns_at_a_late_vorlage_and_names_the_next_sitzung_in_time() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let out = run_in(dir, &["check", "reports/l.toml"]);
    let (_, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warnung: die Vorlage vom 16.05.2023 liegt nach dem Vorlagenschluss (15.05.2023, 7 Arbeitstage vor der Sitzung) für die Sitzung des Sozial-, Bildungs- und Kulturausschusses am 25.05.2023"),
        "{stderr}"
    );
    assert!(stderr.contains("--> reports/l.toml:12:10"), "{stderr}");
    assert!(
        stderr.contains(
            "rechtzeitig käme sie zur Sitzung am 29.06.2023 (Vorlagenschluss 02.06.2023)"
        ),
        "{stderr}"
    );
    // A next report due before this one is named at its key.
    let o = dir.join("reports/o.toml");
    let text = std::fs::read_to_string(&o).unwrap();
    std::fs::write(
        &o,
        text.replace("naechster = 2023-11-15", "naechster = 2023-05-01"),
    )
    .unwrap();
    let out = run_in(dir, &["check", "reports/o.toml"]);
    let (_, stderr) = texts(&out);
    assert!(
        stderr.contains("warnung: der nächste Bericht wäre am 01.05.2023 fällig, nicht nach dieser Vorlage vom 08.05.2023\n --> reports/o.toml:6:13"),
        "{stderr}"
    );
    std::fs::write(&o, text).unwrap();
    // The others are in time (the report's date counts, not today).
    let out = run_in(
        dir,
        &[
            "check",
            "reports/o.toml",
            "reports/u.toml",
            "reports/x.toml",
        ],
    );
    let (_, stderr) = texts(&out);
    assert!(!stderr.contains("Vorlagenschluss"), "{stderr}");
}

#[test]
fn wrong_deadlines_are_named_at_their_place_in_sachstand_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    let cases = [
        (
            "vorlagenschluss = 10",
            "vorlagenschluss = \"zehn\"",
            "keine Zahl von Tagen",
            13,
        ),
        (
            "vorlagenschluss = 10",
            "vorlagenschluss = -2",
            "„-2“ Tage geht nicht",
            13,
        ),
        (
            "vorlagenschluss = { arbeitstage = 7 }",
            "vorlagenschluss = { werktage = 7 }",
            "`werktage`",
            24,
        ),
        (
            "vorlagenschluss = 2023-06-02",
            "vorlagenschluss = 2023-07-02",
            "Der Vorlagenschluss (02.07.2023) liegt nach der Sitzung am 29.06.2023",
            28,
        ),
    ];
    for (from, to, message, line) in cases {
        std::fs::write(dir.join("sachstand.toml"), SETTINGS.replace(from, to)).unwrap();
        let out = run_in(dir, &["check"]);
        let (_, stderr) = texts(&out);
        assert!(!out.status.success(), "{to}: {stderr}");
        assert!(stderr.contains(message), "{to}: {stderr}");
        assert!(
            stderr.contains(&format!("--> sachstand.toml:{line}:")),
            "{to}: {stderr}"
        );
    }
}

#[test]
fn dates_on_the_command_line_are_german_or_iso() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let out = fristen(dir, None, &["--stichtag", "31.02.2023"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "--stichtag 31.02.2023: kein gültiges Datum; erwartet wird TT.MM.JJJJ oder JJJJ-MM-TT"
        ),
        "{stderr}"
    );
    let out = fristen(dir, Some("morgen"), &[]);
    assert!(
        texts(&out)
            .1
            .contains("SACHSTAND_HEUTE morgen: kein gültiges Datum"),
        "{}",
        texts(&out).1
    );
    // `new --datum` takes the German form too: the command `fristen` proposes works.
    let out = run_in(
        dir,
        &["new", "--from", "reports/h.toml", "--datum", "02.05.2023"],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let text = ok_stdout(&fristen(dir, None, &["--stichtag", "02.05.2023"]));
    assert!(!text.contains("--from reports/h.toml"), "{text}");
}

/// A Python with the `icalendar` package: `SACHSTAND_ICS_PYTHON`, else the venv of the README
/// (`/tmp/icsvenv`); `None` when neither has it.
fn ics_python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("SACHSTAND_ICS_PYTHON").map(PathBuf::from),
        Some(PathBuf::from("/tmp/icsvenv/bin/python")),
    ];
    candidates.into_iter().flatten().find(|python| {
        Command::new(python)
            .args(["-c", "import icalendar"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The events of the iCalendar file `ics` as Python's `icalendar` reads them: UID, SUMMARY,
/// DTSTART (ISO, a date or a UTC date-time), DTEND, LOCATION, TRANSP.
fn parse_ics(python: &Path, ics: &Path) -> Vec<serde_json::Value> {
    let script = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
assert cal['VERSION'] == '2.0' and cal['PRODID']
out = []
for e in cal.walk('VEVENT'):
    get = lambda k: str(e[k]) if k in e else None
    when = lambda k: e.decoded(k).isoformat() if k in e else None
    out.append({'uid': get('UID'), 'summary': get('SUMMARY'), 'start': when('DTSTART'),
                'end': when('DTEND'), 'location': get('LOCATION'), 'transp': get('TRANSP'),
                'stamp': when('DTSTAMP'), 'description': get('DESCRIPTION')})
print(json.dumps(out))
"#;
    let out = Command::new(python)
        .args(["-c", script])
        .arg(ics)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_calendar_file_has_the_deadlines_and_sitzungen_with_stable_uids() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir);
    let ics = dir.join("fristen.ics");
    let out = fristen(
        dir,
        None,
        &["--stichtag", "02.05.2023", "--ics", "fristen.ics"],
    );
    ok_stdout(&out);
    assert!(
        texts(&out)
            .1
            .contains("Kalender geschrieben: fristen.ics (15 Termine)"),
        "{}",
        texts(&out).1
    );
    let bytes = std::fs::read(&ics).unwrap();
    // RFC 5545: CRLF after every line, none longer than 75 octets.
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75 && !line.contains('\n'), "{line:?}");
    }
    // The same input gives the same bytes.
    ok_stdout(&fristen(
        dir,
        None,
        &["--stichtag", "02.05.2023", "--ics", "fristen.ics"],
    ));
    assert_eq!(std::fs::read(&ics).unwrap(), bytes);

    let Some(python) = ics_python() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must name a Python with icalendar in SACHSTAND_ICS_PYTHON"
        );
        eprintln!(
            "übersprungen: kein Python mit dem Paket icalendar (python3 -m venv /tmp/icsvenv && /tmp/icsvenv/bin/pip install icalendar, oder SACHSTAND_ICS_PYTHON setzen)"
        );
        return;
    };
    let events = parse_ics(&python, &ics);
    let find = |uid: &str| {
        events
            .iter()
            .find(|e| e["uid"] == format!("{uid}@musterstadt.sachstand"))
            .unwrap_or_else(|| panic!("{uid} fehlt: {events:#?}"))
    };
    let mut uids: Vec<&str> = events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    uids.sort_unstable();
    let mut expected: Vec<String> = [
        "sitzung-magistrat-20230508",
        "vorlagenschluss-magistrat-20230508",
        "sitzung-magistrat-20230522",
        "vorlagenschluss-magistrat-20230522",
        "sitzung-sbk-20230525",
        "vorlagenschluss-sbk-20230525",
        "ladungsfrist-sbk-20230525",
        "sitzung-stvv-20230616",
        "vorlagenschluss-stvv-20230616",
        "sitzung-sbk-20230629",
        "vorlagenschluss-sbk-20230629",
        "ladungsfrist-sbk-20230629",
        "sitzung-sbk-20231130",
        "vorlagenschluss-sbk-20231130",
        "ladungsfrist-sbk-20231130",
    ]
    .iter()
    .map(|u| format!("{u}@musterstadt.sachstand"))
    .collect();
    expected.sort_unstable();
    assert_eq!(uids, expected);

    // A Sitzung with a beginning is timed (18:00 in Berlin summer time is 16:00 UTC).
    let sbk = find("sitzung-sbk-20230525");
    assert_eq!(sbk["summary"], "Sitzung SBK-Ausschuss");
    assert_eq!(sbk["start"], "2023-05-25T16:00:00+00:00");
    assert_eq!(sbk["location"], "Sitzungssaal im Stadthaus");
    assert!(
        sbk["description"]
            .as_str()
            .unwrap()
            .contains("Vorlage: Bericht zur Schulsozialarbeit (reports/l.toml)"),
        "{sbk}"
    );
    // One without is all-day; deadlines are all-day and do not block the day.
    let magistrat = find("sitzung-magistrat-20230508");
    assert_eq!(magistrat["start"], "2023-05-08");
    assert_eq!(magistrat["end"], "2023-05-09");
    let schluss = find("vorlagenschluss-sbk-20230525");
    assert_eq!(
        schluss["summary"],
        "Vorlagenschluss SBK-Ausschuss (Sitzung am 25.05.2023)"
    );
    assert_eq!(schluss["start"], "2023-05-15");
    assert_eq!(schluss["transp"], "TRANSPARENT");
    assert_eq!(find("vorlagenschluss-sbk-20230629")["start"], "2023-06-02");
    assert_eq!(find("ladungsfrist-sbk-20230525")["start"], "2023-05-17");
    assert_eq!(find("vorlagenschluss-stvv-20230616")["start"], "2023-05-26");
    let due = find("sitzung-stvv-20230616")["description"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        due.contains(
            "Bericht fällig: Sachstand Integrationsstrategie (Fortschreibung von reports/h.toml)"
        ),
        "{due}"
    );
    for e in &events {
        assert_eq!(e["stamp"], "2023-05-02T00:00:00+00:00", "{e}");
    }

    // A later day: the UIDs of the Sitzungen still on the list stay the same, so a new import
    // updates these events instead of adding copies.
    ok_stdout(&fristen(
        dir,
        None,
        &["--stichtag", "20.05.2023", "--ics", "fristen.ics"],
    ));
    let later = parse_ics(&python, &ics);
    for uid in [
        "sitzung-sbk-20230525",
        "vorlagenschluss-sbk-20230525",
        "sitzung-stvv-20230616",
        "sitzung-sbk-20231130",
    ] {
        let full = format!("{uid}@musterstadt.sachstand");
        assert_eq!(
            later.iter().filter(|e| e["uid"] == full).count(),
            1,
            "{uid}"
        );
    }
    assert!(
        later
            .iter()
            .all(|e| e["stamp"] == "2023-05-20T00:00:00+00:00")
    );
}
