//! Just enough HTTP/1.1 for the dev server: the head of a request, read
//! under size limits, and a response with its body in memory.
//!
//! The dev server only answers `GET` and `HEAD` and never reads a request
//! body, so a request is its head: the request line and the headers. Both
//! are bounded ([`Limits`]) before anything is allocated for them, so a
//! client cannot make the server hold more than a few kilobytes.

use std::net::{IpAddr, SocketAddr};

/// Size limits of a request head.
#[derive(Clone, Copy, Debug)]
pub struct HeadLimits {
    /// Longest request target (path and query): beyond it, 414.
    pub target: usize,
    /// Longest head (request line and headers): beyond it, 431.
    pub head: usize,
    /// Most header lines: beyond it, 431.
    pub headers: usize,
}

impl Default for HeadLimits {
    fn default() -> Self {
        // Browsers send a few kilobytes; cookies for `localhost` are shared
        // by every local dev server and can be large, hence 64 KiB.
        HeadLimits {
            target: 8 * 1024,
            head: 64 * 1024,
            headers: 100,
        }
    }
}

/// A request head.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The request target as sent (`/creators/?x=1`).
    pub target: String,
    /// The `Host` header, when there is one.
    pub host: Option<String>,
    /// Whether the connection may stay open after the response.
    pub keep_alive: bool,
    /// Whether a body follows (never read: the connection is closed after
    /// the response).
    pub has_body: bool,
}

/// What the bytes read so far hold.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    /// A complete head, and the number of bytes it took.
    Request(Request, usize),
    /// Not a complete head yet (and within the limits).
    Incomplete,
    /// A head to refuse with this status (the connection is then closed).
    Refuse(u16),
}

/// Reads a request head from the start of `buf`.
pub fn parse(buf: &[u8], limits: &HeadLimits) -> Parsed {
    // Blank lines before a request are allowed (RFC 9112 §2.2).
    let start = buf
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .unwrap_or(buf.len());
    let rest = &buf[start..];
    let Some(line_end) = rest.iter().position(|&b| b == b'\n') else {
        // "METHOD " and " HTTP/1.1\r\n" around the target.
        return if rest.len() > limits.target + 32 {
            Parsed::Refuse(414)
        } else if start + rest.len() > limits.head {
            Parsed::Refuse(431)
        } else {
            Parsed::Incomplete
        };
    };
    let Some(head_end) = head_end(rest) else {
        return if start + rest.len() > limits.head {
            Parsed::Refuse(431)
        } else {
            Parsed::Incomplete
        };
    };
    if start + head_end > limits.head {
        return Parsed::Refuse(431);
    }
    let line = trim_cr(&rest[..line_end]);
    let mut parts = line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Parsed::Refuse(400);
    };
    if target.len() > limits.target {
        return Parsed::Refuse(414);
    }
    let http11 = match version {
        b"HTTP/1.1" => true,
        b"HTTP/1.0" => false,
        v if v.starts_with(b"HTTP/") => return Parsed::Refuse(505),
        _ => return Parsed::Refuse(400),
    };
    if method.is_empty() || !method.iter().all(|&b| is_token(b)) {
        return Parsed::Refuse(400);
    }
    // Only origin-form (`/path?query`), visible ASCII.
    if !target.starts_with(b"/") || !target.iter().all(|b| (0x21..0x7f).contains(b)) {
        return Parsed::Refuse(400);
    }
    let mut host = None;
    let mut connection = Vec::new();
    let mut has_body = false;
    let mut count = 0;
    for raw in rest[line_end + 1..head_end].split(|&b| b == b'\n') {
        let raw = trim_cr(raw);
        if raw.is_empty() {
            continue;
        }
        count += 1;
        if count > limits.headers {
            return Parsed::Refuse(431);
        }
        let Some(colon) = raw.iter().position(|&b| b == b':') else {
            return Parsed::Refuse(400);
        };
        let name = &raw[..colon];
        if name.is_empty() || !name.iter().all(|&b| is_token(b)) {
            return Parsed::Refuse(400);
        }
        let value = String::from_utf8_lossy(&raw[colon + 1..])
            .trim()
            .to_string();
        if name.eq_ignore_ascii_case(b"host") {
            if host.is_some() {
                return Parsed::Refuse(400);
            }
            host = Some(value);
        } else if name.eq_ignore_ascii_case(b"connection") {
            connection.extend(value.split(',').map(|t| t.trim().to_ascii_lowercase()));
        } else if name.eq_ignore_ascii_case(b"content-length") {
            has_body |= value != "0";
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            has_body = true;
        }
    }
    // HTTP/1.1 requires a Host (RFC 9112 §3.2).
    if http11 && host.is_none() {
        return Parsed::Refuse(400);
    }
    let keep_alive = if http11 {
        !connection.iter().any(|t| t == "close")
    } else {
        connection.iter().any(|t| t == "keep-alive")
    };
    let request = Request {
        method: String::from_utf8_lossy(method).into_owned(),
        target: String::from_utf8_lossy(target).into_owned(),
        host,
        keep_alive: keep_alive && !has_body,
        has_body,
    };
    Parsed::Request(request, start + head_end)
}

