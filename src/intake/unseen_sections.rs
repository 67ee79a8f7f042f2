//! The sections of a number format code, and what each shows: the value,
//! digits of its own, a plain figure, or a condition (`[>100]`). Read by
//! the rules in `unseen.rs` and by `format_rounds.rs`.

use super::literal_text;

/// The sections of a format code: split at `;` outside quotes, brackets
/// and escapes.
pub(super) fn split_sections(code: &str) -> Vec<String> {
    let mut sections = vec![String::new()];
    let mut chars = code.chars();
    let (mut quoted, mut bracket) = (false, false);
    while let Some(c) = chars.next() {
        let current = sections.last_mut();
        match c {
            '"' if !bracket => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            '\\' | '_' | '*' if !quoted && !bracket => {
                if let Some(s) = current {
                    s.push(c);
                    s.extend(chars.next());
                }
                continue;
            }
            ';' if !quoted && !bracket => {
                sections.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(s) = sections.last_mut() {
            s.push(c);
        }
    }
    sections
}

/// Whether a section shows a number: the value, or digits of its own.
pub(super) fn shows_number(section: &str) -> bool {
    shows_value(section) || literal_text(section).chars().any(char::is_numeric)
}

/// Whether a section shows the value: a placeholder outside literals.
pub(super) fn shows_value(section: &str) -> bool {
    let lower = codes(section);
    lower.contains("general")
        || lower.chars().any(|c| {
            matches!(
                c,
                '0' | '#' | '?' | '@' | 'y' | 'm' | 'd' | 'h' | 's' | 'e' | 'g' | 'b'
            )
        })
}

/// Whether a section shows the value as a plain figure (`0`, `#`, `?`,
/// `General`), not as a date or time: only then is a word beside it a unit.
pub(super) fn shows_figure(section: &str) -> bool {
    let lower = codes(section);
    let lower = lower.replace("general", "0");
    lower.chars().any(|c| matches!(c, '0' | '#' | '?'))
        && !lower
            .chars()
            .any(|c| matches!(c, 'y' | 'm' | 'd' | 'h' | 's'))
}

/// A section's codes, lower case: what is left outside quotes, escapes and
/// brackets (an elapsed time, `[h]`, `[mm]`, `[ss]`, as a `0`).
pub(super) fn codes(section: &str) -> String {
    let mut chars = section.chars().peekable();
    let mut rest = String::new();
    let (mut quoted, mut bracket) = (false, false);
    while let Some(c) = chars.next() {
        match c {
            '"' if !bracket => quoted = !quoted,
            _ if quoted => {}
            '[' => bracket = true,
            ']' if bracket => bracket = false,
            _ if bracket => {
                // Elapsed time ([h], [mm], [ss]) shows the value.
                if matches!(c, 'h' | 'H' | 'm' | 'M' | 's' | 'S') {
                    rest.push('0');
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            c => rest.push(c),
        }
    }
    rest.to_ascii_lowercase()
}

/// A `[<100]`-style condition in a section.
pub(super) fn has_condition(section: &str) -> bool {
    let mut in_bracket = false;
    let mut first = true;
    for c in section.chars() {
        match c {
            '[' => {
                in_bracket = true;
                first = true;
            }
            ']' => in_bracket = false,
            '<' | '>' | '=' if in_bracket && first => return true,
            _ if in_bracket => first = false,
            _ => {}
        }
    }
    false
}
