//! Rows of a closed outline group, found from its summary row.
//!
//! Excel and LibreOffice hide every row of a closed group (`hidden="1"`, or
//! fDyZero in `.xls`), and that is how payrun finds them. ECMA-376 (18.3.1.73,
//! `collapsed`) also says that a summary row marked collapsed means the rows
//! one outline level deeper next to it are hidden, whether or not they say
//! so. A writer that sets only the summary row's flag is read that way too:
//! a row wrongly taken as hidden only refuses a sheet.

use super::hidden::add_run;

/// Follows outline levels row by row, in sheet order.
#[derive(Debug, Default)]
pub(super) struct Outline {
    /// Where the summary row is: below its group (Excel's default) or above.
    summary_above: bool,
    /// The unbroken run of grouped rows just above the current one.
    above: Vec<(usize, u8)>,
    last: usize,
    /// After a collapsed summary row above its group: rows deeper than this
    /// level are hidden until the group ends.
    hiding_deeper_than: Option<u8>,
}

impl Outline {
    /// `summary_below` is `outlinePr summaryBelow` (`.xlsx`) or WSBOOL's
    /// fRowSumsBelow (`.xls`).
    pub(super) fn new(summary_below: bool) -> Outline {
        Outline {
            summary_above: !summary_below,
            ..Outline::default()
        }
    }

    /// Feeds row `row` (1-based, in increasing order) at outline `level`;
    /// adds the rows its collapsed flag hides to `runs`.
    pub(super) fn row(
        &mut self,
        row: usize,
        level: u8,
        collapsed: bool,
        runs: &mut Vec<(usize, usize)>,
    ) {
        if row != self.last.saturating_add(1) {
            // A missing row is an empty row at level 0: it ends any group.
            self.above.clear();
            self.hiding_deeper_than = None;
        }
        self.last = row;
        match self.hiding_deeper_than {
            Some(l) if level > l => add_run(runs, row, row),
            Some(_) => self.hiding_deeper_than = None,
            None => {}
        }
        if collapsed {
            if self.summary_above {
                let l = self.hiding_deeper_than.map_or(level, |h| h.min(level));
                self.hiding_deeper_than = Some(l);
            } else {
                for &(r, l) in self.above.iter().rev() {
                    if l <= level {
                        break;
                    }
                    add_run(runs, r, r);
                }
            }
        }
        if level > 0 {
            self.above.push((row, level));
        } else {
            self.above.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden(summary_below: bool, rows: &[(usize, u8, bool)]) -> Vec<usize> {
        let mut o = Outline::new(summary_below);
        let mut runs = Vec::new();
        for &(r, l, c) in rows {
            o.row(r, l, c, &mut runs);
        }
        let mut out: Vec<usize> = runs.iter().flat_map(|(a, b)| *a..=*b).collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn a_collapsed_summary_row_hides_its_group() {
        // Summary below: rows 2-3 grouped, row 4 their collapsed summary.
        let rows = [
            (1, 0, false),
            (2, 1, false),
            (3, 1, false),
            (4, 0, true),
            (5, 0, false),
        ];
        assert_eq!(hidden(true, &rows), vec![2, 3]);
        // Nested: a collapsed level-1 summary hides only the level-2 rows.
        let rows = [
            (2, 2, false),
            (3, 2, false),
            (4, 1, true),
            (5, 1, false),
            (6, 0, false),
        ];
        assert_eq!(hidden(true, &rows), vec![2, 3]);
        // A gap ends the group.
        let rows = [(2, 1, false), (4, 0, true)];
        assert!(hidden(true, &rows).is_empty());
        // Summary above: row 1 collapsed hides 2-3, not 4.
        let rows = [
            (1, 0, true),
            (2, 1, false),
            (3, 2, false),
            (4, 0, false),
            (5, 1, false),
        ];
        assert_eq!(hidden(false, &rows), vec![2, 3]);
        // An open group hides nothing.
        let rows = [(1, 0, false), (2, 1, false), (3, 0, false)];
        assert!(hidden(true, &rows).is_empty());
    }
}
