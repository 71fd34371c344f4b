// ReadDocxText: the plain text of a DOCX (body, footnotes, headers and footers).
#include "docs/docx_template.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "docs/docx_template_internal.h"

namespace dancu::docs {
namespace {

using internal::ZipEntry;

std::string Trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t\n");
  if (begin == std::string_view::npos) return "";
  const size_t end = text.find_last_not_of(" \t\n");
  return std::string(text.substr(begin, end - begin + 1));
}

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
    notes[note.attribute("w:id").value()] = Trim(text);
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
