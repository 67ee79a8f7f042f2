//! The words instruction headers are made of, one list per meaning: paid,
//! a payment made, a status, a stop, a question, a note, a record's date or
//! transaction, a gate; English and Bangla.
//!
//! Separate from the rules in [`super`] that combine them: a word a sheet
//! uses that payrun does not know is added here, and the rules stay as
//! they are.

pub(super) const PAID_WORDS: &[&str] = &["paid", "disbursed", "settled", "পরিশোধিত", "প্রদত্ত"];
/// Words of a payment made that name a record of it only when the header
/// says nothing else (`Sent`, `Transferred?`, `Already sent`, `Not sent`):
/// `Transferred From` is the payee's posting, `Sent Date` a record read
/// elsewhere.
pub(super) const DONE_WORDS: &[&str] = &["sent", "transferred", "remitted", "credited", "পাঠানো"];
pub(super) const DONE_FILLER: &[&str] = &["already", "not", "yet", "money", "হয়েছে"];
/// With a status word, a header about the payment records it: `Payment Status`.
pub(super) const PAYMENT_WORDS: &[&str] = &[
    "pay",
    "payment",
    "disbursement",
    "transfer",
    "পরিশোধ",
    "প্রদান",
    "পেমেন্ট",
];
pub(super) const STATUS_WORDS: &[&str] = &[
    "status",
    "state",
    "action",
    "decision",
    "অবস্থা",
    "স্থিতি",
    "স্ট্যাটাস",
];
/// Words that may qualify a status word when the status is still the
/// payment's (`Salary Status`, `bKash Status`, `Current Status`): any other
/// (`KYC Status`, `Loan Status`, `Employment Status`) makes the column a
/// note, where `Completed` or `Transferred` is about something else.
pub(super) const PAYMENT_STATUS_WORDS: &[&str] = &[
    "salary",
    "wage",
    "wages",
    "payroll",
    "payout",
    "remittance",
    "bkash",
    "nagad",
    "rocket",
    "upay",
    "mfs",
    "wallet",
    "current",
    "final",
    "overall",
    "row",
    "line",
    "this",
    "month",
    "of",
    "the",
    "for",
    "বেতন",
    "বিকাশ",
    "নগদ",
    "রকেট",
    "বর্তমান",
];
/// A header that instructs what to do with the row (`Payment Instruction`,
/// `Remark / Instruction`, `নির্দেশনা`): read as its state, whatever
/// qualifies it.
pub(super) const INSTRUCTION_WORDS: &[&str] = &["instruction", "instructions", "নির্দেশ"];
/// Bengali verbs of paying that ask only as a question: `দেওয়া হবে?`,
/// `দিবেন?`. (`দেওয়া` alone is no header of a payroll.)
pub(super) const ASKED_PAY_WORDS_BN: &[&str] = &[
    "দেও\u{9df}া",
    "দেওয\u{9bc}া",
    "দে\u{9df}া",
    "দেয\u{9bc}া",
    "দিবেন",
    "দেবেন",
];
pub(super) const STOP_WORDS: &[&str] = &[
    "hold",
    "held",
    "onhold",
    "withhold",
    "withheld",
    "cancel",
    "cancelled",
    "canceled",
    "cancellation",
    "skip",
    "stop",
    "stopped",
    "exclude",
    "excluded",
    "void",
    "block",
    "blocked",
    "suspend",
    "suspended",
    "dont",
    "বাতিল",
    "স্থগিত",
];
pub(super) const QUESTION_WORDS: &[&str] = &[
    "include",
    "included",
    "approve",
    "approved",
    "approval",
    "process",
    "proceed",
    "release",
    "অনুমোদন",
    "অনুমোদিত",
];
/// Words of a header that counts or measures (`Paid leave`, `Hold days`,
/// `Approved OT`): such a column says how much, never whether to pay.
pub(super) const COUNT_WORDS: &[&str] = &[
    "day",
    "days",
    "leave",
    "leaves",
    "hour",
    "hours",
    "hrs",
    "ot",
    "overtime",
    "qty",
    "quantity",
    "count",
    "tax",
    "ছুটি",
    "দিন",
    "ঘণ্টা",
];
/// Headers that are the question of paying and nothing else: `Pay`, `To pay`.
pub(super) const PAY_QUESTIONS: &[&[&str]] = &[&["pay"], &["to", "pay"], &["pay", "or", "not"]];
pub(super) const NOTE_WORDS: &[&str] = &[
    "remark",
    "remarks",
    "note",
    "notes",
    "comment",
    "comments",
    "memo",
    "reason",
    "মন্তব্য",
];

/// Words of a header that says a payment was made: `Paid On`, `Sent On`.
pub(super) const MADE_WORDS: &[&str] = &[
    "paid",
    "disbursed",
    "settled",
    "sent",
    "transferred",
    "remitted",
    "credited",
];
/// With [`MADE_WORDS`], when or by which transaction it was made.
pub(super) const WHEN_WORDS: &[&str] = &[
    "on",
    "date",
    "dated",
    "at",
    "time",
    "ref",
    "reference",
    "refno",
    "trx",
    "trxid",
    "txn",
    "txnid",
    "transaction",
];
/// A transaction id, which only a payment made has: `TrxID`, `Txn ID`.
pub(super) const TRX_WORDS: &[&str] = &["trx", "trxid", "txn", "txnid", "tranid", "trnx"];
/// With `transaction`, its id: `Transaction ID`, `Transaction No`.
pub(super) const ID_WORDS: &[&str] = &["id", "no", "number", "ref", "reference", "refno"];
/// With `payment`, its reference: `Payment Ref`. Not a number: `Payment No`
/// may count instalments.
pub(super) const REF_WORDS: &[&str] = &["id", "ref", "reference", "refno"];
/// With a word for paying or sending, a date that may be the plan or a
/// payment made: `Payment Date`, `Pay Date`.
pub(super) const DATE_WORDS: &[&str] = &["date", "dated", "on", "তারিখ"];
/// Words that ask whether to send a row this run (`Send?`, `Eligible`,
/// `Confirmed`), which say nothing of paying by themselves, so they count
/// only in a short header about them: `Send amount`, `Active since`,
/// `Eligible amount` are something else.
pub(super) const GATE_WORDS: &[&str] = &["send", "eligible", "eligibility", "confirmed"];
/// Like [`GATE_WORDS`], but only as a question: `Active?`, `Ok?`. A bare
/// `Active` is the employee's state, `Okay` anything.
pub(super) const ASKED_GATE_WORDS: &[&str] = &["active", "ok", "okay"];
/// Words that may stand beside a gate word: `Eligible for payment`.
pub(super) const GATE_FILLER: &[&str] = &[
    "for", "to", "pay", "payment", "now", "this", "month", "run", "y", "n", "yes", "no", "yn",
];
/// Phrases that ask whether to pay and can hold no amount: `OK to pay`.
pub(super) const OK_PHRASES: &[&[&str]] = &[&["ok", "to", "pay"], &["okay", "to", "pay"]];
