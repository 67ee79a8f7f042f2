//! The caps, the shedding and the queue of [`super::Registry`].

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

fn queued(reg: &Arc<Registry>, peer: IpAddr) -> Waiting {
    match reg.admit_or_queue(peer) {
        Admission::Queued(w) => w,
        Admission::Now(_) => panic!("admitted at once"),
        Admission::Refused(f) => panic!("refused: {f:?}"),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime")
}

#[test]
fn a_connection_over_its_peers_cap_waits_and_takes_the_next_place_of_its_peer_in_order() {
    let queue = Queue {
        total: 4,
        per_peer: 2,
        wait: Duration::from_secs(5),
    };
    let reg = Arc::new(Registry::with_queue(8, 2, queue));
    let held: Vec<Ticket> = (0..2).map(|_| reg.admit(ip(1)).expect("a")).collect();
    let (first, second) = (queued(&reg, ip(1)), queued(&reg, ip(1)));
    assert!(reg.has_waiting(ip(1)) && !reg.has_waiting(ip(2)));
    // Its peer's share of the queue is full: refused, said as such.
    assert!(matches!(
        reg.admit_or_queue(ip(1)),
        Admission::Refused(Full::Waited)
    ));
    // Another peer is not held up by the first's queue.
    assert!(matches!(reg.admit_or_queue(ip(2)), Admission::Now(_)));
    let rt = runtime();
    let mut held = held.into_iter();
    drop(held.next());
    let t1 = rt
        .block_on(first.place())
        .expect("the freed place, first come");
    assert_eq!(lock(&reg.inner).count(ip(1)), 2, "handed over, not freed");
    drop(held.next());
    let t2 = rt.block_on(second.place()).expect("the next freed place");
    assert!(!reg.has_waiting(ip(1)));
    drop((t1, t2));
    assert_eq!(lock(&reg.inner).count(ip(1)), 0);
    assert_eq!(lock(&reg.inner).waiting_total, 0);
}

#[test]
fn a_waiting_connection_gives_up_after_the_wait_and_leaves_the_queue() {
    let queue = Queue {
        total: 1,
        per_peer: 1,
        wait: Duration::from_millis(50),
    };
    let reg = Arc::new(Registry::with_queue(8, 1, queue));
    let held = reg.admit(ip(1)).expect("a");
    let w = queued(&reg, ip(1));
    // The whole queue is taken: another peer over its cap is refused.
    let _b = reg.admit(ip(2)).expect("b");
    assert!(matches!(
        reg.admit_or_queue(ip(2)),
        Admission::Refused(Full::Waited)
    ));
    let started = Instant::now();
    assert!(runtime().block_on(w.place()).is_none());
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert_eq!(lock(&reg.inner).waiting_total, 0);
    // A place freed now is freed, not handed to the one gone.
    drop(held);
    assert_eq!(lock(&reg.inner).count(ip(1)), 0);
    // Dropped while waiting (the server stopping): it leaves the queue too.
    let held = reg.admit(ip(1)).expect("a again");
    drop(queued(&reg, ip(1)));
    assert_eq!(lock(&reg.inner).waiting_total, 0);
    drop(held);
    assert_eq!(lock(&reg.inner).count(ip(1)), 0);
}

#[test]
fn without_a_queue_a_connection_over_its_peers_cap_is_refused_at_once() {
    let reg = Arc::new(Registry::new(8, 1));
    let _a = reg.admit(ip(1)).expect("a");
    assert!(matches!(
        reg.admit_or_queue(ip(1)),
        Admission::Refused(Full::Peer)
    ));
}
