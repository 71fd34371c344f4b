// Tests for ParseForm on forms as offices really send them: paper-form layout, XLSX with
// merges and numbers, NFD, TCVN3 and VNI text, ';' CSV, per-cell errors, whole-file refusals.
#include "registry/form_import.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "registry/test_support.h"

namespace dancu::registry {
namespace {

using test_support::CsvLine;
using test_support::FakeRowContext;
using test_support::WriteXlsx;
using test_support::XlsxFixture;
using Cells = std::vector<std::string>;

core::Result<ImportPlan> Parse(std::string_view bytes, std::string_view filename) {
  const FakeRowContext ctx = FakeRowContext::HonDat();
  return ParseForm(bytes, filename, ctx);
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l;
  return out;
}

bool HasNote(const ImportPlan& plan, std::string_view fragment) {
  for (const auto& n : plan.notes)
    if (n.find(fragment) != std::string::npos) return true;
  return false;
}

std::string Describe(const ImportPlan& plan) {
  std::string out;
  for (const auto& e : plan.errors)
    out += std::to_string(e.row) + " " + e.column + ": " + e.message + "\n";
  return out;
}

const Cells kFormHeader = {"TT",
                           "Họ tên",
                           "Tài khoản đăng nhập",
                           "SĐT",
                           "Mã cơ quan",
                           "Tên cơ quan",
                           "Vai trò trách nhiệm",
                           "Số lần truy vấn trong ngày",
                           "Mục đích sử dụng"};

TEST(FormImport, CsvLaidOutLikeThePaperFormIsParsed) {
  const std::vector<std::string> lines = {
      CsvLine({"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", "", "", "", "", "", "", ""}),  // 1
      CsvLine({"Độc lập – Tự do – Hạnh phúc"}),                                         // 2
      CsvLine({"PHIẾU ĐĂNG KÝ KẾT NỐI CSDL QUỐC GIA VỀ DÂN CƯ"}),                       // 3
      ",,,,,,,,\n",                                                                     // 4
      CsvLine({"1. Đơn vị đăng ký: UBND huyện Hòn Đất"}),                               // 5
      CsvLine({"2. Tên Hệ thống CSDL: Hệ thống thông tin một cửa điện tử; Cổng dịch vụ công"}),
      CsvLine({"3. Đầu mối liên hệ:"}),                                                     // 7
      CsvLine({"Họ tên: Lê Thị Hồng Nhung", "", "", "", "Chức vụ: Chuyên viên"}),           // 8
      CsvLine({"Số điện thoại: 0911 222 333", "", "", "", "Email: motcua@hondat.gov.vn"}),  // 9
      CsvLine({"Đơn vị công tác: Văn phòng HĐND và UBND huyện Hòn Đất"}),                   // 10
      CsvLine({"4. Thông tin tài khoản đăng ký truy cập sử dụng Dịch vụ xác thực thông tin "
               "công dân trong CSDLQG về dân cư:"}),  // 11
      CsvLine({"T T", "Họ tên 10", "Tài khoản đăng nhập (11)", "SĐT", "Mã cơ quan 12",
               "Tên cơ quan", "Vai trò trách nhiệm 13", "Số lần truy vấn trong ngày (14)",
               "Mục đích sử dụng 15"}),                                          // 12
      CsvLine({"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"}),  // 13
      CsvLine({"1", "Nguyễn Văn An", "nguyenvanan.hd", "0919674667", "000.00.34.H33",
               "UBND huyện Hòn Đất", "Cán bộ một cửa", "50 x 3 = 150", "XMCD-03"}),  // 14
      ",,,,,,,,\n",                                                                  // 15
      CsvLine({"2", "Trần Thị Bình", "tranthibinh.bs", "0912 345 678", "000.23.34.H33",
               "UBND xã Bình Sơn", "Công chức, viên chức", "20 x 2", "XMCD-03; XMCD-04"}),  // 16
      CsvLine({"", "", "", "", "", "", "NGƯỜI ĐẠI DIỆN ĐƠN VỊ", "", ""}),                   // 17
      CsvLine({"", "", "", "", "", "", "(Ký, ghi rõ họ tên, đóng dấu)", "", ""}),           // 18
  };
  auto plan = Parse(Join(lines), "phieu-dang-ky.csv");
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->errors.empty()) << Describe(*plan);
  EXPECT_EQ(plan->encoding, "utf-8");
  EXPECT_EQ(plan->header_row, 12);
  ASSERT_EQ(plan->rows.size(), 2u);
  EXPECT_EQ(plan->rows[0].row_no, 14);
  EXPECT_EQ(plan->rows[0].full_name, "Nguyễn Văn An");
  EXPECT_EQ(plan->rows[0].daily_quota, 150);
  EXPECT_EQ(plan->rows[1].row_no, 16);
  EXPECT_EQ(plan->rows[1].phone, "0912345678");
  EXPECT_EQ(plan->rows[1].role, "Công chức, viên chức");
  EXPECT_EQ(plan->rows[1].purposes.size(), 2u);

