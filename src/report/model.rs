//! The report's plain data model.
//!
//! It knows nothing of the ledger's tables: the settle stage fills it in, and
//! every writer (CSV, XLSX, JSON, terminal) reads only this. That keeps the
//! ledger free to change its schema without touching what auditors receive,
//! and lets the writers be tested without a database.
//!
//! The serde field names are the JSON report's public contract (documented in
//! `docs/auditors.md`): add fields, never rename them.

use crate::money::Amount;
use crate::wallet::Provider;
use serde::{Deserialize, Serialize};

/// Everything one report says about one batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportData {
    /// The batch, its inputs, counts and taka per status and provider.
    pub summary: Summary,
    /// One row per payout, in sheet order.
    pub rows: Vec<ReportRow>,
}

/// Where a row stands, as finance and auditors read it. Every row has exactly
/// one, so the control equation can add them up without double counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RowStatus {
    /// The gateway says the money reached the wallet (`data.status` 0000).
    #[serde(rename = "paid")]
    Paid,
    /// Accepted by the gateway (0015); the final result is still to come.
    #[serde(rename = "processing")]
    Processing,
    /// The gateway says the payout failed; no money moved.
    #[serde(rename = "failed")]
    Failed,
    /// A request may have reached the gateway and no answer has settled it yet.
    #[serde(rename = "unknown")]
    Unknown,
    /// Planned but never sent, or the gateway confirmed it never saw it: the
    /// next `submit` sends it.
    #[serde(rename = "not sent")]
    NotSent,
    /// Rejected by validation; never sent. Kept so the sheet adds up.
    #[serde(rename = "invalid")]
    Invalid,
    /// A callback and a query disagreed about a final status: a person must
    /// look. Counted as its own term of the control equation.
    #[serde(rename = "conflict")]
    Conflict,
}

impl RowStatus {
    /// Every status, in the order reports list them and the equation adds them.
    pub const ALL: [RowStatus; 7] = [
        RowStatus::Paid,
        RowStatus::Processing,
        RowStatus::Failed,
        RowStatus::Unknown,
        RowStatus::NotSent,
        RowStatus::Invalid,
        RowStatus::Conflict,
    ];

    /// The word used in every report format, identical across CSV, XLSX, JSON.
    pub const fn label(self) -> &'static str {
        match self {
            RowStatus::Paid => "paid",
            RowStatus::Processing => "processing",
            RowStatus::Failed => "failed",
            RowStatus::Unknown => "unknown",
            RowStatus::NotSent => "not sent",
            RowStatus::Invalid => "invalid",
            RowStatus::Conflict => "conflict",
        }
    }

    /// Whether the row still needs work (a query, a callback, a person, or a
    /// resend) before the batch can be closed. Drives exit code 1.
    pub const fn needs_attention(self) -> bool {
        matches!(
            self,
            RowStatus::Failed | RowStatus::Unknown | RowStatus::Conflict
        )
    }
}

impl std::fmt::Display for RowStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.label())
    }
}

