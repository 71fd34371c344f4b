// The gateway's entry points: JSON `POST /api/v1/lookups` and the SOAP endpoint `POST /soap`
// compatible with TraCuuThongTinCongDan / XacThucThongTinCongDan — a one-stop system switches
// from the national service to dancu by changing the URL and its credentials only.
#pragma once

#include <nlohmann/json.hpp>

#include "gateway/gateway.h"
#include "web/api.h"
#include "web/server.h"

namespace dancu::web {

// Whether the request is for the gateway (then call HandleGateway).
bool IsGatewayRequest(const Request& request);
// Answers through `reply` once the query's audit record is durable. Thread-safe.
void HandleGateway(gateway::Gateway& gateway, Request request, Reply reply);

// A citizen in JSON with the contract's field names; empty (minimised-away) fields omitted.
nlohmann::json CitizenJson(const population::Citizen& c);

}  // namespace dancu::web
