//! What a status or a paid column holds for a row to pay: a value payrun
//! knows as payable. Any other value refuses its row there
//! ([`super::pay_reading::Says::Unknown`]): the lists of what refuses
//! (`super::pay_words`) can never hold every spelling a clerk writes
//! (`Cancelld`, `Nagad done`, `হোল্ডে আছে`), and a spelling they lack must
//! not pay silently. A note or a name is free text and is not read so.

use super::pay_reading::{NO, NOT_YET, YES, YES_MARKS, leads};
use super::pay_words::{DONE, NOT_NOW, PAID, STOP};
use crate::intake::InstructionKind;

/// The payable values a refusal names, for the person to write one.
pub(super) const PAYABLE_SHOWN: &str = "Active, Approved, OK, Pay, Due, Unpaid";

/// What a status or paid column holds for a row to pay, as the whole cell
/// or leading it (`Approved by CFO`, `Active (joined Oct)`; `Pending` is
/// "to be paid" as a status, `Pending approval` is not now): an employee's
/// state (`Active`, `Probation`, `Contractual`), an approval (`Approved`,
/// `OK`, `Verified`) or money owed (`Due`, `Unpaid`). Any other value there
/// refuses its row as one payrun does not know: the lists of what refuses
/// are never complete (`Cancelld`, `Nagad done`), this one may be.
pub(super) const PAYABLE: &[&str] = &[
    "active",
    "ok",
    "okay",
    "approved",
    "pay",
    "yes",
    "due",
    "unpaid",
    "not paid",
    "pending",
    "pending payment",
    "payment pending",
    "to pay",
    "to be paid",
    "payable",
    "ready",
    "ready to pay",
    "regular",
    "permanent",
    "probation",
    "probationary",
    "confirmed",
    "contractual",
    "contract",
    "new",
    "new joiner",
    "joined",
    "current",
    "valid",
    "verified",
    "eligible",
    "include",
    "included",
    "release",
    "continue",
    "continuing",
    "running",
    "working",
    "in service",
    "employed",
    "full time",
    "part time",
    "casual",
    "intern",
    "trainee",
    "temporary",
    "on leave",
    "maternity leave",
    "increment",
    "promoted",
    "promotion",
    "কর্মরত",
    "carried forward from",
    "carry forward from",
    "arrear",
    "arrears",
    "সক্রিয়",
    "অনুমোদিত",
    "চলমান",
    "বহাল",
    "নিয়মিত",
    "স্থায়ী",
    "অস্থায়ী",
    "শিক্ষানবিশ",
    "হ্যাঁ",
    "নতুন",
    "বকেয়া",
    "প্রদেয়",
    "অপরিশোধিত",
    "পরিশোধ হয়নি",
    "দেওয়া হয়নি",
    "দিতে হবে",
    "ঠিক আছে",
];

/// Whether a status or paid cell (`raw`, trimmed; `f` folded) that says
/// nothing else is one payrun knows as payable: a dash or a dot, a
/// [`PAYABLE`] value alone or leading words that hold no value of another
/// list (`Approved by CFO`, not `Approved - pending KYC`), or in a paid
/// column a no (`No`, `Not paid`: no payment was made), or a yes.
pub(super) fn payable(kind: InstructionKind, raw: &str, f: &str) -> bool {
    let t = f.trim();
    // A yes in a status is a yes to paying; in a paid column it refused.
    let yes = YES.contains(&t) || YES_MARKS.iter().any(|m| raw.starts_with(m));
    // What a record of a payment holds when none was made (`No`, `N/A`).
    let no_payment = kind == InstructionKind::Paid && !super::records::recorded(raw, f);
    let said = |w: &str| {
        [STOP, PAID, DONE, NOT_NOW, NO, NOT_YET]
            .iter()
            .any(|list| list.contains(&w))
    };
    let known = PAYABLE
        .iter()
        .any(|v| leads(f, v) && !f[1 + v.len()..].split_whitespace().any(said));
    // A dash or a dot is a blank; `?` or `✗` is not.
    let blank = raw
        .chars()
        .all(|c| "-–—._*".contains(c) || c.is_whitespace());
    blank || yes || no_payment || known
}
