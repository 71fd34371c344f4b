#!/usr/bin/env python3
"""Black-box test of the WSDL (issue 11 item 5): a client generated from it, as a one-stop
system's developer would make one with zeep, calls both operations and gets the citizen back —
against the reference national service (`dancu population serve`) and the gateway (`dancu serve`).

Usage: python3 tests/run_wsdl.py --binary build/dancu [-k NAME]
zeep comes from Debian (python3-zeep, scripts/install-deps.sh); when the python3 on PATH lacks
it (a pyenv interpreter, say), the script runs itself again with /usr/bin/python3.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_blackbox as bb  # noqa: E402  (run_tests)

try:
    import requests
    import zeep
    import zeep.transports
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    sys.exit("python3-zeep is missing: apt-get install -y python3-zeep (scripts/install-deps.sh)")

BINARY = None
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def run(*args, cwd):
    p = subprocess.run([BINARY, *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, f"{args}: rc={p.returncode} {p.stdout} {p.stderr}"
    return p.stdout


def start(args, cwd):
    """Starts a server on a free port; returns (process, "host:port") from its first line."""
    proc = subprocess.Popen([BINARY, *args, "--listen", "127.0.0.1:0"], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = proc.stdout.readline()
    m = re.search(r"http://([0-9.]+:[0-9]+)/", line)
    if not m:
        proc.kill()
        raise AssertionError(f"server did not start: {line!r} {proc.stderr.read()}")
    return proc, m.group(1)


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def contract_name(full_name):
    """HoVaTen as clients send it: upper case, no diacritics, Đ → D."""
    s = full_name.replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))
    return " ".join(s.upper().split())


def birth_of(sample):
    """The sample's dd/mm/yyyy (or yyyy) as the contract's NgayThangNamSinh choice."""
    parts = sample["birth"].split("/")
    if len(parts) == 3:
        return {"NgayThangNam": parts[2] + parts[1] + parts[0]}
    return {"Nam": parts[-1]}


def citizen_with_cmnd(cwd, population):
    people = json.loads(run("population", "sample", "--n", "20", "--population", population,
                            "--format", "json", cwd=cwd))
    return next(p for p in people if p["cmnd"])


def fetch_wsdl(hostport, path, host_header=None):
    conn = http.client.HTTPConnection(hostport, timeout=10)
    conn.putrequest("GET", path, skip_host=host_header is not None)
    if host_header is not None:
        conn.putheader("Host", host_header)
    conn.endheaders()
    r = conn.getresponse()
    body = r.read().decode()
    conn.close()
    return r.status, r.getheader("Content-Type"), body


def address_of(wsdl):
    return re.search(r'<soap:address location="([^"]*)"', wsdl).group(1)


def check_both_operations(client, who, caller):
    """TraCuu by CCCD and by name + birth, XacThuc right and wrong, through the generated client."""
    svc = client.service
    found = svc.TraCuuThongTinCongDan(**caller, SoDinhDanh="  " + who["cccd"] + " ")
    assert len(found) == 1 and found[0].SoDinhDanh == who["cccd"], found
    name = found[0].HoVaTen
    shown = " ".join(x for x in (name.Ho, name.ChuDem, name.Ten) if x)
    assert shown == who["full_name"], (shown, who)
    year = {"Nam": who["birth"][-4:]}
    by_name = svc.TraCuuThongTinCongDan(**caller, HoVaTen=contract_name(who["full_name"]),
                                        NgayThangNamSinh=year)
    assert who["cccd"] in [c.SoDinhDanh for c in by_name], by_name
    ok = svc.XacThucThongTinCongDan(**caller, SoDinhDanh=who["cccd"],
                                    HoVaTen=contract_name(who["full_name"]),
                                    NgayThangNamSinh=birth_of(who))
    assert ok.KetQua is True, ok
    wrong = svc.XacThucThongTinCongDan(**caller, SoDinhDanh=who["cccd"], HoVaTen="TEN SAI HOAN TOAN",
                                       NgayThangNamSinh=birth_of(who))
    assert wrong.KetQua is False, wrong


@test
def population_serve_wsdl_drives_a_zeep_client():
    tmp = tempfile.mkdtemp(prefix="dancu-wsdl-")
    proc = None
    try:
        population = os.path.join(tmp, "population.db")
        run("population", "generate", "--count", "2000", "--seed", "11", "--out", population, cwd=tmp)
        who = citizen_with_cmnd(tmp, population)
        proc, hostport = start(["population", "serve", "--no-auth", "--population", population], tmp)
        st, ctype, wsdl = fetch_wsdl(hostport, "/soap?wsdl")
        assert st == 200 and ctype == "text/xml; charset=utf-8", (st, ctype)
        assert address_of(wsdl) == f"http://{hostport}/soap", address_of(wsdl)
        # A Host header that is not host[:port] is not echoed: the listen address is used.
        st, _, wsdl = fetch_wsdl(hostport, "/soap?wsdl", host_header='evil"><x a="')
        assert st == 200 and "evil" not in wsdl, wsdl[-300:]
        assert address_of(wsdl).startswith("http://127.0.0.1:"), address_of(wsdl)
        client = zeep.Client(f"http://{hostport}/soap?wsdl")
        caller = {"MaYeuCau": "HS-WSDL-1", "MaDVC": "1.001", "MaTichHop": "037",
                  "MaCanBo": "091185000321", "MaDonVi": "000.00.16.H33", "TaiKhoan": "canbo",
                  "SoDienThoai": "0"}
        check_both_operations(client, who, caller)
    finally:
        if proc:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


@test
def gateway_wsdl_drives_a_zeep_client_with_the_api_key():
    tmp = tempfile.mkdtemp(prefix="dancu-wsdl-")
    db = os.path.join(tmp, "var", "dancu.db")
    proc = None
    try:
        run("--db", db, "demo", cwd=tmp)
        key = open(os.path.join(tmp, "var", "demo-api-key.txt")).read().strip()
        reg = json.loads(run("--db", db, "registration", "show", "--campaign", "1", "--unit",
                             "000.00.16.H33", "--format", "json", cwd=tmp))
        account = reg["accounts"][0]
        who = citizen_with_cmnd(tmp, os.path.join(tmp, "var", "population.db"))
        proc, hostport = start(["--db", db, "serve"], tmp)
        st, ctype, wsdl = fetch_wsdl(hostport, "/soap?wsdl")  # public: no key
        assert st == 200 and ctype == "text/xml; charset=utf-8", (st, ctype, wsdl[:200])
        assert address_of(wsdl) == f"http://{hostport}/soap", address_of(wsdl)
        session = requests.Session()
        session.headers["X-API-Key"] = key
        client = zeep.Client(f"http://{hostport}/soap?wsdl",
                             transport=zeep.transports.Transport(session=session))
        caller = {"MaYeuCau": "HS-WSDL-2", "MaDVC": account["purposes"][0]["code"],
                  "MaTichHop": "037", "MaCanBo": account["login"], "MaDonVi": "000.00.16.H33",
                  "TaiKhoan": account["login"], "SoDienThoai": "0"}
        check_both_operations(client, who, caller)
        stop(proc)
        # Behind the TLS proxy the address is https, with the host the proxy forwards.
        proc, hostport = start(["--db", db, "serve", "--behind-tls"], tmp)
        st, _, wsdl = fetch_wsdl(hostport, "/soap?wsdl", host_header="dancu.example.vn")
        assert st == 200 and address_of(wsdl) == "https://dancu.example.vn/soap", address_of(wsdl)
    finally:
        if proc:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    global BINARY
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="build/dancu")
    ap.add_argument("-k", default="")
    args = ap.parse_args()
    BINARY = os.path.abspath(args.binary)
    sys.exit(1 if bb.run_tests(TESTS, args.k) else 0)


if __name__ == "__main__":
    main()
