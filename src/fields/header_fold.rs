//! How a header is folded before it is matched against the names payrun
//! reads: case, punctuation and the two ways a keyboard types some Bengali
//! letters. Apart from [`super`]'s field names, which it keeps in step
//! (every name is written as it folds).

use std::borrow::Cow;

/// Case and punctuation fold: `Amount (BDT)` -> `amountbdt`; Bengali in
/// one Unicode form ([`bengali_one_form`]).
pub(crate) fn fold(s: &str) -> String {
    bengali_one_form(s)
        .chars()
        .filter(|c| c.is_alphanumeric() || is_bengali_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Bengali text in the one form payrun's word lists are written in (NFC's):
/// keyboards and office suites type `য়`, `ড়`, `ঢ়` either as one letter
/// (U+09DF, U+09DC, U+09DD) or as the letter and a nukta, and `ো`, `ৌ`
/// either as one vowel sign or as its two halves. Both look the same to the
/// person who typed the header, so both must read the same: `প্রদেয়` is one
/// word however its `য়` was typed. The nukta letters are split, the two
/// halves joined; any other text is kept as it is.
/// Text with none of those letters (all ASCII, nearly every cell) is
/// returned as it is, without a copy: provider names, totals labels and a
/// cell's words are folded through this on every row ([`fold`],
/// `validate::pay_reading::folded`).
pub(crate) fn bengali_one_form(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| matches!(c, '\u{09C7}' | '\u{09DC}' | '\u{09DD}' | '\u{09DF}'))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{09DC}' => out.push_str("\u{09A1}\u{09BC}"),
            '\u{09DD}' => out.push_str("\u{09A2}\u{09BC}"),
            '\u{09DF}' => out.push_str("\u{09AF}\u{09BC}"),
            '\u{09C7}' => match chars.peek() {
                Some('\u{09BE}') => {
                    chars.next();
                    out.push('\u{09CB}');
                }
                Some('\u{09D7}') => {
                    chars.next();
                    out.push('\u{09CC}');
                }
                _ => out.push(c),
            },
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `Net Pay (Tk)` is `Net Pay` in taka: a folded header without its
/// trailing currency word or sign (`Amount (৳)`), when it has one and
/// something is left. Sheets and statements name their money columns alike.
pub(crate) fn strip_currency(folded: &str) -> Option<&str> {
    ["bdt", "tk", "taka", "টাকা", "৳"]
        .iter()
        .find_map(|c| folded.strip_suffix(c))
        .filter(|rest| !rest.is_empty())
}

/// Bengali vowel signs and the virama are not alphanumeric in Unicode's
/// sense, but they are part of the word.
fn is_bengali_mark(c: char) -> bool {
    ('\u{0980}'..='\u{09FF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::super::Field;
    use super::*;

    #[test]
    fn bengali_typed_either_way_folds_alike() {
        let one = "\u{09AA}\u{09CD}\u{09B0}\u{09A6}\u{09C7}\u{09AF}\u{09BC}";
        let other = "\u{09AA}\u{09CD}\u{09B0}\u{09A6}\u{09C7}\u{09DF}";
        assert_eq!(fold(one), fold(other));
        assert_eq!(
            fold("\u{09AE}\u{09C7}\u{09BE}\u{099F}"),
            "\u{09AE}\u{09CB}\u{099F}"
        );
        assert_eq!(fold("Amount (৳)"), "amount৳");
        assert_eq!(fold("Net Pay (BDT) #2"), "netpaybdt2");
        assert_eq!(strip_currency("amount৳"), Some("amount"));
    }

    /// One header never names two fields: each name is in one field's
    /// lists only, so `Field::named` and header detection agree.
    #[test]
    fn no_header_name_belongs_to_two_fields() {
        let mut seen: Vec<(&str, Field)> = Vec::new();
        for f in Field::ALL {
            for name in f.aliases().iter().chain(f.fallback_aliases()) {
                let other = seen.iter().find(|(n, g)| n == name && *g != f);
                assert!(other.is_none(), "{name:?}: {f} and {other:?}");
                seen.push((name, f));
            }
        }
    }

    /// The names Bengali finance sheets use for each field.
    #[test]
    fn bengali_names_are_read_for_each_field() {
        for (header, field) in [
            ("কর্মী আইডি", Field::Reference),
            ("নাম", Field::Name),
            ("কর্মীর নাম", Field::Name),
            ("মোবাইল নম্বর", Field::Wallet),
            ("ওয়ালেট নম্বর", Field::Wallet),
            ("বিকাশ নম্বর", Field::Wallet),
            ("নগদ নম্বর", Field::Wallet),
            ("রকেট নম্বর", Field::Wallet),
            ("একাউন্ট নম্বর", Field::Wallet),
            ("টাকা", Field::Amount),
            ("পরিমাণ", Field::Amount),
            ("টাকার পরিমাণ", Field::Amount),
            ("মাধ্যম", Field::Provider),
            // probe14: the wallet column as payrolls head it.
            ("মোবাইল ওয়ালেট নম্বর", Field::Wallet),
            ("মোবাইল ওয়ালেট নং", Field::Wallet),
            ("মোবাইল ওয়ালেট", Field::Wallet),
            ("ওয়ালেট নাম্বার", Field::Wallet),
            ("মোবাইল ব্যাংকিং নম্বর", Field::Wallet),
            ("মোবাইল ব্যাংকিং হিসাব নম্বর", Field::Wallet),
            ("এমএফএস নম্বর", Field::Wallet),
            ("মোবাইল হিসাব নম্বর", Field::Wallet),
            ("MFS A/C No.", Field::Wallet),
            ("MFS Wallet No.", Field::Wallet),
            ("Mobile Banking No.", Field::Wallet),
            ("Mobile Banking Number", Field::Wallet),
            ("Mobile Account No.", Field::Wallet),
        ] {
            assert_eq!(Field::named(&fold(header)), Some(field), "{header}");
        }
        // `প্রদানকারী` is the payer (who disburses), and a bare `আইডি` stands
        // beside `কর্মী আইডি` as a row number: neither names a field
        // (probe13: both refused ordinary sheets).
        for header in ["প্রদানকারী", "আইডি"] {
            assert_eq!(Field::named(&fold(header)), None, "{header}");
        }
    }

    #[test]
    fn every_header_name_is_written_as_it_folds() {
        for f in Field::ALL {
            for name in f.aliases().iter().chain(f.fallback_aliases()) {
                assert_eq!(fold(name), *name, "{f}: {name:?}");
            }
        }
    }
}
