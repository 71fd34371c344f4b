// DOCX → PDF through LibreOffice headless, without a shell; private temporary files.
#include "docs/pdf.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

extern char** environ;

namespace dancu::docs {
namespace {

using core::Error;
using core::Fail;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string FindSoffice() {
  for (const char* p :
       {"/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/usr/local/bin/soffice"}) {
    if (access(p, X_OK) == 0) return p;
  }
  return {};
}

// Whether the group leader `pid` has exited by `deadline` (left unreaped: while it is a
// zombie its number cannot name another process group).
bool ExitedBy(pid_t pid, Clock::time_point deadline) {
  for (;;) {
    siginfo_t info{};
    if (waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0) return true;
    if (info.si_pid == pid) return true;
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// Issue 10: a time-out used to kill soffice alone and leave soffice.bin running. The group
// goes: SIGTERM, a few seconds to quit, then SIGKILL to whatever is left; then the reaping.
int StopGroup(pid_t pid, bool timed_out) {
  if (timed_out) {
    killpg(pid, SIGTERM);
    ExitedBy(pid, Clock::now() + std::chrono::seconds(3));
  }
  killpg(pid, SIGKILL);  // stragglers of a finished conversion too
  int status = 0;
  waitpid(pid, &status, 0);
  if (timed_out) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Runs argv in a new process group, waits up to `timeout`; returns the exit status or -1 on
// timeout/spawn failure.
int RunWithTimeout(std::vector<std::string> args, int timeout_seconds) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);  // its own group, numbered by its pid
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  const bool exited = ExitedBy(pid, Clock::now() + std::chrono::seconds(timeout_seconds));
  return StopGroup(pid, !exited);
}

}  // namespace

PrivateTempDir::PrivateTempDir(const std::string& prefix) {
  std::error_code ec;
  std::string tmpl = (fs::temp_directory_path(ec) / (prefix + "XXXXXX")).string();
  if (ec) tmpl = "/tmp/" + prefix + "XXXXXX";
  if (::mkdtemp(tmpl.data())) path_ = tmpl;  // mode 0700
}

PrivateTempDir::~PrivateTempDir() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

core::Result<void> WritePrivateFile(const std::string& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Fail(Error::Unavailable("Không tạo được tệp tạm " + path + "."));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) break;
    done += size_t(n);
  }
  const bool ok = ::close(fd) == 0 && done == bytes.size();
  if (!ok) return Fail(Error::Unavailable("Không ghi được tệp tạm " + path + "."));
  return {};
}

core::Result<std::string> DocxToPdf(std::string_view docx, int timeout_seconds,
                                    const std::string& soffice_in) {
  std::string soffice = soffice_in.empty() ? FindSoffice() : soffice_in;
  if (soffice.empty()) {
    return Fail(
        Error::Unavailable("Chưa cài LibreOffice nên không xuất được PDF; hãy chạy "
                           "scripts/install-deps.sh (gói libreoffice-writer-nogui) hoặc "
                           "dùng tệp DOCX."));
  }
  PrivateTempDir tmp("dancu-pdf-");
  if (tmp.path().empty()) return Fail(Error::Unavailable("Không tạo được thư mục tạm để xuất PDF."));
  const fs::path dir = tmp.path();
  const fs::path in = dir / "van-ban.docx";
  if (auto st = WritePrivateFile(in.string(), docx); !st) return Fail(st.error());
  int rc = RunWithTimeout(
      {soffice, "-env:UserInstallation=file://" + (dir / "profile").string(), "--headless",
       "--norestore", "--convert-to", "pdf", "--outdir", dir.string(), in.string()},
      timeout_seconds);
  std::ifstream pdf_in(dir / "van-ban.pdf", std::ios::binary);
  std::string pdf((std::istreambuf_iterator<char>(pdf_in)), std::istreambuf_iterator<char>());
  if (rc != 0 || pdf.substr(0, 5) != "%PDF-") {
    return Fail(Error::Unavailable("LibreOffice không chuyển được văn bản sang PDF (mã " +
                                   std::to_string(rc) + "); tệp DOCX vẫn dùng được."));
  }
  return pdf;
}

}  // namespace dancu::docs
