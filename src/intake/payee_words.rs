//! Header words that say where the money goes, what is paid after
//! deductions, what is deducted, and whose number a column is not: the
//! words behind "no silently chosen column" (probe2 findings 3, 4, 5, 9).
//!
//! These only ever make a column a *candidate* (see
//! [`super::header_words`]) or a reason to refuse: payrun still reads a
//! column by itself only under a name it knows. A word listed here can
//! refuse a correct sheet, never pay a wrong one.

use super::header_words::words;

/// Words for the person paid: `Receiver Number`, `Payee No`.
const PAYEE_WORDS: &[&str] = &[
    "receiver",
    "receivers",
    "recipient",
    "payee",
    "beneficiary",
    "payout",
    "payment",
    "personal",
    "disbursement",
];

/// Bengali word starts for the person paid: `প্রাপকের নম্বর`, `পেমেন্ট নম্বর`.
const PAYEE_STEMS_BN: &[&str] = &["প্রাপক", "গ্রাহক", "পেমেন্ট"];

/// Words that, before nothing but number words, say the number changed:
/// `New Number`, `Updated Mobile No` (not `New Employee No`).
const CHANGED_WORDS: &[&str] = &["new", "updated", "latest", "changed"];

/// Words for a number, when they follow a payee word.
const NUMBER_WORDS: &[&str] = &[
    "no", "number", "num", "nr", "ac", "account", "wallet", "mobile",
];

/// Verbs that, before `to`, name the wallet: `Send Money To`, `Disburse To`.
/// Not `Pay To` or `Paid To`: those often hold the payee's name.
const SEND_WORDS: &[&str] = &[
    "send",
    "sent",
    "transfer",
    "transferred",
    "disburse",
    "disbursed",
    "money",
];

/// Whether `header` names the number the money is sent to: a payee word
/// with a number word (`Receiver Number`, `Payment No`, `Beneficiary No`,
/// `প্রাপকের নম্বর`), or a sending verb followed by `to` (`Send Money To`,
/// `Transfer To`, `Disburse To`). Such a header competes for the wallet and
/// never for the amount.
pub(super) fn names_payee_number(header: &str) -> bool {
    let w = words(header);
    let payee = any_word(&w, PAYEE_WORDS, PAYEE_STEMS_BN);
    let number = w
        .iter()
        .any(|x| NUMBER_WORDS.contains(&x.as_str()) || x.starts_with("নম্বর") || x == "নং");
    let sent_to = w
        .windows(2)
        .any(|p| matches!(p, [a, b] if SEND_WORDS.contains(&a.as_str()) && b == "to"));
    let other = w.iter().any(|x| {
        matches!(
            x.as_str(),
            "name" | "date" | "method" | "mode" | "type" | "status" | "id" | "ref" | "amount"
        )
    });
    let changed = w
        .first()
        .is_some_and(|x| CHANGED_WORDS.contains(&x.as_str()))
        && w.len() > 1
        && w.iter().skip(1).all(|x| NUMBER_WORDS.contains(&x.as_str()));
    ((payee && number) || sent_to || changed) && !other
}

/// Phrases (as word runs) for the amount left after deductions.
const NET_PHRASES: &[&[&str]] = &[
    &["take", "home"],
    &["takehome"],
    &["net"],
    &["in", "hand"],
    &["inhand"],
    &["payable"],
    &["after"],
    &["final"],
    &["receivable"],
    &["revised"],
    &["corrected"],
    &["adjusted"],
    &["transfer", "amount"],
    &["to", "transfer"],
    &["remit"],
    &["remittance"],
];

/// Bengali word starts for the same: `হাতে পাবে`, `প্রাপ্য`, `নিট`.
const NET_STEMS_BN: &[&str] = &["হাতে", "প্রাপ্য", "নিট", "নেট", "চূড়ান্ত", "পাবে"];

/// Words that say a net-sounding header is not an amount at all.
const NOT_NET_WORDS: &[&str] = &[
    "date", "day", "days", "month", "status", "no", "number", "id", "name", "remark", "remarks",
    "note", "notes", "words", "word", "inwords", "method", "mode", "type", "mobile", "wallet",
    "phone", "cell", "account", "ac", "acct", "msisdn", "bkash", "nagad", "rocket", "rate",
    "percent",
];

