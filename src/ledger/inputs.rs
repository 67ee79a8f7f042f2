//! Every file the ledger records as read: the sheets of batches (sent or
//! approved) and the provider statements matched. A report path must never
//! replace one of them (`report::guard`): an auditor re-checks a batch, and
//! `--adopt` rebuilds one, from exactly those bytes.

use super::{Ledger, LedgerError};

/// One input file as the ledger records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownInput {
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// The file name as it was read.
    pub file_name: String,
    /// What it was to payrun, said for a person: "the sheet of batch 'june'".
    pub role: String,
}

const KNOWN_INPUTS: &str = "
    SELECT r.input_sha256, COALESCE(r.input_file, ''),
           'the sheet of batch ''' || COALESCE(b.label, '?') || ''''
      FROM runs r LEFT JOIN batches b ON b.id = r.batch_id
     WHERE r.input_sha256 IS NOT NULL
    UNION
    SELECT a.input_sha256, COALESCE(a.input_file, ''),
           'the sheet approved for batch ''' || a.batch_label || ''''
      FROM approvals a WHERE a.input_sha256 IS NOT NULL
    UNION
    SELECT s.file_sha256, s.file_name, 'a provider statement matched'
      FROM statements s";

impl Ledger {
    /// Every input file the ledger records, one row per (digest, name, role).
    pub fn known_inputs(&self) -> Result<Vec<KnownInput>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare(KNOWN_INPUTS)
            .map_err(LedgerError::sql("read the input files"))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(KnownInput {
                    sha256: r.get::<_, String>(0)?.to_ascii_lowercase(),
                    file_name: r.get(1)?,
                    role: r.get(2)?,
                })
            })
            .map_err(LedgerError::sql("read the input files"))?;
        rows.collect::<Result<_, _>>()
            .map_err(LedgerError::sql("read the input files"))
    }
}

#[cfg(test)]
mod tests {
    use crate::ledger::tests::temp_ledger;

    #[test]
    fn a_new_ledger_knows_no_input() {
        let (_dir, ledger) = temp_ledger();
        assert_eq!(ledger.known_inputs().unwrap(), vec![]);
    }
}
