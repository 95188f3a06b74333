//! What changed between two reports in the fields every Vorlagenart shares (Kopf) and in
//! those of the Beschlussvorlage and Mitteilungsvorlage: finance rows, Beschlussvorschlag,
//! Begründung, Anlagen, Mitteilung.
//!
//! Pure comparison, as German list items for `sachstand diff`; `changes::Changes::between`
//! appends them to its list. Texts are shown shortened, amounts as euro.

use crate::german::euro;
use crate::report::model::{Finanzposten, Report};

/// The list items for every changed field outside the Sachstandsbericht's own sections.
pub fn list(old: &Report, new: &Report) -> Vec<String> {
    let mut out = Vec::new();
    kopf(old, new, &mut out);
    if old.beschluss.is_some() || new.beschluss.is_some() {
        let texts = |r: &Report| {
            r.beschluss
                .as_ref()
                .map_or((String::new(), Vec::new(), Vec::new()), |b| {
                    (
                        b.vorschlag.clone(),
                        b.begruendung.clone(),
                        titles(&b.anlagen),
                    )
                })
        };
        let (av, ab, aa) = texts(old);
        let (bv, bb, ba) = texts(new);
        text(&mut out, "Beschlussvorschlag", &av, &bv);
        paragraphs(&mut out, "Begründung", &ab, &bb);
        items(&mut out, "Anlage", &aa, &ba);
    }
    if old.mitteilung.is_some() || new.mitteilung.is_some() {
        let texts = |r: &Report| {
            r.mitteilung.as_ref().map_or((Vec::new(), Vec::new()), |m| {
                (m.text.clone(), titles(&m.anlagen))
            })
        };
        let (at, aa) = texts(old);
        let (bt, ba) = texts(new);
        paragraphs(&mut out, "Mitteilung", &at, &bt);
        items(&mut out, "Anlage", &aa, &ba);
    }
    finanzen(&old.finanzen, &new.finanzen, &mut out);
    sachstand(old, new, &mut out);
    out
}

/// The Anlagen as compared: the title, and the file where one is attached.
fn titles(anlagen: &[crate::report::model::Anlage]) -> Vec<String> {
    anlagen
        .iter()
        .map(|a| match &a.datei {
            Some(datei) => format!("{} ({datei})", a.titel),
            None => a.titel.clone(),
        })
        .collect()
}

/// The Sachstandsbericht's texts that `changes` does not compare by status.
fn sachstand(old: &Report, new: &Report, out: &mut Vec<String>) {
    let get = |r: &Report| -> Vec<(&'static str, String)> {
        let mut v = Vec::new();
        if let Some(p) = &r.projekt {
            v.push(("Projekt, Titel", p.titel.text.clone()));
            v.push(("Projekt, Gegenstand", p.gegenstand.text.clone()));
            v.push(("Projekt, Ziel", p.ziel.clone()));
        }
        if let Some(s) = &r.stelle {
            v.push(("Stelle, Person", s.person.clone()));
            v.push(("Stelle, Träger", s.traeger.text.clone()));
            v.push(("Stelle, Abstimmung", s.abstimmung.text.clone()));
            v.push(("Stelle, Beginn", s.beginn.to_string()));
        }
        if let Some(f) = &r.foerderung {
            v.push(("Förderprogramm", f.programm.text.clone()));
        }
        if let Some(b) = &r.befragungen {
            v.push(("Befragungen, Zeitraum", b.zeitraum.clone()));
            v.push(("Befragungen, Zweck", b.zweck.clone()));
            v.push(("Befragungen, Schwerpunkt", b.schwerpunkt.clone()));
        }
        if let Some(a) = &r.auftrag {
            v.push(("Auftrag", format!("{} am {}", a.gremium, a.beschluss)));
        }
        let names: Vec<&str> = r.unterschriften.iter().map(|u| u.name.as_str()).collect();
        v.push(("Unterschriften", names.join(", ")));
        v
    };
    let (a, b) = (get(old), get(new));
    for (label, y) in &b {
        if let Some((_, x)) = a.iter().find(|(l, _)| l == label)
            && x != y
        {
            match (x.trim().is_empty(), y.trim().is_empty()) {
                (false, true) | (true, false) => text(out, label, x, y),
                _ => out.push(format!("{label}: {} → {}", short(x), short(y))),
            }
        }
    }
    let texts =
        |r: &Report| -> Vec<String> { r.taetigkeiten.iter().map(|t| t.text.clone()).collect() };
    paragraphs(out, "Tätigkeiten", &texts(old), &texts(new));
    for m in &new.meilensteine {
        if let Some(o) = old.meilensteine.iter().find(|o| o.titel == m.titel) {
            text(
                out,
                &format!("Meilenstein {}, Gegenstand", m.titel),
                &o.gegenstand.text,
                &m.gegenstand.text,
            );
            let wann = |w: &Option<String>| w.clone().unwrap_or_default();
            // A milestone reached gives up its planned time for its date: nothing to list.
            if m.status.is_done() && m.wann.is_none() {
                continue;
            }
            text(
                out,
                &format!("Meilenstein {}, Zeitangabe", m.titel),
                &wann(&o.wann),
                &wann(&m.wann),
            );
        }
    }
}

