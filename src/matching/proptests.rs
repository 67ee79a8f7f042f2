//! Property: for random batches and random planted discrepancies, the
//! classes the matcher finds are exactly the classes planted, and the
//! statement side of the equations always balances.

use super::{Class, Elsewhere, LedgerSide, LineFacts, PayoutFacts, classify, equations};
use crate::money::Amount;
use crate::statement::Effect;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// What the statement does with one payout.
#[derive(Debug, Clone, Copy)]
enum Plant {
    Clean,
    Missing,
    AmountOff(i64),
    Reversed,
    ReversedInPlace,
    Twice,
    StatementFailed,
    FeeColumn(i64),
    FeeIncluded(i64),
    FeeLine(i64),
}

fn side() -> impl Strategy<Value = LedgerSide> {
    prop_oneof![
        6 => Just(LedgerSide::Paid),
        2 => Just(LedgerSide::Failed),
        1 => Just(LedgerSide::Pending),
        1 => Just(LedgerSide::NotSent),
        1 => Just(LedgerSide::Replaced),
    ]
}

fn plant() -> impl Strategy<Value = Plant> {
    prop_oneof![
        4 => Just(Plant::Clean),
        1 => Just(Plant::Missing),
        1 => (1i64..100_000).prop_map(Plant::AmountOff),
        1 => Just(Plant::Reversed),
        1 => Just(Plant::ReversedInPlace),
        1 => Just(Plant::Twice),
        1 => Just(Plant::StatementFailed),
        1 => (1i64..5_000).prop_map(Plant::FeeColumn),
        1 => (1i64..5_000).prop_map(Plant::FeeIncluded),
        1 => (1i64..5_000).prop_map(Plant::FeeLine),
    ]
}

fn line(trade: &str, by_platform: bool, effect: Effect, poisha: i64, fee: i64) -> LineFacts {
    LineFacts {
        trade_no: (!by_platform).then(|| trade.to_string()),
        platform_no: Some(format!("P-{trade}")),
        effect,
        amount: Amount::from_poisha(poisha),
        fee: Amount::from_poisha(fee),
    }
}

/// The statement's lines for one payout, and the class they must give
/// (`None`: no row, for a replaced revision the statement does not name).
fn planted(p: &PayoutFacts, plant: Plant, by_platform: bool) -> (Vec<LineFacts>, Option<Class>) {
    let (lines, class) = planted_class(p, plant, by_platform);
    let row = !(p.side == LedgerSide::Replaced && lines.is_empty());
    (lines, row.then_some(class))
}

fn planted_class(p: &PayoutFacts, plant: Plant, by_platform: bool) -> (Vec<LineFacts>, Class) {
    let a = p.amount.poisha();
    let t = p.trade_no.as_str();
    let l = |e, amount, fee| line(t, by_platform, e, amount, fee);
    let debit = || l(Effect::Debit, a, 0);
    match p.side {
        LedgerSide::Paid => match plant {
            Plant::Clean => (vec![debit()], Class::Matched),
            Plant::Missing => (vec![], Class::NotDebited),
            Plant::AmountOff(d) => (vec![l(Effect::Debit, a + d, 0)], Class::AmountDiffers),
            Plant::Reversed => (vec![debit(), l(Effect::Credit, a, 0)], Class::StatusDiffers),
            Plant::ReversedInPlace => (vec![l(Effect::DebitReversed, a, 0)], Class::StatusDiffers),
            Plant::Twice => (vec![debit(), debit()], Class::DebitedTwice),
            Plant::StatementFailed => (vec![l(Effect::Failed, a, 0)], Class::StatusDiffers),
            Plant::FeeColumn(f) => (vec![l(Effect::Debit, a, f)], Class::Matched),
            Plant::FeeIncluded(f) => (vec![l(Effect::Debit, a + f, f)], Class::Matched),
            Plant::FeeLine(f) => (vec![debit(), l(Effect::Fee, f, 0)], Class::Matched),
        },
        side => {
            let quiet = match side {
                LedgerSide::Pending => Class::NotDebited,
                _ => Class::Matched,
            };
            match plant {
                Plant::Clean | Plant::Missing => (vec![], quiet),
                Plant::StatementFailed => (vec![l(Effect::Failed, a, 0)], quiet),
                Plant::Reversed => (vec![debit(), l(Effect::Credit, a, 0)], quiet),
                Plant::Twice => (vec![debit(), debit()], Class::DebitedTwice),
                _ => (vec![debit()], Class::StatusDiffers),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn classes_found_are_the_classes_planted(
        batch in prop::collection::vec((1i64..5_000_000, side(), plant(), any::<bool>()), 0..40),
        strangers in prop::collection::vec(1i64..1_000_000, 0..5),
        order in any::<u64>(),
    ) {
        let payouts: Vec<PayoutFacts> = batch
            .iter()
            .enumerate()
            .map(|(i, (poisha, side, _, _))| PayoutFacts {
                trade_no: format!("T{i}"),
                platform_no: Some(format!("P-T{i}")),
                amount: Amount::from_poisha(*poisha),
                side: *side,
            })
            .collect();
        let mut lines = Vec::new();
        let mut want: BTreeMap<String, Class> = BTreeMap::new();
        for (p, (_, _, plant, by_platform)) in payouts.iter().zip(&batch) {
            let (ls, class) = planted(p, *plant, *by_platform);
            lines.extend(ls);
            if let Some(class) = class {
                want.insert(p.trade_no.clone(), class);
            }
        }
        for (i, poisha) in strangers.iter().enumerate() {
            let t = format!("X{i}");
            lines.push(line(&t, false, Effect::Debit, *poisha, 0));
            want.insert(t, Class::NotOurs);
        }
        // Statements list lines in their own order.
        let n = lines.len();
        if n > 1 {
            for i in 0..n {
                let j = (order.wrapping_mul(i as u64 + 7) % n as u64) as usize;
                lines.swap(i, j);
            }
        }
        let findings = classify(&payouts, &lines, &Elsewhere::default());
        let mut got: BTreeMap<String, Class> = BTreeMap::new();
        for f in &findings {
            let key = match f.payout {
                Some(i) => payouts[i].trade_no.clone(),
                None => lines[f.lines[0]].trade_no.clone().unwrap_or_default(),
            };
            prop_assert!(got.insert(key, f.class).is_none(), "one finding per payout or line");
        }
        prop_assert_eq!(got, want);
        let mut seen: Vec<usize> = findings.iter().flat_map(|f| f.lines.clone()).collect();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..n).collect::<Vec<_>>(), "every line in exactly one finding");
        // The sheet's side, as the ledger sums it: replaced revisions are
        // no rows of the sheet.
        let requested = Amount::checked_sum(
            payouts.iter().filter(|p| p.side != LedgerSide::Replaced).map(|p| p.amount),
        )
        .unwrap();
        let eq = equations(requested, &payouts, &lines, &findings);
        prop_assert!(eq.equations[0].balanced);
        prop_assert!(eq.equations[2].balanced);
        let clean = findings.iter().all(|f| f.class == Class::Matched);
        prop_assert_eq!(eq.equations[1].balanced || !clean, true);
    }
}
