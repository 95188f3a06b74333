//! Paths in hints, quoted so that a command pasted into a POSIX shell works.
//!
//! Plain paths (letters, digits, `/ . _ - + , : @ %`) stay as they are; anything else is put
//! in single quotes, a single quote inside written as `'\''`.

use std::path::Path;

/// `path` as one shell word.
pub fn quote(path: &Path) -> String {
    quote_str(&path.display().to_string())
}

/// `text` as one shell word.
pub fn quote_str(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(
            quote_str("reports/2024-06-a.toml"),
            "reports/2024-06-a.toml"
        );
        assert_eq!(
            quote_str("./2024-06-Sachstand Kita-Ausbau (Entwurf ä).toml"),
            "'./2024-06-Sachstand Kita-Ausbau (Entwurf ä).toml'"
        );
        assert_eq!(quote_str("it's.toml"), "'it'\\''s.toml'");
    }
}
