// Internal to the registry: what the file import (form_import.cc, registration.cc ImportForm)
// and the web form (form_rows.cc SaveFormRows) share to check and write a unit's account
// list, so a row is judged and stored the same way whichever way it came. Not part of the
// interface; other modules include registry/registry.h.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "registry/account_row.h"
#include "registry/catalogue.h"
#include "registry/form_import.h"
#include "registry/registration.h"
#include "store/store.h"

namespace dancu::registry::registration_internal {

// --- Rows of one form (pure; defined in form_import.cc) -------------------------------------

// What earlier rows of one form used: login key, and the official's CCCD → the first row
// that used it and its login key.
struct LoginRows {
  std::map<std::string, int> logins;
  std::map<std::string, std::pair<int, std::string>> official_ids;
};

// Checks `raw` with CheckAccountRow and that its login is not used by an earlier row of the
// same form (case-insensitive), nor its official's CCCD by an earlier row of another login,
// remembering both in `logins`. Returns the normalised row, or nullopt after appending the
// FieldErrors to `errors` (a repeated login: one error on the login column naming the first
// row; a CCCD of another login: one error on the CCCD column naming that row). Never fails
// otherwise.
std::optional<AccountRow> CheckFormRow(const RawAccountRow& raw, const RowContext& ctx,
                                       LoginRows& logins, std::vector<core::FieldError>& errors);

// --- Reading and writing a unit's form (defined in registration_write.cc) -------------------

// The catalogue and purposes as the row rules see them from one unit: that unit and every
// unit below it are in scope; purposes are found by code or by folded text. A snapshot taken
// by Load; immutable afterwards, so safe to share between threads.
class CatalogueRowContext final : public RowContext {
 public:
  // Reads every org and purpose in `tx`. Errors: those of the store.
  static core::Result<CatalogueRowContext> Load(store::Tx& tx, const std::string& unit_code);

  std::optional<Agency> FindAgency(const std::string& code) const override;
  std::optional<Purpose> FindPurpose(const std::string& code_or_text) const override;

 private:
  std::map<std::string, Org> orgs_;
  std::set<std::string> scope_;
  std::map<std::string, Purpose> purposes_;
};

// A unit whose account list may be replaced, as found at the start of the replacement.
struct FormToReplace {
  Org unit;                          // the catalogue's record of the unit
  std::optional<FormStatus> status;  // its form's status now; nullopt when it has no form
  CatalogueRowContext ctx;           // the row rules' view from the unit
};

// Finds the campaign, the unit and the unit's form, and loads the row context. Errors:
// not_found for an unknown campaign or unit; conflict when the form is submitted, approved or
// beyond, worded "Phiếu của <unit> đang ở trạng thái "<label>"; " + `refusal` (what cannot be
// done and what to ask for); the store's errors.
core::Result<FormToReplace> OpenFormToReplace(store::Tx& tx, int64_t campaign_id,
                                              const std::string& unit_code,
                                              std::string_view refusal);

// Where the rows of a written form came from, as the form and its history record it.
struct FormSource {
  std::string file;    // registration.source_file: the uploaded file's name, or the web's label
  std::string sha256;  // registration.source_sha256: hash of the file, or of the rows
  std::string action;  // history action: "import", "edit"
};

// The status of the unit's form now (nullopt when it has none), refused as OpenFormToReplace
// refuses a form that may not be replaced. Cheap: one query. Errors: conflict; the store's.
core::Result<std::optional<FormStatus>> ReplaceableStatus(store::Tx& tx, int64_t campaign_id,
                                                          const Org& unit,
                                                          std::string_view refusal);

// Why unit `unit_code` may not register `login_key` in the campaign, as the end of a sentence
// after "Tài khoản "<login>" ", or nullopt when it may. A login belongs to one unit at a time:
// refused when another unit's form of this campaign holds it (any status: one row per login
// and campaign), when another unit holds it live (pending, active, suspended) in any other
// campaign, or when it was transferred to another unit that has not registered it yet.
// Errors: those of the store.
core::Result<std::optional<std::string>> LoginOwnerFor(store::Tx& tx, int64_t campaign_id,
                                                       const std::string& login_key,
                                                       const std::string& unit_code);

// Appends to plan.errors one FieldError (login column) per row whose login another unit owns
// (LoginOwnerFor), naming that unit: "... đơn vị <name> (<code>) ..." and, with
// `advice`, "...; <advice>.". Errors: those of the store.
core::Result<void> CheckLoginsFree(store::Tx& tx, int64_t campaign_id,
                                   const std::string& unit_code, ImportPlan& plan,
                                   std::string_view advice = {});

// How a replacement of a unit's rows was planned outside the writer and is to be written.
struct PlannedForm {
  int64_t campaign_id = 0;
  const Org* unit = nullptr;     // as OpenFormToReplace found it
  std::string_view refusal;      // as for OpenFormToReplace
  std::string_view advice;       // as for CheckLoginsFree
  std::string_view summary;      // after "<n> lỗi" when a login was taken meanwhile
};

// The short write job of an import or a web edit whose rows were parsed and checked against
// a read snapshot beforehand: re-checks only what may have changed since (the form's status,
// logins now owned by another unit) and writes with WriteForm. Errors: conflict when the form
// moved on; invalid_argument with FieldErrors when a login was taken meanwhile; the store's.
// REQUIRES: plan.errors is empty.
core::Result<int64_t> WritePlannedForm(store::Database& db, const PlannedForm& form,
                                       const ImportPlan& plan, const FormSource& source,
                                       const std::string& actor);

// "<what> có <n> lỗi; <summary>" with the errors sorted by row, as invalid_argument.
core::Error RowErrors(std::string_view what, std::vector<core::FieldError> errors,
                      std::string_view summary);

// Writes `plan` as the form of (campaign, unit): inserts or updates the registration as a
// draft (return reason cleared, contact and systems of plan.info), replaces its accounts by
// plan.rows (status pending, TT = AccountRow::row_no, with their purposes) and records one
// history row from `previous` (empty when none) to draft, detail "<file>: <n> tài khoản".
// Returns the registration's id. Errors: those of the store.
// REQUIRES: `tx` is a write transaction; the campaign and the unit exist; plan.errors is
// empty; the form may be replaced (see OpenFormToReplace).
core::Result<int64_t> WriteForm(store::Tx& tx, int64_t campaign_id, const std::string& unit_code,
                                const ImportPlan& plan, const FormSource& source,
                                std::optional<FormStatus> previous, const std::string& actor);

}  // namespace dancu::registry::registration_internal
