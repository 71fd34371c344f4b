// Test-only helpers of the docs tests: small .docx templates built with libzip, rendered and
// read back, and the run properties and parts of the result.
//
// Header-only (every function inline) so that each docx_*_test.cc can include it; helpers that
// fail report a GoogleTest failure and return an empty value.
#pragma once

#include <gtest/gtest.h>
#include <zip.h>

#include <cstdio>
#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

#include "docs/docx_template.h"

namespace dancu::docs::docx_test {

using nlohmann::json;
using Parts = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kDecl = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
constexpr const char* kNs =
    R"( xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")"
    R"( xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
constexpr const char* kCt = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
constexpr const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
constexpr const char* kTypesOpen =
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/>)";

// ---- building templates -------------------------------------------------------------

inline std::string Zip(const Parts& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  for (const auto& [name, data] : parts) {
    zip_source_t* source = zip_source_buffer(archive, data.data(), data.size(), 0);
    zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  }
  EXPECT_EQ(zip_close(archive), 0);
  std::string out;
  if (zip_source_open(buffer) == 0) {
    zip_source_seek(buffer, 0, SEEK_END);
    out.resize(static_cast<size_t>(zip_source_tell(buffer)));
    zip_source_seek(buffer, 0, SEEK_SET);
    zip_source_read(buffer, out.data(), out.size());
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

// Entries of a zip in archive order.
inline Parts Unzip(const std::string& bytes) {
  Parts parts;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  EXPECT_NE(archive, nullptr);
  for (zip_int64_t i = 0; archive && i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st);
    std::string data(static_cast<size_t>(st.size), '\0');
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    zip_fread(file, data.data(), data.size());
    zip_fclose(file);
    parts.emplace_back(st.name, std::move(data));
  }
  if (archive) zip_discard(archive);
  zip_error_fini(&error);
  return parts;
}

inline std::string Part(const std::string& docx, const std::string& name) {
  for (auto& [n, data] : Unzip(docx)) {
    if (n == name) return data;
  }
  return "";
}

inline std::string WRun(const std::string& text, const std::string& props = "") {
  return "<w:r>" + (props.empty() ? "" : "<w:rPr>" + props + "</w:rPr>") +
         "<w:t xml:space=\"preserve\">" + text + "</w:t></w:r>";
}
inline std::string Para(const std::string& runs) { return "<w:p>" + runs + "</w:p>"; }
inline std::string Text(const std::string& text) { return Para(WRun(text)); }
inline std::string Cell(const std::string& text) { return "<w:tc>" + Text(text) + "</w:tc>"; }
inline std::string Row(const std::vector<std::string>& cells) {
  std::string row = "<w:tr>";
  for (const std::string& c : cells) row += Cell(c);
  return row + "</w:tr>";
}

struct Template {
  std::string body;              // children of w:body
  std::string header;            // children of w:hdr; empty = no header part
  std::string footnotes;         // w:footnote elements; empty = no footnotes part
  bool footnote_styles = false;  // styles.xml defines FootnoteText and FootnoteReference
};

constexpr const char* kSeparators =
    R"(<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>)"
    R"(<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>)";

inline std::string Styles(bool footnote_styles) {
  std::string styles =
      std::string(kDecl) + "<w:styles" + kNs + ">" +
      R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>)";
  if (footnote_styles) {
    styles +=
        R"(<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>)"
        R"(<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>)";
  }
  return styles + "</w:styles>";
}

inline std::string Override(const std::string& part, const std::string& type) {
  return "<Override PartName=\"/word/" + part + "\" ContentType=\"" + kCt + type + "+xml\"/>";
}

inline std::string Relationship(const std::string& id, const std::string& type,
                         const std::string& target) {
  return "<Relationship Id=\"" + id + "\" Type=\"" + kRel + type + "\" Target=\"" + target + "\"/>";
}

inline std::string Relationships(const std::string& items) {
  return std::string(kDecl) +
         R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)" +
         items + "</Relationships>";
}

inline std::string Build(const Template& t) {
  std::string types = Override("document.xml", "document.main") + Override("styles.xml", "styles");
  std::string rels = Relationship("rId1", "styles", "styles.xml");
  std::string sect;
  Parts parts;
  if (!t.header.empty()) {
    types += Override("header1.xml", "header");
    rels += Relationship("rId2", "header", "header1.xml");
    sect = R"(<w:headerReference w:type="default" r:id="rId2"/>)";
    parts.emplace_back("word/header1.xml",
                       std::string(kDecl) + "<w:hdr" + kNs + ">" + t.header + "</w:hdr>");
  }
  if (!t.footnotes.empty()) {
    types += Override("footnotes.xml", "footnotes");
    rels += Relationship("rId3", "footnotes", "footnotes.xml");
    parts.emplace_back("word/footnotes.xml", std::string(kDecl) + "<w:footnotes" + kNs + ">" +
                                                 kSeparators + t.footnotes + "</w:footnotes>");
  }
  const std::string document =
      std::string(kDecl) + "<w:document" + kNs + "><w:body>" + t.body + "<w:sectPr>" + sect +
      R"(<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>)";
  parts.insert(
      parts.begin(),
      {{"[Content_Types].xml", std::string(kDecl) + kTypesOpen + types + "</Types>"},
       {"_rels/.rels", Relationships(Relationship("rId1", "officeDocument", "word/document.xml"))},
       {"word/document.xml", document},
       {"word/_rels/document.xml.rels", Relationships(rels)},
       {"word/styles.xml", Styles(t.footnote_styles)}});
  return Zip(parts);
}

// ---- checking results ---------------------------------------------------------------

struct Rendered {
  std::string docx;
  DocxText text;
  RenderReport report;
};

inline Rendered RenderOk(const Template& t, const json& data) {
  Rendered out;
  auto docx = RenderDocx(Build(t), data, &out.report);
  EXPECT_TRUE(docx.has_value()) << (docx ? "" : docx.error().message);
  if (!docx) return out;
  out.docx = *docx;
  auto text = ReadDocxText(out.docx);
  EXPECT_TRUE(text.has_value()) << (text ? "" : text.error().message);
  if (text) out.text = *text;
  return out;
}

inline std::vector<std::string> Paragraphs(const Template& t, const json& data) {
  return RenderOk(t, data).text.paragraphs;
}

// The w:rPr children names of the run holding w:t text `text` in word/document.xml.
inline std::vector<std::string> PropsOfRunWithText(const std::string& docx,
                                                   const std::string& text) {
  pugi::xml_document doc;
  doc.load_string(Part(docx, "word/document.xml").c_str());
  for (pugi::xpath_node t : doc.select_nodes("//w:t")) {
    if (t.node().child_value() != text) continue;
    std::vector<std::string> names;
    for (pugi::xml_node p : t.node().parent().child("w:rPr").children()) names.push_back(p.name());
    return names;
  }
  return {"<no run with this text>"};
}

inline core::Error RenderError(const std::string& body, const json& data = json::object()) {
  auto docx = RenderDocx(Build({.body = body}), data);
  EXPECT_FALSE(docx.has_value());
  return docx ? core::Error{} : docx.error();
}

inline int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

}  // namespace dancu::docs::docx_test
