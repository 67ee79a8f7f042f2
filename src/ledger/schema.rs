//! The ledger's tables and their migrations, numbered by `PRAGMA user_version`.
//!
//! Migrations only ever append: a ledger written by an older payrun opens in a
//! newer one, and an auditor's copy stays readable. Later issues (approvals,
//! reports) add a migration here instead of editing an old one.

use rusqlite::Connection;

mod audit;
#[cfg(test)]
mod pinned_tests;

/// Each entry moves the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    V1,
    V2,
    V3,
    STATEMENT_MATCHING,
    REFUSED_EVIDENCE,
    SIGNED_APPROVALS,
    REPEATS_ACROSS_LABELS,
    FINAL_IS_FINAL,
    APPROVAL_VERDICTS,
    CALLBACK_COPIES,
    audit::CONFLICT_REVIEWS,
    audit::STATEMENT_WITHDRAWALS,
    audit::APPROVAL_SIGNER_LINES,
    audit::CONFLICT_REVIEW_ACCOUNTS,
    audit::MISSING_RUNS,
    audit::TRADE_NO_FORMS,
];

/// The schema version this build writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

const V1: &str = r#"
CREATE TABLE batches (
    id            INTEGER PRIMARY KEY,
    label         TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    merchant_no   TEXT NOT NULL,
    gateway_url   TEXT NOT NULL
);

CREATE TABLE runs (
    id              INTEGER PRIMARY KEY,
    batch_id        INTEGER REFERENCES batches(id),
    command         TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    ended_at        TEXT,
    pid             INTEGER NOT NULL,
    input_file      TEXT,
    input_sha256    TEXT,
    payouts_digest  TEXT,
    rows_in_sheet   INTEGER,
    exit_code       INTEGER,
    payrun_version  TEXT NOT NULL,
    dry_run         INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1))
);

CREATE TABLE payouts (
    id                 INTEGER PRIMARY KEY,
    batch_id           INTEGER NOT NULL REFERENCES batches(id),
    trade_no           TEXT NOT NULL UNIQUE,
    identity           TEXT NOT NULL,
    revision           INTEGER NOT NULL CHECK (revision >= 0),
    row_no             INTEGER,
    reference          TEXT,
    name               TEXT,
    remark             TEXT,
    wallet             TEXT NOT NULL,
    provider           TEXT NOT NULL CHECK (provider IN ('bkash', 'nagad', 'rocket')),
    way_code           TEXT NOT NULL,
    amount_poisha      INTEGER NOT NULL CHECK (amount_poisha > 0),
    repeat_ok          INTEGER NOT NULL DEFAULT 0 CHECK (repeat_ok IN (0, 1)),
    state              TEXT NOT NULL CHECK (state IN
                         ('planned', 'sending', 'processing', 'paid', 'failed', 'unknown', 'superseded')),
    platform_trade_no  TEXT,
    status_code        TEXT,
    status_desc        TEXT,
    attempts           INTEGER NOT NULL DEFAULT 0,
    first_sent_at      TEXT,
    last_attempt_at    TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    success_time       TEXT,
    conflict           INTEGER NOT NULL DEFAULT 0 CHECK (conflict IN (0, 1)),
    conflict_detail    TEXT,
    superseded_by      INTEGER REFERENCES payouts(id),
    created_run_id     INTEGER REFERENCES runs(id),
    UNIQUE (batch_id, identity, revision)
);
CREATE INDEX payouts_by_state ON payouts (batch_id, state);
CREATE INDEX payouts_by_wallet ON payouts (batch_id, provider, wallet);

CREATE TABLE attempts (
    id             INTEGER PRIMARY KEY,
    payout_id      INTEGER NOT NULL REFERENCES payouts(id),
    run_id         INTEGER NOT NULL REFERENCES runs(id),
    kind           TEXT NOT NULL CHECK (kind IN ('payout', 'query')),
    started_at     TEXT NOT NULL,
    elapsed_ms     INTEGER,
    http_status    INTEGER,
    outer_code     TEXT,
    data_status    TEXT,
    outcome        TEXT,
    error          TEXT,
    request_body   TEXT,
    response_body  TEXT
);
CREATE INDEX attempts_by_payout ON attempts (payout_id);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    payout_id    INTEGER REFERENCES payouts(id),
    trade_no     TEXT,
    run_id       INTEGER REFERENCES runs(id),
    source       TEXT NOT NULL CHECK (source IN ('callback', 'query', 'recovery')),
    received_at  TEXT NOT NULL,
    raw_body     TEXT,
    verified     INTEGER CHECK (verified IN (0, 1)),
    status       TEXT,
    applied      TEXT NOT NULL
);
CREATE INDEX events_by_payout ON events (payout_id);

