// Unit tests of the admin mirror (registry history → audit log) and of CheckMirror, which
// `dancu audit verify` uses to report a mirror that lags the history.

#include "gateway/admin_mirror.h"

#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "gateway/gateway_test_fixture.h"

namespace dancu::gateway {
namespace {

using nlohmann::json;

class AdminMirrorTest : public GatewayTest {
 protected:
  // A history row written as an older version (or a bug) might have written it.
  int64_t RawHistory(const std::string& at, const std::string& entity, const std::string& action,
                     const std::string& reason) {
    auto id = registry_->Write([&](store::Tx& tx) -> core::Result<int64_t> {
      auto rows = tx.Query(
          "INSERT INTO history (at, actor, entity, entity_id, action, reason) "
          "VALUES (?, ?, ?, '1', ?, ?) RETURNING id",
          {at, std::string(kActor), entity, action, reason});
      if (!rows) return core::Fail(rows.error());
      return rows->front().Int(0);
    });
    EXPECT_TRUE(id.has_value()) << id.error().message;
    return id.value_or(0);
  }
  // Runs passes until one finds nothing new (the mirror's own thread may run some).
  void MirrorAll(AdminMirror& mirror) {
    for (int pass = 0; pass < 100; ++pass) {
      auto n = mirror.SyncOnce();
      ASSERT_TRUE(n.has_value()) << n.error().message;
      if (*n == 0) return;
    }
    ADD_FAILURE() << "the mirror never caught up";
  }
  // The admin record that mirrors history row `id`.
  audit::StoredRecord Mirrored(int64_t id) {
    auto found = audit::Search(*audit_db_, keys_, {.kind = "admin", .limit = 10000});
    EXPECT_TRUE(found.has_value()) << found.error().message;
    if (found)
      for (auto& r : *found) {
        auto d = json::parse(r.record.detail, nullptr, false);
        if (d.is_object() && d.value("history_id", int64_t(0)) == id) return r;
      }
    ADD_FAILURE() << "history row " << id << " was not mirrored";
    return {};
  }
  MirrorStatus Status() {
    auto st = CheckMirror(*registry_, *audit_db_);
    EXPECT_TRUE(st.has_value()) << st.error().message;
    return st.value_or(MirrorStatus{});
  }
};

TEST_F(AdminMirrorTest, AnOverlongReasonIsMirroredCutAndEveryLaterActionFollows) {
  // issue 10 item 6: a 5,000-character reason made the mirror retry that row forever.
  const std::string kLong(5000, 'l');
  int64_t long_row = RawHistory(core::NowLocalIso(), "registration", "submit", kLong);
  int64_t empty_row = RawHistory("not a time", "", "", "");
  int64_t account = AccountId("levancuong.stttt");
  ASSERT_TRUE(registry::ChangeAccountStatus(
      *registry_, account, registry::AccountStatus::kSuspended, "Nghỉ việc", kActor));
  AdminMirror mirror(*registry_, *audit_db_, *log_, std::chrono::hours(1));
  MirrorAll(mirror);

  audit::StoredRecord cut = Mirrored(long_row);
  EXPECT_EQ(cut.record.action, "registration.submit");
  EXPECT_LE(cut.record.reason.size(), audit::kMaxReasonBytes);
  EXPECT_TRUE(cut.record.reason.starts_with("llll"));
  json notes = json::parse(cut.record.detail)["audit_notes"]["truncated"]["reason"];
  EXPECT_EQ(notes["bytes"], 5000);
  EXPECT_EQ(notes["sha256"], core::Sha256Hex(kLong));

  audit::StoredRecord held = Mirrored(empty_row);
  EXPECT_EQ(held.record.reason_code, kMirrorPlaceholder);
  EXPECT_EQ(held.record.outcome, "failed");
  EXPECT_NE(held.record.reason.find(std::to_string(empty_row)), std::string::npos);

  MirrorStatus st = Status();
  EXPECT_GT(st.history_newest, empty_row);
  EXPECT_EQ(Mirrored(st.history_newest).record.action, "account.suspend");
  EXPECT_EQ(st.mirrored_through, st.history_newest);
  EXPECT_EQ(st.behind, 0);
  EXPECT_FALSE(st.stuck);
  EXPECT_EQ(st.placeholder_count, 1);
  EXPECT_EQ(st.placeholders, std::vector<int64_t>{empty_row});
  auto report = audit::Verify(*audit_db_, keys_);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok) << report->problem;
}

TEST_F(AdminMirrorTest, CheckMirrorTellsALagWhileNoServerRunsFromAStuckMirror) {
  // issue 10 item 6: `dancu audit verify` said the log was whole while the mirror lagged.
  MirrorStatus before = Status();
  EXPECT_GT(before.history_newest, 0);
  EXPECT_EQ(before.mirrored_through, 0);
  EXPECT_EQ(before.behind, before.history_newest);
  EXPECT_FALSE(before.stuck) << "nothing was written to the log after those rows";
  {
    AdminMirror mirror(*registry_, *audit_db_, *log_, std::chrono::hours(1));
    MirrorAll(mirror);
  }
  EXPECT_EQ(Status().behind, 0);
  int64_t old = RawHistory("2021-08-23T09:00:00+07:00", "account", "revoke", "Nghỉ hưu");
  ASSERT_TRUE(Call(Input(kMain)).allowed);  // a server keeps writing the log meanwhile
  MirrorStatus after = Status();
  EXPECT_EQ(after.behind, 1);
  EXPECT_EQ(after.history_newest, old);
  EXPECT_EQ(after.oldest_behind_at, "2021-08-23T09:00:00+07:00");
  EXPECT_TRUE(after.stuck);
}

TEST_F(AdminMirrorTest, TokenRecordsDoNotRestartTheMirrorNorLookLikeALag) {
  // issue 11 (attack finding 2): a token.issue admin record names no history row; the mirror
  // took it as "nothing mirrored" and copied the whole history again on the next start.
  {
    AdminMirror mirror(*registry_, *audit_db_, *log_, std::chrono::hours(1));
    MirrorAll(mirror);
  }
  auto before = audit::Search(*audit_db_, keys_, {.kind = "admin", .limit = 10000});
  ASSERT_TRUE(before.has_value());
  std::promise<core::Result<AccessToken>> p;
  gateway_->IssueToken({.api_key = system_.api_key}, "127.0.0.1",
                       [&p](core::Result<AccessToken> t) { p.set_value(std::move(t)); });
  auto token = p.get_future().get();  // unavailable without a secret key: refused, and audited
  EXPECT_FALSE(token.has_value());
  MirrorStatus st = Status();
  EXPECT_EQ(st.behind, 0);
  EXPECT_FALSE(st.stuck);
  {
    AdminMirror mirror(*registry_, *audit_db_, *log_, std::chrono::hours(1));
    MirrorAll(mirror);
  }
  auto after = audit::Search(*audit_db_, keys_, {.kind = "admin", .limit = 10000});
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->size(), before->size() + 1) << "only the token record was added";
}

}  // namespace
}  // namespace dancu::gateway
