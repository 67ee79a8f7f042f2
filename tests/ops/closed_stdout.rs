//! A reader that stops reading (`payrun status | head -1`, a cron mailer
//! that died) is not a bug and not a failure: payrun stops writing stdout,
//! finishes the command as it would have, and exits with the command's own
//! code, never with a panic message or Rust's 101. Under `--log-format
//! json` the `finished` event still ends stderr.
//!
//! The pipe's read end is closed before payrun starts, so every write to
//! stdout meets a broken pipe: no race with the child.

use super::*;

/// `c` with stdout a pipe nobody reads (closed before the child starts).
fn with_closed_stdout(c: &mut Command) -> Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    run(c.stdout(writer).stderr(Stdio::piped()))
}

/// Runs `args` with stdout read, then with stdout closed, in text and JSON
/// log formats: the same exit code, no panic, and the final event last.
fn ends_quietly(d: &Path, args: &[&str]) {
    let expected = code(&run(payrun(d).args(args)));
    assert!(
        [0, 1, 2].contains(&expected),
        "{args:?}: the reference run exited {expected}"
    );
    for json in [false, true] {
        let mut c = payrun(d);
        if json {
            c.args(["--log-format", "json"]);
        }
        let out = with_closed_stdout(c.args(args));
        let err = stderr(&out);
        assert_eq!(code(&out), expected, "{args:?} json {json}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe") && !err.contains("panic"),
            "{args:?} json {json}: {err}"
        );
        if json {
            let last: serde_json::Value = serde_json::from_str(err.lines().last().unwrap_or(""))
                .unwrap_or_else(|e| panic!("{args:?}: last stderr line is not JSON ({e}): {err}"));
            assert_eq!(last["event"], "finished", "{args:?}: {err}");
            assert_eq!(last["exit_code"], expected, "{args:?}: {err}");
        }
    }
}

#[test]
fn every_command_that_prints_ends_quietly_when_stdout_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 3, 200);
    let s = s.to_str().unwrap();

    // A submit whose stdout is gone still pays and records every row, and
    // says so by its exit code.
    let paid = with_closed_stdout(payrun(d).args(["submit", s, "--batch", "demo", "--sandbox"]));
    assert_eq!(code(&paid), 0, "{}", stderr(&paid));
    assert!(!stderr(&paid).contains("panicked"), "{}", stderr(&paid));
    let status = run(payrun(d).args(["status", "--sandbox", "--batch", "demo"]));
    assert_eq!(code(&status), 0);
    assert!(stdout(&status).contains("paid"), "{}", stdout(&status));

    let statement = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/statement-demo.xlsx")
        .to_string_lossy()
        .into_owned();
    let runs: [&[&str]; 9] = [
        &["status", "--sandbox"],
        &["status", "--sandbox", "--batch", "demo"],
        &["report", "--sandbox", "--batch", "demo", "--out", "r.csv"],
        &["check", s],
        &["check", s, "--json"],
        &["config", "show"],
        // A re-run: nothing new to send, the summary still printed.
        &["submit", s, "--batch", "demo", "--sandbox"],
        &["submit", s, "--batch", "dry", "--sandbox", "--dry-run"],
        &["match", &statement, "--batch", "demo", "--sandbox"],
    ];
    for args in runs {
        ends_quietly(d, args);
    }
}
