//! Report files a person can trust: a report path never replaces the sheet
//! being paid or checked, nor any file the ledger records as an input, and
//! an interrupted run leaves no temporary copy of names and wallets behind.

use super::{code, payrun, run, sheet, stderr, stdout};
use std::path::{Path, PathBuf};

pub(super) fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// The refusal: exit 2, the file untouched, the message naming the path
/// and what to do.
fn assert_refused(out: &std::process::Output, file: &Path, before: &[u8]) {
    assert_eq!(code(out), 2, "{}", stderr(out));
    let err = stderr(out);
    let name = file.file_name().unwrap().to_string_lossy();
    assert!(err.contains(&*name), "the message names the file: {err}");
    assert!(err.contains("will not write a report over"), "{err}");
    assert_eq!(
        std::fs::read(file).unwrap(),
        before,
        "{} was replaced",
        file.display()
    );
}

#[test]
fn check_never_writes_its_report_over_the_sheet_it_checks() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "feb.csv", 3, 100);
    let before = std::fs::read(&s).unwrap();
    for report in ["feb.csv", "./feb.csv"] {
        let out = run(payrun(d)
            .arg("check")
            .arg("feb.csv")
            .args(["--report", report]));
        assert_refused(&out, &s, &before);
    }
    // A hard link is the same file under another name.
    std::fs::hard_link(&s, d.join("link.csv")).unwrap();
    let out = run(payrun(d).args(["check", "feb.csv", "--report", "link.csv"]));
    assert_refused(&out, &d.join("link.csv"), &before);
    assert!(stderr(&out).contains("feb.csv"), "names the sheet it is");
}

/// After a sandbox batch, every command that writes a report refuses to
/// write it over the batch's sheet, or over any copy of it (same SHA-256 as
/// the ledger records), or over the statement being matched.
#[test]
fn report_reconcile_match_and_submit_never_replace_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(sample("payroll-2026-11.csv"), d.join("pay.csv")).unwrap();
    std::fs::copy(sample("statement-demo.xlsx"), d.join("st.xlsx")).unwrap();
    let out = run(payrun(d).args(["submit", "pay.csv", "--batch", "demo", "--sandbox"]));
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    std::fs::copy(d.join("pay.csv"), d.join("copy.csv")).unwrap();
    let sheet_bytes = std::fs::read(d.join("pay.csv")).unwrap();
    let st_bytes = std::fs::read(d.join("st.xlsx")).unwrap();

    // Each command that writes a report, with the option that names it.
    let commands: [&[&str]; 4] = [
        &["report", "--batch", "demo", "--sandbox", "--out"],
        &["reconcile", "--batch", "demo", "--sandbox", "--report"],
        &["match", "st.xlsx", "--batch", "demo", "--sandbox", "--out"],
        &[
            "submit",
            "pay.csv",
            "--batch",
            "demo",
            "--sandbox",
            "--report",
        ],
    ];
    for target in ["pay.csv", "copy.csv"] {
        for args in commands {
            let out = run(payrun(d).args(args).arg(target));
            assert_refused(&out, &d.join(target), &sheet_bytes);
            assert!(
                !stdout(&out).contains("Settling"),
                "refused before any query"
            );
        }
    }
    // A CSV report's companion (NAME.summary.csv) is held to the same rule.
    std::fs::copy(d.join("pay.csv"), d.join("r.summary.csv")).unwrap();
    let out = run(payrun(d).args(commands[0]).arg("r.csv"));
    assert_refused(&out, &d.join("r.summary.csv"), &sheet_bytes);
    assert!(!d.join("r.csv").exists());
    // Nor the statement being matched.
    let out = run(payrun(d).args(commands[2]).arg("st.xlsx"));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(std::fs::read(d.join("st.xlsx")).unwrap(), st_bytes);

    // An ordinary earlier report is replaced, as a cron job expects.
    for _ in 0..2 {
        let out =
            run(payrun(d).args(["report", "--batch", "demo", "--sandbox", "--out", "r2.csv"]));
        assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    }
}

/// The temporary files of the report `name` left in `dir`.
fn temp_files(dir: &Path, name: &str) -> Vec<String> {
    let prefix = format!(".{name}.tmp-");
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(&prefix))
                .collect()
        })
        .unwrap_or_default()
}

