#!/usr/bin/env python3
"""Black-box tests of the HTTPS upstream with mutual TLS (issue 11 item 4) and of the timestamped
hash between dancu and `dancu population serve` (issue 11 item 1).

A throw-away CA and certificates are made with the `openssl` CLI in a temporary directory. A TLS
stand-in of the national service (Python's ssl module) requires a client certificate and passes
the SOAP request on, headers included, to `dancu population serve` over plain HTTP on loopback.
`dancu serve --upstream https://…` then answers lookups of the demo's active account through it.
Usage:
  python3 tests/run_upstream_tls.py --binary build/dancu [-k NAME]
"""
import argparse
import http.server
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run_blackbox as bb  # noqa: E402  (Env, gateway_env, lookup)

TESTS = []
SYSTEM, SECRET = "dancu-kg", "khoa-bi-mat-cua-dancu-kiem-thu"


def test(fn):
    TESTS.append(fn)
    return fn


# ---------------------------------------------------------------- certificates

CA_CNF = """[ ca ]
default_ca = dflt
[ dflt ]
dir = {d}
database = {d}/index.txt
new_certs_dir = {d}
serial = {d}/serial
default_md = sha256
policy = any
unique_subject = no
[ any ]
commonName = supplied
[ server ]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = {san}
[ client ]
basicConstraints = CA:FALSE
extendedKeyUsage = clientAuth
"""


def openssl(*args, cwd):
    p = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, f"openssl {args}: {p.stderr}"


class Pki:
    """Two CAs (the service's and an unrelated one), server and client certificates."""

    def __init__(self, d):
        self.d = d

    def path(self, name):
        return os.path.join(self.d, name)

    def ca(self, name):
        os.makedirs(self.path(name))
        open(self.path(f"{name}/index.txt"), "w").close()
        with open(self.path(f"{name}/serial"), "w") as f:
            f.write("1000\n")
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", f"{name}/ca.key", "-out", f"{name}/ca.pem", "-days", "30",
                "-subj", f"/CN={name}", cwd=self.d)

    def issue(self, ca, name, cn, section, san="DNS:unused", start=None, end=None):
        """Signs a new key's certificate with `ca`; `start`/`end` (YYYYMMDDHHMMSSZ) for one out of date."""
        with open(self.path(f"{ca}/ca.cnf"), "w") as f:
            f.write(CA_CNF.format(d=self.path(ca), san=san))
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={cn}", cwd=self.d)
        dates = ["-startdate", start, "-enddate", end] if start else ["-days", "30"]
        openssl("ca", "-batch", "-notext", "-config", f"{ca}/ca.cnf", "-cert", f"{ca}/ca.pem",
                "-keyfile", f"{ca}/ca.key", "-extensions", section, "-in", f"{name}.csr",
                "-out", f"{name}.pem", *dates, cwd=self.d)
        return self.path(f"{name}.pem"), self.path(f"{name}.key")


# ---------------------------------------------------------------- the TLS stand-in

class StandIn(http.server.ThreadingHTTPServer):
    """HTTPS on loopback, client certificate required; forwards POSTs to `backend`."""
    daemon_threads = True

    def __init__(self, cert, key, client_ca, backend):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(cert, key)
        self.ctx.verify_mode = ssl.CERT_REQUIRED
        self.ctx.load_verify_locations(client_ca)
        self.ctx.sni_callback = lambda sock, name, ctx: self.sni.append(name)
        self.backend, self.sni, self.handshakes, self.refused, self.clients = backend, [], 0, [], []
        super().__init__(("127.0.0.1", 0), Forward)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def finish_request(self, request, client_address):
        # The handshake runs on the connection's own thread, so a refused one holds nobody up.
        try:
            tls = self.ctx.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as e:
            self.refused.append(str(e))
            return
        self.handshakes += 1
        try:
            subject = dict(x[0] for x in tls.getpeercert()["subject"])
            self.clients.append(subject.get("commonName"))
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            tls.close()


