//! A noun phrase as a report writes it: once, in the nominative, with its article
//! (`traeger = "das Regionale Diakonische Werk Bergstraße"`), or as a table that overrides
//! forms the rules get wrong (`traeger = { nominativ = "…", dativ = "…" }`).
//!
//! [`Phrase::satzteil`] gives every form a sentence needs, contractions included; the
//! templates only pick one (`{{ stelle.traeger.von }}` → "vom Regionalen Diakonischen Werk …").

use std::cell::OnceCell;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::declension::{Analysis, Doubt, Genus, Kasus, Numerus, PRAEPOSITIONEN, with_preposition};

/// A noun phrase with optional overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The nominative, as written.
    pub text: String,
    /// Forms written by hand: genitive, dative, accusative.
    pub overrides: [Option<String>; 3],
    /// Number, when the report says it.
    pub numerus: Option<Numerus>,
    /// Gender, when the report says it.
    pub genus: Option<Genus>,
}

impl Phrase {
    /// A phrase without overrides.
    pub fn new(text: impl Into<String>) -> Self {
        Phrase {
            text: text.into(),
            overrides: [None, None, None],
            numerus: None,
            genus: None,
        }
    }

    /// The rule-based analysis of the nominative.
    pub fn analysis(&self) -> Analysis {
        Analysis::new(&self.text, self.numerus, self.genus)
    }

    /// The phrase in `kasus`: the override if there is one, else the rules' form.
    pub fn form(&self, kasus: Kasus) -> String {
        self.form_from(kasus, &OnceCell::new())
    }

    /// `form`, analysing the nominative at most once across calls that share `analysis`.
    fn form_from(&self, kasus: Kasus, analysis: &OnceCell<Analysis>) -> String {
        let given = match kasus {
            Kasus::Nominativ => return self.text.clone(),
            Kasus::Genitiv => &self.overrides[0],
            Kasus::Dativ => &self.overrides[1],
            Kasus::Akkusativ => &self.overrides[2],
        };
        match given {
            Some(text) => text.clone(),
            None => analysis.get_or_init(|| self.analysis()).form(kasus),
        }
    }

    /// Singular or plural.
    pub fn numerus(&self) -> Numerus {
        self.numerus_from(&OnceCell::new())
    }

    fn numerus_from(&self, analysis: &OnceCell<Analysis>) -> Numerus {
        self.numerus
            .unwrap_or_else(|| analysis.get_or_init(|| self.analysis()).numerus())
    }

    /// What the rules could not decide and the report does not say.
    pub fn doubt(&self) -> Option<Doubt> {
        let doubt = self.analysis().doubt()?;
        let overridden = self.overrides.iter().all(Option::is_some);
        match doubt {
            Doubt::Numerus if self.numerus.is_none() => Some(doubt),
            Doubt::Genus if self.genus.is_none() && !overridden => Some(doubt),
            _ => None,
        }
    }

    /// Every form, as templates see it.
    pub fn satzteil(&self) -> Satzteil {
        let analysis = OnceCell::new();
        Satzteil::from_forms(
            Kasus::ALL.map(|k| self.form_from(k, &analysis)),
            self.numerus_from(&analysis) == Numerus::Plural,
        )
    }

    /// Whether the phrase starts with an article (der/die/das/ein/eine).
    pub fn has_article(&self) -> bool {
        self.analysis().has_article()
    }
}

impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A phrase in every form a sentence needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Satzteil {
    /// Nominative (`der Magistrat`).
    pub nom: String,
    /// Genitive (`des Magistrats`); `gen` in templates.
    #[serde(rename = "gen")]
    pub genitiv: String,
    /// Dative (`dem Magistrat`).
    pub dat: String,
    /// Accusative (`den Magistrat`).
    pub akk: String,
    /// Whether the verb takes the plural.
    pub plural: bool,
    /// `vom Magistrat`
    pub von: String,
    /// `zum Magistrat`
    pub zu: String,
    /// `am …` (dative)
    pub an: String,
    /// `beim Magistrat`
    pub bei: String,
    /// `aus dem …`
    pub aus: String,
    /// `mit dem …`
    pub mit: String,
    /// `für den …`
    pub fuer: String,
    /// `über den …`
    pub ueber: String,
    /// `durch den …`
    pub durch: String,
    /// `im …` (dative)
    pub im: String,
}

