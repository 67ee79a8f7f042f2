//! A second column of wallet numbers that matched the wallet column on every
//! row header detection read (`Contact No`, `Alt. Number`), or was filled on
//! too few of them to tell, compared on every row: the sample cannot say
//! which column is the payee's wallet when they first differ after it, or
//! on the few rows one is filled, and paying the other one sends the money
//! to the wrong wallet (probe3 finding 7).

use super::row::Ctx;
use super::types::Severity;
use crate::fields::Field;
use crate::intake::{column_letter, quoted};
use crate::wallet::normalize_wallet_any;

/// Refuses the row when a rival column holds another valid wallet number
/// than the wallet column. An empty or unreadable rival cell is no rival
/// on this row: only two numbers can disagree.
pub(super) fn check_rivals(cx: &mut Ctx<'_>) {
    if cx.layout.rivals.is_empty() {
        return;
    }
    let Some(wallet) = cx.col(Field::Wallet) else {
        return;
    };
    let Some(ours) = cx.row.cell(wallet).map(|c| c.text) else {
        return;
    };
    let Ok(our_id) = normalize_wallet_any(ours) else {
        return;
    };
    for &col in &cx.layout.rivals {
        let Some(theirs) = cx
            .row
            .cell(col)
            .map(|c| c.text)
            .filter(|t| !t.trim().is_empty())
        else {
            continue;
        };
        let differs = normalize_wallet_any(theirs).is_ok_and(|t| t.digits != our_id.digits);
        if differs {
            let msg = format!(
                "is another wallet number than column {} {} ({}) on this row, so payrun cannot tell which is the payee's wallet — correct the sheet (clear the number that is not the payee's), or name the wallet column with --map wallet={} or --map wallet={}",
                column_letter(wallet),
                quoted(&cx.layout.header(wallet)),
                quoted(ours.trim()),
                quoted(&cx.layout.header(wallet)),
                quoted(&cx.layout.header(col)),
            );
            cx.issue(Some(col), Some(theirs), Severity::Error, msg);
        }
    }
}
