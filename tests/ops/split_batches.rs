//! An approval tier cannot be dodged by splitting a payment across labels:
//! with `approval_threshold_taka = 1000000` (two approvers above Tk 10
//! lakh), two batches of Tk 6 lakh each approved by the same one person on
//! the same day are judged together, as Tk 12 lakh (`approval_window`).

use super::*;
use payrun::testing::ledger::Ledger;

const LEDGER: &str = "payrun-sandbox/ledger.sqlite";

/// Two approvers above Tk 10 lakh; `extra` adds to payrun.toml.
fn setup(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "payrun.toml",
        &format!("require_approval = true\napproval_threshold_taka = 1000000\n{extra}"),
    );
    dir
}

/// A folder as [`setup`] makes it, and the two halves of a Tk 12 lakh
/// payment, `a.csv` and `b.csv`, of Tk 6 lakh each.
fn halves(extra: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = setup(extra);
    let a = six_lakh(dir.path(), "a.csv", 7);
    let b = six_lakh(dir.path(), "b.csv", 8);
    (dir, a, b)
}

/// alice approves `sheet` for `batch`, and it is paid.
fn paid_on_alice(d: &Path, sheet: &Path, batch: &str) {
    assert_eq!(code(&approve(d, sheet, batch, "alice")), 0);
    assert_eq!(code(&submit(d, sheet, batch)), 0);
}

/// Tk 6 lakh: 12 rows of Tk 50,000 (the per-row cap), payees of their own
/// (`prefix` 7, 8 or 9), so that no batch holds another's as a repeat.
fn six_lakh(d: &Path, name: &str, prefix: u8) -> PathBuf {
    let mut s = String::from("reference,name,provider,wallet,amount\n");
    for i in 0..12 {
        s.push_str(&format!(
            "P{prefix}-{i:02},Person {i},bkash,01{prefix}{i:06}42,50000\n"
        ));
    }
    write(d, name, &s)
}

fn approve(d: &Path, sheet: &Path, batch: &str, by: &str) -> Output {
    run(payrun(d)
        .arg("approve")
        .arg(sheet)
        .args(["--batch", batch, "--by", by, "--sandbox"]))
}

fn submit(d: &Path, sheet: &Path, batch: &str) -> Output {
    run(payrun(d)
        .arg("submit")
        .arg(sheet)
        .args(["--batch", batch, "--sandbox"]))
}

/// The words that say why the second batch needs two approvers.
fn assert_says_why(text: &str, other: &str, by: &str) {
    for words in [
        "needs 2 approvers: with ".to_string(),
        format!("{other} (Tk 6,00,000.00, approved "),
        format!(" by {by}"),
        "this makes Tk 12,00,000.00 within 24 h, above Tk 10,00,000.00".to_string(),
    ] {
        assert!(text.contains(&words), "{words:?} in: {text}");
    }
}

#[test]
fn two_batches_under_the_threshold_on_one_day_need_the_approvers_of_their_sum() {
    let (dir, a, b) = halves("");
    let d = dir.path();
    paid_on_alice(d, &a, "payroll-2026-11a");
    // The second half, approved by the same one person: not enough.
    let out = approve(d, &b, "payroll-2026-11b", "alice");
    assert_eq!(code(&out), 0, "the approval itself is recorded");
    assert!(stdout(&out).contains("1 of 2"), "{}", stdout(&out));
    assert_says_why(&stdout(&out), "payroll-2026-11a", "alice");
    let out = submit(d, &b, "payroll-2026-11b");
    assert_eq!(code(&out), 2, "Tk 12 lakh paid on one approver");
    assert_says_why(&stderr(&out), "payroll-2026-11a", "alice");
    assert!(
        stderr(&out).contains("Nothing was sent"),
        "{}",
        stderr(&out)
    );
    let l = Ledger::open(&d.join(LEDGER)).unwrap();
    assert!(l.batch("payroll-2026-11b").unwrap().is_none());
    // The auditor finds the reason beside the approval it was given for.
    let recorded = l.approvals("payroll-2026-11b", None).unwrap();
    let verdicts = l.approval_verdicts("payroll-2026-11b").unwrap();
    assert_eq!(verdicts.len(), 1, "{verdicts:?}");
    assert_eq!(verdicts[0].approval_id, recorded[0].id);
    assert!(verdicts[0].verdict.contains("1 of 2"), "{verdicts:?}");
    assert_says_why(&verdicts[0].verdict, "payroll-2026-11a", "alice");
    drop(l);
    // A second person approves: paid.
    assert_eq!(code(&approve(d, &b, "payroll-2026-11b", "bob")), 0);
    assert_eq!(code(&submit(d, &b, "payroll-2026-11b")), 0);
    // The report's approvals say it too.
    let v = sandbox_json_report(d, "payroll-2026-11b");
    let approvals = v["summary"]["approvals"].as_array().unwrap();
    let alice = approvals[0]["note"].as_str().unwrap_or_default();
    assert!(alice.contains("; when given: 1 of 2 approvals"), "{alice}");
    assert_says_why(alice, "payroll-2026-11a", "alice");
    let window = approvals[0]["window"].as_str().unwrap_or_default();
    assert!(window.starts_with("needs 2 approvers: with "), "{window}");
    let out = run(payrun(d).args(["status", "--batch", "payroll-2026-11b", "--ledger", LEDGER]));
    assert_says_why(&stdout(&out), "payroll-2026-11a", "alice");
    let bob = approvals[1]["note"].as_str().unwrap_or_default();
    assert!(bob.contains("when given: This content is approved for submit (by alice and bob). It needs 2 approvers"), "{bob}");
}

