//! Damaged ledgers: real ledgers with b-tree pages overwritten, as a disk or a
//! bad copy leaves them. `submit`, `reconcile` and `listen` run SQLite's
//! `PRAGMA quick_check` when they open the ledger and refuse (exit 2) with the
//! recovery steps; before issue 12 most were used without a word.

use super::*;

/// The page size in a SQLite header (offset 16, big-endian; 1 means 65536).
fn page_size(bytes: &[u8]) -> usize {
    match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => usize::from(n),
    }
}

/// Whether SQLite itself finds `path` damaged.
fn sqlite_says_damaged(path: &Path) -> bool {
    let Ok(c) =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return true;
    };
    let verdict: Result<String, _> = c.query_row("PRAGMA quick_check(1)", [], |r| r.get(0));
    !matches!(verdict.as_deref(), Ok("ok"))
}

/// Copies of `ledger`, each with one page's b-tree header (its type byte,
/// freeblock and cell counts: the first 8 bytes) overwritten, that SQLite's
/// own check calls damaged. Page 1 is left alone: it holds the file header.
fn damaged_copies(ledger: &Path, dir: &Path) -> Vec<(usize, PathBuf)> {
    let bytes = std::fs::read(ledger).expect("read ledger");
    let size = page_size(&bytes);
    let pages = bytes.len() / size;
    assert!(
        pages >= 6,
        "the ledger is too small to damage: {pages} pages"
    );
    let mut out = Vec::new();
    for page in 2..=pages {
        let mut copy = bytes.clone();
        let start = (page - 1) * size;
        copy[start..start + 8].copy_from_slice(&[0x0d, 0xff, 0xff, 0x7f, 0x7f, 0xff, 0xff, 0x00]);
        let path = dir.join(format!("damaged-page-{page}.sqlite"));
        std::fs::write(&path, &copy).expect("write copy");
        if sqlite_says_damaged(&path) {
            out.push((page, path));
        } else {
            std::fs::remove_file(&path).ok();
        }
    }
    out
}

#[test]
fn damaged_ledgers_are_refused_by_submit_reconcile_and_listen() {
    let lab = Lab::new();
    let rows = rows(300);
    let (code, out) = lab.submit(&lab.sheet("nov.csv", &rows), "nov", &[]);
    assert_eq!(code, 0, "{out}");
    let copies = damaged_copies(&lab.ledger, lab.dir.path());
    assert!(copies.len() >= 5, "only {} damaged copies", copies.len());
    let more = other_rows(5);
    let dec = lab.sheet("dec.csv", &more);
    let sent = lab.sandbox.payout_requests();
    // Every damaged copy is refused by submit, a spread of them by the others.
    for (i, (page, copy)) in copies.iter().enumerate() {
        let (code, out) = lab.submit_on(copy, &dec, "dec", &[]);
        assert_eq!(code, 2, "page {page} damaged: submit must refuse:\n{out}");
        assert!(out.contains("damaged"), "page {page}: {out}");
        assert_recovery_steps(&out);
        if i % 4 == 0 {
            for args in [
                vec!["reconcile", "--batch", "nov"],
                vec!["listen", "--bind", "127.0.0.1:0"],
            ] {
                let (code, out) = lab.run_on(copy, &args);
                assert_eq!(code, 2, "page {page} damaged: {args:?} must refuse:\n{out}");
                assert!(out.contains("damaged"), "page {page}: {out}");
            }
        }
    }
    assert_eq!(lab.sandbox.payout_requests(), sent, "a payout was sent");
    lab.assert_nobody_paid_twice(&rows);
}
