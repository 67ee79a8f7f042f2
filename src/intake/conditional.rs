//! Conditional formats that can hide a value: white text, text the colour
//! of its fill, or a `;;;` number format applied when a rule holds, and a
//! data bar or icon set told to show the bar or icon only.
//!
//! A finance person who does not want a row paid can grey it out, or make
//! it vanish with a rule such as "white text when column F says skip"; the
//! cell still holds the wallet and the amount, and calamine reads them. The
//! rules live apart from the cells (`.xlsx`: `<conditionalFormatting
//! sqref>` after the rows, ECMA-376 Part 1, 18.3.1.18; `.ods`:
//! `calcext:conditional-formats` at the end of the table, LibreOffice's
//! extension of ODF), so each format's scan collects them as [`Rule`]s and
//! [`unseen_in_range`] looks them up against the sheet calamine read, as
//! merged ranges are.
//!
//! When a rule applies is worked out only where that is plain: a cell
//! compared with a number or a quoted text (`cellIs`, `>=9000`,
//! `between(1,5)`), text tests (`containsText`, `beginsWith`, ...), blanks
//! and errors. Anything else (a formula, top-10, duplicates, a date period)
//! is taken to hold for every cell it covers, which at worst refuses a row
//! a person can see: payrun cannot promise that such a row was meant.

use super::format_words::Unit;
use super::hidden::Rounded;
use super::merged::{Area, cell, cells_where};
use super::unseen::{Hides, MAX_UNSEEN_CELLS};
use calamine::{Data, Range};
use std::cmp::Ordering;

// Each format's words for when a rule applies, read into a `When`.
#[path = "conditional_when.rs"]
mod when;
pub(super) use when::{compare_with, odf_when, xlsx_when};

/// The most rules kept from one sheet, and the most areas one rule covers;
/// more is not a payroll a person made, and what is hidden is unknown.
const MAX_RULES: usize = 10_000;
const MAX_AREAS: usize = 10_000;

/// A conditional format that hides some value when it applies.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rule {
    pub(super) areas: Vec<Area>,
    pub(super) when: When,
    pub(super) hides: Hides,
}

/// When a rule applies to a cell.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum When {
    /// A condition payrun does not work out: taken as always.
    Always,
    Compare(Op, Operand, Option<Operand>),
    Text(TextTest, String),
    /// Errors only (`true`), or every cell but errors.
    Errors(bool),
    /// Blank cells only: nothing of value is hidden.
    Blanks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Lt,
    Le,
    Eq,
    Ne,
    Ge,
    Gt,
    Between,
    NotBetween,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TextTest {
    Contains,
    NotContains,
    Begins,
    Ends,
}

/// A constant a cell is compared with.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Operand {
    Number(f64),
    Text(String),
}

impl When {
    /// Whether the rule applies to a cell holding `v`. Where Excel's
    /// answer is not plain (text compared with a number by size), yes.
    fn holds(&self, v: &Data) -> bool {
        match self {
            When::Always => true,
            When::Blanks => false,
            When::Errors(only) => matches!(v, Data::Error(_)) == *only,
            // A number is tested as the text it shows in General.
            When::Text(test, needle) => match (v, number(v)) {
                (Data::String(s), _) => text_holds(*test, s, needle),
                (Data::Bool(b), _) => text_holds(*test, if *b { "TRUE" } else { "FALSE" }, needle),
                (_, Some(n)) => text_holds(*test, &n.to_string(), needle),
                _ => true,
            },
            When::Compare(op, a, b) => {
                let (Some(x), b) = (order(v, a), b.as_ref().map(|b| order(v, b))) else {
                    return true;
                };
                match (op, b) {
                    (Op::Between | Op::NotBetween, Some(Some(y))) => {
                        // Either bound may be the lower one.
                        let inside = (x.is_ge() && y.is_le()) || (x.is_le() && y.is_ge());
                        inside == (*op == Op::Between)
                    }
                    (Op::Between | Op::NotBetween, _) => true,
                    (Op::Lt, _) => x.is_lt(),
                    (Op::Le, _) => x.is_le(),
                    (Op::Eq, _) => x.is_eq(),
                    (Op::Ne, _) => x.is_ne(),
                    (Op::Ge, _) => x.is_ge(),
                    (Op::Gt, _) => x.is_gt(),
                }
            }
        }
    }
}

