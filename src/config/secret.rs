//! The app secret: from `PAYRUN_APP_SECRET`, else from the file named by
//! `app_secret_file` (trimmed). Never from a flag, never from payrun.toml
//! itself: a flag shows in `ps` and shell history, and a config file gets
//! copied around. This is the only place that reads the secret.

use super::{ConfigError, Setting};
use crate::secret::Secret;
use std::path::PathBuf;

/// The environment variable holding the app secret.
pub const SECRET_ENV: &str = "PAYRUN_APP_SECRET";

/// Where the secret was found, for `config show` (never the secret itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    Env,
    File(PathBuf),
}

impl std::fmt::Display for SecretSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretSource::Env => write!(f, "env {SECRET_ENV}"),
            SecretSource::File(p) => write!(f, "app_secret_file {}", p.display()),
        }
    }
}

/// Loads the secret for a gateway command, warning (through the log) when
/// the secret file is readable by others.
pub fn load(file: Option<&Setting<PathBuf>>) -> Result<(Secret, SecretSource), ConfigError> {
    load_with(super::env::value(SECRET_ENV), file, &mut |w| {
        crate::log::warn("secret_file_mode", w)
    })
}

/// [`load`] with the environment value given, for tests.
pub fn load_with(
    env: Option<String>,
    file: Option<&Setting<PathBuf>>,
    warn: &mut dyn FnMut(String),
) -> Result<(Secret, SecretSource), ConfigError> {
    if let Some(s) = env.filter(|s| !s.trim().is_empty()) {
        return Ok((Secret::new(s.trim().to_string()), SecretSource::Env));
    }
    let Some(file) = file else {
        let key = &super::keys::APP_SECRET_FILE.meta;
        let file_env = key.env.unwrap_or_default();
        return Err(ConfigError::Secret(format!(
            "no app secret: set {SECRET_ENV}, or {} = \"/path\" in payrun.toml \
             (or {file_env}); it is never accepted as a flag",
            key.name
        )));
    };
    let path = &file.value;
    let shown = format!("app_secret_file {} (from {})", path.display(), file.source);
    if let Some(w) = loose_mode(path) {
        warn(format!("warning: {shown} {w}"));
    }
    // The error never quotes the content: it is the secret.
    let bytes = std::fs::read(path)
        .map_err(|e| ConfigError::Secret(format!("{shown}: cannot read it: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        ConfigError::Secret(format!(
            "{shown}: is not UTF-8 text; it must hold the secret alone"
        ))
    })?;
    let secret = text.trim();
    if secret.is_empty() {
        return Err(ConfigError::Secret(format!(
            "{shown}: is empty; write the app secret into it"
        )));
    }
    Ok((
        Secret::new(secret.to_string()),
        SecretSource::File(path.clone()),
    ))
}

/// Why a secret file's permissions are too open, if they are.
#[cfg(unix)]
fn loose_mode(path: &std::path::Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "is readable by group or others (mode {mode:04o}); run: chmod 600 {}",
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn loose_mode(_: &std::path::Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Place, Source};

    fn file_setting(path: PathBuf) -> Setting<PathBuf> {
        Setting {
            value: path,
            source: Source::File(Place {
                path: "payrun.toml".into(),
                profile: None,
            }),
        }
    }

    /// A secret file `name` in `dir` holding `bytes`, as payrun.toml names it.
    fn secret_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> Setting<PathBuf> {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        file_setting(p)
    }

    #[test]
    fn env_wins_over_the_file_and_both_are_trimmed() {
        let dir = tempfile::tempdir().unwrap();
        let f = secret_file(&dir, "secret", b"  from-file-123\n");
        let (s, src) = load_with(Some("from-env-456\n".into()), Some(&f), &mut |_| {}).unwrap();
        assert_eq!(src, SecretSource::Env);
        assert_eq!(s.expose_for_signing(), b"from-env-456");
        let (s, src) = load_with(None, Some(&f), &mut |_| {}).unwrap();
        assert_eq!(src, SecretSource::File(f.value));
        assert_eq!(s.expose_for_signing(), b"from-file-123");
    }

    #[test]
    fn missing_or_empty_secret_is_an_error_that_never_quotes_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = load_with(None, None, &mut |_| {}).unwrap_err().to_string();
        assert!(
            e.contains(SECRET_ENV) && e.contains("never accepted as a flag"),
            "{e}"
        );
        let f = secret_file(&dir, "empty", b"\n  \n");
        let e = load_with(None, Some(&f), &mut |_| {})
            .unwrap_err()
            .to_string();
        assert!(e.contains("is empty"), "{e}");
        let f = secret_file(&dir, "binary", &[0xff, 0xfe, b's', b'3']);
        let e = load_with(None, Some(&f), &mut |_| {})
            .unwrap_err()
            .to_string();
        assert!(e.contains("not UTF-8") && !e.contains("s3"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_group_readable_secret_file_warns_and_a_private_one_does_not() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let f = secret_file(&dir, "secret", b"s3cr3t-value");
        let p = &f.value;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o640)).unwrap();
        let mut warnings = Vec::new();
        load_with(None, Some(&f), &mut |w| warnings.push(w)).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("chmod 600") && warnings[0].contains("0640"));
        assert!(!warnings[0].contains("s3cr3t-value"));
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600)).unwrap();
        warnings.clear();
        load_with(None, Some(&f), &mut |w| warnings.push(w)).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}
