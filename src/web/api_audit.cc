// Pages and API routes of auditors.
#include "web/routes.h"

namespace dancu::web {

std::vector<Route> AuditRoutes() { return {}; }

}  // namespace dancu::web
