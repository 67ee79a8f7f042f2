//! Hidden rows and columns: never paid or read without a word.
//!
//! A finance person who hides a row usually means "not this month"; an
//! AutoFilter left on hides rows nobody meant to leave out. payrun cannot
//! tell which, so a hidden row that would be a payout refuses the batch
//! (and `--skip-invalid` cannot skip it) until the sheet says what it means:
//! rows unhidden and the unwanted ones deleted, or `--include-hidden-rows`.
//! A hidden column that payrun picked by itself for a field that decides a
//! payment (wallet, provider, amount, repeat) is refused too: the visible
//! column beside it may be the one the payer checked.

use super::batch::{Loc, apply_flags};
use super::types::{RowIssue, Severity, list_rows};
use super::{CheckOptions, Validated};
use crate::fields::Field;
use crate::intake::{LOWEST_READABLE_ROW_PT, Note, Rounded, Unit, column_letter, quoted};
use crate::text::count;

pub(super) fn check_hidden(v: &mut Validated, opts: &CheckOptions) {
    let sheet_name = v.sheet.sheet_name.clone().unwrap_or_default();
    let place = format!("{}, worksheet {}", v.file_name, quoted(&sheet_name));
    if let Some(why) = v.sheet.hidden.unknown_reason() {
        if opts.include_hidden_rows {
            v.sheet.notes.push(Note::limit(format!(
                "payrun could not check for hidden rows ({why}); every row is read, as --include-hidden-rows asks"
            )));
        } else {
            v.batch_errors.push(format!(
                "{place}: payrun could not check which rows are hidden ({why}), so it cannot promise a hidden row is not paid; open the file in Excel, unhide every row and save it again, or pass --include-hidden-rows to read every row as it is"
            ));
        }
    }
    check_columns(v, opts, &place);
    check_rows(v, opts, &place);
    check_cells(v, opts, &place);
    check_misstated(v);
}

/// Amount cells whose number format shows another number than the cell
/// holds: `#,##0,` shows 12000 as "12", `0%` shows 0.5 as "50%", `0"000"`
/// shows 12 as "12000", `#,##0" K"` shows 12 as "12 K" (read as Tk 12,000).
/// The person who checked the sheet read one amount, and payrun would pay
/// another; no flag pays it. So too when a conditional format applies such
/// a number format and may hold for the cell, and when the format shows
/// fewer decimals than the cell holds (`#,##0` shows 999.6 as "1,000").
fn check_misstated(v: &mut Validated) {
    let Some(col) = v.sheet.layout.columns.get(Field::Amount) else {
        return;
    };
    let hidden = &v.sheet.hidden;
    let header = v.sheet.layout.header(col);
    let message = |row: usize, value: &str| {
        if hidden.is_cell_misstated(row, col) {
            let (unit, as_text) = (hidden.unit_of(row, col), hidden.shows_as_text(row, col));
            Some(misstated_message(unit, as_text, value))
        } else if let Some(unit) = hidden.misstated_by_rule(row, col) {
            Some(misstated_by_rule_message(unit, value))
        } else {
            hidden.rounded(row, col).map(rounded_message)
        }
    };
    let issue = |row: usize, value: String| {
        // A rounded cell is named by what it holds, beside what it shows.
        let value = hidden.rounded(row, col).map_or(value, |r| r.held.clone());
        Some(RowIssue {
            row,
            column: Some(header.clone()),
            message: message(row, &value)?,
            value: Some(value),
            severity: Severity::Error,
            spaces_named: false,
        })
    };
    let mut flags: Vec<(Loc, RowIssue)> = Vec::new();
    for (i, p) in v.payouts.iter().enumerate() {
        if let Some(issue) = issue(p.row, p.amount.to_string()) {
            flags.push((Loc::Payout(i), issue));
        }
    }
    for (i, r) in v.invalid.iter().enumerate() {
        if let Some(issue) = issue(r.row, r.amount_raw.clone()) {
            flags.push((Loc::Invalid(i), issue));
        }
    }
    if flags.is_empty() {
        return;
    }
    v.issues.sort_by_key(|i| i.row);
    apply_flags(v, flags);
    drop_poisha_advice(v, col);
}

/// A rounded amount is refused whatever `--allow-poisha` says, so the
/// poisha advice (pass the flag) cannot help its row: only the rounding is
/// said, in the row's reasons and in the list of every issue.
fn drop_poisha_advice(v: &mut Validated, col: usize) {
    let hidden = &v.sheet.hidden;
    let advice = |i: &RowIssue| {
        i.message.starts_with(super::row::HAS_POISHA) && hidden.rounded(i.row, col).is_some()
    };
    v.issues.retain(|i| !advice(i));
    for r in v.invalid.iter_mut() {
        r.issues.retain(|i| !advice(i));
    }
}

