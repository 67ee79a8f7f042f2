//! A payout a batch check refused, and the cells it was read from as
//! written, read again from the file for its row in the report.

use super::super::Validated;
use super::super::types::{InvalidRow, Payout, RowIssue, shown_value};
use crate::fields::Field;

/// A payout that a batch check refused, as an invalid row with `issues`.
pub(super) fn refused(p: Payout, issues: Vec<RowIssue>) -> InvalidRow {
    InvalidRow {
        row: p.row,
        reference: p.reference,
        name: p.name,
        // Placeholders until `fill_raw` reads the cells as written.
        wallet_raw: p.wallet.clone(),
        provider_raw: p.provider.display_name().to_string(),
        amount_raw: p.amount.to_wire(),
        issues,
        wallet: Some(p.wallet),
        provider: Some(p.provider),
        amount: Some(p.amount),
        figure: Some(p.amount),
        repeat_ok: p.repeat_ok,
        title: None,
    }
}

/// Reads the wallet, provider and amount cells of `rows` again, as written,
/// for rows that were valid until a batch check refused them. Rows are not
/// kept in memory, so this is a second pass over the file; it only happens
/// when a sheet has duplicates or hidden payee rows, and it proves the file
/// did not change.
pub(super) fn fill_raw(v: &mut Validated, rows: &[usize]) {
    let layout = v.sheet.layout.clone();
    let col = |f: Field| layout.columns.get(f);
    let mut found: Vec<(usize, String, String, String)> = Vec::with_capacity(rows.len());
    let again = crate::intake::read_sheet_chunked(
        &v.sheet.path,
        &v.sheet.read_options,
        16 * 1024,
        &mut |_, chunk| {
            for r in chunk.iter() {
                if rows.binary_search(&r.number()).is_ok() {
                    let text = |f: Field| col(f).map_or(String::new(), |c| shown_value(r.text(c)));
                    found.push((
                        r.number(),
                        text(Field::Wallet),
                        text(Field::Provider),
                        text(Field::Amount),
                    ));
                }
            }
        },
    );
    match again {
        Ok(info) if info.file_sha256 == v.sheet.file_sha256 => {}
        _ => {
            v.batch_errors.push(format!(
                "{} changed while it was being checked; check it again",
                v.file_name
            ));
            return;
        }
    }
    let wallet_header = col(Field::Wallet).map(|c| layout.header(c));
    let fill = |i: &mut RowIssue, wallet: &str| {
        if i.value.is_none() && i.column == wallet_header && i.message.starts_with("is the same") {
            i.value = Some(wallet.to_string());
        }
    };
    // `found` is in sheet order, like `v.invalid`: one merge pass each.
    let by_row = |row: usize| {
        found
            .binary_search_by_key(&row, |(r, ..)| *r)
            .ok()
            .and_then(|k| found.get(k))
    };
    for r in &mut v.invalid {
        if let Some((_, wallet, provider, amount)) = by_row(r.row) {
            r.wallet_raw = wallet.clone();
            r.provider_raw = provider.clone();
            r.amount_raw = amount.clone();
            r.issues.iter_mut().for_each(|i| fill(i, wallet));
        }
    }
    for i in &mut v.issues {
        if let Some((_, wallet, ..)) = by_row(i.row) {
            fill(i, wallet);
        }
    }
}
