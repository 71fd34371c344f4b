// JSON and SOAP adapters of the gateway: parse, call Gateway::Handle, render.
#include "web/api_gateway.h"

#include <algorithm>

#include "core/hash.h"
#include "core/log.h"
#include "population/soap.h"
#include "web/json.h"

namespace dancu::web {
namespace {

using nlohmann::json;
using population::BirthDate;

std::string Header(const Request& r, const char* name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

// "1990-05-17", "17/05/1990", "19900517" or "1990" (year only).
core::Result<BirthDate> ParseBirth(const std::string& text) {
  auto digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (text.size() == 4 && digits(text)) return BirthDate{std::stoi(text), 0, 0};
  std::string t = text;
  if (t.size() == 8 && digits(t)) t = t.substr(0, 4) + "-" + t.substr(4, 2) + "-" + t.substr(6);
  auto d = core::Date::Parse(t, "Ngày sinh");
  if (!d) return core::Fail(d.error());
  return BirthDate{d->year(), int(d->month()), int(d->day())};
}

json AddressJson(const population::Address& a) {
  if (a.province.empty() && a.detail.empty()) return nullptr;
  return {{"MaTinhThanh", a.province}, {"MaQuanHuyen", a.district}, {"MaPhuongXa", a.commune},
          {"ChiTiet", a.detail}, {"QuocGia", a.country}};
}

json RelativeJson(const population::Relative& r) {
  if (r.full_name.empty() && r.id_number.empty()) return nullptr;
  return {{"HoVaTen", r.full_name}, {"QuocTich", r.nationality}, {"SoDinhDanh", r.id_number}, {"SoCMND", r.cmnd}};
}

void Put(json& j, const char* key, const std::string& v) { if (!v.empty()) j[key] = v; }
void Put(json& j, const char* key, json v) { if (!v.is_null()) j[key] = std::move(v); }

Response JsonError(const gateway::LookupOutcome& out) {
  json body = ToJson(out.error);
  body["error"]["reason"] = out.reason_code;
  if (out.quota_limit > 0) body["quota"] = {{"used", out.quota_used}, {"limit", out.quota_limit}};
  return {HttpStatus(out.error.code), "application/json; charset=utf-8", DumpJson(body), {}};
}

Response JsonAnswer(const gateway::LookupOutcome& out) {
  if (!out.allowed) return JsonError(out);
  json body = {{"allowed", true}, {"quota", {{"used", out.quota_used}, {"limit", out.quota_limit}}},
               {"audit_seq", out.audit_seq}};
  if (out.match) {
    body["match"] = *out.match;
  } else {
    json list = json::array();
    for (const auto& c : out.citizens) list.push_back(CitizenJson(c));
    body["citizens"] = list;
  }
  return {200, "application/json; charset=utf-8", DumpJson(body), {}};
}

Response Xml(int status, std::string body) { return {status, "text/xml; charset=utf-8", std::move(body), {}}; }

Response SoapAnswer(const gateway::LookupOutcome& out, const std::string& request_id, bool verify) {
  if (!out.allowed) {
    bool client = out.error.code != core::Code::kUnavailable && out.error.code != core::Code::kInternal;
    int status = out.error.code == core::Code::kUnauthenticated ? 401 : 500;
    return Xml(status, population::Fault(client, "[" + out.reason_code + "] " + out.error.message));
  }
  return Xml(200, verify ? population::XacThucResponse(out.match.value_or(false), request_id)
                         : population::TraCuuResponse(out.citizens, request_id));
}

// The gateway's answer, rendered by `render` behind an exception barrier: a rendering bug is
// a 500, never the end of the audit thread that calls back.
template <class Render>
std::function<void(gateway::LookupOutcome)> Answering(Reply reply, Render render) {
  return [reply = std::move(reply), render = std::move(render)](gateway::LookupOutcome out) {
    Response r;
    if (!core::Guarded("cổng truy vấn: trả lời", [&] { r = render(out); })) {
      r = ErrorJson(core::Error::Internal("Lỗi nội bộ khi trả lời truy vấn; sự cố đã được ghi lại."));
    }
    reply(std::move(r));
  };
}

// The request's fields, parsed only once the caller is known. Errors: invalid_argument.
core::Result<gateway::LookupInput> ParseJsonLookup(const std::string& body) {
  auto parsed = ParseJson(body);
  if (!parsed) return core::Fail(parsed.error());
  const json& j = *parsed;
  if (!j.is_object()) return core::Fail(core::Error::Invalid("Nội dung yêu cầu phải là một đối tượng JSON."));
  auto str = [&](const char* k) { auto it = j.find(k); return it != j.end() && it->is_string() ? it->get<std::string>() : std::string(); };
  gateway::LookupInput in;
  in.account = str("account");
  in.unit_code = str("unit_code");
  in.purpose = str("purpose");
  in.dossier = str("dossier");
  in.request_id = str("request_id");
  in.query.id_number = str("cccd");
  in.query.cmnd = str("cmnd");
  in.full_name = str("name");
  if (!in.full_name.empty()) in.query.name_key = population::NameKey(in.full_name);
  if (auto b = str("birth"); !b.empty()) {
    auto birth = ParseBirth(b);
    if (!birth) return core::Fail(birth.error());
    in.query.birth = *birth;
  }
  if (auto v = j.find("verify"); v != j.end()) {
    if (!v->is_boolean()) return core::Fail(core::Error::Invalid("Trường \"verify\" phải là true hoặc false."));
    in.verify = v->get<bool>();
  }
  in.channel = "json";
  return in;
}

core::Result<gateway::LookupInput> ParseSoapLookup(const std::string& body) {
  auto parsed = population::ParseRequest(body);
  if (!parsed) return core::Fail(parsed.error());
  gateway::LookupInput in;
  in.account = parsed->account;
  in.official = parsed->official;  // MaCanBo: the official's CCCD (or, from older clients, a login)
  in.unit_code = parsed->unit_code;
  in.purpose = parsed->service_code;
  in.request_id = parsed->request_id;
  in.dossier = parsed->request_id;
  in.integration_code = parsed->integration_code;
  in.query = parsed->query;
  in.full_name = parsed->full_name;
  in.verify = parsed->operation == population::kOpXacThuc;
  in.channel = "soap";
  return in;
}

}  // namespace

Response GatewayRefusal(const Request& req, const core::Error& e) {
  if (req.path == "/soap") return Xml(e.code == core::Code::kUnauthenticated ? 401 : 500,
                                      population::Fault(true, e.message));
  return ErrorJson(e);
}

GatewayContext GatewayContextOf(const Services& s, const Request& req) {
  GatewayContext c;
  c.trust_cert_header = s.secure_cookies && !req.peer.empty() &&
                        std::find(s.trusted_proxies.begin(), s.trusted_proxies.end(), req.peer) !=
                            s.trusted_proxies.end();
  return c;
}

namespace {

// Whether `value` starts with the authentication scheme `scheme` and a space (schemes are
// case-insensitive, RFC 9110 11.1).
bool HasScheme(std::string_view value, std::string_view scheme) {
  if (value.size() <= scheme.size() || value[scheme.size()] != ' ') return false;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != std::tolower(static_cast<unsigned char>(scheme[i]))) return false;
  }
  return true;
}

}  // namespace