/// How a cell holding `v` compares with `o`, as Excel compares: numbers
/// by value, texts ignoring case, and any text above any number. `None`
/// for a cell payrun does not compare (true/false, an error).
fn order(v: &Data, o: &Operand) -> Option<Ordering> {
    match (v, o) {
        (Data::String(s), Operand::Text(t)) => Some(s.to_lowercase().cmp(&t.to_lowercase())),
        (Data::String(_), Operand::Number(_)) => Some(Ordering::Greater),
        (_, Operand::Number(n)) => number(v)?.partial_cmp(n),
        (_, Operand::Text(_)) => number(v).map(|_| Ordering::Less),
    }
}

fn number(v: &Data) -> Option<f64> {
    match v {
        Data::Int(i) => Some(*i as f64),
        Data::Float(f) => Some(*f),
        Data::DateTime(d) => Some(d.as_f64()),
        _ => None,
    }
}

/// Excel's and LibreOffice's text tests ignore case.
fn text_holds(test: TextTest, s: &str, needle: &str) -> bool {
    let (s, n) = (s.to_lowercase(), needle.to_lowercase());
    match test {
        TextTest::Contains => s.contains(&n),
        TextTest::NotContains => !s.contains(&n),
        TextTest::Begins => s.starts_with(&n),
        TextTest::Ends => s.ends_with(&n),
    }
}

/// Whether a style that `hides` shows nothing of a cell holding `v`.
fn shows_nothing(hides: &Hides, v: &Data) -> bool {
    match v {
        Data::Empty => false,
        Data::String(s) if s.is_empty() => false,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => hides.hides(Some("s"), s),
        Data::Bool(_) => hides.hides(Some("b"), ""),
        Data::Error(_) => hides.hides(Some("e"), ""),
        Data::Int(i) => hides.hides(None, &i.to_string()),
        Data::Float(f) => hides.hides(None, &f.to_string()),
        Data::DateTime(d) => hides.hides(None, &d.as_f64().to_string()),
    }
}

/// The areas of a reference list: `D2:D100 F3` (`.xlsx` `sqref`) or
/// `Payroll.D2:Payroll.D100 'My sheet'.F3` (`.ods`); a part payrun cannot
/// read is left out. Rows are as the user sees them, columns 0-based.
pub(super) fn areas(list: &str) -> Result<Vec<Area>, String> {
    let mut out = Vec::new();
    for part in split_refs(list) {
        let mut ends = split_outside(&part, '\'', &[':']).into_iter().map(|e| {
            let at = e.rfind('.');
            cell(at.map_or(e.as_str(), |i| &e[i + 1..]))
        });
        let (Some(Some(a)), b) = (ends.next(), ends.next()) else {
            continue;
        };
        let b = b.flatten().unwrap_or(a);
        let (r0, r1) = (a.0.min(b.0), a.0.max(b.0));
        let (c0, c1) = (a.1.min(b.1), a.1.max(b.1));
        out.push((r0, r1, c0, c1));
        if out.len() > MAX_AREAS {
            return Err("a conditional format covers more areas than payrun reads".into());
        }
    }
    Ok(out)
}

/// A reference list split at spaces outside quoted sheet names.
fn split_refs(list: &str) -> Vec<String> {
    split_outside(list, '\'', &[' '])
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect()
}

