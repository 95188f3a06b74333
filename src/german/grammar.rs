//! The words of German grammar as types: Kasus, Genus, Numerus, the article kind, gender and
//! number as one class, and the analysed noun phrase (`Np`) that `analysis` fills and
//! `declension` declines. Below both, so that neither needs the other's types.

use std::fmt;

/// What the analysis could not decide by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doubt {
    /// "die" + a noun that may be feminine singular or plural.
    Numerus,
    /// "ein"/"kein" or no article + a noun of unknown gender.
    Genus,
}

/// Grammatical case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kasus {
    /// Who or what (`der Magistrat`).
    Nominativ,
    /// Whose (`des Magistrats`).
    Genitiv,
    /// To whom (`dem Magistrat`).
    Dativ,
    /// Whom or what (`den Magistrat`).
    Akkusativ,
}

impl Kasus {
    /// All four, in school order.
    pub const ALL: [Kasus; 4] = [
        Kasus::Nominativ,
        Kasus::Genitiv,
        Kasus::Dativ,
        Kasus::Akkusativ,
    ];

    /// The German name (`Dativ`).
    pub fn name(self) -> &'static str {
        match self {
            Kasus::Nominativ => "Nominativ",
            Kasus::Genitiv => "Genitiv",
            Kasus::Dativ => "Dativ",
            Kasus::Akkusativ => "Akkusativ",
        }
    }

    pub(super) fn index(self) -> usize {
        match self {
            Kasus::Nominativ => 0,
            Kasus::Genitiv => 1,
            Kasus::Dativ => 2,
            Kasus::Akkusativ => 3,
        }
    }
}

/// Grammatical gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Genus {
    /// der
    Maskulinum,
    /// die
    Femininum,
    /// das
    Neutrum,
}

/// Singular or plural.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numerus {
    /// One.
    Singular,
    /// Several.
    Plural,
}

impl fmt::Display for Numerus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Numerus::Singular => "Singular",
            Numerus::Plural => "Plural",
        })
    }
}

impl fmt::Display for Genus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Genus::Maskulinum => "maskulin",
            Genus::Femininum => "feminin",
            Genus::Neutrum => "neutrum",
        })
    }
}

/// Which article opens the phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Det {
    Definite,
    Indefinite,
    None,
}

/// Gender and number together, as articles and endings need them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    M,
    F,
    N,
    Pl,
}

impl Class {
    pub(super) fn of(genus: Genus, numerus: Numerus) -> Class {
        match (numerus, genus) {
            (Numerus::Plural, _) => Class::Pl,
            (_, Genus::Maskulinum) => Class::M,
            (_, Genus::Femininum) => Class::F,
            (_, Genus::Neutrum) => Class::N,
        }
    }
}

/// One noun phrase (no coordination of whole phrases), analysed.
#[derive(Debug, Clone)]
pub(super) struct Np {
    pub(super) det: Det,
    /// The article as written (for keeping capitalisation), if any.
    pub(super) article: Option<String>,
    /// Words before the head: adjectives (declined) or compound prefixes (kept).
    pub(super) pre: Vec<Pre>,
    /// The head noun(s): one word, or several joined by "und"/"oder" ("Bürgerinnen und Bürger").
    pub(super) heads: Vec<String>,
    /// Joiners between heads.
    pub(super) head_joiners: Vec<String>,
    /// Everything after the head, as written (with its leading space).
    pub(super) rest: String,
    pub(super) genus: Genus,
    pub(super) numerus: Numerus,
    pub(super) doubt: Option<Doubt>,
}

#[derive(Debug, Clone)]
pub(super) enum Pre {
    /// An adjective: its stem (the nominative ending removed).
    Adjective(String),
    /// A word kept as written ("Sozial-,", "und").
    Kept(String),
}
