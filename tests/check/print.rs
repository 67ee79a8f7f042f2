//! The check report's XLSX prints like every report payrun writes.

use super::*;
use crate::report::print::assert_prints;

#[test]
fn the_check_report_prints_one_page_wide_with_headers_and_footers() {
    let dir = tmp();
    let csv = write(
        dir.path(),
        "in.csv",
        format!("{HEAD}E1,Rahim,01712345678,bkash,100\nE2,Karim,017,bkash,200\n"),
    );
    let report = dir.path().join("in.xlsx");
    payrun(dir.path())
        .arg("check")
        .arg(&csv)
        .arg("--report")
        .arg(&report)
        .assert()
        .code(2);
    assert_prints(&report, 1, "check", "payrun check: in.csv", true);
}
