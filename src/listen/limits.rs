//! What a sender may do to `listen`, and the defaults.

use std::time::Duration;

/// Bodies larger than this are refused at the HTTP layer (413, not read):
/// a real callback is a few hundred bytes.
pub const MAX_BODY: usize = 16 * 1024;

/// What a sender may do to `listen`; the defaults suit a gateway's callbacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListenLimits {
    /// Larger bodies get 413 without being read.
    pub max_body: usize,
    /// Connections open at once from everyone; past it, an idle connection
    /// of the address holding the most is closed, or the newcomer gets 503.
    pub max_connections: usize,
    /// Connections open at once from one IP address. Behind a proxy every
    /// connection comes from the proxy: raise it there, and let the proxy
    /// limit its clients.
    pub max_per_peer: usize,
    /// Connections over `max_per_peer` that may wait for a place of their
    /// address, from everyone together; one address may hold
    /// [`WAITING_SHARE`] of them. Each costs a socket and nothing is read
    /// from it while it waits.
    pub max_waiting: usize,
    /// How long such a connection waits before it gets 503.
    pub queue_wait: Duration,
    /// From connecting (or the previous answer) to a whole request head.
    pub head_timeout: Duration,
    /// From the head to a whole body.
    pub body_timeout: Duration,
}

impl Default for ListenLimits {
    fn default() -> Self {
        ListenLimits {
            max_body: MAX_BODY,
            max_connections: MAX_CONNECTIONS,
            max_per_peer: MAX_PER_PEER,
            max_waiting: MAX_WAITING,
            queue_wait: QUEUE_WAIT,
            head_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
        }
    }
}

/// How many callback connections may be open at once; one more gets a 503
/// (the gateway retries it later).
pub const MAX_CONNECTIONS: usize = 256;
/// How many of those one IP address may hold: a gateway delivers a burst
/// over a few connections, and an attacker's address cannot take them all.
pub const MAX_PER_PEER: usize = 32;
/// How many connections over their address's `max_per_peer` may wait for
/// a place, in all: a gateway's burst from one address (probe11: 600 at
/// once) waits its turn instead of getting 503 at once. With the 256
/// connections served, about 1,300 sockets: `listen` raises its open-file
/// limit to fit, or shrinks the queue where it cannot ([`open_files`]).
pub const MAX_WAITING: usize = 1024;
/// The part of [`MAX_WAITING`] one address may hold, in quarters: a peer
/// flooding the queue leaves room for the others' waiting connections.
pub const WAITING_SHARE: usize = 3;
/// How long a connection waits for a place: the gateway waits 10 s for
/// `OK` in all, and a callback may then wait for the ledger.
pub const QUEUE_WAIT: Duration = Duration::from_secs(4);
