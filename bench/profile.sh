#!/usr/bin/env bash
# CPU profile of `creatorkb build` on a synthetic corpus (default 10k), with perf and frame pointers.
#   bench/profile.sh [1k|10k|100k] [THREADS]
# Builds a frame-pointer + line-tables binary into its own target dir (does not touch target/),
# prints the stage times of `build --verbose`, then bench/perf_summary.py's breakdown
# (CREATORKB_TIMINGS=1 in the environment adds the finer internal steps).
# Needs perf (Debian: apt-get install -y linux-perf); hardware counters are not needed (cpu-clock works in VMs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
gen="$repo/../shared/bench/gen_corpus.py"
[ -f "$gen" ] || { echo "profile: cannot find $gen (shared/bench/ beside the repository)" >&2; exit 2; }
command -v perf >/dev/null || { echo "profile: perf not found (apt-get install -y linux-perf)" >&2; exit 2; }
size="${1:-10k}"; threads="${2:-1}"
case "$size" in
  1k) args=(--creators 600 --campaigns 300 --terms 100) ;;
  10k) args=(--creators 6000 --campaigns 3000 --terms 1000) ;;
  100k) args=(--creators 60000 --campaigns 30000 --terms 10000) ;;
  *) echo "profile: size is 1k, 10k or 100k" >&2; exit 2 ;;
esac
target="${PROFILE_TARGET_DIR:-${TMPDIR:-/tmp}/creatorkb-profile-target}"
(cd "$repo" && CARGO_TARGET_DIR="$target" RUSTFLAGS="-C force-frame-pointers=yes" \
  CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo build --release)
base=/dev/shm; [ -d "$base" ] || base="${TMPDIR:-/tmp}"
work="$(mktemp -d "$base/creatorkb-profile-XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 "$gen" "${args[@]}" --seed 1 --format native --out "$work/site" >&2
RAYON_NUM_THREADS="$threads" perf record -F 2000 -g -o "$work/perf.data" \
  "$target/release/creatorkb" build --verbose --root "$work/site" --output "$work/out"
perf script -i "$work/perf.data" -F comm,tid,ip,sym 2>/dev/null > "$work/perf.txt"
python3 "$here/perf_summary.py" "$work/perf.txt"
