//! The rows of the report format, group by group in the order of a report file, key for key
//! as in `model.rs`. Labels are German as the form shows them; help texts follow the comments
//! of the skeletons.

use super::{Choices, Field, Group, Kind, f, r};
use crate::report::model::{Art, Status};

/// Roles a Gremium plays in the Beratungsfolge.
pub const ROLLEN: &[&str] = &["vorberatung", "entscheidung", "kenntnisnahme"];

/// The Anlagen of a Beschluss- or Mitteilungsvorlage (the same field in both).
const ANLAGEN: Field = f(
    "anlagen",
    "Anlagen",
    "Je Anlage ein Eintrag: ihr Titel, und wenn ihre Seiten dem PDF angehängt werden, ihre Datei (PDF, PNG, JPEG oder SVG).",
    Kind::Lines {
        long: false,
        entry: "Anlage",
        files: true,
    },
);

/// The report format, group by group, in the order of a report file.
pub const GROUPS: &[Group] = &[
    Group {
        path: "",
        title: "Vorlage",
        list: false,
        entry: "",
        fields: &[
            r(
                "vorlage",
                "Vorlagenart",
                "Welche Vorlage gesetzt wird.",
                Kind::Select(Choices::Vorlagenarten),
            ),
            f(
                "vorheriger",
                "Vorheriger Bericht",
                "Datei des letzten Berichtszyklus, relativ zu diesem Bericht, z. B. 2022-11-integrationsstrategie.toml.",
                Kind::Text,
            ),
            f(
                "beispiel",
                "Beispiel",
                "Ein Beispiel kommt in keine Sitzungsmappe, nicht ins Archiv und nicht nach OParl. Leer: eine echte Vorlage.",
                Kind::Bool {
                    yes: "ja, nur ein Beispiel",
                    no: "nein, eine echte Vorlage",
                },
            ),
        ],
    },
    Group {
        path: "kopf",
        title: "Kopf",
        list: false,
        entry: "",
        fields: &[
            f(
                "stadt",
                "Stadt",
                "Leer lassen: der Name aus sachstand.toml gilt.",
                Kind::Text,
            ),
            r(
                "produkt",
                "Produkt",
                "Produktnummer des Haushalts, z. B. 5 01 03 01 020.",
                Kind::Text,
            ),
            r(
                "federfuehrung",
                "Federführung",
                "Die federführende Stelle, z. B. StST Soziales.",
                Kind::Text,
            ),
            r(
                "bearbeitung",
                "Bearbeitung",
                "Wer die Vorlage bearbeitet, z. B. Hr. Dexler.",
                Kind::Text,
            ),
            r("datum", "Datum", "Datum der Vorlage.", Kind::Date),
            f(
                "nummer",
                "Vorlagen-Nr.",
                "Optional, z. B. 2022/0187; eindeutig im Projekt.",
                Kind::Text,
            ),
            f(
                "betreff",
                "Betreff",
                "In einer Beschluss- oder Mitteilungsvorlage Pflicht: eine Zeile, worum es geht. Im Sachstandsbericht leer lassen: sachstand bildet ihn aus dem Projekt.",
                Kind::Text,
            ),
            f(
                "oeffentlich",
                "Öffentlichkeit",
                "Nichtöffentlich (§ 52 HGO, etwa Personal- oder Grundstückssachen): im Kopf jeder Seite vermerkt und nie über OParl veröffentlicht. Leer: öffentlich.",
                Kind::Bool {
                    yes: "öffentlich",
                    no: "nichtöffentlich",
                },
            ),
        ],
    },
    Group {
        path: "auftrag",
        title: "Auftrag",
        list: false,
        entry: "",
        fields: &[
            r(
                "gremium",
                "Beauftragt von",
                "Das Gremium, dessen Beschluss den Bericht verlangt.",
                Kind::Select(Choices::Gremien),
            ),
            r(
                "beschluss",
                "Beschluss vom",
                "Datum des Beschlusses.",
                Kind::Date,
            ),
            f(
                "turnus",
                "Berichtsturnus",
                "Wie oft der Beschluss einen Bericht verlangt; „sachstand fristen“ nennt dann den nächsten, auch bevor er angelegt ist.",
                Kind::Select(Choices::Fixed(&crate::report::model::Turnus::NAMES)),
            ),
            f(
                "naechster",
                "Nächster Bericht zum",
                "Ein fester Termin für den nächsten Bericht (statt des Turnus); er gehört in die erste Sitzung ab diesem Tag.",
                Kind::Date,
            ),
            f(
                "berichtsgremium",
                "Bericht fällig in",
                "Das Gremium, dem der nächste Bericht vorzulegen ist; leer: das beauftragende Gremium.",
                Kind::Select(Choices::Gremien),
            ),
        ],
    },
    Group {
        path: "beratungsfolge",
        title: "Beratungsfolge",
        list: true,
        entry: "Beratung",
        fields: &[
            r(
                "gremium",
                "Gremium",
                "Aus dem Gremienverzeichnis in sachstand.toml.",
                Kind::Select(Choices::Gremien),
            ),
            r("termin", "Termin", "Sitzungstag des Gremiums.", Kind::Date),
            f(
                "rolle",
                "Rolle",
                "Vorberatung, Entscheidung oder Kenntnisnahme; leer: aus der Art des Gremiums.",
                Kind::Select(Choices::Fixed(ROLLEN)),
            ),
            f(
                "bemerkungen",
                "Bemerkungen",
                "Erscheint in der Tabelle der Beratungsfolge.",
                Kind::Text,
            ),
        ],
    },
    Group {
        path: "projekt",
        title: "Projekt",
        list: false,
        entry: "",
        fields: &[
            r(
                "titel",
                "Titel",
                "Im Nominativ mit Artikel: „die Erarbeitung einer Integrationsstrategie“.",
                Kind::Phrase,
            ),
            r(
                "gegenstand",
                "Gegenstand",
                "Woran gearbeitet wird, im Nominativ mit Artikel.",
                Kind::Phrase,
            ),
            r(
                "ziel",
                "Ziel",
                "Das Ziel des Projekts, als Satzteil.",
                Kind::Long,
            ),
        ],
    },
    Group {
        path: "stelle",
        title: "Stelle",
        list: false,
        entry: "",
        fields: &[
            r("person", "Person", "Wer die Stelle besetzt.", Kind::Text),
            r(
                "traeger",
                "Träger",
                "Im Nominativ mit Artikel: „das Regionale Diakonische Werk Bergstraße“.",
                Kind::Phrase,
            ),
            r(
                "beginn",
                "Beginn",
                "Seit wann die Stelle besetzt ist.",
                Kind::Date,
            ),
            r(
                "abstimmung",
                "Abstimmung mit",
                "Mit wem die Stelle sich abstimmt, im Nominativ mit Artikel.",
                Kind::Phrase,
            ),
            r(
                "stellenanteil",
                "Stellenanteil (%)",
                "Prozent einer vollen Stelle, z. B. 25.",
                Kind::Number,
            ),
        ],
    },
    Group {
        path: "foerderung",
        title: "Förderung",
        list: false,
        entry: "",
        fields: &[
            r(
                "programm",
                "Programm",
                "Im Nominativ mit Artikel: „das Hessische Landesprogramm …“.",
                Kind::Phrase,
            ),
            r(
                "beginn",
                "Beginn",
                "Beginn des Förderzeitraums.",
                Kind::Date,
            ),
            r("ende", "Ende", "Ende des Förderzeitraums.", Kind::Date),
        ],
    },
    Group {
        path: "befragungen",
        title: "Befragungen",
        list: false,
        entry: "",
        fields: &[
            r(
                "zeitraum",
                "Zeitraum",
                "z. B. „in den vergangenen sechs Monaten“.",
                Kind::Text,
            ),
            r(
                "zweck",
                "Zweck",
                "Nach dem Komma: „um … zu eruieren“.",
                Kind::Long,
            ),
            r(
                "schwerpunkt",
                "Schwerpunkt",
                "Adjektiv, z. B. „qualitativen“.",
                Kind::Text,
            ),
        ],
    },
    Group {
        path: "befragungen.gruppen",
        title: "Befragte Gruppen",
        list: true,
        entry: "Gruppe",
        fields: &[
            r(
                "name",
                "Gruppe",
                "Im Nominativ mit Artikel: „die Ehrenamtlichen“.",
                Kind::Phrase,
            ),
            r(
                "status",
                "Status",
                "Abgeschlossen, laufend oder geplant.",
                Kind::Select(Choices::Fixed(&Status::SURVEY)),
            ),
            f(
                "wann",
                "Wann",
                "Für geplante Befragungen, z. B. „im Frühjahr 2023“.",
                Kind::Text,
            ),
            f(
                "thema",
                "Thema",
                "Für geplante Befragungen: worüber, z. B. „über ihre beruflichen Erfahrungen“.",
                Kind::Text,
            ),
            f(
                "datum",
                "Datum",
                "Optional: wann die Befragung stattfand.",
                Kind::Date,
            ),
        ],
    },
    Group {
        path: "meilensteine",
        title: "Meilensteine",
        list: true,
        entry: "Meilenstein",
        fields: &[
            r(
                "titel",
                "Titel",
                "Kurzer Titel des Meilensteins.",
                Kind::Text,
            ),
            r(
                "art",
                "Art",
                "Bestimmt den Satz, den sachstand bildet.",
                Kind::Select(Choices::Fixed(&Art::NAMES)),
            ),
            r(
                "status",
                "Status",
                "Geplant, laufend oder erledigt (erledigt mit Datum).",
                Kind::Select(Choices::Fixed(&Status::MILESTONE)),
            ),
            r(
                "gegenstand",
                "Gegenstand",
                "Im Nominativ mit Artikel.",
                Kind::Phrase,
            ),
            f(
                "partizip",
                "Partizip",
                "Nur bei der Art „vorgang“: was geschieht, z. B. „eingereicht“.",
                Kind::Text,
            ),
            f(
                "wann",
                "Wann",
                "Für geplante Meilensteine, z. B. „im Herbst 2023“.",
                Kind::Text,
            ),
            f("datum", "Datum", "Wann es geschah.", Kind::Date),
            f(
                "zweck",
                "Zweck",
                "Optional: ein Nebensatz nach dem Komma, z. B. „die … generieren soll“ oder „um … zu …“.",
                Kind::Text,
            ),
            f(
                "ergebnis",
                "Ergebnis",
                "Optional: ein ganzer Satz zum Ergebnis.",
                Kind::Long,
            ),
            f(
                "gremium",
                "Gremium",
                "Optional: das Gremium, das beschließt oder beschlossen hat (Schlüssel aus sachstand.toml oder Name mit Artikel), z. B. „hat die Stadtverordnetenversammlung am … beschlossen“.",
                Kind::Select(Choices::Gremien),
            ),
        ],
    },
    Group {
        path: "taetigkeiten",
        title: "Weitere Tätigkeiten",
        list: true,
        entry: "Tätigkeit",
        fields: &[r(
            "text",
            "Text",
            "Ein Absatz über weitere Arbeit der Stelle.",
            Kind::Long,
        )],
    },
    Group {
        path: "abschnitte",
        title: "Abschnitte",
        list: true,
        entry: "Abschnitt",
        fields: &[
            f("ueberschrift", "Überschrift", "Optional.", Kind::Text),
            r(
                "text",
                "Text",
                "Absätze durch eine Leerzeile trennen.",
                Kind::Long,
            ),
        ],
    },
    Group {
        path: "beschluss",
        title: "Beschluss",
        list: false,
        entry: "",
        fields: &[
            r(
                "vorschlag",
                "Beschlussvorschlag",
                "Der Text, über den das Gremium beschließt.",
                Kind::Long,
            ),
            r(
                "begruendung",
                "Begründung",
                "Je Absatz ein Eintrag.",
                Kind::Lines {
                    long: true,
                    entry: "Absatz",
                    files: false,
                },
            ),
            ANLAGEN,
        ],
    },
    Group {
        path: "finanzen",
        title: "Finanzielle Auswirkungen",
        list: true,
        entry: "Posten",
        fields: &[
            r(
                "produkt",
                "Produkt",
                "Produktnummer des Haushalts, z. B. 5 01 03 01 020.",
                Kind::Text,
            ),
            r("konto", "Konto", "Kostenstelle / Sachkonto.", Kind::Text),
            r(
                "haushaltsjahr",
                "Haushaltsjahr",
                "z. B. 2023.",
                Kind::Integer,
            ),
            r(
                "betrag",
                "Betrag (€)",
                "In Euro, z. B. 12.500,00; Einnahmen negativ (-1.000).",
                Kind::Amount,
            ),
            r(
                "deckung",
                "Deckung",
                "z. B. „Ansatz im Haushalt 2023 vorhanden“.",
                Kind::Text,
            ),
        ],
    },
    Group {
        path: "mitteilung",
        title: "Mitteilung",
        list: false,
        entry: "",
        fields: &[
            r(
                "text",
                "Text",
                "Je Absatz ein Eintrag.",
                Kind::Lines {
                    long: true,
                    entry: "Absatz",
                    files: false,
                },
            ),
            ANLAGEN,
        ],
    },
    Group {
        path: "unterschriften",
        title: "Unterschriften",
        list: true,
        entry: "Unterschrift",
        fields: &[
            r(
                "name",
                "Name",
                "Der Nachname, gedruckt als (Schmidt) oder gez. Schmidt. Ohne Unterschrift gelten die Unterzeichnenden aus sachstand.toml.",
                Kind::Text,
            ),
            f(
                "amt",
                "Amt",
                "Optional: die Amtsbezeichnung unter dem Namen, z. B. Bürgermeister oder Erster Stadtrat.",
                Kind::Text,
            ),
        ],
    },
    Group {
        path: "mitzeichnung",
        title: "Mitzeichnung",
        list: true,
        entry: "Mitzeichnung",
        fields: &[
            r(
                "stelle",
                "Stelle",
                "Wer mitzeichnet, z. B. Kämmerei, Personalrat, Frauenbeauftragte. Gedruckt als Tabelle nach den Unterschriften.",
                Kind::Text,
            ),
            f(
                "name",
                "Name",
                "Optional: wer für die Stelle mitgezeichnet hat.",
                Kind::Text,
            ),
            f(
                "datum",
                "Datum",
                "Der Tag der Mitzeichnung. Ohne Datum steht sie noch aus: `check` warnt, und `sachstand freigabe` gibt die Vorlage erst frei, wenn jede Mitzeichnung ein Datum hat.",
                Kind::Date,
            ),
            f(
                "vermerk",
                "Vermerk",
                "Optional, z. B. „ohne Bedenken“.",
                Kind::Text,
            ),
        ],
    },
    Group {
        path: "darstellung",
        title: "Darstellung",
        list: false,
        entry: "",
        fields: &[f(
            "zeitleiste",
            "Zeitleiste",
            "Nur im Sachstandsbericht mit Förderung: eine kleine Grafik des Förderzeitraums mit jedem Meilenstein (erledigt, laufend, geplant) und dem Stand der Vorlage. Leer: wie in sachstand.toml ([darstellung] zeitleiste), sonst ohne.",
            Kind::Bool {
                yes: "mit Zeitleiste",
                no: "ohne Zeitleiste",
            },
        )],
    },
    Group {
        path: "freigabe",
        title: "Freigabe",
        list: false,
        entry: "",
        fields: &[
            r(
                "durch",
                "Freigegeben durch",
                "Geschrieben von `sachstand freigabe`: Name und Amtsbezeichnung.",
                Kind::Text,
            ),
            r(
                "am",
                "Freigegeben am",
                "Geschrieben von `sachstand freigabe`: Zeitpunkt (RFC 3339).",
                Kind::Text,
            ),
            r(
                "inhalt",
                "Prüfsumme des Inhalts",
                "Geschrieben von `sachstand freigabe`: SHA-256 der Datei ohne diese Tabelle. Ändert sich die Datei, ist die Vorlage wieder ein Entwurf.",
                Kind::Text,
            ),
        ],
    },
];