  const FormInfo& info = plan->info;
  EXPECT_EQ(info.unit_name, "UBND huyện Hòn Đất");
  EXPECT_EQ(info.systems, (Cells{"Hệ thống thông tin một cửa điện tử", "Cổng dịch vụ công"}));
  EXPECT_EQ(info.contact_name, "Lê Thị Hồng Nhung");
  EXPECT_EQ(info.contact_position, "Chuyên viên");
  EXPECT_EQ(info.contact_phone, "0911222333");  // normalised: the contact phone is checked too
  EXPECT_EQ(info.contact_email, "motcua@hondat.gov.vn");
  EXPECT_EQ(info.contact_workplace, "Văn phòng HĐND và UBND huyện Hòn Đất");
}

TEST(FormImport, XlsxWithMergesNumbersAndOtherTitlesIsParsed) {
  XlsxFixture x;
  x.grid = {
      {"PHIẾU ĐĂNG KÝ KẾT NỐI CSDL QUỐC GIA VỀ DÂN CƯ", "", "", "", "", "", "", "", ""},
      {"1. Đơn vị đăng ký: UBND xã Bình Sơn"},
      {},
      {"STT", "Họ và tên", "Tài khoản đăng nhập", "Số điện thoại", "Mã đơn vị", "Tên cơ quan",
       "Vai trò trách nhiệm", "Số lần truy vấn trong ngày", "Mục đích sử dụng"},
      {"1", "Nguyễn Văn An", "nguyenvanan.bs", "919674667", "000.23.34.H33", "UBND xã Bình Sơn",
       "Cán bộ một cửa", "50 x 3", "XMCD-03"},
      {"2", "Trần Thị Bình", "tranthibinh.bs", "0912345678", "000.23.34.H33", "", "Trưởng phòng",
       "150", "XMCD-04"},
      {"3", "Lê Minh Hiếu", "leminhhieu.bs", "0987 654 321", "000.23.34.H33", "", "Lãnh đạo đơn vị",
       "10 x 5", "XMCD-03; XMCD-04"},
  };
  x.merges = {{0, 0, 0, 8}, {4, 5, 6, 5}};  // title A1:I1; Tên cơ quan F5:F7
  x.numbers = {{4, 0}, {5, 0}, {6, 0}, {4, 3}, {5, 7}};
  const std::string bytes = WriteXlsx(x);
  ASSERT_FALSE(bytes.empty());
  auto plan = Parse(bytes, "Phieu dang ky.xlsx");
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->errors.empty()) << Describe(*plan);
  EXPECT_EQ(plan->header_row, 4);
  EXPECT_EQ(plan->info.unit_name, "UBND xã Bình Sơn");
  ASSERT_EQ(plan->rows.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(plan->rows[size_t(i)].row_no, 5 + i);
    EXPECT_EQ(plan->rows[size_t(i)].agency_name, "UBND xã Bình Sơn") << i;
  }
  EXPECT_EQ(plan->rows[0].phone, "0919674667");  // stored as the number 919674667
  EXPECT_TRUE(HasNote(*plan, "Dòng 5: đã thêm số 0")) << plan->notes.size();
  EXPECT_EQ(plan->rows[1].dossiers_per_day, 150);  // stored as the number 150
  EXPECT_EQ(plan->rows[1].queries_per_dossier, 1);
  EXPECT_EQ(plan->rows[1].daily_quota, 150);
  EXPECT_EQ(plan->rows[2].daily_quota, 50);
  EXPECT_EQ(plan->rows[2].phone, "0987654321");
}

