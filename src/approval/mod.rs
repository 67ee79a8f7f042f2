//! Approvals people can trust: a canonical statement of what is approved,
//! signed with the approver's own SSH key (the `sshsig` format of
//! `ssh-keygen -Y sign` and git), checked against an allowed-signers file,
//! and judged against the profile's policy (tiers of distinct principals,
//! the maker who may not approve, changed wallets that need their own
//! approval, and other labels' batches within the approval window, which
//! make a payment split across labels need the approvers of the whole).
//!
//! - [`statement`]: the text that is signed, and reading back what binds;
//! - [`signers`]: the allowed-signers file;
//! - [`sig`]: signing (key file or ssh-agent) and verifying;
//! - [`policy`]: whether the approvals on record cover a batch (the
//!   approval window in `policy_window.rs`).

mod person;
pub mod policy;
pub mod sig;
pub mod signers;
pub mod statement;

/// The namespace every payrun approval signature is made for. A signature
/// for git commits or file signing (another namespace) never counts here.
pub const NAMESPACE: &str = "payrun-approval";
