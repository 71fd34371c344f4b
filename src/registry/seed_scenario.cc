// The seed letter's situation on 23/8/2021, built through the import and workflow paths.
#include "registry/seed_scenario.h"

#include <map>

#include "core/text.h"
#include "registry/registry.h"

namespace dancu::registry {
namespace {

using core::Error;
using core::Fail;

struct District {
  const char* name;                    // short name in the catalogue
  std::vector<const char*> offices;    // short names; "*" = all
  std::vector<const char*> communes;   // short names without the type; "*" = all
};

// Footnote 2's order, which is the order the districts submitted in.
const std::vector<District>& Districts() {
  static const std::vector<District> d = {
      {"Hòn Đất", {}, {"Sóc Sơn", "Bình Sơn", "Lình Huỳnh"}},
      {"Kiên Lương", {"*"}, {"*"}},
      {"Giồng Riềng", {}, {"Thạnh Bình", "Thạnh Lộc"}},
      {"Gò Quao",
       {"Văn phòng HĐND-UBND huyện", "Nông nghiệp và Phát triển nông thôn", "Tài chính-Kế hoạch",
        "Tư pháp", "Kinh tế và Hạ tầng", "Thanh tra", "Lao động-Thương binh và Xã hội",
        "Giáo dục và Đào tạo"},
       {"Gò Quao", "Vĩnh Thắng", "Vĩnh Hòa Hưng Bắc", "Định Hòa"}},
      // Footnote 6 names "xã Vĩnh Phong", but in the GSO list of 2021 Vĩnh Phong belongs to
      // Vĩnh Thuận, which footnote 4 lists as not registered: both cannot hold. We keep
      // footnote 4 and give An Minh one commune of its own, its seat.
      {"An Minh", {}, {"Thứ Mười Một"}},
      {"Châu Thành", {"*"}, {"*"}},
      {"Rạch Giá", {"*"}, {"*"}},
      {"Phú Quốc", {"*"}, {"*"}},
  };
  return d;
}

std::string Stem(const std::string& short_name) {  // "thị trấn Sóc Sơn" → "Sóc Sơn"
  for (const char* prefix : {"thị trấn ", "phường ", "xã "}) {
    if (short_name.starts_with(prefix)) return short_name.substr(std::string(prefix).size());
  }
  return short_name;
}

bool Wanted(const std::vector<const char*>& list, const std::string& name) {
  for (const char* w : list) if (std::string(w) == "*" || std::string(w) == name) return true;
  return false;
}

using Agencies = std::vector<std::pair<std::string, std::string>>;

std::string At(int day_of_august_or_july, bool july) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "2021-%s-%02dT09:00:00+07:00", july ? "07" : "08", day_of_august_or_july);
  return buf;
}

// Imports a form with the given agencies (each entry one account), submits it on `at` and,
// when `approve_at` is set, approves it then.
Result<int> LoadForm(store::Database& db, int64_t campaign, const Org& unit, const Agencies& agencies,
                     int seq, const std::string& at, const std::string& approve_at,
                     const std::string& actor) {
  std::string csv = SyntheticFormCsv(unit.name, agencies, int(agencies.size()), 1000u + unsigned(seq),
                                     ".f" + std::to_string(seq));
  auto imported = ImportForm(db, campaign, unit.code, csv, "phieu-dang-ky.csv", actor);
  if (!imported) {
    Error e = imported.error();
    e.message = unit.name + ": " + e.message;
    return Fail(e);
  }
  if (auto r = ApplyFormAction(db, campaign, unit.code, FormAction::kSubmit, "", actor, at); !r) return Fail(r.error());
  if (!approve_at.empty()) {
    if (auto r = ApplyFormAction(db, campaign, unit.code, FormAction::kApprove, "", actor, approve_at); !r)
      return Fail(r.error());
  }
  return int(agencies.size());
}

}  // namespace

