#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the fuzz targets into fuzz/corpus/<target>/seed-*.

A few valid and a few borderline inputs per target, named by what they are. Run from the
repository root: python3 fuzz/make_seeds.py. Inputs the fuzzer found later (merged with
-merge=1) sit beside them under their SHA-1 names.
"""
import io
import json
import os
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


# ---- table_file: the Phiếu đăng ký as CSV and XLSX ---------------------------------------
HEADER = ["TT", "Họ tên", "Tài khoản đăng nhập", "SĐT", "Mã cơ quan", "Tên cơ quan",
          "Vai trò trách nhiệm", "Số lần truy vấn trong ngày", "Mục đích sử dụng"]
ROWS = [["1", "Nguyễn Văn An", "nguyenvanan.hd", "0919674667", "000.00.34.H33",
         "UBND huyện Hòn Đất", "Cán bộ một cửa", "50 x 3 = 150", "XMCD-03"],
        ["2", "Trần Thị Bình", "tranthibinh.bs", "0912 345 678", "000.23.34.H33",
         "UBND xã Bình Sơn", "Công chức, viên chức", "20 x 2", "XMCD-03; XMCD-04"]]


def csv_line(cells, sep=","):
    return sep.join('"' + c.replace('"', '""') + '"' for c in cells) + "\n"


def form_csv(sep=","):
    lines = [csv_line(["PHIẾU ĐĂNG KÝ KẾT NỐI CSDL QUỐC GIA VỀ DÂN CƯ"], sep),
             csv_line(["1. Đơn vị đăng ký: UBND huyện Hòn Đất"], sep),
             csv_line(["2. Tên Hệ thống CSDL: Một cửa điện tử; Cổng dịch vụ công"], sep),
             csv_line(HEADER, sep), csv_line(["(%d)" % i for i in range(1, 10)], sep)]
    return "".join(lines + [csv_line(r, sep) for r in ROWS])


def col(i):
    return "ABCDEFGHIJ"[i]


def xlsx(rows, merges=(), numbers=()):
    """A minimal XLSX: shared strings, numbers, merged cells, one sheet."""
    strings, cells = [], []
    for r, row in enumerate(rows, start=1):
        out = []
        for c, v in enumerate(row):
            if v == "":
                continue
            ref = "%s%d" % (col(c), r)
            if (r - 1, c) in numbers:
                out.append('<c r="%s"><v>%s</v></c>' % (ref, v))
            else:
                strings.append(v)
                out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, len(strings) - 1))
        cells.append('<row r="%d">%s</row>' % (r, "".join(out)))
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")
    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
           "".join("<si><t>%s</t></si>" % esc(s) for s in strings) + "</sst>")
    merge = ""
    if merges:
        merge = '<mergeCells count="%d">%s</mergeCells>' % (
            len(merges), "".join('<mergeCell ref="%s"/>' % m for m in merges))
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             "<sheetData>%s</sheetData>%s</worksheet>" % ("".join(cells), merge))
    ct = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
          "</Types>")
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>")
    wb = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
          '<sheets><sheet name="Phieu" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wbrels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
              "</Relationships>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in [("[Content_Types].xml", ct), ("_rels/.rels", rels),
                           ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", wbrels),
                           ("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", sst)]:
            z.writestr(name, data)
    return buf.getvalue()


def tables():
    put("table_file", "form.csv", form_csv())
    put("table_file", "form-semicolon.csv", "\ufeff" + form_csv(";"))
    put("table_file", "multiline-cell.csv", csv_line(HEADER) +
        '1,"Lê Văn\nCường",levancuong,0919674667,000.00.34.H33,,"Cán bộ ""một cửa""",10,"XMCD-03\nXMCD-04"\n')
    put("table_file", "unclosed-quote.csv", csv_line(HEADER) + '1,"Nguyễn,x,0919674667\n')
    put("table_file", "tcvn3.csv", csv_line(HEADER).encode("utf-8") +
        b'1,"Nguy\xd4n V\xa8n An",an.hd,0919674667,000.00.34.H33,,x,"5 x 2",XMCD-03\n')
    put("table_file", "quota-overflow.csv", csv_line(HEADER) +
        csv_line(["1", "Nguyễn An", "an.hd", "0919674667", "000.00.34.H33", "", "x",
                  "65536 x 65537", "XMCD-03"]))
    rows = [["PHIẾU ĐĂNG KÝ", "", "", "", "", "", "", "", ""], HEADER] + ROWS
    put("table_file", "form.xlsx", xlsx(rows, merges=["A1:I1"], numbers={(2, 3), (3, 0)}))
    put("table_file", "empty-sheet.xlsx", xlsx([]))


