//! What a statement's status and type cells say, in the words merchant
//! portals use. A status word payrun does not know stops the read: reading
//! an unknown word as "completed" could hide a failure, and as "failed" could
//! hide a debit. `--status-word WORD=completed` teaches it one more.

use crate::fields::fold;

/// A line's status as the provider states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineStatus {
    /// Done: the money moved as the line says.
    Completed,
    /// Refused: no money moved.
    Failed,
    /// Moved, then given back (reversed or refunded).
    Reversed,
    /// Not final: the money may be held, not moved.
    Pending,
}

impl LineStatus {
    pub const fn key(self) -> &'static str {
        match self {
            LineStatus::Completed => "completed",
            LineStatus::Failed => "failed",
            LineStatus::Reversed => "reversed",
            LineStatus::Pending => "pending",
        }
    }

    pub fn from_key(key: &str) -> Option<LineStatus> {
        [
            LineStatus::Completed,
            LineStatus::Failed,
            LineStatus::Reversed,
            LineStatus::Pending,
        ]
        .into_iter()
        .find(|s| s.key() == key.trim().to_ascii_lowercase())
    }
}

/// `--status-word Disbursed=completed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusWord {
    pub word: String,
    pub status: LineStatus,
}

impl std::str::FromStr for StatusWord {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (word, status) = s.rsplit_once('=').ok_or_else(|| {
            format!(
                "expected WORD=STATUS, e.g. Disbursed=completed; got {}",
                crate::text::quoted(s)
            )
        })?;
        let status = LineStatus::from_key(status).ok_or_else(|| {
            format!(
                "{} is not completed, failed, reversed or pending",
                crate::text::quoted(status)
            )
        })?;
        let word = word.trim().trim_matches('"').trim().to_string();
        if fold(&word).is_empty() {
            return Err(format!(
                "--status-word needs a word before '=': {}",
                crate::text::quoted(s)
            ));
        }
        Ok(StatusWord { word, status })
    }
}

const COMPLETED: [&str; 16] = [
    "completed",
    "complete",
    "success",
    "successful",
    "succeeded",
    "succeed",
    "paid",
    "done",
    "settled",
    "approved",
    "posted",
    "disbursed",
    "ok",
    "sent",
    "transferred",
    "credited",
];
const FAILED: [&str; 14] = [
    "failed",
    "fail",
    "failure",
    "rejected",
    "declined",
    "cancelled",
    "canceled",
    "error",
    "expired",
    "unsuccessful",
    "void",
    "voided",
    "timeout",
    "aborted",
];
const REVERSED: [&str; 10] = [
    "reversed",
    "reversal",
    "refunded",
    "refund",
    "returned",
    "return",
    "chargeback",
    "rolledback",
    "reverted",
    "cancelledrefunded",
];
const PENDING: [&str; 10] = [
    "pending",
    "processing",
    "inprogress",
    "initiated",
    "onhold",
    "hold",
    "queued",
    "submitted",
    "awaiting",
    "underreview",
];

/// A status word nobody taught payrun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownWord;

/// Reads a status cell. `Ok(None)` for an empty cell.
pub fn status(text: &str, extra: &[StatusWord]) -> Result<Option<LineStatus>, UnknownWord> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let f = fold(t);
    if let Some(w) = extra.iter().find(|w| fold(&w.word) == f) {
        return Ok(Some(w.status));
    }
    // The gateway's own codes (docs/gateway.md): 0000 paid, 0015
    // processing, any other code a failure.
    if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Some(match f.as_str() {
            "0000" => LineStatus::Completed,
            "0015" => LineStatus::Pending,
            _ => LineStatus::Failed,
        }));
    }
    let lists: [(&[&str], LineStatus); 4] = [
        (&REVERSED, LineStatus::Reversed),
        (&FAILED, LineStatus::Failed),
        (&PENDING, LineStatus::Pending),
        (&COMPLETED, LineStatus::Completed),
    ];
    for (words, status) in lists {
        if words.contains(&f.as_str()) {
            return Ok(Some(status));
        }
    }
    // `Reversed (refund)`, `Failed - insufficient`, `Success/Completed`:
    // the first word decides.
    let first = t
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .map(fold)
        .unwrap_or_default();
    for (words, status) in lists {
        if first != f && words.contains(&first.as_str()) {
            return Ok(Some(status));
        }
    }
    Err(UnknownWord)
}

/// What a line is, from its type or description cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A payout (or a cell that names nothing payrun distinguishes).
    Payout,
    /// A fee or charge for an order or the account.
    Fee,
    /// Money given back for an earlier payout.
    Reversal,
    /// Money into the account that is not a reversal (a top-up).
    Deposit,
}

/// Reads a type or description cell; reversal words are tried before fee
/// words (`chargeback` is not a charge).
pub fn kind(text: &str) -> LineKind {
    let f = fold(text);
    let has = |words: &[&str]| words.iter().any(|w| f.contains(w));
    if has(&["revers", "refund", "return", "chargeback", "rollback"]) {
        LineKind::Reversal
    } else if has(&["fee", "charge", "commission", "vat"]) {
        LineKind::Fee
    } else if has(&[
        "deposit",
        "topup",
        "fundin",
        "cashin",
        "addmoney",
        "transferin",
        "fundadd",
    ]) {
        LineKind::Deposit
    } else {
        LineKind::Payout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_status_words() {
        let s = |t: &str| status(t, &[]);
        for (t, want) in [
            ("Completed", LineStatus::Completed),
            ("SUCCESS", LineStatus::Completed),
            ("Successful", LineStatus::Completed),
            ("0000", LineStatus::Completed),
            ("Failed", LineStatus::Failed),
            ("Failed - insufficient balance", LineStatus::Failed),
            ("00029", LineStatus::Failed),
            ("Reversed", LineStatus::Reversed),
            ("Refunded", LineStatus::Reversed),
            ("Reversed (refund)", LineStatus::Reversed),
            ("Processing", LineStatus::Pending),
            ("0015", LineStatus::Pending),
        ] {
            assert_eq!(s(t), Ok(Some(want)), "{t}");
        }
        assert_eq!(s("  "), Ok(None));
        assert_eq!(s("Disbursed OK?"), Ok(Some(LineStatus::Completed)));
        assert_eq!(s("Frobnicated"), Err(UnknownWord));
        let taught = ["Frobnicated=failed".parse::<StatusWord>().unwrap()];
        assert_eq!(status("frobnicated", &taught), Ok(Some(LineStatus::Failed)));
    }

    #[test]
    fn type_words() {
        assert_eq!(kind("Payout"), LineKind::Payout);
        assert_eq!(kind("B2C Disbursement"), LineKind::Payout);
        assert_eq!(kind("Payout Fee"), LineKind::Fee);
        assert_eq!(kind("Service Charge"), LineKind::Fee);
        assert_eq!(kind("Chargeback"), LineKind::Reversal);
        assert_eq!(kind("Refund"), LineKind::Reversal);
        assert_eq!(kind("Reversal of payout"), LineKind::Reversal);
        assert_eq!(kind("Account top-up"), LineKind::Deposit);
        assert_eq!(kind(""), LineKind::Payout);
    }

    #[test]
    fn status_word_flag() {
        let w: StatusWord = "Disbursed=completed".parse().unwrap();
        assert_eq!(w.status, LineStatus::Completed);
        assert!("x=maybe".parse::<StatusWord>().is_err());
        assert!("=failed".parse::<StatusWord>().is_err());
    }
}
