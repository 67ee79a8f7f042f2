//! The fields payrun reads from a sheet, their header aliases, and
//! `--map field="Header"` overrides. A leaf: `payrun.toml`'s `[columns]`
//! (config) and the sheet reader (intake) both speak of fields.

use std::fmt;
use std::marker::PhantomData;

// Header folding: case, punctuation, Bengali typed either way.
mod header_fold;
pub(crate) use header_fold::{bengali_one_form, fold, strip_currency};
// `--map FIELD=HEADER`, for a sheet's fields and a statement's.
mod map;
pub use map::ColumnOverride;
pub(crate) use map::parse_map;

/// A column payrun reads from the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Wallet,
    Amount,
    Provider,
    Name,
    Reference,
    Remark,
    /// A yes/no column that marks a repeated wallet as intended.
    Repeat,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Wallet,
        Field::Amount,
        Field::Provider,
        Field::Name,
        Field::Reference,
        Field::Remark,
        Field::Repeat,
    ];

    /// The name used by `--map` and in messages.
    pub const fn key(self) -> &'static str {
        match self {
            Field::Wallet => "wallet",
            Field::Amount => "amount",
            Field::Provider => "provider",
            Field::Name => "name",
            Field::Reference => "reference",
            Field::Remark => "remark",
            Field::Repeat => "repeat",
        }
    }

    /// Without these a row cannot be paid at all.
    pub const fn required(self) -> bool {
        matches!(self, Field::Wallet | Field::Amount | Field::Provider)
    }

    /// Header spellings, already folded (lower case, letters and digits only).
    pub(crate) fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Wallet => &[
                "wallet",
                "walletid",
                "walletno",
                "walletnumber",
                "walletaccount",
                "mobile",
                "mobileno",
                "mobilenumber",
                "accountno",
                "accountnumber",
                "account",
                "phone",
                "phoneno",
                "phonenumber",
                "msisdn",
                "মোবাইল",
                "মোবাইলনম্বর",
            ],
            Field::Amount => &[
                "amount",
                "amountbdt",
                "amounttk",
                "amounttaka",
                "taka",
                "tk",
                "bdt",
                "টাকা",
                "পরিমাণ",
            ],
            Field::Provider => &[
                "waycode",
                "provider",
                "method",
                "channel",
                "paymentmethod",
                "paymentchannel",
                "mfs",
                "walletprovider",
                "wallettype",
            ],
            Field::Name => &[
                "name",
                "fullname",
                "employeename",
                "employee",
                "payee",
                "payeename",
                "beneficiary",
                "নাম",
            ],
            Field::Reference => &[
                "reference",
                "ref",
                "refno",
                "referenceno",
                "referencenumber",
                "employeeid",
                "empid",
                "employeeno",
                "staffid",
                "id",
                "invoice",
                "invoiceno",
                "কর্মীআইডি",
                "কর্মচারীআইডি",
                "আইডিনম্বর",
                "আইডিনং",
            ],
            Field::Remark => &[
                "remark",
                "remarks",
                "note",
                "notes",
                "memo",
                "comment",
                "description",
            ],
            Field::Repeat => &[
                "repeat",
                "allowrepeat",
                "repeatok",
                "intendedrepeat",
                "repeatintended",
            ],
        }
    }

    /// The field a folded header names ([`fold`]), by every name payrun
    /// reads a column by, first choice or fallback: for telling a header
    /// row from a payee row wherever one stands (a header repeated, or in
    /// another language or order, below the first).
    pub(crate) fn named(folded: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.aliases().contains(&folded) || f.fallback_aliases().contains(&folded))
    }

    /// Header spellings tried only when no column has one of [`Field::aliases`]:
    /// finance teams' own words for the column (`Payable Amount`, `Net Pay`,
    /// `A/C`, `মাধ্যম`). Being second means a sheet that already names its
    /// column plainly is read exactly as before, even if it also has a
    /// `Salary` column; two fallback hits are still refused as ambiguous.
    pub(crate) fn fallback_aliases(self) -> &'static [&'static str] {
        match self {
            Field::Wallet => &[
                "ac",
                "acno",
                "acnumber",
                "accno",
                "acctno",
                "walletac",
                "walletacno",
                "mfsno",
                "mfsnumber",
                "mfsaccount",
                "mfsaccountno",
                "mfsaccountnumber",
                "mobilewallet",
                "mobilewalletno",
                "mobilewalletnumber",
                "bkashno",
                "bkashnumber",
                "bkashaccount",
                "nagadno",
                "nagadnumber",
                "rocketno",
                "rocketnumber",
                "mfsacno",
                "mfswalletno",
                "mfswalletnumber",
                "mobilebankingno",
                "mobilebankingnumber",
                "mobilebankingacno",
                "mobilebankingaccountno",
                "mobilebankingaccountnumber",
                "mobileaccountno",
                "mobileaccountnumber",
                "মোবাইলনং",
                "মোবাইলনাম্বার",
                "ওয়ালেটনম্বর",
                "ওয়ালেটনাম্বার",
                "মোবাইলওয়ালেট",
                "মোবাইলওয়ালেটনম্বর",
                "মোবাইলওয়ালেটনং",
                "মোবাইলওয়ালেটনাম্বার",
                "মোবাইলব্যাংকিংনম্বর",
                "মোবাইলব্যাংকিংনং",
                "মোবাইলব্যাংকিংনাম্বার",
                "মোবাইলব্যাংকিংহিসাবনম্বর",
                "মোবাইলব্যাংকিংহিসাবনং",
                "মোবাইলহিসাবনম্বর",
                "মোবাইলহিসাবনং",
                "এমএফএসনম্বর",
                "এমএফএসনং",
                "হিসাবনম্বর",
                "একাউন্টনম্বর",
                "একাউন্টনং",
                "অ্যাকাউন্টনম্বর",
                "ওয়ালেটনং",
                "বিকাশনম্বর",
                "বিকাশনং",
                "বিকাশনাম্বার",
                "বিকাশএকাউন্ট",
                "নগদনম্বর",
                "নগদনং",
                "নগদনাম্বার",
                "রকেটনম্বর",
                "রকেটনং",
                "রকেটনাম্বার",
            ],
            Field::Amount => &[
                "payableamount",
                "amountpayable",
                "payable",
                "netpayable",
                "netpay",
                "netamount",
                "netsalary",
                "salary",
                "paymentamount",
                "payamount",
                "disbursementamount",
                "disburseamount",
                "amountinbdt",
                "amountintaka",
                "amountintk",
                "টাকারপরিমাণ",
                "বেতন",
                "প্রদেয়",
                "প্রদেয়টাকা",
                "নিটবেতন",
                "নেটবেতন",
                "নিটপ্রদেয়",
                "নেটপ্রদেয়",
                "পরিশোধযোগ্য",
                "পরিশোধযোগ্যটাকা",
                "পরিশোধযোগ্যপরিমাণ",
            ],
            Field::Provider => &[
                "mfsprovider",
                "mfsname",
                "mfstype",
                "walletname",
                "paymentmode",
                "paymode",
                "modeofpayment",
                "মাধ্যম",
                "পেমেন্টমাধ্যম",
                "প্রদানেরমাধ্যম",
                "ওয়ালেটেরধরন",
            ],
            Field::Name => &[
                "staffname",
                "nameofemployee",
                "কর্মচারীরনাম",
                "কর্মীরনাম",
                "প্রাপকেরনাম",
            ],
            // A serial number (`SL`) is never a reference: it changes when the
            // sheet is re-sorted, and the reference is a payout's identity.
            Field::Reference | Field::Remark | Field::Repeat => &[],
        }
    }

    /// Reads a `--map` field name.
    pub fn from_key(key: &str) -> Option<Field> {
        let k = fold(key);
        Field::ALL
            .into_iter()
            .find(|f| f.key() == k || f.aliases().contains(&k.as_str()))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.key())
    }
}

