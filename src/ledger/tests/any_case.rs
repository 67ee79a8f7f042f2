//! Finding a signed callback's payout by a tradeNo the gateway wrote in
//! another letter case.

use super::super::views::{detail_by_trade_no, detail_in_any_case};
use super::{record_rows, rows, temp_ledger};

#[test]
fn a_trade_no_in_other_case_finds_its_one_payout_and_never_picks_between_two() {
    let (_dir, mut ledger) = temp_ledger();
    let (_, _, ids) = record_rows(&mut ledger, "nov", &rows(3));
    let c = ledger.connection();
    for (id, trade) in ids.iter().zip(["one-abc", "two-abc", "TWO-ABC"]) {
        c.execute(
            "UPDATE payouts SET trade_no = ?2 WHERE id = ?1",
            rusqlite::params![id, trade],
        )
        .expect("set tradeNo");
    }
    let id_of = |t: &str| detail_in_any_case(c, t).expect("reads").map(|p| p.id);
    assert_eq!(id_of("ONE-ABC"), Some(ids[0]));
    assert_eq!(
        id_of(" one-abc"),
        None,
        "spaces are the callback reader's to drop"
    );
    assert_eq!(id_of("Two-Abc"), None, "two payouts answer to it: neither");
    let exact = detail_by_trade_no(c, "TWO-ABC")
        .expect("reads")
        .map(|p| p.id);
    assert_eq!(exact, Some(ids[2]), "an exact match is taken first");
}
