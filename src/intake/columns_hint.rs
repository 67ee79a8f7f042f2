//! What header detection tells the user: the columns that compete for a
//! field, the columns without a header, and what is missing with the
//! closest match.

use super::columns::{col_letter, head};
use super::{Note, quoted};
use crate::fields::{ColumnMap, ColumnOverride, Field, fold};

/// Columns without a header named one by one; the rest are counted.
const NAMED_EMPTY_HEADERS: usize = 5;

/// Headers listed in a "no column for..." message; a sheet 16,384 columns
/// wide must not become a 16,384-name message.
const LISTED_HEADERS: usize = 40;

/// `more than one column could be the amount: "Amount" (column D), "Net
/// Pay" (column E); ...` with the `--map` for each candidate, and what a
/// row holds in each (`example`), so the user sees which is which.
pub(super) fn ambiguity_message(
    field: Field,
    cols: &[usize],
    cells: &[String],
    example: Option<String>,
) -> String {
    let header = |col: usize| head(cells, col);
    let names: Vec<String> = cols
        .iter()
        .map(|c| format!("{} (column {})", quoted(header(*c)), col_letter(*c)))
        .collect();
    let maps: Vec<String> = cols
        .iter()
        .map(|c| format!("--map {field}={}", quoted(header(*c))))
        .collect();
    // Two columns under one header cannot be told apart by `--map`.
    let mut heads: Vec<String> = cols.iter().map(|c| header(*c).to_lowercase()).collect();
    heads.sort_unstable();
    let alike = heads.windows(2).any(|w| matches!(w, [a, b] if a == b));
    let name = match alike {
        true => "Rename the headers that are alike in the sheet so that each is its own, then name",
        false => "Name",
    };
    format!(
        "more than one column could be the {field}: {}{}; payrun never chooses between them. {name} the one to read with {}",
        names.join(", "),
        example.map(|e| format!(" ({e})")).unwrap_or_default(),
        maps.join(" or ")
    )
}

/// Columns with no header between named ones (under a merged header cell):
/// their cells are in the report but never read. `cells` ends at its last
/// filled cell, so every blank one in it has a filled one after it; one
/// pass, and a handful of notes however wide the sheet.
pub(super) fn empty_header_notes(cells: &[String]) -> Vec<Note> {
    let empty: Vec<usize> = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.trim().is_empty())
        .map(|(col, _)| col)
        .collect();
    let mut notes: Vec<Note> = empty
        .iter()
        .take(NAMED_EMPTY_HEADERS)
        .map(|col| {
            Note::limit(format!(
                "column {} has no header (a merged header cell?); its cells are kept in the report but not read",
                col_letter(*col)
            ))
        })
        .collect();
    if empty.len() > NAMED_EMPTY_HEADERS {
        notes.push(Note::limit(format!(
            "… and {} more columns have no header; their cells are kept in the report but not read",
            empty.len() - NAMED_EMPTY_HEADERS
        )));
    }
    notes
}

pub(super) fn missing_message(
    headers: &[String],
    row_no: usize,
    missing: &[Field],
    map: &ColumnMap,
    overrides: &[ColumnOverride],
) -> String {
    let filled: Vec<&String> = headers.iter().filter(|h| !h.trim().is_empty()).collect();
    let mut found: Vec<String> = filled
        .iter()
        .take(LISTED_HEADERS)
        .map(|h| quoted(h.trim()))
        .collect();
    if filled.len() > LISTED_HEADERS {
        found.push(format!("… and {} more", filled.len() - LISTED_HEADERS));
    }
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
    let taken = |col| map.field_of(col).is_some();
    for field in missing {
        if let Some(o) = overrides.iter().find(|o| o.field == *field && !o.alias) {
            let closest =
                closest_header(headers, [fold(&o.header).as_str()].into_iter(), taken, 0.7);
            lines.push(format!(
                "  --map {field}={}: no such header{}",
                quoted(&o.header),
                closest
                    .map(|h| format!("; closest match: {}", quoted(h)))
                    .unwrap_or_default()
            ));
            continue;
        }
        let aliases = field.aliases().iter().chain(field.fallback_aliases());
        match closest_header(headers, aliases.copied(), taken, 0.7) {
            Some(h) if let Some(line) = names_a_unit(*field, h) => lines.push(line),
            Some(h) => lines.push(format!(
                "  {field}: closest match {h}; if that is it, add --map {field}={h}",
                h = quoted(h)
            )),
            None => lines.push(format!(
                "  {field}: nothing close; name the column with --map {field}=\"HEADER\""
            )),
        }
        if *field == Field::Provider {
            lines.push(
                "  provider: if every row is paid through one provider, say which with --provider bkash, nagad or rocket"
                    .to_string(),
            );
        }
    }
    lines.join("\n")
}

