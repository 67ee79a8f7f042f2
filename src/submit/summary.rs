//! What a run tells the operator at the end: counts and taka per state and per
//! provider (straight from the ledger's sums), the rows that need a person,
//! where the ledger is, and what to do next.

use crate::engine::{Halt, Stats};
use crate::gateway::Requests;
use crate::ledger::unread::UnreadGroup;
use crate::ledger::views::PayoutDetail;
use crate::ledger::{BatchTotals, State, StateTotal};
use crate::money::Amount;
use crate::text;
use crate::wallet::Provider;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

/// Everything the summary shows.
pub struct Summary<'a> {
    pub label: &'a str,
    pub file_name: &'a str,
    pub rows_read: usize,
    /// Failed payouts the gateway refused for their data
    /// ([`crate::ledger::Ledger::failed_for_their_data`]): no retry offered.
    pub failed_for_their_data: u64,
    pub stats: &'a Stats,
    /// Every request the run made, counted by the client that made them.
    pub sent: Requests,
    /// The queries among them that were the ledger-loss check's.
    pub loss_checks: u64,
    pub elapsed: Duration,
    pub totals: &'a BatchTotals,
    pub problems: &'a [PayoutDetail],
    pub halt: Option<&'a Halt>,
    /// Invalid and refused rows recorded instead of sent.
    pub skipped: usize,
    /// Planned payouts of this batch from an earlier sheet, not in this one.
    pub not_in_sheet: usize,
    /// Planned payouts of this sheet not sent because they are in conflict.
    pub held: usize,
    pub ledger: &'a Path,
    /// How long a "not found" is doubted after a send.
    pub grace: Duration,
    /// What the commands it suggests need to reach this run's ledger
    /// (` --sandbox`, ` --ledger PATH`), or they would look for the default
    /// ledger and gateway.
    pub ledger_flags: &'a str,
    /// Open payouts whose latest answer payrun refused to read.
    pub unread: &'a [UnreadGroup],
    /// The form of this batch's tradeNos, for a refusal that names them.
    pub trade_no_form: crate::config::TradeNoForm,
}

/// The order summaries list people's words in, as the report does.
const WORDS: [&str; 5] = ["paid", "processing", "failed", "unknown", "not sent"];

