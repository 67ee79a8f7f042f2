//! A file a command writes where the user said (`config init --out`,
//! `template`, `report --out`, `check --report`): a missing folder is made,
//! as for every report; a path that cannot be written is bad input (exit 2,
//! nothing was sent) said once, naming the path, never exit 1 ("payouts
//! failed") with the reason twice.

use super::*;

/// A folder whose name is taken by a file: nothing can be written under it,
/// whoever runs the test (root included).
fn blocked(d: &Path) -> String {
    write(d, "blocker", "a file, not a folder\n");
    "blocker/sub/out".to_string()
}

#[test]
fn config_init_and_template_make_a_missing_folder_like_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for args in [
        vec!["config", "init", "--out", "nodir/payrun.toml"],
        vec!["template", "--out", "tdir/payroll.csv"],
    ] {
        let out = run(payrun(d).args(&args));
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        assert!(d.join(args[args.len() - 1]).is_file(), "{args:?}");
    }
}

#[test]
fn an_output_path_that_cannot_be_written_is_exit_2_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = blocked(d);
    let s = sheet(d, "pay.csv", 2, 100);
    let s = s.to_str().unwrap();
    let cases: Vec<Vec<String>> = vec![
        vec![
            "config".into(),
            "init".into(),
            "--out".into(),
            format!("{base}.toml"),
        ],
        vec!["template".into(), "--out".into(), format!("{base}.csv")],
        vec![
            "check".into(),
            s.into(),
            "--report".into(),
            format!("{base}.csv"),
        ],
        vec![
            "report".into(),
            "--batch".into(),
            "nov".into(),
            "--sandbox".into(),
            "--out".into(),
            format!("{base}.csv"),
        ],
    ];
    let paid = run(payrun(d).args(["submit", s, "--batch", "nov", "--sandbox"]));
    assert_eq!(code(&paid), 0, "{}", stderr(&paid));
    for args in cases {
        for json in [false, true] {
            let mut c = payrun(d);
            if json {
                c.args(["--log-format", "json"]);
            }
            let out = run(c.args(&args));
            let err = stderr(&out);
            assert_eq!(code(&out), 2, "{args:?}: {err}");
            assert!(
                err.contains("blocker/sub/out"),
                "{args:?}: names the path: {err}"
            );
            let reason = err
                .lines()
                .find(|l| l.contains("error"))
                .unwrap_or_default()
                .to_string();
            for why in ["Not a directory", "File exists", "No such file"] {
                assert!(
                    reason.matches(why).count() <= 1,
                    "{args:?}: said twice: {reason}"
                );
            }
        }
    }
}
