//! One rule for every `PAYRUN_*` variable: set but empty (or blank) is the
//! same as unset, whichever layer reads it (clap's global options or the
//! settings table), and a value is read without regard to case where case
//! cannot change its meaning (`JSON`, `TRUE`, `20/S`).

use super::{code, payrun, run, sheet, stderr, stdout};

#[test]
fn an_empty_variable_is_unset_for_every_setting() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 200);
    let vars = [
        "PAYRUN_CONFIG",
        "PAYRUN_PROFILE",
        "PAYRUN_LOG_FORMAT",
        "PAYRUN_LEDGER",
        "PAYRUN_GATEWAY_URL",
        "PAYRUN_RATE",
        "PAYRUN_MAX_AMOUNT",
        "PAYRUN_REPORT_DIR",
    ];
    for var in vars {
        for blank in ["", "  "] {
            let out = run(payrun(d).env(var, blank).arg("check").arg(&s));
            assert_eq!(code(&out), 0, "{var}={blank:?}: {}", stderr(&out));
        }
    }
}

#[test]
fn values_are_read_without_regard_to_case_where_it_cannot_matter() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 200);
    let out = run(payrun(d)
        .env("PAYRUN_LOG_FORMAT", "JSON")
        .arg("check")
        .arg(&s));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let last = stderr(&out).lines().last().unwrap_or_default().to_string();
    assert!(last.contains("\"event\":\"finished\""), "{last}");
    let out = run(payrun(d).args(["--log-format", "Json", "check"]).arg(&s));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // A value that is no format is still refused, in JSON when asked for.
    let out = run(payrun(d)
        .env("PAYRUN_LOG_FORMAT", "xml")
        .arg("check")
        .arg(&s));
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("PAYRUN_LOG_FORMAT"),
        "{}",
        stderr(&out)
    );
    let out = run(payrun(d)
        .env("PAYRUN_ALLOW_POISHA", "TRUE")
        .arg("check")
        .arg(&s));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}
