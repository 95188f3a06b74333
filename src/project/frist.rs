//! Deadlines of a Gremium's Sitzungen: the Vorlagenschluss (the last day a Vorlage may be
//! dated to be in for a Sitzung) and the Ladungsfrist (the last day the invitation goes out).
//!
//! A rule of the register counts back from the Sitzung: `10` (calendar days; a day that is no
//! working day moves back to the working day before) or `{ arbeitstage = 7 }` (Hessian working
//! days, `german::feiertage`); a Sitzung written as a table may name its own date, which wins.

use serde::{Deserialize, Deserializer};
use time::{Date, Duration};

use crate::german::feiertage::{working_day_on_or_before, working_days_before};
use crate::project::Gremium;

/// The largest number of days a rule may count back.
pub const MAX_DAYS: i64 = 365;

/// How a deadline is counted back from the Sitzung.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frist {
    /// Calendar days before the Sitzung (`10` or `{ tage = 10 }`).
    Tage(u16),
    /// Working days before the Sitzung (`{ arbeitstage = 7 }`).
    Arbeitstage(u16),
}

const FORM: &str = "erwartet wird eine Zahl von Tagen vor der Sitzung (`vorlagenschluss = 10`) oder von Arbeitstagen, die Wochenenden und hessische Feiertage überspringen (`vorlagenschluss = { arbeitstage = 7 }`)";

fn days<E: serde::de::Error>(value: &toml::Value, what: &str) -> Result<u16, E> {
    match value {
        toml::Value::Integer(n) if (0..=MAX_DAYS).contains(n) => {
            u16::try_from(*n).map_err(|_| E::custom(FORM))
        }
        toml::Value::Integer(n) => Err(E::custom(format!(
            "„{n}“ {what} geht nicht: eine Frist endet 0 bis {MAX_DAYS} Tage vor der Sitzung"
        ))),
        other => Err(E::custom(format!(
            "`{other}` ist keine Zahl von {what}n; {FORM}"
        ))),
    }
}

impl<'de> Deserialize<'de> for Frist {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = toml::Value::deserialize(d)?;
        if let toml::Value::Table(table) = &value {
            let mut keys = table.iter();
            return match (keys.next(), keys.next()) {
                (Some((k, v)), None) if k == "tage" => Ok(Frist::Tage(days(v, "Tage")?)),
                (Some((k, v)), None) if k == "arbeitstage" => {
                    Ok(Frist::Arbeitstage(days(v, "Arbeitstage")?))
                }
                _ => Err(D::Error::custom(format!(
                    "die Tabelle nennt {}; {FORM}",
                    if table.is_empty() {
                        "nichts".to_owned()
                    } else {
                        table
                            .keys()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                ))),
            };
        }
        if value.is_datetime() {
            return Err(D::Error::custom(format!(
                "ein Datum gilt nur für eine Sitzung: schreiben Sie es in die Sitzung, etwa `{{ termin = 2023-05-25, vorlagenschluss = 2023-05-02 }}`; {FORM}"
            )));
        }
        Ok(Frist::Tage(days(&value, "Tage")?))
    }
}

impl Frist {
    /// The deadline for a Sitzung on `sitzung`.
    pub fn before(self, sitzung: Date) -> Option<Date> {
        match self {
            Frist::Tage(n) => {
                working_day_on_or_before(sitzung.checked_sub(Duration::days(i64::from(n)))?)
            }
            Frist::Arbeitstage(n) => working_days_before(sitzung, n),
        }
    }

    /// How the rule reads (`10 Tage`, `7 Arbeitstage`).
    pub fn describe(self) -> String {
        match self {
            Frist::Tage(n) => crate::german::count(usize::from(n), "Tag", "Tage"),
            Frist::Arbeitstage(n) => {
                crate::german::count(usize::from(n), "Arbeitstag", "Arbeitstage")
            }
        }
    }
}

/// Where a deadline comes from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Herkunft {
    /// The Sitzung names its own date.
    Sitzung,
    /// The Gremium's rule.
    Regel(Frist),
}

impl Herkunft {
    /// How the deadline was set, as a clause (`10 Tage vor der Sitzung`).
    pub fn describe(&self) -> String {
        match self {
            Herkunft::Sitzung => "für diese Sitzung eigens festgelegt".to_owned(),
            Herkunft::Regel(f) => format!("{} vor der Sitzung", f.describe()),
        }
    }
}

impl Gremium {
    /// The Vorlagenschluss of the Sitzung on `termin` and how it was set: the Sitzung's own
    /// date, else the Gremium's rule; `None` when the register sets none.
    pub fn vorlagenschluss_am(&self, termin: Date) -> Option<(Date, Herkunft)> {
        let own = self.sitzung_am(termin).and_then(|s| s.vorlagenschluss);
        deadline(own, self.vorlagenschluss, termin)
    }

    /// The Ladungsfrist of the Sitzung on `termin`, set like the Vorlagenschluss.
    pub fn ladungsfrist_am(&self, termin: Date) -> Option<(Date, Herkunft)> {
        let own = self.sitzung_am(termin).and_then(|s| s.ladungsfrist);
        deadline(own, self.ladungsfrist, termin)
    }

    /// The first Sitzung on or after `day`.
    pub fn sitzung_ab(&self, day: Date) -> Option<Date> {
        self.sitzungen
            .iter()
            .map(|s| s.termin.0)
            .filter(|t| *t >= day)
            .min()
    }
}

fn deadline(
    own: Option<crate::report::model::Datum>,
    rule: Option<Frist>,
    termin: Date,
) -> Option<(Date, Herkunft)> {
    match (own, rule) {
        (Some(d), _) => Some((d.0, Herkunft::Sitzung)),
        (None, Some(rule)) => rule.before(termin).map(|d| (d, Herkunft::Regel(rule))),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[derive(Deserialize)]
    struct T {
        f: Frist,
    }

    fn parse(text: &str) -> Result<Frist, String> {
        toml::from_str::<T>(&format!("f = {text}"))
            .map(|t| t.f)
            .map_err(|e| e.message().to_owned())
    }

    #[test]
    fn the_forms_of_a_rule() {
        assert_eq!(parse("10"), Ok(Frist::Tage(10)));
        assert_eq!(parse("{ tage = 3 }"), Ok(Frist::Tage(3)));
        assert_eq!(parse("{ arbeitstage = 7 }"), Ok(Frist::Arbeitstage(7)));
        for bad in [
            "-1",
            "400",
            "\"10\"",
            "{ werktage = 3 }",
            "{}",
            "2023-05-02",
            "{ arbeitstage = 2.5 }",
        ] {
            let message = parse(bad).unwrap_err();
            assert!(
                message.contains("Tage") || message.contains("Datum"),
                "{bad}: {message}"
            );
        }
    }

    #[test]
    fn counting_back() {
        let sitzung = date!(2023 - 05 - 25); // a Thursday
        assert_eq!(Frist::Tage(10).before(sitzung), Some(date!(2023 - 05 - 15)));
        // Sunday 14 May moves back to Friday 12 May; Ascension Day (18 May) to 17 May.
        assert_eq!(Frist::Tage(11).before(sitzung), Some(date!(2023 - 05 - 12)));
        assert_eq!(Frist::Tage(7).before(sitzung), Some(date!(2023 - 05 - 17)));
        assert_eq!(
            Frist::Arbeitstage(7).before(sitzung),
            Some(date!(2023 - 05 - 15))
        );
    }
}
