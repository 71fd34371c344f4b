// Integrated systems: registration, listing, revocation, and API-key checks off the request path.
#include "gateway/systems.h"

#include <sodium.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/date.h"
#include "core/hash.h"
#include "core/log.h"
#include "core/validate.h"

namespace dancu::gateway {
namespace {

using core::Error;
using core::Fail;

// argon2id checks waiting at most (≈ 70 ms each: 64 ≈ 4.5 s of work); beyond, refuse at once.
constexpr size_t kMaxPendingChecks = 64;
constexpr size_t kMaxFailedKeys = 4096;

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), buf.data(), buf.size());
  hex.pop_back();
  return hex;
}

System FromRow(const store::Row& r) {
  System s;
  s.id = r.Int(0);
  s.name = r.Text(1);
  s.key_id = r.Text(2);
  s.cert_fingerprint = r.Text(3);
  auto units = nlohmann::json::parse(r.Text(4), nullptr, false);
  if (units.is_array()) for (auto& u : units) if (u.is_string()) s.units.push_back(u.get<std::string>());
  s.status = r.Text(5);
  s.created_at = r.Text(6);
  return s;
}

constexpr std::string_view kColumns =
    "SELECT id, name, key_id, cert_fingerprint, units, status, created_at FROM integrated_system";

Result<void> History(store::Tx& tx, const std::string& actor, int64_t id, const std::string& action,
                     const std::string& detail) {
  auto st = tx.Exec("INSERT INTO history (at, actor, entity, entity_id, action, detail) VALUES (?, ?, 'system', ?, ?, ?)",
                    {core::NowLocalIso(), actor, std::to_string(id), action, detail});
  if (!st) return Fail(st.error());
  return {};
}

// "dck_<16 hex>_<64 hex>" → (key_id, secret)
bool SplitKey(std::string_view key, std::string& id, std::string& secret) {
  if (key.size() != 4 + 16 + 1 + 64 || !key.starts_with("dck_") || key[20] != '_') return false;
  id = std::string(key.substr(4, 16));
  secret = std::string(key.substr(21));
  return true;
}

}  // namespace

Result<NewSystem> AddSystem(store::Database& db, const std::string& name,
                            const std::vector<std::string>& units,
                            const std::string& cert_fingerprint, const std::string& actor) {
  if (name.empty()) return Fail(Error::Invalid("Thiếu tên hệ thống tích hợp (--name)."));
  if (units.empty()) return Fail(Error::Invalid("Cần ít nhất một đơn vị mà hệ thống được phục vụ (--units)."));
  std::vector<std::string> codes;
  for (const auto& u : units) {
    auto code = core::AgencyCode::Parse(u);
    if (!code) return Fail(code.error());
    codes.push_back(code->value());
  }
  std::string fp;
  for (char c : cert_fingerprint) if (c != ':') fp += char(std::tolower(static_cast<unsigned char>(c)));
  if (!fp.empty() && (fp.size() != 64 || fp.find_first_not_of("0123456789abcdef") != std::string::npos)) {
    return Fail(Error::Invalid("Dấu vân tay chứng thư phải là SHA-256 dạng 64 chữ số hex."));
  }
  std::string key_id = RandomHex(8), secret = RandomHex(32);
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, secret.c_str(), secret.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Fail(Error::Unavailable("Không đủ bộ nhớ để băm khóa."));
  }
  return db.Write([&](store::Tx& tx) -> Result<NewSystem> {
    for (const auto& c : codes) {
      auto org = tx.Query("SELECT 1 FROM org WHERE code = ?", {c});
      if (!org) return Fail(org.error());
      if (org->empty()) return Fail(Error::Invalid("Mã đơn vị " + c + " không có trong danh mục."));
    }
    auto row = tx.QueryOne(
        "INSERT INTO integrated_system (name, key_id, key_hash, cert_fingerprint, units, status, "
        "created_at, created_by) VALUES (?, ?, ?, ?, ?, 'active', ?, ?) RETURNING id",
        {name, key_id, std::string(hash), fp, nlohmann::json(codes).dump(), core::NowLocalIso(), actor},
        "hệ thống vừa tạo");
    if (!row) return Fail(row.error());
    if (auto h = History(tx, actor, row->Int(0), "add", name + " (" + key_id + ")"); !h) return Fail(h.error());
    auto back = tx.QueryOne(std::string(kColumns) + " WHERE id = ?", {row->Int(0)}, "hệ thống");
    if (!back) return Fail(back.error());
    return NewSystem{FromRow(*back), "dck_" + key_id + "_" + secret};
  });
}

