//! `Transfer-Encoding: chunked` request bodies (RFC 9112 section 7.1),
//! decoded as the bytes arrive. A real gateway's HTTP client (often Java)
//! may post its callbacks chunked; refusing them would make it retry and
//! give up, and the payout would settle only by query.
//!
//! Strict on purpose: every line ends in CRLF, a chunk size is hex only,
//! and anything else is a 400, so that no two parsers can disagree on where
//! the body ends (request smuggling).

use super::message::{MAX_BODY, MAX_HEAD, Response, is_token_byte};

/// A chunk-size line (with its extensions) longer than this gets 400.
const MAX_SIZE_LINE: usize = 4096;
/// Framing bytes (size lines, extensions, CRLFs, trailers) over this get
/// 413, so that many tiny chunks cannot make the body cap meaningless.
const MAX_OVERHEAD: usize = 2 * MAX_BODY;

/// The decoder's place in a connection's buffer, kept between reads so that
/// each byte is looked at once.
#[derive(Debug)]
pub(crate) struct Dechunk {
    /// Offset into the buffer where the next whole chunk (or the last) starts.
    pos: usize,
    body: Vec<u8>,
    overhead: usize,
}

/// One step of decoding.
enum Step {
    /// More bytes are needed before anything can be said.
    More,
    /// A data chunk: its data's range and where the next chunk starts.
    Data(usize, usize),
    /// The last chunk and its trailers: the offset just past them.
    End(usize),
}

fn bad(msg: &str) -> Response {
    Response::text(400, format!("malformed chunked body: {msg}\n"))
}

fn too_large() -> Response {
    Response::text(
        413,
        format!("the body is over {MAX_BODY} bytes; the gateway's are a few hundred\n"),
    )
}

/// Where the CRLF-ended line starting at `from` ends (just past its LF).
fn line_end(buf: &[u8], from: usize) -> Option<usize> {
    let rest = buf.get(from..)?;
    rest.windows(2)
        .position(|w| w == b"\r\n")
        .map(|i| from + i + 2)
}

impl Dechunk {
    /// Starts decoding at `start`, just past the request head.
    pub fn new(start: usize) -> Dechunk {
        Dechunk {
            pos: start,
            body: Vec::new(),
            overhead: 0,
        }
    }

    /// Decodes what `buf` holds. `Ok(Some(end))` once the body is whole,
    /// `end` being just past its trailers; `Ok(None)` when more bytes are
    /// needed; `Err` is the answer to close with.
    pub fn advance(&mut self, buf: &[u8]) -> Result<Option<usize>, Response> {
        loop {
            let before = self.pos;
            let step = self.step(buf)?;
            let framing = match step {
                Step::More => return Ok(None),
                Step::Data(from, to) => {
                    let data = buf.get(from..to).ok_or_else(|| bad("internal range"))?;
                    self.body.extend_from_slice(data);
                    self.pos = to.saturating_add(2);
                    self.pos.saturating_sub(before).saturating_sub(data.len())
                }
                Step::End(end) => {
                    self.pos = end;
                    end.saturating_sub(before)
                }
            };
            self.overhead = self.overhead.saturating_add(framing);
            if self.overhead > MAX_OVERHEAD {
                return Err(too_large());
            }
            if let Step::End(end) = step {
                return Ok(Some(end));
            }
        }
    }

    /// The decoded body, once `advance` has said it is whole.
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }

    fn step(&self, buf: &[u8]) -> Result<Step, Response> {
        let Some(line_to) = line_end(buf, self.pos) else {
            if buf.len().saturating_sub(self.pos) > MAX_SIZE_LINE {
                return Err(bad("a chunk-size line is over 4 KiB"));
            }
            return Ok(Step::More);
        };
        if line_to - self.pos > MAX_SIZE_LINE {
            return Err(bad("a chunk-size line is over 4 KiB"));
        }
        let line = buf.get(self.pos..line_to - 2).unwrap_or_default();
        let size = chunk_size(line)?;
        if size == 0 {
            return self.trailers(buf, line_to);
        }
        if size > MAX_BODY.saturating_sub(self.body.len()) {
            return Err(too_large());
        }
        let data_to = line_to + size;
        let Some(crlf) = buf.get(data_to..data_to + 2) else {
            return Ok(Step::More);
        };
        if crlf != b"\r\n" {
            return Err(bad("a chunk's data is not followed by CRLF"));
        }
        Ok(Step::Data(line_to, data_to))
    }

    /// Trailer lines after the last chunk, up to the blank line. They are
    /// read and dropped: nothing payrun serves looks at them.
    fn trailers(&self, buf: &[u8], mut at: usize) -> Result<Step, Response> {
        let start = at;
        loop {
            let Some(to) = line_end(buf, at) else {
                if buf.len().saturating_sub(start) > MAX_HEAD {
                    return Err(bad("the trailers are over 16 KiB"));
                }
                return Ok(Step::More);
            };
            if to - start > MAX_HEAD {
                return Err(bad("the trailers are over 16 KiB"));
            }
            let line = buf.get(at..to - 2).unwrap_or_default();
            if line.is_empty() {
                return Ok(Step::End(to));
            }
            let name = line.split(|b| *b == b':').next().unwrap_or_default();
            if !line.contains(&b':') || name.is_empty() || !name.iter().all(|b| is_token_byte(*b)) {
                return Err(bad("a trailer line is not NAME: VALUE"));
            }
            at = to;
        }
    }
}

