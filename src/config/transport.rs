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

/// The host a gateway URL names, and whether it is this machine (where
/// plain http never leaves the host, and tests may use any timing).
pub fn gateway_host(url: &str) -> (&str, bool) {
    let rest = strip_scheme(url, "https://")
        .or_else(|| strip_scheme(url, "http://"))
        .unwrap_or(url);
    let host = host_of(rest);
    (host, is_loopback(host))
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
    fn the_gateway_host_and_whether_it_is_this_machine() {
        assert_eq!(
            gateway_host("https://gateway.example/bd"),
            ("gateway.example", false)
        );
        assert_eq!(
            gateway_host("http://user@10.0.0.5:8080/x"),
            ("10.0.0.5", false)
        );
        for local in [
            "http://127.0.0.1:8080",
            "http://localhost/x",
            "http://[::1]:9/",
        ] {
            assert!(gateway_host(local).1, "{local}");
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
