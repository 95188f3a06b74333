//! The command line: the only part of sachstand that prints or exits.
//!
//! `args` (clap types) and `de` (clap in German) read the arguments; this file turns them into
//! checked settings and hands them to one file per subcommand, which calls the library and
//! prints what it returns. Everything the command line can get wrong is caught here, before
//! any work starts; the library never sees clap, the environment or a printer. `batch` runs
//! one job per report with a progress bar; `print` writes stdout and the library's notices.

pub mod archive;
pub mod args;
pub mod batch;
pub mod check;
pub mod de;
pub mod diff;
pub mod ergebnis;
pub mod formen;
pub mod freigabe;
pub mod fristen;
pub mod init;
pub mod mappe;
pub mod new;
pub mod oparl;
pub mod print;
pub mod render;
pub mod schema;
pub mod serve;
pub mod templates;
pub mod watch;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::cli::args::{
    ArchiveArgs, CheckArgs, Cli, Command, Common, Format, FristenArgs, MappeArgs, NewArgs,
    OparlArgs, RenderArgs, ServeArgs,
};
use sachstand::error::Error;
use sachstand::typeset::templates::TemplateSet;

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Success,
    /// Some input was wrong; the diagnostics were printed.
    InputError,
}

/// Settings shared by all commands.
#[derive(Debug)]
pub struct Settings {
    /// Template files: the city's folder over the built-ins.
    pub templates: TemplateSet,
    /// Whether to colour diagnostics.
    pub color: bool,
}

/// Settings of `render`.
#[derive(Debug)]
pub struct RenderSettings {
    /// The report files.
    pub files: Vec<PathBuf>,
    /// The PDF path for a single report.
    pub output: Option<PathBuf>,
    /// Whether to keep the generated Typst beside the PDF.
    pub keep_typ: bool,
    /// PDF standards from the command line (`None`: the project's default).
    pub standards: Option<Vec<typst_pdf::PdfStandard>>,
    /// Number of workers (`None`: one per core).
    pub jobs: Option<usize>,
}

/// Settings of `check`.
#[derive(Debug)]
pub struct CheckSettings {
    /// The report files.
    pub files: Vec<PathBuf>,
    /// The project root, when the whole project is checked (no files named).
    pub project: Option<PathBuf>,
    /// Text or JSON.
    pub format: Format,
    /// Print the derived forms of every noun phrase.
    pub formen: bool,
}

/// `a-2a`, `ua-1`, … → the standards, or a usage error naming the unknown one.
fn parse_standards(names: &[String]) -> Result<Vec<typst_pdf::PdfStandard>, Error> {
    names
        .iter()
        .map(|n| {
            sachstand::typeset::pdf::parse_standard(n).ok_or_else(|| {
                Error::Usage(format!(
                    "--standard {n}: unbekannter PDF-Standard; möglich sind a-2a, a-2b, a-2u, a-3a, a-3b, a-3u, ua-1"
                ))
            })
        })
        .collect()
}

fn settings(common: &Common) -> Result<Settings, Error> {
    let templates = match &common.templates {
        Some(dir) => TemplateSet::with_folder(dir)?,
        None => TemplateSet::builtin(),
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    Ok(Settings { templates, color })
}

/// The checked settings of `init`: the city's name from `--stadt` or asked on a terminal.
fn init_settings(
    args: crate::cli::args::InitArgs,
) -> Result<crate::cli::init::InitSettings, Error> {
    let stadt = match args.stadt {
        Some(stadt) => stadt,
        None if std::io::stdin().is_terminal() => {
            eprint!("Name der Stadt: ");
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| Error::Usage(format!("die Eingabe kann nicht gelesen werden: {e}")))?;
            line
        }
        None => {
            return Err(Error::Usage(
                "der Name der Stadt fehlt: sachstand init --stadt NAME (ohne Terminal kann sachstand nicht nachfragen)".into(),
            ));
        }
    };
    let stadt = stadt.trim().to_owned();
    if stadt.is_empty() || stadt.chars().any(char::is_control) {
        return Err(Error::Usage(
            "--stadt: bitte einen Namen ohne Steuerzeichen angeben, z. B. --stadt Lampertheim"
                .into(),
        ));
    }
    Ok(crate::cli::init::InitSettings {
        folder: args.ordner.unwrap_or_else(|| PathBuf::from(".")),
        stadt,
        heute: today()?,
    })
}

