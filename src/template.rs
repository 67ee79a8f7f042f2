//! `payrun template`: an empty payroll sheet that `payrun check` reads as it
//! is, so finance starts from the right headers instead of guessing them.
//!
//! The .xlsx version formats the wallet column as Text (so Excel keeps the
//! leading 0 of 017...), offers the providers in a dropdown, and carries an
//! Instructions sheet. The payroll sheet comes first, because `check` reads
//! the first visible sheet.

use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, Workbook, XlsxError};
use std::path::{Path, PathBuf};

/// The header row, in order, and the width of each column.
pub const HEADERS: [(&str, f64); 6] = [
    ("Reference", 14.0),
    ("Name", 28.0),
    ("Provider", 12.0),
    ("Wallet", 16.0),
    ("Amount", 14.0),
    ("Remark", 30.0),
];

/// The provider dropdown's choices.
pub const PROVIDERS: [&str; 3] = ["bKash", "Nagad", "Rocket"];

/// The name of the sheet to fill in.
pub const PAYROLL_SHEET: &str = "Payroll";

/// Rows the formats and dropdowns cover (far more than any payroll).
const LAST_ROW: u32 = 100_000;

const INSTRUCTIONS: &[&str] = &[
    "How to fill the Payroll sheet",
    "",
    "One row per payout. Keep the header row as it is; do not add rows above it.",
    "Reference: your id for the row (employee id, invoice number). Optional but recommended: it makes the row's payment identity stable across corrected sheets.",
    "Name: the payee, for the report. Optional.",
    "Provider: pick bKash, Nagad or Rocket from the dropdown. payrun never guesses a provider from the number.",
    "Wallet: the mobile wallet number. bKash and Nagad: 11 digits starting 01 (e.g. 01712345678). Rocket: 12 digits (the 11-digit mobile number plus its check digit). The column is formatted as Text so the leading 0 is kept.",
    "Amount: in taka, e.g. 5000 or 5,000. Whole taka unless your payrun.toml allows poisha (allow_poisha = true). Above the per-row cap (50,000 by default) a row is invalid.",
    "Remark: optional, sent to the gateway with the payout.",
    "Repeat: a wallet may appear only once per batch. If one person really gets two payouts, add a column named Repeat and write yes on the repeated rows.",
    "",
    "Then: payrun check THIS_FILE.xlsx (nothing is sent). It lists every problem with its row and column, and prints the digest an approver signs off with payrun approve.",
];

/// Why a template could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error(
        "{0}: unknown template type; use a name ending in .xlsx or .csv, e.g. --out payroll.xlsx"
    )]
    Extension(PathBuf),
    #[error("{0}: already exists; payrun never overwrites a sheet. Choose another --out name")]
    Exists(PathBuf),
    #[error("{path}: cannot write the template: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("cannot build the workbook: {0}")]
    Xlsx(#[from] XlsxError),
}

/// The template workbook, ready to save or (in tests) to fill in first.
pub fn workbook() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let header = Format::new().set_bold();
    // Excel's built-in Text format ("@"), which keeps a leading 0 as typed.
    let text = Format::new().set_num_format_index(49);
    let money = Format::new().set_num_format("#,##0.00");
    let ws = wb.add_worksheet();
    ws.set_name(PAYROLL_SHEET)?;
    for (col, (name, width)) in (0u16..).zip(HEADERS) {
        ws.write_string_with_format(0, col, name, &header)?;
        ws.set_column_width(col, width)?;
    }
    let col = |name: &str| {
        (0u16..)
            .zip(HEADERS)
            .find(|(_, (h, _))| *h == name)
            .map_or(0, |(c, _)| c)
    };
    ws.set_column_format(col("Reference"), &text)?;
    ws.set_column_format(col("Wallet"), &text)?;
    ws.set_column_format(col("Amount"), &money)?;
    ws.set_freeze_panes(1, 0)?;
    let provider = DataValidation::new()
        .allow_list_strings(&PROVIDERS)?
        .set_input_title("Provider")?
        .set_input_message("bKash, Nagad or Rocket")?
        .set_error_message("Pick bKash, Nagad or Rocket from the list.")?;
    ws.add_data_validation(1, col("Provider"), LAST_ROW, col("Provider"), &provider)?;
    let wallet = DataValidation::new()
        .allow_any_value()
        .set_input_title("Wallet number")?
        .set_input_message(
            "bKash/Nagad: 11 digits, 01XXXXXXXXX. Rocket: 12 digits. Keep the leading 0.",
        )?;
    ws.add_data_validation(1, col("Wallet"), LAST_ROW, col("Wallet"), &wallet)?;
    let amount = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThan(0.0))
        .set_input_title("Amount in taka")?
        .set_input_message("More than 0, e.g. 5000")?
        .set_error_message("The amount must be a number of taka above 0.")?;
    ws.add_data_validation(1, col("Amount"), LAST_ROW, col("Amount"), &amount)?;

    let help = wb.add_worksheet();
    help.set_name("Instructions")?;
    help.set_column_width(0, 110.0)?;
    let wrap = Format::new().set_text_wrap();
    for (row, line) in (0u32..).zip(INSTRUCTIONS) {
        if row == 0 {
            help.write_string_with_format(row, 0, *line, &header)?;
        } else {
            help.write_string_with_format(row, 0, *line, &wrap)?;
        }
    }
    Ok(wb)
}

/// The CSV template: the header row alone (a CSV has no formats or
/// dropdowns; `payrun check` explains every problem instead).
pub fn csv_text() -> String {
    let names: Vec<&str> = HEADERS.iter().map(|(n, _)| *n).collect();
    format!("{}\n", names.join(","))
}

/// Writes the template chosen by `path`'s extension; never overwrites.
pub fn write(path: &Path) -> Result<(), TemplateError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match ext.as_deref() {
        Some("xlsx") => {
            crate::xlsxtmp::ensure_temp_writable().map_err(|cause| TemplateError::Io {
                path: path.to_path_buf(),
                cause,
            })?;
            workbook()?.save_to_buffer()?
        }
        Some("csv") => csv_text().into_bytes(),
        _ => return Err(TemplateError::Extension(path.to_path_buf())),
    };
    crate::private::write_new(path, &bytes).map_err(|cause| {
        if cause.kind() == std::io::ErrorKind::AlreadyExists {
            TemplateError::Exists(path.to_path_buf())
        } else {
            TemplateError::Io {
                path: path.to_path_buf(),
                cause,
            }
        }
    })
}
