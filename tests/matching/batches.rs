//! One statement covering two batches. Matching one batch names the other's
//! lines "debited, not a payout of this batch", and the advice it gives must
//! clear them: `--batch` given once per batch matches them together, and
//! each batch's statement verdict in `payrun status` is then all matched.

use super::*;

#[test]
fn the_advice_for_another_batchs_lines_clears_the_verdict_of_both() {
    let env = env_with(Faults::default());
    let all = people();
    pay(&env, "mar-a", &all[..12]);
    pay(&env, "mar-b", &all[12..]);
    let statement = fetch_statement(&env, "mar.csv");
    let (code, report, t) = run_match(&env, &statement, &["--batch", "mar-a"], "mar-a.json");
    assert_eq!(code, 1, "{t}");
    let theirs: Vec<&Value> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["class"] == "not_ours")
        .collect();
    assert_eq!(theirs.len(), 12, "{report:#}");
    for r in &theirs {
        let next = r["next_step"].as_str().unwrap_or("");
        assert!(
            next.contains("--batch mar-a --batch mar-b"),
            "advice that can be run as written: {r}"
        );
    }
    // Following it: both batches in one match.
    let (code, report, t) = run_match(
        &env,
        &statement,
        &["--batch", "mar-a", "--batch", "mar-b"],
        "mar-ab.json",
    );
    assert_eq!(code, 0, "{t}");
    assert_eq!(
        report["summary"]["batches"],
        serde_json::json!(["mar-a", "mar-b"])
    );
    assert_eq!(report["summary"]["matched"], 24, "{report:#}");
    let (_, out, _) = env.run(&["status"]);
    let verdicts: Vec<&str> = out.lines().filter(|l| l.starts_with("mar-")).collect();
    assert_eq!(verdicts.len(), 2, "{out}");
    assert!(
        verdicts
            .iter()
            .all(|l| l.contains("statement: all matched")),
        "{out}"
    );
}

/// A statement headed with another merchant's number (the sandbox's own
/// statement, its `Merchant No` changed) is another account's: refused
/// before anything is recorded, naming both numbers; the right one matches.
#[test]
fn a_statement_of_another_merchant_is_refused() {
    let env = env_with(Faults::default());
    let all = people();
    pay(&env, "apr", &all[..6]);
    let statement = fetch_statement(&env, "apr.csv");
    let text = std::fs::read_to_string(&statement).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("Merchant No,"))
        .expect("the sandbox heads its statement with its merchant number")
        .to_string();
    let other = env.dir.path().join("other.csv");
    std::fs::write(&other, text.replace(&line, "Merchant No,0000000777")).unwrap();
    let before = dump(&env);
    let (code, _, t) = run_match(&env, &other, &["--batch", "apr"], "other.json");
    assert_eq!(code, 2, "{t}");
    assert!(
        t.contains("0000000777")
            && t.contains("\"apr\"")
            && t.contains(line.trim_start_matches("Merchant No,")),
        "{t}"
    );
    assert_eq!(dump(&env), before, "nothing recorded");
    let (code, _, t) = run_match(&env, &statement, &["--batch", "apr"], "apr.json");
    assert_eq!(code, 0, "{t}");
}