/// One sheet row, valid or not, with what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    /// The row number the user sees in Excel or a text editor.
    pub row_no: Option<usize>,
    /// The sheet's reference for the payee (employee id), if any.
    pub reference: Option<String>,
    /// The payee's name, if the sheet had one.
    pub name: Option<String>,
    /// The normalised wallet id; for an invalid row, the cell as written.
    pub wallet: String,
    #[serde(with = "opt_provider")]
    /// The wallet's provider, when the row was valid.
    pub provider: Option<Provider>,
    /// `None` only for an invalid row whose amount could not be read.
    #[serde(rename = "amount_poisha", with = "crate::money::serde_opt_poisha")]
    pub amount: Option<Amount>,
    /// The tradeNo sent, once planned.
    pub trade_no: Option<String>,
    /// The gateway's order number, once it gave one.
    pub platform_trade_no: Option<String>,
    /// Where the payout stands, in the words people read.
    pub status: RowStatus,
    /// The gateway's last `data.status` (or outer code when no order exists).
    pub status_code: Option<String>,
    /// Why it failed or is unknown, as the gateway or payrun said.
    pub status_desc: Option<String>,
    /// HTTP attempts made for this payout (payouts and queries).
    pub attempts: u32,
    /// When the payout was first sent (RFC 3339).
    pub first_sent_at: Option<String>,
    /// When its state last changed (RFC 3339).
    pub last_update_at: Option<String>,
    /// The gateway's `successTime`, in its own local time, as it sent it.
    pub success_time: Option<String>,
    /// Validation issues for invalid rows; the disagreement for conflicts.
    pub notes: Vec<String>,
    /// What the last `payrun match` found for this payout against the
    /// provider's statement (`matched`, `amount differs: ...`); absent until
    /// the batch is matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// For a row in conflict, the person's check that covers its reasons as
    /// they stand (`payrun conflict resolve`: who, when, what they found).
    /// A checked conflict stays a conflict in the tallies and the equation,
    /// but no longer holds the exit code at 1. Absent while unchecked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict_checked: Option<String>,
    /// Sent and not final in the ledger (processing, unknown), whatever the
    /// status shown: a conflict row's payout may still be processing, and a
    /// person's check of the conflict does not settle it. Such a row is
    /// listed as open; a conflict row of it keeps `reconcile` at exit 1.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub awaiting_final: bool,
    /// For an open row: the answer the gateway last gave that payrun
    /// refuses to read (its status and the setting that reads it), in
    /// words. Asking again hears the same, so `status`, `reconcile` and
    /// `submit` say what to map instead of "run again".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<String>,
    /// For a row payrun does not pay (invalid), the amount cell's figure as
    /// the sheet's own `SUM` counts it: what finance asked for. Absent when
    /// the cell is not a figure, and for every row that has an `amount`.
    #[serde(
        default,
        rename = "requested_poisha",
        with = "crate::money::serde_opt_poisha",
        skip_serializing_if = "Option::is_none"
    )]
    pub requested: Option<Amount>,
}

impl ReportRow {
    /// A row with only its identity filled in, for builders that add the rest.
    pub fn new(wallet: impl Into<String>, status: RowStatus) -> ReportRow {
        ReportRow {
            row_no: None,
            reference: None,
            name: None,
            wallet: wallet.into(),
            provider: None,
            amount: None,
            trade_no: None,
            platform_trade_no: None,
            status,
            status_code: None,
            status_desc: None,
            attempts: 0,
            first_sent_at: None,
            last_update_at: None,
            success_time: None,
            notes: Vec::new(),
            statement: None,
            conflict_checked: None,
            awaiting_final: false,
            unread: None,
            requested: None,
        }
    }
}

/// A sheet that fed the batch. A batch can have several: a corrected sheet
/// re-submitted under the same label pays only what was not paid yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFile {
    /// The file name as given.
    pub name: String,
    /// SHA-256 of its bytes, so an auditor can match the file paid.
    pub sha256: String,
    /// The validated-payouts digest: what was approved, independent of layout.
    pub payouts_digest: Option<String>,
    /// When this file's batch was first submitted (RFC 3339).
    pub submitted_at: Option<String>,
}

/// A sign-off on the batch: an approval, or the maker's `prepare`. A signed
/// one carries the statement and the SSH signature, so an auditor can check
/// it with `ssh-keygen -Y verify` and nothing else (docs/auditors.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// The principal (signed) or the name as typed (unsigned).
    pub by: String,
    pub at: String,
    pub note: Option<String>,
    /// `approve` or `prepare`.
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub signed: bool,
    #[serde(default)]
    pub key_fingerprint: Option<String>,
    #[serde(default)]
    pub payouts_digest: Option<String>,
    #[serde(default)]
    pub statement: Option<String>,
    #[serde(default)]
    pub signature: Option<String>,
    /// When other labels' batches within the approval window put the
    /// batch in a higher tier as this approval was given, why
    /// (`needs 2 approvers: with ... this makes Tk 12,00,000.00 within 24 h`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
    /// Whether it counts toward the batch's approvers as far as the ledger
    /// shows (`approval::policy::never_counts`): the maker's own approval
    /// and the maker's preparation never do. `submit` also checks each
    /// signature against the allowed-signers file and each age.
    #[serde(default = "counted_by_default")]
    pub counted: bool,
    /// Why not, when it does not count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_counted: Option<String>,
}

fn counted_by_default() -> bool {
    true
}

