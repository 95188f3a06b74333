//! The project a report belongs to: its root folder and the city's settings (`sachstand.toml`).
//!
//! The settings file is found by walking up from the report's folder, like `Cargo.toml`; its
//! folder is the project root. Settings fill in what every report shares (city, logo,
//! signatories) and resolve Gremien named by key. Files it names (the logo) must lie under
//! the project root.

pub mod anlage;
pub mod einladung;
pub mod example;
pub mod files;
pub mod frist;

use crate::paths::Canonical;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, closest};
use crate::error::Error;
use crate::report::load::{Loaded, load_as};
use crate::report::model::Phrase;
use crate::report::model::{Darstellung, Datum, Report, Unterschrift};

/// The settings file's name.
pub const FILE_NAME: &str = "sachstand.toml";

/// What a city's `sachstand.toml` holds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The city.
    pub stadt: Option<Stadt>,
    /// How Vorlagen-Nummern are made.
    pub vorlagen_nr: Option<NummerMuster>,
    /// Default signature lines, for reports that name none.
    #[serde(default)]
    pub unterzeichnende: Vec<Unterschrift>,
    /// How signature lines are printed.
    pub unterschrift: Option<UnterschriftSettings>,
    /// The register of Gremien.
    #[serde(default)]
    pub gremien: Vec<Gremium>,
    /// PDF output settings.
    pub pdf: Option<PdfSettings>,
    /// Where the council information system publishes (OParl export).
    pub oparl: Option<OparlSettings>,
    /// How every report is drawn unless it says otherwise (`[darstellung] zeitleiste = true`).
    pub darstellung: Option<Darstellung>,
}

/// The name `sachstand init` writes for the signatory, for the city to replace; `check` warns
/// while it is left.
pub const UNTERZEICHNENDE_PLATZHALTER: &str = "Nachname";

/// How signature lines are printed (`[unterschrift]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnterschriftSettings {
    /// `"klammern"`: "(Schmidt)", the default; `"gez."`: "gez. Schmidt".
    #[serde(default)]
    pub stil: UnterschriftStil,
}

/// The form of a signature line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum UnterschriftStil {
    /// "(Schmidt)": the name in parentheses under the space for the signature.
    #[default]
    #[serde(rename = "klammern")]
    Klammern,
    /// "gez. Schmidt": signed elsewhere, the name after "gez." (gezeichnet).
    #[serde(rename = "gez.")]
    Gez,
}

impl Settings {
    /// Whether signature lines read "gez. Schmidt" instead of "(Schmidt)".
    pub fn unterschrift_gez(&self) -> bool {
        self.unterschrift
            .as_ref()
            .is_some_and(|u| u.stil == UnterschriftStil::Gez)
    }
}

/// A warning for each signatory in the settings that still has the placeholder name of
/// `sachstand init`, at its `name`.
pub fn signature_placeholders(loaded: &Loaded<Settings>) -> Vec<Diagnostic> {
    loaded
        .data
        .unterzeichnende
        .iter()
        .enumerate()
        .filter(|(_, u)| u.name.trim() == UNTERZEICHNENDE_PLATZHALTER)
        .map(|(i, u)| {
            loaded
                .warning_at(
                    &format!("unterzeichnende[{}].name", i + 1),
                    format!(
                        "die Unterzeichnenden nennen noch „{}“, den Platzhalter aus `sachstand init`: der Name stünde so unter jeder Vorlage ohne eigene Unterschrift",
                        u.name
                    ),
                )
                .hint("tragen Sie den Nachnamen ein, der unter den Vorlagen stehen soll, z. B. `name = \"Schmidt\"`, und wenn gewünscht das Amt: `amt = \"Bürgermeister\"`")
        })
        .collect()
}

