// Data of the reminder letter from a compliance report, and its remembered inputs.
#include "docs/letter.h"

#include <algorithm>

#include "core/date.h"
#include "core/text.h"

namespace dancu::docs {
namespace {

using compliance::Level;
using compliance::Status;
using compliance::UnitCompliance;
using core::Error;
using core::Fail;
using nlohmann::json;

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? std::string(sep) : "") + items[i];
  return out;
}

// Registered units in the order they first submitted (the seed lists them so), then catalogue.
std::vector<const UnitCompliance*> Select(const compliance::Report& r, Level level,
                                          bool registered) {
  std::vector<const UnitCompliance*> out;
  for (const auto& u : r.units) {
    if (u.level == level && (u.status != Status::kNotRegistered) == registered) out.push_back(&u);
  }
  if (registered) {
    std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) {
      return a->first_submitted_at < b->first_submitted_at;
    });
  }
  return out;
}

std::vector<std::string> Names(const std::vector<const UnitCompliance*>& units) {
  std::vector<std::string> out;
  for (auto* u : units) out.push_back(u->short_name);
  return out;
}

std::string Footnote(const std::vector<const UnitCompliance*>& units) {
  return "Gồm: " + Join(Names(units), "; ") + ".";
}

// "ngày 05 tháng 11 năm 2021": days below 10 and the months 1 and 2 are zero-padded
// (NĐ 30/2020, Phụ lục I), so "tháng 02" but "tháng 8".
void DateParts(const core::Date& d, json& j, const std::string& prefix) {
  j[prefix + "ngay"] = Padded(int(d.day()));
  j[prefix + "thang"] = d.month() <= 2 ? Padded(int(d.month())) : std::to_string(d.month());
  j[prefix + "nam"] = std::to_string(d.year());
}

json Appendix(const std::vector<const UnitCompliance*>& partial) {
  json rows = json::array();
  int tt = 0;
  for (auto* u : partial) {
    std::vector<std::string> done;
    for (const auto& p : u->parts)
      if (p.registered) done.push_back(p.short_name);
    rows.push_back({{"tt", std::to_string(++tt)},
                    {"don_vi", u->name},
                    {"da_dang_ky", Join(done, "; ")},
                    {"chua_dang_ky", Join(u->missing, "; ")}});
  }
  return rows;
}

}  // namespace

std::string Padded(int n) { return n >= 0 && n < 10 ? "0" + std::to_string(n) : std::to_string(n); }

std::string PartialDistrictNote(const UnitCompliance& d) {
  std::vector<std::string> communes, offices;
  int office_total = 0;
  for (const auto& p : d.parts) {
    if (p.kind == registry::OrgKind::kOffice) office_total++;
    if (!p.registered) continue;
    (p.kind == registry::OrgKind::kCommune ? communes : offices).push_back(p.short_name);
  }
  std::string text = "Chỉ đăng ký danh sách ";
  if (communes.size() == 1)
    text += communes[0];
  else if (!communes.empty())
    text += Padded(int(communes.size())) + " xã, gồm: " + Join(communes, ", ");
  if (!offices.empty()) {
    text += std::string(communes.empty() ? "" : " và ") + "công chức " +
            Padded(int(offices.size())) + " phòng, ban chuyên môn cấp huyện (" +
            Join(offices, ", ") + ")";
  }
  std::vector<std::string> missing_communes, missing_offices;
  for (const auto& p : d.parts) {
    if (p.registered) continue;
    (p.kind == registry::OrgKind::kCommune ? missing_communes : missing_offices)
        .push_back(p.short_name);
  }
  if (offices.empty() && office_total > 0)
    text += "; chưa đăng ký danh sách công chức phòng, ban chuyên môn cấp huyện";
  else if (!missing_offices.empty())
    text += "; chưa đăng ký danh sách công chức " + Join(missing_offices, ", ");
  if (!communes.empty() && !missing_communes.empty())
    text += "; còn " + Padded(int(missing_communes.size())) + " xã chưa đăng ký";
  else if (communes.empty() && !missing_communes.empty())
    text += "; chưa đăng ký danh sách cấp xã";
  if (std::find(d.missing.begin(), d.missing.end(), "Bản cam kết") != d.missing.end())
    text += "; chưa gửi Bản cam kết";
  return text + ".";
}

