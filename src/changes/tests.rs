//! The change rules, on payouts built in memory.

use super::render::{covers, csv_rows, statement_lines};
use super::*;

fn now(row: usize, r: Option<&str>, name: &str, wallet: &str, taka: i64) -> Payout {
    Payout {
        row,
        reference: r.map(str::to_string),
        name: Some(name.to_string()),
        wallet: wallet.to_string(),
        provider: Provider::Bkash,
        amount: Amount::from_poisha(taka * 100),
        remark: None,
        repeat_ok: false,
    }
}

fn before(batch: usize, r: Option<&str>, name: &str, wallet: &str, taka: i64) -> EarlierPayout {
    EarlierPayout {
        batch,
        reference: r.map(str::to_string),
        name: Some(name.to_string()),
        provider: Provider::Bkash,
        wallet: wallet.to_string(),
        amount: Amount::from_poisha(taka * 100),
    }
}

fn earlier(payouts: Vec<EarlierPayout>) -> Earlier {
    let batches = ["oct", "sep", "aug"]
        .iter()
        .map(|l| EarlierBatch {
            label: l.to_string(),
            created_at: "2026-10-30T10:00:00.000Z".into(),
            paid: 0,
        })
        .collect();
    Earlier {
        batches,
        payouts,
        ..Earlier::default()
    }
}

#[test]
fn a_reference_whose_wallet_changed_is_listed_against_its_latest_payout() {
    let e = earlier(vec![
        before(0, Some("E1"), "Rahim", "01711111111", 30_000),
        before(1, Some("E1"), "Rahim", "01799999999", 30_000),
        before(0, Some("E2"), "Karim", "01722222222", 20_000),
    ]);
    let sheet = vec![
        now(2, Some("E1"), "Rahim", "01733333333", 30_000),
        now(3, Some("E2"), "Karim", "01722222222", 20_000),
    ];
    let c = compare(&sheet, &e, 20);
    assert_eq!(c.wallets_changed.len(), 1, "{c:?}");
    let w = &c.wallets_changed[0];
    assert_eq!(w.reference, "E1");
    assert_eq!(w.before.id, "01711111111", "the latest batch's wallet");
    assert_eq!(w.before_batch, "oct");
    assert_eq!(w.now.id, "01733333333");
    assert!(c.new_payees.is_empty() && c.gone.is_empty() && c.names_changed.is_empty());
    // The statement lists it in the words the gate looks for.
    let text = statement_lines(&c).join("\n");
    assert!(covers(&text, w), "{text}");
    let mut other = w.clone();
    other.now.id = "01744444444".into();
    assert!(!covers(&text, &other));
}

#[test]
fn one_wallet_under_two_references_in_the_sheet_or_against_history() {
    let e = earlier(vec![before(0, Some("E1"), "Rahim", "01711111111", 100)]);
    // E9 now takes E1's old wallet; E1 keeps it too.
    let sheet = vec![
        now(2, Some("E1"), "Rahim", "01711111111", 100),
        now(3, Some("E9"), "Sumi", "01711111111", 100),
    ];
    let c = compare(&sheet, &e, 20);
    assert_eq!(c.shared_wallets.len(), 1, "{c:?}");
    assert_eq!(c.shared_wallets[0].payees.len(), 2);
    // Against history only: E9 now paid to the wallet E1 had.
    let sheet = vec![now(3, Some("E9"), "Sumi", "01711111111", 100)];
    let c = compare(&sheet, &e, 20);
    assert_eq!(c.shared_wallets.len(), 1);
    assert_eq!(c.new_payees.len(), 1);
    assert_eq!(c.gone.len(), 1, "E1 is no longer paid");
    // The same person under the same reference is not "shared".
    let sheet = vec![now(2, Some("E1"), "RAHIM ", "01711111111", 100)];
    assert!(compare(&sheet, &e, 20).shared_wallets.is_empty());
}

