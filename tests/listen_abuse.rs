//! `payrun listen` faces the internet. For a few seconds, all at once and
//! all from 127.0.0.1: 300 idle connections held (reopened as they are
//! closed), 4 keep-alive clients posting 256 KiB junk bodies, and slowloris
//! heads. Meanwhile the gateway, from 127.0.0.2, sends correctly signed
//! callbacks on fresh connections: each must be applied within 2 s, the
//! ledger must grow by less than 20 MB, and listen must be alive with
//! bounded memory afterwards. The figures go to docs/benchmarks.md:
//! `cargo test --locked --test integration listen_abuse -- --nocapture`.

mod before_submit;
mod locked;
mod one_address_burst;
mod proc;
mod refusals;
mod replaced;
mod replays;

use proc::{Listening, connect_from, ledger_bytes, paid, post_from, proc_kb, processing_ledger};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// The two attacks run one at a time: each holds about 330 sockets (the
/// suite's other tests run beside them within the open-file limit) and
/// loads the 2 cores.
static ONE_ATTACK_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

const IDLE: usize = 300;
const JUNK_CLIENTS: usize = 4;
const JUNK_BODY: usize = 256 * 1024;
const SLOWLORIS: usize = 20;
const CALLBACKS: usize = 16;
const ATTACKER: u8 = 1;
const GATEWAY: u8 = 2;

/// Whether the server closed `s` (or answered it: a 503, then a close).
/// Any bytes read mean the latter, so their count does not matter.
#[allow(clippy::unused_io_amount)]
fn closed(s: &mut TcpStream) -> bool {
    let _ = s.set_nonblocking(true);
    let mut b = [0u8; 512];
    match s.read(&mut b) {
        Ok(_) => true,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    }
}

/// Holds `n` connections that never send a byte, from the `sources`
/// addresses in turn, reopening closed ones every second. Counts the
/// connections opened.
fn idle_holder(
    addr: SocketAddr,
    (n, sources): (usize, Vec<u8>),
    stop: Arc<AtomicBool>,
    opened: Arc<AtomicU64>,
) -> JoinHandle<()> {
    thread::spawn(move || {
        let mut held: Vec<Option<TcpStream>> = (0..n).map(|_| None).collect();
        while !stop.load(Ordering::Relaxed) {
            for (i, slot) in held.iter_mut().enumerate() {
                if slot.as_mut().is_none_or(closed) {
                    *slot = connect_from(addr, sources[i % sources.len()]).ok();
                    opened.fetch_add(1, Ordering::Relaxed);
                }
            }
            thread::sleep(Duration::from_secs(1));
        }
    })
}

/// `n` connections from the `sources` addresses in turn that send a whole
/// head and then a body one byte per 500 ms, never finishing it.
fn slow_bodies(
    addr: SocketAddr,
    (n, sources): (usize, Vec<u8>),
    stop: Arc<AtomicBool>,
) -> JoinHandle<()> {
    thread::spawn(move || {
        let mut socks: Vec<Option<TcpStream>> = (0..n).map(|_| None).collect();
        while !stop.load(Ordering::Relaxed) {
            for (i, s) in socks.iter_mut().enumerate() {
                if s.as_mut().is_none_or(|c| c.write_all(b"x").is_err()) {
                    *s = connect_from(addr, sources[i % sources.len()])
                        .ok()
                        .and_then(|mut c| {
                            c.write_all(b"POST /callback HTTP/1.1\r\nContent-Length: 4000\r\n\r\n")
                                .ok()?;
                            Some(c)
                        });
                }
            }
            thread::sleep(Duration::from_millis(500));
        }
    })
}

