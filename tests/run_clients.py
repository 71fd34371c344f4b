#!/usr/bin/env python3
"""Black-box tests of issue 11: real one-stop clients unchanged, the official's identity upstream.

A client here writes its requests exactly as a deployed one-stop client does (a court system's
C06 module; shared/domain/FACTS.md): POST, Content-Type application/xml or text/xml,
SOAPAction "", an empty soapenv:Header, elements in http://dancuquocgia.bca in contract order
with white space around values, HoVaTen upper case without diacritics, NgayThangNamSinh with
<Nam> or <NgayThangNam>, headers Timestamp (ms), Authorization: Basic base64(user ":"
hex(sha256(url + user + timestamp + secret))), ApiKey, X-Road-Client.

Usage: python3 tests/run_clients.py --binary build/dancu [-k NAME]
"""
import argparse
import base64
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_blackbox as bb  # noqa: E402  (Env, demo set-up, TOTP)

TESTS = []
SIGNED_URL = "https://dancu.kiengiang.example/soap"  # what the client is configured with


def test(fn):
    TESTS.append(fn)
    return fn


CLIENT_REQ = """<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:dan="http://dancuquocgia.bca">
   <soapenv:Header/>
   <soapenv:Body>
      <dan:{op}>
         <dan:MaYeuCau>
            {request_id}
         </dan:MaYeuCau>
         <dan:MaDVC> {purpose} </dan:MaDVC>
         <dan:MaTichHop> 037 </dan:MaTichHop>
         <dan:MaCanBo> {official} </dan:MaCanBo>
         <dan:MaDonVi> 000.00.16.H33 </dan:MaDonVi>
         <dan:TaiKhoan> {account} </dan:TaiKhoan>
         <dan:SoDienThoai> 0 </dan:SoDienThoai>
         <dan:SoDinhDanh> {cccd} </dan:SoDinhDanh>
         <dan:HoVaTen> {name} </dan:HoVaTen>
         <dan:NgayThangNamSinh>{birth}</dan:NgayThangNamSinh>
      </dan:{op}>
   </soapenv:Body>
</soapenv:Envelope>"""


def strip_accents(text):
    import unicodedata
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").upper()


class Clients:
    """The demo with a second integrated system that signs with the timestamped hash."""

    def __init__(self, *serve_args, upstream=None):
        self.env = bb.gateway_env()
        out = self.env.json("system", "add", "--name", "Một cửa Tòa án (thử)", "--units", "000.00.00.H33",
                            "--signed-url", SIGNED_URL)
        self.key_id, self.api_key, self.secret = out["key_id"], out["api_key"], out["signing_secret"]
        self.login, self.purpose, _ = self.env.accounts[0]
        pop = os.path.join(self.env.dir, "var", "population.db")
        self.people = self.env.json("population", "sample", "--n", "5", "--seed", "7", "--population", pop)
        self.env.serve(*serve_args)

    def soap(self, body, headers, ctype="application/xml; charset=utf-8"):
        h = {"Content-Type": ctype, "SOAPAction": '""', "X-Road-Client": "VN/GOV/000.00.00.H33/TOAAN"}
        h.update(headers)
        return self.env.raw("POST", "/soap", body.encode(), h)

    def signed(self, secret=None, ts=None, url=SIGNED_URL, with_key=True):
        ts = str(int(time.time() * 1000) if ts is None else ts)
        digest = hashlib.sha256((url + self.key_id + ts + (secret or self.secret)).encode()).hexdigest()
        h = {"Timestamp": ts, "Authorization": "Basic " + base64.b64encode(f"{self.key_id}:{digest}".encode()).decode()}
        if with_key:
            h["ApiKey"] = self.api_key
        return h

    def request(self, person, birth_form="NgayThangNam", op="TraCuuThongTinCongDan", name=None, request_id="YC-0001"):
        d, m, y = person["birth"].split("/")  # dd/mm/yyyy
        birth = (f"<dan:Nam>{y}</dan:Nam>" if birth_form == "Nam"
                 else f"<dan:NgayThangNam>{y}{m}{d}</dan:NgayThangNam>")
        return CLIENT_REQ.format(op=op, request_id=request_id, purpose=self.purpose, official=self.login,
                                 account=self.login, cccd=person["cccd"],
                                 name=name or strip_accents(person["full_name"]), birth=birth)

    def close(self):
        self.env.close()


def citizens_in(body):
    return re.findall(r"<ns1:SoDinhDanh>(\d{12})</ns1:SoDinhDanh>", body)


