//! The run summary's lines, as a person reads them.

use super::*;
use std::time::Instant;

/// A summary of batch `b` with `stats` and `totals`, and nothing else to
/// say: no halt, no problems, nothing skipped.
fn quiet<'a>(stats: &'a Stats, totals: &'a BatchTotals) -> Summary<'a> {
    Summary {
        label: "b",
        file_name: "s.csv",
        rows_read: 10,
        failed_for_their_data: 0,
        stats,
        sent: Requests::default(),
        loss_checks: 0,
        elapsed: Duration::from_secs(1),
        totals,
        problems: &[],
        halt: None,
        skipped: 0,
        not_in_sheet: 0,
        held: 0,
        ledger: Path::new("l.sqlite"),
        grace: Duration::from_secs(15),
        ledger_flags: "",
        unread: &[],
        trade_no_form: crate::config::TradeNoForm::LabelHash,
    }
}

#[test]
fn the_summary_counts_uncertain_payouts_and_the_grace_they_waited() {
    let stats = Stats::default();
    let totals = BatchTotals::default();
    let summary = |stats| quiet(stats, &totals);
    assert!(!summary(&stats).render().contains("Uncertain"));
    let counted = Summary {
        sent: Requests {
            payouts: 3,
            queries: 9,
            balances: 1,
        },
        loss_checks: 8,
        ..summary(&stats)
    };
    let text = counted.render();
    assert!(
        text.contains(
            "This run: 3 payout requests, 9 queries (8 ledger-loss checks), 1 balance check, \
             0 throttled answers"
        ),
        "{text}"
    );
    for id in 0..8 {
        stats.waiting.enter(id, Instant::now());
        stats.waiting.leave(id);
    }
    Stats::bump(&stats.resends);
    let text = summary(&stats).render();
    assert!(
        text.contains(
            "Uncertain: 8 payouts (their outcome unknown: no readable answer to a request, or \
             left unknown by an earlier run or --adopt); each was asked about, waiting up to 15 \
             s of grace before believing \"not found\": 1 resend (each with the same tradeNo), 0 \
             still unknown"
        ),
        "{text}"
    );
}

/// Payouts in conflict are unknown because the gateway answered and its
/// answer contradicts the ledger: neither "no answer from the gateway yet"
/// nor "a 5xx, a timeout or an unreadable answer" is true of them.
#[test]
fn conflicts_are_not_told_as_unanswered() {
    let stats = Stats::default();
    let unknown = StateTotal {
        state: State::Unknown,
        provider: None,
        count: 5,
        amount: Amount::from_poisha(500),
    };
    let totals = BatchTotals {
        by_state: vec![unknown],
        conflicts: 5,
        open_in_conflict: 5,
        ..BatchTotals::default()
    };
    for id in 0..5 {
        stats.waiting.enter(id, Instant::now());
        stats.waiting.leave(id);
    }
    let text = quiet(&stats, &totals).render();
    assert!(!text.contains("no answer from the gateway yet"), "{text}");
    assert!(
        !text.contains("a 5xx, a timeout or an unreadable answer"),
        "{text}"
    );
    assert!(text.contains("5 payouts in conflict"), "{text}");
    assert!(text.contains("0 still unknown, 5 in conflict"), "{text}");
}