/// Counts and taka per word (`sending` and `unknown` are both "unknown"),
/// in the report's order; superseded revisions are left out.
fn by_word<'a>(totals: impl Iterator<Item = &'a StateTotal>) -> Vec<(&'static str, u64, Amount)> {
    let mut out: Vec<(&'static str, u64, Amount)> = Vec::new();
    for t in totals.filter(|t| t.state != State::Superseded) {
        let word = t.state.word();
        match out.iter_mut().find(|(w, _, _)| *w == word) {
            Some((_, n, a)) => {
                *n += t.count;
                // A batch's total is checked when summed below; past it the
                // largest value shows, never a wrapped one.
                *a = a
                    .checked_add(t.amount)
                    .unwrap_or(Amount::from_poisha(i64::MAX));
            }
            None => out.push((word, t.count, t.amount)),
        }
    }
    out.sort_by_key(|(w, _, _)| WORDS.iter().position(|x| x == w).unwrap_or(usize::MAX));
    out
}

impl Summary<'_> {
    /// The queries that were the ledger-loss check's, and the balance
    /// checks: ` (8 ledger-loss checks), 1 balance check`.
    fn request_detail(&self) -> String {
        let mut out = String::new();
        if self.loss_checks > 0 {
            out = format!(" ({} ledger-loss checks)", self.loss_checks);
        }
        if self.sent.balances > 0 {
            let checks = text::count(self.sent.balances, "balance check", "balance checks");
            out = format!("{out}, {checks}");
        }
        out
    }

    /// The text, ready to print on stdout.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let s = self.stats;
        let _ = writeln!(
            out,
            "\nBatch '{}': {} ({} read)",
            self.label,
            self.file_name,
            text::count(self.rows_read as u64, "row", "rows")
        );
        let secs = self.elapsed.as_secs_f64();
        let requests = self.sent.payouts;
        let _ = writeln!(
            out,
            "This run: {}, {}{}, {}, {} resent after \"not found\"; {secs:.1} s{}",
            text::count(requests, "payout request", "payout requests"),
            text::count(self.sent.queries, "query", "queries"),
            self.request_detail(),
            text::count(
                Stats::get(&s.throttled),
                "throttled answer",
                "throttled answers"
            ),
            Stats::get(&s.resends),
            if requests > 0 && secs > 0.0 {
                format!(" ({:.0} requests/s)", requests as f64 / secs)
            } else {
                String::new()
            }
        );
        if let Some(line) = self.uncertain_line() {
            let _ = writeln!(out, "{line}");
        }
        self.state_table(&mut out);
        self.provider_lines(&mut out);
        if !self.problems.is_empty() {
            let _ = writeln!(
                out,
                "\nPayouts that need attention (first {}):",
                self.problems.len()
            );
            for p in self.problems {
                let _ = writeln!(out, "  {}", problem_line(p));
            }
        }
        let _ = writeln!(out, "\nLedger: {}", self.ledger.display());
        for line in self.next_steps() {
            let _ = writeln!(out, "Next: {line}");
        }
        out
    }

    /// How many payouts were resolved from unknown (an uncertain answer, or
    /// left unknown by an earlier run or `--adopt`) and what became of them: the time a run spends
    /// waiting out grace periods is accounted for.
    fn uncertain_line(&self) -> Option<String> {
        let n = self.stats.waiting.seen();
        if n == 0 {
            return None;
        }
        let open = self.totals.count(State::Unknown) + self.totals.count(State::Sending);
        let conflicts = self.totals.open_in_conflict.min(open);
        let unknown = open - conflicts;
        let resends = match Stats::get(&self.stats.resends) {
            1 => "1 resend".to_string(),
            r => format!("{r} resends"),
        };
        // A conflict was answered: the answer contradicts the ledger.
        let in_conflict = match conflicts {
            0 => String::new(),
            c => format!(", {c} in conflict"),
        };
        Some(format!(
            "Uncertain: {} (their outcome unknown: no readable answer to a request, or left \
             unknown by an earlier run or --adopt); each was asked about, waiting up to {} s of \
             grace before believing \"not found\": {resends} (each with the same tradeNo), \
             {unknown} still unknown{in_conflict}",
            count(n),
            self.grace.as_secs(),
        ))
    }

    fn state_table(&self, out: &mut String) {
        let _ = writeln!(out, "\n  {:<12} {:>8} {:>20}", "status", "payouts", "taka");
        let mut count = 0;
        let mut sum = Some(Amount::ZERO);
        for (word, n, amount) in by_word(self.totals.by_state.iter()) {
            let _ = writeln!(out, "  {word:<12} {n:>8} {amount:>20}");
            count += n;
            sum = sum.and_then(|a| a.checked_add(amount));
        }
        let total = sum.map_or("overflow".to_string(), |a| a.to_string());
        let _ = writeln!(out, "  {:<12} {:>8} {:>20}", "total", count, total);
        let superseded = self.totals.count(State::Superseded);
        if superseded > 0 {
            let _ = writeln!(
                out,
                "  ({superseded} earlier revisions superseded by corrected rows are not counted)"
            );
        }
    }

    fn provider_lines(&self, out: &mut String) {
        let _ = writeln!(out);
        for provider in Provider::ALL {
            let mine = self
                .totals
                .by_state_provider
                .iter()
                .filter(|t| t.provider == Some(provider));
            let text: Vec<String> = by_word(mine)
                .into_iter()
                .map(|(word, n, amount)| format!("{word} {n} (Tk {amount})"))
                .collect();
            if text.is_empty() {
                continue;
            }
            let _ = writeln!(out, "  {:<7} {}", provider.display_name(), text.join(", "));
        }
    }

    /// What to do next, a line each: why the run stopped, then the payouts
    /// still open, then those that need a person; "nothing" when none.
    fn next_steps(&self) -> Vec<String> {
        let mut next: Vec<String> = self.halt.map(halt_next).into_iter().collect();
        self.open_lines(&mut next);
        self.failed_lines(&mut next);
        self.person_lines(&mut next);
        if next.is_empty() {
            next.push("nothing: every payout is paid".to_string());
        }
        next
    }

    /// The payouts the gateway has not settled: unknown, open on an answer
    /// payrun cannot read, not sent, held, processing.
    fn open_lines(&self, next: &mut Vec<String>) {
        let t = self.totals;
        let n = |s| t.count(s);
        // An unknown payout whose answer payrun refused to read is told what
        // to map, never to run again (asking again hears the same).
        let unread: u64 = self.unread.iter().map(|g| g.unknown).sum();
        // Nor is one in conflict: the gateway answered, and the conflict's
        // own line below says what to do.
        let silent = (n(State::Unknown) + n(State::Sending))
            .saturating_sub(unread)
            .saturating_sub(t.open_in_conflict);
        if silent > 0 {
            next.push(format!(
                "{} unknown (no answer from the gateway yet). Run the same command again: it asks the gateway before anything is resent",
                payouts(silent)
            ));
        }
        for g in self.unread {
            next.push(unread_next(g, self.label, self.ledger_flags));
        }
        // Refused with a code payrun cannot place: told on their own line.
        let refused: u64 = self.unread.iter().map(|g| g.not_sent).sum();
        let waiting = (self.not_in_sheet + self.held) as u64 + refused;
        if self.halt.is_none() && n(State::Planned) > waiting {
            next.push(not_sent_next(
                n(State::Planned) - waiting,
                "Run the same command again",
            ));
        }
        if self.held > 0 {
            next.push(format!(
                "{} in conflict and held, not sent: the gateway reported paid what the ledger holds as not sent",
                payouts(self.held as u64)
            ));
        }
        if n(State::Processing) > 0 {
            next.push(format!(
                "{} processing at the gateway; the result comes by callback or query. Settle them later with `payrun reconcile --batch {}{}`",
                payouts(n(State::Processing)),
                self.label,
                self.ledger_flags
            ));
        }
    }

    /// What a person must look at after the failed payouts: conflicts,
    /// rows recorded instead of paid, payouts of an earlier sheet.
    fn person_lines(&self, next: &mut Vec<String>) {
        let label = self.label;
        if self.totals.conflicts > 0 {
            next.push(format!(
                "{} in conflict: the gateway's answers, or the provider's statement (`payrun match`), contradict the ledger; they are never sent again by payrun: check them with the provider before paying anyone again, then record what you found with `payrun conflict resolve TRADENO --by NAME --note TEXT{f}` (see `payrun conflict list{f}`)",
                count(self.totals.conflicts),
                f = self.ledger_flags
            ));
        }
        if self.skipped > 0 {
            next.push(format!(
                "{} invalid or refused rows were recorded, not paid (listed above). Correct them in the sheet and submit it again under the same label: only they are sent",
                self.skipped
            ));
        }
        if self.not_in_sheet > 0 {
            let n = self.not_in_sheet as u64;
            let (come, are) = if n == 1 {
                ("comes", "is")
            } else {
                ("come", "are")
            };
            next.push(format!(
                "{} of batch '{label}' (not sent) {come} from an earlier sheet and {are} not in this one; not sent now",
                count(n)
            ));
        }
    }
}

