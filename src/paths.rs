//! Canonical paths without Windows' verbatim prefix: `Path::canonicalize` gives `\\?\C:\…`
//! there, which users would see in messages and which breaks comparisons with paths as typed.
//! `dunce` returns the plain form wherever it is equivalent (and is `std`'s own on Unix).

use std::path::{Path, PathBuf};

/// `canonicalize` as users should see it (see the module's doc).
pub trait Canonical {
    /// The canonical, absolute path, symlinks resolved; without `\\?\` on Windows.
    fn canonical(&self) -> std::io::Result<PathBuf>;
}

impl Canonical for Path {
    fn canonical(&self) -> std::io::Result<PathBuf> {
        dunce::canonicalize(self)
    }
}
