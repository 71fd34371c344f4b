// The "new campaign" form: field-by-field checks and targets chosen by kind or code.
#include "registry/campaign_form.h"

#include <map>
#include <optional>
#include <set>

#include "core/text.h"
#include "registry/catalogue.h"

namespace dancu::registry {

using core::Error;
using core::Fail;
using core::FieldError;

namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : " ") + s;
  return out;
}

}  // namespace

Result<CampaignSpec> CampaignSpecFromForm(store::Tx& tx, const CampaignForm& f) {
  std::vector<FieldError> errors;
  auto bad = [&](const char* column, std::string message) {
    errors.push_back({0, column, std::move(message)});
  };
  CampaignSpec spec;
  spec.rules = f.rules;
  spec.name = core::CollapseSpaces(f.name);
  if (spec.name.empty()) bad("name", "Hãy nhập tên đợt đăng ký.");
  spec.basis = core::CollapseSpaces(f.basis);
  if (spec.basis.empty()) {
    bad("basis", "Hãy nhập căn cứ của đợt, ví dụ \"Kế hoạch số 129/KH-UBND ngày 06/7/2021\".");
  }
  std::optional<core::Date> open = core::TodayLocal(), deadline;
  if (std::string text = core::CollapseSpaces(f.open_date); !text.empty()) {
    auto d = core::Date::Parse(text, "Ngày mở đợt");
    if (d) open = *d;
    else { open.reset(); bad("open_date", d.error().message); }
  }
  if (std::string text = core::CollapseSpaces(f.deadline); text.empty()) {
    bad("deadline", "Hãy nhập hạn chót đăng ký.");
  } else if (auto d = core::Date::Parse(text, "Hạn chót"); !d) {
    bad("deadline", d.error().message);
  } else if (open && *d < *open) {
    bad("deadline", "Hạn chót " + d->Vietnamese() + " trước ngày mở đợt " + open->Vietnamese() + ".");
  } else {
    deadline = *d;
  }

  std::set<OrgKind> kinds;
  for (const auto& k : f.target_kinds) {
    auto kind = ParseKind(k);
    if (!kind || *kind == OrgKind::kProvince) {
      bad("target_kinds", "Loại đơn vị \"" + k + "\" không chọn được; chọn sở, huyện, phòng hoặc xã.");
    } else {
      kinds.insert(*kind);
    }
  }
  std::vector<std::string> listed;
  if (auto codes = ParseTargetList(f.target_codes); !codes) {
    std::vector<std::string> lines;
    for (const auto& d : codes.error().details) lines.push_back("Dòng " + std::to_string(d.row) + ": " + d.message);
    bad("target_codes", lines.empty() ? codes.error().message : Join(lines));
  } else {
    listed = std::move(*codes);
  }
  if (kinds.empty() && listed.empty() && f.target_kinds.empty()) {
    bad("target_kinds", "Chọn ít nhất một loại đơn vị, hoặc nhập mã các đơn vị phải đăng ký.");
  }

  if (deadline) {
    auto orgs = ListOrgs(tx, {});
    if (!orgs) return Fail(orgs.error());
    std::map<std::string, const Org*> by_code;
    for (const auto& o : *orgs) by_code[o.code] = &o;
    std::set<std::string> wanted;
    std::vector<std::string> problems;
    for (const auto& code : listed) {
      auto it = by_code.find(code);
      if (it == by_code.end()) {
        problems.push_back("Mã " + code + " không có trong danh mục đơn vị.");
      } else if (!it->second->ValidOn(*deadline)) {
        problems.push_back(it->second->name + " (" + code + ") không còn hiệu lực vào hạn chót " +
                           deadline->Vietnamese() + ".");
      } else {
        wanted.insert(code);
      }
    }
    if (!problems.empty()) bad("target_codes", Join(problems));
    bool any_of_kinds = false;
    for (const auto& o : *orgs) {
      bool of_kind = kinds.contains(o.kind) && o.ValidOn(*deadline);
      any_of_kinds = any_of_kinds || of_kind;
      if (of_kind || wanted.contains(o.code)) spec.targets.push_back(o.code);
    }
    if (!kinds.empty() && !any_of_kinds) {
      bad("target_kinds", "Danh mục không có đơn vị nào thuộc loại đã chọn còn hiệu lực vào hạn chót " +
                              deadline->Vietnamese() + "; chọn hạn chót khác hoặc cập nhật danh mục.");
    }
  }
  if (!errors.empty()) return Fail(Error::Invalid("Thông tin đợt đăng ký chưa đúng; xem các ô được đánh dấu.", errors));
  spec.open_date = open->Iso();
  spec.deadline = deadline->Iso();
  return spec;
}

}  // namespace dancu::registry
