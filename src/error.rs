//! The library's top-level error, and which stable exit code ([`crate::exit`]) it maps to.
//!
//! Each stage has its own typed error; this enum only gathers them so that the
//! binary can pick an exit code without knowing which stage failed.

use crate::exit;

/// Everything that can stop a payrun command, grouped so the binary can map it
/// to an exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The sheet could not be read at all (missing, unreadable, wrong encoding).
    #[error(transparent)]
    Intake(#[from] crate::intake::IntakeError),
    /// payrun.toml, an environment variable or the secret is unusable.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The command line or the sheet's content is unusable; nothing was sent.
    #[error("{0}")]
    Usage(String),
    /// A file payrun itself writes (a report, a ledger directory) failed.
    /// What the operating system said is part of the message, and so not
    /// a `source` too: a chained rendering would say it twice.
    #[error("{path}: {cause}")]
    Io {
        /// The file or folder payrun was writing.
        path: std::path::PathBuf,
        /// What the operating system said.
        cause: std::io::Error,
    },
    /// The gateway client could not be built or a call failed outright.
    #[error(transparent)]
    Gateway(#[from] crate::gateway::GatewayError),
    /// The ledger could not be opened, read or written.
    #[error(transparent)]
    Ledger(#[from] crate::ledger::LedgerError),
    /// The gateway refused the whole batch (bad signature, unknown merchant,
    /// insufficient balance). Unsent rows stay unsent for the next run.
    #[error("{0}")]
    Systemic(String),
    /// The run could not start (an unreachable gateway, an unwritable ledger
    /// folder, a full disk) and the ledger shows that no payout request was
    /// made: exit 5. `fix` says what to do.
    #[error("could not start, nothing was sent: {fix}")]
    NotStarted {
        /// What the operator can do about it.
        fix: String,
        #[source]
        /// The error that stopped the start.
        cause: Box<Error>,
    },
}

impl Error {
    /// Which stable exit code this error means to a cron job.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Intake(_) | Error::Usage(_) | Error::Config(_) => exit::INVALID,
            Error::Systemic(_) => exit::SYSTEMIC,
            Error::NotStarted { .. } => exit::NOT_STARTED,
            Error::Ledger(e) if e.is_locked() => exit::LOCKED,
            Error::Ledger(e) if e.is_refused_ledger() => exit::INVALID,
            Error::Io { .. } | Error::Gateway(_) | Error::Ledger(_) => exit::INCOMPLETE,
        }
    }

    /// Wrap an I/O error with the path it concerns, because a bare
    /// "permission denied" tells the operator nothing.
    pub fn io(path: impl Into<std::path::PathBuf>, cause: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause,
        }
    }
}

/// A report that could not be written: a format or batch the user named
/// wrongly is a usage error, the rest say what failed.
impl From<crate::report::ReportError> for Error {
    fn from(e: crate::report::ReportError) -> Self {
        use crate::report::ReportError;
        match e {
            ReportError::UnknownFormat { .. } | ReportError::UnknownBatch { .. } => {
                Error::Usage(e.to_string())
            }
            ReportError::Ledger(l) => Error::Ledger(l),
            // A report path that cannot be written (`--out`) is bad input,
            // as for `check --report`: exit 2, not "payouts failed".
            other => Error::Usage(other.to_string()),
        }
    }
}