Result<std::vector<System>> ListSystems(store::Tx& tx) {
  auto rows = tx.Query(std::string(kColumns) + " ORDER BY id", {});
  if (!rows) return Fail(rows.error());
  std::vector<System> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

Result<System> RevokeSystem(store::Database& db, int64_t id, const std::string& actor) {
  return db.Write([&](store::Tx& tx) -> Result<System> {
    auto row = tx.QueryOne(std::string(kColumns) + " WHERE id = ?", {id}, "hệ thống số " + std::to_string(id));
    if (!row) return Fail(row.error());
    System s = FromRow(*row);
    if (s.status == "revoked") return Fail(Error::Conflict("Hệ thống " + s.name + " đã bị thu hồi khóa từ trước."));
    auto st = tx.Exec("UPDATE integrated_system SET status = 'revoked', revoked_at = ? WHERE id = ?",
                      {core::NowLocalIso(), id});
    if (!st) return Fail(st.error());
    if (auto h = History(tx, actor, id, "revoke", s.name); !h) return Fail(h.error());
    s.status = "revoked";
    return s;
  });
}

struct SystemAuth::Impl {
  store::Database& db;
  std::mutex mu;
  std::map<std::string, System> by_key_id;      // active and revoked
  std::map<std::string, std::string> key_hash;  // key_id → argon2id string
  std::map<std::string, std::string> verified;  // SHA-256(key) → key_id
  // Keys that failed lately (SHA-256 → key_id): a repeated wrong key costs no second hash.
  std::map<std::string, std::string> failed;
  std::deque<std::function<void()>> jobs;  // at most kMaxPendingChecks
  std::condition_variable cv;
  bool stopping = false;
  std::thread worker;

  explicit Impl(store::Database& d) : db(d), worker([this] { Run(); }) {}
  ~Impl() {
    { std::lock_guard l(mu); stopping = true; }
    cv.notify_all();
    worker.join();
  }
  void Run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock l(mu);
        cv.wait(l, [&] { return stopping || !jobs.empty(); });
        if (jobs.empty()) return;
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      core::Guarded("kiểm tra khóa API", job);
    }
  }
};

SystemAuth::SystemAuth(store::Database& db) : impl_(std::make_unique<Impl>(db)) { (void)Refresh(); }
SystemAuth::~SystemAuth() = default;

Result<void> SystemAuth::Refresh() {
  auto rows = impl_->db.Read([](store::Tx& tx) {
    return tx.Query("SELECT id, name, key_id, cert_fingerprint, units, status, created_at, key_hash FROM integrated_system", {});
  });
  if (!rows) return Fail(rows.error());
  std::lock_guard l(impl_->mu);
  impl_->by_key_id.clear();
  impl_->key_hash.clear();
  for (const auto& r : *rows) {
    System s = FromRow(r);
    impl_->key_hash[s.key_id] = r.Text(7);
    impl_->by_key_id[s.key_id] = std::move(s);
  }
  impl_->failed.clear();  // a key may have been re-issued
  std::erase_if(impl_->verified, [&](const auto& kv) {
    auto it = impl_->by_key_id.find(kv.second);
    return it == impl_->by_key_id.end() || it->second.status != "active";
  });
  return {};
}

void SystemAuth::Authenticate(std::string key, std::string cert_fingerprint,
                              std::function<void(Result<System>)> done) {
  auto refuse = [&done](const std::string& why) {
    done(Fail(Error::Unauthenticated("Khóa API của hệ thống tích hợp " + why +
                                     ". Hãy dùng khóa do Trung tâm cấp (dancu system add).")));
  };
  std::string key_id, secret;
  if (!SplitKey(key, key_id, secret)) return refuse(key.empty() ? "bị thiếu (tiêu đề X-API-Key)" : "sai định dạng");
  std::string digest = core::Sha256Hex(key);
  std::string problem, hash;
  System system;
  bool cached = false;
  {
    std::lock_guard l(impl_->mu);
    auto it = impl_->by_key_id.find(key_id);
    if (it == impl_->by_key_id.end()) problem = "không tồn tại";
    else if (it->second.status != "active") problem = "đã bị thu hồi";
    else if (!it->second.cert_fingerprint.empty() && it->second.cert_fingerprint != cert_fingerprint)
      problem = "không đi kèm chứng thư số đã đăng ký";
    else if (impl_->failed.contains(digest)) problem = "không đúng";
    else {
      system = it->second;
      cached = impl_->verified.contains(digest);
      hash = impl_->key_hash[key_id];
    }
  }
  if (!problem.empty()) return refuse(problem);
  if (cached) return done(std::move(system));
  bool queued = false;
  {
    std::lock_guard l(impl_->mu);
    if (impl_->jobs.size() < kMaxPendingChecks) {
      queued = true;
      impl_->jobs.push_back([impl = impl_.get(), secret, hash, digest, key_id, system,
                             done = std::move(done)]() mutable {
        bool ok = crypto_pwhash_str_verify(hash.c_str(), secret.c_str(), secret.size()) == 0;
        {
          std::lock_guard l2(impl->mu);
          if (ok) impl->verified[digest] = key_id;
          else if (impl->failed.size() < kMaxFailedKeys) impl->failed[digest] = key_id;
          else impl->failed.clear();  // a flood of distinct wrong keys: start over, stay bounded
        }
        if (ok) done(std::move(system));
        else done(Fail(Error::Unauthenticated("Khóa API của hệ thống tích hợp không đúng.")));
      });
    }
  }
  if (!queued) {
    return done(Fail(Error::Unavailable(
        "Máy chủ đang kiểm tra quá nhiều khóa API cùng lúc; hãy thử lại sau ít giây.")));
  }
  impl_->cv.notify_one();
}

}  // namespace dancu::gateway
