// The installation's configuration file (config.h), read with toml++.
#include "cli/config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <toml++/toml.h>

#include "population/soap_client.h"
#include "population/upstream_url.h"

namespace dancu::cli {
namespace {

using core::Error;
using core::FieldError;

// How one key is read into the config.
enum class Kind { kText, kPath, kSecretPath, kBool, kInt, kTextList };

struct Key {
  Kind kind;
  std::function<void(InstallConfig&, const toml::node&, const std::string&)> set;
  int64_t min = 0, max = 0;  // for kInt
};

template <class T>
std::function<void(InstallConfig&, const toml::node&, const std::string&)> Text(std::optional<T> InstallConfig::*m) {
  return [m](InstallConfig& c, const toml::node& n, const std::string& resolved) {
    c.*m = resolved.empty() ? *n.value<std::string>() : resolved;
  };
}

std::function<void(InstallConfig&, const toml::node&, const std::string&)> Bool(std::optional<bool> InstallConfig::*m) {
  return [m](InstallConfig& c, const toml::node& n, const std::string&) { c.*m = *n.value<bool>(); };
}

std::function<void(InstallConfig&, const toml::node&, const std::string&)> Int(std::optional<int64_t> InstallConfig::*m) {
  return [m](InstallConfig& c, const toml::node& n, const std::string&) { c.*m = *n.value<int64_t>(); };
}

// The schema: table → key → how to read it.
const std::map<std::string, std::map<std::string, Key>>& Schema() {
  static const std::map<std::string, std::map<std::string, Key>> schema = {
      {"installation",
       {{"province", {Kind::kText, Text(&InstallConfig::province)}},
        {"db", {Kind::kPath, Text(&InstallConfig::db)}},
        {"audit_db", {Kind::kPath, Text(&InstallConfig::audit_db)}},
        {"secret_key_file", {Kind::kSecretPath, Text(&InstallConfig::secret_key_file)}}}},
      {"server",
       {{"listen", {Kind::kText, Text(&InstallConfig::listen)}},
        {"behind_tls", {Kind::kBool, Bool(&InstallConfig::behind_tls)}},
        {"trusted_proxies",
         {Kind::kTextList,
          [](InstallConfig& c, const toml::node& n, const std::string&) {
            std::vector<std::string> list;
            for (const auto& e : *n.as_array()) list.push_back(*e.value<std::string>());
            c.trusted_proxies = std::move(list);
          }}},
        {"max_connections", {Kind::kInt, Int(&InstallConfig::max_connections), 0, 1'000'000}}}},
      {"upstream",
       {{"url", {Kind::kText, Text(&InstallConfig::upstream_url)}},
        {"ca_file", {Kind::kPath, Text(&InstallConfig::upstream_ca)}},
        {"cert_file", {Kind::kPath, Text(&InstallConfig::upstream_cert)}},
        {"key_file", {Kind::kSecretPath, Text(&InstallConfig::upstream_key)}},
        {"auth", {Kind::kText, Text(&InstallConfig::upstream_auth)}},
        {"client", {Kind::kText, Text(&InstallConfig::upstream_client)}},
        {"secret_file", {Kind::kSecretPath, Text(&InstallConfig::upstream_secret_file)}},
        {"signed_url", {Kind::kText, Text(&InstallConfig::upstream_signed_url)}},
        {"integration_code", {Kind::kText, Text(&InstallConfig::upstream_integration_code)}},
        {"timeout_ms", {Kind::kInt, Int(&InstallConfig::upstream_timeout_ms), 100, 120'000}},
        {"requires_official_id", {Kind::kBool, Bool(&InstallConfig::requires_official_id)}}}},
      {"gateway",
       {{"signature_window_seconds", {Kind::kInt, Int(&InstallConfig::signature_window_seconds), 10, 3600}},
        {"token_seconds", {Kind::kInt, Int(&InstallConfig::token_seconds), 30, 86'400}}}},
  };
  return schema;
}

// Names that hold a secret when given inline.
bool LooksSecret(const std::string& key) {
  if (key.ends_with("_file")) return false;
  for (const char* word : {"secret", "password", "passwd", "api_key", "apikey", "token", "private_key"}) {
    if (key.find(word) != std::string::npos) return true;
  }
  return key == "key";
}

std::string Where(const toml::source_region& r) {
  return " (dòng " + std::to_string(r.begin.line) + ")";
}

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kBool: return "true hoặc false";
    case Kind::kInt: return "một số nguyên";
    case Kind::kTextList: return "một danh sách chuỗi, ví dụ [\"127.0.0.1\"]";
    default: return "một chuỗi trong dấu nháy kép";
  }
}

bool TypeMatches(Kind k, const toml::node& n) {
  switch (k) {
    case Kind::kBool: return n.is_boolean();
    case Kind::kInt: return n.is_integer();
    case Kind::kTextList:
      return n.is_array() && std::all_of(n.as_array()->begin(), n.as_array()->end(),
                                         [](const toml::node& e) { return e.is_string(); });
    default: return n.is_string();
  }
}

// Cross-field checks once every key is read.
void CheckTogether(const InstallConfig& c, std::vector<FieldError>& problems) {
  if (c.upstream_url) {
    auto url = population::ParseUpstreamUrl(*c.upstream_url);
    if (!url) {
      problems.push_back({0, "upstream.url", url.error().message});
    } else if (!url->tls && (c.upstream_ca || c.upstream_cert || c.upstream_key)) {
      problems.push_back({0, "upstream.url", "ca_file, cert_file, key_file chỉ dùng với địa chỉ https://."});
    }
  } else if (c.upstream_ca || c.upstream_cert || c.upstream_key || c.upstream_client) {
    problems.push_back({0, "upstream.url", "Bảng [upstream] có thiết lập nhưng thiếu url."});
  }
  if (c.upstream_cert.has_value() != c.upstream_key.has_value()) {
    problems.push_back({0, "upstream.cert_file", "cert_file và key_file (chứng chỉ máy khách) phải đi cùng nhau."});
  }
  if (c.upstream_auth) {
    auto s = population::ParseSigning(*c.upstream_auth);
    if (!s) problems.push_back({0, "upstream.auth", s.error().message});
    else if (*s != population::Signing::kNone && (!c.upstream_client || !c.upstream_secret_file)) {
      problems.push_back({0, "upstream.auth", "auth = \"" + *c.upstream_auth + "\" cần client và secret_file."});
    }
  }
}

Error Problems(std::vector<FieldError> problems) {
  std::string message = "Tệp cấu hình có " + std::to_string(problems.size()) + " lỗi; lỗi đầu tiên: " +
                        problems.front().message;
  return Error::Invalid(std::move(message), std::move(problems));
}

}  // namespace

core::Result<InstallConfig> ParseConfig(std::string_view text, const std::string& base_dir) {
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error& e) {
    return core::Fail(Error::Invalid("Tệp cấu hình sai cú pháp TOML ở dòng " + std::to_string(e.source().begin.line) +
                                     ", cột " + std::to_string(e.source().begin.column) + ": " +
                                     std::string(e.description()) + "."));
  }
  InstallConfig config;
  std::vector<FieldError> problems;
  const auto& schema = Schema();
  for (const auto& [table_key, table_node] : root) {
    const std::string table(table_key.str());
    auto t = schema.find(table);
    if (t == schema.end() || !table_node.is_table()) {
      std::string known;
      for (const auto& [name, _] : schema) known += (known.empty() ? "[" : ", [") + name + "]";
      problems.push_back({int(table_key.source().begin.line), table,
                          "Không có bảng [" + table + "]" + Where(table_key.source()) + "; các bảng: " + known + "."});
      continue;
    }
    for (const auto& [key_key, node] : *table_node.as_table()) {
      const std::string key(key_key.str()), field = table + "." + key;
      int line = int(key_key.source().begin.line);
      auto k = t->second.find(key);
      if (k == t->second.end() && LooksSecret(key)) {
        problems.push_back({line, field, "Không ghi bí mật trực tiếp trong tệp cấu hình" + Where(key_key.source()) +
                                             ": hãy để bí mật trong một tệp riêng (quyền 600) và chỉ đường dẫn bằng " +
                                             (key.find("secret") != std::string::npos ? "secret_file." : "khóa *_file.")});
        continue;
      }
      if (k == t->second.end()) {
        std::string known;
        for (const auto& [name, _] : t->second) known += (known.empty() ? "" : ", ") + name;
        problems.push_back({line, field, "Không có thiết lập \"" + key + "\" trong bảng [" + table + "]" +
                                             Where(key_key.source()) + "; các thiết lập: " + known + "."});
        continue;
      }
      const Key& spec = k->second;
      if (!TypeMatches(spec.kind, node)) {
        problems.push_back({line, field, field + " phải là " + KindName(spec.kind) + Where(key_key.source()) + "."});
        continue;
      }
      if (spec.kind == Kind::kInt) {
        int64_t v = *node.value<int64_t>();
        if (v < spec.min || v > spec.max) {
          problems.push_back({line, field, field + " phải từ " + std::to_string(spec.min) + " đến " +
                                               std::to_string(spec.max) + Where(key_key.source()) + "."});
          continue;
        }
      }
      std::string resolved;
      if (spec.kind == Kind::kPath || spec.kind == Kind::kSecretPath) {
        std::string p = *node.value<std::string>();
        if (p.empty()) {
          problems.push_back({line, field, field + " không được để trống" + Where(key_key.source()) + "."});
          continue;
        }
        std::filesystem::path fp(p);
        resolved = fp.is_absolute() || base_dir.empty() ? p : (std::filesystem::path(base_dir) / fp).string();
      }
      spec.set(config, node, resolved);
    }
  }
  CheckTogether(config, problems);
  if (!problems.empty()) return core::Fail(Problems(std::move(problems)));
  return config;
}

core::Result<InstallConfig> LoadConfig(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return core::Fail(Error::NotFound("Không tìm thấy tệp cấu hình " + path + "."));
  }
  // A regular file of at most 1 MB, read no further (a FIFO or /dev/zero must not hang or
  // exhaust memory: attack finding 5).
  constexpr std::size_t kMaxBytes = 1 << 20;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return core::Fail(Error::Invalid("Tệp cấu hình " + path + " phải là một tệp thường (không phải thư mục, thiết bị hay ống)."));
  }
  if (std::size_t(st.st_size) > kMaxBytes) return core::Fail(Error::Invalid("Tệp cấu hình " + path + " lớn quá 1 MB."));
  std::ifstream in(path, std::ios::binary);
  std::string text(kMaxBytes + 1, '\0');
  in.read(text.data(), std::streamsize(text.size()));
  text.resize(std::size_t(in.gcount()));
  if (in.bad()) return core::Fail(Error::Invalid("Không đọc được tệp cấu hình " + path + "."));
  if (text.size() > kMaxBytes) return core::Fail(Error::Invalid("Tệp cấu hình " + path + " lớn quá 1 MB."));
  auto config = ParseConfig(text, std::filesystem::path(path).parent_path().string());
  if (!config) return config;
  config->path = path;
  std::vector<FieldError> problems;
  auto file = [&](const std::optional<std::string>& p, const char* field, bool secret, bool must_exist) {
    if (!p) return;
    struct stat st {};
    if (::stat(p->c_str(), &st) != 0) {
      if (must_exist) problems.push_back({0, field, std::string(field) + ": không có tệp " + *p + "."});
      return;
    }
    if (::access(p->c_str(), R_OK) != 0) problems.push_back({0, field, std::string(field) + ": không đọc được tệp " + *p + "."});
    if (secret && (st.st_mode & 077)) {
      problems.push_back({0, field, std::string(field) + ": tệp bí mật " + *p + " để người khác đọc được; hãy chạy: chmod 600 " + *p});
    }
  };
  file(config->upstream_ca, "upstream.ca_file", false, true);
  file(config->upstream_cert, "upstream.cert_file", false, true);
  file(config->upstream_key, "upstream.key_file", true, true);
  file(config->upstream_secret_file, "upstream.secret_file", true, true);
  file(config->secret_key_file, "installation.secret_key_file", true, false);  // created on first use
  if (!problems.empty()) return core::Fail(Problems(std::move(problems)));
  return config;
}

}  // namespace dancu::cli
