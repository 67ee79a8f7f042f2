//! How payrun says what an answer was when it cannot act on it: an
//! unreadable body with its HTTP status, a refusal with a non-2xx status.

use crate::gateway::wire::ShapeError;

/// An answer that could not be read, said with its HTTP status and what the
/// body was: "HTTP 404, empty body: check the base URL". A 3xx or 4xx (and
/// a 2xx that is JSON of another API) usually means a wrong base URL.
pub fn unreadable_answer(http_status: u16, body: &str, e: &ShapeError) -> String {
    let what = match (body.trim(), e) {
        ("", _) => "empty body".to_string(),
        (b, ShapeError::NotJson(why)) => format!("the body is not JSON ({why}): {}", snippet(b)),
        (_, other) => other.to_string(),
    };
    let wrong_place = match (http_status, e) {
        // A gateway's own answer, only written twice over.
        (_, ShapeError::Repeated { .. }) => false,
        (200..=299, _) => !matches!(e, ShapeError::NotJson(_)) && !body.trim().is_empty(),
        _ => true,
    };
    let hint = if wrong_place {
        ": check the base URL"
    } else {
        ""
    };
    format!("HTTP {http_status}, {what}{hint}")
}

/// A gateway's message (`msg`) as payrun repeats it: one that came with an
/// HTTP error says which ("sign error, HTTP 401"), in attempts, in a stop and
/// in the balance check. At 2xx the status says nothing more.
pub fn refusal_msg(msg: String, http_status: u16) -> String {
    if (200..300).contains(&http_status) {
        msg
    } else {
        format!("{msg}, HTTP {http_status}")
    }
}

/// The start of a body, quoted with its control characters escaped.
pub(super) fn snippet(body: &str) -> String {
    const SHOWN: usize = 80;
    let head: String = body.chars().take(SHOWN).collect();
    let more = if body.chars().nth(SHOWN).is_some() {
        "..."
    } else {
        ""
    };
    format!("{head:?}{more}")
}
