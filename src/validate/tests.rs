use super::*;
use std::io::Write;

fn run(csv: &str, opts: &CheckOptions) -> Validated {
    let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    f.write_all(csv.as_bytes()).unwrap();
    validate_file(f.path(), opts).unwrap()
}

fn errors_of(v: &Validated, row: usize) -> Vec<String> {
    v.issues
        .iter()
        .filter(|i| i.row == row && i.severity == Severity::Error)
        .map(|i| i.to_string())
        .collect()
}

const HEAD: &str = "ref,name,wallet,provider,amount\n";

#[test]
fn clean_rows_become_payouts_with_sheet_row_numbers() {
    let v = run(
        &format!(
            "{HEAD}E1,Rahim,01712345678,bKash,\"12,500\"\n\nE2,করিম,+8801812345678,নগদ,৳800\nE3,Jamil,017123456789,DBBL,500/-\n"
        ),
        &CheckOptions::default(),
    );
    assert!(v.passes(true), "{:?}", v.issues);
    assert_eq!(v.sheet.data_rows, 3, "the blank line is not a row");
    let rows: Vec<usize> = v.payouts.iter().map(|p| p.row).collect();
    assert_eq!(
        rows,
        [2, 4, 5],
        "header is row 1; the blank line 3 still counts"
    );
    assert_eq!(v.payouts[1].wallet, "01812345678");
    assert_eq!(v.payouts[1].provider, Provider::Nagad);
    assert_eq!(v.payouts[1].name.as_deref(), Some("করিম"));
    assert_eq!(v.payouts[2].provider, Provider::Rocket);
    assert_eq!(v.total(), Some(Amount::from_poisha(1_380_000)));
    let by = v.by_provider();
    assert_eq!((by[0].count, by[0].total.poisha()), (1, 1_250_000));
}

#[test]
fn whole_taka_policy_and_allow_poisha() {
    let csv = format!("{HEAD}E1,A,01712345678,bkash,500.50\n");
    let v = run(&csv, &CheckOptions::default());
    assert_eq!(v.invalid.len(), 1);
    assert!(errors_of(&v, 2)[0].contains("has poisha"), "{:?}", v.issues);
    let v = run(
        &csv,
        &CheckOptions {
            allow_fractional: true,
            ..CheckOptions::default()
        },
    );
    assert_eq!(v.payouts[0].amount.poisha(), 50_050);
}

#[test]
fn per_row_cap_default_and_per_provider() {
    let csv = format!(
        "{HEAD}E1,A,01712345678,bkash,50000\nE2,B,01812345678,bkash,50001\nE3,C,019123456789,rocket,30000\n"
    );
    let v = run(&csv, &CheckOptions::default());
    assert_eq!(v.payouts.len(), 2);
    assert!(errors_of(&v, 3)[0].contains("over the per-row cap of Tk 50,000.00 for bKash"));
    let v = run(
        &csv,
        &CheckOptions {
            provider_caps: vec![(Provider::Rocket, Amount::from_poisha(2_500_000))],
            max_amount: Amount::from_poisha(6_000_000),
            ..CheckOptions::default()
        },
    );
    assert_eq!(v.invalid.len(), 1);
    assert_eq!(v.invalid[0].row, 4);
    assert!(errors_of(&v, 4)[0].contains("Tk 25,000.00 for Rocket"));
}

