//! HTTP/1.1 messages as payrun's servers need them: a request head parsed with
//! hard limits, and a response written in one piece.

/// Larger request heads get 431; the gateway's are a few hundred bytes.
pub(crate) const MAX_HEAD: usize = 16 * 1024;
/// More header lines than this get 431.
const MAX_HEADERS: usize = 64;
/// Larger request bodies get 413; the gateway's are a few hundred bytes.
pub(crate) const MAX_BODY: usize = 256 * 1024;

/// One request, read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// As sent, e.g. `POST`.
    pub method: String,
    /// The target's path, without the query string.
    pub path: String,
    /// The query string after `?`, as sent (empty when there is none):
    /// the sandbox's `GET /_sandbox/statement?from=&to=` reads it.
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first header of that name, compared without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    /// Adds `Retry-After: 1`, for 429.
    pub retry_after: bool,
}

impl Response {
    pub fn text(status: u16, body: impl Into<String>) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.into(),
            retry_after: false,
        }
    }
}

/// What the head says, beyond the request itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    /// Zero when `chunked`.
    pub content_length: usize,
    /// `Transfer-Encoding: chunked`: the body's length is in its framing.
    pub chunked: bool,
    /// HTTP/1.0: keep-alive only when asked for, and said so in the answer.
    pub http10: bool,
    pub keep_alive: bool,
    /// `Expect: 100-continue`: the client waits for a `100` before the body.
    pub expect_continue: bool,
}

/// Where the head ends (just past its blank line), if it has arrived whole.
/// Bare `\n` line ends are accepted, as RFC 9112 allows.
pub(crate) fn head_end(buf: &[u8]) -> Option<usize> {
    buf.iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .find_map(|(i, _)| {
            let rest = buf.get(i + 1..)?;
            if rest.starts_with(b"\n") {
                Some(i + 2)
            } else if rest.starts_with(b"\r\n") {
                Some(i + 3)
            } else {
                None
            }
        })
}

fn refuse(status: u16, msg: &str) -> Response {
    Response::text(status, format!("{msg}\n"))
}

/// Parses a whole head. An `Err` is the answer to send before closing.
pub(crate) fn parse_head(bytes: &[u8]) -> Result<Head, Response> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| refuse(400, "the request head is not UTF-8 text"))?;
    let mut lines = text.lines();
    let line = lines.next().unwrap_or_default();
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(refuse(
            400,
            "the request line must be METHOD TARGET HTTP/1.1, e.g. POST /v1/paypro/payout HTTP/1.1",
        ));
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        v if v.starts_with("HTTP/") => {
            return Err(refuse(505, "this server speaks HTTP/1.1 and HTTP/1.0 only"));
        }
        _ => return Err(refuse(400, "the request line does not end with HTTP/1.1")),
    };
    if method.is_empty() || !method.bytes().all(is_token_byte) {
        return Err(refuse(400, "the request method is not a token"));
    }
    let path = target_path(target).ok_or_else(|| {
        refuse(
            400,
            "the request target must be a path such as /v1/paypro/payout",
        )
    })?;
    let mut headers = Vec::new();
    for l in lines.filter(|l| !l.is_empty()) {
        let Some((name, value)) = l.split_once(':') else {
            return Err(refuse(400, "a header line has no colon"));
        };
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(refuse(400, "a header name is not a token"));
        }
        if headers.len() == MAX_HEADERS {
            return Err(refuse(431, "too many header lines"));
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    let all = |name: &'static str| values(&headers, name);
    let chunked = transfer_coding(&headers)?;
    let mut content_length = None;
    for v in all("Content-Length") {
        let n = (!v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
            .then(|| v.parse::<usize>().ok())
            .flatten()
            .ok_or_else(|| refuse(400, "Content-Length is not a number"))?;
        if content_length.is_some_and(|c| c != n) {
            return Err(refuse(400, "two different Content-Length headers"));
        }
        content_length = Some(n);
    }
    let content_length = content_length.unwrap_or(0);
    if content_length > MAX_BODY {
        return Err(refuse(
            413,
            &format!("the body is over {MAX_BODY} bytes; the gateway's are a few hundred"),
        ));
    }
    let has_token = |name: &'static str, token: &str| {
        all(name).any(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    };
    let keep_alive = if http10 {
        has_token("Connection", "keep-alive")
    } else {
        !has_token("Connection", "close")
    };
    let expect_continue = match all("Expect").next() {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("100-continue") => true,
        Some(_) => return Err(refuse(417, "the only expectation met is 100-continue")),
    };
    let query = target
        .split_once('?')
        .map(|(_, q)| q.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    Ok(Head {
        method: method.to_string(),
        path,
        query,
        headers,
        content_length,
        chunked,
        http10,
        keep_alive,
        expect_continue,
    })
}

/// Whether the body is chunked. Only `chunked` alone is understood; any
/// other transfer-coding gets 501. A request with both Transfer-Encoding and
/// Content-Length gets 400 (RFC 9112 6.1 allows rejecting it): two parsers
/// that disagree on which one wins are how requests are smuggled.
fn transfer_coding(headers: &[(String, String)]) -> Result<bool, Response> {
    let mut codings = values(headers, "Transfer-Encoding")
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .peekable();
    if codings.peek().is_none() {
        return Ok(false);
    }
    if values(headers, "Content-Length").next().is_some() {
        return Err(refuse(
            400,
            "a request with both Transfer-Encoding and Content-Length is refused; send one",
        ));
    }
    let codings: Vec<&str> = codings.collect();
    if codings.iter().any(|c| c.is_empty()) {
        return Err(refuse(400, "Transfer-Encoding names an empty coding"));
    }
    match codings.as_slice() {
        [only] if only.eq_ignore_ascii_case("chunked") => Ok(true),
        _ => Err(refuse(
            501,
            "the only Transfer-Encoding taken is chunked; send the body chunked or with Content-Length",
        )),
    }
}

/// Every value of the headers called `name`.
fn values<'a>(headers: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = &'a str> {
    headers
        .iter()
        .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// RFC 9110 `tchar`.
pub(crate) fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// `/a/b?q` or `http://host/a/b?q` (absolute form) to `/a/b`.
fn target_path(target: &str) -> Option<String> {
    let path = if target.starts_with('/') {
        target
    } else {
        let (_, rest) = target.split_once("://")?;
        rest.find('/').and_then(|i| rest.get(i..)).unwrap_or("/")
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    (!path.is_empty() && !path.bytes().any(|b| b.is_ascii_control())).then(|| path.to_string())
}

fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        417 => "Expectation Failed",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    }
}

/// The whole answer as bytes, to go out in one write. `keep_alive` false
/// adds `Connection: close`; an HTTP/1.0 client is told `keep-alive`
/// explicitly. A `HEAD` gets the headers only.
pub(crate) fn serialise(resp: &Response, keep_alive: bool, http10: bool, head: bool) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n",
        resp.status,
        reason(resp.status),
        resp.content_type,
        resp.body.len()
    );
    if resp.retry_after {
        out.push_str("Retry-After: 1\r\n");
    }
    if !keep_alive {
        out.push_str("Connection: close\r\n");
    } else if http10 {
        out.push_str("Connection: keep-alive\r\n");
    }
    out.push_str("\r\n");
    if !head {
        out.push_str(&resp.body);
    }
    out.into_bytes()
}
