//! What the client sends: its settings, one payout's fields, and the one
//! signed serialisation of them that goes on the wire.

use crate::codes::{CodeClasses, WayCodes};
use crate::config::keys::{self, Ctx};
use crate::gateway::sign;
use crate::money::Amount;
use crate::secret::Secret;
use crate::wallet::Provider;
use std::collections::BTreeMap;
use std::time::Duration;

/// Everything the client needs. The secret is held as a [`Secret`], so
/// printing a config with `{:?}` shows `***`.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// E.g. `https://gateway.example/bd`; the endpoint paths are appended.
    pub base_url: String,
    /// Sent in the `merchantNo` header (not signed).
    pub merchant_no: String,
    /// Appended to the string that is signed; never sent.
    pub secret: Secret,
    /// Sent as `notifyUrl` on every payout; the gateway POSTs results there.
    pub notify_url: String,
    /// TCP (and TLS) connection set-up. A connect timeout means nothing was sent.
    pub connect_timeout: Duration,
    /// The whole exchange. Past it, the outcome is unknown.
    pub request_timeout: Duration,
    /// Idle keep-alive connections kept for the gateway's host: at least the
    /// number of workers, or every worker pays a new handshake per call.
    pub max_idle_per_host: usize,
    /// The `wayCode` sent for each provider (`[way_codes]`).
    pub way_codes: WayCodes,
    /// What the outer codes and `data.status` words mean (`[code_classes]`,
    /// `[status_codes]`).
    pub classes: CodeClasses,
}

impl ClientConfig {
    /// A config with defaults that suit a real gateway: the settings
    /// table's timeouts (`connect_timeout`, `request_timeout`: 5 s and 30 s),
    /// 16 idle connections, the seed's wayCodes and gateway.md's code table.
    pub fn new(
        base_url: impl Into<String>,
        merchant_no: impl Into<String>,
        secret: Secret,
        notify_url: impl Into<String>,
    ) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            merchant_no: merchant_no.into(),
            secret,
            notify_url: notify_url.into(),
            connect_timeout: keys::CONNECT_TIMEOUT.fixed(Ctx::LIBRARY),
            request_timeout: keys::REQUEST_TIMEOUT.fixed(Ctx::LIBRARY),
            max_idle_per_host: 16,
            way_codes: WayCodes::default(),
            classes: CodeClasses::default(),
        }
    }
}

/// One payout to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayoutRequest<'a> {
    /// The payout's identity at the gateway: a resend carries the same one.
    pub trade_no: &'a str,
    /// Exact, in poisha; sent as plain taka, decimals only when there are
    /// poisha (`"300"`, `"300.50"`: [`Amount::to_wire`]).
    pub amount: Amount,
    /// The recipient's wallet number, normalised.
    pub wallet_id: &'a str,
    /// Chooses the `wayCode`.
    pub provider: Provider,
    /// Shown to the recipient, if the sheet had one.
    pub remark: Option<&'a str>,
}

/// The payout's fields before signing. Public so that tests and audits can
/// rebuild a request exactly; absent or empty values are left out.
pub fn payout_fields(
    cfg: &ClientConfig,
    req: &PayoutRequest,
    timestamp_ms: u128,
) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    let mut put = |k: &str, v: &str| {
        if !v.is_empty() {
            fields.insert(k.to_string(), v.to_string());
        }
    };
    put("tradeNo", req.trade_no);
    put("amount", &req.amount.to_wire());
    put("walletId", req.wallet_id);
    put("wayCode", cfg.way_codes.get(req.provider));
    put("notifyUrl", &cfg.notify_url);
    put("remark", req.remark.unwrap_or_default());
    put("timestamp", &timestamp_ms.to_string());
    fields
}

/// Adds `sign` to `fields` and returns the one serialisation that is sent.
/// Every value is a JSON string, and absent values are absent, never `null`.
pub fn signed_body(fields: &mut BTreeMap<String, String>, secret: &Secret) -> String {
    fields.retain(|k, v| !v.is_empty() && k != "sign");
    let sign = sign(fields, secret);
    fields.insert("sign".to_string(), sign);
    // A map of strings always serialises; the fallback is never sent empty
    // by accident because the gateway would refuse it with 1001.
    serde_json::to_string(fields).unwrap_or_default()
}
