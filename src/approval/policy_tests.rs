//! The approval rules, with keys made and signatures signed in-process (no
//! ssh-keygen needed): forged, altered, expired, unlisted, wrong namespace,
//! another digest, the same key twice, the maker, tiers, changed wallets.

use super::super::signers::tests::{new_key, pub_line};
use super::super::statement::tests::{input, validated};
use super::super::statement::{Input, render};
use super::*;
use crate::changes::{Wallet, WalletChange};
use crate::config::ApprovalTier;
use crate::validate::Validated;
use crate::wallet::Provider;
use ssh_key::{HashAlg, LineEnding, PrivateKey};
use std::path::Path;

const LABEL: &str = "nov";

fn statement(v: &Validated, role: Role, label: &str) -> String {
    render(&Input {
        role,
        ..input(v, label)
    })
}

fn record(
    v: &Validated,
    who: &str,
    statement: &str,
    signature: Option<String>,
    fp: Option<String>,
    role: Role,
) -> Approval {
    Approval {
        id: 0,
        batch_label: LABEL.into(),
        digest: v.digest.clone(),
        role: role.as_str().into(),
        approver: who.into(),
        approved_at: "2026-12-04T10:00:00.000Z".into(),
        payouts: v.payouts.len() as u64,
        total: v.total().unwrap(),
        input_file: None,
        note: None,
        signed: signature.is_some(),
        key_fingerprint: fp,
        statement: Some(statement.to_string()),
        signature,
    }
}

/// A signed approval of `v` by `key`, as `payrun approve --signature` records it.
fn signed(v: &Validated, who: &str, key: &PrivateKey, role: Role) -> Approval {
    let text = statement(v, role, LABEL);
    let sig = super::sig::sign_with_key(key, text.as_bytes()).unwrap();
    let fp = super::sig::fingerprint(key.public_key().key_data());
    record(v, who, &text, Some(sig), Some(fp), role)
}

struct Team {
    rahim: PrivateKey,
    rahim2: PrivateKey,
    karim: PrivateKey,
    sumi: PrivateKey,
    expired: PrivateKey,
    signers: AllowedSigners,
}

fn team() -> Team {
    let (rahim, rahim2, karim, sumi, expired) =
        (new_key(), new_key(), new_key(), new_key(), new_key());
    let text = format!(
        "rahim@finance namespaces=\"payrun-approval\" {}\nrahim@finance {}\nkarim@finance {}\nsumi@finance {}\nold@finance valid-before=\"20200101Z\" {}\n",
        pub_line(&rahim),
        pub_line(&rahim2),
        pub_line(&karim),
        pub_line(&sumi),
        pub_line(&expired)
    );
    let signers = AllowedSigners::parse(&text, Path::new("allowed_signers")).unwrap();
    Team {
        rahim,
        rahim2,
        karim,
        sumi,
        expired,
        signers,
    }
}

fn policy(approvers_above_1000: u32) -> ApprovalPolicy {
    ApprovalPolicy {
        required: true,
        tiers: vec![
            ApprovalTier {
                up_to: Some(crate::money::Amount::from_poisha(100_000)),
                approvers: 1,
            },
            ApprovalTier {
                up_to: None,
                approvers: approvers_above_1000,
            },
        ],
        signers: Some("allowed_signers".into()),
        require_signed: true,
        ..ApprovalPolicy::default()
    }
}

/// What most rules are tested on: the team, a batch of one Tk 500 payout
/// (E1, bKash), and a policy under which one approver covers it.
fn small_batch() -> (Team, Validated, ApprovalPolicy) {
    (
        team(),
        validated(&[("E1", Provider::Bkash, 500)]),
        policy(1),
    )
}

/// What most cases judge `v` under `LABEL` with, now; each changes a part.
fn context<'a>(
    v: &'a Validated,
    p: &'a ApprovalPolicy,
    signers: Option<&'a AllowedSigners>,
) -> Context<'a> {
    Context {
        label: LABEL,
        gateway: crate::approval::statement::gateway_words(false),
        digest: &v.digest,
        total: v.total().unwrap(),
        outside: crate::money::Amount::from_poisha(0),
        policy: p,
        signers,
        wallet_changes: &[],
        at: chrono::Utc::now(),
        clock: chrono::Utc::now(),
        nearby: &[],
        binding: None,
        repeats: None,
    }
}

fn judge_with(
    all: &[Approval],
    v: &Validated,
    p: &ApprovalPolicy,
    t: &Team,
    changes: &[WalletChange],
) -> Verdict {
    judge(
        all,
        &Context {
            wallet_changes: changes,
            ..context(v, p, Some(&t.signers))
        },
    )
}

