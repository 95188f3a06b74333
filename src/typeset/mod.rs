//! From a checked report to PDF bytes: the values templates see (`view`; the timeline's in
//! `view_zeitleiste`), the template set (a city's folder over the built-ins, confined),
//! minijinja with Typst escaping (`render`, `escape`), the embedded fonts, the `typst::World`
//! and the compile + export (`pdf`).
//! Text reaches Typst only escaped; nothing is read outside the template folder.

pub mod anlagen;
pub mod escape;
pub mod fonts;
pub mod pdf;
pub mod render;
pub mod templates;
pub mod view;
pub mod view_zeitleiste;
pub mod world;
