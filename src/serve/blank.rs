//! An emptied field stays in the file as a commented-out line, where it was and with its
//! comments: `federfuehrung = "Amt 50"  # lead` becomes `# federfuehrung = ""  # lead`, the
//! skeleton's own way of showing an optional key. Typing a value again turns the line back
//! into the key at that place (also a commented key of the skeleton, `# stadt = ""`), so that
//! emptying and typing the same value again gives the same bytes.
//!
//! TOML keeps a line between two keys in the prefix of the next key, and a line after a
//! table's last key in the prefix of the next table (or the document's end): the line is put
//! there and looked for there.

use toml_edit::{DocumentMut, Item, Key, RawString, Table, Value};

/// Where a removed key's line went when it was the table's last key: after the table at this
/// position (`None`: the root table).
pub struct Trailing {
    /// The position of the table the key was in.
    pub after: Option<isize>,
    /// The commented line, with the comments that stood above the key.
    pub line: String,
}

fn text(raw: Option<&RawString>) -> &str {
    raw.and_then(RawString::as_str).unwrap_or_default()
}

/// Removes `key` from `table`, leaving its commented line in the next key's prefix; when it
/// was the last value, the line is returned for [`put_trailing`].
pub fn remove(table: &mut Table, key: &str) -> Option<Trailing> {
    let names = names(table);
    let at = names.iter().position(|n| n == key)?;
    let (k, item) = table.remove_entry(key)?;
    let value = item.as_value()?;
    let line = format!(
        "{}# {}{}={}\"\"{}\n",
        text(k.leaf_decor().prefix()),
        k.display_repr(),
        k.leaf_decor()
            .suffix()
            .map_or(" ", |s| s.as_str().unwrap_or(" ")),
        value
            .decor()
            .prefix()
            .map_or(" ", |s| s.as_str().unwrap_or(" ")),
        text(value.decor().suffix()),
    );
    let next = names[at + 1..]
        .iter()
        .find(|n| table.get(n).is_some_and(Item::is_value));
    if let Some(mut next_key) = next.and_then(|n| table.key_mut(n)) {
        let old = text(next_key.leaf_decor().prefix()).to_owned();
        next_key.leaf_decor_mut().set_prefix(format!("{line}{old}"));
        return None;
    }
    Some(Trailing {
        after: table.position(),
        line,
    })
}

/// The keys of `table` in their order.
fn names(table: &Table) -> Vec<String> {
    table.iter().map(|(k, _)| k.to_owned()).collect()
}

/// Puts a removed last key's line in front of the next table, or at the document's end.
pub fn put_trailing(doc: &mut DocumentMut, trailing: &Trailing) {
    match next_table(doc.as_table_mut(), trailing.after) {
        Some(table) => {
            let old = text(table.decor().prefix()).to_owned();
            table
                .decor_mut()
                .set_prefix(format!("{}{old}", trailing.line));
        }
        None => {
            let old = text(Some(doc.trailing())).to_owned();
            doc.set_trailing(format!("{}{old}", trailing.line));
        }
    }
}

/// Inserts `key = value` where its commented line stands in `table` (in a key's prefix), or
/// when `trailing`, in the prefix of the next table / the document's end. False when there is
/// no such line.
pub fn restore(doc: &mut DocumentMut, path: &[String], key: &str, value: &Value) -> bool {
    let Some(table) = table_at(doc, path) else {
        return false;
    };
    let names = names(table);
    for (at, name) in names.iter().enumerate() {
        if !table.get(name).is_some_and(Item::is_value) {
            continue;
        }
        let Some(mut holder) = table.key_mut(name) else {
            continue;
        };
        let prefix = text(holder.leaf_decor().prefix()).to_owned();
        if let Some((before, found, after)) = find_line(&prefix, key, false) {
            holder.leaf_decor_mut().set_prefix(after);
            insert_at(table, at, found.with_prefix(before, value));
            return true;
        }
    }
    let after = table.position();
    let end = table.len();
    let prefix = match next_table(doc.as_table_mut(), after) {
        Some(next) => text(next.decor().prefix()).to_owned(),
        None => text(Some(doc.trailing())).to_owned(),
    };
    let Some((before, found, rest)) = find_line(&prefix, key, true) else {
        return false;
    };
    match next_table(doc.as_table_mut(), after) {
        Some(next) => {
            next.decor_mut().set_prefix(rest);
        }
        None => doc.set_trailing(rest),
    }
    match table_at(doc, path) {
        Some(table) => {
            insert_at(table, end, found.with_prefix(before, value));
            true
        }
        None => false,
    }
}

/// A commented key line as found: its key (with the space before `=`) and the value's decor.
struct Found {
    key: Key,
    value_prefix: String,
    value_suffix: String,
}

impl Found {
    fn with_prefix(self, prefix: String, value: &Value) -> (Key, Item) {
        let mut key = self.key;
        key.leaf_decor_mut().set_prefix(prefix);
        let mut value = value.clone();
        value.decor_mut().set_prefix(self.value_prefix);
        value.decor_mut().set_suffix(self.value_suffix);
        (key, Item::Value(value))
    }
}

