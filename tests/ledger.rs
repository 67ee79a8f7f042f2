//! Never pay twice, whatever happens to the ledger (issue 12): an emptied,
//! foreign, damaged, hard-linked or symlinked ledger file, a lost ledger, and
//! the same payout under another label. Every test runs the real binary
//! against a sandbox that ACCEPTS A REPEATED tradeNo AS A NEW ORDER (the worst
//! gateway payrun can meet: the provider does not say it refuses repeats), and
//! counts the sandbox's own orders, never payrun's word.

mod access;
mod adopt;
mod changed_form;
mod changed_identity;
mod copies;
mod damaged;
mod first_mistakes;
mod foreign;
mod identity;
mod killed_send;
mod lacking;
mod loss;
mod moved;
mod open_payouts;
mod refused_books;
mod repeats;
mod restored;
mod xdg;

pub(crate) use crate::submit::{Row, rows, write_sheet};
use payrun::testing::sandbox::{Faults, Sandbox, SandboxConfig, SandboxHandle};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) const SECRET: &str = "sandbox-secret-0001";
const NOWHERE: &str = "http://127.0.0.1:9/callback";

/// A sandbox without a duplicate check, a temp folder and a ledger path in it.
pub(crate) struct Lab {
    pub dir: tempfile::TempDir,
    pub sandbox: SandboxHandle,
    pub ledger: PathBuf,
    /// The `HOME` of the payruns it starts: `crate::test_home()` until
    /// [`Lab::new_host`].
    home: std::cell::RefCell<PathBuf>,
}

impl Lab {
    pub fn new() -> Lab {
        Lab::with(|_| {})
    }

