// DOCX plumbing for the docs module: zip in memory, XML parts, runs, paragraph rebuilding.
#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <utility>

#include "core/text.h"
#include "docs/docx_template_internal.h"

namespace dancu::docs::internal {
namespace {

// A template is a letter, not an archive: these bounds stop a crafted zip from exhausting
// memory while leaving plenty of room for embedded images.
constexpr zip_uint64_t kMaxEntryBytes = 64u << 20;
constexpr zip_uint64_t kMaxTotalBytes = 256u << 20;
constexpr zip_int64_t kMaxEntries = 10000;

struct ZipDiscard {
  void operator()(zip_t* zip) const { zip_discard(zip); }
};
struct ZipFileClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDiscard>;

core::Error NotZip() {
  return core::Error::Invalid(
      "Tệp mẫu không phải tệp Word .docx hợp lệ (không đọc được dạng nén zip). Hãy mở mẫu "
      "trong Word và lưu lại bằng \"Save As\" với kiểu \"Word Document (*.docx)\".");
}

core::Error TooLarge(std::string_view name) {
  return core::Error::Invalid("Tệp mẫu quá lớn: phần \"" + std::string(name) +
                              "\" vượt giới hạn cho phép. Hãy giảm kích thước ảnh trong mẫu.");
}

ZipPtr OpenZip(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* zip = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (source && !zip) zip_source_free(source);  // on success the archive owns the source
  zip_error_fini(&error);
  return ZipPtr(zip);
}

core::Result<std::string> ReadEntry(zip_t* zip, zip_uint64_t index, zip_uint64_t size) {
  std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen_index(zip, index, 0));
  if (!file) return core::Fail(NotZip());
  std::string data(static_cast<size_t>(size), '\0');
  zip_uint64_t done = 0;
  while (done < size) {
    const zip_int64_t n = zip_fread(file.get(), data.data() + done, size - done);
    if (n <= 0) return core::Fail(NotZip());
    done += static_cast<zip_uint64_t>(n);
  }
  return data;
}

// Reads the whole in-memory zip source back after zip_close wrote into it.
core::Result<std::string> ReadSource(zip_source_t* source) {
  if (zip_source_open(source) != 0)
    return core::Fail(core::Error::Internal("Không đọc lại được tệp .docx vừa tạo."));
  std::string out;
  bool ok = zip_source_seek(source, 0, SEEK_END) == 0;
  const zip_int64_t size = ok ? zip_source_tell(source) : -1;
  ok = size >= 0 && zip_source_seek(source, 0, SEEK_SET) == 0;
  if (ok) {
    out.resize(static_cast<size_t>(size));
    ok = zip_source_read(source, out.data(), out.size()) == size;
  }
  zip_source_close(source);
  if (!ok) return core::Fail(core::Error::Internal("Không đọc lại được tệp .docx vừa tạo."));
  return out;
}

bool AddEntries(zip_t* zip, const std::vector<ZipEntry>& entries) {
  for (const ZipEntry& entry : entries) {
    // The buffers stay alive (in `entries`) until zip_close, so libzip need not copy them.
    zip_source_t* source = zip_source_buffer(zip, entry.data.data(), entry.data.size(), 0);
    if (!source) return false;
    if (zip_file_add(zip, entry.name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(source);
      return false;
    }
  }
  return true;
}

// Decodes one multi-byte UTF-8 sequence at the start of `in`; length 0 when invalid.
std::pair<char32_t, size_t> DecodeUtf8(std::string_view in) {
  const auto lead = static_cast<unsigned char>(in[0]);
  const size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (len == 0 || lead > 0xF4 || in.size() < len) return {0, 0};
  char32_t cp = lead & (0x7F >> len);
  for (size_t i = 1; i < len; ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if ((c & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (cp < kMin[len] || cp > 0x10FFFF || surrogate) return {0, 0};
  return {cp, len};
}

void AppendTextElement(pugi::xml_node run, std::string_view text) {
  pugi::xml_node t = run.append_child("w:t");
  // Without xml:space="preserve" Word drops leading/trailing spaces and collapses runs of them.
  const bool keep =
      text.front() == ' ' || text.back() == ' ' || text.find("  ") != std::string_view::npos;
  if (keep) t.append_attribute("xml:space") = "preserve";
  t.text().set(std::string(text).c_str());
}

// Removes the text elements of a run, then the run itself if nothing but formatting is left.
void StripText(pugi::xml_node run) {
  std::string ignored;
  for (pugi::xml_node child = run.first_child(); child;) {
    pugi::xml_node next = child.next_sibling();
    if (AppendChildText(child, &ignored)) run.remove_child(child);
    child = next;
  }
  for (pugi::xml_node child : run.children()) {
    if (child.type() == pugi::node_element && std::string_view(child.name()) != "w:rPr") return;
  }
  run.parent().remove_child(run);
}

}  // namespace

core::Result<std::vector<ZipEntry>> ReadZip(std::string_view bytes) {
  ZipPtr zip = OpenZip(bytes);
  if (!zip) return core::Fail(NotZip());
  const zip_int64_t count = zip_get_num_entries(zip.get(), 0);
  if (count < 0 || count > kMaxEntries) return core::Fail(NotZip());
  std::vector<ZipEntry> entries;
  zip_uint64_t total = 0;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip.get(), i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) ||
        !(st.valid & ZIP_STAT_SIZE)) {
      return core::Fail(NotZip());
    }
    total += st.size;
    if (st.size > kMaxEntryBytes || total > kMaxTotalBytes) return core::Fail(TooLarge(st.name));
    auto data = ReadEntry(zip.get(), i, st.size);
    if (!data) return core::Fail(data.error());
    entries.push_back({st.name, std::move(*data)});
  }
  return entries;
}

core::Result<std::string> WriteZip(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* zip = buffer ? zip_open_from_source(buffer, ZIP_CREATE | ZIP_TRUNCATE, &error) : nullptr;
  zip_error_fini(&error);
  if (!zip) {
    if (buffer) zip_source_free(buffer);
    return core::Fail(core::Error::Internal("Không tạo được tệp .docx (lỗi thư viện zip)."));
  }
  zip_source_keep(buffer);  // survives zip_close so the written bytes can be read back
  if (!AddEntries(zip, entries) || zip_close(zip) != 0) {
    zip_discard(zip);
    zip_source_free(buffer);
    return core::Fail(core::Error::Internal("Không ghi được tệp .docx (lỗi thư viện zip)."));
  }
  auto out = ReadSource(buffer);
  zip_source_free(buffer);
  return out;
}

ZipEntry* FindEntry(std::vector<ZipEntry>& entries, std::string_view name) {
  auto it = std::find_if(entries.begin(), entries.end(),
                         [&](const ZipEntry& e) { return e.name == name; });
  return it == entries.end() ? nullptr : &*it;
}

const ZipEntry* FindEntry(const std::vector<ZipEntry>& entries, std::string_view name) {
  return FindEntry(const_cast<std::vector<ZipEntry>&>(entries), name);
}

core::Result<void> ParseXml(const std::string& xml, std::string_view part_name,
                            pugi::xml_document* doc) {
  // parse_ws_pcdata_single keeps <w:t> </w:t> (a lone space is real text) while still
  // dropping indentation between elements.
  // Word writes UTF-8; a part that is neither UTF-8 nor UTF-16 (BOM) would carry ill-formed
  // bytes into names, messages and the document made from it.
  const bool utf16 = xml.starts_with("\xFF\xFE") || xml.starts_with("\xFE\xFF");
  if (!utf16 && !core::IsValidUtf8(xml)) {
    return core::Fail(core::Error::Invalid(
        "Tệp mẫu bị hỏng: phần \"" + std::string(part_name) + "\" chứa byte không phải UTF-8 (vị trí " +
        std::to_string(core::FirstInvalidUtf8(xml)) + "). Hãy mở mẫu trong Word và lưu lại thành tệp .docx mới."));
  }
  const unsigned options = pugi::parse_default | pugi::parse_ws_pcdata_single |
                           pugi::parse_declaration | pugi::parse_pi | pugi::parse_comments;
  const pugi::xml_parse_result result =
      doc->load_buffer(xml.data(), xml.size(), options, pugi::encoding_auto);
  if (result) return {};
  return core::Fail(core::Error::Invalid(
      "Tệp mẫu bị hỏng: phần \"" + std::string(part_name) + "\" không phải XML hợp lệ (" +
      result.description() + ", vị trí " + std::to_string(result.offset) +
      "). Hãy mở mẫu trong Word và lưu lại thành tệp .docx mới."));
}

std::string SaveXml(const pugi::xml_document& doc) {
  struct Writer : pugi::xml_writer {
    std::string out;
    void write(const void* data, size_t size) override {
      out.append(static_cast<const char*>(data), size);
    }
  } writer;
  doc.save(writer, "", pugi::format_raw, pugi::encoding_utf8);
  return std::move(writer.out);
}

bool IsHeaderOrFooterPart(std::string_view name) {
  const bool header = name.starts_with("word/header");
  const bool footer = name.starts_with("word/footer");
  return (header || footer) && name.ends_with(".xml") &&
         name.find('/', 5) == std::string_view::npos;
}

bool IsRunWrapper(std::string_view name) {
  static constexpr std::string_view kWrappers[] = {
      "w:hyperlink", "w:smartTag",   "w:customXml", "w:ins", "w:fldSimple",
      "w:sdt",       "w:sdtContent", "w:dir",       "w:bdo", "w:moveTo"};
  return std::find(std::begin(kWrappers), std::end(kWrappers), name) != std::end(kWrappers);
}

void ForEachRun(pugi::xml_node paragraph, const std::function<void(pugi::xml_node)>& fn) {
  for (pugi::xml_node child : paragraph.children()) {
    const std::string_view name = child.name();
    if (name == "w:r") {
      fn(child);
    } else if (IsRunWrapper(name)) {
      ForEachRun(child, fn);
    }
  }
}

bool AppendChildText(pugi::xml_node child, std::string* out) {
  const std::string_view name = child.name();
  if (name == "w:t") {
    *out += child.child_value();
  } else if (name == "w:tab") {
    *out += '\t';
  } else if (name == "w:cr") {
    *out += '\n';
  } else if (name == "w:br") {
    // Page and column breaks are layout, not text: they stay where they are.
    const std::string_view type = child.attribute("w:type").value();
    if (!type.empty() && type != "textWrapping") return false;
    *out += '\n';
  } else {
    return false;
  }
  return true;
}

ParagraphText CollectParagraphText(pugi::xml_node paragraph) {
  ParagraphText result;
  ForEachRun(paragraph, [&](pugi::xml_node run) {
    const int index = static_cast<int>(result.runs.size());
    result.runs.push_back(run);
    for (pugi::xml_node child : run.children()) {
      if (AppendChildText(child, &result.text)) result.run_of.resize(result.text.size(), index);
    }
  });
  return result;
}

std::string FootnotesPartName(const std::vector<ZipEntry>& entries) {
  const ZipEntry* rels = FindEntry(entries, kDocumentRelsPart);
  pugi::xml_document doc;
  if (!rels || !ParseXml(rels->data, rels->name, &doc)) return "";
  for (pugi::xml_node rel : doc.child("Relationships").children("Relationship")) {
    if (rel.attribute("Type").value() != kFootnotesRelType) continue;
    const std::string_view target = rel.attribute("Target").value();
    if (target.starts_with('/')) return std::string(target.substr(1));
    return "word/" + std::string(target);
  }
  return "";
}

std::string SanitizeXmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r') {
      out += '\n';
      i += i + 1 < text.size() && text[i + 1] == '\n' ? 2 : 1;
    } else if (c < 0x80) {
      if (c >= 0x20 || c == '\t' || c == '\n') out += static_cast<char>(c);
      ++i;
    } else if (auto [cp, len] = DecodeUtf8(text.substr(i)); len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      if (cp != 0xFFFE && cp != 0xFFFF) out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

void AppendRunContent(pugi::xml_node run, std::string_view text) {
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\t' && text[i] != '\n') continue;
    if (i > start) AppendTextElement(run, text.substr(start, i - start));
    if (i < text.size()) run.append_child(text[i] == '\t' ? "w:tab" : "w:br");
    start = i + 1;
  }
}

void RebuildParagraph(const ParagraphText& text, const std::vector<Piece>& pieces,
                      const Footnotes* notes) {
  pugi::xml_node cursor;
  int furthest = -1;
  for (const Piece& piece : pieces) {
    pugi::xml_node source = text.runs[static_cast<size_t>(piece.run)];
    pugi::xml_node run;
    // Pieces normally follow their source runs forward; a repeated section goes back to an
    // earlier run, and its copy must then follow what was already emitted.
    if (piece.run >= furthest) {
      run = source.parent().insert_child_before("w:r", source);
      furthest = piece.run;
    } else {
      run = cursor.parent().insert_child_after("w:r", cursor);
    }
    cursor = run;
    if (piece.footnote_id >= 0) {
      notes->AppendMarkProperties(run);
      run.append_child("w:footnoteReference").append_attribute("w:id") = piece.footnote_id;
    } else {
      if (pugi::xml_node props = source.child("w:rPr")) run.append_copy(props);
      AppendRunContent(run, piece.text);
    }
  }
  for (pugi::xml_node run : text.runs) StripText(run);
}

}  // namespace dancu::docs::internal
