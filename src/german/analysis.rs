//! Reading a noun phrase: where the article, the adjectives, the head noun and its
//! attributes are, and which gender and number the phrase has. The forms are built in
//! `declension`.
//!
//! A heuristic over word forms and the word lists in `lexicon`; where it cannot know (is
//! "die Mittel" plural?), it says so as a [`Doubt`], and the report's `numerus`/`genus` or a
//! table of forms decides.

pub use super::grammar::Doubt;
use super::grammar::{Class, Det, Genus, Kasus, Np, Numerus, Pre};
use super::lexicon::{
    ADJECTIVE_STEMS, ADJECTIVE_SUFFIXES, BOUNDARY, LEXICON, NOMINALISED_SUFFIXES, NOT_NOMINALISED,
};

/// A noun phrase analysed: one or several coordinated phrases.
#[derive(Debug, Clone)]
pub struct Analysis {
    parts: Vec<Np>,
    joiners: Vec<String>,
}

impl Analysis {
    /// Analyses `text`, a noun phrase in the nominative, with what the report says about it.
    pub fn new(text: &str, numerus: Option<Numerus>, genus: Option<Genus>) -> Self {
        let (chunks, joiners) = split_coordination(text);
        let several = chunks.len() > 1;
        let parts = chunks
            .iter()
            .map(|c| {
                // The report's `numerus` describes the whole; a part of a coordination keeps
                // its own number.
                let n = if several { None } else { numerus };
                analyse(c, n, genus)
            })
            .collect();
        Analysis { parts, joiners }
    }

    /// The phrase in `kasus`.
    pub fn form(&self, kasus: Kasus) -> String {
        let mut out = String::new();
        for (i, np) in self.parts.iter().enumerate() {
            if i > 0 {
                out.push_str(&self.joiners[i - 1]);
            }
            out.push_str(&np.form(kasus));
        }
        out
    }

    /// Singular or plural, as the verb must agree.
    pub fn numerus(&self) -> Numerus {
        if self.parts.len() > 1 {
            Numerus::Plural
        } else {
            self.parts.first().map_or(Numerus::Singular, |p| p.numerus)
        }
    }

    /// The gender of the (first) head noun.
    pub fn genus(&self) -> Genus {
        self.parts.first().map_or(Genus::Maskulinum, |p| p.genus)
    }

    /// What the rules could not decide (the first such doubt).
    pub fn doubt(&self) -> Option<Doubt> {
        self.parts.iter().find_map(|p| p.doubt.clone())
    }

    /// Whether the phrase starts with an article.
    pub fn has_article(&self) -> bool {
        self.parts.first().is_some_and(|p| p.det != Det::None)
    }
}

/// Splits "der Jugendbeirat und der Seniorenbeirat" into its phrases. A joiner followed by an
/// article that cannot be a genitive (die, das, ein, eine) always splits; one followed by "der"
/// when the phrase before it has no genitive attribute of its own ("die Förderung der Kitas und
/// der Schulen" is one phrase; "die Stadt Bensheim sowie der Kreis Bergstraße" are two).
fn split_coordination(text: &str) -> (Vec<String>, Vec<String>) {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let mut chunks = vec![String::new()];
    let mut joiners = Vec::new();
    let mut quote_depth = 0i32;
    let mut i = 0;
    let mut words_in_chunk = 0;
    let mut genitive_inside = false;
    while i < words.len() {
        let w = words[i];
        let next = words.get(i + 1).map(|n| n.to_lowercase());
        let is_joiner = matches!(w, "und" | "sowie" | "oder");
        let comma = w.ends_with(',') && !w.ends_with("-,");
        if quote_depth == 0 && (is_joiner || comma) {
            let article_next = |n: &Option<String>| {
                n.as_deref()
                    .is_some_and(|n| matches!(n, "die" | "das" | "ein" | "eine" | "der"))
            };
            let split_ok = |n: &Option<String>| match n.as_deref() {
                Some("der") => !genitive_inside,
                _ => true,
            };
            if is_joiner && article_next(&next) && split_ok(&next) {
                joiners.push(format!(" {w} "));
                chunks.push(String::new());
                words_in_chunk = 0;
                genitive_inside = false;
                i += 1;
                continue;
            }
            if comma && article_next(&next) && split_ok(&next) {
                push_word(&mut chunks, w.trim_end_matches(','));
                joiners.push(", ".to_string());
                chunks.push(String::new());
                words_in_chunk = 0;
                genitive_inside = false;
                i += 1;
                continue;
            }
        }
        // „ and ( open, “ ” and ) close (German quotes: „…“).
        quote_depth +=
            w.matches(['„', '(']).count() as i32 - w.matches(['“', '”', ')']).count() as i32;
        quote_depth = quote_depth.max(0);
        if words_in_chunk > 0
            && matches!(w.to_lowercase().as_str(), "der" | "des" | "eines" | "einer")
        {
            genitive_inside = true;
        }
        push_word(&mut chunks, w);
        words_in_chunk += 1;
        i += 1;
    }
    (chunks, joiners)
}

