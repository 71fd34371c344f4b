// The dancu command line: global options, subcommand dispatch, exit statuses.
#include "cli/cli.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/context.h"

namespace dancu::cli {

core::Result<store::Database*> Context::Db() {
  if (!db) {
    auto opened = store::OpenSqlite(db_path);
    if (!opened) return core::Fail(opened.error());
    db = std::move(*opened);
  }
  return db.get();
}

core::Result<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return core::Fail(core::Error::Invalid("Không đọc được tệp " + path + ": " + ec.message() + "."));
  if (size > max_bytes) {
    return core::Fail(core::Error::Invalid("Tệp " + path + " lớn " + std::to_string(size / 1024 / 1024) +
                                           " MB, vượt giới hạn " + std::to_string(max_bytes / 1024 / 1024) + " MB."));
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return core::Fail(core::Error::Invalid("Không đọc được tệp " + path + "."));
  return bytes;
}

int Run(int argc, char** argv) {
  // Issue 10: whatever dancu creates (databases, keys, exports, temporaries) is its own alone.
  ::umask(077);
  CLI::App app{"dancu — quản lý khai thác CSDL quốc gia về dân cư của tỉnh", "dancu"};
  app.require_subcommand(1);
  app.fallthrough();
  Context ctx;
  const char* user = std::getenv("USER");
  ctx.actor = std::string("cli:") + (user ? user : std::to_string(getuid()));
  app.add_option("--db", ctx.db_path, "Tệp SQLite (tạo và nâng cấp lược đồ khi dùng lần đầu)")
      ->capture_default_str();
  app.add_option("--format", ctx.format, "Dạng in kết quả: text hoặc json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--actor", ctx.actor, "Tên người thực hiện, ghi vào lịch sử thay đổi");
  app.add_option("--config", ctx.config_file,
                 "Tệp cấu hình TOML của hệ thống (cơ sở dữ liệu, dịch vụ dân cư, chứng chỉ…); cờ dòng lệnh ghi đè")
      ->envname("DANCU_CONFIG");
  ctx.app = &app;
  AddRegistryCommands(app, ctx);
  AddDocsCommands(app, ctx);
  AddPopulationCommands(app, ctx);
  AddUpstreamCommands(app, ctx);
  AddGatewayCommands(app, ctx);
  AddUserCommands(app, ctx);
  AddServeCommands(app, ctx);
  AddConfigCommands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  if (!ctx.action) return 0;
  if (!ctx.config_file.empty()) {
    auto config = LoadConfig(ctx.config_file);
    if (!config) return PrintError(ctx.out(), config.error());
    ctx.config = std::move(*config);
    // Flags override the file: the file only fills what the command line left alone.
    if (ctx.config->db && !Context::Given(&app, "--db")) ctx.db_path = *ctx.config->db;
    if (ctx.config->secret_key_file && !Context::Given(&app, "--secret-key-file")) {
      ctx.secret_key_file = *ctx.config->secret_key_file;
    }
  }
  try {
    return ctx.action();
  } catch (const std::exception& e) {
    return PrintError(ctx.out(), core::Error::Internal(std::string("Lỗi nội bộ: ") + e.what()));
  }
}

}  // namespace dancu::cli