/// Checks the arguments and runs the command.
pub fn run(cli: Cli) -> Result<Exit, Error> {
    if matches!(
        cli.command,
        Command::Render(_)
            | Command::Check(_)
            | Command::Archive(_)
            | Command::Mappe(_)
            | Command::Fristen(_)
    ) {
        // These compile documents (`fristen` checks its Vorlagen); Typst's library and the
        // fonts are made meanwhile.
        sachstand::typeset::world::prepare_in_background();
    }
    match cli.command {
        Command::Render(args) => run_render(args),
        Command::New(args) => run_new(args),
        Command::Archive(args) => run_archive(args),
        Command::Mappe(args) => run_mappe(args),
        Command::Oparl(args) => run_oparl(args),
        Command::Diff(args) => {
            crate::cli::diff::run(&args.old, &args.new, std::io::stderr().is_terminal())
        }
        Command::Schema(args) => {
            let settings = settings(&args.common)?;
            let schema = crate::cli::schema::SchemaSettings {
                output: args.output,
            };
            crate::cli::schema::run(&settings, &schema)
        }
        Command::Templates(args) => {
            let settings = settings(&args.common)?;
            crate::cli::templates::run(&settings)
        }
        Command::Init(args) => crate::cli::init::run(&init_settings(args)?),
        Command::Serve(args) => run_serve(args),
        Command::Check(args) => run_check(args),
        Command::Fristen(args) => run_fristen(args),
        Command::Freigabe(args) => run_freigabe(args),
        Command::Ergebnis(args) => run_ergebnis(args),
    }
}

/// A date option (`--datum`, `--termin`, `--stichtag`) as the user typed it: German
/// `TT.MM.JJJJ` or ISO `JJJJ-MM-TT`; else a usage error naming the option and an example.
fn date_option(option: &str, value: &str, example: &str) -> Result<time::Date, Error> {
    sachstand::german::parse_form_date(value).ok_or_else(|| {
        Error::Usage(format!(
            "{option} {value}: kein gültiges Datum; erwartet wird TT.MM.JJJJ oder JJJJ-MM-TT, z. B. {example}"
        ))
    })
}

/// Today in Berlin, or the day `SACHSTAND_HEUTE` names (for tests and for looking ahead).
fn today() -> Result<time::Date, Error> {
    Ok(fixed_today()?
        .unwrap_or_else(|| sachstand::fristen::day_in_berlin(time::OffsetDateTime::now_utc())))
}

/// The day `SACHSTAND_HEUTE` names, if set: the editor's fixed "today" (else it takes the day
/// in Berlin at each request).
fn fixed_today() -> Result<Option<time::Date>, Error> {
    match std::env::var("SACHSTAND_HEUTE") {
        Ok(value) if !value.trim().is_empty() => {
            date_option("SACHSTAND_HEUTE", &value, "02.05.2023").map(Some)
        }
        _ => Ok(None),
    }
}

/// `fristen`: the project of the folder named (or the current one), the Stichtag, then the list.
fn run_fristen(args: FristenArgs) -> Result<Exit, Error> {
    let stichtag = match &args.stichtag {
        Some(value) => date_option("--stichtag", value, "02.05.2023")?,
        None => today()?,
    };
    let folder = args.ordner.unwrap_or_else(|| PathBuf::from("."));
    let root = serve_root(&folder, "fristen")?;
    let settings = settings(&args.common)?;
    crate::cli::fristen::run(
        &settings,
        &crate::cli::fristen::FristenSettings {
            root,
            stichtag,
            format: args.format,
            ics: args.ics,
        },
    )
}

