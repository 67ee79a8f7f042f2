//! SSH signatures over approval statements, in the `sshsig` format that
//! `ssh-keygen -Y sign` writes and git uses for signed commits, through the
//! RustCrypto `ssh-key` crate. Signing works with a key file or through the
//! user's ssh-agent; verifying needs only the allowed-signers file.

use super::NAMESPACE;
use super::signers::{AllowedSigners, Entry};
use chrono::{DateTime, Utc};
use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};
use std::path::{Path, PathBuf};

/// A signature file is a few hundred bytes (RSA-8192 under 3 KB).
pub const MAX_SIGNATURE_BYTES: usize = 16 * 1024;

/// Why a signature is not accepted, or could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SigError {
    #[error(
        "the signature does not parse as an SSH signature ({0}); it must be the .sig file `ssh-keygen -Y sign` writes, starting with -----BEGIN SSH SIGNATURE-----"
    )]
    Malformed(String),
    #[error(
        "the signature was made for namespace {found:?}, not {NAMESPACE:?}: sign with `ssh-keygen -Y sign -n {NAMESPACE} ...`"
    )]
    Namespace { found: String },
    #[error(
        "key {fingerprint} is not in the allowed-signers file {path}: ask whoever keeps that file to add the signer's public key, or sign with a listed key"
    )]
    UnknownSigner { fingerprint: String, path: PathBuf },
    #[error("key {fingerprint} ({path}, line {line}): {reason}")]
    NotAllowed {
        fingerprint: String,
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error(
        "key {fingerprint} is listed for different principals ({names}) in {path}: one key must name one person, or two approvals could come from one key"
    )]
    Ambiguous {
        fingerprint: String,
        names: String,
        path: PathBuf,
    },
    #[error(
        "the signature by key {fingerprint} does not verify: the statement was changed after signing, or the signature is for another statement"
    )]
    BadSignature { fingerprint: String },
    #[error("{path}: {reason}")]
    Key { path: PathBuf, reason: String },
    #[error("ssh-agent: {0}")]
    Agent(String),
}

/// Who signed, as the allowed-signers file names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub principal: String,
    /// `SHA256:...`, as `ssh-keygen -l` prints it.
    pub fingerprint: String,
    /// The allowed-signers line that vouched for the key.
    pub line: usize,
    /// Who the key belongs to, by every name the file links to its line
    /// (`super::person::of_entry`): two keys of one person are one approver.
    pub person: String,
}

/// The key's `SHA256:` fingerprint.
pub fn fingerprint(key: &ssh_key::public::KeyData) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// Verifies `signature` (PEM text) over `message` as of `at`: the namespace
/// must be payrun's, the key must be listed for it, valid at `at`, for one
/// principal, and the signature must verify.
pub fn verify(
    signers: &AllowedSigners,
    message: &[u8],
    signature: &str,
    at: DateTime<Utc>,
) -> Result<Signer, SigError> {
    if signature.len() > MAX_SIGNATURE_BYTES {
        return Err(SigError::Malformed(format!(
            "{} bytes, more than any SSH signature",
            signature.len()
        )));
    }
    let sig = SshSig::from_pem(signature.trim()).map_err(|e| SigError::Malformed(e.to_string()))?;
    if sig.namespace() != NAMESPACE {
        return Err(SigError::Namespace {
            found: sig.namespace().to_string(),
        });
    }
    let key = sig.public_key();
    let fp = fingerprint(key);
    let entry = allowed_entry(signers, key, &fp, at)?;
    PublicKey::from(key.clone())
        .verify(NAMESPACE, message, &sig)
        .map_err(|_| SigError::BadSignature {
            fingerprint: fp.clone(),
        })?;
    let principal = entry.principal().unwrap_or_default().to_string();
    Ok(Signer {
        principal,
        fingerprint: fp,
        line: entry.line,
        person: super::person::of_entry(signers, entry),
    })
}

