#!/usr/bin/env python3
"""Builds the Word templates of dancu under templates/ (standard library only).

  python3 scripts/make_templates.py [OUTDIR]      # default OUTDIR: templates/ next to scripts/

Writes three minimal, valid WordprocessingML packages by hand:
  cong_van_don_doc.docx  the reminder letter (modelled on công văn 6359/VP-HCC of 23/8/2021),
                         its PHỤ LỤC and the two blank forms (Bản cam kết, Phiếu đăng ký);
  phieu_dang_ky.docx     one unit's filled Phiếu đăng ký (A4 landscape);
  ban_cam_ket.docx       one unit's filled Bản cam kết.
Layout follows NĐ 30/2020/NĐ-CP, Phụ lục I: A4, margins 20/20/30/15 mm, Times New Roman,
black; header block as a borderless two-column table; page numbers centred at the top from
page 2 (different first page). Placeholders use docs_spec/TEMPLATE_SYNTAX.md; every one is
written whole inside a single w:t, and the script checks that (and section balance and
placement) after writing. templates/README.md documents every placeholder.
The output is deterministic (fixed timestamps), so re-running gives identical files.
"""
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

FONT = "Times New Roman"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_DECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FIXED_TIME = "2021-08-23T00:00:00Z"

# Page geometry (twips; 1 mm = 56.7 twips).
A4_W, A4_H = 11906, 16838
MARGIN_TOP = MARGIN_BOTTOM = 1134   # 20 mm
MARGIN_LEFT = 1701                  # 30 mm
MARGIN_RIGHT = 850                  # 15 mm
HEADER_DIST = 567                   # 10 mm
PORTRAIT_TEXT_W = A4_W - MARGIN_LEFT - MARGIN_RIGHT    # 9355
LANDSCAPE_TEXT_W = A4_H - MARGIN_LEFT - MARGIN_RIGHT   # 14287
FIRST_LINE = 567                    # 1 cm first-line indent of body paragraphs


# --------------------------------------------------------------------------- runs, paragraphs

