//! The command line, as clap types only; the doc comments are the German `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// sachstand – Sachstandsberichte und Vorlagen für Magistrat und Ausschüsse aus TOML-Daten als PDF setzen.
#[derive(Debug, Parser)]
#[command(name = "sachstand", version, about, long_about = None)]
#[command(disable_help_subcommand = true)]
pub struct Cli {
    /// Was getan werden soll.
    #[command(subcommand)]
    pub command: Command,
}

/// Die Befehle.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Legt ein neues Projekt an: sachstand.toml, den Ordner reports/ und einen Beispielbericht.
    Init(InitArgs),
    /// Setzt Berichte als PDF (neben die TOML-Datei oder nach -o).
    Render(RenderArgs),
    /// Prüft Berichte vollständig, ohne ein PDF zu schreiben.
    Check(CheckArgs),
    /// Listet die verfügbaren Vorlagenarten mit einer Zeile Beschreibung.
    Templates(TemplatesArgs),
    /// Gibt das JSON-Schema des Berichtsformats aus (für Editoren mit TOML-Sprachserver).
    Schema(SchemaArgs),
    /// Legt einen neuen Bericht an: den nächsten Zyklus eines Berichts oder ein leeres Gerüst.
    New(NewArgs),
    /// Zeigt, was sich zwischen zwei Berichten geändert hat.
    Diff(DiffArgs),
    /// Legt Berichte unveränderlich im Archiv ab (PDF/A-2a + PDF/UA-1, mit Prüfsummen).
    Archive(ArchiveArgs),
    /// Veröffentlicht das Archiv als OParl-1.1-Schnittstelle (--serve oder -o ORDNER); mit
    /// Berichtsdateien: deren Paper-JSON.
    Oparl(OparlArgs),
    /// Stellt alle Vorlagen einer Sitzung zu einer Sitzungsmappe (ein PDF) zusammen.
    Mappe(MappeArgs),
    /// Startet den Editor im Browser: Berichte im Formular bearbeiten, mit Vorschau der Seiten.
    Serve(ServeArgs),
    /// Listet die Fristen: jede nicht archivierte Vorlage nach ihrer nächsten Sitzung mit
    /// Vorlagenschluss, dazu fällige Berichte (Überfälliges zuerst).
    Fristen(FristenArgs),
    /// Gibt eine Vorlage frei: hält fest, wer sie wann freigegeben hat, gebunden an ihren
    /// Inhalt (jede spätere Änderung macht sie wieder zum Entwurf).
    Freigabe(FreigabeArgs),
    /// Hält das Ergebnis einer Beratung fest (z. B. „zur Kenntnis genommen“) – im Archivindex;
    /// OParl zeigt es als Tagesordnungspunkt der Sitzung.
    Ergebnis(ErgebnisArgs),
}

