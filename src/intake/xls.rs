//! `.xls` (BIFF5 and BIFF8) before and after calamine reads it: the file is
//! checked, rebuilt clean for calamine, and its hidden rows and columns read.
//!
//! An `.xls` is an OLE2 compound file holding a "Workbook" (BIFF8) or "Book"
//! (BIFF5) stream. calamine's own compound-file reader trusts sizes and
//! sector chains from the file (a sector number can make it grow a buffer
//! to terabytes, a looping chain never ends), and its BIFF reader reserves
//! room for as many cells as a sheet's DIMENSIONS record says, for every
//! sheet at once. So payrun:
//! 1. opens the compound file with the `cfb` crate, which checks its
//!    structure, and reads the workbook stream (never more than the file);
//! 2. reads the stream's records itself ([`super::biff`]): an encrypted
//!    workbook is refused; each sheet's DIMENSIONS and the span of its cells
//!    must fit what payrun lays out; a sheet reaching past column 16,384 is
//!    refused;
//! 3. writes a new compound file holding only that stream, with the `cfb`
//!    crate, and gives calamine that: whatever the original's structure,
//!    calamine reads exactly the stream payrun checked (its custom number
//!    formats renumbered where calamine would drop them, `xls_formats`);
//! 4. reads the chosen sheet's hidden rows and columns, and checks that
//!    every row calamine found a value in is a row payrun saw cells in, so
//!    the two readers agree on which sheet they read.

use super::biff::{Record, Records, SheetScan, scan_sheet, scan_styled_sheet, u32_at};
use super::biff_styles::BiffStyles;
use super::excel_range::{MAX_SPARSE_SPAN, SPAN_FLOOR, guarded, too_wide};
use super::hidden::HiddenParts;
use super::merged::Area;
use super::unseen::Hides;
use calamine::{Data, Range};
use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

/// A checked `.xls`: the bytes calamine reads, and what payrun needs later.
#[derive(Debug)]
pub(super) struct XlsBook {
    /// A compound file holding only the checked workbook stream.
    pub clean: Vec<u8>,
    stream: Vec<u8>,
    /// Where each sheet's records start, in BOUNDSHEET order (calamine's
    /// order of `sheets_metadata`).
    sheet_starts: Vec<usize>,
    /// The XF indexes whose format or ink hides a cell's value.
    hiding: HashMap<usize, Hides>,
    /// The globals' formats, fonts and palette, for conditional formats.
    styles: BiffStyles,
}

/// Why an `.xls` cannot be read at all (`Err`), before calamine sees it.
pub(super) fn prepare(bytes: &[u8]) -> Result<XlsBook, String> {
    let (name, stream) = guarded(|| workbook_stream(bytes))?;
    let (globals, styles) = read_globals(&stream)?;
    let hiding = styles.hiding();
    // calamine lays out every sheet when the file is opened, and keeps
    // them all; each sheet's DIMENSIONS is reserved, one sheet at a time.
    // Past the floor, every 4 bytes of records pay for one laid-out cell
    // (a cell record is 10 bytes or more; a cell laid out is 32).
    let allowed = SPAN_FLOOR.max(stream.len() as u64 / 4).min(MAX_SPARSE_SPAN);
    let mut total: u64 = 0;
    for &start in &globals {
        let SheetScan { reach, .. } = scan_sheet(&stream, start)
            .map_err(|e| format!("a worksheet in the workbook is damaged ({e}); {RESAVE}"))?;
        if let Some(far) = reach.bounds.and_then(|(_, _, _, right)| too_wide(right)) {
            return Err(format!("a worksheet {far}"));
        }
        total = total.saturating_add(reach.span());
        let (most, cap) = if reach.reserved > MAX_SPARSE_SPAN {
            (reach.reserved, MAX_SPARSE_SPAN)
        } else {
            (total, allowed)
        };
        if most > cap {
            return Err(format!(
                "its worksheets would lay out {most} cells when opened, more than payrun reads \
                 from a file of its size ({cap}); something far outside the payroll table (or a \
                 damaged file) makes them too big — {RESAVE}"
            ));
        }
    }
    // calamine reads the stream with its custom number formats renumbered
    // where it would drop them (a date would read as a plain number);
    // payrun's own scans read the original, whose offsets are the same.
    let renumbered = super::xls_formats::renumbered(&stream);
    let clean = guarded(|| rebuild(name, renumbered.as_deref().unwrap_or(&stream)))?;
    Ok(XlsBook {
        clean,
        stream,
        sheet_starts: globals,
        hiding,
        styles,
    })
}