TEST(FormImport, DecomposedTextComesOutComposed) {
  const std::string csv =
      CsvLine({"TT", "Ho\u0323 te\u0302n", "Tài khoản đăng nhập", "SĐT", "Mã cơ quan",
               "Te\u0302n co\u031B quan", "Vai trò trách nhiệm", "Số lần truy vấn trong ngày",
               "Mục đích sử dụng"}) +
      CsvLine({"1", "Nguye\u0302\u0303n Va\u0306n An", "nguyenvanan.bs", "0919674667",
               "000.23.34.H33", "UBND xa\u0303 Bi\u0300nh So\u031Bn",
               "Chuye\u0302n vie\u0302n ho\u0323\u0302 ti\u0323ch", "10", "XMCD-03"});
  auto plan = Parse(csv, "nfd.csv");
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->errors.empty()) << Describe(*plan);
  EXPECT_EQ(plan->encoding, "utf-8");
  ASSERT_EQ(plan->rows.size(), 1u);
  EXPECT_EQ(plan->rows[0].full_name, "Nguyễn Văn An");
  EXPECT_EQ(plan->rows[0].full_name, core::ToNfc(plan->rows[0].full_name));
  EXPECT_EQ(plan->rows[0].role, "Chuyên viên hộ tịch");
  EXPECT_EQ(plan->rows[0].agency_name, "UBND xã Bình Sơn");
}

// The same little form in Unicode, to be encoded as the legacy fonts wrote it.
std::vector<Cells> LegacyFormGrid() {
  return {
      {"PHIẾU ĐĂNG KÝ KẾT NỐI CSDL QUỐC GIA VỀ DÂN CƯ"},
      {"1. Đơn vị đăng ký: UBND huyện Hòn Đất"},
      kFormHeader,
      {"1", "Nguyễn Văn Đức", "nguyenvanduc.hd", "0919674667", "000.00.34.H33",
       "UBND huyện Hòn Đất", "Cán bộ một cửa", "50 x 3", "XMCD-03"},
      {"2", "Trần Thị Hường", "tranthihuong.hd", "0912345678", "000.02.34.H33",
       "Phòng Nội vụ huyện Hòn Đất", "Trưởng phòng", "20 x 2", "XMCD-04"},
      {"3", "Lê Minh Hiếu", "leminhhieu.hd", "0987654321", "000.23.34.H33", "UBND xã Bình Sơn",
       "Công chức, viên chức", "30", "XMCD-03; XMCD-04"},
  };
}

void ExpectLegacyFormDecoded(const ImportPlan& plan) {
  EXPECT_TRUE(plan.errors.empty()) << Describe(plan);
  EXPECT_EQ(plan.header_row, 3);
  EXPECT_EQ(plan.info.unit_name, "UBND huyện Hòn Đất");
  ASSERT_EQ(plan.rows.size(), 3u);
  EXPECT_EQ(plan.rows[0].full_name, "Nguyễn Văn Đức");
  EXPECT_EQ(plan.rows[1].full_name, "Trần Thị Hường");
  EXPECT_EQ(plan.rows[2].full_name, "Lê Minh Hiếu");
  EXPECT_EQ(plan.rows[0].role, "Cán bộ một cửa");
  EXPECT_EQ(plan.rows[2].role, "Công chức, viên chức");
  for (const auto& r : plan.rows) EXPECT_EQ(r.full_name, core::ToNfc(r.full_name));
}

TEST(FormImport, Tcvn3CsvIsDetectedAndConverted) {
  std::string csv;
  for (const auto& row : LegacyFormGrid()) csv += CsvLine(row);
  const std::string bytes = test_support::EncodeTcvn3(csv);
  ASSERT_FALSE(core::IsValidUtf8(bytes));
  auto plan = Parse(bytes, "phieu_abc.csv");
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(plan->encoding, "tcvn3");
  EXPECT_TRUE(HasNote(*plan, "TCVN3"));
  ExpectLegacyFormDecoded(*plan);
}

