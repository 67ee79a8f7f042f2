//! How small a row or column may be before a person checking the sheet
//! cannot read what it holds: the one rule for hidden-by-size, used by the
//! `.xlsx`, `.xls` and `.ods` scans alike (each converts its own unit).

/// The lowest row, in points, whose text can be read. Excel's default row
/// is 15 points for 11-point text; a row of 1 to 3 points shows a line, not
/// a wallet or an amount, to the person checking the sheet, so it is as
/// hidden as a row of 0 (which is how some hide rows: drag it nearly shut).
/// Only rows that would be paid matter: an empty spacer row is never read.
pub const LOWEST_READABLE_ROW_PT: f64 = 4.0;

/// Whether a row `points` high shows nothing readable: the one rule for
/// every format (`.xls` heights come in twips, `.ods` in any length unit).
pub(super) fn too_low(points: f64) -> bool {
    points < LOWEST_READABLE_ROW_PT
}

/// The smallest text, in points, that can be read: 1-point to 3-point
/// digits are a grey smudge at 100 % zoom and on paper, as unreadable as a
/// row too low to hold them.
pub const SMALLEST_READABLE_TEXT_PT: f64 = 4.0;

/// Whether text of `points` size cannot be read. A size of 0 is none a
/// suite sets (Excel's least is 1): it is taken as not given, and read.
pub(super) fn too_small(points: f64) -> bool {
    points > 0.0 && points < SMALLEST_READABLE_TEXT_PT
}

/// The narrowest column, in characters of the default font, that shows a
/// digit: narrower, Excel and LibreOffice show nothing of a number (not
/// even `#`), so a column dragged nearly shut is as hidden as one of 0.
pub(super) const NARROWEST_READABLE_COLUMN_CHARS: f64 = 1.0;

/// One character of the default font in points, for widths given as
/// lengths (`.ods`): LibreOffice saves Excel's 11.54 characters as 0.889 in.
pub(super) const POINTS_PER_CHAR: f64 = 5.55;

/// Whether a column `chars` wide shows nothing: the one rule for every
/// format (`.xlsx` widths in characters, `.xls` in 1/256 of one, `.ods` as
/// lengths, through [`POINTS_PER_CHAR`]).
pub(super) fn too_narrow(chars: f64) -> bool {
    chars < NARROWEST_READABLE_COLUMN_CHARS
}
