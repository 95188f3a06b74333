//! A key path into a report as the editor, the form's description and the messages name a
//! value: `befragungen.gruppen[3].status` (indices from 1), and its generic form
//! `befragungen.gruppen[].status` that names the field of every entry. The one parser of it.

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A key of a table.
    Key(String),
    /// An entry of a list, 1-based (`[3]`).
    Index(usize),
}

/// `befragungen.gruppen[3].status` → its steps; `None` for anything else (keys of lower-case
/// ASCII letters, digits and `_`, indices from 1).
fn parse(path: &str) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => (key, Some(rest)),
            None => (part, None),
        };
        let key_ok = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok {
            return None;
        }
        steps.push(Step::Key(key.to_owned()));
        if let Some(rest) = index {
            // `b[` or `b[]` is no path: an index is a number in brackets.
            let index: usize = rest.strip_suffix(']')?.parse().ok()?;
            if index == 0 {
                return None;
            }
            steps.push(Step::Index(index));
        }
    }
    Some(steps)
}

/// A parsed key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPath;

impl KeyPath {
    /// The steps of `path`, or `None` when it is not a key path.
    pub fn steps(path: &str) -> Option<Vec<Step>> {
        parse(path)
    }

    /// The keys of a path of tables only (`befragungen.gruppen`), or `None` when it has an
    /// index or is not a key path.
    pub fn keys(path: &str) -> Option<Vec<String>> {
        parse(path)?
            .into_iter()
            .map(|step| match step {
                Step::Key(key) => Some(key),
                Step::Index(_) => None,
            })
            .collect()
    }
}

/// `beratungsfolge[2].termin` → `beratungsfolge[].termin`.
pub fn generic(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_into_steps_and_lose_their_indices() {
        assert_eq!(
            KeyPath::steps("befragungen.gruppen[3].status"),
            Some(vec![
                Step::Key("befragungen".into()),
                Step::Key("gruppen".into()),
                Step::Index(3),
                Step::Key("status".into()),
            ])
        );
        for bad in ["", "a..b", "a[0]", "a[x]", "A", "a.b[", "ä"] {
            assert_eq!(KeyPath::steps(bad), None, "{bad}");
        }
        assert_eq!(
            KeyPath::keys("befragungen.gruppen"),
            Some(vec!["befragungen".into(), "gruppen".into()])
        );
        assert_eq!(KeyPath::keys("beratungsfolge[1]"), None);
        assert_eq!(
            generic("beratungsfolge[2].termin"),
            "beratungsfolge[].termin"
        );
        assert_eq!(generic("kopf.datum"), "kopf.datum");
    }
}
