//! The Sitzungsmappe: every Vorlage of one Sitzung in one PDF.
//!
//! Collects the reports whose Beratungsfolge puts them before the Gremium on the date, renders
//! each as a part (`mappenteil` in layout.typ) and puts a cover page with a table of contents
//! in front: one document, continuous page numbers, a PDF bookmark per Vorlage. Nichtöffentliche
//! Vorlagen (`kopf.oeffentlich = false`) follow the public ones under the part heading
//! „Nichtöffentlicher Teil“ (`mappenabschnitt` in layout.typ), or are left out of a public
//! Mappe (`Request::oeffentlich`). A Vorlage withdrawn from the archive (`archive
//! --zurueckziehen`) is left out with a note. Returns the PDF and what it has to tell; nothing
//! here writes or prints (`sachstand mappe` and the editor do).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use time::Date;

use crate::diag::{Diagnostic, closest};
use crate::error::Error;
use crate::pipeline::prepare;
use crate::project::{self, is_key};
use crate::report::load::load;
use crate::typeset::pdf::{compile, evict_cache};
use crate::typeset::render::Renderer;
use crate::typeset::view::LogoView;
use crate::typeset::world::SachstandWorld;

/// The cover's values.
#[derive(Serialize)]
struct Deckblatt {
    stadt: String,
    gremium: String,
    /// The Gremium in the genitive (`des Magistrats der Stadt Lampertheim`), for the footer.
    gremium_genitiv: String,
    /// Who invites, for the letterhead (`Der Vorsitzende der Stadtverordnetenversammlung`).
    einladende: String,
    /// ISO date (`2023-02-23`).
    termin: String,
    /// `Donnerstag, 23. Februar 2023`
    wochentag: String,
    /// `18:00`, from the register.
    beginn: Option<String>,
    /// Where the Gremium meets, from the register.
    ort: Option<String>,
    logo: Option<LogoView>,
    doppelseitig: bool,
    /// Whether the Vorlagen stand under part headings (some are nichtöffentlich).
    teile: bool,
}

/// One line of what `mappe` tells the user, in order.
#[derive(Debug, Clone)]
pub enum Note {
    /// A sentence (`warnung: …`, `hinweis: …`, `fehler: …`).
    Text(String),
    /// A problem of one of the Vorlagen.
    Diagnostic(Diagnostic),
}

/// A built Sitzungsmappe.
#[derive(Debug)]
pub struct Mappe {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Where the CLI writes it (`reports/sitzungsmappe-sbk-2023-02-23.pdf`, or `-o`).
    pub target: PathBuf,
    /// How many Vorlagen it holds.
    pub vorlagen: usize,
    /// How many pages it has.
    pub seiten: usize,
    /// How many nichtöffentliche Vorlagen a public Mappe left out.
    pub ausgelassen: usize,
}

/// What a Sitzungsmappe is made for: a Gremium on one date.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// Gremium by key or full name.
    pub gremium: &'a str,
    /// Meeting date.
    pub termin: Date,
    /// Each Vorlage starts on a recto page.
    pub doppelseitig: bool,
    /// Where to write it (`None`: `sitzungsmappe-<key>-<termin>.pdf` in `folder`, with
    /// `-oeffentlich` before `.pdf` for a public Mappe).
    pub output: Option<&'a Path>,
    /// The public Mappe only: nichtöffentliche Vorlagen are left out entirely.
    pub oeffentlich: bool,
}

/// One Sitzung that reports go before: for the list the editor offers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Sitzung {
    /// Meeting date.
    pub termin: Date,
    /// The Gremium's full name.
    pub gremium: String,
    /// What `--gremium` takes: the register key, or the name.
    pub schluessel: String,
    /// How many reports name it in their Beratungsfolge.
    pub vorlagen: usize,
    /// How many of them are nichtöffentlich.
    pub nichtoeffentlich: usize,
}

