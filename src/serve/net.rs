//! The dev server's connections: one thread watches every socket and a
//! few workers make the answers.
//!
//! The connection thread accepts, reads request heads (bounded, see
//! [`http::HeadLimits`]), hands complete requests to [`WORKERS`] threads
//! and writes their answers without ever blocking. An idle keep-alive
//! connection or a live-reload tab is an entry in a table, not a thread,
//! and every connection is bounded in time ([`Limits`]) and in number:
//! a client that sends slowly, or stops reading, is closed, never waited
//! for. Running out of file descriptors pauses accepting; it never stops
//! the server.

use super::http::{self, HeadLimits, HostRule, Parsed, Request};
use super::livereload::Outbox;
use super::server::{self, Answer, State};
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};
use std::io::{self, ErrorKind, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Threads making answers. A live-reload tab or an idle connection holds
/// none.
pub const WORKERS: usize = 4;

/// What one connection may cost.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Most open connections, live-reload tabs included; past it, the
    /// longest-idle keep-alive connection is closed for the new one, or the
    /// new one gets a 503 when none is idle.
    pub max_connections: usize,
    /// How long a keep-alive connection may wait for its next request.
    pub idle: Duration,
    /// How long a request head may take to arrive, from its first byte.
    pub read: Duration,
    /// How long a response (or a live-reload event) may go without any
    /// byte taken by the client.
    pub write: Duration,
    /// Sizes of a request head.
    pub head: HeadLimits,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            idle: Duration::from_secs(15),
            read: Duration::from_secs(10),
            write: Duration::from_secs(10),
            head: HeadLimits::default(),
        }
    }
}

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);
/// Token of the first connection slot.
const FIRST: usize = 2;
/// Pause before accepting again after `accept` failed (out of files).
const ACCEPT_RETRY: Duration = Duration::from_millis(100);
/// How long a connection closed after a refusal reads what the client is
/// still sending, so the refusal is not lost to a reset.
const LINGER: Duration = Duration::from_secs(1);

/// Starts answering on `listener`: the connection thread and the workers.
pub fn start(
    listener: std::net::TcpListener,
    state: Arc<State>,
    rule: HostRule,
    limits: Limits,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut listener = TcpListener::from_std(listener);
    let poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
    let dirty = Arc::new(AtomicBool::new(false));
    {
        let (waker, dirty) = (waker.clone(), dirty.clone());
        state.hub.set_waker(Box::new(move || {
            dirty.store(true, Ordering::SeqCst);
            let _ = waker.wake();
        }));
    }
    let (jobs, job_rx) = mpsc::channel::<Job>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done) = mpsc::channel::<Done>();
    for i in 0..WORKERS {
        let (rx, tx, state, waker) = (
            job_rx.clone(),
            done_tx.clone(),
            state.clone(),
            waker.clone(),
        );
        std::thread::Builder::new()
            .name(format!("creatorkb-http-{i}"))
            .spawn(move || work(&rx, &tx, &state, &waker))?;
    }
    let mut l = Loop {
        poll,
        listener,
        conns: Vec::new(),
        free: Vec::new(),
        count: 0,
        next_id: 0,
        jobs,
        done,
        dirty,
        rule,
        limits,
        accept_again: None,
        warned: false,
    };
    std::thread::Builder::new()
        .name("creatorkb-http".into())
        .spawn(move || l.run())?;
    Ok(())
}

/// A request for a worker.
struct Job {
    slot: usize,
    id: u64,
    req: Request,
}

/// A worker's answer to a [`Job`].
struct Done {
    slot: usize,
    id: u64,
    answer: Answer,
}

fn work(rx: &Mutex<Receiver<Job>>, tx: &Sender<Done>, state: &State, waker: &Waker) {
    loop {
        let job = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        // The connection thread is gone: so is the server.
        let Ok(job) = job else { return };
        // A bug in answering one request must not take a worker away.
        let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            server::handle(state, &job.req)
        }))
        .unwrap_or_else(|_| Answer::Bytes(http::refusal(500)));
        let done = Done {
            slot: job.slot,
            id: job.id,
            answer,
        };
        if tx.send(done).is_err() {
            return;
        }
        let _ = waker.wake();
    }
}

