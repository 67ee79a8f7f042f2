//! The allowed-signers file: who may sign approvals, with which key, for
//! which namespaces and when. The format is OpenSSH's ("ALLOWED SIGNERS" in
//! ssh-keygen(1)), the one `ssh-keygen -Y verify` and git read, so an auditor
//! re-checks payrun's approvals with the very same file and no payrun.
//!
//! Written here because no crate reads it: `ssh-key` parses keys and
//! signatures, not this file. The rules follow OpenSSH's `sshsig.c`:
//! - `principals [options] keytype base64 [comment]`, one entry a line;
//!   blank lines and `#` comments are skipped;
//! - principals are a comma-separated pattern list (`*`, `?`, `!negation`),
//!   optionally in double quotes;
//! - options: `cert-authority`, `namespaces="a,b"`, `valid-after="..."`,
//!   `valid-before="..."` (YYYYMMDD[HHMM[SS]], `Z` for UTC, else local time);
//!   any other option makes the line, and so the file, invalid;
//! - a `cert-authority` line only vouches for certificates, never for a
//!   plain key, so payrun (which takes plain keys only) never matches one.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use ssh_key::PublicKey;
use ssh_key::public::KeyData;
use std::path::{Path, PathBuf};

/// The file is read whole; an allowed-signers file of a finance team is a
/// few lines. Past this it is not one.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Why the file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SignersError {
    #[error("{path}: cannot read the allowed-signers file: {cause}")]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{path}: the allowed-signers file is over {MAX_FILE_BYTES} bytes; it is not one")]
    TooBig { path: PathBuf },
    #[error(
        "{path}, line {line}: {reason}. The format is `principal[,principal] [options] keytype key`, e.g. rahim@finance namespaces=\"payrun-approval\" ssh-ed25519 AAAA..."
    )]
    Line {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

/// One entry of the file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// 1-based line number, for messages.
    pub line: usize,
    /// The principals pattern list as written (without quotes).
    pub principals: String,
    pub cert_authority: bool,
    /// `namespaces="..."`: a pattern list; `None` allows every namespace.
    pub namespaces: Option<String>,
    pub valid_after: Option<DateTime<Utc>>,
    pub valid_before: Option<DateTime<Utc>>,
    pub key: KeyData,
    /// The line as written (comment-free, trimmed): kept in the ledger
    /// beside an approval it vouched for, so that `approve --verify` still
    /// checks that approval after the line is deleted (a key revoked).
    pub text: String,
}

impl Entry {
    /// The principal this entry names: its first pattern that is neither
    /// negated nor a wildcard. `None` for a line of patterns only.
    pub fn principal(&self) -> Option<&str> {
        self.names().next()
    }

    /// Every principal this entry names: its patterns that are neither
    /// negated nor wildcards (`super::person` links lines by them).
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        self.principals
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty() && !p.starts_with('!') && !p.contains(['*', '?']))
    }

    /// Whether `namespace` is allowed by this entry.
    pub fn allows_namespace(&self, namespace: &str) -> bool {
        self.namespaces
            .as_deref()
            .is_none_or(|list| match_pattern_list(namespace, list))
    }

    /// Why the entry is not valid at `at`, if it is not.
    pub fn invalid_at(&self, at: DateTime<Utc>) -> Option<String> {
        if let Some(after) = self.valid_after
            && at < after
        {
            return Some(format!("is not valid before {after} (valid-after)"));
        }
        if let Some(before) = self.valid_before
            && at > before
        {
            return Some(format!("expired at {before} (valid-before)"));
        }
        None
    }
}

/// The parsed file.
#[derive(Debug, Clone)]
pub struct AllowedSigners {
    pub path: PathBuf,
    pub entries: Vec<Entry>,
}

impl AllowedSigners {
    /// Reads and checks the whole file: one bad line refuses the file, as
    /// `ssh-keygen -Y verify` does.
    pub fn load(path: &Path) -> Result<AllowedSigners, SignersError> {
        let read = |cause| SignersError::Read {
            path: path.to_path_buf(),
            cause,
        };
        let len = std::fs::metadata(path).map_err(read)?.len();
        if len > MAX_FILE_BYTES {
            return Err(SignersError::TooBig {
                path: path.to_path_buf(),
            });
        }
        let text = std::fs::read_to_string(path).map_err(read)?;
        Self::parse(&text, path)
    }

    /// Parses `text` as if read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<AllowedSigners, SignersError> {
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let bad = |reason: String| SignersError::Line {
                path: path.to_path_buf(),
                line: i + 1,
                reason,
            };
            if let Some(e) = parse_line(line, i + 1).map_err(bad)? {
                entries.push(e);
            }
        }
        Ok(AllowedSigners {
            path: path.to_path_buf(),
            entries,
        })
    }

    /// The plain-key entries for `key` (cert-authority lines never match).
    pub fn for_key<'a>(&'a self, key: &'a KeyData) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries
            .iter()
            .filter(move |e| !e.cert_authority && &e.key == key)
    }
}

/// Splits off the first token: a double-quoted string or a run of
/// non-blanks. Returns the token (quotes removed) and the rest.
fn first_token(s: &str) -> Result<(&str, &str), String> {
    let s = s.trim_start_matches([' ', '\t']);
    if let Some(rest) = s.strip_prefix('"') {
        let end = rest
            .find('"')
            .ok_or_else(|| "a quote is not closed".to_string())?;
        return Ok((&rest[..end], &rest[end + 1..]));
    }
    let end = s.find([' ', '\t']).unwrap_or(s.len());
    Ok((&s[..end], &s[end..]))
}

