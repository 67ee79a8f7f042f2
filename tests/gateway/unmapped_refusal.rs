//! A payout refused with an outer code no table maps ("3005 Insufficient
//! merchant balance"), and a tradeNo the gateway refuses (probe11
//! findings 3 and 4). Such a refusal places no order payrun could find,
//! but payrun cannot tell it from one that did: it asks, and resends the
//! same tradeNo once the gateway says "not found". The operator must be
//! told the gateway's words and the setting that reads them, never "the
//! gateway never received them"; identical unmapped refusals in a row stop
//! the run as a systemic one does, instead of sending every row
//! `max_attempts` times.

use super::readings::reconcile;
use super::scripted::{BALANCE, PAYOUT, Run, Scripted, json, rich_balance};
use super::unread_told::{report_row, report_rows};

fn next_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("Next:")).collect();
    lines.join("\n")
}

/// A gateway that refuses every payout with `refusal` (queries: 1007).
fn refusing(refusal: &'static str) -> Scripted {
    Scripted::start(move |c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT => json(refusal),
        _ => json(r#"{"code":"1007","msg":"order not found"}"#),
    })
}

const SHORT: &str = r#"{"code":"3005","msg":"Insufficient merchant balance","success":false}"#;

/// Before: 25 payout requests for 5 rows (each sent `max_attempts`
/// times), exit 1, `Next: 5 payouts are not sent (the gateway never
/// received them)`, and "3005" in no output, status or report.
#[test]
fn identical_unmapped_refusals_in_a_row_stop_the_run_and_are_named_everywhere() {
    let gw = refusing(SHORT);
    let run = Run::new(&gw.url);
    let rows = [
        ("U-1", "01712345642", 300),
        ("U-2", "01812345678", 400),
        ("U-3", "01912345670", 500),
        ("U-4", "01612345671", 600),
        ("U-5", "01512345672", 700),
    ];
    let (code, out) = run.submit("short", &rows);
    assert_eq!(code, 3, "stopped as a systemic refusal:\n{out}");
    assert_eq!(gw.calls(PAYOUT).len(), 3, "three in a row, then stop");
    let next = next_lines(&out);
    assert!(
        next.contains("3005")
            && next.contains("Insufficient merchant balance")
            && next.contains("[code_classes]"),
        "the Next lines say what the gateway answered and the setting: {next}"
    );
    assert!(!next.contains("never received"), "{next}");

    let (code, status) = run.payrun(&["status", "--batch", "short"]);
    assert!(code == 0 || code == 1, "{status}");
    assert!(
        status.contains("3005") && status.contains("Insufficient merchant balance"),
        "status --batch names the refusal: {status}"
    );
    // Which three rows were sent depends on the workers' order: each of
    // them shows the refusal, the two the halt kept back show none.
    let rows = report_rows(&run, "short");
    let refused: Vec<_> = rows.iter().filter(|r| r["status_code"] == "3005").collect();
    assert_eq!(refused.len(), 3, "{rows:?}");
    assert!(
        refused
            .iter()
            .all(|r| r["status_desc"] == "Insufficient merchant balance"),
        "{rows:?}"
    );

    // reconcile asks, hears "not found", and puts them back to not sent:
    // they were refused, not lost on the way. Before: "back to not sent
    // (never reached the gateway)" and "the gateway never received them".
    std::thread::sleep(std::time::Duration::from_millis(400)); // past the grace
    let (code, rec) = reconcile(&run, "short");
    assert_eq!(code, 1, "{rec}");
    assert_eq!(run.payout("U-1").0, "planned", "{rec}");
    assert!(!rec.contains("never reached"), "{rec}");
    assert!(
        rec.contains("Next: 2 payouts are not sent (the gateway never received them)"),
        "only the two rows the halt kept back were never sent: {rec}"
    );
    assert!(
        next_lines(&rec).contains("3005") && rec.contains("[code_classes]"),
        "{rec}"
    );
}

/// One row, `--max-attempts 2`: refused twice, "not found" each time, so
/// back to not sent. Before: `2 resent after "not found"` for one resend,
/// and `Next: 1 payout is not sent (the gateway never received it)` with
/// "3005" nowhere.
#[test]
fn a_payout_left_not_sent_after_unmapped_refusals_shows_the_gateway_words() {
    let gw = refusing(SHORT);
    let run = Run::new(&gw.url);
    let (code, out) = run.submit_with(
        "once",
        &[("V-1", "01712345642", 300)],
        &["--max-attempts", "2"],
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(gw.calls(PAYOUT).len(), 2, "max_attempts");
    assert_eq!(run.payout("V-1").0, "planned");
    assert!(
        out.contains("2 payout requests") && out.contains("1 resent after \"not found\""),
        "two sends are one resend: {out}"
    );
    let next = next_lines(&out);
    assert!(
        next.contains("3005")
            && next.contains("Insufficient merchant balance")
            && next.contains("[code_classes]"),
        "{next}"
    );
    assert!(!next.contains("never received"), "{next}");
    let (_, status) = run.payrun(&["status", "--batch", "once"]);
    assert!(status.contains("3005"), "{status}");
    let row = report_row(&run, "once", "V-1");
    assert_eq!(row["status_code"], "3005", "{row}");
    assert_eq!(row["status_desc"], "Insufficient merchant balance", "{row}");
}

/// A gateway that takes only letters and digits in tradeNo refuses every
/// row `1001 tradeNo format error`: the tradeNo is payrun's, and no
/// correction of the sheet can help. Before: `Next: 3 payouts are refused
/// by the gateway for their data ... correct the row in the sheet`.
#[test]
fn a_refusal_of_every_row_naming_the_trade_no_is_not_blamed_on_the_sheet() {
    for refusal in [
        r#"{"code":"1001","msg":"tradeNo format error"}"#,
        r#"{"code":"1001","msg":"parameter error"}"#,
    ] {
        let gw = refusing(refusal);
        let run = Run::new(&gw.url);
        let rows = [
            ("T-1", "01712345642", 300),
            ("T-2", "01812345678", 400),
            ("T-3", "01912345670", 500),
        ];
        let (code, out) = run.submit("tn", &rows);
        assert_eq!(code, 1, "{refusal}:\n{out}");
        assert_eq!(run.payout("T-1").0, "failed");
        let next = next_lines(&out);
        assert!(
            !next.contains("correct the row in the sheet"),
            "{refusal}: the sheet is not the cause: {next}"
        );
        assert!(
            next.contains("tradeNo") && next.contains("payrun's own"),
            "{refusal}: names payrun's own field: {next}"
        );
    }
}
