//! A tiny scriptable payout gateway on 127.0.0.1:0, for the cases the sandbox
//! cannot produce on purpose: a query answered for another tradeNo or another
//! amount, an order created only after the client's timeout, and a gateway
//! that fails first and behaves later. It speaks real HTTP/1.1 (one request
//! per connection, `Connection: close`) and records every request it reads.

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How the gateway answers one request.
pub(crate) enum Reply {
    /// HTTP 200 with this JSON body.
    Json(Value),
    /// This HTTP status with an HTML body (a 5xx: the outcome is unknown).
    Status(u16),
    /// Keep the connection open and silent for this long, then close it
    /// without a byte: the client's own timeout ends the exchange.
    Silence(Duration),
}

/// One request as read: its path and its JSON body.
#[derive(Clone, Debug)]
pub(crate) struct Seen {
    pub path: String,
    pub body: Value,
}

type Handler = dyn Fn(&str, &Value) -> Reply + Send + Sync;

pub(crate) struct TinyGateway {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl TinyGateway {
    /// Serves until dropped; `handler` sees each request's path and body.
    pub fn start(handler: impl Fn(&str, &Value) -> Reply + Send + Sync + 'static) -> TinyGateway {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).expect("nonblocking");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (seen2, stop2) = (seen.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !stop2.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (h, s) = (handler.clone(), seen2.clone());
                        std::thread::spawn(move || serve(stream, &*h, &s));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        TinyGateway {
            url,
            seen,
            stop,
            thread: Some(thread),
        }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Payout requests that carried `trade_no`.
    pub fn payouts_for(&self, trade_no: &str) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.path.ends_with("/payout") && s.body["tradeNo"] == trade_no)
            .count()
    }

    /// Every payout request's tradeNo, in arrival order.
    pub fn payout_trade_nos(&self) -> Vec<String> {
        self.seen()
            .iter()
            .filter(|s| s.path.ends_with("/payout"))
            .map(|s| s.body["tradeNo"].as_str().unwrap_or("?").to_string())
            .collect()
    }
}

impl Drop for TinyGateway {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(mut stream: TcpStream, handler: &Handler, seen: &Mutex<Vec<Seen>>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if buf.len() > 64 * 1024 {
            return;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < head_end + len {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let body: Value = serde_json::from_slice(&buf[head_end..head_end + len]).unwrap_or(Value::Null);
    // A query about a tradeNo no payout request has carried: "not found",
    // as any gateway says of an order it never got (payrun's ledger-loss
    // check asks this before a batch's first send). Not scripted, not seen.
    let never_paid = !seen
        .lock()
        .unwrap()
        .iter()
        .any(|s| s.path.ends_with("/payout") && s.body["tradeNo"] == body["tradeNo"]);
    if path.ends_with("/queryPayOutResult") && never_paid {
        let text = r#"{"code":"1007","msg":"order not found","success":false}"#;
        let _ = write!(
            stream,
            "HTTP/1.1 200 X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
            text.len()
        );
        let _ = stream.flush();
        return;
    }
    seen.lock().unwrap().push(Seen {
        path: path.clone(),
        body: body.clone(),
    });
    let (status, text) = match handler(&path, &body) {
        Reply::Json(v) => (200, v.to_string()),
        Reply::Status(s) => (s, "<html>gateway error</html>".to_string()),
        Reply::Silence(d) => {
            std::thread::sleep(d);
            return;
        }
    };
    let kind = if status == 200 {
        "application/json"
    } else {
        "text/html"
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
    let _ = stream.flush();
}

/// The outer envelope with `code` 0000 around `data`.
pub(crate) fn ok(data: Value) -> Reply {
    Reply::Json(json!({"code": "0000", "msg": "success", "success": true,
                       "timestamp": 1_700_000_000_000u64, "data": data}))
}

/// An outer refusal (e.g. `1007`, order not found).
pub(crate) fn refuse(code: &str, msg: &str) -> Reply {
    Reply::Json(json!({"code": code, "msg": msg, "success": false,
                       "timestamp": 1_700_000_000_000u64}))
}

/// A balance answer large enough for any test sheet.
pub(crate) fn rich() -> Reply {
    ok(json!({"availableAmount": "9999999.0000", "freezeAmount": "0"}))
}