fn push_word(chunks: &mut [String], w: &str) {
    if let Some(last) = chunks.last_mut() {
        if !last.is_empty() {
            last.push(' ');
        }
        last.push_str(w);
    }
}

fn is_boundary(word: &str) -> bool {
    let lower = word.to_lowercase();
    BOUNDARY.contains(&lower.as_str())
        || word.starts_with(['„', '"', '(', '–', '-', '»', '«', '\'', '‚', '/', '&'])
        || word.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Whether the word is a German word the rules may change: letters, with hyphens or gender
/// signs inside ("Kolleg*innen"). Anything else (numbers, markup, quotes) stays as written.
pub(super) fn is_declinable(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_alphabetic)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '*' | ':' | '_' | '\'' | '’'))
}

pub(super) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

pub(super) fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// The word's stem if it carries the nominative adjective `ending` and looks like an adjective.
fn adjective_stem(word: &str, ending: &str) -> Option<String> {
    let stem = word.strip_suffix(ending)?;
    if stem.chars().count() < 2 || word.contains(['*', ':', '_']) || !is_declinable(word) {
        return None;
    }
    let lower = stem.to_lowercase();
    if is_capitalised(word)
        && !ADJECTIVE_STEMS.contains(&lower.as_str())
        && is_known_noun(&word.to_lowercase())
    {
        return None;
    }
    let looks = !is_capitalised(word)
        || ADJECTIVE_STEMS.contains(&lower.as_str())
        || ADJECTIVE_SUFFIXES.iter().any(|s| lower.ends_with(s));
    looks.then(|| stem.to_string())
}

/// The nominative adjective ending after this article for the given class.
fn nominative_endings(det: Det, genus_hint: Option<Genus>) -> Vec<(&'static str, Option<Class>)> {
    match det {
        Det::Definite => vec![("en", Some(Class::Pl)), ("e", None)],
        Det::Indefinite => match genus_hint {
            Some(Genus::Femininum) => vec![("e", Some(Class::F))],
            _ => vec![
                ("er", Some(Class::M)),
                ("es", Some(Class::N)),
                ("e", Some(Class::F)),
            ],
        },
        Det::None => vec![("er", Some(Class::M)), ("es", Some(Class::N)), ("e", None)],
    }
}

