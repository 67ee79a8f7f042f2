//! Turns a stream of raw rows into header detection plus fixed-size chunks of
//! data rows, so a sheet of any length is validated with bounded memory.
//!
//! It also notes each row that follows a long run of empty rows
//! ([`FAR_GAP`]): a payee typed 1,500 rows down is in the file but not on
//! anyone's screen, and validate refuses it.

use super::areas::SheetTable;
use super::columns::{
    HEADER_SEARCH_ROWS, detect_header, header_below_search, header_within_search, holds_payroll,
};
use super::merged::MergedValues;
use super::table::RowTable;
use super::totals;
use super::{AboveCell, Gap, IntakeError, Layout, Note, ReadOptions};
use std::sync::Arc;

/// Empty rows after which a row is far below the list. Finance leaves a
/// blank row or two between the parts of a sheet, a few more above a
/// signature block; 20 empty rows is past any of that, and about what a
/// laptop shows of a sheet at 100% (25-30 rows), so a row past them is off
/// the screen of whoever reviews the end of the list.
pub(crate) const FAR_GAP: usize = 20;

/// The most gaps kept: past them the sheet is refused all the same.
pub(crate) const MAX_GAPS: usize = 100;

/// Rows read past the header search, when no row in it could be the
/// header, to name a header further down in the refusal (a block of
/// instructions above the table). Only the message reads them.
const LOOK_BELOW_SEARCH: usize = 100;

/// Collects rows from a reader, finds the header within the first rows, then
/// hands data rows on in chunks of `chunk_rows`.
pub(crate) struct Chunker<'m, 'f> {
    path: String,
    opts: &'m ReadOptions,
    chunk_rows: usize,
    on_chunk: &'f mut dyn FnMut(&Layout, RowTable),
    table: RowTable,
    layout: Option<Layout>,
    notes: Vec<Note>,
    data_rows: usize,
    /// Totals rows left out (their notes stop at [`totals::MAX_NOTES`]).
    totals_skipped: usize,
    /// The totals rows left out, for the validator to compare.
    stated_totals: Vec<totals::StatedTotal>,
    /// The notes under the total left out, for the validator to read.
    notes_under_total: Vec<AboveCell>,
    /// Every row as read: no header search, no totals rows left out (for
    /// readers with their own columns, such as a provider's statement).
    raw: bool,
    /// What merges spanning rows show, handed with every chunk.
    merged: Arc<MergedValues>,
    /// The sheet's Excel tables with a totals row: those rows are totals.
    tables: Vec<SheetTable>,
    /// The last non-empty row handed on (the header at first).
    last_row: usize,
    /// Rows after [`FAR_GAP`] empty rows or more.
    gaps: Vec<Gap>,
    /// Whether the rows come from a workbook (see [`Layout::workbook`]).
    workbook: bool,
    /// The header search's refusal, held while rows below the search are
    /// read for a header further down ([`LOOK_BELOW_SEARCH`]).
    below_search: Option<String>,
}

impl<'m, 'f> Chunker<'m, 'f> {
    pub(crate) fn new(
        path: &str,
        opts: &'m ReadOptions,
        chunk_rows: usize,
        on_chunk: &'f mut dyn FnMut(&Layout, RowTable),
    ) -> Chunker<'m, 'f> {
        Chunker {
            path: path.to_string(),
            opts,
            chunk_rows: chunk_rows.max(1),
            on_chunk,
            table: RowTable::new(),
            layout: None,
            notes: Vec::new(),
            data_rows: 0,
            totals_skipped: 0,
            stated_totals: Vec::new(),
            notes_under_total: Vec::new(),
            raw: false,
            merged: Arc::default(),
            tables: Vec::new(),
            last_row: 0,
            gaps: Vec::new(),
            workbook: false,
            below_search: None,
        }
    }

    /// This chunker, for the rows of a workbook rather than a CSV.
    pub(crate) fn in_workbook(mut self, workbook: bool) -> Chunker<'m, 'f> {
        self.workbook = workbook;
        self
    }

    /// What merges spanning rows show in the sheet, given by a workbook
    /// reader before its rows.
    pub(crate) fn set_merged(&mut self, merged: MergedValues) {
        self.merged = Arc::new(merged);
    }

