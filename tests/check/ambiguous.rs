//! Sheets where the column payrun read by its header was not the one
//! finance meant (probe2 findings 3, 4, 5; `ambiguous_columns.py`): the
//! contact `Mobile` beside a `Receiver Number`, the gross `Salary` beside a
//! `Take Home`, a `bKash Number` header beside a `Via` column saying Nagad.
//! Before the fix `submit --sandbox` paid the contact numbers, the gross
//! and Nagad rows through bKash; now `check` exits 2 naming both columns,
//! and `--map` (or the sheet) says which to pay.

use super::corpus::SAVES;
use super::sections::fixture;
use super::*;

/// A CSV export and each save of `ambiguous_columns.py`.
fn formats() -> impl Iterator<Item = &'static str> {
    std::iter::once("csv").chain(SAVES)
}

/// `submit --sandbox` of `sheet` under batch `batch`: exit code, all output,
/// and the (wallet, provider, poisha) of every payout paid, by row.
pub(super) fn submit(
    sheet: &Path,
    batch: &str,
    extra: &[&str],
) -> (Option<i32>, String, Vec<(String, String, i64)>) {
    let dir = tmp();
    let out = payrun(dir.path())
        .env("HOME", crate::test_home())
        .env_remove("XDG_DATA_HOME")
        .args(["submit", "--sandbox", "--batch", batch])
        .args(extra)
        .arg(sheet)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let all = all_of(&out);
    assert!(!all.contains("panicked"), "{all}");
    let ledger = dir.path().join("payrun-sandbox/ledger.sqlite");
    let paid = if ledger.exists() {
        let db = rusqlite::Connection::open(&ledger).unwrap();
        db.prepare(
            "SELECT wallet, provider, amount_poisha FROM payouts WHERE state = 'paid' ORDER BY row_no",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
    } else {
        Vec::new()
    };
    (out.status.code(), all, paid)
}

fn paid(rows: &[(&str, &str, i64)]) -> Vec<(String, String, i64)> {
    rows.iter()
        .map(|(w, p, t)| (w.to_string(), p.to_string(), t * 100))
        .collect()
}

/// `name` in every format: `check` (with and without `--quiet`) exits 2
/// saying each of `says`; `submit --sandbox` pays nothing, then with `map`
/// pays `want` (wallet, provider, taka by row).
fn refused_until_mapped(name: &str, says: &[&str], map: &str, want: &[(&str, &str, i64)]) {
    let dir = tmp();
    for ext in formats() {
        let f = fixture(&format!("{name}.{ext}"));
        check_fails(dir.path(), &f, &[], says);
        // --quiet hides notes, never this refusal.
        check_fails(dir.path(), &f, &["--quiet"], says);
    }
    let f = fixture(&format!("{name}.xlsx"));
    let (code, all, got) = submit(&f, name, &["--quiet"]);
    assert_eq!((code, got), (Some(2), Vec::new()), "{all}");
    let (code, all, got) = submit(&f, name, &["--map", map]);
    assert_eq!(code, Some(0), "{all}");
    assert_eq!(got, paid(want), "{all}");
}

/// d72360a paid the contact numbers 01712345678 and 01812345679.
#[test]
fn a_contact_mobile_beside_a_receiver_number_is_never_paid_silently() {
    refused_until_mapped(
        "receiver-beside-mobile",
        &[
            "more than one column could be the wallet",
            "\"Mobile\" (column C)",
            "\"Receiver Number\" (column D)",
            "row 2 holds \"01712345678\" under \"Mobile\" and \"01312000001\" under \"Receiver Number\"",
            "--map wallet=\"Receiver Number\"",
        ],
        "wallet=Receiver Number",
        &[
            ("01312000001", "bkash", 12000),
            ("01412000002", "nagad", 15000),
        ],
    );
}

/// d72360a paid the gross, Tk 20,000 and 15,000, where 18,000 and 10,000
/// were meant (with only an info note, which --quiet dropped).
#[test]
fn a_take_home_beside_the_salary_is_never_paid_silently() {
    refused_until_mapped(
        "take-home-beside-salary",
        &[
            "more than one column could be the amount",
            "\"Salary\" (column E)",
            "\"Take Home\" (column G)",
            "--map amount=\"Take Home\"",
        ],
        "amount=Take Home",
        &[
            ("01712345678", "bkash", 18000),
            ("01812345679", "nagad", 10000),
        ],
    );
}

#[test]
fn a_deduction_beside_a_gross_salary_is_a_question_for_finance() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "d.csv",
        "Name,Wallet,Provider,Salary,Advance Deduction\nA,01712345678,bKash,20000,2000\n",
    );
    check_fails(
        dir.path(),
        &f,
        &["--quiet"],
        &[
            "column D \"Salary\" looks like the pay before deductions",
            "column E \"Advance Deduction\" is a deduction",
            "--map amount=\"Salary\"",
        ],
    );
    let (code, out) = {
        let o = payrun(dir.path())
            .args(["check", f.to_str().unwrap(), "--map", "amount=Salary"])
            .output()
            .unwrap();
        (o.status.code(), all_of(&o))
    };
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn a_via_column_beside_a_bkash_number_header_refuses_its_nagad_rows() {
    for ext in formats() {
        let f = fixture(&format!("via-beside-bkash-number.{ext}"));
        let dir = tmp();
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 2, "{ext}: {v:#}");
        assert_eq!(
            (v["valid"].as_i64(), v["invalid"].as_i64()),
            (Some(1), Some(2)),
            "{ext}: {v:#}"
        );
        let texts = super::sheets::issue_texts(&v);
        for row in [3, 4] {
            assert!(
                texts.iter().any(|t| t
                    .starts_with(&format!("row {row}, column \"Via\": \"Nagad\""))
                    && t.contains("\"bKash Number\"")),
                "{ext}: {texts:#?}"
            );
        }
        // --provider does not outrank a column that names each row's provider.
        check_fails(
            dir.path(),
            &f,
            &["--provider", "bkash"],
            &[
                "--provider bkash is for a sheet without a provider column",
                "\"Via\"",
            ],
        );
    }
    // d72360a sent all three through bKash; now only the bKash row is paid.
    let f = fixture("via-beside-bkash-number.xlsx");
    let (code, all, got) = submit(&f, "f9", &["--skip-invalid"]);
    assert_eq!(code, Some(1), "{all}");
    assert_eq!(got, paid(&[("01712345678", "bkash", 12000)]), "{all}");
}