const RESAVE: &str = "open it in Excel or LibreOffice, copy the payroll table to a new workbook and save that as .xlsx";

/// The root "Workbook" (BIFF8) or "Book" (BIFF5) stream, read whole but
/// never longer than the file itself.
fn workbook_stream(bytes: &[u8]) -> Result<(&'static str, Vec<u8>), String> {
    let damaged = |e: std::io::Error| {
        format!("not a readable .xls ({e}); the file may be truncated or damaged — {RESAVE}")
    };
    let cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    let name = ["Workbook", "Book"]
        .into_iter()
        .find(|n| cfb.is_stream(format!("/{n}")))
        .ok_or_else(|| {
            format!("this compound file holds no workbook (it may be a Word or other Office file); {RESAVE}")
        })?;
    let mut cfb = cfb;
    let stream = cfb.open_stream(format!("/{name}")).map_err(damaged)?;
    let mut out = Vec::new();
    stream
        .take(bytes.len() as u64 + 1)
        .read_to_end(&mut out)
        .map_err(damaged)?;
    if out.len() > bytes.len() {
        return Err(format!(
            "the workbook stream is longer than the file; {RESAVE}"
        ));
    }
    Ok((name, out))
}

/// Whether a compound file is an encrypted `.xlsx` (Office keeps a
/// password-protected workbook as an "EncryptedPackage" stream inside one),
/// so that it is not told to be renamed to `.xls`.
pub(super) fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    guarded(|| {
        Ok(cfb::CompoundFile::open(Cursor::new(bytes))
            .is_ok_and(|c| c.is_stream("/EncryptedPackage")))
    })
    .unwrap_or(false)
}

/// A compound file holding only `stream`, written by the `cfb` crate. It is
/// version 3 (512-byte sectors), as Excel writes `.xls`: calamine refuses a
/// version 4 file whose root has no mini stream (a stream of 4 KB or more).
fn rebuild(name: &str, stream: &[u8]) -> Result<Vec<u8>, String> {
    let fail = |e: std::io::Error| format!("cannot prepare the workbook for reading ({e})");
    let mut out = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
        .map_err(fail)?;
    {
        let mut s = out.create_stream(format!("/{name}")).map_err(fail)?;
        s.write_all(stream).map_err(fail)?;
    }
    out.flush().map_err(fail)?;
    Ok(out.into_inner().into_inner())
}

/// Why an Excel 5.0/95 (BIFF5) workbook is refused. The workbook reader
/// reads a BIFF5 FORMAT record's text with BIFF8's layout (a 2-byte length
/// where BIFF5 has one byte), so no cell's number format is known and a
/// date reads as its serial number; and it fails on BIFF5's NAME and
/// EXTERNSHEET records, which every Gnumeric save has. No real BIFF5 file
/// was read right, so none is read.
const EXCEL_95: &str = "this is an Excel 95 workbook (Excel 5.0/95, BIFF5), whose number formats payrun's reader cannot read: a date could be read as an amount (2026-12-05 as 46361); open it in Excel or LibreOffice and Save As .xlsx";

