// Tests of the sections of RenderDocx templates: inline, block and table-row sections over
// arrays, boolean and inverted sections, the current element and unbalanced sections.
#include "docs/docx_template.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
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

TEST(DocxTemplate, APartThatIsNotUtf8IsRefusedWithAUtf8Message) {
  // Issue 10 (fuzz/crashes/docx/error-message-not-utf8.xml): a section name with a raw byte
  // 0xF0 put ill-formed UTF-8 into the "unclosed section" message.
  core::Error e = RenderError(Text("{{#a\xF0}}"));
  EXPECT_EQ(e.code, core::Code::kInvalidArgument);
  EXPECT_TRUE(core::IsValidUtf8(e.message)) << e.message;
  EXPECT_NE(e.message.find("không phải UTF-8"), std::string::npos) << e.message;
}

TEST(DocxTemplate, ATagNamedByALoneSurrogateStaysLiteral) {
  // Issue 10: &#xD800; decodes to bytes that are not UTF-8; such a name is not a tag.
  auto docx = RenderDocx(docx_test::Build({.body = Text("{{#a&#xD800;}}")}), json::object());
  ASSERT_TRUE(docx.has_value()) << docx.error().message;  // not an "unclosed section" error
}

}  // namespace
}  // namespace dancu::docs