/// `sachstand ergebnis`
#[derive(Debug, Args)]
pub struct ErgebnisArgs {
    /// Die Vorlagen-Nr. der archivierten Vorlage (z. B. 2023/0031).
    #[arg(value_name = "NR")]
    pub nummer: String,
    /// Das Ergebnis: „ungeändert beschlossen“, „geändert beschlossen“, „abgelehnt“, „vertagt“,
    /// „zur Kenntnis genommen“ oder „zurückgezogen“.
    #[arg(value_name = "ERGEBNIS")]
    pub ergebnis: String,
    /// Das Gremium (key aus dem Gremienverzeichnis, z. B. sbk, oder der volle Name).
    #[arg(long, value_name = "KEY")]
    pub gremium: String,
    /// Der Sitzungstag (TT.MM.JJJJ oder JJJJ-MM-TT).
    #[arg(long, value_name = "DATUM")]
    pub termin: String,
    /// Ja-Stimmen.
    #[arg(long, value_name = "N")]
    pub ja: Option<u32>,
    /// Nein-Stimmen.
    #[arg(long, value_name = "N")]
    pub nein: Option<u32>,
    /// Enthaltungen.
    #[arg(long, value_name = "N")]
    pub enthaltungen: Option<u32>,
    /// Der Archivordner (sonst `archiv/` im Projektordner).
    #[arg(long, value_name = "ORDNER")]
    pub archiv: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// `sachstand freigabe`
#[derive(Debug, Args)]
pub struct FreigabeArgs {
    /// Die Berichtsdatei (TOML).
    #[arg(value_name = "DATEI")]
    pub file: PathBuf,
    /// Wer freigibt: Name und Amtsbezeichnung, z. B. "Schmidt, Bürgermeister".
    #[arg(long, value_name = "NAME")]
    pub durch: String,
    #[command(flatten)]
    pub common: Common,
}

/// `sachstand fristen`
#[derive(Debug, Args)]
pub struct FristenArgs {
    /// Der Projektordner (sonst das Projekt des aktuellen Ordners).
    #[arg(value_name = "ORDNER")]
    pub ordner: Option<PathBuf>,
    /// Der Tag, von dem aus gerechnet wird (TT.MM.JJJJ oder JJJJ-MM-TT; sonst heute).
    #[arg(long, value_name = "DATUM")]
    pub stichtag: Option<String>,
    /// Ausgabeformat: `text` (lesbar, Standard) oder `json` (stabil, für Skripte).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Schreibt die Fristen zusätzlich als iCalendar-Datei (für Outlook, Thunderbird).
    #[arg(long, value_name = "DATEI")]
    pub ics: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// `sachstand serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Der Projektordner (sonst das Projekt des aktuellen Ordners).
    #[arg(value_name = "ORDNER")]
    pub ordner: Option<PathBuf>,
    /// Der Port (0: ein freier).
    #[arg(long, value_name = "N", default_value_t = 4711)]
    pub port: u16,
    /// Die Adresse, nur eine von 127.0.0.0/8 (Standard: je Start eine zufällige wie
    /// 127.38.201.7, damit kein anderer Server auf diesem Rechner den Schlüssel-Cookie erhält;
    /// wo das nicht geht, 127.0.0.1).
    #[arg(long, value_name = "ADRESSE")]
    pub bind: Option<std::net::Ipv4Addr>,
    #[command(flatten)]
    pub common: Common,
}

/// `sachstand init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Der Projektordner (sonst der aktuelle Ordner); wird angelegt, wenn es ihn nicht gibt.
    #[arg(value_name = "ORDNER")]
    pub ordner: Option<PathBuf>,
    /// Der Name der Stadt (ohne Angabe wird im Terminal nachgefragt).
    #[arg(long, value_name = "NAME")]
    pub stadt: Option<String>,
}

/// `sachstand mappe`
#[derive(Debug, Args)]
pub struct MappeArgs {
    /// Das Gremium: Schlüssel aus sachstand.toml (z. B. sbk) oder voller Name.
    #[arg(long, value_name = "GREMIUM")]
    pub gremium: String,
    /// Der Sitzungstermin (TT.MM.JJJJ oder JJJJ-MM-TT).
    #[arg(long, value_name = "DATUM")]
    pub termin: String,
    /// Der Ordner mit den Berichten, relativ zum aktuellen Ordner (sonst alle Berichte des
    /// Projekts).
    #[arg(long, value_name = "ORDNER")]
    pub ordner: Option<PathBuf>,
    /// Pfad des PDFs (sonst sitzungsmappe-<gremium>-<termin>.pdf im Berichtsordner).
    #[arg(short = 'o', long = "output", value_name = "PDF")]
    pub output: Option<PathBuf>,
    /// Für den doppelseitigen Druck: jede Vorlage beginnt auf einer rechten (ungeraden) Seite.
    #[arg(long)]
    pub doppelseitig: bool,
    /// Nur die öffentliche Mappe (für Presse und Ratsinformationssystem): nichtöffentliche
    /// Vorlagen fehlen ganz; der Dateiname endet auf -oeffentlich.pdf.
    #[arg(long)]
    pub oeffentlich: bool,
    #[command(flatten)]
    pub common: Common,
}

