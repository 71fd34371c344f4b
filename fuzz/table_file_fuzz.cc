// libFuzzer target: an uploaded registration table (CSV or XLSX bytes) through ReadTableFile and
// ParseForm, the importer every focal point's file goes through.
//
// Properties beyond "no crash, no leak, no UB": the grid is rectangular with one row number per
// row, and every string ParseForm hands on (rows, errors, notes, form fields) is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "registry/form_import.h"
#include "registry/table_file.h"

namespace {

using namespace dancu;
using fuzz::Check;
using fuzz::CheckUtf8;

// The catalogue look-ups ParseForm needs, over a fixed slice of the demo catalogue.
class StubContext final : public registry::RowContext {
 public:
  std::optional<Agency> FindAgency(const std::string& code) const override {
    static const std::map<std::string, Agency> agencies = {
        {"000.00.34.H33", {"UBND huyện Hòn Đất", "Hòn Đất", true}},
        {"000.02.34.H33", {"Phòng Nội vụ huyện Hòn Đất", "Nội vụ", true}},
        {"000.23.34.H33", {"UBND xã Bình Sơn", "xã Bình Sơn", true}},
        {"000.00.08.H33", {"Sở Tư pháp", "Tư pháp", false}}};
    auto it = agencies.find(code);
    if (it == agencies.end()) return std::nullopt;
    return it->second;
  }
  std::optional<registry::Purpose> FindPurpose(const std::string& code_or_text) const override {
    std::string key = core::FoldForSearch(code_or_text);
    for (const char* code : {"XMCD-01", "XMCD-02", "XMCD-03", "XMCD-04"}) {
      if (key == core::FoldForSearch(code)) return registry::Purpose{code, "Mục đích " + key};
    }
    return std::nullopt;
  }
};

void CheckTable(const registry::Table& t) {
  Check(t.rows.size() == t.row_numbers.size(), "Table: one row number per row");
  for (size_t i = 0; i < t.rows.size(); ++i) {
    Check(t.rows[i].size() == t.rows[0].size(), "Table: every row has the same width");
    Check(i == 0 || t.row_numbers[i] > t.row_numbers[i - 1], "Table: row numbers increase");
  }
}

void CheckPlan(const registry::ImportPlan& plan) {
  for (const auto& r : plan.rows) {
    for (const auto* s : {&r.full_name, &r.login, &r.login_key, &r.phone, &r.agency_code,
                          &r.agency_name, &r.role}) {
      CheckUtf8(*s, "ParseForm: account row field");
    }
    for (const auto& p : r.purposes) CheckUtf8(p.code + p.text, "ParseForm: purpose");
    Check(r.daily_quota == r.dossiers_per_day * r.queries_per_dossier, "ParseForm: quota");
  }
  for (const auto& e : plan.errors) CheckUtf8(e.column + e.message, "ParseForm: row error");
  for (const auto& n : plan.notes) CheckUtf8(n, "ParseForm: note");
  const auto& f = plan.info;
  for (const auto* s : {&f.unit_name, &f.contact_name, &f.contact_position, &f.contact_phone,
                        &f.contact_email, &f.contact_workplace}) {
    CheckUtf8(*s, "ParseForm: form field");
  }
  for (const auto& s : f.systems) CheckUtf8(s, "ParseForm: system name");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The file name agrees with the content for most inputs, so both readers are reached;
  // a name without extension leaves the choice to sniffing.
  std::string_view name = bytes.starts_with("PK") ? "phieu.xlsx" : "phieu.csv";
  if (size % 7 == 0) name = "phieu";
  auto table = registry::ReadTableFile(bytes, name);
  if (table) CheckTable(*table);
  else fuzz::CheckError(table.error(), "ReadTableFile: error");
  static const StubContext ctx;
  auto plan = registry::ParseForm(bytes, name, ctx);
  if (plan) CheckPlan(*plan);
  else fuzz::CheckError(plan.error(), "ParseForm: error");
  return 0;
}