impl Satzteil {
    /// From the four case forms (nominative, genitive, dative, accusative).
    pub fn from_forms(forms: [String; 4], plural: bool) -> Self {
        let [nom, genitiv, dat, akk] = forms;
        let with = |word: &str| {
            let kasus = PRAEPOSITIONEN
                .iter()
                .find(|p| p.wort == word)
                .map_or(Kasus::Dativ, |p| p.kasus);
            let form = match kasus {
                Kasus::Akkusativ => &akk,
                _ => &dat,
            };
            with_preposition(word, form)
        };
        Satzteil {
            von: with("von"),
            zu: with("zu"),
            an: with("an"),
            bei: with("bei"),
            aus: with("aus"),
            mit: with("mit"),
            fuer: with("für"),
            ueber: with("über"),
            durch: with("durch"),
            im: with("in"),
            nom,
            genitiv,
            dat,
            akk,
            plural,
        }
    }

    /// Several phrases as one enumeration ("A, B sowie C"), plural when more than one.
    pub fn enumeration(items: &[Satzteil], last: &str) -> Self {
        let join = |pick: fn(&Satzteil) -> &String| {
            let list: Vec<&String> = items.iter().map(pick).collect();
            super::enumeration(&list, last)
        };
        Satzteil::from_forms(
            [
                join(|s| &s.nom),
                join(|s| &s.genitiv),
                join(|s| &s.dat),
                join(|s| &s.akk),
            ],
            items.len() > 1 || items.iter().any(|s| s.plural),
        )
    }
}

impl<'de> Deserialize<'de> for Phrase {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PhraseVisitor)
    }
}

struct PhraseVisitor;

/// The table form of a phrase.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    nominativ: String,
    genitiv: Option<String>,
    dativ: Option<String>,
    akkusativ: Option<String>,
    numerus: Option<NumerusName>,
    genus: Option<GenusName>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum NumerusName {
    Singular,
    Plural,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum GenusName {
    Maskulin,
    Feminin,
    Neutrum,
}

impl<'de> Visitor<'de> for PhraseVisitor {
    type Value = Phrase;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("einen Text im Nominativ mit Artikel oder eine Tabelle { nominativ = \"…\", dativ = \"…\" }")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Phrase, E> {
        Ok(Phrase::new(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Phrase, E> {
        Ok(Phrase::new(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Phrase, A::Error> {
        let t = Table::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Phrase {
            text: t.nominativ,
            overrides: [t.genitiv, t.dativ, t.akkusativ],
            numerus: t.numerus.map(|n| match n {
                NumerusName::Singular => Numerus::Singular,
                NumerusName::Plural => Numerus::Plural,
            }),
            genus: t.genus.map(|g| match g {
                GenusName::Maskulin => Genus::Maskulinum,
                GenusName::Feminin => Genus::Femininum,
                GenusName::Neutrum => Genus::Neutrum,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_win() {
        let mut p = Phrase::new("der Haupt- und Finanzausschuss");
        assert_eq!(p.satzteil().genitiv, "des Haupt- und Finanzausschusses");
        p.overrides[0] = Some("des HFA".into());
        assert_eq!(p.satzteil().genitiv, "des HFA");
        assert_eq!(p.satzteil().von, "vom Haupt- und Finanzausschuss");
    }

    #[test]
    fn enumeration_is_plural() {
        let list =
            [Phrase::new("der Seniorenbeirat"), Phrase::new("die Eltern")].map(|p| p.satzteil());
        let e = Satzteil::enumeration(&list, "sowie");
        assert!(e.plural);
        assert_eq!(e.akk, "den Seniorenbeirat sowie die Eltern");
        assert_eq!(e.von, "vom Seniorenbeirat sowie den Eltern");
    }
}
