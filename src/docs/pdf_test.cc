// Tests of the PDF conversion's process handling and private temporaries (a fake converter:
// no LibreOffice needed).
#include "docs/pdf.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace dancu::docs {
namespace {

namespace fs = std::filesystem;

// Whether `pid` runs (a zombie left for init to reap counts as gone).
bool Running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

struct FakeSoffice {
  fs::path dir = fs::temp_directory_path() / ("dancu-pdf-test-" + std::to_string(::getpid()));
  fs::path script = dir / "soffice";
  fs::path pids = dir / "pids";

  // A converter that starts a child (like soffice → soffice.bin), records both pids, and
  // hangs, ignoring SIGTERM as a stuck soffice.bin may.
  FakeSoffice() {
    fs::create_directories(dir);
    std::ofstream(script) << "#!/bin/sh\n"
                          << "trap '' TERM\n"
                          << "sh -c \"trap '' TERM; sleep 300\" &\n"
                          << "echo $$ $! > " << pids.string() << ".tmp\n"
                          << "mv " << pids.string() << ".tmp " << pids.string() << "\n"
                          << "sleep 300\n";
    fs::permissions(script, fs::perms::owner_all);
  }
  ~FakeSoffice() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

TEST(Pdf, ATimedOutConverterLeavesNoProcessBehind) {
  // issue 10 item 2: a timed-out soffice left soffice.bin running.
  FakeSoffice fake;
  auto r = DocxToPdf("PK not really a docx", 1, fake.script.string());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kUnavailable);
  std::ifstream in(fake.pids);
  pid_t parent = 0, child = 0;
  ASSERT_TRUE(in >> parent >> child) << "the fake converter did not start";
  // The kill is sent before DocxToPdf returns; its delivery to the child is asynchronous.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((Running(parent) || Running(child)) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  EXPECT_FALSE(Running(parent));
  EXPECT_FALSE(Running(child));
  if (Running(child)) ::kill(child, SIGKILL);
}

TEST(Pdf, TemporariesArePrivateAndRemoved) {
  // issue 10 item 1: PDF temporaries in /tmp had the default modes.
  std::string path;
  {
    PrivateTempDir dir("dancu-pdf-test-");
    ASSERT_FALSE(dir.path().empty());
    path = dir.path();
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    const std::string file = path + "/van-ban.docx";
    const mode_t old = ::umask(022);
    auto w = WritePrivateFile(file, "bytes");
    ::umask(old);
    ASSERT_TRUE(w) << w.error().message;
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_FALSE(WritePrivateFile(file, "again"));  // never an existing file
  }
  EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace dancu::docs
