// API routes of compliance and documents (internal to web; api.cc dispatches to them).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "web/api.h"

namespace dancu::web {

// Handles GET /api/v1/campaigns/{id}/compliance, …/dashboard, …/letters/reminder/inputs,
// POST …/letters/reminder, GET …/registrations/{code}/form.docx|form.xlsx and
// GET /api/v1/commitments/{id}/document.docx|scan.pdf. nullopt when the route is not one of these.
std::optional<Response> HandleDocsApi(store::Database& db, const Request& req,
                                      const std::vector<std::string>& segments);

}  // namespace dancu::web
