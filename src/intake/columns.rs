//! Finding the header row and matching its columns to the fields payrun needs.
//!
//! Sheets come from many hands: a title row or two above the header, headers
//! in any case, `Amount (BDT)` or `Taka`. Matching is by alias after folding
//! case and punctuation, and `--map field="Header"` overrides it. A required
//! column that cannot be found stops the run: guessing which column holds the
//! money is not something a payout tool may do.

use super::fields::{ColumnMap, ColumnOverride, Field, fold};
use super::quoted;

/// Why no usable header row was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnsProblem(pub String);

/// The outcome of header detection over the first rows of a sheet.
#[derive(Debug, Clone)]
pub struct HeaderMatch {
    /// Index (0-based, among the rows given) of the header row.
    pub index: usize,
    pub columns: ColumnMap,
    /// Things worth telling the user (an unnamed column, an ignored duplicate).
    pub notes: Vec<String>,
}

/// How far down a sheet the header may sit.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header among `rows` (each a list of cell texts): the first row
/// holding every required field. When none does, the error names what is
/// missing, the headers of the most header-like row, and the closest match.
pub fn detect_header(
    rows: &[(usize, Vec<String>)],
    overrides: &[ColumnOverride],
) -> Result<HeaderMatch, ColumnsProblem> {
    let mut best: Option<(usize, usize, Attempt)> = None;
    for (index, (_, cells)) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let attempt = match_row(cells, overrides);
        if let Some(problem) = attempt.ambiguity.clone()
            && attempt.required_found() >= 2
        {
            return Err(ColumnsProblem(problem));
        }
        if attempt.missing_required().is_empty() {
            return Ok(HeaderMatch {
                index,
                columns: attempt.map,
                notes: attempt.notes,
            });
        }
        let score = attempt.required_found() * 10 + attempt.found();
        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, index, attempt));
        }
    }
    let Some((_, index, attempt)) = best else {
        return Err(ColumnsProblem("no rows to find a header in".into()));
    };
    let headers = rows.get(index).map(|(_, c)| c.as_slice()).unwrap_or(&[]);
    let row_no = rows.get(index).map_or(0, |(n, _)| *n);
    Err(ColumnsProblem(missing_message(
        headers,
        row_no,
        &attempt.missing_required(),
        &attempt.map,
        overrides,
    )))
}

struct Attempt {
    map: ColumnMap,
    notes: Vec<String>,
    ambiguity: Option<String>,
}

impl Attempt {
    fn missing_required(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| f.required() && self.map.get(*f).is_none())
            .collect()
    }
    fn required_found(&self) -> usize {
        3 - self.missing_required().len()
    }
    fn found(&self) -> usize {
        Field::ALL
            .into_iter()
            .filter(|f| self.map.get(*f).is_some())
            .count()
    }
}

fn col_letter(col: usize) -> String {
    super::column_letter(col)
}

fn match_row(cells: &[String], overrides: &[ColumnOverride]) -> Attempt {
    let mut map = ColumnMap::default();
    let mut notes = Vec::new();
    let mut ambiguity = None;
    let folded: Vec<String> = cells.iter().map(|c| fold(c)).collect();
    for o in overrides {
        let want = o.header.trim();
        let col = cells
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case(want))
            .or_else(|| {
                folded
                    .iter()
                    .position(|f| !f.is_empty() && *f == fold(want))
            });
        if let Some(col) = col {
            map.set(o.field, col);
        }
    }
    // A config alias that the sheet lacks leaves the built-in names in play.
    let strict: Vec<Field> = overrides
        .iter()
        .filter(|o| !o.alias || map.get(o.field).is_some())
        .map(|o| o.field)
        .collect();
    let overridden = |f: Field| strict.contains(&f);
    let taken = |map: &ColumnMap, col: usize| map.field_of(col).is_some();
    for field in Field::ALL {
        if overridden(field) {
            continue;
        }
        let hits_for = |aliases: &[&str], map: &ColumnMap| -> Vec<usize> {
            folded
                .iter()
                .enumerate()
                .filter(|(col, f)| {
                    (aliases.contains(&f.as_str())
                        || (field == Field::Amount
                            && strip_currency(f).is_some_and(|s| aliases.contains(&s))))
                        && !taken(map, *col)
                })
                .map(|(col, _)| col)
                .collect()
        };
        let mut hits = hits_for(field.aliases(), &map);
        let mut by_fallback = false;
        if hits.is_empty() {
            hits = hits_for(field.fallback_aliases(), &map);
            by_fallback = true;
        } else if field == Field::Wallet {
            // `Mobile No.` beside `bKash No.`: the mobile column may be a
            // contact number and the other the wallet. Which to pay is the
            // user's call, so both are candidates and the choice is asked for.
            let specific: Vec<usize> = hits_for(field.fallback_aliases(), &map)
                .into_iter()
                .filter(|c| folded.get(*c).is_some_and(|f| names_a_wallet(f)))
                .collect();
            hits.extend(specific);
        }
        // `wallet` names the provider in some sheets; when another column
        // clearly holds the number, the bare `wallet` column is the provider.
        let hits = if field == Field::Wallet && hits.len() > 1 {
            let bare: Vec<usize> = hits
                .iter()
                .copied()
                .filter(|c| folded.get(*c).is_some_and(|f| f == "wallet"))
                .collect();
            if let [only] = bare.as_slice()
                && map.get(Field::Provider).is_none()
                && !overridden(Field::Provider)
            {
                let has_provider_alias = folded.iter().any(|f| {
                    Field::Provider.aliases().contains(&f.as_str())
                        || Field::Provider.fallback_aliases().contains(&f.as_str())
                });
                if !has_provider_alias {
                    map.set(Field::Provider, *only);
                }
            }
            hits.into_iter().filter(|c| !taken(&map, *c)).collect()
        } else {
            hits
        };
        match hits.as_slice() {
            [] => {}
            [col] => {
                map.set(field, *col);
                // `Salary` may be the pay before a bonus column; say which
                // column the money comes from when it was a less common name.
                if by_fallback && field == Field::Amount {
                    notes.push(format!(
                        "the amount is read from column {} {}; if another column holds the amount to pay, name it with --map amount=\"HEADER\"",
                        col_letter(*col),
                        quoted(cells.get(*col).map_or("", |s| s.as_str())),
                    ));
                }
            }
            [first, rest @ ..] => {
                if field.required() || field == Field::Reference {
                    let names: Vec<String> = hits
                        .iter()
                        .map(|c| {
                            format!(
                                "{} (column {})",
                                quoted(cells.get(*c).map_or("", |s| s.as_str())),
                                col_letter(*c)
                            )
                        })
                        .collect();
                    ambiguity.get_or_insert(format!(
                        "more than one column could be the {field}: {}; choose one with --map {field}=\"HEADER\"",
                        names.join(", ")
                    ));
                } else {
                    map.set(field, *first);
                    for c in rest {
                        notes.push(format!(
                            "column {} {} also looks like the {field}; only column {} is read",
                            col_letter(*c),
                            quoted(cells.get(*c).map_or("", |s| s.as_str())),
                            col_letter(*first)
                        ));
                    }
                }
            }
        }
    }
    if map.get(Field::Wallet).is_some() && map.get(Field::Amount).is_some() {
        for (col, c) in cells.iter().enumerate() {
            if c.trim().is_empty()
                && cells
                    .iter()
                    .skip(col + 1)
                    .any(|later| !later.trim().is_empty())
            {
                notes.push(format!(
                    "column {} has no header (a merged header cell?); its cells are kept in the report but not read",
                    col_letter(col)
                ));
            }
        }
    }
    Attempt {
        map,
        notes,
        ambiguity,
    }
}

