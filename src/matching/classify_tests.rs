//! The rule table, case by case: one payout (or none) and its lines in, one
//! class (and flag) out.

use super::*;

/// The class and flag a case must give.
type Want = (Class, Option<Flag>);

fn tk(t: i64) -> Amount {
    Amount::from_poisha(t * 100)
}

fn payout(trade: &str, taka: i64, side: LedgerSide) -> PayoutFacts {
    PayoutFacts {
        trade_no: trade.to_string(),
        platform_no: Some(format!("P-{trade}")),
        amount: tk(taka),
        side,
    }
}

fn line(
    trade: Option<&str>,
    platform: Option<&str>,
    effect: Effect,
    taka: i64,
    fee: i64,
) -> LineFacts {
    LineFacts {
        trade_no: trade.map(str::to_string),
        platform_no: platform.map(str::to_string),
        effect,
        amount: tk(taka),
        fee: tk(fee),
    }
}

fn debit(trade: &str, taka: i64) -> LineFacts {
    line(Some(trade), None, Effect::Debit, taka, 0)
}

/// The one finding for a single payout with these lines: (class, flag).
fn one(side: LedgerSide, lines: &[LineFacts]) -> (Class, Option<Flag>) {
    let f = classify(&[payout("T1", 500, side)], lines, &Elsewhere::default());
    assert_eq!(f.len(), 1, "{f:?}");
    (f[0].class, f[0].flag)
}

use Effect as E;
use LedgerSide as S;

#[test]
fn paid_payouts() {
    let c = Class::Matched;
    let table: Vec<(&str, Vec<LineFacts>, Want)> = vec![
        ("debited once", vec![debit("T1", 500)], (c, None)),
        (
            "fee in its own column",
            vec![line(Some("T1"), None, E::Debit, 500, 5)],
            (c, None),
        ),
        (
            "debit includes the fee",
            vec![line(Some("T1"), None, E::Debit, 505, 5)],
            (c, None),
        ),
        (
            "fee on its own line",
            vec![debit("T1", 500), line(Some("T1"), None, E::Fee, 5, 0)],
            (c, None),
        ),
        ("no line", vec![], (Class::NotDebited, None)),
        (
            "only a pending line",
            vec![line(Some("T1"), None, E::Pending, 500, 0)],
            (Class::NotDebited, None),
        ),
        (
            "another amount",
            vec![debit("T1", 510)],
            (Class::AmountDiffers, None),
        ),
        (
            "debit of amount + a fee the line does not state",
            vec![debit("T1", 505)],
            (Class::AmountDiffers, None),
        ),
        (
            "statement says failed",
            vec![line(Some("T1"), None, E::Failed, 500, 0)],
            (Class::StatusDiffers, Some(Flag::Conflict)),
        ),
        (
            "reversal as its own credit line",
            vec![debit("T1", 500), line(Some("T1"), None, E::Credit, 500, 0)],
            (Class::StatusDiffers, Some(Flag::Reversal)),
        ),
        (
            "the debit itself marked reversed",
            vec![line(Some("T1"), None, E::DebitReversed, 500, 0)],
            (Class::StatusDiffers, Some(Flag::Reversal)),
        ),
        (
            "partly refunded",
            vec![debit("T1", 500), line(Some("T1"), None, E::Credit, 200, 0)],
            (Class::AmountDiffers, None),
        ),
        (
            "debited twice",
            vec![debit("T1", 500), debit("T1", 500)],
            (Class::DebitedTwice, None),
        ),
        (
            "debited twice, one given back",
            vec![
                debit("T1", 500),
                debit("T1", 500),
                line(Some("T1"), None, E::Credit, 500, 0),
            ],
            (c, None),
        ),
        (
            "found by platform number",
            vec![line(None, Some("P-T1"), E::Debit, 500, 0)],
            (c, None),
        ),
    ];
    for (case, lines, want) in table {
        assert_eq!(one(S::Paid, &lines), want, "{case}");
    }
}

#[test]
fn unpaid_payouts() {
    let table: Vec<(LedgerSide, Vec<LineFacts>, Want)> = vec![
        (S::Failed, vec![], (Class::Matched, None)),
        (
            S::Failed,
            vec![line(Some("T1"), None, E::Failed, 500, 0)],
            (Class::Matched, None),
        ),
        (
            S::Failed,
            vec![debit("T1", 500)],
            (Class::StatusDiffers, Some(Flag::Conflict)),
        ),
        (
            S::Failed,
            vec![debit("T1", 500), line(Some("T1"), None, E::Credit, 500, 0)],
            (Class::Matched, None),
        ),
        (
            S::Failed,
            vec![debit("T1", 500), debit("T1", 500)],
            (Class::DebitedTwice, Some(Flag::Conflict)),
        ),
        (S::NotSent, vec![], (Class::Matched, None)),
        (
            S::NotSent,
            vec![debit("T1", 500)],
            (Class::StatusDiffers, Some(Flag::Conflict)),
        ),
        (S::Pending, vec![], (Class::NotDebited, None)),
        (
            S::Pending,
            vec![debit("T1", 500)],
            (Class::StatusDiffers, None),
        ),
        (
            S::Pending,
            vec![debit("T1", 500), debit("T1", 500)],
            (Class::DebitedTwice, None),
        ),
    ];
    for (side, lines, want) in table {
        assert_eq!(one(side, &lines), want, "{side:?} {lines:?}");
    }
}

