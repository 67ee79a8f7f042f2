//! Finding the header row and matching its columns to the fields payrun needs.
//!
//! Sheets come from many hands: a title row or two above the header, headers
//! in any case, `Amount (BDT)` or `Taka`. Matching is by name after folding
//! case and punctuation, and `--map field="Header"` overrides it.
//!
//! payrun never chooses between two columns, for any field. It reads a
//! column by itself only under a name it knows ([`super::fields`]), but every
//! column that *could* hold the field counts as a candidate
//! ([`super::header_words`]): `Amount` beside `Net Pay`, `Mobile` beside
//! `bKash Number`, `Remark` beside `Note`. A field with two candidates
//! refuses the sheet, naming each candidate and the `--map` that settles it.
//! A required column that cannot be found stops the run too: guessing which
//! column holds the money is not something a payout tool may do.
//!
//! Headers are not all: a column is also judged by the cells under it
//! ([`super::column_values`]). One whose cells name providers is a provider
//! column under any header (`Via`); a second column of different wallet
//! numbers is a rival for the wallet under any header (`Contact No`); a
//! deduction beside a `Salary` asks what to pay.
//!
//! A sheet may also say its provider in the wallet column's header (`bKash
//! Number`) or on the command line (`--provider`); then it needs no provider
//! column.
//!
//! Every step is linear in the number of columns: a header with a cell at
//! column 1,000,000 costs a pass over it, not a million passes.

use super::column_values::{Below, providers_by_cells, refusals, row_example, sampled_rivals};
use super::columns_hint::{ambiguity_message, empty_header_notes, missing_message};
use super::header_words::{could_be, names_a_provider_wallet};
use super::named_provider::{named_note, named_provider};
use super::overrides::apply_overrides;
use super::payee_words::names_payee_number;
use super::{Note, quoted};
use crate::fields::{ColumnMap, ColumnOverride, Field, fold, strip_currency};
use crate::wallet::Provider;

/// Why no usable header row was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnsProblem(pub String);

/// A provider that holds for every row, and who said so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedProvider {
    pub provider: Provider,
    pub by: ProviderSource,
}

/// Where a [`NamedProvider`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderSource {
    /// The header of this column (0-based), the wallet column: `bKash Number`.
    Header(usize),
    /// `--provider NAME`.
    Flag,
}

/// The outcome of header detection over the first rows of a sheet.
#[derive(Debug, Clone)]
pub struct HeaderMatch {
    /// Index (0-based, among the rows given) of the header row.
    pub index: usize,
    pub columns: ColumnMap,
    /// The provider of every row, when the sheet or `--provider` names one.
    pub named_provider: Option<NamedProvider>,
    /// Things worth telling the user (an unnamed column, the provider read
    /// from a header).
    pub notes: Vec<Note>,
    /// Columns of wallet numbers equal to the wallet column's in every
    /// sampled row, or filled on too few of them to tell: each row where
    /// they differ is refused
    /// ([`super::column_values`]).
    pub rivals: Vec<usize>,
}

