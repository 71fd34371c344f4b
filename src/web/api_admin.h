// The provincial admin's API handlers, shared between the files that answer them
// (api_admin_campaigns.cc, api_admin_users.cc); the route table is AdminRoutes() in
// api_admin.cc. Each handler parses, calls one registry/compliance/docs/auth function and
// renders JSON; the route's role bits were checked by web::App before it runs.
#pragma once

#include "web/routes.h"

namespace dancu::web::admin {

// GET /api/v1/campaigns/{id}/accounts — every account row of the campaign, as arrays under
// "columns" (id, login, full_name, phone, agency_code, role, daily_quota, purposes, status,
// status_reason, unit_code, used_today — null when no gateway runs), with the names of
// agencies, units (and their form's status) and purposes given once.
Response CampaignAccounts(Services& s, const Request& req, const Params& p);
// GET /api/v1/campaigns/{id}/review-queue — the forms with account counts and submission time.
Response ReviewQueue(Services& s, const Request& req, const Params& p);
// GET /api/v1/admin/campaigns — every campaign with its forms counted by status.
Response CampaignOverview(Services& s, const Request& req, const Params& p);
// POST /api/v1/admin/campaigns — a new campaign from the page's form (targets by kind/code).
Response CreateCampaign(Services& s, const Request& req, const Params& p);
// POST /api/v1/campaigns/{id}/letters/reminder/preview?as_of= — what the letter will say
// (the template's data: figures, footnotes, appendix), nothing saved.
Response LetterPreview(Services& s, const Request& req, const Params& p);

// /api/v1/users — the web application's users (auth::Users).
Response ListUsers(Services& s, const Request& req, const Params& p);
Response AddUser(Services& s, const Request& req, const Params& p);
Response ResetUserPassword(Services& s, const Request& req, const Params& p);
Response DisableUser(Services& s, const Request& req, const Params& p);
Response EnableUser(Services& s, const Request& req, const Params& p);
Response ResetUserTotp(Services& s, const Request& req, const Params& p);

// The positive integer path parameter `key`. Errors: invalid_argument naming `what`.
core::Result<int64_t> PathId(const Params& p, const char* key, const char* what);
// The request body as a JSON object. Errors: invalid_argument.
core::Result<nlohmann::json> BodyObject(const Request& req);
// A string member of `j`, or "".
std::string Str(const nlohmann::json& j, const char* key);

}  // namespace dancu::web::admin