impl Approval {
    /// How it was given, for every report format: `signed, key SHA256:...`
    /// only when the signature verified with a key, else `unsigned`.
    pub fn how(&self) -> String {
        match (&self.key_fingerprint, self.signed) {
            (Some(fp), true) => format!("signed, key {fp}"),
            _ => "unsigned".to_string(),
        }
    }

    /// `counted`, or `not counted: why`: the report's Counted column.
    pub fn counted_words(&self) -> String {
        match (&self.not_counted, self.counted) {
            (Some(why), _) => format!("not counted: {why}"),
            (None, true) => "counted".to_string(),
            (None, false) => "not counted".to_string(),
        }
    }

    /// Whether this is the maker's signature (`prepare`), not a checker's.
    pub fn is_preparation(&self) -> bool {
        self.role == "prepare"
    }
}

/// How many rows, and how much money, share a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub status: RowStatus,
    pub rows: u64,
    #[serde(rename = "amount_poisha", with = "crate::money::serde_poisha")]
    pub amount: Amount,
}

/// One provider's rows broken down by status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderTally {
    /// `None` for invalid rows whose provider could not be read.
    #[serde(with = "opt_provider")]
    pub provider: Option<Provider>,
    pub rows: u64,
    #[serde(rename = "amount_poisha", with = "crate::money::serde_poisha")]
    pub amount: Amount,
    /// Every status, in [`RowStatus::ALL`] order, zeros included.
    pub by_status: Vec<Tally>,
}

/// The control equation: what the sheet held on one side, the sum of the
/// status terms on the other. Stated in rows and in poisha.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Control {
    /// Rows in the sheet(s), counted by the ledger independently of statuses.
    pub rows_in_sheet: u64,
    #[serde(rename = "amount_in_sheet_poisha", with = "crate::money::serde_poisha")]
    pub amount_in_sheet: Amount,
    /// One term per status, in [`RowStatus::ALL`] order.
    pub terms: Vec<Tally>,
    pub rows_accounted: u64,
    #[serde(
        rename = "amount_accounted_poisha",
        with = "crate::money::serde_poisha"
    )]
    pub amount_accounted: Amount,
    /// `rows_in_sheet - rows_accounted`: zero when balanced.
    pub row_difference: i64,
    #[serde(
        rename = "amount_difference_poisha",
        with = "crate::money::serde_poisha"
    )]
    pub amount_difference: Amount,
    /// Invalid rows whose amount is not a figure: 0 taka on both sides.
    pub unreadable_amounts: u64,
    /// What the sheet asks for in all: `amount_in_sheet` (the rows payrun
    /// pays) plus `amount_unpaid`.
    #[serde(
        default,
        rename = "amount_requested_poisha",
        with = "crate::money::serde_poisha"
    )]
    pub amount_requested: Amount,
    /// The invalid rows' amounts as the sheet wrote them (their
    /// `requested_poisha`): asked for, never paid.
    #[serde(
        default,
        rename = "amount_unpaid_invalid_poisha",
        with = "crate::money::serde_poisha"
    )]
    pub amount_unpaid: Amount,
    pub balanced: bool,
}

/// The report's first page: where the batch came from and how it adds up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub batch: String,
    pub inputs: Vec<InputFile>,
    pub merchant_no: Option<String>,
    pub gateway_url: Option<String>,
    pub payrun_version: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub generated_at: String,
    /// Whether wallet ids in this report are masked (`--mask-wallets`).
    pub wallets_masked: bool,
    pub by_status: Vec<Tally>,
    pub by_provider: Vec<ProviderTally>,
    pub control: Control,
    pub approvals: Vec<Approval>,
    /// Shown instead of `to <end>` on the terminal when the batch's last run
    /// has no end recorded: running, or ended without a summary. Set by
    /// `status`, which can ask the ledger lock; not part of report files.
    #[serde(skip)]
    pub open_run: Option<String>,
}

/// Providers in JSON use the ledger's stable keys (`bkash`, `nagad`, `rocket`).
mod opt_provider {
    use crate::wallet::Provider;
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

    pub fn serialize<S: Serializer>(p: &Option<Provider>, s: S) -> Result<S::Ok, S::Error> {
        p.map(Provider::key).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Provider>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(key) => Provider::from_key(&key)
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("unknown provider key {key:?}"))),
        }
    }
}
