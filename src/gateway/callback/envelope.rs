//! How a callback's body came: its content codings and its charset, undone
//! before its fields are read, and where its sign was sent.
//!
//! The provider says a callback is JSON and the sign is the MD5 of the
//! signed text's UTF-8 bytes; it says nothing of compression, of a charset
//! other than UTF-8, or of a sign in a header. A gateway (or the proxy in
//! front of it) may do any of these. None changes what the sign covers,
//! so each is undone here and the sign is checked as before; what cannot be
//! undone exactly (an unknown coding or charset, bytes that are not text in
//! the charset named) is refused with its own reason instead of the bare
//! "sign does not verify" that would leave the operator guessing.

use super::CallbackError;
use crate::gateway::wire;
use encoding_rs::{Encoding, UTF_8};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Read;

/// The headers a sign may come in when the body carries none.
pub const SIGN_HEADERS: [&str; 4] = ["sign", "x-sign", "signature", "x-signature"];

/// A callback as the HTTP layer received it: the body and the headers that
/// say how to read it.
#[derive(Debug, Clone, Copy)]
pub struct Delivery<'a> {
    pub body: &'a [u8],
    /// `Content-Type`, for its `charset`.
    pub content_type: Option<&'a str>,
    /// `Content-Encoding`.
    pub content_encoding: Option<&'a str>,
    /// A sign sent in one of [`SIGN_HEADERS`]: (header name, value).
    pub header_sign: Option<(&'a str, &'a str)>,
    /// The `merchantNo` header, as payrun's requests carry it.
    pub merchant_header: Option<&'a str>,
    /// The most bytes a decompressed body may have.
    pub max_body: usize,
}

impl<'a> Delivery<'a> {
    /// A plain body: UTF-8, not compressed, no headers.
    pub fn plain(body: &'a [u8]) -> Delivery<'a> {
        Delivery {
            body,
            content_type: None,
            content_encoding: None,
            header_sign: None,
            merchant_header: None,
            max_body: body.len(),
        }
    }
}

/// The body with its codings undone.
pub(super) struct Opened {
    /// The content codings undone, for the auditor (`Content-Encoding gzip`).
    pub undone: Vec<String>,
    /// The ways to read the bytes as text, the charset named first.
    pub readings: Vec<Reading>,
}

/// One way to read the body as text. A sign is believed only over the
/// text read (the recipe signs its UTF-8 bytes), never over bytes: the
/// charset is an unsigned header, and the same bytes read in another one
/// (GBK's second bytes include `\`) are other fields. So each reading is
/// tried in turn, and the one the sign verifies over is the one read: two
/// readings can only both verify when they are the same fields.
pub(super) struct Reading {
    pub text: String,
    /// How it was read, for the auditor, when not plainly as UTF-8.
    pub note: Option<String>,
}

/// Undoes the content codings (at most two, each bounded by `max_body`)
/// and gives the readings of the result: in the charset the
/// `Content-Type` names, and as UTF-8 when the bytes are UTF-8 too (a Java
/// servlet labels what it posts `ISO-8859-1` unless told otherwise).
pub(super) fn open(d: &Delivery) -> Result<Opened, CallbackError> {
    let mut undone = Vec::new();
    let mut bytes = Cow::Borrowed(d.body);
    let codings: Vec<String> = d
        .content_encoding
        .unwrap_or_default()
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty() && c != "identity")
        .collect();
    if codings.len() > 2 {
        return Err(CallbackError::Encoding(codings.join(", ")));
    }
    for coding in codings.iter().rev() {
        bytes = Cow::Owned(inflate(&bytes, coding, d.max_body)?);
        undone.push(format!("Content-Encoding {coding}"));
    }
    let label = charset(d.content_type);
    let named = match &label {
        None => UTF_8,
        Some(l) => wire::charset::named(l).ok_or_else(|| CallbackError::Charset(l.clone()))?,
    };
    let encodings = if named == UTF_8 {
        vec![UTF_8]
    } else {
        vec![named, UTF_8]
    };
    let mut readings: Vec<Reading> = encodings
        .into_iter()
        .filter_map(|enc| read_as(&bytes, enc, named))
        .collect();
    // The same text either way (ASCII): nothing to say of the charset.
    if readings.len() == 2 && readings[0].text == readings[1].text {
        readings.truncate(1);
        readings[0].note = None;
    }
    if readings.is_empty() {
        return Err(CallbackError::NotText(label));
    }
    Ok(Opened { undone, readings })
}

