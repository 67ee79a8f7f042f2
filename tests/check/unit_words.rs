//! Amounts a sheet says, in words or by a currency's sign, are not whole
//! taka (probe12 findings 1, 1b and 2): in thousands by a title above the
//! header ("Figures in thousand Taka", "অংক হাজার টাকায়"), the header
//! ("Amount (Tk '000)") or a units row under it ("(BDT '000)"); in another
//! currency by a number format (`"$"#,##0.00`, `[$USD]`, `[$€-x-euro2]`,
//! `[$₹-4009]`, `[$$-409]`), the header ("Amount ($)") or a title ("all
//! amounts in USD"); or with the poisha in a column of its own (`Taka |
//! Paisa`, `টাকা | পয়সা`). Each was paid as taka, silently: Tk 47 for Tk
//! 47,000, Tk 500 for $500, Tk 12,000 for Tk 12,000.50. Each is refused
//! now, whatever the flags, naming the cell and the words. Written by
//! openpyxl and saved by LibreOffice and Gnumeric (`unit_words.py`).

use super::ambiguous::submit;
use super::corpus::{SAVES, V, batch_errors, run, total, verdicts};
use super::*;

/// Every file of fixture `name`: the openpyxl source and each save.
fn files(name: &str) -> Vec<String> {
    std::iter::once(format!("writers/openpyxl-{name}.xlsx"))
        .chain(SAVES.iter().map(|ext| format!("{name}.{ext}")))
        .collect()
}

/// Rows `rows`, each paid as it is.
fn paid(rows: std::ops::RangeInclusive<usize>) -> Vec<(usize, V)> {
    rows.map(|n| (n, V::Paid)).collect()
}

/// `file` is refused (exit 2) with every row in `want`, and a batch error
/// holding each of `says`.
fn refused_for(file: &str, args: &[&str], want: &[(usize, V)], says: &[&str]) {
    let r = verdicts(file, args, 2, want);
    let errors = batch_errors(&r);
    for s in says {
        assert!(
            errors.contains(s),
            "{file} {args:?}: want {s:?} in {errors}"
        );
    }
}

/// Tk 13 is never paid for 13 thousand: a title above the header that says
/// the figures are in thousands, in English or in Bengali, refuses the
/// sheet, naming the cell, the unit and the fix.
#[test]
fn amounts_a_title_says_are_in_thousands_are_never_paid() {
    for (name, unit) in [
        ("units-title-thousand", "\\\"thousand\\\""),
        ("units-title-bengali", "\\\"হাজার\\\""),
    ] {
        for file in files(name) {
            refused_for(
                &file,
                &[],
                &paid(4..=7),
                &[
                    "the title above the header",
                    "(cell A1)",
                    unit,
                    "type the full amount in taka in every row",
                ],
            );
        }
    }
}

/// A units row right under the header, `(BDT '000)`, was refused as a note
/// to delete; deleting it paid Tk 47 for Tk 47,000. It is named as a units
/// row, and the sheet is refused for it.
#[test]
fn a_units_row_under_the_header_refuses_the_sheet() {
    let mut want = vec![(2, V::Invalid("is a units row, not a payout"))];
    want.extend(paid(3..=6));
    for file in files("units-row") {
        refused_for(
            &file,
            &[],
            &want,
            &[
                "the row under the header",
                "(cell E2)",
                "'000",
                "type the full amount in taka in every row",
            ],
        );
    }
}

/// A header that names the unit, `Amount (Tk '000)`: the closest-match
/// hint no longer offers `--map` onto it, and following the old hint is
/// refused.
#[test]
fn a_header_in_thousands_is_not_read_even_when_mapped() {
    for file in files("units-header-tk000") {
        let r = run(&file, &[]);
        assert_eq!(r.code, 2, "{file}: {}", r.all);
        assert!(
            r.all
                .contains("the header \"Amount (Tk '000)\" names the unit \"'000\""),
            "{file}: {}",
            r.all
        );
        assert!(!r.all.contains("--map amount="), "{file}: {}", r.all);
        refused_for(
            &file,
            &["--map", "amount=Amount (Tk '000)"],
            &paid(2..=5),
            &["the amount column's header", "(cell E1)", "'000", "--map"],
        );
    }
}