/// The allowed-signers entry that vouches for `key` now, or why none does.
fn allowed_entry<'a>(
    signers: &'a AllowedSigners,
    key: &'a ssh_key::public::KeyData,
    fp: &str,
    at: DateTime<Utc>,
) -> Result<&'a Entry, SigError> {
    let listed: Vec<&Entry> = signers.for_key(key).collect();
    let mut names: Vec<&str> = listed.iter().filter_map(|e| e.principal()).collect();
    names.sort_unstable();
    names.dedup();
    if names.len() > 1 {
        return Err(SigError::Ambiguous {
            fingerprint: fp.to_string(),
            names: names.join(", "),
            path: signers.path.clone(),
        });
    }
    let mut why = None;
    for e in &listed {
        let reason = if e.principal().is_none() {
            Some(format!(
                "lists only patterns ({}); name the person, e.g. rahim@finance",
                e.principals
            ))
        } else if !e.allows_namespace(NAMESPACE) {
            Some(format!(
                "namespaces=\"{}\" does not include {NAMESPACE}",
                e.namespaces.as_deref().unwrap_or_default()
            ))
        } else {
            e.invalid_at(at)
        };
        match reason {
            None => return Ok(e),
            Some(r) => why = Some((e.line, r)),
        }
    }
    Err(match why {
        Some((line, reason)) => SigError::NotAllowed {
            fingerprint: fp.to_string(),
            path: signers.path.clone(),
            line,
            reason,
        },
        None => SigError::UnknownSigner {
            fingerprint: fp.to_string(),
            path: signers.path.clone(),
        },
    })
}

/// Signs `message` with a private key in memory.
pub fn sign_with_key(key: &PrivateKey, message: &[u8]) -> Result<String, SigError> {
    let sig = key
        .sign(NAMESPACE, HashAlg::Sha512, message)
        .map_err(|e| SigError::Key {
            path: PathBuf::from("(key)"),
            reason: e.to_string(),
        })?;
    pem(&sig)
}

fn pem(sig: &SshSig) -> Result<String, SigError> {
    sig.to_pem(LineEnding::LF)
        .map_err(|e| SigError::Malformed(e.to_string()))
}

/// Signs with the key named by `path`, as `ssh-keygen -Y sign -f` does: an
/// unencrypted private key file signs here; a public key file (or a
/// passphrase-protected private key) signs through ssh-agent, which must
/// hold that key. payrun never asks for a passphrase.
pub fn sign_with_file(path: &Path, message: &[u8]) -> Result<String, SigError> {
    let bad = |reason: String| SigError::Key {
        path: path.to_path_buf(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| bad(format!("cannot read the key: {e}")))?;
    if meta.len() > 64 * 1024 {
        return Err(bad("is too big to be an SSH key".into()));
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| bad(format!("cannot read the key: {e}")))?;
    if let Ok(private) = PrivateKey::from_openssh(text.trim()) {
        if !private.is_encrypted() {
            return sign_with_key(&private, message);
        }
        return sign_with_agent(private.public_key(), message).map_err(|e| {
            bad(format!(
                "is protected by a passphrase and ssh-agent could not sign with it ({e}); run `ssh-add {}` first, or sign with ssh-keygen -Y sign",
                path.display()
            ))
        });
    }
    let public = PublicKey::from_openssh(text.trim())
        .map_err(|_| bad("is neither an OpenSSH private key nor a public key (.pub)".into()))?;
    sign_with_agent(&public, message)
}

/// Asks the agent at `$SSH_AUTH_SOCK` to sign with `key`.
pub fn sign_with_agent(key: &PublicKey, message: &[u8]) -> Result<String, SigError> {
    let sock = std::env::var_os("SSH_AUTH_SOCK")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| SigError::Agent("SSH_AUTH_SOCK is not set: no ssh-agent to ask".into()))?;
    let mut client = ssh_agent_client_rs::Client::connect(Path::new(&sock)).map_err(|e| {
        SigError::Agent(format!("cannot connect to {}: {e}", sock.to_string_lossy()))
    })?;
    let data = SshSig::signed_data(NAMESPACE, HashAlg::Sha512, message)
        .map_err(|e| SigError::Agent(e.to_string()))?;
    let signature = client.sign(key, &data).map_err(|e| {
        SigError::Agent(format!(
            "could not sign with {} ({e}); is the key loaded (ssh-add -l)?",
            fingerprint(key.key_data())
        ))
    })?;
    let sig = SshSig::new(
        key.key_data().clone(),
        NAMESPACE,
        HashAlg::Sha512,
        signature,
    )
    .map_err(|e| SigError::Agent(e.to_string()))?;
    pem(&sig)
}
