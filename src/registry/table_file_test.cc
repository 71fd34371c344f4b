// Tests for table_file: CSV and XLSX reading, sniffing and limits, on fixtures built here.
#include "registry/table_file.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace dancu::registry {
namespace {

using Cells = std::vector<std::string>;
using Entries = std::vector<std::pair<std::string, std::string>>;

// Builds a zip in memory; method applies to every entry.
std::string BuildZip(const Entries& entries, zip_int32_t method = ZIP_CM_DEFLATE) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);  // survives zip_close so the written bytes can be read back
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  for (const auto& [name, data] : entries) {
    zip_source_t* source = zip_source_buffer(archive, data.data(), data.size(), 0);
    const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    EXPECT_GE(index, 0);
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), method, 0);
  }
  EXPECT_EQ(zip_close(archive), 0);
  std::string out;
  if (zip_source_open(buffer) == 0) {
    zip_source_seek(buffer, 0, SEEK_END);
    out.resize(static_cast<size_t>(zip_source_tell(buffer)));
    zip_source_seek(buffer, 0, SEEK_SET);
    EXPECT_EQ(zip_source_read(buffer, out.data(), out.size()), static_cast<zip_int64_t>(out.size()));
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

constexpr char kMainNs[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr char kRelNs[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// A workbook whose one sheet is at xl/worksheets/sheet1.xml, plus extra entries.
Entries MinimalXlsx(std::string sheet_xml, Entries extra = {}) {
  Entries entries = {
      {"xl/workbook.xml", std::string("<workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs +
                              "\"><sheets><sheet name=\"DS\" sheetId=\"1\" r:id=\"rId1\"/>"
                              "</sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" Type=\"" + std::string(kRelNs) + "/worksheet\" "
       "Target=\"worksheets/sheet1.xml\"/></Relationships>"},
      {"xl/worksheets/sheet1.xml", std::move(sheet_xml)},
  };
  for (auto& e : extra) entries.push_back(std::move(e));
  return entries;
}

std::string SheetXml(const std::string& rows) {
  return std::string("<worksheet xmlns=\"") + kMainNs + "\"><sheetData>" + rows +
         "</sheetData></worksheet>";
}

// Writes an XLSX with libxlsxwriter into a temp file and returns its bytes.
class XlsxFile {
 public:
  explicit XlsxFile(const std::string& name)
      : path_((std::filesystem::temp_directory_path() /
               ("dancu_table_file_" + std::to_string(getpid()) + "_" + name + ".xlsx"))
                  .string()),
        workbook_(workbook_new(path_.c_str())) {}
  ~XlsxFile() { std::filesystem::remove(path_); }

  lxw_workbook* workbook() { return workbook_; }

  std::string CloseAndRead() {
    EXPECT_EQ(workbook_close(workbook_), LXW_NO_ERROR);
    std::ifstream in(path_, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  std::string path_;
  lxw_workbook* workbook_;
};

bool ZipHas(const std::string& bytes, const char* name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  const bool has = archive && zip_name_locate(archive, name, 0) >= 0;
  if (archive) zip_discard(archive);
  zip_error_fini(&error);
  return has;
}

// Overwrites the uncompressed size of `name` in its local and central headers.
void PatchDeclaredSize(std::string& zip, const std::string& name, uint32_t size) {
  auto put = [&](size_t at) {
    for (int i = 0; i < 4; ++i) zip[at + i] = static_cast<char>((size >> (8 * i)) & 0xFF);
  };
  int patched = 0;
  for (size_t p = zip.find(name); p != std::string::npos; p = zip.find(name, p + 1)) {
    if (p >= 30 && zip.compare(p - 30, 4, "PK\x03\x04") == 0) put(p - 30 + 22), ++patched;
    if (p >= 46 && zip.compare(p - 46, 4, "PK\x01\x02") == 0) put(p - 46 + 24), ++patched;
  }
  EXPECT_EQ(patched, 2);
}

std::string ErrorOf(const core::Result<Table>& r) { return r ? "<no error>" : r.error().message; }

// ---------------------------------------------------------------- CSV

TEST(TableFile, CsvQuotesEscapesAndEmbeddedNewline) {
  const std::string csv =
      "STT,Họ tên,Ghi chú\n"
      "1,\"Nguyễn, Văn A\",\"nói \"\"xin chào\"\"\"\n"
      "2,\"dòng 1\ndòng 2\",x\"y\n"
      "3,Bình,\n";
  auto t = ReadCsv(csv);
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->rows.size(), 4u);
  EXPECT_EQ(t->rows[1], (Cells{"1", "Nguyễn, Văn A", "nói \"xin chào\""}));
  EXPECT_EQ(t->rows[2], (Cells{"2", "dòng 1\ndòng 2", "x\"y"}));
  EXPECT_EQ(t->rows[3], (Cells{"3", "Bình", ""}));
  // Record numbers, not physical lines: the quoted newline does not shift row 4.
  EXPECT_EQ(t->row_numbers, (std::vector<int>{1, 2, 3, 4}));
}

TEST(TableFile, CsvSemicolonWithBomAndCrlf) {
  const std::string csv =
      "\xEF\xBB\xBF" "Đơn vị;Họ tên;Địa chỉ\r\n"
      "UBND xã A;Nguyễn Văn A;Thôn 1, xã A\r\n"
      ";Trần Thị B;\"Thôn 2; xã A\"\r\n";
  auto t = ReadCsv(csv);
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[0], (Cells{"Đơn vị", "Họ tên", "Địa chỉ"}));
  EXPECT_EQ(t->rows[1], (Cells{"UBND xã A", "Nguyễn Văn A", "Thôn 1, xã A"}));
  EXPECT_EQ(t->rows[2], (Cells{"", "Trần Thị B", "Thôn 2; xã A"}));
}

TEST(TableFile, CsvTabDelimiterAndCrOnlyLineEnds) {
  auto t = ReadCsv("Họ tên\tĐịa chỉ\rAn\tThôn 1, xã B\rBình\tThôn 2\r");
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[1], (Cells{"An", "Thôn 1, xã B"}));
  EXPECT_EQ(t->row_numbers, (std::vector<int>{1, 2, 3}));
}

TEST(TableFile, CsvKeepsLegacyBytesIntact) {
  // TCVN3 bytes (0xB8 = "á") are not UTF-8; the importer decodes them, not this reader.
  const std::string csv = "H\xB8 t\xAAn;X\r\n\xB8\xB8;y\r\n";
  auto t = ReadCsv(csv);
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0][0], "H\xB8 t\xAAn");
  EXPECT_EQ(t->rows[1][0], "\xB8\xB8");
}

TEST(TableFile, CsvDropsBlankRowsKeepsNumbersAndTrimsEmptyColumns) {
  auto t = ReadCsv("a;b;;\n\n;;;\nc;d;;\n\n\n");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->rows, (std::vector<Cells>{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(t->row_numbers, (std::vector<int>{1, 4}));
}

TEST(TableFile, CsvUnterminatedQuoteNamesItsLine) {
  // The quote opens on physical line 4 (record 3) because line 2 holds a quoted newline.
  auto t = ReadCsv("a,b\n\"x\ny\",1\n\"mở mà không đóng,2\n3,4\n");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(t.error().message.find("dòng 4"), std::string::npos) << t.error().message;
}

TEST(TableFile, CsvColumnAndCellLimits) {
  ReadLimits limits;
  limits.max_columns = 3;
  // Empty padding past the limit is harmless; data past it is refused.
  EXPECT_TRUE(ReadCsv("a,b,c,,,,,\n", limits));
  auto wide = ReadCsv("a,b,c\n1,2,3,4\n", limits);
  ASSERT_FALSE(wide);
  EXPECT_NE(wide.error().message.find("Dòng 2"), std::string::npos) << wide.error().message;
  limits = {};
  limits.max_cells = 20;
  std::string many;
  for (int i = 0; i < 10; ++i) many += "x,y,z\n";
  EXPECT_NE(ErrorOf(ReadCsv(many, limits)).find("quá nhiều ô"), std::string::npos);
  limits.max_cells = 30;
  EXPECT_TRUE(ReadCsv(many, limits));
}

// ---------------------------------------------------------------- XLSX written by libxlsxwriter

TEST(TableFile, XlsxRegistrationFormFromLibxlsxwriter) {
  XlsxFile file("form");
  lxw_workbook* wb = file.workbook();
  ASSERT_NE(wb, nullptr);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Danh sách");
  lxw_format* center = workbook_add_format(wb);
  format_set_align(center, LXW_ALIGN_CENTER);
  worksheet_merge_range(ws, 0, 0, 0, 8, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", center);
  worksheet_merge_range(ws, 1, 0, 1, 8, "DANH SÁCH ĐĂNG KÝ", center);
  const char* header[] = {"Đơn vị", "STT", "Họ và tên", "Ngày sinh", "Số điện thoại",
                          "Số CCCD", "Địa chỉ", "Số tiền", "Ghi chú"};
  for (lxw_col_t c = 0; c < 9; ++c) worksheet_write_string(ws, 2, c, header[c], nullptr);
  worksheet_merge_range(ws, 3, 0, 5, 0, "UBND xã Tân Phú", center);  // vertical merge
  auto data_row = [&](lxw_row_t r, double stt, const char* name, double phone, const char* id) {
    worksheet_write_number(ws, r, 1, stt, nullptr);
    worksheet_write_string(ws, r, 2, name, nullptr);
    worksheet_write_number(ws, r, 3, 45000, nullptr);  // a date serial
    worksheet_write_number(ws, r, 4, phone, nullptr);
    worksheet_write_string(ws, r, 5, id, nullptr);  // number stored as text
    worksheet_write_number(ws, r, 7, 1234.5, nullptr);
    worksheet_write_string(ws, r, 8, "Đã nộp", nullptr);  // shared string, repeated
  };
  data_row(3, 1, "Nguyễn Thị Ánh", 919674667, "001203004567");
  data_row(4, 2, "Trần Văn Bình", 84919674667, "079099000123");
  data_row(5, 3, "Lê Hoàng Yến", 912345678, "036198000777");
  worksheet_write_blank(ws, 6, 0, center);  // row 7 exists in the XML but is empty
  data_row(7, 4, "Phạm Đức Long", 988000111, "001300000001");
  worksheet_write_blank(ws, 7, 10, center);  // a styled empty cell in column K
  worksheet_write_blank(ws, 19, 0, center);  // a styled empty trailing row
  const std::string bytes = file.CloseAndRead();
  ASSERT_TRUE(ZipHas(bytes, "xl/sharedStrings.xml"));

  auto t = ReadTableFile(bytes, "danh_sach.xlsx");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->row_numbers, (std::vector<int>{1, 2, 3, 4, 5, 6, 8}));
  ASSERT_EQ(t->rows.size(), 7u);
  for (const Cells& row : t->rows) EXPECT_EQ(row.size(), 9u);
  EXPECT_EQ(t->rows[0], Cells(9, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  EXPECT_EQ(t->rows[2][4], "Số điện thoại");
  EXPECT_EQ(t->rows[3], (Cells{"UBND xã Tân Phú", "1", "Nguyễn Thị Ánh", "45000", "919674667",
                               "001203004567", "", "1234.5", "Đã nộp"}));
  EXPECT_EQ(t->rows[4][0], "UBND xã Tân Phú");
  EXPECT_EQ(t->rows[4][4], "84919674667");
  EXPECT_EQ(t->rows[5][0], "UBND xã Tân Phú");
  EXPECT_EQ(t->rows[6][0], "");  // row 8 is outside the vertical merge
  EXPECT_EQ(t->rows[6][2], "Phạm Đức Long");
  EXPECT_EQ(t->rows[6][8], "Đã nộp");
}

TEST(TableFile, XlsxReadsFirstVisibleSheet) {
  XlsxFile file("hidden");
  lxw_workbook* wb = file.workbook();
  ASSERT_NE(wb, nullptr);
  lxw_worksheet* guide = workbook_add_worksheet(wb, "Hướng dẫn");
  lxw_worksheet* list = workbook_add_worksheet(wb, "Danh sách");
  worksheet_write_string(guide, 0, 0, "ẩn", nullptr);
  worksheet_write_string(list, 0, 0, "Họ và tên", nullptr);
  worksheet_write_string(list, 1, 0, "Ngô Bảo Châu", nullptr);
  worksheet_activate(list);
  worksheet_hide(guide);
  auto t = ReadXlsx(file.CloseAndRead());
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->rows, (std::vector<Cells>{{"Họ và tên"}, {"Ngô Bảo Châu"}}));
}

// ---------------------------------------------------------------- XLSX built by hand

TEST(TableFile, XlsxCellTypesPrefixesAndRelationshipTargets) {
  const std::string ns = std::string("xmlns:x=\"") + kMainNs + "\"";
  Entries entries = {
      {"xl/workbook.xml", "<x:workbook " + ns + " xmlns:r=\"" + kRelNs + "\"><x:sheets>"
                          "<x:sheet name=\"Dữ liệu\" sheetId=\"1\" r:id=\"rId7\"/>"
                          "</x:sheets></x:workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId2\" Type=\"" + std::string(kRelNs) + "/sharedStrings\" "
       "Target=\"/xl/strings.xml\"/><Relationship Id=\"rId7\" Type=\"" + std::string(kRelNs) +
       "/worksheet\" Target=\"worksheets/../worksheets/data.xml\"/></Relationships>"},
      {"xl/strings.xml",
       "<x:sst " + ns + "><x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space=\"preserve\">Nguyễn "
       "</x:t></x:r><x:r><x:t>Văn An</x:t></x:r><x:rPh sb=\"0\" eb=\"1\"><x:t>phiên âm</x:t>"
       "</x:rPh></x:si><x:si><x:t xml:space=\"preserve\"> </x:t></x:si>"
       "<x:si><x:t>dòng 1_x000D_\ndòng 2 _x005F_x0041_</x:t></x:si></x:sst>"},
      {"xl/worksheets/data.xml",
       "<x:worksheet " + ns + "><x:sheetData>"
       "<x:row r=\"2\"><x:c r=\"B2\" t=\"s\"><x:v>0</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c>"
       "<x:c t=\"inlineStr\"><x:is><x:t>nội tuyến</x:t></x:is></x:c></x:row>"
       "<x:row><x:c r=\"A3\" t=\"b\"><x:v>1</x:v></x:c><x:c r=\"B3\" t=\"b\"><x:v>0</x:v></x:c>"
       "<x:c r=\"C3\" t=\"e\"><x:v>#N/A</x:v></x:c><x:c r=\"D3\" t=\"str\"><x:f>A1&amp;B1</x:f>"
       "<x:v>ghép</x:v></x:c></x:row>"
       "<x:row r=\"5\"><x:c r=\"A5\"><x:v>9.19674667E8</x:v></x:c><x:c r=\"B5\"><x:v>0.1</x:v>"
       "</x:c><x:c r=\"C5\"><x:v>-3.0</x:v></x:c><x:c r=\"D5\"><x:v>1E-7</x:v></x:c>"
       "<x:c r=\"E5\" t=\"s\"><x:v>2</x:v></x:c><x:c r=\"F5\"><x:f>1+1</x:f></x:c>"
       "<x:c r=\"G5\"><x:v>8.49E10</x:v></x:c><x:c r=\"H5\"><x:v>1E+21</x:v></x:c></x:row>"
       "</x:sheetData></x:worksheet>"},
  };
  auto t = ReadXlsx(BuildZip(entries));
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->row_numbers, (std::vector<int>{2, 3, 5}));
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[0], (Cells{"", "Nguyễn Văn An", " ", "nội tuyến", "", "", "", ""}));
  EXPECT_EQ(t->rows[1], (Cells{"TRUE", "FALSE", "#N/A", "ghép", "", "", "", ""}));
  // Integral values never get an exponent, even where it would be shorter (8.49e+10).
  EXPECT_EQ(t->rows[2], (Cells{"919674667", "0.1", "-3", "1e-07", "dòng 1\r\ndòng 2 _x0041_",
                               "", "84900000000", "1e+21"}));
}

TEST(TableFile, XlsxMergeFillStaysInsideTheData) {
  // A2:A4 is merged but row 3 is empty: the fill must not invent it; C1:Z1 is clipped.
  const std::string rows =
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Tiêu đề</t></is></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><t>Phụ</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>UBND</t></is></c><c r=\"B2\"><v>1</v></c></row>"
      "<row r=\"4\"><c r=\"B4\"><v>2</v></c></row>";
  std::string sheet = SheetXml(rows);
  sheet.insert(sheet.find("</worksheet>"),
               "<mergeCells count=\"2\"><mergeCell ref=\"A2:A4\"/><mergeCell ref=\"C1:Z1\"/>"
               "</mergeCells>");
  auto t = ReadXlsx(BuildZip(MinimalXlsx(sheet)));
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->row_numbers, (std::vector<int>{1, 2, 4}));
  EXPECT_EQ(t->rows, (std::vector<Cells>{{"Tiêu đề", "", "Phụ"}, {"UBND", "1", ""},
                                         {"UBND", "2", ""}}));
}

TEST(TableFile, XlsxColumnLimitRefused) {
  const std::string sheet = SheetXml("<row r=\"1\"><c r=\"GS1\"><v>5</v></c></row>");  // col 201
  auto t = ReadXlsx(BuildZip(MinimalXlsx(sheet)));
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("200 cột"), std::string::npos) << t.error().message;
}

