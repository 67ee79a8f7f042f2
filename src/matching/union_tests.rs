//! The union of statements: one transaction written differently by two
//! exports counts once; a repeat one statement lists counts every time.

use super::union::union;
use crate::ledger::statements::{Line, StoredLine};
use crate::money::Amount;

fn line(statement: i64, trade: &str, platform: Option<&str>, time: &str) -> StoredLine {
    StoredLine {
        id: 0,
        statement_id: statement,
        file_name: format!("s{statement}.csv"),
        line: Line {
            row_no: 1,
            trade_no: Some(trade.to_string()),
            platform_trade_no: platform.map(str::to_string),
            effect: "debit".to_string(),
            amount: Amount::from_poisha(1_570_000),
            fee: Amount::ZERO,
            time: Some(time.to_string()),
            wallet: Some("01420269019".to_string()),
            balance: None,
            status_text: None,
            type_text: None,
        },
    }
}

fn kept(lines: Vec<StoredLine>) -> Vec<(i64, String)> {
    union(lines)
        .into_iter()
        .map(|l| (l.statement_id, l.line.trade_no.unwrap_or_default()))
        .collect()
}

#[test]
fn one_transaction_written_differently_by_two_exports_counts_once() {
    let iso = "2026-12-05 17:21:25";
    for (time, platform, wallet) in [
        ("05/12/2026 17:21:25", Some("SBX1"), None),
        ("2026-12-05T17:21:25", Some("SBX1"), None),
        ("05-Dec-2026 5:21:25 PM", Some("SBX1"), None),
        ("2026-12-05 17:21", Some("SBX1"), None),
        // The second export has no transaction-id column, nor a wallet one.
        (iso, None, Some(None)),
        // Its wallet is written with the country code.
        (iso, Some("SBX1"), Some(Some("+8801420269019"))),
        // Or masked, as some portals print it.
        (iso, Some("SBX1"), Some(Some("014****9019"))),
    ] {
        let a = line(1, "T1", Some("SBX1"), iso);
        let mut b = line(2, "T1", platform, time);
        if let Some(w) = wallet {
            b.line.wallet = w.map(str::to_string);
        }
        assert_eq!(
            kept(vec![a, b]),
            vec![(1, "T1".to_string())],
            "{time} {platform:?}"
        );
    }
}

#[test]
fn what_two_exports_state_differently_is_two_transactions() {
    let iso = "2026-12-05 17:21:25";
    for b in [
        line(2, "T1", Some("SBX2"), iso),
        line(2, "T1", Some("SBX1"), "2026-12-05 17:22:25"),
        line(2, "T1", Some("SBX1"), "06/12/2026 17:21:25"),
        line(2, "T2", Some("SBX1"), iso),
        {
            let mut other = line(2, "T1", Some("SBX1"), iso);
            other.line.wallet = Some("01720292776".to_string());
            other
        },
    ] {
        let a = line(1, "T1", Some("SBX1"), iso);
        assert_eq!(union(vec![a, b.clone()]).len(), 2, "{b:?}");
    }
}

#[test]
fn a_repeat_one_statement_lists_counts_every_time_it_is_listed() {
    let iso = "2026-12-05 17:21:25";
    let (a, b) = (line(1, "T1", None, iso), line(2, "T1", Some("SBX1"), iso));
    // The first lists the debit twice, the second (overlapping) once.
    let got = kept(vec![a.clone(), a.clone(), b.clone()]);
    assert_eq!(got, vec![(1, "T1".to_string()), (1, "T1".to_string())]);
    // The first once, the second twice: the second's repeat counts.
    let got = kept(vec![a, b.clone(), b]);
    assert_eq!(got, vec![(1, "T1".to_string()), (2, "T1".to_string())]);
}

#[test]
fn a_long_statement_is_not_compared_line_by_line_with_itself() {
    let lines: Vec<StoredLine> = (0..40_000)
        .map(|i| {
            line(
                1,
                &format!("T{i}"),
                Some(&format!("P{i}")),
                "2026-12-05 17:21:25",
            )
        })
        .chain((0..40_000).map(|i| line(2, &format!("T{i}"), None, "05/12/2026 17:21:25")))
        .collect();
    // Processor time, not wall time: a busy CI machine must not fail it.
    let started = crate::testing::cpu::ThreadClock::start();
    assert_eq!(union(lines).len(), 40_000);
    // A first export without the tradeNo column, then one with both numbers.
    let lines: Vec<StoredLine> = (0..40_000)
        .map(|i| {
            let mut l = line(1, "", Some(&format!("P{i}")), "2026-12-05 17:21:25");
            l.line.trade_no = None;
            l
        })
        .chain((0..40_000).map(|i| {
            line(
                2,
                &format!("T{i}"),
                Some(&format!("P{i}")),
                "05/12/2026 17:21:25",
            )
        }))
        .collect();
    assert_eq!(union(lines).len(), 40_000);
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
}

#[test]
fn times_read_as_instants_whatever_the_format() {
    use crate::statement::when::When;
    let at = |t: &str| When::read(t).unwrap_or_else(|| panic!("{t} reads as a time"));
    let iso = at("2026-12-05 17:21:25");
    for same in [
        "2026-12-05T17:21:25Z",
        "2026-12-05 17:21:25.480",
        "05.12.2026 17:21:25",
        "5 Dec 2026 05:21:25 pm",
        "12/05/2026 17:21:25",
        "2026/12/05",
    ] {
        assert!(iso.same(&at(same)), "{same}");
    }
    for other in [
        "2026-12-05 17:21:26",
        "2026-12-05 05:21:25",
        "06/12/2026 17:21:25",
    ] {
        assert!(!iso.same(&at(other)), "{other}");
    }
    for none in ["", "yesterday", "2026-13-45 10:00", "05/12/26 17:21"] {
        assert!(When::read(none).is_none(), "{none}");
    }
}

/// A zone on the time is read, and two zoned times compare on the ledger's
/// clock: across a day boundary they are one instant; the same wall clock
/// in two zones is not.
#[test]
fn zoned_times_compare_as_instants_on_the_ledgers_clock() {
    use crate::statement::when::When;
    let at = |t: &str| When::read(t).unwrap_or_else(|| panic!("{t} reads as a time"));
    let dhaka = at("2026-12-01T01:00:00+06:00");
    for same in [
        "2026-11-30T19:00:00Z",
        "30/11/2026 19:00:00 UTC",
        "2026-11-30 7:00:00 PM GMT",
        "2026-12-01 01:00:00 GMT+6",
        "2026-12-01 01:00 +0600",
    ] {
        assert!(dhaka.same(&at(same)), "{same}");
    }
    for other in ["2026-12-01T01:00:00Z", "2026-12-01T01:00:00-05:00"] {
        assert!(!dhaka.same(&at(other)), "{other}");
    }
    // No zone: the account's local time, within a day of the instant.
    assert!(dhaka.same(&at("2026-12-01 01:00:00")));
    assert!(!dhaka.same(&at("2026-12-03 01:00:00")));
    assert!(When::parse("2026-12-01 10:00:00 BST").is_err());
    assert!(When::parse("2026-12-01 10:00:00 Asia/Dhaka").is_err());
}
