//! The allowed-signers format, as OpenSSH reads it.

use super::*;
use ssh_key::{Algorithm, PrivateKey, rand_core::OsRng};

pub(crate) fn new_key() -> PrivateKey {
    PrivateKey::random(&mut OsRng, Algorithm::Ed25519).expect("key")
}

pub(crate) fn pub_line(k: &PrivateKey) -> String {
    k.public_key().to_openssh().expect("openssh")
}

fn parse(text: &str) -> Result<AllowedSigners, SignersError> {
    AllowedSigners::parse(text, Path::new("allowed_signers"))
}

#[test]
fn principals_options_and_keys_as_ssh_keygen_writes_them() {
    let (a, b, c) = (new_key(), new_key(), new_key());
    let text = format!(
        "# finance team\n\n\
         rahim@finance {}\n\
         \"karim@finance,karim\" namespaces=\"payrun-approval,git\",valid-after=\"20260101\",valid-before=\"20261231235959Z\" {}\n\
         sumi@finance cert-authority {}\n",
        pub_line(&a),
        pub_line(&b),
        pub_line(&c)
    );
    let s = parse(&text).unwrap();
    assert_eq!(s.entries.len(), 3);
    let r = &s.entries[0];
    assert_eq!((r.line, r.principal()), (3, Some("rahim@finance")));
    assert!(r.allows_namespace("payrun-approval") && r.allows_namespace("anything"));
    let k = &s.entries[1];
    assert_eq!(k.principal(), Some("karim@finance"));
    assert!(k.allows_namespace("payrun-approval") && !k.allows_namespace("file"));
    let at = |t: &str| parse_time(t).unwrap();
    assert!(k.invalid_at(at("20260601Z")).is_none());
    assert!(k.invalid_at(at("20270101Z")).unwrap().contains("expired"));
    assert!(
        k.invalid_at(at("20251231Z"))
            .unwrap()
            .contains("not valid before")
    );
    // A cert-authority line never vouches for a plain key.
    assert!(s.entries[2].cert_authority);
    assert_eq!(s.for_key(c.public_key().key_data()).count(), 0);
    assert_eq!(s.for_key(a.public_key().key_data()).count(), 1);
}

#[test]
fn a_bad_line_refuses_the_file_naming_the_line() {
    let a = new_key();
    for (text, says) in [
        (
            format!("rahim {}", "ssh-ed25519 AAAAnotbase64"),
            "does not parse",
        ),
        (
            format!("rahim bogus-option {}", pub_line(&a)),
            "unknown option",
        ),
        (
            format!("rahim valid-before=\"tomorrow\" {}", pub_line(&a)),
            "not a time",
        ),
        ("rahim".to_string(), "no key"),
        (format!("\"rahim {}", pub_line(&a)), "not closed"),
    ] {
        let text = format!("# ok\n{text}\n");
        let e = parse(&text).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains(says), "{text}: {e}");
    }
}

#[test]
fn patterns_match_as_openssh_matches_them() {
    assert!(match_pattern_list("payrun-approval", "payrun-*"));
    assert!(match_pattern_list("payrun-approval", "git,payrun-approval"));
    assert!(!match_pattern_list(
        "payrun-approval",
        "payrun-*,!payrun-approval"
    ));
    assert!(match_pattern_list("ab", "a?"));
    assert!(!match_pattern_list("abc", "a?"));
    assert!(!match_pattern_list("x", ""));
    let e = Entry {
        line: 1,
        principals: "*@finance,!root".into(),
        cert_authority: false,
        namespaces: None,
        valid_after: None,
        valid_before: None,
        key: new_key().public_key().key_data().clone(),
        text: String::new(),
    };
    assert_eq!(e.principal(), None, "a line of patterns names nobody");
}
