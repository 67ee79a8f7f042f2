use super::*;

pub(crate) fn payout(row: usize, reference: Option<&str>, wallet: &str, taka: i64) -> Payout {
    Payout {
        row,
        reference: reference.map(str::to_string),
        name: Some(format!("Person {row}")),
        wallet: wallet.to_string(),
        provider: Provider::Bkash,
        amount: Amount::from_taka(taka).unwrap_or_default(),
        remark: None,
        repeat_ok: false,
    }
}

fn label(s: &str) -> BatchLabel {
    BatchLabel::parse(s).expect("valid label")
}

/// The tradeNo in the default form, as every tradeNo was before
/// `trade_no_form`: these tests pin it.
fn trade_no(label: &BatchLabel, identity_key: &str, revision: u32) -> String {
    super::trade_no(TradeNoForm::LabelHash, label, identity_key, revision)
}

fn legacy_form(label: &BatchLabel, trade_no: &str) -> Option<String> {
    super::legacy_form(TradeNoForm::LabelHash, label, trade_no)
}

#[test]
fn trade_no_is_short_safe_and_deterministic() {
    let l = label("Payroll Nov/2026 (final)");
    let a = trade_no(&l, "ref:EMP-1", 0);
    assert_eq!(a, trade_no(&l, "ref:EMP-1", 0));
    assert!(a.len() <= 32, "{a}");
    assert!(
        a.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "{a}"
    );
    assert!(a.starts_with("PayrollNov2-"), "{a}");
    // Every input changes it.
    assert_ne!(a, trade_no(&l, "ref:EMP-1", 1));
    assert_ne!(a, trade_no(&l, "ref:EMP-2", 0));
    assert_ne!(
        a,
        trade_no(&label("Payroll Nov/2026 (fina)"), "ref:EMP-1", 0)
    );
}

#[test]
fn labels_without_safe_characters_still_make_valid_trade_nos() {
    let t = trade_no(&label("বেতন"), "ref:1", 0);
    assert!(t.starts_with("betn-") && t.len() <= 32, "{t}");
}

/// tradeNos are in ledgers and at the gateway: those of labels with any
/// ASCII letter or digit never change (pinned from before issue 12).
#[test]
fn trade_nos_of_existing_ascii_labels_never_change() {
    for (l, want) in [
        ("payroll-2026-11", "payroll-202-49d029f880675140d90b"),
        (
            "Payroll Nov/2026 (final)",
            "PayrollNov2-c2404d9ac3e1750b506a",
        ),
        ("corr", "corr-d903a77af19d9e9627fe"),
    ] {
        assert_eq!(trade_no(&label(l), "ref:EMP-1", 0), want, "{l}");
        assert_eq!(legacy_trade_no(&label(l), "ref:EMP-1", 0), None, "{l}");
    }
}

/// A Bengali label gave `payrun-` or `---` before issue 12; now a
/// transliteration, readable in the gateway's portal. The old form is
/// still known, for finding its orders at the gateway (--adopt).
#[test]
fn a_bengali_label_gets_a_readable_prefix_and_keeps_its_old_form() {
    let nov = trade_no(&label("বেতন নভেম্বর"), "ref:EMP-1", 0);
    let oct = trade_no(&label("বেতন অক্টোবর"), "ref:EMP-1", 0);
    assert!(nov.starts_with("betn-nbhemb-"), "{nov}");
    assert!(oct.starts_with("betn-akttob-"), "{oct}");
    let dashed = trade_no(&label("বেতন-নভেম্বর-২০২৬"), "ref:EMP-1", 0);
    assert!(dashed.starts_with("betn-nbhemb-"), "{dashed}");
    assert_eq!(
        legacy_trade_no(&label("বেতন-নভেম্বর-২০২৬"), "ref:EMP-1", 0).as_deref(),
        Some("---6b8709f3ec083f960861")
    );
    assert_eq!(
        legacy_trade_no(&label("বেতন নভেম্বর"), "ref:EMP-1", 0).as_deref(),
        Some("payrun-7f0e8e25a8e91e79d059")
    );
    // Same hash: only the readable front changed.
    assert!(nov.ends_with("7f0e8e25a8e91e79d059"), "{nov}");
    assert_eq!(
        legacy_form(&label("বেতন নভেম্বর"), &nov).as_deref(),
        Some("payrun-7f0e8e25a8e91e79d059")
    );
    assert_eq!(
        legacy_form(&label("corr"), "corr-d903a77af19d9e9627fe"),
        None
    );
}

#[test]
fn bad_labels_are_refused_with_the_reason() {
    for (raw, why) in [
        ("", "empty"),
        ("  ", "empty"),
        (" nov", "space"),
        ("a\tb", "control"),
    ] {
        let err = BatchLabel::parse(raw).expect_err(raw).to_string();
        assert!(err.contains(why), "{raw:?}: {err}");
    }
    assert!(BatchLabel::parse(&"x".repeat(65)).is_err());
    assert!(BatchLabel::parse(&"x".repeat(64)).is_ok());
}

