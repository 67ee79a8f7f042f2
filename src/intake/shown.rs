//! How a sheet's text is shown to people: a cell or header quoted so that
//! what cannot be seen is, a column's letter, a digest in hex.

/// [`quoted`](crate::text::quoted) for a message that itself names the value's spaces (`12 000`
/// grouped with a non-breaking space): those spaces are shown as written, as
/// the user sees them in the sheet; every other hidden character is escaped.
pub fn quoted_as_written(s: &str) -> String {
    let spaces = ['\u{a0}', '\u{2007}', '\u{2009}', '\u{202f}'];
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for part in s.split_inclusive(|c| spaces.contains(&c)) {
        let (text, space) = match part.chars().last() {
            Some(c) if spaces.contains(&c) => (&part[..part.len() - c.len_utf8()], Some(c)),
            _ => (part, None),
        };
        let q = crate::text::quoted(text);
        out.push_str(&q[1..q.len() - 1]);
        out.extend(space);
    }
    out.push('"');
    out
}

/// Lower-case hex of a digest, shared by every digest payrun prints.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Spreadsheet column letter for a 0-based index: 0 -> A, 26 -> AA.
pub fn column_letter(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}