/// OParl export settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OparlSettings {
    /// Base URL of the city's OParl objects (`https://ratsinfo.example.de/oparl`).
    pub basis_url: String,
    /// The System's name (otherwise "Vorlagenarchiv der Stadt …").
    pub name: Option<String>,
    /// Contact e-mail of the System and the Body.
    pub kontakt_email: Option<String>,
    /// Contact name of the System and the Body.
    pub kontakt_name: Option<String>,
    /// Licence URL of the published data (`https://creativecommons.org/licenses/by/4.0/`).
    pub lizenz: Option<String>,
    /// The city's website.
    pub website: Option<String>,
    /// Whether the names in the PDFs (Bearbeiter/in, signatures) may be published: only then
    /// does OParl serve the PDFs (Files). Off unless set (OParl's Datenschutz chapter: personal
    /// data only with consent).
    #[serde(default)]
    pub personen_veroeffentlichen: bool,
}

/// How PDFs are written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfSettings {
    /// Standards every PDF conforms to (`["a-2a", "ua-1"]`), unless `--standard` says otherwise.
    #[serde(default)]
    pub standard: Vec<typst_pdf::PdfStandard>,
}

/// The city and its letterhead.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stadt {
    /// Its name (`Lampertheim`).
    pub name: String,
    /// A coat of arms or logo, SVG or PNG, relative to the settings file.
    pub logo: Option<String>,
    /// The logo's alternative text.
    pub logo_alt: Option<String>,
}

/// The pattern of Vorlagen-Nummern.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NummerMuster {
    /// `{jahr}` and `{lfd}` (or `{lfd:04}`, zero-padded) are replaced.
    pub muster: String,
}

/// What kind of body a Gremium is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GremiumArt {
    /// The Magistrat.
    Magistrat,
    /// A committee.
    Ausschuss,
    /// The city council.
    Stadtverordnetenversammlung,
    /// An advisory board.
    Beirat,
    /// A district council.
    Ortsbeirat,
}

/// One council body of the register.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gremium {
    /// Short key reports may use (`sbk`).
    pub key: String,
    /// Full name as printed.
    pub name: String,
    /// The article of the name (`der`, `die`, `das`), so that sentences can decline it
    /// ("gemäß Beschluss des Magistrats"); guessed from the name when missing.
    pub artikel: Option<Artikel>,
    /// Short name.
    pub kurz: Option<String>,
    /// Kind of body.
    pub art: GremiumArt,
    /// Meeting dates, ascending.
    #[serde(default)]
    pub sitzungen: Vec<Sitzung>,
    /// Where the Gremium meets (`Sitzungssaal im Stadthaus`), for the Sitzungsmappe's cover.
    pub ort: Option<String>,
    /// When its meetings begin, for the Sitzungsmappe's cover.
    pub beginn: Option<Uhrzeit>,
    /// How long before a Sitzung its Vorlagen must be in (`10`, `{ arbeitstage = 7 }`).
    pub vorlagenschluss: Option<frist::Frist>,
    /// How long before a Sitzung the invitation goes out, counted the same way.
    pub ladungsfrist: Option<frist::Frist>,
    /// Who invites to its Sitzungen, as the Sitzungsmappe's letterhead names the issuer
    /// (`Die Vorsitzende der Stadtverordnetenversammlung`); by `art` when missing
    /// (`einladung::einladende`).
    pub einladende: Option<String>,
}

impl Gremium {
    /// The Sitzung on `termin`, if the register lists it.
    pub fn sitzung_am(&self, termin: time::Date) -> Option<&Sitzung> {
        self.sitzungen.iter().find(|s| s.termin.0 == termin)
    }

    /// Where the Sitzung on `termin` takes place: its own place, else the Gremium's.
    pub fn ort_am(&self, termin: time::Date) -> Option<&str> {
        self.sitzung_am(termin)
            .and_then(|s| s.ort.as_deref())
            .or(self.ort.as_deref())
    }

    /// When the Sitzung on `termin` begins: its own time, else the Gremium's.
    pub fn beginn_am(&self, termin: time::Date) -> Option<&Uhrzeit> {
        self.sitzung_am(termin)
            .and_then(|s| s.beginn.as_ref())
            .or(self.beginn.as_ref())
    }
}

