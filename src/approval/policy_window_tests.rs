//! The approval window, case by case: which other labels' batches count
//! toward a batch's tier, and the words that say so. Unsigned approvals
//! (`--by NAME`), so that each case is one line.

use super::super::{Context, Verdict, judge};
use super::*;
use crate::config::{ApprovalPolicy, ApprovalTier};
use crate::money::Amount;

/// 2026-12-05 12:00 UTC, the moment every case is judged at.
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-05T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn ago(hours: i64) -> String {
    crate::time::to_text((now() - chrono::Duration::hours(hours)).into())
}

fn lakh(tenths: i64) -> Amount {
    Amount::from_poisha(tenths * 10_000 * 100)
}

/// Up to Tk 10 lakh one approver, up to Tk 50 lakh two, above three.
fn policy(window: Option<Duration>) -> ApprovalPolicy {
    let tier = |lakhs: Option<i64>, approvers| ApprovalTier {
        up_to: lakhs.map(|l| lakh(l * 10)),
        approvers,
    };
    ApprovalPolicy {
        required: true,
        tiers: vec![tier(Some(10), 1), tier(Some(50), 2), tier(None, 3)],
        window,
        ..ApprovalPolicy::default()
    }
}

const DAY: Option<Duration> = Some(Duration::from_secs(24 * 3600));

/// Batch `nov` of `total` under `p`, judged now beside `nearby`.
fn nov<'a>(total: Amount, p: &'a ApprovalPolicy, nearby: &'a [Neighbour]) -> Context<'a> {
    Context {
        label: "nov",
        gateway: crate::approval::statement::gateway_words(false),
        digest: "digest-nov",
        total,
        outside: Amount::from_poisha(0),
        policy: p,
        signers: None,
        wallet_changes: &[],
        at: now(),
        clock: now(),
        nearby,
        binding: None,
        repeats: None,
    }
}

/// Another label's batch: `tenths` of a lakh, approved `hours` ago by
/// `by` (none: never approved), and sent `sent` hours ago if given.
struct Other {
    label: &'static str,
    tenths: i64,
    by: &'static [&'static str],
    approved: i64,
    sent: Option<i64>,
}

fn other(label: &'static str, tenths: i64, by: &'static [&'static str], approved: i64) -> Other {
    Other {
        label,
        tenths,
        by,
        approved,
        sent: None,
    }
}

fn neighbour(o: &Other) -> Neighbour {
    let approvals =
        o.by.iter()
            .enumerate()
            .map(|(i, who)| Approval {
                id: i as i64 + 1,
                batch_label: o.label.into(),
                digest: format!("digest-{}", o.label),
                role: "approve".into(),
                approver: (*who).into(),
                approved_at: ago(o.approved),
                payouts: 12,
                total: lakh(o.tenths),
                input_file: None,
                note: None,
                signed: false,
                key_fingerprint: None,
                statement: None,
                signature: None,
            })
            .collect();
    Neighbour {
        label: o.label.into(),
        approvals,
        sent: o.sent.map_or(Amount::from_poisha(0), |_| lakh(o.tenths)),
        last_sent: o.sent.map(ago),
        sent_digests: o
            .sent
            .map(|_| vec![format!("digest-{}", o.label)])
            .unwrap_or_default(),
    }
}

/// The verdict on a batch `nov` of `tenths` of a lakh approved by alice.
fn verdict(tenths: i64, others: &[Other], window: Option<Duration>) -> Verdict {
    let p = policy(window);
    let nearby: Vec<Neighbour> = others.iter().map(neighbour).collect();
    let mine = neighbour(&other("nov", tenths, &["alice"], 0));
    judge(&mine.approvals, &nov(lakh(tenths), &p, &nearby))
}

/// What, this batch in tenths of a lakh, the others, the window, the
/// approvers needed, and the labels counted with it.
type Case = (
    &'static str,
    i64,
    Vec<Other>,
    Option<Duration>,
    usize,
    &'static [&'static str],
);

