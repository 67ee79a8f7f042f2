//! Columns judged by what their cells hold, not only by their headers: a
//! column of provider names is the provider column whatever it is called
//! (`Via`, `Type`, `Service`), and a second column of wallet numbers that
//! differ from the wallet column's is a rival whatever it is called
//! (`Contact No`). Headers alone let payrun pay the contact `Mobile` beside
//! a `Receiver Number`, or send Nagad rows through the bKash of a `bKash
//! Number` header (probe2 findings 3 and 5).
//!
//! Only the rows below the header among the first
//! [`super::columns::HEADER_SEARCH_ROWS`] are read (the rows header
//! detection already holds), each cell once: a bounded sample. A column
//! of wallet numbers that equals the wallet column on every sampled row, or
//! one filled on too few of them to tell, is named in the layout, and
//! validate compares it on every row (probe3 finding 7: one that first
//! differed after row 30 was paid; a `Contact No` filled on a few rows was
//! passed by too). It is a net under the header words, not a replacement
//! for them.

use super::Note;
use super::columns::{Candidates, col_letter, head};
use super::payee_words::{names_another_person, names_no_phone};
use super::quoted;
use crate::fields::{ColumnMap, Field};
use crate::wallet::{Provider, normalize_wallet_any};

#[path = "amount_beside.rs"]
mod amount_beside;
use amount_beside::{cash_beside, deduction_beside, net_beside};

/// Rows below a header, as header detection holds them.
pub(super) type Below<'a> = &'a [(usize, Vec<String>)];

/// Whether a cell names a wallet provider by its brand (`bKash`, `নগদ`,
/// `DBBL Rocket`), not only a bank's name: `DBBL` and `Dutch Bangla Bank`
/// are Rocket's bank, and in a column of salary banks they are a bank
/// account (probe3 finding 1).
fn names_wallet_brand(text: &str) -> bool {
    match Provider::read_cell(text) {
        Ok(Provider::Rocket) => {
            let lower = text.to_lowercase();
            ["rocket", "রকেট", "mobile", "ewallet"]
                .iter()
                .any(|w| lower.contains(w))
        }
        Ok(_) => true,
        Err(_) => false,
    }
}

/// Columns (before `width`, with a header) whose non-empty cells name a
/// provider by its brand (`bKash`, `nagad`, `নগদ`, `DBBL Rocket`) more
/// often than not, leaving out those `claimed` for another field. Even
/// under `Bank`: a column that says `Nagad` on most rows must not be
/// outranked by a `bKash Number` header, so it stays a provider column and
/// each row is checked against it.
fn provider_columns(
    cells: &[String],
    below: Below<'_>,
    claimed: impl Fn(usize) -> bool,
) -> Vec<usize> {
    let width = cells.len();
    let mut filled = vec![0usize; width];
    let mut named = vec![0usize; width];
    for (_, row) in below {
        for (col, text) in row.iter().enumerate().take(width) {
            if text.trim().is_empty() {
                continue;
            }
            if let (Some(f), Some(n)) = (filled.get_mut(col), named.get_mut(col)) {
                *f += 1;
                *n += usize::from(names_wallet_brand(text));
            }
        }
    }
    (0..width)
        .filter(|&c| {
            let (f, n) = (filled.get(c).copied(), named.get(c).copied());
            n.unwrap_or(0) > 0 && n.unwrap_or(0) * 2 > f.unwrap_or(0)
        })
        .filter(|&c| !head(cells, c).is_empty() && !claimed(c))
        .collect()
}

/// Why the columns payrun read cannot be taken as they are, judged by
/// their cells: another column of different wallet numbers, or a deduction
/// beside a gross-looking amount. `settled` says which fields a mapping
/// named (then the user chose, and nothing is asked).
pub(super) fn refusals(
    cells: &[String],
    below: Below<'_>,
    map: &ColumnMap,
    settled: impl Fn(Field) -> bool,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(w) = map.get(Field::Wallet).filter(|_| !settled(Field::Wallet))
        && let Some(msg) = wallet_rival(cells, below, map, w)
    {
        out.push(msg);
    }
    if let Some(a) = map.get(Field::Amount).filter(|_| !settled(Field::Amount))
        && let Some(msg) = deduction_beside(cells, map, a)
            .or_else(|| net_beside(cells, below, map, a))
            .or_else(|| cash_beside(cells, below, map, a))
    {
        out.push(msg);
    }
    out
}

/// Columns whose cells name providers are provider candidates under a
/// known name, whatever their header says (`Via`, `Type`, `Service`): a
/// `bKash Number` header or `--provider` must not silently outrank a row's
/// own provider. Only looked for when the row already has the wallet or the
/// amount by header, so a title row costs nothing.
pub(super) fn providers_by_cells(
    cand: &mut Candidates,
    cells: &[String],
    below: Below<'_>,
    map: &ColumnMap,
    notes: &mut Vec<Note>,
) {
    let w = Field::Wallet as usize;
    let a = Field::Amount as usize;
    if cand.known[w].is_empty() && cand.known[a].is_empty() {
        return;
    }
    let p = Field::Provider as usize;
    let claimed = |col: usize| {
        map.field_of(col).is_some()
            || Field::ALL.into_iter().any(|f| {
                f != Field::Provider
                    && (cand.known[f as usize].contains(&col)
                        || cand.loose[f as usize].contains(&col))
            })
    };
    let found = provider_columns(cells, below, claimed);
    for col in found {
        cand.loose[p].retain(|c| *c != col);
        if !cand.known[p].contains(&col) {
            cand.known[p].push(col);
            notes.push(Note::info(format!(
                "column {} {} is read as a provider column: its cells name providers",
                col_letter(col),
                quoted(head(cells, col))
            )));
        }
    }
}

