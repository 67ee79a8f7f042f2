//! Two ledgers on one merchant, the same batch label and the same
//! references (a head office and a factory, or a trial install): the
//! tradeNo comes from the label and the reference only, so the second
//! ledger's plan names the first one's orders. `--adopt` must never take
//! those orders for this sheet's payees: it refuses the whole batch, nothing
//! recorded as paid and nothing sent.

use super::*;

/// The head office's rows, and the factory's: the same references, other
/// wallets, and the same amounts only where `same_amount` says so.
fn offices(n: usize, same_amount: impl Fn(usize) -> bool) -> (Vec<Row>, Vec<Row>) {
    let office = rows(n);
    let factory = office
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut f = r.clone();
            let check = if r.wallet.len() == 12 { "7" } else { "" };
            f.wallet = format!("019{i:06}42{check}");
            if !same_amount(i) {
                f.taka += 11;
            }
            f
        })
        .collect();
    (office, factory)
}

/// The states of the payouts in a ledger, counted.
fn states(ledger: &Path) -> HashMap<String, i64> {
    let c =
        rusqlite::Connection::open_with_flags(ledger, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open ledger");
    let mut st = c
        .prepare("SELECT state, COUNT(*) FROM payouts GROUP BY state")
        .expect("prepare");
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect()
}

/// The factory's sheet under the office's label, through a ledger of its
/// own on another host: refused, and `--adopt` (which the refusal names)
/// refused too. Returns the factory ledger and both outputs.
fn factory_adopts(lab: &Lab, factory: &[Row]) -> (PathBuf, String, String) {
    lab.new_host();
    let ledger = lab.dir.path().join("factory.sqlite");
    let sheet = lab.sheet("factory.csv", factory);
    let (code, refused) = lab.submit_on(&ledger, &sheet, "2026-12-payroll", &[]);
    assert_eq!(code, 2, "the ledger-loss check refuses:\n{refused}");
    let (code, adopted) = lab.submit_on(&ledger, &sheet, "2026-12-payroll", &["--adopt"]);
    assert_eq!(code, 2, "--adopt refuses the whole batch:\n{adopted}");
    (ledger, refused, adopted)
}

/// What must hold after the factory's refused `--adopt`: no factory row is
/// paid or open in its ledger, and the gateway holds the office's orders
/// only.
fn assert_nothing_taken(lab: &Lab, ledger: &Path, office: &[Row], adopted: &str) {
    let states = states(ledger);
    for s in ["paid", "unknown", "processing", "failed", "sending"] {
        assert!(
            !states.contains_key(s),
            "a factory row was taken over as {s}: {states:?}\n{adopted}"
        );
    }
    let orders = lab.sandbox.orders();
    assert_eq!(orders.len(), office.len(), "nothing new was sent");
    assert!(orders.iter().all(|o| o.wallet_id.starts_with("017")));
    for want in ["not this sheet's", "another label"] {
        assert!(adopted.contains(want), "lacks {want:?}:\n{adopted}");
    }
}

#[test]
fn adopt_refuses_another_offices_orders_when_amounts_disagree() {
    let lab = Lab::with(|c| c.instant = true);
    let (office, factory) = offices(10, |i| i % 2 == 0);
    let (code, out) = lab.submit(&lab.sheet("office.csv", &office), "2026-12-payroll", &[]);
    assert_eq!(code, 0, "{out}");
    let (ledger, refused, adopted) = factory_adopts(&lab, &factory);
    // The refusal names the other reading before it names --adopt.
    let other = refused
        .find("another ledger")
        .unwrap_or_else(|| panic!("no other reading:\n{refused}"));
    let adopt = refused.find("--adopt").unwrap_or(0);
    assert!(other < adopt, "--adopt comes first:\n{refused}");
    assert_nothing_taken(&lab, &ledger, &office, &adopted);

    // The advice, followed: a label of its own pays the factory's payees.
    assert!(adopted.contains("--allow-same-sheet"), "{adopted}");
    let sheet = lab.sheet("factory.csv", &factory);
    let own_label = ["--allow-same-sheet"];
    let (code, out) = lab.submit_on(&ledger, &sheet, "2026-12-factory", &own_label);
    assert_eq!(code, 0, "{out}");
    let orders = lab.sandbox.orders();
    assert_eq!(orders.len(), office.len() + factory.len(), "{out}");
    lab.assert_nobody_paid_twice(&factory);
}

/// Every amount agrees, but the gateway echoes each order's wallet, and it
/// is the office's: still not this sheet's. The office's own lost ledger,
/// adopted with its own sheet at the same gateway, is taken over as before.
#[test]
fn adopt_refuses_orders_whose_echoed_wallet_is_another() {
    let lab = Lab::with(|c| {
        c.instant = true;
        c.echo_wallet = true;
    });
    let (office, factory) = offices(6, |_| true);
    let office_sheet = lab.sheet("office.csv", &office);
    let (code, out) = lab.submit(&office_sheet, "2026-12-payroll", &[]);
    assert_eq!(code, 0, "{out}");
    let (ledger, _, adopted) = factory_adopts(&lab, &factory);
    assert_nothing_taken(&lab, &ledger, &office, &adopted);

    super::loss::lose_ledger(&lab);
    let (code, out) = lab.submit(&office_sheet, "2026-12-payroll", &["--adopt"]);
    assert_eq!(code, 0, "the office's own orders are adopted:\n{out}");
    assert_eq!(states(&lab.ledger).get("paid"), Some(&6), "{out}");
    assert_eq!(lab.sandbox.orders().len(), office.len());
}
