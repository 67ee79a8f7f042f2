//! The flags that make a printed `payrun ...` command reach what this run
//! reached: `--sandbox`, `--config FILE` (when a flag or `PAYRUN_CONFIG`
//! chose it), `--profile NAME` and `--ledger PATH` (when a layer set it).
//! A command printed without them looks for another config, profile,
//! gateway or ledger, and fails with an error that points the wrong way
//! ("no gateway URL", "set approval_signers") although the user's file sets
//! it in a profile (probe8 finding 3). Set once per process, by the command
//! layer when it resolves the settings; every printed command, in the
//! command layer or the library, appends [`flags`].

use super::{Resolved, Via};
use std::sync::OnceLock;

static FLAGS: OnceLock<String> = OnceLock::new();

/// What selects this run's config, profile, gateway and ledger, as flags
/// for a printed command (each after a space; empty when nothing needs
/// repeating).
pub fn of(sandbox: bool, s: &Resolved) -> String {
    let word = |p: &std::path::Path| crate::text::shell_word(&p.display().to_string());
    let mut flags = String::new();
    if sandbox {
        flags.push_str(" --sandbox");
    }
    if let Some((path, Via::Flag | Via::Env)) = &s.config_source {
        flags.push_str(&format!(" --config {}", word(path)));
    }
    if let Some(p) = &s.gateway.profile {
        flags.push_str(&format!(" --profile {}", crate::text::shell_word(p)));
    }
    if let Some(l) = s.ledger.as_ref().filter(|_| s.ledger_set) {
        flags.push_str(&format!(" --ledger {}", word(l)));
    }
    flags
}

/// Remembers this run's [`of`] for [`flags`]; the first call wins.
pub fn remember(sandbox: bool, s: &Resolved) {
    let _ = FLAGS.set(of(sandbox, s));
    let unchosen = match (&s.gateway.profile, &s.config_source) {
        (None, Some((path, _))) => Some((path.clone(), s.profile_keys.clone())),
        _ => None,
    };
    let _ = UNCHOSEN.set(unchosen);
}

/// The flags [`remember`] kept, for a printed command; empty before.
pub fn flags() -> &'static str {
    FLAGS.get().map_or("", String::as_str)
}

/// The config file and the keys each of its profiles sets, kept by
/// [`remember`] when no profile was chosen.
static UNCHOSEN: OnceLock<Option<Unchosen>> = OnceLock::new();

/// The config file, and each profile's name with the keys it sets.
type Unchosen = (std::path::PathBuf, Vec<(String, Vec<String>)>);

/// For an error about `key` missing when no profile was chosen: the
/// profiles of the config file that set it (`key` or `approvals.key`), and
/// how to pick one; empty when a profile was chosen or none sets it.
pub fn profiles_setting(key: &str) -> String {
    let Some(Some((path, profiles))) = UNCHOSEN.get() else {
        return String::new();
    };
    let nested = format!("approvals.{key}");
    let names: Vec<String> = profiles
        .iter()
        .filter(|(_, keys)| keys.iter().any(|k| *k == key || *k == nested))
        .map(|(name, _)| format!("[profile.{name}]"))
        .collect();
    if names.is_empty() {
        return String::new();
    }
    format!(
        ". No profile was chosen, and {} sets {key} in {}: add --profile NAME (or set \
         PAYRUN_PROFILE) to use it",
        path.display(),
        names.join(", ")
    )
}
