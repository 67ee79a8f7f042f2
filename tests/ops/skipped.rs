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

/// The lines of the skipped-rows list on stdout (`  row N ...`).
fn listed(o: &str) -> Vec<String> {
    o.lines()
        .filter(|l| l.starts_with("  row "))
        .map(str::to_string)
        .collect()
}

fn skip_dry(d: &Path, s: &Path, json: bool) -> Output {
    let mut c = payrun(d);
    if json {
        c.args(["--log-format", "json"]);
    }
    run(c
        .arg("submit")
        .arg(s)
        .args(["--batch", "nov", "--sandbox", "--skip-invalid", "--dry-run"]))
}

/// `--dry-run` answers as the real run would: exit 1 and the same list of
/// rows not paid, invalid or refused by the batch's history; it says it was
/// a dry run and writes nothing.
#[test]
fn a_dry_run_with_skip_invalid_answers_like_the_real_run() {
    for json in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let s = sheet_with_bad(d, 3, 1);
        let dry = skip_dry(d, &s, json);
        assert_eq!(code(&dry), 1, "json {json}: a real run would exit 1");
        let o = stdout(&dry);
        assert!(o.contains("Rows not paid") && o.contains("dry run"), "{o}");
        let lines = listed(&o);
        assert!(
            lines.len() == 1 && lines[0].contains("row 5") && lines[0].contains("BAD-000"),
            "json {json}:\n{o}"
        );
        assert!(
            !d.join("payrun-sandbox/ledger.sqlite").exists(),
            "a dry run writes no ledger"
        );
        if json {
            let last: serde_json::Value =
                serde_json::from_str(stderr(&dry).lines().last().unwrap()).unwrap();
            assert_eq!(last["event"], "finished");
            assert_eq!(last["exit_code"], 1, "{last}");
        }
        let real = skip(d, &s, json);
        assert_eq!(code(&real), code(&dry), "json {json}");
        assert_eq!(listed(&stdout(&real)), lines, "json {json}: the same list");
    }
}

#[test]
fn a_dry_run_lists_rows_the_batch_history_refuses_like_the_real_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 3, 200);
    let first = skip(d, &s, false);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    // A paid row now says another amount: refused, never changed.
    let text = std::fs::read_to_string(&s).unwrap();
    std::fs::write(&s, text.replacen("0000042,200", "0000042,250", 1)).unwrap();
    let dry = skip_dry(d, &s, false);
    assert_eq!(code(&dry), 1, "a real run would exit 1");
    let o = stdout(&dry);
    let lines = listed(&o);
    assert!(
        lines.len() == 1 && lines[0].contains("EMP-0000") && lines[0].contains("already"),
        "{o}"
    );
    assert!(o.contains("dry run"), "{o}");
    let real = skip(d, &s, false);
    assert_eq!(code(&real), 1);
    assert_eq!(listed(&stdout(&real)), lines, "the same list");
}

#[test]
fn a_dry_run_bounds_the_list_and_points_at_no_report_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet_with_bad(d, 2, 30);
    let dry = skip_dry(d, &s, false);
    assert_eq!(code(&dry), 1);
    let o = stdout(&dry);
    assert_eq!(listed(&o).len(), 20, "{o}");
    let more = o
        .lines()
        .find(|l| l.contains("and 10 more"))
        .unwrap_or_default();
    assert!(more.contains("dry run"), "{o}");
    assert!(
        !d.join("payrun-sandbox").exists(),
        "a dry run writes nothing"
    );
}
