//! `--map FIELD=HEADER`: reading one, for a payroll sheet's fields
//! ([`ColumnOverride`]) and a provider statement's alike ([`parse_map`]).
//! Apart from [`super`], which holds the fields themselves.

use super::Field;
use std::fmt;

/// Splits a `--map FIELD=HEADER` (a sheet's or a statement's): the field as
/// `from_key` reads it, the header unquoted and trimmed, never empty.
/// `example` shows the form in the error; an unknown field is called a
/// `noun` and the `keys` are listed as the choices.
pub(crate) fn parse_map<F: fmt::Display>(
    s: &str,
    example: &str,
    noun: &str,
    keys: &[&str],
    from_key: impl FnOnce(&str) -> Option<F>,
) -> Result<(F, String), String> {
    let Some((name, header)) = s.split_once('=') else {
        return Err(format!(
            "expected FIELD=HEADER, e.g. {example}; got {}",
            crate::text::quoted(s)
        ));
    };
    let name = name.trim();
    let Some(field) = from_key(name) else {
        let choices = keys.join(", ");
        return Err(format!(
            "unknown {noun} {}; use one of: {choices}",
            crate::text::quoted(name)
        ));
    };
    let header = header.trim().trim_matches('"').trim().to_string();
    if header.is_empty() {
        return Err(format!("--map {field}= needs a header name"));
    }
    Ok((field, header))
}

/// `--map amount="Net Pay"`: read this field from the column with this header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnOverride {
    pub field: Field,
    pub header: String,
    /// A header from payrun.toml's `[columns]`: used when the sheet has it,
    /// while the built-in names still apply when it does not (a `--map` is
    /// strict: the named column must exist).
    pub alias: bool,
}

impl std::str::FromStr for ColumnOverride {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let keys = Field::ALL.map(Field::key);
        let (field, header) = parse_map(s, "amount=\"Net Pay\"", "field", &keys, Field::from_key)?;
        Ok(ColumnOverride {
            field,
            header,
            alias: false,
        })
    }
}
