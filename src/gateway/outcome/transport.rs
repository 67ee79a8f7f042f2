//! A transport failure, as one outcome: whether the request can have left
//! this machine decides between "not sent" and "unknown".

use super::Outcome;
use std::io;

/// Whether a transport error happened before any byte of the request left.
/// Only errors that cannot occur once a connection carries data count:
/// DNS failure, a refused connection (Linux reports `ECONNREFUSED` only
/// while connecting; a reset after that is `ECONNRESET`), the connect
/// timeout, and requests that could not even be built. Everything else, the
/// global timeout included (it may fire after the body was written), is
/// unknown.
pub fn transport_outcome(err: &ureq::Error) -> Outcome {
    use ureq::Error as E;
    let not_sent = match err {
        E::HostNotFound
        | E::BadUri(_)
        | E::Http(_)
        | E::ConnectionFailed
        | E::InvalidProxyUrl
        | E::RequireHttpsOnly(_)
        | E::ConnectProxyFailed(_) => true,
        E::Timeout(t) => matches!(t, ureq::Timeout::Resolve | ureq::Timeout::Connect),
        E::Io(e) => e.kind() == io::ErrorKind::ConnectionRefused,
        _ => false,
    };
    if not_sent {
        Outcome::NotSent {
            reason: format!("not sent: {err}"),
        }
    } else {
        Outcome::Unknown {
            reason: format!("no answer after sending: {err}"),
            throttled: false,
        }
    }
}
