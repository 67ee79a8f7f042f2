//! Finding the header row and matching its columns to the fields payrun needs.
//!
//! Sheets come from many hands: a title row or two above the header, headers
//! in any case, `Amount (BDT)` or `Taka`. Matching is by alias after folding
//! case and punctuation, and `--map field="Header"` overrides it. A required
//! column that cannot be found stops the run: guessing which column holds the
//! money is not something a payout tool may do.

use std::fmt;

/// A column payrun reads from the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Wallet,
    Amount,
    Provider,
    Name,
    Reference,
    Remark,
    /// A yes/no column that marks a repeated wallet as intended.
    Repeat,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Wallet,
        Field::Amount,
        Field::Provider,
        Field::Name,
        Field::Reference,
        Field::Remark,
        Field::Repeat,
    ];

    /// The name used by `--map` and in messages.
    pub const fn key(self) -> &'static str {
        match self {
            Field::Wallet => "wallet",
            Field::Amount => "amount",
            Field::Provider => "provider",
            Field::Name => "name",
            Field::Reference => "reference",
            Field::Remark => "remark",
            Field::Repeat => "repeat",
        }
    }

    /// Without these a row cannot be paid at all.
    pub const fn required(self) -> bool {
        matches!(self, Field::Wallet | Field::Amount | Field::Provider)
    }

    /// Header spellings, already folded (lower case, letters and digits only).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Wallet => &[
                "wallet",
                "walletid",
                "walletno",
                "walletnumber",
                "walletaccount",
                "mobile",
                "mobileno",
                "mobilenumber",
                "accountno",
                "accountnumber",
                "account",
                "phone",
                "phoneno",
                "phonenumber",
                "msisdn",
                "মোবাইল",
                "মোবাইলনম্বর",
            ],
            Field::Amount => &[
                "amount",
                "amountbdt",
                "amounttk",
                "amounttaka",
                "taka",
                "tk",
                "bdt",
                "টাকা",
                "পরিমাণ",
            ],
            Field::Provider => &[
                "waycode",
                "provider",
                "method",
                "channel",
                "paymentmethod",
                "paymentchannel",
                "mfs",
                "walletprovider",
                "wallettype",
            ],
            Field::Name => &[
                "name",
                "fullname",
                "employeename",
                "employee",
                "payee",
                "payeename",
                "beneficiary",
                "নাম",
            ],
            Field::Reference => &[
                "reference",
                "ref",
                "refno",
                "referenceno",
                "referencenumber",
                "employeeid",
                "empid",
                "employeeno",
                "staffid",
                "id",
                "invoice",
                "invoiceno",
            ],
            Field::Remark => &[
                "remark",
                "remarks",
                "note",
                "notes",
                "memo",
                "comment",
                "description",
            ],
            Field::Repeat => &[
                "repeat",
                "allowrepeat",
                "repeatok",
                "intendedrepeat",
                "repeatintended",
            ],
        }
    }

    /// Reads a `--map` field name.
    pub fn from_key(key: &str) -> Option<Field> {
        let k = fold(key);
        Field::ALL
            .into_iter()
            .find(|f| f.key() == k || f.aliases().contains(&k.as_str()))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.key())
    }
}

/// `--map amount="Net Pay"`: read this field from the column with this header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnOverride {
    pub field: Field,
    pub header: String,
}

impl std::str::FromStr for ColumnOverride {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let Some((field, header)) = s.split_once('=') else {
            return Err(format!(
                "expected FIELD=HEADER, e.g. amount=\"Net Pay\"; got {s:?}"
            ));
        };
        let field = Field::from_key(field.trim()).ok_or_else(|| {
            format!(
                "unknown field {:?}; use one of: {}",
                field.trim(),
                Field::ALL.map(Field::key).join(", ")
            )
        })?;
        let header = header.trim().trim_matches('"').trim().to_string();
        if header.is_empty() {
            return Err(format!("--map {field}= needs a header name"));
        }
        Ok(ColumnOverride { field, header })
    }
}