@test
def client_format_with_apikey_both_content_types_and_both_birth_forms():
    c = Clients()
    try:
        p = c.people[0]
        for ctype in ("application/xml; charset=utf-8", "text/xml; charset=utf-8"):
            for form in ("NgayThangNam", "Nam"):
                st, _, body = c.soap(c.request(p, form), {"ApiKey": c.api_key}, ctype)
                text = body.decode()
                assert st == 200, (ctype, form, st, text)
                assert p["cccd"] in citizens_in(text), (ctype, form, text[:400])
                assert "http://www.mic.gov.vn/dancu/1.0" in text
        st, _, body = c.soap(c.request(p, op="XacThucThongTinCongDan"), {"ApiKey": c.api_key})
        assert st == 200 and re.search(r"<ns1:KetQua>true</ns1:KetQua>", body.decode()), body
        st, _, body = c.soap(c.request(p, op="XacThucThongTinCongDan", name="NGUYEN VAN KHONG CO"), {"ApiKey": c.api_key})
        assert st == 200 and re.search(r"<ns1:KetQua>false</ns1:KetQua>", body.decode()), body
    finally:
        c.close()


@test
def timestamped_hash_right_secret_accepted_wrong_stale_and_replay_refused():
    c = Clients()
    try:
        p = c.people[1]
        st, _, body = c.soap(c.request(p), c.signed())
        assert st == 200 and p["cccd"] in citizens_in(body.decode()), (st, body[:300])
        st, _, body = c.soap(c.request(p), c.signed(with_key=False))  # the hash alone suffices
        assert st == 200, (st, body[:300])
        st, _, body = c.soap(c.request(p), c.signed(secret="0" * 64))
        assert st == 401 and "không đúng" in body.decode(), (st, body)
        st, _, body = c.soap(c.request(p), c.signed(ts=int(time.time() * 1000) - 600_000))
        assert st == 401 and "quá hạn" in body.decode(), (st, body)
        st, _, body = c.soap(c.request(p), c.signed(url="https://khac.example/soap"))
        assert st == 401, (st, body)
        once = c.signed()
        st, _, _ = c.soap(c.request(p), once)
        assert st == 200
        st, _, body = c.soap(c.request(p), once)
        assert st == 401 and "gửi lại" in body.decode(), (st, body)
    finally:
        c.close()


@test
def bearer_token_from_token_endpoint_is_accepted_and_audited():
    c = Clients()
    try:
        form = urllib.parse.urlencode({"grant_type": "client_credentials"}).encode()
        basic = base64.b64encode(f"{c.key_id}:{c.api_key}".encode()).decode()
        st, h, body = c.env.raw("POST", "/token", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                         "Authorization": "Basic " + basic})
        assert st == 200, (st, body)
        tok = json.loads(body)
        assert tok["token_type"] == "Bearer" and 0 < tok["expires_in"] <= 300, tok
        assert h.get("Cache-Control") == "no-store", dict(h)
        p = c.people[2]
        st, _, body = c.soap(c.request(p), {"Authorization": "Bearer " + tok["access_token"]})
        assert st == 200 and p["cccd"] in citizens_in(body.decode()), (st, body[:300])
        st, _, body = c.soap(c.request(p), {"Authorization": "Bearer " + tok["access_token"][:-1] + "x"})
        assert st == 401, (st, body)
        st, _, body = c.env.raw("POST", "/token", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                         "Authorization": "Basic " + base64.b64encode(f"{c.key_id}:sai".encode()).decode()})
        assert st == 401 and json.loads(body)["error"] == "invalid_client", (st, body)
        st, _, body = c.env.raw("POST", "/token", b"grant_type=password", {"Content-Type": "application/x-www-form-urlencoded",
                                                                           "Authorization": "Basic " + basic})
        assert st == 400 and json.loads(body)["error"] == "unsupported_grant_type", (st, body)
        st, _, body = c.env.raw("POST", "/token", b"grant_type=password", {"Content-Type": "application/x-www-form-urlencoded"})
        assert st == 401 and json.loads(body)["error"] == "invalid_client", (st, body)
        # A known system's unreadable request is refused and audited too (attack finding 1).
        st, _, body = c.soap("<notsoap/>", {"ApiKey": c.api_key})
        assert st == 500 and "invalid_query" in body.decode(), (st, body)
        rc, out, err = c.env.run("audit", "search", "--limit", "500", fmt="json")
        assert rc == 0, err
        actions = [(r["action"], r["outcome"]) for r in json.loads(out)]
        assert ("token.issue", "allowed") in actions and ("token.issue", "refused") in actions, actions
        reasons = [r.get("reason_code") for r in json.loads(out) if r["action"] == "token.issue"]
        assert "invalid_grant" in reasons, reasons
        assert any(r["action"] == "lookup" and r.get("reason_code") == "invalid_query" for r in json.loads(out)), out[:500]
        rc, out, err = c.env.run("audit", "verify")
        assert rc == 0, (out, err)  # token records do not look like a stuck admin mirror
    finally:
        c.close()


