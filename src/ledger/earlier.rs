//! The payouts recent batches paid (or may have: see [`MAY_HAVE_PAID`]), read for "what changed since the last
//! payroll" (see `changes`). Read-only: `payrun check` compares with a
//! ledger that exists and must never create, migrate or lock one.

use super::LedgerError;
use crate::money::Amount;
use crate::wallet::Provider;
use rusqlite::{Connection, OpenFlags, params};
use std::path::Path;
use std::time::Duration;

/// A batch compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierBatch {
    pub label: String,
    pub created_at: String,
    /// Payouts of this batch that were paid, or may have been.
    pub paid: u64,
}

/// One payout of an earlier batch that was paid, or may have been.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierPayout {
    /// Index into [`Earlier::batches`]: 0 is the most recent.
    pub batch: usize,
    pub reference: Option<String>,
    pub name: Option<String>,
    pub provider: Provider,
    pub wallet: String,
    pub amount: Amount,
}

/// The payouts of the batches compared with that were paid or may have
/// been, newest batch first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Earlier {
    pub batches: Vec<EarlierBatch>,
    pub payouts: Vec<EarlierPayout>,
    /// The label left out ([`Recent::exclude`]) when that batch has paid
    /// payouts: "nothing to compare with" must not then read as "no paid
    /// batch in the ledger".
    pub excluded_paid: Option<String>,
    /// The label left out and every payout the ledger holds for it (every
    /// revision, whatever its state): a corrected sheet approved again under
    /// the same label is compared with what the batch already sent.
    pub itself: Option<(String, Vec<super::batch_sent::Sent>)>,
}

impl Earlier {
    pub fn label(&self, batch: usize) -> &str {
        self.batches.get(batch).map_or("", |b| b.label.as_str())
    }
}

/// Which batches to read: at least the `batches` most recent ones that paid
/// (or may have paid) anything, and every one created within `days` of `now` (RFC 3339).
#[derive(Debug, Clone, Copy)]
pub struct Recent<'a> {
    /// At least this many of the most recent batches that paid anything.
    pub batches: u32,
    /// And every batch created within this many days of `now`.
    pub days: u32,
    /// The instant `days` counts back from.
    pub now: chrono::DateTime<chrono::Utc>,
    /// The label being paid now: never compared with itself.
    pub exclude: Option<&'a str>,
}

/// A payout that may have moved money: paid; processing, unknown or
/// sending (the gateway may pay it yet, or has); or flagged conflict (the
/// gateway reported it paid against the ledger). Last month's batch still
/// settling is the last payroll: comparing only with paid batches would
/// turn the wallet-change check (and `refuse_wallet_changes`) off until it
/// settles.
const MAY_HAVE_PAID: &str =
    "(p.state IN ('paid', 'processing', 'unknown', 'sending') OR p.conflict = 1)";

fn sql(context: &'static str) -> impl FnOnce(rusqlite::Error) -> LedgerError {
    LedgerError::sql(context)
}

/// Reads the recent batches that paid (or may have) of the ledger at `path`, opened read-only.
/// `Ok(None)` when there is no ledger file (nothing is created).
pub fn read(path: &Path, recent: &Recent<'_>) -> Result<Option<Earlier>, LedgerError> {
    if !path.is_file() {
        return Ok(None);
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|cause| LedgerError::Open {
        path: path.to_path_buf(),
        cause,
    })?;
    conn.busy_timeout(Duration::from_secs(10))
        .map_err(sql("set busy timeout"))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql("read schema version"))?;
    if version < 1 {
        return Ok(Some(Earlier::default()));
    }
    let ids = batches(&conn, recent)?;
    let mut out = Earlier {
        excluded_paid: excluded_paid(&conn, recent)?,
        itself: match recent.exclude {
            Some(label) => Some((label.to_string(), super::batch_sent::read(&conn, label)?)),
            None => None,
        },
        ..Earlier::default()
    };
    let mut stmt = conn
        .prepare(&format!(
            "SELECT reference, name, provider, wallet, amount_poisha FROM payouts p
             WHERE batch_id = ?1 AND {MAY_HAVE_PAID} ORDER BY id"
        ))
        .map_err(sql("read earlier payouts"))?;
    for (i, (id, batch)) in ids.into_iter().enumerate() {
        let rows = stmt
            .query_map(params![id], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })
            .map_err(sql("read earlier payouts"))?;
        let before = out.payouts.len();
        for row in rows {
            let (reference, name, provider, wallet, poisha) =
                row.map_err(sql("read earlier payouts"))?;
            let provider = Provider::from_key(&provider)
                .ok_or_else(|| LedgerError::Corrupt(format!("payout provider {provider:?}")))?;
            out.payouts.push(EarlierPayout {
                batch: i,
                reference,
                name,
                provider,
                wallet,
                amount: Amount::from_poisha(poisha),
            });
        }
        out.batches.push(EarlierBatch {
            paid: (out.payouts.len() - before) as u64,
            ..batch
        });
    }
    Ok(Some(out))
}

