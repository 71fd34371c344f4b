// DOCX package plumbing (zip in memory, XML parts, paragraph text) and ReadDocxText.
#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <utility>

#include "docs/docx_template.h"
#include "docs/docx_template_internal.h"

namespace dancu::docs {
namespace internal {
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
  if (zip_source_open(source) != 0) return core::Fail(core::Error::Internal("Không đọc lại được tệp .docx vừa tạo."));
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

std::string Trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t\n");
  if (begin == std::string_view::npos) return "";
  const size_t end = text.find_last_not_of(" \t\n");
  return std::string(text.substr(begin, end - begin + 1));
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
      "w:hyperlink", "w:smartTag", "w:customXml", "w:ins", "w:fldSimple",
      "w:sdt",       "w:sdtContent", "w:dir",     "w:bdo", "w:moveTo"};
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

}  // namespace internal

namespace {

using internal::ZipEntry;

// Walks body-like containers, numbering footnote references as Word does.
class TextReader {
 public:
  void Block(pugi::xml_node container, std::vector<std::string>* out) {
    for (pugi::xml_node child : container.children()) {
      const std::string_view name = child.name();
      if (name == "w:p") {
        out->push_back(Paragraph(child));
      } else if (name == "w:tbl") {
        for (pugi::xml_node row : child.children("w:tr")) out->push_back(Row(row));
      } else if (name == "w:sdt") {
        Block(child.child("w:sdtContent"), out);
      } else if (name == "w:customXml") {
        Block(child, out);
      }
    }
  }

  const std::vector<std::string>& footnote_ids() const { return footnote_ids_; }

 private:
  std::string Paragraph(pugi::xml_node paragraph) {
    std::string text;
    internal::ForEachRun(paragraph, [&](pugi::xml_node run) {
      for (pugi::xml_node child : run.children()) {
        if (internal::AppendChildText(child, &text)) continue;
        if (std::string_view(child.name()) != "w:footnoteReference") continue;
        footnote_ids_.push_back(child.attribute("w:id").value());
        text += "[" + std::to_string(footnote_ids_.size()) + "]";
      }
    });
    return text;
  }

  std::string Row(pugi::xml_node row) {
    std::string line;
    bool first_cell = true;
    for (pugi::xml_node cell : row.children("w:tc")) {
      std::vector<std::string> lines;
      Block(cell, &lines);
      if (!first_cell) line += '\t';
      first_cell = false;
      for (size_t i = 0; i < lines.size(); ++i) line += (i ? " " : "") + lines[i];
    }
    return line;
  }

  std::vector<std::string> footnote_ids_;
};

core::Result<pugi::xml_node> LoadRoot(const ZipEntry& entry, pugi::xml_document* doc) {
  if (auto parsed = internal::ParseXml(entry.data, entry.name, doc); !parsed) {
    return core::Fail(parsed.error());
  }
  return doc->document_element();
}

// Footnote id → its text, for the footnotes part named in the document's relationships.
core::Result<std::map<std::string, std::string>> ReadFootnotes(
    const std::vector<ZipEntry>& entries) {
  std::map<std::string, std::string> notes;
  const ZipEntry* part = internal::FindEntry(entries, internal::FootnotesPartName(entries));
  if (!part) return notes;
  pugi::xml_document doc;
  auto root = LoadRoot(*part, &doc);
  if (!root) return core::Fail(root.error());
  for (pugi::xml_node note : root->children("w:footnote")) {
    std::string text;
    for (pugi::xml_node p : note.children("w:p")) {
      if (!text.empty()) text += '\n';
      text += internal::CollectParagraphText(p).text;
    }
    notes[note.attribute("w:id").value()] = internal::Trim(text);
  }
  return notes;
}

// Header parts first, then footers, each group in name order.
std::vector<const ZipEntry*> HeaderFooterParts(const std::vector<ZipEntry>& entries) {
  std::vector<const ZipEntry*> parts;
  for (const ZipEntry& e : entries) {
    if (internal::IsHeaderOrFooterPart(e.name)) parts.push_back(&e);
  }
  std::sort(parts.begin(), parts.end(), [](const ZipEntry* a, const ZipEntry* b) {
    const bool a_footer = a->name.starts_with("word/footer");
    const bool b_footer = b->name.starts_with("word/footer");
    return std::pair(a_footer, a->name) < std::pair(b_footer, b->name);
  });
  return parts;
}

}  // namespace

core::Result<DocxText> ReadDocxText(std::string_view docx) {
  auto entries = internal::ReadZip(docx);
  if (!entries) return core::Fail(entries.error());
  const ZipEntry* main_part = internal::FindEntry(*entries, internal::kDocumentPart);
  if (!main_part) {
    return core::Fail(core::Error::Invalid(
        "Tệp không phải văn bản Word .docx: thiếu phần word/document.xml."));
  }
  pugi::xml_document doc;
  auto root = LoadRoot(*main_part, &doc);
  if (!root) return core::Fail(root.error());
  DocxText out;
  TextReader reader;
  reader.Block(root->child("w:body"), &out.paragraphs);
  auto notes = ReadFootnotes(*entries);
  if (!notes) return core::Fail(notes.error());
  for (const std::string& id : reader.footnote_ids()) out.footnotes.push_back((*notes)[id]);
  for (const ZipEntry* part : HeaderFooterParts(*entries)) {
    pugi::xml_document part_doc;
    auto part_root = LoadRoot(*part, &part_doc);
    if (!part_root) return core::Fail(part_root.error());
    reader.Block(*part_root, &out.headers_footers);
  }
  return out;
}

}  // namespace dancu::docs
