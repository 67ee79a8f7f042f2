//! What one row of the settings table ([`super::keys`]) says, and what can
//! be derived from it: the default as people read it, the default as a
//! command uses it, the line in docs/operations.md, and the value check a
//! flag goes through. Nothing here names a setting; `keys.rs` does.

use super::ConfigError;

/// One setting, declared once: its key in payrun.toml, its environment
/// variable, its flag, its built-in default (as a user would write it), its
/// parser and its doc line. Declared with the `const fn` builders below.
pub struct Key<T: 'static> {
    pub meta: Meta,
    /// Reads the text of any layer (flag, environment, file, the default).
    pub parse: fn(&str) -> Result<T, String>,
    /// How `config show` prints a value.
    pub show: fn(&T) -> String,
}

/// The untyped part of a [`Key`]: everything but its parser.
#[derive(Debug, Clone, Copy)]
pub struct Meta {
    /// The key in payrun.toml; also the clap id of its flag.
    pub name: &'static str,
    /// The environment variable, if the setting may come from one.
    pub env: Option<&'static str>,
    /// The flag, if one sets it, and which subcommands take it.
    pub flag: Option<Flag>,
    pub builtin: Builtin,
    /// Defaults that differ by where a command runs, first match wins.
    pub except: &'static [(When, &'static str)],
    /// One line for people: the flag's help, the docs' table, the starter.
    pub doc: &'static str,
    /// Where the starter payrun.toml shows it at the top of the file.
    pub starter: Option<Group>,
    /// A run against the sandbox ignores the environment and the file: only
    /// the flag or the sandbox's own default (the ledger: a sandbox run must
    /// never write into a production ledger).
    pub sandbox_own: bool,
    /// Listed by `config show` under this key's name (false when it shows
    /// under another name, e.g. `approvals.allowed_signers`).
    pub shown: bool,
}

/// The flag that sets a [`Key`].
#[derive(Debug, Clone, Copy)]
pub struct Flag {
    /// As typed, with the dashes: `--max-amount`.
    pub long: &'static str,
    /// `None`: a switch (present means true).
    pub value_name: Option<&'static str>,
    /// The subcommands that take it.
    pub on: &'static [&'static str],
}

/// A built-in default.
#[derive(Debug, Clone, Copy)]
pub enum Builtin {
    /// Unset unless given (the command asks for it, or goes without).
    None,
    /// As a user would write it; read by the key's own parser.
    Text(&'static str),
    /// Worked out when a command runs (from `$XDG_DATA_HOME`, the ledger's
    /// folder, ...); the text says how, for people.
    Computed(&'static str),
}

/// Where a command runs, for defaults that depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ctx {
    /// The subcommand's name, e.g. `submit`.
    pub command: &'static str,
    /// `--sandbox`: the built-in gateway and ledger.
    pub sandbox: bool,
}

impl Ctx {
    /// For a library type's `Default` that no command has resolved: the
    /// plain default, off the sandbox and without any command's own.
    pub const LIBRARY: Ctx = Ctx::new("", false);

    pub const fn new(command: &'static str, sandbox: bool) -> Ctx {
        Ctx { command, sandbox }
    }
}

/// When an exceptional default applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Any command with `--sandbox` (loopback answers in milliseconds).
    Sandbox,
    /// This subcommand.
    On(&'static str),
    /// This subcommand with `--sandbox`.
    OnSandbox(&'static str),
}

/// The groups of the starter file's shared section, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Pace,
    Row,
}

impl Group {
    pub const ALL: [Group; 2] = [Group::Pace, Group::Row];

    /// The starter file's heading above the group.
    pub fn heading(self) -> &'static str {
        match self {
            Group::Pace => "Sending pace, timeouts and retries",
            Group::Row => "What a valid row is (also --provider-cap, [provider_caps] below)",
        }
    }
}

impl When {
    pub fn applies(self, ctx: Ctx) -> bool {
        match self {
            When::Sandbox => ctx.sandbox,
            When::On(c) => ctx.command == c,
            When::OnSandbox(c) => ctx.command == c && ctx.sandbox,
        }
    }

    /// `3s with --sandbox`, `reconcile: 4`; `tick` quotes values and flags
    /// for Markdown.
    fn label(self, value: &str, tick: &str) -> String {
        match self {
            When::Sandbox => format!("{tick}{value}{tick} with {tick}--sandbox{tick}"),
            When::On(c) => format!("{tick}{c}{tick}: {tick}{value}{tick}"),
            When::OnSandbox(c) => {
                format!("{tick}{value}{tick} with {tick}{c} --sandbox{tick}")
            }
        }
    }
}

