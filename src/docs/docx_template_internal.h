// Package, WordprocessingML and template-syntax helpers shared by the docx_*.cc files.
//
// Not part of the docs module's interface: only the docx_*.cc files of the module include it.
// Package and XML helpers are in docx_package.cc, Footnotes in docx_footnotes.cc, the template
// syntax in docx_syntax.cc. Everything here is a pure function or a value type (Footnotes: one
// instance per render); nothing is shared between threads.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace dancu::docs::internal {

// One entry of a zip package, in archive order.
struct ZipEntry {
  std::string name;
  std::string data;
};

// Reads every entry of a zip held in memory. Errors: invalid_argument when `bytes` is not a
// readable zip or an entry is larger than the module's limits.
core::Result<std::vector<ZipEntry>> ReadZip(std::string_view bytes);

// Writes `entries` in order into a new zip (deflate) and returns its bytes.
// Errors: internal when libzip fails.
core::Result<std::string> WriteZip(const std::vector<ZipEntry>& entries);

// The entry named `name`, or null.
ZipEntry* FindEntry(std::vector<ZipEntry>& entries, std::string_view name);
const ZipEntry* FindEntry(const std::vector<ZipEntry>& entries, std::string_view name);

// Parses one XML part, keeping whitespace-only w:t text. Errors: invalid_argument naming
// `part_name` when the XML is malformed.
core::Result<void> ParseXml(const std::string& xml, std::string_view part_name,
                            pugi::xml_document* doc);

// Serialises without adding indentation (it would become text in w:t).
std::string SaveXml(const pugi::xml_document& doc);

// True for word/header*.xml and word/footer*.xml.
bool IsHeaderOrFooterPart(std::string_view name);

// The text of one paragraph (w:p) and, for each byte of it, the run (w:r) it came from.
// Runs are gathered through wrappers (hyperlinks, smart tags, content controls, insertions,
// simple fields) but not from deleted text or text boxes. A w:tab is "\t"; a w:br without a
// page/column type and a w:cr are "\n".
struct ParagraphText {
  std::string text;
  std::vector<int> run_of;  // same length as text; index into runs
  std::vector<pugi::xml_node> runs;
};
ParagraphText CollectParagraphText(pugi::xml_node paragraph);

// Calls `fn` for each run of `paragraph` in document order, through the wrappers above.
void ForEachRun(pugi::xml_node paragraph, const std::function<void(pugi::xml_node)>& fn);

// If `child` (a child of a run) is one of the text elements above, appends its text to `out`
// and returns true.
bool AppendChildText(pugi::xml_node child, std::string* out);

// The part name of the main document's footnotes (from word/_rels/document.xml.rels), or
// empty when the document has no footnotes relationship.
std::string FootnotesPartName(const std::vector<ZipEntry>& entries);

// `text` with invalid UTF-8 replaced by U+FFFD, characters XML 1.0 forbids (controls other
// than tab and newline, U+FFFE, U+FFFF) dropped, and "\r\n" / "\r" turned into "\n".
std::string SanitizeXmlText(std::string_view text);

// Appends `text` to a run as w:t / w:tab ("\t") / w:br ("\n") children.
void AppendRunContent(pugi::xml_node run, std::string_view text);

// The footnotes part of one render: loaded (or created with the two separator notes) once,
// appended to, and written back into the package at the end.
class Footnotes {
 public:
  // Errors: invalid_argument when the template's footnotes part is malformed.
  core::Result<void> Init(const std::vector<ZipEntry>& entries);
  // Adds a footnote whose text is `text` ("\n" separates paragraphs); returns its w:id.
  int Add(std::string_view text);
  // Appends the w:rPr of a footnote mark (superscript, FootnoteReference style if defined).
  void AppendMarkProperties(pugi::xml_node run) const;
  int count() const { return count_; }
  // Renumbers footnotes 1..n in the order `document` references them, when that order is not
  // already ascending or one footnote is referenced twice (a repeated section copied a fixed
  // reference): each reference then gets its own footnote. LibreOffice pairs references and
  // footnotes by rank of id, so without this its PDF shows the wrong notes. Returns whether
  // anything was renumbered.
  bool MatchReferenceOrder(pugi::xml_node document);
  // When footnotes were added or renumbered: stores the part and, for a new part, adds its
  // relationship and content type. Errors: invalid_argument when those parts are malformed.
  core::Result<void> WriteBack(std::vector<ZipEntry>* entries) const;

