// Reading one account for the official's screen, with the gateway's
// registration checks.
#include "gateway/account_view.h"

namespace dancu::gateway {
namespace {

using core::Error;

bool Approved(const std::string& form_status) {
  return form_status == "approved" || form_status == "sent_c06" || form_status == "active";
}

// "Nguyễn Văn A (Chánh Văn phòng), ĐT 0297 3862 123, a@kiengiang.gov.vn", or a
// generic term.
std::string ContactText(const AccountView& v) {
  std::string out = v.contact_name;
  if (!out.empty() && !v.contact_position.empty()) out += " (" + v.contact_position + ")";
  if (!v.contact_phone.empty()) out += (out.empty() ? "ĐT " : ", ĐT ") + v.contact_phone;
  if (!v.contact_email.empty()) out += (out.empty() ? "" : ", ") + v.contact_email;
  return out.empty() ? "đầu mối đăng ký của đơn vị" : "đầu mối đăng ký của đơn vị: " + out;
}

// The first registration check that would refuse a query, in the gateway's
// order.
void Decide(AccountView& v) {
  const std::string who = "Tài khoản \"" + v.login + "\"";
  const std::string contact = ContactText(v);
  v.can_query = false;
  if (v.status != "active") {
    v.reason_code = "account_inactive";
    if (v.status == "pending") {
      v.reason = who +
                 " đang chờ kích hoạt nên chưa tra cứu được. Tài khoản được "
                 "kích hoạt sau khi "
                 "Trung tâm Phục vụ hành chính công tỉnh nhận kết quả cấp "
                 "quyền; cần hỏi thêm, liên hệ " +
                 contact + ".";
    } else if (v.status == "suspended") {
      v.reason = who + " đang tạm dừng" +
                 (v.status_reason.empty() ? "" : " (lý do: " + v.status_reason + ")") +
                 " nên không tra cứu được. Để mở lại, liên hệ " + contact +
                 " hoặc Trung tâm Phục vụ hành chính công tỉnh.";
    } else if (v.status == "revoked") {
      v.reason = who + " đã bị thu hồi" +
                 (v.status_reason.empty() ? "" : " (lý do: " + v.status_reason + ")") +
                 " nên không tra cứu được. Nếu vẫn cần tra cứu, đơn vị phải đăng ký "
                 "lại; liên hệ " +
                 contact + ".";
    } else {
      v.reason = who + " đang ở trạng thái \"" + v.status + "\", không tra cứu được. Liên hệ " +
                 contact + ".";
    }
    return;
  }
  if (!Approved(v.form_status)) {
    v.reason_code = "form_not_approved";
    v.reason = "Phiếu đăng ký của " + v.form_unit_name +
               " chưa được duyệt nên chưa tra cứu được. Liên hệ " + contact + ".";
    return;
  }
  if (!v.commitment_valid) {
    v.reason_code = "no_commitment";
    v.reason = v.form_unit_name +
               " chưa có Bản cam kết bảo đảm an toàn thông tin còn hiệu lực nên chưa "
               "tra cứu được. Liên hệ " +
               contact + " để nộp bản cam kết đã ký.";
    return;
  }
  v.can_query = true;
  v.reason_code.clear();
  v.reason.clear();
}

}  // namespace

core::Result<AccountView> ViewAccount(store::Database& registry, const std::string& login,
                                      const core::Date& day) {
  std::string key = login;
  for (auto& c : key) c = char(std::tolower(static_cast<unsigned char>(c)));
  return registry.Read([&](store::Tx& tx) -> core::Result<AccountView> {
    auto rows = tx.Query(
        "SELECT a.id, a.login, a.full_name, a.agency_code, "
        "a.agency_name, a.status, a.status_reason, "
        "a.daily_quota, r.org_code, r.status, r.contact_name, "
        "r.contact_position, r.contact_phone, "
        "r.contact_email FROM account a JOIN registration r "
        "ON r.id = a.registration_id "
        "WHERE a.login_key = ? ORDER BY a.campaign_id",
        {key});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) {
      return core::Fail(Error::NotFound("Tài khoản \"" + login +
                                        "\" chưa được đăng ký khai thác CSDL quốc gia về dân cư."));
    }
    // As LoadPolicy: later campaigns replace earlier ones, but never an active
    // row by an inactive one.
    const store::Row* chosen = nullptr;
    for (const auto& r : *rows) {
      if (!chosen || r.Text(5) == "active" || chosen->Text(5) != "active") chosen = &r;
    }
    const store::Row& r = *chosen;
    AccountView v;
    v.login = r.Text(1);
    v.full_name = r.Text(2);
    v.agency_code = r.Text(3);
    v.agency_name = r.Text(4);
    v.status = r.Text(5);
    v.status_reason = r.Text(6);
    v.daily_quota = int(r.Int(7));
    v.form_unit = r.Text(8);
    v.form_status = r.Text(9);
    v.contact_name = r.Text(10);
    v.contact_position = r.Text(11);
    v.contact_phone = r.Text(12);
    v.contact_email = r.Text(13);
    int64_t id = r.Int(0);
    auto purposes = tx.Query(
        "SELECT ap.code, COALESCE(p.text, ap.text) FROM "
        "account_purpose ap LEFT JOIN purpose p "
        "ON p.code = ap.code WHERE ap.account_id = ? ORDER BY ap.code",
        {id});
    if (!purposes) return core::Fail(purposes.error());
    for (const auto& p : *purposes) v.purposes.emplace_back(p.Text(0), p.Text(1));
    auto unit = tx.Query("SELECT name FROM org WHERE code = ?", {v.form_unit});
    if (!unit) return core::Fail(unit.error());
    v.form_unit_name = unit->empty() ? v.form_unit : (*unit)[0].Text(0);
    // The gateway's rule (policy.cc): a valid commitment with its signed scan,
    // signed by `day`.
    std::string iso = day.Iso();
    auto commitment = tx.QueryOne(
        "SELECT COUNT(*) FROM commitment WHERE org_code = ? AND status = "
        "'valid' AND scan_sha256 IS NOT NULL "
        "AND sign_date <= ? AND (valid_to IS NULL OR valid_to >= ?)",
        {v.form_unit, iso, iso}, "commitment");
    if (!commitment) return core::Fail(commitment.error());
    v.commitment_valid = commitment->Int(0) > 0;
    Decide(v);
    return v;
  });
}

}  // namespace dancu::gateway
