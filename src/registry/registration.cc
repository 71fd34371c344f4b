// Registration forms: import into the database, workflow steps, account status changes.
#include "registry/registration.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/hash.h"
#include "core/text.h"
#include "core/validate.h"
#include "registry/catalogue.h"
#include "registry/commitment.h"
#include "registry/history.h"
#include "registry/registration_internal.h"

namespace dancu::registry {
namespace {

using core::Error;
using core::Fail;
using core::FieldError;

constexpr std::string_view kFormCodes[] = {"draft", "submitted", "returned", "approved",
                                           "sent_c06", "active"};
constexpr std::string_view kFormLabels[] = {"Nháp", "Đã nộp", "Bị trả lại", "Đã duyệt",
                                            "Đã gửi C06", "Đang hoạt động"};
constexpr std::string_view kAccountCodes[] = {"pending", "active", "suspended", "revoked",
                                              "ended"};
constexpr std::string_view kAccountLabels[] = {"Chờ kích hoạt", "Đang hoạt động", "Tạm dừng",
                                               "Đã thu hồi", "Đã chuyển đơn vị"};

std::vector<std::string> SystemsFromJson(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array()) for (auto& s : j) if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

Result<std::vector<Account>> LoadAccounts(store::Tx& tx, int64_t reg_id) {
  auto rows = tx.Query(
      "SELECT id, row_no, full_name, login, login_key, phone, agency_code, agency_name, role, "
      "dossiers_per_day, queries_per_dossier, daily_quota, status, status_reason, official_id "
      "FROM account WHERE registration_id = ? ORDER BY row_no",
      {reg_id});
  if (!rows) return Fail(rows.error());
  std::vector<Account> out;
  for (const auto& r : *rows) {
    Account a;
    a.id = r.Int(0);
    a.row = {.row_no = int(r.Int(1)), .full_name = r.Text(2), .login = r.Text(3),
             .login_key = r.Text(4), .phone = r.Text(5), .agency_code = r.Text(6),
             .agency_name = r.Text(7), .role = r.Text(8), .dossiers_per_day = int(r.Int(9)),
             .queries_per_dossier = int(r.Int(10)), .daily_quota = int(r.Int(11)), .purposes = {},
             .official_id = r.Text(14)};
    a.status = ParseAccountStatus(r.Text(12)).value_or(AccountStatus::kPending);
    a.status_reason = r.Text(13);
    auto ps = tx.Query("SELECT code, text FROM account_purpose WHERE account_id = ? ORDER BY code",
                       {a.id});
    if (!ps) return Fail(ps.error());
    for (const auto& p : *ps) a.row.purposes.push_back({p.Text(0), p.Text(1)});
    out.push_back(std::move(a));
  }
  return out;
}

constexpr std::string_view kRegColumns =
    "SELECT r.id, r.campaign_id, r.org_code, o.name, r.status, r.systems, r.contact_name, "
    "r.contact_position, r.contact_phone, r.contact_email, r.contact_workplace, "
    "r.return_reason, r.source_file, r.updated_at FROM registration r "
    "JOIN org o ON o.code = r.org_code";

Registration RegFromRow(const store::Row& r) {
  Registration g;
  g.id = r.Int(0);
  g.campaign_id = r.Int(1);
  g.org_code = r.Text(2);
  g.org_name = r.Text(3);
  g.status = ParseFormStatus(r.Text(4)).value_or(FormStatus::kDraft);
  g.info = {.unit_name = r.Text(3), .systems = SystemsFromJson(r.Text(5)),
            .contact_name = r.Text(6), .contact_position = r.Text(7), .contact_phone = r.Text(8),
            .contact_email = r.Text(9), .contact_workplace = r.Text(10)};
  g.return_reason = r.Text(11);
  g.source_file = r.Text(12);
  g.updated_at = r.Text(13);
  return g;
}

struct Step {
  std::vector<FormStatus> from;
  FormStatus to;
  const char* name;
};

Step StepOf(FormAction a) {
  using S = FormStatus;
  switch (a) {
    case FormAction::kSubmit: return {{S::kDraft, S::kReturned}, S::kSubmitted, "submit"};
    case FormAction::kApprove: return {{S::kSubmitted}, S::kApproved, "approve"};
    case FormAction::kReturn: return {{S::kSubmitted, S::kApproved}, S::kReturned, "return"};
    case FormAction::kSendC06: return {{S::kApproved}, S::kSentC06, "send"};
    case FormAction::kActivate: return {{S::kSentC06}, S::kActive, "activate"};
  }
  return {{}, S::kDraft, ""};
}

Error WrongStep(FormStatus now, const Step& step) {
  std::string allowed;
  for (FormStatus s : step.from) allowed += (allowed.empty() ? "\"" : ", \"") + std::string(FormStatusLabel(s)) + "\"";
  return Error::Conflict("Phiếu đang ở trạng thái \"" + std::string(FormStatusLabel(now)) +
                         "\"; thao tác này chỉ làm được khi phiếu ở trạng thái " + allowed + ".");
}

Result<void> RequireCommitment(store::Tx& tx, const std::string& unit_code) {
  auto c = ValidCommitment(tx, unit_code, core::TodayLocal());
  if (!c) return Fail(c.error());
  if (!*c) {
    return Fail(Error::Conflict("Đơn vị " + unit_code + " chưa có Bản cam kết còn hiệu lực "
                                "(đã ký và tải bản scan lên); chưa thể kích hoạt tài khoản."));
  }
  return {};
}

}  // namespace

std::string_view FormStatusCode(FormStatus s) { return kFormCodes[int(s)]; }
std::string_view FormStatusLabel(FormStatus s) { return kFormLabels[int(s)]; }
Result<FormStatus> ParseFormStatus(std::string_view code) {
  for (size_t i = 0; i < std::size(kFormCodes); ++i) if (kFormCodes[i] == code) return FormStatus(i);
  return Fail(Error::Invalid("Trạng thái phiếu \"" + std::string(code) + "\" không hợp lệ."));
}
std::string_view AccountStatusCode(AccountStatus s) { return kAccountCodes[int(s)]; }
std::string_view AccountStatusLabel(AccountStatus s) { return kAccountLabels[int(s)]; }
Result<AccountStatus> ParseAccountStatus(std::string_view code) {
  for (size_t i = 0; i < std::size(kAccountCodes); ++i) if (kAccountCodes[i] == code) return AccountStatus(i);
  return Fail(Error::Invalid("Trạng thái tài khoản \"" + std::string(code) +
                             "\" không hợp lệ; chọn: pending, active, suspended, revoked, ended."));
}

Result<FormAction> ParseFormAction(std::string_view name) {
  for (FormAction a : {FormAction::kSubmit, FormAction::kApprove, FormAction::kReturn,
                       FormAction::kSendC06, FormAction::kActivate}) {
    if (StepOf(a).name == name) return a;
  }
  return Fail(Error::Invalid("Thao tác \"" + std::string(name) +
                             "\" không hợp lệ; chọn: submit, approve, return, send, activate."));
}

Result<ImportOutcome> ImportForm(store::Database& db, int64_t campaign_id,
                                 const std::string& unit_code, std::string_view bytes,
                                 std::string_view filename, const std::string& actor,
                                 bool dry_run, const ReadLimits& limits) {
  namespace ri = registration_internal;
  constexpr std::string_view kRefusal =
      "không thể thay danh sách. Hãy đề nghị trả lại phiếu trước.";
  constexpr std::string_view kSummary = "chưa ghi dòng nào. Hãy sửa và tải lên lại.";
  // The file is read and checked against a read snapshot, outside the single writer, so a
  // large upload never holds up other writes (logins, other imports).
  auto form = db.Read([&](store::Tx& tx) {
    return ri::OpenFormToReplace(tx, campaign_id, unit_code, kRefusal);
  });
  if (!form) return Fail(form.error());
  auto plan = ParseForm(bytes, filename, form->ctx, limits);
  if (!plan) return Fail(plan.error());
  auto free = db.Read([&](store::Tx& tx) {
    return ri::CheckLoginsFree(tx, campaign_id, form->unit.code, *plan);
  });
  if (!free) return Fail(free.error());
  if (!plan->errors.empty()) return Fail(ri::RowErrors("Tệp", std::move(plan->errors), kSummary));
  ImportOutcome out{std::move(*plan), !dry_run};
  if (dry_run) return out;
  // The file's hash identifies which upload the rows came from.
  ri::FormSource source{std::string(filename), core::Sha256Hex(bytes), "import"};
  ri::PlannedForm planned{.campaign_id = campaign_id, .unit = &form->unit, .refusal = kRefusal,
                          .advice = {}, .summary = kSummary};
  auto reg_id = ri::WritePlannedForm(db, planned, out.plan, source, actor);
  if (!reg_id) return Fail(reg_id.error());
  return out;
}

Result<Registration> GetRegistration(store::Tx& tx, int64_t campaign_id,
                                     const std::string& unit_code) {
  auto row = tx.QueryOne(std::string(kRegColumns) + " WHERE r.campaign_id = ? AND r.org_code = ?",
                         {campaign_id, unit_code},
                         "phiếu đăng ký của đơn vị " + unit_code + " trong đợt " +
                             std::to_string(campaign_id));
  if (!row) return Fail(row.error());
  Registration g = RegFromRow(*row);
  auto accounts = LoadAccounts(tx, g.id);
  if (!accounts) return Fail(accounts.error());
  g.accounts = std::move(*accounts);
  return g;
}

Result<std::vector<Registration>> ListRegistrations(store::Tx& tx, int64_t campaign_id) {
  auto rows = tx.Query(std::string(kRegColumns) + " WHERE r.campaign_id = ? ORDER BY o.position",
                       {campaign_id});
  if (!rows) return Fail(rows.error());
  std::vector<Registration> out;
  for (const auto& r : *rows) out.push_back(RegFromRow(r));
  return out;
}

Result<Registration> ApplyFormAction(store::Database& db, int64_t campaign_id,
                                     const std::string& unit_code, FormAction action,
                                     const std::string& reason, const std::string& actor,
                                     const std::string& at) {
  Step step = StepOf(action);
  if (!at.empty() && (at.size() < 10 || !core::Date::Parse(at.substr(0, 10)) ||
                      at.substr(0, 10) > core::TodayLocal().Iso())) {
    return Fail(Error::Invalid("Thời điểm \"" + at + "\" không hợp lệ (dạng 2021-07-28T09:00:00+07:00, "
                               "không ở tương lai)."));
  }
  std::string why = core::CollapseSpaces(reason);
  if (action == FormAction::kReturn && why.empty()) {
    return Fail(Error::Invalid("Trả lại phiếu cần ghi lý do để đơn vị biết phải sửa gì."));
  }
  return db.Write([&](store::Tx& tx) -> Result<Registration> {
    auto reg = GetRegistration(tx, campaign_id, unit_code);
    if (!reg) return Fail(reg.error());
    if (std::find(step.from.begin(), step.from.end(), reg->status) == step.from.end()) {
      return Fail(WrongStep(reg->status, step));
    }
    if (action == FormAction::kSubmit && reg->accounts.empty()) {
      return Fail(Error::Conflict("Phiếu chưa có tài khoản nào; hãy nhập danh sách trước khi nộp."));
    }
    if (action == FormAction::kActivate) {
      if (auto st = RequireCommitment(tx, reg->org_code); !st) return Fail(st.error());
      auto st = tx.Exec("UPDATE account SET status = 'active' WHERE registration_id = ? AND "
                        "status = 'pending'", {reg->id});
      if (!st) return Fail(st.error());
    }
    auto st = tx.Exec("UPDATE registration SET status = ?, return_reason = ?, updated_at = ? "
                      "WHERE id = ?",
                      {std::string(FormStatusCode(step.to)),
                       action == FormAction::kReturn ? why : std::string(), core::NowLocalIso(),
                       reg->id});
    if (!st) return Fail(st.error());
    auto rec = RecordChange(tx, {.actor = actor, .entity = "registration",
                                 .entity_id = std::to_string(reg->id), .action = step.name,
                                 .from_status = std::string(FormStatusCode(reg->status)),
                                 .to_status = std::string(FormStatusCode(step.to)),
                                 .reason = why, .at = at});
    if (!rec) return Fail(rec.error());
    return GetRegistration(tx, campaign_id, unit_code);
  });
}

Result<Account> ChangeAccountStatus(store::Database& db, int64_t account_id, AccountStatus to,
                                    const std::string& reason, const std::string& actor) {
  std::string why = core::CollapseSpaces(reason);
  if ((to == AccountStatus::kSuspended || to == AccountStatus::kRevoked) && why.empty()) {
    return Fail(Error::Invalid("Tạm dừng hoặc thu hồi tài khoản cần ghi lý do."));
  }
  return db.Write([&](store::Tx& tx) -> Result<Account> {
    auto row = tx.QueryOne(
        "SELECT a.status, r.org_code, a.registration_id, r.status FROM account a "
        "JOIN registration r ON r.id = a.registration_id WHERE a.id = ?",
        {account_id}, "tài khoản số " + std::to_string(account_id));
    if (!row) return Fail(row.error());
    auto from = ParseAccountStatus(row->Text(0)).value_or(AccountStatus::kPending);
    bool ok = (to == AccountStatus::kSuspended && from == AccountStatus::kActive) ||
              (to == AccountStatus::kActive && from == AccountStatus::kSuspended) ||
              (to == AccountStatus::kRevoked && from != AccountStatus::kRevoked &&
               from != AccountStatus::kEnded);
    if (!ok) {
      return Fail(Error::Conflict("Tài khoản đang \"" + std::string(AccountStatusLabel(from)) +
                                  "\"; không thể chuyển sang \"" +
                                  std::string(AccountStatusLabel(to)) + "\"."));
    }
    if (to == AccountStatus::kActive) {
      if (auto st = RequireCommitment(tx, row->Text(1)); !st) return Fail(st.error());
    }
    auto st = tx.Exec("UPDATE account SET status = ?, status_reason = ? WHERE id = ?",
                      {std::string(AccountStatusCode(to)), why, account_id});
    if (!st) return Fail(st.error());
    auto rec = RecordChange(tx, {.actor = actor, .entity = "account",
                                 .entity_id = std::to_string(account_id),
                                 .action = std::string(to == AccountStatus::kActive ? "resume"
                                                       : to == AccountStatus::kSuspended ? "suspend"
                                                                                         : "revoke"),
                                 .from_status = std::string(AccountStatusCode(from)),
                                 .to_status = std::string(AccountStatusCode(to)), .reason = why});
    if (!rec) return Fail(rec.error());
    auto accounts = LoadAccounts(tx, row->Int(2));
    if (!accounts) return Fail(accounts.error());
    for (auto& a : *accounts) if (a.id == account_id) return std::move(a);
    return Fail(Error::Internal("Tài khoản biến mất sau khi cập nhật."));
  });
}

namespace {

// The lower-case key of a login as typed. Errors: invalid_argument.
Result<std::string> LoginKey(const std::string& login) {
  auto name = core::LoginName::Parse(login);
  if (!name) return Fail(name.error());
  return name->key();
}

// The live rows (pending, active, suspended) of a login with their form's unit.
Result<std::vector<store::Row>> LiveRows(store::Tx& tx, const std::string& key) {
  return tx.Query(
      "SELECT a.id, a.status, r.org_code, o.name, a.login FROM account a "
      "JOIN registration r ON r.id = a.registration_id JOIN org o ON o.code = r.org_code "
      "WHERE a.login_key = ? AND a.status IN ('pending', 'active', 'suspended') "
      "ORDER BY a.campaign_id DESC",
      {key});
}

// The unit a login was last transferred to and is kept for, if it has not registered it yet.
Result<std::optional<std::string>> KeptFor(store::Tx& tx, const std::string& key) {
  auto row = tx.Query("SELECT to_org FROM login_transfer WHERE login_key = ?", {key});
  if (!row) return Fail(row.error());
  if (row->empty()) return std::optional<std::string>();
  return row->front().Text(0);
}

Result<void> EndRows(store::Tx& tx, const std::vector<store::Row>& rows, const Org& to,
                     const std::string& why, const std::string& actor) {
  const std::string note = "Chuyển sang " + to.name + " (" + to.code + "): " + why;
  for (const auto& r : rows) {
    auto st = tx.Exec("UPDATE account SET status = 'ended', status_reason = ? WHERE id = ?",
                      {note, r.Int(0)});
    if (!st) return Fail(st.error());
    auto rec = RecordChange(tx, {.actor = actor, .entity = "account",
                                 .entity_id = std::to_string(r.Int(0)), .action = "transfer",
                                 .from_status = r.Text(1), .to_status = "ended", .reason = why,
                                 .detail = r.Text(4) + ": " + r.Text(2) + " → " + to.code});
    if (!rec) return Fail(rec.error());
  }
  return {};
}

}  // namespace

Result<LoginTransfer> TransferLogin(store::Database& db, const std::string& login,
                                    const std::string& to_unit, const std::string& reason,
                                    const std::string& actor) {
  std::string why = core::CollapseSpaces(reason);
  if (why.empty()) {
    return Fail(Error::Invalid("Chuyển đơn vị cần ghi lý do (ví dụ: số quyết định điều động)."));
  }
  auto key = LoginKey(login);
  if (!key) return Fail(key.error());
  return db.Write([&](store::Tx& tx) -> Result<LoginTransfer> {
    auto to = FindOrg(tx, to_unit);
    if (!to) return Fail(to.error());
    auto live = LiveRows(tx, *key);
    if (!live) return Fail(live.error());
    auto kept = KeptFor(tx, *key);
    if (!kept) return Fail(kept.error());
    std::string from = live->empty() ? kept->value_or("") : live->front().Text(2);
    if (from.empty()) {
      return Fail(Error::NotFound("Tài khoản \"" + login + "\" không thuộc đơn vị nào (chưa "
                                  "đăng ký, hoặc đã thu hồi); đơn vị mới đăng ký trực tiếp."));
    }
    if (from == to->code) {
      return Fail(Error::Invalid("Tài khoản \"" + login + "\" đã thuộc " + to->name + "."));
    }
    for (const auto& r : *live) {
      if (r.Text(1) == "suspended") {
        return Fail(Error::Conflict("Tài khoản \"" + login + "\" đang tạm dừng ở " + r.Text(3) +
                                    "; hãy mở lại hoặc thu hồi trước khi chuyển đơn vị."));
      }
    }
    if (auto st = EndRows(tx, *live, *to, why, actor); !st) return Fail(st.error());
    auto st = tx.Exec(
        "INSERT INTO login_transfer (login_key, login, from_org, to_org, at, actor, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (login_key) DO UPDATE SET "
        "login = excluded.login, from_org = excluded.from_org, to_org = excluded.to_org, "
        "at = excluded.at, actor = excluded.actor, reason = excluded.reason",
        {*key, login, from, to->code, core::NowLocalIso(), actor, why});
    if (!st) return Fail(st.error());
    if (live->empty()) {  // re-targeted before the first unit registered it: still audited
      auto rec = RecordChange(tx, {.actor = actor, .entity = "login", .entity_id = *key,
                                   .action = "transfer", .reason = why,
                                   .detail = login + ": " + from + " → " + to->code});
      if (!rec) return Fail(rec.error());
    }
    return LoginTransfer{login, from, to->code, int(live->size())};
  });
}

Result<int> ReinstateLogin(store::Database& db, const std::string& login,
                           const std::string& reason, const std::string& actor) {
  std::string why = core::CollapseSpaces(reason);
  if (why.empty()) return Fail(Error::Invalid("Khôi phục tài khoản cần ghi lý do."));
  auto key = LoginKey(login);
  if (!key) return Fail(key.error());
  return db.Write([&](store::Tx& tx) -> Result<int> {
    auto rows = tx.Query(
        "UPDATE account SET reinstated_at = ? WHERE login_key = ? AND status = 'revoked' "
        "AND reinstated_at IS NULL RETURNING id",
        {core::NowLocalIso(), *key});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) {
      return Fail(Error::NotFound("Tài khoản \"" + login + "\" không có lần thu hồi nào đang "
                                  "chặn; tài khoản tạm dừng thì mở lại (resume) từng tài khoản."));
    }
    for (const auto& r : *rows) {
      auto rec = RecordChange(tx, {.actor = actor, .entity = "account",
                                   .entity_id = std::to_string(r.Int(0)), .action = "reinstate",
                                   .from_status = "revoked", .to_status = "revoked",
                                   .reason = why, .detail = login});
      if (!rec) return Fail(rec.error());
    }
    return int(rows->size());
  });
}