/// `bytes` read as text in `enc`, or `None` when they are not text in it.
fn read_as(bytes: &[u8], enc: &'static Encoding, named: &'static Encoding) -> Option<Reading> {
    let (text, malformed) = enc.decode_with_bom_removal(bytes);
    if malformed {
        return None;
    }
    let mut text = text.into_owned();
    let charset = (enc != UTF_8).then_some(enc);
    if let Some(form) = charset.and_then(|c| form_in_charset(&text, c)) {
        text = form;
    }
    let note = match (charset, named == enc) {
        (Some(c), _) => Some(format!("charset {}", c.name())),
        (None, false) => Some(format!("charset {} named, read as UTF-8", named.name())),
        (None, true) => None,
    };
    Some(Reading { text, note })
}

/// The sign to check, and the header it came in: the body's `sign`, else
/// one of [`SIGN_HEADERS`] (a sign in the body is the recipe's, so a header
/// beside it is not read).
pub(super) fn received_sign<'a>(
    as_read: &BTreeMap<String, String>,
    delivery: &Delivery<'a>,
) -> Result<(String, Option<&'a str>), CallbackError> {
    let in_body = as_read.get("sign").filter(|s| !s.is_empty()).cloned();
    let in_header = delivery.header_sign.filter(|(_, s)| !s.trim().is_empty());
    match (in_body, in_header) {
        (Some(s), _) => Ok((s, None)),
        (None, Some((name, s))) => Ok((s.trim().to_string(), Some(name))),
        (None, None) => Err(CallbackError::MissingSign),
    }
}

/// The body of one content coding undone, at most `max` bytes.
fn inflate(bytes: &[u8], coding: &str, max: usize) -> Result<Vec<u8>, CallbackError> {
    use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};
    let read = |r: &mut dyn Read| {
        let mut out = Vec::new();
        r.take(max as u64 + 1).read_to_end(&mut out).map(|_| out)
    };
    let out = match coding {
        "gzip" | "x-gzip" => read(&mut MultiGzDecoder::new(bytes)),
        // HTTP's `deflate` is zlib's format; some servers send raw deflate
        // under that name.
        "deflate" => {
            read(&mut ZlibDecoder::new(bytes)).or_else(|_| read(&mut DeflateDecoder::new(bytes)))
        }
        other => return Err(CallbackError::Encoding(other.to_string())),
    }
    .map_err(|_| CallbackError::Compressed(coding.to_string()))?;
    if out.len() > max {
        return Err(CallbackError::Inflated(max));
    }
    Ok(out)
}

/// `e`, a body that could not be read as JSON or form fields, as the
/// refusal of its media type when that names neither (`multipart/form-data`,
/// `application/xml`): the `Content-Type` is never needed to read a body
/// (gateways mislabel JSON as `text/plain`), only to say what is wrong.
pub(super) fn media_type_refused(d: &Delivery, e: CallbackError) -> CallbackError {
    let media = d
        .content_type
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let other =
        media.starts_with("multipart/") || media.ends_with("/xml") || media.ends_with("+xml");
    match e {
        CallbackError::NotJson(_) | CallbackError::BadFieldName(_) if other => {
            CallbackError::MediaType(media)
        }
        e => e,
    }
}

/// The `charset` parameter of a `Content-Type`, unquoted: the rule the
/// client reads its answers by too.
fn charset(content_type: Option<&str>) -> Option<String> {
    wire::charset::label(content_type)
}

/// Form fields whose escapes are bytes in `enc`, rewritten with UTF-8
/// escapes so that the form reader (which reads escapes as UTF-8) reads the
/// same text; `None` when `text` is not such a form (JSON, or an escape
/// that is not text in `enc`): it is then read as it is.
fn form_in_charset(text: &str, enc: &'static Encoding) -> Option<String> {
    let text = text.trim();
    if text.starts_with(['{', '[']) || !text.contains('=') {
        return None;
    }
    let decode = |part: &str| -> Option<String> {
        let spaced = part.replace('+', " ");
        let bytes: Vec<u8> = percent_encoding::percent_decode_str(&spaced).collect();
        let text = enc.decode_without_bom_handling_and_without_replacement(&bytes)?;
        Some(form_urlencoded::byte_serialize(text.as_bytes()).collect())
    };
    let mut out = Vec::new();
    for part in text.split('&') {
        let (key, value) = part.split_once('=')?;
        out.push(format!("{}={}", decode(key)?, decode(value)?));
    }
    Some(out.join("&"))
}