/// The end of the head (after its blank line), lines ending in LF or CRLF.
fn head_end(buf: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(nl) = buf[at..].iter().position(|&b| b == b'\n') {
        let line = &buf[at..at + nl];
        at += nl + 1;
        if line.is_empty() || line == b"\r" {
            return Some(at);
        }
    }
    None
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A character allowed in a method or header name (RFC 9110 `tchar`).
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A response with its body in memory.
#[derive(Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers besides `Content-Length` and `Connection`.
    pub headers: Vec<(&'static str, String)>,
    /// The body (left out for `HEAD`, its length still sent).
    pub body: Vec<u8>,
}

impl Response {
    /// A response with no headers yet.
    pub fn new(status: u16, body: Vec<u8>) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// A short plain-text answer (errors, redirects).
    pub fn text(status: u16, text: &str) -> Self {
        Response::new(status, text.as_bytes().to_vec())
            .with("Content-Type", "text/plain; charset=utf-8")
            .with("Cache-Control", "no-cache")
    }

    /// Adds a header. Values come from constants or from paths that passed
    /// the server's checks; CR and LF are dropped all the same, so no value
    /// can start another header.
    pub fn with(mut self, name: &'static str, value: &str) -> Self {
        let value: String = value.chars().filter(|c| *c != '\r' && *c != '\n').collect();
        self.headers.push((name, value));
        self
    }

    /// The bytes to send: status line, headers, and the body unless
    /// `head_only`.
    pub fn into_bytes(self, head_only: bool, keep_alive: bool) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: {}\r\n\r\n",
            self.body.len(),
            if keep_alive { "keep-alive" } else { "close" }
        ));
        if head_only {
            return head.into_bytes();
        }
        let mut out = head.into_bytes();
        out.reserve_exact(self.body.len());
        out.extend_from_slice(&self.body);
        out
    }
}

/// The reason phrase of a status the dev server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

/// A refusal of a malformed or oversized request, connection closed after.
pub fn refusal(status: u16) -> Vec<u8> {
    let text = match status {
        414 => "request target too long\n",
        431 => "request headers too large\n",
        505 => "HTTP version not supported\n",
        408 => "request not received in time\n",
        503 => "too many connections; try again\n",
        _ => "bad request\n",
    };
    Response::text(status, text).into_bytes(false, false)
}

/// The body of a 403 for a `Host` the server does not answer to.
pub const FORBIDDEN: &str = "This creatorkb dev server only answers requests addressed to localhost or its own address (a DNS rebinding attempt, or a name it was not started for; see `--bind` in `creatorkb serve --help`).\n";

/// Which `Host` headers the server answers (DNS rebinding: a page on any
/// domain can point that domain at 127.0.0.1 and read the answers).
#[derive(Clone, Debug)]
pub struct HostRule {
    /// The server listens on a non-loopback address: it is open to the
    /// network by the user's choice, under any name.
    open: bool,
    /// The address given to `--bind`, allowed as a name too.
    bind: String,
}

impl HostRule {
    /// The rule for a server bound with `--bind bind` to `addr`.
    pub fn new(bind: &str, addr: SocketAddr) -> Self {
        HostRule {
            open: !addr.ip().is_loopback(),
            bind: bind.trim_matches(['[', ']']).to_ascii_lowercase(),
        }
    }

    /// Whether a request with this `Host` (any port) is answered: loopback
    /// names and addresses and the bound address; any name when the server
    /// is open to the network. No `Host` (HTTP/1.0) is no rebinding.
    pub fn allows(&self, host: Option<&str>) -> bool {
        let Some(host) = host else {
            return true;
        };
        if self.open {
            return true;
        }
        let Some(name) = host_name(host) else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        let name = name.strip_suffix('.').unwrap_or(&name);
        if name == "localhost" || name.ends_with(".localhost") || name == self.bind {
            return true;
        }
        name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }
}

