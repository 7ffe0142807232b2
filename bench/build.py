#!/usr/bin/env python3
"""Build benchmark for creatorkb (and, optionally, Hugo) on synthetic sites.

Generates synthetic "creator knowledge base" sites with ../shared/bench/gen_corpus.py (relative to the
repository root), builds creatorkb with `cargo build --release`, then, for each corpus size and each
output target (tmpfs and disk), runs each tool --runs times from a clean output folder and reports
the median wall time, pages per second and peak resident memory.

    python3 bench/build.py                      # 1k and 10k, creatorkb, plus Hugo if it is on PATH
    python3 bench/build.py --hugo               # require Hugo (installs Debian's `hugo` if missing and root)
    python3 bench/build.py --sizes 1k,10k,100k --runs 5 --markdown results.md --json results.json

Standard library only. Wall time is measured around the child process (time.perf_counter); peak RSS is
the child's ru_maxrss from os.wait4 (the same figure as `/usr/bin/time -f %M`). A page is an
`index.html` file in the output folder, counted the same way for both tools.
"""
import argparse, json, os, platform, re, shutil, statistics, subprocess, sys, tempfile, time
from datetime import datetime, timezone

SIZES = {  # name: gen_corpus.py arguments
    "1k": dict(creators=600, campaigns=300, terms=100),
    "10k": dict(creators=6000, campaigns=3000, terms=1000),
    "100k": dict(creators=60000, campaigns=30000, terms=10000),
}
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def die(msg):
    print(f"bench: error: {msg}", file=sys.stderr)
    sys.exit(2)


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def find_gen_corpus(explicit):
    """The project's own bench/gen_corpus.py (a copy of ../shared/bench's, extended here)."""
    candidates = [explicit] if explicit else []
    candidates.append(os.path.join(HERE, "gen_corpus.py"))
    candidates.append(os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))
    try:  # the git top level, in case bench/ was copied somewhere else inside a checkout
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=HERE, capture_output=True, text=True).stdout.strip()
        if top:
            candidates.append(os.path.join(top, "..", "shared", "bench", "gen_corpus.py"))
    except OSError:
        pass
    for c in candidates:
        if c and os.path.isfile(c):
            return os.path.normpath(c)
    die("cannot find gen_corpus.py; looked at:\n  " + "\n  ".join(os.path.normpath(c) for c in candidates if c)
        + "\nIt belongs in shared/bench/ beside the repository (../shared/bench from the repo root); "
          "pass --gen-corpus PATH to point at it.")


def fs_type(path):
    """Filesystem type of the mount holding path, from /proc/mounts (Linux); '?' elsewhere."""
    path, best, kind = os.path.realpath(path), "", "?"
    try:
        with open("/proc/mounts") as f:
            for line in f:
                parts = line.split()
                mnt = parts[1].replace("\\040", " ")
                if (path == mnt or path.startswith(mnt.rstrip("/") + "/")) and len(mnt) >= len(best):
                    best, kind = mnt, parts[2]
    except OSError:
        pass
    return kind


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def machine():
    mem_kb = 0
    try:
        with open("/proc/meminfo") as f:
            mem_kb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    except (OSError, AttributeError):
        pass
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.+)", f.read())
            cpu = m.group(1).strip() if m else cpu
    except OSError:
        pass
    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "nproc": os.cpu_count(),
            "mem_gib": round(mem_kb / 1024 / 1024, 1), "cpu": cpu, "kernel": platform.release(),
            "loadavg_start": loadavg()}