/// `s` split at any of `seps` outside `quote`s (kept, like every other
/// character but the separators): a formula's arguments quote text with
/// `"`, a reference list quotes sheet names with `'`.
fn split_outside(s: &str, quote: char, seps: &[char]) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in s.chars() {
        if c == quote {
            quoted = !quoted;
        }
        if seps.contains(&c) && !quoted {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

/// The cells of `range` (the sheet as calamine read it) that a rule may
/// leave showing nothing: (row as seen, 0-based column).
pub(super) fn unseen_in_range(
    rules: &[Rule],
    range: &Range<Data>,
) -> Result<Vec<(usize, usize)>, String> {
    let too_many = "more cells hidden by a conditional format than payrun keeps";
    let areas = rules
        .iter()
        .flat_map(|rule| rule.areas.iter().map(move |&a| (a, rule)));
    cells_where(areas, range, too_many, |rule, _, _, v| {
        shows_nothing(&rule.hides, v) && rule.when.holds(v)
    })
}

/// The cells of `range` holding a value that a rule may strike through
/// (row as seen, 0-based column); kept apart from the cells struck by
/// their own font, as a rule payrun takes as always holding may strike
/// none of them.
pub(super) fn struck_in_range(
    rules: &[Rule],
    range: &Range<Data>,
) -> Result<Vec<(usize, usize)>, String> {
    let too_many = "more cells struck through by a conditional format than payrun keeps";
    let areas = rules
        .iter()
        .filter(|rule| rule.hides.struck)
        .flat_map(|rule| rule.areas.iter().map(move |&a| (a, rule)));
    cells_where(areas, range, too_many, |rule, _, _, v| {
        !matches!(v, Data::Empty)
            && !matches!(v, Data::String(s) if s.is_empty())
            && rule.when.holds(v)
    })
}

/// The cells of `range` holding a number that a rule may show as another
/// (its number format scales it, writes a unit beside it, or digits of its
/// own): (row as seen, 0-based column, the unit it writes).
pub(super) fn misstated_in_range(
    rules: &[Rule],
    range: &Range<Data>,
) -> Result<Vec<Misstated>, String> {
    let too_many = "more cells misstated by a conditional format than payrun keeps";
    let mut out = Vec::new();
    for rule in rules
        .iter()
        .filter(|r| r.hides.misstates || r.hides.unit.is_some())
    {
        let areas = rule.areas.iter().map(|&a| (a, rule));
        let cells = cells_where(areas, range, too_many, |rule, _, _, v| {
            number(v).is_some_and(|n| rule.hides.misstates(None, &n.to_string()))
                && rule.when.holds(v)
        })?;
        out.extend(cells.into_iter().map(|(r, c)| (r, c, rule.hides.unit)));
        if out.len() > MAX_UNSEEN_CELLS {
            return Err(too_many.into());
        }
    }
    Ok(out)
}

/// The cells of `range` holding a number that a rule may show rounded
/// (its number format shows fewer decimals than the cell holds: `#,##0`
/// shows 999.6 as `1,000`), each with what it would show and the rule's
/// format; the first rule over a cell is kept.
pub(super) fn rounded_in_range(
    rules: &[Rule],
    range: &Range<Data>,
) -> Result<Vec<Rounded>, String> {
    let too_many = "more cells shown rounded by a conditional format than payrun keeps";
    let mut out = Vec::new();
    for rule in rules {
        let Some(rounds) = rule.hides.rounds else {
            continue;
        };
        let areas = rule.areas.iter().map(|&a| (a, rule));
        cells_where(areas, range, too_many, |rule, row, col, v| {
            let Some(n) = number(v).filter(|_| rule.when.holds(v)) else {
                return false;
            };
            let Some(shown) = rule.hides.shown_rounded(None, &n.to_string()) else {
                return false;
            };
            out.push(Rounded::by_rule(row, col, shown, n, rounds.code()));
            true
        })?;
        if out.len() > MAX_UNSEEN_CELLS {
            return Err(too_many.into());
        }
    }
    Ok(out)
}

/// A cell a conditional format may show as another number, and the unit
/// its number format writes, if any.
pub(super) type Misstated = (usize, usize, Option<Unit>);

/// Adds a rule to `rules` if its look hides anything, or may show a
/// number rounded.
pub(super) fn keep(
    rules: &mut Vec<Rule>,
    areas: &[Area],
    when: When,
    hides: Hides,
) -> Result<(), String> {
    if !hides.any() && hides.rounds.is_none() {
        return Ok(());
    }
    rules.push(Rule {
        areas: areas.to_vec(),
        when,
        hides,
    });
    if rules.len() > MAX_RULES {
        return Err("more conditional formats than payrun reads".into());
    }
    Ok(())
}

#[cfg(test)]
impl When {
    /// A comparison with numbers, as the tests of each format's reader
    /// write what they expect.
    pub(super) fn numbers(op: Op, a: f64, b: Option<f64>) -> When {
        When::Compare(op, Operand::Number(a), b.map(Operand::Number))
    }
}

#[cfg(test)]
#[path = "conditional_tests.rs"]
mod tests;
