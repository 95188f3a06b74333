//! Filling a minijinja template with a report's values, giving Typst markup.
//!
//! Invariant: every value that reaches the output goes through the Typst auto-escape (or a
//! filter that escapes it), so report text is always text, never markup or code. The only
//! way to emit raw Typst from a value is minijinja's explicit `safe` filter, which the
//! built-in templates never apply to report data.

use std::sync::Arc;

use minijinja::value::{Serde, Value, ValueKind};
use minijinja::{
    AutoEscape, Environment, Error as JinjaError, ErrorKind, State, UndefinedBehavior,
};

use crate::diag::{Diagnostic, SourceFile};
use crate::german;
use crate::typeset::escape::{escape_markup, string_literal};
use crate::typeset::templates::{LookupError, SUFFIX, TemplateSet};

/// The name of the auto-escape mode for Typst templates.
const TYPST: &str = "typst";

/// The first line of a Typst file inlined by `typst_datei`, followed by its name.
pub const INLINE_BEGIN: &str = "// sachstand:datei-anfang ";
/// The line after a Typst file inlined by `typst_datei`.
pub const INLINE_END: &str = "// sachstand:datei-ende";

/// A minijinja environment over one template set, reusable for many reports.
pub struct Renderer {
    env: Environment<'static>,
    set: Arc<TemplateSet>,
    kinds: Vec<String>,
}

impl Renderer {
    /// Sets up templates, the Typst auto-escape and the German filters.
    pub fn new(set: TemplateSet) -> Self {
        let set = Arc::new(set);
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let mut syntax = minijinja::syntax::SyntaxConfig::builder();
        syntax
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true);
        if let Ok(syntax) = syntax.build() {
            env.set_syntax(syntax);
        }
        env.set_debug(true);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".typ.j2") || name.ends_with(".typ") {
                AutoEscape::Custom(TYPST.into())
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(format_value);
        let loader_set = Arc::clone(&set);
        env.set_loader(move |name| match loader_set.read(name) {
            Ok(file) => String::from_utf8(file.bytes).map(Some).map_err(|_| {
                JinjaError::new(
                    ErrorKind::InvalidOperation,
                    format!("die Vorlage {name} ist nicht in UTF-8 gespeichert"),
                )
            }),
            Err(LookupError::NotFound) => Ok(None),
            Err(LookupError::Escapes) => Err(JinjaError::new(
                ErrorKind::InvalidOperation,
                format!("„{name}“ liegt außerhalb des Vorlagenordners"),
            )),
            Err(LookupError::Io(e)) => Err(JinjaError::new(
                ErrorKind::InvalidOperation,
                format!("{name} kann nicht gelesen werden: {e}"),
            )),
        });
        let inline_set = Arc::clone(&set);
        env.add_function(
            "typst_datei",
            move |name: String| -> Result<Value, JinjaError> {
                let file = inline_set.read(&name).map_err(|_| {
                    JinjaError::new(
                        ErrorKind::TemplateNotFound,
                        format!("die Typst-Datei „{name}“ gibt es im Vorlagenordner nicht"),
                    )
                })?;
                let text = String::from_utf8(file.bytes).map_err(|_| {
                    JinjaError::new(
                        ErrorKind::InvalidOperation,
                        format!("{name} ist nicht in UTF-8 gespeichert"),
                    )
                })?;
                let newline = if text.ends_with('\n') { "" } else { "\n" };
                Ok(Value::from_safe_string(format!(
                    "{INLINE_BEGIN}{name}\n{text}{newline}{INLINE_END}\n"
                )))
            },
        );
        register_filters(&mut env);
        let kinds = set.kinds();
        Renderer { env, set, kinds }
    }

    /// The template set this renderer reads.
    pub fn set(&self) -> &Arc<TemplateSet> {
        &self.set
    }

    /// The Vorlagenarten available (read once, when the renderer was made).
    pub fn kinds(&self) -> &[String] {
        &self.kinds
    }

    /// Renders the template of Vorlagenart `kind` with `values` to Typst markup.
    pub fn render<S: serde::Serialize>(
        &self,
        kind: &str,
        values: &S,
    ) -> Result<String, Diagnostic> {
        let name = format!("{kind}{SUFFIX}");
        let template = self
            .env
            .get_template(&name)
            .map_err(|e| self.diagnostic(&e))?;
        template
            .render(Value::from(Serde(values)))
            .map_err(|e| self.diagnostic(&e))
    }

    /// A German diagnostic for a template error, pointing into the template file.
    fn diagnostic(&self, error: &JinjaError) -> Diagnostic {
        let detail = error.detail().unwrap_or("").to_owned();
        let message = match error.kind() {
            ErrorKind::UndefinedError => format!(
                "die Vorlage verwendet einen Wert, den es nicht gibt{}",
                if detail.is_empty() {
                    String::new()
                } else {
                    format!(": {detail}")
                }
            ),
            ErrorKind::SyntaxError => format!("Syntaxfehler in der Vorlage: {detail}"),
            ErrorKind::TemplateNotFound => {
                if detail.is_empty() {
                    "Vorlage nicht gefunden".to_owned()
                } else {
                    detail.clone()
                }
            }
            ErrorKind::UnknownFilter => format!("unbekannter Filter in der Vorlage: {detail}"),
            ErrorKind::UnknownFunction => format!("unbekannte Funktion in der Vorlage: {detail}"),
            _ => {
                if detail.is_empty() {
                    format!("Fehler in der Vorlage: {}", error.kind())
                } else {
                    format!("Fehler in der Vorlage: {detail}")
                }
            }
        };
        let mut diag = Diagnostic::error(message);
        if let Some(name) = error.name()
            && let Ok(file) = self.set.read(name)
        {
            let display = file.display_name(name);
            let source = SourceFile::new(
                display.clone(),
                String::from_utf8_lossy(&file.bytes).into_owned(),
            );
            let span = error.range().or_else(|| {
                let line = error.line()?;
                let start: usize = source
                    .text
                    .split_inclusive('\n')
                    .take(line - 1)
                    .map(str::len)
                    .sum();
                Some(start..start + source.line_text(line).len())
            });
            diag = match span {
                Some(span) => diag.at(&source, span),
                None => diag.in_file(display),
            };
        }
        diag.hint("der Fehler liegt in der Vorlage, nicht in den Berichtsdaten; wenden Sie sich an die Person, die die Vorlagen pflegt")
    }
}

