//! Where a sheet says in words that its amounts are not whole taka: a
//! title above the header ("Figures in thousand Taka", "all amounts in
//! USD"), the amount column's header ("Amount (Tk '000)", "Amount ($)"),
//! a units row right under the header ("(BDT '000)"), or a poisha column
//! beside the amount (`Taka | Paisa`). Found when the header is, from the
//! rows header detection reads; `validate::units` refuses the sheet for
//! each. A title counts only when it says the amounts are in the unit, not
//! when it names one for something else ([`title_words`]). The words are [`super::unit_words`]'s, the same list a number
//! format's unit is read by.

use super::format_words::Unit;
use super::header_words::words;
use super::unit_words::{Said, names_poisha, said_in, states_taka, unit_in_words};
use crate::fields::{ColumnMap, Field};

/// The most places of one sheet named: a refusal names a few, not every
/// cell of thirty title rows.
const MAX_STATED: usize = 5;

/// One place where the sheet says the amounts are in a unit or a currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedUnit {
    /// The row as the user sees it.
    pub row: usize,
    /// The column, 0-based.
    pub col: usize,
    /// The cell as written.
    pub text: String,
    pub unit: Unit,
    pub said: Said,
}

/// What the rows around the header say of the amount's unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AmountUnits {
    /// Titles, the amount's header, a units row: in sheet order.
    pub stated: Vec<StatedUnit>,
    /// A column beside the amount headed poisha (`Paisa`, `Ps`, `পয়সা`).
    pub poisha_column: Option<usize>,
}

/// What `rows` (header detection's, the header at `header_index`, its
/// cells `headers`) say of the amount's unit, for the columns `columns`.
pub(super) fn amount_units(
    rows: &[(usize, Vec<String>)],
    header_index: usize,
    headers: &[String],
    columns: &ColumnMap,
) -> AmountUnits {
    let mut out = AmountUnits::default();
    let mut keep = |row: usize, col: usize, text: &str, said: Said| {
        let unit = match said {
            Said::Title => title_words::title_unit(text),
            Said::Header | Said::UnitsRow => said_in(text, said),
        };
        if let Some(unit) = unit
            && out.stated.len() < MAX_STATED
        {
            out.stated.push(StatedUnit {
                row,
                col,
                text: text.trim().to_string(),
                unit,
                said,
            });
        }
    };
    for (row, cells) in rows.iter().take(header_index) {
        for (col, text) in cells.iter().enumerate() {
            // "All amounts in BDT (USD 1 = BDT 120)": the title states taka,
            // and names the other currency beside it, not for the amounts.
            if states_taka(text) && unit_in_words(text, Said::Title).is_none() {
                continue;
            }
            keep(*row, col, text, Said::Title);
        }
    }
    let Some(amount) = columns.get(Field::Amount) else {
        return out;
    };
    if let (Some((row, _)), Some(text)) = (rows.get(header_index), headers.get(amount)) {
        keep(*row, amount, text, Said::Header);
    }
    // A units row holds no payee: its wallet cell is blank.
    if let Some((row, cells)) = rows.get(header_index + 1)
        && columns
            .get(Field::Wallet)
            .is_none_or(|w| cells.get(w).is_none_or(|c| c.trim().is_empty()))
        && let Some(text) = cells.get(amount)
    {
        keep(*row, amount, text, Said::UnitsRow);
    }
    out.poisha_column = [amount.checked_sub(1), amount.checked_add(1)]
        .into_iter()
        .flatten()
        .find(|c| headers.get(*c).is_some_and(|h| names_poisha(&words(h))));
    out
}

// When a title says the amounts are in a unit, and when it only names one.
#[path = "unit_title_words.rs"]
mod title_words;

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(cells: &[&[&str]]) -> Vec<(usize, Vec<String>)> {
        cells
            .iter()
            .enumerate()
            .map(|(i, r)| (i + 1, r.iter().map(|c| c.to_string()).collect()))
            .collect()
    }

    fn columns() -> ColumnMap {
        let mut m = ColumnMap::default();
        m.set(Field::Wallet, 0);
        m.set(Field::Amount, 1);
        m
    }

    #[test]
    fn a_title_a_header_and_a_units_row_are_each_named() {
        let r = rows(&[
            &["Salary (figures in thousand Taka)"],
            &["Wallet", "Amount ($)", "Paisa"],
            &["", "(BDT '000)"],
            &["01712345678", "13", "50"],
        ]);
        let u = amount_units(&r, 1, &r[1].1, &columns());
        let got: Vec<(usize, usize, Unit, Said)> = u
            .stated
            .iter()
            .map(|s| (s.row, s.col, s.unit, s.said))
            .collect();
        assert_eq!(
            got,
            [
                (1, 0, Unit::Named("thousand"), Said::Title),
                (2, 1, Unit::Currency("$"), Said::Header),
                (3, 1, Unit::Named("'000"), Said::UnitsRow),
            ]
        );
        assert_eq!(u.poisha_column, Some(2));
    }

    /// A title that says the amounts are in taka, and names another
    /// currency only beside it (an exchange rate), says nothing (probe14).
    /// One that names another currency without saying taka still refuses.
    #[test]
    fn a_title_stating_the_amounts_in_taka_is_no_other_currency() {
        for (title, unit) in [
            ("All amounts in BDT (USD 1 = BDT 120 for reference)", None),
            ("সব টাকা বাংলাদেশি টাকায় (USD 1 = BDT 120)", None),
            (
                "Salaries in USD (converted from BDT)",
                Some(Unit::Currency("USD")),
            ),
            ("All amounts in USD", Some(Unit::Currency("USD"))),
        ] {
            let r = rows(&[&[title], &["Wallet", "Amount"], &["01712345678", "13"]]);
            let u = amount_units(&r, 1, &r[1].1, &columns());
            assert_eq!(u.stated.first().map(|s| s.unit), unit, "{title}");
        }
    }

    #[test]
    fn a_taka_sheet_says_nothing() {
        let r = rows(&[
            &["Salary December 2026"],
            &["Wallet", "Amount (Tk)", "Remarks"],
            &["01712345678", "$ 13", ""],
        ]);
        assert_eq!(
            amount_units(&r, 1, &r[1].1, &columns()),
            AmountUnits::default()
        );
    }
}
