// The query pipeline: checks in order, quota, upstream, minimisation, durable audit.
#include "gateway/gateway.h"

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/validate.h"
#include "gateway/minimise.h"

namespace dancu::gateway {
namespace {

using core::Error;
using Clock = std::chrono::steady_clock;

std::string Lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The audit's subject reference: the identifier asked about (hashed and encrypted by the log).
std::string SubjectOf(const population::Query& q) {
  if (!q.id_number.empty()) return q.id_number;
  if (!q.cmnd.empty()) return q.cmnd;
  if (q.name_key.empty()) return "";
  return q.name_key + "|" + (q.birth ? q.birth->ToContract() : "");
}

// The audit detail: its values come from the network, so invalid UTF-8 is replaced, not
// thrown on (issue 10 item 7; the log bounds what is too long).
std::string DetailJson(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json Detail(const LookupInput& in, const std::string& sent_purpose = "") {
  nlohmann::json j{{"channel", in.channel}, {"request_id", in.request_id}};
  if (!in.web_user.empty()) j["web_user"] = in.web_user;
  if (!sent_purpose.empty()) j["sent_purpose"] = sent_purpose;
  return j;
}

// Who asks, as the national service must hear it: the official as registered (not as the
// client claims), the client's request id, else the dossier.
population::Caller CallerFor(const LookupInput& in, const AccountPolicy& acc, const std::string& national) {
  return {.request_id = in.request_id.empty() ? in.dossier : in.request_id,
          .service_code = national,
          .integration_code = in.integration_code,
          .official = acc.official_id,
          .unit_code = acc.agency_code,
          .account = acc.login,
          .phone = acc.phone};
}

}  // namespace

struct Gateway::Impl {
  store::Database& registry;
  population::CitizenSource& source;
  audit::AuditLog& log;
  store::Database& audit_db;
  GatewayOptions options;
  SystemAuth systems;
  QuotaCounter quota;
  std::mutex mu;
  std::shared_ptr<const PolicySnapshot> snapshot;
  Clock::time_point checked{};

  Impl(store::Database& r, population::CitizenSource& s, audit::AuditLog& l, store::Database& a, GatewayOptions o)
      : registry(r), source(s), log(l), audit_db(a), options(o), systems(r, o.secret_key, o.credentials) {}

  // The current snapshot; re-read when the registry changed (checked at most once a period)
  // or the local day turned (commitments are valid per day).
  std::shared_ptr<const PolicySnapshot> Policy() {
    std::shared_ptr<const PolicySnapshot> current;
    std::string today = core::TodayLocal().Iso();
    {
      std::lock_guard l(mu);
      current = snapshot;
      if (current && current->day == today && Clock::now() - checked < options.policy_refresh) return current;
      checked = Clock::now();
    }
    auto version = PolicyVersion(registry);
    if (current && version && *version == current->version && current->day == today) return current;
    auto fresh = LoadPolicy(registry, core::TodayLocal());
    if (!fresh) return current;  // keep serving the last good snapshot
    (void)systems.Refresh();
    std::lock_guard l(mu);
    snapshot = *fresh;
    return snapshot;
  }

  void Finish(audit::Record rec, LookupOutcome out, Clock::time_point t0,
              std::function<void(LookupOutcome)> done, const std::string& charged_account,
              const std::string& day) {
    rec.latency_us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
    log.Append(std::move(rec), [this, out = std::move(out), done = std::move(done), charged_account,
                                day](core::Result<int64_t> seq) mutable {
      if (seq) {
        out.audit_seq = *seq;
      } else {
        // No durable record, no answer — not even a refusal, whose reason tells something
        // (issue 10 item 8: the log's deadline makes this fast): the query is not charged.
        if (out.allowed) quota.Release(charged_account, day);
        out.allowed = false;
        out.citizens.clear();
        out.match.reset();
        out.reason_code = "audit_unavailable";
        out.error = Error::Unavailable("Không ghi được nhật ký truy vấn; truy vấn không được thực hiện. Hãy thử lại sau.");
      }
      done(std::move(out));
    });
  }