#[test]
fn which_batches_count_toward_the_tier() {
    let sent = |mut o: Other, hours| {
        o.sent = Some(hours);
        o
    };
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        ("alone", 60, vec![], DAY, 1, &[]),
        ("the split: 6 + 6 lakh, one approver each", 60, vec![other("a", 60, &["alice"], 2)], DAY, 2, &["a"]),
        ("approved by someone else: still one each", 60, vec![other("a", 60, &["bob"], 2)], DAY, 2, &["a"]),
        ("outside the window", 60, vec![other("a", 60, &["alice"], 25)], DAY, 1, &[]),
        ("a longer window reaches it", 60, vec![other("a", 60, &["alice"], 25)], Some(Duration::from_secs(7 * 86_400)), 2, &["a"]),
        ("window off", 60, vec![other("a", 60, &["alice"], 2)], None, 1, &[]),
        ("the other had the sum's approvers", 60, vec![other("a", 60, &["alice", "bob"], 2)], DAY, 1, &[]),
        ("two names of one person are one approver", 60, vec![other("a", 60, &["Bob", " bob "], 2)], DAY, 2, &["a"]),
        ("the same label (another content) is this batch", 60, vec![other("nov", 60, &["bob"], 2)], DAY, 1, &[]),
        ("three ways: 4 + 4 + 4, no pair above 10", 40, vec![other("a", 40, &["alice"], 2), other("b", 40, &["alice"], 3)], DAY, 2, &["a", "b"]),
        ("under the limit together", 40, vec![other("a", 50, &["alice"], 2)], DAY, 1, &[]),
        ("approved last week, sent an hour ago", 60, vec![sent(other("a", 60, &["alice"], 170), 1)], DAY, 2, &["a"]),
        ("sent without any approval", 60, vec![sent(other("a", 60, &[], 0), 1)], DAY, 2, &["a"]),
        ("a big batch with two approvers, small one now", 10, vec![other("p", 450, &["alice", "bob"], 2)], DAY, 1, &[]),
        ("just under the top tier, plus a little", 10, vec![other("p", 495, &["alice", "bob"], 2)], DAY, 3, &["p"]),
        // 1 + 45 + 8 = 54 lakh needs 3: p (3) leaves; 9 lakh needs 1: q (2) leaves.
        ("leaving one out lets another out", 10, vec![other("p", 450, &["a", "b", "c"], 2), other("q", 80, &["a", "b"], 2)], DAY, 1, &[]),
    ];
    for (what, tenths, others, window, need, with) in cases {
        let v = verdict(tenths, &others, window);
        assert_eq!(v.need, need, "{what}: {v:?}");
        let got: Vec<&str> = v
            .combined
            .iter()
            .flat_map(|c| c.with.iter().map(|b| b.label.as_str()))
            .collect();
        assert_eq!(got, with, "{what}");
        assert_eq!(v.why.is_some(), !with.is_empty(), "{what}: {:?}", v.why);
        assert_eq!(v.approved(), need == 1, "{what}: approved by alice alone");
    }
}

#[test]
fn the_verdict_says_why_in_plain_words() {
    let v = verdict(60, &[other("payroll-2026-11a", 60, &["alice"], 2)], DAY);
    assert_eq!(
        v.why.as_deref(),
        Some(
            "needs 2 approvers: with payroll-2026-11a (Tk 6,00,000.00, approved 2026-12-05 10:00 UTC by alice) \
             this makes Tk 12,00,000.00 within 24 h, above Tk 10,00,000.00"
        )
    );
    assert_eq!(
        v.tier_words,
        "batches above Tk 10,00,000.00 and up to Tk 50,00,000.00"
    );
    let mut sent = other("b", 60, &[], 0);
    sent.sent = Some(1);
    let v = verdict(60, &[sent], Some(Duration::from_secs(7 * 86_400)));
    assert_eq!(
        v.why.as_deref(),
        Some(
            "needs 2 approvers: with b (Tk 6,00,000.00, never approved, sent 2026-12-05 11:00 UTC) \
             this makes Tk 12,00,000.00 within 7 days, above Tk 10,00,000.00"
        )
    );
    let v = verdict(
        40,
        &[other("a", 40, &["alice"], 2), other("b", 40, &["bob"], 3)],
        DAY,
    );
    let why = v.why.unwrap_or_default();
    assert!(
        why.contains("with a (Tk 4,00,000.00, approved 2026-12-05 10:00 UTC by alice) and b (Tk 4,00,000.00, approved 2026-12-05 09:00 UTC by bob) this makes Tk 12,00,000.00"),
        "{why}"
    );
}

#[test]
fn a_window_reads_as_people_say_it() {
    for (secs, words) in [
        (24 * 3600, "24 h"),
        (7 * 86_400, "7 days"),
        (90 * 60, "90 min"),
        (3600, "1 h"),
        (45, "45s"),
    ] {
        assert_eq!(window_words(Duration::from_secs(secs)), words);
    }
}

/// A batch that sent Tk 6 lakh on alice alone, and whose later content
/// (a correction) alice and bob approved, was not seen by two: it counts
/// with the fewest approvers of any content it sent.
#[test]
fn a_batch_counts_with_the_fewest_approvers_of_what_it_sent() {
    let mut n = neighbour(&other("a", 60, &["alice", "bob"], 1));
    n.sent = lakh(60);
    n.last_sent = Some(ago(3));
    n.sent_digests = vec!["digest-a-paid".into()];
    let mut paid = n.approvals[0].clone();
    paid.id = 9;
    paid.digest = "digest-a-paid".into();
    paid.approved_at = ago(4);
    n.approvals.insert(0, paid);
    let p = policy(DAY);
    let judged = |n: &Neighbour| judge(&[], &nov(lakh(60), &p, std::slice::from_ref(n)));
    let v = judged(&n);
    assert_eq!(v.need, 2, "{v:?}");
    let with = v.combined.map(|c| c.with).unwrap_or_default();
    assert_eq!(with.len(), 1);
    assert_eq!(with[0].approvers, ["alice"]);
    // Had bob approved what it sent too, it was seen by two: not counted.
    n.approvals.push(Approval {
        id: 10,
        approver: "bob".into(),
        ..n.approvals[0].clone()
    });
    let v = judged(&n);
    assert_eq!(v.need, 1, "{v:?}");
}