/// Analyses one noun phrase (no coordination of whole phrases).
pub(super) fn analyse(text: &str, numerus: Option<Numerus>, genus: Option<Genus>) -> Np {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let (det, article, article_genus, start) = read_article(&words);
    let endings = nominative_endings(det, genus.or(article_genus.map(|(g, _)| g)));
    let (pre, adjective_class, i) = read_pre_head(&words, start, &endings);
    let (heads, head_joiners, i) = read_heads(&words, i);
    let rest: String = words[i.min(words.len())..]
        .iter()
        .map(|w| format!(" {w}"))
        .collect();
    let found = Found {
        det,
        article_genus,
        adjective_class,
        has_adjectives: pre.iter().any(|p| matches!(p, Pre::Adjective(_))),
        heads: heads.len(),
        head: heads.first().map(|h| h.to_lowercase()).unwrap_or_default(),
        nominalised: heads.first().is_some_and(|h| is_nominalised(h)),
    };
    let (genus_found, numerus_found, doubt) = number_and_gender(&found, numerus, genus);
    Np {
        det,
        article: article.map(str::to_string),
        pre,
        heads,
        head_joiners,
        rest,
        genus: genus.unwrap_or(genus_found),
        numerus: numerus.unwrap_or(numerus_found),
        doubt,
    }
}

type ArticleInfo<'a> = (Det, Option<&'a str>, Option<(Genus, Numerus)>, usize);

/// The article, what it says about gender and number, and where the rest begins.
fn read_article<'a>(words: &[&'a str]) -> ArticleInfo<'a> {
    let first = words.first().copied();
    let sg = Numerus::Singular;
    match first.map(str::to_lowercase).as_deref() {
        Some("der") => (Det::Definite, first, Some((Genus::Maskulinum, sg)), 1),
        Some("das") => (Det::Definite, first, Some((Genus::Neutrum, sg)), 1),
        Some("die") => (Det::Definite, first, None, 1),
        Some("ein") => (Det::Indefinite, first, None, 1),
        Some("eine") => (Det::Indefinite, first, Some((Genus::Femininum, sg)), 1),
        _ => (Det::None, None, None, 0),
    }
}

