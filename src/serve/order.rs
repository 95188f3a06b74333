//! Moving one entry of a list of the form ("nach oben", "nach unten") inside the TOML file.
//!
//! The entry moves as a whole with `toml_edit`: its keys, their comments and the comment
//! block above its `[[…]]` header go with it. `toml_edit` prints tables by their position in
//! the original text, so after a swap the entries' tables take over each other's positions;
//! every other line of the file stays where it was.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::report::key_path::KeyPath;

/// Which way an entry moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Towards the start of the list.
    Up,
    /// Towards the end of the list.
    Down,
}

/// Moves entry `index` (1-based) of the list at `path` (`beratungsfolge`,
/// `befragungen.gruppen`) one place up or down. German message when there is no such entry
/// or it is already at that end.
pub fn move_entry(
    doc: &mut DocumentMut,
    path: &str,
    index: usize,
    direction: Direction,
) -> Result<(), String> {
    let item = list_mut(doc, path)?;
    let len = match &*item {
        Item::ArrayOfTables(list) => list.len(),
        Item::Value(Value::Array(list)) => list.len(),
        _ => 0,
    };
    if index == 0 || index > len {
        return Err(format!(
            "den Eintrag {index} gibt es nicht mehr; bitte neu laden"
        ));
    }
    let (a, b) = match direction {
        Direction::Up if index > 1 => (index - 2, index - 1),
        Direction::Down if index < len => (index - 1, index),
        Direction::Up => return Err(format!("Eintrag {index} steht schon ganz oben")),
        Direction::Down => return Err(format!("Eintrag {index} steht schon ganz unten")),
    };
    match item {
        Item::ArrayOfTables(list) => swap_tables(list, a, b),
        Item::Value(Value::Array(list)) => {
            // `a < b`: take `b` out and put it in front of `a`.
            let moved = list.remove(b);
            list.insert(a, moved);
            // The spacing stays with the places, the values move.
            let decors = (
                list.get(a).map(|v| v.decor().clone()),
                list.get(b).map(|v| v.decor().clone()),
            );
            if let (Some(da), Some(db)) = decors {
                if let Some(v) = list.get_mut(a) {
                    *v.decor_mut() = db;
                }
                if let Some(v) = list.get_mut(b) {
                    *v.decor_mut() = da;
                }
            }
            Ok(())
        }
        _ => Err(format!("„{path}“ ist keine Liste")),
    }
}

/// The item of the list at `path`: dotted keys through tables only.
fn list_mut<'a>(doc: &'a mut DocumentMut, path: &str) -> Result<&'a mut Item, String> {
    let keys = KeyPath::keys(path).ok_or_else(|| format!("„{path}“ ist keine Liste"))?;
    let mut item = doc.as_item_mut();
    for key in &keys {
        item = item
            .as_table_like_mut()
            .and_then(|t| t.get_mut(key.as_str()))
            .ok_or_else(|| format!("„{path}“ gibt es in der Datei nicht"))?;
    }
    Ok(item)
}

/// Swaps entries `a < b` and gives their tables the text positions in the new order.
fn swap_tables(list: &mut ArrayOfTables, a: usize, b: usize) -> Result<(), String> {
    let gone = || "den Eintrag gibt es nicht mehr; bitte neu laden".to_owned();
    // The positions every entry's tables hold now, in order: the slots to refill.
    let mut slots: Vec<isize> = Vec::new();
    for table in list.iter() {
        positions(table, &mut slots);
    }
    slots.sort_unstable();
    let first = std::mem::take(list.get_mut(a).ok_or_else(gone)?);
    let second = std::mem::replace(list.get_mut(b).ok_or_else(gone)?, first);
    *list.get_mut(a).ok_or_else(gone)? = second;
    swap_blank_lead(list, a, b);
    let mut slots = slots.into_iter();
    for table in list.iter_mut() {
        renumber(table, &mut slots);
    }
    Ok(())
}

