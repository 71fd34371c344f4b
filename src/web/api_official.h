// Officials' lookups through the web application (shared by api_official*.cc):
// the form of a lookup checked field by field before the gateway sees it, and
// the masked identifier of the history. Not an interface for other modules.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "population/citizen.h"
#include "web/routes.h"

namespace dancu::web {

// A lookup as the official typed it, checked.
struct LookupForm {
  population::Query query;  // exactly one key: CCCD, else CMND, else name + birth date
  std::string full_name;    // when by name
  std::string purpose;      // MaDVC, as chosen (the gateway checks it is the account's)
  std::string dossier;      // số hồ sơ, trimmed, spaces collapsed
};

// Reads {cccd | cmnd | name + birth, purpose, dossier, by?}. `by` ("cccd" |
// "cmnd" | "name", the tab the official chose) says which key to read, so that
// a missing one is reported on its own input; without it the first of cccd,
// cmnd, name given is used. Birth: dd/mm/yyyy, yyyy-mm-dd or yyyy, not in the
// future. Errors: invalid_argument with one FieldError per wrong input (column
// = the input's name: cccd, cmnd, name, birth, purpose, dossier), Vietnamese
// messages saying what to fix.
core::Result<LookupForm> ParseLookupForm(const nlohmann::json& body);

// An identifier of the audit log (normalised: "091192081601", "371834024",
// "NGUYENVANAN|19920427") masked for lists: "0911******01", "371****24",
// "NG***, sinh 1992".
std::string MaskSubject(const std::string& normalised);
// "cccd" (12 digits), "cmnd" (9 digits), "name" (name + birth) or "other".
std::string SubjectKind(const std::string& normalised);

// POST /api/v1/me/lookups (async: the gateway answers through its callback).
void HandleOfficialLookup(Services& s, Request req, Params params, Reply reply);

}  // namespace dancu::web
