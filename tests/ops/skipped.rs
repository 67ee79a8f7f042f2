//! `submit --skip-invalid` with rows left unpaid (issue 15): exit 0 must
//! mean every row of the sheet is paid or processing, so skipped rows make
//! it 1, and stdout (the cron mail) lists them, bounded, with where the full
//! list is; under `--log-format json` too.

use super::*;

/// `n` clean rows, then `bad` rows whose wallet has 4 digits.
fn sheet_with_bad(d: &Path, n: usize, bad: usize) -> PathBuf {
    let s = sheet(d, "pay.csv", n, 200);
    let mut text = std::fs::read_to_string(&s).unwrap();
    for i in 0..bad {
        text.push_str(&format!(
            "BAD-{i:03},Nobody {i},bkash,{:04},300\n",
            1000 + i
        ));
    }
    std::fs::write(&s, text).unwrap();
    s
}

fn skip(d: &Path, s: &Path, json: bool) -> Output {
    let mut c = payrun(d);
    if json {
        c.args(["--log-format", "json"]);
    }
    run(c
        .arg("submit")
        .arg(s)
        .args(["--batch", "nov", "--sandbox", "--skip-invalid"]))
}

#[test]
fn skipped_rows_make_exit_1_and_are_listed_on_stdout() {
    for json in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let s = sheet_with_bad(d, 3, 1);
        let out = skip(d, &s, json);
        assert_eq!(code(&out), 1, "json {json}: a skipped row is not paid");
        let o = stdout(&out);
        let line = o
            .lines()
            .find(|l| l.contains("row 5") && l.contains("1000"))
            .unwrap_or_else(|| panic!("json {json}: row 5 is not listed on stdout:\n{o}"));
        assert!(
            line.contains("BAD-000") && line.contains("digits"),
            "{line}"
        );
        assert!(o.contains("Rows not paid"), "{o}");
        // The three valid rows were paid.
        assert!(o.contains("paid") && o.contains("600.00"), "{o}");
    }
}

#[test]
fn many_skipped_rows_are_listed_up_to_a_bound_with_where_the_rest_are() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet_with_bad(d, 2, 30);
    let out = skip(d, &s, true);
    assert_eq!(code(&out), 1);
    let o = stdout(&out);
    let listed = o.lines().filter(|l| l.contains("BAD-")).count();
    assert_eq!(listed, 20, "the first 20 rows:\n{o}");
    assert!(o.contains("and 10 more"), "{o}");
    let more = o.lines().find(|l| l.contains("and 10 more")).unwrap();
    assert!(more.contains("payrun-sandbox/reports/nov.xlsx"), "{more}");
    let finished: serde_json::Value =
        serde_json::from_str(stderr(&out).lines().last().unwrap()).unwrap();
    assert_eq!(finished["invalid"], 30, "{finished}");
    assert_eq!(finished["exit_code"], 1);
}