/// Whether `header` names the amount paid after deductions (`Take Home`,
/// `Cash in hand`, `হাতে পাবে`, `Payable after tax`, `Final`, `Revised`):
/// an amount candidate even when it carries a deduction word.
pub(super) fn names_net_pay(header: &str) -> bool {
    if header.contains('%') {
        return false;
    }
    let w = words(header);
    let phrase = NET_PHRASES.iter().any(|p| {
        w.windows(p.len())
            .any(|run| run.iter().zip(p.iter()).all(|(a, b)| a == b))
    });
    let bn = w
        .iter()
        .any(|x| NET_STEMS_BN.iter().any(|s| x.starts_with(s)));
    (phrase || bn) && !w.iter().any(|x| NOT_NET_WORDS.contains(&x.as_str()))
}

/// Words for money taken off the pay.
const DEDUCTION_WORDS: &[&str] = &[
    "deduction",
    "deductions",
    "deduct",
    "deducted",
    "less",
    "tax",
    "tds",
    "fine",
    "fines",
    "penalty",
    "recovery",
    "loan",
    "emi",
    "installment",
    "instalment",
    "pf",
    "provident",
];

/// Words that say a deduction-sounding header is about something else:
/// `Tax ID`, `Fine Date`, `Tax %`.
const NOT_DEDUCTION_WORDS: &[&str] = &[
    "id", "no", "number", "num", "code", "date", "month", "year", "status", "name", "rate",
    "percent", "pct", "circle", "zone", "remark", "remarks", "note", "notes",
];

/// Whether `header` is a deduction column (`Advance Deduction`, `Tax`,
/// `Less`, `Fine`, `Loan Installment`, `PF`, `কর্তন`) and not the amount
/// after it.
pub(super) fn names_deduction(header: &str) -> bool {
    let w = words(header);
    let deduction = w
        .iter()
        .any(|x| DEDUCTION_WORDS.contains(&x.as_str()) || x.starts_with("কর্তন") || x == "কর");
    let other = header.contains('%') || w.iter().any(|x| NOT_DEDUCTION_WORDS.contains(&x.as_str()));
    deduction && !other && !names_net_pay(header)
}

/// Whether the amount column's header says the pay before deductions
/// (`Salary`, `Gross`, `Basic`, `Wages`, `বেতন`): beside a deduction
/// column, finance must say whether it is what to pay.
pub(super) fn looks_gross(header: &str) -> bool {
    let w = words(header);
    let gross = w.iter().any(|x| {
        matches!(
            x.as_str(),
            "salary" | "salaries" | "gross" | "basic" | "wage" | "wages" | "earning" | "earnings"
        ) || x.starts_with("বেতন")
            || x.starts_with("মজুরি")
    });
    gross && !names_net_pay(header)
}

/// Words for what is left to pay that are just as often the amount itself
/// (`Due` in a sheet with no other amount): a rival only to a gross amount
/// (see [`super::column_values`]), and only over cells of money.
const MAYBE_NET_WORDS: &[&str] = &["balance", "due", "dues", "transfer", "remaining"];

const MAYBE_NET_STEMS_BN: &[&str] = &["পাওনা", "বাকি"];

/// Words that say such a header is not the pay: days of leave, a loan
/// still owed, a date.
const NOT_MAYBE_NET_WORDS: &[&str] = &[
    "leave",
    "loan",
    "advance",
    "emi",
    "pf",
    "provident",
    "installment",
    "instalment",
    "credit",
    "card",
    "opening",
    "date",
    "day",
    "days",
    "status",
    "remark",
    "remarks",
    "note",
    "notes",
    "no",
    "number",
    "id",
    "name",
];

/// Whether `header` may be the amount left to pay (`Balance`, `Due`,
/// `Transfer`, `পাওনা`): beside a gross amount, finance must say which.
pub(super) fn may_be_net_pay(header: &str) -> bool {
    let w = words(header);
    any_word(&w, MAYBE_NET_WORDS, MAYBE_NET_STEMS_BN)
        && !w.iter().any(|x| NOT_MAYBE_NET_WORDS.contains(&x.as_str()))
        && !names_deduction(header)
}

