//! The merchant's app secret, in a type that cannot leak by accident. A leaf:
//! configuration reads it, the gateway signs with it, the sandbox checks it.

use std::fmt;

/// The app secret. It exists only to be appended to the string that is
/// signed, so its `Debug` and `Display` print `***`: a secret that reaches a
/// log, an error message or a report through formatting is a secret leaked.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret read from the environment or a file.
    pub fn new(secret: String) -> Secret {
        Secret(secret)
    }

    /// Whether no secret was configured, so callers can refuse to start
    /// instead of signing with an empty salt.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The bytes, for the signing function alone.
    pub(crate) fn expose_for_signing(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_hides_the_secret() {
        let s = Secret::new("hunter2-very-secret".to_string());
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(***)");
        assert!(!s.is_empty());
        assert!(Secret::new(String::new()).is_empty());
    }
}