#[test]
fn duplicate_wallets_flag_every_occurrence_unless_marked() {
    let csv = format!(
        "{HEAD}E1,A,01712345678,bkash,100\nE2,B,+8801712345678,bKash,200\nE3,C,01712345678,nagad,300\nE4,D,1712345678,bkash,abc\n"
    );
    let v = run(&csv, &CheckOptions::default());
    // Same wallet + same provider on rows 2, 3 and 5 (5 is invalid for its amount).
    for row in [2, 3, 5] {
        let e = errors_of(&v, row);
        assert!(
            e.iter()
                .any(|m| m.contains("same bKash wallet (01712345678)")),
            "row {row}: {e:?}"
        );
    }
    assert!(errors_of(&v, 2).iter().any(|m| m.contains("rows 3, 5")));
    assert_eq!(v.payouts.len(), 1, "only the Nagad row is left");
    assert_eq!(v.payouts[0].row, 4);
    // The moved rows keep their data for the report.
    assert_eq!(v.invalid[0].wallet.as_deref(), Some("01712345678"));

    let v = run(
        &csv.replace("E4,D,1712345678,bkash,abc\n", ""),
        &CheckOptions {
            allow_repeat: true,
            ..CheckOptions::default()
        },
    );
    assert!(v.passes(false), "{:?}", v.issues);
    assert!(v.payouts.iter().all(|p| p.repeat_ok));
}

#[test]
fn repeat_column_marks_intended_repeats() {
    let csv = "ref,wallet,provider,amount,repeat\n\
               E1,01712345678,bkash,100,yes\n\
               E2,01712345678,bkash,200,TRUE\n\
               E3,01812345678,bkash,200,\n\
               E4,01812345678,bkash,300,1\n\
               E5,01912345678,bkash,300,maybe\n";
    let v = run(csv, &CheckOptions::default());
    assert!(v.payouts.iter().any(|p| p.row == 2 && p.repeat_ok));
    assert!(v.payouts.iter().any(|p| p.row == 3 && p.repeat_ok));
    assert!(
        errors_of(&v, 4)[0].contains("same bKash wallet"),
        "unmarked repeat"
    );
    assert!(errors_of(&v, 5).is_empty(), "the marked row itself is fine");
    assert!(errors_of(&v, 6)[0].contains("is not yes or no"));
}

#[test]
fn duplicate_references_are_errors() {
    let csv = format!("{HEAD}E1,A,01712345678,bkash,100\nE1,B,01812345678,bkash,200\n");
    let v = run(&csv, &CheckOptions::default());
    assert!(v.payouts.is_empty());
    assert!(errors_of(&v, 2)[0].contains("also the reference of row 3"));
    assert!(errors_of(&v, 3)[0].contains("also the reference of row 2"));
}

#[test]
fn control_totals_print_both_figures() {
    let csv = format!("{HEAD}E1,A,01712345678,bkash,100\nE2,B,01812345678,bkash,200\n");
    let v = run(
        &csv,
        &CheckOptions {
            expect_rows: Some(3),
            expect_total: Some(Amount::from_poisha(40_000)),
            ..CheckOptions::default()
        },
    );
    assert!(!v.passes(false));
    assert_eq!(v.batch_errors.len(), 2, "{:?}", v.batch_errors);
    assert!(
        v.batch_errors[0].contains("--expect-rows 3")
            && v.batch_errors[0].contains("has 2 data rows")
    );
    assert!(v.batch_errors[1].contains("Tk 400.00") && v.batch_errors[1].contains("Tk 300.00"));
    let v = run(
        &csv,
        &CheckOptions {
            expect_rows: Some(2),
            expect_total: Some(Amount::from_poisha(30_000)),
            ..CheckOptions::default()
        },
    );
    assert!(v.passes(true), "{:?}", v.batch_errors);
}

#[test]
fn ragged_rows_with_extra_cells_are_refused() {
    let csv = format!("{HEAD}E1,A,01712345678,bkash,1,000\nE2,B,01812345678,bkash\n");
    let v = run(&csv, &CheckOptions::default());
    assert!(errors_of(&v, 2)[0].contains("has 6 cells but the header has 5"));
    assert!(errors_of(&v, 3)[0].contains("amount cell is empty"));
}

#[test]
fn provider_and_wallet_messages_name_row_column_and_value() {
    let csv = format!(
        "{HEAD}E1,A,1.71235E+09,bkash,100\nE2,B,01712345678,upay,100\nE3,C,01712345678,rocket,100\n"
    );
    let v = run(&csv, &CheckOptions::default());
    assert_eq!(
        errors_of(&v, 2)[0],
        "row 2, column \"wallet\": \"1.71235E+09\" is in scientific notation; the digits are lost — format the column as Text and re-enter it"
    );
    assert!(
        errors_of(&v, 3)[0].starts_with("row 3, column \"provider\": \"upay\" is not a provider")
    );
    assert!(errors_of(&v, 4)[0].contains("missing the Rocket check digit"));
}

