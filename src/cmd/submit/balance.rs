//! The pre-flight balance check: nothing is sent unless the merchant
//! account covers everything about to be sent. The real run and the dry
//! run both read the balance through [`verdict`], so a dry run answers as
//! the real run would (the same retries, the same judgement).

use super::super::connect::Connection;
use crate::error::Error;
use crate::gateway::{Balance, BalanceError};
use crate::ledger::PayoutRow;
use crate::money::Amount;

/// What the balance check says about sending `total`.
pub(super) enum Verdict {
    /// The available balance covers it.
    Covers(Balance),
    /// Less is available than is to be sent: stop before sending (exit 3).
    Short(Balance),
    /// The gateway refused the merchant: stop before sending (exit 3).
    Refused(BalanceError),
    /// No answer, even after retries, or one payrun cannot read: the run
    /// could not start, nothing sent (exit 5).
    NoAnswer(BalanceError),
}

/// Asks the balance (with [`balance_with_retries`]) and judges it against
/// `total`.
pub(super) fn verdict(conn: &Connection, total: Amount) -> Verdict {
    match balance_with_retries(conn) {
        Ok(b) if b.available < total => Verdict::Short(b),
        Ok(b) => Verdict::Covers(b),
        Err(e @ BalanceError::Systemic { .. }) => Verdict::Refused(e),
        Err(e) => Verdict::NoAnswer(e),
    }
}

/// Stops before sending anything if the balance cannot cover what is about
/// to be sent.
pub(super) fn check_balance(conn: &Connection, to_send: &[PayoutRow]) -> Result<(), Error> {
    let total = Amount::checked_sum(to_send.iter().map(|p| p.amount))
        .ok_or_else(|| Error::Usage("the total to send overflows".into()))?;
    match verdict(conn, total) {
        Verdict::Short(b) => Err(Error::Systemic(format!(
            "insufficient balance: Tk {} available, Tk {} to send ({} payouts). Nothing was sent; top up the merchant account or send fewer rows, then run the same command again",
            b.available,
            total,
            to_send.len()
        ))),
        Verdict::Covers(_) => Ok(()),
        Verdict::Refused(e) => Err(Error::Systemic(format!("{e}. Nothing was sent"))),
        Verdict::NoAnswer(e) => Err(Error::Gateway(crate::gateway::GatewayError::Config(
            format!(
                "{e}. The balance must be checked before sending, so nothing was sent; run the same command again when the gateway answers"
            ),
        ))),
    }
}

/// The balance, asked up to three times when the gateway does not answer,
/// or answers with a code payrun cannot place: a dropped connection or a
/// hiccup under the gateway's own code must not cost a whole payroll run,
/// and a balance answer can only delay or stop a run, never make it pay. A `Retry-After`
/// is waited out (at most its cap) when it asks for longer than the backoff.
fn balance_with_retries(conn: &Connection) -> Result<Balance, BalanceError> {
    let backoff = crate::engine::Backoff::default();
    let mut tries = 0;
    loop {
        let (ex, answer) = conn.client.balance_exchange();
        match answer {
            Err(e @ (BalanceError::Unreachable { .. } | BalanceError::Unrecognised { .. }))
                if tries < 2 =>
            {
                let wait = backoff
                    .delay(tries + 2)
                    .max(ex.wait_asked().unwrap_or_default());
                crate::log::warn(
                    "balance_retry",
                    format!(
                        "The balance check got no answer it can read ({}); trying again in {:.1} s.",
                        no_answer(&e),
                        wait.as_secs_f64()
                    ),
                );
                std::thread::sleep(wait);
                tries += 1;
            }
            other => return other,
        }
    }
}

/// What the log line says about an answer asked again.
fn no_answer(e: &BalanceError) -> String {
    match e {
        BalanceError::Unreachable { reason } => reason.clone(),
        BalanceError::Unrecognised { code, msg } => format!("outer code {code}: {msg}"),
        other => other.to_string(),
    }
}
