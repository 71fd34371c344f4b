// Pages and API routes of officials.
#include "web/routes.h"

namespace dancu::web {

std::vector<Route> OfficialRoutes() { return {}; }

}  // namespace dancu::web
