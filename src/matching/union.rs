//! The statement lines a match weighs: every line of every statement
//! matched against the batches, each transaction once.
//!
//! Two exports of the same account overlap, and they write the same
//! transaction differently: another date format, a transaction-id or wallet
//! column one has and the other lacks, a wallet with `+88` or masked. Counting such a
//! line twice reports a debit twice and asks someone to claim back money
//! that was never lost. So two lines are one transaction when everything
//! that identifies a transaction agrees where both lines state it: the
//! effect and the amount always; the tradeNo, the platform's transaction
//! number, the wallet and the instant when both have them. Within one
//! statement every line is its own transaction, so a real double debit that
//! a statement lists twice is never merged away.

use crate::ledger::statements::StoredLine;
use crate::statement::when::When;
use std::collections::HashMap;

/// What identifies a transaction, as one line states it.
#[derive(Debug, Clone)]
struct Ident {
    trade_no: Option<String>,
    platform_no: Option<String>,
    wallet: Option<String>,
    when: Option<When>,
}

impl Ident {
    fn of(l: &StoredLine) -> Ident {
        // A wallet as its digits (`+8801…` and `01…` agree); one that does
        // not read as a wallet (masked, `017****5678`) states nothing.
        let wallet = |raw: &str| {
            crate::wallet::normalize_wallet_any(raw)
                .ok()
                .map(|w| w.digits)
        };
        Ident {
            trade_no: l.line.trade_no.clone(),
            platform_no: l.line.platform_trade_no.clone(),
            wallet: l.line.wallet.as_deref().and_then(wallet),
            when: l.line.time.as_deref().and_then(When::read),
        }
    }

    /// Whether nothing both state differs.
    fn agrees(&self, o: &Ident) -> bool {
        fn same<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
            a.as_ref().zip(b.as_ref()).is_none_or(|(a, b)| a == b)
        }
        same(&self.trade_no, &o.trade_no)
            && same(&self.platform_no, &o.platform_no)
            && same(&self.wallet, &o.wallet)
            && (self.when.as_ref().zip(o.when.as_ref())).is_none_or(|(a, b)| a.same(b))
    }

    /// Fills in what this one lacks and `o` states.
    fn complete(&mut self, o: Ident) {
        self.trade_no = self.trade_no.take().or(o.trade_no);
        self.platform_no = self.platform_no.take().or(o.platform_no);
        self.wallet = self.wallet.take().or(o.wallet);
        self.when = self.when.take().or(o.when);
    }
}

/// One transaction: what identifies it, gathered from every line that
/// showed it, and the statements that did (one line each).
struct Slot {
    ident: Ident,
    statements: Vec<i64>,
}

/// The slots of one effect and amount, indexed so that a long statement is
/// not compared line by line with every other: a line can only be a slot
/// with its tradeNo (or none), and with its platform number (or none).
#[derive(Default)]
struct Bucket {
    slots: Vec<Slot>,
    by_trade: HashMap<String, Vec<usize>>,
    by_platform: HashMap<String, Vec<usize>>,
    no_trade: Vec<usize>,
    no_platform: Vec<usize>,
    /// Slots with neither number.
    no_ids: Vec<usize>,
}

impl Bucket {
    /// The slot `id` (a line of `statement`) belongs to, if any. A slot
    /// fits a line with a tradeNo only if it has that tradeNo or none, and
    /// likewise the platform number, so only those are tried: a line with
    /// both numbers fits a slot with its tradeNo, or with its platform
    /// number, or with neither.
    fn find(&self, id: &Ident, statement: i64) -> Option<usize> {
        let fits = |i: &usize| {
            self.slots
                .get(*i)
                .is_some_and(|s| !s.statements.contains(&statement) && s.ident.agrees(id))
        };
        let first = |v: &[usize]| v.iter().find(|i| fits(i)).copied();
        let listed = |map: &HashMap<String, Vec<usize>>, k: &Option<String>| {
            k.as_ref().and_then(|k| map.get(k)).and_then(|v| first(v))
        };
        match (&id.trade_no, &id.platform_no) {
            (Some(_), Some(_)) => listed(&self.by_trade, &id.trade_no)
                .or_else(|| listed(&self.by_platform, &id.platform_no))
                .or_else(|| first(&self.no_ids)),
            (Some(_), None) => {
                listed(&self.by_trade, &id.trade_no).or_else(|| first(&self.no_trade))
            }
            (None, Some(_)) => {
                listed(&self.by_platform, &id.platform_no).or_else(|| first(&self.no_platform))
            }
            (None, None) => (0..self.slots.len()).find(|i| fits(i)),
        }
    }

    /// Lists slot `i` under what it states now (a slot that gained a field
    /// stays listed as lacking it: `find` checks every candidate anyway).
    fn index(&mut self, i: usize, new: bool) {
        let Some(s) = self.slots.get(i) else { return };
        if new && s.ident.trade_no.is_none() && s.ident.platform_no.is_none() {
            self.no_ids.push(i);
        }
        for (map, lacking, k) in [
            (&mut self.by_trade, &mut self.no_trade, &s.ident.trade_no),
            (
                &mut self.by_platform,
                &mut self.no_platform,
                &s.ident.platform_no,
            ),
        ] {
            match k {
                Some(k) => {
                    let v = map.entry(k.clone()).or_default();
                    if !v.contains(&i) {
                        v.push(i);
                    }
                }
                None if new => lacking.push(i),
                None => {}
            }
        }
    }
}

/// The lines to weigh, earliest statement first (so that the lines an
/// earlier match recorded stay the ones referenced): per transaction, as
/// many lines as the statement that shows it most often.
pub fn union(lines: Vec<StoredLine>) -> Vec<StoredLine> {
    let mut buckets: HashMap<(String, i64), Bucket> = HashMap::new();
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        let id = Ident::of(&l);
        let b = buckets
            .entry((l.line.effect.clone(), l.line.amount.poisha()))
            .or_default();
        match b.find(&id, l.statement_id) {
            Some(i) => {
                if let Some(s) = b.slots.get_mut(i) {
                    s.statements.push(l.statement_id);
                    s.ident.complete(id);
                }
                b.index(i, false);
            }
            None => {
                b.slots.push(Slot {
                    ident: id,
                    statements: vec![l.statement_id],
                });
                out.push(l);
                b.index(b.slots.len() - 1, true);
            }
        }
    }
    out
}
