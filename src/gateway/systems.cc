// Integrated systems: registration, listing, revocation, and API-key checks off the request path.
#include "gateway/systems.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
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
#include "gateway/history_row.h"

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
  s.sign_url = r.Text(7);
  return s;
}

constexpr std::string_view kColumns =
    "SELECT id, name, key_id, cert_fingerprint, units, status, created_at, sign_url FROM integrated_system";

constexpr std::string_view kTokenContext = "dancu-token-v1";

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

Error Refused(const std::string& why) {
  return Error::Unauthenticated("Thông tin xác thực của hệ thống tích hợp " + why + ".");
}

// "dct.<key_id>.<expiry>.<mac>" → parts; false when malformed.
bool SplitToken(std::string_view t, std::string& key_id, int64_t& expiry, std::string& mac) {
  if (t.size() > 200 || !t.starts_with("dct.")) return false;
  t.remove_prefix(4);
  auto a = t.find('.');
  if (a == std::string_view::npos) return false;
  auto b = t.find('.', a + 1);
  if (b == std::string_view::npos) return false;
  key_id = std::string(t.substr(0, a));
  std::string exp(t.substr(a + 1, b - a - 1));
  mac = std::string(t.substr(b + 1));
  if (key_id.size() != 16 || exp.empty() || exp.size() > 12 || mac.size() != 64) return false;
  if (exp.find_first_not_of("0123456789") != std::string::npos || exp[0] == '0') return false;  // canonical
  expiry = std::stoll(exp);
  return true;
}