/// Which column (0-based) holds each field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    cols: [Option<usize>; 7],
}

impl ColumnMap {
    pub fn get(&self, field: Field) -> Option<usize> {
        self.cols.get(field as usize).copied().flatten()
    }

    fn set(&mut self, field: Field, col: usize) {
        if let Some(slot) = self.cols.get_mut(field as usize) {
            *slot = Some(col);
        }
    }

    /// The field a column was matched to, if any.
    pub fn field_of(&self, col: usize) -> Option<Field> {
        Field::ALL.into_iter().find(|f| self.get(*f) == Some(col))
    }
}

/// Case and punctuation fold: `Amount (BDT)` -> `amountbdt`.
pub(crate) fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || is_bengali_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Bengali vowel signs and the virama are not alphanumeric in Unicode's
/// sense, but they are part of the word.
fn is_bengali_mark(c: char) -> bool {
    ('\u{0980}'..='\u{09FF}').contains(&c)
}

/// Why no usable header row was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnsProblem(pub String);

/// The outcome of header detection over the first rows of a sheet.
#[derive(Debug, Clone)]
pub struct HeaderMatch {
    /// Index (0-based, among the rows given) of the header row.
    pub index: usize,
    pub columns: ColumnMap,
    /// Things worth telling the user (an unnamed column, an ignored duplicate).
    pub notes: Vec<String>,
}

/// How far down a sheet the header may sit.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header among `rows` (each a list of cell texts): the first row
/// holding every required field. When none does, the error names what is
/// missing, the headers of the most header-like row, and the closest match.
pub fn detect_header(
    rows: &[(usize, Vec<String>)],
    overrides: &[ColumnOverride],
) -> Result<HeaderMatch, ColumnsProblem> {
    let mut best: Option<(usize, usize, Attempt)> = None;
    for (index, (_, cells)) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let attempt = match_row(cells, overrides);
        if let Some(problem) = attempt.ambiguity.clone()
            && attempt.required_found() >= 2
        {
            return Err(ColumnsProblem(problem));
        }
        if attempt.missing_required().is_empty() {
            return Ok(HeaderMatch {
                index,
                columns: attempt.map,
                notes: attempt.notes,
            });
        }
        let score = attempt.required_found() * 10 + attempt.found();
        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, index, attempt));
        }
    }
    let Some((_, index, attempt)) = best else {
        return Err(ColumnsProblem("no rows to find a header in".into()));
    };
    let headers = rows.get(index).map(|(_, c)| c.as_slice()).unwrap_or(&[]);
    let row_no = rows.get(index).map_or(0, |(n, _)| *n);
    Err(ColumnsProblem(missing_message(
        headers,
        row_no,
        &attempt.missing_required(),
        &attempt.map,
        overrides,
    )))
}

struct Attempt {
    map: ColumnMap,
    notes: Vec<String>,
    ambiguity: Option<String>,
}

impl Attempt {
    fn missing_required(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| f.required() && self.map.get(*f).is_none())
            .collect()
    }
    fn required_found(&self) -> usize {
        3 - self.missing_required().len()
    }
    fn found(&self) -> usize {
        Field::ALL
            .into_iter()
            .filter(|f| self.map.get(*f).is_some())
            .count()
    }
}

fn col_letter(col: usize) -> String {
    super::column_letter(col)
}