/// `1a;name=value` to 26: hex digits, then optional whitespace and
/// extensions after `;`, which are ignored.
fn chunk_size(line: &[u8]) -> Result<usize, Response> {
    let digits = line.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    let (hex, rest) = line.split_at(digits.min(line.len()));
    if hex.is_empty() {
        return Err(bad("a chunk size is not hexadecimal"));
    }
    let rest = rest
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .and_then(|i| rest.get(i..))
        .unwrap_or_default();
    if !rest.is_empty() && !rest.starts_with(b";") {
        return Err(bad("a chunk size is followed by something other than ';'"));
    }
    if rest.iter().any(|b| b.is_ascii_control() && *b != b'\t') {
        return Err(bad("a chunk extension holds a control character"));
    }
    let hex = std::str::from_utf8(hex).map_err(|_| bad("a chunk size is not hexadecimal"))?;
    // Leading zeros are allowed; a value past usize is simply too large.
    usize::from_str_radix(hex, 16).map_err(|_| {
        if hex.trim_start_matches('0').len() > 15 {
            too_large()
        } else {
            bad("a chunk size is not hexadecimal")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `raw` (a body after a 4-byte stand-in head) `step` bytes at a
    /// time: the decoded body and where it ended, or the refusal's status.
    fn decode(raw: &str, step: usize) -> Result<(Vec<u8>, usize), u16> {
        let mut buf = b"HEAD".to_vec();
        let mut d = Dechunk::new(buf.len());
        for piece in raw.as_bytes().chunks(step.max(1)) {
            buf.extend_from_slice(piece);
            if let Some(end) = d.advance(&buf).map_err(|r| r.status)? {
                return Ok((d.into_body(), end));
            }
        }
        Err(0)
    }

    #[test]
    fn chunks_extensions_and_trailers_decode_whole_or_byte_by_byte() {
        let raw = "5;name=\"v\"\r\nhello\r\n7 ; x\r\n, world\r\n00\r\nX-Sum: 1\r\nY: 2\r\n\r\nNEXT";
        let end = 4 + raw.len() - "NEXT".len();
        for step in [1, 2, 3, 7, raw.len()] {
            assert_eq!(
                decode(raw, step),
                Ok((b"hello, world".to_vec(), end)),
                "step {step}"
            );
        }
        assert_eq!(decode("0\r\n\r\n", 1), Ok((Vec::new(), 9)));
        assert_eq!(
            decode("A\r\n0123456789\r\n0\r\n\r\n", 4).unwrap().0.len(),
            10
        );
        // Incomplete: more is needed, nothing is refused.
        assert_eq!(decode("5\r\nhel", 1), Err(0));
        assert_eq!(decode("5\r\nhello\r\n0\r\nX: 1\r\n", 1), Err(0));
    }

    #[test]
    fn bodies_past_the_cap_get_413() {
        let big = format!("{:x}\r\n", MAX_BODY + 1);
        assert_eq!(decode(&big, 64), Err(413));
        let half = "a".repeat(MAX_BODY / 2 + 1);
        let two = format!(
            "{0:x}\r\n{half}\r\n{0:x}\r\n{half}\r\n0\r\n\r\n",
            half.len()
        );
        assert_eq!(decode(&two, 8192), Err(413));
        assert_eq!(decode("ffffffffffffffffffff\r\n", 64), Err(413));
        // Framing alone past its cap: many one-byte chunks with extensions.
        let ext = format!("1;{}\r\nx\r\n", "e".repeat(1000));
        assert_eq!(decode(&ext.repeat(600), 8192), Err(413));
        let exact = "a".repeat(MAX_BODY);
        let ok = format!("{:x}\r\n{exact}\r\n0\r\n\r\n", exact.len());
        assert_eq!(decode(&ok, 8192).map(|(b, _)| b.len()), Ok(MAX_BODY));
    }

    #[test]
    fn malformed_chunking_gets_400() {
        for raw in [
            "\r\nhello\r\n0\r\n\r\n",
            "x5\r\nhello\r\n0\r\n\r\n",
            "-5\r\nhello\r\n0\r\n\r\n",
            "+5\r\nhello\r\n0\r\n\r\n",
            "0x5\r\nhello\r\n0\r\n\r\n",
            "5 5\r\nhello\r\n0\r\n\r\n",
            "5\r\nhelloXX0\r\n\r\n",
            "5\r\nhello\n0\r\n\r\n",
            "3\r\nhello\r\n0\r\n\r\n",
            "5;\u{0}\r\nhello\r\n0\r\n\r\n",
            "0\r\nno colon\r\n\r\n",
            "0\r\n: empty name\r\n\r\n",
        ] {
            assert_eq!(decode(raw, 1), Err(400), "{raw:?}");
            assert_eq!(decode(raw, raw.len()), Err(400), "{raw:?}");
        }
        let long = format!("5;{}", "e".repeat(MAX_SIZE_LINE + 10));
        assert_eq!(decode(&long, 512), Err(400));
        let trailers = format!("0\r\n{}", "X: y\r\n".repeat(MAX_HEAD / 5));
        assert_eq!(decode(&trailers, 512), Err(400));
    }
}
