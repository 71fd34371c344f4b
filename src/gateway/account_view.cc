// Reading one account for the official's screen, decided by the gateway's own MayQuery.
#include "gateway/account_view.h"

#include "gateway/policy.h"

namespace dancu::gateway {
namespace {

using core::Error;

// "Nguyễn Văn A (Chánh Văn phòng), ĐT 0297 3862 123, a@kiengiang.gov.vn", or a
// generic term.
std::string ContactText(const AccountView& v) {
  std::string out = v.contact_name;
  if (!out.empty() && !v.contact_position.empty()) out += " (" + v.contact_position + ")";
  if (!v.contact_phone.empty()) out += (out.empty() ? "ĐT " : ", ĐT ") + v.contact_phone;
  if (!v.contact_email.empty()) out += (out.empty() ? "" : ", ") + v.contact_email;
  return out.empty() ? "đầu mối đăng ký của đơn vị" : "đầu mối đăng ký của đơn vị: " + out;
}

// What the official can do about a refusal: whom to contact, and for what.
std::string Advice(const AccountView& v) {
  const std::string contact = ContactText(v);
  if (v.reason_code == "no_commitment") {
    return "Liên hệ " + contact + " để nộp bản cam kết đã ký.";
  }
  if (v.status == "pending") {
    return "Tài khoản được kích hoạt sau khi Trung tâm Phục vụ hành chính công tỉnh nhận kết "
           "quả cấp quyền; cần hỏi thêm, liên hệ " +
           contact + ".";
  }
  if (v.status == "suspended" || v.status == "revoked") {
    return "Liên hệ " + contact + " hoặc Trung tâm Phục vụ hành chính công tỉnh.";
  }
  return "Liên hệ " + contact + ".";
}

void FromPolicy(const PolicySnapshot& snap, const AccountPolicy& a, AccountView& v) {
  v.login = a.login;
  v.full_name = a.full_name;
  v.agency_code = a.agency_code;
  v.status = a.status;
  v.status_reason = a.status_reason;
  v.daily_quota = a.daily_quota;
  v.form_unit = a.form_unit;
  v.form_unit_name = snap.UnitName(a.form_unit);
  v.form_status = a.form_status;
  v.commitment_valid = snap.units_with_commitment.contains(a.form_unit);
}

// The texts the snapshot does not carry: agency name, the form's contact, purpose texts.
core::Result<void> ReadDetails(store::Tx& tx, int64_t id, AccountView& v) {
  auto row = tx.QueryOne(
      "SELECT a.agency_name, r.contact_name, r.contact_position, r.contact_phone, "
      "r.contact_email FROM account a JOIN registration r ON r.id = a.registration_id "
      "WHERE a.id = ?",
      {id}, "tài khoản");
  if (!row) return core::Fail(row.error());
  v.agency_name = row->Text(0);
  v.contact_name = row->Text(1);
  v.contact_position = row->Text(2);
  v.contact_phone = row->Text(3);
  v.contact_email = row->Text(4);
  auto purposes = tx.Query(
      "SELECT ap.code, COALESCE(p.text, ap.text) FROM account_purpose ap LEFT JOIN purpose p "
      "ON p.code = ap.code WHERE ap.account_id = ? ORDER BY ap.code",
      {id});
  if (!purposes) return core::Fail(purposes.error());
  for (const auto& p : *purposes) v.purposes.emplace_back(p.Text(0), p.Text(1));
  return {};
}

}  // namespace

core::Result<AccountView> ViewAccount(store::Database& registry, const std::string& login,
                                      const core::Date& day, const AccessRules& rules) {
  auto snap = LoadPolicyFor(registry, day, login);
  if (!snap) return core::Fail(snap.error());
  const AccountPolicy* a = (*snap)->Find(login);
  if (!a) {
    return core::Fail(Error::NotFound("Tài khoản \"" + login +
                                      "\" chưa được đăng ký khai thác CSDL quốc gia về dân cư."));
  }
  AccountView v;
  FromPolicy(**snap, *a, v);
  auto details = registry.Read([&](store::Tx& tx) { return ReadDetails(tx, a->id, v); });
  if (!details) return core::Fail(details.error());
  QueryDecision d = MayQuery(**snap, *a, rules);
  v.can_query = d.allowed;
  v.reason_code = d.reason_code;
  if (!d.allowed) v.reason = d.error.message + " " + Advice(v);
  return v;
}

}  // namespace dancu::gateway
