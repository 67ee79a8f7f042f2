//! The HTTP client: one shared ureq Agent, one signed request per call, and
//! one [`Exchange`] per attempt for the ledger.

use super::balance::balance_from;
use super::outcome::{self, Outcome, transport_outcome};
use super::{Balance, BalanceError, GatewayError, retry_after, sign};
use crate::codes::{CodeClasses, WayCodes};
use crate::config::keys::{self, Ctx};
use crate::money::Amount;
use crate::secret::Secret;
use crate::wallet::Provider;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Paths of the three endpoints, relative to the base URL.
pub const PAYOUT_PATH: &str = "/v1/paypro/payout";
pub const QUERY_PATH: &str = "/v1/paypro/queryPayOutResult";
pub const BALANCE_PATH: &str = "/v1/paypro/queryBalance";

/// How much of a response body an [`Exchange`] keeps for the ledger.
pub const BODY_KEEP_BYTES: usize = 64 * 1024;
/// How much of a response body is read at all; a larger one is unknown.
const BODY_READ_LIMIT: u64 = 1024 * 1024;

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
    /// Exact, in poisha; sent as taka with two decimals.
    pub amount: Amount,
    /// The recipient's wallet number, normalised.
    pub wallet_id: &'a str,
    /// Chooses the `wayCode`.
    pub provider: Provider,
    /// Shown to the recipient, if the sheet had one.
    pub remark: Option<&'a str>,
}

/// Everything about one HTTP attempt, for the ledger's attempts and events rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// What the attempt tells about the payout: the one thing acted on.
    pub outcome: Outcome,
    /// `None` when no response arrived.
    pub http_status: Option<u16>,
    /// The outer `code` as read, for auditors (the outcome already acts on it).
    pub outer_code: Option<String>,
    /// `data.status` as read, for auditors, even when it was not believed.
    pub data_status: Option<String>,
    /// The raw response body, cut at [`BODY_KEEP_BYTES`].
    pub body: Option<String>,
    /// The exact bytes sent, as text. It holds the sign, never the secret.
    pub request_body: String,
    /// From sending to the last byte read (or the failure).
    pub elapsed: Duration,
    /// The answer's `Retry-After`, read when it came (see
    /// [`Exchange::wait_asked`]).
    pub retry_after: Option<Duration>,
}

impl Exchange {
    /// How long the gateway asked every request to wait: its `Retry-After`
    /// on a 429, a 503, or a "too many requests" refusal. Elsewhere the
    /// header means nothing to payrun (RFC 9110 gives it no meaning on a
    /// 200 or a 3xx that payrun does not follow).
    pub fn wait_asked(&self) -> Option<Duration> {
        self.retry_after
            .filter(|_| self.throttled() || matches!(self.http_status, Some(429 | 503)))
    }

    /// Whether the gateway said "too many requests": HTTP 429, or a
    /// refusal its code table calls throttled (`1006`).
    pub fn throttled(&self) -> bool {
        matches!(
            self.outcome,
            Outcome::Unknown {
                throttled: true,
                ..
            } | Outcome::Rejected {
                class: crate::codes::RejectClass::Throttled,
                ..
            }
        )
    }

    /// [`Outcome::about`] on this exchange: an accepted answer that names
    /// another tradeNo or amount is recorded, but as unknown.
    pub fn about(mut self, trade_no: &str, amount: Amount) -> Exchange {
        self.outcome = self.outcome.about(trade_no, amount);
        self
    }

    /// [`Outcome::to_wallet`] on this exchange's outcome.
    pub fn to_wallet(mut self, wallet: &str, provider: Provider) -> Exchange {
        self.outcome = self.outcome.to_wallet(wallet, provider);
        self
    }

    /// [`Outcome::about_order`] on this exchange's outcome.
    pub fn about_order(mut self, trade_no: &str) -> Exchange {
        self.outcome = self.outcome.about_order(trade_no);
        self
    }
}

/// Requests a [`Client`] made, by endpoint: the one count of what a run
/// asked of the gateway, whichever part of the run asked (the ledger-loss
/// check, resolving, sending, settling, the balance check). A request
/// counts whether or not an answer came.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Requests {
    pub payouts: u64,
    pub queries: u64,
    pub balances: u64,
}

impl Requests {
    /// What was asked after `earlier` was read.
    pub fn since(self, earlier: Requests) -> Requests {
        Requests {
            payouts: self.payouts.saturating_sub(earlier.payouts),
            queries: self.queries.saturating_sub(earlier.queries),
            balances: self.balances.saturating_sub(earlier.balances),
        }
    }
}