TEST(TableFile, XlsxBadSharedStringIndexRefused) {
  const std::string sheet = SheetXml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c></row>");
  auto t = ReadXlsx(BuildZip(MinimalXlsx(sheet)));
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("bị hỏng"), std::string::npos) << t.error().message;
}

// ---------------------------------------------------------------- XLSX limits

TEST(TableFile, XlsxZipBombRefusedByRatio) {
  const std::string bytes = BuildZip(MinimalXlsx(std::string(50 * 1024 * 1024, 'a')));
  ASSERT_LT(bytes.size(), 1024u * 1024u);  // so it passes the upload size limit
  auto t = ReadTableFile(bytes, "bom.xlsx");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("tỉ lệ nén"), std::string::npos) << t.error().message;
}

TEST(TableFile, XlsxUncompressedBudgetRefused) {
  // Stored, not deflated, so the ratio guard stays quiet and only the budget can refuse.
  const std::string sheet = SheetXml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") +
                            std::string(2 * 1024 * 1024, ' ');  // trailing blanks are valid XML
  const std::string bytes = BuildZip(MinimalXlsx(sheet), ZIP_CM_STORE);
  ReadLimits limits;
  limits.max_uncompressed_bytes = 1024 * 1024;
  auto t = ReadXlsx(bytes, limits);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("giải nén vượt"), std::string::npos) << t.error().message;
  limits.max_uncompressed_bytes = 3 * 1024 * 1024;
  auto ok = ReadXlsx(bytes, limits);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->rows, (std::vector<Cells>{{"1"}}));
}

