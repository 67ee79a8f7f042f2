//! Which of the gateway's orders a report is about. The gateway numbers
//! each order it makes (`platFormTradeNo`); a report for a tradeNo that names
//! another number than the one the gateway gave it before is about another
//! order, or about a second order for the same tradeNo (a gateway that does
//! not refuse a repeated tradeNo, after a resend). Either way its status is
//! not this order's, and money may have moved twice: a person must look.

use super::Reported;
use crate::ledger::LedgerError;
use rusqlite::{Connection, OptionalExtension};

/// Why `r` is about another order than the one recorded for the payout, or
/// `None` when it is not: the same number (spaces around it aside), or a
/// number missing on either side.
pub(super) fn another_order(
    tx: &Connection,
    payout_id: i64,
    r: &Reported,
) -> Result<Option<String>, LedgerError> {
    let Some(named) = given(r.platform_trade_no.as_deref()) else {
        return Ok(None);
    };
    let recorded: Option<String> = tx
        .prepare_cached("SELECT platform_trade_no FROM payouts WHERE id = ?1")
        .and_then(|mut s| s.query_row([payout_id], |row| row.get(0)).optional())
        .map_err(LedgerError::sql("reading a payout's order number"))?
        .flatten();
    Ok(match given(recorded.as_deref()) {
        Some(before) if before != named => Some(format!(
            "the gateway reported {} (code {}) for order {named:?} of this tradeNo, but gave it \
             order {before:?} before: another order, or a second one for the same tradeNo; ask \
             the gateway whether both moved money",
            r.state,
            r.status_code.as_deref().unwrap_or("-")
        )),
        _ => None,
    })
}

fn given(number: Option<&str>) -> Option<&str> {
    number.map(str::trim).filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::super::{Ack, apply_reported};
    use super::*;
    use crate::ledger::State;
    use crate::ledger::state::Effect;
    use crate::ledger::tests::{one_payout_in, value};

    fn report(state: State, platform: &str) -> Reported {
        Reported {
            state,
            platform_trade_no: Some(platform.to_string()),
            status_code: Some("0000".to_string()),
            status_desc: None,
            success_time: None,
        }
    }

    /// Each state a report can meet with an order number recorded: another
    /// number is flagged and, unless it answers the send in flight, kept out.
    #[test]
    fn a_report_naming_another_order_is_flagged_and_only_a_send_s_own_answer_applies() {
        for (from, reported, number, applied, conflict) in [
            (
                State::Processing,
                State::Paid,
                "P2",
                State::Processing,
                true,
            ),
            (State::Paid, State::Paid, "P2", State::Paid, true),
            (State::Sending, State::Paid, "P2", State::Paid, true),
            (State::Processing, State::Paid, " P1 ", State::Paid, false),
            (State::Processing, State::Failed, "", State::Failed, false),
        ] {
            let (_dir, ledger, _) = one_payout_in(from.key());
            let conn = ledger.connection();
            conn.execute("UPDATE payouts SET platform_trade_no = 'P1'", [])
                .expect("order number");
            let id: i64 = value(&ledger, "SELECT id FROM payouts", []);
            let ack = apply_reported(conn, id, from, "T".into(), &report(reported, number))
                .expect("applies");
            let Ack::Applied { state, effect } = ack else {
                panic!("{ack:?}")
            };
            let what = format!("{from} + {reported} of {number:?}");
            assert_eq!(state, applied, "{what}");
            let held: String = value(&ledger, "SELECT state FROM payouts", []);
            assert_eq!(held, applied.key(), "{what}");
            let flagged: bool = value(&ledger, "SELECT conflict FROM payouts", []);
            assert_eq!(flagged, conflict, "{what}");
            if conflict && from != State::Sending {
                assert_eq!(effect, Effect::Conflict, "{what}");
            }
        }
    }

    /// A payout whose first answer was already final (a send answered
    /// paid, which carries no successTime) keeps the success time of the
    /// callback or query that confirms it: a probe's report had "Success
    /// time" blank for 39 of 40 paid rows. A time already held stays.
    #[test]
    fn a_confirming_answer_fills_the_success_time_the_first_one_lacked() {
        let (_dir, ledger, _) = one_payout_in("paid");
        let conn = ledger.connection();
        let id: i64 = value(&ledger, "SELECT id FROM payouts", []);
        let mut confirm = report(State::Paid, "P1");
        confirm.success_time = Some("2026-12-05 10:00:00".into());
        conn.execute("UPDATE payouts SET platform_trade_no = 'P1'", [])
            .expect("order number");
        apply_reported(conn, id, State::Paid, "T".into(), &confirm).expect("applies");
        let kept: Option<String> = value(&ledger, "SELECT success_time FROM payouts", []);
        assert_eq!(kept.as_deref(), Some("2026-12-05 10:00:00"));
        confirm.success_time = Some("2026-12-06 11:00:00".into());
        apply_reported(conn, id, State::Paid, "T".into(), &confirm).expect("applies");
        let kept: Option<String> = value(&ledger, "SELECT success_time FROM payouts", []);
        assert_eq!(
            kept.as_deref(),
            Some("2026-12-05 10:00:00"),
            "the first time stays"
        );
    }
}
