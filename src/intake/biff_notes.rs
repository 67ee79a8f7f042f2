//! Cell comments (notes) of an `.xls` sheet substream ([MS-XLS] 2.4.179
//! Note, 2.4.181 Obj with its FtCmo, 2.4.329 TxO and the Continue records
//! after it that hold its text).
//!
//! A comment is drawn as an object: an OBJ record whose FtCmo says a note
//! (`ot` 0x19) and gives its id, then a TXO whose text (`cchText`
//! characters) follows in CONTINUE records, each opening with a byte that
//! says 8-bit (0) or UTF-16 (1) characters. The NOTE records at the end of
//! the substream place each object id on a cell. Every count is bounded by
//! the records read.

use super::u16_at;
use crate::intake::comments::{CellComment, MAX_COMMENTS, keep};
use std::collections::HashMap;

/// The comments of one sheet substream, as its records are read.
#[derive(Debug, Default)]
pub(super) struct Notes {
    /// The id of the last note object (OBJ) read.
    object: Option<u16>,
    /// The note whose text the next CONTINUE records hold, and the
    /// characters of it still to come.
    open: Option<(u16, usize)>,
    texts: HashMap<u16, String>,
    /// NOTE records: (0-based row, column, object id).
    placed: Vec<(u16, u16, u16)>,
}

impl Notes {
    /// Reads one record of the substream.
    pub(super) fn record(&mut self, typ: u16, d: &[u8]) -> Result<(), String> {
        match typ {
            // OBJ: its first subrecord is the FtCmo (ft 0x15).
            0x005D => {
                self.open = None;
                self.object = (u16_at(d, 0) == Some(0x0015) && u16_at(d, 4) == Some(0x0019))
                    .then(|| u16_at(d, 6))
                    .flatten();
            }
            // TXO: the text of the object just read.
            0x01B6 => {
                self.open = self
                    .object
                    .take()
                    .map(|id| (id, usize::from(u16_at(d, 10).unwrap_or(0))));
            }
            // CONTINUE: the text, while characters are still to come.
            0x003C => {
                if let Some((id, left)) = self.open.as_mut().filter(|(_, left)| *left > 0) {
                    let text = self.texts.entry(*id).or_default();
                    *left = left.saturating_sub(chars(d, text, *left));
                }
            }
            // NOTE: where an object's comment sits.
            0x001C => {
                if let (Some(r), Some(c), Some(id)) = (u16_at(d, 0), u16_at(d, 2), u16_at(d, 6)) {
                    if self.placed.len() >= MAX_COMMENTS {
                        return Err(format!("more than {MAX_COMMENTS} comments"));
                    }
                    self.placed.push((r, c, id));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Each placed comment with its text.
    pub(super) fn finish(self) -> Vec<CellComment> {
        self.placed
            .into_iter()
            .filter_map(|(r, c, id)| {
                let text = self.texts.get(&id)?;
                (!text.trim().is_empty()).then(|| CellComment {
                    row: usize::from(r) + 1,
                    col: usize::from(c),
                    text: text.clone(),
                })
            })
            .collect()
    }
}

/// Adds the characters of one CONTINUE record `d` of a text to `text`, at
/// most `left` of them; how many it held.
fn chars(d: &[u8], text: &mut String, left: usize) -> usize {
    let Some((&flag, body)) = d.split_first() else {
        return 0;
    };
    let s: String = if flag & 0x01 == 0 {
        body.iter().take(left).map(|&b| char::from(b)).collect()
    } else {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(left)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    let n = if flag & 0x01 == 0 {
        body.len().min(left)
    } else {
        (body.len() / 2).min(left)
    };
    keep(text, &s);
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_object_its_text_and_its_cell_make_a_comment() {
        let mut n = Notes::default();
        // OBJ: FtCmo ft 0x15, cb 0x12, ot 0x19 (note), id 7.
        let obj = [0x15, 0, 0x12, 0, 0x19, 0, 7, 0];
        n.record(0x005D, &obj).unwrap();
        let mut txo = vec![0u8; 18];
        txo[10] = 4;
        n.record(0x01B6, &txo).unwrap();
        n.record(0x003C, &[0, b'H', b'O']).unwrap();
        n.record(0x003C, &[1, b'L', 0, b'D', 0]).unwrap();
        // The formatting runs after the text are not text.
        n.record(0x003C, &[0, 1, 2, 3]).unwrap();
        n.record(0x001C, &[2, 0, 4, 0, 0, 0, 7, 0]).unwrap();
        // A NOTE whose object has no text is no comment.
        n.record(0x001C, &[3, 0, 1, 0, 0, 0, 9, 0]).unwrap();
        assert_eq!(
            n.finish(),
            vec![CellComment {
                row: 3,
                col: 4,
                text: "HOLD".into()
            }]
        );
    }
}