fn kopf(old: &Report, new: &Report, out: &mut Vec<String>) {
    let (a, b) = (&old.kopf, &new.kopf);
    let none = "—".to_owned();
    let pairs = [
        (
            "Betreff",
            a.betreff.clone().unwrap_or_else(|| none.clone()),
            b.betreff.clone().unwrap_or_else(|| none.clone()),
        ),
        (
            "Vorlagen-Nr.",
            a.nummer.clone().unwrap_or_else(|| none.clone()),
            b.nummer.clone().unwrap_or_else(|| none.clone()),
        ),
        (
            "Federführung",
            a.federfuehrung.clone(),
            b.federfuehrung.clone(),
        ),
        ("Bearbeitung", a.bearbeitung.clone(), b.bearbeitung.clone()),
        ("Produkt", a.produkt.clone(), b.produkt.clone()),
    ];
    for (label, x, y) in pairs {
        if x != y {
            out.push(format!("{label}: {} → {}", short(&x), short(&y)));
        }
    }
}

/// A text shortened to about 60 characters.
fn short(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= 60 {
        format!("„{text}“")
    } else {
        format!("„{}…“", text.chars().take(57).collect::<String>())
    }
}

/// A changed text: "geändert: „a“ → „b“"; one that was emptied reads as removed, one that
/// was empty as new.
fn text(out: &mut Vec<String>, label: &str, a: &str, b: &str) {
    let (x, y) = (a.trim(), b.trim());
    if x == y {
        return;
    }
    match (x.is_empty(), y.is_empty()) {
        (false, true) => out.push(format!("{label} entfernt (war {})", short(x))),
        (true, false) => out.push(format!("{label} neu: {}", short(y))),
        _ => out.push(format!("{label} geändert: {} → {}", short(x), short(y))),
    }
}

fn paragraphs(out: &mut Vec<String>, label: &str, a: &[String], b: &[String]) {
    for i in 0..a.len().max(b.len()) {
        match (a.get(i), b.get(i)) {
            (Some(x), Some(y)) if x != y => out.push(format!(
                "{label}, Absatz {} geändert: {} → {}",
                i + 1,
                short(x),
                short(y)
            )),
            (Some(x), None) => {
                out.push(format!("{label}, Absatz {} entfernt: {}", i + 1, short(x)))
            }
            (None, Some(y)) => out.push(format!("{label}, Absatz {} neu: {}", i + 1, short(y))),
            _ => {}
        }
    }
}

fn items(out: &mut Vec<String>, label: &str, a: &[String], b: &[String]) {
    for y in b.iter().filter(|y| !a.contains(y)) {
        out.push(format!("{label} neu: {}", short(y)));
    }
    for x in a.iter().filter(|x| !b.contains(x)) {
        out.push(format!("{label} entfernt: {}", short(x)));
    }
}

/// A finance row's identity: product, account and year.
fn key(f: &Finanzposten) -> (String, String, i32) {
    (f.produkt.clone(), f.konto.clone(), f.haushaltsjahr)
}

fn finanzen(a: &[Finanzposten], b: &[Finanzposten], out: &mut Vec<String>) {
    let label = |f: &Finanzposten| format!("{} / {} ({})", f.produkt, f.konto, f.haushaltsjahr);
    for y in b {
        match a.iter().find(|x| key(x) == key(y)) {
            Some(x) => {
                if (x.betrag - y.betrag).abs() >= 0.005 {
                    out.push(format!(
                        "Finanzen {}: Betrag {} → {}",
                        label(y),
                        euro(x.betrag),
                        euro(y.betrag)
                    ));
                }
                if x.deckung != y.deckung {
                    out.push(format!(
                        "Finanzen {}: Deckung {} → {}",
                        label(y),
                        short(&x.deckung),
                        short(&y.deckung)
                    ));
                }
            }
            None => out.push(format!("Finanzen neu: {} mit {}", label(y), euro(y.betrag))),
        }
    }
    for x in a.iter().filter(|x| !b.iter().any(|y| key(x) == key(y))) {
        out.push(format!(
            "Finanzen entfernt: {} mit {}",
            label(x),
            euro(x.betrag)
        ));
    }
}