#[cfg(test)]
mod tests {
    use super::super::{verify_callback, verify_delivery};
    use super::*;
    use crate::codes::CodeClasses;
    use crate::gateway::{sign, wire};

    #[test]
    fn the_charset_parameter_is_read_in_any_case_and_quoting() {
        assert_eq!(
            charset(Some("application/json; charset=GBK")),
            Some("GBK".into())
        );
        assert_eq!(
            charset(Some("text/plain;Charset=\"utf-8\"")),
            Some("utf-8".into())
        );
        assert_eq!(charset(Some("application/json")), None);
        assert_eq!(charset(None), None);
    }

    #[test]
    fn a_body_that_inflates_past_the_limit_is_refused_not_read_whole() {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut e, &vec![b'a'; 1 << 20]).expect("gzip");
        let bomb = e.finish().expect("gzip");
        assert_eq!(
            inflate(&bomb, "gzip", 16 * 1024),
            Err(CallbackError::Inflated(16 * 1024))
        );
        assert_eq!(
            inflate(b"not gzip", "gzip", 16 * 1024),
            Err(CallbackError::Compressed("gzip".into()))
        );
        assert_eq!(
            inflate(b"x", "br", 16 * 1024),
            Err(CallbackError::Encoding("br".into()))
        );
    }

    #[test]
    fn a_form_in_gbk_is_rewritten_with_utf8_escapes_and_json_is_left_alone() {
        let gbk = encoding_rs::GBK;
        let form = "message=%B8%B6%BF%EE+ok&tradeNo=T1";
        assert_eq!(
            form_in_charset(form, gbk).as_deref(),
            Some("message=%E4%BB%98%E6%AC%BE+ok&tradeNo=T1")
        );
        assert_eq!(form_in_charset("{\"a\":\"b=c\"}", gbk), None);
    }

    fn secret() -> crate::secret::Secret {
        crate::secret::Secret::new("cb-secret".to_string())
    }

    fn callback_object() -> serde_json::Map<String, serde_json::Value> {
        let mut o = serde_json::Map::new();
        o.insert("tradeNo".into(), "T1".into());
        o.insert("status".into(), "0015".into());
        o
    }

    /// A sign in a header is kept in `fields` (so the auditor can redo the
    /// check) and said in `envelope`, with what was undone; it never changes
    /// what the sign covers, so copies still count as one.
    #[test]
    fn a_delivery_says_how_it_came_and_keeps_a_header_sign() {
        let object = callback_object();
        let s = sign(&wire::fields_as_text(&object), &secret());
        let body = serde_json::to_vec(&object).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &body).unwrap();
        let gz = gz.finish().unwrap();
        let d = Delivery {
            content_encoding: Some("gzip"),
            header_sign: Some(("x-sign", &s)),
            max_body: 1024,
            ..Delivery::plain(&gz)
        };
        let cb = verify_delivery(&d, &secret(), &CodeClasses::default()).unwrap();
        assert_eq!(cb.fields.get("sign"), Some(&s));
        assert_eq!(
            cb.envelope.as_deref(),
            Some(format!("Content-Encoding gzip; sign in header x-sign: {s}").as_str())
        );
        assert_eq!(cb.text, String::from_utf8(body.clone()).unwrap());
        let mut with_sign = callback_object();
        with_sign.insert("sign".into(), s.clone().into());
        let with_sign = serde_json::to_vec(&with_sign).unwrap();
        let plain = verify_callback(&with_sign, &secret()).unwrap();
        assert_eq!(plain.envelope, None);
        assert_eq!(cb.signed_sha256(), plain.signed_sha256());
        // A sign in the body is the one checked: a header beside it is not read.
        let d = Delivery {
            header_sign: Some(("sign", "0123")),
            ..Delivery::plain(&with_sign)
        };
        let cb = verify_delivery(&d, &secret(), &CodeClasses::default()).unwrap();
        assert_eq!(cb.envelope, None);
    }
}
