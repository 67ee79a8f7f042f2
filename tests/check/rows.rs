//! A row with several problems shows every one of them at once, and says
//! nothing it does not know: no bKash rule for a provider that is unknown.

use super::sheets::issue_texts;
use super::*;

#[test]
fn every_error_of_a_row_at_once() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "r.csv",
        "Name,Wallet,Provider,Amount,Remark\n\
         A,12345,nogod,60000,a=b\n\
         B,0171234567,Bikash,-500,\n\
         C,017123456789012,roket,,\n\
         D,01712345678,bkas,\"50,001\",\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    let texts = issue_texts(&v);
    let of = |row: usize| -> Vec<&String> {
        texts
            .iter()
            .filter(|t| t.starts_with(&format!("row {row},")))
            .collect()
    };
    let has = |row: usize, col: &str, frag: &str| {
        of(row)
            .iter()
            .any(|t| t.contains(&format!("column \"{col}\"")) && t.contains(frag))
    };
    // Row 2: four problems, four messages.
    assert!(
        has(
            2,
            "Provider",
            "\"nogod\" is not a provider payrun knows; did you mean Nagad?"
        ),
        "{texts:#?}"
    );
    assert!(
        has(2, "Wallet", "has 5 digits; a wallet number has 11"),
        "{texts:#?}"
    );
    assert!(
        has(2, "Amount", "over the per-row cap of every provider"),
        "{texts:#?}"
    );
    assert!(has(2, "Remark", "contains '='"), "{texts:#?}");
    assert_eq!(of(2).len(), 4, "{texts:#?}");
    assert!(has(3, "Provider", "did you mean bKash?"), "{texts:#?}");
    assert!(has(3, "Wallet", "has 10 digits"), "{texts:#?}");
    assert!(has(3, "Amount", "is negative"), "{texts:#?}");
    assert!(has(4, "Provider", "did you mean Rocket?"), "{texts:#?}");
    assert!(has(4, "Wallet", "has 15 digits"), "{texts:#?}");
    assert!(has(4, "Amount", "the amount cell is empty"), "{texts:#?}");
    assert!(has(5, "Provider", "did you mean bKash?"), "{texts:#?}");
    assert!(
        has(5, "Amount", "over the per-row cap of every provider"),
        "{texts:#?}"
    );
    // A provider that is unknown has no rule to name.
    for t in &texts {
        assert!(!t.contains("a bKash wallet"), "{t}");
    }
}
