//! A batch keeps one tradeNo form: the one recorded with it when its first
//! tradeNos were written. The same row under another form is another order
//! at the gateway (paid twice), and `--adopt` would look under one form.

use super::*;

/// `rows` planned for batch `label` in `form`, as `submit` records them;
/// the ledger's answer.
fn record_in(
    ledger: &mut Ledger,
    label: &str,
    rows: &[crate::validate::Payout],
    form: TradeNoForm,
) -> Result<Vec<Option<i64>>, LedgerError> {
    let p = Plan::new(BatchLabel::parse(label).expect("label"), rows)
        .expect("plan")
        .in_form(form);
    let b = ledger
        .ensure_batch(label, "0000000001", "http://gw", true)
        .expect("batch");
    let run = ledger
        .begin_run(Some(b.id), &RunInfo::default())
        .expect("run");
    let d = decide(&p, &ledger.existing(b.id).expect("existing"));
    ledger.record_plan(b.id, run, &p, &d, &way)
}

fn trade_nos(ledger: &Ledger) -> Vec<String> {
    let mut stmt = ledger
        .connection()
        .prepare("SELECT trade_no FROM payouts ORDER BY id")
        .expect("prepare");
    stmt.query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// Before: the third row, new to the batch, was recorded under the other
/// form (`nov2896383c60702833838b` beside `nov-7021a7c92a5901961f77`),
/// ready to be sent.
#[test]
fn a_batch_refuses_new_trade_nos_in_another_form() {
    let (_dir, mut ledger) = temp_ledger();
    record_in(&mut ledger, "nov", &rows(2), TradeNoForm::LabelHash).expect("first run");
    let before = trade_nos(&ledger);
    for form in [TradeNoForm::Alphanumeric, TradeNoForm::Digits] {
        match record_in(&mut ledger, "nov", &rows(3), form) {
            Ok(_) => panic!(
                "{form}: recorded under another form than the batch's: {:?}",
                trade_nos(&ledger)
            ),
            Err(e) => {
                let e = e.to_string();
                assert!(
                    e.contains("'nov'") && e.contains("label-hash") && e.contains(form.name()),
                    "names the batch, the form recorded and the form asked: {e}"
                );
                assert!(e.contains("new batch label"), "what to do: {e}");
            }
        }
        assert_eq!(trade_nos(&ledger), before, "{form}: nothing recorded");
    }
    record_in(&mut ledger, "nov", &rows(3), TradeNoForm::LabelHash).expect("the batch's form");
    let after = trade_nos(&ledger);
    assert_eq!(after.len(), 3);
    assert!(after.iter().all(|t| t.starts_with("nov-")), "{after:?}");
}

fn form_column(ledger: &Ledger) -> Option<String> {
    value(
        ledger,
        "SELECT trade_no_form FROM batches WHERE label = 'nov'",
        [],
    )
}

#[test]
fn the_form_is_recorded_with_the_first_trade_nos_and_kept() {
    let (_dir, mut ledger) = temp_ledger();
    let b = ledger
        .ensure_batch("nov", "0000000001", "http://gw", true)
        .expect("batch");
    assert_eq!(
        ledger.trade_no_form(b.id).expect("read"),
        None,
        "no tradeNos yet"
    );
    record_in(&mut ledger, "nov", &rows(2), TradeNoForm::Digits).expect("first run");
    assert_eq!(form_column(&ledger).as_deref(), Some("digits"));
    assert_eq!(
        ledger.trade_no_form(b.id).expect("read"),
        Some(TradeNoForm::Digits)
    );
    assert!(
        trade_nos(&ledger)
            .iter()
            .all(|t| t.len() == 25 && t.bytes().all(|c| c.is_ascii_digit()))
    );
    // The default is refused too: the batch's form is not the setting's default.
    let e = record_in(&mut ledger, "nov", &rows(3), TradeNoForm::LabelHash).expect_err("refused");
    assert!(matches!(e, LedgerError::TradeNoFormChanged { .. }), "{e}");
    assert!(e.is_refused_ledger(), "exit 2, nothing sent");
    // Before a payout request, a real run would move the batch instead.
    let asked = TradeNoForm::LabelHash;
    ledger
        .check_trade_no_form(b.id, "nov", asked)
        .expect("nothing sent yet");
    let one = "UPDATE payouts SET attempts = 1 WHERE id = (SELECT MIN(id) FROM payouts)";
    exec(&ledger, one, []);
    assert!(ledger.check_trade_no_form(b.id, "nov", asked).is_err());
    ledger
        .check_trade_no_form(b.id, "nov", TradeNoForm::Digits)
        .expect("its own form");
    record_in(&mut ledger, "nov", &rows(3), TradeNoForm::Digits).expect("same form");
    assert_eq!(trade_nos(&ledger).len(), 3);
}

/// A ledger from before the setting: its batches have tradeNos and no
/// recorded form, and they are `label-hash`.
#[test]
fn a_batch_from_before_the_setting_is_label_hash() {
    let (_dir, mut ledger) = temp_ledger();
    record_in(&mut ledger, "nov", &rows(2), TradeNoForm::LabelHash).expect("first run");
    exec(&ledger, "UPDATE batches SET trade_no_form = NULL", []);
    let b = ledger.batch("nov").expect("read").expect("batch");
    assert_eq!(
        ledger.trade_no_form(b.id).expect("read"),
        Some(TradeNoForm::LabelHash)
    );
    let e =
        record_in(&mut ledger, "nov", &rows(3), TradeNoForm::Alphanumeric).expect_err("refused");
    assert!(e.to_string().contains("label-hash"), "{e}");
    assert_eq!(form_column(&ledger), None, "nothing written");
    record_in(&mut ledger, "nov", &rows(3), TradeNoForm::LabelHash).expect("its form");
    assert_eq!(
        form_column(&ledger).as_deref(),
        Some("label-hash"),
        "now recorded"
    );
}

/// A batch whose every row was refused before any tradeNo was written has
/// no form yet: the next run may start it in any.
#[test]
fn a_batch_without_trade_nos_takes_any_form() {
    let (_dir, mut ledger) = temp_ledger();
    let b = ledger
        .ensure_batch("nov", "0000000001", "http://gw", true)
        .expect("batch");
    let run = ledger
        .begin_run(Some(b.id), &RunInfo::default())
        .expect("run");
    let p = Plan::new(BatchLabel::parse("nov").expect("label"), &rows(1)).expect("plan");
    let refused = vec![Decision::Refuse {
        message: "held".to_string(),
    }];
    ledger
        .record_plan(b.id, run, &p, &refused, &way)
        .expect("nothing recorded");
    assert_eq!(form_column(&ledger), None);
    record_in(&mut ledger, "nov", &rows(1), TradeNoForm::Alphanumeric).expect("any form");
    assert_eq!(form_column(&ledger).as_deref(), Some("alphanumeric"));
}

/// A name this payrun does not know (a newer payrun's form) is never read
/// as the default.
#[test]
fn an_unknown_recorded_form_is_refused() {
    let (_dir, mut ledger) = temp_ledger();
    record_in(&mut ledger, "nov", &rows(1), TradeNoForm::LabelHash).expect("first run");
    exec(&ledger, "UPDATE batches SET trade_no_form = 'base36'", []);
    let b = ledger.batch("nov").expect("read").expect("batch");
    let e = ledger.trade_no_form(b.id).expect_err("unknown");
    assert!(e.to_string().contains("base36"), "{e}");
}

/// A batch that never made a payout request (its first run stopped at the
/// ledger-loss check, say) moves to the form asked: its planned payouts
/// take their tradeNos in it. Once one was sent, it is refused.
#[test]
fn a_batch_that_sent_nothing_moves_to_the_form_asked_and_one_that_sent_is_refused() {
    let (_dir, mut ledger) = temp_ledger();
    let (batch, run, ids) = record_rows(&mut ledger, "nov", &rows(3));
    let alnum = Plan::new(BatchLabel::parse("nov").expect("label"), &rows(3))
        .expect("plan")
        .in_form(TradeNoForm::Alphanumeric);
    ledger
        .take_trade_no_form(batch, run, &alnum)
        .expect("moved");
    assert_eq!(form_column(&ledger).as_deref(), Some("alphanumeric"));
    let now = trade_nos(&ledger);
    let want: Vec<String> = alnum
        .rows
        .iter()
        .map(|r| alnum.trade_no(&r.key, 0))
        .collect();
    assert_eq!(now, want, "every planned payout in the new form");
    let events: i64 = value(
        &ledger,
        "SELECT COUNT(*) FROM events WHERE source = 'recovery'",
        [],
    );
    assert_eq!(events, 3, "each move is an event");
    ledger
        .take_trade_no_form(batch, run, &alnum)
        .expect("its own form: nothing to do");

    put_state(&ledger, ids[1], "processing");
    let digits = alnum.clone().in_form(TradeNoForm::Digits);
    let e = ledger
        .take_trade_no_form(batch, run, &digits)
        .expect_err("sent");
    assert!(matches!(e, LedgerError::TradeNoFormChanged { .. }), "{e}");
    assert_eq!(trade_nos(&ledger), want, "nothing changed");
    assert_eq!(form_column(&ledger).as_deref(), Some("alphanumeric"));
}
