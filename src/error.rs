//! The library's top-level error, and the stable exit codes it maps to.
//!
//! Each stage has its own typed error; this enum only gathers them so that the
//! binary can pick an exit code without knowing which stage failed.

/// Exit codes are a contract with cron jobs and monitoring: never renumber them.
pub mod exit {
    /// Done. Every payout is paid or processing; for `check`, the sheet is valid.
    pub const OK: i32 = 0;
    /// Finished, but some payouts failed, are unknown, or are in conflict.
    pub const INCOMPLETE: i32 = 1;
    /// Usage error or invalid input. Nothing was sent.
    pub const INVALID: i32 = 2;
    /// Stopped on a systemic refusal by the gateway. Unsent rows wait for the next run.
    pub const SYSTEMIC: i32 = 3;
    /// Another run holds the ledger lock.
    pub const LOCKED: i32 = 4;
    /// Could not start: the gateway was unreachable before anything was sent,
    /// or the ledger, its folder or its disk cannot be written. Nothing was sent.
    pub const NOT_STARTED: i32 = 5;
    /// Ctrl-C or SIGTERM stopped a command that has nothing in flight to
    /// finish (check, status, report, ...), the shell's 128 + SIGINT.
    pub const INTERRUPTED: i32 = 130;

    /// What a code means, in the words of `payrun --help`, for the final
    /// JSON event.
    pub fn meaning(code: i32) -> &'static str {
        match code {
            OK => "done",
            INCOMPLETE => "finished, but some payouts failed, are unknown, not sent or in conflict",
            INVALID => "usage error or invalid input; nothing was sent",
            SYSTEMIC => "stopped on a systemic refusal by the gateway; rows not sent wait",
            LOCKED => "another run holds the ledger lock",
            NOT_STARTED => "could not start; nothing was sent",
            INTERRUPTED => "interrupted",
            _ => "unexpected exit",
        }
    }
}

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
    #[error("{path}: {source}")]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
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
        fix: String,
        #[source]
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
    pub fn io(path: impl Into<std::path::PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
