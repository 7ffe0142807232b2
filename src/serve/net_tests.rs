//! The connection loop on a loopback port with short limits: timeouts,
//! the connection cap, and clients that stop reading.

use super::*;
use crate::serve::incremental::Files;
use std::io::{Read, Write};
use std::net::TcpStream as Client;

/// Limits short enough for tests.
fn quick() -> Limits {
    Limits {
        max_connections: 64,
        idle: Duration::from_millis(400),
        read: Duration::from_millis(400),
        write: Duration::from_millis(400),
        head: HeadLimits::default(),
    }
}

/// A server over `files` (path → size in bytes); its state and port.
fn serve(files: &[(&str, usize)], limits: Limits) -> (Arc<State>, u16) {
    let state = Arc::new(State::default());
    let mut map = Files::default();
    for (path, size) in files {
        map.insert(path.to_string(), Arc::new(vec![b'x'; *size]));
    }
    *state.files.write().unwrap() = Arc::new(map);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    start(
        listener,
        state.clone(),
        HostRule::new("127.0.0.1", addr),
        limits,
    )
    .unwrap();
    (state, addr.port())
}

fn connect(port: u16) -> Client {
    let c = Client::connect(("127.0.0.1", port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    c
}

/// Sends `GET path` and reads one whole response; its status.
fn get(c: &mut Client, path: &str) -> u16 {
    c.write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())
        .unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 65536];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .split("content-length: ")
                .nth(1)
                .and_then(|v| v.split("\r\n").next())
                .and_then(|v| v.parse().ok())
                .unwrap();
            if buf.len() >= end + 4 + len {
                return head[9..12].parse().unwrap();
            }
        }
        let n = c.read(&mut chunk).expect("an answer in time");
        assert!(n > 0, "closed before the answer");
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Whether the server closed `c` (within the read timeout).
fn closed(c: &mut Client) -> bool {
    let mut chunk = [0u8; 65536];
    loop {
        match c.read(&mut chunk) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::TimedOut => {
                return false;
            }
            Err(_) => return true, // reset
        }
    }
}

#[test]
fn slow_and_idle_clients_are_closed_after_their_time() {
    let (_, port) = serve(&[("index.html", 10)], quick());
    // A head that never ends (slowloris), and a connection that says nothing.
    let mut slow = connect(port);
    slow.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-A: 1\r\n")
        .unwrap();
    let mut idle = connect(port);
    let mut kept = connect(port);
    assert_eq!(get(&mut kept, "/"), 200);
    let started = Instant::now();
    assert!(closed(&mut slow), "a slow head is cut off");
    assert!(closed(&mut idle), "an idle connection is closed");
    assert!(closed(&mut kept), "so is a keep-alive one after its answer");
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// A client that asks for a big file and never reads holds no worker:
/// others are answered at once, and it is closed once it stalls.
#[test]
fn clients_that_never_read_block_nothing_and_are_dropped() {
    let (_, port) = serve(&[("index.html", 10), ("big.bin", 8 << 20)], quick());
    let mut stuck: Vec<Client> = (0..WORKERS + 2)
        .map(|_| {
            let mut c = connect(port);
            c.write_all(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .unwrap();
            c
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    for _ in 0..3 {
        assert_eq!(get(&mut connect(port), "/"), 200);
    }
    // Generous for a loaded machine; a worker held by a stuck client
    // would hold it until the write timeout, each time.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    std::thread::sleep(Duration::from_millis(1000));
    for c in &mut stuck {
        let mut total = 0;
        let mut chunk = [0u8; 65536];
        while let Ok(n) = c.read(&mut chunk) {
            if n == 0 {
                break;
            }
            total += n;
        }
        assert!(total < 8 << 20, "the stalled answer was cut off");
    }
}

/// Past the cap, the longest-idle connection makes room; when none is
/// idle, a new one gets a 503 at once.
#[test]
fn connections_are_capped() {
    let limits = Limits {
        max_connections: 4,
        idle: Duration::from_secs(30),
        read: Duration::from_secs(30),
        ..quick()
    };
    let (_, port) = serve(&[("index.html", 10)], limits);
    let mut idle: Vec<Client> = (0..4).map(|_| connect(port)).collect();
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(get(&mut connect(port), "/"), 200);
    assert!(closed(&mut idle[0]), "the oldest idle one made room");
    // Four connections in the middle of a head: none is idle.
    let busy: Vec<Client> = (0..4)
        .map(|_| {
            let mut c = connect(port);
            c.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            std::thread::sleep(Duration::from_millis(20));
            c
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let mut late = connect(port);
    let mut text = String::new();
    let _ = late.read_to_string(&mut text);
    assert!(text.starts_with("HTTP/1.1 503"), "{text}");
    drop(busy);
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(get(&mut connect(port), "/"), 200, "room again");
}

/// A live-reload tab that stops reading: events keep going out to the
/// others at once, and the stuck tab is dropped, freeing its memory.
#[test]
fn a_live_reload_tab_that_stops_reading_is_dropped() {
    let (state, port) = serve(&[("index.html", 10)], quick());
    let mut stuck = connect(port);
    stuck
        .write_all(b"GET /__creatorkb/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while state.hub.is_empty() {
        assert!(Instant::now() < deadline, "no subscription");
        std::thread::sleep(Duration::from_millis(10));
    }
    let data = "x".repeat(64 * 1024);
    let started = Instant::now();
    // Far more than the socket buffers and the queue hold together.
    for _ in 0..256 {
        state.hub.send("reload", &data);
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "sending waits for nobody"
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while !state.hub.is_empty() {
        assert!(Instant::now() < deadline, "the stuck tab is still there");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(get(&mut connect(port), "/"), 200);
}
