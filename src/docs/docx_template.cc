// RenderDocx: fills {{…}} placeholders, sections and footnotes of a DOCX template.
#include "docs/docx_template.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>

#include "docs/docx_template_internal.h"

namespace dancu::docs {
namespace {

using internal::BlockMarker;
using internal::FindBlockClose;
using internal::FindRowSection;
using internal::Footnotes;
using internal::Node;
using internal::ParagraphText;
using internal::ParseNodes;
using internal::Piece;
using internal::RowSection;
using internal::StrayCloseError;
using internal::Token;
using internal::TokenKind;
using internal::Tokenize;
using internal::ZipEntry;
using nlohmann::json;

constexpr const char* kHolder = "dancu-section";  // temporary parking node, never saved

// ---------------------------------------------------------------------------------------
// Output pieces.

void AppendPiece(Piece piece, std::vector<Piece>* pieces) {
  if (piece.footnote_id < 0 && piece.text.empty()) return;
  if (piece.footnote_id < 0 && !pieces->empty() && pieces->back().footnote_id < 0 &&
      pieces->back().run == piece.run) {
    pieces->back().text += piece.text;
    return;
  }
  pieces->push_back(std::move(piece));
}

// Literal text keeps the formatting of each run it came from.
void AppendLiteral(const ParagraphText& text, size_t begin, size_t end,
                   std::vector<Piece>* pieces) {
  for (size_t i = begin; i < end; ++i) {
    AppendPiece({std::string(1, text.text[i]), text.run_of[i], -1}, pieces);
  }
}

// Removes a row section's marker from its cell paragraph, keeping the rest as it was.
void StripMarker(pugi::xml_node paragraph, const Token& marker) {
  const ParagraphText text = internal::CollectParagraphText(paragraph);
  std::vector<Piece> pieces;
  AppendLiteral(text, 0, marker.begin, &pieces);
  AppendLiteral(text, marker.end, text.text.size(), &pieces);
  internal::RebuildParagraph(text, pieces, nullptr);
}

// Text boxes inside a paragraph's drawings (not those nested in another text box).
void CollectTextBoxes(pugi::xml_node node, std::vector<pugi::xml_node>* boxes) {
  for (pugi::xml_node child : node.children()) {
    if (std::string_view(child.name()) == "w:txbxContent") {
      boxes->push_back(child);
    } else {
      CollectTextBoxes(child, boxes);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Data lookup.

bool Truthy(const json* value) {
  if (!value || value->is_null()) return false;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_number()) return value->get<double>() != 0;
  if (value->is_string()) return !value->get_ref<const std::string&>().empty();
  return !value->empty();  // arrays and objects
}

const json* Descend(const json* value, std::string_view path) {
  while (value && !path.empty()) {
    const size_t dot = path.find('.');
    const std::string key(path.substr(0, dot));
    path = dot == std::string_view::npos ? "" : path.substr(dot + 1);
    auto it = value->is_object() ? value->find(key) : value->end();
    value = it == value->end() ? nullptr : &*it;
  }
  return value;
}

// Text of a scalar; other types (bool, null, arrays, objects) print nothing.
std::string ValueText(const json& value) {
  if (value.is_string()) return internal::SanitizeXmlText(value.get_ref<const std::string&>());
  if (value.is_number_integer() || value.is_number_unsigned() || value.is_number_float()) {
    return value.dump();
  }
  return "";
}

// ---------------------------------------------------------------------------------------
// Renderer: walks one XML part.

class Renderer {
 public:
  Renderer(const json& data, Footnotes* notes, std::vector<std::string>* missing)
      : notes_(notes), missing_(missing) {
    scopes_.push_back(&data);
  }

  core::Result<void> ExpandChildren(pugi::xml_node container);
  bool changed() const { return changed_; }

 private:
  const json* Lookup(std::string_view name) const;
  void ReportMissing(const std::string& name);
  template <class Body>
  core::Result<void> Repeat(const Token& section, Body body);
  template <class Body>
  core::Result<void> WithScope(const json* scope, Body& body);

  core::Result<pugi::xml_node> ExpandBlock(pugi::xml_node open, const Token& marker);
  core::Result<void> RenderTextBoxes(pugi::xml_node paragraph);
  core::Result<void> RenderParagraph(pugi::xml_node paragraph);
  core::Result<void> ExpandCell(pugi::xml_node cell);
  core::Result<void> RenderTable(pugi::xml_node table);
  core::Result<void> ExpandRow(pugi::xml_node row, const RowSection& section);
  core::Result<void> RenderNodes(const std::vector<Node>& nodes, const ParagraphText& text,
                                 std::vector<Piece>* pieces);

  std::vector<const json*> scopes_;
  Footnotes* notes_;  // null where footnotes are not allowed (headers, footers, text boxes)
  std::vector<std::string>* missing_;
  bool changed_ = false;
};

const json* Renderer::Lookup(std::string_view name) const {
  if (name == ".") return scopes_.back();
  const size_t dot = name.find('.');
  const std::string head(name.substr(0, dot));
  for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope) {
    if (!(*scope)->is_object()) continue;
    // A key that itself contains dots wins over a path.
    if (auto whole = (*scope)->find(std::string(name)); whole != (*scope)->end()) return &*whole;
    if (auto it = (*scope)->find(head); it != (*scope)->end()) {
      return dot == std::string_view::npos ? &*it : Descend(&*it, name.substr(dot + 1));
    }
  }
  return nullptr;
}

void Renderer::ReportMissing(const std::string& name) {
  if (std::ranges::find(*missing_, name) == missing_->end()) missing_->push_back(name);
}

// Runs `body` once per repetition of `section`, with the element (or object) as innermost scope.
template <class Body>
core::Result<void> Renderer::Repeat(const Token& section, Body body) {
  const json* value = Lookup(section.name);
  if (section.kind == TokenKind::kInvertedOpen)
    return Truthy(value) ? core::Result<void>{} : body();
  if (!Truthy(value)) return {};
  if (value->is_array()) {
    for (const json& element : *value) {
      if (auto done = WithScope(&element, body); !done) return done;
    }
    return {};
  }
  return value->is_object() ? WithScope(value, body) : body();
}

template <class Body>
core::Result<void> Renderer::WithScope(const json* scope, Body& body) {
  scopes_.push_back(scope);
  core::Result<void> done = body();
  scopes_.pop_back();
  return done;
}

core::Result<void> Renderer::ExpandChildren(pugi::xml_node container) {
  for (pugi::xml_node child = container.first_child(); child;) {
    pugi::xml_node next = child.next_sibling();
    const std::string_view name = child.name();
    core::Result<void> done;
    if (name == "w:p") {
      if (std::optional<Token> marker = BlockMarker(child)) {
        auto after = ExpandBlock(child, *marker);
        if (!after) return core::Fail(after.error());
        next = *after;
      } else {
        done = RenderParagraph(child);
      }
    } else if (name == "w:tbl") {
      done = RenderTable(child);
    } else if (name == "w:sdt") {
      done = ExpandChildren(child.child("w:sdtContent"));
    } else if (name == "w:customXml") {
      done = ExpandChildren(child);
    }
    if (!done) return done;
    child = next;
  }
  return {};
}

// Block section: the paragraphs between the marker paragraphs are parked under a holder node
// so that each repetition can copy them whole, expand the copy, then move it into place.
core::Result<pugi::xml_node> Renderer::ExpandBlock(pugi::xml_node open, const Token& marker) {
  if (marker.kind == TokenKind::kClose) return core::Fail(StrayCloseError(marker.name));
  auto close = FindBlockClose(open, marker);
  if (!close) return core::Fail(close.error());
  pugi::xml_node after = close->next_sibling();
  pugi::xml_node container = open.parent();
  pugi::xml_node holder = open.append_child(kHolder);
  while (open.next_sibling() != *close) holder.append_move(open.next_sibling());
  auto done = Repeat(marker, [&]() -> core::Result<void> {
    pugi::xml_node copy = open.append_copy(holder);
    auto expanded = ExpandChildren(copy);
    while (pugi::xml_node n = copy.first_child()) container.insert_move_before(n, open);
    open.remove_child(copy);
    return expanded;
  });
  container.remove_child(open);
  container.remove_child(*close);
  changed_ = true;
  if (!done) return core::Fail(done.error());
  return after;
}

core::Result<void> Renderer::RenderTextBoxes(pugi::xml_node paragraph) {
  std::vector<pugi::xml_node> boxes;
  CollectTextBoxes(paragraph, &boxes);
  Footnotes* notes = std::exchange(notes_, nullptr);  // Word allows no footnotes in text boxes
  core::Result<void> done;
  for (pugi::xml_node box : boxes) {
    if (done = ExpandCell(box); !done) break;
  }
  notes_ = notes;
  return done;
}

core::Result<void> Renderer::RenderParagraph(pugi::xml_node paragraph) {
  if (auto done = RenderTextBoxes(paragraph); !done) return done;
  const ParagraphText text = internal::CollectParagraphText(paragraph);
  if (text.text.find("{{") == std::string::npos) return {};
  const std::vector<Token> tokens = Tokenize(text.text);
  if (std::ranges::all_of(tokens, [](const Token& t) { return t.kind == TokenKind::kText; })) {
    return {};
  }
  size_t next_token = 0;
  auto tree = ParseNodes(tokens, &next_token, nullptr);
  if (!tree) return core::Fail(tree.error());
  std::vector<Piece> pieces;
  if (auto done = RenderNodes(*tree, text, &pieces); !done) return done;
  internal::RebuildParagraph(text, pieces, notes_);
  changed_ = true;
  return {};
}

core::Result<void> Renderer::RenderNodes(const std::vector<Node>& nodes, const ParagraphText& text,
                                         std::vector<Piece>* pieces) {
  for (const Node& node : nodes) {
    const Token& t = node.token;
    const int run = text.run_of[t.begin];
    if (t.kind == TokenKind::kText) {
      AppendLiteral(text, t.begin, t.end, pieces);
    } else if (t.kind == TokenKind::kVar || (t.kind == TokenKind::kFootnote && notes_)) {
      const json* value = Lookup(t.name);
      if (!value) {
        ReportMissing(t.name);
      } else if (t.kind == TokenKind::kVar) {
        AppendPiece({ValueText(*value), run, -1}, pieces);
      } else if (std::string note = ValueText(*value); !note.empty()) {
        AppendPiece({"", run, notes_->Add(note)}, pieces);
      }
    } else if (t.kind != TokenKind::kFootnote) {
      auto done = Repeat(t, [&] { return RenderNodes(node.children, text, pieces); });
      if (!done) return done;
    }
  }
  return {};
}

// Table cells and text boxes must end with a paragraph or Word calls the file corrupt; a block
// section over an empty list may have removed every paragraph.
core::Result<void> Renderer::ExpandCell(pugi::xml_node cell) {
  auto done = ExpandChildren(cell);
  pugi::xml_node last = cell.last_child();
  while (last && last.type() != pugi::node_element) last = last.previous_sibling();
  if (done && (!last || std::string_view(last.name()) != "w:p")) cell.append_child("w:p");
  return done;
}

core::Result<void> Renderer::RenderTable(pugi::xml_node table) {
  for (pugi::xml_node row = table.child("w:tr"); row;) {
    pugi::xml_node next = row.next_sibling("w:tr");
    core::Result<void> done;
    if (std::optional<RowSection> section = FindRowSection(row)) {
      done = ExpandRow(row, *section);
    } else {
      for (pugi::xml_node cell : row.children("w:tc")) {
        if (done = ExpandCell(cell); !done) break;
      }
    }
    if (!done) return done;
    row = next;
  }
  // Word refuses a table without rows; a row section over an empty list leaves nothing to show.
  if (!table.child("w:tr")) table.parent().remove_child(table);
  return {};
}

core::Result<void> Renderer::ExpandRow(pugi::xml_node row, const RowSection& section) {
  StripMarker(section.open_paragraph, section.open);
  StripMarker(section.close_paragraph, section.close);
  pugi::xml_node table = row.parent();
  auto done = Repeat(section.open, [&]() -> core::Result<void> {
    pugi::xml_node copy = table.insert_copy_before(row, row);
    for (pugi::xml_node cell : copy.children("w:tc")) {
      if (auto expanded = ExpandCell(cell); !expanded) return expanded;
    }
    return {};
  });
  table.remove_child(row);
  changed_ = true;
  return done;
}

// ---------------------------------------------------------------------------------------
// The package as a whole.

core::Result<void> RenderPart(ZipEntry* entry, const json& data, Footnotes* notes,
                              std::vector<std::string>* missing) {
  pugi::xml_document doc;
  if (auto parsed = internal::ParseXml(entry->data, entry->name, &doc); !parsed) return parsed;
  pugi::xml_node root = doc.document_element();
  const bool is_document = entry->name == internal::kDocumentPart;
  Renderer renderer(data, notes, missing);
  auto done = renderer.ExpandChildren(is_document ? root.child("w:body") : root);
  if (!done) return done;
  const bool renumbered = is_document && notes->MatchReferenceOrder(root);
  // An untouched part keeps its original bytes (pugixml would normalise quoting and spacing).
  if (renderer.changed() || renumbered) entry->data = internal::SaveXml(doc);
  return {};
}

core::Result<void> CheckIsDocx(const std::vector<ZipEntry>& entries) {
  for (std::string_view part : {internal::kDocumentPart, internal::kContentTypesPart}) {
    if (internal::FindEntry(entries, part)) continue;
    return core::Fail(core::Error::Invalid(
        "Tệp mẫu không phải văn bản Word .docx: thiếu phần " + std::string(part) +
        ". Hãy mở mẫu trong Word và lưu lại với kiểu \"Word Document (*.docx)\"."));
  }
  return {};
}

core::Result<std::string> Render(std::string_view template_docx, const json& data,
                                 RenderReport* report) {
  auto entries = internal::ReadZip(template_docx);
  if (!entries) return core::Fail(entries.error());
  if (auto ok = CheckIsDocx(*entries); !ok) return core::Fail(ok.error());
  Footnotes notes;
  if (auto ok = notes.Init(*entries); !ok) return core::Fail(ok.error());
  for (ZipEntry& entry : *entries) {
    const bool is_document = entry.name == internal::kDocumentPart;
    if (!is_document && !internal::IsHeaderOrFooterPart(entry.name)) continue;
    auto ok = RenderPart(&entry, data, is_document ? &notes : nullptr, &report->missing_keys);
    if (!ok) return core::Fail(ok.error());
  }
  if (auto ok = notes.WriteBack(&*entries); !ok) return core::Fail(ok.error());
  report->footnotes = notes.count();
  // Some readers sniff the package by its first entry.
  std::ranges::stable_partition(
      *entries, [](const ZipEntry& e) { return e.name == internal::kContentTypesPart; });
  return internal::WriteZip(*entries);
}

}  // namespace

core::Result<std::string> RenderDocx(std::string_view template_docx, const nlohmann::json& data,
                                     RenderReport* report) {
  RenderReport local;
  RenderReport* out = report ? report : &local;
  *out = RenderReport{};
  try {
    return Render(template_docx, data, out);
  } catch (const std::exception& e) {  // bad_alloc and the like: a machine problem, not input
    return core::Fail(
        core::Error::Internal(std::string("Lỗi khi tạo văn bản từ mẫu: ") + e.what()));
  }
}

}  // namespace dancu::docs