# ---- soap: requests and responses of the national contract -----------------------------
ENV = ('<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
       'xmlns:dan="http://dancuquocgia.bca"><soapenv:Header/><soapenv:Body>%s'
       "</soapenv:Body></soapenv:Envelope>")


def op(name, children):
    return ENV % ("<dan:%s>%s</dan:%s>" % (name, children, name))


def el(name, value):
    return "<dan:%s>%s</dan:%s>" % (name, value, name)


COMMON = (el("MaYeuCau", "RANDOM091500123") + el("MaDVC", "XMCD-03") + el("MaTichHop", "037") +
          el("MaCanBo", "091190000123") + el("MaDonVi", "000.00.16.H33") +
          el("TaiKhoan", "canbo.tiepnhan01") + el("SoDienThoai", "0"))


def soap():
    put("soap", "tracuu-cccd.xml", op("TraCuuThongTinCongDan", COMMON + el("SoDinhDanh", "091085000123")))
    put("soap", "tracuu-name.xml", op("TraCuuThongTinCongDan", COMMON + el("HoVaTen", "NGUYEN VAN AN") +
        "<dan:NgayThangNamSinh><dan:NgayThangNam>19850214</dan:NgayThangNam></dan:NgayThangNamSinh>"))
    put("soap", "tracuu-cmnd.xml", op("TraCuuThongTinCongDan", COMMON + el("SoCMND", "371234567")))
    put("soap", "xacthuc.xml", op("XacThucThongTinCongDan", COMMON + el("SoDinhDanh", "091085000123") +
        el("HoVaTen", "Nguyễn Văn An") + "<dan:NgayThangNamSinh><dan:Nam>1985</dan:Nam></dan:NgayThangNamSinh>"))
    put("soap", "surrogate-ref.xml", op("TraCuuThongTinCongDan",
        el("MaYeuCau", "&#xD800;") + el("SoDinhDanh", "091085000123")))
    put("soap", "doctype.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' +
        op("TraCuuThongTinCongDan", el("MaYeuCau", "&a;")))
    put("soap", "cdata-entities.xml", op("TraCuuThongTinCongDan",
        el("MaYeuCau", "<![CDATA[<x>]]>&amp;&#x1F600;&#65;") + el("SoDinhDanh", "091085000123")))
    put("soap", "deep.xml", ENV % ("<a>" * 40 + "</a>" * 40))
    put("soap", "response.xml", """<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
<ns1:CongdanCollection xmlns:ns1="http://www.mic.gov.vn/dancu/1.0"><ns1:CongDan>
<ns1:SoDinhDanh>091085000123</ns1:SoDinhDanh><ns1:SoCMND>371234567</ns1:SoCMND>
<ns1:HoVaTen><ns1:Ho>Nguyễn</ns1:Ho><ns1:ChuDem>Văn</ns1:ChuDem><ns1:Ten>An</ns1:Ten></ns1:HoVaTen>
<ns1:GioiTinh>1</ns1:GioiTinh><ns1:NgayThangNamSinh><ns1:NgayThangNam>19850214</ns1:NgayThangNam></ns1:NgayThangNamSinh>
<ns1:ThuongTru><ns1:MaTinhThanh>91</ns1:MaTinhThanh><ns1:ChiTiet><![CDATA[Số 5 <hẻm 2>]]></ns1:ChiTiet></ns1:ThuongTru>
<ns1:Cha><ns1:HoVaTen>Nguyễn Văn Bình</ns1:HoVaTen><ns1:SoDinhDanh>091055000222</ns1:SoDinhDanh></ns1:Cha>
<ns1:ChuHo><ns1:QuanHe>Con</ns1:QuanHe><ns1:HoVaTen>Nguyễn Văn Bình</ns1:HoVaTen></ns1:ChuHo>
</ns1:CongDan><CongDan><SoDinhDanh>091040000555</SoDinhDanh><GioiTinh>Nữ</GioiTinh></CongDan>
</ns1:CongdanCollection></soapenv:Body></soapenv:Envelope>""")
    put("soap", "response-xacthuc.xml", ENV % (
        '<ns1:XacThucThongTinCongDanResponse xmlns:ns1="http://www.mic.gov.vn/dancu/1.0">'
        "<ns1:KetQua>true</ns1:KetQua><ns1:MaYeuCau>R1</ns1:MaYeuCau>"
        "</ns1:XacThucThongTinCongDanResponse>"))
    put("soap", "fault.xml", ENV % ("<soapenv:Fault><faultcode>soapenv:Server</faultcode>"
                                    "<faultstring xml:lang=\"vi\">Lỗi</faultstring></soapenv:Fault>"))


