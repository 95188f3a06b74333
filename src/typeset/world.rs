//! Typst's view of the world: one generated source in memory, the template set, the fonts.
//!
//! Invariants: files come only from the template set (a city's folder, confined, or the
//! built-ins); packages are never downloaded; fonts come only from the embedded set; "today"
//! is the report's date, so nothing depends on the wall clock.

use std::hash::Hash;
use std::sync::{Arc, LazyLock};

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::typeset::fonts::fonts;
use crate::typeset::templates::{LookupError, TemplateSet};

/// The virtual path of the generated main source.
pub const MAIN_PATH: &str = "/bericht.typ";

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// Starts building, on a thread of its own, what every compilation needs and no report
/// changes: Typst's standard library and the embedded fonts, each with its hash. The calling
/// thread meanwhile reads and checks the report; whichever needs them first waits for them
/// (or computes the same hash itself), so the result is the same. For one report as a whole
/// process this takes that work off the path to the PDF (see `bench/typst_cli.sh`). The
/// order is the order in which a compilation needs them: the library when it starts, the
/// font book and each face's hash (of its whole file, when text is shaped) later. If no
/// thread can be started, nothing happens: the first compilation then builds them as before.
pub fn prepare_in_background() {
    let _ = std::thread::Builder::new()
        .name("typst-vorbereitung".into())
        .spawn(|| {
            let mut hasher = std::hash::DefaultHasher::new();
            LIBRARY.hash(&mut hasher);
            let fonts = fonts();
            fonts.book.hash(&mut hasher);
            for font in &fonts.fonts {
                font.hash(&mut hasher);
            }
        });
}

/// The file id of the generated main source (one id for every document: ids are never freed).
fn main_id() -> FileId {
    static ID: LazyLock<FileId> = LazyLock::new(|| {
        // A constant, valid path: this cannot fail, whatever the input.
        #[allow(clippy::expect_used)]
        let vpath = VirtualPath::new(MAIN_PATH).expect("MAIN_PATH is a valid virtual path");
        FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
    });
    *ID
}

/// A world for compiling one generated document.
pub struct SachstandWorld {
    main: Source,
    set: Arc<TemplateSet>,
    today: Option<Datetime>,
    /// Files given in memory (the project's logo), by virtual path.
    extra: Vec<(String, Vec<u8>)>,
    /// Attached PDFs whose pages replace their placeholders after the export.
    anlagen: Vec<Arc<Vec<u8>>>,
}

impl SachstandWorld {
    /// A world whose main source is `markup`, reading files from `set`, dated `today`.
    pub fn new(markup: String, set: Arc<TemplateSet>, today: time::Date) -> Self {
        let today = Datetime::from_ymd(today.year(), u8::from(today.month()), today.day());
        SachstandWorld {
            main: Source::new(main_id(), markup),
            set,
            today,
            extra: Vec::new(),
            anlagen: Vec::new(),
        }
    }

    /// Adds the files Typst reads for an attached file; a PDF is kept for `anlagen::splice`.
    pub fn with_anlage(mut self, file: &crate::project::anlage::AnlageDatei) -> Self {
        for (path, bytes) in crate::typeset::anlagen::typst_files(file) {
            if !self.extra.iter().any(|(p, _)| *p == path) {
                self.extra.push((path, bytes));
            }
        }
        let pdf = file.art == crate::project::anlage::Art::Pdf;
        if pdf && !self.anlagen.iter().any(|b| b == &file.bytes) {
            self.anlagen.push(Arc::clone(&file.bytes));
        }
        self
    }

    /// The attached PDFs.
    pub fn anlagen(&self) -> &[Arc<Vec<u8>>] {
        &self.anlagen
    }

    /// Adds a file that Typst can read at `virtual_path` (e.g. `/.sachstand/logo.svg`).
    pub fn with_file(mut self, virtual_path: &str, bytes: Vec<u8>) -> Self {
        self.extra.push((virtual_path.to_owned(), bytes));
        self
    }

    /// The generated main source.
    pub fn main_source(&self) -> &Source {
        &self.main
    }

    /// The template set behind this world.
    pub fn set(&self) -> &TemplateSet {
        &self.set
    }

    fn read(&self, id: FileId) -> FileResult<Vec<u8>> {
        match id.root() {
            VirtualRoot::Package(spec) => Err(FileError::Package(PackageError::Other(Some(
                format!(
                    "Pakete wie {spec} werden nicht geladen: sachstand arbeitet ohne Netz. \
                     Legen Sie benötigte Typst-Dateien in den Vorlagenordner und binden Sie sie mit relativem Pfad ein."
                )
                .into(),
            )))),
            VirtualRoot::Project => {
                let with_slash = id.vpath().get_with_slash();
                if let Some((_, bytes)) = self.extra.iter().find(|(p, _)| p == with_slash) {
                    return Ok(bytes.clone());
                }
                let name = id.vpath().get_without_slash();
                match self.set.read(name) {
                    Ok(file) => Ok(file.bytes),
                    Err(LookupError::NotFound) => Err(FileError::NotFound(name.into())),
                    Err(LookupError::Escapes) => Err(FileError::Other(Some(
                        format!("„{name}“ liegt außerhalb des Vorlagenordners und darf nicht gelesen werden").into(),
                    ))),
                    Err(LookupError::Io(e)) => Err(FileError::from_io(e, std::path::Path::new(name))),
                }
            }
        }
    }
}

impl World for SachstandWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.read(id)?;
        let text = String::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        self.read(id).map(Bytes::new)
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
