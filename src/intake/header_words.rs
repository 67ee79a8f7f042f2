//! Which headers *could* hold the amount, the wallet or the provider, beyond
//! the names payrun reads by itself.
//!
//! payrun reads a column by itself only under a name it knows (see
//! [`super::fields`]). But a sheet may hold a second column that could just
//! as well be the one meant: `Amount` and `Net Pay`, `Taka` and `Net
//! Payable`, `Amount` and `Bonus Amount`, `Mobile` and `bKash Number`. Which
//! one to pay is the user's call, so such a column is a *candidate*: with a
//! known column beside it, the sheet is refused and both are named. This
//! module says which headers are candidates, by their words.
//!
//! A header is a candidate for the amount when one of its words is a money
//! word (`Amount`, `Taka`, `Tk`, `BDT`, `Pay`, `Payable`, `Net`, `Gross`,
//! `Basic`, `Salary`, `Wages`, `Bonus`, `Advance`, `Allowance`, `Total`,
//! `টাকা`, `পরিমাণ`, `বেতন`...) and none of its words says it is something
//! else about the money: a date, a month, a count of days, a rate or a
//! percentage, the amount in words, a method, a number or an account, a
//! deduction, a fee. So `Amount in words`, `Pay Date`, `Salary Month`,
//! `Bonus %`, `Payment Method` and `bKash Charge` never compete with the
//! amount column. Nor does a header that asks whether to pay (`Pay?`, `Pay
//! (Y/N)`): it is an instruction ([`super::instruction_words`]). The wallet
//! and the provider are judged the same way with their own words.

use super::payee_words;
use crate::fields::{Field, bengali_one_form};