/// `sachstand oparl`
#[derive(Debug, Args)]
pub struct OparlArgs {
    /// Berichtsdateien (TOML): gibt sie als Paper-JSON aus. Ohne Dateien: die
    /// OParl-Schnittstelle des Archivs (mit --serve als Server, mit -o als Ordner).
    #[arg(value_name = "DATEI")]
    pub files: Vec<PathBuf>,
    /// Datei für das JSON der Berichte; ohne Berichtsdateien: Ordner für die statische Kopie
    /// der Schnittstelle (Ids unter [oparl] basis_url, das dafür Pflicht ist).
    #[arg(
        short = 'o',
        long = "output",
        visible_alias = "ausgabe",
        value_name = "DATEI|ORDNER"
    )]
    pub output: Option<PathBuf>,
    /// Stellt das Archiv als OParl-1.1-Schnittstelle bereit (nur lesend, bis Strg+C); Ids
    /// unter [oparl] basis_url aus sachstand.toml, ohne sie unter der Adresse des Servers.
    #[arg(long, conflicts_with_all = ["files", "output"])]
    pub serve: bool,
    /// Port des Servers (Standard: 8035; 0: ein freier).
    #[arg(long, value_name = "PORT", default_value_t = 8035, requires = "serve")]
    pub port: u16,
    /// Adresse des Servers (Standard: 127.0.0.1); nur bewusst weiter öffnen.
    #[arg(
        long,
        value_name = "ADRESSE",
        default_value = "127.0.0.1",
        requires = "serve"
    )]
    pub bind: std::net::IpAddr,
    /// Der Archivordner (sonst `archiv/` im Projektordner).
    #[arg(long, value_name = "ORDNER", conflicts_with = "files")]
    pub archiv: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// `sachstand archive`
#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// Die Berichtsdateien (TOML).
    #[arg(value_name = "DATEI", required_unless_present_any = ["verify", "aufraeumen", "zurueckziehen"])]
    pub files: Vec<PathBuf>,
    /// Grund für eine neue Version eines schon archivierten, inzwischen geänderten Berichts;
    /// mit --zurueckziehen der Grund des Zurückziehens (Pflicht).
    #[arg(long, value_name = "TEXT")]
    pub grund: Option<String>,
    /// Zieht die archivierte Vorlage mit dieser Vorlagen-Nr. zurück (mit --grund): der Index
    /// vermerkt es, das PDF bleibt im Archiv, OParl zeigt die Vorlage als gelöscht, die
    /// Sitzungsmappe lässt sie aus.
    #[arg(long, value_name = "NR", conflicts_with_all = ["files", "verify", "aufraeumen", "jobs"])]
    pub zurueckziehen: Option<String>,
    /// Prüft alle Prüfsummen des Archivs, statt etwas abzulegen.
    #[arg(long, conflicts_with_all = ["files", "grund"])]
    pub verify: bool,
    /// Räumt das Archiv nach abgebrochenen Läufen auf: entfernt übrig gebliebene temporäre
    /// Dateien und legt Dateien ohne Eintrag im Index unter `archiv/fundsachen/` ab (nichts
    /// wird gelöscht).
    #[arg(long, conflicts_with_all = ["files", "grund", "verify"])]
    pub aufraeumen: bool,
    /// Der Archivordner (sonst `archiv/` im Projektordner).
    #[arg(long, value_name = "ORDNER")]
    pub archiv: Option<PathBuf>,
    /// Anzahl gleichzeitig gesetzter Berichte (Standard: ein Bericht je Prozessorkern;
    /// 1 = nacheinander). Abgelegt wird immer in der genannten Reihenfolge.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..), conflicts_with_all = ["verify", "aufraeumen"])]
    pub jobs: Option<u16>,
    #[command(flatten)]
    pub common: Common,
}