# ---- docx: templates, their document.xml, data, and parts of the small package ----------
# First byte (docx_fuzz.cc): 0 = a whole .docx or data for a built-in template, 1 = document.xml
# of the Phiếu package, 2..15 = "XML\0DATA" in the small package (14: header, 15: footnotes,
# 13: without footnotes).
def docx():
    for name in ("phieu_dang_ky", "ban_cam_ket"):
        with open(os.path.join(ROOT, "templates", name + ".docx"), "rb") as f:
            put("docx", name + ".docx", b"\x00" + f.read())
    with zipfile.ZipFile(os.path.join(ROOT, "templates", "phieu_dang_ky.docx")) as z:
        put("docx", "phieu-document.xml", b"\x01" + z.read("word/document.xml"))
    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
    w = '<w:document ' + ns + '><w:body>%s</w:body></w:document>'
    put("docx", "split-runs.xml", b"\x02" + (w % (
        "<w:p><w:r><w:t>{{don_</w:t></w:r><w:r><w:t>vi}} {{fn:ghi_chu}}</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>{{#phu_luc}}</w:t></w:r></w:p><w:p><w:r><w:t>{{.}}{{muc}}</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>{{/phu_luc}}</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{#tai_khoan}}{{muc}}</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>{{/tai_khoan}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")).encode())
    put("docx", "unbalanced.xml", b"\x02" + (w % "<w:p><w:r><w:t>{{#a}}{{^b}}{{/a}}</w:t></w:r></w:p>").encode())
    data = json.dumps({
        "don_vi": "UBND huyện Hòn Đất\nDòng 2\tcột", "ghi_chu": "Chú thích", "muc": 3,
        "phu_luc": [{"muc": "a"}, "b", {"muc": {"x": 1}}], "co_chua_dang_ky": True,
        "chua_dang_ky": "\u0001\ufffe", "cuoi": [], "tai_khoan": []}, ensure_ascii=False).encode()
    put("docx", "data.json", b"\x00" + data)
    put("docx", "raw-text.bin", b"\x00\xff\xfeNot JSON \xc3")
    put("docx", "small-data.json", b"\x02\x00" + data)
    put("docx", "small-raw-text.bin", b"\x03\x00\xff\xfeNot JSON \xc3\x01")
    put("docx", "small-no-footnotes.bin", b"\x0d")
    put("docx", "header.xml", b"\x0e" + ('<w:hdr ' + ns + '><w:p><w:r><w:t>{{#phu_luc}}{{muc}}'
                                          '{{fn:ghi_chu}}{{/phu_luc}}</w:t></w:r></w:p></w:hdr>').encode())
    put("docx", "footnotes.xml", b"\x0f" + ('<w:footnotes ' + ns + '><w:footnote w:id="7"><w:p><w:r>'
                                             '<w:t>{{don_vi}}</w:t></w:r></w:p></w:footnote></w:footnotes>').encode())