  void Continue(LookupInput in, core::Result<System> sys, Clock::time_point t0,
                std::function<void(LookupOutcome)> done) {
    std::string day = core::TodayLocal().Iso();
    audit::Record rec;
    rec.kind = "query";
    rec.action = in.verify ? "verify" : "lookup";
    rec.actor = in.account.empty() ? "(không rõ)" : Lower(in.account);
    rec.unit = in.unit_code;
    rec.system = sys ? sys->name : "";
    rec.purpose = in.purpose;
    rec.dossier = in.dossier;
    rec.subject = SubjectOf(in.query);
    rec.detail = DetailJson(Detail(in));
    LookupOutcome out;
    std::string sent_purpose;  // the code the client sent, when it was mapped to dancu's
    auto refuse = [&](const char* code, Error e) {
      rec.outcome = "refused";
      rec.reason_code = code;
      rec.reason = e.message;
      out.reason_code = code;
      out.error = std::move(e);
      Finish(std::move(rec), std::move(out), t0, std::move(done), "", day);
    };
    if (!sys) return refuse("system_credential", sys.error());
    if (in.invalid_request) return refuse("invalid_query", *in.invalid_request);
    const bool official_is_cccd = core::Cccd::Parse(in.official).has_value();
    if (in.account.empty() && !official_is_cccd) in.account = in.official;  // older clients: a login
    if (in.account.empty() && !official_is_cccd) {
      return refuse("account_missing", Error::Invalid("Thiếu tài khoản của cán bộ (TaiKhoan hoặc MaCanBo)."));
    }
    auto policy = Policy();
    if (!policy) return refuse("policy_unavailable", Error::Unavailable("Chưa đọc được dữ liệu đăng ký; hãy thử lại sau."));
    const AccountPolicy* acc = nullptr;
    if (!in.account.empty()) {
      acc = policy->Find(in.account);
      if (!acc) return refuse("account_unknown", Error::Denied("Tài khoản \"" + in.account + "\" chưa được đăng ký khai thác CSDL quốc gia về dân cư."));
    } else {
      // MaCanBo alone: the official's CCCD names the account. The number is personal data:
      // never the audit actor, only masked in messages (issue 11 attack finding 9).
      acc = policy->FindByOfficial(in.official);
      if (!acc) {
        return refuse("account_unknown", Error::Denied("Không có tài khoản khai thác nào đăng ký cho cán bộ có số CCCD " +
                                                       core::MaskId(in.official) + " (hoặc có nhiều hơn một: hãy gửi TaiKhoan)."));
      }
    }
    if (official_is_cccd && !acc->official_id.empty() && acc->official_id != in.official) {
      rec.actor = Lower(acc->login);
      return refuse("official_mismatch", Error::Denied("MaCanBo " + core::MaskId(in.official) + " không phải số CCCD đã đăng ký của cán bộ dùng tài khoản \"" +
                                                       acc->login + "\"."));
    }
    rec.actor = Lower(acc->login);
    rec.unit = acc->agency_code;
    out.quota_limit = acc->daily_quota;
    // The one decision the official's page shows too (policy.h MayQuery; issue 10 item 9).
    if (auto d = MayQuery(*policy, *acc, {.require_official_id = options.require_official_id}); !d.allowed) {
      return refuse(d.reason_code.c_str(), std::move(d.error));
    }
    auto purpose = ResolvePurpose(*policy, sys->id, in.purpose);
    if (!purpose) return refuse("purpose_unknown", purpose.error());
    if (purpose->purpose != in.purpose) {  // a mapped code: audited as dancu's, the sent one kept
      sent_purpose = std::exchange(in.purpose, purpose->purpose);
      rec.purpose = in.purpose;
      rec.detail = DetailJson(Detail(in, sent_purpose));
    }
    if (!acc->purposes.contains(purpose->purpose)) {
      std::string mine;
      for (const auto& p : acc->purposes) mine += (mine.empty() ? "" : ", ") + p;
      return refuse("purpose_not_registered", Error::Denied("Mục đích \"" + purpose->purpose + "\" không nằm trong các mục đích đã đăng ký của tài khoản (" + mine + ")."));
    }
    if (!in.unit_code.empty() && in.unit_code != acc->agency_code) {
      return refuse("unit_mismatch", Error::Denied("Tài khoản \"" + acc->login + "\" thuộc đơn vị " + acc->agency_code + ", không phải " + in.unit_code + "."));
    }
    bool served = std::any_of(sys->units.begin(), sys->units.end(), [&](const std::string& u) { return u == "*" || policy->Within(acc->agency_code, u); });
    if (!served) return refuse("unit_not_served", Error::Denied("Hệ thống \"" + sys->name + "\" không được phép truy vấn thay cho đơn vị " + acc->agency_code + "."));
    const auto& q = in.query;
    bool has_key = in.verify ? (!q.id_number.empty() && !in.full_name.empty() && q.birth)
                             : (!q.id_number.empty() || !q.cmnd.empty() || (!q.name_key.empty() && q.birth));
    if (!has_key) {
      return refuse("invalid_query", Error::Invalid(in.verify ? "Xác thực cần số CCCD, họ tên và ngày sinh."
                                                              : "Cần số CCCD, số CMND, hoặc họ tên cùng ngày sinh."));
    }
    std::string account_key = Lower(acc->login);
    auto used = quota.Reserve(account_key, day, acc->daily_quota);
    if (!used) {
      out.quota_used = quota.Used(account_key, day);
      return refuse("quota_exhausted", used.error());
    }
    out.quota_used = *used;
    population::Caller caller = CallerFor(in, *acc, purpose->national);
    if (in.verify) {
      auto match = source.Verify(caller, q.id_number, in.full_name, *q.birth);
      if (!match) return Fail(std::move(rec), std::move(out), match.error(), account_key, day, t0, std::move(done));
      out.match = *match;
    } else {
      auto found = source.Lookup(caller, q);
      if (!found) return Fail(std::move(rec), std::move(out), found.error(), account_key, day, t0, std::move(done));
      auto fields = policy->service_fields.find(purpose->purpose);
      const auto& allowed = fields == policy->service_fields.end() ? IdentityFields() : fields->second;
      for (const auto& c : *found) out.citizens.push_back(Minimise(c, allowed));
      auto detail = Detail(in, sent_purpose);
      detail["found"] = found->size();
      rec.detail = DetailJson(detail);
    }
    out.allowed = true;
    rec.outcome = "allowed";
    Finish(std::move(rec), std::move(out), t0, std::move(done), account_key, day);
  }