/// Writes a value into Typst output: escaped text, German numbers, nothing for raw lists.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut State,
    value: &Value,
) -> Result<(), JinjaError> {
    if !matches!(state.auto_escape(), AutoEscape::Custom(name) if name == TYPST) {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = match value.kind() {
        _ if value.is_safe() => value.as_str().unwrap_or_default().to_owned(),
        ValueKind::Undefined | ValueKind::None => {
            return Err(JinjaError::new(
                ErrorKind::UndefinedError,
                "ein leerer Wert (none) soll gedruckt werden; fragen Sie ihn mit {% if … %} ab",
            ));
        }
        // Whole numbers print as they are (years, counts); amounts go through `euro`/`prozent`.
        ValueKind::Number => match value.as_i64() {
            Some(i) => i.to_string(),
            None => german::number(f64::try_from(value.clone()).unwrap_or(f64::NAN), 2),
        },
        ValueKind::String => escape_markup(value.as_str().unwrap_or_default()),
        ValueKind::Bool => escape_markup(&value.to_string()),
        _ => {
            return Err(JinjaError::new(
                ErrorKind::InvalidOperation,
                "eine Liste oder Tabelle kann nicht direkt gedruckt werden; verwenden Sie eine Schleife oder den Filter aufzaehlung",
            ));
        }
    };
    out.write_str(&text).map_err(JinjaError::from)
}

fn date_arg(value: &str) -> Result<time::Date, JinjaError> {
    german::parse_iso_date(value).ok_or_else(|| {
        JinjaError::new(
            ErrorKind::InvalidOperation,
            format!("„{value}“ ist kein Datum im Format JJJJ-MM-TT"),
        )
    })
}

fn number_arg(value: &Value) -> Result<f64, JinjaError> {
    f64::try_from(value.clone()).map_err(|_| {
        JinjaError::new(
            ErrorKind::InvalidOperation,
            format!("„{value}“ ist keine Zahl"),
        )
    })
}

/// Escapes `value` for Typst markup unless it is already safe markup.
fn markup_of(value: &Value) -> String {
    match value.as_str() {
        Some(s) if value.is_safe() => s.to_owned(),
        Some(s) => escape_markup(s),
        None => escape_markup(&value.to_string()),
    }
}

fn register_filters(env: &mut Environment<'static>) {
    env.add_filter("datum", |v: String| {
        Ok::<_, JinjaError>(german::date_short(date_arg(&v)?))
    });
    env.add_filter("datum_lang", |v: String| {
        Ok::<_, JinjaError>(german::date_long(date_arg(&v)?))
    });
    env.add_filter("monat_jahr", |v: String| {
        Ok::<_, JinjaError>(german::month_year(date_arg(&v)?))
    });
    env.add_filter("typst_datum", |v: String| {
        let d = date_arg(&v)?;
        Ok::<_, JinjaError>(Value::from_safe_string(format!(
            "datetime(year: {}, month: {}, day: {})",
            d.year(),
            u8::from(d.month()),
            d.day()
        )))
    });
    env.add_filter("prozent", |v: Value| {
        Ok::<_, JinjaError>(german::percent(number_arg(&v)?))
    });
    env.add_filter("euro", |v: Value| {
        Ok::<_, JinjaError>(german::euro(number_arg(&v)?))
    });
    // `1.234,56`: an amount in a column whose header says "in €"; nothing for none.
    env.add_filter("betrag", |v: Value| {
        if v.is_none() || v.is_undefined() {
            return Ok(String::new());
        }
        let euro = german::euro(number_arg(&v)?);
        Ok::<_, JinjaError>(
            euro.trim_end_matches('€')
                .trim_end_matches('\u{a0}')
                .to_owned(),
        )
    });
    env.add_filter("typst_text", |v: Value| {
        let text = match v.as_str() {
            Some(s) => s.to_owned(),
            None => v.to_string(),
        };
        Ok::<_, JinjaError>(Value::from_safe_string(string_literal(&text)))
    });
    env.add_filter("aufzaehlung", |items: Vec<Value>, last: Option<String>| {
        let escaped: Vec<String> = items.iter().map(markup_of).collect();
        let word = last.unwrap_or_else(|| "und".to_owned());
        Ok::<_, JinjaError>(Value::from_safe_string(german::enumeration(
            &escaped,
            &escape_markup(&word),
        )))
    });
    // `{{ b.zweck | nachsatz }}.`: a clause after a comma, or a sentence of its own.
    // The separator is markup; the text keeps its escaping.
    env.add_filter("nachsatz", |v: Value| {
        let text = v.as_str().unwrap_or_default();
        let tail = crate::german::tail(text);
        let (separator, rest) = tail.split_at(tail.len().min(2));
        let rest = if v.is_safe() {
            rest.to_owned()
        } else {
            escape_markup(rest)
        };
        Ok::<_, JinjaError>(Value::from_safe_string(format!("{separator}{rest}")))
    });
    env.add_filter("gross", |v: Value| {
        let text = v.as_str().unwrap_or_default();
        let upper = crate::german::capitalise(text);
        Ok::<_, JinjaError>(if v.is_safe() {
            Value::from_safe_string(upper)
        } else {
            Value::from(upper)
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_str(source: &str, ctx: Value) -> String {
        let renderer = Renderer::new(TemplateSet::builtin());
        let mut env = renderer.env.clone();
        env.add_template_owned("t.typ.j2", source.to_owned())
            .and_then(|()| env.get_template("t.typ.j2")?.render(ctx))
            .unwrap_or_else(|e| format!("FEHLER: {e}"))
    }

    #[test]
    fn values_are_escaped() {
        let ctx = Value::from(Serde(
            serde_json::json!({"x": "Bürger*innen #read(\"/etc\")"}),
        ));
        assert_eq!(
            render_str("{{ x }}", ctx),
            "Bürger\\*innen \\#read\\(\\\"\\/etc\\\"\\)"
        );
    }

    #[test]
    fn enumeration_escapes_each_item() {
        let ctx = Value::from(Serde(serde_json::json!({"l": ["A*", "B", "C_"]})));
        assert_eq!(
            render_str("{{ l | aufzaehlung('sowie') }}", ctx.clone()),
            "A\\*, B sowie C\\_"
        );
        assert_eq!(render_str("{{ l[:2] | aufzaehlung }}", ctx), "A\\* und B");
    }

    #[test]
    fn german_filters() {
        let ctx = Value::from(Serde(
            serde_json::json!({"d": "2022-11-16", "p": 25, "e": 1234.56}),
        ));
        assert_eq!(render_str("{{ d | datum }}", ctx.clone()), "16\\.11\\.2022");
        assert_eq!(
            render_str("{{ d | datum_lang }}", ctx.clone()),
            "16\\. November 2022"
        );
        assert_eq!(
            render_str("{{ d | monat_jahr }}", ctx.clone()),
            "November 2022"
        );
        assert_eq!(render_str("{{ p | prozent }}", ctx.clone()), "25\u{a0}\\%");
        assert_eq!(
            render_str("{{ e | euro }}", ctx.clone()),
            "1\\.234\\,56\u{a0}€"
        );
        assert_eq!(
            render_str("{{ d | typst_datum }}", ctx),
            "datetime(year: 2022, month: 11, day: 16)"
        );
    }

    #[test]
    fn string_literal_filter_quotes() {
        let ctx = Value::from(Serde(serde_json::json!({"t": "a \"b\""})));
        assert_eq!(render_str("{{ t | typst_text }}", ctx), "\"a \\\"b\\\"\"");
    }

    #[test]
    fn none_is_refused() {
        let ctx = Value::from(Serde(serde_json::json!({"x": null})));
        assert!(render_str("{{ x }}", ctx).starts_with("FEHLER: "));
    }

    #[test]
    fn capitalises_first_letter_only() {
        let ctx = Value::from(Serde(serde_json::json!({"w": "im Frühjahr 2023"})));
        assert_eq!(render_str("{{ w | gross }}", ctx), "Im Frühjahr 2023");
    }
}