// A URL a client signs: http(s)://, printable ASCII without spaces, at most 512 bytes.
Result<std::string> CheckSignUrl(const std::string& url) {
  bool printable = std::all_of(url.begin(), url.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (url.size() > 512 || !printable || !(url.starts_with("https://") || url.starts_with("http://")) ||
      url.size() < 10) {
    return Fail(Error::Invalid("Địa chỉ (URL) hệ thống dùng để ký phải bắt đầu bằng https:// hoặc http://, "
                               "không có dấu cách, tối đa 512 ký tự — đúng như cấu hình của hệ thống "
                               "(ví dụ https://dancu.tinh.gov.vn/soap)."));
  }
  return url;
}

Result<void> History(store::Tx& tx, const std::string& actor, int64_t id, const std::string& action,
                     const std::string& detail) {
  return RecordHistory(tx, actor, "system", std::to_string(id), action, detail);
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

Result<std::string> IssueSigningSecret(store::Database& db, int64_t id, const std::string& sign_url,
                                       const core::SecretKey& key, const std::string& actor) {
  auto url = CheckSignUrl(sign_url);
  if (!url) return Fail(url.error());
  std::string secret = RandomHex(32);
  std::string sealed = key.Seal(secret);
  auto st = db.Write([&](store::Tx& tx) -> Result<bool> {
    auto row = tx.QueryOne(std::string(kColumns) + " WHERE id = ?", {id}, "hệ thống số " + std::to_string(id));
    if (!row) return Fail(row.error());
    System s = FromRow(*row);
    if (s.status != "active") return Fail(Error::Conflict("Hệ thống " + s.name + " đã bị thu hồi khóa."));
    auto up = tx.Exec("UPDATE integrated_system SET sign_secret = ?, sign_url = ? WHERE id = ?", {sealed, *url, id});
    if (!up) return Fail(up.error());
    if (auto h = History(tx, actor, id, "signing_secret", s.name + " ký theo " + *url); !h) return Fail(h.error());
    return true;
  });
  if (!st) return Fail(st.error());
  return secret;
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
  std::optional<core::SecretKey> key;
  CredentialOptions options;
  population::ReplayGuard replays;
  std::mutex mu;
  std::map<std::string, std::string> sign_secret;  // key_id → opened signing secret
  std::map<std::string, System> by_key_id;      // active and revoked
  std::map<std::string, std::string> key_hash;  // key_id → argon2id string
  std::map<std::string, std::string> verified;  // SHA-256(key) → key_id
  // Keys that failed lately (SHA-256 → key_id): a repeated wrong key costs no second hash.
  std::map<std::string, std::string> failed;
  std::deque<std::function<void()>> jobs;  // at most kMaxPendingChecks
  std::condition_variable cv;
  bool stopping = false;
  std::thread worker;

  Impl(store::Database& d, std::optional<core::SecretKey> k, CredentialOptions o)
      : db(d), key(std::move(k)), options(std::move(o)), worker([this] { Run(); }) {
    if (!options.now_ms) options.now_ms = SystemNowMs;
  }
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

SystemAuth::SystemAuth(store::Database& db, std::optional<core::SecretKey> key, CredentialOptions options)
    : impl_(std::make_unique<Impl>(db, std::move(key), std::move(options))) {
  (void)Refresh();
}
SystemAuth::~SystemAuth() = default;

Result<void> SystemAuth::Refresh() {
  auto rows = impl_->db.Read([](store::Tx& tx) {
    return tx.Query("SELECT id, name, key_id, cert_fingerprint, units, status, created_at, sign_url, key_hash, "
                    "sign_secret FROM integrated_system", {});
  });
  if (!rows) return Fail(rows.error());
  std::map<std::string, std::string> secrets;
  if (impl_->key) {
    for (const auto& r : *rows) {
      if (r.Text(9).empty()) continue;
      auto opened = impl_->key->Open(r.Text(9));
      if (!opened) {
        core::LogLine("cổng truy vấn", "không mở được khóa ký của hệ thống " + r.Text(2) + ": " + opened.error().message);
        continue;
      }
      secrets[r.Text(2)] = std::move(*opened);
    }
  }
  std::lock_guard l(impl_->mu);
  impl_->by_key_id.clear();
  impl_->key_hash.clear();
  impl_->sign_secret = std::move(secrets);
  for (const auto& r : *rows) {
    System s = FromRow(r);
    impl_->key_hash[s.key_id] = r.Text(8);
    impl_->by_key_id[s.key_id] = std::move(s);
  }
  impl_->failed.clear();  // a key may have been re-issued
  std::erase_if(impl_->verified, [&](const auto& kv) {
    auto it = impl_->by_key_id.find(kv.second);
    return it == impl_->by_key_id.end() || it->second.status != "active";
  });
  return {};
}

namespace {

// The system a token or signature names, checked as usable: known, active, certificate bound.
Result<System> Usable(const std::map<std::string, System>& systems, const std::string& key_id,
                      const std::string& cert_fingerprint) {
  auto it = systems.find(key_id);
  if (it == systems.end()) return Fail(Refused("nêu một hệ thống không tồn tại"));
  if (it->second.status != "active") return Fail(Refused("thuộc hệ thống đã bị thu hồi"));
  if (!it->second.cert_fingerprint.empty() && it->second.cert_fingerprint != cert_fingerprint)
    return Fail(Refused("không đi kèm chứng thư số đã đăng ký"));
  return it->second;
}

}  // namespace

Result<System> SystemAuth::CheckToken(const Credentials& c) {
  std::string key_id, mac;
  int64_t expiry = 0;
  if (!SplitToken(c.bearer, key_id, expiry, mac)) return Fail(Refused("có mã truy cập (Bearer) sai định dạng"));
  if (!impl_->key) return Fail(Error::Unavailable("Máy chủ chưa có khóa bí mật nên không kiểm tra được mã truy cập."));
  std::string expected = impl_->key->Mac(kTokenContext, key_id + "." + std::to_string(expiry));
  if (sodium_memcmp(expected.data(), mac.data(), expected.size()) != 0) return Fail(Refused("có mã truy cập (Bearer) không đúng"));
  if (expiry * 1000 <= impl_->options.now_ms()) {
    return Fail(Refused("có mã truy cập (Bearer) đã hết hạn; hãy lấy mã mới tại POST /token"));
  }
  std::lock_guard l(impl_->mu);
  return Usable(impl_->by_key_id, key_id, c.cert_fingerprint);
}

Result<System> SystemAuth::CheckSigned(const Credentials& c) {
  const auto& claim = *c.basic_hash;
  System system;
  std::string secret;
  {
    std::lock_guard l(impl_->mu);
    auto sys = Usable(impl_->by_key_id, claim.user, c.cert_fingerprint);
    if (!sys) return sys;
    system = std::move(*sys);
    auto it = impl_->sign_secret.find(claim.user);
    if (it == impl_->sign_secret.end() || system.sign_url.empty()) {
      return Fail(Refused("dùng chữ ký có dấu thời gian nhưng hệ thống chưa được cấp khóa ký (dancu system sign)"));
    }
    secret = it->second;
  }
  int64_t now = impl_->options.now_ms();
  int window = impl_->options.signature_window_seconds;
  if (auto ok = population::CheckBasicHash(claim, system.sign_url, secret, now, window); !ok) return Fail(ok.error());
  if (auto fresh = impl_->replays.FirstUse(claim, now, window); !fresh) return Fail(fresh.error());
  return system;
}

void SystemAuth::Authenticate(Credentials c, std::function<void(Result<System>)> done) {
  if (!c.problem.empty()) return done(Fail(Error::Unauthenticated(c.problem)));
  if (!c.bearer.empty()) return done(CheckToken(c));
  if (c.basic_hash) {
    auto signed_by = CheckSigned(c);
    if (!signed_by || c.api_key.empty()) return done(std::move(signed_by));
    // Deployed clients send ApiKey beside the hash: then both must hold, for the same system.
    done = [id = signed_by->id, done = std::move(done)](Result<System> by_key) {
      if (by_key && by_key->id != id) {
        return done(Fail(Refused("có khóa API và chữ ký của hai hệ thống khác nhau")));
      }
      done(std::move(by_key));
    };
  }
  std::string key = std::move(c.api_key), cert_fingerprint = std::move(c.cert_fingerprint);
  auto refuse = [&done](const std::string& why) {
    done(Fail(Error::Unauthenticated("Khóa API của hệ thống tích hợp " + why +
                                     ". Hãy dùng khóa do Trung tâm cấp (dancu system add).")));
  };
  std::string key_id, secret;
  if (!SplitKey(key, key_id, secret)) {
    return refuse(key.empty() ? "bị thiếu (tiêu đề X-API-Key hoặc ApiKey; hoặc chữ ký có dấu thời gian, hoặc mã Bearer)"
                              : "sai định dạng");
  }
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

void SystemAuth::IssueToken(Credentials c, std::function<void(Result<AccessToken>)> done) {
  if (!impl_->key) {
    return done(Fail(Error::Unavailable("Máy chủ chưa có khóa bí mật nên không cấp được mã truy cập.")));
  }
  if (!c.bearer.empty()) return done(Fail(Refused("phải là khóa API hoặc chữ ký, không phải một mã truy cập khác")));
  Authenticate(std::move(c), [impl = impl_.get(), done = std::move(done)](Result<System> sys) {
    if (!sys) return done(Fail(sys.error()));
    int64_t expiry = impl->options.now_ms() / 1000 + impl->options.token_seconds;
    std::string body = sys->key_id + "." + std::to_string(expiry);
    done(AccessToken{"dct." + body + "." + impl->key->Mac(kTokenContext, body), impl->options.token_seconds,
                     std::move(*sys)});
  });
}

}  // namespace dancu::gateway