/// Lower-case words of a header: split at anything that is not a letter or
/// a digit (Bengali vowel signs count as letters), between letters and
/// digits (`Amount2`), and where a lower-case letter meets an upper-case one
/// after a word's second letter (`BonusAmount`, `walletNo`; not `bKash`).
/// `A/C` is one word, `ac`, as finance teams mean it.
pub(super) fn words(header: &str) -> Vec<String> {
    let text = ["a/c", "A/C", "A/c", "a/C"]
        .iter()
        .fold(bengali_one_form(header).into_owned(), |t, ac| {
            t.replace(ac, " ac ")
        });
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_digit = false;
    let mut prev_lower = false;
    for c in text.chars() {
        let letter = c.is_alphabetic() || ('\u{0980}'..='\u{09FF}').contains(&c);
        let digit = c.is_ascii_digit();
        let camel = prev_lower && c.is_ascii_uppercase() && cur.chars().count() >= 2;
        if !cur.is_empty() && (!(letter || digit) || digit != cur_digit || camel) {
            out.push(std::mem::take(&mut cur));
        }
        if letter || digit {
            cur.extend(c.to_lowercase());
            cur_digit = digit;
        }
        prev_lower = c.is_ascii_lowercase();
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Words that make a header a money column.
const MONEY_WORDS: &[&str] = &[
    "amount",
    "amounts",
    "amt",
    "taka",
    "tk",
    "bdt",
    "pay",
    "payable",
    "payment",
    "payout",
    "net",
    "gross",
    "basic",
    "salary",
    "salaries",
    "wage",
    "wages",
    "bonus",
    "bonuses",
    "advance",
    "advances",
    "allowance",
    "allowances",
    "total",
    "disbursement",
    "disbursed",
    "disburse",
    "overtime",
    "incentive",
    "incentives",
    "commission",
    "arrear",
    "arrears",
    "earning",
    "earnings",
    "remuneration",
    "honorarium",
    "stipend",
    "৳",
];

/// Bengali money words, matched as the start of a word (`টাকার` is `টাকা`).
const MONEY_STEMS_BN: &[&str] = &[
    "টাকা",
    "পরিমাণ",
    "বেতন",
    "প্রদেয়",
    "মোট",
    "বোনাস",
    "ভাতা",
    "অগ্রিম",
    "মজুরি",
    "নিট",
    "নেট",
    "পারিশ্রমিক",
    "সম্মানী",
    "পরিশোধ",
];

/// Words that say a money-sounding header is not the amount to pay.
const NOT_AMOUNT_WORDS: &[&str] = &[
    "words",
    "word",
    "inword",
    "inwords",
    "date",
    "day",
    "days",
    "month",
    "months",
    "year",
    "period",
    "hour",
    "hours",
    "hrs",
    "rate",
    "percent",
    "percentage",
    "pct",
    "grade",
    "scale",
    "method",
    "mode",
    "channel",
    "type",
    "status",
    "no",
    "number",
    "num",
    "id",
    "code",
    "ref",
    "reference",
    "account",
    "acct",
    "ac",
    "mobile",
    "phone",
    "wallet",
    "name",
    "remark",
    "remarks",
    "note",
    "notes",
    "comment",
    "comments",
    "description",
    "deduction",
    "deductions",
    "deduct",
    "tax",
    "vat",
    "fee",
    "fees",
    "charge",
    "charges",
    "cost",
    "sl",
    "serial",
    "count",
];

/// Bengali words (as word starts) that say the same: in words, date, month,
/// day, rate, number, name, remark, deduction.
const NOT_AMOUNT_STEMS_BN: &[&str] = &[
    "কথায়",
    "তারিখ",
    "মাস",
    "দিন",
    "হার",
    "নম্বর",
    "নং",
    "নাম",
    "মন্তব্য",
    "কর্তন",
];

/// Words that make a header a wallet-number column.
const WALLET_WORDS: &[&str] = &[
    "wallet",
    "mobile",
    "phone",
    "cell",
    "cellphone",
    "msisdn",
    "account",
    "acct",
    "ac",
    "bkash",
    "nagad",
    "rocket",
    "dbbl",
];

const WALLET_STEMS_BN: &[&str] = &[
    "মোবাইল",
    "ফোন",
    "বিকাশ",
    "নগদ",
    "রকেট",
    "হিসাব",
    "একাউন্ট",
    "অ্যাকাউন্ট",
    "ওয়ালেট",
];

/// Words that say a wallet-sounding header is something else: the holder's
/// name, the kind of wallet (the provider), a contact number, money, a
/// payment made through it (`bKash TrxID`).
const NOT_WALLET_WORDS: &[&str] = &[
    "trx",
    "trxid",
    "txn",
    "txnid",
    "transaction",
    "ref",
    "reference",
    "name",
    "holder",
    "title",
    "type",
    "provider",
    "operator",
    "method",
    "mode",
    "channel",
    "status",
    "contact",
    "emergency",
    "guardian",
    "father",
    "mother",
    "nominee",
    "remark",
    "remarks",
    "note",
    "notes",
    "bill",
    "banking",
];

/// Words that make a header a provider column.
const PROVIDER_WORDS: &[&str] = &[
    "provider", "method", "channel", "mode", "mfs", "gateway", "waycode",
];

const PROVIDER_STEMS_BN: &[&str] = &["মাধ্যম"];

/// Words that say a provider-sounding header is a number or an amount.
const NOT_PROVIDER_WORDS: &[&str] = &[
    "no", "number", "num", "ac", "acct", "account", "id", "amount", "taka", "tk", "charge", "fee",
    "date", "status",
];

/// `bKash Number`, `Nagad A/C`, `Rocket Account No`, `Mobile (bKash)`,
/// `বিকাশ নম্বর`, `bkashno`: a provider's name and a word for a wallet
/// number, nothing that says it is something else. payrun reads such a
/// column as the wallet by itself, like the names in [`super::fields`], and
/// the header also says the provider (see
/// [`crate::wallet::providers_named_in`]). A bare `bKash` is not one: it
/// may hold amounts or yes/no.
pub(super) fn names_a_provider_wallet(header: &str, folded: &str) -> bool {
    const BRANDS: [&str; 7] = ["bkash", "nagad", "rocket", "dbbl", "বিকাশ", "নগদ", "রকেট"];
    const NUMBER_WORDS: [&str; 17] = [
        "no",
        "number",
        "num",
        "ac",
        "acno",
        "account",
        "accountno",
        "accountnumber",
        "wallet",
        "walletno",
        "walletnumber",
        "mobile",
        "mobileno",
        "নম্বর",
        "নং",
        "নাম্বার",
        "একাউন্ট",
    ];
    // Run together: `bkashno`, `nagadaccountnumber`.
    let compound = BRANDS.iter().any(|b| {
        folded
            .strip_prefix(b)
            .map(|rest| rest.strip_prefix("personal").unwrap_or(rest))
            .is_some_and(|rest| NUMBER_WORDS.contains(&rest))
    });
    let w = words(header);
    let named = w.iter().any(|x| BRANDS.iter().any(|b| x.starts_with(b)));
    let number = w
        .iter()
        .any(|x| NUMBER_WORDS.contains(&x.as_str()) || x == "phone");
    compound || (named && number && could_be(Field::Wallet, header))
}

fn has(words: &[String], list: &[&str], stems_bn: &[&str]) -> bool {
    words
        .iter()
        .any(|w| list.contains(&w.as_str()) || stems_bn.iter().any(|s| w.starts_with(s)))
}

/// Whether a column headed `header` could hold `field`, by its words. Only
/// the amount, the wallet and the provider are judged by words; the other
/// fields only by the names in [`super::fields`].
pub(super) fn could_be(field: Field, header: &str) -> bool {
    if header.trim().is_empty() {
        return false;
    }
    let w = words(header);
    match field {
        Field::Amount => {
            !header.contains('%')
                && !super::instruction_words::asks(header)
                && !payee_words::names_payee_number(header)
                && !payee_words::names_bank(header)
                && (payee_words::names_net_pay(header)
                    || (has(&w, MONEY_WORDS, MONEY_STEMS_BN)
                        && !has(&w, NOT_AMOUNT_WORDS, NOT_AMOUNT_STEMS_BN)))
        }
        Field::Wallet => {
            payee_words::names_payee_number(header)
                || (has(&w, WALLET_WORDS, WALLET_STEMS_BN)
                    && !has(&w, NOT_WALLET_WORDS, &["নাম"])
                    && !has(&w, MONEY_WORDS, MONEY_STEMS_BN))
        }
        Field::Provider => {
            payee_words::names_provider_loosely(header)
                || (has(&w, PROVIDER_WORDS, PROVIDER_STEMS_BN)
                    && !has(&w, NOT_PROVIDER_WORDS, &["নম্বর"]))
        }
        Field::Name | Field::Reference | Field::Remark | Field::Repeat => false,
    }
}

#[cfg(test)]
#[path = "header_words_tests.rs"]
mod tests;
