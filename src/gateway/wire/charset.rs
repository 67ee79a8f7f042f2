//! The one rule for the charset a gateway's text comes in, for both ways it
//! reaches payrun: a callback (`callback::envelope`, which tries each
//! reading against the sign) and an answer to payrun's own request (the
//! client, which has no sign to choose by, so reads it with [`answer_text`]).
//!
//! The provider sends UTF-8 and says nothing of other charsets; a gateway in
//! Java may label what it sends `ISO-8859-1` and send either. Bytes that are
//! UTF-8 are read as UTF-8 whatever the label (a mislabel is the common
//! case). Bytes that are not are read in the charset the `Content-Type`
//! names, so `é` in latin-1 is stored as `é`, not U+FFFD, but only when
//! that reading keeps every ASCII byte as the same character in the same
//! place: the braces, quotes, digits and codes that payrun reads then read
//! exactly as before. A multi-byte charset whose second bytes may be ASCII
//! (Shift_JIS, GBK, Big5: `\` and `"` among them) can fail that check; the
//! text is then read as before, undecodable bytes as U+FFFD.

use encoding_rs::{Encoding, UTF_8};

/// The largest answer read in a charset other than UTF-8; a larger one
/// (the client reads at most 1 MiB) is read as before.
pub const MAX_DECODED: usize = 1024 * 1024;

/// The `charset` parameter of a `Content-Type`, as written (unquoted).
pub fn label(content_type: Option<&str>) -> Option<String> {
    content_type?.split(';').skip(1).find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

/// The encoding a label names (WHATWG labels: `latin1`, `ISO-8859-1` and
/// `windows-1252` are one), `None` for one unknown.
pub fn named(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// An answer's body as text, by the rule above.
pub fn answer_text(bytes: &[u8], content_type: Option<&str>) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let lossy = || String::from_utf8_lossy(bytes).into_owned();
    let Some(enc) = label(content_type).as_deref().and_then(named) else {
        return lossy();
    };
    if enc == UTF_8 || !enc.is_ascii_compatible() || bytes.len() > MAX_DECODED {
        return lossy();
    }
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) if keeps_ascii(bytes, &text) => text.into_owned(),
        _ => lossy(),
    }
}

/// Whether `text` holds the ASCII bytes of `bytes`, and only those, in the
/// same order: the reading changed nothing but the other characters.
fn keeps_ascii(bytes: &[u8], text: &str) -> bool {
    let from = bytes.iter().copied().filter(u8::is_ascii);
    let to = text.bytes().filter(u8::is_ascii);
    from.eq(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LATIN1: Option<&str> = Some("application/json; charset=ISO-8859-1");

    #[test]
    fn latin1_labelled_text_is_read_in_latin1_and_utf8_bytes_as_utf8() {
        let body = b"{\"code\":\"0000\",\"desc\":\"traitement en cours \xe9\"}";
        assert_eq!(
            answer_text(body, LATIN1),
            "{\"code\":\"0000\",\"desc\":\"traitement en cours é\"}"
        );
        // Quoted, spaced, another spelling of the same charset.
        let quoted = Some("application/json;Charset=\"latin1\"");
        assert!(answer_text(body, quoted).ends_with("cours é\"}"));
        // UTF-8 bytes labelled latin-1 (a Java servlet's default): UTF-8.
        let utf8 = "{\"desc\":\"traitement en cours é\"}";
        assert_eq!(answer_text(utf8.as_bytes(), LATIN1), utf8);
        // No label, or none known: as before, U+FFFD.
        for ct in [
            None,
            Some("application/json"),
            Some("text/plain; charset=x-nope"),
        ] {
            assert!(
                answer_text(body, ct).ends_with("cours \u{fffd}\"}"),
                "{ct:?}"
            );
        }
    }

    #[test]
    fn a_reading_that_would_move_an_ascii_byte_is_not_taken() {
        // In Shift_JIS 0x81 0x22 would be one character, eating the quote
        // that ends the string: the code after it would read otherwise.
        let body = b"{\"desc\":\"x\x81\",\"code\":\"0000\"}";
        let sjis = Some("application/json; charset=Shift_JIS");
        let text = answer_text(body, sjis);
        assert_eq!(text, String::from_utf8_lossy(body));
        // UTF-16 is not ASCII-compatible: never read in it.
        let utf16 = Some("application/json; charset=UTF-16");
        assert_eq!(
            answer_text(b"{\"code\":\"0000\xff\"}", utf16),
            "{\"code\":\"0000\u{fffd}\"}"
        );
    }

    #[test]
    fn past_the_limit_an_answer_is_read_as_before() {
        let mut body = vec![b' '; MAX_DECODED];
        body.push(0xe9);
        assert!(answer_text(&body, LATIN1).ends_with('\u{fffd}'));
        body.remove(0);
        assert!(answer_text(&body, LATIN1).ends_with('é'));
    }
}
