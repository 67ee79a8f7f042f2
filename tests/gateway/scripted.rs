//! A scripted gateway on 127.0.0.1:0 that answers exactly what a test says
//! (status, Content-Type, body), to drive the real `payrun` binary through
//! readings of the contract the sandbox never produces. It records every
//! call, so the truth about what was sent comes from the gateway's side.

use serde_json::Value;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

pub(crate) const PAYOUT: &str = "/v1/paypro/payout";
pub(crate) const QUERY: &str = "/v1/paypro/queryPayOutResult";
pub(crate) const BALANCE: &str = "/v1/paypro/queryBalance";
/// The app secret payrun signs with (and a test's callbacks are signed with).
pub(crate) const SECRET: &str = "readings-secret";

/// One request as the gateway saw it.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub path: String,
    pub trade_no: String,
    /// 1 for the first call of this path with this tradeNo.
    pub nth: usize,
    pub body: Value,
    /// When the request arrived, for tests of pacing.
    pub at: Instant,
    /// The method, and every header as `(lower-case name, value)`, for
    /// tests of what went on the wire.
    pub method: String,
    pub headers: Vec<(String, String)>,
}

impl Call {
    /// The value of header `name` (any case), if it came.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What to answer.
pub(crate) struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    /// Further headers, as written.
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    /// The same reply with one more header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }
}

pub(crate) fn json(body: impl Into<String>) -> Reply {
    Reply {
        status: 200,
        content_type: "application/json",
        body: body.into(),
        headers: Vec::new(),
    }
}

pub(crate) fn reply(status: u16, content_type: &'static str, body: impl Into<String>) -> Reply {
    Reply {
        status,
        content_type,
        body: body.into(),
        headers: Vec::new(),
    }
}

/// A balance answer in the provider's drifting style.
pub(crate) fn rich_balance() -> Reply {
    json(
        r#"{"code":"0000","msg":"success","success":true,"data":{"availablAmount":"9998989.0000","freezeAmount":0}}"#,
    )
}

/// A query's answer about an order the gateway made at `made` (once it
/// has) and shows in queries only `lag` later: paid, Tk 300, from then on;
/// `before` until then.
pub(crate) fn seen_after(
    made: &std::sync::Mutex<Option<Instant>>,
    c: &Call,
    lag: Duration,
    before: &str,
) -> Reply {
    let visible = made
        .lock()
        .unwrap()
        .is_some_and(|at| c.at.duration_since(at) >= lag);
    if visible {
        json(format!(
            r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"0000","amount":"300"}}}}"#,
            c.trade_no
        ))
    } else {
        json(before.to_string())
    }
}