TEST(FormImport, VniXlsxIsDetectedAndConverted) {
  XlsxFixture x;
  for (const auto& row : LegacyFormGrid()) {
    Cells cells;
    // Excel shows VNI bytes through Windows-1252 and stores that reading as Unicode.
    for (const auto& c : row) cells.push_back(core::DecodeCp1252(test_support::EncodeVni(c)));
    x.grid.push_back(cells);
  }
  ASSERT_NE(x.grid[3][1], "Nguyễn Văn Đức");
  const std::string bytes = WriteXlsx(x);
  ASSERT_FALSE(bytes.empty());
  auto plan = Parse(bytes, "phieu_vni.xlsx");
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(plan->encoding, "vni");
  EXPECT_TRUE(HasNote(*plan, "VNI"));
  ExpectLegacyFormDecoded(*plan);
}

TEST(FormImport, SemicolonSeparatedCsvIsParsed) {
  const std::string csv =
      CsvLine(kFormHeader, ';') +
      CsvLine({"1", "Nguyễn Văn An", "nguyenvanan.nv", "0919674667", "000.02.34.H33",
               "Phòng Nội vụ huyện Hòn Đất", "Công chức, viên chức", "50 x 3", "XMCD-03; XMCD-04"},
              ';') +
      "2;Trần Thị Bình;tranthibinh.nv;0912345678;000.02.34.H33;Nội vụ;Trưởng phòng;40;XMCD-01\n";
  auto plan = Parse("\xEF\xBB\xBF" + csv, "phieu.csv");
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->errors.empty()) << Describe(*plan);
  ASSERT_EQ(plan->rows.size(), 2u);
  EXPECT_EQ(plan->rows[0].role, "Công chức, viên chức");
  ASSERT_EQ(plan->rows[0].purposes.size(), 2u);
  EXPECT_EQ(plan->rows[0].purposes[1].code, "XMCD-04");
  EXPECT_EQ(plan->rows[1].login, "tranthibinh.nv");
  EXPECT_EQ(plan->rows[1].agency_name, "Phòng Nội vụ huyện Hòn Đất");  // from the short name
}

