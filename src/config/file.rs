//! Finding and reading payrun.toml. The top of the file holds settings every
//! profile shares; `[profile.NAME]` overrides them for one profile. Every key
//! of every profile is checked, so a typo anywhere is an error, never a
//! silently ignored setting in a payout run.

use super::keys;
use super::{ConfigError, Setting, Source};
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// The default file name, looked for in the current directory.
pub const DEFAULT_NAME: &str = "payrun.toml";

/// How the file was found, for `config show` and error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Flag,
    Env,
    CurrentDir,
}

impl std::fmt::Display for Via {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Via::Flag => "--config",
            Via::Env => keys::CONFIG_ENV,
            Via::CurrentDir => "./payrun.toml",
        })
    }
}

/// The parsed file with the chosen profile.
#[derive(Debug, Clone)]
pub struct FileLayer {
    pub path: PathBuf,
    pub via: Via,
    base: Table,
    /// The chosen profile's name and table.
    profile: Option<(String, Table)>,
    /// Every profile the file defines, for messages.
    pub profiles: Vec<String>,
    /// The keys each profile sets (a key of a table as `table.key`), so
    /// that an error about a setting missing can name the profiles that
    /// set it (`config::selection::profiles_setting`).
    pub profile_keys: Vec<(String, Vec<String>)>,
}

/// The keys `table` sets, a table's own keys as `name.key` beside `name`.
fn keys_set(table: &Table) -> Vec<String> {
    let mut keys = Vec::new();
    for (k, v) in table {
        keys.push(k.clone());
        if let Value::Table(t) = v {
            keys.extend(t.keys().map(|sub| format!("{k}.{sub}")));
        }
    }
    keys
}

/// Where a file value sits: the top of the file or a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: PathBuf,
    pub profile: Option<String>,
}

impl FileLayer {
    /// Reads and checks the file at `path`, choosing `profile` if given.
    pub fn load(path: &Path, via: Via, profile: Option<&str>) -> Result<FileLayer, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|cause| {
            if cause.kind() == std::io::ErrorKind::NotFound {
                ConfigError::Missing {
                    path: path.to_path_buf(),
                    via: via.to_string(),
                }
            } else {
                ConfigError::Read {
                    path: path.to_path_buf(),
                    cause,
                }
            }
        })?;
        Self::parse(&text, path, via, profile)
    }

    /// Parses `text` as if read from `path`.
    pub fn parse(
        text: &str,
        path: &Path,
        via: Via,
        profile: Option<&str>,
    ) -> Result<FileLayer, ConfigError> {
        let mut base: Table = text
            .parse()
            .map_err(|e: toml::de::Error| ConfigError::Parse {
                path: path.to_path_buf(),
                message: parse_message(&e),
            })?;
        let profiles_value = base.remove("profile");
        check_keys(&base, path, "the top of the file")?;
        let mut profiles: Vec<(String, Table)> = Vec::new();
        match profiles_value {
            None => {}
            Some(Value::Table(t)) => {
                for (name, v) in t {
                    let Value::Table(table) = v else {
                        return Err(ConfigError::Parse {
                            path: path.to_path_buf(),
                            message: format!(
                                "profile.{name} must be a table: write [profile.{name}] and its keys under it"
                            ),
                        });
                    };
                    check_keys(&table, path, &format!("[profile.{name}]"))?;
                    profiles.push((name, table));
                }
            }
            Some(_) => {
                return Err(ConfigError::Parse {
                    path: path.to_path_buf(),
                    message: "`profile` must be a table of profiles: [profile.NAME]".into(),
                });
            }
        }
        let names: Vec<String> = profiles.iter().map(|(n, _)| n.clone()).collect();
        let profile_keys = profiles
            .iter()
            .map(|(n, t)| (n.clone(), keys_set(t)))
            .collect();
        let chosen =
            match profile {
                None => None,
                Some(want) => Some(profiles.into_iter().find(|(n, _)| n == want).ok_or_else(
                    || ConfigError::NoProfile {
                        name: want.to_string(),
                        path: path.to_path_buf(),
                        available: names.clone(),
                    },
                )?),
            };
        Ok(FileLayer {
            path: path.to_path_buf(),
            via,
            base,
            profile: chosen,
            profiles: names,
            profile_keys,
        })
    }

    /// The chosen profile's name.
    pub fn profile_name(&self) -> Option<&str> {
        self.profile.as_ref().map(|(n, _)| n.as_str())
    }

    /// A value: the profile's, else the top of the file's.
    pub fn get(&self, name: &str) -> Option<(&Value, Place)> {
        if let Some((pname, t)) = &self.profile
            && let Some(v) = t.get(name)
        {
            return Some((
                v,
                Place {
                    path: self.path.clone(),
                    profile: Some(pname.clone()),
                },
            ));
        }
        self.base.get(name).map(|v| {
            (
                v,
                Place {
                    path: self.path.clone(),
                    profile: None,
                },
            )
        })
    }

    /// A table's entries, the profile's over the top of the file's, key by key.
    pub fn table(&self, name: &str) -> Result<Vec<(String, Value, Place)>, ConfigError> {
        let mut out: Vec<(String, Value, Place)> = Vec::new();
        let layers = [
            (self.base.get(name), None),
            (
                self.profile.as_ref().and_then(|(_, t)| t.get(name)),
                self.profile_name().map(str::to_string),
            ),
        ];
        for (value, profile) in layers {
            let place = Place {
                path: self.path.clone(),
                profile,
            };
            match value {
                None => {}
                Some(Value::Table(t)) => {
                    for (k, v) in t {
                        out.retain(|(existing, _, _)| existing != k);
                        out.push((k.clone(), v.clone(), place.clone()));
                    }
                }
                Some(_) => {
                    return Err(ConfigError::Value {
                        key: name.to_string(),
                        value: String::new(),
                        from: super::Source::File(place),
                        reason: format!("must be a table: write [{name}] and its entries under it"),
                    });
                }
            }
        }
        Ok(out)
    }
}

