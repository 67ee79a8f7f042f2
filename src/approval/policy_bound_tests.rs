//! Another label's signed approvals in the approval window are held to what
//! the ledger recorded of them: a row whose total was lowered by hand no
//! longer makes a split payment look small.

use super::*;
use crate::ledger::approval_window::Neighbour;
use std::time::Duration;

/// Signed by `key` for `label`, recorded under that label.
fn signed_for(v: &Validated, label: &str, key: &PrivateKey) -> Approval {
    let text = render(&Input {
        label,
        ..input(v, label)
    });
    let sig = super::super::sig::sign_with_key(key, text.as_bytes()).unwrap();
    let fp = super::super::sig::fingerprint(key.public_key().key_data());
    let mut a = record(v, "x", &text, Some(sig), Some(fp), Role::Approve);
    a.batch_label = label.into();
    a.approved_at = crate::time::now_text();
    a
}

#[test]
fn a_neighbours_total_lowered_in_the_ledger_does_not_lower_the_tier() {
    let t = team();
    let mut p = policy(2);
    p.window = Some(Duration::from_secs(24 * 3600));
    let mine = validated(&[("E1", Provider::Bkash, 500)]);
    let theirs = validated(&[("E2", Provider::Bkash, 900)]);
    let mut lowered = signed_for(&theirs, "oct-b", &t.karim);
    // Tk 900 signed; Tk 100 written into the ledger row by hand.
    lowered.total = crate::money::Amount::from_poisha(10_000);
    let nearby = [Neighbour {
        label: "oct-b".into(),
        approvals: vec![lowered],
        sent: crate::money::Amount::from_poisha(0),
        last_sent: None,
        sent_digests: Vec::new(),
    }];
    let a = signed_for(&mine, LABEL, &t.rahim);
    let verdict = judge(
        &[a],
        &Context {
            nearby: &nearby,
            ..context(&mine, &p, Some(&t.signers))
        },
    );
    // Tk 500 + the Tk 900 karim signed for is above Tk 1,000: two approvers.
    assert_eq!(verdict.need, 2, "{verdict:?}");
    assert!(!verdict.approved(), "{verdict:?}");
}

/// An unsigned row says its role; its statement says what was shown. A
/// maker's prepare statement recorded (or edited) as an approval is not one.
#[test]
fn an_unsigned_prepare_statement_recorded_as_an_approval_does_not_count() {
    let v = validated(&[("E1", Provider::Bkash, 500)]);
    let p = ApprovalPolicy {
        required: true,
        ..ApprovalPolicy::default()
    };
    let text = statement(&v, Role::Prepare, LABEL);
    let a = record(&v, "sumi", &text, None, None, Role::Approve);
    let binding = crate::approval::statement::binding(
        LABEL,
        crate::approval::statement::gateway_words(false),
        "\"M-1\"",
        &v,
    );
    let verdict = judge(
        &[a],
        &Context {
            binding: Some(&binding),
            ..context(&v, &p, None)
        },
    );
    assert!(!verdict.approved(), "{verdict:?}");
    assert_refused_for(&verdict, "prepare");
}
