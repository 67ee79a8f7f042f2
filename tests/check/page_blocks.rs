//! What a printed, signed, multi-page payroll holds besides payees (probe10's
//! open findings): a sign-off block with rows typed under it, `Carried
//! forward` / `Brought forward` page totals, a provider summary under the
//! grand total, Bengali header names, and the print-area note beside a
//! refusal. Fixtures: `tests/fixtures/sheets/page_blocks.py`, an openpyxl
//! source saved by LibreOffice and by Gnumeric.

use super::hidden::batch_errors;
use super::*;

/// The saves of one fixture: LibreOffice's and Gnumeric's.
fn saves(name: &str) -> Vec<PathBuf> {
    SAVES
        .iter()
        .filter(|e| **e != "csv")
        .map(|e| sheet_fixture(&format!("{name}.{e}")))
        .collect()
}

fn strings(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e.as_str().map(str::to_string))
        .collect()
}

/// `submit --dry-run --skip-invalid` of `f`: its exit code and output.
fn skip_invalid(dir: &Path, f: &Path) -> (Option<i32>, String) {
    dry_run(dir, f, &["--skip-invalid"])
}

#[test]
fn a_payee_typed_under_the_sign_off_refuses_the_sheet() {
    let dir = tmp();
    let csv = write(
        dir.path(),
        "signed.csv",
        "ID,Name,Wallet,Provider,Amount\n\
         E1,N1,01711111111,bKash,1000\n\
         E2,N2,01711111112,bKash,2000\n\
         Prepared by: Sumi,,Approved by: Rahim,,\n\
         E9,Late add,01711111119,bKash,25000\n",
    );
    let mut files = vec![(csv, 5, 4, "Prepared by: Sumi")];
    files.extend(
        saves("signed-then-added")
            .into_iter()
            .map(|f| (f, 8, 6, "Prepared by: Sumi")),
    );
    for (f, late, sign, label) in files {
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 2, "{}: {v:#}", f.display());
        let errors = batch_errors(&v);
        assert_eq!(errors.len(), 1, "{}: {errors:#?}", f.display());
        let e = &errors[0];
        for part in [
            format!("row {late} comes after the sign-off on row {sign} (\"{label}\")"),
            "Tk 25,000.00".to_string(),
            "move it above the sign-off".to_string(),
            "`--skip-invalid` does not skip this".to_string(),
        ] {
            assert!(e.contains(&part), "{}: {part}: {e}", f.display());
        }
        let (code, all) = skip_invalid(dir.path(), &f);
        assert_eq!(code, Some(2), "--skip-invalid must not skip it: {all}");
        assert!(all.contains("comes after the sign-off"), "{all}");
    }
}

/// The usual way to sign: the label in one cell, the name beside it. Before,
/// such a row was no sign-off (a cell held neither a label nor a blank), so
/// it was refused as a row of its own, and `--skip-invalid` paid the payee
/// typed under it.
#[test]
fn a_payee_under_a_sign_off_with_the_names_beside_the_labels_refuses_the_sheet() {
    let dir = tmp();
    let csv = write(
        dir.path(),
        "signed-apart.csv",
        "ID,Name,Wallet,Provider,Amount\n\
         E1,N1,01711111111,bKash,1000\n\
         Prepared by:,Sumi,Approved by:,Rahim,\n\
         E9,Late add,01711111119,bKash,25000\n",
    );
    let mut files = vec![(csv, 4, 3)];
    files.extend(saves("signed-name-apart").into_iter().map(|f| (f, 7, 6)));
    for (f, late, sign) in files {
        let (code, all) = skip_invalid(dir.path(), &f);
        assert_eq!(
            code,
            Some(2),
            "{}: --skip-invalid paid it: {all}",
            f.display()
        );
        let said = format!("row {late} comes after the sign-off on row {sign} (\"Prepared by:\")");
        assert!(all.contains(&said), "{}: {said}: {all}", f.display());
    }
}

