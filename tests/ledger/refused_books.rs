//! A submit that sends nothing leaves the batch's books as they were: a
//! probe paid a sheet, then submitted a corrected one under the same label,
//! was refused ("Nothing was sent"), and found the refused sheet listed as
//! an input of the batch, its refused row counted among the batch's rows
//! and the control equation reading from both sheets at once.

use super::*;

/// The report's JSON: the books an auditor signs off.
fn books(lab: &Lab, name: &str) -> serde_json::Value {
    let out = lab.dir.path().join(name);
    let (code, text) = lab.run(&["report", "--batch", "jan", "--out", &out.to_string_lossy()]);
    assert_eq!(code, 0, "{text}");
    let raw = std::fs::read_to_string(&out).unwrap();
    let v: serde_json::Value = serde_json::from_str(raw.trim_start_matches('\u{feff}')).unwrap();
    serde_json::json!({
        "inputs": v["summary"]["inputs"],
        "control": v["summary"]["control"],
        "by_status": v["summary"]["by_status"],
        "rows": v["rows"],
    })
}

#[test]
fn a_refused_submit_leaves_the_batch_report_as_it_was() {
    let lab = Lab::with(|c| c.instant = true);
    let rows = rows(3);
    let (code, out) = lab.submit(&lab.sheet("jan.csv", &rows), "jan", &[]);
    assert_eq!(code, 0, "{out}");
    let before = books(&lab, "before.json");
    let (_, status_before) = lab.run(&["status", "--batch", "jan"]);

    // One amount changed under the same label: refused, nothing sent.
    let mut changed = rows.clone();
    changed[0].taka += 100;
    let sent = lab.sandbox.payout_requests();
    let (code, out) = lab.submit(&lab.sheet("jan-c.csv", &changed), "jan", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("Nothing was sent"), "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent);

    let after = books(&lab, "after.json");
    assert_eq!(
        after,
        before,
        "a refused run changed the batch's books:\n{}",
        serde_json::to_string_pretty(&after).unwrap()
    );
    let (_, status_after) = lab.run(&["status", "--batch", "jan"]);
    assert!(!status_after.contains("jan-c.csv"), "{status_after}");
    assert!(status_after.contains("rows in sheet 3 ="), "{status_after}");
    assert_eq!(
        status_before.contains("BALANCED"),
        status_after.contains("BALANCED")
    );
}
