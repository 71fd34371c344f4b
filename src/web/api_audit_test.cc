// Tests of the auditors' API: 503 without a log, identifiers only when searched by them,
// a CSV that Excel opens safely, verification with and without a kept checkpoint.
#include "web/api_audit.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "audit/audit.h"

namespace dancu::web {
namespace {

using nlohmann::json;

// A registry database and an audit log, each in its own file, as `dancu serve` has them.
struct AuditServer {
  std::string dir;
  std::unique_ptr<store::Database> registry, audit_db;
  std::unique_ptr<audit::AuditLog> log;

  explicit AuditServer(const std::string& name) {
    dir = (std::filesystem::temp_directory_path() /
           ("dancu-web-audit-" + std::to_string(::getpid()) + "-" + name)).string();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto r = store::OpenSqlite(dir + "/dancu.db");
    auto a = store::OpenSqlite(dir + "/audit.db");
    EXPECT_TRUE(r && a);
    registry = std::move(*r);
    audit_db = std::move(*a);
    auto l = audit::AuditLog::Open(*audit_db, audit::Keys::Generate());
    EXPECT_TRUE(l.has_value());
    log = std::move(*l);
  }
  ~AuditServer() {
    log.reset();
    audit_db.reset();
    registry.reset();
    std::filesystem::remove_all(dir);
  }

  Services With() {
    Services s{*registry};
    s.audit = log.get();
    s.audit_db = audit_db.get();
    return s;
  }

  void Query(std::string actor, std::string subject, std::string reason = "") {
    audit::Record r;
    r.kind = "query";
    r.action = "lookup";
    r.actor = std::move(actor);
    r.unit = "000.00.16.H33";
    r.purpose = "XMCD-04";
    r.dossier = "HS-1";
    r.subject = std::move(subject);
    r.outcome = reason.empty() ? "allowed" : "refused";
    r.reason_code = reason.empty() ? "" : "quota_exhausted";
    r.reason = std::move(reason);
    auto seq = log->AppendSync(std::move(r));
    ASSERT_TRUE(seq.has_value()) << seq.error().message;
  }
};

Response Call(Services& s, const std::string& method, const std::string& path,
              std::map<std::string, std::string> query = {}, std::string body = "") {
  for (const auto& r : AuditRoutes()) {
    if (r.method == method && r.pattern == path && r.handler) {
      Request req{.method = method, .path = path, .query = std::move(query), .headers = {}, .body = std::move(body)};
      return r.handler(s, req, {});
    }
  }
  ADD_FAILURE() << "no route " << method << " " << path;
  return {};
}

TEST(AuditApi, AnswersUnavailableWhenTheServerRunsWithoutItsLog) {
  AuditServer server("unavailable");
  Services s{*server.registry};
  for (auto [method, path] : {std::pair{"GET", "/api/v1/audit/records"}, {"POST", "/api/v1/audit/records"},
                              {"POST", "/api/v1/audit/verify"}, {"GET", "/api/v1/audit/checkpoint"},
                              {"GET", "/api/v1/audit/status"}, {"GET", "/api/v1/audit/usage"},
                              {"GET", "/api/v1/audit/export.csv"}}) {
    Response r = Call(s, method, path);
    EXPECT_EQ(r.status, 503) << method << " " << path;
    EXPECT_NE(r.body.find("Nhật ký truy vấn chưa được bật"), std::string::npos) << r.body;
  }
}

TEST(AuditApi, ListsACitizensNumberOnlyWhenSearchedByIt) {
  AuditServer server("subject");
  Services s = server.With();
  server.Query("sonngo1.thong", "079203001234");
  server.Query("sonngo1.thong", "079203009999");
  Response all = Call(s, "GET", "/api/v1/audit/records");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.body.find("079203001234"), std::string::npos);
  EXPECT_EQ(json::parse(all.body)["total"], 2);

