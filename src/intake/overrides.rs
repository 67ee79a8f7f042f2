//! What `--map` and payrun.toml's `[columns]` name: a header the user
//! chose, found among the header row's cells as typed or folded. A header
//! that more than one column shares settles nothing: payrun never reads the
//! first of them for the user.

use super::columns::head;
use crate::fields::{ColumnMap, ColumnOverride, Field, fold};

/// `--map` and payrun.toml's `[columns]`: the fields they settle. A config
/// name the sheet lacks leaves the built-in names in play.
pub(super) fn apply_overrides(
    cells: &[String],
    folded: &[String],
    overrides: &[ColumnOverride],
    map: &mut ColumnMap,
) -> Overridden {
    let mut shared = Vec::new();
    for o in overrides {
        let want = o.header.trim();
        let want_folded = fold(want);
        let exact: Vec<usize> = (0..cells.len())
            .filter(|&c| head(cells, c).eq_ignore_ascii_case(want))
            .collect();
        let cols = match exact.is_empty() {
            true => (0..folded.len())
                .filter(|&c| {
                    folded
                        .get(c)
                        .is_some_and(|f| !f.is_empty() && *f == want_folded)
                })
                .collect(),
            false => exact,
        };
        match cols.as_slice() {
            [] => {}
            [col] => map.set(o.field, *col),
            _ => shared.push((o.field, cols)),
        }
    }
    let fields = overrides
        .iter()
        .filter(|o| !o.alias || map.get(o.field).is_some())
        .map(|o| o.field)
        .collect();
    Overridden { fields, shared }
}

/// What `--map` settled: the fields it named, and those whose header more
/// than one column shares (an old month's `Amount` beside this month's),
/// with the columns: never read as the first of them.
pub(super) struct Overridden {
    pub(super) fields: Vec<Field>,
    pub(super) shared: Vec<(Field, Vec<usize>)>,
}