#[test]
fn warnings_count_and_strict() {
    let csv = format!("{HEAD}E1,A,1712345678,bkash,100\nE2,B,01812345678,bkash,100\n");
    let v = run(&csv, &CheckOptions::default());
    assert_eq!(v.warned(), 1);
    assert_eq!(v.payouts[0].wallet, "01712345678");
    assert!(v.passes(false));
    assert!(!v.passes(true));
}

#[test]
fn parallel_validation_keeps_sheet_order() {
    let mut csv = String::from(HEAD);
    let n = 150_000; // more than two chunks
    for i in 0..n {
        let amount = if i % 1000 == 7 {
            "0".to_string()
        } else {
            "100".to_string()
        };
        csv.push_str(&format!("E{i},N,017{i:08},bkash,{amount}\n"));
    }
    let v = run(&csv, &CheckOptions::default());
    assert_eq!(v.sheet.data_rows, n);
    assert_eq!(v.invalid.len(), n / 1000 + usize::from(n % 1000 > 7));
    assert!(v.payouts.windows(2).all(|w| w[0].row < w[1].row));
    assert!(v.invalid.windows(2).all(|w| w[0].row < w[1].row));
    assert!(v.issues.windows(2).all(|w| w[0].row <= w[1].row));
    assert_eq!(v.payouts.len() + v.invalid.len(), n);
}

#[test]
fn a_remark_with_an_equals_sign_is_refused_because_it_could_forge_a_callback() {
    let v = run(
        "ref,name,wallet,provider,amount,remark\nE1,A,01712345678,bKash,500,November salary\nE2,B,01812345678,bKash,500,zstatus=0000successTime=x\n",
        &CheckOptions::default(),
    );
    assert_eq!(v.payouts.len(), 1);
    assert_eq!(v.payouts[0].remark.as_deref(), Some("November salary"));
    let errs = errors_of(&v, 3);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("column \"remark\""), "{}", errs[0]);
    assert!(errs[0].contains("remove the '=' sign"), "{}", errs[0]);
}

/// Validates `csv` both ways: counting the payouts, and keeping them.
fn both(csv: &str, opts: &CheckOptions) -> (Option<Validated>, Validated) {
    let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    f.write_all(csv.as_bytes()).unwrap();
    let counted = validate_file_counted(f.path(), opts, &mut |_| {}).unwrap();
    (counted, validate_file(f.path(), opts).unwrap())
}

#[test]
fn a_counted_sheet_says_what_the_kept_one_says() {
    let with_flag = CheckOptions {
        provider: Some(Provider::Rocket),
        expect_total: Some(Amount::from_poisha(1)),
        ..CheckOptions::default()
    };
    let sheets = [
        (
            format!(
                "{HEAD}E1,Rahim,01712345678,bKash,\"12,500\"\nE2,করিম,+8801812345678,নগদ,৳800\nE3,Jamil,17123456789,DBBL,500/-\nE4,Bad,0171234,bKash,100\nE5,Cap,01912345678,Nagad,60000\n"
            ),
            CheckOptions::default(),
        ),
        (
            "ref,name,wallet,amount\nA,x,017123456781,100\nB,y,1812345678,200\n".to_string(),
            with_flag,
        ),
        (
            "ref,name,wallet,provider,amount,repeat\nA,x,01712345678,bKash,100,yes\nB,y,01712345678,bKash,200,yes\n".to_string(),
            CheckOptions::default(),
        ),
    ];
    for (csv, opts) in &sheets {
        let (counted, kept) = both(csv, opts);
        let c = counted.unwrap_or_else(|| panic!("counted: {csv}"));
        assert!(c.payouts.is_empty(), "not kept");
        assert_eq!(c.valid_count(), kept.payouts.len(), "{csv}");
        assert_eq!(c.valid_count(), kept.valid_count());
        assert_eq!(c.warned(), kept.warned(), "{csv}");
        assert_eq!(c.total(), kept.total());
        assert_eq!(c.by_provider(), kept.by_provider());
        assert_eq!(c.digest, kept.digest, "{csv}");
        assert_eq!(c.issues, kept.issues);
        assert_eq!(c.invalid, kept.invalid);
        assert_eq!(c.batch_errors, kept.batch_errors);
        assert_eq!(c.passes(true), kept.passes(true));
    }
    let (counted, _) = both(&sheets[1].0, &sheets[1].1);
    assert!(
        counted.is_some_and(|c| c.batch_errors.len() == 1),
        "a control total is compared when counting too"
    );
}

