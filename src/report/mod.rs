//! One report as data: the model (German keys, `deny_unknown_fields`), reading it from TOML
//! with the span of every value, the limits checked first, common mistakes named with their fix,
//! and what follows from the data alone (finance sums, the changes between two reports).
//! Nothing here knows the project, the templates or Typst.

pub mod changes;
pub mod changes_vorlage;
pub mod finance;
pub mod freigabe;
pub mod hints;
pub mod key_path;
pub mod limits;
pub mod load;
pub mod model;