TEST(FormImport, EveryBrokenCellIsReportedWithItsExcelRowNumber) {
  auto row = [](std::string name, std::string login, std::string phone, std::string code,
                std::string agency, std::string role, std::string queries, std::string purposes) {
    return Cells{"", name, login, phone, code, agency, role, queries, purposes};
  };
  const std::string hd = "UBND huyện Hòn Đất";
  XlsxFixture x;
  x.grid = {
      {"DANH SÁCH ĐĂNG KÝ", "", "", "", "", "", "", "", ""},  // 1
      kFormHeader,                                            // 2
      row("Nguyễn Văn An", "nguyenvanan.hd", "0919674667", "000.00.34.H33", hd, "Cán bộ một cửa",
          "50 x 3", "XMCD-03"),
      row("Nguyễn Văn 2", "nguyenvan2.hd", "0919674667", "000.00.34.H33", hd, "Cán bộ một cửa",
          "50 x 3", "XMCD-03"),
      row("Trần Văn Bảy", "abc1234", "0919674667", "000.00.34.H33", hd, "Cán bộ một cửa", "50 x 3",
          "XMCD-03"),
      row("Lê Văn Cường", "levancuong.hd", "12345", "000.00.34.H33", hd, "Cán bộ một cửa", "50 x 3",
          "XMCD-03"),
      row("Phạm Văn Dũng", "phamvandung.hd", "0919674667", "000.00.34", hd, "Cán bộ một cửa",
          "50 x 3", "XMCD-03"),
      row("Hoàng Văn Em", "hoangvanem.hd", "0919674667", "000.99.34.H33", hd, "Cán bộ một cửa",
          "50 x 3", "XMCD-03"),
      row("Vũ Thị Giang", "vuthigiang.hd", "0919674667", "000.00.34.H33", "UBND huyện Gò Quao",
          "Cán bộ một cửa", "50 x 3", "XMCD-03"),
      row("Đỗ Văn Hải", "dovanhai.hd", "0919674667", "000.00.34.H33", hd, "", "50 x 3", "XMCD-03"),
      row("Bùi Thị Lan", "buithilan.hd", "0919674667", "000.00.34.H33", hd, "Cán bộ một cửa",
          "50 x 3 = 160", "XMCD-03"),
      row("Ngô Văn Minh", "ngovanminh.hd", "0919674667", "000.00.34.H33", hd, "Cán bộ một cửa",
          "50 x 3", "Tra cứu cho biết"),
      {},  // 13
      row("Nguyễn Văn Anh", "NguyenVanAn.HD", "0919674667", "000.00.34.H33", hd, "Cán bộ một cửa",
          "50 x 3", "XMCD-03"),
      row("Đặng Văn Nam", "dangvannam.hd", "0919674667", "000.00.08.H33", "Sở Tư pháp",
          "Cán bộ một cửa", "50 x 3", "XMCD-03"),
      row("", "khongten.hd", "0919674667", "000.00.34.H33", hd, "Cán bộ một cửa", "50 x 3",
          "XMCD-03"),
  };
  x.merges = {{0, 0, 0, 8}};
  const std::string bytes = WriteXlsx(x);
  ASSERT_FALSE(bytes.empty());
  auto plan = Parse(bytes, "loi.xlsx");
  ASSERT_TRUE(plan) << plan.error().message;  // row problems do not fail the call
  EXPECT_EQ(plan->header_row, 2);
  ASSERT_EQ(plan->rows.size(), 1u);
  EXPECT_EQ(plan->rows[0].row_no, 3);

  const std::vector<std::pair<int, std::string>> want = {
      {4, column::kFullName},   {5, column::kLogin},       {6, column::kPhone},
      {7, column::kAgencyCode}, {8, column::kAgencyCode},  {9, column::kAgencyName},
      {10, column::kRole},      {11, column::kQueries},    {12, column::kPurposes},
      {14, column::kLogin},     {15, column::kAgencyCode}, {16, column::kFullName},
  };
  std::vector<std::pair<int, std::string>> got;
  for (const auto& e : plan->errors) got.emplace_back(e.row, e.column);
  EXPECT_EQ(got, want) << Describe(*plan);
  for (const auto& e : plan->errors) {
    if (e.row == 14) {
      EXPECT_NE(e.message.find("trùng với dòng 3"), std::string::npos) << e.message;
    }
    EXPECT_FALSE(e.message.empty()) << e.row;
  }
}

TEST(FormImport, HeaderWithoutAccountRowsIsAnErrorNotASuccess) {
  auto plan = Parse(CsvLine(kFormHeader) + ",,,,,,,,\n", "trong.csv");
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->rows.empty());
  ASSERT_EQ(plan->errors.size(), 1u);
  EXPECT_NE(plan->errors[0].message.find("không có dòng nào"), std::string::npos);
}

void ExpectRefused(const core::Result<ImportPlan>& plan, std::string_view what,
                   std::string_view fragment = "") {
  ASSERT_FALSE(plan) << what;
  EXPECT_EQ(plan.error().code, core::Code::kInvalidArgument) << what;
  EXPECT_NE(plan.error().message.find(fragment), std::string::npos)
      << what << ": " << plan.error().message;
}

TEST(FormImport, FileWithoutHeaderRowIsRefused) {
  const std::string csv =
      CsvLine({"1", "Nguyễn Văn An", "nguyenvanan.hd", "0919674667", "000.00.34.H33",
               "UBND huyện Hòn Đất", "Cán bộ một cửa", "50 x 3", "XMCD-03"});
  ExpectRefused(Parse(csv, "khong_tieu_de.csv"), "no header", "Không tìm thấy dòng tiêu đề");
}

