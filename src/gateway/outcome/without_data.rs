//! A query's answer `0000` without `data`: no answer by default, this
//! gateway's "not found" once `[code_classes] "0000 without data" =
//! "not_found"` says so ([`crate::codes::WITHOUT_DATA`]).

use super::{Classified, Outcome, refusal_msg, wire};
use crate::codes::{CodeClasses, RejectClass};

/// The gateway's `msg` when `body`, at HTTP `http_status`, is a readable
/// envelope with outer code `0000` at a 2xx status and no `data` (absent or
/// null). Anything else (an empty `data` object, an empty body, HTML,
/// another code) is `None`.
pub fn without_data(http_status: u16, body: &str) -> Option<String> {
    if !(200..300).contains(&http_status) {
        return None;
    }
    let envelope = wire::parse_envelope(body).ok()?;
    (envelope.code == "0000" && envelope.data.is_none())
        .then(|| refusal_msg(envelope.msg, http_status))
}

/// A query's `classified` answer, read as "not found" when it is `0000`
/// without `data` and `classes` say that is this gateway's "not found".
/// Never called for a payout request's answer: there, `0000` without
/// `data` may be an order, and the query decides.
pub fn query_reading(
    classified: Classified,
    answer: Option<(u16, &str)>,
    classes: &CodeClasses,
) -> Classified {
    if !classes.without_data_is_not_found()
        || !matches!(classified.outcome, Outcome::Unknown { .. })
    {
        return classified;
    }
    let Some(msg) = answer.and_then(|(status, body)| without_data(status, body)) else {
        return classified;
    };
    Classified {
        outcome: Outcome::Rejected {
            class: RejectClass::NotFound,
            code: "0000".to_string(),
            msg: format!("{msg} (0000 without data, configured as not_found)"),
        },
        ..classified
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{CodeAction, WITHOUT_DATA};

    #[test]
    fn only_a_readable_0000_without_data_is_read_and_only_when_configured() {
        let mut classes = CodeClasses::default();
        let bare = r#"{"code":"0000","msg":"order not exist","data":null}"#;
        let read = |classes: &CodeClasses, status: u16, body: &str| {
            let c = super::super::classify(status, body, classes);
            query_reading(c, Some((status, body)), classes).outcome
        };
        assert!(matches!(read(&classes, 200, bare), Outcome::Unknown { .. }));
        classes.set(WITHOUT_DATA, CodeAction::Reject(RejectClass::NotFound));
        assert!(matches!(
            read(&classes, 200, bare),
            Outcome::Rejected { class: RejectClass::NotFound, ref msg, .. } if msg.contains("order not exist")
        ));
        assert!(matches!(
            read(&classes, 200, r#"{"code":"0000","msg":"x"}"#),
            Outcome::Rejected {
                class: RejectClass::NotFound,
                ..
            }
        ));
        for (status, body) in [
            (200, r#"{"code":"0000","data":{}}"#),
            (200, ""),
            (200, "<html>"),
            (500, bare),
            (404, bare),
            (200, r#"{"code":"5000","data":null}"#),
        ] {
            assert!(
                !matches!(
                    read(&classes, status, body),
                    Outcome::Rejected {
                        class: RejectClass::NotFound,
                        ..
                    }
                ),
                "{status} {body}"
            );
        }
    }
}
