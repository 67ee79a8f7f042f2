//! What a person expects held, or never sees, in a sheet as a finance team
//! sends it (probe12 sections 3 to 6): hold or paid words above the header,
//! a colour legend, a payee far below the list, a draft or an older sheet
//! read beside a later one, a cell comment. Fixtures saved by LibreOffice
//! (`tests/fixtures/sheets/holds8.py`, `holds8.sh`), as `.xlsx`, `.ods` and
//! `.xls`.

use super::*;

const SAVES: [&str; 3] = ["xlsx", "ods", "xls"];

/// Whether the verdict says the sheet may be paid.
fn valid(out: &str) -> bool {
    out.lines().any(|l| l.starts_with("VALID"))
}

fn check(name: &str, save: &str, extra: &[&str]) -> (i32, String) {
    let dir = tmp();
    let f = sheet_fixture(&format!("{name}.{save}"));
    check_code(dir.path(), &f, extra)
}

#[test]
fn hold_or_paid_words_above_the_header_refuse_the_sheet() {
    for (name, words) in [
        ("holds8-title-draft", "DRAFT - not approved, do not pay"),
        (
            "holds8-title-paid",
            "November salary - already paid on 28 Nov (for record)",
        ),
        ("holds8-title-bn-hold", "হোল্ড - পরিশোধ করবেন না"),
    ] {
        for save in SAVES {
            let (code, out) = check(name, save, &[]);
            assert_eq!(code, 2, "{name}.{save}: {out}");
            assert!(
                out.contains("cell A1")
                    && out.contains(words)
                    && out.contains("above the header")
                    && out.contains("do not pay this file"),
                "{name}.{save}: {out}"
            );
            assert!(!valid(&out), "{name}.{save}: {out}");
        }
    }
}

#[test]
fn an_ordinary_title_above_the_header_passes() {
    for name in ["holds8-title-ordinary", "holds8-title-approved"] {
        for save in SAVES {
            let (code, out) = check(name, save, &[]);
            assert_eq!(code, 0, "{name}.{save}: {out}");
            assert!(out.contains("VALID: 4 payouts"), "{name}.{save}: {out}");
        }
    }
}

#[test]
fn a_colour_legend_with_hold_words_is_refused_as_one_payrun_cannot_honour() {
    for save in SAVES {
        let (code, out) = check("holds8-legend-red", save, &[]);
        assert_eq!(code, 2, "{save}: {out}");
        assert!(
            out.contains("cell A1") && out.contains("colour") && out.contains("red"),
            "{save}: {out}"
        );
    }
}

#[test]
fn a_title_above_the_header_is_not_said_to_be_unread() {
    // The title-or-note message told people payrun reads nothing above the
    // header, so a note could go there: a hold note there is now read.
    let dir = tmp();
    let f = write(
        dir.path(),
        "t.csv",
        format!("{HEAD}E1,Rahim,01712345678,bKash,1000\nStaff,,,,\n"),
    );
    let (code, out) = check_code(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("a title or a note"), "{out}");
    assert!(!out.contains("reads nothing above the header"), "{out}");
}

#[test]
fn a_payee_far_below_the_list_refuses_the_sheet_naming_the_row_and_gap() {
    for save in SAVES {
        let (code, out) = check("holds8-far-below", save, &[]);
        assert_eq!(code, 2, "{save}: {out}");
        assert!(
            out.contains("row 1500") && out.contains("rows 6-1499") && out.contains("empty"),
            "{save}: {out}"
        );
        assert!(!valid(&out), "{save}: {out}");
    }
}

#[test]
fn a_payee_a_few_rows_below_the_list_is_read() {
    for save in SAVES {
        let (code, out) = check("holds8-near-below", save, &[]);
        assert_eq!(code, 0, "{save}: {out}");
        assert!(out.contains("VALID: 5 payouts"), "{save}: {out}");
    }
}

#[test]
fn a_draft_old_or_earlier_sheet_beside_a_later_one_is_refused() {
    for (name, read, later) in [
        ("holds8-sheets-draft-final", "Draft", "Final"),
        ("holds8-sheets-dec-revised", "Dec", "Dec (revised)"),
        ("holds8-sheets-old-new", "Dec old", "Dec new"),
        ("holds8-sheets-nov-dec", "Nov", "Dec"),
    ] {
        for save in SAVES {
            let (code, out) = check(name, save, &[]);
            assert_eq!(code, 2, "{name}.{save}: {out}");
            assert!(
                out.contains(&format!("\"{read}\""))
                    && out.contains(&format!("\"{later}\""))
                    && out.contains("--sheet"),
                "{name}.{save}: {out}"
            );
            assert!(!valid(&out), "{name}.{save}: {out}");
            // The person's choice is honoured.
            let (code, out) = check(name, save, &["--sheet", read]);
            assert_eq!(code, 0, "{name}.{save} --sheet {read}: {out}");
            let (code, out) = check(name, save, &["--sheet", later]);
            assert_eq!(code, 0, "{name}.{save} --sheet {later}: {out}");
            assert!(out.contains("Tk 49,500.00"), "{name}.{save}: {out}");
        }
    }
}