TEST(FormImport, HeaderMissingARequiredColumnIsRefusedNamingIt) {
  // Regression: a missing "Mục đích sử dụng" column indexed FormColumnTitles() out of bounds.
  struct Case {
    size_t drop;  // index in kFormHeader
    const char* column;
  };
  for (const Case& tc : {Case{8, column::kPurposes}, Case{6, column::kRole},
                         Case{3, column::kPhone}, Case{7, column::kQueries}}) {
    Cells header = kFormHeader;
    header.erase(header.begin() + long(tc.drop));
    auto plan = Parse(CsvLine(header), "thieu_cot.csv");
    ExpectRefused(plan, tc.column, "thiếu cột");
    if (plan) continue;
    ASSERT_EQ(plan.error().details.size(), 1u) << tc.column;
    EXPECT_EQ(plan.error().details[0].column, tc.column);
    EXPECT_EQ(plan.error().details[0].row, 1);
  }
}

TEST(FormImport, OldXlsAndRandomBytesAreRefused) {
  std::string ole2 = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  ole2.resize(4096, '\0');
  ExpectRefused(Parse(ole2, "phieu.xls"), ".xls");
  ExpectRefused(Parse(ole2, "phieu.xlsx"), ".xls renamed .xlsx");

  std::mt19937 rng(42);
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise += char(rng() & 0xFF);
  ExpectRefused(Parse(noise, "phieu.xlsx"), "random bytes");
  ExpectRefused(Parse("PK\x03\x04" + noise, "phieu.xlsx"), "zip magic then noise");
}

TEST(FormImport, InvalidUtf8ThatIsNoLegacyEncodingIsRefused) {
  // Latin-1 German names: not UTF-8, and no TCVN3 or VNI reading spells Vietnamese.
  const std::string csv =
      CsvLine(kFormHeader) +
      "1,M\xFCller J\xFCrgen,muellerj.hd,0919674667,000.00.34.H33,Stadtverwaltung,Gr\xF6\xDF"
      "e,10,XMCD-03\n" +
      "2,K\xF6hler G\xFCnther,koehlerg.hd,0919674667,000.00.34.H33,D\xFCrst,Stra\xDF"
      "e,10,XMCD-03\n";
  ExpectRefused(Parse(csv, "latin1.csv"), "latin-1", "không mã hóa UTF-8");
}

TEST(FormImport, FormColumnTitlesFollowThePaperForm) { EXPECT_EQ(FormColumnTitles(), kFormHeader); }

// A paper form with one more column titled `title` holding `ids` (one per row).
std::string FormWithIdColumn(const std::string& title, const std::vector<std::string>& ids,
                             const std::vector<std::string>& logins) {
  Cells header = kFormHeader;
  header.push_back(title);
  std::string csv = CsvLine(header);
  const char* names[] = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Hiếu"};
  for (size_t i = 0; i < ids.size(); ++i) {
    csv += CsvLine({std::to_string(i + 1), names[i % 3], logins[i], "0919674667", "000.23.34.H33",
                    "UBND xã Bình Sơn", "Cán bộ một cửa", "50 x 3", "XMCD-03", ids[i]});
  }
  return csv;
}

TEST(FormImport, OfficialCccdColumnIsFoundUnderTheTitlesClerksType) {
  // issue 11 item 2: the official's CCCD column, optional, found as clerks title it.
  for (const char* title :
       {"Số CCCD/định danh của cán bộ", "Số CCCD", "Số định danh", "CCCD cán bộ",
        "Số định danh cá nhân", "So dinh danh ca nhan", "SO CCCD", "Số CCCD (12 số)",
        "Căn cước công dân", "Số CCCD của cán bộ (nếu có)"}) {
    auto plan =
        Parse(FormWithIdColumn(title, {"091085001111", ""}, {"nguyenvanan.bs", "tranthibinh.bs"}),
              "phieu.csv");
    ASSERT_TRUE(plan) << title << ": " << plan.error().message;
    EXPECT_TRUE(plan->errors.empty()) << title << ": " << Describe(*plan);
    ASSERT_EQ(plan->rows.size(), 2u) << title;
    EXPECT_EQ(plan->rows[0].official_id, "091085001111") << title;
    EXPECT_EQ(plan->rows[1].official_id, "") << title;
  }
}

