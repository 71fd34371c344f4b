// The query pipeline: every lookup of a citizen passes here and is allowed only as the
// registration and the commitment allow, counted against the daily quota, minimised to what
// its purpose needs, and written to the audit log before the answer leaves.
//
//   system credential → account exists and is active → its form is approved → its unit has a
//   valid commitment → the purpose is one of the account's → the system may act for the
//   account's unit → the daily quota is not spent → upstream → minimise → audit (durable)
//
// Each refusal has its own reason code and Vietnamese message and is audited too.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "gateway/policy.h"
#include "gateway/quota.h"
#include "gateway/systems.h"
#include "population/citizen.h"

namespace dancu::gateway {

struct LookupInput {
  Credentials credentials;       // the integrated system's (systems.h)
  std::string account;           // TaiKhoan
  std::string official;          // MaCanBo: the official's CCCD; finds the account when TaiKhoan
                                 // is empty, must match the registered CCCD when both are known
  std::string unit_code;         // MaDonVi (optional: checked against the account's unit)
  std::string purpose;           // MaDVC
  std::string dossier;           // số hồ sơ
  std::string request_id;        // MaYeuCau
  std::string integration_code;  // MaTichHop as the client sent it
  population::Query query;
  std::string full_name;         // for Verify
  bool verify = false;           // XacThucThongTinCongDan: match or not
  std::string channel = "json";  // "json" | "soap" | "web" (for the audit detail)
  std::string web_user;          // the web user who acted for the account (audit detail)
  // Set only by dancu's own web application, whose session already identified the official,
  // or by the front door after Gateway::Authenticate: the key check is skipped and this system
  // stands for the caller. units {"*"} = every unit.
  std::optional<System> trusted_system;
  // Set by the front door when Gateway::Authenticate refused the credentials: the refusal is
  // audited with this reason (the credentials are not checked a second time — a timestamped
  // hash would then look like its own replay).
  std::optional<core::Error> credential_error;
  // Set by the front door when the system is known but its request could not be read (not
  // SOAP, bad JSON, a value the contract refuses): audited as refused "invalid_query".
  std::optional<core::Error> invalid_request;
};

struct LookupOutcome {
  bool allowed = false;
  std::string reason_code;      // "" when allowed; else e.g. "quota_exhausted"
  core::Error error;            // when refused or failed
  std::vector<population::Citizen> citizens;  // minimised
  std::optional<bool> match;    // Verify
  int quota_used = 0;
  int quota_limit = 0;
  int64_t audit_seq = 0;
};

struct GatewayOptions {
  // How often the policy snapshot is checked for registry changes (cheap: one MAX(id)).
  std::chrono::milliseconds policy_refresh{1000};
  // The installation's key: checks the timestamped hash (sealed signing secrets) and tokens.
  // Without it only API keys are accepted.
  std::optional<core::SecretKey> secret_key;
  CredentialOptions credentials;
  // The national service checks the official per query (MaCanBo = the official's CCCD): an
  // account without a CCCD is refused ("official_id_missing") before anything is sent.
  bool require_official_id = false;
};

// Thread-safe. `done` is called exactly once, possibly on another thread, after the audit
// record of the query is durable — or after the audit log failed, which fails the query,
// refusals included, with unavailable / "audit_unavailable" (no answer leaves unaudited).
// The log's append_deadline (audit::LogOptions) bounds that wait.
class Gateway {
 public:
  Gateway(store::Database& registry, population::CitizenSource& source, audit::AuditLog& log,
          store::Database& audit_db, GatewayOptions options = {});
  ~Gateway();

  // Rebuilds today's quota counters from the audit log. Call once before serving.
  core::Result<void> Start();
  void Handle(LookupInput input, std::function<void(LookupOutcome)> done);
  // Drops cached policy and systems now (after an administrative change in this process).
  void Invalidate();

  int QuotaUsed(const std::string& login) const;

  // Checks an integrated system's credential before its request body is even parsed (the
  // front door's order: who is calling, then what they send). `done` gets the system — pass
  // it as LookupInput::trusted_system — or unauthenticated/unavailable; then call Handle
  // anyway with the bare credential so the refusal is audited (a failed key is remembered
  // briefly, so that second check costs no hash). `done` may run on another thread.
  void Authenticate(Credentials credentials, std::function<void(core::Result<System>)> done);
  // POST /token (OAuth 2.0 client credentials): a short-lived Bearer token for the system whose
  // credentials these are; issuing and refusing are audited (kind admin, action token.issue).
  // `done` is called after the audit record is durable.
  // With `refusal` (e.g. an unsupported grant_type) no token is made: the system's credentials
  // are still checked and the refusal audited (reason invalid_grant, or the credential's).
  void IssueToken(Credentials credentials, std::string peer,
                  std::function<void(core::Result<AccessToken>)> done,
                  std::optional<core::Error> refusal = std::nullopt);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dancu::gateway
