//! The editor's draft: a report whose fields are not all filled in yet, laid out with a
//! visible placeholder in each empty one ("[Betreff fehlt]", grey), so that a new report shows
//! its pages from the first second.
//!
//! Only the editor's preview calls this. `check`, `render`, `archive` and the Mappe go through
//! `process`/`prepare`, which stop at the first error: a placeholder never reaches a real PDF.
//! The draft's own problems are not reported (the real check's are).

use std::path::Path;

use toml_edit::{DocumentMut, Item, Value};
use typst_layout::PagedDocument;

use crate::error::Error;
use crate::format_schema::ask::{Unfilled, unfilled};
use crate::format_schema::{Choices, Kind};
use crate::report::key_path::{KeyPath, Step};
use crate::typeset::render::Renderer;

/// The date a missing date is drawn with; the show rule prints it as "[Datum fehlt]".
const NO_DATE: &str = "1970-01-01";

/// Typst show rules that grey out the placeholders (and the skeletons' placeholder dates).
const GREY: &str = "#show regex(\"\\[[^\\[\\]]+ fehlt\\]\"): it => text(fill: luma(115), it)\n\
#show \"01.01.1970\": it => text(fill: luma(115), \"[Datum fehlt]\")\n";

/// The pages of the report at `path` with placeholders in its empty fields, or `None` when
/// even the draft cannot be laid out (not TOML, an unknown Vorlagenart, a template error).
pub fn layout(path: &Path, renderer: &Renderer) -> Result<Option<PagedDocument>, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::io("Die Berichtsdatei kann nicht gelesen werden", path, e))?;
    let Ok(mut doc) = text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .parse::<DocumentMut>()
    else {
        return Ok(None);
    };
    let known = doc
        .get("vorlage")
        .and_then(Item::as_str)
        .is_some_and(|v| renderer.kinds().iter().any(|k| k == v));
    if !known {
        return Ok(None);
    }
    for place in unfilled(&doc) {
        fill(&mut doc, &place);
    }
    let name = path.display().to_string();
    let Ok(mut loaded) = crate::report::load::parse(path.to_path_buf(), &name, doc.to_string())
    else {
        return Ok(None);
    };
    let Ok(project) = crate::project::find(path)? else {
        return Ok(None);
    };
    let _ = crate::project::apply(&project.settings(), &mut loaded);
    let previous = super::previous_report(&loaded, &project)?.ok().flatten();
    let Ok(markup) = super::markup(&loaded, &project, renderer, false, previous.as_ref(), &[])
    else {
        return Ok(None);
    };
    let (world, main) = super::world(&project, renderer, &format!("{GREY}{markup}"), &loaded);
    let document = crate::typeset::pdf::layout(&world, &main)
        .ok()
        .map(|(document, _)| document);
    crate::typeset::pdf::evict_cache();
    Ok(document)
}

/// The placeholder value of an unfilled field.
fn placeholder(doc: &DocumentMut, place: &Unfilled) -> Option<Value> {
    let text = Value::from(format!("[{} fehlt]", place.label));
    let date = || NO_DATE.parse::<toml_edit::Datetime>().ok().map(Value::from);
    let year = doc
        .get("kopf")
        .and_then(|k| k.get("datum"))
        .and_then(Item::as_datetime)
        .and_then(|d| d.date)
        .map_or(2000, |d| i64::from(d.year));
    match place.field.kind {
        Kind::Lines { .. } if !place.path.ends_with(']') => {
            Some(Value::Array(std::iter::once(text).collect()))
        }
        Kind::Text | Kind::Long | Kind::Phrase | Kind::Lines { .. } => Some(text),
        Kind::Select(Choices::Gremien) => Some(text),
        Kind::Select(Choices::Fixed(names)) => names.first().map(|n| Value::from(*n)),
        Kind::Select(Choices::Vorlagenarten) => None,
        Kind::Date => date(),
        Kind::Number | Kind::Amount => Some(Value::from(0)),
        Kind::Integer => Some(Value::from(year)),
        Kind::Bool { .. } => Some(Value::from(true)),
    }
}

/// Writes the placeholder of `place` into `doc`; a place that cannot take one stays as it is
/// (the draft then fails to load and the preview keeps its last pages).
fn fill(doc: &mut DocumentMut, place: &Unfilled) {
    let Some(value) = placeholder(doc, place) else {
        return;
    };
    let Some(steps) = KeyPath::steps(&place.path) else {
        return;
    };
    let Some((last, parents)) = steps.split_last() else {
        return;
    };
    let mut item = doc.as_item_mut();
    for s in parents {
        let next = match s {
            Step::Key(k) => item.get_mut(k.as_str()),
            Step::Index(i) => item.get_mut(i - 1),
        };
        let Some(next) = next else {
            return;
        };
        item = next;
    }
    match last {
        Step::Key(k) => {
            if let Some(table) = item.as_table_like_mut() {
                table.insert(k, Item::Value(value));
            }
        }
        Step::Index(i) => {
            if let Some(slot) = item.as_array_mut().and_then(|a| a.get_mut(i - 1)) {
                *slot = value;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unfilled_field_gets_a_placeholder() {
        let mut doc: DocumentMut = "vorlage = \"beschlussvorlage\"\n[kopf]\nprodukt = \"\"\ndatum = 2023-01-01\n\n[[beratungsfolge]]\n\n[beschluss]\nbegruendung = [\"\"]\n"
            .parse()
            .unwrap_or_default();
        for place in unfilled(&doc) {
            fill(&mut doc, &place);
        }
        assert!(unfilled(&doc).is_empty(), "{doc}");
        let text = doc.to_string();
        for expected in [
            "produkt = \"[Produkt fehlt]\"",
            "gremium = \"[Gremium fehlt]\"",
            "termin = 1970-01-01",
            "vorschlag = \"[Beschlussvorschlag fehlt]\"",
            "begruendung = [\"[Begründung fehlt]\"]",
        ] {
            assert!(text.contains(expected), "{expected}: {text}");
        }
    }
}
