//! The finance table of a Beschlussvorlage as the Kämmerei reads it: expenses and income apart,
//! both as positive amounts, and per Haushaltsjahr a sum of each and, when there is income, the
//! net (Eigenanteil = Ausgaben − Einnahmen, or the Überschuss when income is larger).
//!
//! Pure functions; the template prints the rows and sums as they come: rows by year (in the
//! file's order within a year), sums by year, the net right after its year's sum.

use serde::Serialize;

use crate::report::model::Finanzposten;

/// One row of the finance table: its amount as an expense or as income, never both.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Zeile<'a> {
    /// Budget product number.
    pub produkt: &'a str,
    /// Kostenstelle / Sachkonto.
    pub konto: &'a str,
    /// Budget year.
    pub haushaltsjahr: i32,
    /// The amount as written, in euro (negative for income).
    pub betrag: f64,
    /// The expense (a positive or zero `betrag`), or none.
    pub ausgabe: Option<f64>,
    /// The income as a positive amount (a negative `betrag`), or none.
    pub einnahme: Option<f64>,
    /// How it is covered.
    pub deckung: &'a str,
}

/// One sum row of the finance table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summe {
    /// As printed (`Summe 2024`, `Eigenanteil 2024`).
    pub bezeichnung: String,
    /// The expenses of the year (or the Eigenanteil), positive; none when there are none.
    pub ausgaben: Option<f64>,
    /// The income of the year (or the Überschuss), positive; none when there is none.
    pub einnahmen: Option<f64>,
}

/// The rows of `rows` in print order: by year, the file's order within a year.
pub fn rows(rows: &[Finanzposten]) -> Vec<Zeile<'_>> {
    let mut out: Vec<Zeile<'_>> = rows
        .iter()
        .map(|f| Zeile {
            produkt: &f.produkt,
            konto: &f.konto,
            haushaltsjahr: f.haushaltsjahr,
            betrag: f.betrag,
            ausgabe: (f.betrag >= 0.0).then_some(f.betrag),
            einnahme: (f.betrag < 0.0).then_some(-f.betrag),
            deckung: &f.deckung,
        })
        .collect();
    out.sort_by_key(|z| z.haushaltsjahr);
    out
}

/// Whether any row is income (the table then has a column for it, and a net per year).
pub fn has_income(rows: &[Finanzposten]) -> bool {
    rows.iter().any(|f| f.betrag < 0.0)
}

/// The sum rows for `rows`: per year `Summe` (expenses and income), then, when the table has
/// income, the net of that year. None for a single row (it is its own sum). The year stands
/// in the label only when several years appear.
pub fn sums(rows: &[Finanzposten]) -> Vec<Summe> {
    if rows.len() < 2 {
        return Vec::new();
    }
    let mut years: Vec<i32> = rows.iter().map(|f| f.haushaltsjahr).collect();
    years.sort_unstable();
    years.dedup();
    let several = years.len() > 1;
    let income = has_income(rows);
    let mut out = Vec::new();
    for year in years {
        let label = |word: &str| {
            if several {
                format!("{word} {year}")
            } else {
                word.to_owned()
            }
        };
        let in_year = || rows.iter().filter(|f| f.haushaltsjahr == year);
        let total = |wanted: fn(f64) -> bool| {
            let amounts: Vec<f64> = in_year().map(|f| f.betrag).filter(|b| wanted(*b)).collect();
            (!amounts.is_empty()).then(|| amounts.iter().sum::<f64>().abs())
        };
        let ausgaben = total(|b| b >= 0.0);
        let einnahmen = total(|b| b < 0.0);
        out.push(Summe {
            bezeichnung: label("Summe"),
            ausgaben,
            einnahmen,
        });
        if income {
            out.push(net(
                ausgaben.unwrap_or_default() - einnahmen.unwrap_or_default(),
                label,
            ));
        }
    }
    out
}

/// The net row of a year: the Eigenanteil as an expense, or the Überschuss as income.
fn net(saldo: f64, label: impl Fn(&str) -> String) -> Summe {
    // Cents decide: a difference below half a cent is an Eigenanteil of 0,00.
    if saldo > -0.005 {
        Summe {
            bezeichnung: label("Eigenanteil"),
            ausgaben: Some(saldo.max(0.0)),
            einnahmen: None,
        }
    } else {
        Summe {
            bezeichnung: label("Überschuss"),
            ausgaben: None,
            einnahmen: Some(-saldo),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(year: i32, betrag: f64) -> Finanzposten {
        Finanzposten {
            produkt: "1".into(),
            konto: "2".into(),
            haushaltsjahr: year,
            betrag,
            deckung: "d".into(),
        }
    }

    fn printed(s: &[Summe]) -> Vec<(&str, Option<f64>, Option<f64>)> {
        s.iter()
            .map(|s| (s.bezeichnung.as_str(), s.ausgaben, s.einnahmen))
            .collect()
    }

    #[test]
    fn expenses_and_income_apart_per_year_with_the_net() {
        let s = sums(&[
            row(2024, 100.0),
            row(2024, -40.0),
            row(2025, 60.0),
            row(2024, 5.0),
            row(2026, -10.0),
        ]);
        assert_eq!(
            printed(&s),
            [
                ("Summe 2024", Some(105.0), Some(40.0)),
                ("Eigenanteil 2024", Some(65.0), None),
                ("Summe 2025", Some(60.0), None),
                ("Eigenanteil 2025", Some(60.0), None),
                ("Summe 2026", None, Some(10.0)),
                ("Überschuss 2026", None, Some(10.0)),
            ]
        );
    }

    #[test]
    fn one_year_has_no_year_in_the_label_and_no_net_without_income() {
        let s = sums(&[row(2023, 4000.0), row(2023, 500.0)]);
        assert_eq!(printed(&s), [("Summe", Some(4500.0), None)]);
        assert!(sums(&[row(2023, 1.0)]).is_empty());
        let s = sums(&[row(2023, 100.0), row(2023, -100.0)]);
        assert_eq!(
            printed(&s),
            [
                ("Summe", Some(100.0), Some(100.0)),
                ("Eigenanteil", Some(0.0), None)
            ]
        );
    }

    #[test]
    fn rows_by_year_with_income_positive() {
        let input = [row(2025, 60.0), row(2024, -40.0), row(2024, 5.0)];
        let r = rows(&input);
        let shown: Vec<(i32, Option<f64>, Option<f64>)> = r
            .iter()
            .map(|z| (z.haushaltsjahr, z.ausgabe, z.einnahme))
            .collect();
        assert_eq!(
            shown,
            [
                (2024, None, Some(40.0)),
                (2024, Some(5.0), None),
                (2025, Some(60.0), None)
            ]
        );
        assert!(has_income(&input));
        assert!(!has_income(&input[..1]));
    }
}
