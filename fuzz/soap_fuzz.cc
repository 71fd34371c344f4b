// libFuzzer target: the SOAP codec of the national population contract (population/soap.h) —
// requests as the gateway's /soap route reads them and responses as the SOAP client reads them.
//
// Properties beyond "no crash, no leak, no UB":
//   - every value a parser returns is valid UTF-8 (it is echoed into faults, JSON and the audit
//     log, whose writers REQUIRE UTF-8);
//   - a parsed request written again with BuildRequest parses to the same request;
//   - a parsed response written again with TraCuuResponse parses to the same citizens.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "population/soap.h"

namespace {

using namespace dancu;
using fuzz::Check;
using fuzz::CheckUtf8;

void CheckRequest(const population::SoapRequest& r) {
  for (const auto* s : {&r.operation, &r.request_id, &r.service_code, &r.integration_code,
                        &r.official, &r.unit_code, &r.account, &r.phone, &r.full_name,
                        &r.query.id_number, &r.query.cmnd, &r.query.name_key}) {
    CheckUtf8(*s, "ParseRequest: value is not UTF-8");
  }
  auto again = population::ParseRequest(population::BuildRequest(r));
  Check(again.has_value(), "ParseRequest(BuildRequest(r)) fails");
  Check(again->operation == r.operation && again->request_id == r.request_id &&
            again->service_code == r.service_code && again->unit_code == r.unit_code &&
            again->account == r.account && again->official == r.official &&
            again->query.id_number == r.query.id_number && again->query.cmnd == r.query.cmnd &&
            again->query.name_key == r.query.name_key && again->query.birth == r.query.birth,
        "ParseRequest(BuildRequest(r)) differs from r");
  // What the service answers with the caller's request id must be well-formed again.
  Check(population::ParseTraCuuResponse(population::TraCuuResponse({}, r.request_id)).has_value(),
        "TraCuuResponse with a parsed request id does not parse");
}

void CheckAddress(const population::Address& a) {
  CheckUtf8(a.province + a.district + a.commune + a.detail + a.country,
            "ParseTraCuuResponse: address is not UTF-8");
}

void CheckCitizens(const std::vector<population::Citizen>& people) {
  for (const auto& c : people) {
    for (const auto* s : {&c.id_number, &c.cmnd, &c.family_name, &c.middle_name, &c.given_name,
                          &c.ethnicity, &c.religion, &c.nationality, &c.marital_status,
                          &c.blood_group, &c.household_book}) {
      CheckUtf8(*s, "ParseTraCuuResponse: value is not UTF-8");
    }
    for (const auto* a : {&c.birth_registration, &c.hometown, &c.permanent, &c.current}) {
      CheckAddress(*a);
    }
    for (const auto* r : {&c.father, &c.mother, &c.spouse, &c.representative}) {
      CheckUtf8(r->full_name + r->nationality + r->id_number + r->cmnd,
                "ParseTraCuuResponse: relative is not UTF-8");
    }
    const auto& h = c.household_head;
    CheckUtf8(h.relation + h.id_number + h.cmnd + h.full_name,
              "ParseTraCuuResponse: household head is not UTF-8");
  }
  auto again = population::ParseTraCuuResponse(population::TraCuuResponse(people, "fuzz"));
  Check(again.has_value(), "ParseTraCuuResponse(TraCuuResponse(x)) fails");
  Check(again->size() == people.size(), "ParseTraCuuResponse(TraCuuResponse(x)) lost citizens");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  if (auto request = population::ParseRequest(xml)) {
    CheckRequest(*request);
  } else {
    fuzz::CheckError(request.error(), "ParseRequest: error");
    // The gateway answers a refused request with a Fault carrying the message.
    auto fault = population::ParseTraCuuResponse(population::Fault(true, request.error().message));
    Check(!fault && fault.error().code == core::Code::kInvalidArgument,
          "a client Fault is not read back as invalid_argument");
  }
  if (auto people = population::ParseTraCuuResponse(xml)) CheckCitizens(*people);
  else fuzz::CheckError(people.error(), "ParseTraCuuResponse: error");
  if (auto match = population::ParseXacThucResponse(xml); !match) {
    fuzz::CheckError(match.error(), "ParseXacThucResponse: error");
  }
  return 0;
}
