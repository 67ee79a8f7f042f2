//! The match report's data model, and how a [`MatchRun`] fills it in.
//!
//! Every writer reads only this. The serde names are the JSON's contract
//! (docs/auditors.md): `summary` carries a count per class under the class
//! keys, and every row carries `trade_no`, `platform_trade_no` and `class`.

use crate::ledger::statements::StoredStatement;
use crate::matching::run::MatchRun;
use crate::matching::{Class, Equations, Finding};
use crate::money::Amount;
use crate::report::from_ledger::status_of;
use serde::{Deserialize, Serialize};

/// Everything one match report says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchReport {
    pub summary: MatchSummary,
    pub rows: Vec<MatchRow>,
}

/// A statement file, as the ledger recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRef {
    pub file_name: String,
    pub sha256: String,
    pub imported_at: String,
    pub lines: u64,
}

/// The report's first page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchSummary {
    pub batches: Vec<String>,
    /// `--from`/`--to`, when the match covered a period.
    pub from: Option<String>,
    pub to: Option<String>,
    /// The statement matched this time.
    pub statement: StatementRef,
    /// Every statement whose lines were used (earlier ones matched against
    /// the same batches included), each transaction once.
    pub statements_used: Vec<StatementRef>,
    pub payrun_version: String,
    pub generated_at: String,
    pub matched: u64,
    pub amount_differs: u64,
    pub status_differs: u64,
    pub not_debited: u64,
    pub not_ours: u64,
    pub debited_twice: u64,
    /// Rows: payouts in scope plus statement lines of no payout in scope.
    pub rows: u64,
    pub needs_attention: u64,
    pub equations: Equations,
    /// Whether every row matched and every equation balances.
    pub all_matched: bool,
}

impl MatchSummary {
    /// The count of one class.
    pub fn count(&self, class: Class) -> u64 {
        match class {
            Class::Matched => self.matched,
            Class::AmountDiffers => self.amount_differs,
            Class::StatusDiffers => self.status_differs,
            Class::NotDebited => self.not_debited,
            Class::NotOurs => self.not_ours,
            Class::DebitedTwice => self.debited_twice,
        }
    }
}

/// One payout with its statement lines, or one statement line on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchRow {
    /// The class key: `matched`, `amount_differs`, `status_differs`,
    /// `not_debited`, `not_ours`, `debited_twice`.
    pub class: String,
    pub class_label: String,
    /// Empty when nothing is to be done.
    pub next_step: String,
    pub detail: String,
    /// The payout's batch (or, for a line, the batch its order belongs to).
    pub batch: Option<String>,
    pub sheet_row: Option<usize>,
    pub reference: Option<String>,
    pub name: Option<String>,
    pub wallet: Option<String>,
    pub provider: Option<String>,
    pub trade_no: Option<String>,
    pub platform_trade_no: Option<String>,
    /// The payout's status in the batch report (`paid`, `conflict`, ...).
    pub ledger_status: Option<String>,
    #[serde(rename = "amount_poisha", with = "crate::money::serde_opt_poisha")]
    pub amount: Option<Amount>,
    /// Where the lines are: `nov.csv rows 6, 9`.
    pub statement_lines: String,
    pub statement_time: Option<String>,
    pub statement_status: Option<String>,
    #[serde(rename = "debited_poisha", with = "crate::money::serde_poisha")]
    pub debited: Amount,
    #[serde(rename = "credited_poisha", with = "crate::money::serde_poisha")]
    pub credited: Amount,
    #[serde(rename = "fee_poisha", with = "crate::money::serde_poisha")]
    pub fee: Amount,
    #[serde(rename = "net_poisha", with = "crate::money::serde_poisha")]
    pub net: Amount,
}

