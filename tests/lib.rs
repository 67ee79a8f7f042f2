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
/// thread after the test; a thread a test spawns itself, or a run with one
/// test thread (`main`), gets the run's shared folder, as before.
pub(crate) fn test_home() -> std::path::PathBuf {
    static HOME: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let base = HOME.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("home-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir
    });
    let name = std::thread::current().name().map(|n| {
        n.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .take(200)
            .collect::<String>()
    });
    match name {
        Some(n) if n != "main" && !n.is_empty() => {
            let dir = base.join(n);
            let _ = std::fs::create_dir_all(&dir);
            dir
        }
        _ => base.clone(),
    }
}

/// A port on 127.0.0.1 where a connection is refused, reserved until this is
/// dropped: a socket bound there that never listens. A listener bound to
/// port 0 and closed at once frees the port, and a sandbox or listener
/// another test starts meanwhile may be given it and answer.
pub(crate) struct ClosedPort {
    _bound: socket2::Socket,
    /// `http://127.0.0.1:PORT`.
    pub(crate) url: String,
}

pub(crate) fn closed_port() -> ClosedPort {
    use socket2::{Domain, Socket, Type};
    let sock = Socket::new(Domain::IPV4, Type::STREAM, None).expect("a socket");
    let any: std::net::SocketAddr = "127.0.0.1:0".parse().expect("an address");
    sock.bind(&any.into()).expect("binds 127.0.0.1:0");
    let port = sock
        .local_addr()
        .ok()
        .and_then(|a| a.as_socket())
        .map(|a| a.port())
        .expect("a bound port");
    ClosedPort {
        _bound: sock,
        url: format!("http://127.0.0.1:{port}"),
    }
}

/// gateway.md's recipe written out again, sharing no code with payrun:
/// every field but `sign` that is a non-empty string, keys in byte order,
/// `key=value` joined with nothing, then the secret; MD5, lowercase hex.
/// Tests hold payrun and its sandbox to it, since both sign with one
/// function that a change would alter for both at once.
pub(crate) fn recipe_sign(
    fields: &serde_json::Map<String, serde_json::Value>,
    secret: &str,
) -> String {
    let sorted: std::collections::BTreeMap<&str, &str> = fields
        .iter()
        .filter(|(k, _)| k.as_str() != "sign")
        .filter_map(|(k, v)| v.as_str().map(|v| (k.as_str(), v)))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let text: String = sorted.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{:x}", md5::compute(format!("{text}{secret}")))
}
