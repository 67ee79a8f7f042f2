//! What `--sandbox` means in this build: the one place that knows whether
//! the simulated gateway (cargo feature `sandbox`, on by default) is built in.
//!
//! Without it (`cargo build --release --no-default-features`, a production
//! binary) the `sandbox` subcommand does not exist, and a `--sandbox` flag,
//! on whichever subcommand has one, is hidden from help and refused with
//! [`NOT_BUILT`] before the command runs: such a binary never starts a
//! simulated gateway nor reads or writes the sandbox's ledger. The flag is
//! still parsed, so a script that passes it gets this reason instead of
//! clap's "unexpected argument".

use clap::ArgMatches;

/// Whether this binary has the built-in sandbox gateway.
pub const BUILT: bool = cfg!(feature = "sandbox");

/// Why `--sandbox` is refused when the sandbox is not built in.
pub const NOT_BUILT: &str = "this payrun was built without the sandbox (cargo feature `sandbox`): \
     `--sandbox` and `payrun sandbox` are not available. Point it at a gateway with --gateway \
     (PAYRUN_GATEWAY_URL), or try payrun with a default build (`cargo build --release`)";

/// The flag's id on every subcommand that has one.
const FLAG: &str = "sandbox";

/// Applied by clap to every subcommand: hides `--sandbox` when it would
/// only be refused.
pub(crate) fn hide_unless_built(cmd: clap::Command) -> clap::Command {
    let has_flag = cmd.get_arguments().any(|a| a.get_id() == FLAG);
    if BUILT || !has_flag {
        return cmd;
    }
    cmd.mut_arg(FLAG, |a| a.hide(true))
}

/// `Err(NOT_BUILT)` when the chosen subcommand was given `--sandbox` and
/// the sandbox is not built in.
pub fn check(matches: &ArgMatches) -> Result<(), &'static str> {
    let given = matches
        .subcommand()
        .and_then(|(_, sub)| sub.try_get_one::<bool>(FLAG).ok().flatten())
        .is_some_and(|on| *on);
    if given && !BUILT {
        return Err(NOT_BUILT);
    }
    Ok(())
}