class Forward(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: dancu reuses its TLS connections
    timeout = 10

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() in ("content-type", "soapaction", "timestamp", "authorization")}
        req = urllib.request.Request(self.server.backend + self.path, data=body, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                status, answer = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, answer = e.code, e.read()
        self.send_response(status)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


# ---------------------------------------------------------------- the set-up shared by all cases

class World:
    def __init__(self):
        self.env = bb.gateway_env()  # demo, API key, an active account, sample CCCDs
        self.dir = self.env.dir
        pki = self.pki = Pki(os.path.join(self.dir, "pki"))
        os.makedirs(pki.d)
        pki.ca("service-ca")
        pki.ca("other-ca")
        good = pki.issue("service-ca", "good", "127.0.0.1", "server", "IP:127.0.0.1, DNS:localhost")
        wrong_host = pki.issue("service-ca", "wrong-host", "wrong.example", "server", "DNS:wrong.example")
        expired = pki.issue("service-ca", "expired", "127.0.0.1", "server", "IP:127.0.0.1, DNS:localhost",
                            start="20200101000000Z", end="20200201000000Z")
        self.client = pki.issue("service-ca", "client", "dancu-gateway", "client")
        self.ca = pki.path("service-ca/ca.pem")
        self.other_ca = pki.path("other-ca/ca.pem")
        self.secret_file = self.env.write("upstream-secret.txt", SECRET + "\n")
        clients = self.env.write("clients.txt", f"{SYSTEM} {SECRET}\n")
        self.record = os.path.join(self.dir, "received.jsonl")
        # Stand-ins first: the reference service must know the URL the client signs.
        self.stand_ins = {}
        for name, (cert, key) in (("good", good), ("wrong_host", wrong_host), ("expired", expired)):
            self.stand_ins[name] = StandIn(cert, key, self.ca, None)
        self.good_url = f"https://localhost:{self.stand_ins['good'].port}/dancu/1.0"
        self.population = subprocess.Popen(
            [bb.BINARY, "population", "serve", "--listen", "127.0.0.1:0",
             "--population", os.path.join(self.dir, "var", "population.db"), "--clients", clients,
             "--auth", "basic-hash", "--signed-url", self.good_url, "--record", self.record],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=self.dir)
        line = self.population.stdout.readline()
        m = re.search(r"http://([0-9.]+:[0-9]+)/", line)
        assert m, f"population serve did not start: {line!r}"
        for s in self.stand_ins.values():
            s.backend = "http://" + m.group(1)

    def serve(self, url, *flags):
        """`dancu serve` with the upstream; returns the server's Env (stopped by stop())."""
        self.env.serve("--upstream", url, "--upstream-client", SYSTEM, "--upstream-secret-file",
                       self.secret_file, *flags)

    def stop(self):
        if self.env.server:
            self.env.server.send_signal(signal.SIGTERM)
            self.env.server.wait(timeout=10)
            self.env.server = None

    def lookup(self, i=0):
        login, purpose, _ = self.env.accounts[0]
        return bb.lookup(self.env, login, purpose, self.env.cccds[i])

    def refused(self, fragment):
        st, body = self.lookup()
        assert st == 503 and body["error"]["reason"] == "upstream_unavailable", (st, body)
        message = body["error"]["message"]
        assert fragment in message, f"{fragment!r} not in {message!r}"
        if os.environ.get("SHOW_MESSAGES"):
            print("   ", message)

    def close(self):
        self.stop()
        for s in self.stand_ins.values():
            s.shutdown()
        self.population.send_signal(signal.SIGTERM)
        self.population.wait(timeout=10)
        self.env.close()


WORLD = None


def tls_flags(ca=None, client=True):
    w = WORLD
    flags = ["--upstream-ca", ca or w.ca]
    if client:
        flags += ["--upstream-cert", w.client[0], "--upstream-key", w.client[1]]
    return flags


# ---------------------------------------------------------------- cases

@test
def good_certificate_with_client_certificate_returns_the_citizen_over_one_connection():
    w = WORLD
    good = w.stand_ins["good"]
    w.serve(w.good_url, *tls_flags())
    try:
        for i in (0, 1):
            st, body = w.lookup(i)
            assert st == 200 and body["citizens"][0]["SoDinhDanh"] == w.env.cccds[i], (st, body)
        assert good.sni == ["localhost"], good.sni  # SNI sent for a DNS name
        assert good.clients == ["dancu-gateway"], good.clients  # the client certificate presented
        assert good.handshakes == 1, good.handshakes  # the second lookup reused the TLS connection
    finally:
        w.stop()
    # The reference service checked the timestamped hash and recorded the caller, no citizen keys.
    lines = [json.loads(x) for x in open(w.record, encoding="utf-8")]
    assert len(lines) == 2 and all(x["auth"] == "basic-hash" and x["client"] == SYSTEM for x in lines), lines
    assert lines[0]["operation"] == "TraCuuThongTinCongDan" and lines[0]["TaiKhoan"] == w.env.accounts[0][0], lines
    text = open(w.record, encoding="utf-8").read()
    assert w.env.cccds[0] not in text and "SoDinhDanh" not in text, text


@test
def unknown_ca_is_refused_with_a_clear_message():
    w = WORLD
    w.serve(w.good_url, *tls_flags(ca=WORLD.other_ca))
    try:
        w.refused("không do tổ chức cấp chứng chỉ (CA) tin cậy cấp")
    finally:
        w.stop()


@test
def wrong_host_name_is_refused_with_a_clear_message():
    w = WORLD
    w.serve(f"https://127.0.0.1:{w.stand_ins['wrong_host'].port}/dancu/1.0", *tls_flags())
    try:
        w.refused("không mang tên máy \"127.0.0.1\"")
    finally:
        w.stop()


@test
def expired_certificate_is_refused_with_a_clear_message():
    w = WORLD
    w.serve(f"https://127.0.0.1:{w.stand_ins['expired'].port}/dancu/1.0", *tls_flags())
    try:
        w.refused("đã hết hạn")
    finally:
        w.stop()


@test
def without_a_client_certificate_the_service_refuses_and_dancu_says_what_to_add():
    w = WORLD
    good = w.stand_ins["good"]
    before = len(good.refused)
    w.serve(w.good_url, *tls_flags(client=False))
    try:
        w.refused("đòi chứng chỉ máy khách")
        assert len(good.refused) > before, good.refused  # the stand-in did refuse the handshake
    finally:
        w.stop()


@test
def clear_text_to_the_network_and_malformed_urls_are_refused_at_start():
    w = WORLD
    for url, fragment in (("http://10.1.2.3:8090/", "chỉ được dùng tới chính máy này"),
                          ("https://[::1/", "thiếu dấu ']'"),
                          ("https://dancu.example:99999/", "từ 1 đến 65535")):
        rc, out, err = w.env.run("serve", "--listen", "127.0.0.1:0", "--upstream", url)
        assert rc == 2 and fragment in err, (url, rc, out, err)


def main():
    global WORLD
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="build/dancu")
    ap.add_argument("-k", default="")
    args = ap.parse_args()
    bb.BINARY = os.path.abspath(args.binary)
    if not shutil.which("openssl"):
        print("FAIL: the openssl command is missing (scripts/install-deps.sh)")
        sys.exit(1)
    WORLD = World()
    try:
        failed = bb.run_tests(TESTS, args.k)
    finally:
        WORLD.close()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
