//! Commands that only read never create a ledger; auditors with read-only
//! access can run `status` and `report`; reports are as private as the ledger.

use super::*;

/// `listen --ledger typo/ledgr.sqlite` used to create an empty ledger there,
/// so every real callback got 404. No command but `submit` (and `approve`)
/// creates a ledger; the error names the path and where ledgers usually are.
/// `listen` (which a fresh install may start before the first `submit`)
/// waits for the ledger instead of exiting, saying where it looks, and
/// creates nothing there either (the behaviour changed on purpose: before,
/// it exited 2 like the others).
#[test]
fn listen_reconcile_status_and_report_never_create_a_ledger() {
    let lab = Lab::new();
    let typo = lab.dir.path().join("typo").join("ledgr.sqlite");
    let out_json = lab.dir.path().join("r.json");
    let out_json = out_json.to_string_lossy().into_owned();
    let (code, out) = crate::ledger::run_bounded(
        lab.cmd_on(&typo, &["listen", "--bind", "127.0.0.1:0"]),
        std::time::Duration::from_secs(3),
    );
    assert_eq!(
        code, -9,
        "listen waits for the ledger until stopped:\n{out}"
    );
    assert!(out.contains("receiving callbacks"), "{out}");
    assert!(
        out.contains(&format!("no ledger at {} yet", typo.display())),
        "listen says where it waits:\n{out}"
    );
    assert!(!typo.exists(), "listen created a ledger");
    assert!(
        !typo.parent().unwrap().exists(),
        "listen created its folder"
    );
    for args in [
        vec!["reconcile", "--batch", "nov"],
        vec!["status"],
        vec!["status", "--batch", "nov"],
        vec!["report", "--batch", "nov", "--out", &out_json],
    ] {
        let (code, out) = lab.run_on(&typo, &args);
        assert_eq!(code, 2, "{args:?}:\n{out}");
        assert!(out.contains(&typo.display().to_string()), "{args:?}: {out}");
        assert!(out.contains("ledgers usually"), "{args:?}: {out}");
        assert!(!typo.exists(), "{args:?} created a ledger");
        assert!(
            !typo.parent().unwrap().exists(),
            "{args:?} created its folder"
        );
    }
}

