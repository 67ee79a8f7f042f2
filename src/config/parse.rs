//! Value parsers: each takes the text as written (a flag, an environment
//! variable, a file value turned into text, or a built-in default) and says
//! what is wrong in words the user can act on. With [`show`], the two ends
//! of every row of the settings table.

use crate::config::Rate;
use crate::money::Amount;
use std::path::PathBuf;
use std::time::Duration;

pub fn text(s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("must not be empty".into());
    }
    Ok(t.to_string())
}

pub fn path(s: &str) -> Result<PathBuf, String> {
    text(s).map(PathBuf::from)
}

/// The one rule for a URL setting ([`super::url`]).
pub fn url(s: &str) -> Result<String, String> {
    super::url::http_url(s)
}

/// [`crate::time::duration`], longer than zero.
pub fn duration(s: &str) -> Result<Duration, String> {
    let d = crate::time::duration(s)?;
    if d.is_zero() {
        return Err("must be longer than zero".into());
    }
    Ok(d)
}

/// The repeat window: a duration longer than zero. There is no "off":
/// a repeat meant to be paid is said with --allow-repeat-payment or the
/// row's repeat column, so zero says that.
pub fn repeat_window(s: &str) -> Result<Duration, String> {
    duration(s).map_err(|e| {
        format!(
            "{e}; the window cannot be switched off: to pay rows paid under another \
             label again, pass --allow-repeat-payment or write yes in the row's repeat column"
        )
    })
}

/// A window that may be switched off: `off` (or `0`) is `None`, else a
/// duration as [`duration`] reads it.
pub fn window(s: &str) -> Result<Option<Duration>, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "off" | "0" | "0s" | "none" => Ok(None),
        _ => duration(s).map(Some).map_err(|e| format!("{e}, or off")),
    }
}

/// A whole number in `min..=max`.
pub fn count_in(min: u32, max: u32, s: &str) -> Result<u32, String> {
    match s.trim().parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("must be a whole number from {min} to {max}")),
    }
}

/// [`count_in`] as a parser, e.g. `count(1, 512)`.
pub fn count(min: u32, max: u32) -> impl Fn(&str) -> Result<u32, String> {
    move |s| count_in(min, max, s)
}

/// [`count_in`] with the bounds in the type, for the settings table.
pub fn count_of<const MIN: u32, const MAX: u32>(s: &str) -> Result<u32, String> {
    count_in(MIN, MAX, s)
}

pub fn rate(s: &str) -> Result<Rate, String> {
    s.parse()
}

pub fn trade_no_form(s: &str) -> Result<crate::config::TradeNoForm, String> {
    s.parse()
}

pub fn taka(s: &str) -> Result<Amount, String> {
    let a = Amount::parse(s.trim()).map_err(|e| format!("not an amount in taka: {e}"))?;
    if a.poisha() <= 0 {
        return Err("must be more than zero taka".into());
    }
    Ok(a)
}

pub fn boolean(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "on" => Ok(true),
        "false" | "no" | "0" | "off" => Ok(false),
        _ => Err("must be true or false".into()),
    }
}

/// How `config show` prints a value.
pub mod show {
    use crate::money::Amount;
    use std::path::PathBuf;
    use std::time::Duration;

    pub fn plain<T: std::fmt::Display>(v: &T) -> String {
        v.to_string()
    }

    pub fn duration(d: &Duration) -> String {
        humantime::format_duration(*d).to_string()
    }

    /// [`super::window`]'s `None` is `off`.
    pub fn window(w: &Option<Duration>) -> String {
        w.as_ref().map_or_else(|| "off".to_string(), duration)
    }

    pub fn taka(a: &Amount) -> String {
        a.to_plain_taka()
    }

    // The table's `show` takes `&T`, and T is PathBuf here.
    #[allow(clippy::ptr_arg)]
    pub fn path(p: &PathBuf) -> String {
        p.display().to_string()
    }
}
