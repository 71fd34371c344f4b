// DOCX plumbing for the docs module (zip in memory, XML parts, runs, footnotes) and ReadDocxText.
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

// ---------------------------------------------------------------------------------------
// Footnotes

namespace {

constexpr std::string_view kFootnotesContentType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml";
constexpr const char* kEmptyFootnotes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
    R"(<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>)"
    R"(<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>)"
    R"(<w:r><w:separator/></w:r></w:p></w:footnote>)"
    R"(<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>)"
    R"(<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>)"
    R"(<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>)"
    R"(</w:footnotes>)";
constexpr const char* kEmptyRelationships =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>)";

core::Result<void> AddFootnotesRelationship(std::vector<ZipEntry>* entries) {
  ZipEntry* rels = FindEntry(*entries, kDocumentRelsPart);
  if (!rels) {
    entries->push_back({std::string(kDocumentRelsPart), kEmptyRelationships});
    rels = &entries->back();
  }
  pugi::xml_document doc;
  if (auto parsed = ParseXml(rels->data, rels->name, &doc); !parsed) return parsed;
  pugi::xml_node root = doc.document_element();
  std::vector<std::string> ids;
  for (pugi::xml_node rel : root.children("Relationship"))
    ids.push_back(rel.attribute("Id").value());
  std::string id;
  for (size_t n = ids.size() + 1; id.empty() || std::ranges::count(ids, id) > 0; ++n) {
    id = "rId" + std::to_string(n);
  }
  pugi::xml_node rel = root.append_child("Relationship");
  rel.append_attribute("Id") = id.c_str();
  rel.append_attribute("Type") = std::string(kFootnotesRelType).c_str();
  rel.append_attribute("Target") = "footnotes.xml";
  rels->data = SaveXml(doc);
  return {};
}

core::Result<void> AddFootnotesContentType(std::vector<ZipEntry>* entries,
                                           const std::string& part_name) {
  ZipEntry* types = FindEntry(*entries, kContentTypesPart);
  if (!types) return {};  // RenderDocx refuses such packages before getting here
  pugi::xml_document doc;
  if (auto parsed = ParseXml(types->data, types->name, &doc); !parsed) return parsed;
  pugi::xml_node root = doc.document_element();
  const std::string part = "/" + part_name;
  for (pugi::xml_node o : root.children("Override")) {
    if (o.attribute("PartName").value() == part) return {};
  }
  pugi::xml_node override_node = root.append_child("Override");
  override_node.append_attribute("PartName") = part.c_str();
  override_node.append_attribute("ContentType") = std::string(kFootnotesContentType).c_str();
  types->data = SaveXml(doc);
  return {};
}

}  // namespace

core::Result<void> Footnotes::Init(const std::vector<ZipEntry>& entries) {
  part_name_ = FootnotesPartName(entries);
  has_relationship_ = !part_name_.empty();
  if (!has_relationship_) part_name_ = "word/footnotes.xml";
  const ZipEntry* part = FindEntry(entries, part_name_);
  auto parsed = ParseXml(part ? part->data : kEmptyFootnotes, part_name_, &doc_);
  if (!parsed) return parsed;
  root_ = doc_.document_element();
  for (pugi::xml_node note : root_.children("w:footnote")) {
    next_id_ = std::max(next_id_, note.attribute("w:id").as_int() + 1);
  }
  ReadStyles(FindEntry(entries, "word/styles.xml"));
  return {};
}

void Footnotes::ReadStyles(const ZipEntry* styles) {
  pugi::xml_document doc;
  // A damaged styles part only costs the footnote styles; the render goes on without them.
  if (!styles || !ParseXml(styles->data, styles->name, &doc)) return;
  for (pugi::xml_node style : doc.document_element().children("w:style")) {
    const std::string_view id = style.attribute("w:styleId").value();
    if (id == "FootnoteText") has_text_style_ = true;
    if (id == "FootnoteReference") has_reference_style_ = true;
  }
}

