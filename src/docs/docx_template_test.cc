// Tests of RenderDocx / ReadDocxText on small .docx templates built here with libzip.
#include "docs/docx_template.h"

#include <gtest/gtest.h>
#include <stdlib.h>  // mkdtemp
#include <zip.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

namespace dancu::docs {
namespace {

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

std::string Zip(const Parts& parts) {
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
Parts Unzip(const std::string& bytes) {
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

std::string Part(const std::string& docx, const std::string& name) {
  for (auto& [n, data] : Unzip(docx)) {
    if (n == name) return data;
  }
  return "";
}

std::string WRun(const std::string& text, const std::string& props = "") {
  return "<w:r>" + (props.empty() ? "" : "<w:rPr>" + props + "</w:rPr>") +
         "<w:t xml:space=\"preserve\">" + text + "</w:t></w:r>";
}
std::string Para(const std::string& runs) { return "<w:p>" + runs + "</w:p>"; }
std::string Text(const std::string& text) { return Para(WRun(text)); }
std::string Cell(const std::string& text) { return "<w:tc>" + Text(text) + "</w:tc>"; }
std::string Row(const std::vector<std::string>& cells) {
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

std::string Styles(bool footnote_styles) {
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

std::string Override(const std::string& part, const std::string& type) {
  return "<Override PartName=\"/word/" + part + "\" ContentType=\"" + kCt + type + "+xml\"/>";
}

std::string Relationship(const std::string& id, const std::string& type,
                         const std::string& target) {
  return "<Relationship Id=\"" + id + "\" Type=\"" + kRel + type + "\" Target=\"" + target + "\"/>";
}

std::string Relationships(const std::string& items) {
  return std::string(kDecl) +
         R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)" +
         items + "</Relationships>";
}

std::string Build(const Template& t) {
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

Rendered RenderOk(const Template& t, const json& data) {
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

std::vector<std::string> Paragraphs(const Template& t, const json& data) {
  return RenderOk(t, data).text.paragraphs;
}

// The w:rPr children names of the run holding w:t text `text` in word/document.xml.
std::vector<std::string> PropsOfRunWithText(const std::string& docx, const std::string& text) {
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

core::Error RenderError(const std::string& body, const json& data = json::object()) {
  auto docx = RenderDocx(Build({.body = body}), data);
  EXPECT_FALSE(docx.has_value());
  return docx ? core::Error{} : docx.error();
}

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

// ---- tests --------------------------------------------------------------------------

TEST(DocxTemplate, ScalarSubstitutionKeepsBoldAndItalicOfTheRun) {
  const Template t{.body =
                       Para(WRun("Kính gửi: ") + WRun("{{agency}}", "<w:b/><w:i/>") + WRun("."))};
  Rendered r = RenderOk(t, {{"agency", "Sở Tư pháp"}});
  EXPECT_EQ(r.text.paragraphs, std::vector<std::string>{"Kính gửi: Sở Tư pháp."});
  EXPECT_EQ(PropsOfRunWithText(r.docx, "Sở Tư pháp"), (std::vector<std::string>{"w:b", "w:i"}));
  EXPECT_EQ(PropsOfRunWithText(r.docx, "Kính gửi: "), std::vector<std::string>{});
  EXPECT_TRUE(r.report.missing_keys.empty());
}

TEST(DocxTemplate, PlaceholderSplitAcrossThreeRunsIsReplaced) {
  // Word splits a tag this way after spell check or a formatting change in its middle.
  const Template t{.body = Para(WRun("Ông {{ho", "<w:u w:val=\"single\"/>") +
                                WRun("_ten", "<w:b/>") + WRun("}} đã đăng ký", "<w:i/>"))};
  Rendered r = RenderOk(t, {{"ho_ten", "Nguyễn Văn An"}});
  EXPECT_EQ(r.text.paragraphs, std::vector<std::string>{"Ông Nguyễn Văn An đã đăng ký"});
  // The value takes the formatting of the run where "{{" starts; the rest keeps its own.
  EXPECT_EQ(PropsOfRunWithText(r.docx, "Ông Nguyễn Văn An"), std::vector<std::string>{"w:u"});
  EXPECT_EQ(PropsOfRunWithText(r.docx, " đã đăng ký"), std::vector<std::string>{"w:i"});
}

TEST(DocxTemplate, XmlSpecialAndVietnameseCharactersRoundTrip) {
  const std::string agency = "Sở Lao động - Thương binh & Xã hội <1> \"quote\" 'apos'";
  const Template t{.body = Text("Gửi {{agency}} &amp; {{note}}") + Text("{{lines}}")};
  Rendered r = RenderOk(t, {{"agency", agency},
                            {"note", "bỏ\x01ký\x1Ftự điều khiển"},
                            {"lines", "dòng 1\r\ndòng 2\tcột"}});
  EXPECT_EQ(r.text.paragraphs, (std::vector<std::string>{"Gửi " + agency + " & bỏkýtự điều khiển",
                                                         "dòng 1\ndòng 2\tcột"}));
  const std::string xml = Part(r.docx, "word/document.xml");
  EXPECT_NE(xml.find("<w:br/>"), std::string::npos);
  EXPECT_NE(xml.find("<w:tab/>"), std::string::npos);
}

TEST(DocxTemplate, InlineSectionOverArrayMakesOneFootnotePerElementInOrder) {
  const Template t{.body = Para(WRun("Chưa đăng ký: {{#units}}") + WRun("{{name}}", "<w:b/>") +
                                WRun("{{fn:detail}}; {{/units}}hết."))};
  const json data = {{"units",
                      {{{"name", "Huyện A"}, {"detail", "Thiếu danh sách xã."}},
                       {{"name", "Huyện B"}, {"detail", "Thiếu cam kết & phiếu."}},
                       {{"name", "Huyện C"}, {"detail", "Dòng 1\nDòng 2"}}}}};
  Rendered r = RenderOk(t, data);
  EXPECT_EQ(r.text.paragraphs,
            std::vector<std::string>{"Chưa đăng ký: Huyện A[1]; Huyện B[2]; Huyện C[3]; hết."});
  EXPECT_EQ(r.text.footnotes,
            (std::vector<std::string>{"Thiếu danh sách xã.", "Thiếu cam kết & phiếu.",
                                      "Dòng 1\nDòng 2"}));
  EXPECT_EQ(r.report.footnotes, 3);
  EXPECT_EQ(PropsOfRunWithText(r.docx, "Huyện B"), std::vector<std::string>{"w:b"});
}

TEST(DocxTemplate, InlineSectionRepeatsTextSpreadOverSeveralRunsInOrder) {
  const Template t{.body = Para(WRun("{{#xs}}") + WRun("[", "<w:b/>") + WRun("{{v}}") +
                                WRun("]{{/xs}}") + WRun(" cuối", "<w:i/>"))};
  Rendered r = RenderOk(t, {{"xs", {{{"v", 1}}, {{"v", 2}}, {{"v", 3}}}}});
  EXPECT_EQ(r.text.paragraphs, std::vector<std::string>{"[1][2][3] cuối"});
}

TEST(DocxTemplate, BlockSectionRepeatsParagraphsAndNestsAnotherBlock) {
  const Template t{.body = Text("Danh sách:") + Text("{{#districts}}") + Text("Huyện {{name}}:") +
                           Text(" {{#communes}} ") + Text("- {{commune}} thuộc {{name}}") +
                           Text("{{/communes}}") + Text("{{/districts}}") + Text("Hết.")};
  const json data = {{"districts",
                      {{{"name", "A"}, {"communes", {{{"commune", "X1"}}, {{"commune", "X2"}}}}},
                       {{"name", "B"}, {"communes", {{{"commune", "Y1"}}}}},
                       {{"name", "C"}, {"communes", json::array()}}}}};
  EXPECT_EQ(Paragraphs(t, data),
            (std::vector<std::string>{"Danh sách:", "Huyện A:", "- X1 thuộc A", "- X2 thuộc A",
                                      "Huyện B:", "- Y1 thuộc B", "Huyện C:", "Hết."}));
}

TEST(DocxTemplate, TableRowSectionRepeatsTheRow) {
  const std::string table = "<w:tbl><w:tblPr/>" + Row({"STT", "Đơn vị"}) +
                            Row({"{{#rows}}{{stt}}", "{{unit}}{{/rows}}"}) +
                            Row({"Tổng", "{{total}}"}) + "</w:tbl>";
  const Template t{.body = table + Text("Sau bảng")};
  const json data = {
      {"rows", {{{"stt", 1}, {"unit", "Sở Y tế"}}, {{"stt", 2}, {"unit", "Sở Nội vụ"}}}},
      {"total", 2}};
  EXPECT_EQ(Paragraphs(t, data), (std::vector<std::string>{"STT\tĐơn vị", "1\tSở Y tế",
                                                           "2\tSở Nội vụ", "Tổng\t2", "Sau bảng"}));
  EXPECT_EQ(Paragraphs(t, {{"rows", json::array()}, {"total", 0}}),
            (std::vector<std::string>{"STT\tĐơn vị", "Tổng\t0", "Sau bảng"}));
}

TEST(DocxTemplate, EmptySectionsLeaveWordAValidTableAndCells) {
  // A cell must end with a paragraph and a table must keep a row, or Word rejects the file.
  const std::string only_section_row =
      "<w:tbl>" + Row({"{{#rows}}{{a}}", "{{b}}{{/rows}}"}) + "</w:tbl>";
  const std::string block_in_cell = "<w:tbl><w:tr><w:tc>" + Text("{{#xs}}") + Text("{{.}}") +
                                    Text("{{/xs}}") + "</w:tc></w:tr></w:tbl>";
  Rendered r = RenderOk({.body = only_section_row + block_in_cell + Text("cuối")},
                        {{"rows", json::array()}, {"xs", json::array()}});
  EXPECT_EQ(r.text.paragraphs, (std::vector<std::string>{"", "cuối"}));
  const std::string xml = Part(r.docx, "word/document.xml");
  EXPECT_EQ(Count(xml, "<w:tbl>"), 1);
  EXPECT_NE(xml.find("<w:tc><w:p/></w:tc>"), std::string::npos) << xml;
}

TEST(DocxTemplate, PlaceholdersInTextBoxesAndHyperlinksAreReplacedInPlace) {
  const std::string text_box = "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>" +
                               Text("{{code}}") +
                               "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>";
  const std::string link = "<w:p>" + WRun("Xem ") + "<w:hyperlink r:id=\"rId9\">" +
                           WRun("{{site}}") + "</w:hyperlink></w:p>";
  Rendered r =
      RenderOk({.body = text_box + link}, {{"code", "Mẫu số 01"}, {"site", "dichvucong.gov.vn"}});
  EXPECT_EQ(r.text.paragraphs, (std::vector<std::string>{"", "Xem dichvucong.gov.vn"}));
  const std::string xml = Part(r.docx, "word/document.xml");
  EXPECT_NE(xml.find("<w:txbxContent><w:p><w:r><w:t>Mẫu số 01</w:t>"), std::string::npos) << xml;
  EXPECT_NE(
      xml.find(R"(<w:hyperlink r:id="rId9"><w:r><w:t>dichvucong.gov.vn</w:t></w:r></w:hyperlink>)"),
      std::string::npos)
      << xml;
}

TEST(DocxTemplate, BooleanAndInvertedSections) {
  const Template t{.body = Text("{{#urgent}}KHẨN{{/urgent}}{{^urgent}}Thường{{/urgent}}")};
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"urgent", true}}, "KHẨN"},
      {{{"urgent", false}}, "Thường"},
      {json::object(), "Thường"},
      {{{"urgent", json::array()}}, "Thường"},
      {{{"urgent", "có"}}, "KHẨN"},
      {{{"urgent", ""}}, "Thường"},
      {{{"urgent", {{"level", 1}}}}, "KHẨN"},
  };
  for (const auto& [data, expected] : cases) {
    EXPECT_EQ(Paragraphs(t, data), std::vector<std::string>{expected}) << data.dump();
  }
}

TEST(DocxTemplate, DotIsTheCurrentElementAndDottedNamesDescend) {
  const Template t{.body = Text("{{#names}}{{.}}, {{/names}}{{unit.name}}")};
  EXPECT_EQ(Paragraphs(t, {{"names", {"An", "Bình"}}, {"unit", {{"name", "UBND"}}}}),
            std::vector<std::string>{"An, Bình, UBND"});
}

TEST(DocxTemplate, UnbalancedSectionIsInvalidArgumentNamingIt) {
  struct Case {
    std::string body;
    std::string must_mention;
  };
  const std::vector<Case> cases = {
      {Text("Danh sách {{#items}}{{name}}"), "{{/items}}"},
      {Text("{{#items}}") + Text("{{name}}"), "{{/items}}"},
      {Text("{{name}}{{/items}}"), "{{#items}}"},
      {Text("{{/items}}"), "{{#items}}"},
      {Text("{{#outer}}{{#inner}}{{/outer}}{{/inner}}"), "inner"},
      {Text("{{#outer}}") + Text("{{#inner}}") + Text("{{/outer}}"), "inner"},
      {"<w:tbl>" + Row({"{{#rows}}", "x"}) + "</w:tbl>", "{{/rows}}"},
  };
  for (const Case& c : cases) {
    const core::Error error = RenderError(c.body);
    EXPECT_EQ(error.code, core::Code::kInvalidArgument) << c.body;
    EXPECT_NE(error.message.find(c.must_mention), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("Word"), std::string::npos) << error.message;
  }
}

TEST(DocxTemplate, NonDocxTemplatesAreInvalidArgument) {
  const std::vector<std::string> inputs = {
      "đây không phải tệp zip",
      "",
      Zip({{"[Content_Types].xml", "<Types/>"}, {"word/other.xml", "<x/>"}}),
  };
  for (const std::string& input : inputs) {
    auto docx = RenderDocx(input, json::object());
    ASSERT_FALSE(docx.has_value());
    EXPECT_EQ(docx.error().code, core::Code::kInvalidArgument);
    EXPECT_FALSE(ReadDocxText(input).has_value());
  }
  const core::Error malformed = RenderError("<w:p><w:r><w:t>không đóng thẻ</w:r></w:p>");
  EXPECT_EQ(malformed.code, core::Code::kInvalidArgument);
  EXPECT_NE(malformed.message.find("word/document.xml"), std::string::npos) << malformed.message;
}

TEST(DocxTemplate, FootnotesPartIsCreatedWhenAbsent) {
  Rendered r = RenderOk({.body = Text("Căn cứ{{fn:basis}}.")}, {{"basis", "Nghị định 59/2022"}});
  EXPECT_EQ(r.text.paragraphs, std::vector<std::string>{"Căn cứ[1]."});
  EXPECT_EQ(r.text.footnotes, std::vector<std::string>{"Nghị định 59/2022"});
  const Parts parts = Unzip(r.docx);
  ASSERT_FALSE(parts.empty());
  EXPECT_EQ(parts.front().first, "[Content_Types].xml");
  const std::string notes = Part(r.docx, "word/footnotes.xml");
  EXPECT_NE(notes.find(R"(w:type="separator" w:id="-1")"), std::string::npos);
  EXPECT_NE(notes.find(R"(w:type="continuationSeparator" w:id="0")"), std::string::npos);
  EXPECT_NE(notes.find(R"(<w:footnote w:id="1">)"), std::string::npos);
  EXPECT_EQ(notes.find("FootnoteText"), std::string::npos);  // styles.xml does not define it
  EXPECT_EQ(Count(Part(r.docx, "word/_rels/document.xml.rels"), "relationships/footnotes"), 1);
  EXPECT_NE(Part(r.docx, "[Content_Types].xml").find(R"(PartName="/word/footnotes.xml")"),
            std::string::npos);
}

TEST(DocxTemplate, FootnotesAreAppendedAfterExistingOnesWithStyles) {
  const Template t{
      .body = Para(WRun("Có sẵn") + R"(<w:r><w:footnoteReference w:id="2"/></w:r>)" +
                   WRun(" mới{{fn:n}}")),
      .footnotes =
          R"(<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Ghi chú có sẵn</w:t></w:r></w:p></w:footnote>)",
      .footnote_styles = true};
  Rendered r = RenderOk(t, {{"n", "Ghi chú mới"}});
  EXPECT_EQ(r.text.paragraphs, std::vector<std::string>{"Có sẵn[1] mới[2]"});
  EXPECT_EQ(r.text.footnotes, (std::vector<std::string>{"Ghi chú có sẵn", "Ghi chú mới"}));
  const std::string notes = Part(r.docx, "word/footnotes.xml");
  EXPECT_NE(notes.find(R"(<w:footnote w:id="3">)"), std::string::npos);
  EXPECT_NE(notes.find(R"(<w:pStyle w:val="FootnoteText"/>)"), std::string::npos);
  EXPECT_NE(Part(r.docx, "word/document.xml").find(R"(<w:rStyle w:val="FootnoteReference"/>)"),
            std::string::npos);
  EXPECT_EQ(Count(Part(r.docx, "word/_rels/document.xml.rels"), "relationships/footnotes"), 1);
  EXPECT_EQ(Count(Part(r.docx, "[Content_Types].xml"), "/word/footnotes.xml"), 1);
}

// The w:id of every footnote reference in word/document.xml, in document order.
std::vector<int> ReferenceIds(const std::string& docx) {
  pugi::xml_document doc;
  doc.load_string(Part(docx, "word/document.xml").c_str());
  std::vector<int> ids;
  for (pugi::xpath_node ref : doc.select_nodes("//w:footnoteReference")) {
    ids.push_back(ref.node().attribute("w:id").as_int());
  }
  return ids;
}

constexpr const char* kExistingNote =
    R"(<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Ghi chú có sẵn</w:t></w:r></w:p></w:footnote>)";
constexpr const char* kExistingRef = R"(<w:r><w:footnoteReference w:id="1"/></w:r>)";

TEST(DocxTemplate, NewFootnotesBeforeExistingOnesAreRenumberedInDocumentOrder) {
  // LibreOffice pairs references and footnotes by rank of id: ids must ascend in the text.
  const Template t{.body = Text("Mới{{fn:n}}") + Para(WRun("Cũ") + kExistingRef),
                   .footnotes = kExistingNote};
  Rendered r = RenderOk(t, {{"n", "Ghi chú mới"}});
  EXPECT_EQ(r.text.paragraphs, (std::vector<std::string>{"Mới[1]", "Cũ[2]"}));
  EXPECT_EQ(r.text.footnotes, (std::vector<std::string>{"Ghi chú mới", "Ghi chú có sẵn"}));
  EXPECT_EQ(ReferenceIds(r.docx), (std::vector<int>{1, 2}));
}

TEST(DocxTemplate, RepeatedFixedFootnoteReferenceGetsOneFootnoteEach) {
  const Template t{.body = Text("{{#xs}}") + Para(WRun("{{.}}") + kExistingRef) + Text("{{/xs}}"),
                   .footnotes = kExistingNote};
  Rendered r = RenderOk(t, {{"xs", {"a", "b"}}});
  EXPECT_EQ(r.text.paragraphs, (std::vector<std::string>{"a[1]", "b[2]"}));
  EXPECT_EQ(r.text.footnotes, (std::vector<std::string>{"Ghi chú có sẵn", "Ghi chú có sẵn"}));
  EXPECT_EQ(ReferenceIds(r.docx), (std::vector<int>{1, 2}));
}

TEST(DocxTemplate, HeaderPlaceholdersAreReplaced) {
  const Template t{.body = Text("Thân"), .header = Text("{{parent}} — {{fn:x}}")};
  Rendered r = RenderOk(t, {{"parent", "UBND TỈNH KIÊN GIANG"}, {"x", "không dùng"}});
  EXPECT_EQ(r.text.headers_footers, std::vector<std::string>{"UBND TỈNH KIÊN GIANG — "});
  EXPECT_EQ(r.report.footnotes, 0);  // Word allows no footnotes in headers
}

TEST(DocxTemplate, MissingKeysAreReportedOnceAndRenderEmpty) {
  const Template t{.body = Text("[{{a}}][{{b}}][{{a}}]{{fn:c}}{{#absent}}x{{/absent}}")};
  Rendered r = RenderOk(t, json::object());
  EXPECT_EQ(r.text.paragraphs, std::vector<std::string>{"[][][]"});
  EXPECT_EQ(r.report.missing_keys, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(r.report.footnotes, 0);
}

TEST(DocxTemplate, PartsWithoutPlaceholdersKeepTheirBytes) {
  const std::string original = Build({.body = Text("Không có thẻ nào &amp; {không}")});
  auto docx = RenderDocx(original, json::object());
  ASSERT_TRUE(docx.has_value());
  EXPECT_EQ(Part(*docx, "word/document.xml"), Part(original, "word/document.xml"));
  EXPECT_EQ(Unzip(*docx).size(), Unzip(original).size());
}

TEST(DocxTemplate, RenderedDocumentConvertsToPdfWithLibreOffice) {
  if (std::system("command -v soffice >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "soffice (LibreOffice) is not on PATH; install libreoffice-writer-nogui";
  }
  const Template t{.body = Text("Kính gửi: {{agency}}{{fn:n}}") + "<w:tbl>" +
                           Row({"{{#rows}}{{stt}}", "{{unit}}{{/rows}}"}) + "</w:tbl>",
                   .header = Text("{{parent}}")};
  Rendered r = RenderOk(t, {{"agency", "Sở Lao động - Thương binh & Xã hội"},
                            {"n", "Ghi chú"},
                            {"parent", "UBND TỈNH"},
                            {"rows", {{{"stt", 1}, {"unit", "A"}}}}});
  char dir_template[] = "/tmp/docx_pdf_XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::filesystem::path dir = dir_template;
  std::ofstream(dir / "letter.docx", std::ios::binary) << r.docx;
  const std::string command = "cd " + dir.string() + " && HOME=" + dir.string() +
                              " timeout 180 soffice --headless --convert-to pdf --outdir " +
                              dir.string() + " " + (dir / "letter.docx").string() +
                              " >/dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
  const std::filesystem::path pdf = dir / "letter.pdf";
  ASSERT_TRUE(std::filesystem::exists(pdf));
  EXPECT_GT(std::filesystem::file_size(pdf), 0u);
  std::ifstream in(pdf, std::ios::binary);
  std::string magic(4, '\0');
  in.read(magic.data(), 4);
  EXPECT_EQ(magic, "%PDF");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dancu::docs
