//! Open payouts whose latest answer payrun refused to read: a `data.status`
//! it has no meaning for (`SUCCESS`, the number `0`), or an outer code no
//! code table maps (`200`). Such a payout is left unknown (or processing),
//! never paid twice, but asking the gateway again hears the same answer: a
//! "run the same command again" never settles it. So the summary, `status`,
//! the report and the `finished` event name the status the gateway sent and
//! the setting that reads it (`[status_codes]`, `[code_classes]`), read
//! from the attempt that heard it (probe8 finding 1).

use super::writer::{AttemptOutcome, Refusal};
use super::{Ledger, LedgerError};
use rusqlite::Row;

/// The SQL of [`Unread`] for the payout of the outer query (`FROM
/// payouts`): for a payout still open, its latest attempt, when that one
/// was an answer refused for its reading, as `outcome US code US error US
/// kind` (US: the unit separator, which no stored word holds). A later
/// timeout or an answer in flight means the cause is no longer known:
/// nothing. For a payout back to not sent, its latest payout request, when
/// the gateway refused it with a code no table maps (the query after it
/// said "not found"): the next run hears the same refusal (probe11
/// finding 3).
macro_rules! unread_sql {
    () => {
        "CASE WHEN payouts.state IN ('unknown', 'sending', 'processing') THEN
           (SELECT CASE WHEN a.outcome = 'unknown:unread'
                          THEN a.outcome || char(31) || COALESCE(a.data_status, '') || char(31) || COALESCE(a.error, '') || char(31) || a.kind
                        WHEN a.outcome = 'rejected:unknown'
                          THEN a.outcome || char(31) || COALESCE(a.outer_code, '') || char(31) || COALESCE(a.error, '') || char(31) || a.kind
                   END
              FROM attempts a
             WHERE a.payout_id = payouts.id
               AND (a.outcome IS NULL OR a.outcome NOT LIKE 'loss-check:%')
             ORDER BY a.id DESC LIMIT 1)
              WHEN payouts.state = 'planned' THEN
           (SELECT CASE WHEN a.outcome = 'rejected:unknown'
                          THEN a.outcome || char(31) || COALESCE(a.outer_code, '') || char(31) || COALESCE(a.error, '') || char(31) || a.kind
                   END
              FROM attempts a
             WHERE a.payout_id = payouts.id AND a.kind = 'payout'
             ORDER BY a.id DESC LIMIT 1)
         END"
    };
}
pub(crate) use unread_sql;

/// What the gateway last answered about an open payout that payrun refused
/// to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// A `data.status` (true) or an outer code (false).
    pub status: bool,
    /// The status or code as the gateway sent it.
    pub code: String,
    /// The attempt's error, as recorded.
    pub error: String,
    /// Whether it answered a payout request (not a query).
    pub payout: bool,
}

impl Unread {
    /// What to tell a person: what the gateway sent, that asking again
    /// hears the same, and which setting reads it. No command: the caller
    /// adds the one that reaches this ledger.
    pub fn words(&self) -> String {
        let code = &self.code;
        if self.status {
            format!(
                "the gateway answered data.status {code:?}, which payrun cannot read (it reads \
                 0000 paid, 0015 processing, other codes of 4 digits or more failed); asking \
                 again hears the same, so running the same command again cannot settle it. If \
                 the gateway documents what {code:?} means, map it under [status_codes] in \
                 payrun.toml ({code:?} = \"paid\", \"processing\" or \"failed\"), then reconcile"
            )
        } else if self.payout {
            let said = self.said().map_or(String::new(), |m| format!(" ({m})"));
            format!(
                "the gateway refused its payout request with outer code {code:?}{said}, which no \
                 code table maps; payrun cannot tell whether that placed an order, so it asks \
                 before sending the same tradeNo again, and every run hears the same refusal \
                 until it is mapped. If the gateway documents what {code:?} means, map it under \
                 [code_classes] in payrun.toml ({code:?} = \"systemic\" for a refusal of the \
                 merchant, such as a short balance; \"invalid_row\" for one of the row's data), \
                 fix the cause, then"
            )
        } else {
            let said = self.said().map_or(String::new(), |m| format!(" ({m})"));
            format!(
                "the gateway answered outer code {code:?}{said}, which no code table maps; asking \
                 again hears the same, so running the same command again cannot settle it. If \
                 the gateway documents what {code:?} means, map it under [code_classes] in \
                 payrun.toml ({code:?} = \"accepted\" if it takes the request), then reconcile"
            )
        }
    }
}

impl Unread {
    /// The gateway's own words with an outer code (`None` for a status).
    pub fn said(&self) -> Option<&str> {
        if self.status {
            return None;
        }
        self.error.split_once(": ").map(|(_, m)| m)
    }
}

/// Reads [`unread_sql`]'s column.
pub(crate) fn unread_col(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<Unread>> {
    let Some(text) = r.get::<_, Option<String>>(at)? else {
        return Ok(None);
    };
    let mut parts = text.splitn(4, '\u{1f}');
    let (Some(outcome), Some(code), Some(error), kind) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Ok(None);
    };
    let status = outcome == AttemptOutcome::UNREAD_KEY;
    debug_assert!(
        status || outcome == AttemptOutcome::Rejected(Refusal::Unmapped).key(),
        "{outcome}"
    );
    Ok(Some(Unread {
        status,
        code: code.to_string(),
        error: error.to_string(),
        payout: kind == Some("payout"),
    }))
}

/// Open payouts that heard the same unread answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadGroup {
    pub unread: Unread,
    /// How many payouts.
    pub payouts: u64,
    /// How many of them are unknown.
    pub unknown: u64,
    /// How many are back to not sent (the rest are processing).
    pub not_sent: u64,
}

impl Ledger {
    /// The batch's open payouts whose latest answer payrun refused to read,
    /// grouped by what the gateway sent, the most frequent first.
    pub fn unread_open(&self, batch_id: i64) -> Result<Vec<UnreadGroup>, LedgerError> {
        let sql = concat!(
            "SELECT u, COUNT(*), SUM(state IN ('unknown', 'sending')), SUM(state = 'planned') FROM (SELECT state, ",
            unread_sql!(),
            " AS u FROM payouts WHERE batch_id = ?1) WHERE u IS NOT NULL
             GROUP BY u ORDER BY COUNT(*) DESC, u"
        );
        let e = || LedgerError::sql("reading the payouts whose answer was unread");
        let mut stmt = self.conn.prepare(sql).map_err(e())?;
        let rows = stmt
            .query_map([batch_id], |r| {
                Ok((
                    unread_col(r, 0)?,
                    super::sql::count(r.get(1)?),
                    super::sql::count(r.get(2)?),
                    super::sql::count(r.get(3)?),
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(e())?;
        Ok(rows
            .into_iter()
            .filter_map(|(u, payouts, unknown, not_sent)| {
                u.map(|unread| UnreadGroup {
                    unread,
                    payouts,
                    unknown,
                    not_sent,
                })
            })
            .collect())
    }
}