/// `freigabe`: a name in `--durch` and a file that exists, then the release at this moment.
fn run_freigabe(args: crate::cli::args::FreigabeArgs) -> Result<Exit, Error> {
    let durch = args.durch.trim();
    if durch.is_empty() || durch.chars().any(char::is_control) {
        return Err(Error::Usage(
            "--durch: bitte nennen Sie, wer freigibt, mit Name und Amtsbezeichnung, z. B. --durch \"Schmidt, Bürgermeister\"".into(),
        ));
    }
    if !args.file.is_file() {
        return Err(Error::Usage(format!(
            "{}: diese Berichtsdatei gibt es nicht; nennen Sie die TOML-Datei der Vorlage, z. B. `sachstand freigabe reports/2023-02-vorlage.toml --durch \"Schmidt, Bürgermeister\"`",
            args.file.display()
        )));
    }
    let settings = settings(&args.common)?;
    let now = time::OffsetDateTime::now_utc();
    crate::cli::freigabe::run(&settings, &args.file, durch, now)
}

/// `ergebnis`: the result's wording and the date checked, then the line recorded.
fn run_ergebnis(args: crate::cli::args::ErgebnisArgs) -> Result<Exit, Error> {
    let ergebnis = sachstand::archive::outcome::result_named(&args.ergebnis)?;
    let termin = date_option("--termin", &args.termin, "23.02.2023")?;
    let _ = settings(&args.common)?;
    crate::cli::ergebnis::run(&args, ergebnis, termin)
}

/// `render`: checks `-o` against the number of files, then renders (or watches).
fn run_render(args: RenderArgs) -> Result<Exit, Error> {
    if args.output.is_some() && args.files.len() > 1 {
        return Err(Error::Usage(
            "-o/--output geht nur mit einer einzigen Berichtsdatei; ohne -o liegt jedes PDF neben seiner TOML-Datei".into(),
        ));
    }
    let settings = settings(&args.common)?;
    let standards = args.standard.as_deref().map(parse_standards).transpose()?;
    let render = RenderSettings {
        files: args.files,
        output: args.output,
        keep_typ: args.keep_typ,
        standards,
        jobs: args.jobs.map(usize::from),
    };
    if args.watch {
        return crate::cli::watch::run(&settings, &render);
    }
    crate::cli::render::run(&settings, &render)
}

/// `new`: checks `--datum`, then starts the new report.
fn run_new(args: NewArgs) -> Result<Exit, Error> {
    let datum = date_option("--datum", &args.datum, "10.05.2023")?;
    let settings = settings(&args.common)?;
    let new = crate::cli::new::NewSettings {
        from: args.from,
        vorlage: args.vorlage,
        datum,
        output: args.output,
    };
    crate::cli::new::run(&settings, &new)
}

/// `archive`: the settings (an empty `--grund` counts as none), then archives.
fn run_archive(args: ArchiveArgs) -> Result<Exit, Error> {
    let settings = settings(&args.common)?;
    let withdraw = match args.zurueckziehen {
        Some(nummer) => Some(crate::cli::archive::Withdraw {
            grund: withdrawal_reason(&nummer, args.grund.as_deref())?,
            nummer,
            von: sachstand_user(),
        }),
        None => None,
    };
    let archive = crate::cli::archive::ArchiveSettings {
        files: args.files,
        withdraw,
        grund: args.grund.filter(|g| !g.trim().is_empty()),
        verify: args.verify,
        tidy: args.aufraeumen,
        folder: args.archiv,
        jobs: args.jobs.map(usize::from),
    };
    crate::cli::archive::run(&settings, &archive)
}

/// The reason `--zurueckziehen NR` needs: `--grund`, not empty.
fn withdrawal_reason(nummer: &str, grund: Option<&str>) -> Result<String, Error> {
    match grund.map(str::trim).filter(|g| !g.is_empty()) {
        Some(grund) => Ok(grund.to_owned()),
        None => Err(Error::Usage(format!(
            "--zurueckziehen {nummer}: der Grund fehlt; nennen Sie ihn mit --grund \"…\" (er steht im Archivindex, z. B. --grund \"vom Magistrat zurückgezogen\")"
        ))),
    }
}

/// Who is at work, for the archive's record of a withdrawal: the user account.
pub(crate) fn sachstand_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unbekannt".to_owned())
}

/// `mappe`: checks `--termin`, then builds the Sitzungsmappe.
fn run_mappe(args: MappeArgs) -> Result<Exit, Error> {
    let termin = date_option("--termin", &args.termin, "23.02.2023")?;
    let settings = settings(&args.common)?;
    let mappe = crate::cli::mappe::MappeSettings {
        gremium: args.gremium,
        termin,
        ordner: args.ordner,
        output: args.output,
        doppelseitig: args.doppelseitig,
        oeffentlich: args.oeffentlich,
    };
    crate::cli::mappe::run(&settings, &mappe)
}

