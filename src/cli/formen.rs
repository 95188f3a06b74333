//! `sachstand check --formen`: every noun phrase of a report with the forms sachstand derives
//! from it, so that a user can confirm them before the paper goes out.

use sachstand::german::declension::Kasus;
use sachstand::report::load::Loaded;
use sachstand::rules::grammar::phrases;

/// The forms of every phrase of `loaded`, as German text.
pub fn describe(loaded: &Loaded) -> String {
    let mut out = format!("Formen in {}:\n", loaded.path.display());
    for (path, phrase, _) in phrases(loaded) {
        let s = phrase.satzteil();
        out.push_str(&format!("\n{path}: {}\n", phrase.text));
        for kasus in Kasus::ALL.into_iter().skip(1) {
            let written = match kasus {
                Kasus::Genitiv => phrase.overrides[0].is_some(),
                Kasus::Dativ => phrase.overrides[1].is_some(),
                _ => phrase.overrides[2].is_some(),
            };
            let mark = if written { " (selbst angegeben)" } else { "" };
            out.push_str(&format!(
                "  {:<10} {}{mark}\n",
                format!("{}:", kasus.name()),
                phrase.form(kasus)
            ));
        }
        out.push_str(&format!(
            "  {:<10} {} · {} · {}\n",
            "mit:", s.von, s.zu, s.fuer
        ));
        out.push_str(&format!(
            "  {:<10} {} (Verb: {})\n",
            "Numerus:",
            phrase.numerus(),
            if s.plural {
                "werden/wurden"
            } else {
                "wird/wurde"
            }
        ));
    }
    out
}
