//! A `payrun listen` child process on a ledger of processing payouts, and
//! raw HTTP clients that may bind any 127.0.0.x source address (the whole
//! 127.0.0.0/8 range is loopback), so that the gateway is another peer than
//! the attacker.

use crate::settle::Env;
use payrun::testing::gateway::sign;
use payrun::testing::secret::Secret;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

pub(crate) const SECRET: &str = "sandbox-secret-0001";

/// A sandbox that never settles by itself and `n` processing payouts of
/// Tk 100 each, submitted under `label`; their tradeNos.
pub(crate) fn processing_ledger(n: usize, label: &str) -> (Env, Vec<String>) {
    let env = Env::new(false, |c| c.settle_after = Duration::from_secs(3600));
    // Wallets ending in 5555 stay processing at the sandbox.
    let rows: Vec<(String, String)> = (0..n)
        .map(|i| (format!("AB-{i}"), format!("0171{i:03}5555")))
        .collect();
    let rows: Vec<(&str, &str, &str, u32)> = rows
        .iter()
        .map(|(id, w)| (id.as_str(), "Payee", w.as_str(), 100))
        .collect();
    assert_eq!(env.submit(label, &rows), 0);
    let trades: Vec<String> = rows.iter().map(|(id, ..)| env.trade_no_of(id)).collect();
    let processing = env.count("SELECT COUNT(*) FROM payouts WHERE state = 'processing'");
    assert_eq!(processing, n as i64);
    (env, trades)
}

/// A `payrun listen` child; killed when dropped.
pub(crate) struct Listening {
    pub child: Child,
    pub addr: SocketAddr,
    pub log: PathBuf,
}

impl Listening {
    pub fn start(env: &Env, extra: &[&str]) -> Listening {
        let log = env.dir.path().join("listen-abuse.log");
        let mut args = vec!["listen", "--bind", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        let mut child = env
            .payrun(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::from(std::fs::File::create(&log).expect("log file")))
            .spawn()
            .expect("listen starts");
        let stdout = child.stdout.take().expect("stdout piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("listen prints its address");
        let addr = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .and_then(|w| w.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Listening { child, addr, log }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGTERM, as cron's or systemd's stop, then waits (at most 10 s).
    pub fn stop(&mut self) -> bool {
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(self.pid() as i32, libc::SIGTERM) };
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TCP connection to `to` from 127.0.0.`from`.
pub(crate) fn connect_from(to: SocketAddr, from: u8) -> std::io::Result<TcpStream> {
    use socket2::{Domain, Socket, Type};
    let sock = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    let src = SocketAddrV4::new(Ipv4Addr::new(127, 0, 0, from), 0);
    sock.bind(&src.into())?;
    sock.connect_timeout(&to.into(), Duration::from_secs(2))?;
    let s: TcpStream = sock.into();
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    s.set_write_timeout(Some(Duration::from_secs(5)))?;
    Ok(s)
}

/// POSTs `body` to /callback from 127.0.0.`from` on a fresh connection and
/// reads the answer to its close: (status line, body); empty on failure.
pub(crate) fn post_from(to: SocketAddr, from: u8, body: &str) -> (String, String) {
    let Ok(mut s) = connect_from(to, from) else {
        return (String::new(), String::new());
    };
    let _ = write!(
        s,
        "POST /callback HTTP/1.1\r\nHost: {to}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head.lines().next().unwrap_or_default().to_string();
    (status, body.to_string())
}

/// A callback body with `fields`, signed with the sandbox secret.
pub(crate) fn signed(fields: &[(&str, &str)]) -> String {
    let map: BTreeMap<String, String> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut obj: serde_json::Map<String, serde_json::Value> = map
        .iter()
        .map(|(k, v)| (k.clone(), v.clone().into()))
        .collect();
    obj.insert(
        "sign".into(),
        sign(&map, &Secret::new(SECRET.to_string())).into(),
    );
    serde_json::Value::Object(obj).to_string()
}

/// A "paid" callback for `trade_no` (Tk 100), signed.
pub(crate) fn paid(trade_no: &str) -> String {
    signed(&[
        ("tradeNo", trade_no),
        ("status", "0000"),
        ("amount", "100"),
        ("message", "success"),
        ("timestamp", "1764000000000"),
    ])
}

/// The ledger's files together (the database, its WAL and shared memory).
pub(crate) fn ledger_bytes(env: &Env) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| {
            let mut p = env.ledger.clone().into_os_string();
            p.push(suffix);
            std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
        })
        .sum()
}

/// A line of /proc/PID/status in kB, e.g. `VmHWM`.
pub(crate) fn proc_kb(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Raises this process's open-file soft limit to `want` (or the hard limit),
/// so that hundreds of attacking sockets fit; children inherit it.
pub(crate) fn raise_nofile(want: u64) -> u64 {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit with a valid pointer to a local.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return 0;
        }
        if lim.rlim_cur < want {
            lim.rlim_cur = want.min(lim.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
    lim.rlim_cur
}