TEST(FormImport, FormWithoutTheCccdColumnImportsAsBefore) {
  // issue 11 item 2: old forms (no CCCD column) keep importing exactly as before.
  std::string csv = CsvLine(kFormHeader) +
                    CsvLine({"1", "Nguyễn Văn An", "nguyenvanan.bs", "0919674667", "000.23.34.H33",
                             "UBND xã Bình Sơn", "Cán bộ một cửa", "50 x 3", "XMCD-03"});
  auto plan = Parse(csv, "phieu.csv");
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->errors.empty()) << Describe(*plan);
  ASSERT_EQ(plan->rows.size(), 1u);
  EXPECT_EQ(plan->rows[0].official_id, "");
  EXPECT_EQ(plan->rows[0].daily_quota, 150);
  // "Mã định danh" still names the agency code column, not the official's CCCD.
  Cells header = kFormHeader;
  header[4] = "Mã định danh";
  auto other =
      Parse(CsvLine(header) + CsvLine({"1", "Nguyễn Văn An", "nguyenvanan.bs", "0919674667",
                                       "000.23.34.H33", "", "Cán bộ một cửa", "150", "XMCD-03"}),
            "phieu.csv");
  ASSERT_TRUE(other) << other.error().message;
  EXPECT_TRUE(other->errors.empty()) << Describe(*other);
  ASSERT_EQ(other->rows.size(), 1u);
  EXPECT_EQ(other->rows[0].agency_code, "000.23.34.H33");
}

TEST(FormImport, BadCccdIsRefusedNamingItsColumn) {
  // issue 11 item 2
  auto plan = Parse(FormWithIdColumn("Số CCCD", {"091085001111", "003085001234", "12345"},
                                     {"nguyenvanan.bs", "tranthibinh.bs", "leminhhieu.bs"}),
                    "phieu.csv");
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_EQ(plan->errors.size(), 2u) << Describe(*plan);
  EXPECT_EQ(plan->errors[0].row, 3);
  EXPECT_EQ(plan->errors[0].column, column::kOfficialId);
  EXPECT_NE(plan->errors[0].message.find("Mã tỉnh 003"), std::string::npos)
      << plan->errors[0].message;
  EXPECT_EQ(plan->errors[1].row, 4);
  EXPECT_EQ(plan->errors[1].column, column::kOfficialId);
  EXPECT_EQ(plan->rows.size(), 1u);
}

TEST(FormImport, OneCccdForTwoLoginsIsRefused) {
  // issue 11 item 2: one official, one account; the second row is refused naming the first.
  auto plan = Parse(FormWithIdColumn("Số CCCD", {"091085001111", "091 085 001 111"},
                                     {"nguyenvanan.bs", "tranthibinh.bs"}),
                    "phieu.csv");
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_EQ(plan->errors.size(), 1u) << Describe(*plan);
  EXPECT_EQ(plan->errors[0].row, 3);
  EXPECT_EQ(plan->errors[0].column, column::kOfficialId);
  EXPECT_NE(plan->errors[0].message.find("dòng 2"), std::string::npos) << plan->errors[0].message;
}

TEST(FormImport, CccdStoredAsANumberGetsItsLeadingZeroBack) {
  // issue 11 item 2: Excel drops the leading 0 of a CCCD kept as a number (every province
  // code starts with 0).
  XlsxFixture x;
  Cells header = kFormHeader;
  header.push_back("Số CCCD");
  x.grid = {header,
            {"1", "Nguyễn Văn An", "nguyenvanan.bs", "0919674667", "000.23.34.H33", "",
             "Cán bộ một cửa", "50 x 3", "XMCD-03", "91085001111"}};
  x.numbers = {{1, 9}};
  auto plan = Parse(WriteXlsx(x), "phieu.xlsx");
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->errors.empty()) << Describe(*plan);
  ASSERT_EQ(plan->rows.size(), 1u);
  EXPECT_EQ(plan->rows[0].official_id, "091085001111");
  EXPECT_TRUE(HasNote(*plan, "số CCCD 091085001111"));
}

}  // namespace
}  // namespace dancu::registry
