//! The one integration-test binary. Every module drives the real `payrun`
//! binary or library against real files, a real SQLite ledger and the real
//! sandbox gateway on 127.0.0.1.

mod check;
mod fuzz_regressions;
mod gateway;
mod layering;
mod ledger;
mod listen_abuse;
mod matching;
mod money_safety;
mod ops;
mod report;
mod sandbox;
mod settle;
mod soak;
mod submit;

/// The `HOME` of every payrun a test starts that may take a batch lock
/// (`$HOME/.local/share/payrun/batch-locks`): one folder for this test run,
/// under the build's target directory, so no test writes to the real home.
/// Those payruns run without `XDG_DATA_HOME`, which would take the locks
/// (and the default ledger) out of it.
pub(crate) fn test_home() -> &'static std::path::Path {
    static HOME: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    HOME.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("home-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir
    })
}
