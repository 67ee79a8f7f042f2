//! Which connections are open, and whether one more may be: a cap per peer
//! address and a cap in total. At the total cap a newcomer takes the place
//! of a connection of the peer that holds the most, when that peer holds more
//! than the newcomer's own: an idle one first (waiting for a request or
//! reading its head), then one still reading a body; never one whose request
//! is in the handler. A flood of idle, slow-head or slow-body connections
//! cannot keep out another sender (the gateway is another host than the
//! attacker), and no peer loses its connections to a peer that already has
//! as many.

use super::lock;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::{IpAddr, Ipv6Addr};
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use std::time::Instant;
use tokio::sync::{Notify, oneshot};

/// Where a connection is in its life, as far as shedding goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(super) enum Phase {
    /// Waiting for a request, or reading its head: nothing to lose.
    Idle = 0,
    /// Reading a request's body: nothing processed yet, so it may go too,
    /// after the idle ones (a slow body is how slots are held busy).
    Reading = 1,
    /// In the handler or answering: never shed.
    Handling = 2,
}

/// What one connection shares with the registry.
#[derive(Debug)]
pub(super) struct Mark {
    phase: AtomicU8,
    /// Milliseconds since the registry's epoch when it last went idle.
    idle_since: AtomicU64,
    /// Told when the connection is shed; its task then drops it.
    pub shed: Notify,
}

impl Mark {
    pub fn set(&self, phase: Phase, reg: &Registry) {
        if phase == Phase::Idle {
            self.idle_since.store(reg.now_ms(), Ordering::Relaxed);
        }
        self.phase.store(phase as u8, Ordering::Relaxed);
    }

    fn phase(&self) -> u8 {
        self.phase.load(Ordering::Relaxed)
    }
}

struct Entry {
    peer: IpAddr,
    mark: Arc<Mark>,
}

/// A connection over its peer's cap, waiting for one of the peer's places.
struct Waiter {
    id: u64,
    place: oneshot::Sender<Ticket>,
}

#[derive(Default)]
struct Inner {
    next_id: u64,
    /// By id, which is also by age.
    conns: BTreeMap<u64, Entry>,
    per_peer: HashMap<IpAddr, usize>,
    /// Per peer at its cap, the connections waiting for its next free
    /// place, first come first served.
    waiting: HashMap<IpAddr, VecDeque<Waiter>>,
    waiting_total: usize,
}

impl Inner {
    /// Removes the connection; its peer, if it was there.
    fn remove(&mut self, id: u64) -> Option<IpAddr> {
        let e = self.conns.remove(&id)?;
        if let Some(n) = self.per_peer.get_mut(&e.peer) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.per_peer.remove(&e.peer);
            }
        }
        Some(e.peer)
    }

    fn waiting_of(&self, peer: IpAddr) -> usize {
        self.waiting.get(&peer).map_or(0, VecDeque::len)
    }

    /// The first connection waiting for a place of `peer`, taken out of
    /// the queue.
    fn next_waiter(&mut self, peer: IpAddr) -> Option<Waiter> {
        let queue = self.waiting.get_mut(&peer)?;
        let first = queue.pop_front();
        if queue.is_empty() {
            self.waiting.remove(&peer);
        }
        if first.is_some() {
            self.waiting_total = self.waiting_total.saturating_sub(1);
        }
        first
    }

    /// Takes waiter `id` of `peer` out of the queue; whether it was there.
    fn forget_waiter(&mut self, peer: IpAddr, id: u64) -> bool {
        let Some(queue) = self.waiting.get_mut(&peer) else {
            return false;
        };
        let before = queue.len();
        queue.retain(|w| w.id != id);
        let found = queue.len() < before;
        if queue.is_empty() {
            self.waiting.remove(&peer);
        }
        if found {
            self.waiting_total = self.waiting_total.saturating_sub(1);
        }
        found
    }

    fn count(&self, peer: IpAddr) -> usize {
        self.per_peer.get(&peer).copied().unwrap_or(0)
    }

    /// The connection to shed for a newcomer from `peer`, if any: from the
    /// peer holding the most (more than `peer`), an idle one before one
    /// reading a body, the one idle longest first; never one in the handler.
    fn victim(&self, peer: IpAddr) -> Option<u64> {
        let own = self.count(peer);
        self.conns
            .iter()
            .filter(|(_, e)| e.mark.phase() != Phase::Handling as u8)
            .map(|(id, e)| {
                let since = e.mark.idle_since.load(Ordering::Relaxed);
                let idle = e.mark.phase() == Phase::Idle as u8;
                (self.count(e.peer), idle, Reverse(since), Reverse(*id))
            })
            .filter(|(held, ..)| *held > own)
            .max()
            .map(|(.., Reverse(id))| id)
    }
}