const SeedFacts& TheSeedFacts() {
  static const SeedFacts f = {
      {"Nông nghiệp và Phát triển nông thôn", "Tài chính", "Thanh tra", "Giáo dục và Đào tạo",
       "BQL KKT tỉnh", "BQL KKT Phú Quốc", "Công Thương", "Tư pháp", "Dân tộc",
       "Cục Quản lý thị trường", "Giao thông vận tải", "Du lịch", "Khoa học và Công nghệ",
       "Kế hoạch và Đầu tư", "Văn hóa và Thể thao", "Thông tin và Truyền thông", "Ngoại vụ", "Thuế"},
      {"Hòn Đất", "Kiên Lương", "Giồng Riềng", "Gò Quao", "An Minh", "Châu Thành", "Rạch Giá", "Phú Quốc"},
      {"Sở Tài nguyên và Môi trường", "Sở Nội vụ", "Sở Lao động - Thương binh và Xã hội",
       "Sở Xây dựng", "Sở Y tế"},
      {"Tân Hiệp", "Vĩnh Thuận", "U Minh Thượng", "Kiên Hải", "Giang Thành", "Hà Tiên", "An Biên"},
  };
  return f;
}

Result<SeedScenario> LoadSeedScenario(store::Database& db, const std::string& actor) {
  CampaignSpec spec{.name = "Đăng ký khai thác cơ sở dữ liệu quốc gia về dân cư năm 2021",
                    .basis = "Kế hoạch số 129/KH-UBND ngày 06 tháng 7 năm 2021 của Ủy ban nhân dân "
                             "tỉnh Kiên Giang về việc triển khai kết nối cơ sở dữ liệu quốc gia về dân "
                             "cư phục vụ xử lý thủ tục hành chính, cung cấp dịch vụ công trực tuyến",
                    .open_date = "2021-07-27", .deadline = "2021-07-30", .targets = {}, .rules = {}};
  spec.rules.needs_commitment = false;
  auto campaign = CreateCampaign(db, spec, actor);
  if (!campaign) return Fail(campaign.error());
  auto orgs = db.Read([](store::Tx& tx) { return ListOrgs(tx, {}); });
  if (!orgs) return Fail(orgs.error());
  std::map<std::string, const Org*> by_short;  // sở and districts by short name
  std::map<std::string, std::vector<const Org*>> children;
  for (const auto& o : *orgs) {
    if (o.kind == OrgKind::kDepartment || o.kind == OrgKind::kDistrict) by_short[o.short_name] = &o;
    children[o.parent_code].push_back(&o);
  }
  SeedScenario out{*campaign, 0, 0};
  const SeedFacts& facts = TheSeedFacts();
  int seq = 0;
  // Footnote 1: 18 sở, 182 officials (10 each, the first two 11), submitted 28/7–13/8.
  for (size_t i = 0; i < facts.registered_departments.size(); ++i) {
    const Org* unit = by_short.at(facts.registered_departments[i]);
    Agencies agencies(i < 2 ? 11 : 10, {unit->code, unit->name});
    std::string at = i < 4 ? At(28 + int(i), true) : At(int(i) - 3, false);
    auto n = LoadForm(db, *campaign, *unit, agencies, ++seq, at, i % 3 == 0 ? At(20, false) : "", actor);
    if (!n) return Fail(n.error());
    out.forms++;
    out.accounts += *n;
  }
  // Footnote 2 and 5–8: districts, 351 officials of UBND huyện and offices (56 offices:
  // 15 with 7 officials, 41 with 6), 3 officials per registered commune.
  int office_index = 0;
  for (size_t i = 0; i < Districts().size(); ++i) {
    const District& d = Districts()[i];
    const Org* unit = by_short.at(d.name);
    Agencies agencies;
    for (const Org* child : children[unit->code]) {
      if (child->kind == OrgKind::kOffice && Wanted(d.offices, child->short_name)) {
        agencies.insert(agencies.end(), office_index++ < 15 ? 7 : 6, {child->code, child->name});
      } else if (child->kind == OrgKind::kCommune && Wanted(d.communes, Stem(child->short_name))) {
        agencies.insert(agencies.end(), 3, {child->code, child->name});
      }
    }
    auto n = LoadForm(db, *campaign, *unit, agencies, ++seq, At(2 + 2 * int(i), false),
                      i == 1 ? At(21, false) : "", actor);
    if (!n) return Fail(n.error());
    out.forms++;
    out.accounts += *n;
  }
  if (office_index != 56) {
    return Fail(Error::Internal("Kịch bản công văn mẫu: số phòng ban đăng ký là " +
                                std::to_string(office_index) + ", cần 56."));
  }
  return out;
}

}  // namespace dancu::registry
