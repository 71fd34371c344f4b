// Fills Word (.docx) templates with JSON data and reads the text back out of a .docx.
//
// The template syntax is the contract in docs_spec/TEMPLATE_SYNTAX.md: {{name}}, sections
// {{#name}}…{{/name}} and {{^name}}…{{/name}} (inline, block or table-row placement) and
// {{fn:name}} for real Word footnotes. Placeholders may be split over several runs by Word.
//
// All functions here are pure (no shared state) and safe to call from several threads at once.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace dancu::docs {

// What a render found besides the output.
struct RenderReport {
  // Names used by {{name}} or {{fn:name}} that had no value in any scope, each once, in the
  // order first met. (A section whose key is missing is simply "false" and is not listed.)
  std::vector<std::string> missing_keys;
  int footnotes = 0;  // footnotes added to word/footnotes.xml
};

// Renders a DOCX template (the bytes of a .docx) with `data` (a JSON object) and returns the
// bytes of the new .docx. Every package entry is copied unchanged except the XML parts that
// are rewritten: word/document.xml, word/header*.xml, word/footer*.xml and, when footnotes are
// added, the footnotes part (created if absent, with its relationship and content type).
//
// Values: a string or number is inserted as text ("\n" → line break, "\t" → tab); characters
// not allowed in XML 1.0 are dropped and invalid UTF-8 becomes U+FFFD; other JSON types print
// nothing. Lookup goes from the innermost section element outwards; "a.b" descends into
// objects and "." is the current element (for arrays of strings). Inside a section, an object
// value becomes a scope too. A section is shown for true, a non-zero number, a non-empty
// string, array or object. A paragraph without placeholders is left as it was, and a part
// without any keeps its exact bytes. A table whose only rows were row sections over empty
// lists is removed; a cell emptied by a block section keeps one empty paragraph.
//
// Footnotes: {{fn:name}} adds a footnote whose text is data[name] (none when missing or
// empty); new ids follow the highest existing one. When the new references do not come after
// the template's own (or a repeated section copied a fixed reference), all footnotes are
// renumbered 1..n in document order, one per reference, because LibreOffice (PDF export)
// pairs references with footnotes by the rank of their ids. {{fn:…}} in a header, footer or
// text box renders nothing (Word allows no footnotes there).
//
// Errors: invalid_argument when the template is not a DOCX (not a zip, or without
// word/document.xml or [Content_Types].xml), when one of its XML parts is malformed, or when
// a section is unbalanced (the message names the section and says how to fix the template in
// Word); internal for unexpected failures of the zip library. `report` may be null; when given it
// is overwritten.
core::Result<std::string> RenderDocx(std::string_view template_docx, const nlohmann::json& data,
                                     RenderReport* report = nullptr);

// The plain text of a DOCX, for tests and for checking generated letters.
struct DocxText {
  // Body paragraphs, one entry per paragraph; a table row is one entry with its cells
  // separated by "\t" (paragraphs inside one cell joined by a space). A line break inside a
  // paragraph is "\n". A footnote reference appears as "[n]", n counting from 1 in document
  // order, like Word numbers them.
  std::vector<std::string> paragraphs;
  // The text of each referenced footnote in reference order, without the mark and the
  // surrounding spaces; several paragraphs of one footnote are joined by "\n".
  std::vector<std::string> footnotes;
  // Paragraphs of word/header*.xml then word/footer*.xml, parts in name order.
  std::vector<std::string> headers_footers;
};

// Errors: invalid_argument when `docx` is not a zip with a well-formed word/document.xml (or
// when its footnotes, header or footer parts are malformed).
core::Result<DocxText> ReadDocxText(std::string_view docx);

}  // namespace dancu::docs