/// Every Sitzung (Gremium and Termin) the Beratungsfolgen of `files` name, by date: exactly
/// the Sitzungen `mappe` finds Vorlagen for. Files that do not load are left out.
pub fn sitzungen(settings: &project::Settings, files: &[PathBuf]) -> Vec<Sitzung> {
    let mut out: Vec<Sitzung> = Vec::new();
    for file in files {
        let Ok(Ok(mut loaded)) = load(file) else {
            continue;
        };
        // An unknown Gremium key stays as written (`check` names it).
        let _unknown_keys = project::apply(settings, &mut loaded);
        if loaded.data.beispiel {
            continue;
        }
        let mut seen: Vec<(String, Date)> = Vec::new();
        for b in &loaded.data.beratungsfolge {
            let pair = (b.gremium.clone(), b.termin.0);
            if seen.contains(&pair) {
                continue;
            }
            seen.push(pair);
            let geheim = usize::from(!loaded.data.kopf.is_public());
            match out
                .iter_mut()
                .find(|s| s.gremium == b.gremium && s.termin == b.termin.0)
            {
                Some(s) => {
                    s.vorlagen += 1;
                    s.nichtoeffentlich += geheim;
                }
                None => out.push(Sitzung {
                    termin: b.termin.0,
                    gremium: b.gremium.clone(),
                    schluessel: settings
                        .gremium_named(&b.gremium)
                        .map_or_else(|| b.gremium.clone(), |g| g.key.clone()),
                    vorlagen: 1,
                    nichtoeffentlich: geheim,
                }),
            }
        }
    }
    out.sort();
    out
}

/// The Gremium's full name for `--gremium` (key or name), or a usage error for an unknown key.
fn gremium_name(settings: &project::Settings, wanted: &str) -> Result<String, Error> {
    match settings.gremium_named(wanted) {
        Some(g) => Ok(g.name.clone()),
        None if is_key(wanted) => {
            let keys: Vec<&str> = settings.gremien.iter().map(|g| g.key.as_str()).collect();
            let hint = closest(wanted, keys.iter().copied())
                .map(|k| format!(" Meinten Sie `{k}`?"))
                .unwrap_or_default();
            Err(Error::Usage(format!(
                "--gremium {wanted}: dieses Gremium steht nicht im Gremienverzeichnis.{hint}"
            )))
        }
        None => Ok(wanted.to_owned()),
    }
}

/// Where a Vorlage stands on a Sitzung's agenda (its TOP), as the Mappe orders it: the
/// öffentliche Vorlagen before the nichtöffentlichen, each part by Vorlagen-Nr. (none first),
/// then by date, then by file. OParl numbers its AgendaItems with the same order, from the
/// archive's data (`oparl::build`), so both say the same TOP.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AgendaPlace {
    /// `kopf.oeffentlich = false`: in the nichtöffentliche part.
    pub closed: bool,
    /// The Vorlagen-Nr., or empty.
    pub nummer: String,
    /// The Vorlage's date.
    pub datum: Date,
    /// Its file (one root for all: absolute paths, or all relative to the project).
    pub datei: PathBuf,
}

/// The TOP numbers of a Sitzung's Vorlagen: each place's position from 1 in the Mappe's
/// order, in the order the places were given.
pub fn top_numbers(places: &[AgendaPlace]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..places.len()).collect();
    order.sort_by(|a, b| places[*a].cmp(&places[*b]));
    let mut numbers = vec![0; places.len()];
    for (top, index) in order.into_iter().enumerate() {
        numbers[index] = top + 1;
    }
    numbers
}

/// One Vorlage of the Mappe.
#[derive(Debug)]
struct Member {
    file: PathBuf,
    /// Its place on the agenda.
    place: AgendaPlace,
}

impl Member {
    /// The member of Vorlagen-Nr., date, file and whether it is öffentlich.
    fn new(
        (nummer, datum, file, public): (String, crate::report::model::Datum, PathBuf, bool),
    ) -> Self {
        Member {
            place: AgendaPlace {
                closed: !public,
                nummer,
                datum: datum.0,
                datei: file.clone(),
            },
            file,
        }
    }
}

/// The part heading before the public Vorlagen (when there are nichtöffentliche too).
const OEFFENTLICHER_TEIL: &str = "\n#mappenabschnitt[Öffentlicher Teil]\n";
/// The part heading before the nichtöffentliche Vorlagen.
const NICHTOEFFENTLICHER_TEIL: &str =
    "\n#mappenabschnitt(oeffentlich: false)[Nichtöffentlicher Teil]\n";

