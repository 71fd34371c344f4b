// JSON and SOAP adapters of the gateway: parse, call Gateway::Handle, render.
#include "web/api_gateway.h"

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
  if (text.size() == 4 && std::all_of(text.begin(), text.end(), ::isdigit)) return BirthDate{std::stoi(text), 0, 0};
  std::string t = text;
  if (t.size() == 8 && std::all_of(t.begin(), t.end(), ::isdigit)) t = t.substr(0, 4) + "-" + t.substr(4, 2) + "-" + t.substr(6);
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
  return {HttpStatus(out.error.code), "application/json; charset=utf-8", body.dump(), {}};
}

void HandleJson(gateway::Gateway& gw, Request req, Reply reply) {
  auto bad = [&](const std::string& msg) {
    json body = ToJson(core::Error::Invalid(msg));
    reply({400, "application/json; charset=utf-8", body.dump(), {}});
  };
  auto j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("Nội dung yêu cầu phải là một đối tượng JSON hợp lệ.");
  auto str = [&](const char* k) { auto it = j.find(k); return it != j.end() && it->is_string() ? it->get<std::string>() : std::string(); };
  gateway::LookupInput in;
  in.api_key = Header(req, "x-api-key");
  in.cert_fingerprint = Header(req, "x-client-cert-sha256");
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
    if (!birth) return bad(birth.error().message);
    in.query.birth = *birth;
  }
  in.verify = j.value("verify", false);
  in.channel = "json";
  gw.Handle(std::move(in), [reply = std::move(reply)](gateway::LookupOutcome out) {
    if (!out.allowed) return reply(JsonError(out));
    json body = {{"allowed", true}, {"quota", {{"used", out.quota_used}, {"limit", out.quota_limit}}},
                 {"audit_seq", out.audit_seq}};
    if (out.match) body["match"] = *out.match;
    else {
      json list = json::array();
      for (const auto& c : out.citizens) list.push_back(CitizenJson(c));
      body["citizens"] = list;
    }
    reply({200, "application/json; charset=utf-8", body.dump(), {}});
  });
}

void HandleSoap(gateway::Gateway& gw, Request req, Reply reply) {
  auto xml = [](int status, std::string body) { return Response{status, "text/xml; charset=utf-8", std::move(body), {}}; };
  auto parsed = population::ParseRequest(req.body);
  if (!parsed) return reply(xml(500, population::Fault(true, parsed.error().message)));
  gateway::LookupInput in;
  in.api_key = Header(req, "x-api-key");
  in.cert_fingerprint = Header(req, "x-client-cert-sha256");
  in.account = parsed->account.empty() ? parsed->official : parsed->account;
  in.unit_code = parsed->unit_code;
  in.purpose = parsed->service_code;
  in.request_id = parsed->request_id;
  in.dossier = parsed->request_id;
  in.query = parsed->query;
  in.full_name = parsed->full_name;
  in.verify = parsed->operation == population::kOpXacThuc;
  in.channel = "soap";
  std::string request_id = parsed->request_id;
  bool verify = in.verify;
  gw.Handle(std::move(in), [reply = std::move(reply), request_id, verify, xml](gateway::LookupOutcome out) {
    if (!out.allowed) {
      bool client = out.error.code != core::Code::kUnavailable && out.error.code != core::Code::kInternal;
      int status = out.error.code == core::Code::kUnauthenticated ? 401 : 500;
      return reply(xml(status, population::Fault(client, "[" + out.reason_code + "] " + out.error.message)));
    }
    reply(xml(200, verify ? population::XacThucResponse(out.match.value_or(false), request_id)
                          : population::TraCuuResponse(out.citizens, request_id)));
  });
}

}  // namespace

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
  return r.method == "POST" && (r.path == "/api/v1/lookups" || r.path == "/soap");
}

void HandleGateway(gateway::Gateway& gw, Request req, Reply reply) {
  if (req.path == "/soap") return HandleSoap(gw, std::move(req), std::move(reply));
  HandleJson(gw, std::move(req), std::move(reply));
}

}  // namespace dancu::web
