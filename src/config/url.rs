//! The one rule for a URL setting (the gateway's base URL, the callback
//! URL): what payrun.toml, the environment and the flags accept, and what
//! the HTTP client checks again when it is built.
//!
//! It is parsed by the parser the HTTP client itself uses (`http::Uri`,
//! through ureq), so a URL the config accepts is one the client can use,
//! and a bad one stops the command as a configuration error (exit 2)
//! before a ledger is opened or anything is sent, instead of failing later
//! as a gateway error or a DNS lookup of an empty host.

use ureq::http::Uri;

/// What to write instead, in every refusal.
const EXAMPLE: &str = "write the whole URL, e.g. https://gateway.example/bd \
     (http:// only for a test gateway, e.g. http://127.0.0.1:8080)";

/// Checks a URL setting and returns it trimmed. A path is kept (request
/// paths are appended to it); a trailing `/` is allowed.
pub fn http_url(text: &str) -> Result<String, String> {
    let t = text.trim();
    let refuse = |what: &str| Err(format!("{what}; {EXAMPLE}"));
    if t.is_empty() {
        return refuse("must not be empty");
    }
    if !t.contains("://") {
        return refuse("must start with https://");
    }
    let uri: Uri = match t.parse() {
        Ok(u) => u,
        Err(e) => return refuse(&format!("is not a URL ({e})")),
    };
    match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("https") || s.eq_ignore_ascii_case("http") => {}
        Some(s) => return refuse(&format!("uses {s}://, and payrun speaks only https://")),
        None => return refuse("must start with https://"),
    }
    let Some(authority) = uri.authority() else {
        return refuse("names no host");
    };
    if authority.as_str().contains('@') {
        return refuse(
            "has a user name or password in it, which would be stored in the ledger and \
             printed in reports; payrun signs its requests and needs none",
        );
    }
    if authority.host().is_empty() {
        return refuse("names no host");
    }
    // `port()` is None for a port that is not a u16: read it as written.
    let hostport = authority.as_str();
    let after_host = &hostport[hostport.rfind(']').map_or(0, |i| i + 1)..];
    if let Some((_, port)) = after_host.rsplit_once(':')
        && !matches!(port.parse::<u16>(), Ok(1..))
    {
        return refuse("has a port that is not 1 to 65535");
    }
    if uri.query().is_some() || t.contains('#') {
        return refuse("has a ?query or #fragment, and request paths are added after it");
    }
    Ok(t.to_string())
}

/// A setting's value as it may be shown in an error: the user part of
/// anything that reads `scheme://user:password@host` is masked as `***`.
/// Errors go to cron mail and log files, and a password there is a second
/// leak of the one [`http_url`] refuses to store.
pub fn redact(text: &str) -> std::borrow::Cow<'_, str> {
    let Some(start) = text.find("://").map(|i| i + 3) else {
        return text.into();
    };
    let rest = &text[start..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => format!("{}***{}", &text[..start], &rest[at..]).into(),
        None => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_masks_only_the_user_part() {
        for (given, shown) in [
            ("https://u:p@gw.example/bd", "https://***@gw.example/bd"),
            ("https://u@gw.example", "https://***@gw.example"),
            ("https://a:b@c@gw.example/x@y", "https://***@gw.example/x@y"),
            (
                "https://gw.example/bd?to=a@b",
                "https://gw.example/bd?to=a@b",
            ),
            ("not a url", "not a url"),
            ("", ""),
        ] {
            assert_eq!(redact(given), shown, "{given}");
        }
    }

    #[test]
    fn usable_urls_pass_trimmed() {
        for (given, kept) in [
            ("https://gateway.example/bd", "https://gateway.example/bd"),
            ("https://gateway.example/bd/", "https://gateway.example/bd/"),
            ("  http://127.0.0.1:8080 ", "http://127.0.0.1:8080"),
            ("http://[::1]:8080/x", "http://[::1]:8080/x"),
            ("HTTPS://Gateway.Example", "HTTPS://Gateway.Example"),
        ] {
            assert_eq!(http_url(given).as_deref(), Ok(kept), "{given}");
        }
    }

    #[test]
    fn unusable_urls_say_why_and_what_to_write() {
        for (given, why) in [
            ("", "empty"),
            ("not-a-url", "must start with https://"),
            ("gateway.example/bd", "must start with https://"),
            ("ftp://x", "uses ftp://"),
            ("http://", "not a URL"),
            ("https://", "not a URL"),
            ("http://:80", "no host"),
            ("http://exa mple.com", "not a URL"),
            ("http://[::1", "not a URL"),
            ("https://gateway.example:99999", "port"),
            ("https://gateway.example:0", "port"),
            ("https://u:p@gateway.example", "password"),
            ("https://gateway.example/bd?x=1", "query"),
            ("https://gateway.example/bd#x", "fragment"),
        ] {
            let err = http_url(given).expect_err(given);
            assert!(err.contains(why), "{given:?}: {err}");
            assert!(err.contains("e.g. https://"), "{given:?}: {err}");
        }
    }
}