/// The reports of `files` that go before `gremium` on `termin`, sorted by Vorlagen-Nr., one
/// per Vorlagen-Nr.; what was left out and why goes to `notes`.
fn members(
    settings: &project::Settings,
    files: &[PathBuf],
    gremium: &str,
    termin: Date,
    notes: &mut Vec<Note>,
) -> Vec<Member> {
    let mut members = Vec::new();
    let mut near = Vec::new();
    for file in files {
        let Ok(Ok(mut loaded)) = load(file) else {
            notes.push(Note::Text(format!(
                "warnung: {} ist fehlerhaft und wurde übersprungen (sachstand check zeigt, warum)",
                file.display()
            )));
            continue;
        };
        // A Gremium key the register does not know stays as written: the Vorlage is then no
        // member, and `check` names the key (members are prepared again below, with every
        // diagnostic of the project applied).
        let _unknown_keys = project::apply(settings, &mut loaded);
        let r = &loaded.data;
        if let Some(b) = r
            .beratungsfolge
            .iter()
            .find(|b| b.gremium == gremium && crate::rules::register::is_near(b.termin.0, termin))
            && !r
                .beratungsfolge
                .iter()
                .any(|b| b.gremium == gremium && b.termin.0 == termin)
        {
            near.push(format!(
                "{} (Termin {} statt {})",
                crate::project::files::shown(file).display(),
                b.termin,
                crate::german::date_short(termin)
            ));
        }
        notes.extend(project::example::left_out(r, file, gremium, termin).map(Note::Text));
        if r.beratungsfolge
            .iter()
            .any(|b| b.gremium == gremium && b.termin.0 == termin)
            && !r.beispiel
        {
            members.push((
                r.kopf.nummer.clone().unwrap_or_default(),
                r.kopf.datum,
                file.clone(),
                r.kopf.is_public(),
            ));
        }
    }
    if !near.is_empty() {
        notes.push(Note::Text(
            "hinweis: nicht aufgenommen, weil der Termin nahe bei, aber nicht auf der Sitzung liegt:"
                .to_owned(),
        ));
        for item in &near {
            notes.push(Note::Text(format!("  - {item}")));
        }
    }
    members.sort();
    members.dedup_by(|b, a| {
        let same = !a.0.is_empty() && a.0 == b.0;
        if same {
            notes.push(Note::Text(format!(
                "warnung: {} hat dieselbe Vorlagen-Nr. {} wie {} und wurde nicht aufgenommen",
                crate::project::files::shown(&b.2).display(),
                b.0,
                crate::project::files::shown(&a.2).display()
            )));
        }
        same
    });
    members.into_iter().map(Member::new).collect()
}

/// `members` without the Vorlagen withdrawn from the project's archive (`archive
/// --zurueckziehen`), each left out with a note saying when and why.
fn without_withdrawn(root: &Path, members: Vec<Member>, notes: &mut Vec<Note>) -> Vec<Member> {
    let archive = root.join(crate::project::files::ARCHIVE);
    let (entries, withdrawn) = match crate::archive::read_all(&archive) {
        Ok(Ok(papers)) => papers,
        _ => {
            notes.push(Note::Text(format!(
                "warnung: der Archivindex in {} ist nicht lesbar; ob eine Vorlage zurückgezogen wurde, bleibt ungeprüft (`sachstand archive --verify`)",
                crate::project::files::shown(&archive).display()
            )));
            return members;
        }
    };
    if withdrawn.is_empty() {
        return members;
    }
    members
        .into_iter()
        .filter(|m| {
            let Ok(Ok(loaded)) = load(&m.file) else {
                return true;
            };
            let basis = crate::archive::file::basis(&loaded.data, &loaded.stem());
            let nummer = loaded.data.kopf.nummer.as_deref();
            let herkunft = crate::archive::guard::origin(&m.file);
            let barred = (nummer, basis.as_str(), herkunft.as_str());
            let Some(w) = crate::archive::journal::withdrawal_for(&entries, &withdrawn, barred)
            else {
                return true;
            };
            notes.push(Note::Text(format!(
                "hinweis: {} (Vorlage {}) wurde am {} zurückgezogen (Grund: {}) und steht nicht in der Sitzungsmappe",
                crate::project::files::shown(&m.file).display(),
                w.zurueckgezogen,
                crate::archive::withdraw::shown_date(w),
                w.grund
            )));
            false
        })
        .collect()
}

