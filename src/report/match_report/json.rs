//! The match report as JSON, for machines: amounts in integer poisha,
//! `summary` with a count per class, `rows` with `trade_no`,
//! `platform_trade_no` and `class` on every item.

use super::model::MatchReport;
use crate::report::ReportError;
use serde::{Deserialize, Serialize};

/// What a consumer checks before trusting the rest of the file.
pub const FORMAT_NAME: &str = "payrun-match";
/// Bumped only when a field changes meaning; new fields do not bump it.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Doc {
    format: String,
    format_version: u32,
    #[serde(flatten)]
    report: MatchReport,
}

pub(super) fn render(report: &MatchReport) -> Result<Vec<u8>, ReportError> {
    #[derive(Serialize)]
    struct DocRef<'a> {
        format: &'a str,
        format_version: u32,
        #[serde(flatten)]
        report: &'a MatchReport,
    }
    let doc = DocRef {
        format: FORMAT_NAME,
        format_version: FORMAT_VERSION,
        report,
    };
    let mut out = serde_json::to_vec_pretty(&doc).map_err(|e| ReportError::Json(e.to_string()))?;
    out.push(b'\n');
    Ok(out)
}

/// Reads a match report back, refusing anything that is not one.
pub fn parse(bytes: &[u8]) -> Result<MatchReport, ReportError> {
    let doc: Doc = serde_json::from_slice(bytes).map_err(|e| ReportError::Json(e.to_string()))?;
    if doc.format != FORMAT_NAME {
        return Err(ReportError::Json(format!(
            "format is {:?}, expected {FORMAT_NAME:?}",
            doc.format
        )));
    }
    Ok(doc.report)
}
