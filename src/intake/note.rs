//! Notes about how a sheet was read, and which of them may never be dropped.
//!
//! Most notes say how payrun read the sheet ("semicolon-separated", "3
//! totals rows match"). Some say that payrun did *not* read or could not
//! check something: a row or sheet it skipped, a column it left unread, a
//! total it could not compare, hidden rows it cannot see in this format.
//! Those limit what the user can rely on, so they are never suppressed: not
//! by `--quiet`, not in JSON logs. A note nobody classified counts as such a
//! limit (see the `From<String>` impl), so a new reader's note can only err
//! on the side of being shown.

use std::fmt;

/// How much a note matters when output is cut down to the essentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// How the sheet was read; nothing was left out or left unchecked.
    Info,
    /// Something payrun did not read, cannot see or could not check.
    Limit,
}

/// One note about a sheet, as shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub kind: NoteKind,
    pub text: String,
}

impl Note {
    /// A note that may be left out under `--quiet`.
    pub fn info(text: impl Into<String>) -> Note {
        Note {
            kind: NoteKind::Info,
            text: text.into(),
        }
    }

    /// A note that something was not read or not checked: never suppressed.
    pub fn limit(text: impl Into<String>) -> Note {
        Note {
            kind: NoteKind::Limit,
            text: text.into(),
        }
    }

    /// Whether the note limits what payrun could see or check.
    pub fn limits(&self) -> bool {
        self.kind == NoteKind::Limit
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// A plain string from a reader that does not classify its notes: shown
/// always, because payrun cannot tell that it is harmless.
impl From<String> for Note {
    fn from(text: String) -> Note {
        Note::limit(text)
    }
}

impl std::ops::Deref for Note {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_nobody_classified_is_never_dropped() {
        // The workbook reader's notes arrive as strings, like the one that
        // says payrun cannot see hidden rows in .xls files.
        let n = Note::from("payrun cannot see hidden rows in .xls files".to_string());
        assert!(n.limits());
        assert!(!Note::info("semicolon-separated").limits());
        assert_eq!(n.as_str(), &*n);
    }
}