json ReminderLetterData(const compliance::Report& r, const LetterInputs& in) {
  json j;
  j["co_quan_chu_quan"] = in.parent_body;
  j["co_quan_ban_hanh"] = in.issuing_body;
  j["co_quan_ban_hanh_day_du"] = in.issuing_body_full;
  j["so_ky_hieu"] = in.number;
  j["trich_yeu"] = in.subject;
  j["dia_danh"] = in.place;
  DateParts(r.as_of, j, "");
  j["kinh_gui"] = json::array();
  for (size_t i = 0; i < in.recipients.size(); ++i)
    j["kinh_gui"].push_back({{"ten", in.recipients[i]}, {"cuoi", i + 1 == in.recipients.size()}});
  j["can_cu"] = in.basis.empty() ? r.campaign.basis : in.basis;
  j["cong_van_truoc"] = in.earlier_letter;
  j["co_cong_van_truoc"] = !in.earlier_letter.empty();

  auto tinh_ok = Select(r, Level::kProvince, true), tinh_no = Select(r, Level::kProvince, false);
  auto huyen_ok = Select(r, Level::kDistrict, true), huyen_no = Select(r, Level::kDistrict, false);
  j["so_cong_chuc_tinh"] = std::to_string(r.summary.at(Level::kProvince).officials);
  j["so_don_vi_tinh"] = Padded(int(tinh_ok.size()));
  j["co_tinh_da_dang_ky"] = !tinh_ok.empty();
  j["fn_tinh_da_dang_ky"] = Footnote(tinh_ok);
  j["so_can_bo_huyen"] = std::to_string(r.summary.at(Level::kDistrict).officials);
  j["so_huyen_da_dang_ky"] = Padded(int(huyen_ok.size()));
  j["co_huyen_da_dang_ky"] = !huyen_ok.empty();
  j["fn_huyen_da_dang_ky"] = Footnote(huyen_ok);
  j["so_can_bo_xa"] = std::to_string(r.summary.at(Level::kCommune).officials);
  j["so_so_chua_dang_ky"] = Padded(int(tinh_no.size()));
  j["co_tinh_chua_dang_ky"] = !tinh_no.empty();
  j["fn_tinh_chua_dang_ky"] = Footnote(tinh_no);
  j["so_huyen_chua_dang_ky"] = Padded(int(huyen_no.size()));
  j["co_huyen_chua_dang_ky"] = !huyen_no.empty();
  j["fn_huyen_chua_dang_ky"] = Footnote(huyen_no);
  j["co_chua_dang_ky"] = !tinh_no.empty() || !huyen_no.empty();

  std::vector<const UnitCompliance*> partial;
  for (auto* u : huyen_ok)
    if (u->status == Status::kIncomplete) partial.push_back(u);
  json list = json::array();
  for (size_t i = 0; i < partial.size(); ++i) {
    list.push_back({{"ten", (i == 0 ? "huyện " : "") + partial[i]->short_name},
                    {"ghi_chu", PartialDistrictNote(*partial[i])},
                    {"sep", i + 1 < partial.size() ? "; " : ""}});
  }
  j["chua_day_du"] = list;
  j["co_chua_day_du"] = !partial.empty();
  j["phu_luc"] = Appendix(partial);
  j["co_phu_luc"] = !partial.empty();

  core::Date deadline = r.as_of.AddDays(3);
  if (auto d = core::Date::Parse(in.new_deadline); !in.new_deadline.empty() && d) deadline = *d;
  DateParts(deadline, j, "han_moi_");
  j["noi_nhan_ho_so"] = in.submit_to;
  j["don_vi_tiep_nhan"] = in.via;
  j["hau_qua"] = in.consequence;
  j["dau_moi"] = in.contact;
  j["co_dau_moi"] = !in.contact.empty();
  j["noi_nhan"] = json::array();
  for (size_t i = 0; i < in.copies.size(); ++i)
    j["noi_nhan"].push_back({{"muc", in.copies[i]}, {"cuoi", i + 1 == in.copies.size()}});
  j["quyen_han"] = in.authority;
  j["chuc_vu"] = in.title;
  j["nguoi_ky"] = in.signer;
  return j;
}

