//! Who an approver is, for counting approvers: one person is one approver
//! however many names or keys they sign with.
//!
//! A name is a person by its letters and digits ([`key`]). And the
//! allowed-signers file says which names are one person: a line lists a
//! key's principals (`rahim@laptop,rahim@finance`), and payrun names a
//! signer by the first of them. Two keys of Rahim, one listed as
//! `rahim@finance` and one as `rahim@laptop,rahim@finance`, counted as two
//! approvers, and a batch needing two people passed on his signatures
//! alone. So names listed on one line are one person, and so are lines
//! that share a name, through any chain of them ([`of_entry`]): the safe
//! side, as for names that only differ in spacing (another approver is
//! asked for).

use super::signers::{AllowedSigners, Entry};

/// Who a name is, for telling people apart: its letters and digits only,
/// transliterated to ASCII (deunicode) and lower-cased. `rahim  uddin`,
/// `Rahim\u{a0}Uddin`, `Rahim Uddin` with an invisible character, and
/// fullwidth `Ｒahim` all look like one name on screen, so they are one
/// person; two names that only differ in spacing, punctuation or accents
/// count as one approver (the safe side: another approver is asked for).
pub(crate) fn key(who: &str) -> String {
    let key: String = deunicode::deunicode(who)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match key.is_empty() {
        true => who.trim().to_lowercase(),
        false => key,
    }
}

/// The person of `entry`'s key, as one [`key`]: the least of the names
/// its line lists and every name of the lines linked to it by a shared
/// name (plain-key lines only; `cert-authority` ones vouch for nobody).
/// A line of patterns only names nobody: its key is its own person.
pub(crate) fn of_entry(signers: &AllowedSigners, entry: &Entry) -> String {
    let mut names: Vec<String> = entry.names().map(key).collect();
    if names.is_empty() {
        return key(&entry.principals);
    }
    // Each pass adds the names of the lines sharing one with the set; a
    // pass that adds none ends it, so at most one pass per line.
    for _ in 0..=signers.entries.len() {
        let before = names.len();
        for e in signers.entries.iter().filter(|e| !e.cert_authority) {
            let theirs: Vec<String> = e.names().map(key).collect();
            if theirs.iter().any(|n| names.contains(n)) {
                for n in theirs {
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
        }
        if names.len() == before {
            break;
        }
    }
    names.into_iter().min().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::approval::signers::AllowedSigners;
    use ssh_key::{Algorithm, PrivateKey, rand_core::OsRng};

    fn line(principals: &str) -> String {
        let k = PrivateKey::random(&mut OsRng, Algorithm::Ed25519).expect("key");
        format!(
            "{principals} {}\n",
            k.public_key().to_openssh().expect("openssh")
        )
    }

    #[test]
    fn lines_sharing_a_name_through_a_chain_are_one_person() {
        let text = [
            line("rahim@finance"),
            line("\"rahim@laptop,rahim@finance\""),
            line("rahim@phone,Rahim@Laptop"),
            line("karim@finance"),
            line("*@finance"),
        ]
        .concat();
        let s =
            AllowedSigners::parse(&text, std::path::Path::new("allowed_signers")).expect("parses");
        let who: Vec<String> = s.entries.iter().map(|e| of_entry(&s, e)).collect();
        assert_eq!(who[0], who[1]);
        assert_eq!(who[1], who[2], "Rahim@Laptop is rahim@laptop");
        assert_ne!(who[0], who[3], "Karim is another person");
        assert_ne!(who[4], who[0], "a line of patterns names nobody");
    }
}
