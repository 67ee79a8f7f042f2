//! Exit 5, "could not start: nothing was sent" (issue 15): an unreachable
//! gateway before anything was sent, an unwritable ledger folder, a full
//! disk. Each says what to fix. Once anything was sent, a later failure
//! keeps its own code.

use super::*;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;

/// `payrun submit` against the gateway at `url`, with a ledger in `d`.
fn submit_to(d: &Path, url: &str, sheet: &Path) -> Output {
    run(payrun(d)
        .arg("submit")
        .arg(sheet)
        .args(["--batch", "nov", "--ledger"])
        .arg(d.join("ledger.sqlite"))
        .env("PAYRUN_GATEWAY_URL", url)
        .env("PAYRUN_MERCHANT_NO", "0000000001")
        .env("PAYRUN_NOTIFY_URL", "http://127.0.0.1:9/cb")
        .env("PAYRUN_APP_SECRET", "s3cret-for-tests"))
}

#[test]
fn an_unreachable_gateway_before_anything_was_sent_exits_5() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 100);
    // A port nothing listens on: connection refused.
    let closed = crate::closed_port();
    let url = closed.url.clone();
    let out = submit_to(d, &url, &s);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    let err = stderr(&out);
    // The first check to meet the silence says so (the ledger-loss check on
    // a new ledger, the balance check otherwise).
    assert!(err.to_lowercase().contains("could not start"), "{err}");
    assert!(err.contains(&url) && err.contains("base URL"), "{err}");
}

/// A server that answers every request `404 Not Found` with an empty body,
/// as a web server does for a wrong base URL.
fn not_found_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for mut sock in listener.incoming().flatten().take(20) {
            let _ = sock.set_read_timeout(Some(std::time::Duration::from_secs(2)));
            let mut buf = [0u8; 8192];
            let _ = sock.read(&mut buf);
            let _ = sock.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    format!("http://{addr}/wrong/path")
}

#[test]
fn a_wrong_base_url_exits_5_naming_http_404() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 100);
    let out = submit_to(d, &not_found_server(), &s);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("HTTP 404, empty body: check the base URL"),
        "{err}"
    );
    assert!(!err.contains("EOF"), "{err}");
}

fn is_root() -> bool {
    // SAFETY: geteuid(2) has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// `payrun ARGS` in `d` as a user who cannot write `ro` (root ignores
/// permissions, so a root test runs it as `nobody`).
fn without_write_access(d: &Path, args: &[&str]) -> Output {
    let inner = payrun(d);
    let mut c = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(inner.get_program())
            .current_dir(d)
            .stdin(Stdio::null())
            .env("HOME", d);
        for v in PAYRUN_VARS {
            c.env_remove(v);
        }
        c
    } else {
        inner
    };
    run(c.args(args))
}

fn set(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn an_unwritable_ledger_folder_exits_5_saying_which_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    set(d, 0o755);
    let s = sheet(d, "pay.csv", 2, 100);
    set(&s, 0o644);
    let ro = d.join("ro");
    std::fs::create_dir(&ro).unwrap();
    // A first run creates the ledger; then the folder becomes read-only.
    let first = run(payrun(d)
        .arg("submit")
        .arg(&s)
        .args(["--batch", "nov", "--sandbox", "--ledger"])
        .arg(ro.join("ledger.sqlite")));
    assert_eq!(code(&first), 0);
    for f in std::fs::read_dir(&ro).unwrap().flatten() {
        if f.path().is_file() {
            set(&f.path(), 0o666);
        }
    }
    set(&ro, 0o555);
    let ledger = ro.join("ledger.sqlite").display().to_string();
    let new = ro.join("new").join("ledger.sqlite").display().to_string();
    let sheet_s = s.display().to_string();
    for l in [&ledger, &new] {
        let out = without_write_access(
            d,
            &[
                "submit",
                &sheet_s,
                "--batch",
                "dec",
                "--sandbox",
                "--ledger",
                l,
            ],
        );
        set(&ro, 0o755);
        assert_eq!(code(&out), 5, "{l}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("could not start, nothing was sent"), "{err}");
        assert!(
            err.contains(&format!("folder {} is not writable", ro.display())),
            "{err}"
        );
        assert!(err.contains("ledger.sqlite-wal"), "{err}");
        set(&ro, 0o555);
    }
    set(&ro, 0o755);
}

/// A dry run answers as the real run would: a gateway that does not answer
/// the balance check (unreachable, or not a gateway: HTTP 404) is exit 5,
/// not 3 (a refusal by the gateway), and it says so.
#[test]
fn a_dry_run_against_a_gateway_that_does_not_answer_exits_5_like_the_real_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 100);
    let closed = crate::closed_port();
    for url in [closed.url.clone(), not_found_server()] {
        let out = run(payrun(d)
            .arg("submit")
            .arg(&s)
            .args(["--batch", "nov", "--dry-run", "--ledger"])
            .arg(d.join("ledger.sqlite"))
            .env("PAYRUN_GATEWAY_URL", &url)
            .env("PAYRUN_MERCHANT_NO", "0000000001")
            .env("PAYRUN_NOTIFY_URL", "http://127.0.0.1:9/cb")
            .env("PAYRUN_APP_SECRET", "s3cret-for-tests"));
        assert_eq!(code(&out), 5, "{url}: {}", stderr(&out));
        assert!(stdout(&out).contains("(exit 5)"), "{url}: {}", stdout(&out));
        assert!(
            !d.join("ledger.sqlite").exists(),
            "a dry run writes nothing"
        );
        let real = submit_to(d, &url, &s);
        assert_eq!(code(&real), 5, "{url}: the real run");
        // A fresh start for the next gateway: the ledger and its mark (a
        // ledger deleted with its mark left is one that went missing).
        for name in ["ledger.sqlite", "ledger.sqlite.mark"] {
            let _ = std::fs::remove_file(d.join(name));
        }
    }
}
