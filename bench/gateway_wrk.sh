#!/usr/bin/env bash
# Gateway throughput against /healthz in the same run (issue 5): 1 M synthetic citizens, durable
# audit (WAL, synchronous=FULL, group commit), 64 connections, server and wrk pinned to
# separate cores. Usage: bench/gateway_wrk.sh [seconds]   (from the repository root, after make build)
set -euo pipefail
SECS=${1:-10}
BIN=$(pwd)/build/dancu
export BENCH_DIR=$(mktemp -d /tmp/dancu-wrk.XXXXXX)
trap 'kill $SERVER 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$BENCH_DIR"' EXIT
cd "$BENCH_DIR"
"$BIN" --db var/dancu.db demo >/dev/null
rm -f var/population.db
"$BIN" population generate --count 1000000 --seed 42 --out var/population.db >/dev/null 2>&1
"$BIN" population sample --n 5000 --population var/population.db --format json \
  | python3 -c "import json,sys; [print(c['cccd']) for c in json.load(sys.stdin)]" > cccds.txt
# 200 bench officials of Sở Tài nguyên và Môi trường, 10,000 queries a day each.
python3 - <<'PY'
rows = ["TT,Họ tên,Tài khoản đăng nhập,SĐT,Mã cơ quan,Tên cơ quan,Vai trò trách nhiệm,Số lần truy vấn trong ngày,Mục đích sử dụng"]
with open("accounts.txt", "w") as acc:
    for i in range(200):
        login = f"bench{i:03d}.tnmt"
        acc.write(login + "\n")
        rows.append(f"{i+1},Nguyễn Văn Thử,{login},0919674667,000.00.19.H33,Sở Tài nguyên và Môi trường,Cán bộ một cửa,200 x 50,XMCD-04")
open("bench.csv", "w").write("\n".join(rows) + "\n")
open("scan.pdf", "wb").write(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
PY
D="$BIN --db var/dancu.db"
$D registration import --campaign 1 --unit 000.00.19.H33 bench.csv >/dev/null
for step in submit approve send; do $D registration $step --campaign 1 --unit 000.00.19.H33 >/dev/null; done
$D commitment add --unit 000.00.19.H33 --name "Phạm Văn Đại Diện" --id-number 091075001234 --phone 02973862123 \
  --issue-date 2021-01-05 --issue-place "Cục Cảnh sát QLHC về TTXH" --position "Giám đốc" --sign-place "Kiên Giang" \
  --sign-date 2021-07-20 --scan scan.pdf >/dev/null
$D registration activate --campaign 1 --unit 000.00.19.H33 >/dev/null
PORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
taskset -c 0 $D serve --listen 127.0.0.1:$PORT > server.log 2>&1 &
SERVER=$!
for i in $(seq 50); do grep -q "phục vụ tại" server.log 2>/dev/null && break; sleep 0.1; done
grep -q "phục vụ tại" server.log || { cat server.log; exit 1; }
W="taskset -c 1 wrk -t1 -c64 -d${SECS}s --latency"
# Warm the key cache (argon2id runs once per key) before measuring.
BENCH_SOAP=0 wrk -t1 -c1 -d1s -s "$OLDPWD/bench/wrk/lookup.lua" http://127.0.0.1:$PORT >/dev/null
echo "== /healthz"; $W http://127.0.0.1:$PORT/healthz | grep -E "Requests/sec|99%"
echo "== JSON lookups"; BENCH_SOAP=0 $W -s "$OLDPWD/bench/wrk/lookup.lua" http://127.0.0.1:$PORT | grep -E "Requests/sec|99%|Non-2xx|p99"
echo "== SOAP lookups"; BENCH_SOAP=1 $W -s "$OLDPWD/bench/wrk/lookup.lua" http://127.0.0.1:$PORT | grep -E "Requests/sec|99%|Non-2xx|p99"
if [ -n "${PERF:-}" ]; then BENCH_SOAP=0 perf record -F 999 -g -p $SERVER -o /tmp/perf.data -- sleep 5 >/dev/null 2>&1 & BENCH_SOAP=0 $W -s "$OLDPWD/bench/wrk/lookup.lua" http://127.0.0.1:$PORT >/dev/null; wait; fi
echo "== audit"; $D audit verify | head -1