json ToJson(const LetterInputs& in) {
  return {{"parent_body", in.parent_body},
          {"issuing_body", in.issuing_body},
          {"issuing_body_full", in.issuing_body_full},
          {"number", in.number},
          {"subject", in.subject},
          {"place", in.place},
          {"recipients", in.recipients},
          {"basis", in.basis},
          {"earlier_letter", in.earlier_letter},
          {"new_deadline", in.new_deadline},
          {"submit_to", in.submit_to},
          {"via", in.via},
          {"consequence", in.consequence},
          {"contact", in.contact},
          {"copies", in.copies},
          {"authority", in.authority},
          {"title", in.title},
          {"signer", in.signer}};
}

Result<void> MergeJson(const json& j, LetterInputs& in) {
  if (!j.is_object()) return Fail(Error::Invalid("Thông tin công văn phải là một đối tượng JSON."));
  auto str = [&](const char* key, std::string& field) {
    if (auto it = j.find(key); it != j.end() && it->is_string())
      field = core::CollapseSpaces(it->get<std::string>());
  };
  auto list = [&](const char* key, std::vector<std::string>& field) {
    if (auto it = j.find(key); it != j.end() && it->is_array()) {
      field.clear();
      for (const auto& v : *it)
        if (v.is_string() && !v.get<std::string>().empty()) field.push_back(v.get<std::string>());
    }
  };
  str("parent_body", in.parent_body);
  str("issuing_body", in.issuing_body);
  str("issuing_body_full", in.issuing_body_full);
  str("number", in.number);
  str("subject", in.subject);
  str("place", in.place);
  list("recipients", in.recipients);
  str("basis", in.basis);
  str("earlier_letter", in.earlier_letter);
  str("new_deadline", in.new_deadline);
  str("submit_to", in.submit_to);
  str("via", in.via);
  str("consequence", in.consequence);
  str("contact", in.contact);
  list("copies", in.copies);
  str("authority", in.authority);
  str("title", in.title);
  str("signer", in.signer);
  if (!in.new_deadline.empty()) {
    auto d = core::Date::Parse(in.new_deadline, "Hạn mới");
    if (!d) return Fail(d.error());
    in.new_deadline = d->Iso();
  }
  return {};
}

Result<LetterInputs> LoadLetterInputs(store::Database& db, int64_t campaign_id) {
  return db.Read([&](store::Tx& tx) -> Result<LetterInputs> {
    LetterInputs in;
    auto rows =
        tx.Query("SELECT inputs FROM letter_inputs WHERE campaign_id = ? AND kind = 'reminder'",
                 {campaign_id});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return in;
    auto j = json::parse(rows->front().Text(0), nullptr, false);
    if (!j.is_discarded()) (void)MergeJson(j, in);
    return in;
  });
}

Result<void> SaveLetterInputs(store::Database& db, int64_t campaign_id, const LetterInputs& in,
                              const std::string& actor) {
  auto r = db.Write([&](store::Tx& tx) -> Result<bool> {
    auto st = tx.Exec(
        "INSERT INTO letter_inputs (campaign_id, kind, inputs, updated_at, updated_by) "
        "VALUES (?, 'reminder', ?, ?, ?) ON CONFLICT (campaign_id, kind) DO UPDATE SET "
        "inputs = excluded.inputs, updated_at = excluded.updated_at, updated_by = "
        "excluded.updated_by",
        {campaign_id, ToJson(in).dump(), core::NowLocalIso(), actor});
    if (!st) return Fail(st.error());
    return true;
  });
  if (!r) return Fail(r.error());
  return {};
}

}  // namespace dancu::docs