/// `$500` shown by the number format is not Tk 500: `"$"#,##0.00`,
/// `[$USD] #,##0`, `[$€-x-euro2] #,##0.00`, `[$₹-4009] #,##0` and
/// `[$$-409]#,##0.00` (rows 2-6) are refused by the currency they show;
/// taka's `[$৳-845]`, `[$BDT]` and `"Tk "` (rows 7-9) are paid. Gnumeric's
/// .ods save drops every currency but the first `$` (its `currency-style`
/// keeps only a space), so that file shows 500 in rows 3, 5 and 6, and
/// they are read as shown; row 4's style there shows no digit and is
/// refused as showing nothing.
#[test]
fn an_amount_shown_in_another_currency_is_never_paid() {
    let shown = |c: &'static str| V::Invalid(c);
    let want = [
        (2, shown("is shown in another currency, \"$\"")),
        (3, shown("is shown in another currency, \"USD\"")),
        (4, shown("is shown in another currency, \"€\"")),
        (5, shown("is shown in another currency, \"₹\"")),
        (6, shown("is shown in another currency, \"$\"")),
        (7, V::Paid),
        (8, V::Paid),
        (9, V::Paid),
    ];
    for file in files("currency-formats") {
        if file.ends_with("gnumeric.ods") {
            continue;
        }
        let r = verdicts(&file, &[], 2, &want);
        assert_eq!(total(&r), Some(2_760_000), "{file}");
        verdicts(&file, &["--include-hidden-rows"], 2, &want);
    }
    let gnumeric_ods = [
        (2, shown("is shown in another currency, \"$\"")),
        (3, V::Paid),
        (4, V::Invalid("shows nothing in the workbook")),
        (5, V::Paid),
        (6, V::Paid),
        (7, V::Paid),
        (8, V::Paid),
        (9, V::Paid),
    ];
    verdicts("currency-formats.gnumeric.ods", &[], 2, &gnumeric_ods);
}

/// A header or a title that names another currency refuses the sheet.
#[test]
fn amounts_a_header_or_title_says_are_in_another_currency_are_never_paid() {
    for file in files("currency-header") {
        refused_for(
            &file,
            &[],
            &paid(2..=3),
            &[
                "the amount column's header",
                "another currency, \\\"$\\\"",
                "(cell E1)",
            ],
        );
    }
    for file in files("currency-title") {
        refused_for(
            &file,
            &[],
            &paid(4..=5),
            &[
                "the title above the header",
                "another currency, \\\"USD\\\"",
                "(cell A1)",
            ],
        );
    }
}

/// `Amount (USD)` is not read, and the hint does not offer `--map` onto it;
/// `--map` onto it is refused. A CSV, as finance exports one.
#[test]
fn a_header_in_dollars_is_not_read_even_when_mapped() {
    let dir = tmp();
    let csv = write(
        dir.path(),
        "usd.csv",
        "Name,Wallet,Provider,Amount (USD)\nA,01712345678,bKash,500\nB,01812345679,Nagad,700\n",
    );
    let file = csv.to_str().unwrap();
    let r = run(file, &[]);
    assert_eq!(r.code, 2, "{}", r.all);
    assert!(
        r.all.contains("names another currency, \"USD\"") && !r.all.contains("--map amount="),
        "{}",
        r.all
    );
    refused_for(
        file,
        &["--map", "amount=Amount (USD)"],
        &paid(2..=3),
        &["another currency, \\\"USD\\\""],
    );
}

/// A Taka | Paisa pair paid the taka alone and dropped the poisha, even
/// with `--allow-poisha`: the sheet is refused, naming both columns.
#[test]
fn a_poisha_column_beside_the_amount_refuses_the_sheet() {
    for (name, taka, poisha) in [
        ("taka-paisa", "\\\"Taka\\\"", "\\\"Paisa\\\""),
        ("taka-poisha-bengali", "\\\"টাকা\\\"", "\\\"পয়সা\\\""),
    ] {
        for file in files(name) {
            let (poisha, taka) = (
                format!("column F {poisha}"),
                format!("amount column E {taka}"),
            );
            for args in [&[][..], &["--allow-poisha"][..]] {
                refused_for(
                    &file,
                    args,
                    &paid(2..=4),
                    &[&poisha, &taka, "put the whole amount in one column"],
                );
            }
        }
    }
}

/// Words for taka itself, in a title and a header (`Net pay ৳`), are paid.
#[test]
fn a_sheet_that_names_taka_is_paid() {
    for file in files("taka-words") {
        let r = verdicts(&file, &[], 0, &paid(4..=7));
        assert_eq!(total(&r), Some(4_700_000), "{file}");
    }
}

/// `submit --sandbox --skip-invalid` pays none of a sheet said to be in
/// thousands, in dollars or with its poisha beside (probe12 paid Tk 47 for
/// Tk 47,000 so); of the currency formats, it pays only the taka rows.
#[test]
fn skip_invalid_pays_no_amount_said_not_to_be_taka() {
    for name in [
        "units-title-thousand",
        "units-row",
        "currency-header",
        "taka-paisa",
    ] {
        let f = sheet_fixture(&format!("{name}.xlsx"));
        let (code, all, got) = submit(&f, name, &["--skip-invalid"]);
        assert_eq!((code, got), (Some(2), Vec::new()), "{name}: {all}");
    }
    let f = sheet_fixture("currency-formats.xlsx");
    let (code, all, got) = submit(&f, "currency", &["--skip-invalid"]);
    let want: Vec<(String, String, i64)> = [
        ("01912345605", "nagad", 910_000),
        ("01712345606", "bkash", 920_000),
        ("01812345607", "nagad", 930_000),
    ]
    .iter()
    .map(|(w, p, t)| (w.to_string(), p.to_string(), *t))
    .collect();
    assert_eq!((code, got), (Some(1), want), "{all}");
}
