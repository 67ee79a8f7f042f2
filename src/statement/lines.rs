//! From a statement's rows to [`Line`]s: the header, then each row's order
//! numbers, money, status and type, with every reading resolved.

use super::columns::detect;
use super::fields::{SColumns, SField};
use super::money::{self, Money, Sign};
use super::words::{self, LineKind, LineStatus};
use super::{Effect, Line, MAX_REFERENCE_CHARS, ReadOptions, StatementError};
use crate::intake::{CellKind, RowTable, RowView, fold, quoted};
use crate::money::Amount;

/// How many skipped rows are named one by one.
const MAX_SKIP_NOTES: usize = 20;

/// Money out or in, before a status is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dir {
    Out,
    In,
}

/// A row read, before the file-wide sign convention is known.
pub(super) struct Prelim {
    pub line: Line,
    pub money: Option<Money>,
    pub dir: Option<Dir>,
    pub status: Option<LineStatus>,
    pub kind: LineKind,
}

struct Reader<'a> {
    path: &'a str,
    headers: Vec<String>,
    cols: SColumns,
    opts: &'a ReadOptions,
    notes: Vec<String>,
    skipped: usize,
    number_refs: bool,
}

impl Reader<'_> {
    fn cell_err(&self, row: usize, col: usize, value: &str, message: String) -> StatementError {
        let header = self.headers.get(col).map(|h| h.trim()).unwrap_or("");
        StatementError::Cell {
            path: self.path.to_string(),
            row,
            column: format!("{} {}", crate::intake::column_letter(col), quoted(header)),
            value: quoted(value),
            message,
        }
    }

    fn text<'r>(&self, r: &RowView<'r>, f: SField) -> Option<(usize, &'r str)> {
        let col = self.cols.get(f)?;
        let t = r.text(col).trim();
        (!t.is_empty()).then_some((col, t))
    }

    fn reference(&mut self, r: &RowView<'_>, f: SField) -> Result<Option<String>, StatementError> {
        let Some((col, t)) = self.text(r, f) else {
            return Ok(None);
        };
        let clean = crate::wallet::clean_text(t).trim().to_string();
        if clean.chars().count() > MAX_REFERENCE_CHARS {
            return Err(self.cell_err(
                r.number(),
                col,
                t,
                format!("is longer than {MAX_REFERENCE_CHARS} characters, so it is not an order number; check the --map for {f}"),
            ));
        }
        if r.cell(col).is_some_and(|c| c.kind == CellKind::Number) {
            self.number_refs = true;
        }
        Ok((!clean.is_empty()).then_some(clean))
    }

    fn money(&self, r: &RowView<'_>, f: SField) -> Result<Option<Money>, StatementError> {
        let Some((col, t)) = self.text(r, f) else {
            return Ok(None);
        };
        money::read(t).map_err(|m| self.cell_err(r.number(), col, t, m))
    }

    fn skip(&mut self, row: usize, why: &str) {
        self.skipped += 1;
        if self.skipped <= MAX_SKIP_NOTES {
            self.notes.push(format!("row {row} left out: {why}"));
        }
    }

    /// One data row, or `None` for a row that is not a line (totals, a
    /// repeated header, a footer).
    fn row(&mut self, r: &RowView<'_>) -> Result<Option<Prelim>, StatementError> {
        let folded: Vec<String> = r.cells().map(|c| fold(c.text)).collect();
        if self.repeats_header(&folded) {
            self.skip(r.number(), "it repeats the header");
            return Ok(None);
        }
        let (trade_no, platform_no) = self.references(r)?;
        let amount = self.money(r, SField::Amount)?;
        let debit = self.money(r, SField::Debit)?;
        let credit = self.money(r, SField::Credit)?;
        let fee = self.money(r, SField::Fee)?;
        if trade_no.is_none() && platform_no.is_none() {
            if folded.iter().any(|f| is_summary_label(f)) {
                self.skip(r.number(), "a total or balance row, not a transaction");
                return Ok(None);
            }
            if [amount, debit, credit, fee].iter().all(Option::is_none) {
                self.skip(r.number(), "no order number and no amount");
                return Ok(None);
            }
        }
        let status_text = self.text(r, SField::Status).map(|(_, t)| t.to_string());
        let status = self.status(r)?;
        let kind_text = self.text(r, SField::Kind).map(|(_, t)| t.to_string());
        let kind = kind_text.as_deref().map_or(LineKind::Payout, words::kind);
        let (money, dir) = self.direction(r, amount, debit, credit)?;
        let line = Line {
            row_no: r.number(),
            trade_no,
            platform_trade_no: platform_no,
            effect: Effect::NoMoney,
            amount: money.map_or(Amount::ZERO, |m| m.amount),
            fee: fee.map_or(Amount::ZERO, |m| m.amount),
            time: self.time(r)?,
            wallet: self
                .text(r, SField::Wallet)
                .map(|(_, t)| crate::wallet::clean_text(t).trim().to_string()),
            balance: self.text(r, SField::Balance).map(|(_, t)| t.to_string()),
            status_text,
            type_text: kind_text,
        };
        Ok(Some(Prelim {
            line,
            money,
            dir,
            status,
            kind,
        }))
    }

    /// The time as written; refused when its zone cannot be placed on the
    /// ledger's clock (`statement::when`): a guessed offset moves a line
    /// across a day, or onto another transaction.
    fn time(&self, r: &RowView<'_>) -> Result<Option<String>, StatementError> {
        let Some((col, t)) = self.text(r, SField::Time) else {
            return Ok(None);
        };
        super::when::When::parse(t)
            .map(|_| Some(t.to_string()))
            .map_err(|why| self.cell_err(r.number(), col, t, why))
    }

    fn repeats_header(&self, folded: &[String]) -> bool {
        folded.iter().filter(|f| !f.is_empty()).count() >= 2
            && folded.iter().zip(&self.headers).all(|(a, h)| *a == fold(h))
    }

    /// The row's order numbers. `Total` or `Closing Balance` in an
    /// order-number column is a label, not an order: an order number has
    /// digits and no spaces.
    fn references(
        &mut self,
        r: &RowView<'_>,
    ) -> Result<(Option<String>, Option<String>), StatementError> {
        let label = |v: &Option<String>| {
            v.as_deref().is_some_and(|t| {
                is_summary_label(&fold(t))
                    && (t.contains(char::is_whitespace)
                        || !t.contains(|c: char| c.is_ascii_digit()))
            })
        };
        let trade_no = self.reference(r, SField::TradeNo)?;
        let platform_no = self.reference(r, SField::PlatformNo)?;
        if label(&trade_no) || label(&platform_no) {
            return Ok((None, None));
        }
        Ok((trade_no, platform_no))
    }

    fn status(&self, r: &RowView<'_>) -> Result<Option<LineStatus>, StatementError> {
        let Some((col, t)) = self.text(r, SField::Status) else {
            return Ok(None);
        };
        words::status(t, &self.opts.status_words).map_err(|_| {
            self.cell_err(
                r.number(),
                col,
                t,
                "is not a status payrun knows; say what it means with --status-word WORD=completed (or failed, reversed, pending)".to_string(),
            )
        })
    }

    /// The row's money and, where the row itself says, its direction.
    fn direction(
        &self,
        r: &RowView<'_>,
        amount: Option<Money>,
        debit: Option<Money>,
        credit: Option<Money>,
    ) -> Result<(Option<Money>, Option<Dir>), StatementError> {
        let nonzero = |m: Option<Money>| m.filter(|m| m.amount > Amount::ZERO);
        if self.cols.get(SField::Debit).is_some() || self.cols.get(SField::Credit).is_some() {
            return match (nonzero(debit), nonzero(credit)) {
                (Some(_), Some(_)) => {
                    let col = self.cols.get(SField::Credit).unwrap_or(0);
                    Err(self.cell_err(
                        r.number(),
                        col,
                        r.text(col),
                        "is a credit on a row that also has a debit; one line moves money one way: split it or fix the export".to_string(),
                    ))
                }
                (Some(d), None) => Ok((Some(d), Some(Dir::Out))),
                (None, Some(c)) => Ok((Some(c), Some(Dir::In))),
                (None, None) => Ok((None, None)),
            };
        }
        let Some(m) = nonzero(amount) else {
            return Ok((None, None));
        };
        if let Some((col, t)) = self.text(r, SField::Direction) {
            let f = fold(t);
            let dir = match f.as_str() {
                "dr" | "d" | "debit" | "out" | "withdrawal" | "moneyout" => Dir::Out,
                "cr" | "c" | "credit" | "in" | "deposit" | "moneyin" => Dir::In,
                _ => {
                    return Err(self.cell_err(
                        r.number(),
                        col,
                        t,
                        "is not Dr or Cr (debit or credit)".to_string(),
                    ));
                }
            };
            return Ok((Some(m), Some(dir)));
        }
        Ok((
            Some(m),
            match m.sign {
                Sign::Dr => Some(Dir::Out),
                Sign::Cr => Some(Dir::In),
                _ => None,
            },
        ))
    }
}