CREATE TABLE invalid_rows (
    id            INTEGER PRIMARY KEY,
    batch_id      INTEGER NOT NULL REFERENCES batches(id),
    run_id        INTEGER NOT NULL REFERENCES runs(id),
    row_no        INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('invalid', 'refused')),
    reference     TEXT,
    name          TEXT,
    wallet_raw    TEXT,
    provider_raw  TEXT,
    amount_raw    TEXT,
    issues        TEXT NOT NULL
);
CREATE INDEX invalid_rows_by_batch ON invalid_rows (batch_id, run_id);
"#;

/// Maker-checker approvals (issue 6). Bound to a batch label and the digest of
/// the validated payouts, not to a batch row: a sheet is approved before it is
/// ever submitted. `approver_key` (trimmed, lower case) makes "two different
/// approvers" mean two different people, however the name is typed.
const V2: &str = r#"
CREATE TABLE approvals (
    id             INTEGER PRIMARY KEY,
    batch_label    TEXT NOT NULL,
    digest         TEXT NOT NULL,
    approver       TEXT NOT NULL,
    approver_key   TEXT NOT NULL,
    approved_at    TEXT NOT NULL,
    payouts        INTEGER NOT NULL CHECK (payouts >= 0),
    total_poisha   INTEGER NOT NULL CHECK (total_poisha >= 0),
    input_file     TEXT,
    input_sha256   TEXT,
    note           TEXT,
    UNIQUE (batch_label, digest, approver_key)
);
CREATE INDEX approvals_by_batch ON approvals (batch_label, digest);
"#;

/// What the last end-of-run report at each path said and held (see
/// `ledger::reports`), so that a run that changed nothing does not rewrite it.
/// Keyed by the absolute report path: two batches never share a report file.
const V3: &str = r#"
CREATE TABLE report_stamps (
    path            TEXT PRIMARY KEY,
    batch_label     TEXT NOT NULL,
    content_sha256  TEXT NOT NULL,
    files           TEXT NOT NULL,
    files_sha256    TEXT NOT NULL,
    written_at      TEXT NOT NULL
);
"#;

/// `payrun match` (issue 16): the provider statements imported (their
/// SHA-256 and import time) and their lines, which statements were matched
/// against which batch, each payout's class from its batch's last match,
/// and what a statement showed that a person must see (a reversal after
/// paid, a debit the ledger says never happened). Kept apart from `events`,
/// whose `source` check cannot grow without rebuilding that table.
const STATEMENT_MATCHING: &str = r#"
CREATE TABLE statements (
    id            INTEGER PRIMARY KEY,
    file_name     TEXT NOT NULL,
    file_sha256   TEXT NOT NULL UNIQUE,
    sheet_name    TEXT,
    imported_at   TEXT NOT NULL,
    lines         INTEGER NOT NULL CHECK (lines >= 0)
);

CREATE TABLE statement_lines (
    id                 INTEGER PRIMARY KEY,
    statement_id       INTEGER NOT NULL REFERENCES statements(id),
    row_no             INTEGER NOT NULL,
    trade_no           TEXT,
    platform_trade_no  TEXT,
    effect             TEXT NOT NULL CHECK (effect IN
                         ('debit', 'debit_reversed', 'credit', 'fee', 'failed', 'pending', 'none')),
    amount_poisha      INTEGER NOT NULL CHECK (amount_poisha >= 0),
    fee_poisha         INTEGER NOT NULL DEFAULT 0 CHECK (fee_poisha >= 0),
    txn_time           TEXT,
    wallet             TEXT,
    balance            TEXT,
    status_text        TEXT,
    type_text          TEXT,
    UNIQUE (statement_id, row_no)
);
CREATE INDEX statement_lines_by_trade_no ON statement_lines (trade_no);
CREATE INDEX statement_lines_by_platform ON statement_lines (platform_trade_no);

