//! Hold and paid words that the rest of a note or a title takes back: the
//! part of [`super`] that reads a phrase with its neighbours, for the
//! cells where HR explains a change (a remark, a cell comment, a title
//! above the header; probe14 section 2).
//!
//! A stop word says nothing of this payment when
//! - it was lifted: the hold is set in the past (`was`, `ছিল`, a month
//!   beside it) and a lifting word follows (`released`, `resumed`,
//!   `lifted`, `ছাড়া হয়েছে`), with only times and small words between,
//!   not denied or put off (`not released yet`, `to be released`, `until
//!   released`), not `released from service`, and no stop word after it
//!   (`Was on hold in October, released now`);
//! - its object is not the payment: a loan, a leave, a deduction just
//!   before it, in the same clause (`Loan installment cancelled`, `Leave
//!   cancelled, full month salary`);
//! - it names the arrears now paid: `arrears for salary held Aug-Oct`;
//! - it forbids a means payrun never pays by: `do not pay in cash`.
//!
//! A paid word says nothing of this payment when a change of means is
//! told: paid until a time, then another way from a later one (`Paid by
//! cash until October, bKash from November`).
//!
//! Anything less stays a hold: a time alone (`Salary stopped in Sep`,
//! `Paid by cash until October`) cannot say whether that month is this
//! sheet's, so the safe reading is the hold. Clauses are the parts of the
//! cell between `,` `;` `:` brackets, slashes and a spaced dash.

use super::{MONTHS, NEGATIONS, STOP, folded, phrases};

// The words read around a phrase, and the months.
#[path = "pay_reading_lift_words.rs"]
mod words;
pub(in crate::validate) use words::sheet_month;
use words::*;

/// The sheet's month (1-12), from its titles ([`sheet_month`]); asked only
/// when a lift or a change of means names a month, and `None` when the
/// titles name none or several: then such a note is not read as lifted.
pub(in crate::validate) type SheetMonth<'a> = &'a dyn Fn() -> Option<u8>;

/// The words of a cell in order, with [`BREAK`] between its clauses.
pub(super) struct Clauses {
    tokens: Vec<String>,
    /// The cell asks something (`released?`): nothing in it is taken back.
    asks: bool,
    /// The token index of each word (the n-th word of [`folded`]).
    words: Vec<usize>,
}

/// A clause break among the tokens: no folded word is `|`.
const BREAK: &str = "|";

