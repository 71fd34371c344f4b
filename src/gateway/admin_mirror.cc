// Mirroring the registry's change history into the audit log.
#include "gateway/admin_mirror.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/hash.h"
#include "core/log.h"

namespace dancu::gateway {
namespace {

using nlohmann::json;

constexpr const char* kHistoryColumns =
    "SELECT id, at, actor, entity, entity_id, action, from_status, to_status, reason "
    "FROM history";
// Detail values are cut to this many bytes, so that the detail (at most 6 bytes of JSON per
// byte) always stays a readable object carrying its history_id.
constexpr size_t kDetailValueBytes = 200;
constexpr size_t kPlaceholdersListed = 20;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string CutBytes(std::string s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s;
}

std::string DetailOf(const store::Row& r) {
  json d = {{"history_id", r.Int(0)}};
  for (auto [name, col] : {std::pair{"entity", 3}, {"entity_id", 4}, {"from", 6}, {"to", 7}}) {
    std::string value = r.Text(size_t(col));
    if (value.size() > kDetailValueBytes) {
      d[std::string(name) + "_sha256"] = core::Sha256Hex(value);
      value = CutBytes(std::move(value), kDetailValueBytes);
    }
    d[name] = std::move(value);
  }
  return Dump(d);
}

audit::Record RecordOf(const store::Row& r) {
  audit::Record rec;
  rec.kind = "admin";
  rec.time = r.Text(1);
  rec.actor = r.Text(2);
  rec.action = r.Text(3) + "." + r.Text(5);
  rec.outcome = "allowed";
  rec.reason = r.Text(8);
  rec.detail = DetailOf(r);
  return rec;
}

audit::Record PlaceholderOf(int64_t history_id, const std::string& why) {
  audit::Record rec;
  rec.kind = "admin";
  rec.actor = "dancu:admin-mirror";
  rec.action = "history.placeholder";
  rec.outcome = "failed";
  rec.reason_code = kMirrorPlaceholder;
  rec.reason = "Không chép được nguyên văn thay đổi số " + std::to_string(history_id) +
               " của lịch sử đăng ký vào nhật ký kiểm tra: " + why;
  rec.detail = Dump({{"history_id", history_id}, {"placeholder", true}});
  return rec;
}

// The history id an admin record's detail names; 0 when none.
int64_t HistoryIdOf(const std::string& detail) {
  auto j = json::parse(detail, nullptr, false);
  if (!j.is_object() || !j.contains("history_id") || !j["history_id"].is_number_integer()) return 0;
  return j["history_id"].get<int64_t>();
}

// Seconds since the epoch of an ISO-8601 time with an offset ("Z" or ±HH:MM).
std::optional<int64_t> EpochSeconds(std::string_view t) {
  int y, mo, d, h, mi, s;
  if (t.size() < 20 || std::sscanf(std::string(t.substr(0, 19)).c_str(), "%4d-%2d-%2dT%2d:%2d:%2d",
                                   &y, &mo, &d, &h, &mi, &s) != 6) {
    return std::nullopt;
  }
  size_t pos = 19;
  if (t[pos] == '.')
    while (++pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
    }
  std::string_view zone = t.substr(pos);
  int offset = 0, oh = 0, om = 0;
  if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') &&
      std::sscanf(std::string(zone.substr(1)).c_str(), "%2d:%2d", &oh, &om) == 2) {
    offset = (zone[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  } else if (zone != "Z") {
    return std::nullopt;
  }
  using namespace std::chrono;
  sys_days date{year{y} / month{unsigned(mo)} / day{unsigned(d)}};
  return date.time_since_epoch() / seconds(1) + h * 3600 + mi * 60 + s - offset;
}

}  // namespace

AdminMirror::AdminMirror(store::Database& registry, store::Database& audit_db, audit::AuditLog& log,
                         std::chrono::milliseconds period)
    : registry_(registry), audit_db_(audit_db), log_(log), period_(period) {
  thread_ = std::thread([this] {
    bool failing = false;  // one log line per episode, not one per pass
    while (!stop_) {
      core::Guarded("admin mirror", [&] {
        auto n = SyncOnce();  // a failed pass is retried at the next one
        if (!n && !failing)
          core::LogLine("WARN", "admin mirror: chưa chép được, sẽ thử lại: " + n.error().message);
        if (n && failing) core::LogLine("INFO", "admin mirror: chép tiếp bình thường");
        failing = !n;
      });
      for (auto waited = std::chrono::milliseconds(0); waited < period_ && !stop_;
           waited += std::chrono::milliseconds(50))
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
}

AdminMirror::~AdminMirror() {
  stop_ = true;
  thread_.join();
  core::Guarded("admin mirror", [&] { (void)SyncOnce(); });  // the last moments' changes
}

// The admin records that mirror a history row: every admin record but the gateway's own
// (token.issue, Gateway::IssueToken), which names no history row.
constexpr const char* kMirrored = "kind = 'admin' AND action <> 'token.issue'";

// The newest mirrored record names the history row it mirrors.
core::Result<int64_t> AdminMirror::LastMirrored() {
  auto rows = audit_db_.Read([](store::Tx& tx) {
    return tx.Query(
        std::string("SELECT detail FROM audit_record WHERE ") + kMirrored + " ORDER BY seq DESC LIMIT 1", {});
  });
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return int64_t(0);
  return HistoryIdOf(rows->front().Text(0));
}

// The row's record, or a placeholder saying why it could not be appended. Errors: the log's
// when it cannot write at all (then nothing was appended for the row).
core::Result<int64_t> AdminMirror::MirrorRow(const store::Row& row) {
  int64_t id = row.Int(0);
  std::string why;
  try {
    if (row.Text(3).empty() && row.Text(5).empty()) {
      why = "dòng lịch sử không ghi đối tượng và thao tác.";
    } else {
      auto seq = log_.AppendSync(RecordOf(row));
      if (seq || seq.error().code != core::Code::kInvalidArgument) return seq;
      why = seq.error().message;
    }
  } catch (const std::exception& e) {
    why = std::string("lỗi nội bộ: ") + e.what();
  }
  core::LogLine("WARN", "admin mirror: thay đổi số " + std::to_string(id) +
                            " được ghi bằng bản ghi thay thế: " + why);
  return log_.AppendSync(PlaceholderOf(id, why));
}

core::Result<int> AdminMirror::SyncOnce() {
  std::lock_guard lock(sync_mu_);
  if (last_ < 0) {
    auto last = LastMirrored();
    if (!last) return core::Fail(last.error());
    last_ = *last;
  }
  auto rows = registry_.Read([&](store::Tx& tx) {
    return tx.Query(std::string(kHistoryColumns) + " WHERE id > ? ORDER BY id LIMIT 1000", {last_});
  });
  if (!rows) return core::Fail(rows.error());
  int n = 0;
  for (const auto& r : *rows) {
    auto seq = MirrorRow(r);
    if (!seq) return core::Fail(seq.error());
    last_ = r.Int(0);
    ++n;
  }
  return n;
}

core::Result<MirrorStatus> CheckMirror(store::Database& registry, store::Database& audit_db,
                                       std::chrono::seconds grace) {
  MirrorStatus st;
  auto admin = audit_db.Read([&](store::Tx& tx) -> core::Result<void> {
    auto last = tx.Query(
        std::string("SELECT detail FROM audit_record WHERE ") + kMirrored + " ORDER BY seq DESC LIMIT 1", {});
    if (!last) return core::Fail(last.error());
    if (!last->empty()) st.mirrored_through = HistoryIdOf(last->front().Text(0));
    auto newest = tx.Query("SELECT at FROM audit_record ORDER BY seq DESC LIMIT 1", {});
    if (!newest) return core::Fail(newest.error());
    if (!newest->empty()) st.log_newest_at = newest->front().Text(0);
    auto held = tx.Query(
        "SELECT detail FROM audit_record WHERE kind = 'admin' AND reason_code = ? ORDER BY seq",
        {std::string(kMirrorPlaceholder)});
    if (!held) return core::Fail(held.error());
    st.placeholder_count = int64_t(held->size());
    for (size_t i = 0; i < held->size() && i < kPlaceholdersListed; ++i)
      st.placeholders.push_back(HistoryIdOf((*held)[i].Text(0)));
    return {};
  });
  if (!admin) return core::Fail(admin.error());
  auto history = registry.Read([&](store::Tx& tx) -> core::Result<void> {
    auto newest = tx.Query("SELECT id FROM history ORDER BY id DESC LIMIT 1", {});
    if (!newest) return core::Fail(newest.error());
    if (!newest->empty()) st.history_newest = newest->front().Int(0);
    auto behind = tx.Query("SELECT COUNT(*) FROM history WHERE id > ?", {st.mirrored_through});
    if (!behind) return core::Fail(behind.error());
    st.behind = behind->front().Int(0);
    auto oldest =
        tx.Query("SELECT at FROM history WHERE id > ? ORDER BY id LIMIT 1", {st.mirrored_through});
    if (!oldest) return core::Fail(oldest.error());
    if (!oldest->empty()) st.oldest_behind_at = oldest->front().Text(0);
    return {};
  });
  if (!history) return core::Fail(history.error());
  auto behind_at = EpochSeconds(st.oldest_behind_at);
  auto log_at = EpochSeconds(st.log_newest_at);
  st.stuck = st.behind > 0 && behind_at && log_at && *log_at - *behind_at > grace.count();
  return st;
}

}  // namespace dancu::gateway
