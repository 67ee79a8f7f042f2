//! What the rich-text runs of one cell's text do to it, by the one rule
//! every format that keeps runs follows (`.xlsx` shared and inline strings
//! in `xlsx_runs.rs`, `.xls` shared strings in `biff_sst.rs`): a run with
//! text that shows nothing on white hides the cell; a struck run over a
//! digit, or every run with text struck, strikes it through. A wallet
//! `0171234` + struck `5003` is a number finance crossed out; a struck
//! ` (old)` after a number is a note, not the number.

/// The runs of one string, judged as they are read.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct RunJudge {
    /// A run with text shows nothing on white.
    hides: bool,
    /// A struck run covers a digit.
    struck_digit: bool,
    /// Some text is struck, and some is not.
    struck_text: bool,
    plain_text: bool,
}

impl RunJudge {
    /// One run's `text`, whose font shows nothing on white (`hides`) or
    /// strikes it through (`struck`). Blank text counts for neither.
    pub(super) fn piece(&mut self, text: &str, hides: bool, struck: bool) {
        if text.trim().is_empty() {
            return;
        }
        self.hides |= hides;
        self.struck_digit |= struck && text.chars().any(char::is_numeric);
        self.struck_text |= struck;
        self.plain_text |= !struck;
    }

    /// Whether a run with text shows nothing.
    pub(super) fn hides(&self) -> bool {
        self.hides
    }

    /// Whether the string is struck through: a struck run covers a digit,
    /// or every run with text is struck.
    pub(super) fn struck(&self) -> bool {
        self.struck_digit || (self.struck_text && !self.plain_text)
    }
}
