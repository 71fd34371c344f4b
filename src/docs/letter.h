// The reminder letter (công văn đôn đốc) built from a compliance report, like the seed
// letter số 6359/VP-HCC: counts, footnotes listing who registered, who did not and what each
// partly registered district is missing, the appendix, and the blank forms attached.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "compliance/compliance.h"
#include "store/store.h"

namespace dancu::docs {

using core::Result;

// Everything on the letter that is not data. Defaults are the seed letter's; the last values
// used for a campaign are remembered (LoadLetterInputs / SaveLetterInputs).
struct LetterInputs {
  std::string parent_body = "UBND TỈNH KIÊN GIANG";
  std::string issuing_body = "VĂN PHÒNG";
  std::string issuing_body_full = "Văn phòng UBND tỉnh";
  std::string number = "      /VP-HCC";  // số/ký hiệu; the number is left blank until issued
  std::string subject = "đôn đốc đăng ký khai thác dịch vụ cơ sở dữ liệu quốc gia về dân cư";
  std::string place = "Kiên Giang";
  std::vector<std::string> recipients = {"Các sở, ban, ngành tỉnh", "UBND các huyện, thành phố",
                                         "UBND các xã, phường, thị trấn"};
  std::string basis;           // empty = the campaign's legal basis
  std::string earlier_letter;  // e.g. "ngày 27 tháng 7 năm 2021, Văn phòng UBND tỉnh đã có …"
  std::string new_deadline;    // ISO date; empty = as_of + 3 days
  std::string submit_to = "Văn phòng UBND tỉnh";
  std::string via = "Trung tâm Phục vụ hành chính công";
  // Follows "Sau thời gian trên nếu các sở, ngành và địa phương không đăng ký " in the template.
  std::string consequence =
      "xem như không có nhu cầu và chịu trách nhiệm trước Ủy ban nhân dân tỉnh về những vướng "
      "mắc xảy ra khi đăng nhập, xử lý thủ tục hành chính trên Cổng dịch vụ công";
  std::string contact;  // "ông Trần Nguyễn, chuyên viên …, số điện thoại …, mail: …"
  std::vector<std::string> copies = {"Như trên", "Lãnh đạo Văn phòng UBND tỉnh",
                                     "P. KGVX, Trung tâm PVHCC", "Lưu: VT, vvtu"};
  std::string authority = "KT. CHÁNH VĂN PHÒNG";
  std::string title = "PHÓ CHÁNH VĂN PHÒNG";
  std::string signer;
};

nlohmann::json ToJson(const LetterInputs& in);
// Fields absent from `j` keep their value in `in`. Errors: invalid_argument for a bad date.
Result<void> MergeJson(const nlohmann::json& j, LetterInputs& in);

// The letter's data for the template (templates/README.md lists every field). Pure.
nlohmann::json ReminderLetterData(const compliance::Report& report, const LetterInputs& in);

// The sentence of a partly registered district's footnote, e.g. "Chỉ đăng ký danh sách 03
// xã, gồm: …; chưa đăng ký danh sách công chức phòng, ban chuyên môn cấp huyện."
std::string PartialDistrictNote(const compliance::UnitCompliance& district);

// Remembered inputs of a campaign's letters (seed defaults when none). Thread-safe.
Result<LetterInputs> LoadLetterInputs(store::Database& db, int64_t campaign_id);
Result<void> SaveLetterInputs(store::Database& db, int64_t campaign_id, const LetterInputs& in,
                              const std::string& actor);

// Zero-padded as NĐ 30/2020 writes small numbers in letters: 5 → "05", 182 → "182".
std::string Padded(int n);

}  // namespace dancu::docs
