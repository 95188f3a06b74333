//! The placeholder image of one attached PDF page: a PNG of `WIDTH` × 1 pixels whose colours
//! spell a fixed tag, the first 16 bytes of the file's SHA-256 and the page's index. Typst
//! lays it out like any image (stretched to the page's size); `splice` finds it again in the
//! finished PDF by those bytes. Two uses of the same page are one image, as they should be.

use sha2::{Digest, Sha256};

/// Pixels per placeholder (3 bytes each).
pub const WIDTH: i32 = 16;

/// What the first 16 bytes of a placeholder say.
const TAG: &[u8; 16] = b"sachstand-anlage";

/// One placeholder's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    /// The attached file: the first 16 bytes of its SHA-256.
    pub file: [u8; 16],
    /// The page, counted from 0.
    pub page: u32,
}

/// The key that names an attached file in its placeholders.
pub fn file_key(bytes: &[u8]) -> [u8; 16] {
    let digest = Sha256::digest(bytes);
    let mut key = [0; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

impl Marker {
    /// The pixels' bytes (RGB, 48).
    fn samples(&self) -> Vec<u8> {
        let mut out = TAG.to_vec();
        out.extend_from_slice(&self.file);
        out.extend_from_slice(&self.page.to_be_bytes());
        out.resize(WIDTH as usize * 3, 0);
        out
    }

    /// The marker in decoded image samples, if they are one.
    pub fn read(samples: &[u8]) -> Option<Marker> {
        if samples.len() != WIDTH as usize * 3 || !samples.starts_with(TAG) {
            return None;
        }
        let mut file = [0; 16];
        file.copy_from_slice(&samples[16..32]);
        let page = u32::from_be_bytes(samples[32..36].try_into().ok()?);
        Some(Marker { file, page })
    }

    /// The placeholder as a PNG file.
    pub fn png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, WIDTH as u32, 1);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Writing into a Vec does not fail; an empty result is caught by Typst as a bad image.
        if let Ok(mut writer) = encoder.write_header() {
            let _ = writer.write_image_data(&self.samples());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_reads_back_from_its_samples() {
        let m = Marker {
            file: file_key(b"%PDF-1.7 ..."),
            page: 7,
        };
        assert_eq!(Marker::read(&m.samples()), Some(m));
        assert!(m.png().starts_with(b"\x89PNG"));
        assert_eq!(Marker::read(&[0; 48]), None);
    }
}