/// Posts 256 KiB junk bodies in a loop, keeping the connection while the
/// server does, half with Content-Length and half chunked.
fn junk_client(
    addr: SocketAddr,
    n: usize,
    stop: Arc<AtomicBool>,
    sent: Arc<AtomicU64>,
) -> JoinHandle<()> {
    thread::spawn(move || {
        let junk = vec![b'j'; JUNK_BODY];
        let mut conn: Option<TcpStream> = None;
        while !stop.load(Ordering::Relaxed) {
            if conn.is_none() {
                conn = connect_from(addr, ATTACKER).ok();
            }
            let Some(s) = conn.as_mut() else {
                thread::sleep(Duration::from_millis(50));
                continue;
            };
            let chunked = n & 1 == 1;
            let head = if !chunked {
                format!("POST /callback HTTP/1.1\r\nHost: x\r\nContent-Length: {JUNK_BODY}\r\n\r\n")
            } else {
                format!(
                    "POST /callback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{JUNK_BODY:x}\r\n"
                )
            };
            let ok = s.write_all(head.as_bytes()).is_ok() && s.write_all(&junk).is_ok();
            let ok = ok && (!chunked || s.write_all(b"\r\n0\r\n\r\n").is_ok());
            sent.fetch_add(1, Ordering::Relaxed);
            let mut answer = [0u8; 1024];
            if !ok || !matches!(s.read(&mut answer), Ok(k) if k > 0) {
                conn = None;
            }
        }
    })
}

/// `SLOWLORIS` connections that send a head one header line per 500 ms,
/// never finishing it; reopened when closed.
fn slowloris(addr: SocketAddr, stop: Arc<AtomicBool>) -> JoinHandle<()> {
    thread::spawn(move || {
        let mut socks: Vec<Option<TcpStream>> = (0..SLOWLORIS).map(|_| None).collect();
        let mut line = 0u64;
        while !stop.load(Ordering::Relaxed) {
            for s in socks.iter_mut() {
                let alive = match s.as_mut() {
                    Some(c) => write!(c, "X-Slow-{line}: {}\r\n", "z".repeat(20)).is_ok(),
                    None => false,
                };
                if !alive {
                    *s = connect_from(addr, ATTACKER).ok().and_then(|mut c| {
                        c.write_all(b"POST /callback HTTP/1.1\r\nHost: x\r\n")
                            .ok()?;
                        Some(c)
                    });
                }
            }
            line += 1;
            thread::sleep(Duration::from_millis(500));
        }
    })
}

/// Every attacker at once: (threads, idle connections opened, junk posted).
fn start_attack(
    addr: SocketAddr,
    stop: &Arc<AtomicBool>,
) -> (Vec<JoinHandle<()>>, Arc<AtomicU64>, Arc<AtomicU64>) {
    let (opened, junk_sent) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let mut attack = vec![
        idle_holder(
            addr,
            (IDLE, vec![ATTACKER]),
            Arc::clone(stop),
            Arc::clone(&opened),
        ),
        slowloris(addr, Arc::clone(stop)),
    ];
    for n in 0..JUNK_CLIENTS {
        attack.push(junk_client(
            addr,
            n,
            Arc::clone(stop),
            Arc::clone(&junk_sent),
        ));
    }
    (attack, opened, junk_sent)
}

