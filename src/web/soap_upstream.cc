// The reference national service over HTTP: authenticate, parse, look up, answer.
#include "web/soap_upstream.h"

#include "population/soap.h"
#include "web/wsdl_route.h"

namespace dancu::web {
namespace {

Response Xml(int status, std::string body) {
  return {status, "text/xml; charset=utf-8", std::move(body), {}};
}

}  // namespace

population::Caller CallerOf(const population::SoapRequest& r) {
  return {.request_id = r.request_id, .service_code = r.service_code,
          .integration_code = r.integration_code, .official = r.official,
          .unit_code = r.unit_code, .account = r.account, .phone = r.phone};
}

Response HandleUpstream(population::CitizenSource& source, const UpstreamOptions& options,
                        const Request& req) {
  if (req.path == "/healthz") return {200, "application/json", R"({"status":"ok"})", {}};
  if (IsWsdlRequest(req)) return WsdlResponse(req, /*https=*/false, options.listen);
  if (req.method != "POST") {
    return Xml(405, population::Fault(true, "Dịch vụ chỉ nhận yêu cầu SOAP bằng phương thức POST."));
  }
  if (options.auth) {
    auto client = population::CheckRequest(*options.auth, req.headers, req.method, req.path,
                                           req.body, options.now());
    if (!client) return Xml(401, population::Fault(true, client.error().message));
  }
  auto parsed = population::ParseRequest(req.body);
  if (!parsed) return Xml(500, population::Fault(true, parsed.error().message));
  if (options.on_request) options.on_request(*parsed);
  auto caller = CallerOf(*parsed);
  if (parsed->operation == "XacThucThongTinCongDan") {
    auto birth = parsed->query.birth.value_or(population::BirthDate{});
    auto match = source.Verify(caller, parsed->query.id_number, parsed->full_name, birth);
    if (!match) {
      bool client = match.error().code == core::Code::kInvalidArgument;
      return Xml(500, population::Fault(client, match.error().message));
    }
    return Xml(200, population::XacThucResponse(*match, parsed->request_id));
  }
  auto found = source.Lookup(caller, parsed->query);
  if (!found) {
    bool client = found.error().code == core::Code::kInvalidArgument;
    return Xml(500, population::Fault(client, found.error().message));
  }
  return Xml(200, population::TraCuuResponse(*found, parsed->request_id));
}

}  // namespace dancu::web
