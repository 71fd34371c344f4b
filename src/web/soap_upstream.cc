// The reference national service over HTTP: authenticate, parse, look up, answer.
#include "web/soap_upstream.h"

#include "population/soap.h"
#include "web/wsdl_route.h"

namespace dancu::web {
namespace {

Response Xml(int status, std::string body) {
  return {status, "text/xml; charset=utf-8", std::move(body), {}};
}

std::string HeaderOf(const Request& req, const std::string& lower_name) {
  auto it = req.headers.find(lower_name);
  return it == req.headers.end() ? "" : it->second;
}

core::Result<Authenticated> CheckHash(const UpstreamOptions& o, const Request& req,
                                      const population::BasicHashClaim& claim) {
  const auto secret = o.auth->secrets.find(claim.user);
  if (secret == o.auth->secrets.end() || secret->second.empty()) {
    return core::Fail(core::Error::Unauthenticated("Hệ thống \"" + claim.user +
                                                   "\" chưa được đăng ký với dịch vụ dân cư."));
  }
  std::string url = o.signed_url.empty() ? "http://" + HeaderOf(req, "host") + req.path : o.signed_url;
  const std::int64_t now = o.now_ms();
  const int window = o.auth->max_skew_seconds;
  if (auto ok = population::CheckBasicHash(claim, url, secret->second, now, window); !ok) {
    return core::Fail(ok.error());
  }
  // Only genuine claims reach the guard, so a flood of forgeries takes no room in it.
  if (auto first = o.replay->FirstUse(claim, now, window); !first) return core::Fail(first.error());
  return Authenticated{"basic-hash", claim.user};
}

core::Result<Authenticated> CheckDancu(const UpstreamOptions& o, const Request& req) {
  auto client = population::CheckRequest(*o.auth, req.headers, req.method, req.path, req.body,
                                         o.now_ms() / 1000);
  if (!client) return core::Fail(client.error());
  return Authenticated{"dancu", *client};
}

}  // namespace

core::Result<Authenticated> AuthenticateUpstream(const UpstreamOptions& o, const Request& req) {
  if (!o.auth) return Authenticated{"none", ""};
  if (o.scheme == UpstreamAuth::kDancu) return CheckDancu(o, req);
  auto claim = population::ReadBasicHash(req.headers);
  if (claim) return CheckHash(o, req, *claim);
  if (claim.error().code != core::Code::kNotFound) return core::Fail(claim.error());
  if (o.scheme == UpstreamAuth::kBoth) return CheckDancu(o, req);
  return core::Fail(core::Error::Unauthenticated(
      "Thiếu chữ ký: dịch vụ cần tiêu đề Timestamp (Unix, mili giây) và Authorization: Basic "
      "base64(mã-hệ-thống:hex(SHA-256(url + mã-hệ-thống + Timestamp + khóa-bí-mật)))."));
}

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
  auto who = AuthenticateUpstream(options, req);
  if (!who) {
    bool busy = who.error().code == core::Code::kUnavailable;
    return Xml(busy ? 503 : 401, population::Fault(!busy, who.error().message));
  }
  auto parsed = population::ParseRequest(req.body);
  if (!parsed) return Xml(500, population::Fault(true, parsed.error().message));
  if (options.on_request) options.on_request(*parsed, *who);
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
