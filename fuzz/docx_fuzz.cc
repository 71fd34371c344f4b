// libFuzzer target: the DOCX template renderer (docs/docx_template.h). An admin may upload an
// edited template (--template, the letter page) and the data comes from the registry, so both
// sides are fuzzed. The first byte chooses what the rest of the input is:
//   0: a whole template (.docx bytes), rendered with data naming every key of the templates;
//   1: word/document.xml of the built-in Phiếu đăng ký package (the rest of it unchanged);
//   2: the JSON data (or, when not a JSON object, one string given to every key) rendered into
//      a built-in template chosen by the first byte too (byte / 3).
// Properties beyond "no crash, no leak, no UB": a render that succeeds gives a DOCX that
// ReadDocxText reads, with valid UTF-8 text; errors are Vietnamese UTF-8 messages.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docs/docx_template.h"
#include "fuzz/fuzz_support.h"

namespace dancu::docs {
std::string_view BuiltInTemplate(std::string_view name);  // generated from templates/*.docx
}

namespace {

using namespace dancu;
using fuzz::Check;
using fuzz::CheckUtf8;
using nlohmann::json;
using Parts = std::vector<std::pair<std::string, std::string>>;

const char* const kTemplates[] = {"phieu_dang_ky.docx", "cong_van_don_doc.docx",
                                  "ban_cam_ket.docx"};

// Every entry of a zip (names and bytes), in archive order.
Parts Unzip(std::string_view bytes) {
  Parts parts;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* zip = src ? zip_open_from_source(src, ZIP_RDONLY, &error) : nullptr;
  Check(zip != nullptr, "built-in template is not a zip");
  for (zip_int64_t i = 0; i < zip_get_num_entries(zip, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(zip, i, 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* f = zip_fopen_index(zip, i, 0);
    zip_fread(f, data.data(), data.size());
    zip_fclose(f);
    parts.emplace_back(st.name, std::move(data));
  }
  zip_discard(zip);
  zip_error_fini(&error);
  return parts;
}

// A zip of `parts`, stored without compression (the renderer reads either).
std::string Zip(const Parts& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  for (const auto& [name, data] : parts) {
    zip_source_t* source = zip_source_buffer(archive, data.data(), data.size(), 0);
    zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    zip_set_file_compression(archive, index, ZIP_CM_STORE, 0);
  }
  Check(zip_close(archive) == 0, "zip_close");
  std::string out;
  zip_source_open(buffer);
  zip_source_seek(buffer, 0, SEEK_END);
  out.resize(static_cast<size_t>(zip_source_tell(buffer)));
  zip_source_seek(buffer, 0, SEEK_SET);
  zip_source_read(buffer, out.data(), out.size());
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

// The names the built-in templates use ({{name}}, {{#name}}, {{fn:name}}…).
std::set<std::string> KeysOf(const Parts& parts) {
  std::set<std::string> keys;
  for (const auto& [name, xml] : parts) {
    for (size_t p = xml.find("{{"); p != std::string::npos; p = xml.find("{{", p + 2)) {
      size_t end = xml.find("}}", p);
      if (end == std::string::npos || end - p > 80) continue;
      std::string key = xml.substr(p + 2, end - p - 2);
      if (!key.empty() && (key[0] == '#' || key[0] == '^' || key[0] == '/')) key.erase(0, 1);
      if (key.starts_with("fn:")) key.erase(0, 3);
      keys.insert(key);
    }
  }
  return keys;
}

struct Fixture {
  std::vector<Parts> templates;
  std::set<std::string> keys;
  json data;  // every key → a list of two objects with every key, and text
};

const Fixture& TheFixture() {
  static const Fixture f = [] {
    Fixture f;
    for (const char* name : kTemplates) {
      f.templates.push_back(Unzip(docs::BuiltInTemplate(name)));
      for (auto& k : KeysOf(f.templates.back())) f.keys.insert(k);
    }
    json item = json::object();
    for (const auto& k : f.keys) item[k] = "Giá trị " + k;
    f.data = item;
    for (const auto& k : f.keys) {
      if (k.starts_with("co_") || k == "cuoi") f.data[k] = true;
    }
    f.data["phu_luc"] = json::array({item, item});
    f.data["tai_khoan"] = json::array({item, item});
    return f;
  }();
  return f;
}

void Render(std::string_view docx, const json& data) {
  docs::RenderReport report;
  auto out = docs::RenderDocx(docx, data, &report);
  if (!out) return fuzz::CheckError(out.error(), "RenderDocx: error");
  for (const auto& k : report.missing_keys) CheckUtf8(k, "RenderDocx: missing key");
  auto text = docs::ReadDocxText(*out);
  Check(text.has_value(), "ReadDocxText cannot read what RenderDocx wrote");
  for (const auto* list : {&text->paragraphs, &text->footnotes, &text->headers_footers}) {
    for (const auto& p : *list) CheckUtf8(p, "RenderDocx: output text is not UTF-8");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  TheFixture();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Fixture& f = TheFixture();
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      Render(rest, f.data);
      break;
    case 1: {
      Parts parts = f.templates[0];
      for (auto& [name, bytes] : parts) {
        if (name == "word/document.xml") bytes = std::string(rest);
      }
      Render(Zip(parts), f.data);
      break;
    }
    default: {
      json values = json::parse(rest, nullptr, false);
      if (!values.is_object()) {
        values = json::object();
        for (const auto& k : f.keys) values[k] = std::string(rest);
      }
      static const std::vector<std::string> zipped = [&f] {
        std::vector<std::string> out;
        for (const auto& t : f.templates) out.push_back(Zip(t));
        return out;
      }();
      Render(zipped[(data[0] / 3) % zipped.size()], values);
    }
  }
  return 0;
}
