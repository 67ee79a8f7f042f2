//! The columns of a provider's statement, their header aliases, and
//! `--map FIELD=HEADER` overrides.
//!
//! The provider publishes no statement format (docs/gateway.md), so the
//! aliases cover the names merchant portals use for each column. Aliases are
//! folded (lower case, letters and digits only) by the same fold as a payroll
//! sheet's headers, and a currency word after a money column's name
//! (`Debit (BDT)`, `Amount Tk`) is ignored.

use super::aliases::*;
use crate::fields::{Columns, FileField, parse_map};
use std::fmt;

/// A column payrun reads from a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SField {
    /// The merchant's order number: payrun's tradeNo.
    TradeNo,
    /// The provider's own order or transaction number (platFormTradeNo).
    PlatformNo,
    /// One signed (or unsigned) amount column.
    Amount,
    /// Money out of the merchant account.
    Debit,
    /// Money back into the merchant account.
    Credit,
    Fee,
    Status,
    /// What the line is: payout, fee, reversal, deposit.
    Kind,
    /// `Dr`/`Cr` beside a single amount column.
    Direction,
    Time,
    Wallet,
    Balance,
}

impl SField {
    pub const ALL: [SField; 12] = [
        SField::TradeNo,
        SField::PlatformNo,
        SField::Amount,
        SField::Debit,
        SField::Credit,
        SField::Fee,
        SField::Status,
        SField::Kind,
        SField::Direction,
        SField::Time,
        SField::Wallet,
        SField::Balance,
    ];

    /// The name `--map` takes and messages use.
    pub const fn key(self) -> &'static str {
        match self {
            SField::TradeNo => "trade_no",
            SField::PlatformNo => "platform_no",
            SField::Amount => "amount",
            SField::Debit => "debit",
            SField::Credit => "credit",
            SField::Fee => "fee",
            SField::Status => "status",
            SField::Kind => "type",
            SField::Direction => "direction",
            SField::Time => "time",
            SField::Wallet => "wallet",
            SField::Balance => "balance",
        }
    }

    /// Whether the column holds money, so a trailing currency word is ignored.
    pub const fn is_money(self) -> bool {
        matches!(
            self,
            SField::Amount | SField::Debit | SField::Credit | SField::Fee | SField::Balance
        )
    }

    /// Whether two candidate columns for this field stop the read: a wrong
    /// pick here changes which payout a line is, or how much it moved.
    pub const fn must_be_unique(self) -> bool {
        matches!(
            self,
            SField::TradeNo
                | SField::PlatformNo
                | SField::Amount
                | SField::Debit
                | SField::Credit
                | SField::Fee
                | SField::Status
                | SField::Direction
        )
    }

    /// Folded header spellings, the most specific first. A column with a
    /// strong alias wins over one with only a weak one ([`SField::weak_aliases`]).
    pub(crate) fn aliases(self) -> &'static [&'static str] {
        match self {
            SField::TradeNo => TRADE_NO,
            SField::PlatformNo => PLATFORM_NO,
            SField::Amount => AMOUNT,
            SField::Debit => DEBIT,
            SField::Credit => CREDIT,
            SField::Fee => FEE,
            SField::Status => STATUS,
            SField::Kind => KIND,
            SField::Direction => DIRECTION,
            SField::Time => TIME,
            SField::Wallet => WALLET,
            SField::Balance => BALANCE,
        }
    }

    /// Spellings tried only when no column has a strong alias: `Reference`
    /// is often a free-text column beside the real order number.
    pub(crate) fn weak_aliases(self) -> &'static [&'static str] {
        match self {
            SField::TradeNo => &[
                "reference",
                "referenceno",
                "referencenumber",
                "ref",
                "refno",
            ],
            SField::PlatformNo => &["paymentid", "trxref", "transactionreference"],
            _ => &[],
        }
    }

    /// Reads a `--map` field name (its key or a strong alias).
    pub fn from_key(key: &str) -> Option<SField> {
        let k = crate::fields::fold(key);
        SField::ALL
            .into_iter()
            .find(|f| crate::fields::fold(f.key()) == k || f.aliases().contains(&k.as_str()))
    }
}

impl fmt::Display for SField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.key())
    }
}

/// `--map trade_no="Order Ref"`: read this field from the column with this header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementMap {
    pub field: SField,
    pub header: String,
}

impl std::str::FromStr for StatementMap {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (keys, example) = (SField::ALL.map(SField::key), "trade_no=\"Order Ref\"");
        let (field, header) = parse_map(s, example, "statement field", &keys, SField::from_key)?;
        Ok(StatementMap { field, header })
    }
}

impl FileField for SField {
    fn all() -> &'static [SField] {
        &SField::ALL
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Which column of a statement holds each field.
pub type SColumns = Columns<SField, { SField::ALL.len() }>;

impl SColumns {
    /// A reference column (tradeNo or platform number) and a money column.
    pub fn usable(&self) -> bool {
        (self.get(SField::TradeNo).is_some() || self.get(SField::PlatformNo).is_some())
            && self.has_money()
    }

    pub fn has_money(&self) -> bool {
        self.get(SField::Amount).is_some()
            || self.get(SField::Debit).is_some()
            || self.get(SField::Credit).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Columns` keeps a field's column at its index: a statement's fields
    /// and a sheet's must each have their own.
    #[test]
    fn every_field_is_kept_at_its_own_index() {
        for (i, f) in SField::all().iter().enumerate() {
            assert_eq!(f.index(), i, "{f}");
        }
        for (i, f) in crate::fields::Field::all().iter().enumerate() {
            assert_eq!(f.index(), i, "{f}");
        }
    }

    #[test]
    fn map_reads_keys_and_aliases() {
        let m: StatementMap = "trade_no=\"Order Ref\"".parse().unwrap();
        assert_eq!((m.field, m.header.as_str()), (SField::TradeNo, "Order Ref"));
        let m: StatementMap = "trxID=Txn".parse().unwrap();
        assert_eq!(m.field, SField::PlatformNo);
        assert!("wallet".parse::<StatementMap>().is_err());
        assert!(
            "nosuch=X"
                .parse::<StatementMap>()
                .unwrap_err()
                .contains("trade_no")
        );
        assert!("fee=".parse::<StatementMap>().is_err());
    }

    #[test]
    fn aliases_are_folded_and_unique_per_strength() {
        for f in SField::ALL {
            for a in f.aliases().iter().chain(f.weak_aliases()) {
                assert_eq!(crate::fields::fold(a), *a, "{a} is not folded");
                let owners: Vec<SField> = SField::ALL
                    .into_iter()
                    .filter(|g| g.aliases().contains(a) || g.weak_aliases().contains(a))
                    .collect();
                assert_eq!(owners, vec![f], "{a} belongs to more than one field");
            }
        }
    }
}
