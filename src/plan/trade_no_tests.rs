//! Each tradeNo form: its characters, its length, the same tradeNo on every
//! run, and no two payouts sharing one.

use super::*;
use crate::plan::tests::payout;
use crate::plan::{Plan, TradeNoForm};
use std::collections::HashSet;

fn label(s: &str) -> BatchLabel {
    BatchLabel::parse(s).expect("valid label")
}

/// What a gateway that takes only this form's characters accepts.
fn allowed(form: TradeNoForm, t: &str) -> bool {
    let ok = |c: char| match form {
        TradeNoForm::LabelHash => c.is_ascii_alphanumeric() || c == '-' || c == '_',
        TradeNoForm::Alphanumeric => c.is_ascii_alphanumeric(),
        TradeNoForm::Digits => c.is_ascii_digit(),
    };
    !t.is_empty() && t.len() <= form.max_chars() && t.chars().all(ok)
}

const LABELS: [&str; 7] = [
    "payroll-2026-11",
    "Payroll Nov/2026 (final)",
    "corr",
    "বেতন নভেম্বর",
    "বেতন-নভেম্বর-২০২৬",
    "___________x",
    "---",
];

#[test]
fn every_form_keeps_to_its_characters_and_length_and_is_deterministic() {
    for form in TradeNoForm::ALL {
        for l in LABELS {
            let l = label(l);
            for (key, rev) in [
                ("ref:EMP-1", 0),
                ("ref:EMP-1", 1),
                ("row:bkash:01712345678:50000:3", 0),
            ] {
                let t = trade_no(form, &l, key, rev);
                assert!(allowed(form, &t), "{form} {l}: {t}");
                assert_eq!(t, trade_no(form, &l, key, rev), "{form}: same every run");
            }
        }
    }
    // Digits are always exactly 25: a gateway checking a fixed length sees one.
    assert_eq!(
        trade_no(TradeNoForm::Digits, &label("corr"), "ref:EMP-1", 0).len(),
        25
    );
}

/// The forms differ in how the hash is written, never in the hash: the
/// same payout is the same 80 bits in each.
#[test]
fn every_form_writes_the_same_hash() {
    for l in LABELS {
        let l = label(l);
        let dashed = trade_no(TradeNoForm::LabelHash, &l, "ref:EMP-1", 0);
        let (front, hex) = dashed.rsplit_once('-').expect("label-hash has a dash");
        let alnum = trade_no(TradeNoForm::Alphanumeric, &l, "ref:EMP-1", 0);
        let want_front: String = front.chars().filter(char::is_ascii_alphanumeric).collect();
        let want_front = if want_front.is_empty() {
            "payrun".to_string()
        } else {
            want_front
        };
        assert_eq!(alnum, format!("{want_front}{hex}"), "{l}");
        let digits = trade_no(TradeNoForm::Digits, &l, "ref:EMP-1", 0);
        let n = u128::from_str_radix(hex, 16).expect("hex");
        assert_eq!(digits.parse::<u128>().ok(), Some(n), "{l}");
    }
}

/// Pinned: a tradeNo of a batch is in its ledger and at the gateway, so
/// no form may ever change its output.
#[test]
fn trade_nos_of_each_form_never_change() {
    let l = label("payroll-2026-11");
    assert_eq!(
        trade_no(TradeNoForm::LabelHash, &l, "ref:EMP-1", 0),
        "payroll-202-49d029f880675140d90b"
    );
    assert_eq!(
        trade_no(TradeNoForm::Alphanumeric, &l, "ref:EMP-1", 0),
        "payroll20249d029f880675140d90b"
    );
    assert_eq!(
        trade_no(TradeNoForm::Digits, &l, "ref:EMP-1", 0),
        "0348572700325146699815179"
    );
}

/// 60,000 payouts of one label (two revisions each) and 3 labels: no
/// tradeNo repeats in any form.
#[test]
fn no_two_payouts_share_a_trade_no_in_any_form() {
    for form in TradeNoForm::ALL {
        let mut seen = HashSet::new();
        for l in ["payroll-2026-11", "payroll-2026-12", "বেতন নভেম্বর"] {
            let l = label(l);
            for i in 0..10_000 {
                for rev in 0..2 {
                    let t = trade_no(form, &l, &format!("ref:E{i}"), rev);
                    assert!(seen.insert(t.clone()), "{form}: {t} repeats");
                }
            }
        }
        assert_eq!(seen.len(), 60_000, "{form}");
    }
}

#[test]
fn the_legacy_front_belongs_to_label_hash_alone() {
    let l = label("বেতন নভেম্বর");
    let t = trade_no(TradeNoForm::LabelHash, &l, "ref:EMP-1", 0);
    assert!(legacy_form(TradeNoForm::LabelHash, &l, &t).is_some(), "{t}");
    for form in [TradeNoForm::Alphanumeric, TradeNoForm::Digits] {
        let t = trade_no(form, &l, "ref:EMP-1", 0);
        assert_eq!(legacy_form(form, &l, &t), None, "{form}: {t}");
    }
}

#[test]
fn a_plan_makes_its_trade_nos_in_its_form() {
    let rows = [payout(2, Some("E1"), "01712345678", 500)];
    let plan = Plan::new(label("nov"), &rows).expect("plan");
    assert_eq!(plan.form, TradeNoForm::LabelHash, "the default");
    let key = plan.rows[0].key.clone();
    assert_eq!(
        plan.trade_no(&key, 0),
        trade_no(TradeNoForm::LabelHash, &plan.label, &key, 0)
    );
    let plan = plan.in_form(TradeNoForm::Digits);
    assert_eq!(
        plan.trade_no(&key, 0),
        trade_no(TradeNoForm::Digits, &plan.label, &key, 0)
    );
}

proptest::proptest! {
    /// Any label, in every form: the form's characters and length, and the
    /// rows of one sheet never share a tradeNo (as
    /// `plan::tests::trade_nos_are_safe_and_unique_within_a_sheet`).
    #[test]
    fn every_form_is_safe_and_unique_within_a_sheet(
        label in "[^\\p{Cc}]{1,64}",
        cells in proptest::collection::vec((0u8..4, 0u8..3, proptest::bool::ANY), 1..60),
    ) {
        let Ok(label) = BatchLabel::parse(&label) else { return Ok(()); };
        let rows: Vec<_> = cells
            .iter()
            .enumerate()
            .map(|(i, (w, a, with_ref))| {
                let reference = with_ref.then(|| format!("R{i}"));
                payout(i + 2, reference.as_deref(), &format!("0171234567{w}"), 100 + i64::from(*a))
            })
            .collect();
        for form in TradeNoForm::ALL {
            let plan = Plan::new(label.clone(), &rows).expect("plan").in_form(form);
            let mut seen = HashSet::new();
            for r in &plan.rows {
                let t = plan.trade_no(&r.key, 0);
                proptest::prop_assert!(allowed(form, &t), "{} {}", form, t);
                proptest::prop_assert!(seen.insert(t));
            }
        }
    }
}
