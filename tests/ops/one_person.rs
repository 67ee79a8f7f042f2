//! One person is one approver, however the allowed-signers file names their
//! keys. A line may list several principals (`rahim@laptop,rahim@finance`),
//! and payrun names a signer by the first of them: two keys of Rahim, one
//! listed as `rahim@finance` and one as `rahim@laptop,rahim@finance`,
//! counted as two approvers, and a batch needing two people paid on his
//! signatures alone. Keys whose lines share a name are now one person.

use super::signed::{approve, key_file, new_key, setup, signer_line, submit};
use super::*;

#[test]
fn two_keys_whose_lines_share_a_name_are_one_approver() {
    let (dir, t) = setup("");
    let d = dir.path();
    let s = sheet(d, "pay.csv", 3, 500); // Tk 1,500: two approvers
    let laptop = new_key();
    let mut signers = std::fs::read_to_string(d.join("allowed_signers")).expect("signers");
    signers.push_str(&signer_line(
        "rahim@laptop,rahim@finance",
        "namespaces=\"payrun-approval\"",
        &laptop,
    ));
    write(d, "allowed_signers", &signers);
    for (name, key) in [("rahim_ed25519", &t.rahim), ("rahim_laptop", &laptop)] {
        let key = key_file(d, name, key);
        let out = approve(d, &s, &["--sign-with", &key.to_string_lossy()]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let out = submit(d, &s);
    assert_eq!(
        code(&out),
        2,
        "one person's two keys passed a batch needing two approvers:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stderr(&out).contains("has 1 (by rahim"), "{}", stderr(&out));
    // Another person's key makes two.
    let karim = key_file(d, "karim_ed25519", &t.karim);
    let out = approve(d, &s, &["--sign-with", &karim.to_string_lossy()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = submit(d, &s);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}