/// Splits the options token: up to the first blank outside quotes.
fn options_token(s: &str) -> Result<(&str, &str), String> {
    let s = s.trim_start_matches([' ', '\t']);
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ' ' | '\t' if !quoted => return Ok((&s[..i], &s[i..])),
            _ => {}
        }
    }
    if quoted {
        return Err("a quote in the options is not closed".into());
    }
    Ok((s, ""))
}

/// Whether `s` starts with a key type OpenSSH knows.
fn looks_like_key(s: &str) -> bool {
    let t = s.trim_start_matches([' ', '\t']);
    ["ssh-", "ecdsa-", "sk-ssh-", "sk-ecdsa-", "rsa-"]
        .iter()
        .any(|p| t.starts_with(p))
}

fn parse_line(line: &str, no: usize) -> Result<Option<Entry>, String> {
    let line = line.trim_end_matches('\r');
    let body = line.trim_start_matches([' ', '\t']);
    if body.is_empty() || body.starts_with('#') {
        return Ok(None);
    }
    let (principals, rest) = first_token(body)?;
    if principals.is_empty() {
        return Err("no principal before the key".into());
    }
    let mut opts = Options::default();
    let rest = if looks_like_key(rest) {
        rest
    } else {
        let (list, rest) = options_token(rest)?;
        if list.is_empty() {
            return Err("no key after the principals".into());
        }
        for opt in split_options(list)? {
            opts.apply(opt)?;
        }
        rest
    };
    let key_text = rest.trim();
    if key_text.is_empty() {
        return Err("no key after the principals and options".into());
    }
    let key =
        PublicKey::from_openssh(key_text).map_err(|e| format!("the key does not parse ({e})"))?;
    Ok(Some(Entry {
        line: no,
        principals: principals.to_string(),
        cert_authority: opts.cert_authority,
        namespaces: opts.namespaces,
        valid_after: opts.valid_after,
        valid_before: opts.valid_before,
        key: key.key_data().clone(),
        text: body.trim_end().to_string(),
    }))
}

/// The options of one line.
#[derive(Default)]
struct Options {
    cert_authority: bool,
    namespaces: Option<String>,
    valid_after: Option<DateTime<Utc>>,
    valid_before: Option<DateTime<Utc>>,
}

impl Options {
    fn apply(&mut self, opt: &str) -> Result<(), String> {
        let lower = opt.to_ascii_lowercase();
        if lower == "cert-authority" {
            self.cert_authority = true;
        } else if lower.starts_with("namespaces=") {
            self.namespaces = Some(quoted_value(opt, "namespaces")?.to_string());
        } else if lower.starts_with("valid-after=") {
            self.valid_after = Some(parse_time(quoted_value(opt, "valid-after")?)?);
        } else if lower.starts_with("valid-before=") {
            self.valid_before = Some(parse_time(quoted_value(opt, "valid-before")?)?);
        } else {
            return Err(format!(
                "unknown option {opt:?}; allowed: cert-authority, namespaces=\"...\", valid-after=\"...\", valid-before=\"...\""
            ));
        }
        Ok(())
    }
}

/// Splits `a,b="x,y",c` on commas outside quotes.
fn split_options(s: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    if out.iter().any(|o| o.is_empty()) {
        return Err(format!("an empty option in {s:?}"));
    }
    Ok(out)
}

fn quoted_value<'a>(opt: &'a str, name: &str) -> Result<&'a str, String> {
    let v = &opt[name.len() + 1..];
    v.strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .ok_or_else(|| format!("{name} needs a quoted value, e.g. {name}=\"...\""))
}

/// `YYYYMMDD[HHMM[SS]]`, with a trailing `Z` for UTC; otherwise local time,
/// as OpenSSH reads it.
pub fn parse_time(s: &str) -> Result<DateTime<Utc>, String> {
    let bad = || {
        format!(
            "{s:?} is not a time: write YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, with Z for UTC"
        )
    };
    let (digits, utc) = match s.strip_suffix(['Z', 'z']) {
        Some(d) => (d, true),
        None => (s, false),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let full = match digits.len() {
        8 => format!("{digits}000000"),
        12 => format!("{digits}00"),
        14 => digits.to_string(),
        _ => return Err(bad()),
    };
    let naive = NaiveDateTime::parse_from_str(&full, "%Y%m%d%H%M%S").map_err(|_| bad())?;
    if naive.date() < NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default() {
        return Err(bad());
    }
    if utc {
        return Ok(Utc.from_utc_datetime(&naive));
    }
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(bad)
}

/// OpenSSH's `match_pattern_list`: a comma-separated list of patterns, a
/// `!` pattern that matches vetoes the whole list.
pub fn match_pattern_list(s: &str, list: &str) -> bool {
    let mut matched = false;
    for p in list.split(',').map(str::trim) {
        if let Some(neg) = p.strip_prefix('!') {
            if match_pattern(s, neg) {
                return false;
            }
        } else if match_pattern(s, p) {
            matched = true;
        }
    }
    matched
}

/// `*` matches any run, `?` any one character.
fn match_pattern(s: &str, p: &str) -> bool {
    let (s, p): (Vec<char>, Vec<char>) = (s.chars().collect(), p.chars().collect());
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while i < s.len() {
        match p.get(j) {
            Some('*') => {
                star = Some((j, i));
                j += 1;
            }
            Some(&c) if c == '?' || c == s[i] => {
                i += 1;
                j += 1;
            }
            _ => match star {
                Some((sj, si)) => {
                    j = sj + 1;
                    i = si + 1;
                    star = Some((sj, si + 1));
                }
                None => return false,
            },
        }
    }
    p[j..].iter().all(|c| *c == '*')
}

#[cfg(test)]
#[path = "signers_tests.rs"]
pub(crate) mod tests;