#[test]
fn listen_stays_available_to_the_gateway_under_abuse() {
    let _one = ONE_ATTACK_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let nofile = proc::raise_nofile(4096);
    assert!(nofile >= 1024, "open-file limit {nofile}");
    let (env, trades) = processing_ledger(CALLBACKS + 1, "abuse");
    let mut l = Listening::start(&env, &[]);
    let before = ledger_bytes(&env);
    let stop = Arc::new(AtomicBool::new(false));
    let (attack, opened, junk_sent) = start_attack(l.addr, &stop);
    thread::sleep(Duration::from_millis(700));

    let started = Instant::now();
    let mut worst = Duration::ZERO;
    for t in &trades[..CALLBACKS] {
        let sent = Instant::now();
        let (status, body) = post_from(l.addr, GATEWAY, &paid(t));
        let took = sent.elapsed();
        worst = worst.max(took);
        assert_eq!(
            (status.as_str(), body.as_str()),
            ("HTTP/1.1 200 OK", "OK"),
            "{t} after {took:?}"
        );
        assert_eq!(env.state_of(t).0, "paid", "{t} applied when answered OK");
        assert!(took < Duration::from_secs(2), "{t} took {took:?}");
        thread::sleep(Duration::from_millis(150));
    }
    let attacked_for = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    for t in attack {
        t.join().expect("attack thread");
    }

    assert!(
        l.child.try_wait().expect("wait").is_none(),
        "listen is alive"
    );
    let last = &trades[CALLBACKS];
    assert_eq!(
        post_from(l.addr, GATEWAY, &paid(last)).1,
        "OK",
        "still serving"
    );
    let hwm = proc_kb(l.pid(), "VmHWM").expect("VmHWM");
    let rss = proc_kb(l.pid(), "VmRSS").expect("VmRSS");
    let growth = ledger_bytes(&env).saturating_sub(before);
    eprintln!(
        "listen_abuse: {CALLBACKS} signed callbacks applied under attack for {attacked_for:?}, \
         worst {worst:?}; idle connections opened {}, 256 KiB junk requests sent {}; ledger grew {} KiB; \
         listen VmHWM {hwm} kB, VmRSS {rss} kB",
        opened.load(Ordering::Relaxed),
        junk_sent.load(Ordering::Relaxed),
        growth / 1024,
    );
    assert!(growth < 20 * 1024 * 1024, "ledger grew {growth} bytes");
    assert!(hwm < 100 * 1024, "listen peaked at {hwm} kB");
    assert!(l.stop(), "listen stops on SIGTERM");
    let applied = env.count(
        "SELECT COUNT(*) FROM events WHERE source = 'callback' AND verified = 1 AND applied LIKE '% -> paid'",
    );
    assert_eq!(applied, CALLBACKS as i64 + 1);
}

/// The same places held from many addresses, none over its per-address cap:
/// 240 idle connections from 127.0.0.10-17 and 60 slow bodies from
/// 127.0.0.20-23, more than the 256 in all. Each of the gateway's fresh
/// connections takes the place of an idle one (or a slow body) of the
/// address holding the most.
#[test]
fn listen_serves_the_gateway_when_many_addresses_hold_every_place() {
    let _one = ONE_ATTACK_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    proc::raise_nofile(4096);
    let (env, trades) = processing_ledger(8, "spread");
    let mut l = Listening::start(&env, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    let opened = Arc::new(AtomicU64::new(0));
    let attack = vec![
        idle_holder(
            l.addr,
            (240, (10..18).collect()),
            Arc::clone(&stop),
            Arc::clone(&opened),
        ),
        slow_bodies(l.addr, (60, (20..24).collect()), Arc::clone(&stop)),
    ];
    thread::sleep(Duration::from_millis(1500));
    let mut worst = Duration::ZERO;
    for t in &trades {
        let sent = Instant::now();
        let (status, body) = post_from(l.addr, GATEWAY, &paid(t));
        let took = sent.elapsed();
        worst = worst.max(took);
        assert_eq!(
            (status.as_str(), body.as_str()),
            ("HTTP/1.1 200 OK", "OK"),
            "{t} after {took:?}"
        );
        assert!(took < Duration::from_secs(2), "{t} took {took:?}");
        thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, Ordering::Relaxed);
    for t in attack {
        t.join().expect("attack thread");
    }
    eprintln!(
        "listen_abuse (spread): {} signed callbacks applied with every place held from 12 \
         addresses, worst {worst:?}; idle connections opened {}",
        trades.len(),
        opened.load(Ordering::Relaxed)
    );
    assert!(
        l.child.try_wait().expect("wait").is_none(),
        "listen is alive"
    );
    assert!(l.stop());
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payouts WHERE state = 'paid'"),
        trades.len() as i64
    );
}
