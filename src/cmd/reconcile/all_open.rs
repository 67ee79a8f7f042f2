//! `reconcile --all-open`: what one run that follows many batches tells at
//! its end. Each batch gathers its own counts for the `finished` event as a
//! single-batch run does; a cron operator reading that event needs what the
//! whole run saw (the last batch's counts alone hid every other batch), so
//! each batch's are taken back after it and the event gets their sum, each
//! batch's own beside it, and the worst exit code.

use serde_json::{Map, Value};

/// The batches a run followed, in order, each with its `finished` fields
/// and exit code.
#[derive(Debug, Default)]
pub(super) struct Followed {
    batches: Vec<Map<String, Value>>,
    worst: i32,
    /// Batches with nothing open left out once the recheck's budget was
    /// spent (`--recheck-max`, `--recheck-time`).
    unrechecked: usize,
}

/// Fields every part of the run shares (the command's name, the runs the
/// ledger lacks: `cmd::gap`): not a batch's.
pub(super) const SHARED: &[&str] = &["command", "ledger_lacks_runs"];

impl Followed {
    /// Takes back what batch `label` gathered for the `finished` event and
    /// notes how it ended (`code`).
    pub(super) fn add(&mut self, label: &str, code: i32) {
        let mut one: Map<String, Value> =
            crate::log::take_finish_fields(SHARED).into_iter().collect();
        one.insert("batch".into(), label.into());
        one.insert("exit_code".into(), code.into());
        self.batches.push(one);
        self.worst = worst(self.worst, code);
    }

    /// Notes a batch with nothing open left for the next run, the
    /// recheck's budget being spent.
    pub(super) fn leave_for_recheck(&mut self) {
        self.unrechecked += 1;
    }

    /// How many batches were followed so far.
    pub(super) fn len(&self) -> usize {
        self.batches.len()
    }

    /// The exit code of the whole run: the worst of its batches'.
    pub(super) fn code(&self) -> i32 {
        self.worst
    }

    /// Gives the `finished` event the run's totals, each batch's own
    /// (`per_batch`), how many batches were followed and how many wait for
    /// the next run (`left`); says the same in one block on stdout.
    pub(super) fn finish(&self, left: usize) {
        let totals = totals(&self.batches);
        let mut fields: Vec<(&str, Value)> = totals
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        let per_batch = Value::Array(self.batches.iter().cloned().map(Value::Object).collect());
        fields.extend([
            ("batch", Value::Null),
            ("batches", self.batches.len().into()),
            ("batches_left", left.into()),
            ("per_batch", per_batch),
        ]);
        crate::log::finish_with(&fields);
        print!("{}", self.summary(&totals, left));
    }

    /// The human summary: one line per batch, then the totals.
    fn summary(&self, totals: &Map<String, Value>, left: usize) -> String {
        let mut out = format!(
            "\nAll open batches: {} followed",
            crate::text::count(self.batches.len() as u64, "batch", "batches")
        );
        if left > 0 {
            let budget = if self.unrechecked > 0 {
                format!(
                    "; {} with nothing open once --recheck-max or --recheck-time was spent",
                    self.unrechecked
                )
            } else {
                String::new()
            };
            out.push_str(&format!(
                ", {} more wait for the next run (at most {} a run{budget})",
                left,
                super::MOST_OPEN_BATCHES
            ));
        }
        out.push_str(":\n");
        for b in &self.batches {
            let label = b.get("batch").and_then(Value::as_str).unwrap_or("-");
            let code = b.get("exit_code").cloned().unwrap_or(Value::Null);
            out.push_str(&format!("  {label:<24} {}  exit {code}\n", counts(b)));
        }
        out.push_str(&format!(
            "  {:<24} {}  exit {}\n",
            "total",
            counts(totals),
            self.worst
        ));
        if let Some(secs) = totals.get("oldest_open_seconds").and_then(Value::as_u64) {
            let age = humantime::format_duration(std::time::Duration::from_secs(secs - secs % 60));
            out.push_str(&format!("  oldest open payout: sent {age} ago\n"));
        }
        out
    }
}

/// The statuses a batch line names, in the report's words, those with rows.
fn counts(fields: &Map<String, Value>) -> String {
    let said: Vec<String> = STATUSES
        .iter()
        .filter_map(|k| {
            let n = fields.get(*k)?.as_u64().filter(|n| *n > 0)?;
            Some(format!("{} {n}", k.replace('_', " ")))
        })
        .collect();
    if said.is_empty() {
        "no counts (stopped before its report)".to_string()
    } else {
        said.join(", ")
    }
}

/// The per-status row counts of the `finished` event, in the report's order.
const STATUSES: &[&str] = &[
    "paid",
    "processing",
    "unknown",
    "not_sent",
    "failed",
    "invalid",
    "conflict",
];

/// What the batches' fields add up to: every count and taka summed,
/// `balanced` only when every batch balanced, `oldest_open_seconds` the
/// oldest of all; a batch's own words (its label, its exit code, its
/// missing report) are not summed.
fn totals(batches: &[Map<String, Value>]) -> Map<String, Value> {
    let mut sum = Map::new();
    for b in batches {
        for (k, v) in b {
            if matches!(k.as_str(), "batch" | "exit_code" | "report_was_missing") {
                continue;
            }
            let merged = match (k.as_str(), sum.get(k), v) {
                ("oldest_open_seconds", Some(Value::Number(a)), Value::Number(b)) => {
                    a.as_u64().max(b.as_u64()).into()
                }
                ("oldest_open_seconds", Some(old @ Value::Number(_)), Value::Null) => old.clone(),
                (_, Some(Value::Number(a)), Value::Number(b)) => (a
                    .as_i64()
                    .unwrap_or(0)
                    .saturating_add(b.as_i64().unwrap_or(0)))
                .into(),
                (_, Some(Value::Bool(a)), Value::Bool(b)) => (*a && *b).into(),
                (_, None | Some(Value::Null), v) => v.clone(),
                (_, Some(old), _) => old.clone(),
            };
            sum.insert(k.clone(), merged);
        }
    }
    sum
}

/// The worse of two exit codes: the higher, so that done (0) < needs
/// another run (1) < invalid input (2) < a systemic refusal (3) < could
/// not start (5); the lock (4) is taken once for the whole run.
pub(super) fn worst(a: i32, b: i32) -> i32 {
    a.max(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn batch(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn totals_add_counts_keep_the_oldest_and_balance_only_when_all_do() {
        let a = batch(
            json!({"batch": "mar", "exit_code": 1, "paid": 2, "paid_poisha": 500,
            "balanced": true, "oldest_open_seconds": 90, "rechecked": 3}),
        );
        let b = batch(
            json!({"batch": "apr", "exit_code": 0, "paid": 1, "paid_poisha": 7,
            "balanced": false, "oldest_open_seconds": null, "rechecked": 1}),
        );
        let t = totals(&[a.clone(), b.clone()]);
        assert_eq!(
            Value::Object(t),
            json!({"paid": 3, "paid_poisha": 507, "balanced": false,
                   "oldest_open_seconds": 90, "rechecked": 4})
        );
        let t = totals(&[b, a]);
        assert_eq!(t["oldest_open_seconds"], 90);
        assert_eq!(worst(worst(0, 1), 0), 1);
        assert_eq!(worst(2, 3), 3);
    }
}
