#!/usr/bin/env python3
"""Edit-to-reload latency of `creatorkb serve` (a benchmark, not a test).

Starts the release binary on a site (by default the 10k-page corpus of
../shared/bench/gen_corpus.py), subscribes to the live-reload stream like a
browser tab showing the page being edited (the creator's profile, the
term's page), then edits files and measures, for each edit:

- write → reload: from the write to the reload event;
- rebuild: the rebuild time the reload event carries (up to the pages
  open in a browser being ready);
- write → listing: from the write until a page rendered after the reload
  (the creator directory, the glossary) is served. Requests for such pages
  wait for them, so this is when the whole site is up to date (except the
  search index, sitemap and feed, which follow in the background).

Reports medians per kind of edit.

    python3 /work/shared/bench/gen_corpus.py --creators 6000 --campaigns 3000 \\
        --terms 1000 --seed 1 --format native --out /dev/shm/c10k --force
    cargo build --release
    python3 bench/serve_latency.py --root /dev/shm/c10k

The site is modified while the benchmark runs and restored at the end; use
a copy you do not mind being touched. Only 127.0.0.1 is contacted.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def pick(folder: Path, index: int) -> Path:
    files = sorted(p for p in folder.glob("*.md") if p.name.count(".") == 1)
    return files[index % len(files)]


class Server:
    def __init__(self, binary: Path, root: Path):
        env = dict(os.environ, NO_COLOR="1")
        self.proc = subprocess.Popen(
            [str(binary), "serve", "--root", str(root), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.lines = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.proc.kill()
            sys.exit(f"unexpected first line: {line!r}; stderr: {self.lines}")
        self.port = int(m.group(1))

    def _read_stderr(self):
        for line in self.proc.stderr:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()

    def wait_line(self, start: int, pattern: str, timeout: float = 30.0):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for i in range(start, len(self.lines)):
                    if re.search(pattern, self.lines[i]):
                        return i, self.lines[i]
                left = deadline - time.monotonic()
                if left <= 0:
                    return None, None
                self.cond.wait(left)

    def stop(self):
        self.proc.kill()
        self.proc.wait()


class Events:
    def __init__(self, port: int, page: str):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        query = urllib.parse.quote(page, safe="")
        self.sock.sendall(f"GET /__creatorkb/events?page={query} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Accept: text/event-stream\r\n\r\n".encode())
        self.buf = b""
        while b": connected\n\n" not in self.buf:
            self.buf += self.sock.recv(65536)
        self.buf = self.buf.split(b": connected\n\n", 1)[1]

    def next(self, timeout: float = 30.0):
        """(event name, data, time it arrived) of the next event."""
        self.sock.settimeout(timeout)
        while True:
            if b"\n\n" in self.buf:
                block, self.buf = self.buf.split(b"\n\n", 1)
                name, data = None, ""
                for line in block.split(b"\n"):
                    if line.startswith(b"event: "):
                        name = line[7:].decode()
                    elif line.startswith(b"data: "):
                        data += line[6:].decode()
                if name:
                    return name, data, time.perf_counter()
                continue
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("event stream closed")
            self.buf += chunk


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default="/dev/shm/c10k", help="site to serve (modified, then restored)")
    ap.add_argument("--binary", default=str(REPO / "target/release/creatorkb"))
    ap.add_argument("--edits", type=int, default=7, help="edits per kind (default 7)")
    ap.add_argument("--log", help="write the server's stderr here (set CREATORKB_TIMINGS=1 for step timings)")
    ap.add_argument("--pause", type=float, default=2.0, help="seconds between edits (the site-wide files of one edit are made in the background: let them finish)")
    args = ap.parse_args()
    root = Path(args.root)
    if not (root / "site.yaml").exists():
        sys.exit(f"{root} has no site.yaml: generate the corpus first (see --help)")

    t0 = time.perf_counter()
    server = Server(Path(args.binary), root)
    i, line = server.wait_line(0, r"^built \d+ pages")
    print(f"initial build: {line} (server up after {time.perf_counter() - t0:.1f} s)")

    creator = pick(root / "content/creators", 17)
    term = pick(root / "content/glossary", 5)
    theme_dir = root / "themes/default/templates"
    template = theme_dir / "creator.html"
    builtin = (REPO / "themes/default/templates/creator.html").read_text()
    originals = {creator: creator.read_text(), term: term.read_text()}
    had_template = template.exists()

    def body_edit(path, n):
        return originals[path] + f"\nEdited for the benchmark, pass {n}.\n"

    def definition_edit(path, n):
        text = originals[path]
        return re.sub(r"^definition: (\"?)", lambda m: f"definition: {m.group(1)}Edited {n} - ", text, count=1, flags=re.M)

    def summary_edit(path, n):
        text = originals[path]
        return re.sub(r"^summary: (\"?)", lambda m: f"summary: {m.group(1)}Edited {n} - ", text, count=1, flags=re.M)

    profile, term_page = f"/creators/{creator.stem}/", f"/glossary/{term.stem}/"
    # (name, file, new text, page the tab shows, page fetched after the reload)
    kinds = [
        ("creator edit (body)", creator, lambda n: body_edit(creator, n), profile, "/creators/"),
        ("creator edit (front matter: summary)", creator, lambda n: summary_edit(creator, n),
         profile, "/creators/"),
        ("glossary edit (body)", term, lambda n: body_edit(term, n), term_page, "/glossary/"),
        ("glossary edit (front matter: definition)", term, lambda n: definition_edit(term, n),
         term_page, "/glossary/"),
        ("template edit (creator.html, 6000 pages)", template,
         lambda n: builtin.replace("{% block content %}", f"{{% block content %}}<!-- pass {n} -->", 1),
         profile, f"/creators/{pick(root / 'content/creators', 400).stem}/"),
    ]
    base = f"http://127.0.0.1:{server.port}"
    results = []
    try:
        theme_dir.mkdir(parents=True, exist_ok=True)
        for name, path, make, view, other in kinds:
            events = Events(server.port, view)
            latencies, rebuilds, ready = [], [], []
            for n in range(args.edits):
                text = make(n)
                time.sleep(args.pause)
                t_write = time.perf_counter()
                path.write_text(text)
                ev, data, t_event = events.next()
                if ev != "reload":
                    print(f"  {name}: unexpected event {ev}", file=sys.stderr)
                # The reload event says how long its rebuild took.
                m = re.search(r"rebuilt in ([\d.]+) ms", data)
                latencies.append((t_event - t_write) * 1000)
                rebuilds.append(float(m.group(1)) if m else float("nan"))
                with urllib.request.urlopen(base + other, timeout=30) as r:
                    r.read()
                ready.append((time.perf_counter() - t_write) * 1000)
                line = data
            events.sock.close()
            results.append((name, latencies, rebuilds, ready, line))
    finally:
        for p, text in originals.items():
            p.write_text(text)
        if not had_template and template.exists():
            template.unlink()
        time.sleep(1.0)
        server.stop()

    print(f"\n{'edit (medians)':44} {'write→reload':>13} {'rebuild':>8} {'write→listing':>14}   min–max write→reload")
    for name, lat, reb, ready, line in results:
        print(f"{name:44} {statistics.median(lat):10.0f} ms {statistics.median(reb):5.0f} ms"
              f" {statistics.median(ready):11.0f} ms   {min(lat):.0f}–{max(lat):.0f} ms")
    print("\nlast reload event per kind:")
    for name, _, _, _, line in results:
        print(f"  {name}: {line}")
    if args.log:
        Path(args.log).write_text("\n".join(server.lines) + "\n")
        print(f"\nserver log: {args.log}")


if __name__ == "__main__":
    main()
