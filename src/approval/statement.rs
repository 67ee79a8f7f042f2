//! The approval statement: a short, canonical, human-readable text that an
//! approver reads and signs. It binds the batch label to the payouts digest
//! and states what that means in numbers (rows, totals per provider and
//! overall, in lakh-grouped taka and exact poisha), how the sheet was read,
//! the date, and what changed since the last payroll.
//!
//! The header (up to the first blank line) is `key: value` lines; payrun
//! reads back only the binding keys (role, batch, digest, counts, totals)
//! and compares them, as rendered, with the sheet being approved. Text from
//! the sheet or the user is quoted (`{:?}` for the binding batch label, as
//! statements already signed write it; `text::quoted` elsewhere, which keeps
//! Bengali readable), so no value can forge a line.

use crate::changes::{Changes, render};
use crate::validate::Validated;

#[path = "statement_repeats.rs"]
mod repeats;
pub use repeats::PaidElsewhere;

/// The first line of every statement.
pub const MAGIC: &str = "payrun approval statement v1";
/// A statement is a few KB. It must fit one spreadsheet cell (32,767
/// characters) in the report's Approvals sheet; a file past this is not one.
pub const MAX_STATEMENT_BYTES: u64 = 32_000;

/// What the signature says about the signer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Approves paying the payouts (counts toward the tiers).
    Approve,
    /// Prepared the batch (the maker); never counts as an approval, and the
    /// same principal may not approve.
    Prepare,
}

impl Role {
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Approve => "approve",
            Role::Prepare => "prepare",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "approve" => Some(Role::Approve),
            "prepare" => Some(Role::Prepare),
            _ => None,
        }
    }
}

/// Where a batch's money goes, as its statement says it (the `gateway`
/// line): an approval signed for the sandbox, where people try things out,
/// never counts for the real gateway, nor the other way round.
pub fn gateway_words(sandbox: bool) -> &'static str {
    match sandbox {
        true => "sandbox (no real money)",
        false => "production (real money)",
    }
}

/// Which merchant account pays, as the statement's `merchant` line says it:
/// an approval given for one merchant never sends through another. The
/// number is quoted (it is text a person typed). The in-process sandbox
/// has one merchant, said as `sandbox`.
pub fn merchant_words(sandbox: bool, merchant: Option<&str>) -> String {
    match (sandbox, merchant) {
        (true, _) => "sandbox".to_string(),
        (false, Some(m)) => format!("{m:?}"),
        (false, None) => "(not set)".to_string(),
    }
}

/// Why a statement cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StatementError {
    #[error("not a payrun approval statement: the first line must be {MAGIC:?}")]
    NotAStatement,
    #[error(
        "the statement has Windows line endings (CRLF): it was saved again after payrun wrote it. Write it again with --statement-out and sign it unchanged"
    )]
    Crlf,
    #[error(
        "the statement starts with a UTF-8 byte-order mark (the bytes EF BB BF, invisible in an editor): it was saved again after payrun wrote it, e.g. by Notepad as \"UTF-8 with BOM\". payrun refuses it rather than strip it, because a signature covers the exact bytes signed. Write it again with --statement-out and sign that file unchanged (or save it as plain \"UTF-8\" and sign it again)"
    )]
    Bom,
    #[error("the statement has no {0:?} line")]
    Missing(&'static str),
    #[error("the statement has the {0:?} line twice")]
    Twice(String),
    #[error("the statement's role {0:?} is neither approve nor prepare")]
    Role(String),
    #[error(
        "the statement says {key} {said}, but this sheet's is {now}: the statement is for other content. Write a new one with --statement-out and sign that"
    )]
    Differs {
        key: String,
        said: String,
        now: String,
    },
}

/// Everything a statement says.
pub struct Input<'a> {
    pub role: Role,
    pub label: &'a str,
    /// [`gateway_words`]: the sandbox's, or the real gateway's.
    pub gateway: &'a str,
    /// [`merchant_words`]: the merchant account that pays.
    pub merchant: &'a str,
    pub validated: &'a Validated,
    /// The `--provider` choice (hook: the intake lane adds the flag).
    pub provider: Option<&'a str>,
    /// How the sheet was read: `--sheet`, `--map` and the other choices,
    /// each as the flag a person would type.
    pub reading: &'a [String],
    /// When the statement was written, e.g. `2026-12-04 10:15 UTC`.
    pub date: &'a str,
    /// `None` when there was no ledger to compare with.
    pub changes: Option<&'a Changes>,
    /// Payouts of this sheet another label paid (or may have) recently.
    pub paid_elsewhere: Option<&'a PaidElsewhere>,
}

