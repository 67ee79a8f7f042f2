//! The words that say a row is not to be paid, is held back, or was paid
//! already: one list per meaning, in English and Bengali as finance clerks
//! in Bangladesh write them. How each list is read (a whole cell, a cell's
//! first words, a phrase anywhere) is in [`super::pay_reading`].
//!
//! Every entry is written folded (lower case, one space between words,
//! Bengali `য়` as `য` + nukta and `ো` as one letter; a unit test holds
//! them to it), so a cell folded the same way is compared byte for byte.
//! Past a list, a word in a note or a name says nothing (`November
//! salary`); in a status or paid column only a value of
//! [`super::payable::PAYABLE`] leaves a row payable.

/// A value that says "do not pay": the whole cell, or leading a status
/// (`Hold (HR)`), or a note's words before its first separator (`HOLD -
/// resigned`), or set apart in a name (`Fatema Begum (HOLD)`), or any word
/// of a title (`Salary withheld`).
pub(super) const STOP: &[&str] = &[
    "cancel",
    "cancellation",
    "hold",
    "held",
    "put on hold",
    "withhold",
    "withheld",
    "stop",
    "stopped",
    "skip",
    "skipped",
    "exclude",
    "excluded",
    "no pay",
    "not payable",
    "voided",
    "remove",
    "removed",
    "delete",
    "deleted",
    "reject",
    "rejected",
    "declined",
    "not approved",
    "unapproved",
    "disapproved",
    "duplicate",
    "suspend",
    "suspended",
    "blocked",
    "defer",
    "deferred",
    "postpone",
    "postponed",
    "হোল্ড",
    "বাদ",
    "বন্ধ",
    "স্থগিত",
    "বাতিল",
    "onhold",
    "witheld",
    "cancelld",
    "canceld",
    "cancled",
    "ক্যান্সেল",
    "ক্যানসেল",
    "বাতিলকৃত",
    "হোল্ডে",
];

/// A value that says "not now" in a column that decides payment (`Later`,
/// `Pending approval`, `Carried forward`), leading the cell or a title.
/// Not read in a note: `Later` or `Next month` under an unknown column
/// need not be about the payment. Followed by `from`, it looks back
/// (`Carried forward from October` is arrears to pay now).
pub(super) const NOT_NOW: &[&str] = &[
    "later",
    "pay later",
    "next month",
    "pay next month",
    "carried forward",
    "carry forward",
    "carried over",
    "pending approval",
    "awaiting approval",
    "approval pending",
    "waiting for approval",
    "not yet approved",
    "পরে",
];

/// "Do not pay" in words: a phrase that refuses a row wherever it stands
/// in a cell, unless "not" stands just before it (`not on hold`).
pub(super) const DO_NOT: &[&str] = &[
    "do not pay",
    "dont pay",
    "not to be paid",
    "not be paid",
    "cannot be paid",
    "cant be paid",
    "not to pay",
    "do not disburse",
    "not to be disbursed",
    "do not process",
    "dont process",
    "not for payment",
    "not for pay",
    "cancelled",
    "canceled",
    "on hold",
    "hold payment",
    "payment hold",
    "payment on hold",
    "salary hold",
    "hold salary",
    "stop payment",
    "stop salary",
    "payment stopped",
    "salary stopped",
    "void",
    "do not release",
    "dont release",
    "do not send",
    "dont send",
    "do not transfer",
    "dont transfer",
    "no payment",
    "duplicate entry",
    "duplicate row",
    "duplicate record",
    "duplicate payment",
    "double entry",
    "double payment",
    "বাতিল",
    "স্থগিত",
    "প্রদান করবেন না",
    "পরিশোধ করবেন না",
    "দেবেন না",
    "দিবেন না",
    "পাঠাবেন না",
    "দেওয়া যাবে না",
    "দেওয়া হবে না",
    "দেয়া হবে না",
    "দেয়া যাবে না",
    "পেমেন্ট বন্ধ",
    "বেতন বন্ধ",
    "বাদ দিন",
    "বাদ দিতে হবে",
    "onhold",
    "cancelld",
    "canceld",
    "cancled",
    "hold till",
    "hold until",
    "hold for now",
    "hold this month",
    "skip this month",
    "skip for now",
    "বাতিলকৃত",
    "ক্যান্সেল",
    "ক্যানসেল",
    "হোল্ডে আছে",
    "হোল্ডে রাখা হয়েছে",
    "দেওয়া হবেনা",
    "দেয়া হবেনা",
    "দেওয়া যাবেনা",
    "দেয়া যাবেনা",
    "দিবেননা",
    "দেবেননা",
];

/// Held back to a later run: a phrase anywhere, as [`DO_NOT`]. Only the
/// way forward: `Carried forward from October` is arrears to pay now.
pub(super) const LATER: &[&str] = &[
    "deferred to",
    "deferred till",
    "deferred until",
    "postponed to",
    "postponed till",
    "postponed until",
    "carried forward to",
    "carry forward to",
    "carried over to",
    "pay next month",
    "payment next month",
    "paid next month",
    "pay later",
    "paid later",
    "payment later",
    "পরে দেওয়া হবে",
    "পরে দেয়া হবে",
    "পরের মাসে দেওয়া হবে",
    "পরের মাসে দেয়া হবে",
    "পরবর্তী মাসে দেওয়া হবে",
];

// The words that say a row was paid already, and the parts of a note that
// says when or how: a second file, so each stays under 400 lines.
#[path = "pay_words_paid.rs"]
mod paid;
pub(super) use paid::*;