/// The blank lines above a header belong to the place, the comments to the entry: gives the
/// two swapped entries back each other's leading blank lines.
fn swap_blank_lead(list: &mut ArrayOfTables, a: usize, b: usize) {
    let split = |t: &Table| -> (String, String) {
        // A header without its own spacing is printed after one blank line.
        let prefix = t
            .decor()
            .prefix()
            .map_or(Some("\n"), |p| p.as_str())
            .unwrap_or_default();
        let blank = prefix
            .char_indices()
            .take_while(|(_, c)| c.is_whitespace())
            .filter(|(_, c)| *c == '\n')
            .last()
            .map_or(0, |(i, _)| i + 1);
        (prefix[..blank].to_owned(), prefix[blank..].to_owned())
    };
    let (Some(ta), Some(tb)) = (list.get(a), list.get(b)) else {
        return;
    };
    let ((lead_a, rest_a), (lead_b, rest_b)) = (split(ta), split(tb));
    if let Some(t) = list.get_mut(a) {
        t.decor_mut().set_prefix(format!("{lead_b}{rest_a}"));
    }
    if let Some(t) = list.get_mut(b) {
        t.decor_mut().set_prefix(format!("{lead_a}{rest_b}"));
    }
}

/// The positions of `table` and the tables below it, in the order `toml_edit` visits them.
fn positions(table: &Table, out: &mut Vec<isize>) {
    out.extend(table.position());
    for (_, item) in table.iter() {
        match item {
            Item::Table(t) => positions(t, out),
            Item::ArrayOfTables(list) => list.iter().for_each(|t| positions(t, out)),
            _ => {}
        }
    }
}

/// Gives `table` and the tables below it (those that have a position) the next slots.
fn renumber(table: &mut Table, slots: &mut impl Iterator<Item = isize>) {
    if table.position().is_some() {
        table.set_position(slots.next());
    }
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => renumber(t, slots),
            Item::ArrayOfTables(list) => list.iter_mut().for_each(|t| renumber(t, slots)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "vorlage = \"x\"\n\n[kopf]\ndatum = 2022-11-16\n\n# erste\n[[beratungsfolge]]\ngremium = \"Magistrat\" # M\ntermin = 2022-11-28\n\n# zweite\n[[beratungsfolge]]\ngremium = \"SBK\"\ntermin = 2022-12-01\n\n[[beratungsfolge]]\ngremium = \"StVV\"\n\n[beschluss]\ntext = \"t\"\n";

    fn doc() -> DocumentMut {
        TEXT.parse().unwrap_or_default()
    }

    #[test]
    fn an_entry_moves_with_its_comments_and_the_rest_stays() {
        let mut d = doc();
        assert_eq!(
            move_entry(&mut d, "beratungsfolge", 2, Direction::Up),
            Ok(())
        );
        assert_eq!(
            d.to_string(),
            "vorlage = \"x\"\n\n[kopf]\ndatum = 2022-11-16\n\n# zweite\n[[beratungsfolge]]\ngremium = \"SBK\"\ntermin = 2022-12-01\n\n# erste\n[[beratungsfolge]]\ngremium = \"Magistrat\" # M\ntermin = 2022-11-28\n\n[[beratungsfolge]]\ngremium = \"StVV\"\n\n[beschluss]\ntext = \"t\"\n"
        );
        assert_eq!(
            move_entry(&mut d, "beratungsfolge", 1, Direction::Down),
            Ok(())
        );
        assert_eq!(d.to_string(), TEXT, "back again");
    }

    #[test]
    fn the_ends_and_missing_entries_are_refused() {
        let mut d = doc();
        assert!(move_entry(&mut d, "beratungsfolge", 1, Direction::Up).is_err());
        assert!(move_entry(&mut d, "beratungsfolge", 3, Direction::Down).is_err());
        assert!(move_entry(&mut d, "beratungsfolge", 4, Direction::Up).is_err());
        assert!(move_entry(&mut d, "meilensteine", 1, Direction::Up).is_err());
        assert_eq!(d.to_string(), TEXT);
    }

    #[test]
    fn nested_tables_and_inline_arrays_move_too() {
        let text = "[[meilensteine]]\ntitel = \"A\"\n[meilensteine.kosten]\nbetrag = 1\n\n[[meilensteine]]\ntitel = \"B\"\n\n[liste]\nwerte = [1, 2, 3]\n";
        let mut d: DocumentMut = text.parse().unwrap_or_default();
        assert_eq!(
            move_entry(&mut d, "meilensteine", 1, Direction::Down),
            Ok(())
        );
        assert_eq!(
            d.to_string(),
            "[[meilensteine]]\ntitel = \"B\"\n\n[[meilensteine]]\ntitel = \"A\"\n[meilensteine.kosten]\nbetrag = 1\n\n[liste]\nwerte = [1, 2, 3]\n"
        );
        assert_eq!(move_entry(&mut d, "liste.werte", 3, Direction::Up), Ok(()));
        assert!(d.to_string().ends_with("werte = [1, 3, 2]\n"), "{d}");
    }
}
