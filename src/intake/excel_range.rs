//! Laying a worksheet out as calamine does, within bounds, and calling
//! calamine so that a panic inside it is a "damaged file" error.

use super::table::MAX_CELLS_PER_ROW;
use calamine::{Data, DataRef, Range, Reader, Sheets};
use std::cell::Cell;
use std::io::Cursor;
use std::sync::Once;

/// The most cells a worksheet's bounding box may span when most of them are
/// empty. calamine lays a sheet out densely, one slot per cell between the
/// first and the last value, so two values at `A1` and `XFD1048576` in a
/// 1 KB file would ask for 17 billion slots and abort the process (found
/// while fuzzing, see docs/fuzzing.md). 20 million slots is about 640 MB; a
/// real sheet that large is also full, and a full sheet always passes.
pub(super) const MAX_SPARSE_SPAN: u64 = 20_000_000;

/// Slots any sheet may lay out whatever it holds: 2 million slots are about
/// 64 MB, room for a payroll table and a stray cell far below or beside it.
/// Past this a sheet must be mostly full, so that memory stays within a few
/// times the size of the XML that fills it (issue 11: "no more than about
/// 10x the file's uncompressed size").
pub(super) const SPAN_FLOOR: u64 = 2_000_000;

/// Reads one worksheet densely, as calamine's `worksheet_range` does, but
/// checks the span and width first. The outer error is calamine's (the file
/// is damaged); the inner one says the span is too sparse or too wide to lay
/// out. `.xls` and `.ods` are laid out by calamine while the file is opened,
/// so their guards (`xls`, `ods_guard`) check them before it is.
pub(super) fn sheet_range(
    book: &mut Sheets<Cursor<&[u8]>>,
    name: &str,
) -> Result<Result<Range<Data>, String>, String> {
    match book {
        Sheets::Xlsx(x) => match x.worksheet_cells_reader(name) {
            Ok(mut r) => dense(|| r.next_cell().map_err(|e| e.to_string())),
            // A chart sheet has no cells; calamine reads it as empty too.
            Err(calamine::XlsxError::NotAWorksheet(_)) => Ok(Ok(Range::default())),
            Err(e) => Err(e.to_string()),
        },
        Sheets::Xlsb(x) => match x.worksheet_cells_reader(name) {
            Ok(mut r) => dense(|| r.next_cell().map_err(|e| e.to_string())),
            Err(e) => Err(e.to_string()),
        },
        other => other
            .worksheet_range(name)
            .map(Ok)
            .map_err(|e| e.to_string()),
    }
}

/// Collects the non-empty cells and lays them out, unless they span more
/// than [`SPAN_FLOOR`] slots and four times their own number (each filled
/// cell is at least about 20 bytes of XML; each slot is 32 bytes).
fn dense<'a>(
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, String>,
) -> Result<Result<Range<Data>, String>, String> {
    let mut cells = Vec::new();
    let (mut top, mut bottom, mut left, mut right) = (u32::MAX, 0u32, u32::MAX, 0u32);
    while let Some(cell) = next()? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        (top, bottom) = (top.min(r), bottom.max(r));
        (left, right) = (left.min(c), right.max(c));
        cells.push(calamine::Cell::new(
            (r, c),
            Data::from(cell.get_value().clone()),
        ));
    }
    if !cells.is_empty() {
        if let Some(far) = too_wide(right) {
            return Ok(Err(far));
        }
        let span = u64::from(bottom - top + 1) * u64::from(right - left + 1);
        let filled = cells.len() as u64;
        if span > SPAN_FLOOR.max(filled.saturating_mul(4)) {
            return Ok(Err(format!(
                "spans {}{}:{}{} ({span} cells) but only {filled} hold a value; \
                 something far outside the payroll table (or a damaged file) makes it too big \
                 to read — copy the table to a new sheet, or delete the rows and columns around it",
                super::column_letter(left as usize),
                u64::from(top) + 1,
                super::column_letter(right as usize),
                u64::from(bottom) + 1,
            )));
        }
    }
    Ok(Ok(Range::from_sparse(cells)))
}

/// Runs one calamine call and turns a panic inside it into an error.
///
/// calamine 0.31 indexes some tables with numbers taken from the file (a
/// cell naming a shared string past the end of the table panics; found by
/// the `xlsx_intake` fuzz target, see docs/fuzzing.md). A damaged workbook
/// must be a clean "damaged file" error naming the file, never a crash or a
/// backtrace on the terminal. Only calamine's own calls are wrapped, so a bug
/// in payrun's code still surfaces; the workbook is dropped right after, so
/// no half-updated state is ever used.
///
/// The panic message is kept out of stderr by a hook installed once that
/// stays silent only for the thread inside this function and hands every
/// other panic to the hook that was there before.
pub(super) fn guarded<T>(call: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_CALAMINE.with(Cell::get) {
                previous(info);
            }
        }));
    });
    IN_CALAMINE.with(|f| f.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(call));
    IN_CALAMINE.with(|f| f.set(false));
    result.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no details".to_string());
        Err(format!(
            "the workbook reader failed on damaged content: {what}"
        ))
    })
}

thread_local! {
    /// Set while this thread runs a [`guarded`] calamine call.
    static IN_CALAMINE: Cell<bool> = const { Cell::new(false) };
}

/// A sheet reaching past a spreadsheet's last column (XFD, the 16,384th) is
/// refused before any row is laid out or padded to its width: one value at
/// column 1,000,000 in a 2 KB file made every row a million cells wide.
pub(super) fn too_wide(last_col: u32) -> Option<String> {
    let last = last_col as usize;
    (last >= MAX_CELLS_PER_ROW).then(|| {
        format!(
            "reaches column {} (column number {}), past a spreadsheet's last column (XFD, number {MAX_CELLS_PER_ROW}); \
             something far to the right of the payroll table (or a damaged file) makes it too wide to read — \
             copy the table to a new sheet, or delete the columns to its right",
            super::column_letter(last),
            last + 1
        )
    })
}

/// The same check for a range calamine laid out itself (`.ods`, `.xls`).
pub(super) fn range_too_wide(range: &Range<Data>) -> Option<String> {
    range.end().and_then(|(_, c)| too_wide(c))
}
