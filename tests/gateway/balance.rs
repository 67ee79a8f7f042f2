//! The balance check before a run, against gateways that answer it in ways
//! the provider leaves open. A balance answer can never make payrun pay: it
//! can only let a run start, delay it, or stop it before anything is sent.
//! So an answer payrun cannot place is asked again within the check's
//! bounds (three asks), and then the run could not start (exit 5); only a
//! refusal of the merchant or of the request itself stops it as systemic
//! (exit 3).

use super::scripted::{BALANCE, PAYOUT, Run, Scripted, json, rich_balance};

/// A gateway whose first `odd` balance answers are `answer`; then it
/// answers a rich balance, and pays every payout at once.
fn odd_then_rich(answer: &'static str, odd: usize) -> Scripted {
    Scripted::start(move |c| match c.path.as_str() {
        BALANCE if c.nth <= odd => json(answer),
        BALANCE => rich_balance(),
        PAYOUT => json(format!(
            r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"0000"}}}}"#,
            c.trade_no
        )),
        _ => json(r#"{"code":"1007","msg":"order not found"}"#),
    })
}

/// Codes that say nothing about the merchant: one no table maps, and the
/// order codes (`1004`, `1007`) that have no meaning for a balance.
const NOT_A_REFUSAL: [&str; 4] = [
    r#"{"code":"9999","msg":"system busy"}"#,
    r#"{"code":"0001","msg":"try again"}"#,
    r#"{"code":"1004","msg":"duplicate"}"#,
    r#"{"code":"1007","msg":"not found"}"#,
];

/// Before: exit 3, "the gateway refused the balance check with code 9999",
/// asked once; a run on a gateway with a passing hiccup under its own code
/// was stopped as if the merchant were refused.
#[test]
fn an_unmapped_outer_code_on_the_balance_check_is_asked_again_not_a_stop() {
    for answer in NOT_A_REFUSAL {
        let gw = odd_then_rich(answer, 2);
        let run = Run::new(&gw.url);
        let (code, out) = run.submit("bal", &[("B-1", "01712345642", 300)]);
        assert_eq!(
            code, 0,
            "{answer}: asked again, then the run goes on:\n{out}"
        );
        assert_eq!(gw.calls(BALANCE).len(), 3, "{answer}");
        assert_eq!(gw.calls(PAYOUT).len(), 1, "{answer}");
        assert_eq!(run.payout("B-1").0, "paid", "{answer}");
    }
}

/// An unmapped code on every ask: the run could not start (exit 5), nothing
/// sent, and the message names the code and the knob that maps it.
#[test]
fn an_unmapped_outer_code_that_persists_means_the_run_could_not_start() {
    let gw = odd_then_rich(r#"{"code":"9999","msg":"system busy"}"#, usize::MAX);
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("bal", &[("B-1", "01712345642", 300)]);
    assert_eq!(code, 5, "{out}");
    assert_eq!(gw.calls(BALANCE).len(), 3, "bounded: three asks\n{out}");
    assert!(gw.calls(PAYOUT).is_empty(), "nothing sent");
    assert!(
        out.contains("9999") && out.contains("code_classes") && out.contains("nothing was sent"),
        "{out}"
    );
}

/// A refusal of the merchant or of the request (`1002`, `1003`, `1001`: a
/// balance request carries no row, so its parameters are payrun's own) is
/// systemic: asked once, exit 3, nothing sent. A code mapped `systemic` in
/// `payrun.toml` is too.
#[test]
fn a_refusal_of_the_merchant_on_the_balance_check_still_stops_at_once() {
    for answer in [
        r#"{"code":"1002","msg":"sign error"}"#,
        r#"{"code":"1003","msg":"merchant disabled"}"#,
        r#"{"code":"1001","msg":"timestamp expired"}"#,
        r#"{"code":"7001","msg":"merchant frozen"}"#,
    ] {
        let gw = odd_then_rich(answer, usize::MAX);
        let run = Run::new(&gw.url).with_config("[code_classes]\n\"7001\" = \"systemic\"\n");
        let (code, out) = run.submit("bal", &[("B-1", "01712345642", 300)]);
        assert_eq!(code, 3, "{answer}:\n{out}");
        assert_eq!(gw.calls(BALANCE).len(), 1, "{answer}");
        assert!(gw.calls(PAYOUT).is_empty(), "{answer}: nothing sent");
    }
}

/// A balance as a portal prints it, with commas grouping the thousands
/// (Western `1,000,000.00` or South Asian `10,00,000.00`) and a dot for
/// the decimals, is read. Before: exit 5 ("not an amount payrun can
/// read") on every run (probe11 finding 5).
#[test]
fn a_balance_with_grouping_commas_and_a_decimal_dot_is_read() {
    for available in [
        "1,000,000.00",
        "10,00,000.00",
        "1,000,000",
        "9,998,989.0000",
    ] {
        let body = format!(
            r#"{{"code":"0000","msg":"success","data":{{"availableAmount":"{available}"}}}}"#
        );
        let gw = Scripted::start(move |c| match c.path.as_str() {
            BALANCE => json(body.clone()),
            PAYOUT => json(format!(
                r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"0000"}}}}"#,
                c.trade_no
            )),
            _ => json(r#"{"code":"1007","msg":"order not found"}"#),
        });
        let run = Run::new(&gw.url);
        let (code, out) = run.submit("bal", &[("B-1", "01712345642", 300)]);
        assert_eq!(code, 0, "{available}:\n{out}");
        assert_eq!(run.payout("B-1").0, "paid", "{available}");
    }
}

/// Grouping payrun cannot read without a guess still stops the run before
/// anything is sent (exit 5): `1,000` (a thousand, or one with a decimal
/// comma?), `1.000.000,00` (dots grouping), groups of the wrong width,
/// commas after the decimal dot.
#[test]
fn a_balance_whose_grouping_is_ambiguous_is_still_refused() {
    for available in [
        "1,000",
        "1.000.000,00",
        "1,0000.00",
        "1,000.000,00",
        ",100.00",
        "1,,000.00",
    ] {
        let body = format!(
            r#"{{"code":"0000","msg":"success","data":{{"availableAmount":"{available}"}}}}"#
        );
        let gw = Scripted::start(move |c| match c.path.as_str() {
            BALANCE => json(body.clone()),
            _ => json(r#"{"code":"1007","msg":"order not found"}"#),
        });
        let run = Run::new(&gw.url);
        let (code, out) = run.submit("bal", &[("B-1", "01712345642", 300)]);
        assert_eq!(code, 5, "{available}:\n{out}");
        assert!(gw.calls(PAYOUT).is_empty(), "{available}: nothing sent");
    }
}