/// Refuses any key payrun does not know, naming it, where it is, and the
/// nearest known key.
fn check_keys(table: &Table, path: &Path, section: &str) -> Result<(), ConfigError> {
    for name in table.keys() {
        if keys::is_known(name) {
            continue;
        }
        let hint = if matches!(
            name.as_str(),
            "app_secret" | "secret" | "appSecret" | "app_key"
        ) {
            "the secret itself never goes in this file: put it in a file readable only by \
             you and set app_secret_file = \"/path/to/it\", or set PAYRUN_APP_SECRET"
                .to_string()
        } else if let Some(var) = keys::read_before_the_file(name) {
            format!(
                "`{name}` is read before this file, so it cannot be set in it: set {var} in the \
                 environment (a crontab line of its own, a systemd Environment=) or pass \
                 --{}",
                name.replace('_', "-")
            )
        } else {
            let near = keys::all_names()
                .map(|k| (strsim::jaro_winkler(k, name), k))
                .filter(|(s, _)| *s > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, k)| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            format!(
                "{near}known keys: {}",
                keys::all_names().collect::<Vec<_>>().join(", ")
            )
        };
        return Err(ConfigError::UnknownKey {
            path: path.to_path_buf(),
            section: section.to_string(),
            key: name.clone(),
            hint,
        });
    }
    Ok(())
}

/// The settings whose value is an identifier someone issued, whose every
/// character counts: the merchant number, 10 digits with leading zeros.
const IDENTIFIERS: [&str; 1] = ["merchant_no"];

/// Refuses an identifier ([`IDENTIFIERS`]) written as a TOML number shorter
/// than the provider's 10 digits: TOML drops leading zeros, so `1` stands
/// for `0000000001`, and the gateway refuses it as another merchant only
/// once the run has begun.
pub(super) fn check_identifier(key: &str, value: &Value, from: &Source) -> Result<(), ConfigError> {
    match value {
        Value::Integer(i) if IDENTIFIERS.contains(&key) && i.to_string().len() < 10 => {
            Err(ConfigError::Value {
                key: key.to_string(),
                value: value.to_string(),
                from: from.clone(),
                reason: format!(
                    "was written without quotes, as a TOML number, which drops leading zeros; the provider issues {key} as \
                     10 digits: write it in quotes, as issued, e.g. {key} = \"0000000001\""
                ),
            })
        }
        _ => Ok(()),
    }
}

/// A TOML error, with the way out when a number starts with a zero: a
/// merchant number is written in quotes.
fn parse_message(e: &toml::de::Error) -> String {
    let message = e.to_string();
    if message.contains("leading zero") {
        format!(
            "{message}\na number that starts with 0, such as a merchant number, goes in quotes: \
             merchant_no = \"0000000001\""
        )
    } else {
        message
    }
}

/// A file value as the text a flag would carry, so one parser serves all
/// layers. Tables and arrays are not single values.
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Integer(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Boolean(b) => Some(b.to_string()),
        Value::Datetime(_) | Value::Array(_) | Value::Table(_) => None,
    }
}

/// A value read from the file at `place`.
pub(super) fn setting<T>(value: T, place: &Place) -> Setting<T> {
    Setting {
        value,
        source: Source::File(place.clone()),
    }
}

/// A value in the file at `place` that cannot be used, and why: the error
/// names the key and the value as written.
pub(super) fn bad(
    name: &str,
    value: &str,
    place: &Place,
    reason: impl Into<String>,
) -> ConfigError {
    ConfigError::Value {
        key: name.to_string(),
        value: value.to_string(),
        from: Source::File(place.clone()),
        reason: reason.into(),
    }
}
