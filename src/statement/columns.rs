//! Finding a statement's header row under its title block and matching its
//! columns to [`SField`]s, the way a payroll sheet's header is found: the
//! first of the top rows that names the columns payrun needs, aliases after
//! folding case and punctuation, `--map` first. A statement is usable only
//! with a reference column (tradeNo or platform number) and a money column;
//! without them payrun cannot tell which payout a line is or what it moved,
//! and refuses the file rather than guess.

use super::fields::{SColumns, SField, StatementMap};
use crate::fields::strip_currency;
use crate::intake::{HEADER_SEARCH_ROWS, closest_header, column_letter, fold, quoted};

/// The header row found, among the rows given.
#[derive(Debug, Clone)]
pub(crate) struct HeaderFound {
    /// Index among the rows given (0-based).
    pub index: usize,
    pub columns: SColumns,
    pub notes: Vec<String>,
}

fn names(field: SField, folded: &str, aliases: &[&str]) -> bool {
    aliases.contains(&folded)
        || (field.is_money() && aliases.contains(&strip_currency(folded).unwrap_or(folded)))
}

struct Attempt {
    columns: SColumns,
    notes: Vec<String>,
    ambiguity: Option<String>,
}

fn header_name(cells: &[String], col: usize) -> String {
    format!(
        "{} (column {})",
        quoted(cells.get(col).map_or("", |s| s.trim())),
        column_letter(col)
    )
}

fn match_row(cells: &[String], maps: &[StatementMap]) -> Attempt {
    let folded: Vec<String> = cells.iter().map(|c| fold(c)).collect();
    let mut columns = SColumns::default();
    let mut notes = Vec::new();
    let mut ambiguity = None;
    for m in maps {
        let want = fold(&m.header);
        let col = cells
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case(m.header.trim()))
            .or_else(|| folded.iter().position(|f| !f.is_empty() && *f == want));
        if let Some(col) = col {
            columns.set(m.field, col);
        }
    }
    for field in SField::ALL {
        if maps.iter().any(|m| m.field == field) {
            continue;
        }
        let free = |col: usize, columns: &SColumns| columns.field_of(col).is_none();
        let hits_for = |aliases: &[&str], columns: &SColumns| -> Vec<usize> {
            (0..folded.len())
                .filter(|c| free(*c, columns))
                .filter(|c| folded.get(*c).is_some_and(|f| names(field, f, aliases)))
                .collect()
        };
        let mut hits = hits_for(field.aliases(), &columns);
        if hits.is_empty() {
            hits = hits_for(field.weak_aliases(), &columns);
        }
        match hits.as_slice() {
            [] => {}
            [col] => columns.set(field, *col),
            [first, rest @ ..] if !field.must_be_unique() => {
                columns.set(field, *first);
                for c in rest {
                    notes.push(format!(
                        "column {} also looks like the {field}; only {} is read",
                        header_name(cells, *c),
                        header_name(cells, *first)
                    ));
                }
            }
            _ => {
                let list: Vec<String> = hits.iter().map(|c| header_name(cells, *c)).collect();
                ambiguity.get_or_insert(format!(
                    "more than one column could be the {field}: {}; choose one with --map {field}=\"HEADER\"",
                    list.join(", ")
                ));
            }
        }
    }
    prefer_debit_credit(cells, maps, &mut columns, &mut notes, &mut ambiguity);
    Attempt {
        columns,
        notes,
        ambiguity,
    }
}

/// Debit and credit columns say the direction themselves: beside them an
/// `Amount` column is not read (it is usually the same figure unsigned).
fn prefer_debit_credit(
    cells: &[String],
    maps: &[StatementMap],
    columns: &mut SColumns,
    notes: &mut Vec<String>,
    ambiguity: &mut Option<String>,
) {
    let split = columns.get(SField::Debit).is_some() || columns.get(SField::Credit).is_some();
    if split && let Some(col) = columns.get(SField::Amount) {
        if maps.iter().any(|m| m.field == SField::Amount) {
            ambiguity.get_or_insert(format!(
                "--map amount names {} but the statement also has debit/credit columns; map either the one amount column or the debit and credit columns",
                header_name(cells, col)
            ));
        } else {
            columns.clear(SField::Amount);
            notes.push(format!(
                "money is read from the debit and credit columns; {} is not read",
                header_name(cells, col)
            ));
        }
    }
}

/// Finds the header among the first [`HEADER_SEARCH_ROWS`] rows (each with
/// its row number as the user sees it).
pub(crate) fn detect(
    rows: &[(usize, Vec<String>)],
    maps: &[StatementMap],
) -> Result<HeaderFound, String> {
    let mut best: Option<(usize, usize)> = None;
    for (index, (_, cells)) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let attempt = match_row(cells, maps);
        let found = SField::ALL
            .iter()
            .filter(|f| attempt.columns.get(**f).is_some())
            .count();
        if attempt.columns.usable() {
            if let Some(problem) = attempt.ambiguity {
                return Err(problem);
            }
            return Ok(HeaderFound {
                index,
                columns: attempt.columns,
                notes: attempt.notes,
            });
        }
        if best.is_none_or(|(n, _)| found > n) {
            best = Some((found, index));
        }
    }
    let (row_no, cells) = best
        .and_then(|(_, i)| rows.get(i))
        .map_or((0, &[][..]), |(n, c)| (*n, c.as_slice()));
    Err(missing_message(row_no, cells, maps))
}