/// The header lines that bind: they must match the sheet being approved.
fn binding_lines(i: &Input<'_>) -> Vec<(String, String)> {
    binding(i.label, i.gateway, i.merchant, i.validated).0
}

/// The binding lines before the sheet's name in a statement.
const HEAD: usize = 5;

/// What a statement of `validated` under `label` at `gateway` must say in
/// its header: the label, gateway, merchant, digest, row count and every
/// total. Not the sheet's bytes (`sheet sha256`, shown to the reader): the
/// digest is the content, so the same payouts re-sorted or re-saved are the
/// same approved payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding(Vec<(String, String)>);

/// The [`Binding`] of a content: what `submit` holds a signed statement's
/// words to, as `approve --signature` does when recording it.
pub fn binding(label: &str, gateway: &str, merchant: &str, v: &Validated) -> Binding {
    let mut out = vec![
        ("batch".to_string(), format!("{label:?}")),
        ("gateway".to_string(), gateway.to_string()),
        ("merchant".to_string(), merchant.to_string()),
        ("payouts digest".to_string(), v.digest.clone()),
        ("payouts".to_string(), v.payouts.len().to_string()),
    ];
    for t in v.by_provider().into_iter().filter(|t| t.count > 0) {
        out.push((
            format!("total {}", t.provider.key()),
            format!(
                "Tk {} = {} poisha in {} payouts",
                t.total,
                t.total.poisha(),
                t.count
            ),
        ));
    }
    let total = v.total().unwrap_or_default();
    out.push((
        "total".to_string(),
        format!("Tk {} = {} poisha", total, total.poisha()),
    ));
    Binding(out)
}

/// The statement text, LF line endings, ending in a newline, at most
/// [`MAX_STATEMENT_BYTES`]: when the changes are too many to list, fewer are
/// listed one by one (all are counted, and all are in the check report).
pub fn render(i: &Input<'_>) -> String {
    let (mut wallets, mut other) = (
        render::STATEMENT_WALLET_LINES,
        render::STATEMENT_OTHER_LINES,
    );
    loop {
        let text = render_within(i, wallets, other);
        if text.len() as u64 <= MAX_STATEMENT_BYTES || (wallets == 0 && other == 0) {
            return text;
        }
        (wallets, other) = (wallets / 2, other / 2);
    }
}