fn refusal(v: &Verdict) -> String {
    v.judged
        .iter()
        .filter_map(|j| j.refused.clone())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The verdict's refusals say `says`.
fn assert_refused_for(v: &Verdict, says: &str) {
    let refusal = refusal(v);
    assert!(refusal.contains(says), "{says}: {refusal}");
}

#[test]
fn a_listed_key_counts_and_tiers_need_distinct_principals() {
    let t = team();
    let big = validated(&[("E1", Provider::Bkash, 2_000)]);
    let p = policy(2);
    let a = signed(&big, "x", &t.rahim, Role::Approve);
    let v = judge_with(std::slice::from_ref(&a), &big, &p, &t, &[]);
    assert_eq!(
        (v.need, v.approvers.clone()),
        (2, vec!["rahim@finance".to_string()])
    );
    assert!(!v.approved());
    // The same key twice, and the same principal with a second key: once.
    let again = signed(&big, "x", &t.rahim, Role::Approve);
    let second_key = signed(&big, "x", &t.rahim2, Role::Approve);
    let v = judge_with(&[a.clone(), again, second_key], &big, &p, &t, &[]);
    assert_eq!(v.approvers.len(), 1, "{v:?}");
    assert!(!v.approved());
    let k = signed(&big, "x", &t.karim, Role::Approve);
    let v = judge_with(&[a.clone(), k], &big, &p, &t, &[]);
    assert!(v.approved(), "{v:?}");
    // Under Tk 1,000 one approver is enough.
    let small = validated(&[("E1", Provider::Bkash, 1_000)]);
    let s = signed(&small, "x", &t.sumi, Role::Approve);
    assert!(judge_with(&[s], &small, &p, &t, &[]).approved());
}

#[test]
fn forged_altered_unlisted_expired_and_unsigned_approvals_do_not_count() {
    let (t, v, p) = small_batch();
    let good = signed(&v, "x", &t.rahim, Role::Approve);
    // Altered: the statement changed after signing (a word, not a number).
    let mut altered = good.clone();
    altered.statement = Some(
        good.statement
            .clone()
            .unwrap()
            .replace("I approve", "I approved"),
    );
    // Forged: karim's signature bytes claimed for rahim's key.
    let mut forged = signed(&v, "x", &t.karim, Role::Approve);
    let theirs = ssh_key::SshSig::from_pem(forged.signature.as_deref().unwrap()).unwrap();
    let mine = ssh_key::SshSig::from_pem(good.signature.as_deref().unwrap()).unwrap();
    let franken = ssh_key::SshSig::new(
        mine.public_key().clone(),
        NAMESPACE_FOR_TEST,
        HashAlg::Sha512,
        theirs.signature().clone(),
    )
    .unwrap();
    forged.signature = Some(franken.to_pem(LineEnding::LF).unwrap());
    let unlisted = signed(&v, "x", &new_key(), Role::Approve);
    let expired = signed(&v, "x", &t.expired, Role::Approve);
    let mut unsigned = good.clone();
    unsigned.signed = false;
    unsigned.signature = None;
    for (a, says) in [
        (altered, "does not verify"),
        (forged, "does not verify"),
        (unlisted, "not in the allowed-signers file"),
        (expired, "expired"),
        (unsigned, "unsigned"),
    ] {
        let verdict = judge_with(&[a], &v, &p, &t, &[]);
        assert!(!verdict.approved(), "{says}");
        assert_refused_for(&verdict, says);
    }
    assert!(judge_with(&[good], &v, &p, &t, &[]).approved());
}

const NAMESPACE_FOR_TEST: &str = crate::approval::NAMESPACE;

#[test]
fn a_signature_in_another_namespace_or_over_another_digest_does_not_count() {
    let (t, v, p) = small_batch();
    let text = statement(&v, Role::Approve, LABEL);
    let git = t
        .rahim
        .sign("git", HashAlg::Sha512, text.as_bytes())
        .unwrap();
    let fp = super::sig::fingerprint(t.rahim.public_key().key_data());
    let a = record(
        &v,
        "x",
        &text,
        Some(git.to_pem(LineEnding::LF).unwrap()),
        Some(fp.clone()),
        Role::Approve,
    );
    let verdict = judge_with(&[a], &v, &p, &t, &[]);
    assert_refused_for(&verdict, "namespace");
    // A good signature over another sheet's statement, recorded (by hand)
    // against this digest, does not count: the statement binds its digest.
    let other = validated(&[("E1", Provider::Bkash, 501)]);
    let mut moved = signed(&other, "x", &t.rahim, Role::Approve);
    moved.digest = v.digest.clone();
    let verdict = judge_with(&[moved], &v, &p, &t, &[]);
    assert!(!verdict.approved());
    assert_refused_for(&verdict, "not this content");
    // And one recorded under its own digest is simply another content.
    let theirs = signed(&other, "x", &t.rahim, Role::Approve);
    assert!(judge_with(&[theirs], &v, &p, &t, &[]).judged.is_empty());
}

#[test]
fn the_maker_cannot_approve_and_a_required_preparer_must_sign() {
    let (t, v, mut p) = small_batch();
    p.require_prepared = true;
    let made = signed(&v, "x", &t.sumi, Role::Prepare);
    let self_approved = signed(&v, "x", &t.sumi, Role::Approve);
    let verdict = judge_with(&[made.clone(), self_approved], &v, &p, &t, &[]);
    assert!(!verdict.approved());
    assert_refused_for(&verdict, "maker cannot approve");
    let k = signed(&v, "x", &t.karim, Role::Approve);
    assert!(
        !judge_with(std::slice::from_ref(&k), &v, &p, &t, &[]).approved(),
        "no preparer"
    );
    assert!(judge_with(&[made.clone(), k], &v, &p, &t, &[]).approved());
    // A prepare signature never counts as an approval, and an approve
    // signature is not a prepare one: the role is in the signed text.
    let mut relabelled = made;
    relabelled.role = "approve".into();
    let verdict = judge_with(&[relabelled], &v, &p, &t, &[]);
    assert!(verdict.approvers.is_empty(), "{verdict:?}");
}

#[test]
fn with_refuse_wallet_changes_an_approval_counts_only_if_its_statement_lists_them() {
    let (t, v, mut p) = small_batch();
    p.refuse_wallet_changes = true;
    let change = WalletChange {
        reference: "E1".into(),
        name: None,
        before_name: None,
        before: Wallet {
            provider: Provider::Bkash,
            id: "01711111111".into(),
        },
        before_batch: "oct".into(),
        now: Wallet {
            provider: Provider::Bkash,
            id: "01712345670".into(),
        },
    };
    let blind = signed(&v, "x", &t.rahim, Role::Approve);
    let verdict = judge_with(&[blind], &v, &p, &t, std::slice::from_ref(&change));
    assert_refused_for(&verdict, "changed wallets");
    // The statement written with the change in front of the approver.
    let changes = crate::changes::Changes {
        compared: vec![crate::ledger::earlier::EarlierBatch {
            label: "oct".into(),
            created_at: String::new(),
            paid: 1,
        }],
        amount_percent: 20,
        wallets_changed: vec![change.clone()],
        ..Default::default()
    };
    let text = render(&Input {
        role: Role::Approve,
        label: LABEL,
        gateway: crate::approval::statement::gateway_words(false),
        merchant: "\"M-1\"",
        validated: &v,
        provider: None,
        reading: &[],
        date: "d",
        paid_elsewhere: None,
        changes: Some(&changes),
    });
    let sig = super::sig::sign_with_key(&t.karim, text.as_bytes()).unwrap();
    let fp = super::sig::fingerprint(t.karim.public_key().key_data());
    let seen = record(&v, "x", &text, Some(sig), Some(fp), Role::Approve);
    assert!(judge_with(&[seen], &v, &p, &t, &[change]).approved());
}

/// A statement signed for the sandbox, put in the real ledger by hand (or
/// the other way round), does not count: `submit` reads its gateway line.
#[test]
fn a_statement_signed_for_the_other_gateway_does_not_count() {
    let (t, v, p) = small_batch();
    let text = render(&Input {
        gateway: crate::approval::statement::gateway_words(true),
        ..input(&v, LABEL)
    });
    let sig = super::sig::sign_with_key(&t.rahim, text.as_bytes()).unwrap();
    let fp = super::sig::fingerprint(t.rahim.public_key().key_data());
    let sandbox = record(&v, "x", &text, Some(sig), Some(fp), Role::Approve);
    let verdict = judge_with(&[sandbox], &v, &p, &t, &[]);
    assert!(!verdict.approved(), "{verdict:?}");
    assert_refused_for(&verdict, "sandbox (no real money)");
    let real = signed(&v, "x", &t.rahim, Role::Approve);
    assert!(judge_with(&[real], &v, &p, &t, &[]).approved());
}

#[path = "policy_age_tests.rs"]
mod age;

#[path = "policy_bound_tests.rs"]
mod bound;
