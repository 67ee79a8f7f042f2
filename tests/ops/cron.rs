//! The crontab scenario: no terminal, `--log-format json`, `--quiet`.

use super::*;

fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("stderr line is not JSON ({e}): {l:?}"));
            for k in ["ts", "level", "event", "message"] {
                assert!(v.get(k).is_some(), "{k} missing in {l}");
            }
            v
        })
        .collect()
}

fn events(lines: &[serde_json::Value]) -> Vec<String> {
    lines
        .iter()
        .map(|v| v["event"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn submit_from_a_non_tty_with_json_logs_writes_only_json_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 120 rows at 20/s: long enough for a progress event (every 5 s), and
    // one invalid row so that there is a warning to log.
    let s = sheet(d, "pay.csv", 120, 200);
    let mut text = std::fs::read_to_string(&s).unwrap();
    text.push_str("EMP-BAD,Nobody,bkash,0171,200\n");
    std::fs::write(&s, text).unwrap();
    let out = run(payrun(d)
        .args(["--log-format", "json", "submit"])
        .arg(&s)
        .args([
            "--batch",
            "nov",
            "--sandbox",
            "--skip-invalid",
            "--rate",
            "20/s",
        ]));
    assert!(matches!(code(&out), 0 | 1), "exit {}", code(&out));
    let lines = json_lines(&stderr(&out));
    let ev = events(&lines);
    assert!(ev.iter().any(|e| e == "row_issue"), "{ev:?}");
    assert!(ev.iter().any(|e| e == "progress"), "{ev:?}");
    let progress = lines.iter().find(|v| v["event"] == "progress").unwrap();
    assert_eq!(progress["total"], 120);
    assert!(progress["done"].as_u64().is_some());
    // The summary stays on stdout, for the cron mail.
    assert!(stdout(&out).contains("nov"), "{}", stdout(&out));

    // Error paths are JSON too: an invalid sheet, and a broken config.
    let bad = write(d, "bad.csv", "provider,wallet,amount\nbkash,0171,200\n");
    let out = run(payrun(d)
        .args(["submit"])
        .arg(&bad)
        .args(["--batch", "dec", "--sandbox"])
        .env("PAYRUN_LOG_FORMAT", "json"));
    assert_eq!(code(&out), 2);
    assert!(events(&json_lines(&stderr(&out))).contains(&"invalid_sheet".to_string()));
    write(d, "payrun.toml", "concurrencyy = 2\n");
    let out = run(payrun(d)
        .args(["--log-format", "json", "submit"])
        .arg(&s)
        .args(["--batch", "nov", "--sandbox"]));
    assert_eq!(code(&out), 2);
    let lines = json_lines(&stderr(&out));
    // The error, then the final event (issue 15: every command ends with it).
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["event"], "finished");
    assert_eq!(lines[1]["exit_code"], 2);
    assert_eq!(lines[0]["level"], "error");
    assert_eq!(lines[0]["exit_code"], 2);
    assert!(
        lines[0]["message"]
            .as_str()
            .unwrap()
            .contains("concurrencyy")
    );
}

#[test]
fn quiet_prints_nothing_on_success_and_warnings_always() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 3, 200);
    // A crashed run's leftovers would print an info line; --quiet drops it.
    let out =
        run(payrun(d)
            .args(["submit", "--quiet"])
            .arg(&s)
            .args(["--batch", "nov", "--sandbox"]));
    assert_eq!(code(&out), 0);
    assert_eq!(stderr(&out), "");
    // All paid: nothing needs a person, so cron mails nothing.
    assert_eq!(stdout(&out), "");
    // Warnings still show under --quiet.
    let mut text = std::fs::read_to_string(&s).unwrap();
    text.push_str("EMP-BAD,Nobody,bkash,0171,200\n");
    std::fs::write(&s, text).unwrap();
    let out = run(payrun(d).args(["-q", "submit"]).arg(&s).args([
        "--batch",
        "nov",
        "--sandbox",
        "--skip-invalid",
    ]));
    assert!(stderr(&out).contains("0171"), "{}", stderr(&out));
    // A row skipped is exit 1: the summary is there for the person.
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("nov"), "{}", stdout(&out));
}

#[test]
fn exit_codes_are_in_the_main_help() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(payrun(dir.path()).arg("--help"));
    let help = stdout(&out);
    for line in [
        "0  done",
        "1  finished, but",
        "2  usage error",
        "3  stopped on a systemic refusal",
        "4  another run holds the ledger lock",
    ] {
        assert!(help.contains(line), "{line}");
    }
}

