//! docs/operations.md's "Every key" table, made from the settings table so
//! that the two cannot drift: a test (`the_docs_table_is_the_settings_table`)
//! compares the text between [`BEGIN`] and [`END`] in the docs with
//! [`settings_table`].

use super::keys::{SCALARS, TABLES};

/// The markers around the generated table in docs/operations.md.
pub const BEGIN: &str = "<!-- settings table: generated from src/config/keys.rs; do not edit -->";
pub const END: &str = "<!-- end of settings table -->";

/// The Markdown table of every key: its flag, its variable, its default
/// and what it means.
pub fn settings_table() -> String {
    let mut out =
        String::from("| key | flag | environment | default | meaning |\n|---|---|---|---|---|\n");
    let code = |s: Option<&str>| s.map_or_else(|| "—".to_string(), |s| format!("`{s}`"));
    for k in SCALARS {
        let m = k.meta();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            m.name,
            code(m.flag_text()),
            code(m.env),
            m.default_markdown(),
            m.doc
        ));
    }
    for t in TABLES {
        let name = if t.list {
            format!("`{}`", t.name)
        } else {
            format!("`[{}]`", t.name)
        };
        out.push_str(&format!(
            "| {name} | {} | — | {} | {} |\n",
            code(t.flag),
            (t.default)(),
            t.doc
        ));
    }
    out
}

/// `docs` with the generated part replaced by `table`, if both markers are
/// there (`PAYRUN_UPDATE_DOCS=1 cargo test --lib the_docs_table` writes it).
pub fn with_table(docs: &str, table: &str) -> Option<String> {
    let start = docs.find(BEGIN)? + BEGIN.len();
    let len = docs.get(start..)?.find(END)?;
    let (head, tail) = (docs.get(..start)?, docs.get(start + len..)?);
    Some(format!("{head}\n{}\n{tail}", table.trim_end()))
}

/// The generated part of `docs` (between the markers), if both are there.
pub fn generated_part(docs: &str) -> Option<&str> {
    let start = docs.find(BEGIN)? + BEGIN.len();
    let len = docs.get(start..)?.find(END)?;
    docs.get(start..start + len).map(|s| s.trim_matches('\n'))
}
