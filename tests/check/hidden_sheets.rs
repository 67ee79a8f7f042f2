//! Hidden worksheets beside the one payrun reads. A finance lead who left
//! last month showing and hid the new month by mistake must hear about the
//! hidden sheet, wherever it sits in the workbook, and be warned when it
//! looks like the month to pay. Fixture: `hidden-december-after.xlsx`,
//! saved by LibreOffice ("November" visible, "December" hidden after it).

use super::sheets::notes;
use super::*;

fn warnings(notes: &[String]) -> Vec<&String> {
    notes.iter().filter(|n| n.starts_with("warning:")).collect()
}

#[test]
fn a_hidden_later_month_after_the_sheet_read_is_named_and_warned_about() {
    let dir = tmp();
    let f = sheet_fixture("hidden-december-after.xlsx");
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["worksheet"], "November");
    let all = notes(&v);
    let warned = warnings(&all);
    assert_eq!(warned.len(), 1, "{all:#?}");
    assert!(
        warned[0].contains("hidden sheet \"December\"")
            && warned[0].contains("\"November\"")
            && warned[0].contains("--sheet \"December\""),
        "{all:#?}"
    );
    // A limit: kept under --quiet and in the JSON's limits.
    assert!(
        v["limits"]
            .to_string()
            .contains("hidden sheet \\\"December\\\""),
        "{v:#}"
    );
}

#[test]
fn every_hidden_sheet_gets_a_note_and_only_a_likely_payroll_a_warning() {
    let dir = tmp();
    let f = xlsx(dir.path(), "months.xlsx", |wb| {
        let nov = wb.add_worksheet();
        nov.set_name("November 2026").unwrap();
        header(nov, 0);
        data_row(nov, 1, "E1", "01712345678", 100.0);
        nov.set_active(true);
        // Last month, hidden after: a note, no warning.
        let oct = wb.add_worksheet();
        oct.set_name("October 2026").unwrap();
        header(oct, 0);
        data_row(oct, 1, "E1", "01712345678", 90.0);
        oct.set_hidden(true);
        // No month in its name, but a payroll table: a warning.
        let draft = wb.add_worksheet();
        draft.set_name("Draft").unwrap();
        header(draft, 0);
        data_row(draft, 1, "E9", "01812345678", 50.0);
        draft.set_very_hidden(true);
        // Neither: a note.
        let rates = wb.add_worksheet();
        rates.set_name("Rates").unwrap();
        rates.write_string(0, 0, "Grade").unwrap();
        rates.set_hidden(true);
    });
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["worksheet"], "November 2026");
    let all = notes(&v);
    for name in ["October 2026", "Draft", "Rates"] {
        assert!(
            all.iter()
                .any(|n| n.contains(&format!("hidden sheet \"{name}\""))),
            "{name}: {all:#?}"
        );
    }
    let warned = warnings(&all);
    assert_eq!(warned.len(), 1, "{all:#?}");
    assert!(
        warned[0].contains("\"Draft\"") && warned[0].contains("payroll table"),
        "{all:#?}"
    );
}