#[derive(Debug, Default)]
struct Sent {
    payouts: AtomicU64,
    queries: AtomicU64,
    balances: AtomicU64,
}

/// The gateway client. One Agent is shared by every worker (it is `Send +
/// Sync`), so keep-alive connections are pooled across them.
#[derive(Debug)]
pub struct Client {
    agent: ureq::Agent,
    sent: Sent,
    cfg: ClientConfig,
    payout_url: String,
    query_url: String,
    balance_url: String,
}

/// A response or transport failure before classification.
pub(super) struct Raw {
    pub http_status: Option<u16>,
    pub body: Option<String>,
    /// Set when no classifiable response arrived.
    pub failed: Option<Outcome>,
    pub request_body: String,
    pub elapsed: Duration,
    /// A `Content-Encoding` left on the response: one payrun did not ask
    /// for and ureq did not decode (it decodes gzip and drops the header).
    pub encoding: Option<String>,
    /// The `Retry-After` header, read as a wait from now.
    pub retry_after: Option<Duration>,
}

impl Raw {
    /// A whole answer as if it had come over the wire, for tests of the
    /// readings behind it.
    #[cfg(test)]
    pub fn answered(status: u16, body: &str) -> Raw {
        Raw {
            http_status: Some(status),
            body: Some(body.to_string()),
            failed: None,
            request_body: String::new(),
            elapsed: Duration::ZERO,
            encoding: None,
            retry_after: None,
        }
    }
}

impl Client {
    /// Builds the Agent. Fails on a base URL or merchant number that cannot work.
    pub fn new(cfg: ClientConfig) -> Result<Client, GatewayError> {
        // The config's rule, again for a caller that built `cfg` itself.
        let base = crate::config::url::http_url(&cfg.base_url)
            .map_err(|reason| GatewayError::BaseUrl {
                url: cfg.base_url.clone(),
                reason,
            })?
            .trim_end_matches('/')
            .to_string();
        if cfg.merchant_no.is_empty() || !cfg.merchant_no.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(GatewayError::MerchantNo(cfg.merchant_no.clone()));
        }
        if cfg.secret.is_empty() {
            return Err(GatewayError::EmptySecret);
        }
        if cfg.request_timeout.is_zero() || cfg.connect_timeout.is_zero() {
            return Err(GatewayError::Timeouts);
        }
        let idle = cfg.max_idle_per_host.max(1);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // A redirected POST could be replayed as a GET elsewhere: take the
            // 3xx as the answer (it classifies as unknown) instead.
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(cfg.request_timeout))
            .timeout_connect(Some(cfg.connect_timeout))
            .max_idle_connections_per_host(idle)
            .max_idle_connections(idle.max(10))
            .user_agent(concat!("payrun/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Client {
            agent,
            sent: Sent::default(),
            payout_url: format!("{base}{PAYOUT_PATH}"),
            query_url: format!("{base}{QUERY_PATH}"),
            balance_url: format!("{base}{BALANCE_PATH}"),
            cfg,
        })
    }

    /// Whether TLS certificates are verified. Always true: payrun has no
    /// `--insecure`, and this lets a test prove the Agent was not weakened.
    pub fn verifies_tls(&self) -> bool {
        !self.agent.config().tls_config().disable_verification()
    }

    /// The configuration in use (its secret prints as `***`).
    pub fn config(&self) -> &ClientConfig {
        &self.cfg
    }

    /// The requests made so far, by endpoint.
    pub fn requests(&self) -> Requests {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Requests {
            payouts: get(&self.sent.payouts),
            queries: get(&self.sent.queries),
            balances: get(&self.sent.balances),
        }
    }

    /// Sends one payout. Never retries: retry policy belongs to the caller,
    /// who must record intent before each attempt.
    pub fn payout(&self, req: &PayoutRequest) -> Exchange {
        self.sent.payouts.fetch_add(1, Ordering::Relaxed);
        let fields = payout_fields(&self.cfg, req, now_ms());
        self.classified(&self.payout_url, fields)
    }

    /// Asks what became of a tradeNo. `Rejected { class: NotFound, .. }` means
    /// the gateway does not know it (yet).
    pub fn query(&self, trade_no: &str) -> Exchange {
        self.sent.queries.fetch_add(1, Ordering::Relaxed);
        let mut fields = BTreeMap::new();
        fields.insert("tradeNo".to_string(), trade_no.to_string());
        fields.insert("timestamp".to_string(), now_ms().to_string());
        self.classified(&self.query_url, fields)
    }

    /// The merchant's balance, checked before a batch is sent.
    pub fn balance(&self) -> Result<Balance, BalanceError> {
        self.balance_exchange().1
    }

    /// The balance together with the attempt, for callers that record it.
    pub fn balance_exchange(&self) -> (Exchange, Result<Balance, BalanceError>) {
        self.sent.balances.fetch_add(1, Ordering::Relaxed);
        let mut fields = BTreeMap::new();
        fields.insert("timestamp".to_string(), now_ms().to_string());
        let raw = self.post(&self.balance_url, fields);
        let classified = classify_raw(&raw, &self.cfg.classes);
        let result = balance_from(&raw, &classified.outcome, &self.cfg.classes);
        (exchange(raw, classified), result)
    }

    /// A payout or query answer, held to this merchant
    /// ([`Outcome::for_merchant`]).
    fn classified(&self, url: &str, fields: BTreeMap<String, String>) -> Exchange {
        let raw = self.post(url, fields);
        let mut classified = classify_raw(&raw, &self.cfg.classes);
        classified.outcome = classified.outcome.for_merchant(&self.cfg.merchant_no);
        exchange(raw, classified)
    }

    /// Signs, serialises once, and sends those exact bytes.
    fn post(&self, url: &str, mut fields: BTreeMap<String, String>) -> Raw {
        let request_body = signed_body(&mut fields, &self.cfg.secret);
        let start = Instant::now();
        let sent = self
            .agent
            .post(url)
            .header("merchantNo", &self.cfg.merchant_no)
            .header("Content-Type", "application/json")
            .send(request_body.as_bytes());
        let mut response = match sent {
            Ok(r) => r,
            Err(err) => {
                return Raw {
                    http_status: None,
                    body: None,
                    failed: Some(transport_outcome(&err)),
                    request_body,
                    elapsed: start.elapsed(),
                    encoding: None,
                    retry_after: None,
                };
            }
        };
        let status = response.status().as_u16();
        let encoding = response
            .headers()
            .get("content-encoding")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_string())
            .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("identity"));
        let retry_after = response.headers().get("retry-after").and_then(|v| {
            retry_after::wait_asked(&String::from_utf8_lossy(v.as_bytes()), SystemTime::now())
        });
        let read = response
            .body_mut()
            .with_config()
            .limit(BODY_READ_LIMIT)
            .read_to_vec();
        let elapsed = start.elapsed();
        match read {
            Ok(bytes) => Raw {
                http_status: Some(status),
                body: Some(String::from_utf8_lossy(&bytes).into_owned()),
                failed: None,
                request_body,
                elapsed,
                encoding,
                retry_after,
            },
            Err(err) => Raw {
                http_status: Some(status),
                body: None,
                failed: Some(Outcome::Unknown {
                    reason: format!("HTTP {status}, but reading the body failed: {err}"),
                    throttled: status == 429,
                }),
                request_body,
                elapsed,
                encoding,
                retry_after,
            },
        }
    }
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

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default()
}