fn match_row(cells: &[String], overrides: &[ColumnOverride]) -> Attempt {
    let mut map = ColumnMap::default();
    let mut notes = Vec::new();
    let mut ambiguity = None;
    let folded: Vec<String> = cells.iter().map(|c| fold(c)).collect();
    for o in overrides {
        let want = o.header.trim();
        let col = cells
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case(want))
            .or_else(|| {
                folded
                    .iter()
                    .position(|f| !f.is_empty() && *f == fold(want))
            });
        if let Some(col) = col {
            map.set(o.field, col);
        }
    }
    let overridden = |f: Field| overrides.iter().any(|o| o.field == f);
    let taken = |map: &ColumnMap, col: usize| map.field_of(col).is_some();
    for field in Field::ALL {
        if overridden(field) {
            continue;
        }
        let hits: Vec<usize> = folded
            .iter()
            .enumerate()
            .filter(|(col, f)| field.aliases().contains(&f.as_str()) && !taken(&map, *col))
            .map(|(col, _)| col)
            .collect();
        // `wallet` names the provider in some sheets; when another column
        // clearly holds the number, the bare `wallet` column is the provider.
        let hits = if field == Field::Wallet && hits.len() > 1 {
            let bare: Vec<usize> = hits
                .iter()
                .copied()
                .filter(|c| folded.get(*c).is_some_and(|f| f == "wallet"))
                .collect();
            if bare.len() == 1 && map.get(Field::Provider).is_none() && !overridden(Field::Provider)
            {
                let has_provider_alias = folded
                    .iter()
                    .any(|f| Field::Provider.aliases().contains(&f.as_str()));
                if !has_provider_alias {
                    map.set(Field::Provider, bare[0]);
                }
            }
            hits.into_iter().filter(|c| !taken(&map, *c)).collect()
        } else {
            hits
        };
        match hits.as_slice() {
            [] => {}
            [col] => map.set(field, *col),
            [first, rest @ ..] => {
                if field.required() || field == Field::Reference {
                    let names: Vec<String> = hits
                        .iter()
                        .map(|c| {
                            format!(
                                "{:?} (column {})",
                                cells.get(*c).map_or("", |s| s.as_str()),
                                col_letter(*c)
                            )
                        })
                        .collect();
                    ambiguity.get_or_insert(format!(
                        "more than one column could be the {field}: {}; choose one with --map {field}=\"HEADER\"",
                        names.join(", ")
                    ));
                } else {
                    map.set(field, *first);
                    for c in rest {
                        notes.push(format!(
                            "column {} {:?} also looks like the {field}; only column {} is read",
                            col_letter(*c),
                            cells.get(*c).map_or("", |s| s.as_str()),
                            col_letter(*first)
                        ));
                    }
                }
            }
        }
    }
    if map.get(Field::Wallet).is_some() && map.get(Field::Amount).is_some() {
        for (col, c) in cells.iter().enumerate() {
            if c.trim().is_empty()
                && cells
                    .iter()
                    .skip(col + 1)
                    .any(|later| !later.trim().is_empty())
            {
                notes.push(format!(
                    "column {} has no header (a merged header cell?); its cells are kept in the report but not read",
                    col_letter(col)
                ));
            }
        }
    }
    Attempt {
        map,
        notes,
        ambiguity,
    }
}

fn missing_message(
    headers: &[String],
    row_no: usize,
    missing: &[Field],
    map: &ColumnMap,
    overrides: &[ColumnOverride],
) -> String {
    let found: Vec<String> = headers
        .iter()
        .filter(|h| !h.trim().is_empty())
        .map(|h| format!("{:?}", h.trim()))
        .collect();
    let mut lines = Vec::new();
    let names: Vec<&str> = missing.iter().map(|f| f.key()).collect();
    lines.push(format!(
        "no column for the required field{} {}",
        if missing.len() == 1 { "" } else { "s" },
        names.join(", ")
    ));
    if found.is_empty() {
        lines.push("  no headers found in the first rows".to_string());
    } else {
        lines.push(format!(
            "  headers found (row {row_no}): {}",
            found.join(", ")
        ));
    }
    for field in missing {
        if let Some(o) = overrides.iter().find(|o| o.field == *field) {
            let closest = closest_header(headers, &[fold(&o.header).as_str()], map);
            lines.push(format!(
                "  --map {field}={:?}: no such header{}",
                o.header,
                closest
                    .map(|h| format!("; closest match: {h:?}"))
                    .unwrap_or_default()
            ));
            continue;
        }
        match closest_header(headers, field.aliases(), map) {
            Some(h) => lines.push(format!(
                "  {field}: closest match {h:?}; if that is it, add --map {field}={h:?}"
            )),
            None => lines.push(format!(
                "  {field}: nothing close; name the column with --map {field}=\"HEADER\""
            )),
        }
    }
    lines.join("\n")
}

