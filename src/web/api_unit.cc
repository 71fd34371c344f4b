// Pages and API routes of unit focal points.
#include "web/routes.h"

namespace dancu::web {

std::vector<Route> UnitRoutes() { return {}; }

}  // namespace dancu::web
