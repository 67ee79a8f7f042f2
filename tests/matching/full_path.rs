//! Submit with statement faults, reconcile, fetch the statement, match:
//! every planted discrepancy is reported, and nothing else.

use super::*;

/// The class each plant must come out as.
fn expected_class(plant: &str) -> &'static str {
    match plant {
        "missing" => "not_debited",
        "amount" => "amount_differs",
        "reversed" => "status_differs",
        other => panic!("unknown plant {other}"),
    }
}

/// The class every payout and planted line must end in.
fn expected(
    env: &Env,
    plants: &BTreeMap<String, String>,
    extras: &[String],
) -> BTreeMap<String, String> {
    let mut want: BTreeMap<String, String> = trade_nos(env, "nov")
        .into_iter()
        .map(|t| (t, "matched".to_string()))
        .collect();
    for (t, p) in plants {
        want.insert(t.clone(), expected_class(p).to_string());
    }
    for t in extras {
        want.insert(t.clone(), "not_ours".to_string());
    }
    want
}

/// The summary's counts, the rows' order, fees and equations.
fn check_summary(report: &Value, want: &BTreeMap<String, String>, extras: usize) {
    let s = &report["summary"];
    let count = |k: &str| want.values().filter(|c| *c == k).count() as u64;
    for k in [
        "matched",
        "amount_differs",
        "status_differs",
        "not_debited",
        "not_ours",
        "debited_twice",
    ] {
        assert_eq!(s[k].as_u64(), Some(count(k)), "summary.{k}");
    }
    let rows = report["rows"].as_array().unwrap();
    let first_matched = rows.iter().position(|r| r["class"] == "matched").unwrap();
    assert!(
        rows[first_matched..]
            .iter()
            .all(|r| r["class"] == "matched")
    );
    assert!(
        rows[..first_matched]
            .iter()
            .all(|r| !r["next_step"].as_str().unwrap().is_empty())
    );
    assert!(rows.iter().all(|r| r["platform_trade_no"].is_string()));
    // Fees on their own line: one fee per debit line on the statement.
    let debit_lines = 24 - 2 - count("not_debited") + extras as u64;
    assert_eq!(
        s["equations"]["fees_poisha"].as_u64(),
        Some(500 * debit_lines)
    );
    let eq = s["equations"]["equations"].as_array().unwrap();
    assert_eq!(
        eq[0]["balanced"], true,
        "valid rows requested = paid + unpaid"
    );
    assert_eq!(
        eq[1]["balanced"], false,
        "ledger paid != matched statement debits"
    );
    assert_eq!(
        eq[2]["balanced"], true,
        "every statement debit is matched or unexplained"
    );
}

#[test]
fn every_planted_discrepancy_and_nothing_else_is_reported() {
    let faults = Faults {
        seed: 11,
        statement_missing_rate: 0.15,
        statement_amount_rate: 0.15,
        statement_reversal_rate: 0.15,
        statement_extra_debits: 2,
        statement_fee_poisha: 500,
        ..Faults::default()
    };
    let env = env_with(faults);
    pay(&env, "nov", &people());
    let statement = fetch_statement(&env, "portal-export.csv");
    let (plants, extras) = planted(&env);
    for kind in ["missing", "amount", "reversed"] {
        assert!(
            plants.values().any(|p| p == kind),
            "seed 11 plants at least one {kind}: {plants:?}"
        );
    }
    let (code, report, text) = run_match(&env, &statement, &["--batch", "nov"], "nov-match.json");
    assert_eq!(code, 1, "discrepancies need attention:\n{text}");
    let want = expected(&env, &plants, &extras);
    assert_eq!(classes(&report), want, "{text}");
    check_summary(&report, &want, extras.len());
    // A reversal after paid is an event in the ledger and flags the payout.
    let reversed = plants.values().filter(|p| *p == "reversed").count() as i64;
    assert_eq!(
        env.count("SELECT COUNT(*) FROM statement_events WHERE kind = 'reversal'"),
        reversed
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payouts WHERE conflict = 1 AND state = 'paid'"),
        reversed
    );
    let sha = env.count("SELECT COUNT(*) FROM statements WHERE length(file_sha256) = 64");
    assert_eq!(sha, 1, "the statement's SHA-256 is recorded");
    assert!(
        text.contains("NOT BALANCED") && text.contains("BALANCED"),
        "{text}"
    );
}