# ---- json_api: bodies; the first byte picks the route (0 = POST /api/v1/lookups) --------
def json_api():
    lookups = {
        "lookup-cccd.json": {"account": "@ACC@", "unit_code": "@UNIT@", "purpose": "XMCD-03",
                             "dossier": "000.00.16.H33-211126-0001", "cccd": "@CCCD@"},
        "lookup-name.json": {"account": "@ACC@", "purpose": "XMCD-04", "dossier": "HS-1",
                             "name": "Nguyễn Thị Lan", "birth": "14/03/1985", "request_id": "R-1"},
        "lookup-verify.json": {"account": "@ACC@", "purpose": "XMCD-04", "dossier": "HS-1",
                               "cccd": "@CCCD@", "name": "Nguyễn Thị Lan", "birth": "1985-03-14",
                               "verify": True},
        "lookup-verify-string.json": {"account": "@ACC@", "purpose": "XMCD-03", "dossier": "1",
                                      "cccd": "@CCCD@", "verify": "yes"},
        "lookup-long-cccd.json": {"account": "@ACC@", "purpose": "XMCD-03", "dossier": "1",
                                  "cccd": "9" * 65},
    }
    for name, body in lookups.items():
        put("json_api", name, b"\x00" + json.dumps(body, ensure_ascii=False).encode())
    put("json_api", "lookup-deep.json", b"\x00" + b'{"account":"@ACC@","a":' + b"[" * 2000 + b"]" * 2000 + b"}")
    put("json_api", "lookup-bad-utf8.json", b'\x00{"account":"\xff\xfe","cccd":"@CCCD@"}')
    bodies = [{"unit_code": "@UNIT@", "reason": "Lý do " + "x" * 50},
              {"name": "Đợt thử", "legal_basis": "Kế hoạch 1", "opens": "2021-07-27",
               "deadline": "2021-07-30", "targets": ["@UNIT@"]},
              {"reason": "r" * 5000}, {"code": "XMCD-09", "text": "Mục đích"}, [], "x", 1]
    for i in range(1, 12):
        for j, body in enumerate(bodies[:3] if i > 4 else bodies):
            put("json_api", "route%d-%d.json" % (i, j), bytes([i]) + json.dumps(body, ensure_ascii=False).encode())


# ---- http: raw requests; placeholders of fuzz/web_fixture.h ----------------------------
def http():
    def req(method, target, headers=(), body=b""):
        head = "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n" % (method, target)
        for h in headers:
            head += h + "\r\n"
        if body or method in ("POST", "PUT"):
            head += "Content-Length: %d\r\n" % len(body)
        return head.encode() + b"\r\n" + body

    admin = ["Cookie: dancu_session=@S:a@", "X-CSRF-Token: @C:a@"]
    lookup = json.dumps({"account": "@ACC@", "purpose": "XMCD-03", "dossier": "1",
                         "cccd": "@CCCD@"}).encode()
    put("http", "healthz.txt", req("GET", "/healthz"))
    put("http", "root.txt", req("GET", "/"))
    put("http", "login-page.txt", req("GET", "/dang-nhap?next=%2Fquan-tri"))
    put("http", "asset.txt", req("GET", "/assets/ui.js"))
    put("http", "api-raw-byte.txt", b"GET /api/\xff HTTP/1.1\r\nHost: x\r\n\r\n")
    put("http", "api-percent.txt", req("GET", "/api/v1/orgs?q=%FF%C3&page=2", admin))
    put("http", "me-admin.txt", req("GET", "/api/v1/session", admin))
    put("http", "orgs-focal.txt", req("GET", "/api/v1/orgs/@UNIT@", ["Cookie: dancu_session=@S:f@"]))
    put("http", "audit-auditor.txt", req("GET", "/api/v1/audit/records?limit=5", ["Cookie: dancu_session=@S:u@"]))
    put("http", "lookup.txt", req("POST", "/api/v1/lookups", ["X-API-Key: @KEY@", "Content-Type: application/json"], lookup))
    put("http", "lookup-cert-header.txt", req("POST", "/api/v1/lookups", ["X-API-Key: @KEY@", "X-Client-Cert-SHA256: 00ff"], lookup))
    with open(os.path.join(OUT, "soap", "seed-tracuu-cccd.xml"), "rb") as f:
        put("http", "soap.txt", req("POST", "/soap", ["X-API-Key: @KEY@", "Content-Type: text/xml"], f.read()))
    put("http", "login.txt", req("POST", "/api/v1/session/login", ["Cookie: dancu_pre=abc", "X-CSRF-Token: abc"],
                                 b'{"login":"fuzz.admin","password":"wrong"}'))
    put("http", "revoke.txt", req("POST", "/api/v1/accounts/1/revoke", admin, b'{"reason":"x"}'))
    put("http", "pipelined.txt", req("GET", "/healthz") + req("GET", "/api/v1/purposes", admin) + req("GET", "/nope"))
    put("http", "chunked.txt", b"POST /api/v1/lookups HTTP/1.1\r\nHost: x\r\nX-API-Key: @KEY@\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n")
    put("http", "http10-close.txt", b"GET /openapi.json HTTP/1.0\r\n\r\n")
    put("http", "bad-header.txt", b"GET /healthz HTTP/1.1\r\nX-A: \x01\xff\r\n\r\n")


if __name__ == "__main__":
    tables()
    soap()
    docx()
    json_api()
    http()