@test
def unknown_purpose_code_is_refused_and_a_mapped_one_is_accepted():
    c = Clients()
    try:
        p = c.people[3]
        body = c.request(p).replace(f"<dan:MaDVC> {c.purpose} </dan:MaDVC>", "<dan:MaDVC> 2.001234.000.00.00.H33 </dan:MaDVC>")
        st, _, text = c.soap(body, {"ApiKey": c.api_key})
        assert st == 500 and "purpose_unknown" in text.decode(), (st, text)
        systems = c.env.json("system", "list")
        sid = next(s["id"] for s in systems if s["key_id"] == c.key_id)
        rc, out, err = c.env.run("purpose", "map", "--system", str(sid), "--code", "2.001234.000.00.00.H33",
                                 "--purpose", c.purpose)
        assert rc == 0, (out, err)
        deadline = time.time() + 10  # the running server sees the change at its next policy check
        while True:
            st, _, text = c.soap(body, {"ApiKey": c.api_key})
            if st == 200 or time.time() > deadline:
                break
            time.sleep(0.3)
        assert st == 200 and p["cccd"] in citizens_in(text.decode()), (st, text[:300])
        listed = c.env.json("purpose", "list")
        mine = next(m for m in listed if m["code"] == c.purpose)
        assert any(a["code"] == "2.001234.000.00.00.H33" for a in mine["aliases"]), mine
        st, _, doc = c.env.raw("GET", "/openapi.json")
        assert any(m["code"] == c.purpose and m["aliases"] for m in json.loads(doc)["x-dancu-purposes"])
    finally:
        c.close()


def official_session(env, login):
    """Signs in as a web official for account `login` (password, then TOTP enrolment)."""
    password = "Kiem-thu-2026-can-bo"
    pw = env.write("official-password.txt", password)
    rc, out, err = env.run("user", "add", "kiemthu.canbo", "--role", "official", "--account", login, "--password-file", pw)
    assert rc == 0, (out, err)
    st, h, _ = env.raw("GET", "/dang-nhap")
    pre = re.search(r"dancu_pre=([^;]+)", h.get("Set-Cookie", "")).group(1)
    st, h, body = env.raw("POST", "/api/v1/session", json.dumps({"login": "kiemthu.canbo", "password": password}).encode(),
                          {"Content-Type": "application/json", "X-CSRF-Token": pre, "Cookie": f"dancu_pre={pre}"})
    assert st == 200, (st, body)
    session = json.loads(body)
    cookie = re.search(r"dancu_session=[^;]+", next(c for c in h.get_all("Set-Cookie") if c.startswith("dancu_session="))).group(0)
    auth = {"Cookie": cookie, "X-CSRF-Token": session["csrf"], "Content-Type": "application/json"}
    if session["stage"] == "need_enrolment":
        st, _, body = env.raw("POST", "/api/v1/session/enrolment", b"{}", auth)
        secret = json.loads(body)["secret"]
        st, _, body = env.raw("POST", "/api/v1/session/enrolment/confirm", json.dumps({"code": bb.totp(secret)}).encode(), auth)
        assert st == 200, (st, body)
    return auth