/// Whom a connection counts against: its IPv4 address (also when it comes
/// IPv4-mapped on an IPv6 socket), or its IPv6 /64, the block one host or
/// one customer is usually given, so that one attacker cannot be a million
/// peers.
pub(super) fn peer_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// Why a connection was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Full {
    Peer,
    Total,
    /// Over its peer's cap, it waited its turn in vain (or the queue was full).
    Waited,
}

/// How many connections over their peer's cap may wait for a place, and
/// for how long (see [`Registry::admit_or_queue`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Queue {
    /// From every peer together.
    pub total: usize,
    /// From one peer.
    pub per_peer: usize,
    /// How long one waits before it is answered 503.
    pub wait: Duration,
}

impl Queue {
    /// No queue: a connection over its peer's cap is refused at once.
    pub const NONE: Queue = Queue {
        total: 0,
        per_peer: 0,
        wait: Duration::ZERO,
    };
}

/// Whether a new connection may be served.
pub(super) enum Admission {
    Now(Ticket),
    /// Over its peer's cap: it waits for one of the peer's places.
    Queued(Waiting),
    Refused(Full),
}

/// The open connections.
pub(super) struct Registry {
    inner: Mutex<Inner>,
    epoch: Instant,
    max_total: usize,
    max_per_peer: usize,
    queue: Queue,
}

/// A connection waiting for a place; dropping it leaves the queue.
pub(super) struct Waiting {
    id: u64,
    peer: IpAddr,
    reg: Arc<Registry>,
    place: oneshot::Receiver<Ticket>,
}

impl Waiting {
    /// The place, once one of its peer's connections ends, or `None` after
    /// the queue's wait.
    pub async fn place(mut self) -> Option<Ticket> {
        let wait = self.reg.queue.wait;
        if let Ok(Ok(t)) = tokio::time::timeout(wait, &mut self.place).await {
            return Some(t);
        }
        let still_queued = lock(&self.reg.inner).forget_waiter(self.peer, self.id);
        if still_queued {
            return None;
        }
        // Handed a place as the wait ended: it is sent right after the
        // handing connection's lock is released.
        self.place.try_recv().ok()
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        lock(&self.reg.inner).forget_waiter(self.peer, self.id);
    }
}

/// An admitted connection's place; dropping it frees the place.
pub(super) struct Ticket {
    id: u64,
    reg: Arc<Registry>,
    pub mark: Arc<Mark>,
}

impl Drop for Ticket {
    /// Frees the place, or hands it to the first connection of the same
    /// peer waiting for one (the peer's count and the total stay as they
    /// were). A place handed to a waiter gone meanwhile is dropped in turn,
    /// which hands it to the next.
    fn drop(&mut self) {
        let handed = {
            let mut inner = lock(&self.reg.inner);
            let peer = inner.remove(self.id);
            peer.and_then(|p| {
                let next = inner.next_waiter(p)?;
                Some((next, self.reg.register(&mut inner, p)))
            })
        };
        if let Some((next, ticket)) = handed {
            let _ = next.place.send(ticket);
        }
    }
}

impl Registry {
    #[cfg(test)]
    pub fn new(max_total: usize, max_per_peer: usize) -> Registry {
        Registry::with_queue(max_total, max_per_peer, Queue::NONE)
    }

