//! Words for a command the user will paste into a shell.

/// `word` as one shell word: as it is when plainly safe, else single-quoted
/// (an empty word too, so that it stays a word).
pub(super) fn shell_word(word: &str) -> String {
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
    use super::shell_word;

    #[test]
    fn quotes_only_what_a_shell_would_split_or_expand() {
        for (word, quoted) in [
            ("pay-2026_11.csv", "pay-2026_11.csv"),
            ("/tmp/a:b@c+d,e", "/tmp/a:b@c+d,e"),
            ("my sheet.csv", "'my sheet.csv'"),
            ("it's.csv", r"'it'\''s.csv'"),
            ("$HOME", "'$HOME'"),
            ("", "''"),
        ] {
            assert_eq!(shell_word(word), quoted, "{word:?}");
        }
    }
}
