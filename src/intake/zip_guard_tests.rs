//! ZIP guard tests: sizes that lie, ratios no sheet has, parts too big.

use super::*;
use std::io::Write;

/// An archive of these parts, deflated: the sheets and ODS tests build
/// theirs with it too.
pub(crate) fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    for (name, body) in parts {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(body).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

/// Rewrites the uncompressed size every header of the archive declares.
fn declare(mut bytes: Vec<u8>, size: u32) -> Vec<u8> {
    for (sig, at) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let mut i = 0;
        while let Some(p) = bytes[i..].windows(4).position(|w| w == sig) {
            let o = i + p + at;
            bytes[o..o + 4].copy_from_slice(&size.to_le_bytes());
            i = i + p + 4;
        }
    }
    bytes
}

#[test]
fn a_real_workbook_passes() {
    let xml = "<sst>".to_string() + &"<si><t>Rahim Uddin</t></si>".repeat(10_000) + "</sst>";
    assert_eq!(
        check(&zip_of(&[("xl/sharedStrings.xml", xml.as_bytes())])),
        Ok(())
    );
    assert_eq!(check(b"not a zip"), Ok(()));
}

#[test]
fn a_part_that_expands_past_its_declared_size_is_stopped_there() {
    // 10 MB of zeros that say they are 1 KB: read 1 KB and one byte, then refused.
    let zeros = vec![0u8; 10 * 1024 * 1024];
    let bomb = declare(zip_of(&[("xl/sharedStrings.xml", &zeros)]), 1024);
    let e = check(&bomb).unwrap_err();
    assert!(
        e.contains("xl/sharedStrings.xml") && e.contains("1024 bytes"),
        "{e}"
    );
}

#[test]
fn declared_sizes_too_big_or_too_compressed_are_refused_unread() {
    let small = zip_of(&[("xl/sharedStrings.xml", &[b'a'; 4096][..])]);
    let e = check(&declare(small.clone(), u32::MAX)).unwrap_err();
    assert!(e.contains("more than payrun reads"), "{e}");
    // 64 MB from a few bytes: hundreds to one.
    let e = check(&declare(small, 64 * 1024 * 1024)).unwrap_err();
    assert!(e.contains("to one") && e.contains("zip bomb"), "{e}");
}