/// How far down a sheet the header may sit.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header among `rows` (each a list of cell texts): the first row
/// holding every required field. When none does, the error names what is
/// missing, the headers of the most header-like row, and the closest match.
/// `provider` is `--provider`: the sheet then needs no provider column.
pub fn detect_header(
    rows: &[(usize, Vec<String>)],
    overrides: &[ColumnOverride],
    provider: Option<Provider>,
) -> Result<HeaderMatch, ColumnsProblem> {
    let mut best: Option<(usize, usize, Attempt)> = None;
    let rows = rows.get(..HEADER_SEARCH_ROWS).unwrap_or(rows);
    for (index, (_, cells)) in rows.iter().enumerate() {
        let below = rows.get(index + 1..).unwrap_or(&[]);
        let attempt = match_row(cells, below, overrides, provider);
        // A title row may hold one money word; a row with two of the
        // required fields is the header, and its problems are the sheet's.
        if attempt.required_found() >= 2
            && let Some(problem) = attempt.problem.clone()
        {
            return Err(ColumnsProblem(problem));
        }
        if attempt.missing_required().is_empty() {
            return Ok(HeaderMatch {
                index,
                columns: attempt.map,
                named_provider: attempt.named,
                notes: attempt.notes,
                rivals: attempt.rivals,
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

/// Whether `rows` hold a payroll table: a row, within the header search,
/// where the same matching as [`detect_header`] finds a wallet and an amount
/// column (a provider column is not needed: `--provider` may name it). Asked
/// of a sheet payrun does not read, so that a second payroll in the file is
/// never passed over for the first.
pub fn holds_payroll(
    rows: &[(usize, Vec<String>)],
    overrides: &[ColumnOverride],
    provider: Option<Provider>,
) -> bool {
    any_header(rows, overrides, provider, |attempt, _| {
        attempt.has(Field::Wallet) && attempt.has(Field::Amount)
    })
}

/// [`holds_payroll`], with a payee under that header: a digit in a row's
/// wallet cell. Next month's sheet made ready (its title and header, no
/// payee yet) is no later payroll to pay instead of the one read.
pub fn holds_payees(
    rows: &[(usize, Vec<String>)],
    overrides: &[ColumnOverride],
    provider: Option<Provider>,
) -> bool {
    any_header(rows, overrides, provider, |attempt, below| {
        let payee = |w: usize| {
            below.iter().any(|(_, c)| {
                c.get(w)
                    .is_some_and(|t| t.chars().any(|ch| ch.is_ascii_digit()))
            })
        };
        attempt.has(Field::Amount)
            && match attempt.map.get(Field::Wallet) {
                Some(w) => payee(w),
                // Two wallet candidates: it cannot be told, so it counts.
                None => attempt.has(Field::Wallet),
            }
    })
}

/// Whether a row of `rows` within the header search could be the header:
/// one holding two of the required fields, as [`detect_header`] takes one.
/// When none could, a failed search may have stopped above the header.
pub fn header_within_search(
    rows: &[(usize, Vec<String>)],
    overrides: &[ColumnOverride],
    provider: Option<Provider>,
) -> bool {
    any_header(rows, overrides, provider, |attempt, _| {
        attempt.required_found() >= 2
    })
}

/// The first of `rows` (read past the header search) that would be the
/// header, matched as [`detect_header`] matches one: its number and cells.
/// Only for the refusal: payrun never reads a header there.
pub fn header_below_search<'r>(
    rows: &'r [(usize, Vec<String>)],
    overrides: &[ColumnOverride],
    provider: Option<Provider>,
) -> Option<&'r (usize, Vec<String>)> {
    rows.iter().enumerate().find_map(|(index, row)| {
        let below = rows.get(index + 1..).unwrap_or(&[]);
        let attempt = match_row(&row.1, below, overrides, provider);
        (attempt.required_found() >= 2).then_some(row)
    })
}

/// Whether `found` holds for a row within the header search, matched as
/// [`detect_header`] matches one, and the rows below it.
fn any_header(
    rows: &[(usize, Vec<String>)],
    overrides: &[ColumnOverride],
    provider: Option<Provider>,
    found: impl Fn(&Attempt, &[(usize, Vec<String>)]) -> bool,
) -> bool {
    let rows = rows.get(..HEADER_SEARCH_ROWS).unwrap_or(rows);
    rows.iter().enumerate().any(|(index, (_, cells))| {
        let below = rows.get(index + 1..).unwrap_or(&[]);
        found(&match_row(cells, below, overrides, provider), below)
    })
}

struct Attempt {
    map: ColumnMap,
    /// Fields with more than one candidate column.
    ambiguous: Vec<Field>,
    named: Option<NamedProvider>,
    /// Why this row cannot be the header as it is (two candidates for a
    /// field, `--provider` against the sheet).
    problem: Option<String>,
    notes: Vec<Note>,
    rivals: Vec<usize>,
}

impl Attempt {
    fn has(&self, f: Field) -> bool {
        self.map.get(f).is_some()
            || self.ambiguous.contains(&f)
            || (f == Field::Provider && self.named.is_some())
    }
    fn missing_required(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| f.required() && !self.has(*f))
            .collect()
    }
    fn required_found(&self) -> usize {
        3 - self.missing_required().len()
    }
    fn found(&self) -> usize {
        Field::ALL.into_iter().filter(|f| self.has(*f)).count()
    }
}

/// Whether a folded header is one of the names payrun reads `field` under:
/// for the wallet, also a header naming one provider's number (`bKash
/// Number`) or the number the money goes to (`Receiver Number`, `Disburse
/// To`), which no other column may then silently outrank.
fn known_name(field: Field, header: &str, folded: &str) -> bool {
    let is = |f: &str| field.aliases().contains(&f) || field.fallback_aliases().contains(&f);
    is(folded)
        || (field == Field::Amount && strip_currency(folded).is_some_and(is))
        || (field == Field::Wallet
            && (names_a_provider_wallet(header, folded) || names_payee_number(header)))
}

/// The candidate columns of every field, in column order: those under a
/// known name, and those whose words say they could be the field.
pub(super) struct Candidates {
    pub(super) known: [Vec<usize>; 7],
    pub(super) loose: [Vec<usize>; 7],
}

fn candidates(cells: &[String], folded: &[String], map: &ColumnMap) -> Candidates {
    let mut c = Candidates {
        known: Default::default(),
        loose: Default::default(),
    };
    for (col, f) in folded.iter().enumerate() {
        if f.is_empty() || map.field_of(col).is_some() {
            continue;
        }
        let header = cells.get(col).map_or("", |s| s.as_str());
        let mut known = false;
        for field in Field::ALL {
            if known_name(field, header, f)
                && let Some(list) = c.known.get_mut(field as usize)
            {
                list.push(col);
                known = true;
            }
        }
        if known {
            continue;
        }
        for field in [Field::Amount, Field::Wallet, Field::Provider] {
            if could_be(field, header)
                && let Some(list) = c.loose.get_mut(field as usize)
            {
                list.push(col);
            }
        }
    }
    c
}

/// Matches one candidate header row; `below` is the rows under it that
/// detection holds, read to judge columns by their cells
/// ([`super::column_values`]).
fn match_row(
    cells: &[String],
    below: Below<'_>,
    overrides: &[ColumnOverride],
    flag: Option<Provider>,
) -> Attempt {
    // Cells after the last filled one are a workbook's padding.
    let width = cells
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1);
    let cells = cells.get(..width).unwrap_or(cells);
    let folded: Vec<String> = cells.iter().map(|c| fold(c)).collect();
    let mut map = ColumnMap::default();
    let mut ambiguous = Vec::new();
    let mut messages = Vec::new();
    let overridden = apply_overrides(cells, &folded, overrides, &mut map);
    for (field, cols) in &overridden.shared {
        let example = row_example(cols, cells, below);
        messages.push(format!(
            "--map {field}= names a header {} columns match: {}",
            cols.len(),
            ambiguity_message(*field, cols, cells, example)
        ));
        ambiguous.push(*field);
    }
    let overridden = overridden.fields;
    let mut cand = candidates(cells, &folded, &map);
    let mut notes = Vec::new();
    if flag.is_none() && !overridden.contains(&Field::Provider) {
        bare_wallet_as_provider(&mut cand, cells, &folded, &mut notes);
    }
    if !overridden.contains(&Field::Provider) {
        providers_by_cells(&mut cand, cells, below, &map, &mut notes);
    }
    for field in Field::ALL {
        let i = field as usize;
        let mut all: Vec<usize> = cand.known[i]
            .iter()
            .chain(&cand.loose[i])
            .copied()
            .collect();
        all.sort_unstable();
        all.dedup();
        if overridden.contains(&field) {
            if let Some(at) = map.get(field) {
                notes.extend(all.iter().map(|c| not_read_note(field, *c, at, cells)));
            }
            continue;
        }
        if cand.known[i].is_empty() {
            // A column payrun would not read by itself is only ever a rival.
            continue;
        }
        match all.as_slice() {
            [col] => {
                map.set(field, *col);
                // `Salary` may be the pay before a bonus column; say which
                // column the money comes from when it was a less common name.
                let plain = folded
                    .get(*col)
                    .is_some_and(|f| field.aliases().contains(&f.as_str()));
                if field == Field::Amount && !plain {
                    notes.push(Note::info(format!(
                        "the amount is read from column {} {}; if another column holds the amount to pay, name it with --map amount=\"HEADER\"",
                        col_letter(*col),
                        quoted(head(cells, *col)),
                    )));
                }
            }
            _ => {
                let example = row_example(&all, cells, below);
                messages.push(ambiguity_message(field, &all, cells, example));
                ambiguous.push(field);
            }
        }
    }
    messages.extend(refusals(cells, below, &map, |f| overridden.contains(&f)));
    let rivals = sampled_rivals(cells, below, &map, overridden.contains(&Field::Wallet));
    let (named, conflict) = named_provider(&map, &ambiguous, flag, cells);
    messages.extend(conflict);
    if let Some(n) = named {
        notes.push(Note::info(named_note(n, &map, cells)));
    }
    if map.get(Field::Wallet).is_some() && map.get(Field::Amount).is_some() {
        notes.extend(empty_header_notes(cells));
    }
    Attempt {
        map,
        ambiguous,
        named,
        problem: (!messages.is_empty()).then(|| messages.join("\n")),
        notes,
        rivals,
    }
}

/// A candidate left unread because a mapping names another column: said,
/// so that an auditor sees the choice was the user's. (The user's own
/// decision, repeated every month in cron: not a limit on what payrun saw.)
fn not_read_note(field: Field, col: usize, at: usize, cells: &[String]) -> Note {
    Note::info(format!(
        "column {} {} could also be the {field}; it is not read, because the column mapping names column {} {}",
        col_letter(col),
        quoted(head(cells, col)),
        col_letter(at),
        quoted(head(cells, at)),
    ))
}

/// `wallet` names the provider in some sheets (`MOBILE, TAKA, wallet`): when
/// another column holds the number under a known name and no column is
/// named as the provider, the bare `wallet` column is the provider column.
/// A provider column with phone numbers in it fails every row, so this
/// reading can refuse a sheet, never pay a wrong one.
fn bare_wallet_as_provider(
    cand: &mut Candidates,
    cells: &[String],
    folded: &[String],
    notes: &mut Vec<Note>,
) {
    let header = |col: usize| head(cells, col);
    let wallets = &cand.known[Field::Wallet as usize];
    if wallets.len() < 2 || !cand.known[Field::Provider as usize].is_empty() {
        return;
    }
    let bare: Vec<usize> = wallets
        .iter()
        .copied()
        .filter(|c| folded.get(*c).is_some_and(|f| f == "wallet"))
        .collect();
    let [only] = bare.as_slice() else {
        return;
    };
    let only = *only;
    cand.known[Field::Wallet as usize].retain(|c| *c != only);
    cand.known[Field::Provider as usize].push(only);
    let numbers: Vec<String> = cand.known[Field::Wallet as usize]
        .iter()
        .map(|c| format!("column {} {}", col_letter(*c), quoted(header(*c))))
        .collect();
    notes.push(Note::info(format!(
        "column {} {} is read as the provider, because {} holds the wallet number",
        col_letter(only),
        quoted(header(only)),
        numbers.join(" and ")
    )));
}

/// The header of column `col` as written, trimmed.
pub(super) fn head(cells: &[String], col: usize) -> &str {
    cells.get(col).map_or("", |s| s.trim())
}

pub(super) fn col_letter(col: usize) -> String {
    super::column_letter(col)
}

#[cfg(test)]
#[path = "columns_tests.rs"]
mod tests;
