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
use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, Ipv6Addr};
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::Notify;

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

#[derive(Default)]
struct Inner {
    next_id: u64,
    /// By id, which is also by age.
    conns: BTreeMap<u64, Entry>,
    per_peer: HashMap<IpAddr, usize>,
}

impl Inner {
    fn remove(&mut self, id: u64) {
        let Some(e) = self.conns.remove(&id) else {
            return;
        };
        if let Some(n) = self.per_peer.get_mut(&e.peer) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.per_peer.remove(&e.peer);
            }
        }
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
}

/// The open connections.
pub(super) struct Registry {
    inner: Mutex<Inner>,
    epoch: Instant,
    max_total: usize,
    max_per_peer: usize,
}

/// An admitted connection's place; dropping it frees the place.
pub(super) struct Ticket {
    id: u64,
    reg: Arc<Registry>,
    pub mark: Arc<Mark>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        lock(&self.reg.inner).remove(self.id);
    }
}

impl Registry {
    pub fn new(max_total: usize, max_per_peer: usize) -> Registry {
        Registry {
            inner: Mutex::new(Inner::default()),
            epoch: Instant::now(),
            max_total: max_total.max(1),
            max_per_peer: max_per_peer.max(1),
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
        let peer = peer_key(peer);
        let mut inner = lock(&self.inner);
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
        Ok(Ticket {
            id,
            reg: Arc::clone(self),
            mark,
        })
    }

    pub fn max_total(&self) -> usize {
        self.max_total
    }

    pub fn max_per_peer(&self) -> usize {
        self.max_per_peer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([127, 0, 0, last])
    }

    #[test]
    fn per_peer_and_total_caps_with_shedding_only_from_a_larger_peer() {
        let reg = Arc::new(Registry::new(4, 3));
        let a: Vec<Ticket> = (0..3).map(|_| reg.admit(ip(1)).expect("a")).collect();
        assert_eq!(reg.admit(ip(1)).err(), Some(Full::Peer));
        let b = reg.admit(ip(2)).expect("b, under the total");
        assert_eq!(reg.len(), 4);
        // At the total cap: a newcomer from a third peer sheds a's oldest idle.
        let c = reg.admit(ip(3)).expect("c sheds one of a's");
        assert_eq!(reg.len(), 4);
        assert_eq!(lock(&reg.inner).count(ip(1)), 2, "one of a's was shed");
        // b (1 connection) and c (1) are not larger than a newcomer's 1.
        a.iter().for_each(|t| t.mark.set(Phase::Handling, &reg));
        assert_eq!(
            reg.admit(ip(2)).err(),
            Some(Full::Total),
            "a's are all in the handler"
        );
        drop(c);
        assert!(reg.admit(ip(2)).is_ok(), "a place came free");
        drop(b);
        drop(a);
    }

    #[test]
    fn an_ipv6_slash_64_is_one_peer_and_a_mapped_ipv4_is_its_ipv4() {
        let reg = Arc::new(Registry::new(8, 2));
        let a: IpAddr = "2001:db8:1:2::1".parse().expect("v6");
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().expect("v6");
        let _t = [reg.admit(a).expect("a"), reg.admit(b).expect("b")];
        assert_eq!(
            reg.admit("2001:db8:1:2::77".parse().expect("v6")).err(),
            Some(Full::Peer)
        );
        assert!(
            reg.admit("2001:db8:1:3::1".parse().expect("v6")).is_ok(),
            "another /64"
        );
        let _u = [reg.admit(ip(1)).expect("v4"), reg.admit(ip(1)).expect("v4")];
        assert_eq!(
            reg.admit("::ffff:127.0.0.1".parse().expect("mapped")).err(),
            Some(Full::Peer)
        );
    }

    #[test]
    fn the_oldest_idle_of_the_largest_peer_is_shed_first() {
        let reg = Arc::new(Registry::new(3, 3));
        let first = reg.admit(ip(1)).expect("1");
        std::thread::sleep(std::time::Duration::from_millis(5));
        let second = reg.admit(ip(1)).expect("2");
        let third = reg.admit(ip(1)).expect("3");
        second.mark.set(Phase::Handling, &reg);
        second.mark.set(Phase::Idle, &reg); // idle again, more recently than the others
        let _new = reg.admit(ip(9)).expect("sheds");
        let inner = lock(&reg.inner);
        assert!(!inner.conns.contains_key(&first.id), "the oldest idle went");
        assert!(inner.conns.contains_key(&second.id));
        assert!(inner.conns.contains_key(&third.id));
        assert_eq!(inner.count(ip(1)), 2);
    }

    #[test]
    fn a_connection_reading_a_body_goes_after_the_idle_ones_and_one_in_the_handler_never() {
        let reg = Arc::new(Registry::new(2, 2));
        let reading = reg.admit(ip(1)).expect("1");
        let handling = reg.admit(ip(1)).expect("2");
        reading.mark.set(Phase::Reading, &reg);
        handling.mark.set(Phase::Handling, &reg);
        let new = reg.admit(ip(2)).expect("sheds the one reading a body");
        assert!(!lock(&reg.inner).conns.contains_key(&reading.id));
        new.mark.set(Phase::Handling, &reg);
        assert_eq!(
            reg.admit(ip(3)).err(),
            Some(Full::Total),
            "the handler's is kept"
        );
        drop(handling);
    }
}