/// The name of a `Host` header without its port; `None` when malformed.
fn host_name(host: &str) -> Option<&str> {
    let (name, port) = if let Some(v6) = host.strip_prefix('[') {
        let (name, rest) = v6.split_once(']')?;
        (name, rest.strip_prefix(':'))
    } else if let Some((name, port)) = host.rsplit_once(':') {
        (name, Some(port))
    } else {
        (host, None)
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    (port_ok && !name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(buf: &[u8]) -> Request {
        match parse(buf, &HeadLimits::default()) {
            Parsed::Request(r, n) => {
                assert_eq!(n, buf.len());
                r
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn heads_are_read_with_their_options() {
        let r = req(b"GET /a?b=1 HTTP/1.1\r\nHost: localhost:1111\r\n\r\n");
        assert_eq!(r.method, "GET");
        assert_eq!(r.target, "/a?b=1");
        assert_eq!(r.host.as_deref(), Some("localhost:1111"));
        assert!(r.keep_alive && !r.has_body);
        assert!(!req(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\n").keep_alive);
        assert!(!req(b"GET / HTTP/1.0\r\n\r\n").keep_alive);
        assert!(req(b"GET / HTTP/1.0\nConnection: keep-alive\n\n").keep_alive);
        let r = req(b"\r\nGET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n");
        assert!(r.has_body && !r.keep_alive, "a body is never read");
        assert_eq!(
            parse(b"GET / HTTP/1.1\r\nHost: x\r\n", &HeadLimits::default()),
            Parsed::Incomplete
        );
        assert_eq!(
            parse(
                b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /2",
                &HeadLimits::default()
            ),
            Parsed::Request(req(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 27),
            "a pipelined request stays for later"
        );
    }

    #[test]
    fn malformed_and_oversized_heads_are_refused() {
        let limits = HeadLimits {
            target: 100,
            head: 1000,
            headers: 5,
        };
        let status = |buf: &[u8]| match parse(buf, &limits) {
            Parsed::Refuse(s) => s,
            other => panic!("{other:?}"),
        };
        assert_eq!(status(b"GET / HTTP/1.1\r\n\r\n"), 400, "no Host");
        assert_eq!(status(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
        assert_eq!(status(b"GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
        assert_eq!(status(b"GET x HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
        assert_eq!(status(b"GET / HTTP/2.0\r\nHost: x\r\n\r\n"), 505);
        assert_eq!(status(b"GET / HTTP/1.1\r\nNo colon\r\n\r\n"), 400);
        assert_eq!(status(b"G(T / HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
        let long = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(100));
        assert_eq!(status(long.as_bytes()), 414);
        // Refused before the line ends: the rest is never waited for.
        assert_eq!(status(format!("GET /{}", "a".repeat(200)).as_bytes()), 414);
        let big = format!("GET / HTTP/1.1\r\nHost: x\r\nX: {}", "a".repeat(1000));
        assert_eq!(status(big.as_bytes()), 431);
        let many = format!("GET / HTTP/1.1\r\nHost: x\r\n{}\r\n", "A: b\r\n".repeat(6));
        assert_eq!(status(many.as_bytes()), 431);
    }

    #[test]
    fn responses_say_their_length_and_head_has_no_body() {
        let r = Response::new(200, b"hello".to_vec()).with("X-A", "1\r\nSet-Cookie: x");
        let text = String::from_utf8(r.into_bytes(false, true)).unwrap();
        assert_eq!(
            text,
            "HTTP/1.1 200 OK\r\nX-A: 1Set-Cookie: x\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhello"
        );
        let head = Response::new(200, b"hello".to_vec()).into_bytes(true, false);
        assert!(
            String::from_utf8(head)
                .unwrap()
                .ends_with("Content-Length: 5\r\nConnection: close\r\n\r\n")
        );
    }

    #[test]
    fn only_loopback_names_and_the_bound_address_unless_open() {
        let local = HostRule::new("127.0.0.1", "127.0.0.1:1111".parse().unwrap());
        for ok in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.:80",
            "app.localhost:1",
            "127.0.0.1:1111",
            "127.1.2.3",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(local.allows(Some(ok)), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.1",
            "[::1",
            "localhost:x",
            "",
            ":1111",
        ] {
            assert!(!local.allows(Some(bad)), "{bad}");
        }
        assert!(local.allows(None), "HTTP/1.0 without Host");
        let named = HostRule::new("127.0.0.2", "127.0.0.2:1".parse().unwrap());
        assert!(named.allows(Some("127.0.0.2:1")));
        let v6 = HostRule::new("::1", "[::1]:1".parse().unwrap());
        assert!(v6.allows(Some("[::1]:1")) && !v6.allows(Some("example.com")));
        let open = HostRule::new("0.0.0.0", "0.0.0.0:1111".parse().unwrap());
        assert!(open.allows(Some("my-laptop.local:1111")));
    }
}