impl Clauses {
    /// The clauses of `raw`, each folded as [`folded`] folds the whole.
    pub(super) fn of(raw: &str) -> Clauses {
        let mut tokens = Vec::new();
        let mut start = 0;
        let chars: Vec<(usize, char)> = raw.char_indices().collect();
        for (i, &(at, c)) in chars.iter().enumerate() {
            let spaced = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_none_or(|(_, c)| c.is_whitespace())
            };
            let dash = c == '-' && (spaced(i.checked_sub(1)) || spaced(Some(i + 1)));
            if dash || ",;:()[]{}|/–—.!?\n".contains(c) {
                tokens.extend(folded(&raw[start..at]).split_whitespace().map(String::from));
                tokens.push(BREAK.to_string());
                start = at + c.len_utf8();
            }
        }
        tokens.extend(folded(&raw[start..]).split_whitespace().map(String::from));
        let words = (0..tokens.len()).filter(|&t| tokens[t] != BREAK).collect();
        let asks = raw.contains(['?', '？']);
        Clauses {
            tokens,
            asks,
            words,
        }
    }

    fn at(&self, t: usize) -> &str {
        self.tokens.get(t).map_or(BREAK, String::as_str)
    }

    /// The tokens of the phrase `p` found at byte `at` of `f`, if its
    /// words stand in one clause.
    fn span(&self, f: &str, p: &str, at: usize) -> Option<(usize, usize)> {
        let first = f[..at].split_whitespace().count();
        let n = p.split_whitespace().count().max(1);
        let s = *self.words.get(first)?;
        let e = *self.words.get(first + n - 1)? + 1;
        (e - s == n).then_some((s, e))
    }

    /// Whether the phrase or value `p` at byte `at` of `f` (a payment made
    /// if `paid`) says nothing of this payment, read with its neighbours.
    pub(super) fn lifted(
        &self,
        f: &str,
        paid: bool,
        p: &str,
        at: usize,
        month: SheetMonth,
    ) -> bool {
        if paid {
            self.paid_lifted(f, p, at, month)
        } else {
            self.stop_lifted(f, p, at, month)
        }
    }

    /// Whether the stop phrase or word `p` at byte `at` of `f` says
    /// nothing of this payment.
    fn stop_lifted(&self, f: &str, p: &str, at: usize, month: SheetMonth) -> bool {
        let Some((s, e)) = self.span(f, p, at) else {
            return false;
        };
        self.other_object(p, s)
            || self.arrears(p, s, e)
            || self.not_by(p, e)
            || (!self.asks && self.in_the_past(s, e, month) && self.lift_after(e, month))
    }

    /// Whether the paid phrase `p` at byte `at` of `f` tells a way of
    /// paying until a time, and another from then on.
    /// The month that bounds it must be before the sheet's, and the month
    /// the other way starts from not after it: `Paid by cash until
    /// October` on October's sheet is October paid.
    fn paid_lifted(&self, f: &str, p: &str, at: usize, month: SheetMonth) -> bool {
        let Some((_, e)) = self.span(f, p, at) else {
            return false;
        };
        let Some(until) = (e..e + 4)
            .take_while(|&t| self.at(t) != BREAK)
            .find(|&t| UNTIL.contains(&self.at(t)) && self.is_time(t + 1))
        else {
            return false;
        };
        let (Some(sheet), Some(last)) = (
            month(),
            month_of(self.at(until + 1)).or_else(|| month_of(self.at(until + 2))),
        ) else {
            return false;
        };
        let not_after = |m: Option<u8>| m.is_none_or(|m| months_back(sheet, m) <= 5);
        (1..=6).contains(&months_back(sheet, last))
            && (until + 2..self.tokens.len()).any(|t| {
                let w = self.at(t);
                (ONWARD.contains(&w)
                    && not_after(t.checked_sub(1).and_then(|b| month_of(self.at(b)))))
                    || (matches!(w, "from" | "since")
                        && self.is_time(t + 1)
                        && not_after(month_of(self.at(t + 1))))
            })
    }

    /// `Loan installment cancelled`: a stop word whose clause names what
    /// it stops just before it, and that is not the payment.
    fn other_object(&self, p: &str, s: usize) -> bool {
        // `hold` is an order whatever stands before it (`Tax hold`, `Leave
        // hold`): only a state or a cancelling word has an object here. A
        // word is the object itself or its plural, never a word it opens
        // (`Emily` is no `emi`; probe15).
        let about_pay = p.split_whitespace().any(|w| PAY_NOUNS.contains(&w));
        let before = self.at(s.wrapping_sub(1));
        let object = OBJECTS
            .iter()
            .any(|o| before == *o || before.strip_suffix('s') == Some(*o));
        !about_pay && p != "hold" && s > 0 && object
    }

    /// `arrears for salary held Aug-Oct`, `স্থগিত বেতনের বকেয়া`.
    fn arrears(&self, p: &str, s: usize, e: usize) -> bool {
        if !HELD.contains(&p) && p != "on hold" {
            return false;
        }
        let clause = |from: usize, to: usize| (from..to).all(|t| self.at(t) != BREAK);
        let before = (s.saturating_sub(4)..s).any(|a| {
            ARREARS.contains(&self.at(a)) && matches!(self.at(a + 1), "for" | "of") && clause(a, s)
        });
        let after = (e..e + 2).any(|a| ARREARS.iter().any(|w| self.at(a).starts_with(w)))
            && clause(e, e + 2);
        before || (HELD.contains(&p) && after)
    }

    /// `do not pay in cash`: a means payrun never pays by.
    fn not_by(&self, p: &str, e: usize) -> bool {
        let by = usize::from(BY.contains(&self.at(e)));
        PAY_NOT.contains(&p) && NOT_BY.contains(&self.at(e + by)) && self.at(e + by + 1) == BREAK
    }

    /// A past word (`was`, `ছিল`) or a month before the sheet's within
    /// three words of the stop, in its clause, and no bound still to come
    /// (`till Dec`, `1 month`): `Hold salary till Dec, then released` is a
    /// hold now, and `Hold Nov salary` on November's sheet is this month's.
    fn in_the_past(&self, s: usize, e: usize, month: SheetMonth) -> bool {
        let before = (s.saturating_sub(3)..s)
            .rev()
            .take_while(|&t| self.at(t) != BREAK);
        let after = (e..e + 3).take_while(|&t| self.at(t) != BREAK);
        let near: Vec<usize> = before.chain(after).collect();
        let bounded = near
            .iter()
            .any(|&t| UNTIL.contains(&self.at(t)) || matches!(self.at(t), "to" | "for" | "পর্যন্ত"));
        let earlier = |t: usize| {
            month_of(self.at(t)).is_some_and(|m| {
                month().is_some_and(|sheet| (1..=5).contains(&months_back(sheet, m)))
            })
        };
        let this_month = near
            .iter()
            .any(|&t| month_of(self.at(t)).is_some_and(|m| month().is_none_or(|sheet| sheet == m)));
        let past_word = near.iter().any(|&t| PAST.contains(&self.at(t)));
        !bounded && (past_word || (!this_month && near.iter().any(|&t| earlier(t))))
    }

    /// A lift after the stop, with only times and small words between, not
    /// denied or put off, not `from` a place, no stop word after it.
    fn lift_after(&self, e: usize, month: SheetMonth) -> bool {
        let mut t = e;
        while t < self.tokens.len() {
            if let Some(n) = self.lift_at(t) {
                if !self.lifted_by_now(t, n, month) {
                    return false;
                }
                let denied = (t.saturating_sub(2)..t).any(|b| {
                    NEGATIONS.contains(&self.at(b)) || NOT_YET_LIFTED.contains(&self.at(b))
                });
                let away = self.at(t + n) == "from" && !self.is_time(t + n + 1);
                return !denied
                    && !away
                    && !self.stop_from(t + n)
                    && self.plain_after(t + n, month);
            }
            let w = self.at(t);
            if w != BREAK && !BETWEEN.contains(&w) && !self.is_time(t) {
                return false;
            }
            t += 1;
        }
        false
    }

    /// Whether every month in the clause of the lift at token `t` (of `n`
    /// words) is the sheet's or before it: `resumed from Nov` lifts a hold
    /// on November's sheet, not on October's; with no month there, it
    /// lifts on any.
    fn lifted_by_now(&self, t: usize, n: usize, month: SheetMonth) -> bool {
        let start = (0..t)
            .rev()
            .find(|&b| self.at(b) == BREAK)
            .map_or(0, |b| b + 1);
        let end = (t + n..self.tokens.len())
            .find(|&b| self.at(b) == BREAK)
            .unwrap_or(self.tokens.len());
        let mut months = (start..end).filter_map(|b| month_of(self.at(b))).peekable();
        if months.peek().is_none() {
            return true;
        }
        month().is_some_and(|sheet| months.all(|m| months_back(sheet, m) <= 5))
    }

    /// Whether everything from token `t` to the end of the cell only says
    /// when and on whose word (`now`, `from Nov`, `as per MD`, `HR mail 28
    /// Nov`): any other word may deny, put off, bound or qualify the lift
    /// (`no`, `next month`, `after audit`, `partially`, `from service`,
    /// `হবে`), and a month after the sheet's, or any month when the
    /// sheet's is not known, is no lift by now.
    fn plain_after(&self, t: usize, month: SheetMonth) -> bool {
        (t..self.tokens.len()).all(|t| {
            let w = self.at(t);
            w == BREAK
                || AFTER_LIFT.iter().any(|a| folded(a).trim() == w)
                || (w.chars().count() <= 2 && w.chars().all(|c| c.is_ascii_digit()))
                || month_of(w)
                    .is_some_and(|m| month().is_some_and(|sheet| months_back(sheet, m) <= 5))
        })
    }

    /// The number of words of a lift at token `t`, if one stands there.
    fn lift_at(&self, t: usize) -> Option<usize> {
        let w = self.at(t);
        if LIFTS.contains(&w) {
            return Some(1);
        }
        let next = self.at(t + 1);
        LIFT_PAIRS
            .iter()
            .any(|&(a, b)| folded(a).trim() == w && folded(b).trim() == next)
            .then_some(2)
    }

    /// Whether a stop word or phrase stands at token `t` or after.
    fn stop_from(&self, t: usize) -> bool {
        let rest: Vec<&str> = (t..self.tokens.len())
            .map(|t| self.at(t))
            .filter(|w| *w != BREAK)
            .collect();
        rest.iter().any(|w| STOP.contains(w))
            || phrases::phrase_says(&format!(" {} ", rest.join(" "))).is_some()
    }

    /// A month (English, or Bengali with its case ending), a day, a year.
    fn is_time(&self, t: usize) -> bool {
        let w = self.at(t);
        month_of(w).is_some()
            || (!w.is_empty() && w.chars().count() <= 4 && w.chars().all(char::is_numeric))
    }
}

