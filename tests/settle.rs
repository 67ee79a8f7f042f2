//! Final statuses against the real sandbox with callbacks on: `reconcile
//! --wait`, a `listen` process on its own, forged and repeated callbacks, and a
//! callback/query disagreement. Everything binds 127.0.0.1:0 and every wait is
//! bounded.

use payrun::gateway::{Secret, sign};
use payrun::sandbox::{Faults, Sandbox, SandboxConfig, SandboxHandle};
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

    pub fn trade_no_of(&self, reference: &str) -> String {
        self.db()
            .query_row(
                "SELECT trade_no FROM payouts WHERE reference = ?1",
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

fn statuses(report: &serde_json::Value) -> Vec<String> {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["status"].as_str().unwrap_or("?").to_string())
        .collect()
}

const PEOPLE: [(&str, &str, &str, u32); 4] = [
    ("E-1", "Rahim Uddin", "01712000001", 1200),
    ("E-2", "রহিম উদ্দিন", "01812000002", 1500),
    ("E-3", "Karim", "01912000003", 700),
    ("E-4", "Fatema", "01512000004", 300),
];

#[test]
fn reconcile_wait_brings_an_all_processing_batch_to_final_and_the_report_balances() {
    let env = Env::new(false, |c| c.settle_after = Duration::from_millis(800));
    let mut rows = PEOPLE.to_vec();
    rows.push(("E-5", "Bad Luck", "01612340000", 500)); // fails by sandbox rule
    env.submit("nov", &rows);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payouts WHERE state = 'processing'"),
        5,
        "every payout starts processing"
    );
    let report = env.dir.path().join("nov-final.json");
    let report_s = report.to_string_lossy().into_owned();
    let (code, out, err) = env.run(&[
        "reconcile",
        "--batch",
        "nov",
        "--wait",
        "30s",
        "--poll-min",
        "200ms",
        "--poll-max",
        "1s",
        "--report",
        &report_s,
    ]);
    assert_eq!(code, 1, "one payout failed, so exit 1:\n{out}\n{err}");
    assert!(
        out.contains(&report_s),
        "reconcile says where the report is:\n{out}"
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let mut st = statuses(&v);
    st.sort();
    assert_eq!(st, vec!["failed", "paid", "paid", "paid", "paid"]);
    assert_eq!(v["summary"]["control"]["balanced"], true);
    assert_eq!(v["summary"]["control"]["rows_in_sheet"], 5);
    // The report's paid total equals the gateway's, to the poisha.
    let paid_poisha: i64 = env
        .sandbox
        .orders()
        .iter()
        .filter(|o| o.status == "0000")
        .map(|o| o.amount.poisha())
        .sum();
    let by_status = v["summary"]["by_status"].as_array().unwrap();
    let paid = by_status.iter().find(|t| t["status"] == "paid").unwrap();
    assert_eq!(paid["amount_poisha"].as_i64(), Some(paid_poisha));
    assert!(env.count("SELECT COUNT(*) FROM attempts WHERE kind = 'query'") >= 5);
    assert!(env.count("SELECT COUNT(*) FROM events WHERE source = 'query'") >= 5);
}

#[test]
fn reconcile_without_wait_asks_once_and_leaves_processing_rows_processing() {
    let env = Env::new(false, |c| c.settle_after = Duration::from_secs(3600));
    env.submit("dec", &PEOPLE);
    // A cron job reconciling needs no notifyUrl.
    let o = env
        .payrun(&["reconcile", "--batch", "dec"])
        .env_remove("PAYRUN_NOTIFY_URL")
        .output()
        .expect("reconcile runs");
    let (code, out) = (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    );
    assert_eq!(
        code,
        Some(0),
        "processing is not a failure:\n{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM attempts WHERE kind = 'query'"),
        4,
        "exactly one query per payout"
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payouts WHERE state = 'processing'"),
        4
    );
    assert!(out.contains("BALANCED"), "{out}");
}

#[test]
fn callbacks_alone_bring_a_batch_final_and_forgeries_change_nothing() {
    let mut env = Env::new(true, |_| {});
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    env.submit("jan", &PEOPLE);
    assert!(
        env.wait_final(Duration::from_secs(20)),
        "callbacks settle the batch; listener log:\n{}\n{:?}",
        env.listen_log(),
        (
            env.snapshot(),
            env.count("SELECT COUNT(*) FROM events"),
            env.count("SELECT COUNT(*) FROM runs")
        )
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM attempts WHERE kind = 'query'"),
        0
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM events WHERE source = 'callback' AND verified = 1 AND applied LIKE '% -> paid'"),
        4
    );
    let (code, v) = env.json_report("jan");
    assert_eq!(code, 0);
    assert_eq!(statuses(&v), vec!["paid"; 4]);

    let before = env.snapshot();
    let t = env.trade_no_of("E-1");
    let fields = [
        ("tradeNo", t.as_str()),
        ("status", "00029"),
        ("amount", "1200"),
        ("message", "forged"),
        ("timestamp", "1700000000000"),
    ];
    let cb = format!("{}/callback", listener.url);
    let wrong = callback_body(&fields, Some("not-the-secret"), None);
    assert_eq!(post(&cb, &wrong).0, 401, "wrong sign");
    let missing = callback_body(&fields, None, None);
    assert_eq!(post(&cb, &missing).0, 401, "missing sign");
    let garbage = callback_body(&fields, None, Some("0123456789abcdef0123456789abcdef"));
    assert_eq!(post(&cb, &garbage).0, 401, "made-up sign");
    let unknown = callback_body(
        &[
            ("tradeNo", "nope-0001"),
            ("status", "0000"),
            ("amount", "1"),
        ],
        Some(SECRET),
        None,
    );
    assert_eq!(post(&cb, &unknown).0, 404, "unknown tradeNo");
    assert_eq!(env.snapshot(), before, "forgeries changed nothing");
    assert_eq!(env.state_of(&t), ("paid".to_string(), 0));
    assert_eq!(
        env.count("SELECT COUNT(*) FROM events WHERE source = 'callback' AND verified = 0"),
        3,
        "refused callbacks are kept raw"
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM events WHERE source = 'callback' AND verified = 1 AND payout_id IS NULL"),
        1
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM events WHERE raw_body LIKE '%forged%'"),
        3
    );
}