fn missing_message(row_no: usize, cells: &[String], maps: &[StatementMap]) -> String {
    let attempt = match_row(cells, maps);
    let c = &attempt.columns;
    let mut lines = vec![
        "the statement's columns cannot be identified: payrun needs a reference column \
         (the merchant order no / tradeNo, or the platform order no / transaction id) \
         and a money column (amount, or debit and credit)"
            .to_string(),
    ];
    let found: Vec<String> = cells
        .iter()
        .filter(|h| !h.trim().is_empty())
        .map(|h| quoted(h.trim()))
        .collect();
    if found.is_empty() {
        lines.push(format!(
            "  no header row found in the first {HEADER_SEARCH_ROWS} rows"
        ));
    } else {
        lines.push(format!(
            "  most header-like row is row {row_no}: {}",
            found.join(", ")
        ));
    }
    for m in maps {
        if c.get(m.field).is_none() {
            lines.push(format!(
                "  --map {}={}: no such header in that row",
                m.field,
                quoted(&m.header)
            ));
        }
    }
    let wanted: &[SField] = match (
        c.get(SField::TradeNo).or(c.get(SField::PlatformNo)),
        c.has_money(),
    ) {
        (None, false) => &[
            SField::TradeNo,
            SField::PlatformNo,
            SField::Amount,
            SField::Debit,
        ],
        (None, true) => &[SField::TradeNo, SField::PlatformNo],
        _ => &[SField::Amount, SField::Debit, SField::Credit],
    };
    for field in wanted {
        match closest(cells, *field, c) {
            Some(h) => lines.push(format!(
                "  {field}: closest header {h}; if that is it, add --map {field}={h}",
                h = quoted(h)
            )),
            None => lines.push(format!(
                "  {field}: nothing close; name the column with --map {field}=\"HEADER\""
            )),
        }
    }
    lines.join("\n")
}

fn closest<'a>(cells: &'a [String], field: SField, taken: &SColumns) -> Option<&'a str> {
    let aliases = field.aliases().iter().chain(field.weak_aliases());
    closest_header(
        cells,
        aliases.copied(),
        |col| taken.field_of(col).is_some(),
        0.75,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: usize, cells: &[&str]) -> (usize, Vec<String>) {
        (n, cells.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn header_under_a_title_block_with_portal_names() {
        let rows = vec![
            row(1, &["Merchant Statement"]),
            row(2, &["Merchant No", "0000000001"]),
            row(
                4,
                &[
                    "Txn Time",
                    "Transaction ID",
                    "Merchant Order No",
                    "Wallet",
                    "Debit (BDT)",
                    "Credit (BDT)",
                    "Fee (BDT)",
                    "Status",
                    "Balance (BDT)",
                ],
            ),
        ];
        let h = detect(&rows, &[]).unwrap();
        assert_eq!(h.index, 2);
        let c = &h.columns;
        assert_eq!(c.get(SField::Time), Some(0));
        assert_eq!(c.get(SField::PlatformNo), Some(1));
        assert_eq!(c.get(SField::TradeNo), Some(2));
        assert_eq!(c.get(SField::Wallet), Some(3));
        assert_eq!(c.get(SField::Debit), Some(4));
        assert_eq!(c.get(SField::Credit), Some(5));
        assert_eq!(c.get(SField::Fee), Some(6));
        assert_eq!(c.get(SField::Status), Some(7));
        assert_eq!(c.get(SField::Balance), Some(8));
    }

    #[test]
    fn api_names_and_a_weak_reference() {
        let h = detect(
            &[row(
                1,
                &["mchOrderNo", "platFormTradeNo", "amount", "status"],
            )],
            &[],
        )
        .unwrap();
        assert_eq!(h.columns.get(SField::TradeNo), Some(0));
        assert_eq!(h.columns.get(SField::PlatformNo), Some(1));
        // `Reference` is the order number only when nothing stronger is there.
        let h = detect(&[row(1, &["Reference", "trxID", "Amount"])], &[]).unwrap();
        assert_eq!(h.columns.get(SField::TradeNo), Some(0));
        let h = detect(&[row(1, &["Reference", "Order No", "Amount"])], &[]).unwrap();
        assert_eq!(h.columns.get(SField::TradeNo), Some(1));
    }

    #[test]
    fn amount_beside_debit_and_credit_is_not_read() {
        let h = detect(&[row(1, &["Order No", "Amount", "Debit", "Credit"])], &[]).unwrap();
        assert_eq!(h.columns.get(SField::Amount), None);
        assert_eq!(h.columns.get(SField::Debit), Some(2));
        assert!(h.notes.iter().any(|n| n.contains("\"Amount\"")));
    }

    #[test]
    fn two_order_columns_are_refused_and_map_settles_it() {
        let rows = [row(1, &["Order No", "Order ID", "Amount"])];
        let e = detect(&rows, &[]).unwrap_err();
        assert!(e.contains("trade_no") && e.contains("--map"), "{e}");
        let maps = ["trade_no=Order ID".parse().unwrap()];
        let h = detect(&rows, &maps).unwrap();
        assert_eq!(h.columns.get(SField::TradeNo), Some(1));
    }

    #[test]
    fn unidentifiable_columns_say_what_is_missing_and_what_is_close() {
        let rows = [row(3, &["Sl", "Ordr Ref", "Money", "When"])];
        let e = detect(&rows, &[]).unwrap_err();
        assert!(e.contains("cannot be identified"), "{e}");
        assert!(e.contains("row 3"), "{e}");
        assert!(e.contains("\"Money\"") || e.contains("--map amount"), "{e}");
        let maps = [
            "trade_no=Ordr Ref".parse().unwrap(),
            "amount=Money".parse().unwrap(),
        ];
        assert!(detect(&rows, &maps).is_ok());
    }
}