  // The upstream failed: the reserved query is given back and the failure audited.
  void Fail(audit::Record rec, LookupOutcome out, Error e, const std::string& account, const std::string& day,
            Clock::time_point t0, std::function<void(LookupOutcome)> done) {
    quota.Release(account, day);
    out.quota_used = quota.Used(account, day);
    bool bad_input = e.code == core::Code::kInvalidArgument;
    // The national service refusing dancu (its credential, its certificate) is dancu's failure,
    // not the caller's lack of permission: unavailable, not permission_denied (attack finding 18).
    if (!bad_input && e.code != core::Code::kUnavailable) e = Error::Unavailable(e.message);
    rec.outcome = bad_input ? "refused" : "failed";
    rec.reason_code = bad_input ? "invalid_query" : "upstream_unavailable";
    rec.reason = e.message;
    out.reason_code = rec.reason_code;
    out.error = std::move(e);
    Finish(std::move(rec), std::move(out), t0, std::move(done), "", day);
  }
};

Gateway::Gateway(store::Database& registry, population::CitizenSource& source, audit::AuditLog& log,
                 store::Database& audit_db, GatewayOptions options)
    : impl_(std::make_unique<Impl>(registry, source, log, audit_db, options)) {}
Gateway::~Gateway() = default;

core::Result<void> Gateway::Start() {
  std::string day = core::TodayLocal().Iso();
  auto counts = audit::CountAllowedQueries(impl_->audit_db, day);
  if (!counts) return core::Fail(counts.error());
  impl_->quota.Load(day, *counts);
  if (!impl_->Policy()) return core::Fail(Error::Unavailable("Không đọc được dữ liệu đăng ký."));
  return {};
}

void Gateway::Handle(LookupInput input, std::function<void(LookupOutcome)> done) {
  auto t0 = Clock::now();
  // The credential is checked first, so systems added or revoked elsewhere must be reloaded
  // (with the policy, when the registry changed) before it, not after.
  (void)impl_->Policy();
  if (input.trusted_system) {
    core::Result<System> sys = *input.trusted_system;
    return impl_->Continue(std::move(input), std::move(sys), t0, std::move(done));
  }
  if (input.credential_error) {
    core::Result<System> sys = core::Fail(*input.credential_error);
    return impl_->Continue(std::move(input), std::move(sys), t0, std::move(done));
  }
  Credentials credentials = input.credentials;
  impl_->systems.Authenticate(std::move(credentials), [impl = impl_.get(), input = std::move(input), t0,
                                                       done = std::move(done)](core::Result<System> sys) mutable {
    impl->Continue(std::move(input), std::move(sys), t0, std::move(done));
  });
}

void Gateway::Authenticate(Credentials credentials, std::function<void(core::Result<System>)> done) {
  (void)impl_->Policy();  // systems added or revoked elsewhere are reloaded with the policy
  impl_->systems.Authenticate(std::move(credentials), std::move(done));
}

void Gateway::IssueToken(Credentials credentials, std::string peer,
                         std::function<void(core::Result<AccessToken>)> done,
                         std::optional<core::Error> refusal) {
  (void)impl_->Policy();
  auto audit = [impl = impl_.get(), peer](core::Result<AccessToken> token, std::string reason_code,
                                           std::function<void(core::Result<AccessToken>)> done) {
    audit::Record rec;
    rec.kind = "admin";
    rec.action = "token.issue";
    rec.actor = "api@" + peer;
    rec.outcome = token ? "allowed" : "refused";
    if (!token) {
      rec.reason_code = std::move(reason_code);
      rec.reason = token.error().message;
    } else {
      rec.actor = "system:" + token->system.key_id;
      rec.system = token->system.name;
      rec.detail = DetailJson({{"expires_in", token->expires_in}});
    }
    impl->log.Append(std::move(rec), [token = std::move(token), done = std::move(done)](core::Result<int64_t> seq) mutable {
      if (!seq) return done(core::Fail(Error::Unavailable("Không ghi được nhật ký; mã truy cập không được cấp. Hãy thử lại sau.")));
      done(std::move(token));
    });
  };
  if (refusal) {  // authenticate only, to know (and audit) who asked
    return impl_->systems.Authenticate(std::move(credentials), [audit, refusal = std::move(*refusal),
                                                                done = std::move(done)](core::Result<System> sys) mutable {
      if (!sys) return audit(core::Fail(sys.error()), "system_credential", std::move(done));
      core::Result<AccessToken> refused = core::Fail(std::move(refusal));
      audit(std::move(refused), "invalid_grant", std::move(done));
    });
  }
  impl_->systems.IssueToken(std::move(credentials), [audit, done = std::move(done)](core::Result<AccessToken> token) mutable {
    audit(std::move(token), "system_credential", std::move(done));
  });
}

void Gateway::Invalidate() {
  std::lock_guard l(impl_->mu);
  impl_->checked = {};
  impl_->snapshot.reset();
}

int Gateway::QuotaUsed(const std::string& login) const {
  return impl_->quota.Used(Lower(login), core::TodayLocal().Iso());
}

}  // namespace dancu::gateway
