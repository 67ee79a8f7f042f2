//! Finds the references from one top-level module of `src/` to another:
//! `crate::x`, `use crate::{x, y::z}` and `super::super::x` chains that climb
//! to the crate root, in code that is compiled outside tests. Comments, doc
//! links and string literals are blanked first; `#[cfg(test)]` items, the
//! files of `#[cfg(test)] mod x;`, `*_tests.rs`, `tests.rs` and `tests/`
//! folders are skipped, because a test may reach anywhere.
//!
//! Written by hand rather than with `syn`: a token scan of this shape is all
//! the check needs, and the crate adds no dev-dependency for it.

use std::collections::BTreeSet;

/// One reference from a module to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub from: String,
    pub to: String,
    /// The file, relative to `src/`, and its 1-based line.
    pub file: String,
    pub line: usize,
}

/// Every cross-module reference in `files` (paths relative to `src/`, with
/// `/` separators, and their text).
pub fn references(files: &[(String, String)]) -> Vec<Reference> {
    let mut test_modules = BTreeSet::new();
    let blanked: Vec<(&String, String)> = files
        .iter()
        .filter(|(path, _)| !is_test_file(path))
        .map(|(path, text)| {
            let (code, test_mods) = without_tests(&blank(text));
            for m in test_mods {
                test_modules.insert(format!("{}{m}", module_dir(path)));
            }
            (path, code)
        })
        .collect();
    let aliases = files
        .iter()
        .find(|(path, _)| path == "lib.rs")
        .map(|(_, text)| root_aliases(&blank(text)))
        .unwrap_or_default();
    let mut out = Vec::new();
    for (path, code) in blanked {
        let skipped = test_modules
            .iter()
            .any(|m| path.as_str() == format!("{m}.rs") || path.starts_with(&format!("{m}/")));
        if !skipped {
            out.extend(file_references(path, &code).into_iter().map(|mut r| {
                if let Some((_, module)) = aliases.iter().find(|(name, _)| *name == r.to) {
                    r.to = module.clone();
                }
                r
            }));
        }
    }
    out
}

/// What `lib.rs` re-exports at the crate root (`pub use error::Error;`),
/// as (name, the module it comes from), so `crate::Error` counts as `error`.
fn root_aliases(lib: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for stmt in lib.split(';') {
        let Some(path) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let module = lead_ident(path);
        let tail = path.rsplit("::").next().unwrap_or("");
        let names = tail.trim_matches(|c| c == '{' || c == '}' || c == ' ');
        for name in names.split(',') {
            let name = name.rsplit(" as ").next().unwrap_or("").trim();
            if !name.is_empty() && name != module {
                out.push((name.to_string(), module.clone()));
            }
        }
    }
    out
}

fn is_test_file(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    let name = parts.last().copied().unwrap_or("");
    name.ends_with("_tests.rs") || name == "tests.rs" || parts.contains(&"tests")
}

/// The module path of a file: `cmd/submit/mod.rs` is `[cmd, submit]`,
/// `cmd/submit/begin.rs` is `[cmd, submit, begin]`.
fn module_path(path: &str) -> Vec<String> {
    let mut parts: Vec<String> = path.split('/').map(str::to_string).collect();
    if let Some(last) = parts.pop()
        && last != "mod.rs"
        && last != "lib.rs"
        && last != "main.rs"
    {
        parts.push(last.trim_end_matches(".rs").to_string());
    }
    parts
}