/// What the sampled rows show of a column that may hold a payee's number.
struct Sampled {
    col: usize,
    /// Its cells that read as wallet numbers, and those holding any digit.
    valid: usize,
    digits: usize,
    /// The first sampled row where its number differs from the wallet's.
    differs: Option<usize>,
    /// Whether it holds wallet numbers on most sampled rows.
    dense: bool,
}

impl Sampled {
    /// A column seen on too few rows to refuse the sheet by, but whose
    /// number may still differ on a row: one that holds wallet numbers in
    /// most of the cells it fills, or none in the sample (the class of
    /// probe3 finding 7: a `Contact No` filled on a few rows was paid past).
    fn sparse(&self, header: &str) -> bool {
        !self.dense && !names_no_phone(header) && (self.valid * 2 > self.digits || self.digits == 0)
    }
}

/// Unmapped, headed columns other than the wallet's, as the sampled rows
/// show them. A column headed as another person's number (`Guardian
/// Phone`) is none: it is never the payee's wallet.
fn wallet_columns(
    cells: &[String],
    below: Below<'_>,
    map: &ColumnMap,
    wallet: usize,
) -> Vec<Sampled> {
    let width = cells.len();
    let mut out: Vec<Sampled> = (0..width)
        .filter(|&c| {
            c != wallet
                && map.field_of(c).is_none()
                && !head(cells, c).is_empty()
                && !names_another_person(head(cells, c))
        })
        .map(|col| Sampled {
            col,
            valid: 0,
            digits: 0,
            differs: None,
            dense: false,
        })
        .collect();
    let mut rows = 0usize;
    for (n, row) in below {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows += 1;
        let ours = row.get(wallet).and_then(|c| normalize_wallet_any(c).ok());
        for s in &mut out {
            let text = row.get(s.col).map_or("", |t| t.trim());
            if !text
                .chars()
                .any(|c| c.is_ascii_digit() || ('০'..='৯').contains(&c))
            {
                continue;
            }
            s.digits += 1;
            let Ok(theirs) = normalize_wallet_any(text) else {
                continue;
            };
            s.valid += 1;
            if let Some(o) = &ours
                && s.differs.is_none()
                && o.digits != theirs.digits
            {
                s.differs = Some(*n);
            }
        }
    }
    for s in &mut out {
        s.dense = s.valid * 2 > rows;
    }
    out
}

/// The first column of wallet numbers that differs from the wallet column
/// on a sampled row, as an ambiguity naming both and that row.
fn wallet_rival(
    cells: &[String],
    below: Below<'_>,
    map: &ColumnMap,
    wallet: usize,
) -> Option<String> {
    let rival = wallet_columns(cells, below, map, wallet)
        .into_iter()
        .find(|s| s.dense && s.differs.is_some())?
        .col;
    Some(format!(
        "{}; both hold wallet numbers, and they differ",
        two_candidates(Field::Wallet, wallet, rival, cells, below)
    ))
}

/// "more than one column could be the `field`" for columns `a` and `b`,
/// with what one sampled row holds in each (in that order).
fn two_candidates(field: Field, a: usize, b: usize, cells: &[String], below: Below<'_>) -> String {
    super::columns_hint::ambiguity_message(
        field,
        &[a.min(b), a.max(b)],
        cells,
        row_example(&[a, b], cells, below),
    )
}

/// Columns compared with the wallet on every row, where a row holding
/// another wallet number is refused: those of wallet numbers equal to the
/// wallet column's on every sampled row (`Contact No`, `Alt. Number`; probe3
/// finding 7: they differed only after row 30, and the wrong one was paid),
/// and those filled on too few sampled rows to tell. None when a mapping
/// named the wallet.
pub(super) fn sampled_rivals(
    cells: &[String],
    below: Below<'_>,
    map: &ColumnMap,
    settled: bool,
) -> Vec<usize> {
    match map.get(Field::Wallet) {
        Some(w) if !settled => wallet_columns(cells, below, map, w)
            .into_iter()
            .filter(|s| (s.dense && s.differs.is_none()) || s.sparse(head(cells, s.col)))
            .map(|s| s.col)
            .collect(),
        _ => Vec::new(),
    }
}

/// `row 2 holds "01712345678" and "01312000001"`: the cells of `cols` on
/// the first sampled row where all of them are filled, else where any is,
/// so a refusal shows what each column holds.
pub(super) fn row_example(cols: &[usize], cells: &[String], below: Below<'_>) -> Option<String> {
    let filled = |r: &Vec<String>, c: &usize| r.get(*c).is_some_and(|t| !t.trim().is_empty());
    let (n, row) = below
        .iter()
        .find(|(_, r)| cols.iter().all(|c| filled(r, c)))
        .or_else(|| {
            below
                .iter()
                .find(|(_, r)| cols.iter().any(|c| filled(r, c)))
        })?;
    let held: Vec<String> = cols
        .iter()
        .map(|c| {
            let text = row.get(*c).map_or("", |t| t.trim());
            format!("{} under {}", quoted(text), quoted(head(cells, *c)))
        })
        .collect();
    Some(format!("row {n} holds {}", held.join(" and ")))
}

#[cfg(test)]
#[path = "column_values_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "column_rivals_tests.rs"]
mod rivals_tests;
