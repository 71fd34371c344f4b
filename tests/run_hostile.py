#!/usr/bin/env python3
"""Hostile client (issue 10): attacks a running `dancu serve` of the demo the way an outsider
would — raw sockets, invalid UTF-8, deep and huge bodies, more connections than the process may
open, floods — and asserts after each that the server is still up and answers /healthz within a
generous liveness deadline (not a performance figure), and at the end that the audit log is whole.

The server runs with a low open-file limit (RLIMIT_NOFILE 256) and a connection cap above it, so
the file limit itself is reached. Usage: python3 tests/run_hostile.py --binary build/dancu [-k NAME]
Prints one line per attack and a closing "N passed, N failed" line; exit 1 on any failure.
"""
import argparse
import json
import os
import re
import resource
import socket
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run_blackbox as bb  # noqa: E402  (Env, the demo and the gateway fixtures)

FILE_LIMIT = 256
LIVENESS_SECONDS = 5
ATTACKS = []


def attack(fn):
    ATTACKS.append(fn)
    return fn


class Target:
    """The demo served once, shared by every attack (building it costs seconds)."""

    def __init__(self):
        self.env = bb.gateway_env()
        env = self.env

        def low_limits():
            resource.setrlimit(resource.RLIMIT_NOFILE, (FILE_LIMIT, FILE_LIMIT))

        env.server = subprocess.Popen(
            [bb.BINARY, "--db", env.db, "serve", "--listen", "127.0.0.1:0", "--max-connections", "1000"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=env.dir, preexec_fn=low_limits)
        line = env.server.stdout.readline()
        m = re.search(r"http://([0-9.]+):([0-9]+)/", line)
        assert m, f"server did not start: {line!r}"
        env.base = f"http://{m.group(1)}:{m.group(2)}"
        self.port = int(m.group(2))

    def connect(self, timeout=10):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        return s

    def exchange(self, data, timeout=10, half_close=False):
        """Sends raw bytes, returns (status or None, whole reply) until the server closes."""
        s = self.connect(timeout)
        try:
            s.sendall(data)
            if half_close:
                s.shutdown(socket.SHUT_WR)
            out = b""
            while True:
                try:
                    chunk = s.recv(65536)
                except (socket.timeout, ConnectionResetError):
                    break
                if not chunk:
                    break
                out += chunk
        finally:
            s.close()
        m = re.match(rb"HTTP/1\.1 (\d{3})", out)
        return (int(m.group(1)) if m else None), out

    def alive(self):
        """The process runs and /healthz answers 200 within the liveness deadline."""
        assert self.env.server.poll() is None, f"server exited with {self.env.server.returncode}"
        deadline = time.monotonic() + LIVENESS_SECONDS
        last = None
        while time.monotonic() < deadline:
            try:
                st, _ = self.exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=2)
                if st == 200:
                    return
                last = st
            except OSError as e:
                last = e
            time.sleep(0.05)
        raise AssertionError(f"/healthz did not answer 200 within {LIVENESS_SECONDS} s (last: {last})")

    def rss_mb(self):
        with open(f"/proc/{self.env.server.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0

    def close(self):
        self.env.close()


def post(path, body, headers=None, keep_alive=False):
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n"
    for k, v in (headers or {}).items():
        head += f"{k}: {v}\r\n"
    if not keep_alive:
        head += "Connection: close\r\n"
    return head.encode() + b"\r\n" + body


def pre_login_cookie(t):
    st, out = t.exchange(b"GET /dang-nhap HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    return re.search(rb"dancu_pre=([0-9a-f]+)", out).group(1).decode()


@attack
def raw_byte_in_the_path(t):
    st, out = t.exchange(b"GET /api/\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert st == 400, out[:300]
    st, _ = t.exchange(b"GET /api/%ff%fe?x=%c3%28 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert st == 400, st


@attack
def invalid_utf8_in_headers_and_bodies(t):
    st, _ = t.exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Ten: \xc3\x28\r\nConnection: close\r\n\r\n")
    assert st == 400, st
    pre = pre_login_cookie(t)
    st, out = t.exchange(post("/api/v1/session", b'{"login":"\xff","password":"x"}',
                              {"Cookie": f"dancu_pre={pre}", "X-CSRF-Token": pre, "Content-Type": "application/json"}))
    assert st == 400 and "UTF-8".encode() in out, out[:400]


@attack
def deeply_nested_login_body(t):
    pre = pre_login_cookie(t)
    body = b'{"login":"x","password":"x","a":' + b"[" * 100000 + b"]" * 100000 + b"}"
    st, out = t.exchange(post("/api/v1/session", body,
                              {"Cookie": f"dancu_pre={pre}", "X-CSRF-Token": pre, "Content-Type": "application/json"}))
    assert st == 400, out[:400]


@attack
def soap_lone_surrogate_with_a_wrong_secret(t):
    key_id = t.env.key.split("_")[1]
    wrong = f"dck_{key_id}_" + "0" * 64
    login, purpose, _ = t.env.accounts[0]
    xml = bb.SOAP_REQ.format(op="TraCuuThongTinCongDan", purpose=purpose, account=login,
                             cccd=t.env.cccds[0], extra="").replace("HS-2021-0001", "HS&#xD800;1")
    for key in (wrong, t.env.key):  # the wrong secret, then the right one: neither may kill it
        st, out = t.exchange(post("/soap", xml.encode(), {"X-API-Key": key, "Content-Type": "text/xml"}))
        assert st in (400, 401, 500) and b"Fault" in out, out[:400]
        t.alive()


@attack
def gateway_body_of_twelve_megabytes_is_refused_from_its_header(t):
    started = time.monotonic()
    head = f"POST /api/v1/lookups HTTP/1.1\r\nHost: x\r\nX-API-Key: {t.env.key}\r\nContent-Length: {12 * 1024 * 1024}\r\n\r\n"
    st, out = t.exchange(head.encode() + b"[" * 65536, half_close=True)
    assert st == 413, out[:300]
    assert time.monotonic() - started < LIVENESS_SECONDS


@attack
def gateway_deep_and_odd_json_with_a_valid_key(t):
    for body in (b"[" * 60000, b'{"account":"a","verify":"yes"}', b'{"account":"\xed\xa0\x80"}', b"null"):
        st, out = t.exchange(post("/api/v1/lookups", body, {"X-API-Key": t.env.key, "Content-Type": "application/json"}))
        assert st == 400, (body[:40], out[:300])


@attack
def more_connections_than_the_file_limit(t):
    held = []
    try:
        for _ in range(FILE_LIMIT + 60):
            try:
                held.append(t.connect(timeout=2))
            except OSError:
                break
        time.sleep(0.5)  # let the acceptor meet EMFILE
    finally:
        for s in held:
            s.close()
    t.alive()  # the acceptor retried and serves again


@attack
def forty_large_uploads_share_one_budget(t):
    path = f"/api/v1/campaigns/1/registrations/{bb.SO_TNMT}/import?filename=a.csv"
    # Without a session the body is refused from the header alone.
    st, _ = t.exchange(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {25 * 1024 * 1024 - 1}\r\n\r\n".encode(),
                       half_close=True)
    assert st == 401, st
    socks, refused = [], 0
    try:
        for _ in range(40):
            s = t.connect()
            try:
                s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nCookie: dancu_session=forged\r\n"
                          f"Content-Length: {25 * 1024 * 1024 - 1}\r\n\r\n".encode() + b"a" * (1024 * 1024))
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused (503) and closed before the megabyte was sent: read the answer below
            socks.append(s)
        for s in socks:
            s.settimeout(0.5)
            try:
                if s.recv(64).startswith(b"HTTP/1.1 503"):
                    refused += 1
            except (socket.timeout, ConnectionResetError):
                pass
        t.alive()
        assert refused >= 25, f"only {refused} of 40 uploads were refused by the in-flight budget"
        assert t.rss_mb() < 900, f"server holds {t.rss_mb():.0f} MB"
    finally:
        for s in socks:
            s.close()


@attack
def huge_header_and_garbage(t):
    st, _ = t.exchange(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100000 + b"\r\n\r\n")
    assert st == 431, st
    st, _ = t.exchange(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(300))
    assert st in (400, None), st
    st, _ = t.exchange(b"POST /api/v1/lookups HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")
    assert st == 400, st


@attack
def flood_of_wrong_logins(t):
    pre = pre_login_cookie(t)
    socks = []
    for i in range(60):
        s = t.connect()
        s.sendall(post("/api/v1/session", json.dumps({"login": f"khongco{i % 3}", "password": "sai"}).encode(),
                       {"Cookie": f"dancu_pre={pre}", "X-CSRF-Token": pre, "Content-Type": "application/json"}))
        socks.append(s)
    statuses = set()
    for s in socks:
        s.settimeout(LIVENESS_SECONDS * 4)
        try:
            m = re.match(rb"HTTP/1\.1 (\d{3})", s.recv(64))
            statuses.add(int(m.group(1)) if m else None)
        except OSError:
            statuses.add(None)
        s.close()
    assert statuses <= {401, 429, 503}, statuses
    t.alive()


@attack
def audit_log_is_whole_afterwards(t):
    rc, out, err = t.env.run("audit", "verify")
    assert rc == 0, out + err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="build/dancu")
    ap.add_argument("-k", default="")
    args = ap.parse_args()
    bb.BINARY = os.path.abspath(args.binary)
    target = Target()
    passed = failed = 0
    try:
        for fn in ATTACKS:
            if args.k not in fn.__name__ and fn is not audit_log_is_whole_afterwards:
                continue
            try:
                fn(target)
                target.alive()
                passed += 1
                print(f"PASS {fn.__name__}")
            except Exception:
                failed += 1
                print(f"FAIL {fn.__name__}")
                traceback.print_exc()
    finally:
        target.close()
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
