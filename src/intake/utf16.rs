//! UTF-16 text with a byte-order mark, handed on as UTF-8.
//!
//! Excel's "Unicode Text" export is UTF-16LE with a BOM, tab-separated. The
//! mark says the encoding and the byte order, so reading it is not a guess.
//! Without the mark payrun does not read UTF-16 (see `csv::sniff_encoding`).
//! Streaming, with fixed buffers: the output is at most 1.5 times the input.
//! A lone surrogate or a last half character is an error, never a
//! replacement character: a mis-decoded digit in a wallet is worse than no
//! payout file.

use std::io::{self, Read};

/// How much input is decoded at a time.
const CHUNK: usize = 16 * 1024;

pub(super) struct Utf16Reader<R> {
    inner: R,
    big_endian: bool,
    /// Decoded UTF-8 not yet handed out, from `out_pos`.
    out: Vec<u8>,
    out_pos: usize,
    /// A byte of a code unit whose other byte has not arrived.
    odd: Option<u8>,
    /// A high surrogate waiting for its low half.
    high: Option<u16>,
    /// Input bytes consumed, for messages.
    offset: u64,
    started: bool,
    eof: bool,
}

impl<R: Read> Utf16Reader<R> {
    /// Reads UTF-16 that starts with its byte-order mark (which is dropped).
    pub(super) fn new(inner: R, big_endian: bool) -> Utf16Reader<R> {
        Utf16Reader {
            inner,
            big_endian,
            out: Vec::with_capacity(CHUNK * 2),
            out_pos: 0,
            odd: None,
            high: None,
            offset: 0,
            started: false,
            eof: false,
        }
    }

    fn bad(&self, what: &str) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "the UTF-16 text is not valid near byte {}: {what}; export it again, or save it as \"CSV UTF-8\"",
                self.offset
            ),
        )
    }

    /// Decodes the next chunk of input into `out`.
    fn fill(&mut self) -> io::Result<()> {
        let mut raw = [0u8; CHUNK];
        let n = self.inner.read(&mut raw)?;
        self.out.clear();
        self.out_pos = 0;
        if n == 0 {
            self.eof = true;
            if self.odd.is_some() {
                return Err(self.bad("the file ends in half a character"));
            }
            if self.high.is_some() {
                return Err(self.bad("the file ends in half a surrogate pair"));
            }
            return Ok(());
        }
        let mut bytes = raw.get(..n).unwrap_or(&[]).iter().copied();
        loop {
            let (a, b) = match (self.odd.take(), bytes.next()) {
                (Some(a), Some(b)) => (a, b),
                (None, Some(a)) => match bytes.next() {
                    Some(b) => (a, b),
                    None => {
                        self.odd = Some(a);
                        break;
                    }
                },
                (odd, None) => {
                    self.odd = odd;
                    break;
                }
            };
            self.offset += 2;
            let unit = if self.big_endian {
                u16::from_be_bytes([a, b])
            } else {
                u16::from_le_bytes([a, b])
            };
            self.unit(unit)?;
        }
        Ok(())
    }

    fn unit(&mut self, unit: u16) -> io::Result<()> {
        if !self.started {
            self.started = true;
            if unit == 0xFEFF {
                return Ok(());
            }
        }
        let c = match (self.high.take(), unit) {
            (None, 0xD800..=0xDBFF) => {
                self.high = Some(unit);
                return Ok(());
            }
            (Some(h), 0xDC00..=0xDFFF) => {
                let code = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                char::from_u32(code)
            }
            (Some(_), _) | (None, 0xDC00..=0xDFFF) => None,
            (None, u) => char::from_u32(u32::from(u)),
        };
        let Some(c) = c else {
            return Err(self.bad("a lone surrogate"));
        };
        let mut utf8 = [0u8; 4];
        self.out
            .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        Ok(())
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos >= self.out.len() {
            if self.eof {
                return Ok(0);
            }
            self.fill()?;
        }
        let avail = self.out.get(self.out_pos..).unwrap_or(&[]);
        let n = avail.len().min(buf.len());
        buf.get_mut(..n)
            .unwrap_or(&mut [])
            .copy_from_slice(avail.get(..n).unwrap_or(&[]));
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], be: bool) -> io::Result<String> {
        let mut s = String::new();
        Utf16Reader::new(bytes, be).read_to_string(&mut s)?;
        Ok(s)
    }

    fn le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn both_byte_orders_and_every_plane_decode() {
        let text = "\u{feff}নাম\tWallet\r\n😀 Rahim\t01712345678\r\n";
        assert_eq!(decode(&le(text), false).unwrap(), &text[3..]);
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be, true).unwrap(), &text[3..]);
        // Across many chunks, with pairs split between them.
        let long = format!("\u{feff}{}", "😀a".repeat(20_000));
        assert_eq!(decode(&le(&long), false).unwrap(), &long[3..]);
    }

    #[test]
    fn broken_utf16_is_an_error_never_a_guess() {
        let mut odd = le("\u{feff}ab");
        odd.push(0x41);
        assert!(
            decode(&odd, false)
                .unwrap_err()
                .to_string()
                .contains("half a character")
        );
        let lone: Vec<u8> = [0xFEFFu16, 0xD800, 0x0041]
            .iter()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert!(
            decode(&lone, false)
                .unwrap_err()
                .to_string()
                .contains("lone surrogate")
        );
        let low: Vec<u8> = [0xFEFFu16, 0xDC00]
            .iter()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert!(decode(&low, false).is_err());
    }
}