impl<T: 'static> Key<T> {
    /// A file-only setting without a default.
    pub const fn new(
        name: &'static str,
        parse: fn(&str) -> Result<T, String>,
        show: fn(&T) -> String,
    ) -> Self {
        Key {
            meta: Meta {
                name,
                env: None,
                flag: None,
                builtin: Builtin::None,
                except: &[],
                doc: "",
                starter: None,
                sandbox_own: false,
                shown: true,
            },
            parse,
            show,
        }
    }

    pub const fn env(mut self, var: &'static str) -> Self {
        self.meta.env = Some(var);
        self
    }

    /// A flag taking a value, on these subcommands.
    pub const fn flag(
        mut self,
        long: &'static str,
        value_name: &'static str,
        on: &'static [&'static str],
    ) -> Self {
        self.meta.flag = Some(Flag {
            long,
            value_name: Some(value_name),
            on,
        });
        self
    }

    /// A switch (present means true), on these subcommands.
    pub const fn switch(mut self, long: &'static str, on: &'static [&'static str]) -> Self {
        self.meta.flag = Some(Flag {
            long,
            value_name: None,
            on,
        });
        self
    }

    pub const fn default(mut self, text: &'static str) -> Self {
        self.meta.builtin = Builtin::Text(text);
        self
    }

    pub const fn computed(mut self, how: &'static str) -> Self {
        self.meta.builtin = Builtin::Computed(how);
        self
    }

    pub const fn except(mut self, except: &'static [(When, &'static str)]) -> Self {
        self.meta.except = except;
        self
    }

    pub const fn doc(mut self, doc: &'static str) -> Self {
        self.meta.doc = doc;
        self
    }

    pub const fn starter(mut self, group: Group) -> Self {
        self.meta.starter = Some(group);
        self
    }

    pub const fn sandbox_own(mut self) -> Self {
        self.meta.sandbox_own = true;
        self
    }

    pub const fn shown_elsewhere(mut self) -> Self {
        self.meta.shown = false;
        self
    }

    /// The built-in default where `ctx` runs, parsed; `None` when there is
    /// none to parse ([`Builtin::None`], [`Builtin::Computed`]).
    pub fn builtin(&self, ctx: Ctx) -> Result<Option<T>, ConfigError> {
        let Some(text) = self.meta.builtin_text(ctx) else {
            return Ok(None);
        };
        (self.parse)(text)
            .map(Some)
            .map_err(|reason| ConfigError::Builtin {
                key: self.meta.name,
                value: text,
                reason,
            })
    }

    /// The built-in default where `ctx` runs, for code that has no layers
    /// to read (an engine's `Default`).
    ///
    /// # Panics
    /// Only if payrun's own table is broken: `every_builtin_default_parses`
    /// checks every default of every key where it applies.
    pub fn fixed(&self, ctx: Ctx) -> T {
        match self.builtin(ctx) {
            Ok(Some(v)) => v,
            Ok(None) => panic!("settings table: {} has no built-in default", self.meta.name),
            Err(e) => panic!("settings table: {e}"),
        }
    }
}

impl Meta {
    /// The default's text where `ctx` runs, if it is one to parse.
    pub fn builtin_text(&self, ctx: Ctx) -> Option<&'static str> {
        if let Some((_, v)) = self.except.iter().find(|(w, _)| w.applies(ctx)) {
            return Some(v);
        }
        match self.builtin {
            Builtin::Text(t) => Some(t),
            Builtin::None | Builtin::Computed(_) => None,
        }
    }

    /// The default as `config show` prints it, for every command:
    /// `30s (3s with --sandbox)`, `8 (reconcile: 4)`, `(none)`.
    pub fn default_text(&self) -> String {
        self.described("", "(none)", None)
    }

    /// The default as `payrun COMMAND --help` prints it: that command's
    /// own, and the sandbox's where it differs (`4` for reconcile's
    /// concurrency, `60s (3s with --sandbox)` for submit's grace).
    pub fn default_text_on(&self, command: &str) -> String {
        self.described("", "(none)", Some(command))
    }

    /// The default as docs/operations.md's table shows it.
    #[cfg(test)]
    pub fn default_markdown(&self) -> String {
        self.described("`", "—", None)
    }

    /// `on`: only what applies on this command, its own default first.
    fn described(&self, tick: &str, none: &str, on: Option<&str>) -> String {
        let own = on.and_then(|c| {
            self.except
                .iter()
                .find(|(w, _)| matches!(w, When::On(x) if *x == c))
        });
        let base = match (own, self.builtin) {
            (Some((_, v)), _) => format!("{tick}{v}{tick}"),
            (None, Builtin::None) => none.to_string(),
            (None, Builtin::Text(t)) => format!("{tick}{t}{tick}"),
            (None, Builtin::Computed(how)) => format!("{tick}{how}{tick}"),
        };
        let others: Vec<String> = self
            .except
            .iter()
            .filter_map(|&(w, v)| match (on, w) {
                (None, _) | (Some(_), When::Sandbox) => Some(w.label(v, tick)),
                (Some(c), When::OnSandbox(x)) if x == c => Some(When::Sandbox.label(v, tick)),
                (Some(_), _) => None,
            })
            .collect();
        if others.is_empty() {
            return base;
        }
        format!("{base} ({})", others.join("; "))
    }

    /// The flag as typed, e.g. `--max-amount`.
    pub fn flag_text(&self) -> Option<&'static str> {
        self.flag.map(|f| f.long)
    }
}

/// A [`Key`] of any type, for the list every consumer walks.
pub trait AnyKey: Sync {
    fn meta(&self) -> &Meta;
    /// Whether `text` is a valid value (what a flag is checked with).
    fn check(&self, text: &str) -> Result<(), String>;
    /// Parses every default where it applies: `Err` names the broken one.
    #[cfg(test)]
    fn check_builtins(&self, contexts: &[Ctx]) -> Result<(), ConfigError>;
}

impl<T: 'static> AnyKey for Key<T> {
    fn meta(&self) -> &Meta {
        &self.meta
    }

    fn check(&self, text: &str) -> Result<(), String> {
        (self.parse)(text).map(|_| ())
    }

    #[cfg(test)]
    fn check_builtins(&self, contexts: &[Ctx]) -> Result<(), ConfigError> {
        contexts
            .iter()
            .try_for_each(|c| self.builtin(*c).map(|_| ()))
    }
}