/// Why an amount cell holding `value` is shown as another number: its
/// format writes `unit` beside the figure, shows text of its own with a
/// number in it (`as_text`), or scales it.
fn misstated_message(unit: Option<Unit>, as_text: bool, value: &str) -> String {
    const FIX: &str = "format the column as a plain number (Format Cells: Number)";
    if as_text {
        return format!(
            "shows text, not its figure, in the workbook: its number format shows only text of its own with a number in it (such as \"Tk 5,000\") whatever the cell holds, so the sheet shows one amount and payrun would pay Tk {value} — {FIX} and check the amount"
        );
    }
    let unit = match unit {
        None => {
            return format!(
                "is shown as another number in the workbook: its number format scales it (a comma after the digits shows thousands, % shows hundredths) or adds digits of its own, so the sheet shows one amount and payrun would pay another — {FIX} and check the amounts"
            );
        }
        Some(Unit::Named(word)) => word,
        Some(Unit::Currency(currency)) => {
            return format!(
                "is shown in another currency, {}, in the workbook (its number format writes it beside the figure), but payrun pays taka only and would pay the figure the cell holds as Tk {value} — type the amount in taka, and {FIX} (or a taka format: Tk, BDT or \u{09f3})",
                quoted(currency)
            );
        }
        Some(Unit::Other) => {
            return format!(
                "is shown with a word payrun does not read as taka beside its figure in the workbook (its number format writes it; it may be a unit, such as K or lakh), and payrun would pay the figure the cell holds, Tk {value} — type the full amount in taka, and {FIX}"
            );
        }
    };
    let figure = value.strip_suffix(".00").unwrap_or(value);
    format!(
        "is shown with the unit {} beside its figure in the workbook (its number format writes it: {figure} {unit}), but the cell holds {figure} and payrun would pay Tk {value} — type the full amount in taka, and {FIX}",
        quoted(unit)
    )
}

/// Why an amount cell whose number format shows what it holds rounded, or
/// a conditional format's may, is refused, whatever `--allow-poisha` says:
/// finance approved the figure shown, and payrun pays what a cell holds and
/// never rounds money. One sentence for both, the rule's named when it is
/// one: payrun does not work out every condition, so a rule's is "may".
fn rounded_message(r: &Rounded) -> String {
    const HOLD: &str =
        "make the cell hold what it shows (type the amount, or wrap a formula in =ROUND(...,2))";
    let (shown, held) = (quoted(&r.shown), &r.held);
    match &r.by_rule {
        None => format!(
            "is shown as {shown} in the workbook, but the cell holds {held}: its number format rounds it, so the sheet shows one amount and payrun would pay another — {HOLD}, or show every decimal (Format Cells: Number, 2 decimal places) and check the amount"
        ),
        Some(format) => format!(
            "may be shown as {shown} in the workbook by a conditional format, but the cell holds {held}: the number format a conditional format applies ({format}) rounds it, so the sheet may show one amount and payrun would pay another — {HOLD}, or take the number format out of the rule (Home > Conditional Formatting > Manage Rules; in LibreOffice Format > Conditional > Manage) and check the amount"
        ),
    }
}

/// Why an amount cell holding `value` may be shown as another number by a
/// conditional format: the number format the rule applies writes `unit`
/// beside the figure, or scales it.
fn misstated_by_rule_message(unit: Option<Unit>, value: &str) -> String {
    const FIX: &str = "take the number format out of the rule (Home > Conditional Formatting > Manage Rules; in LibreOffice Format > Conditional > Manage) and check the amount";
    let figure = value.strip_suffix(".00").unwrap_or(value);
    match unit {
        Some(Unit::Named(word)) => format!(
            "may be shown with the unit {} beside its figure in the workbook by a conditional format (its number format writes it: {figure} {word}), but the cell holds {figure} and payrun would pay Tk {value} — type the full amount in taka, and {FIX}",
            quoted(word)
        ),
        Some(Unit::Currency(currency)) => format!(
            "may be shown in another currency, {}, in the workbook by a conditional format (its number format writes it beside the figure), but payrun pays taka only and would pay the figure the cell holds as Tk {value} — type the amount in taka, and {FIX}",
            quoted(currency)
        ),
        Some(Unit::Other) => format!(
            "may be shown with a word payrun does not read as taka beside its figure in the workbook by a conditional format (its number format writes it; it may be a unit, such as K or lakh), and payrun would pay the figure the cell holds, Tk {value} — type the full amount in taka, and {FIX}"
        ),
        None => format!(
            "may be shown as another number in the workbook by a conditional format: the number format it applies scales it (a comma after the digits shows thousands, % shows hundredths) or adds digits of its own, so the sheet may show one amount and payrun would pay Tk {value} — {FIX}"
        ),
    }
}