/// Where a connection is.
enum Phase {
    /// Waiting for a request head (idle while nothing came yet).
    Reading,
    /// A worker is making the answer.
    Busy,
    /// Sending an answer.
    Writing,
    /// Closed for writing after the last answer; reading what is still
    /// coming until the client closes or [`LINGER`] ends.
    Draining,
    /// A live-reload tab.
    Stream(Arc<Outbox>),
}

struct Conn {
    sock: TcpStream,
    /// Tells a connection from an earlier one in the same slot.
    id: u64,
    phase: Phase,
    /// Bytes read and not yet used (at most one head and a read's worth).
    buf: Vec<u8>,
    out: Vec<u8>,
    sent: usize,
    keep_alive: bool,
    peer_closed: bool,
    /// Start of the phase's clock: the end of the last answer (idle), the
    /// first byte of a request, the last byte written.
    since: Instant,
}

struct Loop {
    poll: Poll,
    listener: TcpListener,
    conns: Vec<Option<Conn>>,
    free: Vec<usize>,
    count: usize,
    next_id: u64,
    jobs: Sender<Job>,
    done: Receiver<Done>,
    /// Live-reload tabs have something queued.
    dirty: Arc<AtomicBool>,
    rule: HostRule,
    limits: Limits,
    /// When to try accepting again after running out of files.
    accept_again: Option<Instant>,
    warned: bool,
}

impl Loop {
    fn run(&mut self) {
        let mut events = Events::with_capacity(1024);
        let shortest = self
            .limits
            .idle
            .min(self.limits.read)
            .min(self.limits.write);
        let tick = (shortest / 4).clamp(Duration::from_millis(10), Duration::from_millis(250));
        let mut swept = Instant::now();
        loop {
            let wait = match self.accept_again {
                Some(t) => t.saturating_duration_since(Instant::now()).min(tick),
                None => tick,
            };
            if let Err(e) = self.poll.poll(&mut events, Some(wait)) {
                if e.kind() != ErrorKind::Interrupted {
                    std::thread::sleep(Duration::from_millis(10));
                }
                continue;
            }
            for ev in events.iter() {
                match ev.token() {
                    LISTENER => self.accept(),
                    WAKER => {}
                    Token(t) => self.progress(t - FIRST),
                }
            }
            while let Ok(done) = self.done.try_recv() {
                self.answered(done);
            }
            if self.dirty.swap(false, Ordering::SeqCst) {
                for slot in 0..self.conns.len() {
                    if matches!(
                        self.conns[slot],
                        Some(Conn {
                            phase: Phase::Stream(_),
                            ..
                        })
                    ) {
                        self.progress(slot);
                    }
                }
            }
            if self.accept_again.is_some_and(|t| Instant::now() >= t) {
                self.accept();
            }
            if swept.elapsed() >= tick {
                self.sweep();
                swept = Instant::now();
            }
        }
    }

    fn accept(&mut self) {
        self.accept_again = None;
        // Connections closed to make room, this round (bounded, so a flood
        // of connections cannot keep the loop here).
        let mut evicted = 0;
        loop {
            match self.listener.accept() {
                Ok((sock, _)) => self.admit(sock),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(e)
                    if matches!(
                        e.kind(),
                        ErrorKind::Interrupted | ErrorKind::ConnectionAborted
                    ) => {}
                Err(e) => {
                    // Out of file descriptors or memory: the waiting
                    // connections stay queued by the system. Free a slot
                    // and try again shortly, rather than spin or stop.
                    if !self.warned {
                        eprintln!(
                            "warning: cannot accept more connections ({e}); closing idle ones (raise the limit with `ulimit -n`)"
                        );
                        self.warned = true;
                    }
                    if evicted < 64 && self.evict_idle() {
                        evicted += 1;
                        continue;
                    }
                    self.accept_again = Some(Instant::now() + ACCEPT_RETRY);
                    return;
                }
            }
        }
    }

