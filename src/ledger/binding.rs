//! When a batch label is bound to its gateway and merchant for good.
//!
//! A label must never pay through two gateways (sandbox and production, two
//! merchants): a payout request one gateway may have acted on can only be
//! resolved there, and the same tradeNos sent to another would pay again.
//! But a first run that reached no gateway with anything of the batch (a
//! wrong base URL, a merchant number the gateway refused at its balance or
//! ledger-loss check, a run stopped before its first payout request) left
//! nothing at that gateway to resolve. Binding the label then would make
//! "fix the setting and run the same command again" fail for good, and make
//! the same payouts look already submitted to any other label.
//!
//! So the binding, and the same-sheet check (`same_sheet`), count a batch
//! only once something of it might be at its gateway: [`REACHED`]. Anything
//! the ledger holds that a gateway could have acted on or told of counts; a
//! question the gateway answered "not found" or refused does not.

use super::{Batch, Ledger, LedgerError};
use rusqlite::params;

/// SQL over `batches b`: something of batch `b` might be at its gateway. A
/// payout request was begun (its attempt is committed before it leaves, so
/// an interrupted one counts), a payout moved past planned (sent, or taken
/// as unknown by `--adopt`), or the gateway described one of its payouts (a
/// query's `data.status`, an order number, a callback, a conflict).
pub(super) const REACHED: &str = "EXISTS (SELECT 1 FROM payouts p WHERE p.batch_id = b.id AND (
        p.state NOT IN ('planned', 'superseded') OR p.attempts > 0
     OR p.first_sent_at IS NOT NULL OR p.platform_trade_no IS NOT NULL OR p.conflict = 1
     OR EXISTS (SELECT 1 FROM attempts a WHERE a.payout_id = p.id
                 AND (a.kind = 'payout' OR a.data_status IS NOT NULL))
     OR EXISTS (SELECT 1 FROM events e WHERE e.payout_id = p.id
                 AND (e.source = 'callback' OR e.status IS NOT NULL))))";

impl Ledger {
    /// Whether something of batch `batch_id` might be at its gateway
    /// ([`REACHED`]): from then on its label is bound to that gateway.
    pub fn reached_gateway(&self, batch_id: i64) -> Result<bool, LedgerError> {
        self.conn
            .query_row(
                &format!("SELECT {REACHED} FROM batches b WHERE b.id = ?1"),
                [batch_id],
                |r| r.get(0),
            )
            .map_err(LedgerError::sql(
                "reading whether the batch reached its gateway",
            ))
    }

    /// Moves batch `b`, which reached no gateway, to `merchant_no` at
    /// `gateway_url`. `None` (nothing changed) if something of it reached its
    /// gateway after all: the check and the move are one statement.
    pub(super) fn move_unsent_batch(
        &mut self,
        b: &Batch,
        merchant_no: &str,
        gateway_url: &str,
    ) -> Result<Option<Batch>, LedgerError> {
        let moved = self
            .conn
            .execute(
                &format!(
                    "UPDATE batches AS b SET merchant_no = ?2, gateway_url = ?3
                      WHERE b.id = ?1 AND NOT {REACHED}"
                ),
                params![b.id, merchant_no, gateway_url],
            )
            .map_err(LedgerError::sql("moving a batch that reached no gateway"))?;
        if moved == 0 {
            return Ok(None);
        }
        crate::log::warn(
            "batch_moved",
            format!(
                "batch '{}' was started against merchant {} at {}, but nothing of it reached \
                 that gateway (no payout request was made): it now belongs to merchant \
                 {merchant_no} at {gateway_url}",
                b.label, b.merchant_no, b.gateway_url
            ),
        );
        Ok(Some(Batch {
            merchant_no: merchant_no.to_string(),
            gateway_url: gateway_url.to_string(),
            ..b.clone()
        }))
    }
}
