// Demo data loaded through the same code paths users take.
#include "registry/demo.h"

#include <cstdio>
#include <random>

#include "core/date.h"
#include "core/text.h"
#include "registry/campaign.h"
#include "registry/catalogue.h"
#include "registry/commitment.h"
#include "registry/history.h"
#include "registry/registration.h"
#include "registry/seed_scenario.h"
#include "registry/table_file.h"

namespace dancu::registry {
namespace {

using core::Error;
using core::Fail;

const char* kFamily[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan",
                         "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ", "Dương", "Lâm"};
const char* kMiddleM[] = {"Văn", "Minh", "Hữu", "Quốc", "Thanh", "Đức", "Công"};
const char* kMiddleF[] = {"Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ"};
const char* kGivenM[] = {"An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam",
                         "Phúc", "Quang", "Sơn", "Tâm", "Thắng", "Trí", "Vinh"};
const char* kGivenF[] = {"Anh", "Châu", "Diễm", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai",
                         "Ngân", "Nhung", "Oanh", "Phượng", "Thảo", "Trang", "Yến"};
const char* kRoles[] = {"Cán bộ một cửa", "Công chức, viên chức", "Trưởng phòng",
                        "Lãnh đạo đơn vị"};
const char* kPurposeText[] = {"XMCD-03", "XMCD-04", "XMCD-01; XMCD-02", "XMCD-03; XMCD-04"};

template <size_t N>
const char* Pick(const char* (&items)[N], std::mt19937& rng) {
  return items[std::uniform_int_distribution<size_t>(0, N - 1)(rng)];
}

// A tiny but well-formed one-page PDF standing for a signed scan.
std::string DemoScanPdf(const std::string& unit) {
  std::string body = "BT /F1 12 Tf 72 720 Td (Ban cam ket - ban scan mau - " +
                     core::RemoveDiacritics(unit) + ") Tj ET";
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  auto obj = [&](const std::string& text) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(offsets.size()) + " 0 obj\n" + text + "\nendobj\n";
  };
  obj("<< /Type /Catalog /Pages 2 0 R >>");
  obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>");
  obj("<< /Length " + std::to_string(body.size()) + " >>\nstream\n" + body + "\nendstream");
  obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  size_t xref = pdf.size();
  pdf += "xref\n0 6\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

struct DemoForm {
  std::string unit;  // agency code
  int accounts;
  const char* final_step;  // draft, submitted, returned, approved, sent_c06, active
  bool with_children;      // spread accounts over the unit's offices and communes
};

Result<void> LoadForm(store::Database& db, int64_t campaign, const DemoForm& f, unsigned seed,
                      const std::string& actor, DemoSummary& sum) {
  auto unit = db.Read([&](store::Tx& tx) { return FindOrg(tx, f.unit); });
  if (!unit) return Fail(unit.error());
  std::vector<std::pair<std::string, std::string>> agencies = {{unit->code, unit->name}};
  if (f.with_children) {
    auto kids = db.Read([&](store::Tx& tx) { return ListOrgs(tx, {.parent_code = unit->code}); });
    if (!kids) return Fail(kids.error());
    for (size_t i = 0; i < kids->size(); i += 2) agencies.push_back({(*kids)[i].code, (*kids)[i].name});
  }
  std::string csv = SyntheticFormCsv(unit->name, agencies, f.accounts, seed,
                                     "." + core::FoldForSearch(unit->short_name).substr(0, 6));
  auto imported = ImportForm(db, campaign, unit->code, csv, "phieu-dang-ky.csv", actor);
  if (!imported) return Fail(imported.error());
  sum.forms++;
  sum.accounts += int(imported->plan.rows.size());
  std::string step = f.final_step;
  if (step == "draft") return {};
  if (auto r = ApplyFormAction(db, campaign, unit->code, FormAction::kSubmit, "", actor); !r) return Fail(r.error());
  if (step == "submitted") return {};
  if (step == "returned") {
    auto r = ApplyFormAction(db, campaign, unit->code, FormAction::kReturn,
                             "Thiếu danh sách công chức Văn phòng; bổ sung số điện thoại đầu mối.", actor);
    return r ? Result<void>() : Fail(r.error());
  }
  if (auto r = ApplyFormAction(db, campaign, unit->code, FormAction::kApprove, "", actor); !r) return Fail(r.error());
  if (step == "approved") return {};
  if (auto r = ApplyFormAction(db, campaign, unit->code, FormAction::kSendC06, "", actor); !r) return Fail(r.error());
  if (step == "sent_c06") return {};
  CommitmentInput ci{.org_code = unit->code, .rep_name = "Trần Minh Khoa", .nationality = "Việt Nam",
                     .id_number = "091080001234", .phone = "0297 3862 123",
                     .issue_date = "2021-05-10", .issue_place = "Cục Cảnh sát QLHC về TTXH",
                     .position = "Giám đốc", .sign_place = "Kiên Giang", .sign_date = "2021-07-20",
                     .valid_to = "", .scan = DemoScanPdf(unit->name),
                     .scan_filename = "ban-cam-ket-da-ky.pdf"};
  if (auto c = AddCommitment(db, ci, actor); !c) return Fail(c.error());
  auto r = ApplyFormAction(db, campaign, unit->code, FormAction::kActivate, "", actor);
  return r ? Result<void>() : Fail(r.error());
}

// A synthetic CCCD of a Kiên Giang official (province code 091; TT 59/2021: sex and century
// digit, two digits of the birth year, six of serial), aged 25 to 55 in 2021. The serial
// counts rows from a base taken from the seed, so the numbers of one form never repeat and
// those of forms with seeds apart by less than 10,000 and fewer than 100 rows neither.
std::string SyntheticCccd(unsigned seed, int row, bool female) {
  int year = 1966 + int((seed + unsigned(row) * 7u) % 31u);
  unsigned serial = ((seed % 10000u) * 100u + unsigned(row)) % 1000000u;
  char id[32];
  std::snprintf(id, sizeof id, "091%d%02d%06u", female ? 1 : 0, year % 100, serial);
  return id;
}

}  // namespace

std::string SyntheticFormCsv(const std::string& unit_name,
                             const std::vector<std::pair<std::string, std::string>>& agencies,
                             int count, unsigned seed, const std::string& login_suffix) {
  std::mt19937 rng(seed);
  std::string csv;
  csv += "PHIẾU ĐĂNG KÝ KẾT NỐI CSDL QUỐC GIA VỀ DÂN CƯ,,,,,,,,\n";
  csv += "\"1. Đơn vị đăng ký: " + unit_name + "\",,,,,,,,\n";
  csv += "\"2. Tên Hệ thống CSDL: Hệ thống thông tin một cửa điện tử; Cổng dịch vụ công\",,,,,,,,\n";
  csv += "\"Họ tên: Lê Thị Hồng Nhung\",\"Chức vụ: Chuyên viên\",,,,,,,\n";
  csv += "\"Số điện thoại: 0911 222 333\",\"Email: motcua@example.gov.vn\",,,,,,,\n";
  csv += "TT,Họ tên,Tài khoản đăng nhập,SĐT,Mã cơ quan,Tên cơ quan,Vai trò trách nhiệm,"
         "Số lần truy vấn trong ngày,Mục đích sử dụng,Số CCCD/định danh của cán bộ\n";
  for (int i = 0; i < count; ++i) {
    bool female = rng() % 2;
    std::string family = Pick(kFamily, rng);
    std::string given = female ? Pick(kGivenF, rng) : Pick(kGivenM, rng);
    std::string name = family + " " + (female ? Pick(kMiddleF, rng) : Pick(kMiddleM, rng)) + " " + given;
    std::string login = core::FoldForSearch(given + family) + std::to_string(i + 1) + login_suffix;
    std::erase(login, ' ');
    char phone[16];
    std::snprintf(phone, sizeof phone, "09%08u", unsigned(rng() % 100000000));
    const auto& agency = agencies[size_t(i) % agencies.size()];
    int dossiers = 10 + int(rng() % 5) * 10;
    csv += std::to_string(i + 1) + "," + name + "," + login + "," + phone + "," + agency.first +
           ",\"" + agency.second + "\",\"" + Pick(kRoles, rng) + "\"," +
           std::to_string(dossiers) + " x 3,\"" + Pick(kPurposeText, rng) + "\"," +
           SyntheticCccd(seed, i, female) + "\n";
  }
  csv += ",,,,,,NGƯỜI ĐẠI DIỆN ĐƠN VỊ,,\n";
  return csv;
}

Result<int> ImportPurposesCsv(store::Database& db, std::string_view csv, const std::string& actor) {
  auto table = ReadCsv(csv);
  if (!table) return Fail(table.error());
  return db.Write([&](store::Tx& tx) -> Result<int> {
    int n = 0;
    for (size_t i = 1; i < table->rows.size(); ++i) {
      const auto& row = table->rows[i];
      if (row.size() < 2 || row[0].empty()) continue;
      std::string text = core::CollapseSpaces(core::ToNfc(row[1]));
      // Optional third column ma_quoc_gia: the national public-service code (MaDVC upstream).
      std::string national = row.size() > 2 ? core::CollapseSpaces(row[2]) : "";
      auto st = tx.Exec("INSERT INTO purpose (code, text, text_key, national_code) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (code) DO UPDATE SET text = excluded.text, "
                        "text_key = excluded.text_key, national_code = excluded.national_code",
                        {core::CollapseSpaces(row[0]), text, core::FoldForSearch(text), national});
      if (!st) return Fail(st.error());
      ++n;
    }
    auto rec = RecordChange(tx, {.actor = actor, .entity = "purpose", .entity_id = "*",
                                 .action = "import", .detail = std::to_string(n) + " mục đích"});
    if (!rec) return Fail(rec.error());
    return n;
  });
}

Result<DemoSummary> LoadDemo(store::Database& db, const std::string& actor) {
  auto count = db.Read([](store::Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM org", {}, "org"); });
  if (!count) return Fail(count.error());
  if (count->Int(0) > 0) {
    return Fail(Error::Conflict("Cơ sở dữ liệu đã có danh mục đơn vị; dữ liệu mẫu chỉ nạp vào "
                                "cơ sở dữ liệu trống (dùng --db với tệp mới)."));
  }
  DemoSummary sum;
  auto orgs = ImportOrgsCsv(db, DemoFile("kiengiang_2021_orgs.csv"), actor);
  if (!orgs) return Fail(orgs.error());
  sum.orgs = orgs->inserted;
  auto purposes = ImportPurposesCsv(db, DemoFile("purposes.csv"), actor);
  if (!purposes) return Fail(purposes.error());
  sum.purposes = *purposes;
  auto campaign = CreateCampaign(
      db, {.name = "Đăng ký khai thác CSDL quốc gia về dân cư năm 2021",
           .basis = "Kế hoạch số 129/KH-UBND ngày 06/7/2021 của UBND tỉnh Kiên Giang",
           .open_date = "2021-07-27", .deadline = "2021-07-30", .targets = {}, .rules = {}},
      actor);
  if (!campaign) return Fail(campaign.error());
  sum.campaign_id = *campaign;
  const DemoForm forms[] = {
      {"000.00.16.H33", 8, "active", false},     // Sở Thông tin và Truyền thông
      {"000.00.08.H33", 6, "approved", false},   // Sở Tư pháp
      {"000.00.02.H33", 5, "submitted", false},  // Sở Tài chính
      {"000.00.20.H33", 4, "returned", false},   // Sở Nội vụ
      {"000.00.38.H33", 24, "submitted", true},  // UBND huyện Gò Quao
      {"000.00.34.H33", 6, "draft", true},       // UBND huyện Hòn Đất
  };
  unsigned seed = 2021;
  for (const auto& f : forms) {
    if (auto st = LoadForm(db, *campaign, f, seed++, actor, sum); !st) return Fail(st.error());
  }
  auto scenario = LoadSeedScenario(db, actor);
  if (!scenario) return Fail(scenario.error());
  sum.seed_campaign_id = scenario->campaign_id;
  sum.forms += scenario->forms;
  sum.accounts += scenario->accounts;
  return sum;
}

}  // namespace dancu::registry
