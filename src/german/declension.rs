//! Declension of German noun phrases as municipal language writes them: the article, the
//! adjectives before the head noun and the head noun change; everything after the head noun
//! stays as written. Pure functions; `analysis` reads the phrase, this module builds its
//! forms and joins prepositions (vom, zum, zur, am, im, beim).

pub use super::analysis::{Analysis, Doubt, guess_genus};
use super::analysis::{is_acronym, is_capitalised, is_declinable, is_nominalised};
use super::grammar::{Class, Det, Np, Pre};
pub use super::grammar::{Genus, Kasus, Numerus};
use super::lexicon::{STRONG_MASCULINE, WEAK_MASCULINE};

const DEFINITE: [[&str; 4]; 4] = [
    ["der", "des", "dem", "den"],
    ["die", "der", "der", "die"],
    ["das", "des", "dem", "das"],
    ["die", "der", "den", "die"],
];
const INDEFINITE: [[&str; 4]; 3] = [
    ["ein", "eines", "einem", "einen"],
    ["eine", "einer", "einer", "eine"],
    ["ein", "eines", "einem", "ein"],
];

fn class_index(c: Class) -> usize {
    match c {
        Class::M => 0,
        Class::F => 1,
        Class::N => 2,
        Class::Pl => 3,
    }
}

/// The adjective ending for an article kind, class and case.
fn adjective_ending(det: Det, class: Class, kasus: Kasus) -> &'static str {
    let k = kasus.index();
    match det {
        Det::Definite => match (class, kasus) {
            (Class::Pl, _) => "en",
            (_, Kasus::Nominativ) => "e",
            (Class::M, Kasus::Akkusativ) => "en",
            (_, Kasus::Akkusativ) => "e",
            _ => "en",
        },
        Det::Indefinite => match class {
            Class::M => ["er", "en", "en", "en"][k],
            Class::F => ["e", "en", "en", "e"][k],
            Class::N => ["es", "en", "en", "es"][k],
            Class::Pl => ["e", "er", "en", "e"][k],
        },
        Det::None => match class {
            Class::M => ["er", "en", "em", "en"][k],
            Class::F => ["e", "er", "er", "e"][k],
            Class::N => ["es", "en", "em", "es"][k],
            Class::Pl => ["e", "er", "en", "e"][k],
        },
    }
}

fn is_weak_masculine(lower: &str) -> bool {
    if STRONG_MASCULINE.iter().any(|s| lower.ends_with(s)) {
        return false;
    }
    WEAK_MASCULINE.iter().any(|w| lower.ends_with(w))
}

impl Np {
    fn class(&self) -> Class {
        Class::of(self.genus, self.numerus)
    }

    pub(super) fn form(&self, kasus: Kasus) -> String {
        let class = self.class();
        let mut out = String::new();
        if let Some(written) = &self.article {
            let a = match (self.det, class) {
                (Det::Definite, c) => DEFINITE[class_index(c)][kasus.index()],
                (Det::Indefinite, Class::Pl) => "",
                (Det::Indefinite, c) => INDEFINITE[class_index(c)][kasus.index()],
                (Det::None, _) => "",
            };
            out.push_str(&match_case(a, written));
        }
        for p in &self.pre {
            if !out.is_empty() {
                out.push(' ');
            }
            match p {
                Pre::Adjective(stem) => {
                    out.push_str(stem);
                    out.push_str(adjective_ending(self.det, class, kasus));
                }
                Pre::Kept(w) => out.push_str(w),
            }
        }
        for (i, head) in self.heads.iter().enumerate() {
            if i == 0 {
                if !out.is_empty() {
                    out.push(' ');
                }
            } else {
                out.push_str(&self.head_joiners[i - 1]);
            }
            out.push_str(&self.head_form(head, kasus));
        }
        out.push_str(&self.rest);
        out
    }

    fn head_form(&self, head: &str, kasus: Kasus) -> String {
        if kasus == Kasus::Nominativ || is_acronym(head) || !is_declinable(head) {
            return head.to_string();
        }
        let class = self.class();
        if is_nominalised(head) {
            let lower = head.to_lowercase();
            let cut = if lower.ends_with("en") || lower.ends_with("er") || lower.ends_with("es") {
                2
            } else {
                1
            };
            let stem: String = {
                let chars: Vec<char> = head.chars().collect();
                chars[..chars.len().saturating_sub(cut)].iter().collect()
            };
            return format!("{stem}{}", adjective_ending(self.det, class, kasus));
        }
        let lower = head.to_lowercase();
        match class {
            Class::Pl => {
                if kasus == Kasus::Dativ
                    && !lower.ends_with('n')
                    && !lower.ends_with('s')
                    && !lower.ends_with(['*', ':', '_'])
                {
                    format!("{head}n")
                } else {
                    head.to_string()
                }
            }
            Class::F => head.to_string(),
            Class::M | Class::N => {
                if class == Class::M && is_weak_masculine(&lower) {
                    if ["herr", "bauer", "nachbar", "ungar"]
                        .iter()
                        .any(|w| lower.ends_with(w))
                    {
                        return format!("{head}n");
                    }
                    return if lower.ends_with('e') {
                        format!("{head}n")
                    } else {
                        format!("{head}en")
                    };
                }
                if kasus != Kasus::Genitiv {
                    return head.to_string();
                }
                genitive(head)
            }
        }
    }
}

