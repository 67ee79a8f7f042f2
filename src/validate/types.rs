//! The validator's vocabulary: issues, payouts and invalid rows.

use crate::money::Amount;
use crate::wallet::Provider;

/// How bad a row issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The row is usable, but a person should look (e.g. a repaired leading zero).
    Warning,
    /// The row cannot be paid as written.
    Error,
}

/// One thing wrong with one row, said the way the user sees the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowIssue {
    /// The row number as shown in Excel or a text editor (header on row 1 if first).
    pub row: usize,
    /// The column header as written in the sheet, if the issue concerns one cell.
    pub column: Option<String>,
    /// The cell's value as the user wrote it.
    pub value: Option<String>,
    pub severity: Severity,
    /// What is wrong and what to do about it.
    pub message: String,
    /// The message names the spaces of the value (a non-breaking one, a
    /// thin one), so the value is shown with them as written rather than
    /// escaped.
    pub spaces_named: bool,
}

/// A row that passed validation: everything the later stages need to pay it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payout {
    /// The sheet row number as the user sees it.
    pub row: usize,
    /// The reference (employee id, invoice number) when the sheet has one.
    pub reference: Option<String>,
    /// The payee's name, if the sheet had one.
    pub name: Option<String>,
    /// The normalised wallet id: 11 digits (bKash, Nagad) or 12 (Rocket).
    pub wallet: String,
    /// The wallet's provider, from the sheet or the number.
    pub provider: Provider,
    /// Exact, in poisha, as the sheet wrote it.
    pub amount: Amount,
    /// Shown to the recipient, if the sheet had one.
    pub remark: Option<String>,
    /// The sheet or a flag says a repeated wallet on this row is intended.
    pub repeat_ok: bool,
}

/// A row that failed validation. It is never sent, but it stays in every
/// report with its reasons, so the control equation can account for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRow {
    pub row: usize,
    pub reference: Option<String>,
    pub name: Option<String>,
    /// The wallet, provider and amount cells as written.
    pub wallet_raw: String,
    pub provider_raw: String,
    pub amount_raw: String,
    pub issues: Vec<RowIssue>,
    /// The normalised wallet, when the wallet cell itself was fine (so
    /// duplicates are found even among rows invalid for another reason).
    pub wallet: Option<String>,
    /// The provider, when the provider cell was understood.
    pub provider: Option<Provider>,
    /// The amount, when the amount cell parsed (it may still break a policy).
    pub amount: Option<Amount>,
    /// The amount cell's figure as Excel's `SUM` counts it, zero and
    /// negative included (an empty cell or a dash is zero); `None` when the
    /// cell is not a figure. For comparing with the sheet's own totals.
    pub figure: Option<Amount>,
    /// The row marks a repeated wallet as intended.
    pub repeat_ok: bool,
    /// What the row says when it holds no wallet, provider or amount at
    /// all (a title such as `Sewing` or `On hold - do not pay`): the rows
    /// under a title may be held back by its words (`sections`).
    pub title: Option<String>,
}

/// Longest cell value quoted in a message; a 10 MB cell must not become a
/// 10 MB error line.
const MAX_SHOWN_CHARS: usize = 60;

/// A cell value cut to a readable length for messages.
pub fn shown_value(text: &str) -> String {
    match text.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// Rows named in one message; the rest are counted.
const NAMED_ROWS: usize = 10;

/// `rows 5, 7 and 9` or `rows 5, 7, ... and 120 more`.
pub fn list_rows(rows: &[usize]) -> String {
    let shown: Vec<String> = rows
        .iter()
        .take(NAMED_ROWS)
        .map(|r| r.to_string())
        .collect();
    let more = rows.len().saturating_sub(shown.len());
    let mut s = format!(
        "row{} {}",
        if rows.len() == 1 { "" } else { "s" },
        shown.join(", ")
    );
    if more > 0 {
        s.push_str(&format!(" and {more} more"));
    }
    s
}

impl RowIssue {
    /// An error about a whole row, not one of its cells: a batch check's
    /// reason for refusing it.
    pub(super) fn row_error(row: usize, message: String) -> RowIssue {
        RowIssue {
            row,
            column: None,
            value: None,
            severity: Severity::Error,
            spaces_named: false,
            message,
        }
    }
}

/// `row 14, column "Wallet": "1.71235E+09" is in scientific notation; ...`:
/// the row as the user sees it, the header, the value as written, what is wrong.
impl std::fmt::Display for RowIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}", self.row)?;
        if let Some(col) = &self.column {
            write!(f, ", column {}", crate::intake::quoted(col))?;
        }
        match &self.value {
            Some(v) if self.spaces_named => {
                write!(
                    f,
                    ": {} {}",
                    crate::intake::quoted_as_written(v),
                    self.message
                )
            }
            Some(v) => write!(f, ": {} {}", crate::intake::quoted(v), self.message),
            None => write!(f, ": {}", self.message),
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A valid row as the row-result file shows it (its number, normalised
/// wallet, provider and amount): a few bytes and no allocation, so a chunk
/// of a counted sheet is shown without building its [`Payout`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRow {
    pub row: usize,
    wallet: WalletText,
    pub provider: Provider,
    pub amount: Amount,
}

/// A normalised wallet (11 or 12 digits) kept inline; anything longer,
/// which the wallet rules never pass, on the heap rather than cut.
#[derive(Debug, Clone, PartialEq, Eq)]
enum WalletText {
    Inline { len: u8, bytes: [u8; 22] },
    Owned(Box<str>),
}

impl ValidRow {
    pub fn new(row: usize, wallet: &str, provider: Provider, amount: Amount) -> ValidRow {
        let mut bytes = [0u8; 22];
        let wallet = match bytes.get_mut(..wallet.len()) {
            Some(slot) => {
                slot.copy_from_slice(wallet.as_bytes());
                WalletText::Inline {
                    len: wallet.len() as u8,
                    bytes,
                }
            }
            None => WalletText::Owned(wallet.into()),
        };
        ValidRow {
            row,
            wallet,
            provider,
            amount,
        }
    }

    /// The normalised wallet.
    pub fn wallet(&self) -> &str {
        match &self.wallet {
            WalletText::Inline { len, bytes } => bytes
                .get(..usize::from(*len))
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or(""),
            WalletText::Owned(s) => s,
        }
    }
}

impl From<&Payout> for ValidRow {
    fn from(p: &Payout) -> ValidRow {
        ValidRow::new(p.row, &p.wallet, p.provider, p.amount)
    }
}
