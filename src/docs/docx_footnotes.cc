// internal::Footnotes: the footnotes part of one DOCX render (create, add, renumber, write back).
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "docs/docx_template_internal.h"

namespace dancu::docs::internal {

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

}  // namespace dancu::docs::internal
