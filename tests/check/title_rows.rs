//! Section titles (`Staff`, `Contractors`) and note rows (`Note: E05
//! includes Eid bonus`) are not payees with their details missing: each is
//! refused with one error that names it as a title or a note and says what
//! can be done, not three telling finance to fill in a wallet, a provider
//! and an amount. Fixture: `section-titles-staff.xlsx`, saved by
//! LibreOffice.

use super::sheets::issue_texts;
use super::*;

fn of_row(texts: &[String], row: usize) -> Vec<&String> {
    let head = format!("row {row}");
    texts
        .iter()
        .filter(|t| t.starts_with(&format!("{head}:")) || t.starts_with(&format!("{head},")))
        .collect()
}

#[test]
fn a_section_title_gets_one_error_naming_it_a_title() {
    let dir = tmp();
    let f = sheet_fixture("section-titles-staff.xlsx");
    let (code, v) = json_of(
        dir.path(),
        &["check", f.to_str().unwrap(), "--map", "amount=Net Pay"],
    );
    assert_eq!(code, 2, "{v:#}");
    let texts = issue_texts(&v);
    for (row, title) in [(4, "Staff"), (9, "Contractors")] {
        let mine = of_row(&texts, row);
        assert_eq!(mine.len(), 1, "row {row}: {texts:#?}");
        let t = mine[0];
        assert!(
            t.contains(&format!("\"{title}\""))
                && t.contains("a title or a note")
                && t.contains("Delete the row")
                && t.contains("--skip-invalid")
                && !t.contains("enter the wallet number"),
            "row {row}: {t}"
        );
    }
}

#[test]
fn a_note_row_gets_one_error_naming_it_a_note() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "f1.csv",
        "Employee ID,Name,bKash Number,Net Pay\nE01,Rahim,01712000001,1000\nNote: E01 includes Eid bonus,,,\nE02,Karim,01712000002,500\nNote:,E02 paid in advance,,\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    let texts = issue_texts(&v);
    for row in [3, 5] {
        let mine = of_row(&texts, row);
        let named: Vec<_> = mine
            .iter()
            .filter(|t| t.contains("a title or a note"))
            .collect();
        assert_eq!(named.len(), 1, "row {row}: {texts:#?}");
        assert!(named[0].contains("Delete the row"), "row {row}: {texts:#?}");
        assert!(
            !mine.iter().any(|t| t.contains("enter the wallet number")),
            "row {row}: {texts:#?}"
        );
    }
    // Row 3 has nothing else to say.
    assert_eq!(of_row(&texts, 3).len(), 1, "{texts:#?}");
}