#[test]
fn a_provider_column_under_any_header_is_read_and_outranks_the_flag() {
    let dir = tmp();
    for header in [
        "Via",
        "Gateway",
        "Service",
        "Operator",
        "Type",
        "Medium",
        "Account Type",
    ] {
        let f = write(
            dir.path(),
            "v.csv",
            format!(
                "Name,Wallet,{header},Amount\nA,01712345678,bKash,500\nB,01812345678,Nagad,700\n"
            ),
        );
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{header}: {v:#}");
        assert_eq!(v["providers"][1]["count"], 1, "{header}: {v:#}");
        check_fails(
            dir.path(),
            &f,
            &["--provider", "bkash"],
            &[&format!("this sheet has one: column C \"{header}\"")],
        );
    }
}

#[test]
fn wallet_numbers_under_two_headers_refuse_the_sheet_whatever_the_headers() {
    let dir = tmp();
    for (header, row) in [
        (
            "Name,Mobile,Contact No,Provider,Amount",
            "A,01712345678,01312000001,bKash,500",
        ),
        (
            "Name,Payment Number,Phone,Provider,Amount",
            "A,01712345678,01312000001,bKash,500",
        ),
        (
            "Name,Mobile,Send Money To,Provider,Amount",
            "A,01712345678,01312000001,bKash,500",
        ),
        (
            "Name,প্রাপকের নম্বর,মোবাইল,Provider,Amount",
            "A,01712345678,01312000001,bKash,500",
        ),
    ] {
        let f = write(dir.path(), "w.csv", format!("{header}\n{row}\n"));
        check_fails(
            dir.path(),
            &f,
            &[],
            &["more than one column could be the wallet", "--map wallet="],
        );
    }
    // A TrxID is neither the wallet nor the amount: it records a payment
    // made, which refuses its row as paid already (`records.rs`).
    let f = write(
        dir.path(),
        "w.csv",
        "Name,Mobile,Transaction Number,Provider,Amount\nA,01712345678,8N7A6B5C4D,bKash,500\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(v["batch_errors"].as_array().map(Vec::len), Some(0), "{v:#}");
    assert_eq!(v["issues"][0]["column"], "Transaction Number", "{v:#}");
    assert!(
        v["issues"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("paid already")),
        "{v:#}"
    );
    // A guardian's phone is not the payee's.
    for (header, row) in [
        (
            "Name,bKash Number,Guardian Phone,Amount",
            "A,01712345678,01312000001,500",
        ),
        (
            "Name,Disburse To,Provider,Amount",
            "A,01712345678,bKash,500",
        ),
    ] {
        let f = write(dir.path(), "w.csv", format!("{header}\n{row}\n"));
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{header}: {v:#}");
        assert_eq!(v["total_poisha"].as_i64(), Some(50_000), "{header}: {v:#}");
    }
}
