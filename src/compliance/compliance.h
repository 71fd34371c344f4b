// Compliance of a campaign: who is expected to register, who did, who did partly and what
// is missing — counted and listed exactly as a reminder letter states them.
//
// A unit counts as registered on a day when a form holding accounts for it (its own code or
// a unit under it) was first submitted on or before that day. A district (UBND huyện) is
// complete only when every required office (phòng ban) and every commune (UBND xã) valid on
// the deadline is registered (seed letter, footnotes 5–8); a sở when it has accounts. When
// the campaign's rules ask for it, a valid Bản cam kết of the sở/district is also required.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/date.h"
#include "registry/registry.h"
#include "store/store.h"

namespace dancu::compliance {

using core::Result;

enum class Level { kProvince, kDistrict, kCommune };  // "tinh", "huyen", "xa"
std::string_view LevelCode(Level level);

enum class Status { kNotRegistered, kIncomplete, kComplete };  // chua_dang_ky, chua_day_du, day_du
std::string_view StatusCode(Status status);
std::string_view StatusLabel(Status status);  // "Chưa đăng ký", "Chưa đầy đủ", "Đầy đủ"

// One part of a district: an office or a commune (or the UBND huyện itself).
struct Part {
  std::string code;
  std::string name;        // catalogue name
  std::string short_name;  // as letters list it
  registry::OrgKind kind = registry::OrgKind::kOffice;
  bool registered = false;
  int officials = 0;
};

struct UnitCompliance {
  std::string code;
  std::string name;
  std::string short_name;
  std::string parent_code;
  registry::OrgKind kind = registry::OrgKind::kDepartment;
  Level level = Level::kProvince;
  Status status = Status::kNotRegistered;
  bool approved = false;          // a form covering it was approved on or before as_of
  bool commitment = false;        // a valid Bản cam kết on as_of
  int officials = 0;              // accounts at this unit's own level (district: UBND + offices)
  int officials_total = 0;        // all accounts under it (district: with its communes)
  std::vector<std::string> missing;  // names of what is missing (short names)
  std::vector<Part> parts;           // districts: offices and communes, in catalogue order
  std::string first_submitted_at;    // ISO time of the first submission counted, or ""
  int days_to_deadline = 0;          // deadline − as_of; negative once past
  bool overdue = false;              // not complete and as_of after the deadline
};

struct LevelSummary {
  int units = 0;
  int complete = 0;
  int incomplete = 0;
  int not_registered = 0;
  int officials = 0;  // accounts of the registered units at this level
  int registered() const { return complete + incomplete; }
};

struct Report {
  registry::Campaign campaign;
  core::Date as_of;
  std::vector<UnitCompliance> units;  // sở, districts and communes among the targets
  std::map<Level, LevelSummary> summary;
};

// Computes every target unit's status on `as_of`. Errors: not_found for the campaign.
Result<Report> ComputeReport(store::Database& db, int64_t campaign_id, const core::Date& as_of);

// How the counts changed: one point per day on which something was submitted (and the
// opening day and as_of), oldest first.
struct TimelinePoint {
  std::string date;  // ISO
  std::map<Level, LevelSummary> summary;
};
Result<std::vector<TimelinePoint>> ComputeTimeline(store::Database& db, int64_t campaign_id,
                                                   const core::Date& as_of);

}  // namespace dancu::compliance
