//! Digests that let a run tell whether the report it is about to write would
//! say anything new (see `ledger::reports` for why that matters).

use super::ReportError;
use super::model::ReportData;
use crate::intake::hex;
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::path::Path;

/// A digest of what the report says: every row and total, the inputs, the
/// approvals and the payrun version, but not when the report was generated nor
/// when the last run finished. Two runs that leave the batch exactly as it was
/// give the same digest; any change to a status, a tradeNo, an attempt count
/// or a total gives a different one.
pub fn content_digest(data: &ReportData) -> Result<String, ReportError> {
    let mut summary = data.summary.clone();
    summary.generated_at.clear();
    summary.finished_at = None;
    let mut h = HashWriter(Sha256::new());
    serde_json::to_writer(&mut h, &(&summary, &data.rows))
        .map_err(|e| ReportError::Json(e.to_string()))?;
    Ok(hex(&h.0.finalize()))
}

/// A digest of the bytes of `files`, in order; each file's length goes in
/// first so that moving bytes from one file to the next changes it.
pub fn files_digest<P: AsRef<Path>>(files: &[P]) -> io::Result<String> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    for path in files {
        let mut f = std::fs::File::open(path)?;
        h.update(f.metadata()?.len().to_le_bytes());
        loop {
            let n = f.read(&mut buf)?;
            if n == 0 {
                break;
            }
            h.update(buf.get(..n).unwrap_or_default());
        }
    }
    Ok(hex(&h.finalize()))
}

struct HashWriter(Sha256);

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Amount;
    use crate::report::model::{ReportRow, RowStatus};
    use crate::report::summary::{SheetTotals, SummaryHeader};

    fn data(status: RowStatus) -> ReportData {
        let mut r = ReportRow::new("01712345678", status);
        r.amount = Some(Amount::from_poisha(10000));
        r.trade_no = Some("PR-1".into());
        let sheet = SheetTotals {
            rows: 1,
            amount: Amount::from_poisha(10000),
        };
        ReportData::build(SummaryHeader::default(), sheet, vec![r]).unwrap()
    }

    #[test]
    fn content_digest_ignores_when_but_not_what() {
        let a = data(RowStatus::Processing);
        let mut b = a.clone();
        b.summary.generated_at = "2030-01-01 00:00:00".into();
        b.summary.finished_at = Some("2030-01-01 00:00:00".into());
        assert_eq!(content_digest(&a).unwrap(), content_digest(&b).unwrap());
        let paid = data(RowStatus::Paid);
        assert_ne!(content_digest(&a).unwrap(), content_digest(&paid).unwrap());
        let mut retried = a.clone();
        retried.rows[0].attempts += 1;
        assert_ne!(
            content_digest(&a).unwrap(),
            content_digest(&retried).unwrap()
        );
    }

    #[test]
    fn files_digest_sees_edits_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let (x, y) = (dir.path().join("x"), dir.path().join("y"));
        std::fs::write(&x, b"ab").unwrap();
        std::fs::write(&y, b"c").unwrap();
        let both = files_digest(&[&x, &y]).unwrap();
        assert_eq!(both, files_digest(&[&x, &y]).unwrap());
        std::fs::write(&x, b"a").unwrap();
        std::fs::write(&y, b"bc").unwrap();
        assert_ne!(both, files_digest(&[&x, &y]).unwrap(), "same bytes, moved");
        std::fs::remove_file(&y).unwrap();
        assert!(files_digest(&[&x, &y]).is_err());
    }
}
