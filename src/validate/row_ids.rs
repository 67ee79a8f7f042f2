//! The provider and wallet cells of one row: who is paid, through which
//! network.

use super::row::{Ctx, MERGED_HINT};
use super::types::Severity;
use crate::fields::Field;
use crate::intake::{CellKind, NamedProvider, ProviderSource, quoted};
use crate::wallet::{
    Provider, ProviderError, WalletError, clean_text, normalize_wallet, normalize_wallet_any,
};

/// The row's provider: its provider cell, or the provider the sheet names
/// for every row (a `bKash Number` header, `--provider`). A cell that names
/// another provider than the header is refused: the number may be right
/// and the network wrong, or the other way round.
pub(super) fn check_provider(cx: &mut Ctx<'_>) -> Option<Provider> {
    let named = cx.layout.named_provider;
    if cx.col(Field::Provider).is_none() {
        return named.map(|n| n.provider);
    }
    let (text, kind) = cx.usable(Field::Provider)?;
    if clean_text(text).is_empty() {
        if let Some(n) = named {
            return Some(n.provider);
        }
        cx.error(
            Field::Provider,
            None,
            format!("the provider cell is empty; write bKash, Nagad or Rocket{MERGED_HINT}"),
        );
        return None;
    }
    let read = match kind {
        CellKind::Text => Provider::read_cell(text),
        _ => Err(ProviderError::Unknown),
    };
    match read {
        Ok(p) => match named {
            Some(n) if n.provider != p => {
                let msg = conflict(cx, n, p);
                cx.error(Field::Provider, Some(text), msg);
                None
            }
            _ => Some(p),
        },
        Err(e) => {
            cx.error(Field::Provider, Some(text), e.to_string());
            None
        }
    }
}

fn conflict(cx: &Ctx<'_>, n: NamedProvider, p: Provider) -> String {
    let by = match n.by {
        ProviderSource::Header(c) => format!(
            "column {} {} says every number in it is {}",
            crate::intake::column_letter(c),
            quoted(&cx.layout.header(c)),
            n.provider
        ),
        ProviderSource::Flag => format!("--provider says {}", n.provider),
    };
    format!(
        "names {p}, but {by}; check which network this payee's wallet is with, and put {p} payees in a sheet of their own"
    )
}

pub(super) fn check_wallet(cx: &mut Ctx<'_>, provider: Option<Provider>) -> Option<String> {
    let (text, kind) = cx.usable(Field::Wallet)?;
    let result = match kind {
        CellKind::Date => Err(WalletError::LooksLikeDate),
        CellKind::Bool => Err(WalletError::NotMobile),
        _ => match provider {
            Some(p) => normalize_wallet(text, p),
            // Without a provider the length rule is unknown: report what is
            // wrong whatever the provider, and no one provider's rule.
            None => normalize_wallet_any(text),
        },
    };
    match result {
        Ok(w) => {
            if let Some(mut warning) = w.warning {
                if kind == CellKind::Number {
                    warning = format!(
                        "lost its leading zero (the cell is a number, and numbers have no leading zeros); read as {} — check it, and format the column as Text",
                        w.digits
                    );
                }
                let col = cx.col(Field::Wallet);
                cx.issue(col, Some(text), Severity::Warning, warning);
            }
            // Without a provider the id is not known to be right.
            provider.map(|_| w.digits)
        }
        Err(WalletError::Empty) => {
            cx.error(
                Field::Wallet,
                None,
                "the wallet cell is empty; enter the wallet number".into(),
            );
            None
        }
        Err(_) if kind == CellKind::Date => {
            // Said as the user reads it, not as the reader renders it.
            let (shown, what) = crate::validate::date_words::in_words(text)
                .unwrap_or_else(|| (text.to_string(), "a date"));
            cx.error(
                Field::Wallet,
                Some(&shown),
                format!(
                    "is {what}, not a wallet number — format the column as Text and re-enter it"
                ),
            );
            None
        }
        Err(e) => {
            cx.error(Field::Wallet, Some(text), e.to_string());
            None
        }
    }
}
