// API handlers of compliance and documents: parse, call one function, render.
#include "web/api_docs.h"

#include "compliance/compliance.h"
#include "docs/documents.h"
#include "docs/pdf.h"
#include "web/json.h"
#include "web/json_compliance.h"

namespace dancu::web {
namespace {

using core::Error;
using nlohmann::json;

Response JsonResponse(int status, const json& body) {
  return {status, "application/json; charset=utf-8", body.dump(), {}};
}
Response ErrorResponse(const Error& e) { return JsonResponse(HttpStatus(e.code), ToJson(e)); }

Response File(std::string bytes, const std::string& mime, const std::string& filename) {
  Response r{200, mime, std::move(bytes), {}};
  r.headers["content-disposition"] = "attachment; filename=\"" + filename + "\"";
  return r;
}

constexpr const char* kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

core::Result<core::Date> AsOf(const Request& req) {
  auto it = req.query.find("as_of");
  if (it == req.query.end() || it->second.empty()) return core::TodayLocal();
  return core::Date::Parse(it->second, "as_of");
}

core::Result<int64_t> Id(const std::string& s) {
  try {
    size_t used = 0;
    long long v = std::stoll(s, &used);
    if (used == s.size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  return core::Fail(Error::Invalid("Số \"" + s + "\" không hợp lệ."));
}

std::string Actor(const Request& req) { return ActorOf(req); }

Response Letter(store::Database& db, const Request& req, int64_t campaign) {
  auto as_of = AsOf(req);
  if (!as_of) return ErrorResponse(as_of.error());
  auto inputs = docs::LoadLetterInputs(db, campaign);
  if (!inputs) return ErrorResponse(inputs.error());
  if (!req.body.empty()) {
    auto body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return ErrorResponse(Error::Invalid("Nội dung yêu cầu phải là JSON hợp lệ."));
    if (auto st = docs::MergeJson(body, *inputs); !st) return ErrorResponse(st.error());
  }
  auto report = compliance::ComputeReport(db, campaign, *as_of);
  if (!report) return ErrorResponse(report.error());
  auto docx = docs::RenderReminderLetter(*report, *inputs);
  if (!docx) return ErrorResponse(docx.error());
  if (auto st = docs::SaveLetterInputs(db, campaign, *inputs, Actor(req)); !st) return ErrorResponse(st.error());
  auto fmt = req.query.find("format");
  if (fmt != req.query.end() && fmt->second == "pdf") {
    auto pdf = docs::DocxToPdf(*docx);
    if (!pdf) return ErrorResponse(pdf.error());
    return File(std::move(*pdf), "application/pdf", "cong-van-don-doc.pdf");
  }
  return File(std::move(*docx), kDocx, "cong-van-don-doc.docx");
}

std::optional<Response> CampaignRoutes(store::Database& db, const Request& req,
                                       const std::vector<std::string>& s, int64_t campaign) {
  const std::string& what = s[4];
  if ((what == "compliance" || what == "dashboard") && s.size() == 5 && req.method == "GET") {
    auto as_of = AsOf(req);
    if (!as_of) return ErrorResponse(as_of.error());
    auto report = compliance::ComputeReport(db, campaign, *as_of);
    if (!report) return ErrorResponse(report.error());
    if (what == "compliance") return JsonResponse(200, ToJson(*report));
    auto timeline = compliance::ComputeTimeline(db, campaign, *as_of);
    if (!timeline) return ErrorResponse(timeline.error());
    return JsonResponse(200, DashboardJson(*report, *timeline));
  }
  if (what == "letters" && s.size() == 7 && s[5] == "reminder" && s[6] == "inputs" && req.method == "GET") {
    auto inputs = docs::LoadLetterInputs(db, campaign);
    if (!inputs) return ErrorResponse(inputs.error());
    return JsonResponse(200, docs::ToJson(*inputs));
  }
  if (what == "letters" && s.size() == 6 && s[5] == "reminder" && req.method == "POST") {
    return Letter(db, req, campaign);
  }
  if (what == "registrations" && s.size() == 7 && req.method == "GET" &&
      (s[6] == "form.docx" || s[6] == "form.xlsx")) {
    auto form = db.Read([&](store::Tx& tx) { return registry::GetRegistration(tx, campaign, s[5]); });
    if (!form) return ErrorResponse(form.error());
    bool docx = s[6] == "form.docx";
    auto bytes = docx ? docs::RenderRegistrationForm(*form) : docs::RegistrationFormXlsx(*form);
    if (!bytes) return ErrorResponse(bytes.error());
    return File(std::move(*bytes), docx ? kDocx : kXlsx, "phieu-dang-ky-" + s[5] + (docx ? ".docx" : ".xlsx"));
  }
  return std::nullopt;
}

std::optional<Response> CommitmentRoutes(store::Database& db, const Request& req,
                                         const std::vector<std::string>& s) {
  if (s.size() != 5 || req.method != "GET" || (s[4] != "document.docx" && s[4] != "scan.pdf")) return std::nullopt;
  auto id = Id(s[3]);
  if (!id) return ErrorResponse(id.error());
  struct Found { registry::Commitment c; std::string unit_name; std::string scan; };
  auto found = db.Read([&](store::Tx& tx) -> core::Result<Found> {
    auto row = tx.QueryOne("SELECT org_code FROM commitment WHERE id = ?", {*id}, "bản cam kết số " + s[3]);
    if (!row) return core::Fail(row.error());
    auto all = registry::CommitmentsOf(tx, row->Text(0));
    if (!all) return core::Fail(all.error());
    auto org = registry::FindOrg(tx, row->Text(0));
    if (!org) return core::Fail(org.error());
    for (auto& c : *all) {
      if (c.id != *id) continue;
      std::string scan;
      if (s[4] == "scan.pdf") {
        if (c.scan_sha256.empty()) return core::Fail(Error::NotFound("Bản cam kết số " + s[3] + " chưa có bản scan."));
        auto bytes = registry::ScanBytes(tx, c.scan_sha256);
        if (!bytes) return core::Fail(bytes.error());
        scan = std::move(*bytes);
      }
      return Found{c, org->name, std::move(scan)};
    }
    return core::Fail(Error::NotFound("Không tìm thấy bản cam kết số " + s[3] + "."));
  });
  if (!found) return ErrorResponse(found.error());
  if (s[4] == "scan.pdf") return File(std::move(found->scan), "application/pdf", "ban-cam-ket-" + s[3] + ".pdf");
  auto docx = docs::RenderCommitment(found->c, found->unit_name);
  if (!docx) return ErrorResponse(docx.error());
  return File(std::move(*docx), kDocx, "ban-cam-ket-" + s[3] + ".docx");
}

}  // namespace

std::optional<Response> HandleDocsApi(store::Database& db, const Request& req,
                                      const std::vector<std::string>& s) {
  if (s.size() >= 5 && s[2] == "campaigns") {
    auto id = Id(s[3]);
    if (!id) return ErrorResponse(id.error());
    return CampaignRoutes(db, req, s, *id);
  }
  if (s.size() >= 4 && s[2] == "commitments") return CommitmentRoutes(db, req, s);
  return std::nullopt;
}

}  // namespace dancu::web