/// `oparl`: drafts of the named reports, or the archive's endpoint (written or served).
fn run_oparl(args: OparlArgs) -> Result<Exit, Error> {
    let settings = settings(&args.common)?;
    if args.files.is_empty() {
        let checked = crate::cli::oparl::endpoint_settings(
            args.archiv,
            args.output,
            args.serve.then_some((args.bind, args.port)),
        )?;
        return match checked {
            Ok(endpoint) => crate::cli::oparl::run_endpoint(&endpoint),
            Err(diagnostics) => {
                for diag in &diagnostics {
                    eprint!("{}", diag.render(settings.color));
                }
                Ok(Exit::InputError)
            }
        };
    }
    crate::cli::oparl::run(&settings, &args.files, args.output.as_deref())
}

/// `serve`: finds the project root of the folder named, then starts the editor.
fn run_serve(args: ServeArgs) -> Result<Exit, Error> {
    let folder = args.ordner.unwrap_or_else(|| PathBuf::from("."));
    let root = serve_root(&folder, "serve")?;
    let settings = settings(&args.common)?;
    if let Some(address) = args.bind.filter(|a| !a.is_loopback()) {
        return Err(Error::Usage(format!(
            "--bind {address}: der Editor lauscht nur auf diesem Rechner; nennen Sie eine Adresse von 127.0.0.0 bis 127.255.255.255 oder lassen Sie --bind weg"
        )));
    }
    let serve = sachstand::serve::ServeSettings {
        root,
        port: args.port,
        address: args.bind,
        today: fixed_today()?,
        user: sachstand_user(),
    };
    crate::cli::serve::run(&settings, &serve)
}

/// The project root for `serve FOLDER` (or `fristen FOLDER`), or a usage error for a file or a folder outside a project.
fn serve_root(folder: &Path, command: &str) -> Result<PathBuf, Error> {
    if folder.is_file() {
        return Err(Error::Usage(format!(
            "{} ist eine Datei, kein Ordner: nennen Sie den Projektordner (den Ordner mit sachstand.toml), etwa `sachstand {command} {}`",
            folder.display(),
            sachstand::project::files::root_above(folder.parent().unwrap_or(Path::new(".")))
                .map(|r| sachstand::project::files::shown(&r))
                .filter(|r| !r.as_os_str().is_empty())
                .map_or_else(|| ".".to_owned(), |r| sachstand::shell::quote(&r))
        )));
    }
    sachstand::project::files::root_above(folder)
        .filter(|_| folder.is_dir())
        .ok_or_else(|| {
            Error::Usage(format!(
                "{} ist kein sachstand-Projekt: dort und darüber gibt es kein sachstand.toml; legen Sie eines mit `sachstand init` an",
                folder.display()
            ))
        })
}

/// `check`: the files named, or every report of the project around the working folder.
fn run_check(args: CheckArgs) -> Result<Exit, Error> {
    let settings = settings(&args.common)?;
    let (files, project) = check_files(args.files)?;
    crate::cli::check::run(
        &settings,
        &CheckSettings {
            files,
            project,
            format: args.format,
            formen: args.formen,
        },
    )
}

/// The reports `check` checks and, when none were named, the project root they come from.
fn check_files(named: Vec<PathBuf>) -> Result<(Vec<PathBuf>, Option<PathBuf>), Error> {
    if !named.is_empty() {
        return Ok((named, None));
    }
    let root = sachstand::project::files::root_from_cwd().ok_or_else(|| {
        Error::Usage(
            "keine Berichtsdatei genannt, und in diesem Ordner und darüber gibt es kein sachstand.toml; nennen Sie die Dateien (`sachstand check BERICHT.toml`) oder legen Sie mit `sachstand init` ein Projekt an".into(),
        )
    })?;
    let files: Vec<PathBuf> = sachstand::project::files::reports(&root)
        .iter()
        .map(|p| sachstand::project::files::shown(p))
        .collect();
    Ok((files, Some(root)))
}
