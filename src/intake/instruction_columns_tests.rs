//! Which columns of a header row are instruction columns, and which
//! headers leave the amount candidates: tests of the pass over a header
//! (the words of one header are tested in `instruction_words_tests.rs`).

use super::*;
use InstructionKind::{Label, Note, Paid, Status};

/// A header that asks (`Pay?`) is no amount candidate; one that could
/// still be the amount (`Pay`, `Net Pay`, `Paid Amount`) is, as before.
#[test]
fn only_a_header_that_asks_leaves_the_amount_candidates() {
    use crate::fields::Field;
    use crate::intake::header_words::could_be;
    for h in ["Pay?", "Pay (Y/N)", "To pay?", "Payable?", "Amount paid?"] {
        assert!(asks(h), "{h}");
        assert!(!could_be(Field::Amount, h), "{h}");
    }
    for h in [
        "Pay",
        "To Pay",
        "Net Pay",
        "Payable",
        "Paid Amount",
        "Bonus?",
    ] {
        assert!(!asks(h), "{h}");
    }
    for h in ["Pay", "Net Pay", "Paid Amount", "Payable"] {
        assert!(could_be(Field::Amount, h), "{h}");
    }
}

/// The instruction columns of `headers` when `fields` are read from the
/// first columns, in order.
fn columns_of(headers: &[&str], fields: &[Field]) -> Vec<InstructionColumn> {
    let mut map = ColumnMap::default();
    for (col, f) in fields.iter().enumerate() {
        map.set(*f, col);
    }
    let headers: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
    instruction_columns(&headers, &map)
}

/// Mapped fields are never instructions, but the name and the reference
/// are read as labels (`Fatema Begum (HOLD)`); the remark is a note; the
/// pass is one over the header.
#[test]
fn instruction_columns_skip_mapped_fields_and_read_the_remark_as_a_note() {
    let fields = [Field::Wallet, Field::Amount, Field::Name, Field::Remark];
    // `Status`, mapped as the amount (by --map), is read as the amount only.
    let got = columns_of(&["Wallet", "Status", "Name", "Remark", "Paid"], &fields);
    assert_eq!(
        got,
        [
            InstructionColumn {
                col: 2,
                kind: Label
            },
            InstructionColumn { col: 3, kind: Note },
            InstructionColumn { col: 4, kind: Paid },
        ]
    );
    assert!(got.iter().all(|c| c.col != 1));
    let mut wide = vec![String::new(); 100_000];
    wide[99_999] = "Status".into();
    let got = instruction_columns(&wide, &ColumnMap::default());
    assert_eq!(
        got,
        [InstructionColumn {
            col: 99_999,
            kind: Status
        }]
    );
}

#[test]
fn every_other_column_with_a_header_is_read_as_a_note() {
    // The probe of 2026-12-05 paid `Category` = `On hold - do not pay`.
    let headers = ["Wallet", "Amount", "Category", "", "Department"];
    let got = columns_of(&headers, &[Field::Wallet, Field::Amount]);
    assert_eq!(
        got,
        [
            InstructionColumn { col: 2, kind: Note },
            InstructionColumn { col: 4, kind: Note },
        ]
    );
}