/// The genitive singular of a strong masculine or neuter noun.
fn genitive(head: &str) -> String {
    let lower = head.to_lowercase();
    if lower.ends_with("nis") {
        return format!("{head}ses");
    }
    if lower.ends_with("ismus") || lower.ends_with("us") && !lower.ends_with("haus") {
        return head.to_string();
    }
    if lower.ends_with('s') && !lower.ends_with("ss") && is_loanword_s(&lower) {
        return head.to_string();
    }
    if ["s", "ß", "x", "z", "sch", "st"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        return format!("{head}es");
    }
    format!("{head}s")
}

/// Loanwords ending in -s whose genitive has no ending ("des Fonds").
fn is_loanword_s(lower: &str) -> bool {
    lower.ends_with("fonds") || lower.ends_with("cs") || lower.ends_with("ps")
}

/// `article` with the capitalisation of `written` ("Der" → "Des").
fn match_case(article: &str, written: &str) -> String {
    if is_capitalised(written) {
        super::capitalise(article)
    } else {
        article.to_string()
    }
}

/// A preposition and the case it governs, with its contractions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Praeposition {
    /// As written before a phrase (`von`).
    pub wort: &'static str,
    /// The case it governs.
    pub kasus: Kasus,
}

/// The prepositions the templates use.
pub const PRAEPOSITIONEN: [Praeposition; 10] = [
    Praeposition {
        wort: "von",
        kasus: Kasus::Dativ,
    },
    Praeposition {
        wort: "zu",
        kasus: Kasus::Dativ,
    },
    Praeposition {
        wort: "an",
        kasus: Kasus::Dativ,
    },
    Praeposition {
        wort: "in",
        kasus: Kasus::Dativ,
    },
    Praeposition {
        wort: "bei",
        kasus: Kasus::Dativ,
    },
    Praeposition {
        wort: "aus",
        kasus: Kasus::Dativ,
    },
    Praeposition {
        wort: "mit",
        kasus: Kasus::Dativ,
    },
    Praeposition {
        wort: "für",
        kasus: Kasus::Akkusativ,
    },
    Praeposition {
        wort: "über",
        kasus: Kasus::Akkusativ,
    },
    Praeposition {
        wort: "durch",
        kasus: Kasus::Akkusativ,
    },
];

/// `prep` + `form` (already in the preposition's case), contracted where German contracts:
/// von dem → vom, zu dem → zum, zu der → zur, an dem → am, in dem → im, bei dem → beim.
pub fn with_preposition(prep: &str, form: &str) -> String {
    let contracted = match (prep, form.split(' ').next().unwrap_or_default()) {
        ("von", "dem") => Some("vom"),
        ("zu", "dem") => Some("zum"),
        ("zu", "der") => Some("zur"),
        ("an", "dem") => Some("am"),
        ("in", "dem") => Some("im"),
        ("bei", "dem") => Some("beim"),
        _ => None,
    };
    match contracted {
        Some(c) => format!("{c}{}", &form[form.find(' ').unwrap_or(form.len())..]),
        None => format!("{prep} {form}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> [String; 4] {
        let a = Analysis::new(text, None, None);
        Kasus::ALL.map(|k| a.form(k))
    }

    #[test]
    fn seed_phrases() {
        assert_eq!(
            forms("das Regionale Diakonische Werk Bergstraße"),
            [
                "das Regionale Diakonische Werk Bergstraße",
                "des Regionalen Diakonischen Werks Bergstraße",
                "dem Regionalen Diakonischen Werk Bergstraße",
                "das Regionale Diakonische Werk Bergstraße",
            ]
        );
        assert_eq!(
            forms("der Sozial-, Bildungs- und Kulturausschuss")[1],
            "des Sozial-, Bildungs- und Kulturausschusses"
        );
        assert_eq!(
            forms("der Magistrat der Stadt Bensheim")[1],
            "des Magistrats der Stadt Bensheim"
        );
        assert_eq!(forms("die Ehrenamtlichen")[2], "den Ehrenamtlichen");
        assert_eq!(forms("Gewerbetreibende")[2], "Gewerbetreibenden");
        assert_eq!(forms("der Kollege")[1], "des Kollegen");
        assert_eq!(
            forms("eine Integrationsstrategie für die Stadt Lampertheim")[2],
            "einer Integrationsstrategie für die Stadt Lampertheim"
        );
        assert_eq!(forms("ein neuer Bedarfsplan")[3], "einen neuen Bedarfsplan");
    }

    #[test]
    fn coordination_is_plural() {
        let a = Analysis::new("der Jugendbeirat und der Seniorenbeirat", None, None);
        assert_eq!(a.numerus(), Numerus::Plural);
        assert_eq!(
            a.form(Kasus::Dativ),
            "dem Jugendbeirat und dem Seniorenbeirat"
        );
    }

    #[test]
    fn contractions() {
        assert_eq!(with_preposition("von", "dem Magistrat"), "vom Magistrat");
        assert_eq!(with_preposition("zu", "der Erarbeitung"), "zur Erarbeitung");
        assert_eq!(
            with_preposition("zu", "den Fraktionen"),
            "zu den Fraktionen"
        );
        assert_eq!(
            with_preposition("von", "Gewerbetreibenden"),
            "von Gewerbetreibenden"
        );
    }

    #[test]
    fn a_compound_takes_the_gender_of_its_last_part() {
        // "ein Online-Terminvergabesystem": System is neuter; "termin" inside must not count.
        assert_eq!(
            guess_genus("Online-Terminvergabesystem"),
            Some(Genus::Neutrum)
        );
        assert_eq!(guess_genus("Radwegenetz"), Some(Genus::Neutrum));
        assert_eq!(guess_genus("Beratungstermin"), Some(Genus::Maskulinum));
    }
}
