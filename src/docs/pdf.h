// PDF from DOCX through LibreOffice headless (soffice), when installed.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace dancu::docs {

// Converts a DOCX (bytes) to PDF (bytes) with `soffice --headless --convert-to pdf`, in a
// private temporary profile and directory, with a time limit. Thread-safe (each call has its
// own profile). Errors: unavailable when LibreOffice is not installed or fails, with the fix.
core::Result<std::string> DocxToPdf(std::string_view docx, int timeout_seconds = 120);

}  // namespace dancu::docs
