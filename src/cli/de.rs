//! clap in German: help headings, the help and version flags, usage and error messages.
//!
//! The clap types in `cli.rs` stay as they are; this module rewrites the built command
//! (templates, headings, own `-h`/`-V` flags with German help) and turns clap's errors into
//! German sentences, so that nothing English reaches the user.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::cli::args::Cli;

const TEMPLATE: &str = "{about-with-newline}\nVerwendung: {usage}\n\n{all-args}{after-help}";

/// The command line with German help.
pub fn command() -> Command {
    germanise(Cli::command()).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("Version anzeigen")
            .help_heading("Optionen"),
    )
}

fn germanise(cmd: Command) -> Command {
    let cmd = cmd
        .help_template(TEMPLATE)
        .disable_help_flag(true)
        .subcommand_help_heading("Befehle")
        .subcommand_value_name("BEFEHL")
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Hilfe anzeigen"),
        )
        .mut_args(|a| {
            // Possible and default values are named in the German doc comments instead.
            let a = a.hide_possible_values(true).hide_default_value(true);
            if a.is_positional() {
                a.help_heading("Argumente")
            } else {
                a.help_heading("Optionen")
            }
        });
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    names
        .into_iter()
        .fold(cmd, |c, name| c.mut_subcommand(name, germanise))
}

/// What parsing came to: the arguments, or text to print and an exit code.
pub enum Parsed {
    /// Arguments to run.
    Run(Cli),
    /// Help or version (stdout, exit 0) or an error (stderr, exit 2).
    Done {
        /// The text to print.
        text: String,
        /// Whether it is an error.
        error: bool,
    },
}

/// Parses the process's arguments.
pub fn parse() -> Parsed {
    parse_from(std::env::args_os())
}

/// Parses `args` (the first is the program name).
pub fn parse_from<I, T>(args: I) -> Parsed
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = command().try_get_matches_from(args);
    let result = matches.and_then(|m| Cli::from_arg_matches(&m));
    match result {
        Ok(cli) => Parsed::Run(cli),
        Err(err) => match err.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Parsed::Done {
                text: german_usage(&err.render().to_string()),
                error: false,
            },
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
                Parsed::Done {
                    text: german_usage(&err.render().to_string()),
                    error: true,
                }
            }
            _ => Parsed::Done {
                text: message(&err),
                error: true,
            },
        },
    }
}

/// clap's remaining English in a usage line.
fn german_usage(text: &str) -> String {
    text.replace("[OPTIONS]", "[OPTIONEN]")
        .replace("<COMMAND>", "<BEFEHL>")
        .replace("Usage:", "Verwendung:")
}

fn context(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) => Some(
            list.iter()
                .map(|s| format!("„{s}“"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(list) => Some(
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A German message for a clap error.
fn message(err: &clap::Error) -> String {
    let arg = context(err, ContextKind::InvalidArg)
        .or_else(|| context(err, ContextKind::InvalidSubcommand))
        .unwrap_or_default();
    let value = context(err, ContextKind::InvalidValue).unwrap_or_default();
    let arg = arg.trim_matches(['„', '“']).to_owned();
    let first = match err.kind() {
        ErrorKind::UnknownArgument => format!("unbekanntes Argument „{arg}“"),
        ErrorKind::InvalidSubcommand => format!("unbekannter Befehl „{arg}“"),
        ErrorKind::InvalidValue => {
            if value.is_empty() {
                format!("zu „{arg}“ fehlt der Wert")
            } else {
                format!("ungültiger Wert „{value}“ für „{arg}“")
            }
        }
        ErrorKind::MissingRequiredArgument => format!("es fehlt die Angabe {arg}"),
        ErrorKind::ArgumentConflict => {
            let prior = context(err, ContextKind::PriorArg).unwrap_or_default();
            format!(
                "„{arg}“ kann nicht zusammen mit {} angegeben werden",
                quoted(&prior)
            )
        }
        ErrorKind::TooManyValues => {
            format!("„{arg}“ ist mehrfach oder mit zu vielen Werten angegeben")
        }
        ErrorKind::InvalidUtf8 => "ein Argument ist kein gültiger UTF-8-Text".to_owned(),
        _ => format!("ungültige Angabe {arg}").trim_end().to_owned(),
    };
    let mut out = format!("fehler: {first}\n");
    if let Some(valid) = context(err, ContextKind::ValidValue) {
        out.push_str(&format!("  = hilfe: möglich sind: {valid}\n"));
    }
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand] {
        // clap lists its suggestions from the least to the most similar: name the closest.
        let closest = match err.get(kind) {
            Some(ContextValue::Strings(list)) => list.last().cloned(),
            _ => context(err, kind),
        };
        if let Some(s) = closest {
            out.push_str(&format!("  = hilfe: meinten Sie {}?\n", quoted(&s)));
        }
    }
    if let Some(usage) = context(err, ContextKind::Usage) {
        out.push_str(&format!("\n{}\n", german_usage(usage.trim())));
    }
    out.push_str("\nMehr dazu mit --help.\n");
    out
}

fn quoted(s: &str) -> String {
    if s.starts_with('„') {
        s.to_owned()
    } else {
        format!("„{s}“")
    }
}