/// Approving both halves first and submitting them after does not help:
/// a batch approved (not yet sent) within the window counts too.
#[test]
fn a_pending_approved_half_counts_against_the_first_submit() {
    let (dir, a, b) = halves("");
    let d = dir.path();
    assert_eq!(code(&approve(d, &a, "payroll-2026-11a", "alice")), 0);
    assert_eq!(code(&approve(d, &b, "payroll-2026-11b", "alice")), 0);
    let out = submit(d, &a, "payroll-2026-11a");
    assert_eq!(code(&out), 2);
    assert_says_why(&stderr(&out), "payroll-2026-11b", "alice");
}

/// `approval_window = "off"`: each batch is judged by its own total again.
#[test]
fn with_the_window_off_each_batch_has_its_own_tier() {
    let (dir, a, b) = halves("approval_window = \"off\"\n");
    let d = dir.path();
    paid_on_alice(d, &a, "payroll-2026-11a");
    paid_on_alice(d, &b, "payroll-2026-11b");
}

/// A batch already paid on one approver is not "seen by two" because two
/// people later approved other content under its label: what it paid was
/// approved by alice alone, so it still counts toward the next batch's sum.
#[test]
fn approvals_of_other_content_do_not_cover_what_a_batch_already_paid() {
    let (dir, a, b) = halves("");
    let d = dir.path();
    paid_on_alice(d, &a, "payroll-2026-11a");
    // Bob approves a Tk 100 correction under the paid label; nobody sends it.
    let small = write(
        d,
        "small.csv",
        "reference,name,provider,wallet,amount\nP7-99,Someone,bkash,01799999942,100\n",
    );
    assert_eq!(code(&approve(d, &small, "payroll-2026-11a", "alice")), 0);
    assert_eq!(code(&approve(d, &small, "payroll-2026-11a", "bob")), 0);
    assert_eq!(code(&approve(d, &b, "payroll-2026-11b", "alice")), 0);
    let out = submit(d, &b, "payroll-2026-11b");
    assert_eq!(
        code(&out),
        2,
        "Tk 12 lakh paid on alice alone: {}",
        stdout(&out)
    );
    assert_says_why(&stderr(&out), "payroll-2026-11a", "alice");
}

/// One label, two sheets of Tk 6 lakh with different payees, each approved
/// by alice alone: the batch pays Tk 12 lakh, so the second sheet needs
/// the approvers of the whole, as it would under another label, and with
/// the window off too (it is one batch).
#[test]
fn a_second_sheet_under_the_same_label_counts_what_the_first_paid() {
    for extra in ["", "approval_window = \"off\"\n"] {
        let (dir, a, b) = halves(extra);
        let d = dir.path();
        paid_on_alice(d, &a, "payroll-2026-11");
        assert_eq!(code(&approve(d, &b, "payroll-2026-11", "alice")), 0);
        let out = submit(d, &b, "payroll-2026-11");
        assert_eq!(
            code(&out),
            2,
            "Tk 12 lakh paid on alice alone ({extra}): {}",
            stdout(&out)
        );
        for words in [
            "needs 2 approvers: with Tk 6,00,000.00 this batch already paid or may still pay in payouts not in this sheet",
            "this makes Tk 12,00,000.00, above Tk 10,00,000.00",
            "Nothing was sent",
        ] {
            assert!(
                stderr(&out).contains(words),
                "{words:?} in: {}",
                stderr(&out)
            );
        }
        // A second person: paid.
        assert_eq!(code(&approve(d, &b, "payroll-2026-11", "bob")), 0);
        assert_eq!(code(&submit(d, &b, "payroll-2026-11")), 0);
    }
}
