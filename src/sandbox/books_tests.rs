use super::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Books let go of are free at once, however many processes this one
/// starts meanwhile. Each start copies every open file into the child
/// until its exec closes the copy, so a lock let go of by closing the file
/// stayed held for that instant, and the restarted sandbox met `BooksBusy`
/// (tests::sandbox::books, under load).
#[test]
fn released_books_are_free_at_once_while_other_threads_start_processes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("books.json");
    let cfg = SandboxConfig::default();
    let fresh = || Book::new(cfg.balance, cfg.max_orders);
    let stop = Arc::new(AtomicBool::new(false));
    let spawners: Vec<_> = (0..3)
        .map(|_| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let _ = std::process::Command::new("true").status();
                }
            })
        })
        .collect();
    let started = Instant::now();
    let mut busy = Vec::new();
    let mut rounds = 0;
    while rounds < 100 && started.elapsed() < Duration::from_secs(10) {
        rounds += 1;
        match Books::open(&path, &cfg, fresh()) {
            Ok((books, _)) => books.release(),
            Err(SandboxError::BooksBusy { .. }) => busy.push(rounds),
            Err(e) => panic!("round {rounds}: {e}"),
        }
    }
    stop.store(true, Ordering::Relaxed);
    for s in spawners {
        let _ = s.join();
    }
    assert!(busy.is_empty(), "busy at rounds {busy:?} of {rounds}");
}
