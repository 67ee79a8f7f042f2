//! A date or time in an amount cell, as the person who typed it reads it.
//!
//! The workbook reader renders a date cell as payrun's own text: ISO dates
//! (`2025-12-12` for a cell showing `12-Dec`), a time of day as a time on
//! Excel's day zero (`1899-12-30 12:00:00` for `12:00`), and an `.ods` time
//! as an ISO duration (`PT12H00M00S`). None of those is what the sheet
//! shows, so a refusal quoting them sends the user hunting for a value they
//! never typed. The number format the sheet shows it by is not kept with
//! the cell, so the value is said in plain words (`12 Dec 2025`, `12:00`)
//! with what it is: a date, a time, or both.

/// The days Excel and LibreOffice count a bare time from: a time of day
/// with no date is one of these.
const DAY_ZERO: [&str; 3] = ["1899-12-30", "1899-12-31", "1904-01-01"];

/// `text` (a date cell as the reader renders it) in plain words, with what
/// it is (`a date`, `a time`, `a date and time`); `None` when it is none of
/// the renderings above, and is then quoted as it is.
pub(super) fn in_words(text: &str) -> Option<(String, &'static str)> {
    let text = text.trim();
    if let Some(time) = duration(text) {
        return Some((time, "a time"));
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some((day(d), "a date"));
    }
    let (date, time) = text.split_once([' ', 'T'])?;
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let t = chrono::NaiveTime::parse_from_str(time, "%H:%M:%S%.f").ok()?;
    let clock = clock(chrono::Timelike::hour(&t), chrono::Timelike::minute(&t), {
        chrono::Timelike::second(&t)
    });
    if DAY_ZERO.contains(&date) {
        return Some((clock, "a time"));
    }
    Some((format!("{} {clock}", day(d)), "a date and time"))
}

/// `12 Dec 2025`.
fn day(d: chrono::NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// `12:00`, or `12:00:30` with its seconds.
fn clock(h: u32, m: u32, s: u32) -> String {
    match s {
        0 => format!("{h}:{m:02}"),
        _ => format!("{h}:{m:02}:{s:02}"),
    }
}

/// An ISO duration as an `.ods` writes a time (`PT12H00M00S`,
/// `PT012H30M00.000S`), as a clock: `12:00`, `12:30`.
fn duration(text: &str) -> Option<String> {
    let rest = text.strip_prefix("PT")?;
    let (h, rest) = rest.split_once('H')?;
    let (m, rest) = rest.split_once('M')?;
    let s = rest.strip_suffix('S')?;
    let number = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
    };
    let whole_seconds = s.split_once('.').map_or(s, |(w, _)| w);
    Some(clock(number(h)?, number(m)?, number(whole_seconds)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_are_said_as_the_sheet_shows_them() {
        for (text, shown, what) in [
            ("2025-12-12", "12 Dec 2025", "a date"),
            ("1899-12-30 12:00:00", "12:00", "a time"),
            ("1904-01-01 09:30:00", "9:30", "a time"),
            (
                "2025-12-12 12:00:00",
                "12 Dec 2025 12:00",
                "a date and time",
            ),
            (
                "2025-12-12T12:00:00",
                "12 Dec 2025 12:00",
                "a date and time",
            ),
            (
                "2025-01-05T08:15:30",
                "5 Jan 2025 8:15:30",
                "a date and time",
            ),
            ("PT12H00M00S", "12:00", "a time"),
            ("PT012H00M00S", "12:00", "a time"),
            ("PT36H30M00.000S", "36:30", "a time"),
        ] {
            assert_eq!(in_words(text), Some((shown.to_string(), what)), "{text}");
        }
    }

    #[test]
    fn anything_else_is_left_as_written() {
        for text in ["45000", "", "12/12/2025", "PT12H", "P1D", "2025-13-40"] {
            assert_eq!(in_words(text), None, "{text}");
        }
    }
}
