//! Callbacks in the envelopes a gateway may choose where the provider's page
//! is silent, posted to the real listener over HTTP: a body compressed
//! (`Content-Encoding: gzip` or `deflate`), in another charset than UTF-8,
//! with its sign in a header instead of the body, or for another merchant.
//! What is safe is read (the sign covering exactly what it covers); the
//! rest is refused with a status that says why, never a bare 401.

use super::callback_readings::{Listening, THREE_ROWS, post_raw, processing, sign_of};
use super::scripted::SECRET;
use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;

/// [`post_raw`] with `Content-Type: application/json` and `extra` headers.
pub(crate) fn post_json(addr: SocketAddr, extra: &[&str], body: &[u8]) -> (u16, String) {
    let mut headers = vec!["Content-Type: application/json"];
    headers.extend_from_slice(extra);
    post_raw(addr, &headers, body)
}

/// The state and conflict flag of each payout in `references`.
pub(crate) fn states(run: &super::scripted::Run, references: &[&str]) -> Vec<(String, i64)> {
    references
        .iter()
        .map(|r| {
            let (state, _, conflict) = run.payout(r);
            (state, conflict)
        })
        .collect()
}

/// E-1 and E-2 paid, E-3 still processing, none flagged.
fn assert_two_paid_one_not(run: &super::scripted::Run) {
    let (paid, processing) = (("paid".to_string(), 0), ("processing".to_string(), 0));
    assert_eq!(
        states(run, &["E-1", "E-2", "E-3"]),
        [paid.clone(), paid, processing]
    );
}

/// The JSON object of `pairs`, every value a string, with `sign` if given.
pub(crate) fn json_of(pairs: &[(&str, &str)], sign: Option<&str>) -> String {
    let mut o: serde_json::Map<String, serde_json::Value> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string().into()))
        .collect();
    if let Some(s) = sign {
        o.insert("sign".into(), s.into());
    }
    serde_json::Value::Object(o).to_string()
}

/// The MD5 recipe over `bytes` then the secret, as lowercase hex.
fn md5_with_secret(bytes: &[u8]) -> String {
    let mut ctx = md5::Context::new();
    ctx.consume(bytes);
    ctx.consume(SECRET.as_bytes());
    format!("{:x}", ctx.finalize())
}

/// The signed text of `pairs` (sorted by key, `key=value` joined).
fn signed_text(pairs: &[(&str, &str)]) -> String {
    let sorted: BTreeMap<&str, &str> = pairs.iter().copied().collect();
    sorted.iter().map(|(k, v)| format!("{k}={v}")).collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("deflate");
    e.finish().expect("deflate")
}

fn raw_deflate(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("deflate");
    e.finish().expect("deflate")
}

/// A gateway (or the proxy in front of it) may compress what it posts. The
/// sign covers the fields, not the bytes on the wire: a gzip body, a zlib
/// `deflate` body and a raw `deflate` one (what some servers send under
/// that name) are each read and applied.
#[test]
fn a_compressed_callback_is_read_and_applied() {
    let (_gw, run) = processing(&THREE_ROWS);
    let listening = Listening::start(&run);
    type Compress = fn(&[u8]) -> Vec<u8>;
    let cases: [(&str, &str, &str, Compress); 3] = [
        ("E-1", "300", "gzip", gzip),
        ("E-2", "400", "deflate", zlib),
        ("E-3", "500", "deflate", raw_deflate),
    ];
    for (reference, amount, coding, compress) in cases {
        let t = run.trade_no(reference);
        let pairs = [("amount", amount), ("status", "0000"), ("tradeNo", &t)];
        let body = compress(json_of(&pairs, Some(&sign_of(&pairs))).as_bytes());
        let encoding = format!("Content-Encoding: {coding}");
        let got = post_json(listening.addr(), &[&encoding], &body);
        assert_eq!(got, (200, "OK".to_string()), "{reference} {coding}");
    }
    drop(listening);
    for reference in ["E-1", "E-2", "E-3"] {
        assert_eq!(run.payout(reference).0, "paid", "{reference}");
    }
}

