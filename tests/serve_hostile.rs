//! `serve` under load and hostile input, against the real binary on a
//! loopback port: running out of file descriptors, forged live-reload
//! events, idle sockets, keep-alive bursts, clients that never read,
//! foreign `Host` headers (DNS rebinding) and oversized heads. Every test
//! talks to 127.0.0.1 only, opens a bounded number of sockets and stops by
//! itself within seconds.

mod serve_support;
use serve_support::{Reply, Serve, init_site, site, write};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A connection to the server, or `None` when the system refuses one.
fn open(serve: &Serve) -> Option<TcpStream> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], serve.port));
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    Some(s)
}

/// Sends `GET path` on a kept-alive connection and reads one answer.
fn get_on(s: &mut TcpStream, path: &str) -> Reply {
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes())
        .unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 65536];
    loop {
        if let Some(r) = Reply::parse(&buf) {
            let len: usize = r.header("content-length").unwrap().parse().unwrap();
            if r.body.len() >= len {
                return r;
            }
        }
        let n = s.read(&mut chunk).expect("an answer in time");
        assert!(n > 0, "closed before the answer to {path}");
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// A `/proc/PID/status` field of the server, in its unit (kB, count).
fn status_field(serve: &Serve, name: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", serve.pid())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|v| v.trim_start_matches(':').split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {status}"))
}

/// Item 4: more connections than the process may open files pause
/// accepting; they never stop it. It keeps answering, and once the
/// connections go, it answers as before.
#[test]
fn running_out_of_file_descriptors_does_not_stop_the_server() {
    let tmp = init_site();
    let serve = Serve::start_with_file_limit(&site(&tmp), 64);
    assert_eq!(serve.get("/").status, 200);
    let idle: Vec<TcpStream> = (0..150).filter_map(|_| open(&serve)).collect();
    assert!(idle.len() > 64, "only {} connections", idle.len());
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    assert_eq!(serve.get("/").status, 200, "{}", serve.stderr());
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(idle);
    std::thread::sleep(Duration::from_millis(300));
    for path in ["/", "/creators/", "/style.css"] {
        assert_eq!(serve.get(path).status, 200, "{path}");
    }
    assert!(!serve.stderr().contains("panicked"), "{}", serve.stderr());
}

/// Item 5: a file name with line breaks stays inside its event: no forged
/// `problems` event reaches the tabs.
#[test]
fn a_file_name_cannot_forge_a_live_reload_event() {
    let tmp = init_site();
    let root = site(&tmp);
    let serve = Serve::start(&root, &[]);
    let mut events = serve.events();
    let name = "x\n\nevent: problems\ndata: <img src=x onerror=alert(1)>\n\n.css";
    write(&root, &format!("static/{name}"), "a{}");
    let data = events.expect("css");
    assert!(
        data.contains(name),
        "the name is the event's data: {data:?}"
    );
    assert!(
        events.next_within(Duration::from_millis(800)).is_none(),
        "a second event was forged"
    );
}

/// Item 7: idle sockets hold no thread, and the server keeps answering
/// while they are open.
#[test]
fn idle_sockets_hold_no_thread() {
    let tmp = init_site();
    let serve = Serve::start(&site(&tmp), &[]);
    assert_eq!(serve.get("/").status, 200);
    let threads = status_field(&serve, "Threads");
    let idle: Vec<TcpStream> = (0..300).filter_map(|_| open(&serve)).collect();
    assert_eq!(idle.len(), 300);
    std::thread::sleep(Duration::from_millis(300));
    let now = status_field(&serve, "Threads");
    assert!(
        now <= threads + 2,
        "{threads} threads, then {now} with idle sockets"
    );
    assert_eq!(serve.get("/").status, 200);
}

