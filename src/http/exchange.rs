//! One request on a connection: its body read within the limits, the
//! handler run on a blocking thread, and its [`Answer`] turned into hyper's
//! response, a close without a word, or silence.

use super::admit::{Mark, Phase};
use super::serve::Shared;
use super::{Answer, Refused, Request, Response};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{StatusCode, Version};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How long a silent answer holds its connection at most.
const SILENCE: Duration = Duration::from_secs(120);

type HyperResponse = hyper::Response<Full<Bytes>>;

/// Ends the connection without a response: hyper drops it on a service error.
#[derive(Debug)]
pub(super) struct Closed;

impl std::fmt::Display for Closed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("closed without an answer")
    }
}

impl std::error::Error for Closed {}

/// The service hyper calls for each request on a connection.
pub(super) async fn exchange(
    shared: Arc<Shared>,
    mark: Arc<Mark>,
    peer: SocketAddr,
    rq: hyper::Request<Incoming>,
) -> Result<HyperResponse, Closed> {
    mark.set(Phase::Reading, &shared.registry);
    let out = answer(&shared, &mark, peer, rq).await;
    mark.set(Phase::Idle, &shared.registry);
    out
}

async fn answer(
    shared: &Arc<Shared>,
    mark: &Mark,
    peer: SocketAddr,
    rq: hyper::Request<Incoming>,
) -> Result<HyperResponse, Closed> {
    let (parts, body) = rq.into_parts();
    let wants_close = wants_close(parts.version, &parts.headers);
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or_default().to_string();
    let body = match read_body(shared, &parts.headers, body).await {
        Ok(b) => b,
        Err(refusal) => return Ok(refuse(shared, peer, method, path, refusal).await),
    };
    let request = Request {
        method,
        path,
        query,
        headers: headers(&parts.headers),
        body,
        peer,
    };
    let post = request.method == "POST";
    mark.set(Phase::Handling, &shared.registry);
    let s = Arc::clone(shared);
    // A handler that panics takes its connection with it, nothing more.
    let answer = tokio::task::spawn_blocking(move || (s.handler)(&request))
        .await
        .map_err(|_| Closed)?;
    match answer {
        Answer::Send(resp) => {
            let refusal = !resp.authenticated && ((400..500).contains(&resp.status) || !post);
            // A peer with connections waiting for a place takes turns: its
            // kept-alive connection is closed after the answer.
            let close = wants_close
                || shared.is_stopping()
                || (shared.opts.close_after_refusal && refusal)
                || shared.registry.has_waiting(peer.ip());
            Ok(build(resp, close))
        }
        Answer::Close => Err(Closed),
        Answer::Silence => {
            tokio::select! {
                _ = shared.stopped() => {}
                _ = tokio::time::sleep(SILENCE) => {}
            }
            Err(Closed)
        }
    }
}

/// Why a body was not read whole.
struct BodyRefusal {
    status: u16,
    reason: String,
    declared: Option<u64>,
    received: Vec<u8>,
}

/// The body, at most `max_body` bytes, within `body_timeout`. A
/// `Content-Length` over the limit is refused before a byte is read.
async fn read_body(
    shared: &Shared,
    headers: &HeaderMap,
    mut body: Incoming,
) -> Result<Vec<u8>, BodyRefusal> {
    let max = shared.opts.max_body;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let too_large = |received: Vec<u8>| BodyRefusal {
        status: 413,
        reason: format!(
            "the body is over {max} bytes; a callback or gateway request is a few hundred\n"
        ),
        declared,
        received,
    };
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large(Vec::new()));
    }
    let mut buf: Vec<u8> = Vec::with_capacity(declared.unwrap_or(0).min(max as u64) as usize);
    let read = async {
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| BodyRefusal {
                status: 400,
                reason: format!("the request body is malformed: {e}\n"),
                declared,
                received: Vec::new(),
            })?;
            let Ok(data) = frame.into_data() else {
                continue; // trailers: nothing payrun serves reads them
            };
            let room = max.saturating_sub(buf.len());
            if data.len() > room {
                buf.extend_from_slice(data.get(..room).unwrap_or_default());
                return Err(too_large(std::mem::take(&mut buf)));
            }
            buf.extend_from_slice(&data);
        }
        Ok(())
    };
    let secs = shared.opts.body_timeout.as_secs();
    match tokio::time::timeout(shared.opts.body_timeout, read).await {
        Ok(Ok(())) => Ok(buf),
        Ok(Err(refusal)) => Err(refusal),
        Err(_) => Err(BodyRefusal {
            status: 408,
            reason: format!("the request body did not arrive whole within {secs} s\n"),
            declared,
            received: Vec::new(),
        }),
    }
}

/// Answers a body refusal and closes; a 413 is told to the user's hook.
async fn refuse(
    shared: &Arc<Shared>,
    peer: SocketAddr,
    method: String,
    path: String,
    r: BodyRefusal,
) -> HyperResponse {
    let resp = Response::text(r.status, r.reason.clone());
    if r.status == 413 && shared.opts.on_refused.is_some() {
        let refused = Refused {
            peer,
            method,
            path,
            declared: r.declared,
            received: r.received,
            reason: r.reason.trim_end().to_string(),
        };
        let s = Arc::clone(shared);
        let _ = tokio::task::spawn_blocking(move || {
            if let Some(hook) = &s.opts.on_refused {
                hook(&refused);
            }
        })
        .await;
    }
    build(resp, true)
}

/// Whether the client asked for the connection to end after this answer:
/// HTTP/1.0 without `keep-alive`, or `Connection: close`.
fn wants_close(version: Version, headers: &HeaderMap) -> bool {
    let has = |token: &str| {
        headers.get_all(header::CONNECTION).iter().any(|v| {
            v.to_str()
                .unwrap_or_default()
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case(token))
        })
    };
    if version == Version::HTTP_10 {
        !has("keep-alive")
    } else {
        has("close")
    }
}

fn headers(map: &HeaderMap) -> Vec<(String, String)> {
    map.iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// hyper's response for `resp`; `close` says so with `Connection: close`,
/// and hyper then closes once it is written.
fn build(resp: Response, close: bool) -> HyperResponse {
    let mut out = hyper::Response::new(Full::new(Bytes::from(resp.body)));
    *out.status_mut() =
        StatusCode::from_u16(resp.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = out.headers_mut();
    if let Ok(v) = HeaderValue::from_str(resp.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if resp.retry_after {
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    if close {
        h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    out
}
