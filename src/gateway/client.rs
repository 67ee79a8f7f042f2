//! The HTTP client: one shared ureq Agent, one signed request per call, and
//! one [`Exchange`] per attempt for the ledger.

use super::balance::balance_from;
use super::outcome::{self, Outcome, transport_outcome};
use super::wire::charset;
use super::{Balance, BalanceError, GatewayError, retry_after};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

mod exchange;
mod request;

pub use exchange::Exchange;
pub(super) use exchange::Raw;
use exchange::{classify_raw, exchange};
pub use request::{ClientConfig, PayoutRequest, payout_fields, signed_body};

/// Paths of the three endpoints, relative to the base URL.
pub const PAYOUT_PATH: &str = "/v1/paypro/payout";
pub const QUERY_PATH: &str = "/v1/paypro/queryPayOutResult";
pub const BALANCE_PATH: &str = "/v1/paypro/queryBalance";

/// How much of a response body is read at all; a larger one is unknown.
const BODY_READ_LIMIT: u64 = 1024 * 1024;

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
        self.classified(&self.payout_url, fields, false)
    }

    /// Asks what became of a tradeNo. `Rejected { class: NotFound, .. }` means
    /// the gateway does not know it (yet).
    pub fn query(&self, trade_no: &str) -> Exchange {
        self.sent.queries.fetch_add(1, Ordering::Relaxed);
        let mut fields = BTreeMap::new();
        fields.insert("tradeNo".to_string(), trade_no.to_string());
        fields.insert("timestamp".to_string(), now_ms().to_string());
        self.classified(&self.query_url, fields, true)
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
    /// ([`Outcome::for_merchant`]). A `query`'s `0000` without `data` may
    /// be configured as "not found" ([`outcome::query_reading`]).
    fn classified(&self, url: &str, fields: BTreeMap<String, String>, query: bool) -> Exchange {
        let raw = self.post(url, fields);
        let mut classified = classify_raw(&raw, &self.cfg.classes);
        if query && raw.failed.is_none() {
            let answer = raw.http_status.zip(raw.body.as_deref());
            classified = outcome::query_reading(classified, answer, &self.cfg.classes);
        }
        classified.outcome = classified.outcome.for_merchant(&self.cfg.merchant_no);
        classified.unread = (classified.unread).filter(|u| u.for_merchant(&self.cfg.merchant_no));
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
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
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
                // In its charset, by the callbacks' rule (`wire::charset`).
                body: Some(charset::answer_text(&bytes, content_type.as_deref())),
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

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod http_status_tests;