/// The members in their agenda order (`AgendaPlace`: the public ones first, then the
/// nichtöffentliche), or only the public ones when `oeffentlich`; and how many were left out.
fn in_parts(mut members: Vec<Member>, oeffentlich: bool) -> (Vec<Member>, usize) {
    members.sort_by(|a, b| a.place.cmp(&b.place));
    let (public, closed): (Vec<Member>, Vec<Member>) =
        members.into_iter().partition(|m| !m.place.closed);
    if oeffentlich {
        let left_out = closed.len();
        (public, left_out)
    } else {
        (public.into_iter().chain(closed).collect(), 0)
    }
}

/// Builds the Sitzungsmappe of `project` for `request` from `files` (written by the caller,
/// nothing here touches the disk). `None` when there is no Vorlage for the Sitzung or one has
/// errors; `notes` says why, and what was left out.
pub fn build(
    renderer: &Renderer,
    project: &project::Project,
    files: &[PathBuf],
    folder: &Path,
    request: &Request<'_>,
    notes: &mut Vec<Note>,
) -> Result<Option<Mappe>, Error> {
    let settings = project.settings();
    let registered = settings.gremium_named(request.gremium);
    let gremium = gremium_name(&settings, request.gremium)?;
    let all = members(&settings, files, &gremium, request.termin, notes);
    let all = without_withdrawn(&project.root, all, notes);
    let (members, ausgelassen) = in_parts(all, request.oeffentlich);
    if members.is_empty() {
        if ausgelassen > 0 {
            notes.push(Note::Text(format!(
                "fehler: am {} stehen vor dem Gremium „{gremium}“ nur nichtöffentliche Vorlagen ({}); eine öffentliche Sitzungsmappe hätte keine",
                crate::german::date_short(request.termin),
                ausgelassen
            )));
        } else {
            notes.extend(no_member(folder, &gremium, request.termin, registered));
        }
        return Ok(None);
    }
    let mut cover = cover(project, &settings, &gremium, registered, request);
    cover.teile = members.iter().any(|m| m.place.closed);
    let mut markup = match renderer.render("_mappe", &cover) {
        Ok(markup) => markup,
        Err(diag) => {
            notes.push(Note::Diagnostic(diag));
            return Ok(None);
        }
    };
    let mut anlagen = Vec::new();
    if !add_parts(renderer, &members, &mut markup, &mut anlagen, notes)? {
        notes.push(Note::Text(
            "Keine Sitzungsmappe: bitte die Fehler oben beheben.".to_owned(),
        ));
        return Ok(None);
    }
    let key = registered.map_or_else(|| crate::german::slug(&gremium), |g| g.key.clone());
    let suffix = if request.oeffentlich {
        "-oeffentlich"
    } else {
        ""
    };
    let target = request.output.map_or_else(
        || {
            crate::project::files::shown(folder)
                .join(format!("sitzungsmappe-{key}-{}{suffix}.pdf", cover.termin))
        },
        Path::to_path_buf,
    );
    let mut world = SachstandWorld::new(markup, Arc::clone(renderer.set()), request.termin);
    if let Some(logo) = &project.logo {
        world = world.with_file(&logo.virtual_path, logo.bytes.clone());
    }
    for anlage in &anlagen {
        world = world.with_anlage(anlage);
    }
    let standards = settings.pdf.map(|p| p.standard).unwrap_or_default();
    let name = target.with_extension("typ").display().to_string();
    let compiled = match compile(&world, &name, &standards) {
        Ok(compiled) => compiled,
        Err(diags) => {
            notes.extend(diags.into_iter().map(Note::Diagnostic));
            return Ok(None);
        }
    };
    evict_cache();
    Ok(Some(Mappe {
        pdf: compiled.pdf,
        target,
        vorlagen: members.len(),
        seiten: compiled.pages,
        ausgelassen,
    }))
}

