// The documents dancu issues, as DOCX from editable templates (templates/*.docx, built into
// the binary; a changed copy can be passed instead): the reminder letter, the filled
// registration form of a unit (also as XLSX) and its filled commitment.
#pragma once

#include <string>

#include "compliance/compliance.h"
#include "docs/letter.h"
#include "registry/registry.h"

namespace dancu::docs {

// The bytes of template `name` ("cong_van_don_doc.docx", "phieu_dang_ky.docx",
// "ban_cam_ket.docx"): read from `override_path` when given, else the built-in copy.
// Errors: invalid_argument naming an unknown template or an unreadable file.
Result<std::string> TemplateBytes(std::string_view name, const std::string& override_path = "");

// The reminder letter for `report` as DOCX. Errors: those of the template and renderer.
Result<std::string> RenderReminderLetter(const compliance::Report& report, const LetterInputs& in,
                                         const std::string& template_override = "");

// The data of the filled Phiếu đăng ký / Bản cam kết templates. Pure.
nlohmann::json RegistrationFormData(const registry::Registration& form);
nlohmann::json CommitmentData(const registry::Commitment& c, const std::string& unit_name);

// The filled Phiếu đăng ký as DOCX (to print and sign) or XLSX (same columns as import).
Result<std::string> RenderRegistrationForm(const registry::Registration& form,
                                           const std::string& template_override = "");
Result<std::string> RegistrationFormXlsx(const registry::Registration& form);
// The filled Bản cam kết as DOCX.
Result<std::string> RenderCommitment(const registry::Commitment& c, const std::string& unit_name,
                                     const std::string& template_override = "");

}  // namespace dancu::docs