#[test]
fn a_clean_statement_matches_everything_and_report_and_status_show_it() {
    let env = env_with(Faults::default());
    pay(&env, "dec", &people());
    let statement = fetch_statement(&env, "dec-statement.csv");
    let (code, report, text) = run_match(&env, &statement, &["--batch", "dec"], "dec-match.json");
    assert_eq!(code, 0, "{text}");
    assert_eq!(report["summary"]["matched"], 24);
    assert_eq!(report["summary"]["all_matched"], true);
    for e in report["summary"]["equations"]["equations"]
        .as_array()
        .unwrap()
    {
        assert_eq!(e["balanced"], true, "{e}");
    }
    assert!(text.contains("ALL MATCHED"), "{text}");
    // `payrun report` shows a statement column per row...
    let out = env.dir.path().join("dec-report.json");
    let o = out.to_string_lossy().into_owned();
    let (code, _, err) = env.run(&["report", "--batch", "dec", "--out", &o]);
    assert_eq!(code, 0, "failed payouts alone do not fail a report: {err}");
    let v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    for r in v["rows"].as_array().unwrap() {
        assert_eq!(r["statement"], "matched", "{r}");
    }
    let csv = env.dir.path().join("dec-report.csv");
    let c = csv.to_string_lossy().into_owned();
    env.run(&["report", "--batch", "dec", "--out", &c]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.lines().next().unwrap().ends_with(",Statement"),
        "{text}"
    );
    // ... and `payrun status` the last match.
    let (_, out, _) = env.run(&["status", "--batch", "dec"]);
    assert!(out.contains("Statement match: ALL MATCHED"), "{out}");
    assert!(out.contains("dec-statement.csv"), "{out}");
    let (_, out, _) = env.run(&["status"]);
    assert!(out.contains("statement: all matched"), "{out}");
}

/// Pays batch `label`, fetches its whole statement, and cuts the statement of
/// the first days from it (the same export, cut after 10 lines): the paths of
/// both.
fn paid_with_early_cut(env: &Env, label: &str) -> (PathBuf, PathBuf) {
    pay(env, label, &people());
    let full = fetch_statement(env, &format!("{label}-full.csv"));
    let text = std::fs::read_to_string(&full).unwrap();
    let header = text
        .lines()
        .position(|l| l.starts_with("Txn Time"))
        .unwrap();
    let short: Vec<&str> = text.lines().take(header + 1 + 10).collect();
    let early = env.dir.path().join(format!("{label}-early.csv"));
    std::fs::write(&early, short.join("\n") + "\n").unwrap();
    (full, early)
}