 private:
  void ReadStyles(const ZipEntry* styles);
  void AddParagraph(pugi::xml_node note, std::string_view text, bool first) const;

  pugi::xml_document doc_;
  pugi::xml_node root_;
  std::string part_name_;
  bool has_relationship_ = false;
  bool has_text_style_ = false;
  bool has_reference_style_ = false;
  int next_id_ = 1;
  int count_ = 0;
  bool renumbered_ = false;
};

// A stretch of output for one paragraph: text in the formatting of runs[run], or (when
// footnote_id >= 0) a footnote reference mark.
struct Piece {
  std::string text;
  int run = 0;
  int footnote_id = -1;
};

// Replaces the text of `paragraph` (as collected in `text`) by `pieces`. Each piece becomes a
// new run with a copy of its source run's w:rPr, placed before that run (or, when a section
// repeats earlier text, after the previous piece); then the old text elements are removed
// and runs left empty are dropped. Non-text content (drawings, fields, bookmarks) stays.
// REQUIRES: `notes` is non-null when a piece is a footnote mark.
void RebuildParagraph(const ParagraphText& text, const std::vector<Piece>& pieces,
                      const Footnotes* notes);

// ---------------------------------------------------------------------------------------
// Template syntax (docs_spec/TEMPLATE_SYNTAX.md).

enum class TokenKind { kText, kVar, kFootnote, kOpen, kInvertedOpen, kClose };

// A literal stretch or a {{…}} tag; [begin, end) indexes the paragraph text.
struct Token {
  TokenKind kind = TokenKind::kText;
  std::string name;
  size_t begin = 0;
  size_t end = 0;
};

// An inline section owns the tokens between its markers.
struct Node {
  Token token;
  std::vector<Node> children;
};

// A table row whose first cell starts with {{#x}} and last cell ends with {{/x}}.
struct RowSection {
  Token open, close;
  pugi::xml_node open_paragraph, close_paragraph;
};

// `text` cut into literal stretches and tags, in order and covering it whole. In "{{a {{b}}"
// the tag is {{b}}; an empty tag ("{{}}", "{{#}}") and an unclosed "{{" stay literal text.
std::vector<Token> Tokenize(std::string_view text);

// The inline section tree of tokens[*i...]; advances *i past what it read. `opener` is the
// section being read (null at top level): reading stops after its close marker. Errors:
// invalid_argument for a close marker without an opener, one closing the wrong section, or an
// opener never closed (the message says how to fix the template in Word).
core::Result<std::vector<Node>> ParseNodes(const std::vector<Token>& tokens, size_t* i,
                                           const Token* opener);

// The section marker that is the whole text of `paragraph` (spaces aside), if any.
std::optional<Token> BlockMarker(pugi::xml_node paragraph);

// The marker paragraph closing the block section that `marker` opens at paragraph `open`,
// among the later siblings of `open` (nested block sections are skipped). Errors:
// invalid_argument when a close marker does not match its opener or none is found.
core::Result<pugi::xml_node> FindBlockClose(pugi::xml_node open, const Token& marker);

// The row section `row` forms, if any: the first non-blank paragraph of its first cell starts
// with an open marker and the last non-blank paragraph of its last cell ends with the matching
// close marker, neither closed (opened) within that same paragraph.
std::optional<RowSection> FindRowSection(pugi::xml_node row);

// invalid_argument for a close marker {{/name}} with no open marker before it.
core::Error StrayCloseError(const std::string& name);

inline constexpr std::string_view kDocumentPart = "word/document.xml";
inline constexpr std::string_view kDocumentRelsPart = "word/_rels/document.xml.rels";
inline constexpr std::string_view kContentTypesPart = "[Content_Types].xml";
inline constexpr std::string_view kFootnotesRelType =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes";

}  // namespace dancu::docs::internal
