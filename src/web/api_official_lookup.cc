// An official's lookup from the web application: the form checked field by
// field, then the gateway's pipeline as the official's registry account (same
// checks, quota and audit as an integrated system), answered when the audit
// record is durable.
#include <algorithm>

#include "core/date.h"
#include "core/text.h"
#include "core/validate.h"
#include "gateway/gateway.h"
#include "population/display.h"
#include "web/api_gateway.h"
#include "web/api_official.h"
#include "web/json.h"

namespace dancu::web {
namespace {

using core::Error;
using core::FieldError;
using nlohmann::json;

constexpr size_t kMaxDossier = 64;  // characters

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  std::string v = it->get<std::string>();
  // json::parse guarantees UTF-8; a body built otherwise is refused by the
  // rules below.
  if (!core::IsValidUtf8(v)) return "\x01";
  return core::CollapseSpaces(core::ToNfc(v));
}

size_t CodePoints(std::string_view s) {
  return size_t(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd or yyyy.
core::Result<population::BirthDate> ParseBirth(const std::string& text) {
  const core::Date today = core::TodayLocal();
  if (text.empty())
    return core::Fail(Error::Invalid("Hãy nhập ngày sinh (dd/mm/yyyy) hoặc năm sinh (yyyy)."));
  if (text.size() == 4 &&
      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    int year = std::stoi(text);
    if (year < 1900 || year > today.year()) {
      return core::Fail(
          Error::Invalid("Năm sinh phải từ 1900 đến " + std::to_string(today.year()) + "."));
    }
    return population::BirthDate{year, 0, 0};
  }
  auto d = core::Date::Parse(text, "Ngày sinh");
  if (!d)
    return core::Fail(Error::Invalid("Ngày sinh \"" + text +
                                     "\" không đúng; nhập dạng dd/mm/yyyy (ví "
                                     "dụ 27/04/1992) hoặc chỉ năm sinh."));
  if (*d > today) return core::Fail(Error::Invalid("Ngày sinh không được sau hôm nay."));
  if (d->year() < 1900) return core::Fail(Error::Invalid("Năm sinh phải từ 1900 trở về sau."));
  return population::BirthDate{d->year(), int(d->month()), int(d->day())};
}

// The web's own fields beside the contract's: readable names of codes, for the
// answer card.
json CitizenWebJson(const population::Citizen& c) {
  json j = CitizenJson(c);
  json text = json::object();
  auto address = [&](const char* key, const population::Address& a) {
    if (j.contains(key)) {
      if (auto t = population::AddressText(a); !t.empty()) text[key] = t;
    }
  };
  address("NoiDangKyKhaiSinh", c.birth_registration);
  address("QueQuan", c.hometown);
  address("ThuongTru", c.permanent);
  address("NoiOHienTai", c.current);
  if (j.contains("DanToc")) text["DanToc"] = population::EthnicityName(c.ethnicity);
  if (j.contains("TonGiao")) text["TonGiao"] = population::ReligionName(c.religion);
  if (j.contains("QuocTich")) text["QuocTich"] = population::NationalityName(c.nationality);
  j["text"] = std::move(text);
  return j;
}

// The gateway's refusal with its reason code; the quota as counted now (a
// refusal before the quota check carries no count of its own).
Response Refusal(const gateway::LookupOutcome& out, int used_now) {
  json body = ToJson(out.error);
  body["error"]["reason"] = out.reason_code;
  if (out.quota_limit > 0)
    body["quota"] = {{"used", std::max(out.quota_used, used_now)}, {"limit", out.quota_limit}};
  return JsonResponse(HttpStatus(out.error.code), body);
}

}  // namespace

core::Result<LookupForm> ParseLookupForm(const json& body) {
  std::vector<FieldError> errors;
  auto wrong = [&](const char* column, std::string message) {
    errors.push_back({0, column, std::move(message)});
  };
  LookupForm f;
  std::string cccd = Str(body, "cccd"), cmnd = Str(body, "cmnd"), name = Str(body, "name"),
              birth = Str(body, "birth");
  std::string by = Str(body, "by");
  if (by.empty())
    by = !cccd.empty()                     ? "cccd"
         : !cmnd.empty()                   ? "cmnd"
         : !name.empty() || !birth.empty() ? "name"
                                           : "";
  if (by == "cccd") {
    if (cccd.empty())
      wrong("cccd", "Hãy nhập số CCCD của công dân.");
    else if (auto v = core::Cccd::Parse(cccd))
      f.query.id_number = v->value();
    else
      wrong("cccd", v.error().message);
  } else if (by == "cmnd") {
    if (cmnd.empty())
      wrong("cmnd", "Hãy nhập số CMND của công dân.");
    else if (auto v = core::Cmnd::Parse(cmnd))
      f.query.cmnd = v->value();
    else
      wrong("cmnd", v.error().message);
  } else if (by == "name") {
    if (name.empty())
      wrong("name", "Hãy nhập họ và tên của công dân.");
    else if (auto v = core::PersonName::Parse(name)) {
      f.full_name = v->value();
      f.query.name_key = population::NameKey(f.full_name);
    } else
      wrong("name", v.error().message);
    if (auto b = ParseBirth(birth))
      f.query.birth = *b;
    else
      wrong("birth", b.error().message);
  } else if (by.empty()) {
    wrong("cccd", "Hãy nhập số CCCD, số CMND, hoặc họ tên cùng ngày sinh của công dân.");
  } else {
    wrong("by", "Cách tra cứu phải là \"cccd\", \"cmnd\" hoặc \"name\".");
  }
  f.purpose = Str(body, "purpose");
  if (f.purpose.empty()) wrong("purpose", "Hãy chọn mục đích tra cứu.");
  f.dossier = Str(body, "dossier");
  if (f.dossier.empty()) {
    wrong("dossier",
          "Hãy nhập số hồ sơ đang giải quyết (mỗi lần tra cứu phải "
          "gắn với một hồ sơ).");
  } else if (CodePoints(f.dossier) > kMaxDossier) {
    wrong("dossier", "Số hồ sơ dài tối đa " + std::to_string(kMaxDossier) + " ký tự (đang có " +
                         std::to_string(CodePoints(f.dossier)) + ").");
  } else if (std::any_of(f.dossier.begin(), f.dossier.end(),
                         [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    wrong("dossier", "Số hồ sơ có ký tự không hợp lệ; chỉ nhập chữ, số và dấu - . / _.");
  }
  if (!errors.empty()) {
    std::string message = errors.size() == 1
                              ? errors[0].message
                              : "Thông tin tra cứu chưa đúng ở " + std::to_string(errors.size()) +
                                    " ô; sửa các ô được đánh dấu rồi tra cứu lại.";
    return core::Fail(Error::Invalid(std::move(message), std::move(errors)));
  }
  return f;
}

void HandleOfficialLookup(Services& s, Request req, Params, Reply reply) {
  const Principal& p = *req.principal;
  if (p.account.empty()) {
    return reply(
        ErrorJson(Error::Denied("Người dùng của bạn chưa được gắn với tài "
                                "khoản khai thác nào; liên hệ quản trị.")));
  }
  if (!s.gateway)
    return reply(ErrorJson(Error::Unavailable("Cổng truy vấn chưa được bật trên máy chủ này.")));
  auto body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return reply(ErrorJson(Error::Invalid("Nội dung yêu cầu phải là một đối tượng JSON hợp lệ.")));
  }
  auto form = ParseLookupForm(body);
  if (!form) return reply(ErrorJson(form.error()));
  gateway::LookupInput in;
  in.account = p.account;  // never from the body: the session says who queries
  in.purpose = form->purpose;
  in.dossier = form->dossier;
  in.web_user = p.login;  // which web user acted for the account, in the audit detail
  in.query = std::move(form->query);
  in.full_name = form->full_name;
  in.channel = "web";
  // The session identified the official: no API key; the web application serves
  // every unit.
  in.trusted_system =
      gateway::System{.name = "Ứng dụng web dancu", .units = {"*"}, .status = "active"};
  s.gateway->Handle(std::move(in), [reply = std::move(reply), gw = s.gateway,
                                    account = p.account](gateway::LookupOutcome out) {
    if (!out.allowed) return reply(Refusal(out, gw->QuotaUsed(account)));
    json list = json::array();
    for (const auto& c : out.citizens) list.push_back(CitizenWebJson(c));
    reply(JsonResponse(200, {{"allowed", true},
                             {"citizens", std::move(list)},
                             {"quota", {{"used", out.quota_used}, {"limit", out.quota_limit}}},
                             {"audit_seq", out.audit_seq}}));
  });
}

}  // namespace dancu::web
