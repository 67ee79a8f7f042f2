//! What each command adds to its final `finished` event (see
//! [`crate::log::finished`]): counts and taka per status, in the report's
//! words, so a log parser reads the same numbers the report shows.

use crate::report::ReportData;
use serde_json::Value;

/// The batch and, per report status, `<status>` (rows) and
/// `<status>_poisha` (exact taka in poisha); `not sent` is `not_sent`.
pub(super) fn batch_counts(data: &ReportData) {
    let mut fields: Vec<(String, Value)> =
        vec![("batch".into(), data.summary.batch.clone().into())];
    for t in &data.summary.by_status {
        let key = t.status.label().replace(' ', "_");
        fields.push((format!("{key}_poisha"), t.amount.poisha().into()));
        fields.push((key, t.rows.into()));
    }
    let c = &data.summary.control;
    fields.push(("balanced".into(), c.balanced.into()));
    // What the gateway answered that payrun cannot read: asking again
    // cannot settle those rows, a setting must read them.
    let mut unread: Vec<&str> = data
        .rows
        .iter()
        .filter_map(|r| r.unread.as_deref())
        .collect();
    fields.push(("unread".into(), unread.len().into()));
    unread.sort_unstable();
    unread.dedup();
    if !unread.is_empty() {
        fields.push(("unread_answers".into(), unread.into()));
    }
    // Monitoring alerts on a payout open too long (operations.md).
    let oldest = crate::report::open::oldest_open(data, std::time::SystemTime::now());
    fields.push((
        "oldest_open_seconds".into(),
        oldest.map_or(Value::Null, |d| d.as_secs().into()),
    ));
    let borrowed: Vec<(&str, Value)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    crate::log::finish_with(&borrowed);
}

/// [`batch_counts`] for a run that stopped before its report (a systemic
/// refusal, a gateway that did not answer, a refused row): the counts the
/// ledger holds now, if it can say. Only a log parser's view: a ledger that
/// cannot be read here leaves the event without them, never changes the
/// run's exit code.
pub(super) fn batch_counts_from(ledger: &crate::ledger::Ledger, label: &str) {
    if let Ok(data) = crate::report::from_ledger::report_data(ledger, label) {
        batch_counts(&data);
    }
}
