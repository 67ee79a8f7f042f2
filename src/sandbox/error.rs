//! Why the sandbox could not start: each says what to do about it.

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error(
        "the sandbox cannot listen on {addr}: {reason}; pick another address with --bind, \
         e.g. --bind 127.0.0.1:0 for any free port"
    )]
    /// The address cannot be bound (in use, not this machine's).
    Bind {
        /// The address asked for.
        addr: String,
        /// What the system said.
        reason: String,
    },
    #[error(
        "refusing to run the sandbox on {addr}: other machines could reach it, and its \
         /_sandbox/* controls (balance, faults, forced statuses) take no password, and it POSTs \
         callbacks to any notifyUrl it is given; bind a loopback address such as \
         --bind 127.0.0.1:8080, or add --public if every machine on that network may use it"
    )]
    /// Other machines could reach it, and `public` is not set.
    NotLoopback {
        /// The address asked for.
        addr: String,
    },
    /// A setting it cannot run with.
    #[error("sandbox setting is not usable: {0}")]
    Config(String),
    #[error(
        "the sandbox's books at {path} cannot be read: {reason}. To start the sandbox afresh, \
         delete {path}: the sandbox then forgets every order it was sent and its balance, as a \
         new gateway would, so a ledger that paid through it will find those payouts \
         \"not found\" (a reconcile reports them in conflict, and a re-run of a lost ledger \
         is no longer stopped by the ledger-loss check)"
    )]
    /// The books file is not the sandbox's books, or breaks their rules.
    BooksCorrupt {
        /// The books file.
        path: std::path::PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    #[error(
        "another process is using the sandbox's books at {path} (a payrun run with --sandbox \
         beside the same ledger, or `payrun sandbox --state`); wait for it to finish, then run \
         the same command again"
    )]
    /// Another sandbox holds the books file.
    BooksBusy {
        /// The books file.
        path: std::path::PathBuf,
    },
    #[error(
        "the sandbox cannot keep its books at {path}: {reason}; make that folder writable (with \
         space left), then run the same command again"
    )]
    /// The books file or its folder cannot be read or written.
    BooksIo {
        /// The file or folder.
        path: std::path::PathBuf,
        /// What the system said.
        reason: String,
    },
}