/// The fields of one kind of file: a payroll sheet's ([`Field`]) or a
/// provider statement's (`statement::SField`), so that one [`Columns`]
/// serves both.
pub trait FileField: Copy + PartialEq + 'static {
    /// Every field, each at its [`FileField::index`].
    fn all() -> &'static [Self];
    /// Where the field's column is kept in a [`Columns`].
    fn index(self) -> usize;
}

impl FileField for Field {
    fn all() -> &'static [Field] {
        &Field::ALL
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Which column (0-based) holds each of `N` fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns<F, const N: usize> {
    cols: [Option<usize>; N],
    of: PhantomData<F>,
}

/// Which column of a payroll sheet holds each field.
pub type ColumnMap = Columns<Field, { Field::ALL.len() }>;

impl<F, const N: usize> Default for Columns<F, N> {
    fn default() -> Self {
        Columns {
            cols: [None; N],
            of: PhantomData,
        }
    }
}

impl<F: FileField, const N: usize> Columns<F, N> {
    pub fn get(&self, field: F) -> Option<usize> {
        self.cols.get(field.index()).copied().flatten()
    }

    pub(crate) fn set(&mut self, field: F, col: usize) {
        if let Some(slot) = self.cols.get_mut(field.index()) {
            *slot = Some(col);
        }
    }

    pub(crate) fn clear(&mut self, field: F) {
        if let Some(slot) = self.cols.get_mut(field.index()) {
            *slot = None;
        }
    }

    /// The field a column was matched to, if any.
    pub fn field_of(&self, col: usize) -> Option<F> {
        F::all().iter().copied().find(|f| self.get(*f) == Some(col))
    }
}