/// The words before the head noun: adjectives (declined), truncated compounds ("Sozial-,",
/// "und"), place adjectives in -er and adverbs (kept). Returns them, the class the first
/// adjective's ending shows, and the index of the head noun.
fn read_pre_head(
    words: &[&str],
    start: usize,
    endings: &[(&'static str, Option<Class>)],
) -> (Vec<Pre>, Option<Class>, usize) {
    let mut pre = Vec::new();
    let mut adjective_class: Option<Class> = None;
    let mut i = start;
    while i < words.len() {
        let w = words[i];
        let truncation = w.ends_with('-') || w.ends_with("-,");
        let joiner_after_truncation = matches!(w, "und" | "oder" | "sowie" | "bzw.")
            && i > start
            && words[i - 1].ends_with('-');
        if truncation || joiner_after_truncation {
            pre.push(Pre::Kept(w.to_string()));
            i += 1;
            continue;
        }
        let Some(&next) = words.get(i + 1) else { break };
        if is_boundary(next) || is_boundary(w) {
            break;
        }
        let adjective = endings.iter().find_map(|(ending, class)| {
            let stem = adjective_stem(w, ending)?;
            // An adjective is followed by another adjective or a capitalised noun.
            (is_capitalised(next) || !is_capitalised(w)).then_some((stem, *class))
        });
        if let Some((stem, class)) = adjective {
            adjective_class = adjective_class.or(class);
            pre.push(Pre::Adjective(stem));
        } else if is_capitalised(next) && (is_place_adjective(w) || is_adverb(w)) {
            pre.push(Pre::Kept(w.to_string()));
        } else {
            break;
        }
        i += 1;
    }
    (pre, adjective_class, i)
}

/// "Weinheimer Klimaforum": place adjectives in -er never change.
fn is_place_adjective(w: &str) -> bool {
    is_capitalised(w) && w.ends_with("er") && !is_known_noun(&w.to_lowercase())
}

/// "ehrenamtlich Engagierte": an adverb before the noun does not change.
fn is_adverb(w: &str) -> bool {
    !is_capitalised(w) && w.chars().all(char::is_alphabetic)
}

/// The head noun, and further head nouns joined without article ("Bürgerinnen und Bürger").
fn read_heads(words: &[&str], mut i: usize) -> (Vec<String>, Vec<String>, usize) {
    let mut heads = Vec::new();
    let mut joiners = Vec::new();
    if i < words.len() {
        heads.push(words[i].to_string());
        i += 1;
        while i + 1 < words.len()
            && matches!(words[i], "und" | "oder")
            && is_capitalised(words[i + 1])
            && !is_boundary(words[i + 1])
            && !is_acronym(words[i + 1])
        {
            joiners.push(format!(" {} ", words[i]));
            heads.push(words[i + 1].to_string());
            i += 2;
        }
    }
    (heads, joiners, i)
}

/// What the analysis found, for deciding gender and number.
struct Found {
    det: Det,
    article_genus: Option<(Genus, Numerus)>,
    adjective_class: Option<Class>,
    has_adjectives: bool,
    heads: usize,
    /// The first head noun, lower case.
    head: String,
    nominalised: bool,
}

fn class_genus(class: Option<Class>) -> Option<Genus> {
    match class {
        Some(Class::M) => Some(Genus::Maskulinum),
        Some(Class::N) => Some(Genus::Neutrum),
        Some(Class::F) => Some(Genus::Femininum),
        _ => None,
    }
}

/// Gender and number of the phrase, and what could not be decided.
fn number_and_gender(
    f: &Found,
    numerus: Option<Numerus>,
    genus: Option<Genus>,
) -> (Genus, Numerus, Option<Doubt>) {
    match (f.det, f.article_genus) {
        (_, Some((g, n))) => (g, n, None),
        (Det::Definite, None) => {
            // "die": feminine singular or plural.
            let plural = if f.heads > 1 || f.adjective_class == Some(Class::Pl) {
                Some(true)
            } else if f.has_adjectives {
                Some(false) // "die neue …": -e after "die" is singular
            } else if f.nominalised {
                Some(f.head.ends_with("en"))
            } else {
                looks_plural(&f.head)
            };
            let doubt = (plural.is_none() && numerus.is_none()).then_some(Doubt::Numerus);
            let n = if plural == Some(true) {
                Numerus::Plural
            } else {
                Numerus::Singular
            };
            (Genus::Femininum, n, doubt)
        }
        (Det::Indefinite, None) => {
            let found = class_genus(f.adjective_class).or_else(|| {
                if f.nominalised {
                    Some(if f.head.ends_with("er") {
                        Genus::Maskulinum
                    } else if f.head.ends_with("es") {
                        Genus::Neutrum
                    } else {
                        Genus::Femininum
                    })
                } else {
                    lexicon_genus(&f.head)
                }
            });
            let doubt = (found.is_none() && genus.is_none()).then_some(Doubt::Genus);
            (found.unwrap_or(Genus::Maskulinum), Numerus::Singular, doubt)
        }
        (Det::None, _) => {
            let feminine_singular = !f.nominalised
                && !is_plural_of_known_noun(&f.head)
                && lexicon_genus(&f.head) == Some(Genus::Femininum);
            let plural = f.heads > 1
                || (!feminine_singular
                    && ((f.adjective_class.is_none() && f.has_adjectives)
                        || looks_plural(&f.head) != Some(false)
                        || f.head.ends_with('e')));
            if plural {
                (Genus::Femininum, Numerus::Plural, None)
            } else {
                let g = class_genus(f.adjective_class)
                    .or(feminine_singular.then_some(Genus::Femininum))
                    .or_else(|| lexicon_genus(&f.head))
                    .unwrap_or(Genus::Neutrum);
                (g, Numerus::Singular, None)
            }
        }
    }
}

/// Whether the lexicon knows the word as a noun ("Stabsstelle", not an adjective in -ell-e).
fn is_known_noun(lower: &str) -> bool {
    LEXICON
        .iter()
        .any(|(tail, _)| tail.chars().count() >= 4 && lower.ends_with(tail))
}

pub(super) fn is_nominalised(head: &str) -> bool {
    let lower = head.to_lowercase();
    if NOT_NOMINALISED
        .iter()
        .any(|n| lower == *n || lower.ends_with(n) && n.len() > 4)
    {
        return false;
    }
    let stem = lower
        .strip_suffix("en")
        .or_else(|| lower.strip_suffix("er"))
        .or_else(|| lower.strip_suffix('e'));
    stem.is_some_and(|s| {
        is_capitalised(head)
            && NOMINALISED_SUFFIXES
                .iter()
                .any(|suffix| s.ends_with(suffix))
    })
}

/// Whether a noun after "die" is plural: `Some(true)` plural, `Some(false)` singular,
/// `None` undecidable from the form.
fn looks_plural(lower: &str) -> Option<bool> {
    if lower.ends_with("innen") {
        return Some(true);
    }
    if lower.ends_with("in")
        || lower.ends_with("nis")
        || lower.ends_with("is")
        || lower.ends_with("us")
    {
        return Some(false);
    }
    if is_plural_of_known_noun(lower) {
        return Some(true);
    }
    if lower.ends_with("er") || lower.ends_with("el") {
        return None;
    }
    if lower.ends_with("en") || lower.ends_with("ern") || lower.ends_with("eln") {
        return Some(true);
    }
    if lower.ends_with('s') && !lower.ends_with("ss") {
        return Some(true);
    }
    Some(false)
}

/// Undoes the umlaut of a plural ("plätz" → "platz", "verbänd" → "verband").
fn without_umlaut(stem: &str) -> Vec<String> {
    let mut out = vec![stem.to_string()];
    if let Some(i) = stem.rfind(['ä', 'ö', 'ü']) {
        let c = match &stem[i..].chars().next() {
            Some('ä') => "a",
            Some('ö') => "o",
            _ => "u",
        };
        let len = stem[i..].chars().next().map_or(1, char::len_utf8);
        out.push(format!("{}{c}{}", &stem[..i], &stem[i + len..]));
    }
    out
}

/// Whether `lower` is the plural (-e, -se, -er, -en with or without umlaut) of a noun the
/// lexicon knows ("Pflegedienste", "Betreuungsplätze", "Ergebnisse").
fn is_plural_of_known_noun(lower: &str) -> bool {
    // A singular the lexicon knows as it is ("Beratungsstelle") is no plural.
    if LEXICON
        .iter()
        .any(|(tail, _)| tail.ends_with('e') && lower.ends_with(tail))
    {
        return false;
    }
    let stems = [
        lower.strip_suffix("se").filter(|s| s.ends_with("nis")),
        lower.strip_suffix('e'),
        lower.strip_suffix("er"),
    ];
    stems.into_iter().flatten().any(|stem| {
        without_umlaut(stem).iter().any(|candidate| {
            LEXICON.iter().any(|(tail, _)| {
                !tail.ends_with('e') && tail.chars().count() >= 3 && candidate.ends_with(tail)
            })
        })
    })
}

/// The gender of a head noun, from the lexicon and the noun's ending, if either knows it.
pub fn guess_genus(head: &str) -> Option<Genus> {
    lexicon_genus(&head.to_lowercase())
}

fn lexicon_genus(lower: &str) -> Option<Genus> {
    let by_lexicon = LEXICON
        .iter()
        .filter(|(tail, _)| lower.ends_with(tail))
        .max_by_key(|(tail, _)| tail.len())
        .map(|(_, g)| *g);
    by_lexicon.or_else(|| {
        const F: &[&str] = &[
            "ung", "heit", "keit", "schaft", "ion", "tät", "ik", "ie", "ei", "ur", "anz", "enz",
            "in",
        ];
        const N: &[&str] = &["chen", "lein", "ment", "um", "nis", "tum"];
        const M: &[&str] = &["ling", "ismus", "or", "ant", "ent", "ist", "eur", "ant"];
        if F.iter().any(|s| lower.ends_with(s)) {
            Some(Genus::Femininum)
        } else if N.iter().any(|s| lower.ends_with(s)) {
            Some(Genus::Neutrum)
        } else if M.iter().any(|s| lower.ends_with(s)) {
            Some(Genus::Maskulinum)
        } else {
            None
        }
    })
}