gateway::Credentials CredentialsOf(const Request& req, GatewayContext ctx) {
  gateway::Credentials c;
  c.api_key = Header(req, "x-api-key");
  if (c.api_key.empty()) c.api_key = Header(req, "apikey");  // as deployed clients send it
  c.cert_fingerprint = ctx.trust_cert_header ? Header(req, "x-client-cert-sha256") : "";
  std::string auth = Header(req, "authorization");
  if (HasScheme(auth, "Bearer")) {
    c.bearer = auth.substr(7);
    while (!c.bearer.empty() && c.bearer.back() == ' ') c.bearer.pop_back();
    return c;
  }
  auto claim = population::ReadBasicHash(req.headers);
  if (claim) c.basic_hash = std::move(*claim);
  else if (claim.error().code != core::Code::kNotFound) c.problem = claim.error().message;
  return c;
}

void HandleGateway(gateway::Gateway& gw, GatewayContext ctx, Request req, Reply reply) {
  if (req.path == "/token") return HandleToken(gw, ctx, std::move(req), std::move(reply));
  gateway::Credentials credentials = CredentialsOf(req, ctx);
  bool soap = req.path == "/soap";
  auto request = std::make_shared<Request>(std::move(req));
  gw.Authenticate(credentials, [&gw, credentials, soap, request, reply = std::move(reply)](
                                 core::Result<gateway::System> system) mutable {
    gateway::LookupInput in;
    if (system) {
      auto parsed = soap ? ParseSoapLookup(request->body) : ParseJsonLookup(request->body);
      if (parsed) {
        in = std::move(*parsed);
      } else {  // a known system's unreadable request: refused, and audited (issue 11 attack 1)
        in.channel = soap ? "soap" : "json";
        in.invalid_request = parsed.error();
      }
      in.trusted_system = std::move(*system);
    } else {
      in.channel = soap ? "soap" : "json";  // refused below, and audited, without reading the body
      in.credential_error = system.error();
    }
    in.credentials = credentials;
    std::string request_id = in.request_id;
    bool verify = in.verify;
    if (soap) {
      return gw.Handle(std::move(in), Answering(std::move(reply), [request_id, verify](const auto& out) {
                         return SoapAnswer(out, request_id, verify);
                       }));
    }
    gw.Handle(std::move(in), Answering(std::move(reply), [](const auto& out) { return JsonAnswer(out); }));
  });
}


