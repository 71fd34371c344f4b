// Tests for the provincial admin's routes and handlers (web/api_admin.h) on the demo data:
// who may call them, the shapes the pages read, and errors named by field.
#include "web/api_admin.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "auth/auth.h"
#include "docs/letter.h"
#include "registry/registry.h"

namespace dancu::web {
namespace {

using nlohmann::json;

// The demo (catalogue, campaign 1 in every state, campaign 2 = the seed letter) in a temp file.
class AdminApi : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("dancu-admin-test-" + std::to_string(std::random_device{}()) + ".sqlite");
    auto db = store::OpenSqlite(path_.string(), {.durable = false});
    ASSERT_TRUE(db.has_value()) << db.error().message;
    db_ = std::move(*db);
    auto demo = registry::LoadDemo(*db_, "test");
    ASSERT_TRUE(demo.has_value()) << demo.error().message;
    users_ = std::make_unique<auth::Users>(*db_, 1);
  }
  void TearDown() override {
    users_.reset();
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }

  Services Svc(bool with_users = true) { return Services{.db = *db_, .users = with_users ? users_.get() : nullptr}; }
  static Request Req(std::string method, std::string body = "", std::map<std::string, std::string> query = {}) {
    Request r;
    r.method = std::move(method);
    r.body = std::move(body);
    r.query = std::move(query);
    r.principal = Principal{.user_id = 1, .login = "quantri", .display_name = "Quản trị", .role = "admin",
                            .unit_code = "", .account = ""};
    return r;
  }
  static json Body(const Response& r) { return json::parse(r.body); }
  static std::map<std::string, std::string> Fields(const Response& r) {
    std::map<std::string, std::string> out;
    json body = Body(r);  // kept: a range-for over a temporary's member would dangle
    for (const auto& d : body["error"]["details"]) out[d["column"].get<std::string>()] = d["message"].get<std::string>();
    return out;
  }

  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<auth::Users> users_;
};

TEST(AdminRoutes, PagesAreTheAdminMenuInOrderAndUsersAreAdminOnly) {
  std::vector<std::string> pages;
  for (const auto& r : AdminRoutes()) {
    EXPECT_TRUE(r.roles & kAdmin) << r.pattern;
    EXPECT_EQ(r.roles & (kFocal | kOfficial), 0u) << r.pattern;
    if (r.pattern.starts_with("/api/v1/users")) {
      EXPECT_EQ(r.roles, unsigned(kAdmin)) << r.pattern;
    }
    if (r.method != "GET") {
      EXPECT_EQ(r.roles, unsigned(kAdmin)) << r.method << " " << r.pattern;
    }
    if (!r.page_script.empty()) pages.push_back(r.pattern);
  }
  EXPECT_EQ(pages, (std::vector<std::string>{"/quan-tri", "/quan-tri/duyet", "/quan-tri/tai-khoan",
                                             "/quan-tri/cong-van", "/quan-tri/bao-cao",
                                             "/quan-tri/danh-muc", "/quan-tri/dot",
                                             "/quan-tri/nguoi-dung"}));
  EXPECT_EQ(HomeOf("admin"), "/quan-tri");
}