int Footnotes::Add(std::string_view text) {
  const int id = next_id_++;
  ++count_;
  pugi::xml_node note = root_.append_child("w:footnote");
  note.append_attribute("w:id") = id;
  size_t start = 0;
  for (bool first = true;; first = false) {
    const size_t end = text.find('\n', start);
    AddParagraph(note, text.substr(start, end - start), first);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return id;
}

void Footnotes::AppendMarkProperties(pugi::xml_node run) const {
  pugi::xml_node props = run.append_child("w:rPr");
  if (has_reference_style_) {
    props.append_child("w:rStyle").append_attribute("w:val") = "FootnoteReference";
  }
  props.append_child("w:vertAlign").append_attribute("w:val") = "superscript";
}

void Footnotes::AddParagraph(pugi::xml_node note, std::string_view text, bool first) const {
  pugi::xml_node p = note.append_child("w:p");
  if (has_text_style_) {
    p.append_child("w:pPr").append_child("w:pStyle").append_attribute("w:val") = "FootnoteText";
  }
  if (first) {
    pugi::xml_node mark = p.append_child("w:r");
    AppendMarkProperties(mark);
    mark.append_child("w:footnoteRef");
  }
  // Word puts one space between the mark and the note's text.
  const std::string content = (first ? " " : "") + std::string(text);
  if (!content.empty()) AppendRunContent(p.append_child("w:r"), content);
}

namespace {

void CollectReferences(pugi::xml_node node, std::vector<pugi::xml_node>* refs) {
  for (pugi::xml_node child : node.children()) {
    if (std::string_view(child.name()) == "w:footnoteReference") {
      refs->push_back(child);
    } else {
      CollectReferences(child, refs);
    }
  }
}

}  // namespace

bool Footnotes::MatchReferenceOrder(pugi::xml_node document) {
  std::vector<pugi::xml_node> refs;
  CollectReferences(document, &refs);
  const bool ascending = std::ranges::adjacent_find(refs, [](pugi::xml_node a, pugi::xml_node b) {
                           return a.attribute("w:id").as_int() >= b.attribute("w:id").as_int();
                         }) == refs.end();
  if (ascending) return false;
  std::map<int, pugi::xml_node> notes;  // by old id; separators (id <= 0) stay as they are
  for (pugi::xml_node note : root_.children("w:footnote")) {
    if (note.attribute("w:id").as_int() > 0) notes[note.attribute("w:id").as_int()] = note;
  }
  std::map<int, bool> used;
  int next = 1;
  for (pugi::xml_node ref : refs) {
    auto it = notes.find(ref.attribute("w:id").as_int());
    if (it == notes.end()) continue;  // a dangling reference was broken before we came
    const bool first_use = !std::exchange(used[it->first], true);
    pugi::xml_node note = first_use ? root_.append_move(it->second) : root_.append_copy(it->second);
    note.attribute("w:id").set_value(next);
    ref.attribute("w:id").set_value(next++);
  }
  // Footnotes nothing refers to keep their place in the file but must not clash with new ids.
  for (auto& [old_id, note] : notes) {
    if (!used.contains(old_id)) note.attribute("w:id").set_value(next++);
  }
  next_id_ = next;
  renumbered_ = true;
  return true;
}

core::Result<void> Footnotes::WriteBack(std::vector<ZipEntry>* entries) const {
  if (count_ == 0 && !renumbered_) return {};
  std::string xml = SaveXml(doc_);
  if (ZipEntry* part = FindEntry(*entries, part_name_)) {
    part->data = std::move(xml);
  } else {
    entries->push_back({part_name_, std::move(xml)});
  }
  if (!has_relationship_) {
    if (auto added = AddFootnotesRelationship(entries); !added) return added;
  }
  return AddFootnotesContentType(entries, part_name_);
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
    return core::Fail(
        core::Error::Invalid("Tệp không phải văn bản Word .docx: thiếu phần word/document.xml."));
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
