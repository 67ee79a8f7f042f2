//! `payrun config show`: every effective setting and where it came from
//! (flag, env, file:PATH, default). The secret prints as `***`.

use super::{Config, Setting, keys, secret, transport};
use std::fmt::Write as _;

/// The effective configuration as text. `env` is the secret's variable, so
/// tests can render without touching the process environment.
pub fn render(cfg: &Config, secret_env: Option<String>) -> String {
    let mut out = header(cfg);
    let mut warnings = Vec::new();
    let mut rows: Vec<[String; 3]> = scalar_rows(cfg);
    rows.push(secret_row(cfg, secret_env, &mut warnings));
    rows.extend(provider_rows(cfg));
    rows.extend(code_rows(cfg));
    rows.extend(super::approvals::show_rows(cfg));
    for s in &cfg.columns {
        rows.push([
            format!("columns.{}", s.value.field),
            s.value.header.clone(),
            s.source.to_string(),
        ]);
    }
    let w0 = rows.iter().map(|r| r[0].len()).max().unwrap_or(0);
    let w1 = rows
        .iter()
        .map(|r| r[1].chars().count())
        .max()
        .unwrap_or(0)
        .min(48);
    let _ = writeln!(out, "{:w0$}  {:w1$}  source", "key", "value");
    for [k, v, s] in &rows {
        let _ = writeln!(out, "{k:w0$}  {v:w1$}  {s}");
    }
    if let Some(url) = &cfg.gateway_url {
        let profile = cfg.profile.as_ref().map_or("(none)", |p| p.value.as_str());
        match transport::check(&url.value, cfg.is_production(), profile) {
            Ok(Some(w)) => warnings.push(w),
            Ok(None) => {}
            Err(e) => warnings.push(format!("error: {e}")),
        }
    }
    for w in warnings {
        let _ = writeln!(out, "\n{w}");
    }
    out
}

/// Which file, which profile, and whether it pays real money.
fn header(cfg: &Config) -> String {
    let mut out = String::new();
    match &cfg.file {
        Some(f) => {
            let _ = writeln!(
                out,
                "config file: {} (found via {})",
                f.path.display(),
                f.via
            );
            if !f.profiles.is_empty() {
                let _ = writeln!(out, "profiles in it: {}", f.profiles.join(", "));
            }
        }
        None => {
            let _ = writeln!(
                out,
                "config file: none (no --config, no PAYRUN_CONFIG, no ./payrun.toml); built-in defaults apply"
            );
        }
    }
    match &cfg.profile {
        Some(p) => {
            let _ = writeln!(out, "profile: {} (from {})", p.value, p.source);
        }
        None => {
            let _ = writeln!(out, "profile: none (only the top of the file applies)");
        }
    }
    let _ = writeln!(
        out,
        "production: {}\n",
        if cfg.is_production() {
            "yes (plain http:// to a non-loopback gateway is refused)"
        } else {
            "no"
        }
    );
    out
}

/// The secret as `***` and where it comes from, or why it is not usable.
fn secret_row(cfg: &Config, secret_env: Option<String>, warnings: &mut Vec<String>) -> [String; 3] {
    let loaded = secret::load_with(secret_env, cfg.app_secret_file.as_ref(), &mut |w| {
        warnings.push(w)
    });
    match loaded {
        Ok((_, src)) => ["app_secret".to_string(), "***".to_string(), src.to_string()],
        Err(e) => [
            "app_secret".to_string(),
            "(not usable)".to_string(),
            e.to_string(),
        ],
    }
}

/// Per-provider caps, then every provider's wayCode (set or default).
fn provider_rows(cfg: &Config) -> Vec<[String; 3]> {
    let mut rows = Vec::new();
    for (p, s) in &cfg.provider_caps {
        rows.push([
            format!("provider_caps.{}", p.key()),
            s.value.to_plain_taka(),
            s.source.to_string(),
        ]);
    }
    let overridden: Vec<_> = cfg.way_codes.iter().map(|(p, _)| *p).collect();
    for (p, s) in &cfg.way_codes {
        rows.push([
            format!("way_codes.{}", p.key()),
            s.value.clone(),
            s.source.to_string(),
        ]);
    }
    for p in crate::wallet::Provider::ALL
        .into_iter()
        .filter(|p| !overridden.contains(p))
    {
        rows.push([
            format!("way_codes.{}", p.key()),
            p.default_way_code().to_string(),
            "default".into(),
        ]);
    }
    rows
}

/// What each outer code and each `data.status` means, set or default.
fn code_rows(cfg: &Config) -> Vec<[String; 3]> {
    let classes = cfg.code_classes();
    let codes = classes.iter().map(|(code, action)| {
        [
            format!("code_classes.\"{code}\""),
            action_name(action),
            source_of(&cfg.code_classes, code),
        ]
    });
    let statuses = classes.statuses().map(|(status, meaning)| {
        [
            format!("status_codes.\"{status}\""),
            meaning.name().to_string(),
            source_of(&cfg.status_codes, status),
        ]
    });
    codes.chain(statuses).collect()
}

/// Where the file's entry for `code` came from; `default` when no file sets it.
fn source_of<T>(set: &[(String, Setting<T>)], code: &str) -> String {
    set.iter()
        .find(|(c, _)| c == code)
        .map_or_else(|| "default".to_string(), |(_, s)| s.source.to_string())
}

fn action_name(a: crate::codes::CodeAction) -> String {
    match a {
        crate::codes::CodeAction::Uncertain => "uncertain".to_string(),
        crate::codes::CodeAction::Accept => "accepted".to_string(),
        crate::codes::CodeAction::Reject(c) => c.name().to_string(),
    }
}

/// One row per scalar of the settings table: the value some layer set and
/// where it came from, else the table's default.
fn scalar_rows(cfg: &Config) -> Vec<[String; 3]> {
    let named = cfg.profile.as_ref().filter(|p| p.value == "production");
    keys::SCALARS
        .iter()
        .map(|k| k.meta())
        .filter(|m| m.shown)
        .map(|m| {
            let set = cfg.shown.iter().find(|s| s.key == m.name);
            match (set, named) {
                (Some(s), _) => [m.name.to_string(), s.value.clone(), s.source.to_string()],
                (None, Some(p)) if m.name == keys::PRODUCTION.meta.name => [
                    m.name.to_string(),
                    "true".to_string(),
                    format!("the profile's name ({})", p.source),
                ],
                (None, _) => [m.name.to_string(), m.default_text(), "default".to_string()],
            }
        })
        .collect()
}
