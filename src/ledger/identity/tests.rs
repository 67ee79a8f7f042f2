use super::*;
use crate::ledger::Ledger;
use crate::ledger::tests::value;

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("stat").permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn a_new_ledger_is_tagged_private_and_its_wal_and_shm_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new/ledger.sqlite");
    let ledger = Ledger::open(&path).expect("created");
    let id: i32 = value(&ledger, "PRAGMA application_id", []);
    assert_eq!(id, APPLICATION_ID);
    ledger
        .connection()
        .execute_batch("INSERT INTO batches (label, created_at, merchant_no, gateway_url) VALUES ('x', 't', 'm', 'g')")
        .expect("write");
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    assert_eq!(mode(&dir.path().join("new")), 0o700);
    let strays: Vec<_> = std::fs::read_dir(dir.path().join("new"))
        .expect("ls")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".new-"))
        .collect();
    assert!(strays.is_empty(), "temporary files left: {strays:?}");
}

/// Ledgers made before issue 12 have no application id: their shape says
/// what they are, and they are tagged on the next open.
#[test]
fn an_older_ledger_is_recognised_by_its_tables_and_tagged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.sqlite");
    {
        let mut c = Connection::open(&path).expect("open");
        schema::migrate(&mut c).expect("schema");
    }
    let ledger = Ledger::open(&path).expect("an older ledger opens");
    let id: i32 = value(&ledger, "PRAGMA application_id", []);
    assert_eq!(id, APPLICATION_ID);
}

#[test]
fn a_missing_ledger_is_created_only_when_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("typo/ledgr.sqlite");
    let err = Ledger::open_existing(&path).expect_err("must not create");
    assert!(matches!(err, LedgerError::Missing { .. }), "{err}");
    assert!(err.to_string().contains("ledgers usually are"), "{err}");
    assert!(!path.exists() && !path.parent().expect("dir").exists());
    let err = Ledger::open_read_only(&path).expect_err("must not create");
    assert!(matches!(err, LedgerError::Missing { .. }), "{err}");
}

#[cfg(unix)]
#[test]
fn a_relative_dangling_symlink_resolves_to_its_target() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("data")).expect("mkdir");
    let link = dir.path().join("ledger.sqlite");
    std::os::unix::fs::symlink("data/real.sqlite", &link).expect("symlink");
    let real = resolve(&link).expect("resolves");
    let want = std::fs::canonicalize(dir.path().join("data"))
        .expect("canonical")
        .join("real.sqlite");
    assert_eq!(real, want);
    let ledger = Ledger::open(&link).expect("created through the link");
    assert_eq!(ledger.path(), want.as_path());
    assert!(want.is_file());
}

#[cfg(unix)]
#[test]
fn a_ledger_with_two_names_is_refused() {
    let (dir, path) = crate::ledger::tests::temp_ledger_path();
    drop(Ledger::open(&path).expect("created"));
    let other = dir.path().join("other.sqlite");
    std::fs::hard_link(&path, &other).expect("ln");
    for p in [&path, &other] {
        let err = Ledger::open(p).expect_err("two names");
        assert!(
            matches!(err, LedgerError::HardLinked { links: 2, .. }),
            "{err}"
        );
        assert!(err.is_refused_ledger());
    }
    // Readers are not writers: an auditor's status still works.
    assert!(Ledger::open_read_only(&other).is_ok());
    std::fs::remove_file(&other).expect("rm");
    assert!(Ledger::open(&path).is_ok());
}

/// A new ledger is built under a temporary name, then linked into place:
/// the file linked must hold everything, since its `-wal` keeps the
/// temporary name. On a full disk the checkpoint that folds the `-wal` in
/// fails, and closing the connection says nothing of it: a half-written
/// file was linked in, refused ever after as damaged. A reader holding the
/// `-wal` stops the checkpoint the same way.
#[test]
fn a_new_ledger_whose_wal_is_not_folded_in_is_not_handed_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tmp = dir.path().join("new.sqlite");
    let mut conn = Connection::open(&tmp).expect("open");
    conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0))
        .expect("wal");
    schema::migrate(&mut conn).expect("schema");
    let reader = Connection::open(&tmp).expect("reader");
    reader
        .execute_batch("BEGIN; SELECT COUNT(*) FROM sqlite_master;")
        .expect("a reader holds the -wal");
    let got = finish(conn, &tmp);
    assert!(
        got.is_err(),
        "a ledger whose -wal is not in its file was handed on"
    );
}
