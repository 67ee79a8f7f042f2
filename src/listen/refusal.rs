//! What a refused callback is told, kept and logged: its status and its
//! reason. A refusal the gateway can do nothing about must still say what
//! is wrong, in the answer (a gateway's delivery log shows it) and in the
//! `callback_refused` log line, so that the operator can act before the
//! gateway's retries run out: a bare 401 for a body payrun could not even
//! read sends the operator after the secret instead.

use crate::gateway::CallbackError;
use crate::log::untrusted;

/// The HTTP status for a callback refused for `e`: 415 for a content
/// coding, charset or media type payrun does not read, 413 for a body that inflates
/// past the limit, 400 for one that is not what its headers say, 422 for
/// one whose sign verifies but that payrun cannot apply (a status it does
/// not read, no amount, a signed text that reads two ways: the gateway's
/// word, so not a forgery's 401, which would send the operator after the
/// secret), 401 for every other (no sign, a sign that does not verify, a
/// body with no fields to check it over). None changes anything, and each
/// makes the gateway send it again.
pub(super) fn status_for(e: &CallbackError) -> u16 {
    match e {
        CallbackError::Encoding(_) | CallbackError::Charset(_) => 415,
        CallbackError::MediaType(_) => 415,
        CallbackError::NotText(None) => 415,
        CallbackError::NotText(Some(_)) | CallbackError::Compressed(_) => 400,
        CallbackError::Inflated(_) => 413,
        CallbackError::UnknownStatus { .. }
        | CallbackError::MissingField(_)
        | CallbackError::NoAmount { .. }
        | CallbackError::Ambiguous(_) => 422,
        _ => 401,
    }
}

/// The refusal reason, in words that hold no value from the request but
/// escaped ones (a header's coding or charset, a status the gateway
/// signed): it is sent back to whoever posted the body, kept in the ledger
/// and logged. It never contains the expected sign or the secret.
pub(super) fn describe(e: &CallbackError) -> String {
    let why = match e {
        CallbackError::NotJson(_) => "the body is neither JSON nor form fields (key=value&...)",
        CallbackError::NotObject => "the body is JSON but not an object",
        CallbackError::MissingSign => {
            "the callback has no sign field (nor a sign, x-sign, signature or x-signature header)"
        }
        CallbackError::BadSign { .. } => {
            "the sign does not verify (forged or damaged, or signed with another secret than \
             payrun's app secret)"
        }
        CallbackError::BadFieldName(_) => {
            "a field name is not made of A-Z, a-z, 0-9 and _ (the signed string joins key=value \
             with no separator, so such a name can hide another field)"
        }
        CallbackError::DuplicateField(_) => "a field appears more than once",
        CallbackError::Ambiguous(field) => {
            return format!(
                "the signed text holds `{field}=` inside another field, so the same sign also \
                 covers a body with another {field}; nothing was changed, and payrun reconcile \
                 asks the query endpoint"
            );
        }
        CallbackError::NoAmount { .. } => {
            "the sign verifies but a final status comes without a readable amount; payrun \
             reconcile asks the query endpoint"
        }
        CallbackError::MissingField(field) => {
            return format!(
                "the sign verifies but the callback has no {field} field; nothing was changed"
            );
        }
        // Signed by the gateway, so its status may be shown (escaped).
        CallbackError::UnknownStatus { status, .. } => {
            return format!(
                "the sign verifies but its status {} is not one payrun can read (0000 paid, 0015 \
                 processing, other codes of 4 digits or more failed); nothing was changed, and \
                 payrun reconcile asks the query endpoint",
                untrusted(status)
            );
        }
        CallbackError::Encoding(coding) => {
            return format!(
                "its Content-Encoding {} is not one payrun reads (gzip or deflate, at most \
                 two, or none); nothing was changed",
                untrusted(coding)
            );
        }
        CallbackError::Compressed(coding) => {
            return format!(
                "the body is not {} data, as its Content-Encoding says; nothing was changed",
                untrusted(coding)
            );
        }
        CallbackError::Inflated(limit) => {
            return format!(
                "the body is over {limit} bytes once decompressed (raise --max-body if the \
                 gateway's callbacks are that large); nothing was changed"
            );
        }
        CallbackError::MediaType(media) => {
            return format!(
                "its Content-Type {} is not one payrun reads (JSON, or form fields \
                 key=value&... as application/x-www-form-urlencoded); nothing was changed",
                untrusted(media)
            );
        }
        CallbackError::Charset(label) => {
            return format!(
                "its Content-Type's charset {} is not one payrun knows; nothing was changed",
                untrusted(label)
            );
        }
        CallbackError::NotText(Some(label)) => {
            return format!(
                "the body is not text in {}, the charset its Content-Type names; nothing was \
                 changed",
                untrusted(label)
            );
        }
        CallbackError::NotText(None) => {
            "the body is not UTF-8 and its Content-Type names no charset (the provider's \
             callbacks are UTF-8; a gateway sending another charset must name it)"
        }
    };
    format!("{why}; nothing was changed")
}
