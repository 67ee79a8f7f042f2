//! Words for a command the user will paste into a shell.

pub(super) use crate::text::shell_word;

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
