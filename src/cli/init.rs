//! `sachstand init`: a new city's project: `sachstand.toml` with the city's name and a
//! commented register skeleton, `sachstand.schema.json` for editors, a `reports/` folder and
//! one example report that passes `check` as it is.
//!
//! Nothing is ever overwritten: every target is checked before the first file is written,
//! and each file is written with `write_new`.

use std::path::{Path, PathBuf};

use time::{Date, Duration, Weekday};

use crate::cli::Exit;
use sachstand::error::Error;
use sachstand::german::date_iso;
use sachstand::output::write_new;
use sachstand::shell::quote;
use sachstand::typeset::templates::TemplateSet;

/// Settings of `init`, checked.
#[derive(Debug)]
pub struct InitSettings {
    /// The project folder (created when missing).
    pub folder: PathBuf,
    /// The city's name.
    pub stadt: String,
    /// Today, for the example report's date.
    pub heute: Date,
}

/// The example report's file, relative to the project folder.
pub const EXAMPLE: &str = "reports/beispiel-mitteilung.toml";

/// Writes the project and says what to do next.
pub fn run(init: &InitSettings) -> Result<Exit, Error> {
    let settings_path = init.folder.join(sachstand::project::FILE_NAME);
    let example = init.folder.join(EXAMPLE);
    let schema = init.folder.join(sachstand::format_schema::json::FILE_NAME);
    for path in [&settings_path, &example, &schema] {
        if path.exists() {
            return Err(Error::Usage(format!(
                "{} gibt es schon; sachstand init überschreibt nichts. Wählen Sie einen anderen Ordner: sachstand init ORDNER",
                quote(path)
            )));
        }
    }
    if let Some(above) = init
        .folder
        .parent()
        .and_then(sachstand::project::files::root_above)
    {
        eprintln!(
            "hinweis: darüber liegt schon ein Projekt ({}); das neue Projekt gilt für seinen eigenen Ordner",
            above.display()
        );
    }
    let reports = init.folder.join("reports");
    std::fs::create_dir_all(&reports)
        .map_err(|e| Error::io("Der Ordner kann nicht angelegt werden", &reports, e))?;
    let sitzung = next_monday(init.heute + Duration::days(7));
    write_new(
        &settings_path,
        settings_text(&init.stadt, sitzung).as_bytes(),
    )?;
    let ctx = sachstand::format_schema::file::context(&TemplateSet::builtin(), Some(&init.folder))?;
    write_new(
        &schema,
        sachstand::format_schema::json::text(&ctx).as_bytes(),
    )?;
    write_new(&example, example_text(init.heute, sitzung).as_bytes())?;
    for path in [&settings_path, &schema, &example] {
        crate::say!(
            "Angelegt: {}",
            sachstand::project::files::shown(path).display()
        );
    }
    let into = if init.folder == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", quote(&init.folder))
    };
    eprintln!("Als Nächstes:");
    eprintln!(
        "  1. Tragen Sie in sachstand.toml Ihre Gremien mit den Sitzungsterminen und die Unterzeichnenden (statt „{}“) ein.",
        sachstand::project::UNTERZEICHNENDE_PLATZHALTER
    );
    eprintln!(
        "  2. Prüfen und setzen Sie das Beispiel: {into}sachstand check && sachstand render {EXAMPLE}"
    );
    eprintln!(
        "  3. Neue Berichte: sachstand new --vorlage beschlussvorlage --datum TT.MM.JJJJ -o reports/NAME.toml"
    );
    eprintln!(
        "  4. Fristen: mit `vorlagenschluss` je Gremium in sachstand.toml zeigt `sachstand fristen`, was wann fällig ist."
    );
    Ok(Exit::Success)
}

