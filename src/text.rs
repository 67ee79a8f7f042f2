//! Words for human output: a count and its noun in the right number, so a
//! one-row sheet reads "1 payout", not "1 payouts"; and a user's text (a
//! name, a reference, a label, a header) in quotes that escape only what a
//! person cannot see. Human text only: text
//! stored in the ledger or signed by approvers keeps its own wording.

/// The taka of the rows payrun pays (a batch's valid rows, its payouts):
/// one name for one figure, in the batch report's equation and in the
/// match's. What the whole sheet asked for, invalid rows included, is
/// "taka requested in sheet"; the two differ by the invalid rows.
pub const VALID_ROWS_REQUESTED: &str = "valid rows requested";

/// `"1 payout"`, `"3 payouts"`: `one` for exactly one, else `many`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

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

/// For a command the user will paste into a shell (`cmd::shell`, and the
/// flags of `config::selection`).
/// `word` as one shell word: as it is when plainly safe, else single-quoted
/// (an empty word too, so that it stays a word).
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@+,".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(super::count(1, "payout", "payouts"), "1 payout");
        assert_eq!(super::count(0, "payout", "payouts"), "0 payouts");
        assert_eq!(
            super::count(2, "batch error", "batch errors"),
            "2 batch errors"
        );
    }

    #[test]
    fn quoted_keeps_bengali_and_shows_what_is_invisible() {
        assert_eq!(super::quoted("মোবাইল নম্বর"), "\"মোবাইল নম্বর\"");
        assert_eq!(super::quoted("র\u{200D}্যাব"), "\"র\u{200D}্যাব\"");
        assert_eq!(super::quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(super::quoted("0171\u{200B}\n"), "\"0171\\u{200b}\\n\"");
        assert_eq!(super::quoted("\u{00A0}500"), "\"\\u{a0}500\"");
    }
}