/// A fallback wallet header that names a wallet or a provider (`bKash No`,
/// `MFS Number`), as against a generic account or mobile number.
fn names_a_wallet(folded: &str) -> bool {
    [
        "bkash",
        "nagad",
        "rocket",
        "mfs",
        "mobilewallet",
        "walletac",
        "ওয়ালেট",
    ]
    .iter()
    .any(|p| folded.starts_with(p))
}

/// `Net Pay (Tk)` is `Net Pay` in taka: the folded header without a
/// trailing currency word, when there is one and something is left.
fn strip_currency(folded: &str) -> Option<&str> {
    ["bdt", "tk", "taka", "টাকা"]
        .iter()
        .find_map(|c| folded.strip_suffix(c))
        .filter(|rest| !rest.is_empty())
}

fn missing_message(
    headers: &[String],
    row_no: usize,
    missing: &[Field],
    map: &ColumnMap,
    overrides: &[ColumnOverride],
) -> String {
    let found: Vec<String> = headers
        .iter()
        .filter(|h| !h.trim().is_empty())
        .map(|h| quoted(h.trim()))
        .collect();
    let mut lines = Vec::new();
    let names: Vec<&str> = missing.iter().map(|f| f.key()).collect();
    lines.push(format!(
        "no column for the required field{} {}",
        if missing.len() == 1 { "" } else { "s" },
        names.join(", ")
    ));
    if found.is_empty() {
        lines.push("  no headers found in the first rows".to_string());
    } else {
        lines.push(format!(
            "  headers found (row {row_no}): {}",
            found.join(", ")
        ));
    }
    for field in missing {
        if let Some(o) = overrides.iter().find(|o| o.field == *field && !o.alias) {
            let closest = closest_header(headers, &[fold(&o.header).as_str()], map);
            lines.push(format!(
                "  --map {field}={}: no such header{}",
                quoted(&o.header),
                closest
                    .map(|h| format!("; closest match: {}", quoted(h)))
                    .unwrap_or_default()
            ));
            continue;
        }
        let aliases: Vec<&str> = field
            .aliases()
            .iter()
            .chain(field.fallback_aliases())
            .copied()
            .collect();
        match closest_header(headers, &aliases, map) {
            Some(h) => lines.push(format!(
                "  {field}: closest match {h}; if that is it, add --map {field}={h}",
                h = quoted(h)
            )),
            None => lines.push(format!(
                "  {field}: nothing close; name the column with --map {field}=\"HEADER\""
            )),
        }
    }
    lines.join("\n")
}

/// The unused header most similar to any alias, if it is similar enough to be
/// a useful hint rather than noise.
fn closest_header<'a>(headers: &'a [String], aliases: &[&str], map: &ColumnMap) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for (col, h) in headers.iter().enumerate() {
        let f = fold(h);
        if f.is_empty() || map.field_of(col).is_some() {
            continue;
        }
        for a in aliases {
            // `Disbursed Amount (Tk)` holds `amount` whole: a better hint
            // than any spelling distance says.
            let score = if a.chars().count() >= 4 && f.contains(a) {
                0.95
            } else {
                strsim::jaro_winkler(&f, a)
            };
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, h.trim()));
            }
        }
    }
    best.filter(|(s, _)| *s >= 0.7).map(|(_, h)| h)
}

#[cfg(test)]
#[path = "columns_tests.rs"]
mod tests;