/// The unused header most similar to any alias, if it is similar enough to be
/// a useful hint rather than noise.
fn closest_header<'a>(headers: &'a [String], aliases: &[&str], map: &ColumnMap) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for (col, h) in headers.iter().enumerate() {
        let f = fold(h);
        if f.is_empty() || map.field_of(col).is_some() {
            continue;
        }
        for a in aliases {
            let score = strsim::jaro_winkler(&f, a);
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, h.trim()));
            }
        }
    }
    best.filter(|(s, _)| *s >= 0.7).map(|(_, h)| h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[&[&str]]) -> Vec<(usize, Vec<String>)> {
        v.iter()
            .enumerate()
            .map(|(i, r)| (i + 1, r.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn finds_header_under_title_rows_with_aliases() {
        let r = rows(&[
            &["Acme Ltd payroll", "", ""],
            &["November 2026"],
            &[
                "Employee ID",
                "Name",
                "Wallet Number",
                "Method",
                "Amount (BDT)",
                "Note",
            ],
        ]);
        let m = detect_header(&r, &[]).unwrap();
        assert_eq!(m.index, 2);
        assert_eq!(m.columns.get(Field::Reference), Some(0));
        assert_eq!(m.columns.get(Field::Wallet), Some(2));
        assert_eq!(m.columns.get(Field::Provider), Some(3));
        assert_eq!(m.columns.get(Field::Amount), Some(4));
        assert_eq!(m.columns.get(Field::Remark), Some(5));
    }

    #[test]
    fn case_insensitive_and_bare_wallet_as_provider() {
        let r = rows(&[&["MOBILE", "TAKA", "wallet"]]);
        let m = detect_header(&r, &[]).unwrap();
        assert_eq!(m.columns.get(Field::Wallet), Some(0));
        assert_eq!(m.columns.get(Field::Provider), Some(2));
    }

    #[test]
    fn map_overrides_and_missing_lists_headers_and_closest() {
        let r = rows(&[&["walletId", "Net Pay", "wayCode"]]);
        let err = detect_header(&r, &[]).unwrap_err().0;
        assert!(err.contains("amount"), "{err}");
        assert!(
            err.contains("\"walletId\", \"Net Pay\", \"wayCode\""),
            "{err}"
        );
        let o: ColumnOverride = "amount=\"Net Pay\"".parse().unwrap();
        let m = detect_header(&r, &[o]).unwrap();
        assert_eq!(m.columns.get(Field::Amount), Some(1));

        let r = rows(&[&["wallet", "amout", "provider"]]);
        let err = detect_header(&r, &[]).unwrap_err().0;
        assert!(err.contains("closest match \"amout\""), "{err}");
    }

    #[test]
    fn two_amount_columns_are_ambiguous() {
        let r = rows(&[&["wallet", "amount", "provider", "taka"]]);
        let err = detect_header(&r, &[]).unwrap_err().0;
        assert!(
            err.contains("more than one column could be the amount"),
            "{err}"
        );
    }

    #[test]
    fn bad_map_arguments() {
        assert!("amount".parse::<ColumnOverride>().is_err());
        assert!("salary=Pay".parse::<ColumnOverride>().is_err());
        assert!("amount=".parse::<ColumnOverride>().is_err());
        let o: ColumnOverride = "Wallet = Bkash No".parse().unwrap();
        assert_eq!((o.field, o.header.as_str()), (Field::Wallet, "Bkash No"));
    }

    #[test]
    fn column_letters() {
        assert_eq!(col_letter(0), "A");
        assert_eq!(col_letter(25), "Z");
        assert_eq!(col_letter(26), "AA");
        assert_eq!(col_letter(701), "ZZ");
        assert_eq!(col_letter(702), "AAA");
    }
}