    pub fn with(f: impl FnOnce(&mut SandboxConfig)) -> Lab {
        let mut cfg = SandboxConfig {
            settle_after: Duration::from_millis(100),
            callback_delays: Vec::new(),
            callback_timeout: Duration::from_millis(200),
            faults: Faults {
                accept_duplicates: true,
                ..Faults::default()
            },
            ..SandboxConfig::default()
        };
        f(&mut cfg);
        assert!(
            cfg.faults.accept_duplicates,
            "the lab's gateway has no duplicate check"
        );
        let sandbox = Sandbox::start(cfg).expect("sandbox starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let ledger = dir.path().join("ledger.sqlite");
        Lab {
            dir,
            sandbox,
            ledger,
            home: std::cell::RefCell::new(crate::test_home().to_path_buf()),
        }
    }

    /// From now on payrun runs as on another host: a home of its own, so
    /// without the batch records (`batch-locks/`) of the runs before.
    pub fn new_host(&self) {
        let home = self.dir.path().join("other-host");
        std::fs::create_dir_all(&home).expect("the new host's home");
        *self.home.borrow_mut() = home;
    }

    /// `payrun ARGS --ledger LEDGER` with the sandbox's settings.
    pub fn cmd_on(&self, ledger: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_payrun"));
        c.args(args)
            .arg("--ledger")
            .arg(ledger)
            .env("PAYRUN_APP_SECRET", SECRET)
            .env("PAYRUN_GATEWAY_URL", self.sandbox.url())
            .env("PAYRUN_MERCHANT_NO", self.sandbox.merchant_no())
            .env("PAYRUN_NOTIFY_URL", NOWHERE)
            .env("HOME", &*self.home.borrow())
            .env_remove("XDG_DATA_HOME")
            .env_remove("PAYRUN_LEDGER")
            .env_remove("PAYRUN_CONFIG")
            .env_remove("PAYRUN_PROFILE")
            .stdin(Stdio::null());
        c
    }

    /// Runs `payrun ARGS --ledger LEDGER`, killed after `limit` (a command
    /// that should refuse at once but serves instead, like `listen`, must
    /// not hang the suite); returns (exit code, stdout + stderr).
    pub fn run_on(&self, ledger: &Path, args: &[&str]) -> (i32, String) {
        run_bounded(self.cmd_on(ledger, args), Duration::from_secs(60))
    }

    pub fn run(&self, args: &[&str]) -> (i32, String) {
        self.run_on(&self.ledger, args)
    }

    pub fn sheet(&self, name: &str, rows: &[Row]) -> PathBuf {
        write_sheet(self.dir.path(), name, rows)
    }

    /// `payrun submit SHEET --batch LABEL` at a fast pace with short timeouts.
    pub fn submit_on(
        &self,
        ledger: &Path,
        sheet: &Path,
        label: &str,
        extra: &[&str],
    ) -> (i32, String) {
        run_bounded(
            self.submit_cmd(ledger, sheet, label, extra),
            Duration::from_secs(60),
        )
    }

    /// The command [`Lab::submit_on`] runs, for a test that starts it
    /// itself (two at once, or with an environment of its own).
    pub fn submit_cmd(&self, ledger: &Path, sheet: &Path, label: &str, extra: &[&str]) -> Command {
        let sheet = sheet.to_string_lossy().into_owned();
        let mut args = vec![
            "submit",
            sheet.as_str(),
            "--batch",
            label,
            "--rate",
            "unlimited",
            "--request-timeout",
            "2s",
            "--grace",
            "1s",
        ];
        args.extend_from_slice(extra);
        self.cmd_on(ledger, &args)
    }

    pub fn submit(&self, sheet: &Path, label: &str, extra: &[&str]) -> (i32, String) {
        self.submit_on(&self.ledger, sheet, label, extra)
    }

    /// Asserts that the gateway never placed two orders for one tradeNo, and
    /// that no wallet of `rows` got more than one order.
    pub fn assert_nobody_paid_twice(&self, rows: &[Row]) {
        assert_eq!(
            self.sandbox.repeated_orders(),
            0,
            "a tradeNo was paid twice"
        );
        let mut by_wallet: HashMap<String, usize> = HashMap::new();
        for o in self.sandbox.orders() {
            *by_wallet.entry(o.wallet_id).or_insert(0) += 1;
        }
        for r in rows {
            let n = by_wallet.get(&r.wallet).copied().unwrap_or(0);
            assert!(n <= 1, "{} ({}) was paid {n} times", r.reference, r.wallet);
        }
    }
}

/// Runs a command with stdout and stderr captured, killing it after `limit`.
pub(crate) fn run_bounded(mut c: Command, limit: Duration) -> (i32, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (out, err) = (dir.path().join("out"), dir.path().join("err"));
    let mut child = c
        .stdout(Stdio::from(std::fs::File::create(&out).expect("out file")))
        .stderr(Stdio::from(std::fs::File::create(&err).expect("err file")))
        .spawn()
        .expect("payrun starts");
    let end = Instant::now() + limit;
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code().unwrap_or(-1);
        }
        if Instant::now() > end {
            let _ = child.kill();
            let _ = child.wait();
            break -9;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = format!(
        "{}{}",
        std::fs::read_to_string(&out).unwrap_or_default(),
        std::fs::read_to_string(&err).unwrap_or_default()
    );
    eprintln!("--- payrun exit {code}\n{text}");
    (code, text)
}

/// `n` rows whose wallets and references differ from [`rows`]' (they end in
/// `43` and start `B-`), for a second batch that repeats nobody.
pub(crate) fn other_rows(n: usize) -> Vec<Row> {
    rows(n)
        .into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            r.reference = format!("B-{}", r.reference);
            // Rocket wallets carry a 12th (check) digit.
            let check = if r.wallet.len() == 12 { "7" } else { "" };
            r.wallet = format!("018{i:06}43{check}");
            r
        })
        .collect()
}

/// The refusal of an unusable ledger says how to recover: restore the backup,
/// or rebuild from the gateway with `--adopt`.
pub(crate) fn assert_recovery_steps(text: &str) {
    for want in ["backup", "--adopt", "docs/operations.md"] {
        assert!(
            text.contains(want),
            "the recovery steps lack {want:?}:\n{text}"
        );
    }
}

#[cfg(unix)]
pub(crate) fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}