/// A cell that shows nothing: where, its column, its value.
type Unseen = (Loc, usize, usize, Option<String>);
/// A row's cells that show nothing: their columns and values.
type UnseenRow = (Loc, usize, Vec<(usize, Option<String>)>);

/// One issue per row: the cell that shows nothing, with its value, or
/// every such cell of the row by its column. `found` holds a row's cells
/// one after another.
fn unseen_issues(
    found: Vec<Unseen>,
    header: impl Fn(usize) -> String,
    as_text: impl Fn(usize, usize) -> bool,
) -> Vec<(Loc, RowIssue)> {
    const WHY: &str = "(a number format such as ;;;, white text on no fill, text the colour of its fill, a conditional format that can make it so or show a bar or icon only, or a merged cell over it hides it); a row made blank often means \"not this month\", so payrun never pays from one without being told — make the cells visible (or unmerge them) and delete the row if it is not to be paid, or pass --include-hidden-rows to pay it";
    const AS_TEXT: &str = "shows text, not its figure, in the workbook: its number format shows only text of its own (such as \"-\" or \"n/a\") whatever the cell holds, so the person who checked the sheet never saw the amount payrun would pay — format the column as a plain number (Format Cells: Number), check the amount, and delete the row if it is not to be paid, or pass --include-hidden-rows to pay it";
    let mut rows: Vec<UnseenRow> = Vec::new();
    for (loc, row, col, value) in found {
        match rows.last_mut() {
            Some((_, r, cells)) if *r == row => cells.push((col, value)),
            _ => rows.push((loc, row, vec![(col, value)])),
        }
    }
    rows.into_iter()
        .map(|(loc, row, mut cells)| {
            let (column, value, message) = if cells.len() == 1 {
                let (col, value) = cells.remove(0);
                let message = match as_text(row, col) {
                    true => AS_TEXT.to_string(),
                    false => format!("shows nothing in the workbook {WHY}"),
                };
                (Some(header(col)), value, message)
            } else {
                let names: Vec<String> = cells.iter().map(|(c, _)| quoted(&header(*c))).collect();
                let (last, rest) = names
                    .split_last()
                    .map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
                let message = format!(
                    "columns {} and {last} show nothing in the workbook {WHY}",
                    rest.join(", ")
                );
                (None, None, message)
            };
            let issue = RowIssue {
                row,
                column,
                value,
                severity: Severity::Error,
                spaces_named: false,
                message,
            };
            (loc, issue)
        })
        .collect()
}

/// The fields whose cells, when they show nothing, hide what is paid.
const PAID_FIELDS: [Field; 3] = [Field::Wallet, Field::Provider, Field::Amount];

/// Rows whose wallet, provider or amount cell shows nothing of its value
/// (a `;;;` number format, white ink): the row looks blank, or without
/// its amount, to the person who checked the sheet.
fn check_cells(v: &mut Validated, opts: &CheckOptions, place: &str) {
    let hidden = &v.sheet.hidden;
    let layout = &v.sheet.layout;
    let unseen = |row: usize| -> Vec<(usize, Field)> {
        PAID_FIELDS
            .iter()
            .filter_map(|f| layout.columns.get(*f).map(|c| (c, *f)))
            .filter(|(c, _)| hidden.is_cell_unseen(row, *c))
            .collect()
    };
    let mut found: Vec<Unseen> = Vec::new();
    for (i, p) in v.payouts.iter().enumerate() {
        for (col, field) in unseen(p.row) {
            let value = match field {
                Field::Wallet => p.wallet.clone(),
                Field::Provider => p.provider.to_string(),
                _ => p.amount.to_string(),
            };
            found.push((Loc::Payout(i), p.row, col, Some(value)));
        }
    }
    for (i, r) in v.invalid.iter().enumerate() {
        for (col, field) in unseen(r.row) {
            let value = match field {
                Field::Wallet => &r.wallet_raw,
                Field::Provider => &r.provider_raw,
                _ => &r.amount_raw,
            };
            found.push((Loc::Invalid(i), r.row, col, Some(value.clone())));
        }
    }
    if found.is_empty() {
        return;
    }
    let mut rows: Vec<usize> = found.iter().map(|(_, row, ..)| *row).collect();
    rows.sort_unstable();
    rows.dedup();
    let listed = list_rows(&rows);
    if opts.include_hidden_rows {
        v.sheet.notes.push(Note::limit(format!(
            "{place}: {listed} show nothing of a value payrun pays (a number format such as ;;;, white text, text the colour of its fill, a conditional format, or a merged cell over it); read like any other, as --include-hidden-rows asks"
        )));
        return;
    }
    let flags = unseen_issues(
        found,
        |col| layout.header(col),
        |row, col| hidden.shows_as_text(row, col),
    );
    v.issues.sort_by_key(|i| i.row);
    apply_flags(v, flags);
    v.batch_errors.push(format!(
        "{place}: {} nothing of a value payrun would pay ({listed}); make the cells visible and delete the rows not to be paid, or pass --include-hidden-rows to pay them",
        count(rows.len() as u64, "row shows", "rows show")
    ));
}

