// JSON shapes of compliance reports and the dashboard, shared by the API and the CLI.
#pragma once

#include <nlohmann/json.hpp>

#include "compliance/compliance.h"

namespace dancu::web {

// {campaign, as_of, units: [{code, name, level, status, approved, officials, missing, …}],
//  summary: {tinh|huyen|xa: {units, day_du, chua_day_du, chua_dang_ky, officials}}}
nlohmann::json ToJson(const compliance::Report& report);
nlohmann::json ToJson(const std::map<compliance::Level, compliance::LevelSummary>& summary);
// Dashboard: progress by level and by district, the overdue list, the timeline.
nlohmann::json DashboardJson(const compliance::Report& report,
                             const std::vector<compliance::TimelinePoint>& timeline);

}  // namespace dancu::web
