//! The placeholder image of one attached PDF page: a PNG of `WIDTH` × 1 pixels whose colours
//! spell a fixed tag, the first 16 bytes of the file's SHA-256 and the page's index, one half
//! byte per colour channel above 0xE0, so that where it is seen unreplaced (the editor's
//! preview) it is a pale grey. Typst lays it out like any image (stretched to the page's
//! size); `splice` finds it again in the finished PDF by those samples. Two uses of the same
//! page are one image, as they should be.

use sha2::{Digest, Sha256};

/// Pixels per placeholder: 36 bytes, a half byte per channel, 3 channels per pixel.
pub const WIDTH: i32 = 24;

/// What a channel carries besides its half byte.
const PALE: u8 = 0xE0;

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
    /// The pixels' samples (RGB, 72): each byte as two pale half bytes.
    fn samples(&self) -> Vec<u8> {
        let mut bytes = TAG.to_vec();
        bytes.extend_from_slice(&self.file);
        bytes.extend_from_slice(&self.page.to_be_bytes());
        bytes
            .iter()
            .flat_map(|b| [PALE | (b >> 4), PALE | (b & 0x0F)])
            .collect()
    }

    /// The marker in decoded image samples, if they are one.
    pub fn read(samples: &[u8]) -> Option<Marker> {
        if samples.len() != WIDTH as usize * 3 || samples.iter().any(|s| s & 0xF0 != PALE) {
            return None;
        }
        let bytes: Vec<u8> = samples
            .chunks(2)
            .map(|pair| (pair[0] & 0x0F) << 4 | (pair[1] & 0x0F))
            .collect();
        if !bytes.starts_with(TAG) {
            return None;
        }
        let mut file = [0; 16];
        file.copy_from_slice(&bytes[16..32]);
        let page = u32::from_be_bytes(bytes[32..36].try_into().ok()?);
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
        assert_eq!(Marker::read(&[0; 72]), None);
        assert!(m.samples().iter().all(|s| *s >= 0xE0), "pale");
    }
}
