//! When a statement line happened, read from the text an export wrote, so
//! that two exports of one transaction agree on it whatever their format:
//! `2026-12-05 17:21:25`, `2026-12-05T17:21:25`, `05/12/2026 17:21:25`,
//! `05-Dec-2026 5:21:25 PM`. A day-first or month-first date that could be
//! either keeps both readings: the same transaction is written the same
//! way within one export, and across two exports the readings must share a
//! day. A time written to the minute agrees with one written to the second
//! within that minute. A zone or offset is not weighed (exports of one
//! account write the account's local time).

use chrono::NaiveDate;

/// A line's time: the days it may be, and the time of day as far as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    days: Vec<NaiveDate>,
    /// Seconds since midnight, and whether seconds were written.
    clock: Option<(u32, bool)>,
}

impl When {
    /// The time a cell states, if it reads as a date (and a time): a text
    /// that does not read as one states nothing to compare.
    pub fn read(text: &str) -> Option<When> {
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
        let date = words.next()?;
        let rest: Vec<&str> = words.collect();
        // `05 Dec 2026 17:21`: a date written in three words.
        let (days, rest) = match days(date) {
            Some(d) => (d, &rest[..]),
            None if rest.len() >= 2 => {
                let joined = format!("{date}-{}-{}", rest.first()?, rest.get(1)?);
                (days(&joined)?, rest.get(2..)?)
            }
            None => return None,
        };
        let clock = match rest {
            [] => None,
            [clock, tail @ ..] => Some(read_clock(clock, tail)?),
        };
        Some(When { days, clock })
    }

    /// Whether the two may be the same instant, as far as both are written.
    pub fn same(&self, o: &When) -> bool {
        let day = self.days.iter().any(|d| o.days.contains(d));
        day && match (self.clock, o.clock) {
            (Some((a, true)), Some((b, true))) => a == b,
            (Some((a, _)), Some((b, _))) => a / 60 == b / 60,
            _ => true,
        }
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

/// `17:21`, `17:21:25`, `17:21:25.120`, `5:21:25 PM`, `5:21PM`, then an
/// optional zone: seconds since midnight, and whether seconds were written.
fn read_clock(word: &str, tail: &[&str]) -> Option<(u32, bool)> {
    let lower = word.to_ascii_lowercase();
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
            (lower, half)
        }
    };
    // A zone written on the time (`17:21:25Z`, `17:21:25+06:00`) is not weighed.
    let clock = clock.split(['+', 'z']).next()?;
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
    (h < 24 && m < 60 && s < 61).then_some((h * 3600 + m * 60 + s, seconds))
}