/// The first line of `prefix` that is `# key = …` (a commented key that parses as TOML):
/// the text before it, the line read, the text after it. With `stop`, the search ends at a
/// commented table header (`# [[unterschriften]]`): what follows belongs to that table.
fn find_line(prefix: &str, key: &str, stop: bool) -> Option<(String, Found, String)> {
    let mut start = 0;
    for line in prefix.split_inclusive('\n') {
        let end = start + line.len();
        let body = line.trim_start();
        if let Some(code) = body.strip_prefix('#') {
            let code = code.strip_prefix(' ').unwrap_or(code);
            if stop && code.trim_start().starts_with('[') {
                return None;
            }
            if let Some(found) = parse_line(code.trim_end_matches(['\n', '\r']), key) {
                return Some((prefix[..start].to_owned(), found, prefix[end..].to_owned()));
            }
        }
        start = end;
    }
    None
}

fn parse_line(code: &str, key: &str) -> Option<Found> {
    let doc: DocumentMut = code.parse().ok()?;
    let table = doc.as_table();
    if table.len() != 1 {
        return None;
    }
    let (k, item) = table.get_key_value(key)?;
    let value = item.as_value()?;
    let mut k = k.clone();
    k.leaf_decor_mut().set_prefix("");
    Some(Found {
        key: k,
        value_prefix: text(value.decor().prefix()).to_owned(),
        value_suffix: text(value.decor().suffix()).to_owned(),
    })
}

/// Inserts the entry at index `at` of `table`, the entries from there on after it.
fn insert_at(table: &mut Table, at: usize, (key, item): (Key, Item)) {
    let moved: Vec<(Key, Item)> = names(table)
        .iter()
        .skip(at)
        .filter_map(|n| table.remove_entry(n))
        .collect();
    table.insert_formatted(&key, item);
    for (k, item) in moved {
        table.insert_formatted(&k, item);
    }
}

/// The table at `path` (keys and 1-based list indexes as text: `beratungsfolge`, `2`).
fn table_at<'a>(doc: &'a mut DocumentMut, path: &[String]) -> Option<&'a mut Table> {
    let mut item = doc.as_item_mut();
    for step in path {
        item = match step.parse::<usize>() {
            Ok(i) if i > 0 => item.get_mut(i - 1)?,
            _ => item.get_mut(step.as_str())?,
        };
    }
    item.as_table_mut()
}

/// The table written next after position `after` (`None`: after the root's keys): the one
/// with the smallest position above it.
fn next_table(root: &mut Table, after: Option<isize>) -> Option<&mut Table> {
    let mut best: Option<isize> = None;
    visit(root, &mut |t| {
        if let Some(p) = t.position()
            && after.is_none_or(|a| p > a)
            && best.is_none_or(|b| p < b)
            && !t.is_implicit()
        {
            best = Some(p);
        }
    });
    let best = best?;
    find_mut(root, best)
}

fn visit(table: &Table, f: &mut impl FnMut(&Table)) {
    for (_, item) in table.iter() {
        match item {
            Item::Table(t) => {
                f(t);
                visit(t, f);
            }
            Item::ArrayOfTables(list) => {
                for t in list.iter() {
                    f(t);
                    visit(t, f);
                }
            }
            _ => {}
        }
    }
}

fn find_mut(table: &mut Table, position: isize) -> Option<&mut Table> {
    for (_, item) in table.iter_mut() {
        let found = match item {
            Item::Table(t) => {
                if t.position() == Some(position) && !t.is_implicit() {
                    return Some(t);
                }
                find_mut(t, position)
            }
            Item::ArrayOfTables(list) => list.iter_mut().find_map(|t| {
                if t.position() == Some(position) {
                    Some(t)
                } else {
                    find_mut(t, position)
                }
            }),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "vorlage = \"x\"\n\n[kopf]\n# stadt = \"\"   # optional\n# who leads\nfederfuehrung = \"Amt 50\"  # lead\ndatum = 2022-11-16\nbetreff = \"B\"    # last\n\n# the list\n[[beratungsfolge]]\ngremium = \"Magistrat\"\n";

    fn roundtrip(key: &str, value: Value) {
        let mut doc: DocumentMut = TEXT.parse().unwrap_or_default();
        let table = doc.get_mut("kopf").and_then(Item::as_table_mut);
        let trailing = table.and_then(|t| remove(t, key));
        if let Some(t) = &trailing {
            put_trailing(&mut doc, t);
        }
        let emptied = doc.to_string();
        assert!(emptied.contains(&format!("# {key} ")), "{emptied}");
        assert!(!emptied.contains(&format!("\n{key} ")), "{emptied}");
        let reparsed: DocumentMut = emptied.parse().unwrap_or_default();
        let mut doc = reparsed;
        assert!(restore(&mut doc, &["kopf".to_owned()], key, &value));
        assert_eq!(doc.to_string(), TEXT);
    }

    #[test]
    fn emptied_and_typed_again_is_the_same_file() {
        roundtrip("federfuehrung", Value::from("Amt 50"));
        roundtrip("betreff", Value::from("B"));
        let date: Value = "2022-11-16".parse().unwrap_or_else(|_| Value::from(""));
        roundtrip("datum", date);
    }

    #[test]
    fn a_commented_key_of_the_skeleton_is_taken_where_it_stands() {
        let mut doc: DocumentMut = TEXT.parse().unwrap_or_default();
        assert!(restore(
            &mut doc,
            &["kopf".to_owned()],
            "stadt",
            &Value::from("Ort")
        ));
        assert!(
            doc.to_string()
                .contains("[kopf]\nstadt = \"Ort\"   # optional\n# who leads\n"),
            "{doc}"
        );
        assert!(!restore(
            &mut doc,
            &["kopf".to_owned()],
            "produkt",
            &Value::from("1")
        ));
    }
}
