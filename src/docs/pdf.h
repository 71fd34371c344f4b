// PDF from DOCX through LibreOffice headless (soffice), when installed; private temporaries.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace dancu::docs {

// A new private directory under the system's temporary directory (mode 0700, from mkdtemp),
// removed with its contents on destruction. Not copyable; not thread-safe.
class PrivateTempDir {
 public:
  // `prefix` such as "dancu-pdf-". path() is empty when the directory could not be made.
  explicit PrivateTempDir(const std::string& prefix);
  ~PrivateTempDir();
  PrivateTempDir(const PrivateTempDir&) = delete;
  PrivateTempDir& operator=(const PrivateTempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Writes `bytes` to a new file `path` created with mode 0600 (O_EXCL: never an existing file
// or a planted symlink). Errors: unavailable naming the file.
core::Result<void> WritePrivateFile(const std::string& path, std::string_view bytes);

// Converts a DOCX (bytes) to PDF (bytes) with `soffice --headless --convert-to pdf`, in a
// private temporary profile and directory (0700, files 0600), with a time limit. LibreOffice
// runs in its own process group: on time-out the whole group (soffice.bin too) gets SIGTERM,
// then SIGKILL, and is reaped. Thread-safe (each call has its own profile). `soffice`: the
// converter to run; empty = look for LibreOffice in the usual places. Errors: unavailable when
// LibreOffice is not installed, fails or runs out of time, with the fix.
core::Result<std::string> DocxToPdf(std::string_view docx, int timeout_seconds = 120,
                                    const std::string& soffice = "");

}  // namespace dancu::docs