/// The excluded label, if that batch has a payout that may have paid.
fn excluded_paid(conn: &Connection, r: &Recent<'_>) -> Result<Option<String>, LedgerError> {
    let Some(label) = r.exclude else {
        return Ok(None);
    };
    let paid: bool = conn
        .query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM batches b JOIN payouts p ON p.batch_id = b.id
                                WHERE b.label = ?1 AND {MAY_HAVE_PAID})"
            ),
            params![label],
            |row| row.get(0),
        )
        .map_err(sql("read the excluded batch"))?;
    Ok(paid.then(|| label.to_string()))
}

/// The ids of the batches to compare with, newest first.
fn batches(conn: &Connection, r: &Recent<'_>) -> Result<Vec<(i64, EarlierBatch)>, LedgerError> {
    let cutoff = r.now - chrono::Duration::days(i64::from(r.days));
    let cutoff = cutoff.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let mut stmt = conn
        .prepare(&format!(
            "SELECT b.id, b.label, b.created_at FROM batches b
             WHERE (?1 IS NULL OR b.label != ?1)
               AND EXISTS (SELECT 1 FROM payouts p WHERE p.batch_id = b.id AND {MAY_HAVE_PAID})
             ORDER BY b.created_at DESC, b.id DESC"
        ))
        .map_err(sql("read earlier batches"))?;
    let rows = stmt
        .query_map(params![r.exclude], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })
        .map_err(sql("read earlier batches"))?;
    let mut out = Vec::new();
    for (n, row) in rows.enumerate() {
        let (id, label, created_at) = row.map_err(sql("read earlier batches"))?;
        if n >= r.batches as usize && created_at < cutoff {
            break;
        }
        out.push((
            id,
            EarlierBatch {
                label,
                created_at,
                paid: 0,
            },
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::tests::{exec, one_payout_in};

    fn compared(state: &str, conflict: bool) -> Earlier {
        let (dir, ledger, _) = one_payout_in(state);
        if conflict {
            exec(&ledger, "UPDATE payouts SET conflict = 1", []);
        }
        drop(ledger);
        let recent = Recent {
            batches: 3,
            days: 45,
            now: chrono::Utc::now(),
            exclude: None,
        };
        read(&dir.path().join("sub/ledger.sqlite"), &recent)
            .expect("read")
            .expect("a ledger")
    }

    /// Last month's payouts still processing (or unknown, or in conflict)
    /// may have moved money: the wallet-change check compares with them,
    /// or a changed wallet passes unseen until they settle.
    #[test]
    fn a_batch_that_may_have_moved_money_is_compared_with() {
        for (state, conflict) in [
            ("paid", false),
            ("processing", false),
            ("unknown", false),
            ("sending", false),
            ("superseded", true),
            ("failed", true),
        ] {
            let e = compared(state, conflict);
            assert_eq!(e.batches.len(), 1, "{state} conflict {conflict}: {e:?}");
            assert_eq!(e.payouts.len(), 1, "{state} conflict {conflict}: {e:?}");
        }
        for state in ["planned", "failed", "superseded"] {
            let e = compared(state, false);
            assert!(
                e.batches.is_empty() && e.payouts.is_empty(),
                "{state}: {e:?}"
            );
        }
    }
}