/// Writes two chunks' worth of rows into the FIFO `fifo` once payrun opens
/// it, then holds it open (payrun waits for more) until `done` is dropped.
#[cfg(unix)]
fn feed_and_hold(fifo: &Path) -> (std::sync::mpsc::Sender<()>, std::thread::JoinHandle<()>) {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    use std::time::{Duration, Instant};
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let fifo = fifo.to_path_buf();
    let feeder = std::thread::spawn(move || {
        // Non-blocking, so that a payrun that never opens it cannot hang the
        // test: the open fails until there is a reader.
        let deadline = Instant::now() + Duration::from_secs(20);
        let f = loop {
            let opened = std::fs::OpenOptions::new()
                .write(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(&fifo);
            match opened {
                Ok(f) => break f,
                Err(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(_) => return,
            }
        };
        // SAFETY: fcntl(2) on a descriptor we own, clearing O_NONBLOCK.
        unsafe {
            use std::os::fd::AsRawFd;
            libc::fcntl(f.as_raw_fd(), libc::F_SETFL, 0);
        }
        let mut w = std::io::BufWriter::new(f);
        let mut text = String::from("reference,name,provider,wallet,amount\n");
        for i in 0..40_000 {
            text.push_str(&format!("EMP-{i:05},Person {i},bkash,017{i:06}42,100\n"));
        }
        if w.write_all(text.as_bytes())
            .and_then(|()| w.flush())
            .is_ok()
        {
            let _ = wait.recv_timeout(Duration::from_secs(60));
        }
    });
    (done, feeder)
}

/// `check` stopped by SIGINT or SIGTERM while its report streams (here it
/// waits on a FIFO nobody writes, its report's temporary file open) exits
/// 130 and leaves no temporary file: it would hold names and wallets.
#[cfg(unix)]
#[test]
fn an_interrupted_check_leaves_no_temporary_report_file() {
    use std::time::{Duration, Instant};
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let fifo = d.join("sheet.csv");
        let c_path = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
        // SAFETY: mkfifo(3) on a NUL-terminated path in our own temp folder.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        let mut child = payrun(d)
            .args(["check", "sheet.csv", "--report", "out/c1m.csv"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (done, feeder) = feed_and_hold(&fifo);
        let out_dir = d.join("out");
        let deadline = Instant::now() + Duration::from_secs(60);
        while temp_files(&out_dir, "c1m.csv").is_empty() {
            assert!(Instant::now() < deadline, "the report never started");
            std::thread::sleep(Duration::from_millis(20));
        }
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(child.id() as i32, signal) };
        let deadline = Instant::now() + Duration::from_secs(20);
        while child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "check did not stop on {signal}");
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(done);
        let _ = feeder.join();
        let out = child.wait_with_output().unwrap();
        assert_eq!(code(&out), 130, "{}", stderr(&out));
        assert_eq!(temp_files(&out_dir, "c1m.csv"), Vec::<String>::new());
        assert!(!out_dir.join("c1m.csv").exists());
    }
}

/// A temporary file a killed run left beside a report goes on the next
/// successful write of that report; one another run is still writing
/// (locked), and other reports' files, stay.
#[test]
fn the_next_write_of_a_report_removes_what_a_killed_run_left() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    sheet(d, "feb.csv", 3, 100);
    let out_dir = d.join("out");
    std::fs::create_dir(&out_dir).unwrap();
    for name in [
        ".c.csv.tmp-Ab12Cd",
        ".c.csv.tmp-4242",
        ".c.csv.tmp-Busy01",
        ".other.csv.tmp-Ab12Cd",
        "c.csv.tmp-notours",
    ] {
        std::fs::write(out_dir.join(name), "EMP-0001,Person 1,01700000142").unwrap();
    }
    let busy = std::fs::File::open(out_dir.join(".c.csv.tmp-Busy01")).unwrap();
    busy.lock().unwrap();
    let out = run(payrun(d).args(["check", "feb.csv", "--report", "out/c.csv"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        temp_files(&out_dir, "c.csv"),
        vec![".c.csv.tmp-Busy01".to_string()]
    );
    assert!(out_dir.join(".other.csv.tmp-Ab12Cd").exists());
    assert!(out_dir.join("c.csv.tmp-notours").exists());
    drop(busy);
}

/// `match` and the batch report name one figure one way: the match's first
/// equation starts from the taka of the rows payrun pays (the valid rows),
/// which the report's equation calls "valid rows requested"; what the whole
/// sheet asked for, invalid rows included, is "taka requested in sheet".
#[test]
fn match_and_report_give_the_valid_rows_figure_one_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut text = std::fs::read_to_string(sheet(d, "pay.csv", 3, 100)).unwrap();
    text.push_str("EMP-9999,Over Cap,bkash,01799999942,75000\n");
    std::fs::write(d.join("pay.csv"), text).unwrap();
    std::fs::copy(sample("statement-demo.xlsx"), d.join("st.xlsx")).unwrap();
    let out = run(payrun(d).args([
        "submit",
        "pay.csv",
        "--batch",
        "mix",
        "--sandbox",
        "--skip-invalid",
    ]));
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    let out = run(payrun(d).args(["report", "--batch", "mix", "--sandbox", "--out", "r.json"]));
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("r.json")).unwrap()).unwrap();
    let control = &report["summary"]["control"];
    assert_eq!(control["amount_in_sheet_poisha"], 30_000);
    assert_eq!(control["amount_requested_poisha"], 7_530_000);
    let out = run(payrun(d).args([
        "match",
        "st.xlsx",
        "--batch",
        "mix",
        "--sandbox",
        "--out",
        "m.json",
    ]));
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("m.json")).unwrap()).unwrap();
    let eq = &m["summary"]["equations"]["equations"][0];
    assert_eq!(eq["left_poisha"], 30_000, "{eq}");
    assert_eq!(eq["left_label"], "valid rows requested", "{eq}");
    assert!(
        stdout(&out).contains("valid rows requested 300.00"),
        "{}",
        stdout(&out)
    );
    let out = run(payrun(d).args(["status", "--batch", "mix", "--sandbox"]));
    let s = stdout(&out);
    assert!(s.contains("taka requested in sheet 75,300.00"), "{s}");
    assert!(s.contains("valid rows requested 300.00"), "{s}");
}

