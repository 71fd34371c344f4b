// Campaigns: creation with validated targets, listing, lookup.
#include "registry/campaign.h"

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "core/validate.h"
#include "registry/catalogue.h"
#include "registry/history.h"

namespace dancu::registry {
namespace {

using core::Error;
using core::Fail;
using core::FieldError;

std::string RulesJson(const CompletenessRules& r) {
  return nlohmann::json{{"district_needs_self", r.district_needs_self},
                        {"district_needs_offices", r.district_needs_offices},
                        {"district_needs_communes", r.district_needs_communes},
                        {"needs_commitment", r.needs_commitment}}
      .dump();
}

CompletenessRules RulesFromJson(const std::string& text) {
  CompletenessRules r;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return r;
  r.district_needs_self = j.value("district_needs_self", r.district_needs_self);
  r.district_needs_offices = j.value("district_needs_offices", r.district_needs_offices);
  r.district_needs_communes = j.value("district_needs_communes", r.district_needs_communes);
  r.needs_commitment = j.value("needs_commitment", r.needs_commitment);
  return r;
}

constexpr std::string_view kCampaignColumns =
    "SELECT c.id, c.name, c.basis, c.open_date, c.deadline, c.rules, c.created_at, "
    "c.created_by, (SELECT COUNT(*) FROM campaign_target t WHERE t.campaign_id = c.id) "
    "FROM campaign c";

Campaign CampaignFromRow(const store::Row& r) {
  Campaign c;
  c.id = r.Int(0);
  c.name = r.Text(1);
  c.basis = r.Text(2);
  c.open_date = core::Date::Parse(r.Text(3)).value_or(core::Date{});
  c.deadline = core::Date::Parse(r.Text(4)).value_or(core::Date{});
  c.rules = RulesFromJson(r.Text(5));
  c.created_at = r.Text(6);
  c.created_by = r.Text(7);
  c.target_count = int(r.Int(8));
  return c;
}

// Checks the explicit targets exist and are valid on the deadline; or picks the default.
Result<std::vector<std::string>> ResolveTargets(store::Tx& tx, const CampaignSpec& spec,
                                                const core::Date& deadline) {
  std::vector<std::string> codes;
  if (spec.targets.empty()) {
    auto orgs = ListOrgs(tx, {.valid_on = deadline});
    if (!orgs) return Fail(orgs.error());
    for (const auto& o : *orgs) {
      if (o.kind != OrgKind::kProvince) codes.push_back(o.code);
    }
    if (codes.empty()) {
      return Fail(Error::Invalid("Danh mục không có đơn vị nào còn hiệu lực vào ngày " +
                                 deadline.Vietnamese() + "; hãy nhập danh mục trước."));
    }
    return codes;
  }
  std::vector<FieldError> errors;
  for (size_t i = 0; i < spec.targets.size(); ++i) {
    auto org = FindOrg(tx, spec.targets[i]);
    if (!org) {
      errors.push_back({int(i + 1), "ma_dinh_danh", org.error().message});
    } else if (!org->ValidOn(deadline)) {
      errors.push_back({int(i + 1), "ma_dinh_danh",
                        org->name + " không còn hiệu lực vào hạn chót " + deadline.Vietnamese()});
    } else {
      codes.push_back(org->code);
    }
  }
  if (!errors.empty()) return Fail(Error::Invalid("Danh sách đơn vị đích có lỗi.", errors));
  return codes;
}

}  // namespace

Result<int64_t> CreateCampaign(store::Database& db, const CampaignSpec& spec,
                               const std::string& actor) {
  std::string name = core::CollapseSpaces(spec.name);
  std::string basis = core::CollapseSpaces(spec.basis);
  if (name.empty()) return Fail(Error::Invalid("Thiếu tên đợt đăng ký (--name)."));
  if (basis.empty()) return Fail(Error::Invalid("Thiếu căn cứ (--basis), ví dụ \"Kế hoạch số 129/KH-UBND ngày 06/7/2021\"."));
  auto deadline = core::Date::Parse(spec.deadline, "Hạn chót");
  if (!deadline) return Fail(deadline.error());
  auto open = spec.open_date.empty() ? Result<core::Date>(core::TodayLocal())
                                     : core::Date::Parse(spec.open_date, "Ngày mở");
  if (!open) return Fail(open.error());
  if (*deadline < *open) {
    return Fail(Error::Invalid("Hạn chót " + deadline->Vietnamese() + " trước ngày mở đợt " +
                               open->Vietnamese() + "."));
  }
  return db.Write([&](store::Tx& tx) -> Result<int64_t> {
    auto targets = ResolveTargets(tx, spec, *deadline);
    if (!targets) return Fail(targets.error());
    auto row = tx.QueryOne(
        "INSERT INTO campaign (name, basis, open_date, deadline, rules, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {name, basis, open->Iso(), deadline->Iso(), RulesJson(spec.rules), core::NowLocalIso(),
         actor},
        "đợt đăng ký vừa tạo");
    if (!row) return Fail(row.error());
    int64_t id = row->Int(0);
    for (const auto& code : *targets) {
      auto st = tx.Exec("INSERT INTO campaign_target (campaign_id, org_code) VALUES (?, ?)",
                        {id, code});
      if (!st) return Fail(st.error());
    }
    auto rec = RecordChange(tx, {.actor = actor, .entity = "campaign",
                                 .entity_id = std::to_string(id), .action = "create",
                                 .detail = name + "; " + std::to_string(targets->size()) +
                                           " đơn vị; hạn " + deadline->Vietnamese()});
    if (!rec) return Fail(rec.error());
    return id;
  });
}

Result<std::vector<Campaign>> ListCampaigns(store::Tx& tx) {
  auto rows = tx.Query(std::string(kCampaignColumns) + " ORDER BY c.id", {});
  if (!rows) return Fail(rows.error());
  std::vector<Campaign> out;
  for (const auto& r : *rows) out.push_back(CampaignFromRow(r));
  return out;
}

Result<Campaign> GetCampaign(store::Tx& tx, int64_t id) {
  auto row = tx.QueryOne(std::string(kCampaignColumns) + " WHERE c.id = ?", {id},
                         "đợt đăng ký số " + std::to_string(id));
  if (!row) return Fail(row.error());
  return CampaignFromRow(*row);
}

Result<std::vector<std::string>> CampaignTargets(store::Tx& tx, int64_t id) {
  auto rows = tx.Query(
      "SELECT t.org_code FROM campaign_target t JOIN org o ON o.code = t.org_code "
      "WHERE t.campaign_id = ? ORDER BY o.position",
      {id});
  if (!rows) return Fail(rows.error());
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.Text(0));
  return out;
}

Result<std::vector<std::string>> ParseTargetList(std::string_view text) {
  std::vector<std::string> codes;
  std::vector<FieldError> errors;
  int line_no = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line = core::CollapseSpaces(text.substr(start, end - start));
    start = end + 1;
    ++line_no;
    if (auto comma = line.find_first_of(",;\t"); comma != std::string::npos) line.resize(comma);
    if (line.empty() || core::FoldForSearch(line) == "ma_dinh_danh") continue;
    auto code = core::AgencyCode::Parse(line);
    if (!code) errors.push_back({line_no, "ma_dinh_danh", code.error().message});
    else codes.push_back(code->value());
    if (end == text.size()) break;
  }
  if (!errors.empty()) return Fail(Error::Invalid("Tệp danh sách đơn vị đích có lỗi.", errors));
  return codes;
}

}  // namespace dancu::registry