/// The line for an amount's closest header that names a unit or another
/// currency (`Amount (Tk '000)`, `Amount (USD)`): not a hint to `--map` it,
/// which would pay Tk 47 for Tk 47,000 (and is refused).
fn names_a_unit(field: Field, header: &str) -> Option<String> {
    if field != Field::Amount {
        return None;
    }
    let (says, fix) = match super::unit_words::said_in(header, super::Said::Header)? {
        super::Unit::Named(u) => (
            format!("the unit {}", quoted(u)),
            "type the full amount in taka in every row, and remove the unit from the header",
        ),
        super::Unit::Currency(c) => (
            format!("another currency, {}", quoted(c)),
            "type every amount in taka in every row, and remove the currency from the header",
        ),
        super::Unit::Other => return None,
    };
    Some(format!(
        "  amount: the header {} names {says}, and payrun pays each amount cell's figure as taka, so it does not read that column (nor with --map) — {fix}",
        quoted(header)
    ))
}

/// The unused header most similar to any alias, if it is similar enough to be
/// a useful hint rather than noise.
/// The unclaimed header nearest to one of `aliases` (folded), if any is
/// near enough (`min_score`, Jaro-Winkler): the "closest match" a missing
/// column's error suggests, for a payroll sheet and a statement alike.
pub(crate) fn closest_header<'a, 'b>(
    headers: &'a [String],
    aliases: impl Iterator<Item = &'b str> + Clone,
    taken: impl Fn(usize) -> bool,
    min_score: f64,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for (col, h) in headers.iter().enumerate() {
        let f = fold(h);
        if f.is_empty() || taken(col) {
            continue;
        }
        for a in aliases.clone() {
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
    best.filter(|(s, _)| *s >= min_score).map(|(_, h)| h)
}

/// The refusal of a sheet whose header lies below the rows payrun searches
/// (`searched`, the first [`super::HEADER_SEARCH_ROWS`] filled rows):
/// `--map` names a column of the header row payrun finds, so it cannot
/// help; the rows above the header must go. `header` is the row further
/// down that looks like the header, when one was found.
pub(super) fn below_search_message(
    first: &str,
    searched: &[(usize, Vec<String>)],
    header: Option<(usize, &[String], usize)>,
) -> String {
    let span = match (searched.first(), searched.last()) {
        (Some((a, _)), Some((b, _))) => format!("rows {a}-{b}"),
        _ => "none".to_string(),
    };
    let n = super::HEADER_SEARCH_ROWS;
    let Some((row, cells, index)) = header else {
        return format!(
            "{first}\n  payrun looks for the header in the first {n} filled rows of the sheet ({span}); if the header is further down, delete the rows above it so that it is among them, then check again"
        );
    };
    let names: Vec<String> = cells
        .iter()
        .filter(|c| !c.trim().is_empty())
        .take(LISTED_HEADERS)
        .map(|c| quoted(c.trim()))
        .collect();
    // `index` counts the filled rows above the header: as many as it is
    // past the last row searched must go.
    let fewer = index + 1 - n;
    format!(
        "no header in the first {n} filled rows of the sheet ({span}), where payrun looks for it: row {row} looks like the header ({}), below them\n  delete the rows above row {row} that are not part of the table (at least {fewer} of them) so that the header is among the first {n} filled rows, then check again; --map cannot help, as it names a column of the header payrun finds",
        names.join(", ")
    )
}
