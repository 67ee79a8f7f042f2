//! When a statement line happened, read from the text an export wrote, so
//! that two exports of one transaction agree on it whatever their format:
//! `2026-12-05 17:21:25`, `2026-12-05T17:21:25`, `05/12/2026 17:21:25`,
//! `05-Dec-2026 5:21:25 PM`. A day-first or month-first date that could be
//! either keeps both readings: the same transaction is written the same
//! way within one export, and across two exports the readings must share a
//! day. A time written to the minute agrees with one written to the second
//! within that minute.
//!
//! A zone written on the time (`Z`, `+06:00`, `+0600`, `UTC`, `GMT+6`) is
//! read, and two zoned times are compared as instants on the ledger's
//! clock (UTC): `2026-12-01T01:00:00+06:00` is `2026-11-30 19:00:00Z`, the
//! day before, and `10:00+06:00` is not `10:00Z`. Ignoring it once merged
//! two transactions six hours apart (hiding a second debit) and kept one
//! transaction apart across a day boundary (reporting it twice). A time
//! without a zone is the account's local time, its offset unknown: against
//! a zoned time it only has to fall within a day of it. Anything else after
//! the time (`BST`, `IST`, `Asia/Dhaka`: names that mean several offsets,
//! or none payrun knows) is refused by [`When::parse`], and the statement
//! with it (`statement::lines`), never guessed.

use chrono::NaiveDate;

/// A line's time: the days it may be, and the time of day as far as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    days: Vec<NaiveDate>,
    /// Seconds since midnight, and whether seconds were written.
    clock: Option<(u32, bool)>,
    /// The zone written on the time, in seconds east of UTC.
    offset: Option<i32>,
}

impl When {
    /// The time a cell states, if it reads as a date (and a time): a text
    /// that does not read as one, or whose zone cannot be read, states
    /// nothing to compare.
    pub fn read(text: &str) -> Option<When> {
        Self::parse(text).ok().flatten()
    }

    /// As [`When::read`], but `Err` (saying what to do) when the text reads
    /// as a date and a time followed by something that is not a zone
    /// payrun can read: such a time may be hours off the ledger's clock.
    pub fn parse(text: &str) -> Result<Option<When>, String> {
        // `2026-12-05T17:21:25`: the ISO joint between the date and the time.
        let t: String = text
            .trim()
            .char_indices()
            .map(|(i, c)| {
                let digit_at = |j: usize| {
                    text.trim()
                        .as_bytes()
                        .get(j)
                        .is_some_and(u8::is_ascii_digit)
                };
                match c == 'T' && i > 0 && digit_at(i - 1) && digit_at(i + 1) {
                    true => ' ',
                    false => c,
                }
            })
            .collect();
        let mut words = t.split_whitespace();
        let Some(date) = words.next() else {
            return Ok(None);
        };
        let rest: Vec<&str> = words.collect();
        // `05 Dec 2026 17:21`: a date written in three words.
        let three = |rest: &[&str]| -> Option<(Vec<NaiveDate>, usize)> {
            let joined = format!("{date}-{}-{}", rest.first()?, rest.get(1)?);
            Some((days(&joined)?, 2))
        };
        let Some((days, used)) = days(date).map(|d| (d, 0)).or_else(|| three(&rest)) else {
            return Ok(None);
        };
        let (clock, offset) = match rest.get(used..).unwrap_or_default() {
            [] => (None, None),
            [clock, tail @ ..] => match read_clock(clock, tail) {
                Some((c, zone)) => (Some(c), zone_of(&zone)?),
                None => return Ok(None),
            },
        };
        Ok(Some(When {
            days,
            clock,
            offset,
        }))
    }

    /// Whether the two may be the same instant, as far as both are written.
    pub fn same(&self, o: &When) -> bool {
        match (self.utc(), o.utc()) {
            (Some(a), Some(b)) => a.iter().any(|x| b.iter().any(|y| close(*x, *y))),
            (Some(zoned), None) => o.within_a_day(&zoned),
            (None, Some(zoned)) => self.within_a_day(&zoned),
            (None, None) => {
                let day = self.days.iter().any(|d| o.days.contains(d));
                day && match (self.clock, o.clock) {
                    (Some((a, true)), Some((b, true))) => a == b,
                    (Some((a, _)), Some((b, _))) => a / 60 == b / 60,
                    _ => true,
                }
            }
        }
    }

    /// A zoned time's possible instants on the ledger's clock: seconds
    /// since the epoch, and whether seconds were written.
    fn utc(&self) -> Option<Vec<(i64, bool)>> {
        let (offset, (clock, seconds)) = self.offset.zip(self.clock)?;
        let at = |d: &NaiveDate| {
            let midnight = d.and_hms_opt(0, 0, 0)?.and_utc().timestamp();
            Some((midnight + i64::from(clock) - i64::from(offset), seconds))
        };
        Some(self.days.iter().filter_map(at).collect())
    }

    /// Whether a local time of unknown offset may be one of these instants:
    /// its day within a day of theirs (no zone is further off UTC).
    fn within_a_day(&self, zoned: &[(i64, bool)]) -> bool {
        let days = |t: i64| t.div_euclid(86_400);
        self.days.iter().any(|d| {
            let day = d
                .and_hms_opt(0, 0, 0)
                .map(|m| days(m.and_utc().timestamp()));
            zoned
                .iter()
                .any(|(t, _)| day.is_some_and(|day| (day - days(*t)).abs() <= 1))
        })
    }
}

