//! The JSON report, for machines: the same content as the other formats,
//! with stable field names (documented in `docs/auditors.md`) and every amount
//! in integer poisha, exact, never a float.

use super::model::ReportData;
use super::{Exporter, ReportError};
use serde::{Deserialize, Serialize};

pub(crate) struct JsonExporter;

/// What a consumer checks before trusting the rest of the file.
pub const FORMAT_NAME: &str = "payrun-report";
/// Bumped only when a field changes meaning; new fields do not bump it.
pub const FORMAT_VERSION: u32 = 1;

/// The JSON document: a format tag, then the report itself.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonReport {
    pub format: String,
    pub format_version: u32,
    #[serde(flatten)]
    pub report: ReportData,
}

/// The borrowed twin of [`JsonReport`], so rendering does not copy the rows.
#[derive(Serialize)]
struct JsonReportRef<'a> {
    format: &'a str,
    format_version: u32,
    #[serde(flatten)]
    report: &'a ReportData,
}

impl Exporter for JsonExporter {
    fn render(&self, data: &ReportData) -> Result<Vec<u8>, ReportError> {
        let doc = JsonReportRef {
            format: FORMAT_NAME,
            format_version: FORMAT_VERSION,
            report: data,
        };
        let mut out =
            serde_json::to_vec_pretty(&doc).map_err(|e| ReportError::Json(e.to_string()))?;
        out.push(b'\n');
        Ok(out)
    }
}

/// Reads a JSON report back, refusing anything that is not one.
pub fn parse(bytes: &[u8]) -> Result<ReportData, ReportError> {
    let doc: JsonReport =
        serde_json::from_slice(bytes).map_err(|e| ReportError::Json(e.to_string()))?;
    if doc.format != FORMAT_NAME {
        return Err(ReportError::Json(format!(
            "format is {:?}, expected {FORMAT_NAME:?}",
            doc.format
        )));
    }
    Ok(doc.report)
}