/// Whether the folded note `f` puts the payment in a month after the
/// sheet's (`Pay in Dec` on November's sheet, `Payment from January`):
/// the row is held to then. Unknown without the sheet's month.
pub(super) fn paid_later(f: &str, month: SheetMonth) -> bool {
    let words: Vec<&str> = f.split_whitespace().collect();
    words.windows(3).any(|w| {
        matches!(w[0], "pay" | "payment" | "paid" | "disburse")
            && matches!(w[1], "in" | "from" | "after" | "on")
            && month_of(w[2]).is_some_and(|m| {
                month().is_some_and(|sheet| {
                    let back = months_back(sheet, m);
                    back > 5 || (w[1] == "after" && back == 0)
                })
            })
    })
}

/// What to write instead, when `raw` tells of a hold lifted or a payment
/// made until a time, but not so that payrun could tell (`Salary stopped
/// in Sep`, `HOLD - released 5 Nov`, `Paid by cash until October`).
pub(in crate::validate) fn lift_hint(raw: &str) -> Option<&'static str> {
    let c = Clauses::of(raw);
    let told = (0..c.tokens.len())
        .any(|t| c.lift_at(t).is_some() || UNTIL.contains(&c.at(t)) || PAST.contains(&c.at(t)));
    told.then_some(
        "these words do not say plainly that the hold was lifted or the payment made only before: if so, write when and what changed, as in \"On hold in October, released in November\" or \"Paid by cash until October, bKash from November\"",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word is written folded, as the tokens it is compared with.
    #[test]
    fn every_word_is_written_folded() {
        for list in [
            LIFTS,
            PAST,
            BETWEEN,
            NOT_YET_LIFTED,
            OBJECTS,
            PAY_NOUNS,
            ARREARS,
            HELD,
            NOT_BY,
            PAY_NOT,
            BY,
            UNTIL,
            ONWARD,
        ] {
            for w in list {
                assert_eq!(folded(w).trim(), *w, "{w}");
            }
        }
    }

    #[test]
    fn clauses_break_at_separators_and_a_spaced_dash_only() {
        let c = Clauses::of("Was on-hold (Aug-Oct), released - now");
        assert_eq!(
            c.tokens.join(" "),
            "was on hold | aug oct | | released | now"
        );
        assert_eq!(c.words.len(), 7);
    }
}
