//! Data flows one way (docs/architecture.md): no module of `src/` imports one
//! later in the pipeline, and the leaves import only leaves. The rank table
//! below is the one statement of that order; a new top-level module fails
//! this test until it is given a rank.

mod scan;

use scan::{Reference, references};
use std::path::Path;

/// Leaves: imported by anything, import only other leaves.
const LEAF: u8 = 0;
/// The top: the commands, the CLI, the error they gather, the sandbox, the
/// template and `testing` (what tests may reach). They may import anything;
/// nothing but the top imports them.
const TOP: u8 = u8::MAX;

/// Every top-level module of `src/` and its rank in the pipeline. A module
/// may import a leaf or a module of a lower rank, never one of its own rank
/// (siblings) or a higher one.
const RANKS: &[(&str, u8)] = &[
    ("codes", LEAF),
    ("config", LEAF),
    ("exit", LEAF),
    ("fields", LEAF),
    ("http", LEAF),
    ("log", LEAF),
    ("money", LEAF),
    ("out", LEAF),
    ("private", LEAF),
    ("secret", LEAF),
    ("text", LEAF),
    ("time", LEAF),
    ("wallet", LEAF),
    ("xlsxtmp", LEAF),
    ("intake", 1),
    ("validate", 2),
    ("plan", 3),
    ("ledger", 4),
    ("gateway", 5),
    ("policy", 6),
    ("engine", 7),
    ("submit", 8),
    ("settle", 8),
    ("listen", 8),
    ("changes", 8),
    ("statement", 8),
    ("approval", 9),
    ("matching", 9),
    ("report", 10),
    ("cli", TOP),
    ("cmd", TOP),
    ("error", TOP),
    ("sandbox", TOP),
    ("template", TOP),
    ("testing", TOP),
];

fn rank(module: &str) -> Option<u8> {
    RANKS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

/// What is wrong with one reference, if anything.
fn violation(r: &Reference) -> Option<String> {
    let at = format!("src/{}:{}: {} -> {}", r.file, r.line, r.from, r.to);
    let (Some(from), Some(to)) = (rank(&r.from), rank(&r.to)) else {
        return Some(format!(
            "{at}: a module without a rank in tests/layering.rs"
        ));
    };
    let fine = from == TOP || to == LEAF || (to < from && to != TOP);
    (!fine).then(|| match (from, to) {
        (LEAF, TOP) => format!("{at}: a leaf imports {} (the top)", r.to),
        (LEAF, _) => format!("{at}: a leaf imports {} (rank {to})", r.to),
        (_, TOP) => format!("{at}: only the top may import {}", r.to),
        _ if from == to => format!("{at}: siblings at rank {to} import each other"),
        _ => format!("{at}: rank {from} reaches up to rank {to}"),
    })
}

/// Every violation in a set of files (paths relative to `src/`).
fn violations(files: &[(String, String)]) -> Vec<String> {
    references(files).iter().filter_map(violation).collect()
}

fn read_tree(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            read_tree(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(base).expect("under src/");
            let rel = rel.to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("a readable source file");
            out.push((rel, text));
        }
    }
}

fn src() -> Vec<(String, String)> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    read_tree(&base, &base, &mut files);
    files
}

#[test]
fn no_module_imports_one_later_in_the_pipeline() {
    let files = src();
    let found = references(&files);
    assert!(
        found.len() > 100,
        "the scan found only {} references",
        found.len()
    );
    let wrong: Vec<String> = found.iter().filter_map(violation).collect();
    assert!(wrong.is_empty(), "back-references:\n{}", wrong.join("\n"));
}

#[test]
fn every_top_level_module_has_a_rank() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut unranked = Vec::new();
    for entry in std::fs::read_dir(&base).expect("src/") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .to_string();
        let module = path.is_dir() || path.extension().is_some_and(|e| e == "rs");
        if module && name != "lib" && name != "main" && rank(&name).is_none() {
            unranked.push(name);
        }
    }
    assert!(unranked.is_empty(), "give these a rank: {unranked:?}");
}