/// One meeting of a Gremium: a date (`2023-02-23`), or a table for a meeting at another place
/// or time than usual, or with deadlines of its own (`{ termin = 2023-05-11, ort = "Bürgerhaus
/// Nord", beginn = "19:00", vorlagenschluss = 2023-04-27 }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sitzung {
    /// The day.
    pub termin: Datum,
    /// Its own place, if not the Gremium's.
    pub ort: Option<String>,
    /// Its own beginning, if not the Gremium's.
    pub beginn: Option<Uhrzeit>,
    /// Its own Vorlagenschluss, instead of the Gremium's rule.
    pub vorlagenschluss: Option<Datum>,
    /// Its own Ladungsfrist, instead of the Gremium's rule.
    pub ladungsfrist: Option<Datum>,
}

/// A Sitzung written as a table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SitzungTabelle {
    termin: Datum,
    ort: Option<String>,
    beginn: Option<Uhrzeit>,
    vorlagenschluss: Option<Datum>,
    ladungsfrist: Option<Datum>,
}

impl<'de> Deserialize<'de> for Sitzung {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = toml::Value::deserialize(d)?;
        if value.is_table() {
            let t: SitzungTabelle = value.try_into().map_err(|e: toml::de::Error| {
                D::Error::custom(format!(
                    "{} (eine Sitzung ist ein Datum oder eine Tabelle {{ termin = 2023-05-11, ort = \"…\", beginn = \"19:00\", vorlagenschluss = 2023-04-27, ladungsfrist = 2023-05-04 }}, jede Angabe außer termin optional)",
                    e.message().trim_end()
                ))
            })?;
            return Ok(Sitzung {
                termin: t.termin,
                ort: t.ort,
                beginn: t.beginn,
                vorlagenschluss: t.vorlagenschluss,
                ladungsfrist: t.ladungsfrist,
            });
        }
        let termin =
            Datum::deserialize(value).map_err(|e| D::Error::custom(e.message().trim_end()))?;
        Ok(Sitzung {
            termin,
            ort: None,
            beginn: None,
            vorlagenschluss: None,
            ladungsfrist: None,
        })
    }
}

/// A time of day as `HH:MM` (`18:00`), checked when the settings are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uhrzeit(pub String);

impl<'de> Deserialize<'de> for Uhrzeit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let valid = match text.split_once(':') {
            Some((h, m)) => {
                h.len() == 2
                    && m.len() == 2
                    && h.parse::<u8>().is_ok_and(|h| h < 24)
                    && m.parse::<u8>().is_ok_and(|m| m < 60)
            }
            None => false,
        };
        if valid {
            Ok(Uhrzeit(text))
        } else {
            // "19.30" and "19 Uhr" are common German ways to write a time.
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            let proposal = match digits.len() {
                1 | 2 => format!("{digits:0>2}:00"),
                3 | 4 => format!(
                    "{:0>2}:{}",
                    &digits[..digits.len() - 2],
                    &digits[digits.len() - 2..]
                ),
                _ => "18:00".to_owned(),
            };
            Err(serde::de::Error::custom(format!(
                "„{text}“ ist keine Uhrzeit; erwartet wird HH:MM, etwa \"{proposal}\""
            )))
        }
    }
}

/// A definite article in the nominative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Artikel {
    /// masculine
    Der,
    /// feminine
    Die,
    /// neuter
    Das,
}

impl Artikel {
    /// As written.
    pub fn word(self) -> &'static str {
        match self {
            Artikel::Der => "der",
            Artikel::Die => "die",
            Artikel::Das => "das",
        }
    }
}

impl Gremium {
    /// The Gremium as a noun phrase ("der Magistrat der Stadt Lampertheim"), and whether its
    /// article was guessed because the register does not give it.
    pub fn phrase(&self) -> (Phrase, bool) {
        match self.artikel {
            Some(a) => (Phrase::new(format!("{} {}", a.word(), self.name)), false),
            None => guessed_phrase(&self.name),
        }
    }
}