fn render_within(i: &Input<'_>, wallets: usize, other: usize) -> String {
    let v = i.validated;
    let mut lines = vec![MAGIC.to_string(), format!("role: {}", i.role.as_str())];
    let binding = binding_lines(i);
    let (head, totals) = binding.split_at(HEAD.min(binding.len()));
    for (k, val) in head {
        lines.push(format!("{k}: {val}"));
    }
    // Not a binding line: quoted as written, Bengali file names readable.
    lines.push(format!("sheet: {}", crate::text::quoted(&v.file_name)));
    lines.push(format!("sheet sha256: {}", v.sheet.file_sha256));
    for (k, val) in totals {
        lines.push(format!("{k}: {val}"));
    }
    lines.push(format!(
        "provider: {}",
        i.provider
            .map(|p| format!("{p:?}"))
            .unwrap_or_else(|| "(as each row says)".into())
    ));
    lines.push(format!(
        "reading: {}",
        if i.reading.is_empty() {
            "(defaults)".to_string()
        } else {
            i.reading.join(" ")
        }
    ));
    lines.push(format!("date: {}", i.date));
    lines.push(String::new());
    match i.changes {
        Some(c) => lines.extend(render::statement_lines_within(c, wallets, other)),
        None => lines.push(
            "Changes since the last payroll: not compared (no ledger to compare with).".into(),
        ),
    }
    if let Some(p) = i.paid_elsewhere {
        lines.push(String::new());
        lines.extend(p.render());
    }
    lines.push(String::new());
    lines.push(match i.role {
        Role::Approve => format!(
            "By signing this statement I approve paying exactly these payouts under batch {:?}.",
            i.label
        ),
        Role::Prepare => format!(
            "By signing this statement I confirm that I prepared these payouts for batch {:?}. It is not an approval.",
            i.label
        ),
    });
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

/// A statement's header, as written.
#[derive(Debug, Clone)]
pub struct Header {
    pub role: Role,
    fields: Vec<(String, String)>,
}

impl Header {
    /// Reads the header: the magic line, then `key: value` lines up to the
    /// first blank line. A key given twice refuses the statement: a person
    /// might read one and payrun the other.
    pub fn parse(text: &str) -> Result<Header, StatementError> {
        if text.starts_with('\u{feff}') {
            return Err(StatementError::Bom);
        }
        if text.contains("\r\n") {
            return Err(StatementError::Crlf);
        }
        let mut lines = text.split('\n');
        if lines.next() != Some(MAGIC) {
            return Err(StatementError::NotAStatement);
        }
        let mut fields: Vec<(String, String)> = Vec::new();
        for line in lines {
            if line.is_empty() {
                break;
            }
            let Some((k, v)) = line.split_once(": ") else {
                continue;
            };
            if fields.iter().any(|(seen, _)| seen == k) {
                return Err(StatementError::Twice(k.to_string()));
            }
            fields.push((k.to_string(), v.to_string()));
        }
        let role = fields
            .iter()
            .find(|(k, _)| k == "role")
            .map(|(_, v)| v.clone())
            .ok_or(StatementError::Missing("role"))?;
        let role = Role::parse(&role).ok_or(StatementError::Role(role))?;
        Ok(Header { role, fields })
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The total the statement states, in poisha (`total: Tk ... = N
    /// poisha`); `None` when it states none payrun can read.
    pub fn stated_total(&self) -> Option<crate::money::Amount> {
        let (_, poisha) = self.get("total")?.rsplit_once(" = ")?;
        let n = poisha.strip_suffix(" poisha")?.parse::<i64>().ok()?;
        Some(crate::money::Amount::from_poisha(n))
    }

    /// Checks the header against what the ledger recorded of an approval
    /// whose sheet is not at hand (another label's, `approve --verify`):
    /// its payout count and total, as [`binding`] writes them.
    pub fn check_recorded(
        &self,
        payouts: u64,
        total: crate::money::Amount,
    ) -> Result<(), StatementError> {
        self.check_pairs(&[
            ("payouts".to_string(), payouts.to_string()),
            (
                "total".to_string(),
                format!("Tk {} = {} poisha", total, total.poisha()),
            ),
        ])
    }

    /// Each key says the value given, as written.
    fn check_pairs(&self, pairs: &[(String, String)]) -> Result<(), StatementError> {
        for (k, now) in pairs {
            let said = self.get(k).unwrap_or("(nothing)");
            if said != now {
                return Err(StatementError::Differs {
                    key: k.clone(),
                    said: said.to_string(),
                    now: now.clone(),
                });
            }
        }
        Ok(())
    }

    /// The batch label as written (quoted).
    pub fn says_batch(&self, label: &str) -> bool {
        self.get("batch") == Some(format!("{label:?}").as_str())
    }

    /// Checks that the header binds exactly the content of `i`: the label,
    /// gateway, merchant, digest, row count and every total. Anything else (the date, the
    /// changes, how the sheet was read) is for the reader.
    pub fn check_binds(&self, i: &Input<'_>) -> Result<(), StatementError> {
        self.check_binding(&binding(i.label, i.gateway, i.merchant, i.validated))
    }

    /// [`Header::check_binds`] against a [`Binding`] made beforehand.
    pub fn check_binding(&self, b: &Binding) -> Result<(), StatementError> {
        let expected = &b.0;
        self.check_pairs(expected)?;
        // A total for a provider the sheet does not pay is a difference too.
        if let Some((k, v)) = self
            .fields
            .iter()
            .find(|(k, _)| k.starts_with("total") && !expected.iter().any(|(e, _)| e == k))
        {
            return Err(StatementError::Differs {
                key: k.clone(),
                said: v.clone(),
                now: "no such total".into(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "statement_tests.rs"]
pub(crate) mod tests;
