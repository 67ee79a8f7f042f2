//! Whether an existing file is one payrun wrote as a report, by what it
//! holds: the only kind of file a report may replace.
//!
//! The guard (`guard`) protected the files payrun knows it reads. On a
//! batch's first run the ledger records no input yet, so a byte copy of
//! the sheet at the report path (a person saving "report.csv" from the
//! sheet, a script's wrong variable) was overwritten, and with it a
//! finance team's only copy. So the rule is the other way round: an
//! existing file is replaced only when it shows itself a payrun report.
//! Each kind says so in its first bytes, and only those are read (a report
//! may be large):
//! - a CSV: its first row is one of payrun's report headers (a check report:
//!   the sheet's own headers, then payrun's verdict columns);
//! - a workbook: its sheets are named as payrun names a report's sheets;
//! - JSON: its `format` tag is one of payrun's;
//! - an approval statement: its first line is the statement's tag.
//!
//! An empty file holds nothing to lose (a path made by `mktemp`) and may be
//! replaced. A report a person edited stays recognisable as long as its
//! header row or sheet names stay.

use std::io::{self, Read};
use std::path::Path;

/// How much of a file is read to recognise it: enough for the longest
/// header payrun writes (a check report of a wide sheet), with room.
const SNIFF: u64 = 64 * 1024;

/// The sheet names of each workbook report payrun writes.
const WORKBOOKS: [&[&str]; 3] = [
    &["Summary", "Rows", "Approvals"],
    &["Summary", "Rows"],
    &["check"],
];

/// `None` when the file at `path` may be replaced by a report (a report
/// payrun wrote, an empty file); otherwise what it looks like instead, for
/// the refusal. A file that cannot be read may be anything: refused.
pub(super) fn not_ours(path: &Path, len: u64) -> Option<String> {
    if len == 0 {
        return None;
    }
    let head = match read_head(path) {
        Ok(h) => h,
        Err(e) => return Some(format!("a file payrun cannot read to recognise ({e})")),
    };
    let ours = if head.starts_with(b"PK\x03\x04") {
        workbook_is_ours(path)
    } else if head.starts_with(crate::approval::statement::MAGIC.as_bytes()) {
        Ok(())
    } else if head.first() == Some(&b'{') {
        json_is_ours(&head)
    } else {
        csv_is_ours(&head)
    };
    ours.err()
}

fn read_head(path: &Path) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    std::fs::File::open(path)?
        .take(SNIFF)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// A JSON report starts with its format tag (`report::json`).
fn json_is_ours(head: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(head);
    let tagged = [super::json::FORMAT_NAME, super::json::MATCH_FORMAT_NAME]
        .iter()
        .any(|f| {
            [": ", ":"]
                .iter()
                .any(|c| text.contains(&format!("\"format\"{c}\"{f}\"")))
        });
    match tagged {
        true => Ok(()),
        false => Err("a JSON file without payrun's report format tag".into()),
    }
}

/// The headers of every CSV file payrun writes as a report or beside one.
fn csv_headers() -> [&'static [&'static str]; 7] {
    [
        &super::batch::COLUMNS,
        &super::match_report::COLUMNS,
        &super::approvals::COLUMNS,
        &super::approvals::COLUMNS_BEFORE_COUNTED,
        &super::csv::summary::BATCH_COLUMNS,
        &super::csv::summary::MATCH_COLUMNS,
        &crate::changes::render::CSV_HEADER,
    ]
}

/// A CSV report's first row is one of payrun's headers.
fn csv_is_ours(head: &[u8]) -> Result<(), String> {
    let body = head.strip_prefix(super::csv::table::BOM).unwrap_or(head);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut first = ::csv::StringRecord::new();
    let read = reader.read_record(&mut first).unwrap_or(false);
    let cells: Vec<&str> = first.iter().collect();
    let check = super::check::EXTRA_COLUMNS;
    let ours = read && (csv_headers().iter().any(|h| cells == *h) || cells.ends_with(&check));
    match ours {
        true => Ok(()),
        false => Err(format!(
            "not a report payrun wrote: its first row ({}) is none of payrun's report headers",
            shown(&cells)
        )),
    }
}

/// A workbook report's sheets are named as payrun names them.
fn workbook_is_ours(path: &Path) -> Result<(), String> {
    use calamine::Reader;
    let names = calamine::open_workbook_auto(path)
        .map(|wb| wb.sheet_names())
        .map_err(|e| format!("not a report payrun wrote: a workbook payrun cannot open ({e})"))?;
    match WORKBOOKS.iter().any(|w| names == *w) {
        true => Ok(()),
        false => Err(format!(
            "not a report payrun wrote: a workbook whose sheets ({}) are not those of a payrun \
             report",
            shown(&names)
        )),
    }
}

/// The first few cells or names, quoted, for the message.
fn shown<S: AsRef<str>>(items: &[S]) -> String {
    let mut out: Vec<String> = items
        .iter()
        .take(4)
        .map(|s| {
            let s = s.as_ref();
            match s.char_indices().nth(40) {
                Some((at, _)) => format!("{}...", crate::text::quoted(&s[..at])),
                None => crate::text::quoted(s),
            }
        })
        .collect();
    if items.len() > 4 {
        out.push("...".into());
    }
    out.join(", ")
}

#[cfg(test)]
#[path = "own_tests.rs"]
mod tests;
