//! The pre-flight balance check: nothing is sent unless the merchant
//! account covers everything about to be sent.

use super::super::connect::Connection;
use crate::error::Error;
use crate::gateway::BalanceError;
use crate::ledger::PayoutRow;
use crate::money::Amount;

/// Stops before sending anything if the balance cannot cover what is about
/// to be sent.
pub(super) fn check_balance(conn: &Connection, to_send: &[PayoutRow]) -> Result<(), Error> {
    let total = Amount::checked_sum(to_send.iter().map(|p| p.amount))
        .ok_or_else(|| Error::Usage("the total to send overflows".into()))?;
    match balance_with_retries(conn) {
        Ok(b) if b.available < total => Err(Error::Systemic(format!(
            "insufficient balance: Tk {} available, Tk {} to send ({} payouts). Nothing was sent; top up the merchant account or send fewer rows, then run the same command again",
            b.available,
            total,
            to_send.len()
        ))),
        Ok(_) => Ok(()),
        Err(e @ BalanceError::Systemic { .. }) => {
            Err(Error::Systemic(format!("{e}. Nothing was sent")))
        }
        Err(e) => Err(Error::Gateway(crate::gateway::GatewayError::Config(
            format!(
                "{e}. The balance must be checked before sending, so nothing was sent; run the same command again when the gateway answers"
            ),
        ))),
    }
}

/// The balance, asked up to three times when the gateway does not answer:
/// a dropped connection must not cost a whole payroll run.
fn balance_with_retries(conn: &Connection) -> Result<crate::gateway::Balance, BalanceError> {
    let backoff = crate::engine::Backoff::default();
    let mut tries = 0;
    loop {
        match conn.client.balance() {
            Err(BalanceError::Unreachable { reason }) if tries < 2 => {
                crate::log::warn(
                    "balance_retry",
                    format!("The balance check got no answer ({reason}); trying again."),
                );
                std::thread::sleep(backoff.delay(tries + 2));
                tries += 1;
            }
            other => return other,
        }
    }
}
