//! The classes of the three-way match.

/// Where a payout or line ends. Serialised keys are the JSON report's
/// contract (docs/auditors.md): add classes, never rename them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    DebitedTwice,
    StatusDiffers,
    AmountDiffers,
    NotOurs,
    NotDebited,
    Matched,
}

impl Class {
    /// Discrepancies first, in the order a person should look at them.
    pub const ALL: [Class; 6] = [
        Class::DebitedTwice,
        Class::StatusDiffers,
        Class::AmountDiffers,
        Class::NotOurs,
        Class::NotDebited,
        Class::Matched,
    ];

    pub const fn key(self) -> &'static str {
        match self {
            Class::Matched => "matched",
            Class::AmountDiffers => "amount_differs",
            Class::StatusDiffers => "status_differs",
            Class::NotDebited => "not_debited",
            Class::NotOurs => "not_ours",
            Class::DebitedTwice => "debited_twice",
        }
    }

    /// The words in human output and report cells.
    pub const fn label(self) -> &'static str {
        match self {
            Class::Matched => "matched",
            Class::AmountDiffers => "amount differs",
            Class::StatusDiffers => "status differs",
            Class::NotDebited => "paid, not debited (yet)",
            Class::NotOurs => "debited, not a payout of this batch",
            Class::DebitedTwice => "debited twice",
        }
    }

    pub fn from_key(key: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.key() == key)
    }

    pub const fn needs_attention(self) -> bool {
        !matches!(self, Class::Matched)
    }
}
