#!/usr/bin/env bash
# SOAP lookups per second against `dancu population serve` on a 1 M-citizen store (issue 4),
# server and wrk pinned to separate cores, 64 connections. Usage: bench/upstream_wrk.sh [seconds]
set -euo pipefail
SECS=${1:-10}
BIN=$(pwd)/build/dancu
export BENCH_DIR=$(mktemp -d /tmp/dancu-up.XXXXXX)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$BENCH_DIR"' EXIT
cd "$BENCH_DIR"
"$BIN" population generate --count 1000000 --seed 42 --out pop.db >/dev/null 2>&1
"$BIN" population sample --n 5000 --population pop.db --format json \
  | python3 -c "import json,sys; [print(c['cccd']) for c in json.load(sys.stdin)]" > cccds.txt
PORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
taskset -c 0 "$BIN" population serve --population pop.db --no-auth --listen 127.0.0.1:$PORT > server.log 2>&1 &
SERVER=$!
for i in $(seq 50); do grep -q "tại http" server.log 2>/dev/null && break; sleep 0.1; done
echo "== SOAP TraCuuThongTinCongDan by CCCD, 1 M citizens"
taskset -c 1 wrk -t1 -c64 -d${SECS}s --latency -s "$OLDPWD/bench/wrk/upstream.lua" http://127.0.0.1:$PORT | grep -E "Requests/sec|99%|50%|Non-2xx"