pub(crate) struct Scripted {
    pub url: String,
    calls: Arc<Mutex<Vec<Call>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Scripted {
    /// Serves `script` for at most 60 s. Use payrun with `--concurrency 1`:
    /// tiny_http serves four connections at a time.
    ///
    /// A query about a tradeNo that no payout request has carried yet is
    /// answered `1007` (not found) before the script sees it, and is not
    /// recorded: it is what any gateway says of an order it never got, and
    /// what payrun's ledger-loss check asks before a batch's first send.
    pub fn start(script: impl Fn(&Call) -> Reply + Send + 'static) -> Scripted {
        Scripted::serve(script, true)
    }

    /// [`Scripted::start`], but every query reaches the script, also one
    /// about a tradeNo no payout request has carried: for a gateway whose
    /// "not found" is not `1007`.
    pub fn answering_every_query(script: impl Fn(&Call) -> Reply + Send + 'static) -> Scripted {
        Scripted::serve(script, false)
    }

    fn serve(script: impl Fn(&Call) -> Reply + Send + 'static, not_found_first: bool) -> Scripted {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("binds");
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .expect("an IP address");
        let calls: Arc<Mutex<Vec<Call>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (Arc::clone(&calls), Arc::clone(&stop));
        let thread = thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            let mut seen: HashMap<(String, String), usize> = HashMap::new();
            while !s.load(Ordering::Relaxed) && Instant::now() < deadline {
                let Ok(Some(mut rq)) = server.recv_timeout(Duration::from_millis(20)) else {
                    continue;
                };
                let at = Instant::now();
                let mut text = String::new();
                let _ = rq.as_reader().take(1 << 20).read_to_string(&mut text);
                let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                let trade_no = body
                    .get("tradeNo")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let path = rq.url().to_string();
                let never_paid = !seen.contains_key(&(PAYOUT.to_string(), trade_no.clone()));
                if path == QUERY && never_paid && not_found_first {
                    let header = tiny_http::Header::from_bytes("Content-Type", "application/json")
                        .expect("header");
                    let _ = rq.respond(
                        tiny_http::Response::from_string(
                            r#"{"code":"1007","msg":"order not found","success":false}"#,
                        )
                        .with_header(header),
                    );
                    continue;
                }
                let nth = seen.entry((path.clone(), trade_no.clone())).or_insert(0);
                *nth += 1;
                let headers = rq
                    .headers()
                    .iter()
                    .map(|h| {
                        (
                            h.field.as_str().as_str().to_ascii_lowercase(),
                            h.value.to_string(),
                        )
                    })
                    .collect();
                let call = Call {
                    path,
                    trade_no,
                    nth: *nth,
                    body,
                    at,
                    method: rq.method().as_str().to_string(),
                    headers,
                };
                let r = script(&call);
                c.lock().unwrap().push(call);
                let header =
                    tiny_http::Header::from_bytes("Content-Type", r.content_type).expect("header");
                let mut response = tiny_http::Response::from_string(r.body)
                    .with_status_code(r.status)
                    .with_header(header);
                for (name, value) in &r.headers {
                    if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
                    {
                        response.add_header(h);
                    }
                }
                let _ = rq.respond(response);
            }
        });
        Scripted {
            url: format!("http://127.0.0.1:{port}"),
            calls,
            stop,
            thread: Some(thread),
        }
    }

    /// Calls to `path` so far, in order.
    pub fn calls(&self, path: &str) -> Vec<Call> {
        let all = self.calls.lock().unwrap();
        all.iter().filter(|c| c.path == path).cloned().collect()
    }
}

impl Drop for Scripted {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A temp folder with a sheet, a ledger, and `payrun` pointed at a gateway.
pub(crate) struct Run {
    pub dir: tempfile::TempDir,
    pub ledger: PathBuf,
    pub url: String,
    pub config: Option<PathBuf>,
}

impl Run {
    pub fn new(url: &str) -> Run {
        let dir = tempfile::tempdir().expect("temp dir");
        let ledger = dir.path().join("ledger.sqlite");
        Run {
            dir,
            ledger,
            url: url.to_string(),
            config: None,
        }
    }

    /// Writes `payrun.toml` with `text` and uses it from now on.
    pub fn with_config(mut self, text: &str) -> Run {
        let path = self.dir.path().join("readings.toml");
        std::fs::write(&path, text).expect("write config");
        self.config = Some(path);
        self
    }

    /// Runs `payrun ARGS --ledger L`; returns (exit code, stdout + stderr).
    pub fn payrun(&self, args: &[&str]) -> (i32, String) {
        let mut c = Command::new(env!("CARGO_BIN_EXE_payrun"));
        c.current_dir(self.dir.path())
            .args(args)
            .arg("--ledger")
            .arg(&self.ledger)
            .env("PAYRUN_APP_SECRET", SECRET)
            .env("PAYRUN_GATEWAY_URL", &self.url)
            .env("PAYRUN_MERCHANT_NO", "0000000001")
            .env("PAYRUN_NOTIFY_URL", "http://127.0.0.1:9/callback")
            .env("HOME", crate::test_home())
            .env_remove("XDG_DATA_HOME")
            .env_remove("PAYRUN_LEDGER")
            .env_remove("PAYRUN_CONFIG")
            .stdin(Stdio::null());
        if let Some(cfg) = &self.config {
            c.env("PAYRUN_CONFIG", cfg);
        }
        captured(&mut c, args)
    }

    /// Submits one bKash row per `(reference, wallet, taka)` under `label`,
    /// one request at a time, with a 300 ms grace period.
    pub fn submit(&self, label: &str, rows: &[(&str, &str, u32)]) -> (i32, String) {
        self.submit_with(label, rows, &[])
    }