#[test]
fn same_sheet_gives_same_identities_and_trade_nos() {
    let rows = vec![
        payout(2, Some("EMP-1"), "01712345678", 500),
        payout(3, None, "01812345678", 700),
        payout(4, None, "01812345678", 700),
        payout(5, None, "01812345678", 900),
    ];
    let a = Plan::new(label("nov"), &rows).expect("plan");
    let b = Plan::new(label("nov"), &rows).expect("plan");
    let keys: Vec<_> = a.rows.iter().map(|r| r.key.clone()).collect();
    assert_eq!(
        keys,
        vec![
            "ref:EMP-1",
            "row:bkash:01812345678:70000:0",
            "row:bkash:01812345678:70000:1",
            "row:bkash:01812345678:90000:0",
        ]
    );
    let trade = |p: &Plan| -> Vec<String> {
        p.rows
            .iter()
            .map(|r| trade_no(&p.label, &r.key, 0))
            .collect()
    };
    assert_eq!(trade(&a), trade(&b));
    let unique: std::collections::HashSet<_> = trade(&a).into_iter().collect();
    assert_eq!(unique.len(), 4);
    assert_eq!(a.total(), Amount::from_taka(2800));
}

#[test]
fn reference_identity_survives_row_moves_and_content_changes() {
    let a = Plan::new(
        label("nov"),
        &[payout(2, Some("EMP-1"), "01712345678", 500)],
    )
    .expect("plan");
    let b = Plan::new(
        label("nov"),
        &[
            payout(2, Some("EMP-0"), "01612345678", 100),
            payout(3, Some(" EMP-1 "), "01912345678", 600),
        ],
    )
    .expect("plan");
    assert_eq!(a.rows[0].key, b.rows[1].key);
}

#[test]
fn a_repeated_reference_is_refused() {
    let err = Plan::new(
        label("nov"),
        &[
            payout(2, Some("EMP-1"), "01712345678", 500),
            payout(9, Some("EMP-1"), "01812345678", 500),
        ],
    )
    .expect_err("duplicate");
    assert_eq!(
        err,
        PlanError::DuplicateReference {
            reference: "EMP-1".into(),
            first_row: 2,
            row: 9
        }
    );
}

proptest::proptest! {
    /// Any label gives a gateway-safe tradeNo, and the rows of one sheet
    /// never share one, however often wallets and amounts repeat.
    #[test]
    fn trade_nos_are_safe_and_unique_within_a_sheet(
        label in "[^\\p{Cc}]{1,64}",
        cells in proptest::collection::vec((0u8..4, 0u8..3, proptest::bool::ANY), 1..60),
    ) {
        let Ok(label) = BatchLabel::parse(&label) else { return Ok(()); };
        let rows: Vec<_> = cells
            .iter()
            .enumerate()
            .map(|(i, (w, a, with_ref))| {
                let reference = with_ref.then(|| format!("R{i}"));
                payout(i + 2, reference.as_deref(), &format!("0171234567{w}"), 100 + i64::from(*a))
            })
            .collect();
        let plan = Plan::new(label, &rows).expect("plan");
        let mut seen = std::collections::HashSet::new();
        for r in &plan.rows {
            let t = trade_no(&plan.label, &r.key, 0);
            proptest::prop_assert!(t.len() <= 32, "{}", t);
            proptest::prop_assert!(t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
            proptest::prop_assert!(seen.insert(t));
        }
    }
}

/// A sheet that gained a reference column: each referenced row knows the
/// key the same row had without it (the n-th row paying this amount to
/// this wallet, every row counted), as the plan of the bare sheet gives it.
#[test]
fn a_referenced_row_knows_the_key_it_had_without_its_reference() {
    let with = [
        payout(2, Some("E1"), "01711111112", 5000),
        payout(3, Some("E2"), "01811111113", 6000),
        payout(4, None, "01711111112", 5000),
        payout(5, Some("E3"), "01711111112", 5000),
    ];
    let bare: Vec<Payout> = with
        .iter()
        .map(|p| Payout {
            reference: None,
            ..p.clone()
        })
        .collect();
    let plan = Plan::new(label("dec"), &with).expect("plan");
    let bare = Plan::new(label("dec"), &bare).expect("plan");
    let keys = plan.keys_without_references(plan.rows.iter().map(|r| r.key.as_str()));
    assert_eq!(keys.len(), 3, "only rows with a reference: {keys:?}");
    for i in [0, 1, 3] {
        assert_eq!(
            keys.get(&plan.rows[i].key),
            Some(&bare.rows[i].key),
            "row {i}"
        );
    }
    assert!(bare.rows[3].key.ends_with(":2"), "the third such row");
    let one = plan.keys_without_references(["ref:E3"]);
    assert_eq!(
        one,
        HashMap::from([("ref:E3".to_string(), bare.rows[3].key.clone())])
    );
}

#[test]
fn a_front_that_cuts_off_a_digit_is_told_and_the_trade_no_is_unchanged() {
    let l = label("payroll-2026-12");
    assert_eq!(
        l.cut_front(),
        Some(("payroll-202".to_string(), "6-12".to_string()))
    );
    assert!(trade_no(&l, "ref:E1", 0).starts_with("payroll-202-"));
    let w = l.cut_warning().unwrap_or_default();
    assert!(w.contains("--batch 2026-12-payroll"), "{w}");
    for fine in ["2026-12-payroll", "payroll-december", "demo", "payroll-dec"] {
        assert_eq!(label(fine).cut_front(), None, "{fine}");
    }
}