def rpr(b=False, i=False, sz=None, caps=False, u=False, style=None):
    """Run properties; every run names Times New Roman for all four scripts, and black."""
    p = []
    if style:
        p.append(f'<w:rStyle w:val="{style}"/>')
    p.append(f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>')
    if b:
        p.append("<w:b/><w:bCs/>")
    if i:
        p.append("<w:i/><w:iCs/>")
    if caps:
        p.append("<w:caps/>")
    p.append('<w:color w:val="000000"/>')
    if sz:
        p.append(f'<w:sz w:val="{int(sz * 2)}"/><w:szCs w:val="{int(sz * 2)}"/>')
    if u:
        p.append('<w:u w:val="single"/>')
    return "<w:rPr>" + "".join(p) + "</w:rPr>"


def R(text, **fmt):
    """One run. A "\\t" in text becomes a w:tab, a "\\n" a w:br; the pieces in between are
    separate w:t elements (never split a placeholder with them)."""
    parts = re.split(r"(\t|\n)", text)
    inner = []
    for piece in parts:
        if piece == "\t":
            inner.append("<w:tab/>")
        elif piece == "\n":
            inner.append("<w:br/>")
        elif piece:
            inner.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{rpr(**fmt)}{''.join(inner)}</w:r>"


FN_RE = re.compile(r"(\{\{fn:[^{}]+\}\})")


def T(text, **fmt):
    """Runs for a text: each {{fn:…}} placeholder gets a run of its own (the renderer turns
    that run into the footnote reference), the rest stays in as few runs as possible."""
    return "".join(R(piece, **fmt) for piece in FN_RE.split(text) if piece)


def FNREF(fid, sz=None):
    """Reference to a static footnote written into footnotes.xml."""
    return (f"<w:r>{rpr(style='FootnoteReference', sz=sz)}"
            f'<w:footnoteReference w:id="{fid}"/></w:r>')


def P(*runs, style=None, jc=None, left=None, right=None, first=None, hanging=None,
      before=None, after=None, line=None, border_bottom=False, tabs=(), keep_next=False,
      page_break_before=False, mark_sz=None, keep_lines=False):
    """One paragraph. tabs: (kind, pos, leader) triples, e.g. ("right", 9355, "dot")."""
    p = []
    if style:
        p.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        p.append("<w:keepNext/>")
    if keep_lines:
        p.append("<w:keepLines/>")
    if page_break_before:
        p.append("<w:pageBreakBefore/>")
    if border_bottom:
        p.append('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>')
    if tabs:
        p.append("<w:tabs>" + "".join(
            f'<w:tab w:val="{k}" w:pos="{pos}"' + (f' w:leader="{ld}"' if ld else "") + "/>"
            for k, pos, ld in tabs) + "</w:tabs>")
    if before is not None or after is not None or line is not None:
        a = []
        if before is not None:
            a.append(f'w:before="{before}"')
        if after is not None:
            a.append(f'w:after="{after}"')
        if line is not None:
            a.append(f'w:line="{line}" w:lineRule="auto"')
        p.append("<w:spacing " + " ".join(a) + "/>")
    if any(v is not None for v in (left, right, first, hanging)):
        a = []
        if left is not None:
            a.append(f'w:left="{left}"')
        if right is not None:
            a.append(f'w:right="{right}"')
        if first is not None:
            a.append(f'w:firstLine="{first}"')
        if hanging is not None:
            a.append(f'w:hanging="{hanging}"')
        p.append("<w:ind " + " ".join(a) + "/>")
    if jc:
        p.append(f'<w:jc w:val="{jc}"/>')
    if mark_sz:
        p.append(rpr(sz=mark_sz))
    ppr = "<w:pPr>" + "".join(p) + "</w:pPr>" if p else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def C(text, sz=13, b=False, i=False, caps=False, before=0, after=0, **kw):
    """A centred paragraph of one formatting."""
    return P(T(text, sz=sz, b=b, i=i, caps=caps), jc="center", before=before, after=after, **kw)


def BODY(*runs, **kw):
    """A body paragraph: 14 pt, justified, first-line indent 1 cm, 6 pt after, 1.15 lines."""
    return P(*runs, style="VanBan", **kw)


def SHORT_LINE(col_w, line_w):
    """A small centred paragraph whose bottom border draws the short line under the issuing
    body / the motto (NĐ 30: a solid line, one third to one half of the text above it)."""
    side = max(0, (col_w - line_w) // 2)
    return P(border_bottom=True, left=side, right=side, before=0, after=0, mark_sz=2, jc="center")


def EMPTY(n=1, sz=13):
    return "".join(P(before=0, after=0, mark_sz=sz) for _ in range(n))


# --------------------------------------------------------------------------- tables

NO_BORDERS = ("<w:tblBorders>" + "".join(
    f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    + "</w:tblBorders>")
GRID_BORDERS = ("<w:tblBorders>" + "".join(
    f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for s in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")


def TABLE(rows, widths, borders=False, cell_mar=57, jc=None, split_rows=False):
    """rows: list of (cells, header, min_height); cells: list of (paragraph xml, valign).
    Every row gets w:cantSplit, except the body rows (header=False) when split_rows is set:
    those may then break across pages, so that a tall row never pushes the table (and the
    footnotes of its header row) to the next page. Header rows never split."""
    total = sum(widths)
    tblpr = (f'<w:tblW w:w="{total}" w:type="dxa"/>'
             + (f'<w:jc w:val="{jc}"/>' if jc else "")
             + '<w:tblInd w:w="0" w:type="dxa"/>'
             + (GRID_BORDERS if borders else NO_BORDERS)
             + '<w:tblLayout w:type="fixed"/>'
             + f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{cell_mar}" w:type="dxa"/>'
             f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{cell_mar}" w:type="dxa"/></w:tblCellMar>'
             + '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
               'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [f"<w:tbl><w:tblPr>{tblpr}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"]
    for cells, header, height in rows:
        trpr = "" if (split_rows and not header) else "<w:cantSplit/>"
        if height:
            trpr += f'<w:trHeight w:val="{height}"/>'
        if header:
            trpr += "<w:tblHeader/>"
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>" if trpr else "<w:tr>")
        for (content, valign), w in zip(cells, widths):
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>'
                       f'<w:vAlign w:val="{valign}"/></w:tcPr>{content}</w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def CELLP(text, sz=12, b=False, i=False, jc="center"):
    return P(T(text, sz=sz, b=b, i=i), jc=jc, before=20, after=20)


# --------------------------------------------------------------------------- shared blocks

def national_heading(sz_qh=13, sz_tn=14, col_w=PORTRAIT_TEXT_W):
    """Quốc hiệu and tiêu ngữ, centred, with the line under the motto."""
    return (C("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", sz=sz_qh, b=True, keep_next=True)
            + C("Độc lập - Tự do - Hạnh phúc", sz=sz_tn, b=True, keep_next=True)
            + SHORT_LINE(col_w, 3300 if sz_tn >= 14 else 3100))


def letter_header():
    """The two-column header block of the công văn (NĐ 30, Phụ lục I, mẫu 1.4)."""
    left_w, right_w = 3686, PORTRAIT_TEXT_W - 3686
    cl, cr = left_w - 114, right_w - 114       # text width inside the cells
    left1 = (C("{{co_quan_chu_quan}}", sz=13, caps=True)
             + C("{{co_quan_ban_hanh}}", sz=13, b=True, caps=True)
             + SHORT_LINE(cl, 1250))
    right1 = (C("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", sz=12, b=True)
              + C("Độc lập - Tự do - Hạnh phúc", sz=13, b=True)
              + SHORT_LINE(cr, 3050))
    left2 = (C("Số: {{so_ky_hieu}}", sz=13, before=120)
             + C("V/v {{trich_yeu}}", sz=12, before=40))
    right2 = C("{{dia_danh}}, ngày {{ngay}} tháng {{thang}} năm {{nam}}", sz=14, i=True, before=120)
    return TABLE([([(left1, "top"), (right1, "top")], False, None),
                  ([(left2, "top"), (right2, "top")], False, None)],
                 [left_w, right_w])


def signature_table(left_paras, right_paras, left_w=4536):
    return TABLE([([(left_paras, "top"), (right_paras, "top")], False, None)],
                 [left_w, PORTRAIT_TEXT_W - left_w])


# The full text of the Bản cam kết (seed, verbatim apart from "gián điệp mang" → "mạng").
# ("h", text) bold heading; ("p", text) body paragraph; {DV} is the unit's name.
CAM_KET_BODY = [
    ("p", "Cam kết thực hiện đúng và đầy đủ các nội dung được quy định trong bản cam kết bảo đảm "
          "an ninh, an toàn thông tin và bảo mật dữ liệu trong kết nối đến Cơ sở dữ liệu quốc gia "
          "về dân cư."),
    ("h", "1. Quy định chung và Điều luật áp dụng"),
    ("h", "a. Quy định chung"),
    ("p", "- Bản Cam kết này có giá trị ràng buộc bắt buộc đối với tổ chức tham gia kết nối chia sẻ "
          "Cơ sở dữ liệu quốc gia về dân cư để khai thác thông tin về công dân Việt Nam."),
    ("p", "- Người được phép nắm giữ thông tin bảo mật là: Những người có tên trong “Phiếu đăng ký "
          "kết nối CSDL quốc gia về dân cư” tham gia trực tiếp vào hệ thống để xử lý thủ tục hành "
          "chính và Thủ trưởng cơ quan, đơn vị đăng ký kết nối đến CSDL quốc gia về dân cư và Lãnh "
          "đạo, cán bộ thực hiện công tác quản trị hệ thống thuộc Trung tâm Dữ liệu quốc gia về "
          "dân cư – Bộ Công an."),
    ("h", "b. Điều luật áp dụng"),
    ("p", "- Điều 17 Luật An ninh mạng quy định về “Phòng, chống gián điệp mạng, bảo vệ thông tin "
          "thuộc bí mật nhà nước, bí mật công tác, bí mật kinh doanh, bí mật cá nhân, bí mật gia "
          "đình và đời sống riêng tư trên không gian mạng”."),
    ("p", "- Điều 5 Luật Bảo vệ Bí mật Nhà nước quy định về “Các hành vi bị nghiêm cấm trong bảo vệ "
          "bí mật nhà nước”"),
    ("p", "- Điều 337 Bộ Luật Hình sự Việt Nam năm 2015 quy định:"),
    ("p", "“Người nào cố ý làm lộ bí mật nhà nước, chiếm đoạt, mua bán hoặc tiêu hủy vật hoặc tài "
          "liệu bí mật nhà nước, nếu không thuộc trường hợp phạm tội gián điệp thì bị phạt tù từ "
          "hai năm đến bảy năm."),
    ("p", "Phạm tội thuộc một trong các trường hợp sau đây thì bị phạt tù từ năm năm đến 10 năm: bí "
          "mật nhà nước thuộc độ tối mật; Lợi dụng chức vụ quyền hạn làm lộ lọt bí mật nhà nước."),
    ("p", "Phạm tội một trong các trường hợp sau đây thì phạt tù từ 10 đến 15 năm: có tổ chức; bí "
          "mật nhà nước thuộc độ tuyệt mật."),
    ("p", "Người phạm tội còn có thể bị phạt tiền từ 10 triệu đồng đến 100 triệu đồng, cấm đảm nhận "
          "chức vụ, cấm hành nghề hoặc làm công việc nhất định từ một năm đến năm năm.”"),
    ("p", "- Điều 159 Bộ Luật Hình sự 2015: “Tội xâm phạm bí mật hoặc an toàn thư tín, điện thoại, "
          "điện tín hoặc hình thức trao đổi thông tin riêng tư khác của người khác phạt cao nhất 03 "
          "năm”"),
    ("h", "2. Nội dung thực hiện việc an toàn và bảo mật thông tin"),
    ("p", "a. Nội dung thực hiện An toàn thông tin là sự bảo vệ thông tin số và các hệ thống thông "
          "tin tránh bị truy cập, sử dụng, tiết lộ, gián đoạn, sửa đổi hoặc phá hoại trái phép "
          "nhằm bảo đảm tính nguyên vẹn, tính bảo mật và tính khả dụng của thông tin."),
    ("p", "b. Nội dung An ninh thông tin là việc bảo đảm thông tin trên mạng không gây phương hại "
          "đến an ninh quốc gia, trật tự an toàn xã hội, bí mật nhà nước, quyền và lợi ích hợp "
          "pháp của tổ chức, cá nhân."),
    ("p", "c. Nội dung Bảo mật thông tin là việc bảo đảm bí mật về thông tin công dân Việt Nam "
          "trong Cơ sở dữ liệu quốc gia về dân cư."),
    ("p", "Thông tin được bảo mật: Là tất cả thông tin hiển thị trên hệ thống. Cơ quan, đơn vị khai "
          "thác, xác thực thông tin không được cung cấp cho bên thứ ba hoặc sử dụng thông tin bảo "
          "mật vì bất kỳ lý do gì, nếu không có sự đồng ý bằng văn bản của Cục Cảnh sát QLHC về "
          "TTXH."),
    ("h", "3. Hiệu lực và cam kết chung"),
    ("p", "Trong quá trình tham gia khai thác thông tin trên Cơ sở dữ liệu quốc gia về dân cư, đại "
          "diện cho {DV} Tôi cam kết thực hiện nghiêm túc những nội dung về an toàn và bảo mật "
          "thông tin của sau đây:"),
    ("p", "a. Tuân thủ nghiêm ngặt và đầy đủ các yêu cầu về bảo mật an toàn thông tin theo Cơ sở "
          "dữ liệu Quốc gia về Dân cư."),
    ("p", "b. Chỉ cán bộ có tài khoản mới được khai thác thông tin từ cơ sở dữ liệu quốc gia về dân "
          "cư và phải thực hiện đúng vai trò, nhiệm vụ của bản thân."),
    ("p", "c. Chỉ đạo cán bộ đăng ký tài khoản chỉ sử dụng dữ liệu được khai thác từ Cơ sở dữ liệu "
          "quốc gia về dân cư đúng mục đích theo Quy chế được ký kết. Không thực hiện các hành vi "
          "cố ý gây thiệt hại, mất mát, lộ lọt thông tin trong cơ sở dữ liệu quốc gia về dân cư. "
          "Không tự ý truy cập, thực hiện các chức năng nằm ngoài quyền hạn, khai thác, tấn công "
          "hoặc lợi dụng các vấn đề, điểm yếu an ninh trong kết nối đến cơ sở dữ liệu quốc gia về "
          "dân cư."),
    ("p", "d. Có trách nhiệm bảo vệ các thông tin trong khi sử dụng, lưu trữ, truyền tải trước các "
          "hành động truy cập, sử dụng trái phép."),
    ("p", "e. Chịu trách nhiệm bảo đảm an toàn cho những thông tin (dữ liệu, tài khoản...) nhận "
          "được, khai thác được từ cơ sở dữ liệu quốc gia về dân cư, bảo đảm rằng không có cán bộ, "
          "nhân viên nào liên quan tiết lộ, sử dụng, lưu trữ mô phỏng hoặc sao chép thông tin nào "
          "phục vụ cho mục đích cá nhân."),
    ("p", "f. Thông báo ngay cho Cục Cảnh sát Quản lý hành chính về trật tự xã hội khi phát hiện các "
          "vấn đề có thể gây mất an ninh, an toàn thông tin và bảo mật."),
    ("p", "j. Trường hợp vi phạm các điều nêu tại bản cam kết này, tôi sẽ chịu toàn bộ trách nhiệm "
          "và chịu các hình thức xử lý theo quy định của pháp luật."),
    ("p", "Bản cam kết này được soạn thảo bằng tiếng Việt, bao gồm 03 trang, được lập thành 03 (ba) "
          "bản. Mỗi bản đều có giá trị pháp lý như nhau, 01 (một) bản được gửi cho Cục Cảnh sát "
          "quản lý hành chính về trật tự xã hội, 01 (một) bản gửi cho Cục Tin học hóa – Bộ Thông "
          "tin và Truyền thông, 01 (một) bản lưu tại {DV}."),
]


def cam_ket(filled):
    """The Bản cam kết: blank (dotted lines, as attached to the letter) or with placeholders."""
    W = PORTRAIT_TEXT_W
    mid = 5670
    out = [national_heading(sz_qh=13, sz_tn=14),
           C("BẢN CAM KẾT", sz=14, b=True, before=240, keep_next=True),
           C("BẢO ĐẢM AN NINH, AN TOÀN VÀ BẢO MẬT THÔNG TIN", sz=14, b=True, keep_next=True),
           C("TRONG KẾT NỐI ĐẾN “CƠ SỞ DỮ LIỆU QUỐC GIA VỀ DÂN CƯ”", sz=14, b=True, keep_next=True),
           C("(Đối với tổ chức)", sz=14, b=True, after=240, keep_next=True)]
    dot = lambda pos: ("left", pos, "dot")
    end = ("right", W, "dot")
    if filled:
        lines = [
            (["Hôm nay, ngày {{ngay_ky}}, tại {{noi_ky}}"], []),
            (["Tôi tên là: {{ho_ten}}\tQuốc tịch: {{quoc_tich}}"], [("left", mid, None)]),
            (["Số CMND/CCCD: {{so_giay_to}}\tSố điện thoại: {{sdt}}"], [("left", mid, None)]),
            (["Ngày cấp: {{ngay_cap}}\tNơi cấp: {{noi_cap}}"], [("left", mid, None)]),
            (["Là người đại diện cho đơn vị: {{don_vi}}"], []),
            (["Chức vụ: {{chuc_vu}}"], []),
        ]
        dv = "{{don_vi}}"
    else:
        lines = [
            (["Hôm nay, ngày\t, tại \t"], [dot(4536), end]),
            (["Tôi tên là: \t Quốc tịch: Việt Nam"], [dot(mid)]),
            (["Số CMND/CCCD: \t Số điện thoại: \t"], [dot(mid), end]),
            (["Ngày cấp: \t Nơi cấp: \t"], [dot(mid), end]),
            (["Là người đại diện cho đơn vị: \t"], [end]),
            (["Chức vụ: \t"], [end]),
        ]
        dv = "Sở Thông tin và Truyền thông tỉnh Kiên Giang"
    for texts, tabs in lines:   # left-aligned: a justified line with a tab would stretch
        out.append(BODY(*[T(t, sz=14) for t in texts], tabs=tabs, jc="left"))
    for n, (kind, text) in enumerate(CAM_KET_BODY):
        text = text.replace("{DV}", dv)
        if kind == "h":
            out.append(BODY(T(text, sz=14, b=True), keep_next=True))
        else:   # the last paragraph stays on the page of the signature block
            out.append(BODY(T(text, sz=14), keep_next=n == len(CAM_KET_BODY) - 1))
    if filled:
        right = (C("{{noi_ky}}, ngày {{ngay_ky}}", sz=14, i=True, after=120)
                 + C("ĐẠI DIỆN", sz=13, b=True)
                 + C("{{don_vi}}", sz=13, b=True, caps=True)
                 + C("Người cam kết", sz=13, b=True)
                 + C("(Ký; đóng dấu; ghi rõ họ, tên)", sz=13, i=True)
                 + EMPTY(5)
                 + C("{{ho_ten}}", sz=13, b=True))
    else:
        right = (C("……………, ngày …… tháng …… năm {{nam}}", sz=14, i=True, after=120)
                 + C("ĐẠI DIỆN", sz=13, b=True)
                 + C("……………………………………", sz=13)
                 + C("Người cam kết", sz=13, b=True)
                 + C("(Ký; đóng dấu; ghi rõ họ, tên)", sz=13, i=True)
                 + EMPTY(4))
    out.append(signature_table(EMPTY(1), right, left_w=3686))
    return "".join(out)


# Footnotes 9–15 of the seed (the Phiếu đăng ký); written statically with ids 1..7.
FORM_FOOTNOTES = [
    "Tên hệ thống thông tin kết nối, khai thác CSDL quốc gia về dân cư phục vụ xử lý thủ tục hành "
    "chính, cung cấp dịch vụ công trực tuyến. Ví dụ: Hệ thống thông tin một cửa điện tử; Cổng dịch "
    "vụ công; Hệ thống nghiệp vụ chuyên ngành (Đất đai, Lao động thương binh xã hội...)",
    "Họ và tên cán bộ trực tiếp tham gia tiếp nhận hồ sơ, trực tiếp xử lý hồ sơ thủ tục hành chính, "
    "dịch vụ công trực tuyến, trong đó có nhu cầu truy vấn, khai thác dữ liệu từ cơ sở dữ liệu quốc "
    "gia về dân cư. Ví dụ: Nguyễn Văn A.",
    "Tài khoản sử dụng để đăng nhập vào Hệ thống thông tin phục vụ xử lý hồ sơ thủ tục hành chính, "
    "cung cấp dịch vụ công trực tuyến, yêu cầu trong tài khoản có độ dài từ 08 - 60 ký tự. Ví dụ: "
    ": nguyenvana.stttt/nguyenvanb@hanoi.gov.vn/052082123456/...",
    "Mã cơ quan, đơn vị xử lý hồ sơ thủ tục hành chính, dịch vụ công trực tuyến, tuân thủ quy định "
    "của Quyết định số 20/2020/QĐ-TTg, được lấy từ Hệ thống danh mục điện tử dùng chung của các cơ "
    "quan nhà nước do Bộ TTTT quản lý để bảo đảm thống nhất trong toàn quốc.",
    "Vai trò, trách nhiệm của cán bộ trực tiếp tham gia và quá trình tiếp nhận, xử lý hồ sơ thủ tục "
    "hành chính, dịch vụ công trực tuyến, trong đó có nhu cầu truy vấn, khai thác CSDL quốc gia về "
    "dân cư. Ví dụ: Cán bộ một cửa; Công chức, viên chức; Trưởng phòng; Lãnh đạo đơn vị.",
    "Trung bình số lần truy vấn trong ngày đến CSDL quốc gia về dân cư phục vụ xử lý thủ tục hành "
    "chính, cung cấp dịch vụ công, được tính tương đối bằng cách lấy (số hồ sơ) x (số lượng truy vấn "
    "cần để xử lý 01 hồ sơ). Ví dụ: 50 (hồ sơ/ngày) x 3 (truy vấn/01 hồ sơ) = 150 truy vấn/ngày.",
    "Mục đích của việc truy vấn CSDL quốc gia về dân cư. Ví dụ: Xác minh thông tin công dân khi tạo "
    "mới tài khoản trên cổng DVC; xác minh tài khoản của công dân khi đã có trong hệ thống; xác minh "
    "thông tin công dân tại bộ phận 01 của nhằm đơn giản hóa bản giấy các giấy tờ liên quan công dân "
    "như: chứng minh thư, căn cước công dân, sổ hộ khẩu...; xác minh thông tin công dân khi cán bộ "
    "thụ lý hồ sơ...",
]

# The 9 columns: (header text, static footnote id or None, placeholder field)
FORM_COLUMNS = [
    ("TT", None, "tt"), ("Họ tên", 2, "ho_ten"), ("Tài khoản đăng nhập", 3, "tai_khoan"),
    ("SĐT", None, "sdt"), ("Mã cơ quan", 4, "ma_co_quan"), ("Tên cơ quan", None, "ten_co_quan"),
    ("Vai trò trách nhiệm", 5, "vai_tro"), ("Số lần truy vấn trong ngày", 6, "so_lan"),
    ("Mục đích sử dụng", 7, "muc_dich"),
]


def phieu(filled, width):
    """The Phiếu đăng ký: blank (as attached to the letter) or with placeholders."""
    W = width
    BODY = lambda *runs, **kw: P(*runs, style="VanBan", after=40, line=252, jc="left", **kw)  # tighter form lines
    mid = W // 2 if filled else int(W * 0.55)
    out = [national_heading(sz_qh=13, sz_tn=14, col_w=W),
           C("PHIẾU ĐĂNG KÝ KẾT NỐI CSDL QUỐC GIA VỀ DÂN CƯ", sz=14, b=True, before=120,
             keep_next=True),
           C("PHỤC VỤ GIẢI QUYẾT DỊCH VỤ HÀNH CHÍNH CÔNG", sz=14, b=True, after=120,
             keep_next=True)]
    end = ("right", W, "dot")
    if filled:
        out += [
            BODY(T("1. Đơn vị đăng ký: {{don_vi}}", sz=14)),
            BODY(T("2. Tên Hệ thống CSDL", sz=14), FNREF(1, 14), T(": {{he_thong}}", sz=14)),
            BODY(T("3. Đầu mối liên hệ:", sz=14), keep_next=True),
            BODY(T("Họ tên: {{lien_he_ho_ten}}\tChức vụ: {{lien_he_chuc_vu}}", sz=14),
                 tabs=[("left", mid, None)]),
            BODY(T("Số điện thoại: {{lien_he_sdt}}\tEmail: {{lien_he_email}}", sz=14),
                 tabs=[("left", mid, None)]),
            BODY(T("Đơn vị công tác: {{lien_he_don_vi}}", sz=14)),
        ]
    else:
        out += [
            BODY(T("1. Đơn vị đăng ký: \t", sz=14), tabs=[end]),
            BODY(T("2. Tên Hệ thống CSDL", sz=14), FNREF(1, 14), T(": \t", sz=14), tabs=[end]),
            BODY(T("3. Đầu mối liên hệ:", sz=14), keep_next=True),
            BODY(T("Họ tên: \t Chức vụ: \t", sz=14), tabs=[("left", mid, "dot"), end]),
            BODY(T("Số điện thoại: \t Email: \t", sz=14), tabs=[("left", mid, "dot"), end]),
            BODY(T("Đơn vị công tác: \t", sz=14), tabs=[end]),
        ]
    out.append(BODY(T("4. Thông tin tài khoản đăng ký truy cập sử dụng Dịch vụ xác thực thông tin "
                      "công dân trong CSDLQG về dân cư:", sz=14), keep_next=True))
    if width >= LANDSCAPE_TEXT_W:
        # 11 pt; each width measured against that size (Liberation Serif = Times New Roman
        # metrics, cell margins 2 x 57): TT holds "99"; Họ tên a name such as "Trương Ngọc
        # Châu" on one line; Tài khoản an account such as "chautruong8.thong"; SĐT ten digits;
        # Mã cơ quan a whole code "000.00.16.H33" (QĐ 20/2020); Tên cơ quan a usual name on two
        # lines; Số lần truy vấn "50 x 3 = 150". Mục đích sử dụng, the longest text of a row,
        # takes the rest (about 4.7 cm), so a row rarely needs more than five or six lines.
        widths = [454, 1850, 1800, 1250, 1480, 2100, 1450, 1250]
        widths.append(width - sum(widths))
        tsz = 11
    else:
        widths = [450, 1250, 1200, 1000, 900, 1150, 1100, 1000, 1305]
        tsz = 11
    head_cells = []
    for title, fid, _ in FORM_COLUMNS:
        runs = T(title, sz=tsz, b=True) + (FNREF(fid, tsz) if fid else "")
        head_cells.append((P(runs, jc="center", before=20, after=20), "center"))
    rows = [(head_cells, True, None)]
    if filled:
        cells = []
        n = len(FORM_COLUMNS)
        for k, (_, _, field) in enumerate(FORM_COLUMNS):
            text = "{{" + field + "}}"
            if k == 0:
                text = "{{#tai_khoan}}" + text
            if k == n - 1:
                text = text + "{{/tai_khoan}}"
            cells.append((CELLP(text, sz=tsz, jc="center" if field in ("tt", "so_lan") else "left"),
                          "center"))
        rows.append((cells, False, None))
    else:
        rows.append(([(CELLP("1", sz=tsz), "center")]
                     + [(CELLP("", sz=tsz), "center") for _ in FORM_COLUMNS[1:]], False, 454))
    out.append(TABLE(rows, widths, borders=True, split_rows=filled))
    out.append(EMPTY(1, sz=6))      # two adjacent tables would merge into one
    right = (C("NGƯỜI ĐẠI DIỆN ĐƠN VỊ", sz=13, b=True, before=120)
             + C("(Ký, ghi rõ họ tên, đóng dấu)", sz=13, i=True) + EMPTY(4 if filled else 1))
    left_w = W - 5000
    out.append(TABLE([([(EMPTY(1), "top"), (right, "top")], False, None)], [left_w, W - left_w]))
    return "".join(out)


# --------------------------------------------------------------------------- the letter

def cong_van_body():
    out = [letter_header()]
    # Kính gửi — each recipient its own paragraph; ";" after all but the last, "." after it.
    out.append(P(T("Kính gửi:", sz=14), left=1701, before=360, after=0, keep_next=True))
    out.append(P(T("{{#kinh_gui}}", sz=14), left=2977, before=0, after=0))
    out.append(P(T("- {{ten}}{{^cuoi}};{{/cuoi}}{{#cuoi}}.{{/cuoi}}", sz=14), left=2977,
                 before=0, after=0, keep_next=True))
    out.append(P(T("{{/kinh_gui}}", sz=14), left=2977, before=0, after=240))
    # Body paragraph 1.
    out.append(BODY(T(
        "Thực hiện {{can_cu}}{{#co_cong_van_truoc}}; {{cong_van_truoc}}{{/co_cong_van_truoc}}. Đến nay đã {{so_cong_chuc_tinh}} công chức của "
        "{{so_don_vi_tinh}} sở, ngành{{#co_tinh_da_dang_ky}}{{fn:fn_tinh_da_dang_ky}}"
        "{{/co_tinh_da_dang_ky}}; {{so_can_bo_huyen}} cán bộ, công chức, viên chức của Ủy ban nhân "
        "dân và phòng ban chuyên môn cấp huyện{{#co_huyen_da_dang_ky}}{{fn:fn_huyen_da_dang_ky}}"
        "{{/co_huyen_da_dang_ky}} và cán bộ, công chức cấp xã đăng ký khai thác cơ sở dữ liệu quốc "
        "gia về dân cư.", sz=14)))
    # Body paragraph 2 (reads correctly whatever is empty).
    out.append(BODY(T(
        "{{#co_chua_dang_ky}}Tuy nhiên, bên cạnh đó vẫn còn "
        "{{#co_tinh_chua_dang_ky}}{{so_so_chua_dang_ky}} sở{{fn:fn_tinh_chua_dang_ky}}"
        "{{#co_huyen_chua_dang_ky}} và {{/co_huyen_chua_dang_ky}}{{/co_tinh_chua_dang_ky}}"
        "{{#co_huyen_chua_dang_ky}}{{so_huyen_chua_dang_ky}} cấp huyện{{fn:fn_huyen_chua_dang_ky}}"
        "{{/co_huyen_chua_dang_ky}} chưa đăng ký danh sách (cấp huyện, cấp xã) khai thác cơ sở dữ "
        "liệu.{{/co_chua_dang_ky}}{{^co_chua_dang_ky}}Các sở, ngành và Ủy ban nhân dân cấp huyện "
        "đều đã đăng ký danh sách (cấp huyện, cấp xã) khai thác cơ sở dữ liệu.{{/co_chua_dang_ky}}"
        "{{#co_chua_day_du}} Một số huyện đăng ký khai thác cơ sở dữ liệu nhưng chưa đầy đủ như: "
        "{{#chua_day_du}}{{ten}}{{fn:ghi_chu}}{{sep}}{{/chua_day_du}} (đính kèm phụ lục)."
        "{{/co_chua_day_du}}", sz=14)))
    # Body paragraph 3 (italics as in the seed).
    out.append(BODY(
        T("Để đảm bảo việc triển khai kết nối cơ sở dữ liệu quốc gia về dân cư phục vụ xử lý thủ "
          "tục hành chính, cung cấp dịch vụ công trực tuyến đảm bảo theo kế hoạch của Ủy ban nhân "
          "dân tỉnh, {{co_quan_ban_hanh_day_du}} đề nghị các sở, ngành và địa phương chưa đăng ký "
          "hoặc đăng ký chưa đầy đủ danh sách khai thác cơ sở dữ liệu quốc gia về dân cư, khẩn "
          "trương thực hiện việc đăng ký theo yêu cầu (", sz=14),
        T("có mẫu kèm theo", sz=14, i=True),
        T("), gửi về {{noi_nhan_ho_so}} để tổng hợp (", sz=14),
        T("thông qua {{don_vi_tiep_nhan}}", sz=14, i=True),
        T(") chậm nhất ngày {{han_moi_ngay}} tháng {{han_moi_thang}} năm {{han_moi_nam}}. Sau thời "
          "gian trên nếu các sở, ngành và địa phương không đăng ký {{hau_qua}}.", sz=14)))
    # Body paragraph 4.
    out.append(BODY(T("Đầu mối liên hệ: {{dau_moi}}.", sz=14)))
    out.append(BODY(T("Trân trọng./.", sz=14), keep_next=True))
    # Nơi nhận + signature.
    left = (P(T("Nơi nhận:", sz=12, b=True, i=True), before=120, after=0)
            + P(T("{{#noi_nhan}}", sz=11), before=0, after=0)
            + P(T("- {{muc}}{{^cuoi}};{{/cuoi}}{{#cuoi}}.{{/cuoi}}", sz=11), before=0, after=0)
            + P(T("{{/noi_nhan}}", sz=11), before=0, after=0))
    right = (C("{{#quyen_han}}", sz=13, b=True, before=120)
             + C("{{quyen_han}}", sz=13, b=True, caps=True)
             + C("{{/quyen_han}}", sz=13, b=True)
             + C("{{chuc_vu}}", sz=13, b=True, caps=True)
             + EMPTY(5)
             + C("{{nguoi_ky}}", sz=13, b=True))
    out.append(signature_table(left, right))
    # PHỤ LỤC.
    out.append(C("PHỤ LỤC", sz=14, b=True, page_break_before=True, keep_next=True))
    out.append(C("TÌNH HÌNH ĐĂNG KÝ KHAI THÁC", sz=14, b=True, keep_next=True))
    out.append(C("CƠ SỞ DỮ LIỆU QUỐC GIA VỀ DÂN CƯ", sz=14, b=True, keep_next=True))
    out.append(C("(Kèm theo Công văn số {{so_ky_hieu}} ngày {{ngay}} tháng {{thang}} năm {{nam}}",
                 sz=14, i=True, keep_next=True))
    out.append(C("của {{co_quan_ban_hanh_day_du}})", sz=14, i=True, after=240, keep_next=True))
    head = [(CELLP(t, sz=13, b=True), "center")
            for t in ("TT", "Đơn vị", "Đã đăng ký", "Chưa đăng ký")]
    row = [(CELLP("{{#phu_luc}}{{tt}}", sz=13), "center"),
           (CELLP("{{don_vi}}", sz=13, jc="left"), "center"),
           (CELLP("{{da_dang_ky}}", sz=13, jc="left"), "center"),
           (CELLP("{{chua_dang_ky}}{{/phu_luc}}", sz=13, jc="left"), "center")]
    # TT 1 cm, Đơn vị 4 cm, Đã đăng ký 5 cm; Chưa đăng ký, usually the longest list, the rest
    # (6.5 cm).
    # Rows may break across pages: a district's list of missing units can be long.
    out.append(TABLE([(head, True, None), (row, False, None)], [567, 2268, 2835, 3685],
                     borders=True, split_rows=True))
    out.append(EMPTY(1))
    # The two blank forms attached to the letter.
    out.append(C("MẪU ĐĂNG KÝ", sz=14, b=True, page_break_before=True, keep_next=True))
    out.append(C("KHAI THÁC DỊCH VỤ CƠ SỞ DỮ LIỆU QUỐC GIA VỀ DÂN CƯ", sz=14, b=True,
                 keep_next=True))
    out.append(C("(Kèm theo Công văn số {{so_ky_hieu}} ngày {{ngay}} tháng {{thang}} năm {{nam}}",
                 sz=14, i=True, keep_next=True))
    out.append(C("của {{co_quan_ban_hanh_day_du}})", sz=14, i=True, after=240, keep_next=True))
    out.append(BODY(T("1. Mẫu cam kết bảo đảm an ninh, an toàn và bảo mật thông tin trong kết nối "
                      "đến cơ sở dữ liệu quốc gia về dân cư – đối với tổ chức:", sz=14, b=True),
                    keep_next=True, after=240))
    out.append(cam_ket(filled=False))
    out.append(BODY(T("2. Mẫu phiếu đăng ký kết nối csdl quốc gia về dân cư phục vụ giải quyết "
                      "dịch vụ hành chính công:", sz=14, b=True),
                    keep_next=True, page_break_before=True, after=240))
    out.append(phieu(filled=False, width=PORTRAIT_TEXT_W))
    return "".join(out)


# --------------------------------------------------------------------------- package parts

def sect_pr(landscape=False):
    w, h = (A4_H, A4_W) if landscape else (A4_W, A4_H)
    orient = ' w:orient="landscape"' if landscape else ""
    return ('<w:sectPr>'
            '<w:headerReference w:type="default" r:id="rIdHeader1"/>'
            '<w:headerReference w:type="first" r:id="rIdHeader2"/>'
            f'<w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
            f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
            f'w:left="{MARGIN_LEFT}" w:header="{HEADER_DIST}" w:footer="{HEADER_DIST}" w:gutter="0"/>'
            '<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="381"/></w:sectPr>')


def document_xml(body, landscape=False):
    # A table must not be the last block before sectPr: end with an empty paragraph.
    return (XML_HEAD + f"<w:document {NS_DECL}><w:body>{body}"
            + P(before=0, after=0, mark_sz=2) + sect_pr(landscape) + "</w:body></w:document>")


STYLES_XML = XML_HEAD + f"""<w:styles {NS_DECL}>
<w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/><w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/><w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:semiHidden/></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="VanBan"><w:name w:val="Van ban (than)"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="120" w:line="276" w:lineRule="auto"/><w:ind w:firstLine="{FIRST_LINE}"/><w:jc w:val="both"/></w:pPr><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/><w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:link w:val="HeaderChar"/><w:pPr><w:tabs><w:tab w:val="center" w:pos="4677"/><w:tab w:val="right" w:pos="9355"/></w:tabs><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/><w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="character" w:customStyle="1" w:styleId="HeaderChar"><w:name w:val="Header Char"/><w:basedOn w:val="DefaultParagraphFont"/><w:link w:val="Header"/><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:link w:val="FootnoteTextChar"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/><w:color w:val="000000"/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>
<w:style w:type="character" w:customStyle="1" w:styleId="FootnoteTextChar"><w:name w:val="Footnote Text Char"/><w:basedOn w:val="DefaultParagraphFont"/><w:link w:val="FootnoteText"/><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr></w:style>
</w:styles>"""

SETTINGS_XML = XML_HEAD + f"""<w:settings {NS_DECL}>
<w:zoom w:percent="100"/>
<w:defaultTabStop w:val="720"/>
<w:characterSpacingControl w:val="doNotCompress"/>
<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
<w:themeFontLang w:val="vi-VN"/>
</w:settings>"""


def footnotes_xml(static_notes, fn_sz=11):
    """The two separator footnotes (ids -1 and 0) and the static ones (ids 1..n)."""
    parts = [XML_HEAD, f"<w:footnotes {NS_DECL}>",
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
             'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
             'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
             '</w:r></w:p></w:footnote>']
    for k, text in enumerate(static_notes, start=1):
        parts.append(
            f'<w:footnote w:id="{k}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f'<w:r>{rpr(style="FootnoteReference", sz=fn_sz)}<w:footnoteRef/></w:r>'
            f'{R(" " + text, sz=fn_sz)}</w:p></w:footnote>')
    parts.append("</w:footnotes>")
    return "".join(parts)


HEADER_PAGE_XML = XML_HEAD + (
    f'<w:hdr {NS_DECL}><w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>'
    f'<w:r>{rpr(sz=14)}<w:fldChar w:fldCharType="begin"/></w:r>'
    f'<w:r>{rpr(sz=14)}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    f'<w:r>{rpr(sz=14)}<w:fldChar w:fldCharType="separate"/></w:r>'
    f'<w:r>{rpr(sz=14)}<w:t>2</w:t></w:r>'
    f'<w:r>{rpr(sz=14)}<w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>')

HEADER_FIRST_XML = XML_HEAD + (
    f'<w:hdr {NS_DECL}><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>')

CONTENT_TYPES_XML = XML_HEAD + """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

ROOT_RELS_XML = XML_HEAD + """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOC_RELS_XML = XML_HEAD + """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
<Relationship Id="rIdHeader1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rIdHeader2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>
</Relationships>"""


def core_xml(title):
    return XML_HEAD + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>dancu</dc:creator>"
        "<cp:lastModifiedBy>dancu</cp:lastModifiedBy><dc:language>vi-VN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:modified>'
        "</cp:coreProperties>")


APP_XML = XML_HEAD + (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>dancu scripts/make_templates.py</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><Company></Company><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    "<AppVersion>16.0000</AppVersion></Properties>")


def write_docx(path, title, body, static_notes, landscape=False):
    # Footnote text 11 pt; 9 pt on the landscape form, whose lines are long (25 cm), so that
    # the account table and the six footnotes of its header row start on the first page.
    fn_sz = 9 if landscape else 11
    styles = STYLES_XML.replace('<w:sz w:val="22"/><w:szCs w:val="22"/>',
                                f'<w:sz w:val="{2 * fn_sz}"/><w:szCs w:val="{2 * fn_sz}"/>')
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES_XML),
        ("_rels/.rels", ROOT_RELS_XML),
        ("docProps/core.xml", core_xml(title)),
        ("docProps/app.xml", APP_XML),
        ("word/document.xml", document_xml(body, landscape)),
        ("word/_rels/document.xml.rels", DOC_RELS_XML),
        ("word/styles.xml", styles),
        ("word/settings.xml", SETTINGS_XML),
        ("word/footnotes.xml", footnotes_xml(static_notes, fn_sz)),
        ("word/header1.xml", HEADER_PAGE_XML),
        ("word/header2.xml", HEADER_FIRST_XML),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(2021, 8, 23, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8"))


# --------------------------------------------------------------------------- self-check

W = "{%s}" % W_NS
TOKEN_RE = re.compile(r"\{\{\s*([#^/]?)\s*([^{}]*?)\s*\}\}")


def check_docx(path):
    """Checks a written package: every part is well-formed XML; every placeholder in
    document.xml and the headers lies whole inside one w:t; sections are balanced and each one
    is inline (same paragraph), block (markers alone in their own paragraphs, same container)
    or table-row (opening at the start of the first cell, closing at the end of the last cell of
    one row); static footnote references resolve. Returns the placeholder names found."""
    errors, names = [], []
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            try:
                ET.fromstring(z.read(n))
            except ET.ParseError as e:
                errors.append(f"{n}: not well-formed: {e}")
        fn_ids = {fn.get(W + "id") for fn in ET.fromstring(z.read("word/footnotes.xml"))}
        for part in [n for n in z.namelist() if re.match(r"word/(document|header\d+|footer\d+)\.xml$", n)]:
            root = ET.fromstring(z.read(part))
            parent = {c: p for p in root.iter() for c in p}
            for ref in root.iter(W + "footnoteReference"):
                if ref.get(W + "id") not in fn_ids:
                    errors.append(f"{part}: footnote reference {ref.get(W + 'id')} has no footnote")
            tokens = []      # (kind, name, paragraph)
            for p in root.iter(W + "p"):
                ptext = "".join(t.text or "" for t in p.iter(W + "t"))
                whole = 0
                for t in p.iter(W + "t"):
                    txt = t.text or ""
                    if txt.count("{{") != txt.count("}}"):
                        errors.append(f"{part}: placeholder split across w:t: {txt!r}")
                    for m in TOKEN_RE.finditer(txt):
                        whole += 1
                        tokens.append((m.group(1), m.group(2), p))
                        names.append((m.group(1), m.group(2)))
                if ptext.count("{{") != whole:
                    errors.append(f"{part}: paragraph with a split placeholder: {ptext!r}")

            def ancestor(el, tag):
                while el is not None and el.tag != W + tag:
                    el = parent.get(el)
                return el

            def ptext(p):
                return "".join(t.text or "" for t in p.iter(W + "t")).strip()

            stack = []
            for kind, name, p in tokens:
                if kind in "#^" and kind:
                    stack.append((name, p))
                elif kind == "/":
                    if not stack or stack[-1][0] != name:
                        errors.append(f"{part}: unbalanced {{{{/{name}}}}}")
                        continue
                    _, op = stack.pop()
                    if op is p:
                        continue                                  # inline
                    if ptext(op) in ("{{#%s}}" % name, "{{^%s}}" % name) and \
                            ptext(p) == "{{/%s}}" % name and parent[op] is parent[p]:
                        continue                                  # block
                    tc1, tc2 = ancestor(op, "tc"), ancestor(p, "tc")
                    tr = ancestor(tc1, "tr") if tc1 is not None else None
                    if tr is not None and ancestor(tc2, "tr") is tr:
                        cells = [c for c in tr if c.tag == W + "tc"]
                        if (cells[0] is tc1 and cells[-1] is tc2
                                and ptext(op).startswith("{{#" + name + "}}")
                                and ptext(p).endswith("{{/" + name + "}}")):
                            continue                              # table row
                    errors.append(f"{part}: section {name} is neither inline, block nor table-row")
            for name, _ in stack:
                errors.append(f"{part}: section {name} never closed")
    if errors:
        raise SystemExit(f"{path}:\n  " + "\n  ".join(errors))
    return names


# --------------------------------------------------------------------------- main

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "templates")
    os.makedirs(outdir, exist_ok=True)
    jobs = [
        ("cong_van_don_doc.docx", "Công văn đôn đốc đăng ký khai thác CSDL quốc gia về dân cư",
         cong_van_body(), False),
        ("phieu_dang_ky.docx", "Phiếu đăng ký kết nối CSDL quốc gia về dân cư",
         phieu(filled=True, width=LANDSCAPE_TEXT_W), True),
        ("ban_cam_ket.docx", "Bản cam kết bảo đảm an ninh, an toàn và bảo mật thông tin",
         cam_ket(filled=True), False),
    ]
    for fname, title, body, landscape in jobs:
        path = os.path.join(outdir, fname)
        write_docx(path, title, body, FORM_FOOTNOTES if fname != "ban_cam_ket.docx" else [],
                   landscape)
        names = check_docx(path)
        plain = sorted({n for k, n in names if k == ""})
        sections = sorted({("^" if k == "^" else "#") + n for k, n in names if k in "#^" and k})
        print(f"{fname}: OK ({len(names)} placeholder occurrences)")
        print("  values:  " + ", ".join(plain))
        print("  sections: " + ", ".join(sections))


if __name__ == "__main__":
    main()
