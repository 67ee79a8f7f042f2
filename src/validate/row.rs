//! One raw row to a payout or an invalid row. Pure and independent of every
//! other row, so it runs in parallel.

use super::CheckOptions;
use super::types::{InvalidRow, Payout, RowIssue, Severity, shown_value};
use crate::fields::Field;
use crate::intake::{Cell, CellKind, Layout, RowView};
use crate::money::Amount;
use crate::wallet::{Provider, clean_text};

/// A row's verdict before the batch checks.
pub(super) enum Outcome<'a> {
    Valid(Draft<'a>, Vec<RowIssue>),
    /// Boxed: invalid rows are rare, and a small enum moves faster.
    Invalid(Box<InvalidRow>),
}

/// A valid row whose text fields still point into the sheet's rows: a
/// [`Payout`] without its three copied strings, for a caller that only
/// digests and counts it.
pub(super) struct Draft<'a> {
    pub(super) row: usize,
    pub(super) reference: Option<&'a str>,
    pub(super) name: Option<&'a str>,
    pub(super) wallet: String,
    pub(super) provider: Provider,
    pub(super) amount: Amount,
    pub(super) remark: Option<&'a str>,
    pub(super) repeat_ok: bool,
}

impl Draft<'_> {
    pub(super) fn into_payout(self) -> Payout {
        Payout {
            row: self.row,
            reference: self.reference.map(str::to_string),
            name: self.name.map(str::to_string),
            wallet: self.wallet,
            provider: self.provider,
            amount: self.amount,
            remark: self.remark.map(str::to_string),
            repeat_ok: self.repeat_ok,
        }
    }

    pub(super) fn line(&self) -> super::digest::LineFields<'_> {
        super::digest::LineFields {
            reference: self.reference.unwrap_or(""),
            provider: self.provider,
            wallet: &self.wallet,
            poisha: self.amount.poisha(),
            name: self.name.unwrap_or(""),
            remark: self.remark.unwrap_or(""),
            repeat_ok: self.repeat_ok,
        }
    }
}

pub(super) struct Ctx<'a> {
    pub(super) layout: &'a Layout,
    pub(super) row: RowView<'a>,
    pub(super) issues: Vec<RowIssue>,
}

impl<'a> Ctx<'a> {
    pub(super) fn col(&self, field: Field) -> Option<usize> {
        self.layout.columns.get(field)
    }

    pub(super) fn cell(&self, field: Field) -> Option<Cell<'a>> {
        self.col(field).and_then(|c| self.row.cell(c))
    }

    pub(super) fn issue(
        &mut self,
        col: Option<usize>,
        value: Option<&str>,
        sev: Severity,
        msg: String,
    ) {
        self.issues.push(RowIssue {
            row: self.row.number(),
            column: col.map(|c| self.layout.header(c)),
            value: value.map(shown_value),
            severity: sev,
            message: msg,
            spaces_named: false,
        });
    }

    pub(super) fn error(&mut self, field: Field, value: Option<&str>, msg: String) {
        let col = self.col(field);
        self.issue(col, value, Severity::Error, msg);
    }

    /// Cells that cannot hold a value of any field: formula errors,
    /// oversized text, a ditto mark where each row's own value is read.
    /// Returns the text when the cell is usable.
    pub(super) fn usable(&mut self, field: Field) -> Option<(&'a str, CellKind)> {
        let cell = self.cell(field).unwrap_or(Cell {
            text: "",
            kind: CellKind::Text,
        });
        match cell.kind {
            CellKind::Error => {
                self.error(
                    field,
                    Some(cell.text),
                    "is a formula error; fix the formula (or paste the value) and save again"
                        .into(),
                );
                None
            }
            CellKind::Oversized => {
                self.error(
                    field,
                    Some(cell.text),
                    format!(
                        "is longer than {} characters (Excel's cell limit); this is not a payroll value",
                        crate::intake::MAX_CELL_CHARS
                    ),
                );
                None
            }
            _ => match super::instruction_cells::copied_down(field, cell.text) {
                Some(msg) => {
                    self.error(field, Some(cell.text), msg);
                    None
                }
                None => Some((cell.text, cell.kind)),
            },
        }
    }
}

/// Two ways a cell the user sees filled in reads as empty. Finance sheets
/// merge one provider (or amount) cell over a group of rows, and a merged
/// cell's value belongs to its first row only. And a workbook written by a
/// program (a script, an export) may hold formulas without their results,
/// which Excel computes on opening but a reader cannot. Refusing is right
/// either way (filling down or computing would be a guess); saying why
/// saves the hunt.
pub(super) const MERGED_HINT: &str = " (if it looks filled in: a merged cell holds its value on its first row only, so unmerge it and fill every row; a formula saved by a program may have no stored result, so open the file in Excel and save it again)";