/// The days a date word may be.
fn days(word: &str) -> Option<Vec<NaiveDate>> {
    let parts: Vec<&str> = word.split(['-', '/', '.']).collect();
    let [a, b, c] = parts[..] else { return None };
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = |s: &str| {
        num(s)
            .filter(|_| s.len() == 4)
            .and_then(|y| i32::try_from(y).ok())
    };
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    let mut out: Vec<NaiveDate> = if let Some(y) = year(a) {
        let m = num(b).or_else(|| month(b))?;
        ymd(y, m, num(c)?).into_iter().collect()
    } else {
        let y = year(c)?;
        match (num(a), month(b), num(b)) {
            (Some(d), Some(m), _) => ymd(y, m, d).into_iter().collect(),
            (Some(x), None, Some(z)) => {
                [ymd(y, z, x), ymd(y, x, z)].into_iter().flatten().collect()
            }
            _ => month(a)
                .zip(num(b))
                .and_then(|(m, d)| ymd(y, m, d))
                .into_iter()
                .collect(),
        }
    };
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// A month written as a word (`Dec`, `December`).
fn month(word: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let w = word.to_ascii_lowercase();
    let w = w.get(..3).filter(|_| w.len() >= 3 && w.is_ascii())?;
    NAMES
        .iter()
        .position(|n| *n == w)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Two instants that may be the same: to the second when both wrote
/// seconds, else within the same minute.
fn close((a, sa): (i64, bool), (b, sb): (i64, bool)) -> bool {
    match sa && sb {
        true => a == b,
        false => a.div_euclid(60) == b.div_euclid(60),
    }
}

/// `17:21`, `17:21:25`, `17:21:25.120`, `5:21:25 PM`, `5:21PM`, then an
/// optional zone, on the time (`17:21:25Z`, `17:21:25+06:00`) or in the
/// words after it (`UTC`, `GMT+6`): seconds since midnight, whether
/// seconds were written, and the zone's text (empty when none).
fn read_clock(word: &str, tail: &[&str]) -> Option<((u32, bool), String)> {
    // A zone on the time starts at its first sign or `Z` after a digit.
    let at = word
        .char_indices()
        .skip(1)
        .find(|(_, c)| matches!(c, '+' | '-' | 'Z' | 'z'))
        .map_or(word.len(), |(i, _)| i);
    let (word, attached) = word.split_at(at);
    let lower = word.to_ascii_lowercase();
    let mut tail = tail;
    let (clock, half) = match (lower.strip_suffix("am"), lower.strip_suffix("pm")) {
        (Some(c), _) => (c.to_string(), Some(false)),
        (_, Some(c)) => (c.to_string(), Some(true)),
        _ => {
            let next = tail.first().map(|t| t.to_ascii_lowercase());
            let half = match next.as_deref() {
                Some("am") => Some(false),
                Some("pm") => Some(true),
                _ => None,
            };
            if half.is_some() {
                tail = tail.get(1..).unwrap_or_default();
            }
            (lower, half)
        }
    };
    let clock = clock.split('.').next()?;
    let parts: Vec<u32> = clock
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<Vec<u32>>>()?;
    let (h, m, s, seconds) = match parts[..] {
        [h, m] => (h, m, 0, false),
        [h, m, s] => (h, m, s, true),
        _ => return None,
    };
    let h = match half {
        Some(pm) if (1..=12).contains(&h) => h % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None => h,
    };
    let zone = std::iter::once(attached)
        .chain(tail.iter().copied())
        .collect::<Vec<_>>()
        .join("");
    (h < 24 && m < 60 && s < 61).then_some(((h * 3600 + m * 60 + s, seconds), zone))
}

/// The offset a zone's text states, in seconds east of UTC: `None` for no
/// zone; `Err` for a text that is not one payrun can read.
fn zone_of(text: &str) -> Result<Option<i32>, String> {
    let t = text.trim().trim_start_matches('(').trim_end_matches(')');
    if t.is_empty() {
        return Ok(None);
    }
    let upper = t.to_ascii_uppercase();
    let rest = ["UTC", "GMT", "UT", "Z"]
        .iter()
        .find_map(|p| upper.strip_prefix(p))
        .unwrap_or(&upper);
    if rest.is_empty() {
        return Ok(Some(0));
    }
    offset(rest).map(Some).ok_or_else(|| {
        format!(
            "has the time zone {}, which payrun cannot read: export the statement with \
             times in UTC or with a numeric offset (+06:00), or without a zone in the \
             account's local time",
            crate::text::quoted(text.trim())
        )
    })
}

/// `+6`, `+06`, `+0600`, `+06:00`, `-5:30`: seconds east of UTC.
fn offset(t: &str) -> Option<i32> {
    let (sign, digits) = match t.as_bytes().first()? {
        b'+' => (1, t.get(1..)?),
        b'-' => (-1, t.get(1..)?),
        _ => return None,
    };
    let num = |s: &str| {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i32>().ok())
            .flatten()
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (num(h)?, num(m)?),
        None if digits.len() == 4 => (num(digits.get(..2)?)?, num(digits.get(2..)?)?),
        None => (num(digits)?, 0),
    };
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}