// Rows of distinct numbers: deflate shrinks them far less than the ratio guard's 200.
std::string NumberRows(size_t min_bytes) {
  std::string rows;
  for (int r = 1; rows.size() < min_bytes; ++r) {
    const std::string n = std::to_string(r);
    rows += "<row r=\"" + n + "\"><c r=\"A" + n + "\"><v>" + std::to_string(r * 7919L) +
            "</v></c><c r=\"B" + n + "\"><v>" + std::to_string(r * 104729L % 99991) +
            "</v></c></row>";
  }
  return SheetXml(rows);
}

TEST(TableFile, XlsxSheetThatInflatesBeyondThePartCapIsRefusedBeforeInflating) {
  // issue 10 item 5: a 9 MB XLSX whose sheet inflated to 95 MB peaked at 1.27 GB.
  const std::string bytes = BuildZip(MinimalXlsx(NumberRows(17 * 1024 * 1024)));
  ASSERT_LT(bytes.size(), ReadLimits{}.max_file_bytes);  // passes the upload limit
  auto t = ReadTableFile(bytes, "bom.xlsx");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("cho một phần"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("xl/worksheets/sheet1.xml"), std::string::npos);
  // Neither the ratio guard nor the total budget refused it: the part cap did.
  EXPECT_EQ(t.error().message.find("tỉ lệ nén"), std::string::npos) << t.error().message;
  EXPECT_LE(ReadLimits{}.max_part_bytes, 64u * 1024 * 1024);
}

