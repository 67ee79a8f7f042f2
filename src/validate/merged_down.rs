//! A wallet or amount cell merged down over rows: one wallet, or one
//! amount, shown beside several payees. The file holds the value on the
//! range's first row only (or, kept by LibreOffice, other values hidden
//! under it), so payrun would pay the first payee and refuse the others as
//! empty; with `--skip-invalid` the first alone was paid, while the person
//! checking the sheet may have read the figure as everyone's, or as the
//! group's. payrun cannot tell, so every row under the merge is refused,
//! the first one included.

use super::row::Ctx;
use crate::fields::Field;
use crate::intake::{column_letter, quoted};

pub(super) fn check_merged_down(cx: &mut Ctx<'_>) {
    for (field, what) in [(Field::Wallet, "wallet"), (Field::Amount, "amount")] {
        let Some(col) = cx.layout.columns.get(field) else {
            continue;
        };
        let Some(m) = cx.row.merged(col) else {
            continue;
        };
        let (first, last) = m.rows;
        if last <= first {
            continue;
        }
        let shown = m.cell.text.to_string();
        let own = cx.row.text(col).to_string();
        let letter = column_letter(col);
        cx.error(
            field,
            Some(&own),
            format!(
                "the {what} cell is merged down over rows {first}-{last} ({letter}{first}:{letter}{last}): \
                 the sheet shows one {what}, {}, beside {} payees, and payrun cannot tell whose it is — \
                 unmerge it (Home > Merge & Center) and type each row's {what}",
                quoted(&shown),
                last - first + 1
            ),
        );
    }
}
