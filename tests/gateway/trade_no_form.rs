//! A gateway that takes only letters and digits (or only digits) in
//! tradeNo, end to end against the sandbox's `trade_no_alphabet` fault:
//! refused with the default form and told which setting changes it (probe11
//! finding 4), paid with `trade_no_form`, and never paid twice when the
//! setting changes in the middle of a batch.

use super::scripted::{Run, SECRET};
use payrun::testing::sandbox::{SandboxHandle, TradeNoAlphabet};
use payrun::testing::secret::Secret;

/// A sandbox that pays at once and takes only `alphabet` in tradeNos, with
/// the merchant and secret `Run` uses.
fn strict(alphabet: TradeNoAlphabet) -> SandboxHandle {
    super::sandbox_with(|c| {
        c.merchant_no = "0000000001".to_string();
        c.secret = Secret::new(SECRET.to_string());
        c.instant = true;
        c.faults.trade_no_alphabet = alphabet;
    })
}

const ROWS: [(&str, &str, u32); 3] = [
    ("T-1", "01712345642", 300),
    ("T-2", "01812345678", 400),
    ("T-3", "01912345670", 500),
];

fn next_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("Next:")).collect();
    lines.join("\n")
}

/// Every order the sandbox placed, as (wallet, tradeNo).
fn orders(sbx: &SandboxHandle) -> Vec<(String, String)> {
    sbx.orders()
        .into_iter()
        .map(|o| (o.wallet_id, o.trade_no))
        .collect()
}

#[test]
fn a_letters_and_digits_gateway_refuses_the_default_and_pays_the_alphanumeric_form() {
    let sbx = strict(TradeNoAlphabet::Alphanumeric);
    let run = Run::new(&sbx.url());
    let (code, out) = run.submit("nov", &ROWS);
    assert_eq!(code, 1, "every row refused:\n{out}");
    assert_eq!(run.payout("T-1").0, "failed");
    assert!(orders(&sbx).is_empty(), "a refusal places nothing");
    let next = next_lines(&out);
    assert!(
        next.contains("tradeNo format error") && next.contains("trade_no_form"),
        "the Next line names the refusal and the setting: {next}"
    );
    assert!(!next.contains("correct the row in the sheet"), "{next}");

    // The same batch in another form: refused before anything is sent.
    let sent = sbx.payout_requests();
    let (code, out) = run.submit_with(
        "nov",
        &ROWS,
        &["--trade-no-form", "alphanumeric", "--retry-failed"],
    );
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("'nov'") && out.contains("label-hash") && out.contains("alphanumeric"),
        "names the batch and both forms: {out}"
    );
    assert!(out.contains("new batch label"), "{out}");
    assert_eq!(sbx.payout_requests(), sent, "nothing sent");

    // A new label in the new form pays everyone once. The sheet went out
    // under 'nov' (every row refused): --allow-same-sheet says so.
    let (code, out) = run.submit_with(
        "nov-alnum",
        &ROWS,
        &["--trade-no-form", "alphanumeric", "--allow-same-sheet"],
    );
    assert_eq!(code, 0, "{out}");
    let placed = orders(&sbx);
    assert_eq!(placed.len(), 3, "{placed:?}");
    for (_, t) in &placed {
        assert!(t.bytes().all(|b| b.is_ascii_alphanumeric()), "{t}");
        assert!(t.starts_with("novalnum"), "the readable front stays: {t}");
    }
    assert!(out.contains("paid 3"), "{out}");
}

/// A batch paid in one form, then run with another setting and a new row:
/// refused, nothing sent, the new row not paid under a second form. Before
/// the ledger recorded the form, the fourth row went out in the new form
/// beside the batch's other tradeNos.
#[test]
fn a_changed_form_mid_batch_sends_nothing_and_pays_no_one_twice() {
    let sbx = strict(TradeNoAlphabet::Any);
    let run = Run::new(&sbx.url());
    let (code, out) = run.submit_with("dec", &ROWS, &["--trade-no-form", "digits"]);
    assert_eq!(code, 0, "{out}");
    let paid = orders(&sbx);
    assert_eq!(paid.len(), 3);
    assert!(paid.iter().all(|(_, t)| t.len() == 25), "{paid:?}");

    let mut more = ROWS.to_vec();
    more.push(("T-4", "01612345671", 600));
    for form in [None, Some("alphanumeric")] {
        let extra: Vec<&str> = form.map_or(vec![], |f| vec!["--trade-no-form", f]);
        let (code, out) = run.submit_with("dec", &more, &extra);
        assert_eq!(code, 2, "{form:?}: {out}");
        assert!(out.contains("digits"), "names the recorded form: {out}");
        assert_eq!(orders(&sbx), paid, "{form:?}: nothing sent");
        let (code, out) = run.submit_with("dec", &more, &[&extra[..], &["--dry-run"]].concat());
        assert_eq!(code, 2, "a dry run says the same: {out}");
    }
    let (code, out) = run.submit_with("dec", &more, &["--trade-no-form", "digits"]);
    assert_eq!(code, 0, "{out}");
    let now = orders(&sbx);
    assert_eq!(now.len(), 4, "only the new row: {now:?}");
    assert!(now.iter().all(|(_, t)| t.len() == 25), "{now:?}");
    let mut wallets: Vec<&str> = now.iter().map(|(w, _)| w.as_str()).collect();
    wallets.sort_unstable();
    wallets.dedup();
    assert_eq!(wallets.len(), 4, "no one paid twice: {now:?}");
}

/// A digits-only gateway: the digits form is paid.
#[test]
fn a_digits_only_gateway_pays_the_digits_form() {
    let sbx = strict(TradeNoAlphabet::Digits);
    let run = Run::new(&sbx.url()).with_config("trade_no_form = \"digits\"\n");
    let (code, out) = run.submit("jan", &ROWS);
    assert_eq!(code, 0, "{out}");
    assert_eq!(orders(&sbx).len(), 3);
    let config = run.config.as_ref().expect("config written");
    let mut show = std::process::Command::new(env!("CARGO_BIN_EXE_payrun"));
    show.args(["config", "show"])
        .env("PAYRUN_CONFIG", config)
        .env("HOME", crate::test_home())
        .env_remove("PAYRUN_TRADE_NO_FORM");
    let (code, shown) = super::scripted::captured(&mut show, &["config", "show"]);
    assert_eq!(code, 0, "{shown}");
    assert!(
        shown.contains("trade_no_form") && shown.contains("digits"),
        "{shown}"
    );
}
