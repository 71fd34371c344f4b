// Template syntax of DOCX templates: {{…}} tags, inline section trees, block and row sections.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "docs/docx_template_internal.h"

namespace dancu::docs::internal {
namespace {

bool IsOpen(TokenKind kind) { return kind == TokenKind::kOpen || kind == TokenKind::kInvertedOpen; }
bool IsMarker(TokenKind kind) { return IsOpen(kind) || kind == TokenKind::kClose; }

std::string_view TrimSpaces(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t\n");
  if (begin == std::string_view::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\n") - begin + 1);
}

std::optional<Token> Classify(std::string_view inner) {
  inner = TrimSpaces(inner);
  Token tag;
  if (inner.starts_with("fn:")) {
    tag.kind = TokenKind::kFootnote;
    inner.remove_prefix(3);
  } else if (!inner.empty() && (inner[0] == '#' || inner[0] == '^' || inner[0] == '/')) {
    tag.kind = inner[0] == '#'   ? TokenKind::kOpen
               : inner[0] == '^' ? TokenKind::kInvertedOpen
                                 : TokenKind::kClose;
    inner.remove_prefix(1);
  } else {
    tag.kind = TokenKind::kVar;
  }
  tag.name = TrimSpaces(inner);
  // A name decoded from a character reference to a surrogate is not text: the braces stay
  // literal rather than put ill-formed bytes into messages.
  if (tag.name.empty() || !core::IsValidUtf8(tag.name)) return std::nullopt;
  return tag;
}

std::string MarkerText(const Token& t) {
  const char* sigil = t.kind == TokenKind::kOpen           ? "#"
                      : t.kind == TokenKind::kInvertedOpen ? "^"
                                                           : "/";
  return "{{" + std::string(sigil) + t.name + "}}";
}

constexpr std::string_view kPlacementHelp =
    " Cách sửa trong Word: thẻ mở và thẻ đóng phải nằm trong cùng một đoạn văn (lặp trong "
    "dòng); hoặc mỗi thẻ đứng riêng một đoạn, cả hai cùng một cấp — cùng trong thân văn bản "
    "hoặc cùng trong một ô bảng (lặp đoạn văn); hoặc thẻ mở ở đầu ô đầu tiên và thẻ đóng ở "
    "cuối ô cuối cùng của cùng một dòng bảng (lặp dòng bảng).";

core::Error UnclosedError(const Token& open) {
  return core::Error::Invalid("Mẫu văn bản có mục \"" + open.name + "\" mở bằng " +
                              MarkerText(open) + " nhưng thiếu thẻ đóng {{/" + open.name + "}}." +
                              std::string(kPlacementHelp));
}

core::Error MismatchError(const Token& open, const std::string& close_name) {
  return core::Error::Invalid(
      "Mẫu văn bản đóng mục sai thứ tự: mục \"" + open.name + "\" mở bằng " + MarkerText(open) +
      " nhưng gặp thẻ đóng {{/" + close_name + "}} trước {{/" + open.name +
      "}}. Trong Word, hãy đóng các mục lồng nhau theo thứ tự ngược với khi mở (mục mở sau "
      "đóng trước).");
}

// The first (or last) non-blank paragraph of a cell, if its first (last) tag is a section
// marker that is not closed (opened) within that same paragraph.
std::optional<std::pair<Token, pugi::xml_node>> EdgeMarker(pugi::xml_node cell, bool first) {
  std::vector<pugi::xml_node> paragraphs;
  for (pugi::xml_node p : cell.children("w:p")) paragraphs.push_back(p);
  if (!first) std::ranges::reverse(paragraphs);
  for (pugi::xml_node p : paragraphs) {
    const ParagraphText text = internal::CollectParagraphText(p);
    if (TrimSpaces(text.text).empty()) continue;
    std::vector<Token> tags = Tokenize(text.text);
    std::erase_if(tags, [&](const Token& t) {
      return t.kind == TokenKind::kText &&
             TrimSpaces(std::string_view(text.text).substr(t.begin, t.end - t.begin)).empty();
    });
    if (!first) std::ranges::reverse(tags);
    if (tags.empty() || !IsMarker(tags[0].kind)) return std::nullopt;
    int depth = 0;
    for (const Token& t : tags) {
      if (IsMarker(t.kind)) depth += (IsOpen(t.kind) == first) ? 1 : -1;
      if (depth == 0) return std::nullopt;
    }
    return std::pair(tags[0], p);
  }
  return std::nullopt;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t literal = 0;
  for (size_t pos = 0;;) {
    const size_t open = text.find("{{", pos);
    const size_t close = open == std::string_view::npos ? open : text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    const size_t start = text.rfind("{{", close);  // in "{{a {{b}}" the tag is {{b}}
    std::optional<Token> tag = Classify(text.substr(start + 2, close - start - 2));
    pos = close + 2;
    if (!tag) continue;  // "{{}}" and the like stay literal text
    if (start > literal) tokens.push_back({TokenKind::kText, "", literal, start});
    tag->begin = start;
    tag->end = pos;
    tokens.push_back(std::move(*tag));
    literal = pos;
  }
  if (literal < text.size()) tokens.push_back({TokenKind::kText, "", literal, text.size()});
  return tokens;
}

core::Error StrayCloseError(const std::string& name) {
  return core::Error::Invalid("Mẫu văn bản có thẻ đóng {{/" + name + "}} của mục \"" + name +
                              "\" nhưng không có thẻ mở {{#" + name + "}} hoặc {{^" + name +
                              "}} tương ứng trước nó." + std::string(kPlacementHelp));
}

// Builds the inline section tree; `opener` is the section being read (null at top level).
core::Result<std::vector<Node>> ParseNodes(const std::vector<Token>& tokens, size_t* i,
                                           const Token* opener) {
  std::vector<Node> nodes;
  while (*i < tokens.size()) {
    const Token& t = tokens[(*i)++];
    if (t.kind == TokenKind::kClose) {
      if (opener && t.name == opener->name) return nodes;
      return core::Fail(opener ? MismatchError(*opener, t.name) : StrayCloseError(t.name));
    }
    Node node{t, {}};
    if (IsOpen(t.kind)) {
      auto children = ParseNodes(tokens, i, &t);
      if (!children) return children;
      node.children = std::move(*children);
    }
    nodes.push_back(std::move(node));
  }
  if (opener) return core::Fail(UnclosedError(*opener));
  return nodes;
}

// The section marker that is the whole text of `paragraph` (spaces aside), if any.
std::optional<Token> BlockMarker(pugi::xml_node paragraph) {
  const ParagraphText text = internal::CollectParagraphText(paragraph);
  if (text.text.find("{{") == std::string::npos) return std::nullopt;
  std::optional<Token> marker;
  for (Token& t : Tokenize(text.text)) {
    if (t.kind == TokenKind::kText) {
      if (!TrimSpaces(std::string_view(text.text).substr(t.begin, t.end - t.begin)).empty()) {
        return std::nullopt;
      }
    } else if (marker || !IsMarker(t.kind)) {
      return std::nullopt;
    } else {
      marker = std::move(t);
    }
  }
  return marker;
}

// The marker paragraph closing the block section opened at `open`, among its later siblings.
core::Result<pugi::xml_node> FindBlockClose(pugi::xml_node open, const Token& marker) {
  std::vector<Token> pending{marker};
  for (pugi::xml_node n = open.next_sibling(); n; n = n.next_sibling()) {
    if (std::string_view(n.name()) != "w:p") continue;
    std::optional<Token> m = BlockMarker(n);
    if (!m) continue;
    if (IsOpen(m->kind)) {
      pending.push_back(std::move(*m));
      continue;
    }
    if (m->name != pending.back().name) return core::Fail(MismatchError(pending.back(), m->name));
    pending.pop_back();
    if (pending.empty()) return n;
  }
  return core::Fail(UnclosedError(pending.back()));
}

std::optional<RowSection> FindRowSection(pugi::xml_node row) {
  pugi::xml_node first_cell = row.child("w:tc");
  pugi::xml_node last_cell = row.last_child();
  while (last_cell && std::string_view(last_cell.name()) != "w:tc") {
    last_cell = last_cell.previous_sibling();
  }
  if (!first_cell || first_cell == last_cell) return std::nullopt;
  auto open = EdgeMarker(first_cell, true);
  auto close = EdgeMarker(last_cell, false);
  if (!open || !close || !IsOpen(open->first.kind) || close->first.kind != TokenKind::kClose ||
      open->first.name != close->first.name) {
    return std::nullopt;
  }
  return RowSection{open->first, close->first, open->second, close->second};
}

}  // namespace dancu::docs::internal
