//! Reading whole statement files: the readings a portal export can take.

use super::*;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn read_text(text: &str) -> Result<Statement, StatementError> {
    let dir = tempfile::tempdir().unwrap();
    read(&write(&dir, "statement.csv", text), &ReadOptions::default())
}

/// One of the reader's notes on `s` says `says`.
fn assert_noted(s: &Statement, says: &str) {
    assert!(s.notes.iter().any(|n| n.contains(says)), "{:?}", s.notes);
}

fn effects(s: &Statement) -> Vec<(Option<&str>, Effect, i64, i64)> {
    s.lines
        .iter()
        .map(|l| {
            (
                l.trade_no.as_deref(),
                l.effect,
                l.amount.poisha(),
                l.fee.poisha(),
            )
        })
        .collect()
}

#[test]
fn portal_export_with_title_block_debit_credit_fees_and_totals() {
    let s = read_text(
        "Merchant Statement\n\
         Merchant No,0000000001\n\
         Period,2026-11-01 to 2026-11-30\n\
         \n\
         Txn Time,Transaction ID,Merchant Order No,Wallet,Type,Debit (BDT),Credit (BDT),Fee (BDT),Status,Balance (BDT)\n\
         2026-11-05 10:00:01,SBX1,T-1,01712345678,Payout,\"1,500.00\",,5.00,Completed,\"98,495.00\"\n\
         2026-11-05 10:00:02,SBX2,T-2,01812345678,Payout,\"2,000.00\",,5.00,Failed,\"98,495.00\"\n\
         2026-11-06 09:00:00,SBX3,T-1,01712345678,Reversal,,\"1,500.00\",,Completed,\"99,995.00\"\n\
         2026-11-06 09:00:00,SBX4,T-3,01912345678,Payout Fee,5.00,,,Completed,\"99,990.00\"\n\
         Closing balance,,,,,,,,,\"99,990.00\"\n\
         Total,,,,,\"3,505.00\",\"1,500.00\",10.00,,\n",
    )
    .unwrap();
    assert_eq!(s.header_row, 5);
    assert_eq!(
        effects(&s),
        vec![
            (Some("T-1"), Effect::Debit, 150_000, 500),
            (Some("T-2"), Effect::Failed, 200_000, 500),
            (Some("T-1"), Effect::Credit, 150_000, 0),
            (Some("T-3"), Effect::Fee, 500, 0),
        ]
    );
    let l = &s.lines[0];
    assert_eq!(l.row_no, 6);
    assert_eq!(l.platform_trade_no.as_deref(), Some("SBX1"));
    assert_eq!(l.wallet.as_deref(), Some("01712345678"));
    assert_eq!(l.time.as_deref(), Some("2026-11-05 10:00:01"));
    assert_eq!(l.balance.as_deref(), Some("98,495.00"));
    assert_noted(&s, "row 10 left out");
    assert_noted(&s, "row 11 left out");
    assert_eq!(s.file_sha256.len(), 64);
}

#[test]
fn one_signed_amount_column_negative_is_money_out() {
    let s = read_text(
        "tradeNo,platFormTradeNo,amount,status\n\
         A,PA,-500.00,SUCCESS\n\
         B,PB,(700.00),SUCCESS\n\
         A,PA2,500.00,REFUNDED\n\
         C,PC,-20,SUCCESS\n",
    )
    .unwrap();
    assert_eq!(
        effects(&s),
        vec![
            (Some("A"), Effect::Debit, 50_000, 0),
            (Some("B"), Effect::Debit, 70_000, 0),
            (Some("A"), Effect::Credit, 50_000, 0),
            (Some("C"), Effect::Debit, 2_000, 0),
        ]
    );
    assert_noted(&s, "negative is money out");
}

#[test]
fn payout_report_with_positive_payouts_and_negative_refunds() {
    // The other reading of one signed column: most payout lines positive.
    let s = read_text(
        "Order No,Amount,Status\nA,500,Success\nB,700,Success\nC,300,Success\nA,-500,Refunded\n",
    )
    .unwrap();
    let e: Vec<Effect> = s.lines.iter().map(|l| l.effect).collect();
    assert_eq!(
        e,
        vec![Effect::Debit, Effect::Debit, Effect::Debit, Effect::Credit]
    );
}

