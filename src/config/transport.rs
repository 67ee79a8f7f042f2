//! Transport safety: a production profile talks to the gateway over TLS
//! (always verified; payrun has no `--insecure`), except to a gateway on
//! this machine, where plain http never leaves the host.

use super::ConfigError;
use std::net::IpAddr;

/// Refuses a plain `http://` gateway URL for a production profile unless
/// the host is loopback; for other profiles it returns a warning instead.
pub fn check(url: &str, production: bool, profile: &str) -> Result<Option<String>, ConfigError> {
    let Some(rest) = strip_scheme(url, "http://") else {
        return Ok(None);
    };
    let host = host_of(rest);
    if is_loopback(host) {
        return Ok(None);
    }
    if production {
        return Err(ConfigError::Transport(format!(
            "gateway URL {url} is plain http:// to {host}, and profile {profile} pays real money: \
             payout requests and the gateway's answers would cross the network unencrypted. \
             Use the gateway's https:// URL (TLS is always verified), or a loopback address \
             for a local test gateway"
        )));
    }
    Ok(Some(format!(
        "warning: gateway URL {url} is plain http:// to {host}: requests are not encrypted. \
         A production profile would refuse it"
    )))
}

/// The shortest grace period payrun accepts for a gateway off this machine.
pub const MIN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Refuses a grace period shorter than [`MIN_GRACE`] for a gateway that is
/// not on this machine. The provider does not say whether it refuses a
/// tradeNo it has seen, nor how soon a new order shows in queries; on a
/// gateway that does neither, a "not found" believed too early is a second
/// payment. Loopback gateways (the sandbox, tests) may use any grace.
pub fn check_grace(url: &str, grace: std::time::Duration) -> Result<(), ConfigError> {
    let rest = strip_scheme(url, "https://")
        .or_else(|| strip_scheme(url, "http://"))
        .unwrap_or(url);
    let host = host_of(rest);
    if grace >= MIN_GRACE || is_loopback(host) {
        return Ok(());
    }
    Err(ConfigError::Transport(format!(
        "grace period {} is shorter than {} for the gateway at {host}: a new order may not show \
         in queries at once, and a \"not found\" believed too early can pay someone twice on a \
         gateway that does not refuse a repeated tradeNo. Use --grace {}s or more (the default \
         is 60s)",
        humantime::format_duration(grace),
        humantime::format_duration(MIN_GRACE),
        MIN_GRACE.as_secs()
    )))
}

fn strip_scheme<'a>(url: &'a str, scheme: &str) -> Option<&'a str> {
    let url = url.trim();
    let head = url.get(..scheme.len())?;
    head.eq_ignore_ascii_case(scheme)
        .then(|| url.get(scheme.len()..))
        .flatten()
}

/// The host of `user@host:port/path?query`, with IPv6 brackets removed.
fn host_of(rest: &str) -> &str {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let hostport = authority.rsplit('@').next().unwrap_or(authority);
    if let Some(v6) = hostport.strip_prefix('[') {
        return v6.split(']').next().unwrap_or(v6);
    }
    hostport.split(':').next().unwrap_or(hostport)
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_grace_is_refused_for_a_real_gateway_only() {
        use std::time::Duration;
        let short = Duration::from_secs(2);
        let err = check_grace("https://gateway.example/bd", short).unwrap_err();
        assert!(err.to_string().contains("--grace 10s"), "{err}");
        assert!(err.to_string().contains("gateway.example"), "{err}");
        assert!(check_grace("https://gateway.example/bd", MIN_GRACE).is_ok());
        assert!(check_grace("https://gateway.example/bd", Duration::from_secs(60)).is_ok());
        for local in [
            "http://127.0.0.1:8080",
            "http://localhost/x",
            "http://[::1]:9/",
        ] {
            assert!(check_grace(local, Duration::ZERO).is_ok(), "{local}");
        }
    }

    #[test]
    fn production_refuses_http_to_anything_but_loopback() {
        for url in [
            "http://gateway.example/bd",
            "HTTP://10.0.0.5:8080/bd",
            "http://127.0.0.1.evil.example/",
            "http://user@192.168.1.1/",
            "http://[2001:db8::1]:80/",
        ] {
            let e = check(url, true, "production").unwrap_err().to_string();
            assert!(e.contains("https://") && e.contains(url), "{url}: {e}");
            assert!(check(url, false, "test").unwrap().is_some(), "{url}");
        }
        for url in [
            "http://127.0.0.1:8080/bd",
            "http://localhost:9/",
            "http://[::1]:8080",
            "http://127.9.9.9",
            "https://gateway.example/bd",
        ] {
            assert_eq!(check(url, true, "production").unwrap(), None, "{url}");
        }
    }
}
