//! The words that say a row was paid already, and the parts of a note
//! that says when, how or through what it was paid (or will be): the
//! second half of [`super`]'s lists, written folded like the first.

/// A value that says the row was paid already, wherever a [`super::STOP`] value
/// is read.
pub(in crate::validate) const PAID: &[&str] = &[
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
pub(in crate::validate) const DONE: &[&str] = &[
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
pub(in crate::validate) const PAID_PHRASES: &[&str] = &[
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
pub(in crate::validate) const PAID_VERBS: &[&str] = &[
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
pub(in crate::validate) const DATED_VERBS: &[&str] = &[
    "paid",
    "sent",
    "disbursed",
    "remitted",
    "settled",
    "credited",
];

/// The word between a verb and its means: `by`, `via`.
pub(in crate::validate) const BY: &[&str] =
    &["by", "via", "through", "thru", "in", "with", "using"];

/// The channels a payment goes by, read right after a verb too (`Paid
/// cash`, `Disbursed (bKash)`) or after [`BY`].
pub(in crate::validate) const CHANNELS: &[&str] = &[
    "cash", "cheque", "check", "chq", "bank", "bkash", "nagad", "rocket", "upay", "tap", "mfs",
    "eft", "beftn", "npsb", "rtgs",
];

/// How else a payment was made, read only after [`BY`] (`Paid in full`,
/// `Sent by hand`): `Paid advance` is an advance to deduct.
pub(in crate::validate) const MEANS: &[&str] = &[
    "hand", "account", "wallet", "mobile", "card", "full", "advance",
];

/// Words that, among the two before a "paid" phrase, say it was not (yet)
/// paid: `not paid by cheque`, `to be paid in cash`, `hasn't been sent via
/// bKash`. Before a "do not pay" phrase only the word just before counts,
/// and only a plain negation (`not on hold`).
pub(in crate::validate) const NEGATIONS: &[&str] = &[
    "not", "never", "isnt", "wasnt", "arent", "werent", "hasnt", "havent", "hadnt", "didnt",
    "doesnt", "wont",
];
pub(in crate::validate) const FUTURES: &[&str] = &["be", "yet", "no"];

/// Month names, for a date after a verb (`Paid 28-Oct`, `Sent Nov 3`).
pub(in crate::validate) const MONTHS: &[&str] = &[
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
pub(in crate::validate) const NOTE_ANCHORS: &[&str] = &[
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
pub(in crate::validate) const CHANNELS_DONE: &[&str] = &[
    "cash", "cheque", "chq", "bank", "bkash", "nagad", "rocket", "upay", "mfs", "eft", "beftn",
    "npsb", "rtgs", "trx", "txn", "trxid", "txnid",
];

/// What follows one of [`CHANNELS_DONE`] to say a payment was made.
pub(in crate::validate) const DONE_AFTER: &[&str] = &[
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
pub(in crate::validate) const PAY_WHEN: &[&str] = &[
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