    fn admit(&mut self, mut sock: TcpStream) {
        if self.count >= self.limits.max_connections && !self.evict_idle() {
            // Every connection is in use: say so at once rather than wait.
            let _ = sock.write(&http::refusal(503));
            return;
        }
        let _ = sock.set_nodelay(true);
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.conns.push(None);
                self.conns.len() - 1
            }
        };
        let registered = self.poll.registry().register(
            &mut sock,
            Token(slot + FIRST),
            Interest::READABLE | Interest::WRITABLE,
        );
        if registered.is_err() {
            self.free.push(slot);
            return;
        }
        self.next_id += 1;
        self.conns[slot] = Some(Conn {
            sock,
            id: self.next_id,
            phase: Phase::Reading,
            buf: Vec::new(),
            out: Vec::new(),
            sent: 0,
            keep_alive: true,
            peer_closed: false,
            since: Instant::now(),
        });
        self.count += 1;
        // A request already there makes the connection busy, not idle.
        self.progress(slot);
    }

    /// Closes the keep-alive connection idle the longest; false when none is.
    fn evict_idle(&mut self) -> bool {
        let oldest = self
            .conns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.as_ref().map(|c| (i, c)))
            .filter(|(_, c)| matches!(c.phase, Phase::Reading) && c.buf.is_empty())
            .min_by_key(|(_, c)| c.since)
            .map(|(i, _)| i);
        match oldest {
            Some(slot) => {
                self.close(slot);
                true
            }
            None => false,
        }
    }

    fn close(&mut self, slot: usize) {
        let Some(Some(mut conn)) = self.conns.get_mut(slot).map(Option::take) else {
            return;
        };
        if let Phase::Stream(out) = &conn.phase {
            out.close();
        }
        let _ = self.poll.registry().deregister(&mut conn.sock);
        self.free.push(slot);
        self.count -= 1;
    }

    /// A worker's answer: sends it, or makes the connection a stream.
    fn answered(&mut self, done: Done) {
        let conn = self.conns.get_mut(done.slot).and_then(Option::as_mut);
        let Some(conn) = conn.filter(|c| c.id == done.id && matches!(c.phase, Phase::Busy)) else {
            // The connection closed meanwhile.
            if let Answer::Stream(out) = done.answer {
                out.close();
            }
            return;
        };
        conn.since = Instant::now();
        conn.sent = 0;
        match done.answer {
            Answer::Bytes(bytes) => {
                conn.out = bytes;
                conn.phase = Phase::Writing;
            }
            Answer::Stream(out) => {
                conn.out = Vec::new();
                conn.buf = Vec::new();
                conn.phase = Phase::Stream(out);
            }
        }
        self.progress(done.slot);
    }

    /// Moves a connection on as far as its socket allows; closes it when
    /// it is done or broken.
    fn progress(&mut self, slot: usize) {
        if !self.step(slot) {
            self.close(slot);
        }
    }

    /// [`Loop::progress`]; false to close.
    fn step(&mut self, slot: usize) -> bool {
        let limits = self.limits;
        let Some(Some(conn)) = self.conns.get_mut(slot) else {
            return true;
        };
        loop {
            match &conn.phase {
                Phase::Reading => {
                    if read_some(conn, limits.head.head + 1).is_err() {
                        return false;
                    }
                    match http::parse(&conn.buf, &limits.head) {
                        Parsed::Incomplete => return !conn.peer_closed,
                        Parsed::Refuse(status) => refuse(conn, http::refusal(status)),
                        Parsed::Request(req, used) => {
                            conn.buf.drain(..used);
                            conn.keep_alive = req.keep_alive && !conn.peer_closed;
                            if !self.rule.allows(req.host.as_deref()) {
                                let r = http::Response::text(403, http::FORBIDDEN);
                                conn.out = r.into_bytes(req.method == "HEAD", conn.keep_alive);
                                conn.sent = 0;
                                conn.phase = Phase::Writing;
                                conn.since = Instant::now();
                                continue;
                            }
                            conn.phase = Phase::Busy;
                            let job = Job {
                                slot,
                                id: conn.id,
                                req,
                            };
                            return self.jobs.send(job).is_ok();
                        }
                    }
                }
                Phase::Busy => {
                    // Pipelined bytes wait in `buf`; only the end of the
                    // connection matters now.
                    return read_some(conn, limits.head.head + 1).is_ok();
                }
                Phase::Writing => {
                    if write_some(conn).is_err() {
                        return false;
                    }
                    if conn.sent < conn.out.len() {
                        return true;
                    }
                    conn.out = Vec::new();
                    conn.sent = 0;
                    conn.since = Instant::now();
                    if !conn.keep_alive || conn.peer_closed {
                        let _ = conn.sock.shutdown(std::net::Shutdown::Write);
                        conn.phase = Phase::Draining;
                    } else {
                        conn.phase = Phase::Reading;
                    }
                }
                Phase::Draining => {
                    conn.buf.clear();
                    return discard(conn).is_ok() && !conn.peer_closed;
                }
                Phase::Stream(out) => {
                    let out = out.clone();
                    if discard(conn).is_err() || conn.peer_closed {
                        return false;
                    }
                    if conn.sent >= conn.out.len() {
                        let (bytes, closed) = out.take();
                        if closed {
                            return false;
                        }
                        if !bytes.is_empty() {
                            // The write clock of these bytes starts now.
                            conn.since = Instant::now();
                        }
                        conn.out = bytes;
                        conn.sent = 0;
                    }
                    if write_some(conn).is_err() {
                        return false;
                    }
                    if conn.sent >= conn.out.len() {
                        // Nothing waiting: the write clock starts again
                        // with the next event.
                        conn.since = Instant::now();
                    }
                    return true;
                }
            }
        }
    }

    /// Closes connections past their time.
    fn sweep(&mut self) {
        let l = self.limits;
        for slot in 0..self.conns.len() {
            let Some(conn) = &mut self.conns[slot] else {
                continue;
            };
            let age = conn.since.elapsed();
            let expired = match &conn.phase {
                Phase::Reading if conn.buf.is_empty() => age > l.idle,
                Phase::Reading => {
                    if age > l.read {
                        // Best effort: the client is slow, not gone.
                        let _ = conn.sock.write(&http::refusal(408));
                        true
                    } else {
                        false
                    }
                }
                Phase::Busy => false,
                Phase::Writing => age > l.write,
                Phase::Draining => age > LINGER.min(l.read),
                Phase::Stream(_) => conn.sent < conn.out.len() && age > l.write,
            };
            if expired {
                self.close(slot);
            }
        }
    }
}