/// The "Rows not paid" list groups a figure in lakhs like every other
/// amount payrun prints; a cell that is not a figure is quoted as written.
#[test]
fn rows_not_paid_show_amounts_in_lakh_grouping() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut text = std::fs::read_to_string(sheet(d, "pay.csv", 2, 100)).unwrap();
    text.push_str("EMP-9998,Over Cap,bkash,01799999842,123456\n");
    text.push_str("EMP-9999,No Figure,bkash,01799999942,twelve\n");
    std::fs::write(d.join("pay.csv"), text).unwrap();
    let out = run(payrun(d).args([
        "submit",
        "pay.csv",
        "--batch",
        "lakh",
        "--sandbox",
        "--skip-invalid",
    ]));
    let s = stdout(&out);
    assert!(s.contains("Rows not paid"), "{s}");
    assert!(s.contains("Tk 1,23,456.00"), "{s}");
    assert!(!s.contains("Tk 123456"), "{s}");
    assert!(s.contains("amount \"twelve\""), "{s}");
}

/// `approve --statement-out` writes through the same writer: the statement
/// never replaces the sheet it approves, nor a sheet the ledger records.
#[test]
fn approve_never_writes_its_statement_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(sample("payroll-2026-11.csv"), d.join("pay.csv")).unwrap();
    let out = run(payrun(d).args(["submit", "pay.csv", "--batch", "demo", "--sandbox"]));
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    std::fs::copy(d.join("pay.csv"), d.join("copy.csv")).unwrap();
    let bytes = std::fs::read(d.join("pay.csv")).unwrap();
    // Under another label: content already sent under `demo` cannot be
    // approved any more (an approval after sending is refused).
    let approve = |target: &str| {
        let args = ["approve", "pay.csv", "--batch", "demo-next", "--sandbox"];
        run(payrun(d).args(args).args(["--statement-out", target]))
    };
    for target in ["pay.csv", "copy.csv"] {
        assert_refused(&approve(target), &d.join(target), &bytes);
    }
    // An ordinary path is written.
    let out = approve("demo.approval.txt");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(d.join("demo.approval.txt").is_file());
}