#[test]
fn unsigned_amounts_with_dr_cr_and_reversal_readings() {
    let s = read_text(
        "Order ID,Txn ID,Amount,Dr/Cr,Status\n\
         A,1,500,Dr,Completed\n\
         A,2,500,Cr,Completed\n\
         B,3,\"1,000.00 Dr\",,Completed\n",
    )
    .unwrap();
    let e: Vec<Effect> = s.lines.iter().map(|l| l.effect).collect();
    assert_eq!(e, vec![Effect::Debit, Effect::Credit, Effect::Debit]);
    // All amounts plain: a lone "Reversed" line is the debit marked
    // reversed; beside a completed debit it is the reversal itself.
    let s = read_text(
        "Order ID,Amount,Status\nA,500,Reversed\nB,500,Completed\nB,500,Reversed\nC,Tk 10,Pending\n",
    )
    .unwrap();
    let e: Vec<Effect> = s.lines.iter().map(|l| l.effect).collect();
    assert_eq!(
        e,
        vec![
            Effect::DebitReversed,
            Effect::Debit,
            Effect::Credit,
            Effect::Pending
        ]
    );
}

#[test]
fn bad_cells_name_file_row_column_value_and_what_to_do() {
    let e = read_text("Order No,Amount,Status\nA,500,Completed\nB,\"1.500,00\",Completed\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("statement.csv"), "{e}");
    assert!(e.contains("row 3"), "{e}");
    assert!(e.contains("column B \"Amount\""), "{e}");
    assert!(e.contains("\"1.500,00\""), "{e}");
    assert!(e.contains("write it like"), "{e}");
    let e = read_text("Order No,Amount,Status\nA,500,Frobbed\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("row 2") && e.contains("\"Frobbed\"") && e.contains("--status-word"),
        "{e}"
    );
    let e = read_text("Order No,Debit,Credit\nA,500,500\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("row 2") && e.contains("one line moves money one way"),
        "{e}"
    );
}

#[test]
fn unidentifiable_or_empty_statements_are_refused() {
    let e = read_text("Name,Wallet,Salary\nRahim,01712345678,500\n").unwrap_err();
    assert!(matches!(e, StatementError::Columns { .. }), "{e}");
    assert!(e.to_string().contains("cannot be identified"), "{e}");
    // A period without transactions is a statement too.
    let s = read_text("Title\nOrder No,Amount\nTotal,0.00\n").unwrap();
    assert!(s.lines.is_empty());
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("no statement lines under the header (row 2)"))
    );
    let e = read_text("").unwrap_err();
    assert!(matches!(e, StatementError::Intake(_)), "{e}");
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "s.pdf", "%PDF-1.4");
    assert!(read(&p, &ReadOptions::default()).is_err());
}

#[test]
fn map_and_status_words_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "s.csv",
        "Ref Code,Money Out,State\nA,500,Disbursed Fully\n",
    );
    assert!(read(&p, &ReadOptions::default()).is_err());
    let opts = ReadOptions {
        maps: vec![
            "trade_no=Ref Code".parse().unwrap(),
            "debit=Money Out".parse().unwrap(),
        ],
        status_words: vec!["Disbursed Fully=completed".parse().unwrap()],
        ..ReadOptions::default()
    };
    let s = read(&p, &opts).unwrap();
    assert_eq!(effects(&s), vec![(Some("A"), Effect::Debit, 50_000, 0)]);
}

#[test]
fn references_keep_leading_zeros_and_long_ones_are_refused() {
    let s = read_text("Order No,Amount\n=\"00123\",500\n").unwrap();
    assert_eq!(s.lines[0].trade_no.as_deref(), Some("00123"));
    let long = "X".repeat(MAX_REFERENCE_CHARS + 1);
    let e = read_text(&format!("Order No,Amount\n{long},500\n")).unwrap_err();
    assert!(e.to_string().contains("longer than"), "{e}");
}

/// A time whose zone payrun cannot place on the ledger's clock refuses the
/// statement, naming the row, the column and the value; one it can read
/// (`+06:00`, `Z`, `GMT+6`) is kept as written.
#[test]
fn a_time_zone_payrun_cannot_read_refuses_the_statement() {
    let sheet = |time: &str| {
        format!(
            "Txn Time,Transaction ID,Merchant Order No,Debit (BDT),Status\n\
             {time},SBX1,T-1,500.00,Completed\n"
        )
    };
    for ok in [
        "2026-12-01T10:00:00+06:00",
        "2026-12-01 04:00:00Z",
        "2026-12-01 10:00 GMT+6",
    ] {
        let s = read_text(&sheet(ok)).unwrap_or_else(|e| panic!("{ok}: {e}"));
        assert_eq!(s.lines[0].time.as_deref(), Some(ok));
    }
    let e = read_text(&sheet("2026-12-01 10:00:00 BST")).expect_err("BST is two zones");
    let e = e.to_string();
    assert!(
        e.contains("row 2") && e.contains("Txn Time") && e.contains("BST"),
        "{e}"
    );
}