fn sample(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

#[test]
fn the_checker_finds_each_kind_of_back_reference() {
    let files = sample(&[
        ("config/mod.rs", "use crate::gateway::CodeClasses;\n"),
        (
            "money/mod.rs",
            "use crate::{wallet::Provider, intake::Cell};\n",
        ),
        ("log.rs", "fn f() { let _ = crate::ledger::time::now(); }\n"),
        (
            "ledger/writer/apply.rs",
            "use super::super::super::engine::Halt;\n",
        ),
        ("statement/mod.rs", "use crate::matching::Match;\n"),
        ("settle/mod.rs", "use crate::listen::Listener;\n"),
        ("report/mod.rs", "impl From<E> for crate::error::Error {}\n"),
        ("validate/mod.rs", "use crate::mystery::Thing;\n"),
        ("config/keys.rs", "use crate::cli::Cli;\n"),
        ("lib.rs", "pub use error::Error;\n"),
        ("ledger/mod.rs", "fn f() -> crate::Error { todo!() }\n"),
    ]);
    let wrong = violations(&files);
    let expect = [
        "src/config/mod.rs:1: config -> gateway: a leaf imports gateway (rank 5)",
        "src/money/mod.rs:1: money -> intake: a leaf imports intake (rank 1)",
        "src/log.rs:1: log -> ledger: a leaf imports ledger (rank 4)",
        "src/ledger/writer/apply.rs:1: ledger -> engine: rank 4 reaches up to rank 7",
        "src/statement/mod.rs:1: statement -> matching: rank 8 reaches up to rank 9",
        "src/settle/mod.rs:1: settle -> listen: siblings at rank 8 import each other",
        "src/report/mod.rs:1: report -> error: only the top may import error",
        "src/validate/mod.rs:1: validate -> mystery: a module without a rank in tests/layering.rs",
        "src/config/keys.rs:1: config -> cli: a leaf imports cli (the top)",
        "src/ledger/mod.rs:1: ledger -> error: only the top may import error",
    ];
    assert_eq!(wrong, expect);
}

#[test]
fn the_checker_skips_tests_comments_strings_and_doc_links() {
    let code = r##"//! See [`crate::report`] for the output.
use crate::money::Amount; // not crate::report
/* crate::engine::Run */
const URL: &str = "crate::report";
const RAW: &str = r#"crate::engine " still raw"#;
const Q: char = '"';
fn f<'a>(x: &'a str) -> &'a str { x }
#[cfg(test)]
mod tests {
    use crate::report::Report;
    fn g() { let _ = '}'; }
}
#[cfg(test)]
mod report_tests;
#[cfg(all(test, unix))]
fn helper() { crate::engine::go(); }
use super::intake::Cell;
"##;
    let files = sample(&[
        ("validate/mod.rs", code),
        ("validate/report_tests.rs", "use crate::report::X;\n"),
        ("validate/tests.rs", "use crate::report::X;\n"),
        ("validate/tests/deep.rs", "use crate::report::X;\n"),
        ("validate/sub/more_tests.rs", "use crate::report::X;\n"),
    ]);
    let found = references(&files);
    let to: Vec<&str> = found.iter().map(|r| r.to.as_str()).collect();
    assert_eq!(to, ["money", "intake"], "{found:?}");
    assert!(violations(&files).is_empty());
}

#[test]
fn the_checker_lets_the_top_import_anything_and_leaves_import_leaves() {
    let files = sample(&[
        ("cmd/submit/mod.rs", "use crate::{report, engine::Run};\n"),
        ("cmd/submit/send.rs", "use super::super::helpers::x;\n"),
        (
            "config/mod.rs",
            "use crate::{codes::CodeAction, secret::Secret};\n",
        ),
        (
            "engine/mod.rs",
            "use crate::{policy, gateway::Client, ledger};\n",
        ),
        (
            "money/mod.rs",
            "pub mod serde_poisha {\n    use super::Amount;\n}\n",
        ),
    ]);
    assert!(references(&files).len() >= 7);
    assert!(violations(&files).is_empty(), "{:?}", violations(&files));
}