    /// The sheet's Excel tables, given by a workbook reader before its
    /// rows: a table's totals row is a totals row whatever it says.
    pub(crate) fn set_tables(&mut self, tables: &[SheetTable]) {
        self.tables = tables
            .iter()
            .filter(|t| t.totals.is_some())
            .cloned()
            .collect();
    }

    /// This chunker, handing on every non-empty row, title rows and header
    /// included, under an empty layout: the caller finds its own header.
    pub(crate) fn raw(mut self) -> Chunker<'m, 'f> {
        self.raw = true;
        self
    }

    /// Whether `rows` (a sheet's first rows) hold a payroll table as this
    /// reader would find one, with the same `--map` and `--provider`; never
    /// for a raw reader, whose file (a statement) has columns of its own.
    pub(crate) fn finds_payroll(&self, rows: &[(usize, Vec<String>)]) -> bool {
        !self.raw && holds_payroll(rows, &self.opts.maps, self.opts.provider)
    }

    /// [`Self::finds_payroll`], with a payee under the header.
    pub(crate) fn finds_payees(&self, rows: &[(usize, Vec<String>)]) -> bool {
        !self.raw && super::columns::holds_payees(rows, &self.opts.maps, self.opts.provider)
    }

    /// Whether this reader looks for a payroll header at all.
    pub(crate) fn wants_payroll(&self) -> bool {
        !self.raw
    }

    /// The table the reader writes the current row into.
    pub(crate) fn table(&mut self) -> &mut RowTable {
        &mut self.table
    }

    /// Ends the current row; detects the header or flushes a full chunk.
    pub(crate) fn row_done(&mut self) -> Result<(), IntakeError> {
        self.table.end_row();
        if self.layout.is_none() {
            if self.below_search.is_some() {
                if self.table.len() >= HEADER_SEARCH_ROWS + LOOK_BELOW_SEARCH {
                    return Err(self.below_search_error());
                }
            } else if self.table.len() >= HEADER_SEARCH_ROWS {
                self.detect()?;
            }
        } else if self.table.len() >= self.chunk_rows {
            self.flush(false);
        }
        Ok(())
    }

    fn detect(&mut self) -> Result<(), IntakeError> {
        if self.raw {
            self.layout = Some(Layout::default());
            if self.table.len() >= self.chunk_rows {
                self.flush(false);
            }
            return Ok(());
        }
        let head_rows = self.table.head_rows();
        let (maps, provider) = (&self.opts.maps, self.opts.provider);
        let found = match detect_header(&head_rows, maps, provider) {
            Ok(found) => found,
            // The search stopped above any header: rows below it may hold
            // one, which the refusal names.
            Err(p)
                if head_rows.len() >= HEADER_SEARCH_ROWS
                    && !header_within_search(&head_rows, maps, provider) =>
            {
                self.below_search = Some(p.0);
                return Ok(());
            }
            Err(p) => {
                return Err(IntakeError::Columns {
                    path: self.path.clone(),
                    message: p.0,
                });
            }
        };
        let (header_row, mut headers) = head_rows.get(found.index).cloned().unwrap_or_default();
        // Workbook ranges are rectangular: blank cells after the last header
        // are padding, not columns, and must not hide a ragged row.
        while headers.last().is_some_and(|h| h.trim().is_empty()) {
            headers.pop();
        }
        self.notes.extend(found.notes);
        let amount_units =
            super::stated_units::amount_units(&head_rows, found.index, &headers, &found.columns);
        let above = above_cells(&head_rows[..found.index.min(head_rows.len())]);
        self.table.drop_first(found.index + 1);
        self.last_row = header_row;
        let instructions = super::instruction_words::instruction_columns(&headers, &found.columns);
        self.layout = Some(Layout {
            header_row,
            headers,
            columns: found.columns,
            named_provider: found.named_provider,
            instructions,
            rivals: found.rivals,
            amount_units,
            above,
            workbook: self.workbook,
        });
        if self.table.len() >= self.chunk_rows {
            self.flush(false);
        }
        Ok(())
    }

