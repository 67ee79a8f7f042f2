//! A gateway whose "not found" is not `1007` (probe11 finding 2). Before a
//! batch's first send the ledger-loss check asks the gateway about a few of
//! its tradeNos; a refusal code payrun cannot place, or `0000` without a
//! `data` object, is no "not found", so the run cannot start (exit 5). It
//! must say what the gateway answered and the setting that reads it,
//! never send the operator to the network, and the setting must let the
//! batch start.

use super::scripted::{BALANCE, PAYOUT, QUERY, Run, Scripted, json, rich_balance};

/// A gateway that pays every payout at once and answers every query
/// `not_found` (its own "not found", whatever the tradeNo).
fn gateway(not_found: &'static str) -> Scripted {
    Scripted::answering_every_query(move |c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT => json(format!(
            r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"0000"}}}}"#,
            c.trade_no
        )),
        _ => json(not_found),
    })
}

const ROWS: [(&str, &str, u32); 2] = [("N-1", "01712345642", 300), ("N-2", "01812345678", 400)];

/// Before: exit 5, "did not answer 2 of them (code 2001 (order not
/// exist)) ... Check the network and the base URL", the setting unnamed.
#[test]
fn an_unplaced_refusal_code_on_the_loss_check_names_the_code_and_the_setting() {
    let gw = gateway(r#"{"msg":"order not exist","code":"2001","success":false,"data":null}"#);
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("nf", &ROWS);
    assert_eq!(code, 5, "could not start:\n{out}");
    assert!(gw.calls(PAYOUT).is_empty(), "nothing sent");
    assert!(
        out.contains("2001") && out.contains("order not exist"),
        "the gateway's code and words: {out}"
    );
    assert!(
        out.contains(r#"[code_classes] "2001" = "not_found""#),
        "the setting that reads it: {out}"
    );
    assert!(
        !out.contains("Check the network") && !out.contains("did not answer"),
        "the gateway answered; the network is not the cause: {out}"
    );

    let run = run.with_config("[code_classes]\n\"2001\" = \"not_found\"\n");
    let (code, out) = run.submit("nf", &ROWS);
    assert_eq!(code, 0, "mapped, the batch starts:\n{out}");
    assert_eq!(gw.calls(PAYOUT).len(), 2, "each row once");
    assert_eq!(run.payout("N-1").0, "paid");
}

/// A gateway that answers an unknown tradeNo `0000` with `data: null`.
/// Before: exit 5 with "check the network", and no setting could start a
/// batch there (`--adopt` as well).
#[test]
fn a_gateway_whose_not_found_is_0000_without_data_has_a_setting_and_is_told_it() {
    let gw = gateway(r#"{"code":"0000","msg":"order not exist","success":true,"data":null}"#);
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("nd", &ROWS);
    assert_eq!(code, 5, "not read as \"not found\" by default:\n{out}");
    assert!(gw.calls(PAYOUT).is_empty(), "nothing sent");
    assert!(
        out.contains(r#"[code_classes] "0000 without data" = "not_found""#)
            && out.contains("order not exist"),
        "the words and the setting, to set after asking the provider: {out}"
    );
    assert!(!out.contains("Check the network"), "{out}");

    let run = run.with_config("[code_classes]\n\"0000 without data\" = \"not_found\"\n");
    let (code, out) = run.submit("nd", &ROWS);
    assert_eq!(code, 0, "set, the batch starts:\n{out}");
    assert_eq!(gw.calls(PAYOUT).len(), 2, "each row once");
    assert_eq!(run.payout("N-2").0, "paid");
}

/// The setting reads only a readable `0000` answer whose `data` is absent
/// or null as "not found": an empty `data` object, an empty body or HTML
/// is still no answer, and the run cannot start (a guard for the setting
/// above; this held before it too).
#[test]
fn the_0000_without_data_setting_never_reads_an_empty_or_garbled_answer_as_not_found() {
    for answer in [
        r#"{"code":"0000","msg":"ok","data":{}}"#,
        "",
        "<html>busy</html>",
    ] {
        let gw = gateway(answer);
        let run = Run::new(&gw.url)
            .with_config("[code_classes]\n\"0000 without data\" = \"not_found\"\n");
        let (code, out) = run.submit("gb", &ROWS);
        assert_eq!(code, 5, "{answer:?}:\n{out}");
        assert!(gw.calls(PAYOUT).is_empty(), "{answer:?}: nothing sent");
        assert!(!gw.calls(QUERY).is_empty(), "{answer:?}: it asked");
    }
}