/// An auditor has read access to the ledger and its folder, nothing more:
/// `status` and `report` still work (read-only, or immutable when even the
/// `-shm` file cannot be made), and leave the ledger byte for byte as it was.
#[cfg(unix)]
#[test]
fn status_and_report_work_for_an_auditor_with_read_only_access() {
    use std::os::unix::fs::PermissionsExt;
    let lab = Lab::new();
    let rows = rows(5);
    let (code, out) = lab.submit(&lab.sheet("nov.csv", &rows), "nov", &[]);
    assert_eq!(code, 0, "{out}");
    let set = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    // Readable, not writable: by others when root runs the test as `nobody`,
    // by the owner too otherwise.
    set(&lab.ledger, 0o444).unwrap();
    set(lab.dir.path(), 0o555).unwrap();
    let outdir = tempfile::tempdir().unwrap();
    set(outdir.path(), 0o777).unwrap();
    let report = outdir.path().join("audit.json");
    let before = std::fs::read(&lab.ledger).unwrap();
    let as_auditor = |args: &[&str]| {
        let mut c = lab.cmd_on(&lab.ledger, args);
        if is_root() {
            let inner = c;
            c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(inner.get_program())
                .args(inner.get_args())
                .envs(inner.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
                .env_remove("PAYRUN_LEDGER")
                .env_remove("PAYRUN_CONFIG")
                .stdin(Stdio::null());
        }
        run_bounded(c, Duration::from_secs(30))
    };
    let (code, out) = as_auditor(&["status"]);
    let restore = || set(lab.dir.path(), 0o700).unwrap();
    if code != 0 {
        restore();
    }
    assert_eq!(code, 0, "status as an auditor:\n{out}");
    assert!(out.contains("nov"), "{out}");
    let (code, out) = as_auditor(&["status", "--batch", "nov"]);
    assert_eq!(code, 0, "status --batch as an auditor:\n{out}");
    let report_s = report.to_string_lossy().into_owned();
    let (code, out) = as_auditor(&["report", "--batch", "nov", "--out", &report_s]);
    restore();
    assert_eq!(code, 0, "report as an auditor:\n{out}");
    assert!(report.is_file(), "no report:\n{out}");
    assert_eq!(
        std::fs::read(&lab.ledger).unwrap(),
        before,
        "the ledger changed"
    );
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Reports and check results hold names, wallets and amounts: files 0600 in
/// folders payrun creates 0700, like the ledger.
#[cfg(unix)]
#[test]
fn reports_and_check_results_are_written_as_privately_as_the_ledger() {
    let lab = Lab::new();
    let rows = rows(5);
    let sheet = lab.sheet("nov.csv", &rows);
    let (code, out) = lab.submit(&sheet, "nov", &[]);
    assert_eq!(code, 0, "{out}");
    let reports = lab.dir.path().join("reports");
    let xlsx = reports.join("nov.xlsx");
    assert!(xlsx.is_file(), "{out}");
    assert_eq!((mode(&reports), mode(&xlsx)), (0o700, 0o600));

    let csv = lab.dir.path().join("out/a/nov.csv");
    let csv_s = csv.to_string_lossy().into_owned();
    let (code, out) = lab.run(&["report", "--batch", "nov", "--out", &csv_s]);
    assert_eq!(code, 0, "{out}");
    let summary = lab.dir.path().join("out/a/nov.summary.csv");
    for p in [&csv, &summary] {
        assert_eq!(mode(p), 0o600, "{}", p.display());
    }
    for d in ["out", "out/a"] {
        assert_eq!(mode(&lab.dir.path().join(d)), 0o700, "{d}");
    }

    for name in ["check/x.check.csv", "check2/x.check.xlsx"] {
        let path = lab.dir.path().join(name);
        let out = Command::new(env!("CARGO_BIN_EXE_payrun"))
            .arg("check")
            .arg(&sheet)
            .arg("--report")
            .arg(&path)
            .env_remove("PAYRUN_CONFIG")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(mode(&path), 0o600, "{name}");
        assert_eq!(mode(path.parent().unwrap()), 0o700, "{name}");
    }
}

/// A report that cannot be written (its folder is a file) used to be found
/// only after the payouts went out, and then on every re-run. It is found
/// before anything is sent: exit 2, the message names the folder and what
/// to do; once the folder is fixed, the run pays and writes its report.
/// (A report that fails after sending, a disk filling up during the run,
/// is exit 1 with event `report_not_written`: `cmd::settle_io`.)
#[test]
fn a_report_folder_that_is_a_file_is_refused_before_anything_is_paid() {
    let lab = Lab::with(|c| c.instant = true);
    let rows = rows(5);
    let folder = lab.dir.path().join("reports");
    std::fs::write(&folder, b"not a folder").expect("a file");
    let (code, out) = lab.submit(&lab.sheet("nov.csv", &rows), "nov", &[]);
    assert_eq!(code, 2, "refused before paying:\n{out}");
    assert_eq!(lab.sandbox.orders().len(), 0, "{out}");
    for want in [
        "is a file, not a folder",
        "Nothing was done (nothing was sent)",
    ] {
        assert!(out.contains(want), "the message lacks {want:?}:\n{out}");
    }
    assert!(out.contains(&folder.display().to_string()), "{out}");
    std::fs::remove_file(&folder).expect("remove");
    let (code, out) = lab.submit(&lab.sheet("nov.csv", &rows), "nov", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(folder.join("nov.xlsx").is_file(), "{out}");
    lab.assert_nobody_paid_twice(&rows);
}