    pub fn with_queue(max_total: usize, max_per_peer: usize, queue: Queue) -> Registry {
        Registry {
            inner: Mutex::new(Inner::default()),
            epoch: Instant::now(),
            max_total: max_total.max(1),
            max_per_peer: max_per_peer.max(1),
            queue,
        }
    }

    /// Whether connections of `peer` are waiting for a place: an answer on
    /// one of its connections then closes it, so that a client holding its
    /// places with kept-alive connections takes turns with its others.
    pub fn has_waiting(&self, peer: IpAddr) -> bool {
        lock(&self.inner).waiting_of(peer_key(peer)) > 0
    }

    /// [`Registry::admit`], except that a connection over its peer's cap
    /// waits its turn for one of the peer's places, while the queue has
    /// room for it (in all and for its peer), instead of being refused at
    /// once: a gateway delivering a burst from one address is served in
    /// turn, and a peer that floods holds only its share of the queue.
    pub fn admit_or_queue(self: &Arc<Self>, peer: IpAddr) -> Admission {
        let key = peer_key(peer);
        let mut inner = lock(&self.inner);
        let at_cap = inner.count(key) >= self.max_per_peer;
        let room =
            inner.waiting_total < self.queue.total && inner.waiting_of(key) < self.queue.per_peer;
        if !at_cap {
            return match self.admit_locked(&mut inner, key) {
                Ok(t) => Admission::Now(t),
                Err(full) => Admission::Refused(full),
            };
        }
        if !room || self.queue.wait.is_zero() {
            return Admission::Refused(if self.queue.total == 0 {
                Full::Peer
            } else {
                Full::Waited
            });
        }
        let id = inner.next_id;
        inner.next_id += 1;
        let (tx, rx) = oneshot::channel();
        inner
            .waiting
            .entry(key)
            .or_default()
            .push_back(Waiter { id, place: tx });
        inner.waiting_total += 1;
        Admission::Queued(Waiting {
            id,
            peer: key,
            reg: Arc::clone(self),
            place: rx,
        })
    }

    /// A new place for `peer` (already a key), counted.
    fn register(self: &Arc<Self>, inner: &mut Inner, peer: IpAddr) -> Ticket {
        let id = inner.next_id;
        inner.next_id += 1;
        let mark = Arc::new(Mark {
            phase: AtomicU8::new(Phase::Idle as u8),
            idle_since: AtomicU64::new(self.now_ms()),
            shed: Notify::new(),
        });
        inner.conns.insert(
            id,
            Entry {
                peer,
                mark: Arc::clone(&mark),
            },
        );
        *inner.per_peer.entry(peer).or_insert(0) += 1;
        Ticket {
            id,
            reg: Arc::clone(self),
            mark,
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    pub fn len(&self) -> usize {
        lock(&self.inner).conns.len()
    }

    /// A place for a new connection from `peer`, shedding an idle one at
    /// the total cap if the policy allows.
    pub fn admit(self: &Arc<Self>, peer: IpAddr) -> Result<Ticket, Full> {
        let mut inner = lock(&self.inner);
        self.admit_locked(&mut inner, peer_key(peer))
    }

    /// [`Registry::admit`] under the lock, for a peer already a key.
    fn admit_locked(self: &Arc<Self>, inner: &mut Inner, peer: IpAddr) -> Result<Ticket, Full> {
        if inner.count(peer) >= self.max_per_peer {
            return Err(Full::Peer);
        }
        if inner.conns.len() >= self.max_total {
            let victim = inner.victim(peer).ok_or(Full::Total)?;
            if let Some(e) = inner.conns.get(&victim) {
                // A stored permit: the task sees it even if not yet waiting.
                e.mark.shed.notify_one();
            }
            inner.remove(victim);
        }
        Ok(self.register(inner, peer))
    }

    pub fn max_total(&self) -> usize {
        self.max_total
    }

    pub fn max_per_peer(&self) -> usize {
        self.max_per_peer
    }
}

#[cfg(test)]
mod tests;
