// Pages and API routes of provincial admin.
#include "web/routes.h"

namespace dancu::web {

std::vector<Route> AdminRoutes() { return {}; }

}  // namespace dancu::web