/// Item 7: eight keep-alive connections at once (a browser opening a
/// page) are all answered at once, twice each.
#[test]
fn a_burst_of_keep_alive_connections_is_answered_at_once() {
    let tmp = init_site();
    let serve = Serve::start(&site(&tmp), &[]);
    // The browser opens its connections, then asks on each.
    let conns: Vec<TcpStream> = (0..8).map(|_| open(&serve).unwrap()).collect();
    let started = Instant::now();
    std::thread::scope(|s| {
        let handles: Vec<_> = conns
            .into_iter()
            .enumerate()
            .map(|(i, mut c)| {
                s.spawn(move || {
                    let path = if i % 2 == 0 { "/" } else { "/creators/" };
                    (
                        get_on(&mut c, path).status,
                        get_on(&mut c, "/style.css").status,
                    )
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), (200, 200));
        }
    });
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

/// Item 7: more clients than workers ask for a 12 MB file and never read
/// it; everyone else is still answered at once.
#[test]
fn clients_that_never_read_block_nobody() {
    let tmp = init_site();
    let root = site(&tmp);
    write(&root, "static/big.bin", &"b".repeat(12 << 20));
    let serve = Serve::start(&root, &[]);
    let stuck: Vec<TcpStream> = (0..6)
        .map(|_| {
            let mut c = open(&serve).unwrap();
            c.write_all(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .unwrap();
            c
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    for _ in 0..3 {
        assert_eq!(serve.get("/creators/").status, 200);
    }
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    drop(stuck);
}

/// Item 8: a request for another site's name (DNS rebinding) is refused,
/// the live-reload stream included; loopback names are served.
#[test]
fn only_loopback_host_names_are_answered() {
    let tmp = init_site();
    let serve = Serve::start(&site(&tmp), &["--audience", "team"]);
    let ask = |host: &str, path: &str| {
        let raw = serve.raw(
            format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        Reply::parse(&raw).unwrap_or_else(|| panic!("no answer for {host}"))
    };
    let port = serve.port;
    for host in [
        format!("rebind.example:{port}"),
        "rebind.example".into(),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.rebind.example:{port}"),
    ] {
        for path in ["/", "/creators/sample-creator/", "/__creatorkb/events"] {
            let r = ask(&host, path);
            assert_eq!(r.status, 403, "{host}{path}");
            assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
            assert!(r.body.len() < 400, "a short text");
            assert!(!r.text().contains("<"), "{}", r.text());
        }
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "localhost".into(),
    ] {
        assert_eq!(ask(&host, "/").status, 200, "{host}");
    }
}

/// Item 9: an oversized request target is 414, oversized headers 431,
/// and a huge header line is refused without being kept in memory.
#[test]
fn oversized_request_heads_are_refused() {
    let tmp = init_site();
    let serve = Serve::start(&site(&tmp), &[]);
    let long = format!(
        "GET /{} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        "a".repeat(20_000)
    );
    assert_eq!(
        Reply::parse(&serve.raw(long.as_bytes())).unwrap().status,
        414
    );
    let big = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {}\r\nConnection: close\r\n\r\n",
        "c".repeat(100_000)
    );
    assert_eq!(
        Reply::parse(&serve.raw(big.as_bytes())).unwrap().status,
        431
    );
    let many: String = (0..200).map(|i| format!("X-{i}: 1\r\n")).collect();
    let many = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{many}Connection: close\r\n\r\n");
    assert_eq!(
        Reply::parse(&serve.raw(many.as_bytes())).unwrap().status,
        431
    );

    // 128 MB in one header line: refused early, and the memory never grows.
    let peak = status_field(&serve, "VmHWM");
    let mut c = open(&serve).unwrap();
    let mut reader = c.try_clone().unwrap();
    let answer = std::thread::spawn(move || {
        let mut raw = Vec::new();
        let _ = reader.read_to_end(&mut raw);
        raw
    });
    c.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = c.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ");
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..128 {
        if c.write_all(&chunk).is_err() {
            break;
        }
    }
    drop(c);
    let raw = answer.join().unwrap();
    assert!(
        String::from_utf8_lossy(&raw).starts_with("HTTP/1.1 431"),
        "{:?}",
        String::from_utf8_lossy(&raw[..raw.len().min(200)])
    );
    let grown = status_field(&serve, "VmHWM").saturating_sub(peak);
    assert!(grown < 32 * 1024, "peak memory grew by {grown} kB");
    assert_eq!(serve.get("/").status, 200);
}
