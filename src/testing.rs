//! Internals opened to the integration tests (`tests/`), the examples and
//! the fuzz targets (`fuzz/`). **Not a stable API**: anything here may change
//! or go without notice. It exists so that the library's real surface can
//! stay small (see the crate docs) while tests drive the real parts (a real
//! ledger, the sandbox gateway, real files) rather than mocks. Each module
//! mirrors the crate module of the same name and opens only what a test
//! names.

pub mod cpu;

/// Signed approvals.
pub mod approval {
    /// Signing a statement with a key file.
    pub mod sig {
        pub use crate::approval::sig::sign_with_key;
    }
}

/// The comparison of a sheet with the last one paid.
pub mod changes {
    pub use crate::changes::compare;
    /// How a comparison is told.
    pub mod render {
        pub use crate::changes::render::counts;
    }
}

/// What the gateway's codes mean.
pub mod codes {
    pub use crate::codes::{CodeAction, CodeClasses, RejectClass, StatusMeaning, TxStatus};
}

/// The gateway client, its signing recipe and its callbacks.
pub mod gateway {
    pub use crate::gateway::{
        Accepted, BalanceError, CallbackError, Client, ClientConfig, Exchange, Outcome,
        PayoutRequest, classify, sign, sign_matches, signed_body, verify_callback,
    };
    /// The gateway's wire format.
    pub mod wire {
        pub use crate::gateway::wire::{Rounding, parse_amount};
    }
}

/// Raw HTTP exchanges for the fuzz targets.
pub mod http {
    /// One request through the listener's code, without a socket.
    pub mod fuzzing {
        pub use crate::http::fuzzing::Exchange;
    }
}

/// Sheet intake.
pub mod intake {
    pub use crate::intake::hex;
}

/// The ledger.
pub mod ledger {
    pub use crate::ledger::{Ledger, State};
    /// Payouts of earlier runs, for the repeat check.
    pub mod earlier {
        pub use crate::ledger::earlier::{Recent, read};
    }
    /// Limits on the evidence kept of refused callbacks.
    pub mod refused {
        pub use crate::ledger::refused::{EVIDENCE_HEAD, MINUTE_ROWS};
    }
}

/// The callback listener.
pub mod listen {
    pub use crate::listen::{ListenConfig, ListenStats, Listener};
}

/// Amounts in poisha.
pub mod money {
    pub use crate::money::Amount;
}

/// Batches and tradeNos.
pub mod plan {
    pub use crate::plan::{BatchLabel, TradeNoForm};

    /// The tradeNo in the default form (`label-hash`), as every batch
    /// without `trade_no_form` gets it.
    pub fn trade_no(label: &BatchLabel, identity_key: &str, revision: u32) -> String {
        crate::plan::trade_no(TradeNoForm::LabelHash, label, identity_key, revision)
    }

    /// The tradeNo in `form`.
    pub fn trade_no_in(
        form: TradeNoForm,
        label: &BatchLabel,
        identity_key: &str,
        revision: u32,
    ) -> String {
        crate::plan::trade_no(form, label, identity_key, revision)
    }
}

/// Reports.
pub mod report {
    pub use crate::report::{
        InputFile, ReportData, ReportRow, RowStatus, SheetTotals, SummaryHeader, WriteOptions,
        write_report,
    };
    /// The check report.
    pub mod check {
        pub use crate::report::check::write_report;
    }
    /// A report's rows read from the ledger.
    pub mod from_ledger {
        pub use crate::report::from_ledger::status_of;
    }
    /// The JSON report.
    pub mod json {
        pub use crate::report::json::parse;
    }
    /// The text summary.
    pub mod text {
        pub use crate::report::text::{render_summary, render_with_attention};
    }
}

/// The simulated gateway.
#[cfg(feature = "sandbox")]
pub mod sandbox {
    pub use crate::sandbox::{
        DEFAULT_SECRET, DropMode, Faults, OrderView, Sandbox, SandboxConfig, SandboxError,
        SandboxHandle, ThrottleMode, TradeNoAlphabet,
    };
}

/// The app secret.
pub mod secret {
    pub use crate::secret::Secret;
}

/// The blank payout workbook.
pub mod template {
    pub use crate::template::workbook;
}

/// Ledger timestamps.
pub mod time {
    pub use crate::time::from_text;
}

/// Validation of a sheet.
pub mod validate {
    pub use crate::validate::{CheckOptions, Payout, Validated, validate_file};
}

/// Wallet numbers and providers.
pub mod wallet {
    pub use crate::wallet::{Provider, normalize_wallet};
}
