#!/usr/bin/env python3
"""Summarise `perf script -F comm,tid,ip,sym` output of a creatorkb run: the share of samples whose stack
contains each group of functions (inclusive, so groups overlap), and the innermost creatorkb frame.

    perf script -i perf.data -F comm,tid,ip,sym > perf.txt && python3 bench/perf_summary.py perf.txt
"""
import collections, re, sys

GROUPS = [
    ("tera render (Tera::render_to)", r"^tera::tera::Tera::render_to"),
    ("  tera Context::insert (structs -> tera Values)", r"^tera::context::Context::insert|^tera::value::Value::try_from_serializable"),
    ("  tera escape_html", r"^tera::utils::escape_html"),
    ("YAML front matter (load::yaml::parse)", r"^creatorkb::load::yaml::parse"),
    ("markdown::render (pulldown-cmark)", r"^creatorkb::markdown::render"),
    ("output::Staging::write", r"^creatorkb::output::Staging::write"),
    ("resolve (resolve::resolve*)", r"^creatorkb::resolve::resolve(_cached)?$"),
    ("seo module (creatorkb::seo::*)", r"^creatorkb::seo::"),
    ("SipHash hashing", r"sip::Hasher|hash_one|BuildHasher"),
    ("drops (maps, Arc, tera Values)", r"drop_in_place|as core::ops::drop::Drop>::drop|Arc<T,A>::drop_slow"),
    ("kernel: zeroing fresh pages (clear_page_erms)", r"^clear_page_erms"),
    ("mimalloc (incl. the page faults under it)", r"^_?mi_"),
    ("kernel: write/open/mkdir syscalls", r"^(ksys_write|do_sys_openat2|do_mkdirat|do_renameat2|__x64_sys_)"),
    ("memmove/memcpy", r"^__mem(move|cpy)"),
]


def samples(path, comm="creatorkb"):
    cur = None
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith(comm):
                if cur is not None:
                    yield cur
                cur = []
            elif line.strip() and cur is not None:
                s = line.strip()
                cur.append(s.split(" ", 1)[1] if " " in s else s)  # drop the address
    if cur is not None:
        yield cur


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    st = [s for s in samples(sys.argv[1]) if s]
    n = len(st) or 1
    print(f"{len(st)} samples; share of samples whose stack contains:")
    for name, pat in GROUPS:
        r = re.compile(pat)
        k = sum(1 for s in st if any(r.search(f) for f in s))
        print(f"{k * 100 / n:5.1f}%  {name}")
    inner = collections.Counter(next((f[:100] for f in s if f.startswith("creatorkb::")), "(no creatorkb frame)") for s in st)
    print("\ninnermost creatorkb frame (self + callees):")
    for name, k in inner.most_common(15):
        print(f"{k * 100 / n:5.1f}%  {name}")


if __name__ == "__main__":
    main()
