//! The sums of a Beschlussvorlage's financial effects: expenses (positive amounts) and income
//! (negative amounts) summed separately, per Haushaltsjahr when several years appear.
//!
//! Pure functions; the template prints the rows as they come, in this order: by year, then
//! expenses before income.

use serde::Serialize;

use crate::report::model::Finanzposten;

/// One sum row of the finance table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summe {
    /// As printed (`Summe Ausgaben 2024`).
    pub bezeichnung: String,
    /// The sum in euro (negative for income, like the rows).
    pub betrag: f64,
}

/// The sum rows for `rows`; none for a single row (it is its own sum).
pub fn sums(rows: &[Finanzposten]) -> Vec<Summe> {
    if rows.len() < 2 {
        return Vec::new();
    }
    let mut years: Vec<i32> = rows.iter().map(|f| f.haushaltsjahr).collect();
    years.sort_unstable();
    years.dedup();
    let several = years.len() > 1;
    let mut out = Vec::new();
    for year in years {
        let in_year: Vec<f64> = rows
            .iter()
            .filter(|f| f.haushaltsjahr == year)
            .map(|f| f.betrag)
            .collect();
        for (label, income) in [("Ausgaben", false), ("Einnahmen", true)] {
            let amounts: Vec<f64> = in_year
                .iter()
                .copied()
                .filter(|b| if income { *b < 0.0 } else { *b >= 0.0 })
                .collect();
            if amounts.is_empty() {
                continue;
            }
            let bezeichnung = if several {
                format!("Summe {label} {year}")
            } else {
                format!("Summe {label}")
            };
            out.push(Summe {
                bezeichnung,
                betrag: amounts.iter().sum(),
            });
        }
    }
    out
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

    #[test]
    fn expenses_and_income_apart_per_year() {
        let s = sums(&[
            row(2024, 100.0),
            row(2024, -40.0),
            row(2025, 60.0),
            row(2024, 5.0),
        ]);
        let labels: Vec<(&str, f64)> = s
            .iter()
            .map(|s| (s.bezeichnung.as_str(), s.betrag))
            .collect();
        assert_eq!(
            labels,
            [
                ("Summe Ausgaben 2024", 105.0),
                ("Summe Einnahmen 2024", -40.0),
                ("Summe Ausgaben 2025", 60.0)
            ]
        );
    }

    #[test]
    fn one_year_has_no_year_in_the_label() {
        let s = sums(&[row(2023, 4000.0), row(2023, 500.0)]);
        assert_eq!(
            s,
            [Summe {
                bezeichnung: "Summe Ausgaben".into(),
                betrag: 4500.0
            }]
        );
        assert!(sums(&[row(2023, 1.0)]).is_empty());
    }
}
