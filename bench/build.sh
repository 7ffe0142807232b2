#!/usr/bin/env bash
# Build benchmark for creatorkb (and Hugo): see bench/README.md. All options go to bench/build.py.
set -euo pipefail
exec python3 "$(dirname "${BASH_SOURCE[0]}")/build.py" "$@"
