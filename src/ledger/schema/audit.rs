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