/// Whether `header` names the payee's bank (`Bank`, `Bank Name`, `Salary
/// Bank`, `ব্যাংক`): never an amount, though `Salary` is a money word
/// (probe3 finding 1). `Bank Amount` is money, not a bank. Its cells
/// (`DBBL`, `BRAC Bank`) do not make it a provider column either: a bank's
/// name is not counted as a provider's (see [`super::column_values`]).
pub(super) fn names_bank(header: &str) -> bool {
    let w = words(header);
    w.iter()
        .any(|x| x == "bank" || x == "banks" || x.starts_with("ব্যাংক") || x.starts_with("ব্যাঙ্ক"))
        && !w.iter().any(|x| {
            matches!(
                x.as_str(),
                "mfs"
                    | "wallet"
                    | "mobile"
                    | "provider"
                    | "method"
                    | "mode"
                    | "channel"
                    | "via"
                    | "amount"
                    | "amt"
                    | "taka"
                    | "tk"
                    | "bdt"
            ) || x.starts_with("টাকা")
        })
}

/// Words for another person than the payee: `Guardian Phone`, `Emergency
/// Contact`, `পিতার মোবাইল`. Such a number is never the payee's wallet, so
/// a column of them beside the wallet column is not a rival.
const ANOTHER_PERSON: &[&str] = &[
    "emergency",
    "guardian",
    "father",
    "fathers",
    "mother",
    "mothers",
    "nominee",
    "spouse",
    "husband",
    "wife",
    "parent",
    "parents",
    "relative",
    "supervisor",
    "manager",
    "referee",
];

const ANOTHER_PERSON_BN: &[&str] = &["পিতা", "মাতা", "বাবা", "অভিভাবক", "জরুরি", "নমিনি", "স্বামী", "স্ত্রী"];

pub(super) fn names_another_person(header: &str) -> bool {
    any_word(&words(header), ANOTHER_PERSON, ANOTHER_PERSON_BN)
}

/// Whether any of a header's words `w` is one of `exact` (English, whole
/// words) or begins with one of `stems` (Bengali, whose words take
/// endings: `প্রাপকের` for `প্রাপক`).
fn any_word(w: &[String], exact: &[&str], stems: &[&str]) -> bool {
    w.iter()
        .any(|x| exact.contains(&x.as_str()) || stems.iter().any(|s| x.starts_with(s)))
}

/// Words that say a `Cash` header is a cost of the payment or a note, not
/// a sum paid: `Cash Out Charge`, `Cash Fee`, `Cash Paid?`.
const NOT_CASH_WORDS: &[&str] = &[
    "charge", "charges", "fee", "fees", "cost", "date", "status", "no", "number", "id", "remark",
    "remarks", "note", "notes",
];

/// Whether `header` says cash (`Cash`, `In Cash`, `Cash Portion`, `নগদ`):
/// a payment method as often as the sum paid in cash, so such a column is
/// an amount only by its cells (see [`super::column_values`]).
pub(super) fn names_cash(header: &str) -> bool {
    let w = words(header);
    w.iter().any(|x| x == "cash" || x.starts_with("নগদ"))
        && !w.iter().any(|x| NOT_CASH_WORDS.contains(&x.as_str()))
}

/// Words for a number that is no phone: `NID`, `Passport No`, `Bank A/C`.
const NOT_A_PHONE: &[&str] = &[
    "nid", "national", "passport", "tin", "birth", "bank", "routing", "iban", "swift", "card",
    "bin", "serial",
];

/// Whether `header` names a number that is no wallet (`NID`, `Bank A/C`),
/// so a column filled after the rows header detection reads is not
/// compared with the wallet for it: ten digits of an ID may read as a
/// phone that lost its leading zero.
pub(super) fn names_no_phone(header: &str) -> bool {
    words(header)
        .iter()
        .any(|x| NOT_A_PHONE.contains(&x.as_str()))
}

/// Words that make a header a provider candidate beyond
/// [`super::header_words`]'s: `Via`, `Medium`, `Service`, `Operator`,
/// `Account Type`, `Payment Type`. Only a rival to a provider column under a
/// known name; a column is read as the provider by its cells (see
/// [`super::column_values`]).
pub(super) fn names_provider_loosely(header: &str) -> bool {
    let w = words(header);
    let has = |x: &str| w.iter().any(|y| y == x);
    let bare = ["via", "medium", "gateway"].iter().any(|x| has(x));
    let typed = has("type")
        && ["account", "wallet", "payment", "mfs", "ac"]
            .iter()
            .any(|x| has(x));
    (bare || typed)
        && ![
            "no", "number", "num", "id", "amount", "date", "charge", "fee",
        ]
        .iter()
        .any(|x| has(x))
}

#[cfg(test)]
#[path = "payee_words_tests.rs"]
pub(super) mod tests;