/// Builds the report from a match. `used` lists the statements whose lines
/// were read, `current` the one matched this time.
pub fn build(
    run: &MatchRun,
    current: &StoredStatement,
    used: &[StoredStatement],
    period: Option<(String, String)>,
) -> MatchReport {
    let rows: Vec<MatchRow> = run.findings.iter().map(|f| row(run, f)).collect();
    let count = |c: Class| run.findings.iter().filter(|f| f.class == c).count() as u64;
    let reference = |s: &StoredStatement| StatementRef {
        file_name: s.file_name.clone(),
        sha256: s.file_sha256.clone(),
        imported_at: s.imported_at.clone(),
        lines: s.lines,
    };
    let (from, to) = period.unzip();
    let needs_attention = run
        .findings
        .iter()
        .filter(|f| f.class.needs_attention())
        .count() as u64;
    MatchReport {
        summary: MatchSummary {
            batches: run.batches.iter().map(|b| b.label.clone()).collect(),
            from,
            to,
            statement: reference(current),
            statements_used: used.iter().map(reference).collect(),
            payrun_version: env!("CARGO_PKG_VERSION").to_string(),
            generated_at: crate::report::now_rfc3339(),
            matched: count(Class::Matched),
            amount_differs: count(Class::AmountDiffers),
            status_differs: count(Class::StatusDiffers),
            not_debited: count(Class::NotDebited),
            not_ours: count(Class::NotOurs),
            debited_twice: count(Class::DebitedTwice),
            rows: rows.len() as u64,
            needs_attention,
            all_matched: !run.needs_attention(),
            equations: run.equations.clone(),
        },
        rows,
    }
}

fn row(run: &MatchRun, f: &Finding) -> MatchRow {
    let lines: Vec<&crate::ledger::statements::StoredLine> =
        f.lines.iter().filter_map(|i| run.lines.get(*i)).collect();
    let first = lines.first();
    let payout = f.payout.and_then(|i| run.payouts.get(i));
    let mut r = MatchRow {
        class: f.class.key().to_string(),
        class_label: f.class.label().to_string(),
        next_step: f.next_step.clone(),
        detail: f.detail.clone(),
        batch: f.other_batch.clone(),
        sheet_row: None,
        reference: None,
        name: None,
        wallet: first.and_then(|l| l.line.wallet.clone()),
        provider: None,
        trade_no: first.and_then(|l| l.line.trade_no.clone()),
        platform_trade_no: first.and_then(|l| l.line.platform_trade_no.clone()),
        ledger_status: None,
        amount: None,
        statement_lines: where_lines(&lines),
        statement_time: first.and_then(|l| l.line.time.clone()),
        statement_status: first.and_then(|l| l.line.status_text.clone()),
        debited: f.debited,
        credited: f.credited,
        fee: f.fees,
        net: f.net,
    };
    if let Some(p) = payout {
        let d = &p.detail;
        r.batch = Some(p.batch.label.clone());
        r.sheet_row = d.row_no;
        r.reference = d.reference.clone();
        r.name = d.name.clone();
        r.wallet = Some(d.wallet.clone());
        r.provider = Some(d.provider.display_name().to_string());
        r.trade_no = Some(d.trade_no.clone());
        r.platform_trade_no = d.platform_trade_no.clone().or(r.platform_trade_no);
        r.ledger_status = status_of(d.state, d.conflict).map(|s| s.label().to_string());
        r.amount = Some(d.amount);
    }
    r
}

/// `nov.csv rows 6, 9; dec.csv row 2`.
fn where_lines(lines: &[&crate::ledger::statements::StoredLine]) -> String {
    let mut parts: Vec<(String, Vec<String>)> = Vec::new();
    for l in lines {
        let name = std::path::Path::new(&l.file_name)
            .file_name()
            .map_or_else(|| l.file_name.clone(), |n| n.to_string_lossy().into_owned());
        match parts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, rows)) => rows.push(l.line.row_no.to_string()),
            None => parts.push((name, vec![l.line.row_no.to_string()])),
        }
    }
    parts
        .into_iter()
        .map(|(n, rows)| {
            let word = if rows.len() == 1 { "row" } else { "rows" };
            format!("{n} {word} {}", rows.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}
