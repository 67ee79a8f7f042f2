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

/// A value that says the row was paid already, wherever a [`STOP`] value
/// is read.
pub(super) const PAID: &[&str] = &[
    "paid",
    "already paid",
    "paid already",
    "paid before",
    "পরিশোধিত",
    "প্রদত্ত",
    "দেওয়া হয়েছে",
    "দেয়া হয়েছে",
    "পাঠানো হয়েছে",
    "পেইড",
    "পেইড হয়েছে",
];

/// A value that says a payment was made, in a column that records or
/// decides payment (`Status`, `Txn Status`, `Payment Status`, `Paid`), or
/// leading a title or set apart in a name. Not read in a note: `Completed`
/// under `Training` or `Disbursed` under `Loan` is about something else.
pub(super) const DONE: &[&str] = &[
    "done",
    "complete",
    "completed",
    "sent",
    "disbursed",
    "transferred",
    "remitted",
    "credited",
    "success",
    "successful",
    "settled",
    "সম্পন্ন",
];

/// "Paid already" in words: a phrase anywhere in a cell, unless a
/// negation or a future (`not`, `to be`, `will be`) stands in the two
/// words before it.
pub(super) const PAID_PHRASES: &[&str] = &[
    "already paid",
    "paid already",
    "paid in cash",
    "paid by cash",
    "paid in full",
    "paid in advance",
    "already sent",
    "already transferred",
    "already disbursed",
    "already given",
    "already done",
    "already processed",
    "already credited",
    "already settled",
    "payment done",
    "payment completed",
    "payment complete",
    "payment successful",
    "payment success",
    "payment made",
    "payment sent",
    "payment processed",
    "payment disbursed",
    "payment transferred",
    "payment credited",
    "salary paid",
    "salary sent",
    "salary disbursed",
    "salary transferred",
    "salary credited",
    "salary given",
    "পরিশোধ হয়েছে",
    "পরিশোধ করা হয়েছে",
    "প্রদান করা হয়েছে",
    "টাকা দেওয়া হয়েছে",
    "টাকা দেয়া হয়েছে",
    "নগদে দেওয়া হয়েছে",
    "নগদ দেওয়া হয়েছে",
    "টাকা পাঠানো হয়েছে",
    "পেমেন্ট হয়েছে",
    "পেমেন্ট করা হয়েছে",
    "বেতন দেওয়া হয়েছে",
    "বেতন পাঠানো হয়েছে",
    "given in cash",
    "given by cash",
    "handed over cash",
    "প্রদান হয়েছে",
    "পরিশোধ হইছে",
    "পরিশোধ হয়ে গেছে",
    "দেওয়া হইছে",
    "দেওয়া হয়ে গেছে",
    "বিকাশে পাঠানো হয়েছে",
    "বিকাশ করা হয়েছে",
    "নগদে পাঠানো হয়েছে",
    "রকেটে পাঠানো হয়েছে",
];

/// Verbs of a payment made, read with how (`Paid by cheque`, `Sent via
/// bKash`) or when (`Paid 28-Oct`, `Disbursed on 3 Nov`) it was made.
pub(super) const PAID_VERBS: &[&str] = &[
    "paid",
    "sent",
    "disbursed",
    "transferred",
    "remitted",
    "settled",
    "credited",
    "given",
    "handed",
];

/// Verbs whose date alone says a payment: not `transferred`, which is as
/// often a payee moved to another unit (`Transferred on 1 Nov`).
pub(super) const DATED_VERBS: &[&str] = &[
    "paid",
    "sent",
    "disbursed",
    "remitted",
    "settled",
    "credited",
];

/// The word between a verb and its means: `by`, `via`.
pub(super) const BY: &[&str] = &["by", "via", "through", "thru", "in", "with", "using"];

/// The channels a payment goes by, read right after a verb too (`Paid
/// cash`, `Disbursed (bKash)`) or after [`BY`].
pub(super) const CHANNELS: &[&str] = &[
    "cash", "cheque", "check", "chq", "bank", "bkash", "nagad", "rocket", "upay", "tap", "mfs",
    "eft", "beftn", "npsb", "rtgs",
];