/// Every command's `--help`, `config init` and `config show` included, ends
/// with examples of that very command, each example whole on its line: a
/// comment wrapped onto a line of its own reads as a command to copy.
/// The lines of a help text's `Examples:` block, up to its first blank line.
fn examples_of(help: &str) -> Vec<&str> {
    help.lines()
        .skip_while(|l| *l != "Examples:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn every_subcommand_help_has_its_own_whole_examples() {
    let dir = tempfile::tempdir().unwrap();
    let commands: [&[&str]; 15] = [
        &["check"],
        &["submit"],
        &["reconcile"],
        &["listen"],
        &["report"],
        &["status"],
        &["match"],
        &["approve"],
        &["template"],
        &["completions"],
        &["man"],
        &["sandbox"],
        &["config"],
        &["config", "init"],
        &["config", "show"],
    ];
    let starts = [
        "payrun",
        "#",
        "export ",
        "ssh-keygen ",
        "PAYRUN_",
        "*/",
        "curl ",
    ];
    for cmd in commands {
        let out = run(payrun(dir.path()).args(cmd).arg("--help"));
        let help = stdout(&out);
        let name = cmd.join(" ");
        let examples = examples_of(&help);
        assert!(
            examples
                .iter()
                .any(|l| l.starts_with(&format!("  payrun {name}"))),
            "payrun {name} --help has no example of itself:\n{help}"
        );
        for line in examples {
            let body = line.trim_start();
            let indent = line.len() - body.len();
            assert!(
                indent > 2 || starts.iter().any(|s| body.starts_with(s)),
                "payrun {name} --help: {line:?} is not a command or a comment (a wrapped line?)"
            );
        }
    }
}

/// `-h` (the short help) shows examples too, not only `--help`: a person in a
/// hurry types `-h`, and the first thing they need is a command to copy.
#[test]
fn every_subcommand_short_help_has_an_example() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [
        "check",
        "submit",
        "reconcile",
        "listen",
        "report",
        "status",
        "match",
        "approve",
        "template",
        "sandbox",
        "config",
    ] {
        let out = run(payrun(dir.path()).args([cmd, "-h"]));
        let help = stdout(&out);
        let examples = examples_of(&help);
        assert!(
            examples
                .iter()
                .any(|l| l.trim_start().starts_with(&format!("payrun {cmd}"))),
            "payrun {cmd} -h has no example of itself:\n{help}"
        );
    }
}

/// On a terminal the run shows a progress bar with an ETA; under cron (no
/// terminal) the same run writes no bar and no terminal control codes. The
/// terminal is a real pseudo-terminal from util-linux `script`; where that
/// tool is missing the terminal half is skipped, with a note.
#[test]
fn a_terminal_gets_a_progress_bar_with_an_eta_and_cron_gets_none() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 600, 200);
    let sheet_arg = s.display().to_string();
    let args = [
        "submit",
        sheet_arg.as_str(),
        "--batch",
        "tty",
        "--sandbox",
        "--rate",
        "200/s",
    ];

    // No terminal: no bar, no ETA, no escape codes.
    let out = run(payrun(d).args(args));
    assert_eq!(code(&out), 0);
    let err = stderr(&out);
    assert!(!err.contains("ETA"), "{err}");
    assert!(!err.contains('\u{1b}'), "escape codes under cron: {err:?}");

    // A pseudo-terminal, fresh label and ledger folder.
    let has_script = Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_script {
        eprintln!("note: util-linux `script` not found; the terminal half is skipped");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("payrun");
    let cmdline = format!(
        "{} submit {} --batch tty2 --sandbox --ledger {} --rate 200/s",
        bin.display(),
        sheet_arg,
        d.join("tty-ledger/ledger.sqlite").display()
    );
    let log = d.join("typescript");
    let mut c = Command::new("script");
    c.args(["-qfec", &cmdline])
        .arg(&log)
        .current_dir(d)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for v in PAYRUN_VARS {
        c.env_remove(v);
    }
    let status = c.status().expect("script runs");
    let shown = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).replace('\r', "\n");
    assert!(status.success(), "{shown}");
    assert!(shown.contains("ETA"), "no ETA on a terminal:\n{shown}");
    assert!(shown.contains("/600"), "no count of the total:\n{shown}");
    assert!(shown.contains("paid"), "{shown}");
}