TEST(TableFile, XlsxPartCapIsWhatRefusesAndIsPerPart) {
  // issue 10 item 5: the cap bounds each inflated part, checked on its declared size.
  const std::string bytes = BuildZip(MinimalXlsx(NumberRows(2 * 1024 * 1024)));
  ReadLimits limits;
  limits.max_part_bytes = 1024 * 1024;
  auto refused = ReadXlsx(bytes, limits);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("vượt giới hạn 1.0 MB cho một phần"), std::string::npos)
      << refused.error().message;
  limits.max_part_bytes = 3 * 1024 * 1024;
  auto read = ReadXlsx(bytes, limits);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_GT(read->rows.size(), 1000u);
}

TEST(TableFile, XlsxEntryLyingAboutItsSizeRefused) {
  std::string rows;
  for (int r = 1; r <= 500; ++r) {
    rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>" +
            std::to_string(r) + "</v></c></row>";
  }
  std::string bytes = BuildZip(MinimalXlsx(SheetXml(rows)));
  ASSERT_TRUE(ReadXlsx(bytes));
  PatchDeclaredSize(bytes, "xl/worksheets/sheet1.xml", 100);
  auto t = ReadXlsx(bytes);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("kích thước khai báo"), std::string::npos) << t.error().message;
}

// ---------------------------------------------------------------- sniffing and dispatch