#[test]
fn matching_again_changes_nothing_and_a_longer_statement_completes_the_missing() {
    let env = env_with(Faults::default());
    let (full, early) = paid_with_early_cut(&env, "jan");
    let (code, first, t) = run_match(&env, &early, &["--batch", "jan"], "m1.json");
    assert_eq!(code, 1, "{t}");
    let not_yet = first["summary"]["not_debited"].as_u64().unwrap();
    assert!(not_yet > 0, "{t}");
    let before = dump(&env);
    let (code, again, t) = run_match(&env, &early, &["--batch", "jan"], "m2.json");
    assert_eq!(code, 1, "{t}");
    assert_eq!(
        dump(&env),
        before,
        "matching the same statement again changes nothing"
    );
    assert_eq!(classes(&again), classes(&first));
    assert!(t.contains("nothing new"), "{t}");
    // The longer statement overlaps the first: each transaction counts once.
    let (code, later, t) = run_match(&env, &full, &["--batch", "jan"], "m3.json");
    assert_eq!(code, 0, "{t}");
    assert_eq!(later["summary"]["matched"], 24);
    assert_eq!(later["summary"]["debited_twice"], 0);
    assert_eq!(
        later["summary"]["statements_used"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // And the short one again keeps what the longer one completed.
    let (code, _, t) = run_match(&env, &early, &["--batch", "jan"], "m4.json");
    assert_eq!(code, 0, "{t}");
}

#[test]
fn a_period_matches_every_batch_and_one_batch_names_the_others_lines() {
    let env = env_with(Faults::default());
    let all = people();
    pay(&env, "feb-a", &all[..12]);
    pay(&env, "feb-b", &all[12..]);
    let statement = fetch_statement(&env, "feb.csv");
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let (code, report, t) = run_match(
        &env,
        &statement,
        &["--from", "2000-01-01", "--to", &today],
        "feb.json",
    );
    assert_eq!(code, 0, "{t}");
    assert_eq!(
        report["summary"]["batches"],
        serde_json::json!(["feb-a", "feb-b"])
    );
    assert_eq!(report["summary"]["matched"], 24);
    let (code, report, t) = run_match(&env, &statement, &["--batch", "feb-a"], "feb-a.json");
    assert_eq!(code, 1, "{t}");
    let others: Vec<&Value> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["class"] == "not_ours")
        .collect();
    let b_debits = all[12..].iter().filter(|p| !p.2.ends_with("0000")).count();
    assert_eq!(others.len(), 12, "feb-b's lines, failed ones included");
    assert!(others.iter().all(|r| r["batch"] == "feb-b"), "{others:?}");
    assert!(b_debits < 12);
    // The sandbox's period filter: nothing tomorrow, everything today.
    let tomorrow = (chrono::Local::now() + chrono::Duration::days(1)).format("%Y-%m-%d");
    let (_, _, body) = get(
        &env,
        &format!("/_sandbox/statement?from={tomorrow}&to={tomorrow}"),
    );
    assert!(!body.contains("feb-a-"), "{body}");
    let (status, _, body) = get(&env, "/_sandbox/statement?from=2026-13-40");
    assert_eq!(status, 400, "{body}");
}

/// The same transactions in a second export that writes the date day-first
/// and has no transaction-id column count once, not as debits twice (the
/// probe's "claim the extra debit back" for money never lost).
#[test]
fn a_second_export_writing_the_same_debits_differently_counts_them_once() {
    let env = env_with(Faults::default());
    let (full, early_path) = paid_with_early_cut(&env, "apr");
    let text = std::fs::read_to_string(&full).unwrap();
    // `2026-12-05 17:21:25,SBX...,` -> `05/12/2026 17:21:25,`
    let other: Vec<String> = text
        .lines()
        .map(|l| {
            if let Some(rest) = l.strip_prefix("Txn Time,Transaction ID,") {
                return format!("Txn Time,{rest}");
            }
            let b = l.as_bytes();
            if l.len() < 20 || !b[0].is_ascii_digit() || b[4] != b'-' {
                return l.to_string();
            }
            let (y, m, d, clock) = (&l[0..4], &l[5..7], &l[8..10], &l[11..19]);
            let after_id = l[20..].split_once(',').map_or("", |(_, r)| r);
            format!("{d}/{m}/{y} {clock},{after_id}")
        })
        .collect();
    assert!(other.iter().any(|l| l.contains('/')), "{other:?}");
    let other_path = env.dir.path().join("apr-portal.csv");
    std::fs::write(&other_path, other.join("\n") + "\n").unwrap();
    let (code, _, t) = run_match(&env, &early_path, &["--batch", "apr"], "a1.json");
    assert_eq!(code, 1, "the early cut misses debits: {t}");
    let (code, later, t) = run_match(&env, &other_path, &["--batch", "apr"], "a2.json");
    assert_eq!(later["summary"]["debited_twice"], 0, "{t}");
    assert_eq!(later["summary"]["matched"], 24, "{t}");
    assert_eq!(code, 0, "{t}");
}
