//! A sheet already paid under another label, approved again under a new
//! one. Its statement showed "0 wallets changed, 0 new payees": to the
//! approver, last week's payroll looked like this month's. `submit` holds
//! such rows, but the operator alone lifts the hold (`--allow-repeat-payment`,
//! `--allow-same-sheet`), so the approvers must see them in what they sign.

use super::*;

/// Records `by`'s unsigned approval of `sheet` under `batch`.
fn approve_by(d: &Path, sheet: &Path, batch: &str, by: &str) {
    let out =
        run(payrun(d)
            .arg("approve")
            .arg(sheet)
            .args(["--batch", batch, "--by", by, "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// Pays `sheet` under `batch` on one unsigned approval.
fn paid(d: &Path, sheet: &Path, batch: &str) {
    approve_by(d, sheet, batch, "alice");
    let out = run(payrun(d)
        .arg("submit")
        .arg(sheet)
        .args(["--batch", batch, "--sandbox"]));
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
}

/// The statement `approve --statement-out` writes for `sheet` under `batch`.
fn statement(d: &Path, sheet: &Path, batch: &str) -> String {
    let out = run(payrun(d).arg("approve").arg(sheet).args([
        "--batch",
        batch,
        "--sandbox",
        "--statement-out",
        "st.txt",
    ]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    std::fs::read_to_string(d.join("st.txt")).unwrap()
}

#[test]
fn the_statement_says_which_payouts_another_label_paid_recently() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "payrun.toml", "require_approval = true\n");
    let nov = sheet(d, "nov.csv", 3, 300);
    paid(d, &nov, "nov");
    let text = statement(d, &nov, "nov-b");
    for want in [
        "Paid under another label within 20 days: 3 of these payouts, Tk 900.00",
        "batch \"nov\"",
        "EMP-0000",
        "--allow-repeat-payment",
    ] {
        assert!(text.contains(want), "the statement lacks {want:?}:\n{text}");
    }
    // A sheet of new payees says nothing of the kind.
    let other = write(
        d,
        "dec.csv",
        "reference,name,provider,wallet,amount\nX-1,New Person,bkash,01899999942,300\n",
    );
    let text = statement(d, &other, "dec");
    assert!(!text.contains("Paid under another label"), "{text}");
}

/// `submit` under `batch` with `extra` flags.
fn submit(d: &Path, sheet: &Path, batch: &str, extra: &[&str]) -> Output {
    run(payrun(d)
        .arg("submit")
        .arg(sheet)
        .args(["--batch", batch, "--sandbox"])
        .args(extra))
}

/// The operator alone lifts the hold on rows another label paid. An
/// approval given before they were paid never showed them, so lifting
/// the hold on its strength would pay them again unseen: it does not
/// cover them, whichever flag lifts the hold.
#[test]
fn lifting_the_repeat_hold_needs_an_approval_that_listed_the_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "payrun.toml", "require_approval = true\n");
    let nov = sheet(d, "nov.csv", 3, 300);
    // December's sheet pays November's three again, and one more.
    let dec = sheet(d, "dec.csv", 4, 300);
    // Approved under "dec" while nothing of it was paid yet...
    approve_by(d, &dec, "dec", "bob");
    // ...then paid under "nov".
    paid(d, &nov, "nov");
    for flag in ["--allow-repeat-payment", "--allow-same-sheet"] {
        let out = submit(d, &dec, "dec", &[flag]);
        assert_eq!(code(&out), 2, "{flag}: {}{}", stdout(&out), stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("does not list the 3 payouts another label paid"),
            "{flag}: {err}"
        );
        assert!(err.contains("Nothing was sent"), "{flag}: {err}");
    }
    // An approval whose statement listed them covers lifting the hold.
    approve_by(d, &dec, "dec", "carol");
    let out = submit(d, &dec, "dec", &["--allow-repeat-payment"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
}

/// `alice`'s unsigned approval of `sheet` under batch `dec`, whatever it
/// answers.
fn approve_dec(d: &Path, sheet: &Path) -> Output {
    run(payrun(d)
        .arg("approve")
        .arg(sheet)
        .args(["--batch", "dec", "--by", "alice", "--sandbox"]))
}

/// A sheet paying Ali's wallet on rows 2 and 3, and Babu at `babu` on
/// row 4.
fn ali_twice(d: &Path, name: &str, babu: &str) -> PathBuf {
    let text = format!(
        "reference,name,provider,wallet,amount\n\
         E-1,Ali,bkash,01711111142,1000\n\
         E-2,Ali,bkash,01711111142,500\n\
         E-3,Babu,bkash,{babu},700\n"
    );
    write(d, name, &text)
}

/// The last two lines said: the verdict and the command's advice.
fn last_two(said: &str) -> String {
    said.lines().rev().take(2).collect::<Vec<_>>().join("\n")
}

/// A wallet repeated within the sheet is held until the repeat is marked
/// intended; the sheet itself may be right (two instalments to one
/// person). `approve`, `submit` and `check` used to end with "Fix the
/// sheet" and offer --skip-invalid, which leaves every repeated row out:
/// they name the mark instead, and only what it takes.
#[test]
fn a_wallet_repeated_in_the_sheet_is_told_how_to_mark_the_repeat() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sheet = ali_twice(d, "dec.csv", "01722222242");
    let approve = approve_dec(d, &sheet);
    let submit = submit(d, &sheet, "dec", &[]);
    let check = run(payrun(d).arg("check").arg(&sheet));
    for (what, out, said) in [
        ("approve", &approve, stderr(&approve)),
        ("submit", &submit, stderr(&submit)),
        ("check", &check, stdout(&check)),
    ] {
        assert_eq!(code(out), 2, "{what}: {said}");
        let tail = last_two(&said);
        assert!(!said.contains("Fix the sheet"), "{what}: {tail}");
        assert!(!tail.contains("--skip-invalid to"), "{what}: {tail}");
        for want in ["\"repeat\" column", "--allow-repeat"] {
            assert!(tail.contains(want), "{what} lacks {want:?}:\n{tail}");
        }
    }
    // Beside another error, the other rows are still to be fixed, and the
    // repeat is still named.
    let mixed = ali_twice(d, "mixed.csv", "0172");
    let out = approve_dec(d, &mixed);
    let said = stderr(&out);
    let tail = last_two(&said);
    assert_eq!(code(&out), 2, "{said}");
    for want in ["row 4", "\"repeat\" column", "--allow-repeat"] {
        assert!(tail.contains(want), "mixed lacks {want:?}:\n{tail}");
    }
}