/// A name without article made a phrase: the article guessed from its head noun. The flag says
/// whether the guess is uncertain.
pub fn guessed_phrase(name: &str) -> (Phrase, bool) {
    let head = name
        .split(' ')
        .find(|w| w.chars().next().is_some_and(char::is_uppercase) && !w.ends_with('-'))
        .unwrap_or(name);
    let guess = crate::german::declension::guess_genus(head);
    let article = match guess {
        Some(crate::german::declension::Genus::Maskulinum) | None => "der",
        Some(crate::german::declension::Genus::Femininum) => "die",
        Some(crate::german::declension::Genus::Neutrum) => "das",
    };
    (Phrase::new(format!("{article} {name}")), guess.is_none())
}

/// The name without a leading article, as the Beratungsfolge table prints it.
pub fn strip_article(name: &str) -> &str {
    for a in ["der ", "die ", "das ", "Der ", "Die ", "Das "] {
        if let Some(rest) = name.strip_prefix(a) {
            return rest;
        }
    }
    name
}

impl Settings {
    /// The Gremium with key `key`.
    pub fn gremium(&self, key: &str) -> Option<&Gremium> {
        // Keys are lower case; `--gremium SBK` means `sbk`.
        self.gremien
            .iter()
            .find(|g| g.key.eq_ignore_ascii_case(key))
    }

    /// The Gremium named `name` by key or in full.
    pub fn gremium_named(&self, name: &str) -> Option<&Gremium> {
        self.gremium(name).or_else(|| {
            let bare = strip_article(name);
            self.gremien.iter().find(|g| g.name == bare)
        })
    }
}

impl NummerMuster {
    /// The number for `jahr` and running number `lfd`.
    pub fn format(&self, jahr: i32, lfd: u32) -> String {
        self.muster
            .replace("{jahr}", &jahr.to_string())
            .replace("{lfd:04}", &format!("{lfd:04}"))
            .replace("{lfd:03}", &format!("{lfd:03}"))
            .replace("{lfd}", &lfd.to_string())
    }
}

/// A logo read from the project, for Typst.
#[derive(Debug, Clone)]
pub struct Logo {
    /// Virtual path Typst reads it from (`/.sachstand/logo.svg`).
    pub virtual_path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Alternative text.
    pub alt: String,
}

/// A report's project: root folder and settings (if a `sachstand.toml` was found).
#[derive(Debug)]
pub struct Project {
    /// The project root.
    pub root: PathBuf,
    /// The settings file, parsed.
    pub settings: Option<Loaded<Settings>>,
    /// The logo, read.
    pub logo: Option<Logo>,
    /// Warnings about the settings (`check` shows them).
    pub warnings: Vec<Diagnostic>,
}

impl Project {
    /// The settings, or empty ones.
    pub fn settings(&self) -> Settings {
        self.settings
            .as_ref()
            .map(|s| s.data.clone())
            .unwrap_or_default()
    }
}

/// Finds and reads the project of the report at `report`.
pub fn find(report: &Path) -> Result<Result<Project, Vec<Diagnostic>>, Error> {
    let folder = match report.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let start = folder
        .canonical()
        .unwrap_or_else(|_| std::path::absolute(&folder).unwrap_or_else(|_| folder.clone()));
    let Some(root) = files::root_above(&start) else {
        return Ok(Ok(Project {
            root: start,
            settings: None,
            logo: None,
            warnings: Vec::new(),
        }));
    };
    // Show the settings file as the user sees paths: relative to the current folder.
    let shown = crate::project::files::shown(&root.join(FILE_NAME));
    let loaded =
        match load_as::<Settings>(&shown, "Die Einstellungsdatei kann nicht gelesen werden")? {
            Ok(loaded) => loaded,
            Err(diagnostics) => return Ok(Err(diagnostics)),
        };
    let mut problems = check(&loaded, &root);
    let logo = match read_logo(&loaded, &root) {
        Ok(logo) => logo,
        Err(diag) => {
            problems.push(*diag);
            None
        }
    };
    if problems.iter().any(Diagnostic::is_error) {
        return Ok(Err(problems));
    }
    Ok(Ok(Project {
        root,
        settings: Some(loaded),
        logo,
        warnings: problems,
    }))
}