/// `sachstand new`
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("quelle").required(true).args(["from", "vorlage"])))]
pub struct NewArgs {
    /// Der Bericht des letzten Zyklus, der fortgeschrieben wird.
    #[arg(long, value_name = "DATEI")]
    pub from: Option<PathBuf>,
    /// Vorlagenart eines leeren Gerüsts (z. B. beschlussvorlage).
    #[arg(long, value_name = "ART")]
    pub vorlage: Option<String>,
    /// Datum der neuen Vorlage (TT.MM.JJJJ oder JJJJ-MM-TT).
    #[arg(long, value_name = "DATUM")]
    pub datum: String,
    /// Pfad der neuen Datei (sonst aus Datum und Namen gebildet).
    #[arg(short = 'o', long = "output", value_name = "DATEI")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// `sachstand diff`
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Der frühere Bericht.
    #[arg(value_name = "ALT")]
    pub old: PathBuf,
    /// Der spätere Bericht.
    #[arg(value_name = "NEU")]
    pub new: PathBuf,
}

/// `sachstand templates`
#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[command(flatten)]
    pub common: Common,
}

/// `sachstand schema`
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Schreibt das Schema in diese Datei (sonst auf die Standardausgabe), z. B.
    /// sachstand.schema.json im Projektordner.
    #[arg(short = 'o', long = "output", value_name = "DATEI")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// Optionen, die alle Befehle teilen.
#[derive(Debug, Args)]
pub struct Common {
    /// Ordner mit eigenen Vorlagen; Dateien darin ersetzen die eingebauten gleichen Namens.
    #[arg(long, value_name = "ORDNER")]
    pub templates: Option<PathBuf>,
}

/// `sachstand render`
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Die Berichtsdateien (TOML).
    #[arg(required = true, value_name = "DATEI")]
    pub files: Vec<PathBuf>,
    /// Pfad des PDFs (nur bei einer einzigen Berichtsdatei).
    #[arg(short = 'o', long = "output", value_name = "PDF")]
    pub output: Option<PathBuf>,
    /// Schreibt zusätzlich die erzeugte Typst-Datei (.typ) neben das PDF.
    #[arg(long)]
    pub keep_typ: bool,
    /// PDF-Standards, mit Komma getrennt: a-2a, a-2b, a-2u (PDF/A-2, Archiv), ua-1 (PDF/UA-1,
    /// barrierefrei), z. B. `--standard a-2a,ua-1`. Ohne Angabe gilt `[pdf] standard` aus
    /// sachstand.toml.
    #[arg(long, value_delimiter = ',', value_name = "LISTE")]
    pub standard: Option<Vec<String>>,
    /// Setzt nach jeder Änderung am Bericht, an sachstand.toml oder an einer Vorlage neu
    /// (beenden mit Strg+C).
    #[arg(long)]
    pub watch: bool,
    /// Anzahl gleichzeitig gesetzter Berichte (Standard: ein Bericht je Prozessorkern;
    /// 1 = nacheinander).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    #[command(flatten)]
    pub common: Common,
}

/// `sachstand check`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Die Berichtsdateien (TOML); ohne Angabe alle Berichte des Projekts und sachstand.toml.
    #[arg(value_name = "DATEI")]
    pub files: Vec<PathBuf>,
    /// Ausgabeformat der Befunde: `text` (lesbarer Text, Standard) oder `json` (für Editoren
    /// und Skripte).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Zeigt zu jedem Satzteil (Träger, Programm, Gruppen …) die gebildeten Fälle zum Prüfen.
    #[arg(long)]
    pub formen: bool,
    #[command(flatten)]
    pub common: Common,
}

/// Wie Befunde ausgegeben werden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Lesbarer Text (Standard).
    Text,
    /// JSON für Editoren und Skripte.
    Json,
}
