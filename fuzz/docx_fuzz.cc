// libFuzzer target: the DOCX template renderer (docs/docx_template.h). An admin may upload an
// edited template (--template, the letter page) and the data comes from the registry, so both
// sides are fuzzed. The first byte b chooses what the rest of the input is:
//   b % 16 == 0: when the rest starts with "PK", a whole template (.docx bytes) rendered with
//     data naming every key of the built-in templates; otherwise the JSON data (or, when not a
//     JSON object, one string given to every key) rendered into a built-in template chosen by
//     b / 16 — both render a whole 20–70 KB template (~20–100 ms under ASan), so rare;
//   b % 16 == 1: word/document.xml of the built-in Phiếu đăng ký package (the rest unchanged);
//   otherwise (most inputs, ~1 ms): a part of a small package built once — [Content_Types].xml,
//     rels, word/document.xml, word/header1.xml, word/footnotes.xml (b % 16 == 13: without
//     footnotes, so a {{fn:…}} creates the part) — with the rest as "XML\0DATA": the XML
//     replaces word/document.xml (b % 16 == 14: word/header1.xml, 15: word/footnotes.xml; an
//     empty XML keeps the package's own small document, which uses every placement of every
//     kind of placeholder), DATA is the JSON data (absent: every key of the templates; not a
//     JSON object: one string given to every key).
// Properties beyond "no crash, no leak, no UB": a render that succeeds gives a DOCX that
// ReadDocxText reads, with valid UTF-8 text; errors are Vietnamese UTF-8 messages.
#include <dlfcn.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
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

constexpr std::string_view kW =
    R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
constexpr std::string_view kRel =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
constexpr std::string_view kType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.";

std::string Para(std::string_view text) {
  return "<w:p><w:r><w:t xml:space=\"preserve\">" + std::string(text) + "</w:t></w:r></w:p>";
}

// The small package's document: inline and block sections, a table-row section, an inverted
// section, a placeholder split over runs, "." and "a.b", a footnote, a fixed reference.
std::string SmallDocument() {
  std::string body =
      Para("{{don_vi}} – {{ho_ten}}{{fn:he_thong}}") +
      "<w:p><w:r><w:t>{{ten_</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>co_quan}}</w:t></w:r>"
      "<w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>" +
      Para("{{#co_chua_dang_ky}}có {{so_lan}}{{/co_chua_dang_ky}}{{^cuoi}}không{{/cuoi}}") +
      Para("{{#phu_luc}}") + Para("{{.}} {{muc_dich}} {{phu_luc.tt}}{{fn:vai_tro}}") +
      Para("{{/phu_luc}}") + "<w:tbl><w:tr><w:tc>" + Para("TT") + "</w:tc><w:tc>" +
      Para("Tài khoản") + "</w:tc></w:tr><w:tr><w:tc>" + Para("{{#tai_khoan}}{{tt}}") +
      "</w:tc><w:tc>" + Para("{{tai_khoan}}{{/tai_khoan}}") + "</w:tc></w:tr></w:tbl>" +
      Para("{{sdt}}");
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document " +
         std::string(kW) + "><w:body>" + body + "<w:sectPr/></w:body></w:document>";
}

// A minimal DOCX: document, one header, footnotes (separators and one note) unless `notes` is
// false; parts are replaced by name for each input.
Parts SmallPackage(bool notes) {
  std::string types =
      R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
      R"(<Default Extension="xml" ContentType="application/xml"/>)"
      R"(<Override PartName="/word/document.xml" ContentType=")" +
      std::string(kType) +
      R"(document.main+xml"/><Override PartName="/word/header1.xml" ContentType=")" +
      std::string(kType) + "header+xml\"/>";
  std::string rels =
      R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type=")" +
      std::string(kRel) + R"(header" Target="header1.xml"/>)";
  if (notes) {
    types += R"(<Override PartName="/word/footnotes.xml" ContentType=")" + std::string(kType) +
             "footnotes+xml\"/>";
    rels += R"(<Relationship Id="rId2" Type=")" + std::string(kRel) +
            R"(footnotes" Target="footnotes.xml"/>)";
  }
  Parts parts = {
      {"[Content_Types].xml", types + "</Types>"},
      {"_rels/.rels",
       R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rId1" Type=")" +
           std::string(kRel) + R"(officeDocument" Target="word/document.xml"/></Relationships>)"},
      {"word/_rels/document.xml.rels", rels + "</Relationships>"},
      {"word/document.xml", SmallDocument()},
      {"word/header1.xml",
       "<w:hdr " + std::string(kW) + ">" + Para("{{don_vi}}{{fn:he_thong}}") + "</w:hdr>"}};
  if (notes) {
    parts.emplace_back(
        "word/footnotes.xml",
        "<w:footnotes " + std::string(kW) +
            R"(><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>)"
            R"(<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>)"
            R"(<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Ghi chú {{ghi_chu}}</w:t></w:r></w:p></w:footnote></w:footnotes>)");
  }
  return parts;
}