#[test]
fn a_sign_off_above_the_payees_refuses_nothing() {
    let dir = tmp();
    let csv = write(
        dir.path(),
        "cover.csv",
        "ID,Name,Wallet,Provider,Amount\n\
         Prepared by: Sumi,,,,\n\
         E1,N1,01711111111,bKash,1000\n\
         E2,N2,01711111112,bKash,2000\n",
    );
    let mut files = vec![csv];
    files.extend(saves("signed-cover"));
    for f in files {
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{}: {v:#}", f.display());
    }
}

#[test]
fn page_totals_carried_and_brought_forward_are_checked_not_paid() {
    let dir = tmp();
    let csv = write(
        dir.path(),
        "pages.csv",
        "ID,Name,Wallet,Provider,Amount\n\
         E1,N1,01711111111,bKash,1000\n\
         E2,N2,01711111112,bKash,2000\n\
         ,Total c/f,,,3000\n\
         ,b/f,,,3000\n\
         E3,N3,01711111113,Nagad,500\n\
         ,c/f to page 3,,,3500\n\
         ,Brought forward from page 2,,,3500\n\
         E4,N4,01711111114,bKash,700\n",
    );
    let mut files = vec![(csv, 4, 4200)];
    files.extend(saves("page-forward").into_iter().map(|f| (f, 6, 21000)));
    for (f, valid, total) in files {
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{}: {v:#}", f.display());
        assert_eq!(v["valid"], valid, "{}: {v:#}", f.display());
        assert_eq!(v["total_poisha"], total * 100, "{}", f.display());
        let notes = strings(&v, "notes").join("\n");
        assert!(notes.contains("a carried-forward page total"), "{notes}");
        assert!(notes.contains("a brought-forward page total"), "{notes}");
    }
    for f in saves("page-forward-wrong") {
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 2, "{}: {v:#}", f.display());
        let errors = batch_errors(&v);
        assert_eq!(errors.len(), 1, "{}: {errors:#?}", f.display());
        let e = &errors[0];
        for part in [
            "row 9 \"পরবর্তী পৃষ্ঠায়\" carries Tk 14,000.00 forward",
            "the payee rows above it add up to Tk 15,000.00",
        ] {
            assert!(e.contains(part), "{}: {part}: {e}", f.display());
        }
        let (code, all) = skip_invalid(dir.path(), &f);
        assert_eq!(code, Some(2), "{all}");
    }
    // A brought-forward figure that is not the one carried forward.
    let csv = write(
        dir.path(),
        "bf.csv",
        "ID,Name,Wallet,Provider,Amount\n\
         E1,N1,01711111111,bKash,1000\n\
         ,Carried forward,,,1000\n\
         ,Brought forward,,,1500\n\
         E2,N2,01711111112,bKash,500\n",
    );
    let (code, v) = json_of(dir.path(), &["check", csv.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    let errors = batch_errors(&v);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("row 4 \"Brought forward\"")
                && e.contains("row 3 \"Carried forward\" carried Tk 1,000.00")),
        "{errors:#?}"
    );
}

#[test]
fn carried_forward_in_a_status_column_still_holds_the_row_back() {
    let dir = tmp();
    let csv = write(
        dir.path(),
        "status.csv",
        "ID,Name,Wallet,Provider,Amount,Status\n\
         E1,N1,01711111111,bKash,1000,\n\
         E2,N2,01711111112,bKash,2000,Carried forward\n",
    );
    let (code, v) = json_of(dir.path(), &["check", csv.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(v["valid"], 1, "{v:#}");
}

#[test]
fn a_provider_summary_under_the_total_is_checked_not_refused() {
    let dir = tmp();
    for f in saves("provider-summary") {
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{}: {v:#}", f.display());
        assert_eq!(v["valid"], 5, "{}", f.display());
        assert_eq!(v["total_poisha"], 1_600_000, "{}", f.display());
        let notes = strings(&v, "notes").join("\n");
        assert!(
            notes.contains("rows 9-12 skipped: a summary by provider"),
            "{}: {notes}",
            f.display()
        );
    }
    for f in saves("provider-summary-wrong") {
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 2, "{}: {v:#}", f.display());
        let errors = batch_errors(&v).join("\n");
        for part in [
            "row 10 of the summary by provider says bKash is Tk 10,500.00",
            "the bKash payee rows add up to Tk 10,000.00",
            "row 12 of the summary by provider says \"Total\" is Tk 16,500.00",
        ] {
            assert!(errors.contains(part), "{}: {part}: {errors}", f.display());
        }
        assert!(!errors.contains("second header"), "{errors}");
    }
}

#[test]
fn rows_with_wallets_under_a_second_header_are_still_refused() {
    let dir = tmp();
    let csv = write(
        dir.path(),
        "second.csv",
        "ID,Name,Wallet,Provider,Amount\n\
         E1,N1,01711111111,bKash,1000\n\
         Total,,,,1000\n\
         Provider,Count,Amount,,\n\
         bKash,01711111119,500,,\n",
    );
    let (code, v) = json_of(dir.path(), &["check", csv.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    let errors = batch_errors(&v).join("\n");
    assert!(errors.contains("row 4 is a second header"), "{errors}");
}

#[test]
fn bengali_wallet_and_id_header_names_are_read() {
    let dir = tmp();
    // An English header with its Bengali names under it: skipped as the
    // header again, and bKash read from the wallet header.
    for f in saves("bengali-headers") {
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{}: {v:#}", f.display());
        assert_eq!(v["valid"], 3, "{}", f.display());
        assert_eq!(v["providers"][0]["count"], 3, "{}", f.display());
    }
    // A Bengali header alone, every column by a name finance sheets use.
    let csv = write(
        dir.path(),
        "bn.csv",
        "কর্মী আইডি,কর্মীর নাম,ওয়ালেট নম্বর,প্রদানকারী,টাকার পরিমাণ\n\
         E1,রহিম,01711111111,বিকাশ,1000\n\
         E2,করিম,01811111112,নগদ,2000\n",
    );
    let (code, v) = json_of(dir.path(), &["check", csv.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["valid"], 2, "{v:#}");
}

#[test]
fn the_print_area_note_does_not_say_refused_rows_are_paid() {
    let dir = tmp();
    for f in saves("print-area-late") {
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 2, "{}: {v:#}", f.display());
        let notes = strings(&v, "notes");
        let note = notes
            .iter()
            .find(|n| n.contains("print area"))
            .unwrap_or_else(|| panic!("{}: no print-area note: {notes:#?}", f.display()));
        assert!(!note.contains("pays them"), "{}: {note}", f.display());
        assert!(
            note.contains("refuses the sheet while it is there"),
            "{}: {note}",
            f.display()
        );
    }
}

#[test]
fn a_carried_forward_that_is_also_the_sum_of_the_rows_under_it_is_refused() {
    let dir = tmp();
    // "Carried forward" with a figure both the rows above and the rows under
    // it make, and no "Brought forward" after it: a page total, or a title
    // holding the rows under it back with their subtotal. Never paid on a
    // guess.
    let csv = write(
        dir.path(),
        "held.csv",
        "ID,Name,Wallet,Provider,Amount\n\
         E1,N1,01711111111,bKash,1000\n\
         E2,N2,01711111112,bKash,2000\n\
         ,Carried forward,,,3000\n\
         E3,N3,01711111113,bKash,1000\n\
         E4,N4,01711111114,bKash,2000\n",
    );
    let (code, v) = json_of(dir.path(), &["check", csv.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    let errors = batch_errors(&v).join("\n");
    assert!(
        errors.contains("row 4 \"Carried forward\" (Tk 3,000.00) is both the sum of the rows above it and of rows 5, 6 under it"),
        "{errors}"
    );
    // With its "Brought forward" it is a page total.
    let csv = write(
        dir.path(),
        "pair.csv",
        "ID,Name,Wallet,Provider,Amount\n\
         E1,N1,01711111111,bKash,1000\n\
         E2,N2,01711111112,bKash,2000\n\
         ,Carried forward,,,3000\n\
         ,Brought forward,,,3000\n\
         E3,N3,01711111113,bKash,1000\n\
         E4,N4,01711111114,bKash,2000\n",
    );
    let (code, v) = json_of(dir.path(), &["check", csv.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
}
