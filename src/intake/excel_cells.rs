//! One workbook cell as text, with what kind of value it was.

use super::ods_scan::Fix;
use super::table::CellKind;
use calamine::Data;

/// Renders a cell whose value payrun read itself (see `ods_scan`): an error
/// as the sheet shows it, a boolean as `TRUE`/`FALSE`, never as a number.
pub(super) fn render_fix(fix: &Fix, buf: &mut String) -> CellKind {
    buf.clear();
    match fix {
        Fix::Error(text) => {
            buf.push_str(text);
            CellKind::Error
        }
        Fix::Bool(b) => {
            buf.push_str(if *b { "TRUE" } else { "FALSE" });
            CellKind::Bool
        }
    }
}

/// Whether calamine's value at a fixed cell is what calamine makes of such a
/// cell: if not, payrun and calamine disagree about where the cell is.
pub(super) fn fix_fits(fix: &Fix, value: Option<&Data>) -> bool {
    match (fix, value) {
        (_, None | Some(Data::Empty)) => true,
        (Fix::Error(_), Some(Data::String(_) | Data::Error(_))) => true,
        (Fix::Bool(_), Some(Data::Bool(_))) => true,
        (Fix::Bool(_), Some(Data::Float(f))) => *f == 0.0 || *f == 1.0,
        (Fix::Bool(_), Some(Data::Int(i))) => *i == 0 || *i == 1,
        _ => false,
    }
}

/// Renders one cell into `buf` and says what kind of value it was.
pub(super) fn render(cell: &Data, buf: &mut String) -> CellKind {
    use std::fmt::Write;
    buf.clear();
    match cell {
        Data::Empty => CellKind::Text,
        Data::String(s) => {
            buf.push_str(s);
            CellKind::Text
        }
        Data::Int(i) => {
            let _ = write!(buf, "{i}");
            CellKind::Number
        }
        // Rust's Display is the shortest text that reads back as the same
        // f64 (19.99 -> "19.99") and never uses exponent notation.
        Data::Float(f) => {
            let _ = write!(buf, "{f}");
            CellKind::Number
        }
        Data::Bool(b) => {
            buf.push_str(if *b { "TRUE" } else { "FALSE" });
            CellKind::Bool
        }
        Data::DateTime(dt) => {
            // Serial days since 1899-12-30 (Excel's 1900 system), or since
            // 1904-01-01 in a workbook saved in the 1904 system (Excel for
            // Mac's), which the person checking it saw as such.
            let serial = dt.as_f64();
            let epoch = match date_1904(dt) {
                true => chrono::NaiveDate::from_ymd_opt(1904, 1, 1),
                false => chrono::NaiveDate::from_ymd_opt(1899, 12, 30),
            };
            let days = serial.floor();
            let date = epoch.and_then(|e| {
                (days.is_finite() && days.abs() < 3_000_000.0)
                    .then(|| e.checked_add_signed(chrono::Duration::days(days as i64)))
                    .flatten()
            });
            match date {
                Some(d) if dt.is_datetime() && serial == days => {
                    let _ = write!(buf, "{d}");
                }
                Some(d) if dt.is_datetime() => {
                    let secs = ((serial - days) * 86_400.0).round() as u32;
                    let _ = write!(
                        buf,
                        "{d} {:02}:{:02}:{:02}",
                        secs / 3600,
                        secs / 60 % 60,
                        secs % 60
                    );
                }
                _ => {
                    let _ = write!(buf, "{serial}");
                }
            }
            CellKind::Date
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => {
            buf.push_str(s);
            CellKind::Date
        }
        Data::Error(e) => {
            let _ = write!(buf, "{e}");
            CellKind::Error
        }
    }
}

/// Whether `dt` counts days in the 1904 date system. calamine keeps the
/// workbook's flag private, but its own reading of the date follows it.
fn date_1904(dt: &calamine::ExcelDateTime) -> bool {
    let in_1900 =
        calamine::ExcelDateTime::new(dt.as_f64(), calamine::ExcelDateTimeType::DateTime, false);
    in_1900.to_ymd_hms_milli() != dt.to_ymd_hms_milli()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    /// A workbook saved in the 1904 date system (Excel for Mac's, kept by
    /// LibreOffice and Gnumeric) counts days from 1904-01-01: the same
    /// date is 1,462 days fewer than in the 1900 system.
    #[test]
    fn a_date_reads_as_the_sheet_shows_it_in_either_date_system() {
        let mut buf = String::new();
        for (serial, is_1904) in [(46356.0, false), (44894.0, true)] {
            let dt = ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, is_1904);
            assert_eq!(render(&Data::DateTime(dt), &mut buf), CellKind::Date);
            assert_eq!(buf, "2026-11-30", "1904: {is_1904}");
            let dt = ExcelDateTime::new(serial + 0.5, ExcelDateTimeType::DateTime, is_1904);
            render(&Data::DateTime(dt), &mut buf);
            assert_eq!(buf, "2026-11-30 12:00:00", "1904: {is_1904}");
        }
    }
}
