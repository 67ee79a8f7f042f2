//! How far an `.xls` sheet's cells reach, as calamine will lay them out:
//! their bounding box, the rows that hold one, and the room DIMENSIONS asks
//! for. `xls.rs` refuses a sheet too large before calamine allocates it.
//!
//! Separate from what [`super`] reads of rows and columns: this is about
//! size, not about what a person sees.

use super::{u16_at, u32_at};

/// The cells of a sheet as calamine would place them: their bounding box,
/// and which rows hold one.
#[derive(Debug, Clone, Default)]
pub(in crate::intake) struct Reach {
    /// (first row, last row, first column, last column), 0-based.
    pub bounds: Option<(u32, u32, u32, u32)>,
    /// Cells DIMENSIONS asks calamine to reserve room for.
    pub reserved: u64,
    /// Rows holding a cell record, as a bit set over BIFF8's 65,536 rows.
    pub rows: Vec<u64>,
}

impl Reach {
    fn cell(&mut self, row: u16, first_col: u16, last_col: u16) {
        let (r, c0, c1) = (u32::from(row), u32::from(first_col), u32::from(last_col));
        self.bounds = Some(match self.bounds {
            None => (r, r, c0, c1),
            Some((t, b, l, rt)) => (t.min(r), b.max(r), l.min(c0), rt.max(c1)),
        });
        if self.rows.is_empty() {
            self.rows = vec![0; 65_536 / 64];
        }
        if let Some(w) = self.rows.get_mut(usize::from(row) / 64) {
            *w |= 1 << (row % 64);
        }
    }

    /// A record's part in the reach: a cell's place (a FORMULA's, and the
    /// STRING after it, at the formula's), and the room DIMENSIONS reserves.
    pub(super) fn record(
        &mut self,
        typ: u16,
        d: &[u8],
        formula_at: &mut Option<(u16, u16)>,
    ) -> Result<(), String> {
        match (typ, (u16_at(d, 0), u16_at(d, 2))) {
            // NUMBER, LABEL, BOOLERR, RK, LABELSST: one cell at (row, col).
            (0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD, (Some(r), Some(c))) => self.cell(r, c, c),
            // FORMULA: a cell; a STRING record after it holds its text.
            (0x0006, (Some(r), Some(c))) => {
                self.cell(r, c, c);
                *formula_at = Some((r, c));
            }
            (0x0207, _) => {
                if let Some((r, c)) = *formula_at {
                    self.cell(r, c, c);
                }
            }
            // MULRK: row, first column, 6-byte values, last column.
            (0x00BD, (Some(r), Some(c))) => {
                let last = d.len().checked_sub(2).and_then(|at| u16_at(d, at));
                self.cell(r, c, last.unwrap_or(c).max(c));
            }
            (0x0200, _) => self.reserved = self.reserved.max(dimensions(d)?),
            _ => {}
        }
        Ok(())
    }

    /// Whether a cell record was seen in `row` (0-based).
    pub(in crate::intake) fn has_row(&self, row: u32) -> bool {
        let i = row as usize;
        self.rows
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Slots calamine lays out for the sheet (values and formulas alike).
    pub(in crate::intake) fn span(&self) -> u64 {
        self.bounds.map_or(0, |(t, b, l, r)| {
            u64::from(b - t + 1).saturating_mul(u64::from(r - l + 1))
        })
    }
}

/// The cells DIMENSIONS makes calamine reserve, read as calamine reads it
/// (BIFF8: 4-byte rows; BIFF5: 2-byte rows). Rows that run backwards would
/// make calamine's subtraction wrap: refused.
fn dimensions(d: &[u8]) -> Result<u64, String> {
    let (first_row, last_row, mut first_col, last_col) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0).unwrap_or(0)),
            u32::from(u16_at(d, 2).unwrap_or(0)),
            u32::from(u16_at(d, 4).unwrap_or(0)),
            u32::from(u16_at(d, 6).unwrap_or(0)),
        ),
        14 => (
            u32_at(d, 0).unwrap_or(0),
            u32_at(d, 4).unwrap_or(0),
            u32::from(u16_at(d, 8).unwrap_or(0)),
            u32::from(u16_at(d, 10).unwrap_or(0)),
        ),
        // calamine refuses the file itself.
        _ => return Ok(0),
    };
    if 0xFF < first_col || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Ok(0);
    }
    if first_row > last_row - 1 || first_col > last_col - 1 {
        return Err("a sheet's DIMENSIONS record runs backwards".into());
    }
    Ok(u64::from(last_row - first_row).saturating_mul(u64::from(last_col - first_col)))
}