namespace {

Result<std::string> NormalisedOfficialId(const std::string& cccd) {
  std::string typed = core::CollapseSpaces(cccd);
  if (typed.empty()) return typed;
  auto parsed = core::Cccd::Parse(typed);
  if (!parsed) {
    return Fail(Error::Invalid(std::string(column::kOfficialId) + ": " + parsed.error().message,
                               {{0, column::kOfficialId, parsed.error().message}}));
  }
  return parsed->value();
}

}  // namespace

Result<OfficialIdChange> SetOfficialId(store::Database& db, const std::string& login,
                                       const std::string& cccd, const std::string& actor) {
  auto key = LoginKey(login);
  if (!key) return Fail(key.error());
  auto id = NormalisedOfficialId(cccd);
  if (!id) return Fail(id.error());
  return db.Write([&](store::Tx& tx) -> Result<OfficialIdChange> {
    constexpr std::string_view kLive = "status IN ('pending', 'active', 'suspended')";
    if (!id->empty()) {
      auto other = tx.Query("SELECT login FROM account WHERE official_id = ? AND login_key <> ? AND " +
                                std::string(kLive) + " LIMIT 1",
                            {*id, *key});
      if (!other) return Fail(other.error());
      if (!other->empty()) {
        return Fail(Error::Conflict("Số CCCD " + *id + " đã ghi cho tài khoản \"" +
                                    other->front().Text(0) + "\"; mỗi cán bộ chỉ có một tài "
                                    "khoản, hãy kiểm tra lại số CCCD."));
      }
    }
    auto rows = tx.Query("SELECT id, login, official_id FROM account WHERE login_key = ? AND " +
                             std::string(kLive) + " ORDER BY id",
                         {*key});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) {
      return Fail(Error::NotFound("Không có tài khoản \"" + login + "\" đang đăng ký (chờ kích "
                                  "hoạt, đang hoạt động hoặc tạm dừng)."));
    }
    OfficialIdChange out{rows->front().Text(1), *id, 0};
    for (const auto& r : *rows) {
      if (r.Text(2) == *id) continue;
      auto st = tx.Exec("UPDATE account SET official_id = ? WHERE id = ?", {*id, r.Int(0)});
      if (!st) return Fail(st.error());
      auto rec = RecordChange(tx, {.actor = actor, .entity = "account",
                                   .entity_id = std::to_string(r.Int(0)),
                                   .action = "set_official_id",
                                   .detail = std::string(column::kOfficialId) + ": " +
                                             core::MaskId(r.Text(2)) + " → " + core::MaskId(*id)});
      if (!rec) return Fail(rec.error());
      ++out.accounts;
    }
    return out;
  });
}

Result<OfficialIdChange> SetOfficialIdOfAccount(store::Database& db, int64_t account_id,
                                                const std::string& cccd, const std::string& actor) {
  auto login = db.Read([&](store::Tx& tx) {
    return tx.QueryOne("SELECT login FROM account WHERE id = ?", {account_id},
                       "tài khoản số " + std::to_string(account_id));
  });
  if (!login) return Fail(login.error());
  return SetOfficialId(db, login->Text(0), cccd, actor);
}

}  // namespace dancu::registry