/// Validates one row against every per-row rule in wallets.md.
pub(super) fn check_row<'a>(
    layout: &'a Layout,
    row: RowView<'a>,
    opts: &CheckOptions,
) -> Outcome<'a> {
    if super::header_again::moved(layout, &row).is_some() {
        return Outcome::Invalid(Box::new(super::header_again::invalid_row(layout, &row)));
    }
    if let Some(message) = super::header_second_row::second_row(layout, &row) {
        let invalid = super::header_second_row::invalid_row(layout, &row, message);
        return Outcome::Invalid(Box::new(invalid));
    }
    let mut cx = Ctx {
        layout,
        row,
        issues: Vec::new(),
    };
    super::split::check_shape(&mut cx);
    super::lost_text::check_row(&mut cx);

    // The wallet, provider and amount errors, replaced by one for a title
    // or note row (`lone_rows.rs`).
    let fields_from = cx.issues.len();
    let provider = super::row_ids::check_provider(&mut cx);
    let wallet = super::row_ids::check_wallet(&mut cx, provider);
    super::rival::check_rivals(&mut cx);
    let amount = check_amount(&mut cx, provider, opts);
    let fields_to = cx.issues.len();
    // Every problem of the row at once: a split number is named even when
    // the pieces also break other rules.
    let split = super::split::check_split(&mut cx);
    let reference = text_field(&mut cx, Field::Reference);
    let name = text_field(&mut cx, Field::Name);
    let remark = check_remark(&mut cx);
    let repeat_ok = opts.allow_repeat || check_repeat(&mut cx);
    super::instruction_cells::check_instructions(&mut cx, opts);
    super::merged_down::check_merged_down(&mut cx);

    let hint_from = cx.issues.len();
    hint_amount_only(&mut cx);

    let has_error = cx.issues.iter().any(|i| i.severity == Severity::Error);
    match (wallet, provider, amount) {
        (Some(wallet), Some(provider), Some(amount)) if !has_error => Outcome::Valid(
            Draft {
                row: row.number(),
                reference,
                name,
                wallet,
                provider,
                amount,
                remark,
                repeat_ok,
            },
            cx.issues,
        ),
        (wallet, provider, amount) => {
            let figure =
                split.unwrap_or_else(|| cx.cell(Field::Amount).map_or(Some(Amount::ZERO), figure));
            let title = title_of(&cx);
            if let Some(text) =
                super::lone_rows::lone_text(&cx, title.as_deref()).filter(|_| wallet.is_none())
            {
                cx.issues.truncate(hint_from);
                cx.issues.splice(
                    fields_from..fields_to,
                    [super::lone_rows::issue(
                        row.number(),
                        &text,
                        title.as_deref(),
                    )],
                );
            }
            Outcome::Invalid(Box::new(InvalidRow {
                row: row.number(),
                reference: reference.map(str::to_string),
                name: name.map(str::to_string),
                wallet_raw: raw(&cx, Field::Wallet),
                provider_raw: raw(&cx, Field::Provider),
                amount_raw: raw(&cx, Field::Amount),
                issues: cx.issues,
                wallet,
                provider,
                amount,
                figure,
                repeat_ok,
                title,
            }))
        }
    }
}

/// The longest title kept, in bytes: a title is a line, not a paragraph.
const MAX_TITLE: usize = 200;

/// The row's text when it is a title (`Sewing`, `On hold - do not pay`):
/// exactly one cell of text, in any column (a title merged across the
/// table holds its text in its first cell, which may be the wallet's),
/// beside at most figures (the section's subtotal, `0`, `-`). A payee row
/// left without its wallet or amount still holds two texts (a reference and
/// a name, a name and a status), so it is no title. At most [`MAX_TITLE`]
/// bytes are kept.
fn title_of(cx: &Ctx<'_>) -> Option<String> {
    let mut texts = cx.row.cells().filter(|c| {
        let t = c.text.trim();
        let figure = c.kind == CellKind::Number
            || t.chars()
                .all(|ch| ch.is_ascii_digit() || ",.-–— ".contains(ch));
        !figure
    });
    let title = texts.next()?.text.trim();
    if texts.next().is_some() {
        return None;
    }
    let mut end = title.len().min(MAX_TITLE);
    while !title.is_char_boundary(end) {
        end -= 1;
    }
    Some(title[..end].to_string())
}

// The amount and its cap.
#[path = "row_amount.rs"]
mod amount;
pub(super) use amount::HAS_POISHA;
use amount::{check_amount, figure, hint_amount_only, raw};

/// Reference, name or remark: free text, cleaned of invisible characters and
/// quotes; empty means absent.
fn text_field<'a>(cx: &mut Ctx<'a>, field: Field) -> Option<&'a str> {
    cx.col(field)?;
    let (text, _) = cx.usable(field)?;
    let t = clean_text(text);
    (!t.is_empty()).then_some(t)
}

/// The remark is sent to the gateway and echoed back in its signed callback.
/// The provider's signing recipe joins `key=value` pairs with no separator, so
/// a value holding `=` can be re-split into other fields under the same sign
/// (e.g. a forged `status=0000`). Refusing `=` here closes that door.
fn check_remark<'a>(cx: &mut Ctx<'a>) -> Option<&'a str> {
    let remark = text_field(cx, Field::Remark)?;
    if remark.contains('=') {
        cx.error(
            Field::Remark,
            Some(remark),
            "contains '=', which the gateway's signature cannot tell apart from a field boundary (a callback could be forged from it); remove the '=' sign".into(),
        );
    }
    Some(remark)
}

/// The repeat column: yes/no in the common spellings. Anything else is an
/// error, because "maybe" must not decide whether someone is paid twice.
fn check_repeat(cx: &mut Ctx<'_>) -> bool {
    if cx.col(Field::Repeat).is_none() {
        return false;
    }
    let Some((text, _)) = cx.usable(Field::Repeat) else {
        return false;
    };
    let t = clean_text(text).to_lowercase();
    match t.as_str() {
        "yes" | "y" | "true" | "1" | "x" | "✓" | "হ্যাঁ" | "হ্যা" => true,
        "" | "no" | "n" | "false" | "0" | "না" => false,
        _ => {
            cx.error(
                Field::Repeat,
                Some(text),
                "is not yes or no; write yes to mark an intended repeat, or leave it empty".into(),
            );
            false
        }
    }
}