/// A field that decides a payment, read from a hidden column payrun picked.
fn check_columns(v: &mut Validated, opts: &CheckOptions, place: &str) {
    let layout = &v.sheet.layout;
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    for field in [Field::Wallet, Field::Provider, Field::Amount, Field::Repeat] {
        let Some(col) = layout.columns.get(field) else {
            continue;
        };
        if !v.sheet.hidden.is_column_hidden(col) {
            continue;
        }
        let named = format!(
            "column {} {}",
            column_letter(col),
            quoted(&layout.header(col))
        );
        let mapped = opts.maps.iter().any(|m| m.field == field && !m.alias);
        if mapped {
            notes.push(format!(
                "the {} is read from {named}, which is hidden in the workbook, because --map names it",
                field.key()
            ));
        } else {
            errors.push(format!(
                "{place}: the {field} would be read from {named}, which is hidden in the workbook; a hidden column may be an old or draft {field} next to the one meant to be paid (a column narrower than one character counts as hidden: nothing of its numbers shows) — unhide it if it is the right column, or name the right one with --map {field}=\"HEADER\"",
                field = field.key()
            ));
        }
    }
    v.batch_errors.extend(errors);
    v.sheet.notes.extend(notes.into_iter().map(Note::limit));
}

/// Hidden rows that would be payouts, or were refused for another reason.
fn check_rows(v: &mut Validated, opts: &CheckOptions, place: &str) {
    let hidden = &v.sheet.hidden;
    let mut locs: Vec<(usize, Loc)> = v
        .payouts
        .iter()
        .enumerate()
        .filter(|(_, p)| hidden.is_row_hidden(p.row))
        .map(|(i, p)| (p.row, Loc::Payout(i)))
        .chain(
            v.invalid
                .iter()
                .enumerate()
                .filter(|(_, r)| hidden.is_row_hidden(r.row))
                .map(|(i, r)| (r.row, Loc::Invalid(i))),
        )
        .collect();
    if locs.is_empty() {
        return;
    }
    locs.sort_unstable_by_key(|(row, _)| *row);
    let rows: Vec<usize> = locs.iter().map(|(row, _)| *row).collect();
    let listed = list_rows(&rows);
    if opts.include_hidden_rows {
        v.sheet.notes.push(Note::limit(format!(
            "{place}: hidden {listed} {} read like any other, as --include-hidden-rows asks",
            if rows.len() == 1 { "is" } else { "are" }
        )));
        return;
    }
    let flags: Vec<(Loc, RowIssue)> = locs
        .into_iter()
        .map(|(row, loc)| {
            (
                loc,
                RowIssue::row_error(row, "is hidden in the workbook (hidden, filtered out, in a closed group, or too low to read); a hidden row often means \"not this month\", so payrun never pays one without being told — unhide it (or make it taller) and delete it if it is not to be paid, or pass --include-hidden-rows to pay it".into()),
            )
        })
        .collect();
    // `apply_flags` finds a row's earlier warnings by binary search.
    v.issues.sort_by_key(|i| i.row);
    apply_flags(v, flags);
    v.batch_errors.push(format!(
        "{place}: {} hidden in the workbook but would be paid ({listed}); unhide the rows and delete the ones not to be paid, or pass --include-hidden-rows to pay them (a row lower than {} points counts as hidden: make it taller to see it)",
        count(rows.len() as u64, "row is", "rows are"),
        LOWEST_READABLE_ROW_PT
    ));
}
