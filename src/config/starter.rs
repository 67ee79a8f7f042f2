//! `payrun config init`: a commented starter payrun.toml. Its shared
//! section is written from the settings table ([`super::keys`]): every key
//! with its doc line, flag, variable and built-in default, so the starter
//! never disagrees with `config show` or the flags. Every key it shows is a
//! real key (a test loads it), so copying a line never produces an "unknown
//! key" error.

use super::key::Group;
use super::keys::SCALARS;
use std::path::Path;

/// Above the shared section.
const HEAD: &str = r#"# payrun.toml: settings for payrun. Precedence: command-line flags, then
# PAYRUN_* environment variables, then this file, then built-in defaults.
# `payrun config show` prints what is in effect and where each value came from.
# Unknown keys are an error, so a typo never goes unnoticed.
#
# The app secret NEVER goes in this file. Put it in a file only you can read
# (chmod 600) and name it with app_secret_file, or set PAYRUN_APP_SECRET.

# --- Shared by every profile -------------------------------------------------

"#;

/// Below the shared section: the tables and the profiles (examples, not
/// defaults).
const TAIL: &str = r#"# [provider_caps]         # per-provider caps in taka, overriding max_amount
# rocket = 25000

# Headers your sheets use that payrun does not recognise by itself. Unlike
# --map, they add to the built-in names: a sheet without them still reads.
# [columns]
# amount = "Net Pay"
# wallet = ["bKash No", "Wallet Number"]

# --- Profiles (pick one with --profile NAME or PAYRUN_PROFILE) ----------------

[profile.sandbox]
# `payrun sandbox` in another terminal; nothing real is paid.
gateway_url = "http://127.0.0.1:8080"
merchant_no = "0000000001"
notify_url = "http://127.0.0.1:8088/callback"
ledger = "payrun-sandbox/ledger.sqlite"   # relative to this file
# export PAYRUN_APP_SECRET=sandbox-secret-0001

[profile.production]
# A profile named production (or with production = true) refuses a plain
# http:// gateway URL unless the host is loopback. TLS is always verified.
gateway_url = "https://gateway.example/bd"
merchant_no = "0000000001"
notify_url = "https://payrun.example.com/callback"
app_secret_file = "/etc/payrun/app-secret"   # chmod 600; trimmed
ledger = "/srv/payrun/ledger.sqlite"
report_dir = "/srv/payrun/reports"
# Maker-checker: submit refuses a sheet whose exact payouts nobody approved
# with `payrun approve SHEET --batch LABEL --by NAME`.
require_approval = true
approval_threshold_taka = 1000000   # above this, two different approvers
# Batches of other labels approved or sent within 24 h count toward the
# tier, so two batches of Tk 6 lakh still need two approvers ("off": per batch).
# approval_window = "24h"
# Signed approvals (docs/operations.md): approvers sign the statement that
# `payrun approve --statement-out` writes with their own SSH key.
# approval_signers = "/etc/payrun/allowed_signers"   # ssh-keygen -Y verify format
# require_signed_approval = true

# The wayCode sent per provider (gateway.md); some gateways use BKASH, NAGAD.
# [profile.production.way_codes]
# bkash = "EWALLET_BKASH"
# nagad = "EWALLET_NAGAD"
# rocket = "EWALLET_ROCKET"

# What the gateway's outer codes mean: invalid_row, systemic, duplicate,
# throttled, not_found, unknown, or uncertain (may have been processed).
# [profile.production.code_classes]
# "1008" = "systemic"
# An outer code that means "accepted" like 0000:
# "200" = "accepted"

# data.status values your gateway documents beyond 0000 (paid), 0015
# (processing) and numeric failure codes: paid, processing, failed,
# not_found (like 1007: believed after the grace period) or unknown. Any
# other word is read as "unknown" and resolved by query, never guessed.
# [profile.production.status_codes]
# "SUCCESS" = "paid"
# "1007" = "not_found"
"#;

/// The starter file. Values at the top apply to every profile; a
/// `[profile.NAME]` section overrides them when picked with `--profile NAME`.
pub fn text() -> String {
    let mut out = String::from(HEAD);
    for group in Group::ALL {
        out.push_str(&format!("# {}.\n", group.heading()));
        for m in SCALARS
            .iter()
            .map(|k| k.meta())
            .filter(|m| m.starter == Some(group))
        {
            let Some(default) = m.builtin_text(super::Ctx {
                command: "",
                sandbox: false,
            }) else {
                continue;
            };
            let mut said = m.doc.to_string();
            let also: Vec<&str> = m.flag_text().into_iter().chain(m.env).collect();
            if !also.is_empty() {
                said.push_str(&format!(" ({})", also.join(", ")));
            }
            if !m.except.is_empty() {
                said.push_str(&format!(" Without this line: {}.", m.default_text()));
            }
            for line in wrap(&said, 76) {
                out.push_str(&format!("# {line}\n"));
            }
            out.push_str(&format!("{} = {}\n\n", m.name, toml_value(default)));
        }
    }
    out.push_str(TAIL);
    out
}

/// A default as a TOML value: numbers and true/false bare, the rest quoted.
fn toml_value(text: &str) -> String {
    let bare = text.parse::<i64>().is_ok() || matches!(text, "true" | "false");
    if bare {
        text.to_string()
    } else {
        format!("{text:?}")
    }
}

/// `text` in lines of at most `width` characters, broken at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Writes the starter file, refusing to overwrite anything.
pub fn write(path: &Path) -> std::io::Result<()> {
    crate::private::write_new(path, text().as_bytes())
}