#[test]
fn a_sheet_a_batch_check_could_refuse_is_not_counted() {
    let sheets = [
        // The same wallet twice, the same reference twice, one repeat
        // marked and one not, and a repeat among an invalid row.
        format!("{HEAD}A,x,01712345678,bKash,100\nB,y,01712345678,bKash,200\n"),
        format!("{HEAD}A,x,01712345678,bKash,100\nA,y,01812345678,bKash,200\n"),
        "ref,name,wallet,provider,amount,repeat\nA,x,01712345678,bKash,100,yes\nB,y,01712345678,bKash,200,\n".to_string(),
        format!("{HEAD}A,x,01712345678,bKash,100\nB,y,01712345678,bKash,0\n"),
        // A totals row the rows above must add up to.
        format!("{HEAD}A,x,01712345678,bKash,100\nB,y,01812345678,bKash,200\nTotal,,,,300\n"),
    ];
    for (i, csv) in sheets.iter().enumerate() {
        let (counted, kept) = both(csv, &CheckOptions::default());
        assert!(counted.is_none(), "{csv}");
        if i < 4 {
            assert!(!kept.batch_flagged_rows.is_empty(), "{csv}: refused rows");
        }
    }
}

/// A `Status` "On hold" merged over rows 40-43 of a sheet read in chunks of
/// two rows: every row it covers is refused, though rows 41 and 43 start
/// chunks of their own, and the rows under a merged "Active" are paid.
#[test]
fn a_merged_status_holds_back_its_rows_across_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in (0u16..).zip(["Wallet", "Provider", "Amount", "Status"]) {
        sheet.write_string(0, c, h).unwrap();
    }
    for r in 1..50u32 {
        sheet.write_string(r, 0, format!("017123{r:05}")).unwrap();
        sheet.write_string(r, 1, "bKash").unwrap();
        sheet.write_number(r, 2, 100.0).unwrap();
    }
    let plain = rust_xlsxwriter::Format::new();
    sheet.merge_range(39, 3, 42, 3, "On hold", &plain).unwrap();
    sheet.merge_range(44, 3, 45, 3, "Active", &plain).unwrap();
    // A value kept under the merged "Active", shown to nobody, still
    // refuses its row, as it did before merges were read.
    sheet.merge_range(46, 3, 47, 3, "Active", &plain).unwrap();
    sheet.write_string(47, 3, "Cancelled").unwrap();
    book.save(&path).unwrap();
    let opts = CheckOptions::default();
    let (mut refused, mut firsts) = (Vec::new(), Vec::new());
    let mut each = |layout: &crate::intake::Layout, rows: crate::intake::RowTable| {
        firsts.extend(rows.row(0).map(|r| r.number()));
        for r in rows.iter() {
            if let row::Outcome::Invalid(inv) = row::check_row(layout, r, &opts) {
                refused.push(inv.row);
            }
        }
    };
    crate::intake::read_sheet_chunked(&path, &Default::default(), 2, &mut each).unwrap();
    assert_eq!(refused, [40, 41, 42, 43, 48]);
    assert!(firsts.contains(&41) && firsts.contains(&43), "{firsts:?}");
}