/// Rules for the settings themselves.
fn check(loaded: &Loaded<Settings>, _root: &Path) -> Vec<Diagnostic> {
    let mut out = signature_placeholders(loaded);
    let s = &loaded.data;
    for (i, g) in s.gremien.iter().enumerate() {
        let path = format!("gremien[{}]", i + 1);
        if s.gremien[..i].iter().any(|other| other.key == g.key) {
            out.push(
                loaded
                    .error_at(
                        &format!("{path}.key"),
                        format!("der Schlüssel `{}` ist schon vergeben", g.key),
                    )
                    .hint("jedes Gremium braucht einen eigenen `key`"),
            );
        }
        if !is_key(&g.key) {
            out.push(loaded.error_at(&format!("{path}.key"), format!("`{}` ist als Schlüssel ungeeignet", g.key)).hint("ein Schlüssel besteht aus Kleinbuchstaben, Ziffern, `-` und `_`, z. B. `sbk`"));
        }
        if g.sitzungen
            .windows(2)
            .any(|w| w[0].termin.0 >= w[1].termin.0)
        {
            out.push(
                loaded
                    .warning_at(
                        &format!("{path}.sitzungen"),
                        "die Sitzungstermine stehen nicht aufsteigend",
                    )
                    .hint("sortieren Sie die Termine nach dem Datum"),
            );
        }
        out.extend(own_deadlines(loaded, &path, g));
    }
    if let Some(muster) = &s.vorlagen_nr
        && !muster.muster.contains("{lfd")
    {
        out.push(
            loaded
                .error_at(
                    "vorlagen_nr.muster",
                    "das Muster enthält keine laufende Nummer",
                )
                .hint(
                    "verwenden Sie `{lfd}` oder `{lfd:04}`, z. B. `muster = \"{jahr}/{lfd:04}\"`",
                ),
        );
    }
    if let Some(oparl) = &s.oparl
        && let Some(problem) = basis_url_problem(&oparl.basis_url)
    {
        out.push(
            loaded
                .error_at("oparl.basis_url", problem)
                .hint("eine vollständige Adresse, z. B. `basis_url = \"https://ratsinfo.example.de/oparl\"`; zum Testen auf diesem Rechner `\"http://127.0.0.1:8035/oparl\"`"),
        );
    }
    out
}

/// Errors for a Sitzung whose own Vorlagenschluss or Ladungsfrist does not lie before it.
fn own_deadlines(loaded: &Loaded<Settings>, path: &str, g: &Gremium) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (j, s) in g.sitzungen.iter().enumerate() {
        for (key, own, what) in [
            ("vorlagenschluss", s.vorlagenschluss, "Der Vorlagenschluss"),
            ("ladungsfrist", s.ladungsfrist, "Die Ladungsfrist"),
        ] {
            if let Some(d) = own.filter(|d| d.0 > s.termin.0) {
                out.push(
                    loaded
                        .error_at(
                            &format!("{path}.sitzungen[{}].{key}", j + 1),
                            format!(
                                "{what} ({d}) liegt nach der Sitzung am {}",
                                s.termin
                            ),
                        )
                        .hint("eine Frist endet am Tag der Sitzung oder davor; prüfen Sie beide Daten"),
                );
            }
        }
    }
    out
}

/// What is wrong with `[oparl] basis_url` as the base of OParl ids, if anything.
fn basis_url_problem(url: &str) -> Option<&'static str> {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Some("die Basisadresse beginnt nicht mit `https://` oder `http://`");
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Some("der Basisadresse fehlt der Rechnername");
    }
    if url.contains(['?', '#']) {
        return Some("die Basisadresse darf weder `?` noch `#` enthalten");
    }
    if url.chars().any(|c| c.is_whitespace() || !c.is_ascii()) {
        return Some("die Basisadresse enthält Leerzeichen oder Zeichen außerhalb von ASCII");
    }
    None
}