fn classify_raw(raw: &Raw, classes: &CodeClasses) -> outcome::Classified {
    let mut classified = classify_body(raw, classes);
    if let (Outcome::Unknown { reason, .. }, Some(encoding)) =
        (&mut classified.outcome, &raw.encoding)
    {
        // Otherwise the reason shows only compressed bytes.
        reason.push_str(&format!(
            "; the body came with Content-Encoding: {}, which payrun did not ask for and does \
             not decode (it asks for gzip only)",
            encoding.escape_debug()
        ));
    }
    classified
}

fn classify_body(raw: &Raw, classes: &CodeClasses) -> outcome::Classified {
    match (&raw.failed, raw.http_status, &raw.body) {
        (Some(failed), _, _) => outcome::Classified {
            outcome: failed.clone(),
            outer_code: None,
            data_status: None,
        },
        (None, Some(status), Some(body)) => outcome::classify(status, body, classes),
        (None, _, _) => outcome::Classified {
            outcome: Outcome::Unknown {
                reason: "no response was recorded".to_string(),
                throttled: false,
            },
            outer_code: None,
            data_status: None,
        },
    }
}

fn exchange(raw: Raw, classified: outcome::Classified) -> Exchange {
    Exchange {
        outcome: classified.outcome,
        http_status: raw.http_status,
        outer_code: classified.outer_code,
        data_status: classified.data_status,
        body: raw.body.map(|b| cap(b, BODY_KEEP_BYTES)),
        request_body: raw.request_body,
        elapsed: raw.elapsed,
        retry_after: raw.retry_after,
    }
}

/// Cuts `s` to at most `max` bytes on a character boundary.
fn cap(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut end = max;
        while end > 0 && !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod http_status_tests;
