//! An answer payrun refuses to read (a `data.status` it has no meaning for,
//! an outer code no table maps) leaves the payout open, never paid twice;
//! but asking again hears the same, so the operator must be told what the
//! gateway sent and which setting reads it, never "run the same command
//! again" (probe8 finding 1). Every place a person or a parser looks: the
//! summary's Next line, `status --batch`, `reconcile`, the report's Status
//! code and Notes, and the JSON log's `finished` event.

use super::readings::reconcile;
use super::scripted::{BALANCE, PAYOUT, Run, Scripted, json, rich_balance};

/// The lines of `text` that tell a person what to do.
fn next_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("Next:")).collect()
}

/// The batch's JSON report row for `reference`.
pub(super) fn report_row(run: &Run, label: &str, reference: &str) -> serde_json::Value {
    report_rows(run, label)
        .into_iter()
        .find(|r| r["reference"] == reference)
        .expect("the row is in the report")
}

/// Every row of batch `label`'s JSON report, in sheet order.
pub(super) fn report_rows(run: &Run, label: &str) -> Vec<serde_json::Value> {
    let out = run.dir.path().join(format!("{label}.json"));
    let out_text = out.to_string_lossy().into_owned();
    let (code, text) = run.payrun(&["report", "--batch", label, "--out", &out_text]);
    assert!(code == 0 || code == 1, "{text}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).expect("report written")).expect("json");
    report["rows"]
        .as_array()
        .cloned()
        .expect("the report has rows")
}

#[test]
fn a_status_payrun_cannot_read_is_named_with_its_setting_wherever_the_payout_is_shown() {
    // A counting gateway: paid sent as the JSON number 0, to the payout
    // and to every query.
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT => json(r#"{"code":"0000","data":{"platFormTradeNo":"P1","status":0}}"#),
        _ => json(format!(
            r#"{{"code":"0000","data":{{"tradeNo":"{}","status":0,"amount":"300.00"}}}}"#,
            c.trade_no
        )),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit_with(
        "zero",
        &[("E-1", "01712345642", 300)],
        &["--log-format", "json"],
    );
    assert_eq!(code, 1, "exit code as documented: unknown: {out}");
    assert_eq!(run.payout("E-1").0, "unknown");
    let next = next_lines(&out).join("\n");
    assert!(
        !next.contains("no answer from the gateway yet"),
        "never advises a re-run that cannot help: {next}"
    );
    assert!(
        next.contains(r#"data.status "0""#) && next.contains("[status_codes]"),
        "the Next line names the status and the setting: {next}"
    );
    let finished = out
        .lines()
        .find(|l| l.contains(r#""event":"finished""#))
        .expect("a finished event");
    assert!(
        finished.contains(r#""unread":1"#) && finished.contains("status_codes"),
        "{finished}"
    );

    let (code, status) = run.payrun(&["status", "--batch", "zero"]);
    assert_eq!(code, 0, "{status}");
    assert!(
        status.contains(r#"data.status "0""#) && status.contains("[status_codes]"),
        "status --batch says why the payout stays open: {status}"
    );
    let (code, rec) = reconcile(&run, "zero");
    assert_eq!(code, 1, "{rec}");
    assert!(rec.contains("[status_codes]"), "{rec}");

    let row = report_row(&run, "zero", "E-1");
    assert_eq!(row["status_code"], "0", "{row}");
    let notes = row["notes"].to_string();
    assert!(notes.contains("status_codes"), "{row}");
    assert_eq!(gw.calls(PAYOUT).len(), 1, "never sent twice");
}

#[test]
fn an_outer_code_no_table_maps_names_code_classes_not_a_rerun() {
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => rich_balance(),
        // A gateway whose success code is "200".
        _ => json(r#"{"code":"200","msg":"success","data":{"status":"0015"}}"#),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("two", &[("E-1", "01712345642", 300)]);
    assert_eq!(code, 1, "{out}");
    let next = next_lines(&out).join("\n");
    assert!(
        !next.contains("no answer from the gateway yet")
            && next.contains(r#"outer code "200""#)
            && next.contains("[code_classes]"),
        "{next}"
    );
    assert_eq!(gw.calls(PAYOUT).len(), 1, "never sent twice");
}

#[test]
fn a_processing_payout_whose_query_is_unreadable_says_so_in_reconcile() {
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT => json(r#"{"code":"0000","data":{"platFormTradeNo":"P1","status":"0015"}}"#),
        _ => json(format!(
            r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"SUCCESS","amount":"300.00"}}}}"#,
            c.trade_no
        )),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("word", &[("E-1", "01712345642", 300)]);
    assert_eq!(code, 0, "{out}");
    let (code, rec) = reconcile(&run, "word");
    assert_eq!(code, 1, "still open: {rec}");
    assert!(
        rec.contains(r#"data.status "SUCCESS""#) && rec.contains("[status_codes]"),
        "{rec}"
    );
    // Once mapped, it settles; nothing names it any more.
    let run = run.with_config("[status_codes]\n\"SUCCESS\" = \"paid\"\n");
    let (code, rec) = reconcile(&run, "word");
    assert_eq!(code, 0, "{rec}");
    assert!(!rec.contains("[status_codes]"), "{rec}");
    assert_eq!(gw.calls(PAYOUT).len(), 1);
}
