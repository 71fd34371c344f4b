// Package and WordprocessingML helpers shared by docx_template.cc and docx_package.cc.
//
// Not part of the docs module's interface: only the two .cc files of the module include it.
// Everything here is a pure function or a value type; thread-safe as such.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

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
  std::vector<int> run_of;         // same length as text; index into runs
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

inline constexpr std::string_view kDocumentPart = "word/document.xml";
inline constexpr std::string_view kDocumentRelsPart = "word/_rels/document.xml.rels";
inline constexpr std::string_view kContentTypesPart = "[Content_Types].xml";
inline constexpr std::string_view kFootnotesRelType =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes";

}  // namespace dancu::docs::internal