/// Why the run stopped before the end, and what to do about it.
fn halt_next(halt: &Halt) -> String {
    match halt {
        Halt::Systemic(why) => format!(
            "stopped because {why}. Payouts not sent yet wait for the next run; fix the cause and run the same command again"
        ),
        Halt::Interrupted => "interrupted. Payouts not sent yet wait for the next run; run the same command again to continue".to_string(),
        Halt::Ledger(why) => format!(
            "stopped because the ledger could not record ({why}). Fix the disk, then run the same command again"
        ),
    }
}

/// What to do about payouts not sent, in the same words after `submit` and
/// `reconcile`: `how` is the command that sends them.
pub fn not_sent_next(n: u64, how: &str) -> String {
    format!(
        "{} not sent (the gateway never received them). {how} to send them, with the same tradeNos; paid rows are never sent again",
        payouts(n)
    )
}

/// What to do about open payouts whose answer payrun refused to read, in
/// the same words after `submit`, `reconcile` and `status`: what the
/// gateway sent, the setting that reads it, and the command that settles
/// them once it is set (`flags`: what reaches the same config and ledger).
pub fn unread_next(g: &UnreadGroup, label: &str, flags: &str) -> String {
    let open = if g.not_sent == g.payouts {
        "not sent"
    } else if g.unknown == g.payouts {
        "unknown"
    } else {
        "open"
    };
    // A refused payout request is settled by sending it again once the
    // refusal is mapped or its cause fixed (a run asks first).
    let then = if g.unread.payout {
        format!(" submit the sheet again under --batch {label}{flags}")
    } else {
        format!(": `payrun reconcile --batch {label}{flags}`")
    };
    format!("{} {open}: {}{then}", payouts(g.payouts), g.unread.words())
}

/// "1 payout", "3 payouts".
fn count(n: u64) -> String {
    text::count(n, "payout", "payouts")
}

/// "1 payout is", "3 payouts are".
fn payouts(n: u64) -> String {
    if n == 1 {
        "1 payout is".to_string()
    } else {
        format!("{n} payouts are")
    }
}

/// One line per payout that needs a person.
pub fn problem_line(p: &PayoutDetail) -> String {
    let row = p
        .row_no
        .map_or_else(|| "row ?".to_string(), |r| format!("row {r}"));
    let reference = p
        .reference
        .as_deref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    let why = match (&p.status_code, &p.status_desc) {
        (Some(c), Some(d)) => format!(" {c} {d}"),
        (Some(c), None) => format!(" {c}"),
        (None, Some(d)) => format!(" {d}"),
        (None, None) => p
            .unread
            .as_ref()
            .map_or_else(String::new, |u| match u.said() {
                Some(said) => format!(" {:?} {said} (unmapped)", u.code),
                None => format!(" {:?} (unread)", u.code),
            }),
    };
    let conflict = if p.conflict { " [CONFLICT]" } else { "" };
    format!(
        "{row}{reference} {} {} Tk {}: {}{why}{conflict} [tradeNo {}]",
        p.provider,
        p.wallet,
        p.amount,
        p.state.word(),
        p.trade_no
    )
}

mod refused;

#[cfg(test)]
mod tests;