/// Totals, opening and closing balances: rows a portal adds around its lines.
fn is_summary_label(folded: &str) -> bool {
    const STARTS: [&str; 12] = [
        "total",
        "grandtotal",
        "subtotal",
        "openingbalance",
        "closingbalance",
        "balancebf",
        "balancecf",
        "broughtforward",
        "carriedforward",
        "endofstatement",
        "মোট",
        "সর্বমোট",
    ];
    folded.len() <= 80 && STARTS.iter().any(|s| folded.starts_with(s))
}

/// Reads the header and every line. Returns the header's row number, the
/// lines, and notes on how the columns were read.
pub(super) fn read_lines(
    path: &str,
    rows: &RowTable,
    opts: &ReadOptions,
) -> Result<(usize, Vec<Line>, Vec<String>), StatementError> {
    let head = rows.head_rows();
    let found = detect(&head, &opts.maps).map_err(|message| StatementError::Columns {
        path: path.to_string(),
        message,
    })?;
    let (header_row, headers) = head.get(found.index).cloned().unwrap_or_default();
    let mut reader = Reader {
        path,
        headers,
        cols: found.columns,
        opts,
        notes: found.notes,
        skipped: 0,
        number_refs: false,
    };
    reader
        .notes
        .insert(0, describe(&reader.cols, &reader.headers));
    let mut prelims = Vec::new();
    for r in rows.iter().skip(found.index + 1) {
        if let Some(p) = reader.row(&r)? {
            prelims.push(p);
        }
    }
    if prelims.is_empty() {
        // A period without transactions: every paid payout is then "not
        // debited (yet)", which is what the statement says.
        reader.notes.push(format!(
            "no statement lines under the header (row {header_row}): the statement shows no transaction"
        ));
    }
    if reader.skipped > MAX_SKIP_NOTES {
        reader.notes.push(format!(
            "… and {} more rows left out as totals or footers",
            reader.skipped - MAX_SKIP_NOTES
        ));
    }
    if reader.number_refs {
        reader.notes.push(
            "an order-number column holds numbers: a leading zero cannot be seen there; export it as text if lines do not match"
                .to_string(),
        );
    }
    let lines = super::readings::resolve(prelims, &mut reader.notes);
    Ok((header_row, lines, reader.notes))
}

fn describe(cols: &SColumns, headers: &[String]) -> String {
    let parts: Vec<String> = SField::ALL
        .iter()
        .filter_map(|f| {
            let col = cols.get(*f)?;
            Some(format!(
                "{f} = {}",
                quoted(headers.get(col).map_or("", |h| h.trim()))
            ))
        })
        .collect();
    format!("columns read: {}", parts.join(", "))
}
