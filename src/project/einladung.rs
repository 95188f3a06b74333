//! Who issues a Sitzungsmappe, and how its Gremium reads in the genitive.
//!
//! The Magistrat invites to its own Sitzungen; the Vorsitzende der Stadtverordnetenversammlung
//! to those of the Stadtverordnetenversammlung and its Ausschüsse (§ 58 HGO); a Beirat or
//! Ortsbeirat by its own Vorsitzende. The register's `einladende` overrides the default (for
//! "Die Vorsitzende …" or a local rule). A Gremium not in the register is judged by its name.

use crate::project::{Gremium, GremiumArt, guessed_phrase};
use crate::report::model::Phrase;

/// The Gremium named `name` (`registered`: its register entry) as a noun phrase.
pub fn phrase(registered: Option<&Gremium>, name: &str) -> Phrase {
    registered.map_or_else(|| guessed_phrase(name).0, |g| g.phrase().0)
}

/// `des Magistrats der Stadt Lampertheim`, `der Stadtverordnetenversammlung`: what follows
/// "Sitzungsmappe" in the footer and the document's title.
pub fn genitive(registered: Option<&Gremium>, name: &str) -> String {
    phrase(registered, name).satzteil().genitiv
}

/// Who invites to the Sitzungen of the Gremium named `name`: the register's `einladende`, else
/// the default for its `art` (for a Gremium not in the register: the art its name suggests).
pub fn einladende(registered: Option<&Gremium>, name: &str) -> String {
    if let Some(own) = registered
        .and_then(|g| g.einladende.as_deref())
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        return own.to_owned();
    }
    let art = registered.map_or_else(|| guess_art(name), |g| g.art);
    match art {
        GremiumArt::Magistrat => "Der Magistrat".to_owned(),
        GremiumArt::Stadtverordnetenversammlung | GremiumArt::Ausschuss => {
            "Der Vorsitzende der Stadtverordnetenversammlung".to_owned()
        }
        GremiumArt::Beirat | GremiumArt::Ortsbeirat => {
            format!("Der Vorsitzende {}", genitive(registered, name))
        }
    }
}

/// The art a Gremium's name suggests (`Haupt- und Finanzausschuss` → Ausschuss); the
/// Magistrat when the name says nothing.
fn guess_art(name: &str) -> GremiumArt {
    let lower = name.to_lowercase();
    if lower.contains("stadtverordnetenversammlung") || lower.contains("gemeindevertretung") {
        GremiumArt::Stadtverordnetenversammlung
    } else if lower.contains("ausschuss") {
        GremiumArt::Ausschuss
    } else if lower.contains("ortsbeirat") {
        GremiumArt::Ortsbeirat
    } else if lower.contains("beirat") {
        GremiumArt::Beirat
    } else {
        GremiumArt::Magistrat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gremium(toml: &str) -> Gremium {
        toml::from_str(toml).unwrap()
    }

    #[test]
    fn the_issuer_follows_the_art_unless_the_register_names_one() {
        let magistrat = gremium(
            "key = \"magistrat\"\nartikel = \"der\"\nname = \"Magistrat der Stadt Weiterstadt\"\nart = \"magistrat\"",
        );
        let stvv = gremium(
            "key = \"stvv\"\nartikel = \"die\"\nname = \"Stadtverordnetenversammlung\"\nart = \"stadtverordnetenversammlung\"",
        );
        let hfa = gremium(
            "key = \"hfa\"\nname = \"Haupt- und Finanzausschuss\"\nart = \"ausschuss\"\neinladende = \"Die Vorsitzende der Stadtverordnetenversammlung\"",
        );
        let beirat = gremium(
            "key = \"ab\"\nartikel = \"der\"\nname = \"Ausländerbeirat der Stadt Weiterstadt\"\nart = \"beirat\"",
        );
        let of = |g: &Gremium| einladende(Some(g), &g.name);
        assert_eq!(of(&magistrat), "Der Magistrat");
        assert_eq!(of(&stvv), "Der Vorsitzende der Stadtverordnetenversammlung");
        assert_eq!(of(&hfa), "Die Vorsitzende der Stadtverordnetenversammlung");
        assert_eq!(
            of(&beirat),
            "Der Vorsitzende des Ausländerbeirats der Stadt Weiterstadt"
        );
        assert_eq!(
            einladende(None, "Bauausschuss"),
            "Der Vorsitzende der Stadtverordnetenversammlung"
        );
        assert_eq!(einladende(None, "Magistrat"), "Der Magistrat");
    }

    #[test]
    fn the_gremium_in_the_genitive() {
        let magistrat = gremium(
            "key = \"magistrat\"\nartikel = \"der\"\nname = \"Magistrat der Stadt Weiterstadt\"\nart = \"magistrat\"",
        );
        assert_eq!(
            genitive(Some(&magistrat), &magistrat.name),
            "des Magistrats der Stadt Weiterstadt"
        );
        assert_eq!(
            genitive(None, "Stadtverordnetenversammlung"),
            "der Stadtverordnetenversammlung"
        );
        assert_eq!(
            genitive(None, "Haupt- und Finanzausschuss"),
            "des Haupt- und Finanzausschusses"
        );
        assert_eq!(
            genitive(None, "Sozial-, Bildungs- und Kulturausschuss"),
            "des Sozial-, Bildungs- und Kulturausschusses"
        );
    }
}
