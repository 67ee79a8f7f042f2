//! The one atomic writer, tested against what the old ones got wrong.

use super::write_atomically;

/// Bytes the report guard takes for a report payrun wrote (`own`: a JSON
/// format tag), so that the writer may replace them; then `fill`.
fn report_bytes(fill: &[u8]) -> Vec<u8> {
    let mut b = b"{\n  \"format\": \"payrun-report\",\n".to_vec();
    b.extend_from_slice(fill);
    b
}

/// Writes each of `contents` to `target` at once, one thread each, and
/// fails the test, naming `round`, if any writer failed.
fn write_at_once(target: &std::path::Path, contents: &[Vec<u8>], round: usize) {
    std::thread::scope(|s| {
        let handles: Vec<_> = contents
            .iter()
            .map(|bytes| s.spawn(|| write_atomically(target, bytes)))
            .collect();
        for h in handles {
            let r = h.join().expect("writer thread");
            assert!(r.is_ok(), "round {round}: a writer failed: {r:?}");
        }
    });
}

/// Two writers of the same report in one process (a `submit` report and a
/// `reconcile` report, or two threads of a test) must each produce a whole
/// file. The old temporary name `.{name}.tmp-{pid}` was the same for both:
/// one truncated the other's temporary file, and the second rename failed
/// with "No such file or directory" or put a mix of the two in place.
#[test]
fn writers_of_the_same_report_in_one_process_do_not_share_a_temporary_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("june.csv");
    let contents: Vec<Vec<u8>> = (0..4u8)
        .map(|k| report_bytes(&vec![b'a' + k; 256 * 1024]))
        .collect();
    for round in 0..20 {
        write_at_once(&target, &contents, round);
        let got = std::fs::read(&target).expect("read back");
        assert!(
            contents.contains(&got),
            "the report is not one writer's whole file ({} bytes)",
            got.len()
        );
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("june.csv")],
        "no temporary file left"
    );
}

/// A writer's temporary file lives unlocked for an instant between its
/// creation and its lock. Another writer of the same report that commits in
/// that instant swept it away as a killed run's leftover, and the first
/// writer's rename then failed with "No such file or directory" (fresh-clone
/// CI, about one run in 150). Small reports commit fastest, so many small
/// writers meet that instant often.
#[test]
fn a_writer_never_sweeps_away_the_temporary_file_of_another_that_is_starting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("june.json");
    let contents: Vec<Vec<u8>> = (0..8u8).map(|k| report_bytes(&[b'a' + k; 16])).collect();
    for round in 0..150 {
        write_at_once(&target, &contents, round);
    }
    let left = std::fs::read_dir(dir.path()).expect("list").count();
    assert_eq!(left, 1, "no temporary file left");
}

/// The same race with another process: its sweep takes no lock of ours. A
/// thread here sweeps as another run's `remove_stale` would (open, lock,
/// remove), which flock treats as another process; every write must still
/// land whole.
#[cfg(unix)]
#[test]
fn a_write_survives_another_runs_sweep_of_its_new_temporary_file() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("june.json");
    let prefix = super::atomic::temp_prefix("june.json");
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
            while !done.load(Ordering::Relaxed) && std::time::Instant::now() < until {
                for e in std::fs::read_dir(dir.path()).expect("list").flatten() {
                    if !e.file_name().to_string_lossy().starts_with(&prefix) {
                        continue;
                    }
                    let Ok(f) = std::fs::File::open(e.path()) else {
                        continue;
                    };
                    if f.try_lock().is_ok() {
                        let _ = std::fs::remove_file(e.path());
                    }
                }
            }
        });
        for k in 0..400u32 {
            let bytes = report_bytes(format!("{k}").as_bytes());
            let r = write_atomically(&target, &bytes);
            assert!(r.is_ok(), "write {k} failed: {r:?}");
            assert_eq!(std::fs::read(&target).expect("read back"), bytes);
        }
        done.store(true, Ordering::Relaxed);
    });
}

/// A report holds names, wallets and amounts: 0600 in a new 0700 folder,
/// like the ledger, and a report abandoned half way leaves nothing behind.
#[cfg(unix)]
#[test]
fn reports_are_private_and_an_abandoned_one_leaves_nothing() {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("new/reports/june.xlsx");
    write_atomically(&target, &report_bytes(b"whole")).expect("write");
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode(&target), 0o600);
    assert_eq!(mode(&dir.path().join("new/reports")), 0o700);
    assert_eq!(mode(&dir.path().join("new")), 0o700);

    let mut half = super::atomic::AtomicFile::create(&target).expect("create");
    half.write_all(b"half of a report").expect("write");
    drop(half);
    assert_eq!(
        std::fs::read(&target).expect("read"),
        report_bytes(b"whole")
    );
    let names: Vec<_> = std::fs::read_dir(dir.path().join("new/reports"))
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("june.xlsx")]);
}