#[test]
fn an_earlier_month_beside_the_one_read_is_only_a_note() {
    for save in SAVES {
        let (code, out) = check("holds8-sheets-dec-nov", save, &[]);
        assert_eq!(code, 0, "{save}: {out}");
        assert!(out.contains("not read: \"Nov\""), "{save}: {out}");
    }
}

#[test]
fn a_hold_comment_on_a_payees_cell_refuses_that_row() {
    for save in SAVES {
        let (code, out) = check("holds8-comment-hold", save, &[]);
        assert_eq!(code, 2, "{save}: {out}");
        assert!(
            out.contains("row 3: has a comment on cell E3")
                && out.contains("HOLD - resigned, do not pay"),
            "{save}: {out}"
        );
        // An ordinary comment holds nothing back.
        assert!(!out.contains("cell B2"), "{save}: {out}");
        assert!(out.contains("valid              3"), "{save}: {out}");
        assert!(!valid(&out), "{save}: {out}");
    }
}

#[test]
fn amounts_linked_to_another_workbook_get_a_warning_that_quiet_keeps() {
    // The link as Excel writes it (`holds8_extlink.py`), saved by
    // LibreOffice as .xlsx and .ods; the linked file is not there.
    for (save, file) in [("xlsx", "\"../rates.xlsx\""), ("ods", "rates.xlsx\"")] {
        let (code, out) = check("holds8-extlink", save, &["--quiet"]);
        assert_eq!(code, 0, "{save}: {out}");
        assert!(
            out.contains("column \"Amount\": 4 cells (rows 2, 3, 4, 5) read another workbook")
                && out.contains(file)
                && out.contains("as of its last save"),
            "{save}: {out}"
        );
    }
    // A sheet without links says nothing of them.
    let (_, out) = check("holds8-title-approved", "xlsx", &[]);
    assert!(!out.contains("another workbook"), "{out}");
}

/// A title saying how or when the sheet is paid is no hold: only words that
/// it must not be paid, or was paid already, are (before: every title with
/// "paid" in it was refused, `Salary paid through bKash` among them).
#[test]
fn a_title_saying_how_the_sheet_is_paid_passes_and_one_saying_it_was_paid_is_refused() {
    let dir = tmp();
    let body = "Employee ID,Name,Wallet,Provider,Amount\n\
        E1,A,01711111111,bKash,1000\n\
        E2,B,01711111112,Nagad,2000\n";
    let cases = [
        ("November 2026 Salary (paid in December)", 0),
        ("Salary paid through bKash", 0),
        ("Staff paid monthly - December 2026", 0),
        ("Paid Leave Encashment - December 2026", 0),
        ("Salary disbursement - paid via Nagad and bKash", 0),
        ("Monthly payroll (all amounts paid in Taka)", 0),
        ("DRAFT - do not pay", 2),
        ("November salary - already paid on 28 Nov (for record)", 2),
        ("Salary already paid via bKash", 2),
        ("হোল্ড - পরিশোধ করবেন না", 2),
        ("নভেম্বরের বেতন দেওয়া হয়েছে", 2),
    ];
    for (i, (title, want)) in cases.iter().enumerate() {
        let f = write(
            dir.path(),
            &format!("t{i}.csv"),
            format!("{title}\n\n{body}"),
        );
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, *want, "{title}: {v:#}");
    }
}

/// Next month's sheet made ready beside this month's: its title and header,
/// no payee yet. It is no later payroll to pay instead (probe14: refused,
/// saying "Dec" "holds a payroll table"). Fixtures from probe14's openpyxl
/// source saved by LibreOffice (`nov-with-dec-template.*`).
#[test]
fn an_empty_template_of_next_month_beside_the_sheet_read_is_no_later_payroll() {
    for save in SAVES {
        let (code, out) = check("nov-with-dec-template", save, &[]);
        assert_eq!(code, 0, "nov-with-dec-template.{save}: {out}");
        assert!(valid(&out), "{save}: {out}");
    }
}