    /// The refusal of a sheet whose header search found none: naming the
    /// first row below the search that looks like the header, if any.
    fn below_search_error(&mut self) -> IntakeError {
        let first = self.below_search.take().unwrap_or_default();
        let rows: Vec<(usize, Vec<String>)> = self
            .table
            .iter()
            .map(|r| (r.number(), r.cells().map(|c| c.text.to_string()).collect()))
            .collect();
        let (searched, below) = rows.split_at(HEADER_SEARCH_ROWS.min(rows.len()));
        let header =
            header_below_search(below, &self.opts.maps, self.opts.provider).map(|(row, cells)| {
                let index = rows.iter().position(|(n, _)| n == row).unwrap_or(0);
                (*row, cells.as_slice(), index)
            });
        IntakeError::Columns {
            path: self.path.clone(),
            message: super::columns_hint::below_search_message(&first, searched, header),
        }
    }

    /// Hands on the rows gathered; `last` on the sheet's last chunk, when
    /// what lies under the total is known.
    fn flush(&mut self, last: bool) {
        if self.table.is_empty() {
            return;
        }
        if let Some(layout) = &self.layout {
            let mut rows = std::mem::take(&mut self.table);
            if !self.raw {
                note_gaps(&rows, &mut self.last_row, &mut self.gaps);
            }
            let skipped = if self.raw {
                Vec::new()
            } else {
                let under = last.then_some(&mut self.notes_under_total);
                totals::skip_totals_rows(
                    layout,
                    &mut rows,
                    &mut self.stated_totals,
                    &self.tables,
                    under,
                )
            };
            for note in skipped {
                self.totals_skipped += 1;
                if self.totals_skipped <= totals::MAX_NOTES {
                    self.notes.push(Note::limit(note));
                }
            }
            self.data_rows += rows.len();
            rows.set_merged(Arc::clone(&self.merged));
            if !rows.is_empty() {
                (self.on_chunk)(layout, rows);
            }
        }
    }

    /// Ends the sheet: detects the header if fewer rows than the search
    /// window arrived, flushes the last chunk, and refuses a sheet without
    /// data rows.
    pub(crate) fn finish(mut self) -> Result<Finished, IntakeError> {
        self.table.end_row();
        if self.layout.is_none() {
            if self.table.is_empty() {
                return Err(IntakeError::Empty { path: self.path });
            }
            if self.below_search.is_none() {
                self.detect()?;
            }
            if self.below_search.is_some() {
                return Err(self.below_search_error());
            }
        }
        self.flush(true);
        if self.totals_skipped > totals::MAX_NOTES {
            self.notes.push(Note::limit(format!(
                "… and {} more rows skipped as totals or repeated headers",
                self.totals_skipped - totals::MAX_NOTES
            )));
        }
        let layout = self.layout.take().unwrap_or_default();
        if self.data_rows == 0 {
            return Err(IntakeError::NoRows {
                path: self.path,
                header_row: layout.header_row,
            });
        }
        Ok(Finished {
            layout,
            notes: self.notes,
            data_rows: self.data_rows,
            stated_totals: self.stated_totals,
            notes_under_total: self.notes_under_total,
            gaps: self.gaps,
        })
    }
}

/// Notes each row of `rows` after [`FAR_GAP`] empty rows or more below
/// `last` (the last non-empty row before them), and moves `last` on.
fn note_gaps(rows: &RowTable, last: &mut usize, gaps: &mut Vec<Gap>) {
    for r in rows.iter() {
        let n = r.number();
        if n > last.saturating_add(FAR_GAP) && gaps.len() < MAX_GAPS {
            gaps.push(Gap {
                row: n,
                after: *last,
            });
        }
        *last = (*last).max(n);
    }
}

/// The non-empty cells of the rows above the header, as written.
fn above_cells(rows: &[(usize, Vec<String>)]) -> Vec<AboveCell> {
    rows.iter()
        .flat_map(|(row, cells)| {
            cells
                .iter()
                .enumerate()
                .filter(|(_, text)| !text.trim().is_empty())
                .map(move |(col, text)| AboveCell {
                    row: *row,
                    col,
                    text: text.clone(),
                })
        })
        .collect()
}

/// What the chunker knows once the sheet is read.
pub(crate) struct Finished {
    pub layout: Layout,
    pub notes: Vec<Note>,
    pub data_rows: usize,
    pub stated_totals: Vec<totals::StatedTotal>,
    pub notes_under_total: Vec<AboveCell>,
    pub gaps: Vec<Gap>,
}
