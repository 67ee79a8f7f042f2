//! The statement binds label, digest, counts and totals; nothing else.

use super::*;
use crate::money::Amount;
use crate::wallet::Provider;

/// Validates a small CSV written to a temporary folder: a real `Validated`.
pub(crate) fn validated(rows: &[(&str, Provider, i64)]) -> Validated {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut csv = String::from("reference,name,wallet,provider,amount\n");
    for (i, (r, provider, taka)) in rows.iter().enumerate() {
        csv.push_str(&format!(
            "{r},Name {r},0171234567{i},{},{taka}\n",
            provider.key()
        ));
    }
    let path = dir.path().join("pay.csv");
    std::fs::write(&path, csv).expect("write");
    let opts = crate::validate::CheckOptions {
        max_amount: Amount::from_poisha(i64::MAX / 4),
        ..Default::default()
    };
    let mut v = crate::validate::validate_file(&path, &opts).expect("validate");
    assert!(v.passes(false), "{:?}", v.invalid);
    v.file_name = "pay\nroll.csv".into();
    v
}

/// What `approve` renders for `v`, on a fixed date; the policy tests change
/// its role.
pub(crate) fn input<'a>(v: &'a Validated, label: &'a str) -> Input<'a> {
    Input {
        role: Role::Approve,
        label,
        gateway: super::gateway_words(false),
        merchant: "\"M-1\"",
        validated: v,
        provider: None,
        reading: &[],
        date: "2026-12-04 10:00 UTC",
        paid_elsewhere: None,
        changes: None,
    }
}

#[test]
fn the_statement_states_totals_in_lakh_taka_and_poisha_and_reads_back() {
    let v = validated(&[
        ("E1", Provider::Bkash, 123_456),
        ("E2", Provider::Nagad, 500),
    ]);
    let text = render(&input(&v, "payroll-2026-11"));
    assert!(
        text.starts_with("payrun approval statement v1\nrole: approve\n"),
        "{text}"
    );
    assert!(text.contains("batch: \"payroll-2026-11\"\n"), "{text}");
    assert!(text.contains(&format!("payouts digest: {}\n", v.digest)));
    assert!(
        text.contains("total bkash: Tk 1,23,456.00 = 12345600 poisha in 1 payouts\n"),
        "{text}"
    );
    assert!(
        text.contains("total: Tk 1,23,956.00 = 12395600 poisha\n"),
        "{text}"
    );
    // The file name is quoted: its newline cannot start a line.
    assert!(text.contains("sheet: \"pay\\nroll.csv\"\n"), "{text}");
    assert!(text.contains("date: 2026-12-04 10:00 UTC\n"));
    let h = Header::parse(&text).unwrap();
    assert_eq!(h.role, Role::Approve);
    assert!(h.says_batch("payroll-2026-11"));
    h.check_binds(&input(&v, "payroll-2026-11")).unwrap();
}

#[test]
fn a_statement_for_other_content_or_another_label_does_not_bind() {
    let v = validated(&[("E1", Provider::Bkash, 500)]);
    let text = render(&input(&v, "nov"));
    let h = Header::parse(&text).unwrap();
    let other = validated(&[("E1", Provider::Bkash, 501)]);
    let e = h
        .check_binds(&input(&other, "nov"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("payouts digest"), "{e}");
    assert!(h.check_binds(&input(&v, "dec")).is_err());
    // A total edited by hand (the digest left alone) is caught too.
    let edited = text.replace("Tk 500.00 = 50000 poisha\n", "Tk 5.00 = 500 poisha\n");
    let e = Header::parse(&edited)
        .unwrap()
        .check_binds(&input(&v, "nov"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("total"), "{e}");
    // A line given twice refuses the statement.
    let twice = text.replacen("role: approve\n", "role: approve\nrole: prepare\n", 1);
    assert!(Header::parse(&twice).is_err());
    assert!(Header::parse("hello\n").is_err());
    // Re-saved by an editor with Windows line endings: said so.
    let crlf = text.replace('\n', "\r\n");
    assert!(
        Header::parse(&crlf)
            .unwrap_err()
            .to_string()
            .contains("CRLF")
    );
}

/// Saved again by an editor that puts a UTF-8 byte-order mark first (older
/// Windows Notepad): the statement visibly starts with the magic line, so
/// the refusal names the mark and how to save without it (probe8 finding 9).
/// It is refused, not stripped: the signature covers the bytes signed, and
/// the ledger keeps exactly the text payrun wrote.
#[test]
fn a_statement_saved_with_a_byte_order_mark_is_refused_naming_it() {
    let v = validated(&[("E1", Provider::Bkash, 500)]);
    let text = render(&input(&v, "nov"));
    let bom = format!("\u{feff}{text}");
    let e = Header::parse(&bom).unwrap_err().to_string();
    assert!(e.contains("byte-order mark"), "{e}");
    assert!(e.contains("--statement-out"), "{e}");
}

#[test]
fn the_repeats_section_is_listed_only_byte_for_byte() {
    let v = validated(&[("E1", Provider::Bkash, 500)]);
    let p = PaidElsewhere {
        window: "20 days".into(),
        count: 1,
        total: Amount::from_poisha(50_000),
        lines: vec!["row 2, reference \"E1\": batch \"oct\", paid, sent 2026-11-01, bkash 01712345670, Tk 500.00".into()],
    };
    let text = render(&Input {
        paid_elsewhere: Some(&p),
        ..input(&v, "nov")
    });
    assert!(p.listed_in(&text), "{text}");
    assert!(!p.listed_in(&render(&input(&v, "nov"))));
    let edited = text.replace("Tk 500.00\n", "Tk 500.00 \n");
    assert!(!p.listed_in(&edited));
    let more = PaidElsewhere {
        count: 2,
        ..p.clone()
    };
    assert!(!more.listed_in(&text));
}

/// An approval given for one merchant account never sends through another.
#[test]
fn a_statement_binds_the_merchant() {
    let v = validated(&[("E1", Provider::Bkash, 500)]);
    let h = Header::parse(&render(&input(&v, "nov"))).unwrap();
    h.check_binds(&input(&v, "nov")).unwrap();
    let e = h
        .check_binds(&Input {
            merchant: "\"M-2\"",
            ..input(&v, "nov")
        })
        .unwrap_err()
        .to_string();
    assert!(e.contains("merchant"), "{e}");
}