#[test]
fn without_references_names_tell_payees_apart() {
    let e = earlier(vec![before(0, None, "Rahim Uddin", "01711111111", 100)]);
    let sheet = vec![now(2, None, "rahim  uddin", "01711111111", 100)];
    let c = compare(&sheet, &e, 20);
    assert!(c.is_empty(), "{c:?}");
    let sheet = vec![now(2, None, "Someone Else", "01711111111", 100)];
    let c = compare(&sheet, &e, 20);
    assert_eq!(c.shared_wallets.len(), 1);
}

#[test]
fn names_new_and_gone_payees_and_amounts_over_the_share() {
    let e = earlier(vec![
        before(0, Some("E1"), "Rahim", "01711111111", 10_000),
        before(0, Some("E2"), "Karim", "01722222222", 10_000),
        before(0, Some("E3"), "Gone", "01733333333", 10_000),
        before(2, Some("E4"), "Old", "01744444444", 10_000),
    ]);
    let sheet = vec![
        now(2, Some("E1"), "Rahim Khan", "01711111111", 12_000), // +20%: not more
        now(3, Some("E2"), "Karim", "01722222222", 12_001),      // just over 20%
        now(4, Some("E5"), "New", "01755555555", 100),
        now(5, Some("E4"), "Old", "01744444444", 7_999), // -20.01%
    ];
    let c = compare(&sheet, &e, 20);
    assert_eq!(c.names_changed.len(), 1);
    assert_eq!(c.names_changed[0].now, "Rahim Khan");
    let moved: Vec<_> = c
        .amounts_changed
        .iter()
        .filter_map(|a| a.payee.reference.clone())
        .collect();
    assert_eq!(moved, ["E2", "E4"]);
    assert_eq!(c.new_payees.len(), 1);
    // Gone: paid in the latest batch, not in the sheet. E4 was paid only in
    // an older batch and is back; it is neither new nor gone.
    let gone: Vec<_> = c.gone.iter().filter_map(|p| p.reference.clone()).collect();
    assert_eq!(gone, ["E3"]);
    assert!(c.wallets_changed.is_empty());
}

#[test]
fn nothing_to_compare_with_lists_nothing_and_says_so() {
    let sheet = vec![now(2, Some("E1"), "Rahim", "01711111111", 100)];
    let c = compare(&sheet, &Earlier::default(), 20);
    assert!(c.compared.is_empty());
    assert!(render::section(&c, None).contains("nothing to compare with"));
}

#[test]
fn a_forged_line_in_a_name_cannot_cover_a_wallet_change() {
    // A name holding a newline and a fake "wallet changed" line is quoted.
    let fake = "X\nwallet changed: reference \"E2\": bkash:01722222222 -> bkash:01799999999";
    let e = earlier(vec![
        before(0, Some("E1"), "A", "01711111111", 100),
        before(0, Some("E2"), "B", "01722222222", 100),
    ]);
    let sheet = vec![
        now(2, Some("E1"), fake, "01788888888", 100),
        now(3, Some("E2"), "B", "01799999999", 100),
    ];
    let c = compare(&sheet, &e, 20);
    let mut c1 = c.clone();
    c1.wallets_changed.retain(|w| w.reference == "E1");
    let text = statement_lines(&c1).join("\n");
    let e2 = c
        .wallets_changed
        .iter()
        .find(|w| w.reference == "E2")
        .unwrap();
    assert!(!covers(&text, e2), "{text}");
}

