//! The `HOME` of the payruns tests start, and how a thread a test spawns
//! keeps its test's.

use std::cell::RefCell;
use std::path::PathBuf;

thread_local! {
    /// The home a thread was given by [`spawn_with_home`]: its test's.
    static GIVEN: RefCell<Option<PathBuf>> = const { RefCell::new(None) };
}

/// The `HOME` of every payrun a test starts that may take a batch lock
/// (`$HOME/.local/share/payrun/batch-locks`): a folder of the test's own,
/// under the build's target directory, so no test writes to the real home.
/// Those payruns run without `XDG_DATA_HOME`, which would take the locks
/// (and the default ledger) out of it.
///
/// Of the test's own, not one for the whole run: each batch keeps a mark
/// there, keyed by gateway URL, merchant and label, of the ledger that last
/// sent it, and refuses any other ledger. Two tests whose sandboxes were
/// given the same port one after the other (the kernel reuses a freed port)
/// and that both send batch `dec` shared that mark, and the second was
/// refused (seen once in a full run under load). libtest names each test's
/// thread after the test; a run with one test thread (`main`) gets the
/// run's shared folder.
///
/// A thread a test spawns has no name to go by: started by
/// [`spawn_with_home`] it has its test's home; started otherwise, asking
/// panics, rather than hand it the shared folder where another test's batch
/// of the same name refuses its ledger.
pub(crate) fn test_home() -> PathBuf {
    if let Some(given) = GIVEN.with(|g| g.borrow().clone()) {
        return given;
    }
    let base = shared_home();
    match std::thread::current().name() {
        Some("main") => base.clone(),
        Some(name) if !name.is_empty() => {
            let dir = base.join(folder_name(name));
            let _ = std::fs::create_dir_all(&dir);
            dir
        }
        _ => panic!(
            "test_home() on a thread a test spawned: start it with crate::spawn_with_home, \
             so that its payruns get the test's HOME"
        ),
    }
}

/// `std::thread::spawn(f)`, where `f` sees the spawning test's
/// [`test_home`].
pub(crate) fn spawn_with_home<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> std::thread::JoinHandle<T> {
    let home = test_home();
    std::thread::spawn(move || {
        GIVEN.with(|g| *g.borrow_mut() = Some(home));
        f()
    })
}

/// The whole run's folder, parent of every test's.
fn shared_home() -> &'static PathBuf {
    static HOME: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    HOME.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("home-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir
    })
}

/// A test's name as a folder name.
fn folder_name(test: &str) -> String {
    test.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(200)
        .collect()
}

/// A thread a test spawns runs the test's payruns too (a run raced against
/// another, a command built beside a server): it must see the test's home,
/// where the test's batches keep their marks, not the whole run's shared
/// folder, where another test's batch of the same name and port refuses it.
#[test]
fn a_thread_a_test_spawns_sees_the_tests_home() {
    let mine = test_home();
    let theirs = spawn_with_home(test_home)
        .join()
        .expect("the spawned thread");
    assert_eq!(
        theirs, mine,
        "a thread this test spawned got another HOME than the test's"
    );
    let grandchild = spawn_with_home(|| spawn_with_home(test_home).join())
        .join()
        .expect("the spawned thread")
        .expect("its own");
    assert_eq!(grandchild, mine, "a thread's thread keeps the test's HOME");
}

/// A thread started without [`spawn_with_home`] is told so when it asks,
/// instead of being handed the run's shared folder.
#[test]
fn a_thread_started_otherwise_is_told_to_use_spawn_with_home() {
    let asked = std::thread::spawn(|| std::panic::catch_unwind(test_home))
        .join()
        .expect("the spawned thread");
    let Err(why) = asked else {
        panic!("a plain thread was handed a HOME: {asked:?}");
    };
    let why = why.downcast_ref::<&str>().copied().unwrap_or_default();
    assert!(why.contains("spawn_with_home"), "{why}");
}