TEST_F(AdminApi, AccountsComeAsRowsWithNamesOnceAndNoUsageWithoutGateway) {
  Services s = Svc();
  auto r = admin::CampaignAccounts(s, Req("GET"), {{"id", "1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json b = Body(r);
  ASSERT_GT(b["count"].get<int>(), 0);
  EXPECT_EQ(b["rows"].size(), b["count"].get<size_t>());
  EXPECT_FALSE(b["usage_known"].get<bool>());
  auto col = [&](const std::string& name) {
    auto cols = b["columns"].get<std::vector<std::string>>();
    return size_t(std::find(cols.begin(), cols.end(), name) - cols.begin());
  };
  for (const auto& row : b["rows"]) {
    EXPECT_TRUE(row[col("used_today")].is_null());
    EXPECT_TRUE(b["agencies"].contains(row[col("agency_code")].get<std::string>()));
    EXPECT_TRUE(b["units"].contains(row[col("unit_code")].get<std::string>()));
    for (const auto& p : row[col("purposes")]) EXPECT_TRUE(b["purposes"].contains(p.get<std::string>()));
  }
  EXPECT_EQ(admin::CampaignAccounts(s, Req("GET"), {{"id", "99"}}).status, 404);
  EXPECT_EQ(admin::CampaignAccounts(s, Req("GET"), {{"id", "x"}}).status, 400);
}

TEST_F(AdminApi, ReviewQueueCountsAccountsAndKnowsWhenFormsWereSubmitted) {
  Services s = Svc();
  auto r = admin::ReviewQueue(s, Req("GET"), {{"id", "1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  int submitted = 0;
  json body = Body(r);
  for (const auto& f : body["items"]) {
    EXPECT_GT(f["accounts"].get<int>(), 0) << f["unit_code"];
    if (f["status"] == "submitted") {
      ++submitted;
      EXPECT_FALSE(f["submitted_at"].get<std::string>().empty());
    }
    if (f["status"] == "draft") {
      EXPECT_EQ(f["submitted_at"], "");
    }
  }
  EXPECT_EQ(submitted, 2);  // 000.00.02.H33 and 000.00.38.H33 in the demo
}

TEST_F(AdminApi, LetterPreviewStatesTheSeedFiguresAndNamesABadDateWithoutSaving) {
  Services s = Svc();
  auto r = admin::LetterPreview(s, Req("POST", R"({"signer":"Nguyễn Văn Ký"})", {{"as_of", "2021-08-23"}}), {{"id", "2"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json letter = Body(r)["letter"];
  EXPECT_EQ(letter["so_cong_chuc_tinh"], "182");
  EXPECT_EQ(letter["so_don_vi_tinh"], "18");
  EXPECT_EQ(letter["so_can_bo_huyen"], "351");
  EXPECT_EQ(letter["nguoi_ky"], "Nguyễn Văn Ký");
  EXPECT_EQ(letter["han_moi_ngay"], "26");  // 3 days after as_of

  auto bad = admin::LetterPreview(s, Req("POST", R"({"new_deadline":"31/02/2021"})"), {{"id", "2"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Fields(bad).contains("new_deadline")) << bad.body;
  auto saved = docs::LoadLetterInputs(*db_, 2);
  ASSERT_TRUE(saved.has_value());
  EXPECT_EQ(saved->signer, "");  // a preview saves nothing
}

TEST_F(AdminApi, NewCampaignNamesEveryBadFieldThenIsCreated) {
  Services s = Svc();
  auto bad = admin::CreateCampaign(s, Req("POST", R"({"target_kinds":[]})"), {});
  EXPECT_EQ(bad.status, 400);
  auto fields = Fields(bad);
  for (const char* f : {"name", "basis", "deadline", "target_kinds"}) EXPECT_TRUE(fields.contains(f)) << f << " " << bad.body;

  auto ok = admin::CreateCampaign(s, Req("POST", R"({"name":"Đợt bổ sung","basis":"Công văn 6359/VP-HCC",
      "open_date":"2021-09-01","deadline":"30/09/2021","target_kinds":["so"],"target_codes":"000.00.38.H33",
      "rules":{"needs_commitment":false}})"), {});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(Body(ok)["targets"], 24);
  EXPECT_EQ(Body(ok)["created_by"], "web:quantri");
  EXPECT_FALSE(Body(ok)["rules"]["needs_commitment"].get<bool>());

  auto overview = admin::CampaignOverview(s, Req("GET"), {});
  ASSERT_EQ(overview.status, 200);
  EXPECT_EQ(Body(overview)["count"], 3);
}

TEST_F(AdminApi, UsersAreAddedWithAOneTimePasswordAndAdminsCannotLockThemselves) {
  Services s = Svc();
  auto missing = admin::AddUser(s, Req("POST", R"({"login":"daumoi.goquao","display_name":"Trần Văn Quao","role":"focal"})"), {});
  EXPECT_EQ(missing.status, 400);
  EXPECT_TRUE(Fields(missing).contains("unit_code")) << missing.body;

  auto added = admin::AddUser(s, Req("POST", R"({"login":"daumoi.goquao","display_name":"Trần Văn Quao",
      "role":"focal","unit_code":"000.00.38.H33","account":"ignored"})"), {});
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_FALSE(Body(added)["password"].get<std::string>().empty());
  EXPECT_EQ(Body(added)["user"]["unit_name"], "UBND huyện Gò Quao");
  EXPECT_EQ(Body(added)["user"]["account"], "");

  auto again = admin::AddUser(s, Req("POST", R"({"login":"daumoi.goquao","display_name":"Trần Văn Quao",
      "role":"focal","unit_code":"000.00.38.H33"})"), {});
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(Fields(again).contains("login")) << again.body;

  auto reset = admin::ResetUserPassword(s, Req("POST"), {{"login", "daumoi.goquao"}});
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_NE(Body(reset)["password"], Body(added)["password"]);
  EXPECT_EQ(admin::DisableUser(s, Req("POST"), {{"login", "daumoi.goquao"}}).status, 200);
  auto list = Body(admin::ListUsers(s, Req("GET"), {}));
  ASSERT_EQ(list["count"], 1);
  EXPECT_TRUE(list["items"][0]["disabled"].get<bool>());

  EXPECT_EQ(admin::DisableUser(s, Req("POST"), {{"login", "quantri"}}).status, 409);
  EXPECT_EQ(admin::EnableUser(s, Req("POST"), {{"login", "khong.co"}}).status, 404);
  Services none = Svc(false);
  EXPECT_EQ(admin::ListUsers(none, Req("GET"), {}).status, 503);
}

}  // namespace
}  // namespace dancu::web