struct Fixture {
  std::vector<Parts> templates;
  std::vector<std::string> zipped;  // the built-in templates, as .docx bytes
  Parts small[2];                   // SmallPackage(false), SmallPackage(true)
  std::set<std::string> keys;
  json data;  // every key → a list of two objects with every key, and text
};

const Fixture& TheFixture() {
  static const Fixture f = [] {
    Fixture f;
    for (const char* name : kTemplates) {
      f.templates.push_back(Unzip(docs::BuiltInTemplate(name)));
      for (auto& k : KeysOf(f.templates.back())) f.keys.insert(k);
      f.zipped.push_back(Zip(f.templates.back()));
    }
    f.small[0] = SmallPackage(false);
    f.small[1] = SmallPackage(true);
    for (auto& k : KeysOf(f.small[1])) f.keys.insert(k);
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

// `text` as the data of a render: a JSON object as it is, anything else as one string for
// every key.
json DataOf(std::string_view text, const Fixture& f) {
  json values = json::parse(text, nullptr, false);
  if (values.is_object()) return values;
  values = json::object();
  for (const auto& k : f.keys) values[k] = std::string(text);
  return values;
}

// `parts` with the part named `name` replaced by `xml`.
std::string WithPart(Parts parts, std::string_view name, std::string_view xml) {
  for (auto& [n, bytes] : parts) {
    if (n == name) bytes = std::string(xml);
  }
  return Zip(parts);
}

}  // namespace

// Fixture overhead, not dancu's: libzip deflates every entry RenderDocx writes with zlib's
// memLevel 9, whose 128 KB buffers are too big for ASan's size classes, so each entry mmaps,
// faults in and unmaps fresh pages (~9 ms per render of a small package). This wrapper, which
// libzip's calls resolve to, lowers memLevel to 8 (the default of deflateInit: 64 KB buffers
// that ASan recycles); the output is the same format, only compressed a little differently.
extern "C" int deflateInit2_(z_streamp strm, int level, int method, int window_bits, int mem_level,
                             int strategy, const char* version, int stream_size) {
  using Real = int (*)(z_streamp, int, int, int, int, int, const char*, int);
  static const Real real = reinterpret_cast<Real>(dlsym(RTLD_NEXT, "deflateInit2_"));
  return real(strm, level, method, window_bits, std::min(mem_level, 8), strategy, version,
              stream_size);
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  TheFixture();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Fixture& f = TheFixture();
  const unsigned mode = data[0] % 16;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (mode == 0 && rest.starts_with("PK")) {
    Render(rest, f.data);
  } else if (mode == 0) {
    Render(f.zipped[(data[0] / 16) % f.zipped.size()], DataOf(rest, f));
  } else if (mode == 1) {
    Render(WithPart(f.templates[0], "word/document.xml", rest), f.data);
  } else {
    size_t nul = rest.find('\0');
    std::string_view xml = rest.substr(0, nul);
    const char* part = mode == 14   ? "word/header1.xml"
                       : mode == 15 ? "word/footnotes.xml"
                                    : "word/document.xml";
    const Parts& package = f.small[mode == 13 ? 0 : 1];
    std::string docx = xml.empty() ? Zip(package) : WithPart(package, part, xml);
    if (nul == std::string_view::npos) {
      Render(docx, f.data);
    } else {
      Render(docx, DataOf(rest.substr(nul + 1), f));
    }
  }
  return 0;
}
