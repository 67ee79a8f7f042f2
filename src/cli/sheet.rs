//! How a payroll sheet is read and judged: `check`, `submit` and `approve`
//! flatten the same struct, so the three read a sheet the same way. The
//! sheet's settings (`--max-amount`, `--allow-poisha`, and the file's caps
//! and column names) arrive resolved as [`SheetRules`].

use crate::config::SheetRules;
use crate::validate::CheckOptions;
use clap::Args;
use std::path::PathBuf;

/// How a payroll sheet is read and judged.
#[derive(Debug, Clone, Args)]
pub struct SheetArgs {
    /// The payroll sheet: .csv (UTF-8, comma, semicolon or tab), .xlsx, .xlsm,
    /// .xlsb, .xls or .ods.
    #[arg(value_name = "SHEET")]
    pub path: PathBuf,

    /// The worksheet to read from a workbook (default: the first visible
    /// one; a workbook that opens on another sheet holding a payroll table
    /// is refused until this names one).
    #[arg(long = "sheet", value_name = "NAME")]
    pub worksheet: Option<String>,

    /// Read a field from a column whose header payrun does not recognise,
    /// or name the one to read where two columns could hold it (payrun
    /// refuses to choose). FIELD is wallet, amount, provider, name,
    /// reference, remark or repeat. Repeatable, e.g. --map amount="Net Pay"
    /// --map wallet="bKash No".
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    pub maps: Vec<crate::fields::ColumnOverride>,

    /// Every repeated wallet in the sheet is intended (otherwise mark each
    /// repeat with yes in a "repeat" column).
    #[arg(long)]
    pub allow_repeat: bool,

    /// Control total: the sheet must have exactly N data rows.
    #[arg(long, value_name = "N")]
    pub expect_rows: Option<usize>,

    /// Control total: the valid rows must add up to exactly TAKA
    /// (e.g. 12,34,000 or 1234000.50).
    #[arg(long, value_name = "TAKA", value_parser = parse_taka)]
    pub expect_total: Option<crate::money::Amount>,

    /// Per-row cap for one provider, overriding --max-amount (and
    /// [provider_caps] in payrun.toml), e.g.
    /// --provider-cap rocket=25000. Repeatable.
    #[arg(long = "provider-cap", value_name = "PROVIDER=TAKA", value_parser = parse_provider_cap)]
    pub provider_caps: Vec<(crate::wallet::Provider, crate::money::Amount)>,

    /// Treat warnings (such as a restored leading zero) as failures.
    #[arg(long)]
    pub strict: bool,

    /// Read and pay rows that are hidden in the workbook (hidden by hand,
    /// in a collapsed group, by an AutoFilter, too low to read) and cells
    /// that show nothing (;;;, white or faint text, a conditional format, a
    /// merged cell over them). Without it, such a row that would be a
    /// payout refuses the whole batch: a hidden row often means "not this
    /// month". .xlsx, .xlsm, .ods and .xls; see docs/sheets.md.
    #[arg(long)]
    pub include_hidden_rows: bool,

    /// Read an .xls whose hidden rows and columns payrun cannot check (an
    /// unusual or damaged file), because you checked by hand that nothing is
    /// hidden. Without it such a file is refused; see docs/sheets.md.
    #[arg(long)]
    pub allow_xls_unchecked: bool,
    /// Pay every row through this provider (bkash, nagad or rocket), for a
    /// sheet with no provider column, e.g. Name,Wallet,Amount. A sheet whose
    /// wallet header names its provider (bKash Number) needs no flag. Part of
    /// what is validated: an approval given without it does not cover a
    /// submit with it.
    #[arg(long, value_name = "NAME", value_parser = parse_provider)]
    pub provider: Option<crate::wallet::Provider>,

    /// A column that says whether a row is to be paid (Status, Pay?,
    /// Include, Hold, Paid, a remark) does not decide payment here: read it
    /// as information, and pay rows it marks cancelled, on hold, not to pay
    /// or paid already, with a note. Repeatable, e.g. --pay-despite Status
    /// --pay-despite "Pay?". Without it such a row is refused.
    #[arg(long = "pay-despite", value_name = "COLUMN")]
    pub pay_despite: Vec<String>,
}

impl SheetArgs {
    /// The validator's options: these flags over the sheet's settings. A
    /// `--provider-cap` wins over the file's cap for its provider; a `--map`
    /// for a field replaces the file's column names for it.
    pub fn to_options(&self, rules: &SheetRules) -> CheckOptions {
        // The validator takes the last cap given for a provider: flags go last.
        let mut provider_caps = rules.provider_caps.clone();
        provider_caps.extend(self.provider_caps.iter().copied());
        let mapped: Vec<_> = self.maps.iter().map(|m| m.field).collect();
        let mut maps = self.maps.clone();
        maps.extend(
            rules
                .columns
                .iter()
                .filter(|c| !mapped.contains(&c.field))
                .cloned(),
        );
        CheckOptions {
            sheet: self.worksheet.clone(),
            maps,
            allow_repeat: self.allow_repeat,
            expect_rows: self.expect_rows,
            expect_total: self.expect_total,
            max_amount: rules.max_amount,
            provider_caps,
            allow_fractional: rules.allow_poisha,
            strict: self.strict,
            include_hidden_rows: self.include_hidden_rows,
            allow_xls_unchecked: self.allow_xls_unchecked,
            provider: self.provider,
            pay_despite: self.pay_despite.clone(),
        }
    }
}

/// A taka figure on the command line, in any form a sheet may use.
fn parse_taka(s: &str) -> Result<crate::money::Amount, String> {
    crate::money::Amount::parse(s).map_err(|e| format!("{} {e}", crate::text::quoted(s)))
}

/// `--provider nagad`; a misspelling gets the nearest provider's name.
fn parse_provider(s: &str) -> Result<crate::wallet::Provider, String> {
    use crate::wallet::{Provider, nearest_provider};
    Provider::parse_alias(s).ok_or_else(|| {
        let hint = nearest_provider(s)
            .map(|p| format!(" (did you mean {}?)", p.key()))
            .unwrap_or_default();
        format!(
            "unknown provider {}{hint}; use bkash, nagad or rocket",
            crate::text::quoted(s)
        )
    })
}

/// `rocket=25000`.
fn parse_provider_cap(s: &str) -> Result<(crate::wallet::Provider, crate::money::Amount), String> {
    let (p, t) = s.split_once('=').ok_or_else(|| {
        format!(
            "expected PROVIDER=TAKA, e.g. rocket=25000; got {}",
            crate::text::quoted(s)
        )
    })?;
    let provider = parse_provider(p.trim())?;
    Ok((provider, parse_taka(t.trim())?))
}
