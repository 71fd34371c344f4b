#!/usr/bin/env python3
"""Builds data/demo/kiengiang_2021_orgs.csv, the demo catalogue of Kiên Giang (2021).

Input: the GSO list of districts and communes (shared/domain/kiengiang_communes_2021.csv).
Agency codes are FICTITIOUS (no real Kiên Giang codes were found; H33 is believed to be the
province's level-1 code): every row is marked gia_dinh=1. Re-run only when the source changes:
  python3 scripts/make_demo_catalogue.py ../shared/domain/kiengiang_communes_2021.csv
"""
import csv
import sys

PROVINCE = "H33"
VALID_FROM, VALID_TO = "2004-01-01", "2025-06-30"  # the province merged into An Giang 1/7/2025

DEPARTMENTS = [  # (full name, short name as the seed letter writes it)
    ("Sở Nông nghiệp và Phát triển nông thôn", "Nông nghiệp và Phát triển nông thôn"),
    ("Sở Tài chính", "Tài chính"), ("Thanh tra tỉnh", "Thanh tra"),
    ("Sở Giáo dục và Đào tạo", "Giáo dục và Đào tạo"),
    ("Ban Quản lý Khu kinh tế tỉnh", "BQL KKT tỉnh"),
    ("Ban Quản lý Khu kinh tế Phú Quốc", "BQL KKT Phú Quốc"),
    ("Sở Công Thương", "Công Thương"), ("Sở Tư pháp", "Tư pháp"), ("Ban Dân tộc", "Dân tộc"),
    ("Cục Quản lý thị trường", "Cục Quản lý thị trường"),
    ("Sở Giao thông vận tải", "Giao thông vận tải"), ("Sở Du lịch", "Du lịch"),
    ("Sở Khoa học và Công nghệ", "Khoa học và Công nghệ"),
    ("Sở Kế hoạch và Đầu tư", "Kế hoạch và Đầu tư"),
    ("Sở Văn hóa và Thể thao", "Văn hóa và Thể thao"),
    ("Sở Thông tin và Truyền thông", "Thông tin và Truyền thông"),
    ("Sở Ngoại vụ", "Ngoại vụ"), ("Cục Thuế tỉnh", "Thuế"),
    ("Sở Tài nguyên và Môi trường", "Sở Tài nguyên và Môi trường"),
    ("Sở Nội vụ", "Sở Nội vụ"),
    ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
    ("Sở Xây dựng", "Sở Xây dựng"), ("Sở Y tế", "Sở Y tế"),
]

# District offices (NĐ 37/2014 as amended by NĐ 108/2020): 10 common + 2 by district type.
COMMON_OFFICES = [
    ("Văn phòng HĐND và UBND", "Văn phòng HĐND-UBND huyện"), ("Phòng Nội vụ", "Nội vụ"),
    ("Phòng Tư pháp", "Tư pháp"), ("Phòng Tài chính - Kế hoạch", "Tài chính-Kế hoạch"),
    ("Phòng Tài nguyên và Môi trường", "Tài nguyên và Môi trường"),
    ("Phòng Lao động - Thương binh và Xã hội", "Lao động-Thương binh và Xã hội"),
    ("Phòng Văn hóa và Thông tin", "Văn hóa và Thông tin"),
    ("Phòng Giáo dục và Đào tạo", "Giáo dục và Đào tạo"), ("Phòng Y tế", "Y tế"),
    ("Thanh tra", "Thanh tra"),
]
RURAL_OFFICES = [("Phòng Kinh tế và Hạ tầng", "Kinh tế và Hạ tầng"),
                 ("Phòng Nông nghiệp và Phát triển nông thôn", "Nông nghiệp và Phát triển nông thôn")]
CITY_OFFICES = [("Phòng Quản lý đô thị", "Quản lý đô thị"), ("Phòng Kinh tế", "Kinh tế")]


def code(l3, l2):
    return f"000.{l3:02d}.{l2:02d}.{PROVINCE}"


def main(src, out):
    districts = {}
    for r in csv.DictReader(open(src, encoding="utf-8")):
        districts.setdefault((r["district_code"], r["district_name"]), []).append(r)
    rows = [(code(0, 0), "UBND tỉnh Kiên Giang", "Kiên Giang", "tinh", "", "91")]
    for i, (name, short) in enumerate(DEPARTMENTS, start=1):
        rows.append((code(0, i), name, short, "so", code(0, 0), ""))
    for d, ((dcode, dname), communes) in enumerate(sorted(districts.items()), start=31):
        is_city = dname.startswith("Thành phố")
        place = dname.split(" ", 2)[2] if is_city else dname.split(" ", 1)[1]
        lower = ("thành phố " if is_city else "huyện ") + place
        rows.append((code(0, d), "UBND " + lower, place, "huyen", code(0, 0), dcode))
        offices = COMMON_OFFICES + (CITY_OFFICES if is_city else RURAL_OFFICES)
        for o, (oname, oshort) in enumerate(offices, start=1):
            if is_city:
                oshort = oshort.replace("huyện", "thành phố")
            rows.append((code(o, d), f"{oname} {lower}", oshort, "phong", code(0, d), ""))
        for c, r in enumerate(communes, start=21):
            ctype, cname = r["commune_type"].lower(), r["commune_name"].split(" ", 1)[1]
            if r["commune_type"] == "Thị trấn":
                cname = r["commune_name"].split(" ", 2)[2]
            rows.append((code(c, d), f"UBND {ctype} {cname}", f"{ctype} {cname}", "xa",
                         code(0, d), r["commune_code"]))
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ma_dinh_danh", "ten", "ten_ngan", "loai", "ma_cha", "ma_hanh_chinh",
                    "hieu_luc_tu", "hieu_luc_den", "gia_dinh"])
        for r in rows:
            w.writerow([r[0], r[1], r[2], r[3], r[4], r[5], VALID_FROM, VALID_TO, "1"])
    print(f"{out}: {len(rows)} đơn vị")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/domain/kiengiang_communes_2021.csv",
         sys.argv[2] if len(sys.argv) > 2 else "data/demo/kiengiang_2021_orgs.csv")
