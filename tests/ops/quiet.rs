//! Nothing that limits what payrun can see is ever suppressed: a column it
//! does not read, a total it could not compare, hidden rows it could not
//! check. `--quiet` drops step-by-step messages, never these; and in JSON
//! logs they are warnings marked `"limits": true`.

use super::*;

/// A sheet with a column without a header (not read), a payee whose amount
/// cannot be read (so the Total under it cannot be compared), and a Total.
fn sheet_with_limits(d: &Path) -> PathBuf {
    write(
        d,
        "limits.csv",
        "reference,name,,provider,wallet,amount\n\
         EMP-1,A,x,bkash,01712345642,500\n\
         EMP-2,B,y,bkash,01812345642,five hundred\n\
         Total,,,,,1000\n",
    )
}

const LIMITS: [&str; 2] = [
    "column C has no header",
    "some rows above it have no readable amount, so it was not compared",
];

#[test]
fn notes_that_limit_what_payrun_sees_survive_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet_with_limits(d);
    for cmd in [
        &["-q", "submit", "--dry-run"][..],
        &["submit", "--quiet", "--dry-run"][..],
    ] {
        let out = run(payrun(d).args(cmd).arg(&s).args([
            "--batch",
            "nov",
            "--sandbox",
            "--skip-invalid",
        ]));
        // The unreadable amount is skipped: 1, as the real run would.
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let err = stderr(&out);
        for l in LIMITS {
            assert!(err.contains(l), "{l:?} dropped under --quiet:\n{err}");
        }
    }
}

#[test]
fn notes_that_limit_what_payrun_sees_are_json_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet_with_limits(d);
    let out = run(payrun(d)
        .args(["--log-format", "json", "-q", "submit", "--dry-run"])
        .arg(&s)
        .args(["--batch", "nov", "--sandbox", "--skip-invalid"]));
    // The unreadable amount is skipped: 1, as the real run would.
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stderr(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    for l in LIMITS {
        let line = lines
            .iter()
            .find(|v| v["message"].as_str().is_some_and(|m| m.contains(l)))
            .unwrap_or_else(|| panic!("{l:?} missing from {lines:#?}"));
        assert_eq!(line["level"], "warn", "{line}");
        assert_eq!(line["event"], "sheet_note", "{line}");
        assert_eq!(line["limits"], true, "{line}");
    }
    // `check --json` lists them apart, for scripts.
    let out = run(payrun(d).arg("check").arg(&s).arg("--json"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let limits: Vec<&str> = v["limits"]
        .as_array()
        .unwrap_or_else(|| panic!("no limits in {v:#}"))
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    for l in LIMITS {
        assert!(limits.iter().any(|n| n.contains(l)), "{limits:#?}");
    }
}