/// A Chinese provider's server may post GBK and say so in the charset.
/// The recipe signs the text's UTF-8 bytes, so the body is read in GBK (form
/// escapes too) and its sign checked over that text in UTF-8. A sign over
/// the GBK bytes instead is not believed: the charset is an unsigned header,
/// and whoever relabels a signed body would choose how its bytes are read
/// (GBK's second bytes include `\` and `{`), so it is refused with a
/// reason, nothing changed.
#[test]
fn a_callback_in_another_charset_verifies_over_its_text_in_utf8() {
    let (_gw, run) = processing(&THREE_ROWS);
    let listening = Listening::start(&run);
    let gbk = encoding_rs::GBK;
    let fields = |t: &str, amount: &str| {
        [
            ("amount", amount.to_string()),
            ("message", "付款成功".to_string()),
            ("status", "0000".to_string()),
            ("tradeNo", t.to_string()),
        ]
    };

    // JSON in GBK, signed over the UTF-8 text (the recipe).
    let f = fields(&run.trade_no("E-1"), "300");
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let json = json_of(&pairs, Some(&sign_of(&pairs)));
    let (body, _, _) = gbk.encode(&json);
    let got = post_raw(
        listening.addr(),
        &["Content-Type: application/json; charset=GBK"],
        &body,
    );
    assert_eq!(got, (200, "OK".to_string()), "GBK JSON");

    // Form fields percent-encoded in GBK, signed over the UTF-8 text.
    let t2 = run.trade_no("E-2");
    let f = fields(&t2, "400");
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sign = sign_of(&pairs);
    let (message, _, _) = gbk.encode("付款成功");
    let message = percent_encoding::percent_encode(&message, percent_encoding::NON_ALPHANUMERIC);
    let body = format!("tradeNo={t2}&amount=400&status=0000&message={message}&sign={sign}");
    let got = post_raw(
        listening.addr(),
        &["Content-Type: application/x-www-form-urlencoded; charset=gbk"],
        body.as_bytes(),
    );
    assert_eq!(got, (200, "OK".to_string()), "GBK form");

    // Signed over the GBK bytes of the signed text: not the recipe.
    let f = fields(&run.trade_no("E-3"), "500");
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let text = signed_text(&pairs);
    let (text, _, _) = gbk.encode(&text);
    let json = json_of(&pairs, Some(&md5_with_secret(&text)));
    let (body, _, _) = gbk.encode(&json);
    let (status, answer) = post_raw(
        listening.addr(),
        &["Content-Type: application/json; charset=GBK"],
        &body,
    );
    assert_eq!(status, 401, "{answer}");
    drop(listening);
    assert_two_paid_one_not(&run);
}

/// Some gateways send the sign in a header and leave it out of the body.
/// It is the recipe's sign over every field of the body, as in the body.
/// An MD5 of the body's bytes and the secret is not believed: it is not the
/// provider's recipe, and over bytes, whoever relabels the body's charset
/// (an unsigned header) chooses how they are read. A header sign that does
/// not verify changes nothing.
#[test]
fn a_sign_sent_in_a_header_verifies_over_the_body() {
    let (_gw, run) = processing(&THREE_ROWS);
    let listening = Listening::start(&run);
    let t1 = run.trade_no("E-1");
    let pairs = [("amount", "300"), ("status", "0000"), ("tradeNo", &t1)];
    let header = format!("sign: {}", sign_of(&pairs));
    let got = post_json(
        listening.addr(),
        &[&header],
        json_of(&pairs, None).as_bytes(),
    );
    assert_eq!(got, (200, "OK".to_string()), "recipe sign in a header");

    let t2 = run.trade_no("E-2");
    let pairs = [("amount", "400"), ("status", "0000"), ("tradeNo", &t2)];
    let header = format!("X-Sign: {}", sign_of(&pairs));
    let form = format!("amount=400&status=0000&tradeNo={t2}");
    let got = post_raw(
        listening.addr(),
        &["Content-Type: application/x-www-form-urlencoded", &header],
        form.as_bytes(),
    );
    assert_eq!(got, (200, "OK".to_string()), "form fields, X-Sign");

    let t3 = run.trade_no("E-3");
    let body = json_of(
        &[("amount", "500"), ("status", "0000"), ("tradeNo", &t3)],
        None,
    );
    for header in [
        format!("X-Sign: {}", md5_with_secret(body.as_bytes())),
        format!("Signature: {}", md5_with_secret(b"something else")),
    ] {
        let (status, answer) = post_json(listening.addr(), &[&header], body.as_bytes());
        assert_eq!(status, 401, "{header}: {answer}");
    }
    drop(listening);
    assert_two_paid_one_not(&run);
}

