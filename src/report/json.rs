//! JSON, for machines: the same content as the other formats, with stable
//! field names (documented in `docs/auditors.md`) and every amount in
//! integer poisha, exact, never a float. Each document starts with a format
//! tag (`payrun-report`, `payrun-match`) and a version, which a consumer
//! checks before trusting the rest.

use super::match_report::MatchReport;
use super::model::ReportData;
use super::{Exporter, Rendered, ReportError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub(crate) struct JsonExporter;

/// The batch report's format tag.
pub const FORMAT_NAME: &str = "payrun-report";
/// The match report's format tag.
pub const MATCH_FORMAT_NAME: &str = "payrun-match";
/// Bumped only when a field changes meaning; new fields do not bump it.
pub const FORMAT_VERSION: u32 = 1;

/// A JSON document: a format tag, then the report itself.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonReport<R = ReportData> {
    pub format: String,
    pub format_version: u32,
    #[serde(flatten)]
    pub report: R,
}

/// The borrowed twin of [`JsonReport`], so rendering does not copy the rows.
#[derive(Serialize)]
struct JsonReportRef<'a, R> {
    format: &'a str,
    format_version: u32,
    #[serde(flatten)]
    report: &'a R,
}

fn render<R: Serialize>(format: &str, report: &R) -> Result<Rendered, ReportError> {
    let doc = JsonReportRef {
        format,
        format_version: FORMAT_VERSION,
        report,
    };
    let mut out = serde_json::to_vec_pretty(&doc).map_err(|e| ReportError::Json(e.to_string()))?;
    out.push(b'\n');
    Ok(Rendered::alone(out))
}

/// Reads a document back, refusing anything not tagged `format`.
fn parse_as<R: DeserializeOwned>(bytes: &[u8], format: &str) -> Result<R, ReportError> {
    let doc: JsonReport<R> =
        serde_json::from_slice(bytes).map_err(|e| ReportError::Json(e.to_string()))?;
    if doc.format != format {
        return Err(ReportError::Json(format!(
            "format is {:?}, expected {format:?}",
            doc.format
        )));
    }
    Ok(doc.report)
}

impl Exporter<ReportData> for JsonExporter {
    fn render(&self, data: &ReportData) -> Result<Rendered, ReportError> {
        render(FORMAT_NAME, data)
    }
}

impl Exporter<MatchReport> for JsonExporter {
    fn render(&self, report: &MatchReport) -> Result<Rendered, ReportError> {
        render(MATCH_FORMAT_NAME, report)
    }
}

/// Reads a batch report back, refusing anything that is not one.
pub fn parse(bytes: &[u8]) -> Result<ReportData, ReportError> {
    parse_as(bytes, FORMAT_NAME)
}
