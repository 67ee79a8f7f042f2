//! The layers one setting is looked up in, and the one precedence rule
//! over them: flag, `PAYRUN_*` environment variable, payrun.toml (the
//! profile's section, then the top of the file). The built-in default is
//! not a layer: [`super::Resolved`] applies it where a command runs.

use super::key::{Key, Meta};
use super::{ConfigError, Opt, Setting, Shown, Source, file};
use clap::ArgMatches;
use clap::parser::ValueSource;
use std::path::PathBuf;

/// The layers one setting is looked up in, highest first.
pub struct Layers<'a> {
    /// The subcommand's parsed arguments; only values typed on the command
    /// line count here (clap defaults are not "set").
    pub matches: Option<&'a ArgMatches>,
    pub env: &'a dyn Fn(&str) -> Option<String>,
    pub file: Option<&'a super::FileLayer>,
}

impl Layers<'_> {
    /// The one precedence rule: flag, environment, file; `None` if unset.
    pub fn get<T>(&self, key: &Key<T>) -> Result<Opt<T>, ConfigError> {
        let Some((text, source)) = self.raw(&key.meta)? else {
            return Ok(None);
        };
        let value = (key.parse)(&text).map_err(|reason| ConfigError::Value {
            key: key.meta.name.to_string(),
            value: super::url::redact(&text).into_owned(),
            from: source.clone(),
            reason,
        })?;
        Ok(Some(Setting { value, source }))
    }

    fn raw(&self, key: &Meta) -> Result<Option<(String, Source)>, ConfigError> {
        let id = key.name;
        if let (Some(m), Some(flag)) = (self.matches, key.flag_text())
            && let Ok(Some(mut values)) = m.try_get_raw(id)
            && m.value_source(id) == Some(ValueSource::CommandLine)
            && let Some(last) = values.next_back()
        {
            let text = last.to_str().ok_or_else(|| ConfigError::Value {
                key: key.name.to_string(),
                value: last.to_string_lossy().into_owned(),
                from: Source::Flag(flag),
                reason: "is not valid UTF-8".into(),
            })?;
            return Ok(Some((text.to_string(), Source::Flag(flag))));
        }
        if let Some(var) = key.env
            && let Some(v) = (self.env)(var).filter(|v| !v.trim().is_empty())
        {
            return Ok(Some((v, Source::Env(var))));
        }
        if let Some(file) = self.file
            && let Some((value, place)) = file.get(key.name)
        {
            let source = Source::File(place);
            file::check_identifier(id, value, &source)?;
            let text = file::scalar_text(value).ok_or_else(|| ConfigError::Value {
                key: key.name.to_string(),
                value: value.to_string(),
                from: source.clone(),
                reason: "must be a single value (text, a number or true/false)".into(),
            })?;
            return Ok(Some((text, source)));
        }
        Ok(None)
    }

    /// A path; relative paths in the file are relative to the file, so a
    /// cron job's working directory does not change which ledger it uses.
    pub(super) fn path(&self, key: &Key<PathBuf>) -> Result<Opt<PathBuf>, ConfigError> {
        let got = self.get(key)?;
        Ok(got.map(|mut s| {
            if let Source::File(place) = &s.source
                && s.value.is_relative()
                && let Some(dir) = place.path.parent()
            {
                s.value = dir.join(&s.value);
            }
            s
        }))
    }
}

/// Reads scalars through [`Layers`] and keeps what each was set to, as
/// `config show` prints it.
pub(super) struct Reader<'a> {
    pub layers: &'a Layers<'a>,
    pub shown: Vec<Shown>,
}

impl Reader<'_> {
    pub fn get<T>(&mut self, key: &Key<T>) -> Result<Opt<T>, ConfigError> {
        let got = self.layers.get(key)?;
        self.keep(key, &got);
        Ok(got)
    }

    pub fn path(&mut self, key: &Key<PathBuf>) -> Result<Opt<PathBuf>, ConfigError> {
        let got = self.layers.path(key)?;
        self.keep(key, &got);
        Ok(got)
    }

    fn keep<T>(&mut self, key: &Key<T>, got: &Opt<T>) {
        if let Some(Setting { value, source }) = got {
            self.shown.push(Shown {
                key: key.meta.name,
                value: (key.show)(value),
                source: source.clone(),
            });
        }
    }
}
