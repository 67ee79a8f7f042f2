//! One declaration per record the ledger reads: each field names its type,
//! the SQL that selects it and how its stored value is read, and the
//! [`record!`] macro makes from that one list the struct, the SELECT list
//! and the decoder.
//!
//! Before, each record was three lists kept in step by hand: the struct, a
//! column list, and a decoder reading by position (`r.get(12)` meaning the
//! thirteenth name in a string elsewhere). A column added to one and not
//! the others read the wrong value, or a value of another column, without a
//! word. Now the position of a field in the declaration is its position in
//! the SELECT list, and the two cannot drift.
//!
//! A reader is `fn(&Row, usize) -> rusqlite::Result<T>`: [`get`] for a value
//! stored as it is read, the others for the ledger's own encodings, each
//! written once here (and `state_col`/`provider_col` in `store.rs`).

use crate::money::Amount;
use crate::time::from_text;
use rusqlite::Row;
use rusqlite::types::FromSql;
use std::time::SystemTime;

/// Declares a record the ledger reads: the struct (with its derives and
/// docs), `const COLUMNS: &str`, the SELECT list of the fields' SQL in the
/// declared order, and `fn decode(&Row) -> rusqlite::Result<Record>`, which
/// reads each field with its reader at that same position. A query that
/// yields the record selects exactly `COLUMNS` and decodes with `decode`.
///
/// A field is the column of its own name, read as its type (`pub id: i64`),
/// unless it says otherwise: its reader (`= state_col`), its SQL, or both
/// (`= poisha("amount_poisha")`, `= get("b.label")`).
///
/// Fields after a `;` (`given`) are not columns: what the caller knows
/// about the rows, passed to `decode` as arguments in their order.
macro_rules! record {
    (
        $(#[$sm:meta])*
        $svis:vis struct $T:ident {
            $( $(#[$fm:meta])* $fvis:vis $f:ident: $ty:ty $(= $read:ident $(($col:expr))?)? ),+
            $(; given $( $(#[$gm:meta])* $gvis:vis $g:ident: $gty:ty ),+ )? $(,)?
        }
        select $cvis:vis const $COLUMNS:ident;
        decode $dvis:vis fn $decode:ident;
    ) => {
        $(#[$sm])*
        $svis struct $T {
            $( $(#[$fm])* $fvis $f: $ty, )+
            $($( $(#[$gm])* $gvis $g: $gty, )+)?
        }

        #[doc = concat!("The columns [`", stringify!($decode), "`] reads, in its order: every query that yields [`", stringify!($T), "`]s selects exactly these.")]
        $cvis const $COLUMNS: &str = $crate::ledger::record::columns!(
            $( $crate::ledger::record::column!($f $($(, $col)?)?) ),+
        );

        #[doc = concat!("Decodes a row selected with [`", stringify!($COLUMNS), "`].")]
        $dvis fn $decode(
            r: &rusqlite::Row<'_>,
            $($( $g: $gty, )+)?
        ) -> rusqlite::Result<$T> {
            let mut at = $crate::ledger::record::Cursor::default();
            Ok($T {
                $( $f: $crate::ledger::record::reader!($($read)?)(r, at.next())?, )+
                $($( $g, )+)?
            })
        }
    };
}

/// A field's SQL: the column of its own name unless it names another.
macro_rules! column {
    ($f:ident) => {
        stringify!($f)
    };
    ($f:ident, $col:expr) => {
        $col
    };
}

/// A field's reader: [`get`] unless it names another.
macro_rules! reader {
    () => {
        $crate::ledger::record::get
    };
    ($read:ident) => {
        $read
    };
}

/// The SELECT list: the columns' SQL joined by `, `, at compile time.
macro_rules! columns {
    ($c0:expr $(, $c:expr)*) => {
        concat!($c0 $(, ", ", $c)*)
    };
}

pub(crate) use {column, columns, reader, record};

/// The position of the next column a decoder reads: the fields' order.
#[derive(Default)]
pub(crate) struct Cursor(usize);

impl Cursor {
    pub(crate) fn next(&mut self) -> usize {
        let at = self.0;
        self.0 += 1;
        at
    }
}

/// A value stored as the field's type.
pub(crate) fn get<T: FromSql>(r: &Row<'_>, at: usize) -> rusqlite::Result<T> {
    r.get(at)
}

/// An amount, stored as whole poisha.
pub(crate) fn poisha(r: &Row<'_>, at: usize) -> rusqlite::Result<Amount> {
    Ok(Amount::from_poisha(r.get(at)?))
}

/// A count stored as SQLite's INTEGER (see [`super::sql::count`]).
pub(crate) fn count(r: &Row<'_>, at: usize) -> rusqlite::Result<u64> {
    Ok(super::sql::count(r.get(at)?))
}

/// A count that may be absent.
pub(crate) fn opt_count(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<u64>> {
    Ok(r.get::<_, Option<i64>>(at)?.map(super::sql::count))
}

/// A sheet row number. The schema keeps it positive; a damaged one reads
/// as 0 (no such row) rather than aborting a report.
pub(crate) fn row_no(r: &Row<'_>, at: usize) -> rusqlite::Result<usize> {
    Ok(usize::try_from(r.get::<_, i64>(at)?).unwrap_or(0))
}

/// A sheet row number that may be absent (a payout adopted without a
/// sheet); a damaged one reads as absent.
pub(crate) fn opt_row_no(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<usize>> {
    Ok(r.get::<_, Option<i64>>(at)?
        .and_then(|n| usize::try_from(n).ok()))
}

/// A ledger timestamp (see [`crate::time`]); one that does not read as a
/// time is treated as absent.
pub(crate) fn opt_time(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<SystemTime>> {
    Ok(r.get::<_, Option<String>>(at)?
        .as_deref()
        .and_then(from_text))
}

/// A list stored one item a line.
pub(crate) fn lines(r: &Row<'_>, at: usize) -> rusqlite::Result<Vec<String>> {
    let text: String = r.get(at)?;
    Ok(text.lines().map(str::to_string).collect())
}
