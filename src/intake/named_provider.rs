//! The provider of every row, when the sheet has no provider column but
//! says it another way: the wallet column's header (`bKash Number`, `বিকাশ
//! নম্বর`) names exactly one provider, or `--provider` names it.

use super::columns::{NamedProvider, ProviderSource, col_letter, head};
use super::quoted;
use crate::fields::{ColumnMap, Field};
use crate::wallet::{Provider, providers_named_in};

/// The provider for every row: from `--provider`, or from a wallet header
/// that names exactly one provider. With a provider column as well, a
/// header's provider is kept to check each row's cell against; `--provider`
/// is refused, because the sheet already says each row's provider.
pub(super) fn named_provider(
    map: &ColumnMap,
    ambiguous: &[Field],
    flag: Option<Provider>,
    cells: &[String],
) -> (Option<NamedProvider>, Option<String>) {
    let header = |col: usize| head(cells, col);
    let from_header =
        map.get(Field::Wallet)
            .and_then(|c| match providers_named_in(header(c)).as_slice() {
                [p] => Some(NamedProvider {
                    provider: *p,
                    by: ProviderSource::Header(c),
                }),
                _ => None,
            });
    if let Some(col) = map.get(Field::Provider) {
        let conflict = flag.map(|p| {
            format!(
                "--provider {} is for a sheet without a provider column, and this sheet has one: column {} {}; remove --provider, and each row's provider is read from that column",
                p.key(),
                col_letter(col),
                quoted(header(col))
            )
        });
        return (from_header, conflict);
    }
    if ambiguous.contains(&Field::Provider) {
        return (None, None);
    }
    let Some(p) = flag else {
        return (from_header, None);
    };
    let conflict = match from_header {
        Some(NamedProvider {
            provider,
            by: ProviderSource::Header(c),
        }) if provider != p => Some(format!(
            "--provider {} contradicts the sheet: column {} {} names {provider}; remove --provider, or correct the header",
            p.key(),
            col_letter(c),
            quoted(header(c))
        )),
        _ => None,
    };
    let named = NamedProvider {
        provider: p,
        by: ProviderSource::Flag,
    };
    (Some(named), conflict)
}

pub(super) fn named_note(n: NamedProvider, map: &ColumnMap, cells: &[String]) -> String {
    let header = |col: usize| head(cells, col);
    let p = n.provider;
    match (n.by, map.get(Field::Provider)) {
        (ProviderSource::Flag, _) => {
            format!("every row is paid through {p}, as --provider says")
        }
        (ProviderSource::Header(c), None) => format!(
            "every row is paid through {p}: the sheet has no provider column, and column {} {} names {p}",
            col_letter(c),
            quoted(header(c))
        ),
        (ProviderSource::Header(c), Some(pc)) => format!(
            "column {} {} names {p}: a row whose provider cell (column {} {}) names another provider is refused, and an empty one is {p}",
            col_letter(c),
            quoted(header(c)),
            col_letter(pc),
            quoted(header(pc))
        ),
    }
}
