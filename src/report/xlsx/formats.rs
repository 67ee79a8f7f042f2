//! The cell formats every XLSX report shares: one header style, text that
//! stays text, taka with lakh grouping, and the colours that mark a cell.

use super::number::LakhFormats;
use crate::report::model::RowStatus;
use crate::report::table::Mark;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// Formats are built once per workbook: building one per cell showed up in
/// the profile of a 100,000-row report.
pub(crate) struct Formats {
    pub header: Format,
    /// Text, kept text when a person edits it (`@`).
    pub text: Format,
    /// Long text (notes, statements): the same, named apart so a report
    /// says which of its columns are prose.
    pub long: Format,
    pub taka: LakhFormats,
    pub poisha: Format,
    /// Counts and row numbers: no number format, only the alignment.
    pub int: Format,
    /// One per [`RowStatus`], in [`RowStatus::ALL`] order.
    statuses: Vec<Format>,
    good: Format,
    alarm: Format,
    error: Format,
    warning: Format,
    /// The error and warning colours on a number: no text format (`@`),
    /// so a workbook's number marked in the check report stays a number.
    error_number: Format,
    warning_number: Format,
}

/// Every cell starts from this: aligned to the top of its row, so that in a
/// row made tall by one long value (a note, the control equation) the
/// other cells stand beside its first line, not at its foot.
fn base() -> Format {
    Format::new().set_align(FormatAlign::Top)
}

impl Formats {
    pub(crate) fn new() -> Formats {
        // Text wraps: a value longer than its column's widest grows the
        // row (see table.rs), never the page.
        let text = base().set_num_format("@").set_text_wrap();
        Formats {
            header: base()
                .set_text_wrap()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            long: text.clone(),
            taka: LakhFormats::new(&base()),
            poisha: base().set_num_format("0"),
            int: base(),
            statuses: RowStatus::ALL.into_iter().map(status).collect(),
            good: text.clone().set_background_color(Color::RGB(0xC6EFCE)),
            alarm: alarm(),
            error: text
                .clone()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            warning: text.clone().set_background_color(Color::RGB(0xFFEB9C)),
            error_number: base()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            warning_number: base().set_background_color(Color::RGB(0xFFEB9C)),
            text,
        }
    }

    /// The format of a marked cell.
    pub(crate) fn mark(&self, mark: Mark) -> &Format {
        match mark {
            Mark::Status(s) => RowStatus::ALL
                .iter()
                .position(|x| *x == s)
                .and_then(|i| self.statuses.get(i))
                .unwrap_or(&self.text),
            Mark::Good => &self.good,
            Mark::Alarm => &self.alarm,
            Mark::Error => &self.error,
            Mark::Warning => &self.warning,
            Mark::Heading => &self.header,
        }
    }

    /// The format of a marked number: the mark's colours where the check
    /// report uses them on a number (error, warning), a plain number's
    /// format for the others, which no report puts on a number.
    pub(crate) fn mark_number(&self, mark: Mark) -> &Format {
        match mark {
            Mark::Error => &self.error_number,
            Mark::Warning => &self.warning_number,
            _ => &self.int,
        }
    }
}

/// White on dark red: a person must look.
fn alarm() -> Format {
    base()
        .set_num_format("@")
        .set_text_wrap()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0xC00000))
}

/// Status colours: green paid, amber processing, red failed, and the alarm
/// for a conflict, which a person must resolve.
fn status(status: RowStatus) -> Format {
    let bg = match status {
        RowStatus::Paid => 0xC6EFCE,
        RowStatus::Processing => 0xFFEB9C,
        RowStatus::Failed => 0xFFC7CE,
        RowStatus::Unknown => 0xF8CBAD,
        RowStatus::NotSent => 0xD9D9D9,
        RowStatus::Invalid => 0xE4DFEC,
        RowStatus::Conflict => return alarm(),
    };
    base()
        .set_num_format("@")
        .set_text_wrap()
        .set_background_color(Color::RGB(bg))
}