  // In the body (POST), so that the number stays out of URLs; spaces and dots are ignored.
  Response one = Call(s, "POST", "/api/v1/audit/records", {}, R"({"subject": "079 203.001 234", "limit": 10})");
  ASSERT_EQ(one.status, 200) << one.body;
  json j = json::parse(one.body);
  ASSERT_EQ(j["items"].size(), 1u);
  EXPECT_EQ(j["items"][0]["subject"], "079203001234");
  EXPECT_EQ(j["items"][0]["subject_hash"].get<std::string>().size(), 12u);
  EXPECT_EQ(j["total"], 1);
  EXPECT_EQ(j["total_exact"], true);

  Response bad = Call(s, "GET", "/api/v1/audit/records", {{"limit", "500"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("Số dòng mỗi trang"), std::string::npos) << bad.body;
}

TEST(AuditApi, ExportOpensInExcelWithoutFormulasOrIdentifiers) {
  AuditServer server("csv");
  Services s = server.With();
  server.Query("@evil", "079203001234", "=HYPERLINK(\"http://example.invalid\")");
  server.Query("binh.thong", "079203001234");
  Response r = Call(s, "GET", "/api/v1/audit/export.csv", {{"limit", "25"}, {"offset", "25"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  EXPECT_TRUE(r.body.starts_with("\xEF\xBB\xBF\"Số thứ tự\""));
  EXPECT_NE(r.body.find("\"'@evil\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"'=HYPERLINK(\"\"http://example.invalid\"\")\""), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("079203001234"), std::string::npos);
  EXPECT_NE(r.body.find("\"binh.thong\""), std::string::npos);  // the page's limit and offset do not apply
  EXPECT_TRUE(r.headers["content-disposition"].starts_with("attachment; filename=\"nhat-ky-truy-van-"));
}

TEST(AuditApi, VerifiesTheChainAloneAndAgainstAKeptCheckpoint) {
  AuditServer server("verify");
  Services s = server.With();
  server.Query("a", "079203001234");
  Response file = Call(s, "GET", "/api/v1/audit/checkpoint");
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_NE(file.headers["content-disposition"].find("diem-kiem-nhat-ky-"), std::string::npos);
  server.Query("b", "079203001235");

  Response alone = Call(s, "POST", "/api/v1/audit/verify", {}, "{}");
  ASSERT_EQ(alone.status, 200) << alone.body;
  json a = json::parse(alone.body);
  EXPECT_TRUE(a["ok"].get<bool>());
  EXPECT_EQ(a["records"], 2);
  EXPECT_TRUE(a["exported"].is_null());
  EXPECT_EQ(a["latest_checkpoint"]["seq"], 1);
  // Issue 10: the page also tells whether administrative actions reached the log.
  ASSERT_TRUE(a.contains("mirror")) << alone.body;
  EXPECT_FALSE(a["mirror"]["stuck"].get<bool>());

  for (const std::string& body : {json{{"checkpoint", file.body}}.dump(), file.body}) {
    Response kept = Call(s, "POST", "/api/v1/audit/verify", {}, body);
    ASSERT_EQ(kept.status, 200) << kept.body;
    json k = json::parse(kept.body);
    EXPECT_TRUE(k["ok"].get<bool>()) << kept.body;
    EXPECT_EQ(k["exported"]["seq"], 1);
    EXPECT_EQ(k["exported_key_matches"], true);
  }
  Response bad = Call(s, "POST", "/api/v1/audit/verify", {}, R"({"checkpoint": "không phải điểm kiểm"})");
  EXPECT_EQ(bad.status, 400);
}

TEST(AuditApi, UsageDefaultsToThisMonth) {
  AuditServer server("usage");
  Services s = server.With();
  server.Query("a", "079203001234");
  server.Query("a", "079203001234", "Đã hết số lượt tra cứu trong ngày.");
  Response r = Call(s, "GET", "/api/v1/audit/usage");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  EXPECT_TRUE(j["from"].get<std::string>().ends_with("-01"));
  EXPECT_EQ(j["totals"]["allowed"], 1);
  EXPECT_EQ(j["totals"]["refused"], 1);
  ASSERT_EQ(j["accounts"].size(), 1u);
  EXPECT_EQ(j["accounts"][0]["unit"], "000.00.16.H33");
  EXPECT_EQ(j["reasons"][0]["reason_code"], "quota_exhausted");
}

}  // namespace
}  // namespace dancu::web