/// Whether `text` has the form of a register key (lower-case ASCII, digits, `-`, `_`).
pub fn is_key(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Reads the logo named in the settings, confined to the project root.
fn read_logo(loaded: &Loaded<Settings>, root: &Path) -> Result<Option<Logo>, Box<Diagnostic>> {
    let Some(stadt) = &loaded.data.stadt else {
        return Ok(None);
    };
    let Some(logo) = &stadt.logo else {
        return Ok(None);
    };
    let error =
        |message: String, hint: &str| Box::new(loaded.error_at("stadt.logo", message).hint(hint));
    let ext = Path::new(logo)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let ext = match ext.as_deref() {
        Some(e @ ("svg" | "png")) => e.to_owned(),
        _ => {
            return Err(error(
                format!("das Logo „{logo}“ ist weder SVG noch PNG"),
                "verwenden Sie eine .svg- oder .png-Datei",
            ));
        }
    };
    let real = root.join(logo).canonical().map_err(|_| {
        error(
            format!("die Logodatei „{logo}“ gibt es nicht"),
            "der Pfad gilt relativ zu sachstand.toml",
        )
    })?;
    if !real.starts_with(root) {
        return Err(error(
            format!("die Logodatei „{logo}“ liegt außerhalb des Projektordners"),
            "legen Sie das Logo in den Ordner von sachstand.toml oder darunter",
        ));
    }
    let bytes = std::fs::read(&real).map_err(|e| {
        error(
            format!("die Logodatei „{logo}“ kann nicht gelesen werden: {e}"),
            "prüfen Sie die Datei",
        )
    })?;
    let Some(alt) = stadt.logo_alt.clone().filter(|a| !a.trim().is_empty()) else {
        return Err(error(
            "zum Logo fehlt der Alternativtext `logo_alt`".into(),
            "beschreiben Sie das Bild für Screenreader, z. B. `logo_alt = \"Wappen der Stadt Lampertheim\"`",
        ));
    };
    Ok(Some(Logo {
        virtual_path: format!("/.sachstand/logo.{ext}"),
        bytes,
        alt,
    }))
}

/// Applies the settings to a report: city, signatures and presentation (`[darstellung]`)
/// where the report has none, Gremien named by key replaced by their full names. Returns
/// problems with the report's Gremien.
pub fn apply(settings: &Settings, loaded: &mut Loaded<Report>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let report = &mut loaded.data;
    if report.kopf.stadt.is_none() {
        report.kopf.stadt = settings.stadt.as_ref().map(|s| s.name.clone());
    }
    if report.unterschriften.is_empty() {
        report.unterschriften = settings.unterzeichnende.clone();
    }
    apply_darstellung(settings.darstellung, &mut report.darstellung);
    let keys: Vec<&str> = settings.gremien.iter().map(|g| g.key.as_str()).collect();
    let resolve = |name: &mut String, path: String, diags: &mut Vec<(String, String)>| {
        if let Some(g) = settings.gremium(name) {
            *name = g.name.clone();
        } else if is_key(name) {
            diags.push((path, name.clone()));
        }
    };
    let mut unknown = Vec::new();
    let mut guessed = Vec::new();
    for (i, b) in report.beratungsfolge.iter_mut().enumerate() {
        resolve(
            &mut b.gremium,
            format!("beratungsfolge[{}].gremium", i + 1),
            &mut unknown,
        );
    }
    for b in &mut report.beratungsfolge {
        b.gremium = strip_article(&b.gremium).to_string();
    }
    let mut named: Vec<(String, &mut String, &mut Option<Phrase>)> = Vec::new();
    if let Some(a) = &mut report.auftrag {
        named.push((
            "auftrag.gremium".into(),
            &mut a.gremium,
            &mut a.gremium_phrase,
        ));
        if let Some(b) = &mut a.berichtsgremium {
            resolve(b, "auftrag.berichtsgremium".into(), &mut unknown);
        }
    }
    for (i, m) in report.meilensteine.iter_mut().enumerate() {
        // An empty field (a form left blank) names no Gremium.
        if m.gremium.as_deref().is_some_and(|g| g.trim().is_empty()) {
            m.gremium = None;
        }
        if let Some(g) = &mut m.gremium {
            let path = format!("meilensteine[{}].gremium", i + 1);
            named.push((path, g, &mut m.gremium_phrase));
        }
    }
    for (path, name, slot) in named {
        let (phrase, unsure) = gremium_phrase(settings, name);
        resolve(name, path.clone(), &mut unknown);
        if unsure && !is_key(name) {
            guessed.push((
                path,
                format!(
                    "sachstand kennt den Artikel von „{name}“ nicht und setzt „{}“",
                    phrase.text
                ),
            ));
        }
        *slot = Some(phrase);
    }
    for (path, message) in guessed {
        out.push(
            loaded
                    .warning_at(&path, message)
                    .hint("tragen Sie im Gremienverzeichnis (sachstand.toml) `artikel = \"der\"`, `\"die\"` oder `\"das\"` ein oder schreiben Sie das Gremium mit Artikel"),
        );
    }
    out.extend(unknown_gremien(loaded, &keys, unknown));
    out
}

/// The city's presentation settings under the report's own: a key the report leaves out
/// takes the city's value.
fn apply_darstellung(city: Option<Darstellung>, report: &mut Option<Darstellung>) {
    let Some(city) = city else { return };
    let own = report.get_or_insert_default();
    own.zeitleiste = own.zeitleiste.or(city.zeitleiste);
}

/// Errors for Gremien named by a key the register does not have, with the closest key and the
/// known ones.
fn unknown_gremien(
    loaded: &Loaded<Report>,
    keys: &[&str],
    unknown: Vec<(String, String)>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (path, key) in unknown {
        let mut diag = loaded.error_at(
            &path,
            format!("das Gremium `{key}` steht nicht im Gremienverzeichnis"),
        );
        if let Some(best) = closest(&key, keys.iter().copied()) {
            diag = diag.hint(format!("meinten Sie `{best}`?"));
        }
        let hint = if keys.is_empty() {
            "schreiben Sie den vollen Namen des Gremiums oder legen Sie in sachstand.toml ein Gremienverzeichnis `[[gremien]]` an".to_owned()
        } else {
            format!(
                "bekannt sind: {}; oder schreiben Sie den vollen Namen",
                keys.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(diag.hint(hint));
    }
    out
}

/// A Gremium named in a report as a phrase: from the register, as written with its article,
/// or with a guessed article (the flag says the guess is uncertain).
fn gremium_phrase(settings: &Settings, name: &str) -> (Phrase, bool) {
    match settings.gremium_named(name) {
        Some(g) => g.phrase(),
        None if Phrase::new(name).has_article() => (Phrase::new(name), false),
        None => guessed_phrase(name),
    }
}

/// The report at `path` with its project's settings applied, and every problem found on the
/// way; `None` when one of them is an error.
pub fn load_report(path: &Path) -> Result<(Option<Loaded>, Vec<Diagnostic>), Error> {
    let project = match find(path)? {
        Ok(project) => project,
        Err(diags) => return Ok((None, diags)),
    };
    match crate::report::load::load(path)? {
        Ok(mut loaded) => {
            let problems = apply(&project.settings(), &mut loaded);
            let ok = !problems.iter().any(Diagnostic::is_error);
            Ok((ok.then_some(loaded), problems))
        }
        Err(diags) => Ok((None, diags)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basis_url_must_be_an_absolute_http_address() {
        for good in [
            "https://ratsinfo.example.de/oparl",
            "http://127.0.0.1:8035/oparl",
            "http://127.0.0.1:8035",
        ] {
            assert_eq!(basis_url_problem(good), None, "{good}");
        }
        for bad in [
            "ratsinfo.example.de/oparl",
            "ftp://h/oparl",
            "https://",
            "https:///oparl",
            "https://h/oparl?x=1",
            "https://h/o parl",
            "https://h/öffentlich",
        ] {
            assert!(basis_url_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn number_pattern() {
        let m = NummerMuster {
            muster: "{jahr}/{lfd:04}".into(),
        };
        assert_eq!(m.format(2023, 31), "2023/0031");
        let m = NummerMuster {
            muster: "V-{lfd}-{jahr}".into(),
        };
        assert_eq!(m.format(2022, 7), "V-7-2022");
    }

    #[test]
    fn keys() {
        assert!(is_key("sbk") && is_key("ortsbeirat-2"));
        assert!(!is_key("Magistrat der Stadt") && !is_key("") && !is_key("Sbk"));
    }
}