/// Why there is no Sitzungsmappe when no Vorlage in `folder` goes before `gremium` on
/// `termin`: that, and the Gremium's nearest Sitzungen when it does not meet that day.
fn no_member(
    folder: &Path,
    gremium: &str,
    termin: Date,
    registered: Option<&project::Gremium>,
) -> Vec<Note> {
    let mut notes = vec![Note::Text(format!(
        "fehler: keine Vorlage in {} steht am {} vor dem Gremium „{gremium}“",
        crate::project::files::shown(folder).display(),
        crate::german::date_short(termin)
    ))];
    // A day the Gremium does not meet is the likelier mistake: name its Sitzungen.
    if let Some(g) =
        registered.filter(|g| !g.sitzungen.is_empty() && g.sitzung_am(termin).is_none())
    {
        let near: Vec<String> = crate::rules::register::nearest(g, termin)
            .into_iter()
            .map(crate::german::date_short)
            .collect();
        notes.push(Note::Text(format!(
            "  = hilfe: am {} tagt {} laut Gremienverzeichnis nicht; die nächsten Sitzungen: {}",
            crate::german::date_short(termin),
            g.phrase().0.satzteil().nom,
            crate::german::enumeration(&near, "und")
        )));
    }
    notes
}

/// The cover's values for the Sitzung of `gremium` (`registered`: its register entry) in
/// `request`.
fn cover(
    project: &project::Project,
    settings: &project::Settings,
    gremium: &str,
    registered: Option<&project::Gremium>,
    request: &Request<'_>,
) -> Deckblatt {
    let logo = project.logo.as_ref().map(|l| LogoView {
        datei: l.virtual_path.clone(),
        alt: l.alt.clone(),
    });
    let stadt = settings
        .stadt
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    Deckblatt {
        stadt,
        gremium: gremium.to_owned(),
        gremium_genitiv: project::einladung::genitive(registered, gremium),
        einladende: project::einladung::einladende(registered, gremium),
        termin: crate::german::date_iso(request.termin),
        wochentag: crate::german::date_weekday(request.termin),
        beginn: registered.and_then(|g| g.beginn_am(request.termin).map(|b| b.0.clone())),
        ort: registered.and_then(|g| g.ort_am(request.termin).map(str::to_owned)),
        logo,
        doppelseitig: request.doppelseitig,
        teile: false,
    }
}

/// Appends each member's part to `markup` (public ones first; the part headings when some
/// are nichtöffentlich), its attached files to `anlagen` and its diagnostics to `notes`;
/// whether every part could be made without errors.
fn add_parts(
    renderer: &Renderer,
    members: &[Member],
    markup: &mut String,
    anlagen: &mut Vec<crate::project::anlage::AnlageDatei>,
    notes: &mut Vec<Note>,
) -> Result<bool, Error> {
    let mut failed = false;
    // Each Vorlage's markup on every core; Typst then lays out the parts (separate page runs)
    // in parallel itself.
    let parts: Vec<_> = members
        .par_iter()
        .map(|m| prepare(&m.file, renderer, true))
        .collect();
    let both = members.iter().any(|m| !m.place.closed) && members.iter().any(|m| m.place.closed);
    for (i, (member, part)) in members.iter().zip(parts).enumerate() {
        if both && i == 0 {
            markup.push_str(OEFFENTLICHER_TEIL);
        }
        // The first nichtöffentliche one: the public ones (if any) come before it.
        let previous = i.checked_sub(1).and_then(|p| members.get(p));
        if member.place.closed && previous.is_none_or(|p| !p.place.closed) {
            markup.push_str(NICHTOEFFENTLICHER_TEIL);
        }
        let (outcome, _) = part?;
        notes.extend(outcome.diagnostics.iter().cloned().map(Note::Diagnostic));
        anlagen.extend(outcome.anlagen.iter().cloned());
        match (&outcome.markup, outcome.has_errors()) {
            (Some(part), false) => markup.push_str(part),
            _ => failed = true,
        }
    }
    Ok(!failed)
}