/// Starts sending a refusal; the connection closes after it.
fn refuse(conn: &mut Conn, bytes: Vec<u8>) {
    conn.out = bytes;
    conn.sent = 0;
    conn.keep_alive = false;
    conn.phase = Phase::Writing;
    conn.since = Instant::now();
}

/// Reads what is available into `buf`, up to `cap` bytes.
fn read_some(conn: &mut Conn, cap: usize) -> io::Result<()> {
    let mut chunk = [0u8; 16 * 1024];
    while conn.buf.len() < cap && !conn.peer_closed {
        match conn.sock.read(&mut chunk) {
            Ok(0) => conn.peer_closed = true,
            Ok(n) => {
                if conn.buf.is_empty() {
                    // The request's clock starts with its first byte.
                    conn.since = Instant::now();
                }
                let take = n.min(cap - conn.buf.len());
                conn.buf.extend_from_slice(&chunk[..take]);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Reads and drops what the client sends (a bounded amount per call: the
/// rest waits in the system's buffer).
fn discard(conn: &mut Conn) -> io::Result<()> {
    let mut chunk = [0u8; 16 * 1024];
    for _ in 0..16 {
        match conn.sock.read(&mut chunk) {
            Ok(0) => {
                conn.peer_closed = true;
                break;
            }
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Writes what the socket takes of `out`.
fn write_some(conn: &mut Conn) -> io::Result<()> {
    while conn.sent < conn.out.len() {
        match conn.sock.write(&conn.out[conn.sent..]) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => {
                conn.sent += n;
                conn.since = Instant::now();
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "net_tests.rs"]
mod tests;
