//! Rows never sent: what a run records is what the report reads back.

use super::{planned, temp_ledger};
use crate::ledger::{InvalidRecord, RunInfo};

#[test]
fn an_invalid_row_reads_back_as_it_was_recorded() {
    let (_dir, mut ledger) = temp_ledger();
    let (batch, _, _) = planned(&mut ledger, 1);
    // The report reads the invalid rows of the latest run that read a sheet.
    let sheet = RunInfo {
        input_sha256: Some("ab".repeat(32)),
        ..RunInfo::default()
    };
    let run = ledger.begin_run(Some(batch), &sheet).expect("run");
    let row = InvalidRecord {
        row_no: 9,
        kind: "refused".to_string(),
        reference: Some("E9".to_string()),
        name: None,
        wallet_raw: Some("01712345678".to_string()),
        provider_raw: Some("bkash".to_string()),
        amount_raw: Some(String::new()),
        issues: "paid under nov-1 before".to_string(),
    };
    ledger
        .record_invalid(batch, run, std::slice::from_ref(&row))
        .expect("record");
    assert_eq!(ledger.latest_invalid(batch).expect("read"), vec![row]);
}