/// What the listener cannot read safely is refused with a status that says
/// what is wrong (415 for an encoding or charset it does not speak, 413 for
/// a body that inflates past the limit, 400 for a broken one), and the
/// answer names the header to fix: the operator who reads the gateway's
/// delivery log, or payrun's, can act on it.
#[test]
fn a_callback_the_listener_cannot_read_is_refused_saying_why() {
    let (_gw, run) = processing(&[("E-1", "01712345642", 300)]);
    let listening = Listening::start(&run);
    let t = run.trade_no("E-1");
    let pairs = [("amount", "300"), ("status", "0000"), ("tradeNo", &t)];
    let json = json_of(&pairs, Some(&sign_of(&pairs)));
    let bomb = gzip(&vec![b' '; 10 * 1024 * 1024]);
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("{\"message\":\"réussi\"}");
    let cases: Vec<(Vec<&str>, Vec<u8>, u16, &str)> = vec![
        (
            vec!["Content-Encoding: br"],
            json.clone().into_bytes(),
            415,
            "Content-Encoding",
        ),
        (
            vec!["Content-Encoding: gzip"],
            json.clone().into_bytes(),
            400,
            "gzip",
        ),
        (vec!["Content-Encoding: gzip"], bomb, 413, "bytes"),
        (
            vec!["Content-Type: application/json; charset=x-no-such"],
            json.clone().into_bytes(),
            415,
            "charset",
        ),
        (
            vec!["Content-Type: application/json"],
            latin.into_owned(),
            415,
            "charset",
        ),
        (
            vec!["Content-Type: multipart/form-data; boundary=XyZ"],
            format!(
                "--XyZ\r\nContent-Disposition: form-data; name=\"tradeNo\"\r\n\r\n{t}\r\n--XyZ--\r\n"
            )
            .into_bytes(),
            415,
            "multipart/form-data",
        ),
        (
            vec!["Content-Type: application/xml"],
            format!("<xml><tradeNo>{t}</tradeNo></xml>").into_bytes(),
            415,
            "application/xml",
        ),
    ];
    for (headers, body, want, words) in cases {
        let (status, answer) = post_raw(listening.addr(), &headers, &body);
        assert_eq!(status, want, "{headers:?}: {answer}");
        assert!(answer.contains(words), "{headers:?}: {answer}");
        assert!(answer.contains("nothing was changed"), "{answer}");
    }
    drop(listening);
    assert_eq!(run.payout("E-1").0, "processing");
}

/// A callback whose sign verifies but that payrun cannot apply (a final
/// status without an amount) is the gateway's word in a shape payrun does
/// not read: 422, not the 401 of a forgery, which would send the operator
/// after the secret; nothing changes, and the gateway sends it again. A
/// signed status payrun cannot read (`SUCCESS`) about a payout it knows is
/// news no retry would make readable: kept, the payout flagged for a
/// person (its state kept), answered `OK`.
#[test]
fn a_signed_callback_payrun_cannot_apply_is_answered_422_not_401() {
    let (_gw, run) = processing(&[("E-1", "01712345642", 300)]);
    let listening = Listening::start(&run);
    let t = run.trade_no("E-1");
    let pairs = [("status", "0000"), ("tradeNo", t.as_str())];
    let body = json_of(&pairs, Some(&sign_of(&pairs)));
    let (status, answer) = post_json(listening.addr(), &[], body.as_bytes());
    assert_eq!(status, 422, "{pairs:?}: {answer}");
    assert!(answer.contains("the sign verifies"), "{answer}");
    assert_eq!(run.payout("E-1").2, 0, "nothing flagged");

    let pairs = [("amount", "300"), ("status", "SUCCESS"), ("tradeNo", &t)];
    let body = json_of(&pairs, Some(&sign_of(&pairs)));
    let (status, answer) = post_json(listening.addr(), &[], body.as_bytes());
    assert_eq!((status, answer.as_str()), (200, "OK"), "{pairs:?}");
    drop(listening);
    let (state, _, conflict) = run.payout("E-1");
    assert_eq!((state.as_str(), conflict), ("processing", 1));
}

/// A Java servlet labels what it posts `charset=ISO-8859-1` unless told
/// otherwise, while the bytes are the UTF-8 the gateway signed. Read in the
/// charset named, the text is not what was signed; read as UTF-8, it is.
/// Either reading is believed only when the recipe verifies over that very
/// text, so trying both cannot make a sign cover other fields.
#[test]
fn a_utf8_body_mislabelled_latin1_still_verifies() {
    let (_gw, run) = processing(&[("E-1", "01712345642", 300)]);
    let listening = Listening::start(&run);
    let t = run.trade_no("E-1");
    let pairs = [
        ("amount", "300"),
        ("message", "付款成功 • réussi"),
        ("status", "0000"),
        ("tradeNo", &t),
    ];
    let body = json_of(&pairs, Some(&sign_of(&pairs)));
    let got = post_raw(
        listening.addr(),
        &["Content-Type: application/json;charset=ISO-8859-1"],
        body.as_bytes(),
    );
    drop(listening);
    assert_eq!(got, (200, "OK".to_string()));
    assert_eq!(run.payout("E-1").0, "paid");
}
