//! The one integration-test binary. Every module drives the real `payrun`
//! binary or library against real files, a real SQLite ledger and the real
//! sandbox gateway on 127.0.0.1.

mod check;
mod fuzz_regressions;
mod gateway;
mod home;
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

pub(crate) use home::{spawn_with_home, test_home};

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
