//! The embedded fonts: Liberation Sans in four styles, compiled into the binary.
//!
//! Typst sees only these; system fonts are never read, so a PDF looks the same on every
//! machine. Parsed once per process.

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// Which characters the embedded fonts can show.
pub trait Coverage {
    /// Whether `c` has a glyph in every embedded face.
    fn covers(&self, c: char) -> bool;
}

/// The font files shipped in `fonts/` (see `fonts/LICENSE-LiberationSans.txt`).
const FILES: [&[u8]; 4] = [
    include_bytes!("../../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../../fonts/LiberationSans-BoldItalic.ttf"),
];

/// The parsed fonts and their book.
pub struct Fonts {
    /// Every face, in book order.
    pub fonts: Vec<Font>,
    /// Typst's index of the faces.
    pub book: LazyHash<FontBook>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    let book = LazyHash::new(FontBook::from_fonts(&fonts));
    Fonts { fonts, book }
});

/// The embedded fonts, parsed on first use.
pub fn fonts() -> &'static Fonts {
    &FONTS
}

impl Coverage for Fonts {
    fn covers(&self, c: char) -> bool {
        !self.fonts.is_empty()
            && self
                .fonts
                .iter()
                .all(|f| f.info().coverage.contains(c as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_faces_of_one_family() {
        let fonts = fonts();
        assert_eq!(fonts.fonts.len(), 4);
        assert!(
            fonts
                .fonts
                .iter()
                .all(|f| f.info().family == "Liberation Sans")
        );
    }

    #[test]
    fn covers_german_and_typographic_characters() {
        for c in "ÄÖÜäöüß„“‚‘–—…€§½·".chars() {
            assert!(fonts().covers(c), "{c} fehlt");
        }
        assert!(!fonts().covers('😀'));
        assert!(!fonts().covers('漢'));
    }
}
