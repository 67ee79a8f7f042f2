//! The file-only tables: per-provider caps and wayCodes, outer-code classes,
//! and column headers. Each entry is checked as strictly as a scalar key.

use super::file::{bad, setting};
use super::{Config, ConfigError, FileLayer, Place, Setting, file, keys, parse};
use crate::codes::RejectClass;
use crate::codes::StatusMeaning;
use crate::codes::{CodeAction, WITHOUT_DATA};
use crate::fields::ColumnOverride;
use crate::wallet::Provider;
use toml::Value;

pub(super) fn read(f: &FileLayer, c: &mut Config) -> Result<(), ConfigError> {
    read_caps(f, c)?;
    read_way_codes(f, c)?;
    read_code_classes(f, c)?;
    read_status_codes(f, c)?;
    read_columns(f, c)?;
    Ok(())
}

/// The file's caps per provider: `[provider_caps] rocket = 25000`.
fn read_caps(f: &FileLayer, c: &mut Config) -> Result<(), ConfigError> {
    let read = read_per_provider(f, keys::PROVIDER_CAPS, parse::taka)?;
    c.provider_caps.extend(read);
    Ok(())
}

/// The file's wayCode per provider: `[way_codes] bkash = "EWALLET_BKASH"`.
fn read_way_codes(f: &FileLayer, c: &mut Config) -> Result<(), ConfigError> {
    let read = read_per_provider(f, keys::WAY_CODES, |text| {
        let code = text.trim();
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_graphic()) {
            return Err("must be the gateway's wayCode, e.g. EWALLET_BKASH".to_string());
        }
        Ok(code.to_string())
    })?;
    c.way_codes.extend(read);
    Ok(())
}

/// A table keyed by provider (`bkash`, `nagad`, `rocket`), each value one
/// text read by `value`.
fn read_per_provider<T>(
    f: &FileLayer,
    table: &str,
    value: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<(Provider, Setting<T>)>, ConfigError> {
    let mut read = Vec::new();
    for (k, v, place) in f.table(table)? {
        let name = format!("{table}.{k}");
        let provider = provider(&name, &k, &v, &place)?;
        let text = one(&name, &v, &place)?;
        let value = value(&text).map_err(|r| bad(&name, &text, &place, r))?;
        read.push((provider, setting(value, &place)));
    }
    Ok(read)
}

/// What the file says an outer code means: `[code_classes] "1008" = "systemic"`.
fn read_code_classes(f: &FileLayer, c: &mut Config) -> Result<(), ConfigError> {
    let classes: Vec<&str> = RejectClass::ALL
        .iter()
        .map(|c| c.name())
        .chain(["uncertain", "accepted"])
        .collect();
    let read = read_codes(
        f,
        keys::CODE_CLASSES,
        |k| {
            k == WITHOUT_DATA
                || (k != "0000" && !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric()))
        },
        "the key must be an outer code other than 0000, e.g. \"1008\", or \"0000 without data\"",
        // "0000 without data" reads a query's answer as "not found" or
        // leaves it uncertain (the default): nothing else.
        |k, v| {
            CodeAction::from_name(v).filter(|a| {
                k != WITHOUT_DATA
                    || matches!(
                        a,
                        CodeAction::Reject(RejectClass::NotFound) | CodeAction::Uncertain
                    )
            })
        },
        &format!(
            "unknown class; use one of {} (for \"0000 without data\": not_found or uncertain)",
            classes.join(", ")
        ),
    )?;
    c.code_classes.extend(read);
    Ok(())
}

/// What the file says a `data.status` means: `[status_codes] "SUCCESS" = "paid"`.
fn read_status_codes(f: &FileLayer, c: &mut Config) -> Result<(), ConfigError> {
    let read = read_codes(
        f,
        keys::STATUS_CODES,
        |k| !k.is_empty() && k != "0000" && k != "0015" && k.bytes().all(|b| b.is_ascii_graphic()),
        "the key must be a data.status other than 0000 (paid) and 0015 (processing), \
         e.g. \"SUCCESS\" or \"1007\"",
        |_, v| StatusMeaning::from_name(v),
        "unknown meaning; use paid, processing, failed, not_found or unknown",
    )?;
    c.status_codes.extend(read);
    Ok(())
}

/// A table from the gateway's codes to what they mean: each key must pass
/// `key_ok` (`key_rule` says how), each value is read by `meaning`
/// (`choices` lists what it knows).
fn read_codes<T>(
    f: &FileLayer,
    table: &str,
    key_ok: impl Fn(&str) -> bool,
    key_rule: &str,
    meaning: impl Fn(&str, &str) -> Option<T>,
    choices: &str,
) -> Result<Vec<(String, Setting<T>)>, ConfigError> {
    let mut read = Vec::new();
    for (k, v, place) in f.table(table)? {
        let name = format!("{table}.\"{k}\"");
        let text = one(&name, &v, &place)?;
        if !key_ok(&k) {
            return Err(bad(&name, &text, &place, key_rule));
        }
        let m = meaning(&k, text.trim()).ok_or_else(|| bad(&name, &text, &place, choices))?;
        read.push((k, setting(m, &place)));
    }
    Ok(read)
}

/// More names the file gives a field's column: `[columns] amount = ["Net Pay"]`.
fn read_columns(f: &FileLayer, c: &mut Config) -> Result<(), ConfigError> {
    for (k, v, place) in f.table(keys::COLUMNS)? {
        let name = format!("{}.{k}", keys::COLUMNS);
        let headers: Vec<String> = match &v {
            Value::Array(items) => items
                .iter()
                .map(|i| one(&name, i, &place))
                .collect::<Result<_, _>>()?,
            other => vec![one(&name, other, &place)?],
        };
        for h in headers {
            let mut o: ColumnOverride = format!("{k}={h}")
                .parse()
                .map_err(|e: String| bad(&name, &h, &place, e))?;
            o.alias = true;
            c.columns.push(setting(o, &place));
        }
    }
    Ok(())
}

fn one(name: &str, v: &Value, place: &Place) -> Result<String, ConfigError> {
    file::scalar_text(v).ok_or_else(|| bad(name, &v.to_string(), place, "must be a single value"))
}

fn provider(name: &str, key: &str, v: &Value, place: &Place) -> Result<Provider, ConfigError> {
    Provider::from_key(key).ok_or_else(|| {
        bad(
            name,
            &v.to_string(),
            place,
            format!("unknown provider {key:?}; use bkash, nagad or rocket"),
        )
    })
}
