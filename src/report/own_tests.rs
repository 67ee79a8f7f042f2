//! Recognising payrun's own reports by their first bytes.

use super::not_ours;

fn judge(name: &str, bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).expect("write");
    not_ours(&p, bytes.len() as u64)
}

#[test]
fn a_sheet_or_another_file_is_not_a_report_and_payruns_own_are() {
    let sheet = b"Employee ID,Name,Wallet,Provider,Amount\nE-1,Rahim,01712345678,bKash,500\n";
    let why = judge("copy.csv", sheet).expect("a sheet is not a report");
    assert!(why.contains("\"Employee ID\""), "{why}");
    assert!(judge("x.json", b"{\"rows\": []}").is_some());
    assert!(judge("x.xlsx", b"PK\x03\x04 not really a workbook").is_some());
    assert_eq!(judge("empty.csv", b""), None, "nothing to lose");

    let mut batch = super::super::csv::table::BOM.to_vec();
    batch.extend_from_slice(super::super::batch::COLUMNS.join(",").as_bytes());
    batch.extend_from_slice(b"\r\n2,E-1,Rahim\r\n");
    assert_eq!(judge("r.csv", &batch), None);
    let check =
        "Employee ID,Wallet,row,status,normalized_wallet,provider_code,amount_poisha,issues\n";
    assert_eq!(judge("c.csv", check.as_bytes()), None);
    let json = "{\n  \"format\": \"payrun-report\",\n  \"format_version\": 1,\n";
    assert_eq!(judge("r.json", json.as_bytes()), None);
    let statement = format!("{}\nbatch: nov\n", crate::approval::statement::MAGIC);
    assert_eq!(judge("s.txt", statement.as_bytes()), None);
}
