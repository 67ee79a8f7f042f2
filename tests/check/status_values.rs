//! A `Status` holds a value payrun knows as payable, or its row is refused:
//! a spelling of "paid" or "held" the lists lack (`bKash sent`, `OnHold`,
//! `পেইড`) refuses as what it says, anything else (`Resigned`) as a value
//! payrun does not know, naming it. Remarks and names that hold a row back
//! in other words refuse it too. The probe of 2026-12-05 (b1, findings 4
//! and 5): 0d3801e paid every one of these rows, exit 0.

use super::*;

/// The rows and, for each refused, what its message says.
const STATUSES: [(&str, Option<&str>); 20] = [
    ("bKash sent", Some("paid already")),
    ("Nagad done", Some("paid already")),
    ("Cash paid", Some("paid already")),
    ("Trx done", Some("paid already")),
    ("OnHold", Some("not to be paid")),
    ("Cancelld", Some("not to be paid")),
    ("Witheld", Some("not to be paid")),
    ("হোল্ডে আছে", Some("not to be paid")),
    ("বাতিলকৃত", Some("not to be paid")),
    ("ক্যান্সেল", Some("not to be paid")),
    ("পেইড", Some("paid already")),
    ("বিকাশে পাঠানো হয়েছে", Some("paid already")),
    ("দেওয়া হবেনা", Some("not to be paid")),
    ("প্রদান হয়েছে", Some("paid already")),
    ("পরিশোধ হইছে", Some("paid already")),
    ("Resigned", Some("is a value payrun does not know")),
    ("Active", None),
    ("Approved", None),
    ("", None),
    ("Permanent", None),
];

fn sheet(header: &str, values: &[&str]) -> String {
    let mut csv = format!("Employee ID,Name,bKash Number,Net Pay,{header}\n");
    for (i, v) in values.iter().enumerate() {
        let n = i + 1;
        csv.push_str(&format!("E{n},P{n},0171{n:07},{},{v}\n", 1000 * n));
    }
    csv
}

/// The refused rows of a `check --json`: row number and message.
fn refused(json: &serde_json::Value) -> Vec<(u64, String)> {
    let issues = json["issues"].as_array().cloned().unwrap_or_default();
    issues
        .iter()
        .map(|i| (i["row"].as_u64().unwrap_or(0), i.to_string()))
        .collect()
}

#[test]
fn a_status_payrun_does_not_know_as_payable_refuses_its_row() {
    let dir = tmp();
    let values: Vec<&str> = STATUSES.iter().map(|(v, _)| *v).collect();
    let f = write(dir.path(), "s.csv", sheet("Status", &values));
    let (code, json) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    let refused = refused(&json);
    for (i, (value, says)) in STATUSES.iter().enumerate() {
        let row = i as u64 + 2;
        let issue = refused.iter().find(|(r, _)| *r == row);
        match (says, issue) {
            (Some(want), Some((_, said))) => {
                assert!(said.contains(want), "row {row} {value}: {said}");
                assert!(said.contains("--pay-despite"), "row {row}: {said}");
            }
            (None, None) => {}
            _ => panic!("row {row} {value:?}: want {says:?}, got {issue:?}"),
        }
    }
    // Active, Approved, the empty cell and Permanent: rows 18-21.
    assert_eq!(
        json["total_poisha"],
        (17 + 18 + 19 + 20) * 1000 * 100,
        "{json}"
    );
}

#[test]
fn pay_despite_pays_the_rows_of_an_unknown_status() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "s.csv",
        sheet("Status", &["Resigned", "Active"]),
    );
    let args = ["check", f.to_str().unwrap(), "--pay-despite", "Status"];
    let (code, json) = json_of(dir.path(), &args);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["total_poisha"], 3000 * 100, "{json}");
}

#[test]
fn remarks_and_names_that_hold_a_row_back_refuse_it() {
    let remarks = [
        "Hold till January",
        "Hold until KYC",
        "Hold for now",
        "Skip this month",
        "Cash paid",
        "Cash given",
        "Given in cash",
        "Handed cash on 28-Oct",
        "Hold allowance",
        "Cash allowance",
        "Skip level meeting",
    ];
    let dir = tmp();
    let f = write(dir.path(), "r.csv", sheet("Remarks", &remarks));
    let (code, json) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    let rows: Vec<u64> = refused(&json).iter().map(|(r, _)| *r).collect();
    assert_eq!(rows, (2..=9).collect::<Vec<u64>>(), "{json}");
    assert_eq!(json["total_poisha"], (9 + 10 + 11) * 1000 * 100, "{json}");

    let names = "Employee ID,Name,bKash Number,Net Pay\n\
                 E1,Babul (next month),01710000001,1000\n\
                 E2,Rafiq (pay in Dec),01710000002,2000\n\
                 E3,Rahim [bKash sent],01710000003,3000\n\
                 E4,Sumi (ক্যান্সেল),01710000004,4000\n\
                 E5,Sentu Mia,01710000005,5000\n";
    let f = write(dir.path(), "n.csv", names);
    let (code, json) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    let rows: Vec<u64> = refused(&json).iter().map(|(r, _)| *r).collect();
    assert_eq!(rows, [2, 3, 4, 5], "{json}");
    assert_eq!(json["total_poisha"], 5000 * 100, "{json}");
}