CREATE TABLE statement_matches (
    id                INTEGER PRIMARY KEY,
    batch_id          INTEGER NOT NULL REFERENCES batches(id),
    statement_id      INTEGER NOT NULL REFERENCES statements(id),
    first_matched_at  TEXT NOT NULL,
    matched_at        TEXT NOT NULL,
    summary           TEXT NOT NULL,
    UNIQUE (batch_id, statement_id)
);

CREATE TABLE payout_statement (
    payout_id     INTEGER PRIMARY KEY REFERENCES payouts(id),
    batch_id      INTEGER NOT NULL REFERENCES batches(id),
    class         TEXT NOT NULL CHECK (class IN ('matched', 'amount_differs', 'status_differs',
                                                  'not_debited', 'not_ours', 'debited_twice')),
    line_ids      TEXT NOT NULL,
    detail        TEXT NOT NULL,
    net_poisha    INTEGER NOT NULL,
    fee_poisha    INTEGER NOT NULL,
    matched_at    TEXT NOT NULL
);
CREATE INDEX payout_statement_by_batch ON payout_statement (batch_id);

CREATE TABLE statement_events (
    id            INTEGER PRIMARY KEY,
    payout_id     INTEGER NOT NULL REFERENCES payouts(id),
    trade_no      TEXT NOT NULL,
    statement_id  INTEGER NOT NULL REFERENCES statements(id),
    line_id       INTEGER NOT NULL REFERENCES statement_lines(id),
    kind          TEXT NOT NULL CHECK (kind IN ('reversal', 'conflict')),
    recorded_at   TEXT NOT NULL,
    detail        TEXT NOT NULL,
    UNIQUE (payout_id, kind)
);
CREATE INDEX statement_events_by_payout ON statement_events (payout_id);
"#;

/// Evidence of refused callbacks within a budget (issue 13). A refused
/// callback's event keeps only the first 1 KiB of its body in `raw_body`,
/// with the whole body's size and SHA-256 and the sender's address (kept for
/// every callback). `refused_evidence` holds, per UTC hour and in `total`,
/// what was kept and what was dropped over the budget; the `total` row also
/// holds the current minute's share of the per-minute budget.
const REFUSED_EVIDENCE: &str = r#"
ALTER TABLE events ADD COLUMN peer TEXT;
ALTER TABLE events ADD COLUMN body_bytes INTEGER;
ALTER TABLE events ADD COLUMN body_sha256 TEXT;

CREATE TABLE refused_evidence (
    period            TEXT PRIMARY KEY,
    kept_rows         INTEGER NOT NULL DEFAULT 0,
    kept_bytes        INTEGER NOT NULL DEFAULT 0,
    dropped_rows      INTEGER NOT NULL DEFAULT 0,
    dropped_bytes     INTEGER NOT NULL DEFAULT 0,
    first_dropped_at  TEXT,
    last_dropped_at   TEXT,
    minute            TEXT,
    minute_rows       INTEGER NOT NULL DEFAULT 0,
    minute_bytes      INTEGER NOT NULL DEFAULT 0
);
"#;

/// Signed approvals (issue 17). An approval is now one of two roles (the
/// maker's `prepare`, the checker's `approve`), may carry the statement the
/// person signed and their SSH signature, and is known by its key: for a
/// signed one `approver_key` is `key:<fingerprint>`, so the same key twice is
/// one approval, while one person's two keys are two rows that the policy
/// counts once (by principal). Old rows become unsigned approvals. SQLite
/// cannot change a UNIQUE constraint in place, so the table is rebuilt.
const SIGNED_APPROVALS: &str = r#"
CREATE TABLE approvals_signed (
    id               INTEGER PRIMARY KEY,
    batch_label      TEXT NOT NULL,
    digest           TEXT NOT NULL,
    role             TEXT NOT NULL DEFAULT 'approve' CHECK (role IN ('approve', 'prepare')),
    approver         TEXT NOT NULL,
    approver_key     TEXT NOT NULL,
    approved_at      TEXT NOT NULL,
    payouts          INTEGER NOT NULL CHECK (payouts >= 0),
    total_poisha     INTEGER NOT NULL CHECK (total_poisha >= 0),
    input_file       TEXT,
    input_sha256     TEXT,
    note             TEXT,
    signed           INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0, 1)),
    key_fingerprint  TEXT,
    statement        TEXT,
    signature        TEXT,
    UNIQUE (batch_label, digest, role, approver_key)
);
INSERT INTO approvals_signed (id, batch_label, digest, approver, approver_key, approved_at,
    payouts, total_poisha, input_file, input_sha256, note)
  SELECT id, batch_label, digest, approver, approver_key, approved_at,
    payouts, total_poisha, input_file, input_sha256, note FROM approvals;