TEST(TableFile, SniffAcceptsByContentAndName) {
  const std::string xlsx = BuildZip(MinimalXlsx(SheetXml("")));
  EXPECT_EQ(SniffKind(xlsx, "DS.XLSX"), FileKind::kXlsx);
  EXPECT_EQ(SniffKind(xlsx, "tai-len"), FileKind::kXlsx);
  EXPECT_EQ(SniffKind("a;b\n", "C:\\Users\\x\\ds.csv"), FileKind::kCsv);
  EXPECT_EQ(SniffKind("a;b\n", "ds.txt"), FileKind::kCsv);
}

std::string SniffError(std::string_view bytes, std::string_view name) {
  auto kind = SniffKind(bytes, name);
  if (kind) return "<accepted>";
  EXPECT_EQ(kind.error().code, core::Code::kInvalidArgument);
  return kind.error().message;
}

TEST(TableFile, SniffRefusesOldXlsAndPdf) {
  const std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12);
  EXPECT_NE(SniffError(ole, "ds.xls").find("Excel cũ (.xls)"), std::string::npos);
  EXPECT_NE(SniffError(ole, "ds.xlsx").find("Excel cũ (.xls)"), std::string::npos);
  EXPECT_NE(SniffError("%PDF-1.7\n%\xE2\xE3", "ds.pdf").find("PDF"), std::string::npos);
}