/// The first Monday on or after `day`.
fn next_monday(mut day: Date) -> Date {
    while day.weekday() != Weekday::Monday {
        day = day.next_day().unwrap_or(day);
        if day == Date::MAX {
            break;
        }
    }
    day
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

fn settings_text(stadt: &str, sitzung: Date) -> String {
    let name = toml_string(stadt);
    let magistrat = toml_string(&format!("Magistrat der Stadt {stadt}"));
    let sitzung = date_iso(sitzung);
    let platzhalter = sachstand::project::UNTERZEICHNENDE_PLATZHALTER;
    format!(
        r#"# Einstellungen der Stadt für sachstand: gelten für jeden Bericht in diesem Ordner und
# darunter (sachstand sucht diese Datei vom Bericht aus aufwärts).

[stadt]
name = {name}
# logo = "bilder/wappen.svg"          # SVG oder PNG, relativ zu dieser Datei
# logo_alt = "Wappen der Stadt …"     # Pflicht, wenn ein Logo genannt ist

[vorlagen_nr]
muster = "{{jahr}}/{{lfd:04}}"           # {{jahr}}, {{lfd}} oder {{lfd:04}} (vierstellig)

# PDF-Standards jedes PDFs: a-2a = PDF/A-2 (Archiv), ua-1 = PDF/UA-1 (barrierefrei).
[pdf]
standard = ["a-2a", "ua-1"]

# OParl (sachstand oparl --serve / --ausgabe ORDNER): die Adresse, unter der die Schnittstelle
# im Netz erscheint; aus ihr entstehen alle Ids. Zum Testen auf diesem Rechner:
# basis_url = "http://127.0.0.1:8035/oparl"
# [oparl]
# basis_url = "https://ratsinfo.example.de/oparl"

# Unterschriften für Berichte, die selbst keine nennen ([[unterschriften]]), je Person ein
# Abschnitt. Ersetzen Sie den Platzhalter: `check` warnt, solange er dasteht.
# amt (optional) steht unter dem Namen: "(Schmidt)", darunter "Bürgermeister".
[[unterzeichnende]]
name = "{platzhalter}"
# amt = "Bürgermeisterin"

# Form der Unterschriftszeile: "klammern" druckt "(Schmidt)", "gez." druckt "gez. Schmidt".
# [unterschrift]
# stil = "gez."

# Zeitleiste (Grafik des Förderzeitraums mit den Meilensteinen) in jedem Sachstandsbericht mit
# [foerderung]; ein Bericht schaltet sie mit eigenem [darstellung] zeitleiste = false ab.
# [darstellung]
# zeitleiste = true

# Gremienverzeichnis: Berichte nennen ein Gremium mit seinem key (gremium = "magistrat").
# art: magistrat | ausschuss | stadtverordnetenversammlung | beirat | ortsbeirat
# sitzungen: die Sitzungstermine, aufsteigend; `check` warnt bei jedem anderen Termin.
# einladende (optional): wer im Briefkopf der Sitzungsmappe einlädt; ohne Angabe nach art
# "Der Magistrat" oder "Der Vorsitzende der Stadtverordnetenversammlung" (auch für Ausschüsse).
# vorlagenschluss (optional): so viele Tage vor der Sitzung muss eine Vorlage datiert sein
# (10; fällt der Tag auf ein Wochenende oder einen hessischen Feiertag, gilt der Arbeitstag
# davor), oder Arbeitstage: {{ arbeitstage = 7 }}. Eine Sitzung kann ein eigenes Datum haben:
#   sitzungen = [{{ termin = JJJJ-MM-TT, vorlagenschluss = JJJJ-MM-TT }}]
# ladungsfrist (optional) wird genauso angegeben. `check` warnt bei einer verspäteten Vorlage,
# `sachstand fristen` listet alle Fristen.
[[gremien]]
key = "magistrat"
name = {magistrat}
kurz = "Magistrat"
art = "magistrat"
# vorlagenschluss = 10
# ladungsfrist = {{ arbeitstage = 3 }}
sitzungen = [{sitzung}]

# [[gremien]]
# key = "hfa"
# name = "Haupt- und Finanzausschuss"
# art = "ausschuss"
# sitzungen = [JJJJ-MM-TT, JJJJ-MM-TT]

# [[gremien]]
# key = "stvv"
# name = "Stadtverordnetenversammlung"
# art = "stadtverordnetenversammlung"
# einladende = "Die Vorsitzende der Stadtverordnetenversammlung"
# sitzungen = [JJJJ-MM-TT]
"#
    )
}

fn example_text(heute: Date, sitzung: Date) -> String {
    let datum = date_iso(heute);
    let sitzung = date_iso(sitzung);
    format!(
        r#"#:schema ../sachstand.schema.json
# Beispiel: eine Mitteilungsvorlage. Prüfen: sachstand check; setzen: sachstand render DATEI
# Andere Vorlagenarten zeigt `sachstand templates`, ein leeres Gerüst `sachstand new --vorlage ART`.

vorlage = "mitteilungsvorlage"
# Ein Beispiel kommt in keine Sitzungsmappe, nicht ins Archiv und nicht nach OParl. Wird daraus
# eine echte Vorlage, löschen Sie die nächste Zeile.
beispiel = true

[kopf]
produkt = "1 11 01 01 010"
federfuehrung = "Hauptamt"
bearbeitung = "Fr. Beispiel"
datum = {datum}
betreff = "Beispiel: Neue Öffnungszeiten des Bürgerbüros"

[[beratungsfolge]]
gremium = "magistrat"
termin = {sitzung}
rolle = "kenntnisnahme"

# Unterschriften: ohne [[unterschriften]] gelten die Unterzeichnenden aus sachstand.toml.

[mitteilung]
text = [
  "Das Bürgerbüro öffnet künftig montags bis freitags von 8 bis 18 Uhr.",
]
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_settings_parse_with_any_city_name() {
        let text = settings_text("Bad \"Quote\" \\ Stadt", date!(2024 - 03 - 18));
        let parsed = toml::from_str::<sachstand::project::Settings>(&text).unwrap();
        assert_eq!(
            parsed.stadt.map(|s| s.name).unwrap_or_default(),
            "Bad \"Quote\" \\ Stadt"
        );
        // The commented [oparl] block works once uncommented.
        let oparl = text.replace("# [oparl]\n# basis_url", "[oparl]\nbasis_url");
        let parsed = toml::from_str::<sachstand::project::Settings>(&oparl).unwrap();
        assert_eq!(
            parsed.oparl.map(|o| o.basis_url).unwrap_or_default(),
            "https://ratsinfo.example.de/oparl"
        );
        // The signatory is active, with the placeholder `check` recognises.
        let parsed = toml::from_str::<sachstand::project::Settings>(&text).unwrap();
        let names: Vec<String> = parsed.unterzeichnende.into_iter().map(|u| u.name).collect();
        assert_eq!(names, [sachstand::project::UNTERZEICHNENDE_PLATZHALTER]);
        // The commented deadlines work once uncommented.
        let fristen = text
            .replace("# vorlagenschluss = 10", "vorlagenschluss = 10")
            .replace("# ladungsfrist = ", "ladungsfrist = ");
        let parsed = toml::from_str::<sachstand::project::Settings>(&fristen).unwrap();
        let g = &parsed.gremien[0];
        assert_eq!(
            g.vorlagenschluss_am(date!(2024 - 03 - 18)).map(|(d, _)| d),
            Some(date!(2024 - 03 - 08))
        );
        assert_eq!(
            g.ladungsfrist_am(date!(2024 - 03 - 18)).map(|(d, _)| d),
            Some(date!(2024 - 03 - 13))
        );
        // The commented style and office work once uncommented.
        let gez = text
            .replace("# [unterschrift]\n# stil", "[unterschrift]\nstil")
            .replace("# [darstellung]\n# zeitleiste", "[darstellung]\nzeitleiste")
            .replace("# amt = ", "amt = ");
        let parsed = toml::from_str::<sachstand::project::Settings>(&gez).unwrap();
        assert!(parsed.unterschrift_gez(), "{gez}");
        assert_eq!(
            parsed.darstellung.and_then(|d| d.zeitleiste),
            Some(true),
            "{gez}"
        );
        assert_eq!(
            parsed.unterzeichnende[0].amt.as_deref(),
            Some("Bürgermeisterin")
        );
    }

    #[test]
    fn meetings_fall_on_a_monday() {
        assert_eq!(next_monday(date!(2024 - 03 - 13)), date!(2024 - 03 - 18));
        assert_eq!(next_monday(date!(2024 - 03 - 18)), date!(2024 - 03 - 18));
    }
}