#[test]
fn lines_that_are_no_payout_of_the_batch() {
    let mut elsewhere = Elsewhere::default();
    elsewhere
        .by_trade_no
        .insert("OTHER-1".to_string(), "payroll-2026-10".to_string());
    elsewhere
        .by_platform_no
        .insert("P-OTHER-2".to_string(), "bonus".to_string());
    let lines = vec![
        debit("T1", 500),
        debit("NEVER-SENT", 700),
        debit("OTHER-1", 300),
        line(Some("unknown"), Some("P-OTHER-2"), E::Debit, 100, 0),
        line(None, None, E::Debit, 900, 0),
        line(None, None, E::Credit, 5000, 0),
    ];
    let f = classify(&[payout("T1", 500, S::Paid)], &lines, &elsewhere);
    assert_eq!(f.len(), 6, "one finding per loose line plus the payout");
    let classes: Vec<Class> = f.iter().map(|f| f.class).collect();
    assert_eq!(classes[..5], [Class::NotOurs; 5]);
    assert_eq!(classes[5], Class::Matched, "discrepancies come first");
    assert_eq!(f[1].other_batch.as_deref(), Some("payroll-2026-10"));
    assert_eq!(f[2].other_batch.as_deref(), Some("bonus"));
    assert!(f[0].detail.contains("never sent"), "{}", f[0].detail);
    assert!(f[3].detail.contains("without any order number"));
    assert!(
        f.iter()
            .all(|f| f.class == Class::Matched || !f.next_step.is_empty())
    );
}

#[test]
fn trade_no_wins_over_platform_number() {
    let a = payout("A", 100, S::Paid);
    let mut b = payout("B", 200, S::Paid);
    b.platform_no = Some("P-X".to_string());
    // The line names A's tradeNo and B's platform number: it is A's.
    let l = line(Some("A"), Some("P-X"), E::Debit, 100, 0);
    let f = classify(&[a, b], &[l], &Elsewhere::default());
    let a_f = f.iter().find(|f| f.payout == Some(0)).unwrap();
    let b_f = f.iter().find(|f| f.payout == Some(1)).unwrap();
    assert_eq!((a_f.class, a_f.lines.clone()), (Class::Matched, vec![0]));
    assert_eq!(b_f.class, Class::NotDebited);
}

#[test]
fn every_payout_and_line_ends_in_exactly_one_finding() {
    let payouts = vec![
        payout("A", 100, S::Paid),
        payout("B", 200, S::Failed),
        payout("C", 300, S::Pending),
    ];
    let lines = vec![
        debit("A", 100),
        debit("Z", 1),
        debit("B", 200),
        line(Some("A"), None, E::Fee, 2, 0),
        line(None, None, E::NoMoney, 0, 0),
    ];
    let f = classify(&payouts, &lines, &Elsewhere::default());
    let mut seen_lines: Vec<usize> = f.iter().flat_map(|f| f.lines.clone()).collect();
    seen_lines.sort_unstable();
    assert_eq!(seen_lines, vec![0, 1, 2, 3, 4]);
    let mut seen_payouts: Vec<usize> = f.iter().filter_map(|f| f.payout).collect();
    seen_payouts.sort_unstable();
    assert_eq!(seen_payouts, vec![0, 1, 2]);
}

#[test]
fn sums_and_equations() {
    let payouts = vec![
        payout("A", 100, S::Paid),
        payout("B", 200, S::Paid),
        payout("C", 50, S::Failed),
    ];
    let lines = vec![
        line(Some("A"), None, E::Debit, 105, 5),
        debit("B", 210),
        debit("X", 40),
        line(Some("A"), None, E::Fee, 1, 0),
    ];
    let f = classify(&payouts, &lines, &Elsewhere::default());
    let eq = super::super::equations(tk(350), &payouts, &lines, &f);
    let e = &eq.equations;
    assert!(e[0].balanced, "{}", e[0].text());
    assert_eq!((e[1].left, e[1].right[0].amount), (tk(300), tk(100)));
    assert_eq!(e[1].difference, tk(200));
    assert!(
        e[1].text().contains("NOT BALANCED, difference Tk 200.00"),
        "{}",
        e[1].text()
    );
    assert_eq!(e[2].left, tk(355));
    assert_eq!(
        (e[2].right[0].amount, e[2].right[1].amount),
        (tk(105), tk(250))
    );
    assert!(e[2].balanced);
    assert_eq!(eq.fees, tk(6));
    assert!(!eq.balanced());
}

#[test]
fn a_replaced_revision_is_a_row_only_when_the_statement_names_it() {
    let replaced = payout("T1", 500, S::Replaced);
    let none = classify(std::slice::from_ref(&replaced), &[], &Elsewhere::default());
    assert!(none.is_empty(), "{none:?}");
    let failed = [line(Some("T1"), None, E::Failed, 500, 0)];
    assert_eq!(one(S::Replaced, &failed), (Class::Matched, None));
    assert_eq!(
        one(S::Replaced, &[debit("T1", 500)]),
        (Class::StatusDiffers, Some(Flag::Conflict)),
        "a debit on a replaced revision may have paid the person twice"
    );
}
