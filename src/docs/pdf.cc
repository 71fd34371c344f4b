// DOCX → PDF through LibreOffice headless, without a shell.
#include "docs/pdf.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <vector>

extern char** environ;

namespace dancu::docs {
namespace {

using core::Error;
using core::Fail;
namespace fs = std::filesystem;

std::string FindSoffice() {
  for (const char* p :
       {"/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/usr/local/bin/soffice"}) {
    if (access(p, X_OK) == 0) return p;
  }
  return {};
}

// Runs argv, waits up to `timeout`; returns the exit status or -1 on timeout/spawn failure.
int RunWithTimeout(std::vector<std::string> args, int timeout_seconds) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  for (;;) {
    int status = 0;
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

core::Result<std::string> DocxToPdf(std::string_view docx, int timeout_seconds) {
  std::string soffice = FindSoffice();
  if (soffice.empty()) {
    return Fail(
        Error::Unavailable("Chưa cài LibreOffice nên không xuất được PDF; hãy chạy "
                           "scripts/install-deps.sh (gói libreoffice-writer-nogui) hoặc "
                           "dùng tệp DOCX."));
  }
  std::random_device rd;
  fs::path dir =
      fs::temp_directory_path() / ("dancu-pdf-" + std::to_string(rd()) + std::to_string(getpid()));
  std::error_code ec;
  fs::create_directories(dir / "profile", ec);
  fs::path in = dir / "van-ban.docx";
  {
    std::ofstream out(in, std::ios::binary);
    out.write(docx.data(), std::streamsize(docx.size()));
  }
  int rc = RunWithTimeout(
      {soffice, "-env:UserInstallation=file://" + (dir / "profile").string(), "--headless",
       "--norestore", "--convert-to", "pdf", "--outdir", dir.string(), in.string()},
      timeout_seconds);
  std::ifstream pdf_in(dir / "van-ban.pdf", std::ios::binary);
  std::string pdf((std::istreambuf_iterator<char>(pdf_in)), std::istreambuf_iterator<char>());
  fs::remove_all(dir, ec);
  if (rc != 0 || pdf.substr(0, 5) != "%PDF-") {
    return Fail(Error::Unavailable("LibreOffice không chuyển được văn bản sang PDF (mã " +
                                   std::to_string(rc) + "); tệp DOCX vẫn dùng được."));
  }
  return pdf;
}

}  // namespace dancu::docs
