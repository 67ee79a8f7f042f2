//! The migrations of what people record beside the evidence: a person's
//! check of a conflict, and a statement import withdrawn. Both tables are
//! append-only, enforced by triggers, whoever writes.

/// The two triggers that make `$table` append-only, each refusing with
/// `$why`: one rule for every such table, whoever writes (SQLite has no
/// trigger for both an update and a delete).
macro_rules! append_only {
    ($table:literal, $why:literal) => {
        concat!(
            "CREATE TRIGGER ",
            $table,
            "_append_only_update BEFORE UPDATE ON ",
            $table,
            "\n",
            "BEGIN\n  SELECT RAISE(ABORT, '",
            $why,
            "');\nEND;\n",
            "CREATE TRIGGER ",
            $table,
            "_append_only_delete BEFORE DELETE ON ",
            $table,
            "\n",
            "BEGIN\n  SELECT RAISE(ABORT, '",
            $why,
            "');\nEND;\n",
        )
    };
}

/// A person's check of a payout in conflict (`payrun conflict resolve`):
/// who, when, what they found, and the flag's reasons as they read them
/// (`detail_reviewed`), so that a reason added later reopens the conflict.
/// Append-only, like the evidence it sits beside: the payout's flag and its
/// reasons are never cleared, and no review is ever changed or removed.
pub(super) const CONFLICT_REVIEWS: &str = concat!(
    r#"
CREATE TABLE conflict_reviews (
    id               INTEGER PRIMARY KEY,
    payout_id        INTEGER NOT NULL REFERENCES payouts(id),
    trade_no         TEXT NOT NULL,
    reviewed_by      TEXT NOT NULL CHECK (length(trim(reviewed_by)) > 0),
    reviewed_at      TEXT NOT NULL,
    outcome          TEXT NOT NULL CHECK (outcome IN ('paid', 'failed', 'reversed', 'noted')),
    note             TEXT NOT NULL CHECK (length(trim(note)) > 0),
    detail_reviewed  TEXT NOT NULL,
    state_at_review  TEXT NOT NULL
);
CREATE INDEX conflict_reviews_by_payout ON conflict_reviews (payout_id);
"#,
    append_only!(
        "conflict_reviews",
        "conflict reviews are append-only: record a new review instead"
    ),
);

/// A statement import withdrawn (`payrun statement withdraw`): who, when
/// and why. The statement and its lines stay, as do the flags it raised;
/// a withdrawn statement is no longer weighed by any match. Append-only.
pub(super) const STATEMENT_WITHDRAWALS: &str = concat!(
    r#"
CREATE TABLE statement_withdrawals (
    id             INTEGER PRIMARY KEY,
    statement_id   INTEGER NOT NULL UNIQUE REFERENCES statements(id),
    file_sha256    TEXT NOT NULL,
    withdrawn_by   TEXT NOT NULL CHECK (length(trim(withdrawn_by)) > 0),
    withdrawn_at   TEXT NOT NULL,
    reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    batches        TEXT NOT NULL
);
"#,
    append_only!(
        "statement_withdrawals",
        "statement withdrawals are append-only"
    ),
);

/// The allowed-signers line that vouched for a signed approval when it was
/// recorded, and the file it was read from: `approve --verify` checks the
/// approval against it months later, after the line was deleted (the key
/// revoked) or without the team's file (an auditor). Append-only. Old
/// approvals have none and verify against the file as before.
pub(super) const APPROVAL_SIGNER_LINES: &str = concat!(
    r#"
CREATE TABLE approval_signer_lines (
    id            INTEGER PRIMARY KEY,
    approval_id   INTEGER NOT NULL UNIQUE REFERENCES approvals(id),
    signers_file  TEXT NOT NULL,
    line_no       INTEGER NOT NULL,
    line          TEXT NOT NULL CHECK (length(trim(line)) > 0),
    kept_at       TEXT NOT NULL
);
"#,
    append_only!(
        "approval_signer_lines",
        "kept allowed-signers lines are append-only"
    ),
);

/// The operating-system account that recorded a conflict review: `--by` is
/// free text, yet a checked conflict turns off exit 1, so the effective uid
/// (and the login name the environment gave, for reading) is kept beside
/// it. It proves which account on this machine ran the command, not which
/// person. Its own table, so old ledgers' reviews read as before. Append-only.
pub(super) const CONFLICT_REVIEW_ACCOUNTS: &str = concat!(
    r#"
CREATE TABLE conflict_review_accounts (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL UNIQUE REFERENCES conflict_reviews(id),
    os_uid      INTEGER,
    os_login    TEXT
);
"#,
    append_only!(
        "conflict_review_accounts",
        "conflict review accounts are append-only"
    ),
);

/// The runs a ledger that went back in time lacks (`ledger::lacking`),
/// written when it is accepted without them, so that the gap outlives the
/// marks: each stays open until its batch is adopted or a person
/// acknowledges it (`submit --acknowledge-missing-runs`), and that is
/// recorded with the run and the operating-system account that did it.
/// A row is never deleted, and only its settlement is ever written, once.
/// The index lets each mark count its recent runs' payouts without reading
/// every attempt the ledger holds.
pub(super) const MISSING_RUNS: &str = r#"
CREATE INDEX attempts_by_run ON attempts (run_id, kind);
CREATE TABLE missing_runs (
    id                INTEGER PRIMARY KEY,
    run_id            INTEGER NOT NULL,
    started_at        TEXT NOT NULL,
    payouts           INTEGER NOT NULL,
    label             TEXT NOT NULL,
    found_at          TEXT NOT NULL,
    found_run_id      INTEGER REFERENCES runs(id),
    settled_at        TEXT,
    settled_how       TEXT CHECK (settled_how IN ('adopted', 'acknowledged')),
    settled_run_id    INTEGER REFERENCES runs(id),
    settled_os_uid    INTEGER,
    settled_os_login  TEXT,
    UNIQUE (run_id, started_at)
);
CREATE TRIGGER missing_runs_kept BEFORE DELETE ON missing_runs
BEGIN
  SELECT RAISE(ABORT, 'a run the ledger lacks is never deleted: adopt its batch or acknowledge it');
END;
CREATE TRIGGER missing_runs_settled_once BEFORE UPDATE ON missing_runs
WHEN OLD.settled_at IS NOT NULL OR NEW.run_id IS NOT OLD.run_id
  OR NEW.started_at IS NOT OLD.started_at OR NEW.payouts IS NOT OLD.payouts
  OR NEW.label IS NOT OLD.label OR NEW.found_at IS NOT OLD.found_at
  OR NEW.found_run_id IS NOT OLD.found_run_id
BEGIN
  SELECT RAISE(ABORT, 'a run the ledger lacks is settled once, and nothing else of it changes');
END;
"#;

/// The tradeNo form each batch was first written in (`ledger::trade_no_form`):
/// NULL for a batch of an older ledger, read as `label-hash`, the only form
/// there was.
pub(super) const TRADE_NO_FORMS: &str = "ALTER TABLE batches ADD COLUMN trade_no_form TEXT;";
