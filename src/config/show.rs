//! `payrun config show`: every effective setting and where it came from
//! (flag, env, file:PATH, default). The secret prints as `***`.

use super::{Config, Setting, keys, secret, transport};
use std::fmt::Display;
use std::fmt::Write as _;

/// The effective configuration as text. `env` is the secret's variable, so
/// tests can render without touching the process environment.
pub fn render(cfg: &Config, secret_env: Option<String>) -> String {
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
    let mut rows: Vec<[String; 3]> = Vec::new();
    let mut add = |name: &str, value: Option<String>, source: Option<String>, default: &str| {
        rows.push(match (value, source) {
            (Some(v), Some(s)) => [name.to_string(), v, s],
            _ => [name.to_string(), default.to_string(), "default".to_string()],
        });
    };
    fn shown<T>(
        s: &Option<Setting<T>>,
        f: impl Fn(&T) -> String,
    ) -> (Option<String>, Option<String>) {
        match s {
            Some(s) => (Some(f(&s.value)), Some(s.source.to_string())),
            None => (None, None),
        }
    }
    fn disp<T: Display>(v: &T) -> String {
        v.to_string()
    }
    let dur = |d: &std::time::Duration| humantime::format_duration(*d).to_string();
    let taka = |a: &crate::money::Amount| a.to_plain_taka();
    let path = |p: &std::path::PathBuf| p.display().to_string();
    let mut scalar =
        |k: &keys::Key, (v, s): (Option<String>, Option<String>)| add(k.name, v, s, k.default);
    let named = cfg.profile.as_ref().filter(|p| p.value == "production");
    match (&cfg.production, named) {
        (None, Some(p)) => scalar(
            &keys::PRODUCTION,
            (
                Some("true".into()),
                Some(format!("the profile's name ({})", p.source)),
            ),
        ),
        _ => scalar(&keys::PRODUCTION, shown(&cfg.production, disp)),
    }
    scalar(&keys::GATEWAY_URL, shown(&cfg.gateway_url, disp));
    scalar(&keys::MERCHANT_NO, shown(&cfg.merchant_no, disp));
    scalar(&keys::NOTIFY_URL, shown(&cfg.notify_url, disp));
    scalar(&keys::APP_SECRET_FILE, shown(&cfg.app_secret_file, path));
    scalar(&keys::CONNECT_TIMEOUT, shown(&cfg.connect_timeout, dur));
    scalar(&keys::REQUEST_TIMEOUT, shown(&cfg.request_timeout, dur));
    scalar(&keys::RATE, shown(&cfg.rate, disp));
    scalar(&keys::BURST, shown(&cfg.burst, disp));
    scalar(&keys::CONCURRENCY, shown(&cfg.concurrency, disp));
    scalar(&keys::MAX_ATTEMPTS, shown(&cfg.max_attempts, disp));
    scalar(&keys::GRACE, shown(&cfg.grace, dur));
    scalar(&keys::MAX_AMOUNT, shown(&cfg.max_amount, taka));
    scalar(&keys::ALLOW_POISHA, shown(&cfg.allow_poisha, disp));
    scalar(&keys::LEDGER, shown(&cfg.ledger, path));
    scalar(&keys::REPORT_DIR, shown(&cfg.report_dir, path));
    scalar(&keys::REPEAT_WINDOW, shown(&cfg.repeat_window, dur));
    scalar(&keys::REQUIRE_APPROVAL, shown(&cfg.require_approval, disp));
    scalar(
        &keys::APPROVAL_THRESHOLD,
        shown(&cfg.approval_threshold, taka),
    );
    let mut warnings = Vec::new();
    let secret_row = match secret::load_with(secret_env, cfg.app_secret_file.as_ref(), &mut |w| {
        warnings.push(w)
    }) {
        Ok((_, src)) => ["app_secret".to_string(), "***".to_string(), src.to_string()],
        Err(e) => [
            "app_secret".to_string(),
            "(not usable)".to_string(),
            e.to_string(),
        ],
    };
    rows.push(secret_row);
    for (p, s) in &cfg.provider_caps {
        rows.push([
            format!("provider_caps.{}", p.key()),
            taka(&s.value),
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
    let classes = cfg.code_classes();
    for (code, action) in classes.iter() {
        let source = cfg
            .code_classes
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| "default".to_string(), |(_, s)| s.source.to_string());
        rows.push([
            format!("code_classes.\"{code}\""),
            action_name(action),
            source,
        ]);
    }
    for (status, meaning) in classes.statuses() {
        let source = cfg
            .status_codes
            .iter()
            .find(|(c, _)| c == status)
            .map_or_else(|| "default".to_string(), |(_, s)| s.source.to_string());
        rows.push([
            format!("status_codes.\"{status}\""),
            meaning.name().to_string(),
            source,
        ]);
    }
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

fn action_name(a: crate::codes::CodeAction) -> String {
    match a {
        crate::codes::CodeAction::Uncertain => "uncertain".to_string(),
        crate::codes::CodeAction::Accept => "accepted".to_string(),
        crate::codes::CodeAction::Reject(c) => c.name().to_string(),
    }
}
