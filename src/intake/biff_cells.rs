//! The cells of an `.xls` sheet that show nothing of the value they hold,
//! or show another number or a rounded one: their XF hides, misstates or
//! rounds it, or a merged range (MERGEDCELLS) covers them.
//!
//! Separate from the rows and columns [`super`] reads: these are cells,
//! judged by the XF rules of `biff_styles.rs`.

use super::{Record, Records, u16_at, u32_at};
use crate::intake::biff_styles::{CellValue, SstLooks, formula_value, hides, misstates, rk};
use crate::intake::hidden::{HiddenParts, Rounded};
use crate::intake::merged::{Area, Covered, MAX_MERGES};
use crate::intake::unseen::{Hides, MAX_UNSEEN_CELLS};
use std::collections::HashMap;

/// Keeps the cells of one cell record whose XF hides their value, as
/// (row as the user sees it, 0-based column).
pub(super) fn unseen_cells(
    typ: u16,
    d: &[u8],
    styles: &HashMap<usize, Hides>,
    hidden: &mut HiddenParts,
) -> Result<(), String> {
    let (Some(row), Some(col)) = (u16_at(d, 0), u16_at(d, 2)) else {
        return Ok(());
    };
    let mut keep = |col: u16, xf: Option<u16>, value: Option<CellValue>| {
        let (Some(xf), Some(value)) = (xf, value) else {
            return;
        };
        let Some(h) = styles.get(&usize::from(xf)) else {
            return;
        };
        let at = (usize::from(row) + 1, usize::from(col));
        if h.struck {
            hidden.struck.push(at);
        }
        if hides(h, value) {
            hidden.cells.push(at);
            hidden.words.keep(at, h, true);
        } else if misstates(h, value) {
            hidden.misstated.push(at);
            hidden.words.keep(at, h, false);
        } else if let CellValue::Number(v) = value
            && let Some(shown) = h.shown_rounded(None, &v.to_string())
        {
            hidden.rounded.push(Rounded::new(at.0, at.1, shown, v));
        }
    };
    let xf = u16_at(d, 4);
    match typ {
        // NUMBER: an IEEE double at 6.
        0x0203 => {
            let v = d
                .get(6..14)
                .and_then(|b| b.try_into().ok())
                .map(f64::from_le_bytes);
            keep(col, xf, v.map(CellValue::Number));
        }
        // RK: an RK number at 6.
        0x027E => keep(col, xf, u32_at(d, 6).map(|v| CellValue::Number(rk(v)))),
        // LABEL, LABELSST: text.
        0x0204 | 0x00FD => keep(col, xf, Some(CellValue::Text)),
        // BOOLERR: a boolean or an error.
        0x0205 => keep(col, xf, Some(CellValue::Other)),
        0x0006 => keep(col, xf, formula_value(d)),
        // MULRK: (XF, RK) pairs of 6 bytes from 4, one per column.
        0x00BD => {
            let pairs = d.get(4..d.len().saturating_sub(2)).unwrap_or_default();
            for (i, pair) in pairs.chunks_exact(6).enumerate() {
                let c = col.saturating_add(i as u16);
                keep(
                    c,
                    u16_at(pair, 0),
                    u32_at(pair, 2).map(|v| CellValue::Number(rk(v))),
                );
            }
        }
        _ => {}
    }
    if hidden.cells.len() + hidden.misstated.len() + hidden.rounded.len() + hidden.struck.len()
        > MAX_UNSEEN_CELLS
    {
        return Err("more cells hidden by their format than payrun keeps".into());
    }
    Ok(())
}

/// A LABELSST cell whose shared string's runs hide or strike its text
/// (`sst`): kept as a hidden or a struck cell.
pub(super) fn shared_string_runs(
    typ: u16,
    d: &[u8],
    sst: &SstLooks,
    hidden: &mut HiddenParts,
) -> Result<(), String> {
    let (0x00FD, Some(row), Some(col), Some(index)) =
        (typ, u16_at(d, 0), u16_at(d, 2), u32_at(d, 6))
    else {
        return Ok(());
    };
    let at = (usize::from(row) + 1, usize::from(col));
    if sst.hidden.contains(&index) {
        hidden.cells.push(at);
    }
    if sst.struck.contains(&index) {
        hidden.struck.push(at);
    }
    if hidden.cells.len() + hidden.struck.len() > MAX_UNSEEN_CELLS {
        return Err("more cells hidden by their format than payrun keeps".into());
    }
    Ok(())
}

/// MERGEDCELLS: a count, then (first row, last row, first column, last
/// column) of 2 bytes each per range, 0-based.
pub(super) fn merged_cells(d: &[u8], merges: &mut Vec<Area>) -> Result<(), String> {
    let n = usize::from(u16_at(d, 0).unwrap_or(0));
    for i in 0..n {
        let at = 2 + i * 8;
        let (Some(r0), Some(r1), Some(c0), Some(c1)) = (
            u16_at(d, at),
            u16_at(d, at + 2),
            u16_at(d, at + 4),
            u16_at(d, at + 6),
        ) else {
            break;
        };
        if r0 <= r1 && c0 <= c1 {
            let (r0, r1) = (usize::from(r0) + 1, usize::from(r1) + 1);
            merges.push((r0, r1, usize::from(c0), usize::from(c1)));
        }
    }
    if merges.len() > MAX_MERGES {
        return Err("more merged ranges than payrun reads".into());
    }
    Ok(())
}

/// A second pass over the sheet's cell records: those under a merged range
/// (not its first cell) that hold a value.
pub(super) fn under_merges(
    stream: &[u8],
    pos: usize,
    merges: &[Area],
    cells: &mut Vec<(usize, usize)>,
) -> Result<(), String> {
    let covered = Covered::new(merges)?;
    for record in Records::at(stream, pos) {
        let Record { typ, data: d } = record?;
        let (Some(row), Some(col)) = (u16_at(d, 0), u16_at(d, 2)) else {
            continue;
        };
        let row = usize::from(row) + 1;
        let cols = match typ {
            // NUMBER, LABEL, BOOLERR, RK, LABELSST, FORMULA: one cell.
            0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 => 1,
            // MULRK: 6 bytes a cell between the first and last column.
            0x00BD => d.len().saturating_sub(6) / 6,
            _ => continue,
        };
        for c in usize::from(col)..usize::from(col) + cols {
            if covered.hides(row, c) {
                cells.push((row, c));
            }
        }
        if cells.len() > MAX_UNSEEN_CELLS {
            return Err("more cells hidden by their format than payrun keeps".into());
        }
    }
    Ok(())
}
