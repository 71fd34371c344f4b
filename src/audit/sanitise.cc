// Bounding and cleaning a record's fields, so that the log records whatever it is given
// (issue 10 items 6 and 7: a record the log refused was an action that left no trace).
#include <nlohmann/json.hpp>

#include "audit/audit_internal.h"
#include "core/hash.h"
#include "core/text.h"

namespace dancu::audit::internal {
namespace {

using nlohmann::json;

constexpr size_t kDetailTextKept = 1024;  // of a detail that is not a JSON object, or too long
constexpr size_t kNotesBudget = 2048;     // room left in detail for the notes
constexpr size_t kTimeGivenKept = 64;

bool Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

json CutNote(std::string_view full) {
  return json{{"bytes", full.size()}, {"sha256", core::Sha256Hex(full)}};
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// `detail` as a JSON object (parsed), or nullopt when it is not one.
std::optional<json> ObjectOf(std::string_view detail) {
  size_t first = detail.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || detail[first] != '{') return std::nullopt;
  json j = json::parse(detail, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

}  // namespace

std::string ValidUtf8(std::string_view text) { return core::ToValidUtf8(text); }

std::string Bounded(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  if (max < kCutMarker.size()) return std::string(text.substr(0, 0));
  size_t cut = max - kCutMarker.size();
  while (cut > 0 && Continuation(text[cut])) --cut;
  return std::string(text.substr(0, cut)).append(kCutMarker);
}

void BoundFields(Record& r, json& notes) {
  const struct {
    std::string_view name;
    std::string* value;
    size_t max;
  } fields[] = {
      {"actor", &r.actor, kMaxFieldBytes},     {"unit", &r.unit, kMaxFieldBytes},
      {"system", &r.system, kMaxFieldBytes},   {"purpose", &r.purpose, kMaxFieldBytes},
      {"dossier", &r.dossier, kMaxFieldBytes}, {"reason_code", &r.reason_code, kMaxFieldBytes},
      {"action", &r.action, kMaxFieldBytes},   {"reason", &r.reason, kMaxReasonBytes}};
  for (const auto& f : fields) {
    if (!core::IsValidUtf8(*f.value)) {
      *f.value = ValidUtf8(*f.value);
      notes["invalid_utf8"].push_back(f.name);
    }
    if (f.value->size() > f.max) {
      notes["truncated"][std::string(f.name)] = CutNote(*f.value);
      *f.value = Bounded(*f.value, f.max);
    }
  }
}

void SettleTime(std::string& time, json& notes) {
  if (!time.empty() && LocalDayOf(time)) return;
  if (!time.empty()) notes["time_given"] = Bounded(ValidUtf8(time), kTimeGivenKept);
  time = NowIso();
}

void SettleDetail(std::string& detail, json notes) {
  bool valid_utf8 = core::IsValidUtf8(detail);
  std::optional<json> object;
  if (valid_utf8 && detail.size() <= kMaxDetailBytes) object = ObjectOf(detail);
  if (notes.empty() && (detail.empty() || (object && detail.size() <= kMaxDetailBytes))) return;
  json out = json::object();
  if (object && detail.size() + kNotesBudget <= kMaxDetailBytes) {
    out = std::move(*object);
  } else if (!detail.empty()) {
    std::string text = valid_utf8 ? detail : ValidUtf8(detail);
    notes["detail"] = CutNote(text);
    notes["detail"]["object"] = bool(object);
    out["detail_text"] = Bounded(text, kDetailTextKept);
  }
  out["audit_notes"] = notes;
  detail = Dump(out);
  if (detail.size() > kMaxDetailBytes) detail = Dump(json{{"audit_notes", notes}});
}

}  // namespace dancu::audit::internal