TEST(TableFile, SniffRefusesNameContentMismatch) {
  EXPECT_NE(SniffError("STT,Họ tên\n1,An\n", "ds.xlsx").find("đổi đuôi thành .csv"),
            std::string::npos);
  const std::string xlsx = BuildZip(MinimalXlsx(SheetXml("")));
  EXPECT_NE(SniffError(xlsx, "ds.csv").find("đổi đuôi tệp thành .xlsx"), std::string::npos);
  EXPECT_NE(SniffError("a,b\n", "ds.docx").find("Chỉ nhận"), std::string::npos);
}

TEST(TableFile, SniffRefusesZipThatIsNotXlsx) {
  const std::string docx = BuildZip({{"word/document.xml", "<document/>"}});
  EXPECT_NE(SniffError(docx, "ds.xlsx").find("xl/workbook.xml"), std::string::npos);
  EXPECT_NE(ErrorOf(ReadXlsx(docx)).find("xl/workbook.xml"), std::string::npos);
  EXPECT_NE(ErrorOf(ReadXlsx("PK\x03\x04 cụt")).find("cấu trúc zip"), std::string::npos);
}

TEST(TableFile, SniffRefusesBinaryEmptyAndUtf16) {
  const std::string with_nul("a,b\n1,\0\x01\x02\n", 10);
  EXPECT_NE(SniffError(with_nul, "ds.csv").find("nhị phân"), std::string::npos);
  EXPECT_NE(SniffError("", "ds.csv").find("rỗng"), std::string::npos);
  const std::string utf16("\xFF\xFE" "a\0,\0b\0", 8);
  EXPECT_NE(SniffError(utf16, "ds.csv").find("UTF-16"), std::string::npos);
}

TEST(TableFile, ReadTableFileRefusesOversizeAndDispatches) {
  ReadLimits limits;
  limits.max_file_bytes = 10;
  auto big = ReadTableFile("STT;Họ tên\n1;An\n", "ds.csv", limits);
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message.find("quá lớn"), std::string::npos) << big.error().message;
  EXPECT_FALSE(ReadCsv("STT;Họ tên\n1;An\n", limits));

  auto csv = ReadTableFile("STT;Họ tên\n1;An\n", "ds.csv");
  ASSERT_TRUE(csv) << csv.error().message;
  EXPECT_EQ(csv->rows[1], (Cells{"1", "An"}));
  const std::string sheet = SheetXml("<row r=\"3\"><c r=\"B3\"><v>7</v></c></row>");
  auto xlsx = ReadTableFile(BuildZip(MinimalXlsx(sheet)), "ds.xlsx");
  ASSERT_TRUE(xlsx) << xlsx.error().message;
  EXPECT_EQ(xlsx->rows, (std::vector<Cells>{{"", "7"}}));
  EXPECT_EQ(xlsx->row_numbers, (std::vector<int>{3}));
}

}  // namespace
}  // namespace dancu::registry
