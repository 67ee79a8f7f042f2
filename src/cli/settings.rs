//! The flags that set a setting are not declared here nor in any command's
//! struct: they are made from the settings table (`config::keys`), with its
//! flag, value name, parser, doc line, environment variable and default.
//! They carry no clap default, so clap never supplies a value the user did
//! not type: the config layers read what was typed (`config::Layers`) and
//! the command runs with every setting resolved (`config::Resolved`).

use crate::config::keys::{self, AnyKey, Flag};
use clap::{Arg, ArgAction, Command};

/// Where the settings' flags are listed in `--help`.
pub const HEADING: &str = "Settings (flag > PAYRUN_* > payrun.toml > default)";

/// Applied by clap to every subcommand: adds the flags of the settings
/// the subcommand takes.
pub(crate) fn add_flags(cmd: Command) -> Command {
    let name = cmd.get_name().to_string();
    keys::SCALARS
        .iter()
        .filter_map(|k| k.meta().flag.map(|f| (*k, f)))
        .filter(|(_, f)| f.on.contains(&name.as_str()))
        .fold(cmd, |cmd, (key, flag)| cmd.arg(arg(key, flag, &name)))
}

/// The flag of `key` on the subcommand `command`, with its help showing
/// the default there.
fn arg(key: &'static dyn AnyKey, flag: Flag, command: &str) -> Arg {
    let m = key.meta();
    let mut help = m.doc.to_string();
    if let Some(env) = m.env {
        help.push_str(&format!(" [env: {env}]"));
    }
    help.push_str(&format!(" [default: {}]", m.default_text_on(command)));
    let long = flag.long.trim_start_matches('-');
    let arg = Arg::new(m.name).long(long).help(help).help_heading(HEADING);
    match flag.value_name {
        None => arg.action(ArgAction::SetTrue),
        Some(value_name) => arg
            .value_name(value_name)
            .action(ArgAction::Set)
            .value_parser(SettingValue(key)),
    }
}

/// Checks a setting flag's value with the table's parser. Its own error,
/// not clap's `invalid value '...'`, because clap repeats the value as
/// typed, and a URL's password must not reach cron mail
/// (`config::url::redact` masks it).
#[derive(Clone)]
struct SettingValue(&'static dyn AnyKey);

impl clap::builder::TypedValueParser for SettingValue {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        use clap::error::ErrorKind;
        let Some(text) = value.to_str() else {
            return Err(clap::Error::new(ErrorKind::InvalidUtf8).with_cmd(cmd));
        };
        self.0
            .check(text)
            .map(|()| text.to_string())
            .map_err(|reason| {
                // Named as the environment and the file name it, so that an
                // error says which setting whatever layer set it.
                let flag = arg.map(ToString::to_string).unwrap_or_default();
                let shown = crate::config::url::redact(text);
                let name = self.0.meta().name;
                let msg = format!("invalid value '{shown}' for '{flag}': {name}: {reason}\n");
                clap::Error::raw(ErrorKind::ValueValidation, msg).with_cmd(cmd)
            })
    }
}
