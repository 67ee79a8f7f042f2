//! `approval_max_age`: an approval given long ago no longer lets a batch be
//! sent; neither a flag nor a clock set back makes it young again.

use super::*;

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "payrun.toml", "require_approval = true\n");
    dir
}

fn approve(d: &Path, sheet: &Path) {
    let out = run(payrun(d).arg("approve").arg(sheet).args([
        "--batch",
        "nov",
        "--by",
        "alice",
        "--sandbox",
    ]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// Sets every recorded approval's time, as a ledger given months ago (or
/// a clock set back since) would hold it.
fn recorded_at(d: &Path, when: &str) {
    let db = rusqlite::Connection::open(d.join("payrun-sandbox/ledger.sqlite")).unwrap();
    db.execute("UPDATE approvals SET approved_at = ?1", [when])
        .unwrap();
}

fn submit(d: &Path, sheet: &Path, extra: &[&str]) -> Output {
    run(payrun(d)
        .arg("submit")
        .arg(sheet)
        .args(["--batch", "nov", "--sandbox"])
        .args(extra))
}

#[test]
fn an_approval_older_than_approval_max_age_sends_nothing() {
    let dir = setup();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 300);
    approve(d, &s);
    recorded_at(d, "2026-01-01T09:00:00.000Z");
    // A longer limit on the command line or in the environment does not
    // lengthen the file's (here the default, 7 days).
    let out = submit(d, &s, &["--approval-max-age", "1000days"]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("older than approval_max_age (7days)"), "{err}");
    assert!(err.contains("Nothing was sent"), "{err}");
    let out = run(payrun(d)
        .arg("submit")
        .arg(&s)
        .args(["--batch", "nov", "--sandbox"])
        .env("PAYRUN_APPROVAL_MAX_AGE", "1000days"));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    // Approved again today, it is sent.
    approve_as(d, &s, "bob");
    let out = submit(d, &s, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

fn approve_as(d: &Path, sheet: &Path, by: &str) {
    let out =
        run(payrun(d)
            .arg("approve")
            .arg(sheet)
            .args(["--batch", "nov", "--by", by, "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn a_shorter_limit_on_the_command_line_is_heeded() {
    let dir = setup();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 1, 300);
    approve(d, &s);
    // Recorded an hour ago: within the week, not within 10 minutes.
    let hour_ago = chrono::Utc::now() - chrono::Duration::hours(1);
    recorded_at(
        d,
        &hour_ago.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    );
    let out = submit(d, &s, &["--approval-max-age", "10min"]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("approval_max_age (10m)"),
        "{}",
        stderr(&out)
    );
}

/// A one-row sheet approved by alice, then the ledger edited by `sql`;
/// `submit` is refused (exit 2) saying `says`.
fn edited_then_refused(sql: &str, says: &str) {
    let dir = setup();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 1, 300);
    approve(d, &s);
    let db = rusqlite::Connection::open(d.join("payrun-sandbox/ledger.sqlite")).unwrap();
    db.execute(sql, []).unwrap();
    drop(db);
    let out = submit(d, &s, &[]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(stderr(&out).contains(says), "{}", stderr(&out));
}

#[test]
fn a_clock_set_back_does_not_make_an_old_approval_young() {
    // The ledger saw a time far ahead of this machine's clock (here the
    // verdict approve recorded): the clock was set back since. The approval
    // itself is dated today, so by the ledger's latest time it is decades
    // old.
    edited_then_refused(
        "UPDATE approval_verdicts SET judged_at = '2090-01-01T09:00:00.000Z'",
        "older than approval_max_age",
    );
}

#[test]
fn an_approval_given_under_a_clock_set_forward_does_not_count_once_it_is_set_back() {
    // Given (row and statement) with the clock set to 2090, then set back:
    // the ledger's newest time is 2090, so the approval looks new by it.
    edited_then_refused(
        "UPDATE approvals SET approved_at = '2090-01-01T09:00:00.000Z',
             statement = substr(statement, 1, instr(statement, 'date: ') + 5)
                 || '2090-01-01 09:00 UTC'
                 || substr(statement, instr(statement, 'date: ') + 26)",
        "later than now",
    );
}

/// Once every payout has left, a run of the same batch sends nothing new
/// (it settles what it sent), and `approve` refuses an approval given
/// after sending: an approval that has since grown old does not stop it.
#[test]
fn a_batch_sent_whole_runs_again_after_its_approval_grew_old() {
    let dir = setup();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 300);
    approve(d, &s);
    assert_eq!(code(&submit(d, &s, &[])), 0);
    recorded_at(d, "2026-01-01T09:00:00.000Z");
    let out = submit(d, &s, &[]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
}