/// How else a payment was made, read only after [`BY`] (`Paid in full`,
/// `Sent by hand`): `Paid advance` is an advance to deduct.
pub(super) const MEANS: &[&str] = &[
    "hand", "account", "wallet", "mobile", "card", "full", "advance",
];

/// Words that, among the two before a "paid" phrase, say it was not (yet)
/// paid: `not paid by cheque`, `to be paid in cash`, `hasn't been sent via
/// bKash`. Before a "do not pay" phrase only the word just before counts,
/// and only a plain negation (`not on hold`).
pub(super) const NEGATIONS: &[&str] = &[
    "not", "never", "isnt", "wasnt", "arent", "werent", "hasnt", "havent", "hadnt", "didnt",
    "doesnt", "wont",
];
pub(super) const FUTURES: &[&str] = &["be", "yet", "no"];

/// Month names, for a date after a verb (`Paid 28-Oct`, `Sent Nov 3`).
pub(super) const MONTHS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
];

/// A piece of every value and phrase read in a note, a name or a
/// reference (`pay` of `do not pay`, `hold` of `on hold`): a cell holding
/// none of them, in any letter case, holds none of them and is passed
/// without being folded. Most remarks and every name are such. No anchor
/// holds a Bengali letter written two ways (`য়`, `ো`), so the raw text
/// finds it either way.
pub(super) const NOTE_ANCHORS: &[&str] = &[
    "pay",
    "paid",
    "disburse",
    "cancel",
    "hold",
    "held",
    "stop",
    "skip",
    "exclud",
    "void",
    "remov",
    "delet",
    "reject",
    "declin",
    "approv",
    "duplicat",
    "double",
    "suspend",
    "block",
    "send",
    "sent",
    "releas",
    "transfer",
    "remit",
    "settl",
    "credit",
    "process",
    "defer",
    "postpon",
    "forward",
    "carried",
    "cash",
    "already",
    "given",
    "done",
    "complete",
    "success",
    "বাতিল",
    "স্থগিত",
    "ল্ড",
    "বাদ",
    "বন্ধ",
    "বে না",
    "বেন না",
    "পরিশ",
    "প্রদ",
    "দেও",
    "েছে",
    "পাঠা",
    "পরে",
    "পেমেন্ট",
    "সম্পন্ন",
    "handed",
    "cancl",
    "বেনা",
    "বেননা",
    "next",
    "later",
    "carry",
    "ক্যান্স",
    "ক্যানস",
    "পেইড",
    "হইছে",
    "গেছে",
];

/// Channels and transactions that, followed by a word of a payment made,
/// say it was (`bKash sent`, `Nagad done`, `Cash paid`, `Trx done`), in a
/// cell of any kind: not `check`, as in `KYC check done`.
pub(super) const CHANNELS_DONE: &[&str] = &[
    "cash", "cheque", "chq", "bank", "bkash", "nagad", "rocket", "upay", "mfs", "eft", "beftn",
    "npsb", "rtgs", "trx", "txn", "trxid", "txnid",
];

/// What follows one of [`CHANNELS_DONE`] to say a payment was made.
pub(super) const DONE_AFTER: &[&str] = &[
    "sent",
    "done",
    "paid",
    "given",
    "disbursed",
    "transferred",
    "credited",
    "complete",
    "completed",
    "success",
    "successful",
];

/// A plan to pay in a month to come, leading a status, a part of a name or
/// a title, and followed by a month or `next` (`pay in Dec`, `Pay from
/// next month`): not now. `Pay in full` and `Pay by bKash` say nothing.
pub(super) const PAY_WHEN: &[&str] = &[
    "pay in",
    "pay on",
    "pay from",
    "pay after",
    "pay till",
    "pay until",
    "to pay in",
    "to pay on",
    "to pay from",
    "to pay after",
    "will pay in",
    "will pay on",
    "will pay from",
];
