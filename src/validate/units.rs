//! Amounts a sheet says are not whole taka, said in words: a title above
//! the header ("Figures in thousand Taka", "all amounts in USD"), the
//! amount column's header ("Amount (Tk '000)", "Amount ($)"), a units row
//! under it ("(BDT '000)"), or a poisha column beside the amount (`Taka |
//! Paisa`). payrun pays each amount cell's figure as taka: Tk 13 for a
//! sheet that means Tk 13,000, Tk 500 for $500, Tk 12,000 for Tk 12,000.50.
//! So the sheet is refused, whatever the flags (`--map` naming such a
//! column changes nothing its cells hold), naming the cell, the words and
//! the fix. A number format that writes a unit or a currency beside the
//! figure is refused cell by cell, in `hidden.rs`; the words of both are
//! `intake::unit_words`'.

use super::Validated;
use crate::fields::Field;
use crate::intake::{Said, StatedUnit, Unit, column_letter, quoted};

pub(super) fn check_units(v: &mut Validated) {
    let place = match &v.sheet.sheet_name {
        Some(name) => format!("{}, worksheet {}", v.file_name, quoted(name)),
        None => v.file_name.clone(),
    };
    let layout = &v.sheet.layout;
    let mut errors: Vec<String> = layout
        .amount_units
        .stated
        .iter()
        .map(|s| format!("{place}: {}", stated_message(s)))
        .collect();
    if let (Some(amount), Some(poisha)) = (
        layout.columns.get(Field::Amount),
        layout.amount_units.poisha_column,
    ) {
        errors.push(format!(
            "{place}: column {} {} beside the amount column {} {} holds the poisha of each amount in a column of its own; payrun reads one amount column, so it would pay the taka alone and drop the poisha — put the whole amount in one column (12000.50 for 12000 taka 50 poisha) and delete the poisha column",
            column_letter(poisha),
            quoted(&layout.header(poisha)),
            column_letter(amount),
            quoted(&layout.header(amount)),
        ));
    }
    v.batch_errors.extend(errors);
}

/// The refusal for one place that names a unit or a currency.
fn stated_message(s: &StatedUnit) -> String {
    let cell = format!("cell {}{}", column_letter(s.col), s.row);
    let (what, remove) = match s.said {
        Said::Title => ("the title above the header", "from the title"),
        Said::Header => (
            "the amount column's header",
            "from the header (naming the column with --map does not change what its cells hold)",
        ),
        Said::UnitsRow => ("the row under the header", "by deleting that row"),
    };
    let text = quoted(&s.text);
    match s.unit {
        Unit::Currency(c) => format!(
            "{what}, {text} ({cell}), says the amounts are in another currency, {}; payrun pays taka only, and would pay each figure as that many taka — type every amount in taka in every row, and remove the currency {remove}",
            quoted(c)
        ),
        Unit::Named(u) => {
            // `'000` reads as a word only to an accountant.
            let meant = match u {
                "'000" => "13 thousand".to_string(),
                u => format!("13 {u}"),
            };
            format!(
                "{what}, {text} ({cell}), says the amounts are in the unit {}; payrun pays each amount cell's figure as taka (a cell holding 13 is paid Tk 13, not {meant}) — type the full amount in taka in every row, and remove the unit {remove}",
                quoted(u)
            )
        }
        Unit::Other => format!(
            "{what}, {text} ({cell}), says the amounts are in a unit payrun does not read as taka — type the full amount in taka in every row, and remove the unit {remove}"
        ),
    }
}