@test
def the_officials_identity_reaches_the_national_service_from_json_soap_and_web():
    env = bb.gateway_env()
    upstream = None
    try:
        record = os.path.join(env.dir, "received.jsonl")
        pop = os.path.join(env.dir, "var", "population.db")
        upstream = subprocess.Popen([bb.BINARY, "population", "serve", "--listen", "127.0.0.1:0", "--population", pop,
                                     "--no-auth", "--record", record], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True)
        line = upstream.stdout.readline()
        port = re.search(r"127\.0\.0\.1:(\d+)", line).group(1)
        login, purpose, _ = env.accounts[1]  # accounts[0] already has the demo's web official
        official_cccd = "091085012345"  # synthetic
        con = sqlite3.connect(env.db)
        con.execute("UPDATE account SET official_id = ? WHERE login = ?", (official_cccd, login))
        phone = con.execute("SELECT phone, agency_code FROM account WHERE login = ?", (login,)).fetchone()
        con.commit()
        con.close()
        rc, out, err = env.run("purpose", "national", "--code", purpose, "--national", "1.000001.000.00.00.H33")
        assert rc == 0, (out, err)
        env.serve("--upstream", f"http://127.0.0.1:{port}/", "--upstream-integration-code", "037")
        cccd = env.cccds[0]
        st, body = bb.lookup(env, login, purpose, cccd)
        assert st == 200, body
        xml = bb.SOAP_REQ.format(op="TraCuuThongTinCongDan", purpose=purpose, account=login, cccd=cccd, extra="")
        st, _, text = env.raw("POST", "/soap", xml.encode(), {"X-API-Key": env.key, "Content-Type": "text/xml"})
        assert st == 200, (st, text[:300])
        auth = official_session(env, login)
        st, _, text = env.raw("POST", "/api/v1/me/lookups",
                              json.dumps({"purpose": purpose, "dossier": "HS-WEB-7", "cccd": cccd}).encode(), auth)
        assert st == 200, (st, text[:300])
        got = [json.loads(l) for l in open(record, encoding="utf-8") if l.strip()]
        assert len(got) == 3, got
        flat = json.dumps(got, ensure_ascii=False)
        assert cccd not in flat, "the reference service's record holds no citizen key"
        for r, request_id in zip(got, ("HS-1", "HS-2021-0001", "HS-WEB-7")):
            assert r["MaCanBo"] == official_cccd, r
            assert r["TaiKhoan"].lower() == login.lower(), r
            assert r["MaDonVi"] == phone[1], r
            assert r["SoDienThoai"] == phone[0], r
            assert r["MaDVC"] == "1.000001.000.00.00.H33", r
            assert r["MaYeuCau"] == request_id, r
            assert r["MaTichHop"] == "037", r
    finally:
        if upstream:
            upstream.terminate()
            upstream.wait(timeout=10)
        env.close()


@test
def config_check_accepts_a_good_file_and_names_the_problems_of_bad_ones():
    env = bb.Env()
    try:
        secret = env.write("upstream.secret", "bi-mat-thu\n")
        os.chmod(secret, 0o600)
        good = env.write("dancu.toml", f"""
[installation]
province = "Kiên Giang"
db = "var/dancu.db"
[server]
listen = "127.0.0.1:0"
[upstream]
url = "https://csdl.dancu.example/ws"
auth = "basic-hash"
client = "dancu-kg"
secret_file = "upstream.secret"
requires_official_id = true
[gateway]
signature_window_seconds = 120
""")
        rc, out, err = env.run("config", "check", good, db=False)
        assert rc == 0 and "hợp lệ" in out, (rc, out, err)
        example = os.path.join(bb.HERE, "..", "config", "dancu.example.toml")  # the one in the repository
        rc, out, err = env.run("config", "check", example, db=False)
        assert rc == 0, (rc, out, err)
        rc, out, err = env.run("config", "check", good, db=False, fmt="json")
        assert json.loads(out)["settings"]["upstream.url"] == "https://csdl.dancu.example/ws"
        bad = env.write("bad.toml", '[upstream]\nurl = "http://csdl.example/ws"\nsecret = "abc"\ntimeout = 5\n')
        rc, out, err = env.run("config", "check", bad, db=False)
        assert rc != 0, out
        for needle in ("upstream.url", "upstream.secret", "Không ghi bí mật", "upstream.timeout", "dòng 4"):
            assert needle in err, (needle, err)
        os.chmod(secret, 0o644)
        rc, out, err = env.run("config", "check", good, db=False)
        assert rc != 0 and "chmod 600" in err, (rc, out, err)
        os.chmod(secret, 0o600)
        # The file serves: its db is used when --db is not given; a flag overrides the file.
        rc, out, err = env.run("--config", good, "demo", db=False)
        assert rc == 0 and os.path.exists(os.path.join(env.dir, "var", "dancu.db")), (out, err)
    finally:
        env.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("-k", default="")
    args = ap.parse_args()
    bb.BINARY = os.path.abspath(args.binary)
    sys.exit(1 if bb.run_tests(TESTS, args.k) else 0)


if __name__ == "__main__":
    main()
