// Tests of RenderDocx / ReadDocxText on small .docx templates built here with libzip: scalar
// substitution, invalid templates, footnotes, headers and PDF conversion. Sections ({{#...}},
// {{^...}}) are tested in docx_sections_test.cc; the helpers are in docx_test_support.h.
#include "docs/docx_template.h"

#include <gtest/gtest.h>
#include <stdlib.h>  // mkdtemp

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "docs/docx_test_support.h"

namespace dancu::docs {
namespace {

using docx_test::Count;
using docx_test::Para;
using docx_test::Part;
using docx_test::Paragraphs;
using docx_test::PropsOfRunWithText;
using docx_test::Rendered;
using docx_test::RenderError;
using docx_test::RenderOk;
using docx_test::Row;
using docx_test::Template;
using docx_test::Text;
using docx_test::WRun;
using nlohmann::json;
using docx_test::Build;
using docx_test::Parts;
using docx_test::Unzip;
using docx_test::Zip;

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