    /// [`Run::submit`] with `extra` arguments after the usual ones.
    pub fn submit_with(
        &self,
        label: &str,
        rows: &[(&str, &str, u32)],
        extra: &[&str],
    ) -> (i32, String) {
        let sheet = self.sheet(label, rows);
        let sheet = sheet.to_string_lossy().into_owned();
        let mut args = vec![
            "submit",
            &sheet,
            "--batch",
            label,
            "--rate",
            "unlimited",
            "--concurrency",
            "1",
            "--request-timeout",
            "2s",
            "--grace",
            "300ms",
        ];
        args.extend_from_slice(extra);
        self.payrun(&args)
    }

    /// Submits the sheet `submit` wrote for `label` again, with
    /// `--retry-failed`.
    pub fn retry_failed(&self, label: &str) -> (i32, String) {
        let sheet = self.dir.path().join(format!("{label}.csv"));
        self.payrun(&[
            "submit",
            &sheet.to_string_lossy(),
            "--batch",
            label,
            "--retry-failed",
            "--rate",
            "unlimited",
            "--grace",
            "300ms",
        ])
    }

    pub fn sheet(&self, label: &str, rows: &[(&str, &str, u32)]) -> PathBuf {
        let mut text = String::from("reference,name,provider,wallet,amount\n");
        for (i, (reference, wallet, taka)) in rows.iter().enumerate() {
            text.push_str(&format!("{reference},Person {i},bkash,{wallet},{taka}\n"));
        }
        let path = self.dir.path().join(format!("{label}.csv"));
        std::fs::write(&path, text).expect("write sheet");
        path
    }

    /// (state, platform_trade_no, conflict) of the payout for `reference`.
    pub fn payout(&self, reference: &str) -> (String, Option<String>, i64) {
        self.db()
            .query_row(
                "SELECT state, platform_trade_no, conflict FROM payouts
                 WHERE reference = ?1 AND state <> 'superseded'",
                [reference],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("payout recorded")
    }

    /// `kind outcome: error` of every attempt for `reference`, in order.
    /// The payout's attempts in order, without the ledger-loss check's
    /// questions before its first send (outcome `loss-check:...`).
    pub fn attempts(&self, reference: &str) -> Vec<String> {
        let db = self.db();
        let mut stmt = db
            .prepare(
                "SELECT a.kind, COALESCE(a.outcome, '-'), COALESCE(a.error, '')
                 FROM attempts a JOIN payouts p ON p.id = a.payout_id
                 WHERE p.reference = ?1 AND COALESCE(a.outcome, '') NOT LIKE 'loss-check:%'
                 ORDER BY a.id",
            )
            .expect("prepare");
        stmt.query_map([reference], |r| {
            Ok(format!(
                "{} {}: {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?
            ))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
    }

    /// The tradeNo payrun derived for `reference`.
    pub fn trade_no(&self, reference: &str) -> String {
        self.db()
            .query_row(
                "SELECT trade_no FROM payouts WHERE reference = ?1 AND state <> 'superseded'",
                [reference],
                |r| r.get(0),
            )
            .expect("payout recorded")
    }

    /// Callback events as (verified, applied), in order.
    pub fn callback_events(&self) -> Vec<(bool, String)> {
        let db = self.db();
        let mut stmt = db
            .prepare("SELECT verified, applied FROM events WHERE source = 'callback' ORDER BY id")
            .expect("prepare");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    fn db(&self) -> rusqlite::Connection {
        open(&self.ledger)
    }
}

fn open(path: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open ledger");
    c.busy_timeout(Duration::from_secs(5))
        .expect("busy timeout");
    c
}

/// Runs `c` (a `payrun ARGS` command); returns (exit code, stdout +
/// stderr), also printed for a failing test's log.
pub fn captured(c: &mut Command, args: &[&str]) -> (i32, String) {
    let out = c.output().expect("payrun runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("--- payrun {args:?} exit {:?}\n{text}", out.status.code());
    (out.status.code().unwrap_or(-1), text)
}
