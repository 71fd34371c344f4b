// Pages and API routes of officials (Cán bộ khai thác): the lookup screen's
// context, the lookup itself (api_official_lookup.cc) and the official's own
// query history.
#include <set>

#include "audit/audit.h"
#include "audit/count.h"
#include "core/date.h"
#include "gateway/account_view.h"
#include "gateway/gateway.h"
#include "web/api_official.h"

namespace dancu::web {
namespace {

using core::Error;
using nlohmann::json;

// The account's login as the gateway writes it in the audit log (lower case).
std::string ActorKey(const Principal& p) {
  std::string a = p.account;
  for (auto& c : a) c = char(std::tolower(static_cast<unsigned char>(c)));
  return a;
}

Response LookupContext(Services& s, const Request& req, const Params&) {
  const Principal& p = *req.principal;
  json body = {{"account", p.account},
               {"unit_code", p.unit_code},
               {"unit_name", ""},
               {"purposes", json::array()},
               {"quota", {{"used", 0}, {"limit", 0}}},
               {"can_query", false}};
  if (p.account.empty()) {
    body["account_status"] = "none";
    body["reason_code"] = "account_missing";
    body["reason"] =
        "Người dùng của bạn chưa được gắn với tài khoản khai thác "
        "nào; liên hệ quản trị.";
    return JsonResponse(200, body);
  }
  auto v = gateway::ViewAccount(s.db, p.account, core::TodayLocal(), s.access);
  if (!v) {
    if (v.error().code != core::Code::kNotFound) return ErrorJson(v.error());
    body["account_status"] = "unregistered";
    body["reason_code"] = "account_unknown";
    body["reason"] = v.error().message + " Liên hệ đầu mối của đơn vị để đăng ký.";
    return JsonResponse(200, body);
  }
  json purposes = json::array();
  for (const auto& [code, text] : v->purposes) purposes.push_back({{"code", code}, {"text", text}});
  body["full_name"] = v->full_name;
  body["unit_code"] = v->agency_code;
  body["unit_name"] = v->agency_name;
  body["form_unit"] = v->form_unit;
  body["form_unit_name"] = v->form_unit_name;
  body["purposes"] = purposes;
  body["quota"] = {{"used", s.gateway ? s.gateway->QuotaUsed(v->login) : 0},
                   {"limit", v->daily_quota}};
  body["account_status"] = v->status;
  body["status_reason"] = v->status_reason;
  body["form_status"] = v->form_status;
  body["commitment_valid"] = v->commitment_valid;
  body["contact"] = {{"name", v->contact_name},
                     {"position", v->contact_position},
                     {"phone", v->contact_phone},
                     {"email", v->contact_email}};
  body["can_query"] = v->can_query && s.gateway != nullptr;
  if (!v->can_query) {
    body["reason_code"] = v->reason_code;
    body["reason"] = v->reason;
  } else if (!s.gateway) {
    body["reason_code"] = "gateway_disabled";
    body["reason"] = "Cổng truy vấn chưa được bật trên máy chủ này; liên hệ quản trị.";
  }
  return JsonResponse(200, body);
}

core::Result<int> IntParam(const Request& req, const char* key, int fallback, int lo, int hi,
                           const char* label) {
  std::string text = QueryParam(req, key);
  if (text.empty()) return fallback;
  int v = 0;
  try {
    size_t used = 0;
    v = std::stoi(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    return core::Fail(Error::Invalid(std::string(label) + " phải là một số nguyên.",
                                     {{0, key, std::string(label) + " phải là một số nguyên."}}));
  }
  if (v < lo || v > hi) {
    std::string m =
        std::string(label) + " phải từ " + std::to_string(lo) + " đến " + std::to_string(hi) + ".";
    return core::Fail(Error::Invalid(m, {{0, key, m}}));
  }
  return v;
}

// The texts of the purpose codes that appear on a page of history.
std::map<std::string, std::string> PurposeTexts(Services& s, const std::set<std::string>& codes) {
  std::map<std::string, std::string> out;
  if (codes.empty()) return out;
  std::string sql = "SELECT code, text FROM purpose WHERE code IN (";
  store::Params params;
  for (const auto& c : codes) {
    sql += params.empty() ? "?" : ", ?";
    params.push_back(c);
  }
  sql += ")";
  auto rows = s.db.Read([&](store::Tx& tx) { return tx.Query(sql, params); });
  if (rows)
    for (const auto& r : *rows) out[r.Text(0)] = r.Text(1);
  return out;
}

Response History(Services& s, const Request& req, const Params&) {
  const Principal& p = *req.principal;
  if (!s.audit || !s.audit_db)
    return ErrorJson(Error::Unavailable("Nhật ký truy vấn chưa được bật trên máy chủ này."));
  auto offset = IntParam(req, "offset", 0, 0, 1'000'000, "Vị trí bắt đầu");
  if (!offset) return ErrorJson(offset.error());
  auto limit = IntParam(req, "limit", 25, 1, 100, "Số dòng mỗi trang");
  if (!limit) return ErrorJson(limit.error());
  if (p.account.empty()) return JsonResponse(200, {{"items", json::array()}, {"total", 0}});
  // Only the caller's own account: the filter's account is the session's, never
  // a parameter.
  audit::SearchFilter f{.account = ActorKey(p),
                        .from = QueryParam(req, "from"),
                        .to = QueryParam(req, "to"),
                        .kind = "query",
                        .limit = *limit,
                        .offset = *offset};
  const audit::Keys& keys = s.audit->keys();
  auto total = audit::CountRecords(*s.audit_db, keys, f);
  if (!total) {
    auto e = total.error();
    if (e.code == core::Code::kInvalidArgument && e.details.empty()) {
      e.details.push_back(
          {0, e.message.find("Từ ngày") != std::string::npos ? "from" : "to", e.message});
    }
    return ErrorJson(e);
  }
  auto rows = audit::Search(*s.audit_db, keys, f);
  if (!rows) return ErrorJson(rows.error());
  std::set<std::string> codes;
  for (const auto& r : *rows) codes.insert(r.record.purpose);
  auto texts = PurposeTexts(s, codes);
  json items = json::array();
  for (const auto& r : *rows) {
    const audit::Record& rec = r.record;
    auto detail = json::parse(rec.detail, nullptr, false);
    std::string subject = audit::DecryptSubject(keys, r).value_or("");
    json item = {{"seq", rec.seq},
                 {"time", rec.time},
                 {"purpose", rec.purpose},
                 {"purpose_text", texts.contains(rec.purpose) ? texts[rec.purpose] : ""},
                 {"dossier", rec.dossier},
                 {"outcome", rec.outcome},
                 {"reason_code", rec.reason_code},
                 {"reason", rec.reason},
                 {"action", rec.action},
                 {"subject_kind", SubjectKind(subject)},
                 {"subject", MaskSubject(subject)}};
    if (detail.is_object() && detail.contains("found") && detail["found"].is_number_integer())
      item["found"] = detail["found"];
    if (detail.is_object() && detail.contains("channel") && detail["channel"].is_string())
      item["channel"] = detail["channel"];
    items.push_back(std::move(item));
  }
  return JsonResponse(
      200,
      {{"items", std::move(items)}, {"total", *total}, {"offset", *offset}, {"limit", *limit}});
}

Route Page(std::string path, std::string title, std::string script) {
  std::string doc = "trang: " + title;
  return PageRoute(std::move(path), kOfficial, std::move(title), std::move(script), std::move(doc));
}

Route Api(std::string method, std::string pattern, std::string doc) {
  return ApiRoute(std::move(method), std::move(pattern), kOfficial, nullptr, std::move(doc));
}

}  // namespace

std::string SubjectKind(const std::string& n) {
  if (n.empty()) return "none";
  if (n.find('|') != std::string::npos) return "name";
  bool digits = std::all_of(n.begin(), n.end(), [](unsigned char c) { return std::isdigit(c); });
  if (digits && n.size() == 12) return "cccd";
  if (digits && n.size() == 9) return "cmnd";
  return "other";
}

std::string MaskSubject(const std::string& n) {
  if (n.empty()) return "";
  size_t bar = n.find('|');
  if (bar != std::string::npos) {
    // Name key (ASCII upper case, spaces removed by the log) and yyyyMMdd /
    // yyyy.
    std::string name = n.substr(0, std::min<size_t>(bar, 2)) + "***";
    std::string birth = n.substr(bar + 1);
    return birth.size() >= 4 ? name + ", sinh " + birth.substr(0, 4) : name;
  }
  if (n.size() < 6) return std::string(n.size(), '*');  // too short to show any part
  size_t head = n.size() >= 12 ? 4 : 3, tail = 2;
  return n.substr(0, head) + std::string(n.size() - head - tail, '*') + n.substr(n.size() - tail);
}

std::vector<Route> OfficialRoutes() {
  Route lookup =
      Api("POST", "/api/v1/me/lookups", "tra cứu công dân bằng tài khoản khai thác của mình");
  lookup.async_handler = HandleOfficialLookup;
  Route context =
      Api("GET", "/api/v1/me/lookup-context", "mục đích đã đăng ký, hạn mức, trạng thái tài khoản");
  context.handler = LookupContext;
  Route history =
      Api("GET", "/api/v1/me/lookups", "lịch sử tra cứu của chính mình (số định danh đã che)");
  history.handler = History;
  return {
      Page("/tra-cuu", "Tra cứu công dân", "page-official-lookup.js"),
      Page("/tra-cuu/lich-su", "Lịch sử tra cứu", "page-official-history.js"),
      std::move(context),
      std::move(lookup),
      std::move(history),
  };
}

}  // namespace dancu::web
