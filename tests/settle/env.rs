//! Helpers for the settle and report tests: a sandbox, a ledger in a temp
//! folder, the `payrun` binary with the sandbox's settings, a `listen` child
//! process, and raw HTTP posts of (possibly forged) callbacks.

use payrun::testing::gateway::sign;
use payrun::testing::sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use payrun::testing::secret::Secret;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) const SECRET: &str = "sandbox-secret-0001";
/// Nothing listens on port 9 on a test machine: callbacks there fail fast.
const NOWHERE: &str = "http://127.0.0.1:9/callback";

/// A sandbox, a ledger in a temp dir, and the environment `payrun` reads.
pub(crate) struct Env {
    pub dir: tempfile::TempDir,
    pub sandbox: SandboxHandle,
    pub ledger: PathBuf,
    pub notify: String,
}

impl Env {
    pub fn new(callbacks: bool, f: impl FnOnce(&mut SandboxConfig)) -> Env {
        let mut cfg = SandboxConfig {
            settle_after: Duration::from_millis(400),
            callback_delays: if callbacks {
                vec![Duration::from_millis(200), Duration::from_millis(500)]
            } else {
                Vec::new()
            },
            callback_timeout: Duration::from_secs(2),
            threads: 4,
            ..SandboxConfig::default()
        };
        f(&mut cfg);
        let sandbox = Sandbox::start(cfg).expect("sandbox starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let ledger = dir.path().join("ledger.sqlite");
        Env {
            dir,
            sandbox,
            ledger,
            notify: NOWHERE.to_string(),
        }
    }

    /// `payrun ARGS --ledger L` with the sandbox's settings in the environment.
    pub fn payrun(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_payrun"));
        c.args(args)
            .arg("--ledger")
            .arg(&self.ledger)
            .env("PAYRUN_APP_SECRET", SECRET)
            .env("PAYRUN_GATEWAY_URL", self.sandbox.url())
            .env("PAYRUN_MERCHANT_NO", self.sandbox.merchant_no())
            .env("PAYRUN_NOTIFY_URL", &self.notify)
            .env("HOME", crate::test_home())
            .env_remove("XDG_DATA_HOME")
            .env_remove("PAYRUN_LEDGER")
            .stdin(Stdio::null());
        c
    }

    /// Runs a one-shot command (bounded by the command's own limits) and
    /// returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.payrun(args).output().expect("payrun runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Writes a sheet and submits it under `label`; returns the exit code.
    pub fn submit(&self, label: &str, rows: &[(&str, &str, &str, u32)]) -> i32 {
        self.submit_with(label, rows, &[]).0
    }

    /// Like [`Env::submit`], with extra flags; returns (exit code, stdout).
    pub fn submit_with(
        &self,
        label: &str,
        rows: &[(&str, &str, &str, u32)],
        extra: &[&str],
    ) -> (i32, String) {
        let sheet = self.dir.path().join(format!("{label}.csv"));
        let mut text = String::from("Employee ID,Name,Wallet,Provider,Amount\n");
        for (id, name, wallet, taka) in rows {
            let name = name.replace('"', "\"\"");
            text.push_str(&format!("{id},\"{name}\",{wallet},bKash,{taka}\n"));
        }
        std::fs::write(&sheet, text).expect("write sheet");
        let sheet = sheet.to_string_lossy().into_owned();
        let mut args = vec!["submit", sheet.as_str(), "--batch", label];
        args.extend_from_slice(extra);
        let (code, out, err) = self.run(&args);
        assert!(
            code == 0 || code == 1,
            "submit failed ({code}):\n{out}\n{err}"
        );
        (code, out)
    }

    /// What the listener logged, for failure messages.
    pub fn listen_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("listen.log")).unwrap_or_default()
    }

    pub fn db(&self) -> rusqlite::Connection {
        let c = rusqlite::Connection::open_with_flags(
            &self.ledger,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .expect("open ledger read-only");
        c.busy_timeout(Duration::from_secs(5))
            .expect("busy timeout");
        c
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.db()
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Every payout's (tradeNo, state, conflict, status_code, updated_at).
    pub fn snapshot(&self) -> Vec<(String, String, i64, Option<String>, String)> {
        let db = self.db();
        let mut st = db
            .prepare(
                "SELECT trade_no, state, conflict, status_code, updated_at FROM payouts ORDER BY id",
            )
            .expect("prepare");
        st.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .expect("query")
        .map(|r| r.expect("row"))
        .collect()
    }

    pub fn state_of(&self, trade_no: &str) -> (String, i64) {
        self.db()
            .query_row(
                "SELECT state, conflict FROM payouts WHERE trade_no = ?1",
                [trade_no],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("payout exists")
    }

    /// The tradeNo of `reference`'s latest revision.
    pub fn trade_no_of(&self, reference: &str) -> String {
        self.db()
            .query_row(
                "SELECT trade_no FROM payouts WHERE reference = ?1 ORDER BY revision DESC LIMIT 1",
                [reference],
                |r| r.get(0),
            )
            .expect("payout exists")
    }

    /// Waits (at most `limit`) until no payout is processing, unknown or sending.
    pub fn wait_final(&self, limit: Duration) -> bool {
        let end = Instant::now() + limit;
        while Instant::now() < end {
            let open = self.count(
                "SELECT COUNT(*) FROM payouts WHERE state IN ('processing', 'unknown', 'sending')",
            );
            if open == 0 {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }

    pub fn json_report(&self, label: &str) -> (i32, serde_json::Value) {
        let out = self.dir.path().join(format!("{label}.json"));
        let out_s = out.to_string_lossy().into_owned();
        let (code, stdout, stderr) = self.run(&["report", "--batch", label, "--out", &out_s]);
        assert!(out.exists(), "no report written:\n{stdout}\n{stderr}");
        let v = serde_json::from_slice(&std::fs::read(&out).expect("read report"))
            .expect("report is JSON");
        (code, v)
    }
}

/// A `payrun listen` child process; killed when dropped.
pub(crate) struct ListenerProc {
    child: Child,
    pub url: String,
}

impl ListenerProc {
    pub fn start(env: &Env) -> ListenerProc {
        // `listen` never creates a ledger (a typo would answer every real
        // callback 404): `submit` does, or this, for a listener started first.
        drop(payrun::testing::ledger::Ledger::open(&env.ledger).expect("ledger"));
        let mut child = env
            .payrun(&["listen", "--bind", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::from(
                std::fs::File::create(env.dir.path().join("listen.log")).expect("log file"),
            ))
            .spawn()
            .expect("listen starts");
        let stdout = child.stdout.take().expect("stdout piped");
        let mut line = String::new();
        // The first line names the address; read_line returns at its end.
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("listen prints its address");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim_end_matches('/')
            .to_string();
        ListenerProc { child, url }
    }
}

impl Drop for ListenerProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// POSTs `body` to `url` over a plain socket and returns (status, body).
pub(crate) fn post(url: &str, body: &str) -> (u16, String) {
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut s = TcpStream::connect(host).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(
        s,
        "POST /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    read_answer(&mut s)
}

/// Reads the whole answer (the request said `Connection: close`) and returns
/// (status, body); status 0 if the status line is not HTTP.
fn read_answer(s: &mut TcpStream) -> (u16, String) {
    let mut resp = String::new();
    s.read_to_string(&mut resp).expect("read answer");
    let status = resp
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = resp.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

/// POSTs `body` to `url` chunked, as a Java HTTP client may: in pieces of
/// `piece` bytes, each in its own write, with a chunk extension and a
/// trailer; returns (status, body).
pub(crate) fn post_chunked(url: &str, body: &str, piece: usize) -> (u16, String) {
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut s = TcpStream::connect(host).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(
        s,
        "POST /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    .expect("send head");
    for data in body.as_bytes().chunks(piece.max(1)) {
        write!(s, "{:x};part=1\r\n", data.len()).expect("send size");
        s.write_all(data).expect("send data");
        s.write_all(b"\r\n").expect("send CRLF");
        s.flush().expect("flush");
    }
    s.write_all(b"0\r\nX-Checksum: none\r\n\r\n")
        .expect("send last chunk");
    read_answer(&mut s)
}

/// A callback body signed with `secret` (or with a given bad sign).
pub(crate) fn callback_body(
    fields: &[(&str, &str)],
    secret: Option<&str>,
    bad_sign: Option<&str>,
) -> String {
    let map: BTreeMap<String, String> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut obj: serde_json::Map<String, serde_json::Value> = map
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    if let Some(s) = secret {
        obj.insert(
            "sign".into(),
            sign(&map, &Secret::new(s.to_string())).into(),
        );
    }
    if let Some(b) = bad_sign {
        obj.insert("sign".into(), b.into());
    }
    serde_json::Value::Object(obj).to_string()
}

pub(crate) fn statuses(report: &serde_json::Value) -> Vec<String> {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["status"].as_str().unwrap_or("?").to_string())
        .collect()
}

pub(crate) const PEOPLE: [(&str, &str, &str, u32); 4] = [
    ("E-1", "Rahim Uddin", "01712000001", 1200),
    ("E-2", "রহিম উদ্দিন", "01812000002", 1500),
    ("E-3", "Karim", "01912000003", 700),
    ("E-4", "Fatema", "01512000004", 300),
];
