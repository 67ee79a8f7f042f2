//! One match over the ledger: the payouts of the batches in scope, the
//! statement lines (this statement's and those matched before against the
//! same batches, each transaction once), the findings and the equations,
//! and what the ledger must record about them.

use super::classify::{Elsewhere, Finding, Flag, LineFacts, PayoutFacts, classify};
use super::equations::{Equations, equations};
use super::side_of;
use super::union::union;
use crate::ledger::statements::{MatchRecord, PayoutVerdict, StatementFlag, StoredLine};
use crate::ledger::views::PayoutDetail;
use crate::ledger::{Batch, Ledger, LedgerError};
use crate::money::Amount;
use crate::statement::Effect;

/// A payout in scope, with its batch.
#[derive(Debug, Clone)]
pub struct ScopedPayout {
    pub batch: Batch,
    pub detail: PayoutDetail,
}

/// Everything one match found.
#[derive(Debug, Clone)]
pub struct MatchRun {
    pub batches: Vec<Batch>,
    pub payouts: Vec<ScopedPayout>,
    pub lines: Vec<StoredLine>,
    pub findings: Vec<Finding>,
    pub equations: Equations,
}

impl MatchRun {
    /// Count per class, every class present.
    pub fn counts(&self) -> Vec<(super::Class, u64)> {
        super::Class::ALL
            .into_iter()
            .map(|c| {
                (
                    c,
                    self.findings.iter().filter(|f| f.class == c).count() as u64,
                )
            })
            .collect()
    }

    pub fn needs_attention(&self) -> bool {
        self.findings.iter().any(|f| f.class.needs_attention()) || !self.equations.balanced()
    }
}

/// Runs the match of `batches` against statement `current` and those
/// matched against them before.
pub fn run(ledger: &Ledger, batches: &[Batch], current: i64) -> Result<MatchRun, LedgerError> {
    let ids: Vec<i64> = batches.iter().map(|b| b.id).collect();
    let mut statement_ids = ledger.statements_matched(&ids)?;
    if !statement_ids.contains(&current) {
        statement_ids.push(current);
    }
    let lines = union(ledger.statement_lines(&statement_ids)?);
    let mut payouts = Vec::new();
    let mut requested = Amount::ZERO;
    for b in batches {
        let sheet = ledger.sheet_count(b.id)?;
        requested = requested
            .checked_add(sheet.amount)
            .ok_or_else(|| LedgerError::Corrupt("the batches' total overflows".to_string()))?;
        // The batch's rows, and its replaced revisions: a debit on one of
        // those may have paid someone twice.
        let details = ledger.payout_details(b.id)?;
        for detail in details.into_iter().chain(ledger.replaced_payouts(b.id)?) {
            payouts.push(ScopedPayout {
                batch: b.clone(),
                detail,
            });
        }
    }
    let facts: Vec<PayoutFacts> = payouts
        .iter()
        .map(|p| PayoutFacts {
            trade_no: p.detail.trade_no.clone(),
            platform_no: p.detail.platform_trade_no.clone(),
            amount: p.detail.amount,
            side: side_of(p.detail.state, p.detail.conflict),
        })
        .collect();
    let line_facts = lines
        .iter()
        .map(|l| {
            Ok(LineFacts {
                trade_no: l.line.trade_no.clone(),
                platform_no: l.line.platform_trade_no.clone(),
                effect: Effect::from_key(&l.line.effect).ok_or_else(|| {
                    LedgerError::Corrupt(format!("statement line effect {:?}", l.line.effect))
                })?,
                amount: l.line.amount,
                fee: l.line.fee,
            })
        })
        .collect::<Result<Vec<_>, LedgerError>>()?;
    let mut elsewhere = Elsewhere::default();
    for (trade, platform, label) in ledger.payouts_elsewhere(&ids)? {
        if let Some(p) = platform.filter(|p| !p.is_empty()) {
            elsewhere.by_platform_no.insert(p, label.clone());
        }
        elsewhere.by_trade_no.insert(trade, label);
    }
    let mut findings = classify(&facts, &line_facts, &elsewhere);
    advise_together(&mut findings, batches);
    let equations = equations(requested, &facts, &line_facts, &findings);
    Ok(MatchRun {
        batches: batches.to_vec(),
        payouts,
        lines,
        findings,
        equations,
    })
}

/// The advice for a line of another batch of this ledger, as a command
/// that clears it: one match over this match's batches and that one
/// (matching the other batch alone leaves this batch's verdict unchanged).
fn advise_together(findings: &mut [Finding], batches: &[Batch]) {
    for f in findings {
        let Some(other) = f.other_batch.as_deref() else {
            continue;
        };
        let flags: Vec<String> = batches
            .iter()
            .map(|b| b.label.as_str())
            .chain(std::iter::once(other))
            .map(|l| format!("--batch {}", shell_word(l)))
            .collect();
        f.next_step = format!(
            "match the batches together, so that each one's verdict counts the other's lines: payrun match STATEMENT {}{}",
            flags.join(" "),
            crate::config::selection::flags()
        );
    }
}

/// A label as a shell reads it: as it is when plain, else in single quotes.
fn shell_word(label: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-/+:@".contains(c);
    match label.chars().all(plain) && !label.is_empty() {
        true => label.to_string(),
        false => format!("'{}'", label.replace('\'', "'\\''")),
    }
}

/// What the ledger records: every payout's class, and a flag (an event and
/// a conflict) for each reversal after paid and each contradicted status.
pub fn record(run: &MatchRun, statement_id: i64, summary: String) -> MatchRecord {
    let mut verdicts = Vec::new();
    let mut flags = Vec::new();
    for f in &run.findings {
        let Some(p) = f.payout.and_then(|i| run.payouts.get(i)) else {
            continue;
        };
        let line_ids: Vec<i64> = f
            .lines
            .iter()
            .filter_map(|i| run.lines.get(*i).map(|l| l.id))
            .collect();
        verdicts.push(PayoutVerdict {
            payout_id: p.detail.id,
            batch_id: p.batch.id,
            class: f.class.key(),
            line_ids,
            detail: f.detail.clone(),
            net: f.net,
            fee: f.fees,
        });
        if let Some(flag) = f.flag
            && let Some(line) = flagged_line(f, flag, &run.lines)
        {
            flags.push(StatementFlag {
                payout_id: p.detail.id,
                trade_no: p.detail.trade_no.clone(),
                line_id: line.id,
                kind: match flag {
                    Flag::Reversal => "reversal",
                    Flag::Conflict => "conflict",
                },
                detail: format!("statement: {}", f.detail),
            });
        }
    }
    MatchRecord {
        batch_ids: run.batches.iter().map(|b| b.id).collect(),
        statement_id,
        summary,
        verdicts,
        flags,
    }
}

/// The line that shows what was flagged: the credit (or the debit marked
/// reversed) for a reversal, else the first line with money or a status.
fn flagged_line<'a>(f: &Finding, flag: Flag, lines: &'a [StoredLine]) -> Option<&'a StoredLine> {
    let mine = || f.lines.iter().filter_map(|i| lines.get(*i));
    let want: &[&str] = match flag {
        Flag::Reversal => &["credit", "debit_reversed"],
        Flag::Conflict => &["debit", "debit_reversed", "failed"],
    };
    mine()
        .find(|l| want.contains(&l.line.effect.as_str()))
        .or_else(|| mine().next())
}