#[test]
fn duplicate_and_out_of_order_callbacks_change_nothing_after_final() {
    let mut env = Env::new(true, |c| {
        c.faults = Faults {
            callback_duplicate_rate: 1.0,
            callback_early_rate: 0.5,
            ..Faults::default()
        };
    });
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    env.submit("feb", &PEOPLE);
    assert!(env.wait_final(Duration::from_secs(20)));
    // Let the duplicates the sandbox sends arrive too.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payouts WHERE state = 'paid' AND conflict = 0"),
        4
    );
    let before = env.snapshot();

    // Replay every real callback the gateway sent, as received.
    let bodies: Vec<String> = {
        let db = env.db();
        let mut st = db
            .prepare("SELECT raw_body FROM events WHERE source = 'callback' AND verified = 1")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert!(bodies.len() >= 4);
    let cb = format!("{}/callback", listener.url);
    for b in &bodies {
        assert_eq!(post(&cb, b), (200, "OK".to_string()));
    }
    // A late "processing" after "paid", properly signed.
    let t = env.trade_no_of("E-2");
    let late = callback_body(
        &[
            ("tradeNo", t.as_str()),
            ("status", "0015"),
            ("amount", "1500"),
        ],
        Some(SECRET),
        None,
    );
    assert_eq!(post(&cb, &late), (200, "OK".to_string()));
    assert_eq!(
        env.snapshot(),
        before,
        "repeats and stale callbacks changed nothing"
    );
    let (code, v) = env.json_report("feb");
    assert_eq!(code, 0);
    assert_eq!(statuses(&v), vec!["paid"; 4]);
}

#[test]
fn a_callback_and_a_query_that_disagree_make_a_conflict_and_exit_1() {
    let mut env = Env::new(true, |_| {});
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    // Ends in 5555: the sandbox keeps it processing until told otherwise.
    let rows = [("S-1", "Stuck", "01712345555", 900), PEOPLE[0]];
    env.submit("mar", &rows);
    let t = env.trade_no_of("S-1");
    let force = |status: &str, callback: bool| {
        let url = format!("{}/_sandbox/orders/{t}", env.sandbox.url());
        let body = format!("{{\"status\":\"{status}\",\"callback\":{callback}}}");
        assert_eq!(post(&url, &body).0, 200);
    };
    force("0000", true);
    let end = Instant::now() + Duration::from_secs(10);
    while env.state_of(&t).0 != "paid" && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        env.state_of(&t),
        ("paid".to_string(), 0),
        "the callback said paid"
    );
    // Now the gateway's query endpoint says otherwise.
    force("00029", false);
    let (code, out, err) = env.run(&["reconcile", "--batch", "mar"]);
    assert_eq!(code, 1, "a conflict exits 1:\n{out}\n{err}");
    assert!(out.contains("CONFLICT"), "{out}");
    assert_eq!(
        env.state_of(&t),
        ("paid".to_string(), 1),
        "first final kept, flagged"
    );
    assert_eq!(
        env.count(&format!(
            "SELECT COUNT(*) FROM events WHERE trade_no = '{t}' AND source IN ('callback', 'query')"
        )),
        2,
        "both answers recorded"
    );
    let (code, v) = env.json_report("mar");
    assert_eq!(code, 1);
    let row = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["trade_no"] == t.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["status"], "conflict");
    assert_eq!(v["summary"]["control"]["balanced"], true);
    let (code, out, _) = env.run(&["status", "--batch", "mar"]);
    assert_eq!(code, 1);
    assert!(out.contains("conflict"), "{out}");
}

#[test]
fn status_lists_batches_and_unknown_batches_are_usage_errors() {
    let env = Env::new(false, |_| {});
    env.submit("apr", &PEOPLE[..2]);
    let (code, out, _) = env.run(&["status"]);
    assert_eq!(code, 0);
    assert!(out.contains("apr"), "{out}");
    let (code, _, err) = env.run(&["status", "--batch", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("apr"), "lists the known batches: {err}");
    let (code, _, err) = env.run(&["report", "--batch", "apr", "--out", "x.pdf"]);
    assert_eq!(code, 2);
    assert!(err.contains(".csv, .xlsx or .json"), "{err}");
}

#[test]
fn submit_wait_settles_after_sending_and_writes_the_default_report() {
    let env = Env::new(false, |c| c.settle_after = Duration::from_millis(500));
    let (code, out) = env.submit_with("may", &PEOPLE, &["--wait", "20s"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payouts WHERE state = 'paid'"),
        4
    );
    let report = env.dir.path().join("reports").join("may.xlsx");
    assert!(report.exists(), "default report beside the ledger:\n{out}");
    assert!(
        out.contains(&report.to_string_lossy().into_owned()),
        "{out}"
    );
}