/// Where a file's child modules live: `a/mod.rs` -> `a/`, `a/b.rs` -> `a/b/`.
fn module_dir(path: &str) -> String {
    let m = module_path(path);
    if m.is_empty() {
        String::new()
    } else {
        format!("{}/", m.join("/"))
    }
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn keep_newline(c: char) -> char {
    if c == '\n' { '\n' } else { ' ' }
}

/// The text with comments and the insides of string and char literals
/// replaced by spaces; lines stay where they were.
pub fn blank(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c[i] == '/' && next == Some('*') {
            i = block_comment(&c, i, &mut out);
        } else if c[i] == 'r' && starts_raw(&c, i) {
            i = raw_string(&c, i, &mut out);
        } else if c[i] == '"' {
            i = string(&c, i, &mut out);
        } else if c[i] == '\'' && (next == Some('\\') || c.get(i + 2) == Some(&'\'')) {
            // A char literal ('x', '\n', '\u{..}'); otherwise a lifetime.
            let mut j = if next == Some('\\') { i + 3 } else { i + 2 };
            while j < c.len() && c[j] != '\'' {
                j += 1;
            }
            for _ in i..=j.min(c.len() - 1) {
                out.push(' ');
            }
            i = j + 1;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

fn block_comment(c: &[char], mut i: usize, out: &mut String) -> usize {
    let mut depth = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('*') {
            depth += 1;
            out.push_str("  ");
            i += 2;
        } else if c[i] == '*' && next == Some('/') {
            depth -= 1;
            out.push_str("  ");
            i += 2;
            if depth == 0 {
                break;
            }
        } else {
            out.push(keep_newline(c[i]));
            i += 1;
        }
    }
    i
}

fn starts_raw(c: &[char], i: usize) -> bool {
    let before_ok =
        i == 0 || !is_ident(c[i - 1]) || (c[i - 1] == 'b' && (i < 2 || !is_ident(c[i - 2])));
    let mut j = i + 1;
    while c.get(j) == Some(&'#') {
        j += 1;
    }
    before_ok && c.get(j) == Some(&'"')
}

fn raw_string(c: &[char], i: usize, out: &mut String) -> usize {
    let mut j = i + 1;
    let mut hashes = 0;
    while c.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    out.push('r');
    out.push_str(&"#".repeat(hashes));
    out.push('"');
    j += 1;
    while j < c.len() {
        if c[j] == '"' && (0..hashes).all(|k| c.get(j + 1 + k) == Some(&'#')) {
            out.push('"');
            out.push_str(&"#".repeat(hashes));
            return j + 1 + hashes;
        }
        out.push(keep_newline(c[j]));
        j += 1;
    }
    j
}

fn string(c: &[char], mut i: usize, out: &mut String) -> usize {
    out.push('"');
    i += 1;
    while i < c.len() && c[i] != '"' {
        if c[i] == '\\' {
            out.push(' ');
            i += 1;
        }
        if i < c.len() {
            out.push(keep_newline(c[i]));
            i += 1;
        }
    }
    if i < c.len() {
        out.push('"');
        i += 1;
    }
    i
}

/// The index just past the bracket that closes the one at `open`.
fn matching(c: &[char], open: usize) -> usize {
    let (o, cl) = (c[open], if c[open] == '[' { ']' } else { '}' });
    let mut depth = 0;
    for (j, &ch) in c.iter().enumerate().skip(open) {
        if ch == o {
            depth += 1;
        } else if ch == cl {
            depth -= 1;
            if depth == 0 {
                return j + 1;
            }
        }
    }
    c.len()
}

/// Blanks every item under a `#[cfg(...)]` that holds only under test, and
/// returns the names of the file modules it declared (`mod x;`).
pub fn without_tests(code: &str) -> (String, Vec<String>) {
    let mut c: Vec<char> = code.chars().collect();
    let mut mods = Vec::new();
    let mut i = 0;
    while i + 1 < c.len() {
        if !(c[i] == '#' && c[i + 1] == '[') {
            i += 1;
            continue;
        }
        let end = matching(&c, i + 1);
        let attr: String = c[i..end].iter().filter(|ch| !ch.is_whitespace()).collect();
        let test_only = attr.starts_with("#[cfg(")
            && (attr.contains("(test") || attr.contains(",test"))
            && !attr.contains("not(test");
        if !test_only {
            i = end;
            continue;
        }
        let stop = item_end(&c, end, &mut mods);
        for ch in &mut c[i..stop] {
            *ch = keep_newline(*ch);
        }
        i = stop;
    }
    (c.into_iter().collect(), mods)
}

/// Where the item after an attribute ends: its `;` or its closing brace.
fn item_end(c: &[char], mut j: usize, mods: &mut Vec<String>) -> usize {
    let head_start = j;
    while j < c.len() {
        match c[j] {
            '#' if c.get(j + 1) == Some(&'[') => j = matching(c, j + 1),
            ';' => {
                let head: String = c[head_start..j].iter().collect();
                let words: Vec<&str> = head.split_whitespace().collect();
                if let Some(p) = words.iter().position(|w| *w == "mod")
                    && let Some(name) = words.get(p + 1)
                {
                    mods.push(name.to_string());
                }
                return j + 1;
            }
            '{' => return matching(c, j),
            _ => j += 1,
        }
    }
    j
}

fn file_references(path: &str, code: &str) -> Vec<Reference> {
    let here = module_path(path);
    let Some(from) = here.first().cloned() else {
        return Vec::new();
    };
    let c: Vec<char> = code.chars().collect();
    let inline = inline_modules(&c);
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let starts_word = i == 0 || !(is_ident(c[i - 1]) || c[i - 1] == '$' || c[i - 1] == ':');
        let rest: String = c[i..c.len().min(i + 7)].iter().collect();
        let root_after = if starts_word && rest.starts_with("crate::") {
            Some(i + 7)
        } else if starts_word && rest.starts_with("super::") {
            let mut j = i;
            let mut n = 0;
            while c[j..].starts_with(&['s', 'u', 'p', 'e', 'r', ':', ':']) {
                n += 1;
                j += 7;
            }
            let nested = inline.iter().filter(|(a, b)| *a < i && i < *b).count();
            (n >= here.len() + nested).then_some(j)
        } else {
            None
        };
        if let Some(at) = root_after {
            let line = c[..i].iter().filter(|ch| **ch == '\n').count() + 1;
            for to in targets(&c, at) {
                if to != from {
                    out.push(Reference {
                        from: from.clone(),
                        to,
                        file: path.to_string(),
                        line,
                    });
                }
            }
        }
        i += 1;
    }
    out
}

/// The spans of inline modules (`mod x { .. }`): `super::` inside one
/// climbs to the file's own module first.
fn inline_modules(c: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for i in 0..c.len() {
        let starts_word = i == 0 || !is_ident(c[i - 1]);
        if !(starts_word && c[i..].starts_with(&['m', 'o', 'd', ' '])) {
            continue;
        }
        let mut j = i + 4;
        while j < c.len() && (is_ident(c[j]) || c[j].is_whitespace()) {
            j += 1;
        }
        if c.get(j) == Some(&'{') {
            spans.push((j, matching(c, j)));
        }
    }
    spans
}

/// The top-level names after `crate::`: one ident, or each item of a group.
fn targets(c: &[char], mut at: usize) -> Vec<String> {
    while at < c.len() && c[at].is_whitespace() {
        at += 1;
    }
    if c.get(at) == Some(&'{') {
        let end = matching(c, at);
        let inner: String = c[at + 1..end.saturating_sub(1)].iter().collect();
        let mut depth = 0;
        let mut items = vec![String::new()];
        for ch in inner.chars() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => items.push(String::new()),
                _ => {}
            }
            if let Some(last) = items.last_mut() {
                last.push(ch);
            }
        }
        return items
            .iter()
            .map(|item| lead_ident(item.trim_start_matches(',')))
            .filter(|name| !name.is_empty() && name != "self")
            .collect();
    }
    vec![lead_ident(
        &c[at..c.len().min(at + 64)].iter().collect::<String>(),
    )]
}

fn lead_ident(s: &str) -> String {
    s.trim_start()
        .chars()
        .take_while(|c| is_ident(*c))
        .collect()
}