DROP TABLE approvals;
ALTER TABLE approvals_signed RENAME TO approvals;
CREATE INDEX approvals_by_batch ON approvals (batch_label, digest);
"#;

/// The same payout under another batch label (issue 12): a row is looked
/// up by its reference and by its wallet and amount across every batch, one
/// indexed query each, so a 100,000-row sheet costs well under a second.
const REPEATS_ACROSS_LABELS: &str = r#"
CREATE INDEX payouts_by_reference ON payouts (reference);
CREATE INDEX payouts_by_wallet_amount ON payouts (wallet, amount_poisha);
"#;

/// "Final is final" in the database too (issue 14): whatever writes to the
/// ledger (a bug, a script, a person with the sqlite3 shell), a paid, failed
/// or superseded payout never changes state or money. The one move out of a
/// final state is a failed payout superseded by its next revision (a
/// corrected sheet, `--retry-failed`); a contradiction is recorded with the
/// conflict flag, which stays open, as do the status fields a report shows.
const FINAL_IS_FINAL: &str = r#"
CREATE TRIGGER payouts_final_is_final
BEFORE UPDATE OF state, amount_poisha, wallet, provider, trade_no, batch_id ON payouts
WHEN OLD.state IN ('paid', 'failed', 'superseded')
 AND ((NEW.state IS NOT OLD.state AND NOT (OLD.state = 'failed' AND NEW.state = 'superseded'))
      OR NEW.amount_poisha IS NOT OLD.amount_poisha OR NEW.wallet IS NOT OLD.wallet
      OR NEW.provider IS NOT OLD.provider OR NEW.trade_no IS NOT OLD.trade_no
      OR NEW.batch_id IS NOT OLD.batch_id)
BEGIN
  SELECT RAISE(ABORT, 'final is final: a paid, failed or superseded payout never changes its state or its money (a failed one may only be superseded by its next revision); flag a conflict instead');
END;
"#;

/// What `payrun approve` judged right after recording an approval, and in
/// `why` the approval window's reason when other labels' batches raised its
/// tier (a payment split across labels): in its own table, so that the
/// `approvals` rows every reader selects keep their columns, and a ledger
/// on read-only media too old to have it still reads.
const APPROVAL_VERDICTS: &str = r#"
CREATE TABLE approval_verdicts (
    id           INTEGER PRIMARY KEY,
    approval_id  INTEGER NOT NULL REFERENCES approvals(id),
    judged_at    TEXT NOT NULL,
    verdict      TEXT NOT NULL,
    why          TEXT
);
CREATE INDEX approval_verdicts_by_approval ON approval_verdicts (approval_id);
"#;

/// What a verified callback's sign covers (its signed text, the secret
/// aside), as SHA-256: the same callback in other bytes (spaces, member
/// order, a number for a string, an empty field) has the same, so copies
/// are counted by it, not by `body_sha256` (see `ledger::callbacks`).
const CALLBACK_COPIES: &str = "ALTER TABLE events ADD COLUMN signed_sha256 TEXT;";

/// Brings the schema up to [`CURRENT_VERSION`], one transaction per step.
/// Refuses a ledger written by a newer payrun instead of guessing.
pub fn migrate(conn: &mut Connection) -> Result<(), MigrateError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > CURRENT_VERSION {
        return Err(MigrateError::TooNew {
            found: version,
            supported: CURRENT_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process (a listener starting beside a submit) may have
        // applied this step since we looked: check again under the lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > i as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// Why the schema could not be brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error(
        "the ledger was written by a newer payrun (schema {found}, this one knows up to {supported}); use that version or newer"
    )]
    TooNew { found: i64, supported: i64 },
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
}