/// Reads the workbook globals: refuses an encrypted, Excel 95 or older workbook,
/// and returns where each sheet's records start.
fn read_globals(stream: &[u8]) -> Result<(Vec<usize>, BiffStyles), String> {
    let mut records = Records::at(stream, 0);
    match records.next() {
        Some(Ok(Record { typ: 0x0809, data })) => match super::biff::u16_at(data, 0) {
            Some(0x0600) => {}
            Some(0x0500) => return Err(EXCEL_95.into()),
            v => {
                return Err(format!(
                    "this is an Excel file older than Excel 95 (BIFF version {:#06x}), which payrun cannot check for hidden rows; {RESAVE}",
                    v.unwrap_or(0)
                ));
            }
        },
        _ => {
            return Err(format!(
                "the workbook stream does not start like one; {RESAVE}"
            ));
        }
    }
    let mut starts = Vec::new();
    let mut styles = BiffStyles::default();
    // The SST and the CONTINUE records straight after it.
    let mut sst: Vec<&[u8]> = Vec::new();
    let mut in_sst = false;
    for record in records {
        let Record { typ, data } =
            record.map_err(|e| format!("the workbook is damaged ({e}); {RESAVE}"))?;
        in_sst = typ == 0x00FC || (in_sst && typ == 0x003C);
        if in_sst {
            sst.push(data);
        }
        match typ {
            0x002F => {
                return Err(
                    "the workbook is password-protected (encrypted), and payrun cannot read it; \
                     open it in Excel, remove the password (File > Info > Protect Workbook) and save it as .xlsx"
                        .into(),
                );
            }
            0x0085 => {
                let pos = u32_at(data, 0)
                    .ok_or_else(|| format!("a sheet entry is cut short; {RESAVE}"))?;
                starts.push(pos as usize);
            }
            _ => styles.record(typ, data),
        }
    }
    styles.read_sst(&sst);
    Ok((starts, styles))
}

impl XlsBook {
    /// The tab the workbook opens on (its WINDOW1 record).
    pub(super) fn opens_on(&self) -> Option<super::opens_on::Tab> {
        super::opens_on::xls(&self.stream).map(super::opens_on::Tab::Index)
    }

    /// What is hidden in the sheet at `index` (calamine's sheet order),
    /// checked against the cells calamine read from it, and its merged
    /// ranges. `Err` says why the hidden rows could not be read.
    pub(super) fn hidden(
        &self,
        index: usize,
        range: &Range<Data>,
    ) -> Result<(HiddenParts, Vec<Area>), String> {
        let start = *self
            .sheet_starts
            .get(index)
            .ok_or("the workbook lists fewer sheets than were read")?;
        let scan = scan_styled_sheet(&self.stream, start, &self.hiding, Some(&self.styles))?;
        let (row0, _) = range.start().unwrap_or((0, 0));
        for (i, row) in range.rows().enumerate() {
            let r = row0 + i as u32;
            if row.iter().any(|c| !matches!(c, Data::Empty)) && !scan.reach.has_row(r) {
                return Err(format!(
                    "the sheet's records and its cells disagree about row {}",
                    r + 1
                ));
            }
        }
        let hidden = match scan.rules.is_empty() {
            true => scan.hidden,
            false => scan.hidden.with_rules(&scan.rules, range)?,
        };
        Ok((hidden, scan.merges))
    }
}

/// BIFF8's last column, IV (0-based): an `.xls` holds 256 columns.
const LAST_XLS_COLUMN: u32 = 255;

/// Refuses a sheet with a value in column IV, the last an `.xls` holds.
/// Excel and LibreOffice save a wider sheet as `.xls` by dropping every
/// column past IV (after a warning), and nothing in the file says so: a
/// `Status` column that said "do not pay" is gone and its row would be
/// paid. A real `.xls` payroll reaches nowhere near IV, so a value there
/// is taken as the mark of such a save.
pub(super) fn refuse_cut_at_iv(range: &Range<Data>, sheet: &str) -> Result<(), String> {
    if range.end().is_none_or(|(_, c)| c < LAST_XLS_COLUMN) {
        return Ok(());
    }
    Err(format!(
        "worksheet {} has a value in column IV, the last of the 256 columns an .xls holds: Excel and LibreOffice drop every column past IV when they save a wider sheet as .xls, so a column of the payroll (a wallet, an amount, or one that says a row is not to be paid) may be missing from this file, and nothing was read or paid. Open the original workbook and save it as .xlsx (or as .csv), and check that file",
        super::quoted(sheet)
    ))
}

#[cfg(test)]
#[path = "xls_tests.rs"]
pub(super) mod tests;
