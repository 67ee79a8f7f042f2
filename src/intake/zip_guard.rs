//! A size check on every part of a ZIP-based workbook (`.xlsx`, `.xlsm`,
//! `.xlsb`, `.ods`) before calamine opens it.
//!
//! calamine reads a workbook's shared strings whole into memory, and the zip
//! crate hands it as many bytes as the compressed data expands to, whatever
//! the entry says its size is. A 3 MB `.xlsx` whose shared-strings part
//! expands to 4 GB aborted payrun ("memory allocation failed", exit 134).
//!
//! So every entry is checked, in this order, before calamine sees the file:
//! 1. its declared uncompressed size: at most [`MAX_PART_BYTES`], and
//!    altogether at most [`MAX_TOTAL_BYTES`];
//! 2. its declared compression ratio: above [`RATIO_FLOOR`] bytes, at most
//!    [`MAX_RATIO`] to one (real workbook XML compresses 5–40 to one; a bomb
//!    hundreds or a thousand to one);
//! 3. its actual size: the entry is decompressed through a counting limit of
//!    its declared size plus one byte, so an entry that says "1 KB" and
//!    expands to 4 GB is stopped after 1 KB. The data is not kept.
//!
//! Checks 1 and 2 cost nothing; check 3 costs one decompression of the file,
//! which a real payroll does in milliseconds. A bomb is refused before
//! anything large is read or allocated.

use std::io::Read;

/// The most any one part may expand to. A million-row sheet written by
/// LibreOffice is about 500 MB of XML; shared strings are smaller.
pub(super) const MAX_PART_BYTES: u64 = 1024 * 1024 * 1024;

/// The most all parts together may expand to.
pub(super) const MAX_TOTAL_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Parts smaller than this may compress as well as they like.
pub(super) const RATIO_FLOOR: u64 = 32 * 1024 * 1024;

/// The most a part above [`RATIO_FLOOR`] may expand per compressed byte.
pub(super) const MAX_RATIO: u64 = 200;

/// The most entries a workbook may have.
const MAX_ENTRIES: usize = 100_000;

/// Checks a ZIP-based workbook held in memory. `Err` is the message for the
/// user. A file that is not a readable ZIP passes: calamine then reports it
/// as damaged in its usual words.
pub(super) fn check(bytes: &[u8]) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "the workbook holds {} parts, more than a spreadsheet has ({MAX_ENTRIES}); it is damaged or not a payroll",
            zip.len()
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| format!("a part of the workbook cannot be read ({e}); {RESAVE}"))?;
        let name = entry.name().to_string();
        let declared = entry.size();
        let compressed = entry.compressed_size().max(1);
        if declared > MAX_PART_BYTES {
            return Err(too_big(&format!("its part {name}"), declared));
        }
        if declared > RATIO_FLOOR && declared / compressed > MAX_RATIO {
            return Err(format!(
                "its part {name} would expand from {} KB to {} MB ({} to one), which no real sheet does; \
                 this is a damaged file or a \"zip bomb\", not a payroll — {RESAVE}",
                compressed / 1024,
                declared / (1024 * 1024),
                declared / compressed
            ));
        }
        total = total.saturating_add(declared);
        if total > MAX_TOTAL_BYTES {
            return Err(too_big("all its parts together", total));
        }
        let actual = std::io::copy(&mut (&mut entry).take(declared + 1), &mut std::io::sink())
            .map_err(|e| format!("its part {name} cannot be read ({e}); {RESAVE}"))?;
        if actual > declared {
            return Err(format!(
                "its part {name} expands to more than the {declared} bytes the file says it holds; \
                 this is a damaged file or a \"zip bomb\", not a payroll — {RESAVE}"
            ));
        }
    }
    Ok(())
}

const RESAVE: &str =
    "open the file in Excel or LibreOffice, copy the payroll table to a new workbook and save that";

fn too_big(what: &str, bytes: u64) -> String {
    format!(
        "{what} would expand to {} MB, more than payrun reads ({} MB); a payroll sheet is far smaller, \
         so this is damaged or not a payroll — {RESAVE}",
        bytes / (1024 * 1024),
        MAX_PART_BYTES / (1024 * 1024)
    )
}

#[cfg(test)]
#[path = "zip_guard_tests.rs"]
pub(super) mod tests;