/// Every kind of change puts its values under the CSV header's columns:
/// the payee of the sheet on the `now` side, an earlier batch's on the
/// `before` side with its batch, and the columns a change does not fill
/// left empty.
#[test]
fn each_change_fills_its_own_columns_of_the_changes_csv() {
    let wallet = |id: &str| Wallet {
        provider: Provider::Bkash,
        id: id.to_string(),
    };
    let payee = |r: &str, n: &str, w: &str, taka: i64, batch: Option<&str>| Payee {
        reference: Some(r.to_string()),
        name: Some(n.to_string()),
        wallet: wallet(w),
        amount: Amount::from_poisha(taka * 100),
        batch: batch.map(str::to_string),
    };
    let c = Changes {
        amount_percent: 20,
        wallets_changed: vec![WalletChange {
            reference: "E1".into(),
            name: Some("Rahim".into()),
            before_name: Some("Rahim K".into()),
            before: wallet("01711111111"),
            before_batch: "oct".into(),
            now: wallet("01733333333"),
        }],
        shared_wallets: vec![SharedWallet {
            wallet: wallet("01744444444"),
            payees: vec![
                payee("E2", "Karim", "01744444444", 200, None),
                payee("E3", "Jamal", "01744444444", 300, Some("sep")),
            ],
        }],
        names_changed: vec![NameChange {
            reference: "E4".into(),
            before: "Salma".into(),
            before_batch: "oct".into(),
            now: "Salma Begum".into(),
        }],
        new_payees: vec![payee("E5", "Nadia", "01755555555", 500, None)],
        gone: vec![payee("E6", "Rafiq", "01766666666", 600, Some("aug"))],
        amounts_changed: vec![AmountChange {
            payee: payee("E7", "Tania", "01777777777", 900, None),
            before: Amount::from_poisha(70_000),
            before_batch: "oct".into(),
        }],
        ..Changes::default()
    };
    let rows: Vec<Vec<String>> = csv_rows(&c).into_iter().map(Vec::from).collect();
    let want: Vec<Vec<&str>> = vec![
        vec![
            "wallet_changed",
            "E1",
            "Rahim",
            "bkash:01711111111",
            "bkash:01733333333",
            "",
            "",
            "oct",
            "Rahim K",
            "",
        ],
        vec![
            "wallet_shared",
            "E2",
            "Karim",
            "",
            "bkash:01744444444",
            "",
            "20000",
            "",
            "",
            "2 payees share wallet bkash:01744444444",
        ],
        vec![
            "wallet_shared",
            "E3",
            "Jamal",
            "bkash:01744444444",
            "",
            "30000",
            "",
            "sep",
            "",
            "2 payees share wallet bkash:01744444444",
        ],
        vec![
            "name_changed",
            "E4",
            "Salma Begum",
            "",
            "",
            "",
            "",
            "oct",
            "Salma",
            "",
        ],
        vec![
            "new_payee",
            "E5",
            "Nadia",
            "",
            "bkash:01755555555",
            "",
            "50000",
            "",
            "",
            "",
        ],
        vec![
            "no_longer_paid",
            "E6",
            "Rafiq",
            "bkash:01766666666",
            "",
            "60000",
            "",
            "aug",
            "",
            "",
        ],
        vec![
            "amount_changed",
            "E7",
            "Tania",
            "",
            "bkash:01777777777",
            "70000",
            "90000",
            "oct",
            "",
            "moved more than 20%",
        ],
    ];
    assert_eq!(rows, want);
}

/// A wallet change names the payee as last paid (a swap of name and wallet
/// together is the classic fraud), and Bengali names read as written.
#[test]
fn a_wallet_change_shows_the_name_last_paid_and_bengali_as_written() {
    let e = earlier(vec![before(
        0,
        Some("E1"),
        "রহিম উদ্দিন",
        "01711111111",
        100,
    )]);
    let sheet = vec![now(2, Some("E1"), "Karim", "01733333333", 100)];
    let c = compare(&sheet, &e, 20);
    let text = statement_lines(&c).join("\n") + &render::section(&c, None);
    assert!(
        text.contains(
            "(last paid in batch \"oct\", name \"রহিম উদ্দিন\"; the sheet now names \"Karim\")"
        ),
        "{text}"
    );
    assert!(!text.contains("\\u{"), "{text}");
    let rows = csv_rows(&c);
    assert_eq!(rows[0][2], "Karim", "the name now");
    assert_eq!(rows[0][8], "রহিম উদ্দিন", "the name last paid");
    // A name change alone is listed with both names as written.
    let sheet = vec![now(2, Some("E1"), "রহিম", "01711111111", 100)];
    let text = statement_lines(&compare(&sheet, &e, 20)).join("\n");
    assert!(text.contains("\"রহিম উদ্দিন\" -> \"রহিম\""), "{text}");
}