def measure(cmd, cwd=None):
    """Run cmd; return (wall seconds, peak RSS KiB, exit code, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        return wall, ru.ru_maxrss, p.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace")


def count_pages(root):
    return sum(1 for _, _, files in os.walk(root) for f in files if f == "index.html")


def ensure_hugo(required):
    path = shutil.which("hugo")
    if path or not required:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("hugo not found; installing Debian's `hugo` package")
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=False)
        path = shutil.which("hugo")
    if not path:
        die("--hugo given but `hugo` is not on PATH (Debian: apt-get update && apt-get install -y hugo)")
    return path


def version(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1k,10k", help="comma-separated corpus sizes from %s (default 1k,10k)" % ",".join(SIZES))
    ap.add_argument("--runs", type=int, default=3, help="timed runs per (corpus, tool, target); the median is reported (default 3)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--hugo", action="store_true", help="also benchmark Hugo (required; installed with apt-get if missing and root)")
    g.add_argument("--no-hugo", action="store_true", help="skip Hugo even when it is on PATH")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tmp", help="where the corpora and tmpfs outputs go (default: a new folder under /dev/shm, else the system temp dir)")
    ap.add_argument("--disk-dir", help="a folder on a disk filesystem for the disk outputs (default: a new folder under the system temp dir, "
                                       "normally /tmp; the script warns if it turns out to be tmpfs)")
    ap.add_argument("--targets", default="tmpfs,disk", help="output targets to run (default tmpfs,disk)")
    ap.add_argument("--no-build", action="store_true", help="skip `cargo build --release`")
    ap.add_argument("--bin", help="creatorkb binary (default: target/release/creatorkb of this repository)")
    ap.add_argument("--gen-corpus", help="path to gen_corpus.py (default: bench/gen_corpus.py)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folders (corpora and outputs)")
    ap.add_argument("--markdown", help="also write the results table as Markdown to this file")
    ap.add_argument("--json", help="also write all results (every run) as JSON to this file")
    a = ap.parse_args()

    sizes = [s.strip() for s in a.sizes.split(",") if s.strip()]
    for s in sizes:
        if s not in SIZES:
            die(f"unknown size {s!r}; choose from {', '.join(SIZES)}")
    targets = [t.strip() for t in a.targets.split(",") if t.strip()]
    if not set(targets) <= {"tmpfs", "disk"} or not targets:
        die("--targets takes tmpfs and/or disk")
    if a.runs < 1:
        die("--runs must be at least 1")
    gen = find_gen_corpus(a.gen_corpus)
    hugo = None if a.no_hugo else ensure_hugo(a.hugo)

    # The creatorkb binary.
    target_dir = os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target")
    binary = a.bin or os.path.join(target_dir, "release", "creatorkb")
    if not a.no_build and not a.bin:
        log("cargo build --release")
        if subprocess.run(["cargo", "build", "--release"], cwd=REPO).returncode != 0:
            die("cargo build --release failed")
    if not os.access(binary, os.X_OK):
        die(f"no creatorkb binary at {binary}")

    # Work folders.
    base = a.tmp or ("/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None)
    work = tempfile.mkdtemp(prefix="creatorkb-bench-", dir=base)
    disk = a.disk_dir or tempfile.mkdtemp(prefix="creatorkb-bench-disk-")
    os.makedirs(disk, exist_ok=True)
    out_dirs = {"tmpfs": os.path.join(work, "out"), "disk": os.path.join(disk, "out")}
    fs = {"tmpfs": fs_type(work), "disk": fs_type(disk)}
    if "tmpfs" in targets and fs["tmpfs"] != "tmpfs":
        log(f"warning: the 'tmpfs' target {work} is on {fs['tmpfs']}, not tmpfs (no /dev/shm?)")
    if "disk" in targets and fs["disk"] in ("tmpfs", "ramfs"):
        log(f"warning: the 'disk' target {disk} is on {fs['disk']}; pass --disk-dir on a real disk")

    # Run a private copy, so that a concurrent `cargo build` in the work tree cannot swap the binary mid-benchmark.
    snapshot = os.path.join(work, "creatorkb")
    shutil.copy2(binary, snapshot)
    info = machine()
    info["creatorkb_binary"] = binary
    info.update(creatorkb=version([binary, "--version"]), hugo=version([hugo, "version"]) if hugo else None,
                fs_tmpfs=fs["tmpfs"], fs_disk=fs["disk"], runs=a.runs, seed=a.seed)
    log(f"machine: {info['nproc']} CPUs ({info['cpu']}), {info['mem_gib']} GiB; work {work} ({fs['tmpfs']}), disk {disk} ({fs['disk']})")

    tools = [("creatorkb", "native")] + ([("hugo", "hugo")] if hugo else [])
    rows, failures = [], []
    try:
        for size in sizes:
            for tool, fmt in tools:
                site = os.path.join(work, f"site-{fmt}-{size}")
                args = SIZES[size]
                log(f"generating {size} corpus ({fmt}) → {site}")
                gcmd = [sys.executable, gen, "--creators", str(args["creators"]), "--campaigns", str(args["campaigns"]),
                        "--terms", str(args["terms"]), "--seed", str(a.seed), "--format", fmt, "--out", site, "--force"]
                r = subprocess.run(gcmd, capture_output=True, text=True)
                if r.returncode != 0:
                    die(f"gen_corpus.py failed ({r.returncode}):\n{r.stderr}")
                for target in targets:
                    out = os.path.join(out_dirs[target], f"{tool}-{size}")
                    if tool == "creatorkb":
                        cmd = [snapshot, "build", "--root", site, "--output", out]
                    else:
                        cmd = [hugo, "--source", site, "--destination", out, "--quiet"]
                    runs = []
                    for i in range(a.runs):
                        shutil.rmtree(out, ignore_errors=True)
                        os.sync()  # do not bill this run for the previous run's write-back
                        wall, rss, rc, so, se = measure(cmd)
                        pages = count_pages(out) if os.path.isdir(out) else 0
                        m = re.search(r"^built (\d+) pages.* in ([\d.]+) s", so + se, re.M)
                        runs.append({"wall_s": wall, "rss_kib": rss, "rc": rc, "pages": pages,
                                     "self_reported": {"pages": int(m.group(1)), "s": float(m.group(2))} if m else None})
                        log(f"  {size} {tool} {target} run {i + 1}/{a.runs}: {wall:.3f} s, {rss / 1024:.0f} MB, "
                            f"{pages} pages, exit {rc}")
                        # creatorkb's own summary ("built N pages … in X s") and `timing:` lines (--verbose, CREATORKB_TIMINGS) are not diagnostics
                        other = [l for l in (so + se).splitlines()
                                 if l.strip() and not l.startswith(("built ", "timing: "))]
                        if rc != 0 or other:
                            if i == 0 or rc != 0:
                                kind = "failed" if rc != 0 else "printed"
                                print(f"\n--- {tool} {kind} (exit {rc}) on the {size} corpus ({target}): {' '.join(cmd)}", file=sys.stderr)
                                for l in other[:60]:
                                    print("    " + l, file=sys.stderr)
                                if len(other) > 60:
                                    print(f"    … {len(other) - 60} more lines", file=sys.stderr)
                            failures.append({"size": size, "tool": tool, "target": target, "run": i + 1, "rc": rc,
                                             "lines": other[:500], "line_count": len(other)})
                        if rc != 0:
                            break
                    ok = [r for r in runs if r["rc"] == 0]
                    row = {"corpus": size, "tool": tool, "target": target, "fs": fs[target], "runs": runs,
                           "ok": len(ok) == len(runs)}
                    if row["ok"]:
                        wall = statistics.median(r["wall_s"] for r in ok)
                        pages = ok[-1]["pages"]
                        row.update(wall_s=wall, wall_min_s=min(r["wall_s"] for r in ok), pages=pages,
                                   pages_per_s=pages / wall if wall else 0,
                                   rss_mb=max(r["rss_kib"] for r in ok) / 1024)
                    rows.append(row)
            # Free tmpfs space before the next (larger) corpus.
            if not a.keep:
                for _, fmt in tools:
                    shutil.rmtree(os.path.join(work, f"site-{fmt}-{size}"), ignore_errors=True)
                for d in out_dirs.values():
                    shutil.rmtree(d, ignore_errors=True)
    finally:
        if a.keep:
            log(f"kept {work} and {disk}")
        else:
            shutil.rmtree(work, ignore_errors=True)
            if not a.disk_dir:
                shutil.rmtree(disk, ignore_errors=True)

    info["loadavg_end"] = loadavg()
    head = ["corpus", "tool", "target", "pages", "wall s (median)", "pages/s", "peak RSS MB", "wall s (min)"]
    table = []
    for r in rows:
        if r["ok"]:
            table.append([r["corpus"], r["tool"], r["target"], str(r["pages"]), f"{r['wall_s']:.3f}",
                          f"{r['pages_per_s']:.0f}", f"{r['rss_mb']:.0f}", f"{r['wall_min_s']:.3f}"])
        else:
            table.append([r["corpus"], r["tool"], r["target"], "-", "FAILED", "-", "-", "-"])
    widths = [max(len(h), *(len(t[i]) for t in table)) if table else len(h) for i, h in enumerate(head)]
    fmt_row = lambda cells: "  ".join(c.rjust(w) if i >= 3 else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    print(f"\n{info['date']} · {info['nproc']} CPUs ({info['cpu']}) · {info['mem_gib']} GiB · {a.runs} runs, median wall, max RSS")
    print(f"creatorkb: {info['creatorkb']}" + (f" · hugo: {info['hugo']}" if hugo else " · hugo: not run"))
    print(f"tmpfs target on {fs['tmpfs']}, disk target on {fs['disk']}; "
          f"load average {info['loadavg_start']} at start, {info['loadavg_end']} at end\n")
    print(fmt_row(head))
    print(fmt_row(["-" * w for w in widths]))
    for t in table:
        print(fmt_row(t))
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(f"{info['date']} · {info['nproc']} CPUs ({info['cpu']}) · {info['mem_gib']} GiB RAM · "
                    f"{a.runs} runs, median wall, max RSS · load average {info['loadavg_start']} → {info['loadavg_end']}\n\n")
            f.write("| " + " | ".join(head) + " |\n|" + "|".join("---" if i < 3 else "---:" for i in range(len(head))) + "|\n")
            for t in table:
                f.write("| " + " | ".join(t) + " |\n")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"machine": info, "results": rows, "problems": failures}, f, indent=2)
    if failures:
        print(f"\n{len(failures)} run(s) failed or printed diagnostics; see above" + (f" and {a.json}" if a.json else ""))
    return 1 if any(not r["ok"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