json CitizenJson(const population::Citizen& c) {
  json j = json::object();
  Put(j, "SoDinhDanh", c.id_number);
  Put(j, "SoCMND", c.cmnd);
  if (!c.family_name.empty() || !c.given_name.empty())
    j["HoVaTen"] = {{"Ho", c.family_name}, {"ChuDem", c.middle_name}, {"Ten", c.given_name}};
  if (c.sex == 1 || c.sex == 2) j["GioiTinh"] = c.sex;
  Put(j, "DanToc", c.ethnicity);
  Put(j, "TonGiao", c.religion);
  Put(j, "TinhTrangHonNhan", c.marital_status);
  Put(j, "NhomMau", c.blood_group);
  Put(j, "QuocTich", c.nationality);
  if (c.birth.year > 0) j["NgayThangNamSinh"] = c.birth.ToContract();
  Put(j, "NoiDangKyKhaiSinh", AddressJson(c.birth_registration));
  Put(j, "QueQuan", AddressJson(c.hometown));
  Put(j, "ThuongTru", AddressJson(c.permanent));
  Put(j, "NoiOHienTai", AddressJson(c.current));
  Put(j, "Cha", RelativeJson(c.father));
  Put(j, "Me", RelativeJson(c.mother));
  Put(j, "VoChong", RelativeJson(c.spouse));
  Put(j, "NguoiDaiDien", RelativeJson(c.representative));
  if (!c.household_head.id_number.empty() || !c.household_head.full_name.empty())
    j["ChuHo"] = {{"QuanHe", c.household_head.relation}, {"SoDinhDanh", c.household_head.id_number},
                  {"SoCMND", c.household_head.cmnd}, {"HoVaTen", c.household_head.full_name}};
  Put(j, "SoSoHoKhau", c.household_book);
  return j;
}

bool IsGatewayRequest(const Request& r) {
  return r.method == "POST" && (r.path == "/api/v1/lookups" || r.path == "/soap" || r.path == "/token");
}

namespace {

Response OAuthError(int status, const char* code, const std::string& description) {
  Response r{status, "application/json; charset=utf-8",
             DumpJson({{"error", code}, {"error_description", description}}), {}};
  r.headers["cache-control"] = "no-store";
  if (status == 401) r.headers["www-authenticate"] = "Basic realm=\"dancu\"";
  return r;
}

// The API key a client_id / client_secret pair stands for: the secret is the whole key
// ("dck_…") or its secret part (64 hex digits) with the key id as client_id.
std::string KeyOf(const std::string& id, const std::string& secret) {
  if (secret.starts_with("dck_")) return secret;
  if (id.size() == 16 && secret.size() == 64) return "dck_" + id + "_" + secret;
  return secret;
}

}  // namespace

void HandleToken(gateway::Gateway& gw, GatewayContext ctx, Request req, Reply reply) {
  auto form = ParseQuery(req.body);
  auto grant = form.find("grant_type");
  std::optional<core::Error> refusal;  // still authenticated and audited (issue 11 attack 1)
  if (grant == form.end() || grant->second != "client_credentials") {
    refusal = core::Error::Invalid("Chỉ cấp mã truy cập theo grant_type=client_credentials (OAuth 2.0).");
  }
  gateway::Credentials c = CredentialsOf(req, ctx);
  if (!c.bearer.empty()) c.bearer.clear(), c.problem = "Không dùng mã truy cập để xin mã truy cập mới.";
  // HTTP Basic client_id:client_secret (RFC 6749 2.3.1), unless it is the timestamped hash.
  std::string auth = Header(req, "authorization");
  if (!c.basic_hash && HasScheme(auth, "Basic")) {
    std::string pair = core::Base64Decode(std::string_view(auth).substr(6)).value_or("");
    auto colon = pair.find(':');
    if (colon != std::string::npos) {
      c.problem.clear();
      c.api_key = KeyOf(pair.substr(0, colon), pair.substr(colon + 1));
    }
  }
  if (c.api_key.empty() && !c.basic_hash && form.contains("client_secret")) {
    c.api_key = KeyOf(form["client_id"], form["client_secret"]);
  }
  gw.IssueToken(std::move(c), req.peer, [reply = std::move(reply)](core::Result<gateway::AccessToken> token) {
    if (!token) {
      auto code = token.error().code;
      if (code == core::Code::kInvalidArgument) {
        return reply(OAuthError(400, "unsupported_grant_type", token.error().message));
      }
      bool busy = code == core::Code::kUnavailable;
      return reply(OAuthError(busy ? 503 : 401, busy ? "temporarily_unavailable" : "invalid_client",
                              token.error().message));
    }
    Response r{200, "application/json; charset=utf-8",
               DumpJson({{"access_token", token->token}, {"token_type", "Bearer"}, {"expires_in", token->expires_in}}), {}};
    r.headers["cache-control"] = "no-store";
    r.headers["pragma"] = "no-cache";
    reply(std::move(r));
  }, std::move(refusal));
}

}  // namespace dancu::web
