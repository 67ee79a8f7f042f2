//! The default row-result file is named after the whole input file name, so
//! `finance.xlsx`, `finance.csv` and `finance.tsv` checked in one folder
//! never overwrite each other's results (they all wrote
//! `payrun-out/finance.check.csv`).

use super::*;

#[test]
fn each_input_file_gets_its_own_default_report() {
    let dir = tmp();
    let d = dir.path();
    let x = xlsx(d, "finance.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("Nov").unwrap();
        header(ws, 0);
        data_row(ws, 1, "E1", "01712345678", 500.0);
        // An earlier month beside the one read: a later one would refuse
        // the default read (holds8), and this test is about report names.
        let ws = wb.add_worksheet().set_name("Oct").unwrap();
        header(ws, 0);
        data_row(ws, 1, "E2", "01812345678", 600.0);
    });
    let c = write(
        d,
        "finance.csv",
        format!("{HEAD}E3,C,01912345678,bkash,700\n"),
    );
    let t = write(
        d,
        "finance.tsv",
        "Employee ID\tName\tWallet\tProvider\tAmount\nE4\tD\t01612345678\tbkash\t800\n",
    );
    let run = |f: &Path, extra: &[&str]| {
        let out = payrun(d).arg("check").arg(f).args(extra).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
        stdout_of(&out)
    };
    let out = run(&x, &[]);
    assert!(out.contains("payrun-out/finance.xlsx.check.csv"), "{out}");
    run(&x, &["--sheet", "Oct"]);
    run(&c, &[]);
    run(&t, &[]);
    let report = |name: &str| {
        std::fs::read_to_string(d.join("payrun-out").join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    assert!(report("finance.xlsx.check.csv").contains("E1,"));
    assert!(report("finance.xlsx.Oct.check.csv").contains("E2,"));
    assert!(report("finance.csv.check.csv").contains("E3,"));
    assert!(report("finance.tsv.check.csv").contains("E4,"));
}
