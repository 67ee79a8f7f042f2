//! How a sheet's text is shown to people: a cell or header quoted so that
//! what cannot be seen is, a column's letter, a digest in hex.

/// A cell value or header in double quotes for a message, as the user would
/// recognise it. Rust's `{:?}` escapes Bengali vowel signs and the virama
/// (`"ন\u{9be}ম"` for নাম), which makes a Bengali header or name unreadable in
/// exactly the messages that must point the user at it. Only what a person
/// cannot see is escaped: quotes and backslashes, control characters, and the
/// invisible spaces and marks that sneak into cells.
pub fn quoted(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hidden_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// [`quoted`] for a message that itself names the value's spaces (`12 000`
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
        let q = quoted(text);
        out.push_str(&q[1..q.len() - 1]);
        out.extend(space);
    }
    out.push('"');
    out
}

/// Characters that show as nothing (or as a plain space) but change a cell.
/// The zero-width joiner and non-joiner are left alone: Bengali spelling uses them.
fn is_hidden_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00A0}'
                | '\u{00AD}'
                | '\u{2007}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202F}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
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

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn quoted_keeps_bengali_and_shows_what_is_invisible() {
        assert_eq!(quoted("মোবাইল নম্বর"), "\"মোবাইল নম্বর\"");
        assert_eq!(quoted("র\u{200D}্যাব"), "\"র\u{200D}্যাব\"");
        assert_eq!(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(quoted("0171\u{200B}\n"), "\"0171\\u{200b}\\n\"");
        assert_eq!(quoted("\u{00A0}500"), "\"\\u{a0}500\"");
    }
}
