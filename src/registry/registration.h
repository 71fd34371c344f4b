// Registration forms (Phiếu đăng ký), one per unit and campaign, and their workflow:
//   draft → submitted → approved → sent_c06 → active, or submitted/approved → returned
//   (with a reason) → draft again on the next import.
// Each account has its own status: pending → active → suspended ⇄ active, or revoked; ended
// when the official was transferred to another unit (the row stays as history).
// Access is decided per login across campaigns (gateway/policy.h): a revoked row keeps the
// login from querying in every campaign until ReinstateLogin, a suspended one until resumed.
// A login belongs to one unit at a time; TransferLogin moves it.
// Every change keeps who, when and why (registry/history.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "registry/account_row.h"
#include "registry/form_import.h"
#include "store/store.h"

namespace dancu::registry {

using core::Result;

enum class FormStatus { kDraft, kSubmitted, kReturned, kApproved, kSentC06, kActive };
std::string_view FormStatusCode(FormStatus s);   // "draft", "submitted", ...
std::string_view FormStatusLabel(FormStatus s);  // "Nháp", "Đã nộp", ...
Result<FormStatus> ParseFormStatus(std::string_view code);

enum class AccountStatus { kPending, kActive, kSuspended, kRevoked, kEnded };
std::string_view AccountStatusCode(AccountStatus s);
std::string_view AccountStatusLabel(AccountStatus s);
Result<AccountStatus> ParseAccountStatus(std::string_view code);

struct Account {
  int64_t id = 0;
  AccountRow row;
  AccountStatus status = AccountStatus::kPending;
  std::string status_reason;
};

struct Registration {
  int64_t id = 0;
  int64_t campaign_id = 0;
  std::string org_code;
  std::string org_name;
  FormStatus status = FormStatus::kDraft;
  FormInfo info;
  std::string return_reason;
  std::string source_file;
  std::string updated_at;
  std::vector<Account> accounts;
};

struct ImportOutcome {
  ImportPlan plan;
  bool written = false;  // false for a dry run
};

// Imports a form file for (campaign, unit). Either every row is valid and the form's account
// rows are replaced by the file's, or nothing is written. The file is read and checked before
// the write job, which only re-checks the form's status and the logins. Errors:
// invalid_argument with one FieldError per rejected cell (also when another unit owns a
// login: registered it in this campaign, holds it live in another, or it was transferred to
// another unit; the message names the unit); not_found for an unknown campaign or unit;
// conflict when the form is submitted, approved or beyond (return it first). `dry_run` checks
// without writing.
Result<ImportOutcome> ImportForm(store::Database& db, int64_t campaign_id,
                                 const std::string& unit_code, std::string_view bytes,
                                 std::string_view filename, const std::string& actor,
                                 bool dry_run = false, const ReadLimits& limits = {});

// The form of a unit in a campaign with its accounts. Errors: not_found.
Result<Registration> GetRegistration(store::Tx& tx, int64_t campaign_id,
                                     const std::string& unit_code);
// Every form of the campaign, without accounts (accounts.size() stays 0), in catalogue order.
Result<std::vector<Registration>> ListRegistrations(store::Tx& tx, int64_t campaign_id);

enum class FormAction { kSubmit, kApprove, kReturn, kSendC06, kActivate };
Result<FormAction> ParseFormAction(std::string_view name);  // submit, approve, return, send, activate

// Moves the form one step. Rules: submit from draft/returned (needs ≥ 1 account); approve
// from submitted; return from submitted/approved (needs a reason); send from approved;
// activate from sent_c06 — only with a valid commitment of the unit on file, and then every
// pending account becomes active. Errors: conflict naming the current status and what is
// allowed; invalid_argument for a missing reason; not_found.
// `at` (ISO time, optional) records a step taken earlier on paper, e.g. a form received on
// 28/7/2021 entered later; empty = now. Errors: invalid_argument for an `at` in the future.
Result<Registration> ApplyFormAction(store::Database& db, int64_t campaign_id,
                                     const std::string& unit_code, FormAction action,
                                     const std::string& reason, const std::string& actor,
                                     const std::string& at = "");

// Changes one account's status: suspend (active → suspended), resume (suspended → active),
// revoke (any but ended → revoked, final for the row; the login stays blocked in every
// campaign until ReinstateLogin). Suspend and revoke need a reason; resume needs the unit's
// valid commitment. Errors: conflict, invalid_argument, not_found.
Result<Account> ChangeAccountStatus(store::Database& db, int64_t account_id,
                                    AccountStatus to, const std::string& reason,
                                    const std::string& actor);

struct LoginTransfer {
  std::string login;
  std::string from_unit;  // the unit whose rows were ended
  std::string to_unit;    // the unit the login is kept for
  int ended = 0;          // rows ended (pending or active, in any campaign)
};

// Moves the official with `login` to unit `to_unit`: every live row (pending, active) of the
// login becomes ended with the reason, each with a history row (action "transfer", so the
// admin mirror audits it), and the login is kept for `to_unit`, which alone may register it
// next (in a later campaign when the old unit's form of the same campaign holds its row).
// A login with no live row but an earlier transfer is re-targeted. Errors: invalid_argument
// for a missing reason or a malformed login, or when the login already belongs to `to_unit`;
// not_found for an unknown unit or a login no unit holds; conflict while a row is suspended
// (resume or revoke it first).
Result<LoginTransfer> TransferLogin(store::Database& db, const std::string& login,
                                    const std::string& to_unit, const std::string& reason,
                                    const std::string& actor);

// Reinstates `login` after a revocation: its revoked rows stop blocking it (they stay revoked
// and unusable; another registered row of the login may query again). One history row per
// row (action "reinstate"). Returns the number of rows. Errors: invalid_argument for a
// missing reason; not_found when no revocation of the login blocks it.
Result<int> ReinstateLogin(store::Database& db, const std::string& login,
                           const std::string& reason, const std::string& actor);

struct OfficialIdChange {
  std::string login;
  std::string official_id;  // as stored: 12 digits, or "" when cleared
  int accounts = 0;         // live rows whose CCCD changed (0: they already had it)
};

// Sets the official's CCCD (column::kOfficialId; MaCanBo upstream) of `login` without a new
// import: on every live row of the login (pending, active, suspended, in any campaign and
// form status), one history row per changed row (entity "account", action
// "set_official_id", the old and new numbers masked in the detail). An empty `cccd` clears
// it. Errors: invalid_argument for a malformed login or a CCCD that core::Cccd::Parse
// refuses (its message after the column title); not_found when no live row has the login;
// conflict when a live row of another login already has this CCCD (one official, one
// account).
Result<OfficialIdChange> SetOfficialId(store::Database& db, const std::string& login,
                                       const std::string& cccd, const std::string& actor);

// SetOfficialId for the login of account row `account_id` (the web's account pages).
// Errors: not_found for an unknown row; those of SetOfficialId.
Result<OfficialIdChange> SetOfficialIdOfAccount(store::Database& db, int64_t account_id,
                                                const std::string& cccd, const std::string& actor);

}  // namespace dancu::registry
