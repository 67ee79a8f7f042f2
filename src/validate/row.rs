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
    let mut cx = Ctx {
        layout,
        row,
        issues: Vec::new(),
    };
    super::split::check_shape(&mut cx);
    super::lost_text::check_row(&mut cx);

    let provider = super::row_ids::check_provider(&mut cx);
    let wallet = super::row_ids::check_wallet(&mut cx, provider);
    super::rival::check_rivals(&mut cx);
    let amount = check_amount(&mut cx, provider, opts);
    // Every problem of the row at once: a split number is named even when
    // the pieces also break other rules.
    let split = super::split::check_split(&mut cx);
    let reference = text_field(&mut cx, Field::Reference);
    let name = text_field(&mut cx, Field::Name);
    let remark = check_remark(&mut cx);
    let repeat_ok = opts.allow_repeat || check_repeat(&mut cx);
    super::instruction_cells::check_instructions(&mut cx, opts);

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

/// The amount cell as a figure for the totals check: what Excel's `SUM`
/// counts (a text cell that is no figure counts as unknown, not zero).
fn figure(c: Cell<'_>) -> Option<Amount> {
    match c.kind {
        CellKind::Text | CellKind::Number => Amount::figure(c.text),
        CellKind::Date | CellKind::Bool | CellKind::Error | CellKind::Oversized => None,
    }
}

/// A row with an amount but neither wallet nor provider is most often a
/// totals row without a label (a bare `=SUM(...)` under the amounts). It is
/// refused like any unpayable row, and the user is told how to make payrun
/// skip it, because "the wallet cell is empty" alone sends them looking for a
/// missing payee.
fn hint_amount_only(cx: &mut Ctx<'_>) {
    let blank = |f: Field| cx.cell(f).is_none_or(|c| clean_text(c.text).is_empty());
    if blank(Field::Wallet) && blank(Field::Provider) && !blank(Field::Amount) {
        cx.issue(
            None,
            None,
            Severity::Error,
            "only the amount is filled in; if this is a totals row, delete it or write Total in one of its cells (payrun then skips it), otherwise enter the payee's wallet and provider".into(),
        );
    }
}

fn raw(cx: &Ctx<'_>, field: Field) -> String {
    shown_value(cx.cell(field).map_or("", |c| c.text))
}

fn check_amount(
    cx: &mut Ctx<'_>,
    provider: Option<Provider>,
    opts: &CheckOptions,
) -> Option<Amount> {
    let (text, kind) = cx.usable(Field::Amount)?;
    let parsed = match kind {
        CellKind::Date => {
            cx.error(
                Field::Amount,
                Some(text),
                "is a date, not an amount — format the column as Number and re-enter it".into(),
            );
            return None;
        }
        CellKind::Bool => Err(crate::money::AmountError::NotANumber),
        _ => Amount::parse(text),
    };
    let amount = match parsed {
        Ok(a) => a,
        Err(crate::money::AmountError::Empty) => {
            cx.error(
                Field::Amount,
                None,
                format!("the amount cell is empty; enter the amount in taka{MERGED_HINT}"),
            );
            return None;
        }
        Err(crate::money::AmountError::TooManyDecimals) if kind == CellKind::Number => {
            cx.error(
                Field::Amount,
                Some(text),
                "is what the cell really holds: a number with more than 2 decimal places, usually a formula result that Excel shows rounded; payrun never rounds money itself — wrap the formula in =ROUND(...,2), or paste the rounded value".into(),
            );
            return None;
        }
        Err(e @ crate::money::AmountError::SpaceGrouping { .. }) => {
            cx.error(Field::Amount, Some(text), e.to_string());
            if let Some(issue) = cx.issues.last_mut() {
                issue.spaces_named = true;
            }
            return None;
        }
        Err(e) => {
            cx.error(Field::Amount, Some(text), e.to_string());
            return None;
        }
    };
    if kind == CellKind::Number && amount.poisha() < 100 {
        // `15%` and `0.5` (a rate) arrive as numbers under one taka. Even
        // with poisha allowed, a payout under Tk 1 from a number cell is a
        // wrong column or a percentage, never a salary.
        cx.error(
            Field::Amount,
            Some(text),
            format!(
                "is less than one taka (Tk {amount}); the cell is probably a percentage or a rate — put the amount in taka in this column"
            ),
        );
        return Some(amount);
    }
    if !opts.allow_fractional && !amount.is_whole_taka() {
        cx.error(
            Field::Amount,
            Some(text),
            format!(
                "has poisha (Tk {amount}); payrun pays whole taka because the gateway does not recommend decimals — round it, or pass --allow-poisha"
            ),
        );
    }
    check_cap(cx, text, amount, provider, opts);
    Some(amount)
}

/// The per-row cap: the provider's own, or, when the provider cell is wrong
/// too, the highest of all (said now rather than after the provider is fixed).
fn check_cap(
    cx: &mut Ctx<'_>,
    text: &str,
    amount: Amount,
    provider: Option<Provider>,
    opts: &CheckOptions,
) {
    match provider {
        Some(p) => {
            let cap = opts.cap_for(p);
            if amount > cap {
                cx.error(
                    Field::Amount,
                    Some(text),
                    format!(
                        "is over the per-row cap of Tk {cap} for {p}; split the payment, or raise the cap with --max-amount or --provider-cap {}=TAKA",
                        p.key()
                    ),
                );
            }
        }
        None => {
            let highest = Provider::ALL.into_iter().map(|p| opts.cap_for(p)).max();
            if let Some(cap) = highest.filter(|cap| amount > *cap) {
                cx.error(
                    Field::Amount,
                    Some(text),
                    format!(
                        "is over the per-row cap of every provider (Tk {cap} at most); split the payment, or raise the cap with --max-amount or --provider-cap"
                    ),
                );
            }
        }
    }
}

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
