// The gateway's entry points: JSON `POST /api/v1/lookups` and the SOAP endpoint `POST /soap`
// compatible with TraCuuThongTinCongDan / XacThucThongTinCongDan — a one-stop system switches
// from the national service to dancu by changing the URL and its credentials only.
#pragma once

#include <nlohmann/json.hpp>

#include "gateway/gateway.h"
#include "web/api.h"
#include "web/routes.h"
#include "web/server.h"

namespace dancu::web {

// Whether the request is for the gateway (then call HandleGateway).
bool IsGatewayRequest(const Request& request);

// What the front door knows about the connection a gateway request came on.
struct GatewayContext {
  // The peer is a configured TLS proxy (`--behind-tls`, `--trusted-proxy`): only then is its
  // X-Client-Cert-SHA256 header the fingerprint of a verified client certificate.
  bool trust_cert_header = false;
};
GatewayContext GatewayContextOf(const Services& services, const Request& request);

// Answers through `reply` once the query's audit record is durable. Thread-safe, never blocks.
// The system's credential is checked before the body is parsed; a refused credential is
// still handed to the gateway (bare) so that the refusal is audited.
void HandleGateway(gateway::Gateway& gateway, GatewayContext context, Request request, Reply reply);

// A refusal in the request's own protocol (SOAP fault for /soap, JSON otherwise).
Response GatewayRefusal(const Request& request, const core::Error& error);

// A citizen in JSON with the contract's field names; empty (minimised-away) fields omitted.
nlohmann::json CitizenJson(const population::Citizen& c);

}  // namespace dancu::web
