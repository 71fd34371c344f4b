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

// POST /token (OAuth 2.0 client credentials, RFC 6749 4.4): body
// grant_type=client_credentials; the client authenticates with HTTP Basic client_id:client_secret
// (client_id = the key id, client_secret = the API key or its secret part), with
// client_id/client_secret in the body, with X-API-Key/ApiKey, or with the timestamped hash.
// 200 {"access_token","token_type":"Bearer","expires_in"}; 400 unsupported_grant_type; 401
// invalid_client with a Vietnamese error_description. Issued and refused tokens are audited.
void HandleToken(gateway::Gateway& gateway, GatewayContext context, Request request, Reply reply);

// The credentials a gateway request presents (systems.h Credentials) from its headers.
gateway::Credentials CredentialsOf(const Request& request, GatewayContext context);

// A refusal in the request's own protocol (SOAP fault for /soap, JSON otherwise).
Response GatewayRefusal(const Request& request, const core::Error& error);

// A citizen in JSON with the contract's field names; empty (minimised-away) fields omitted.
nlohmann::json CitizenJson(const population::Citizen& c);

}  // namespace dancu::web
