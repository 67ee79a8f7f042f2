//! Custom number formats of an `.xls` renumbered where calamine drops them.
//!
//! A cell is a date in an `.xls` only through its number format: the cell's
//! XF record names a format id, and a FORMAT record (0x041E) gives that id
//! its code (`yyyy-mm-dd`). calamine keeps a FORMAT record only when its id
//! is one [MS-XLS] 2.4.126 lists for custom formats (5-8, 23-26, 41-44,
//! 63-66, 164-382) and otherwise falls back to the built-in format of that
//! id. Excel and LibreOffice read any id. Gnumeric numbers its custom formats
//! from 50, so in a Gnumeric `.xls` a date (2026-12-05, the number 46361)
//! reached payrun as the plain number 46361, and was paid as Tk 46,361.
//!
//! So before calamine reads the workbook stream, each FORMAT record whose id
//! calamine would drop gets a free id in 164-382, and every XF record of the
//! workbook globals that names the old id names the new one. The file's own
//! format code is then what calamine reads, as Excel does. Only two-byte ids
//! change; no record moves, so every offset in the stream (the sheets'
//! positions, payrun's own scan of the original) stays right.

use std::collections::{BTreeMap, BTreeSet};

/// FORMAT and XF record types.
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const EOF: u16 = 0x000A;

/// The ids calamine reads a FORMAT record under.
fn calamine_keeps(id: u16) -> bool {
    matches!(id, 5..=8 | 23..=26 | 41..=44 | 63..=66 | 164..=382)
}

/// The workbook stream with its dropped format ids renumbered, or `None`
/// when calamine keeps every FORMAT record as it is.
pub(super) fn renumbered(stream: &[u8]) -> Option<Vec<u8>> {
    let globals = globals(stream);
    let ids: BTreeSet<u16> = globals
        .iter()
        .filter(|(typ, _)| *typ == FORMAT)
        .filter_map(|(_, at)| id_at(stream, *at))
        .collect();
    let mut free = (164..=382u16).filter(|id| !ids.contains(id));
    let mut map = BTreeMap::new();
    for &id in ids.iter().filter(|id| !calamine_keeps(**id)) {
        // No free id left (a workbook of 219 custom formats): the rest
        // stay as they are.
        let Some(new) = free.next() else { break };
        map.insert(id, new);
    }
    if map.is_empty() {
        return None;
    }
    let mut out = stream.to_vec();
    for (typ, at) in globals {
        // FORMAT's id is its first field; XF's format id its second (BIFF5
        // and BIFF8 alike).
        let field = if typ == FORMAT { at } else { at + 2 };
        if let Some(new) = id_at(stream, field).and_then(|id| map.get(&id))
            && let Some(slot) = out.get_mut(field..field + 2)
        {
            slot.copy_from_slice(&new.to_le_bytes());
        }
    }
    Some(out)
}

/// Where the body of each FORMAT and XF record of the workbook globals (the
/// records up to the first EOF) starts.
fn globals(stream: &[u8]) -> Vec<(u16, usize)> {
    let mut found = Vec::new();
    let mut pos = 0usize;
    while let (Some(typ), Some(len)) = (id_at(stream, pos), id_at(stream, pos + 2)) {
        let body = pos + 4;
        let end = body + usize::from(len);
        if end > stream.len() {
            break;
        }
        match typ {
            EOF => break,
            FORMAT | XF if len >= 4 => found.push((typ, body)),
            _ => {}
        }
        pos = end;
    }
    found
}

fn id_at(d: &[u8], at: usize) -> Option<u16> {
    d.get(at..at.checked_add(2)?)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

#[cfg(test)]
mod tests {
    use super::super::biff::tests::{number, rec};
    use super::super::xls::tests::{compound, stream};
    use super::*;
    use calamine::{Data, Reader};

    /// A BIFF8 FORMAT record: id, then an 8-bit string.
    fn format(id: u16, code: &str) -> Vec<u8> {
        let mut d = id.to_le_bytes().to_vec();
        d.extend((code.len() as u16).to_le_bytes());
        d.push(0);
        d.extend(code.as_bytes());
        rec(FORMAT, &d)
    }

    /// A cell XF naming format `id`.
    fn xf(id: u16) -> Vec<u8> {
        let mut d = vec![0u8; 20];
        d[2..4].copy_from_slice(&id.to_le_bytes());
        rec(XF, &d)
    }

    fn read(s: &[u8]) -> Data {
        let file = compound("Workbook", s);
        let mut wb: calamine::Xls<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(file.as_slice())).unwrap();
        let range = wb.worksheet_range("Pay").unwrap();
        range.get_value((0, 0)).cloned().unwrap_or(Data::Empty)
    }

    #[test]
    fn a_date_format_numbered_as_gnumeric_numbers_it_is_a_date_for_calamine() {
        // XF 15 names format 56, as Gnumeric writes `yyyy-mm-dd`; the cell
        // 46361 uses XF 15.
        let mut globals = vec![format(56, "yyyy-mm-dd"), format(164, "0.00")];
        globals.extend((0..15).map(|_| xf(0)));
        globals.push(xf(56));
        let s = stream(&globals, &[number(0, 0, 46361.0)]);
        assert!(
            matches!(read(&s), Data::Float(_)),
            "calamine alone drops format 56"
        );
        let fixed = renumbered(&s).expect("format 56 is renumbered");
        assert_eq!(fixed.len(), s.len(), "no record moves");
        // 164 is taken by the file's own format: 56 becomes 165.
        assert!(
            matches!(read(&fixed), Data::DateTime(_)),
            "{:?}",
            read(&fixed)
        );
        assert!(fixed.windows(4).any(|w| w == [0xA5, 0, 0x0A, 0]));
    }

    #[test]
    fn a_workbook_calamine_reads_whole_is_left_as_it_is() {
        let s = stream(
            &[format(164, "yyyy-mm-dd"), format(7, "0.00"), xf(164)],
            &[number(0, 0, 1.0)],
        );
        assert_eq!(renumbered(&s), None);
        // Records cut short or no FORMAT at all: nothing to do, no panic.
        assert_eq!(renumbered(&s[..7]), None);
        assert_eq!(renumbered(b""), None);
    }
}
