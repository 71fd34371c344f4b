// Tests of the request side of the SOAP codec (soap.h): ParseRequest, BuildRequest, hardening.
#include "population/soap.h"

#include <gtest/gtest.h>

#include "core/text.h"

#include <string>
#include <string_view>

namespace dancu::population {
namespace {

// As the one-stop system of a court writes it (C#, string template): prefixes soapenv and
// dan, an empty Header, indentation, SoDienThoai "0", a year-only birth date.
constexpr std::string_view kOneStopRequest = R"(<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:dan="http://dancuquocgia.bca">
  <soapenv:Header/>
  <soapenv:Body>
    <dan:TraCuuThongTinCongDan>
      <dan:MaYeuCau>RANDOM091500123</dan:MaYeuCau>
      <dan:MaDVC>VPCP</dan:MaDVC>
      <dan:MaTichHop>037</dan:MaTichHop>
      <dan:MaCanBo>091190000123</dan:MaCanBo>
      <dan:MaDonVi>000.00.00.H33</dan:MaDonVi>
      <dan:TaiKhoan>canbo.tiepnhan01</dan:TaiKhoan>
      <dan:SoDienThoai>0</dan:SoDienThoai>
      <dan:SoDinhDanh>091085000123</dan:SoDinhDanh>
      <dan:HoVaTen>NGUYEN VAN AN</dan:HoVaTen>
      <dan:NgayThangNamSinh>
        <dan:Nam>1985</dan:Nam>
      </dan:NgayThangNamSinh>
    </dan:TraCuuThongTinCongDan>
  </soapenv:Body>
</soapenv:Envelope>)";

// The request `body` (the operation element and what is inside) in an envelope as OpenCPS
// writes it: prefixes soapenv and qldc, no white space.
std::string Envelope(std::string_view body) {
  return std::string(
             "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
             "xmlns:qldc=\"http://dancuquocgia.bca\"><soapenv:Header/><soapenv:Body>") +
         std::string(body) + "</soapenv:Body></soapenv:Envelope>";
}

std::string TraCuu(std::string_view children) {
  return Envelope("<qldc:TraCuuThongTinCongDan>" + std::string(children) +
                  "</qldc:TraCuuThongTinCongDan>");
}

constexpr std::string_view kId = "<qldc:SoDinhDanh>091085000123</qldc:SoDinhDanh>";

// Expects ParseRequest to refuse `xml` with invalid_argument and `fragment` in the message.
void ExpectRefused(std::string_view xml, std::string_view fragment, const ParseLimits& limits = {}) {
  const auto r = ParseRequest(xml, limits);
  ASSERT_FALSE(r.has_value()) << "accepted: " << xml.substr(0, 300);
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(r.error().message.find(fragment), std::string::npos)
      << "message: " << r.error().message << "\nwanted: " << fragment;
}

TEST(Soap, ParsesTraCuuAsOneStopSystemsWriteIt) {
  const auto r = ParseRequest(kOneStopRequest);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->operation, "TraCuuThongTinCongDan");
  EXPECT_EQ(r->request_id, "RANDOM091500123");
  EXPECT_EQ(r->service_code, "VPCP");
  EXPECT_EQ(r->integration_code, "037");
  EXPECT_EQ(r->official, "091190000123");
  EXPECT_EQ(r->unit_code, "000.00.00.H33");
  EXPECT_EQ(r->account, "canbo.tiepnhan01");
  EXPECT_EQ(r->phone, "0");
  EXPECT_EQ(r->query.id_number, "091085000123");
  EXPECT_EQ(r->query.cmnd, "");
  EXPECT_EQ(r->full_name, "NGUYEN VAN AN");
  EXPECT_EQ(r->query.name_key, "NGUYEN VAN AN");
  ASSERT_TRUE(r->query.birth.has_value());
  EXPECT_EQ(*r->query.birth, (BirthDate{1985, 0, 0}));
}

TEST(Soap, ParsesSoapPrefixDeclarationAndFullDateWithSoCmnd) {
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
      "<soap:Body><ns2:TraCuuThongTinCongDan xmlns:ns2=\"http://dancuquocgia.bca\">"
      "<ns2:MaYeuCau>A1</ns2:MaYeuCau><ns2:SoCMND>371234567</ns2:SoCMND>"
      "<ns2:HoVaTen>TRAN THI BE</ns2:HoVaTen>"
      "<ns2:NgayThangNamSinh><ns2:NgayThangNam>19920229</ns2:NgayThangNam></ns2:NgayThangNamSinh>"
      "</ns2:TraCuuThongTinCongDan></soap:Body></soap:Envelope>";
  const auto r = ParseRequest(xml);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->request_id, "A1");
  EXPECT_EQ(r->query.cmnd, "371234567");
  EXPECT_EQ(r->query.id_number, "");
  EXPECT_EQ(r->query.name_key, "TRAN THI BE");
  EXPECT_EQ(*r->query.birth, (BirthDate{1992, 2, 29}));
}

TEST(Soap, AcceptsDefaultNamespaceAndUnqualifiedChildren) {
  const std::string default_ns = Envelope(
      "<TraCuuThongTinCongDan xmlns=\"http://dancuquocgia.bca\"><SoDinhDanh>091085000123"
      "</SoDinhDanh></TraCuuThongTinCongDan>");
  const std::string unqualified = Envelope(
      "<qldc:TraCuuThongTinCongDan><MaYeuCau>X</MaYeuCau><SoDinhDanh>091085000123</SoDinhDanh>"
      "</qldc:TraCuuThongTinCongDan>");
  for (const std::string& xml : {default_ns, unqualified}) {
    const auto r = ParseRequest(xml);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->query.id_number, "091085000123");
  }
}

TEST(Soap, ToleratesOpenCpsOrderExtraElementsAndMissingOptionalOnes) {
  // OpenCPS writes MaYeuCau…SoDinhDanh first, the rest in hash-map order, adds AuthHash and
  // always wraps the date in NgayThangNam (here a year).
  const auto r = ParseRequest(TraCuu(
      "<qldc:MaYeuCau>7</qldc:MaYeuCau><qldc:MaCanBo>canbo01</qldc:MaCanBo>" +
      std::string(kId) +
      "<qldc:NgayThangNamSinh><qldc:NgayThangNam>1985</qldc:NgayThangNam></qldc:NgayThangNamSinh>"
      "<qldc:AuthHash>dXNlcjpwYXNz</qldc:AuthHash><qldc:HoVaTen>NGUYEN VAN AN</qldc:HoVaTen>"
      "<qldc:MaDonVi>000.00.00.H33</qldc:MaDonVi><qldc:SoDienThoai></qldc:SoDienThoai>"));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->request_id, "7");
  EXPECT_EQ(r->official, "canbo01");
  EXPECT_EQ(r->unit_code, "000.00.00.H33");
  EXPECT_EQ(r->service_code, "");
  EXPECT_EQ(r->phone, "");
  EXPECT_EQ(r->full_name, "NGUYEN VAN AN");
  EXPECT_EQ(*r->query.birth, (BirthDate{1985, 0, 0}));

  const auto only_id = ParseRequest("\xEF\xBB\xBF" + TraCuu(kId));  // with a byte order mark
  ASSERT_TRUE(only_id.has_value()) << only_id.error().message;
  EXPECT_FALSE(only_id->query.birth.has_value());
  EXPECT_EQ(only_id->query.name_key, "");
}

TEST(Soap, NameSearchKeyIsUpperCaseWithoutDiacritics) {
  const auto r = ParseRequest(TraCuu(
      "<qldc:HoVaTen>  Nguyễn  Văn Đức </qldc:HoVaTen><qldc:NgayThangNamSinh><qldc:Nam>1990"
      "</qldc:Nam></qldc:NgayThangNamSinh>"));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->full_name, "Nguyễn  Văn Đức");
  EXPECT_EQ(r->query.name_key, "NGUYEN VAN DUC");
  EXPECT_TRUE(r->query.id_number.empty());
}

TEST(Soap, ParsesXacThuc) {
  const auto r = ParseRequest(Envelope(
      "<qldc:XacThucThongTinCongDan><qldc:MaYeuCau>V-1</qldc:MaYeuCau><qldc:MaDVC>G15-TP110"
      "</qldc:MaDVC><qldc:MaTichHop>003</qldc:MaTichHop>" + std::string(kId) +
      "<qldc:HoVaTen>NGUYEN VAN AN</qldc:HoVaTen><qldc:NgayThangNamSinh><qldc:NgayThangNam>"
      "19850214</qldc:NgayThangNam></qldc:NgayThangNamSinh></qldc:XacThucThongTinCongDan>"));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->operation, "XacThucThongTinCongDan");
  EXPECT_EQ(r->service_code, "G15-TP110");
  EXPECT_EQ(r->query.id_number, "091085000123");
  EXPECT_EQ(*r->query.birth, (BirthDate{1985, 2, 14}));
}

TEST(Soap, BuildRequestRoundTrips) {
  SoapRequest full{.operation = "TraCuuThongTinCongDan", .request_id = "REQ<1>&\"2\"",
                   .service_code = "1.001234", .integration_code = "037",
                   .official = "091190000123", .unit_code = "000.00.00.H33",
                   .account = "canbo.tiepnhan01", .phone = "0919674667",
                   .query = {.id_number = "091085000123", .cmnd = "371234567",
                             .name_key = "NGUYEN VAN AN", .birth = BirthDate{1985, 2, 14}},
                   .full_name = "NGUYEN VAN AN"};
  SoapRequest by_name{.operation = "TraCuuThongTinCongDan",
                      .query = {.name_key = "TRAN THI BE", .birth = BirthDate{1950, 0, 0}},
                      .full_name = "TRAN THI BE"};
  SoapRequest verify{.operation = "XacThucThongTinCongDan", .request_id = "V-9",
                     .query = {.id_number = "091085000123", .name_key = "LE DUC",
                               .birth = BirthDate{2001, 12, 31}},
                     .full_name = "LE DUC"};
  for (const SoapRequest& want : {full, by_name, verify}) {
    SCOPED_TRACE(want.request_id + want.full_name);
    const std::string xml = BuildRequest(want);
    const auto got = ParseRequest(xml);
    ASSERT_TRUE(got.has_value()) << got.error().message << "\n" << xml;
    EXPECT_EQ(got->operation, want.operation);
    EXPECT_EQ(got->request_id, want.request_id);
    EXPECT_EQ(got->service_code, want.service_code);
    EXPECT_EQ(got->integration_code, want.integration_code);
    EXPECT_EQ(got->official, want.official);
    EXPECT_EQ(got->unit_code, want.unit_code);
    EXPECT_EQ(got->account, want.account);
    EXPECT_EQ(got->phone, want.phone);
    EXPECT_EQ(got->full_name, want.full_name);
    EXPECT_EQ(got->query.id_number, want.query.id_number);
    EXPECT_EQ(got->query.cmnd, want.query.cmnd);
    EXPECT_EQ(got->query.name_key, want.query.name_key);
    EXPECT_EQ(got->query.birth, want.query.birth);
  }
}

TEST(Soap, BuildRequestWritesWhatRealClientsWrite) {
  SoapRequest r{.request_id = "1", .service_code = "2", .integration_code = "037",
                .official = "4", .unit_code = "5", .account = "6", .phone = "0",
                .query = {.id_number = "091085000123", .birth = BirthDate{1985, 0, 0}},
                .full_name = "Nguyễn Văn An"};
  const std::string xml = BuildRequest(r);
  EXPECT_TRUE(xml.starts_with(
      "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns:dan=\"http://dancuquocgia.bca\"><soapenv:Header/><soapenv:Body>"
      "<dan:TraCuuThongTinCongDan><dan:MaYeuCau>1</dan:MaYeuCau>"))
      << xml;
  EXPECT_NE(xml.find("<dan:HoVaTen>NGUYEN VAN AN</dan:HoVaTen>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<dan:NgayThangNamSinh><dan:Nam>1985</dan:Nam></dan:NgayThangNamSinh>"),
            std::string::npos) << xml;
  std::size_t last = 0;
  for (const char* name : {"MaYeuCau", "MaDVC", "MaTichHop", "MaCanBo", "MaDonVi", "TaiKhoan",
                           "SoDienThoai", "SoDinhDanh", "HoVaTen", "NgayThangNamSinh"}) {
    const std::size_t at = xml.find(std::string("<dan:") + name + ">");
    ASSERT_NE(at, std::string::npos) << name;
    EXPECT_GT(at, last) << name << " out of contract order";
    last = at;
  }
  EXPECT_EQ(xml.find("SoCMND"), std::string::npos) << "empty fields are not written";
}

struct BadCase {
  std::string_view what;
  std::string xml;
  std::string_view fragment;
};

TEST(Soap, RefusesMalformedOrForeignDocumentsWithAMessage) {
  const std::string good = TraCuu(kId);
  const BadCase cases[] = {
      {"not XML", "xin chào", "không có phần tử gốc"},
      {"empty", "  \n", "rỗng"},
      {"truncated", good.substr(0, good.size() - 30), "XML không hợp lệ"},
      {"mismatched", TraCuu("<qldc:SoDinhDanh>091085000123</qldc:SoCMND>"), "XML không hợp lệ"},
      {"wrong operation namespace",
       "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
       "xmlns:qldc=\"http://dancuquocgia.bca.vn\"><soapenv:Body><qldc:TraCuuThongTinCongDan>" +
           std::string(kId) + "</qldc:TraCuuThongTinCongDan></soapenv:Body></soapenv:Envelope>",
       "phải thuộc namespace http://dancuquocgia.bca (đang là http://dancuquocgia.bca.vn)"},
      {"operation without namespace",
       "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
       "<soapenv:Body><TraCuuThongTinCongDan/></soapenv:Body></soapenv:Envelope>",
       "không có namespace"},
      {"undeclared prefix",
       "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
       "<soapenv:Body><dan:TraCuuThongTinCongDan/></soapenv:Body></soapenv:Envelope>",
       "phải thuộc namespace"},
      {"wrong envelope namespace",
       "<s:Envelope xmlns:s=\"http://example.com/envelope/\"><s:Body/></s:Envelope>",
       "Envelope của SOAP 1.1"},
      {"SOAP 1.2",
       "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body/></s:Envelope>",
       "SOAP 1.2"},
      {"root is not an envelope", "<qldc:TraCuuThongTinCongDan xmlns:qldc=\"http://dancuquocgia.bca\"/>",
       "Phần tử gốc"},
      {"no Body",
       "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
       "<soapenv:Header/></soapenv:Envelope>",
       "soapenv:Body"},
      {"empty Body", Envelope(""), "Body rỗng"},
      {"two operations", Envelope("<qldc:A/><qldc:B/>"), "một phần tử"},
      {"unknown operation", Envelope("<qldc:XoaThongTinCongDan>" + std::string(kId) +
                                     "</qldc:XoaThongTinCongDan>"),
       "XoaThongTinCongDan không được hỗ trợ"},
      {"not UTF-8", TraCuu("<qldc:HoVaTen>NGUY\xC1N</qldc:HoVaTen>"), "UTF-8"},
      {"declared Latin-1",
       "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + good, "phải mã hoá UTF-8"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.what);
    ExpectRefused(c.xml, c.fragment);
  }
}

TEST(Soap, RefusesInvalidValuesWithAMessage) {
  const std::string kBirth =
      "<qldc:NgayThangNamSinh><qldc:Nam>1985</qldc:Nam></qldc:NgayThangNamSinh>";
  const BadCase cases[] = {
      {"SoDinhDanh of 11 digits", TraCuu("<qldc:SoDinhDanh>91085000123</qldc:SoDinhDanh>"),
       "SoDinhDanh (số định danh cá nhân) phải gồm đúng 12 chữ số; giá trị gửi có 11"},
      {"SoDinhDanh with letters", TraCuu("<qldc:SoDinhDanh>09108500012A</qldc:SoDinhDanh>"),
       "chỉ được chứa chữ số"},
      {"SoCMND of 8 digits", TraCuu("<qldc:SoCMND>37123456</qldc:SoCMND>"), "đúng 9 chữ số"},
      {"impossible day",
       TraCuu("<qldc:HoVaTen>A</qldc:HoVaTen><qldc:NgayThangNamSinh><qldc:NgayThangNam>19850230"
              "</qldc:NgayThangNam></qldc:NgayThangNamSinh>"),
       "không phải một ngày có thật"},
      {"ISO date",
       TraCuu("<qldc:HoVaTen>A</qldc:HoVaTen><qldc:NgayThangNamSinh><qldc:NgayThangNam>1985-02-03"
              "</qldc:NgayThangNam></qldc:NgayThangNamSinh>"),
       "yyyyMMdd"},
      {"two-digit year",
       TraCuu("<qldc:HoVaTen>A</qldc:HoVaTen><qldc:NgayThangNamSinh><qldc:Nam>85</qldc:Nam>"
              "</qldc:NgayThangNamSinh>"),
       "4 chữ số"},
      {"year before 1800",
       TraCuu("<qldc:HoVaTen>A</qldc:HoVaTen><qldc:NgayThangNamSinh><qldc:Nam>1700</qldc:Nam>"
              "</qldc:NgayThangNamSinh>"),
       "từ 1800"},
      {"date as direct text",
       TraCuu("<qldc:HoVaTen>A</qldc:HoVaTen><qldc:NgayThangNamSinh>1985</qldc:NgayThangNamSinh>"),
       "không chứa văn bản trực tiếp"},
      {"both year and date",
       TraCuu("<qldc:HoVaTen>A</qldc:HoVaTen><qldc:NgayThangNamSinh><qldc:Nam>1985</qldc:Nam>"
              "<qldc:NgayThangNam>19850101</qldc:NgayThangNam></qldc:NgayThangNamSinh>"),
       "chỉ được chứa một"},
      {"no search key", TraCuu("<qldc:MaYeuCau>1</qldc:MaYeuCau>"), "cần SoDinhDanh, hoặc SoCMND"},
      {"name without birth date", TraCuu("<qldc:HoVaTen>NGUYEN VAN AN</qldc:HoVaTen>"),
       "HoVaTen kèm NgayThangNamSinh"},
      {"XacThuc without name and date",
       Envelope("<qldc:XacThucThongTinCongDan>" + std::string(kId) +
                "</qldc:XacThucThongTinCongDan>"),
       "còn thiếu: HoVaTen NgayThangNamSinh"},
      {"XacThuc by CMND",
       Envelope("<qldc:XacThucThongTinCongDan><qldc:SoCMND>371234567</qldc:SoCMND>"
                "<qldc:HoVaTen>A</qldc:HoVaTen>" + kBirth + "</qldc:XacThucThongTinCongDan>"),
       "còn thiếu: SoDinhDanh"},
      {"duplicate", TraCuu(std::string(kId) + std::string(kId)), "SoDinhDanh xuất hiện hai lần"},
      {"child in a foreign namespace",
       TraCuu("<x:SoDinhDanh xmlns:x=\"urn:other\">091085000123</x:SoDinhDanh>"),
       "SoDinhDanh phải thuộc namespace"},
      {"markup inside a value", TraCuu("<qldc:HoVaTen><b>A</b></qldc:HoVaTen>" + kBirth),
       "HoVaTen chỉ được chứa văn bản"},
      {"overlong value",
       TraCuu("<qldc:MaYeuCau>" + std::string(300, 'x') + "</qldc:MaYeuCau>" + std::string(kId)),
       "MaYeuCau quá dài"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.what);
    ExpectRefused(c.xml, c.fragment);
  }
}

// ---- Hardening against hostile documents ----

TEST(Soap, RefusesCharacterReferenceToALoneSurrogate) {
  // Issue 10 item 3: &#xD800; in MaYeuCau decoded to bytes that are not UTF-8, which later
  // aborted the process from the key-check thread. The codec refuses such a value.
  ExpectRefused(TraCuu("<qldc:MaYeuCau>A&#xD800;B</qldc:MaYeuCau>" + std::string(kId)),
                "Giá trị của MaYeuCau không phải văn bản UTF-8 hợp lệ");
  ExpectRefused(TraCuu("<qldc:HoVaTen>&#xDFFF;</qldc:HoVaTen>" + std::string(kId)),
                "HoVaTen không phải văn bản UTF-8");
  // A real astral character by reference is fine.
  EXPECT_TRUE(ParseRequest(TraCuu("<qldc:MaYeuCau>&#x1F600;</qldc:MaYeuCau>" + std::string(kId))).has_value());
}

TEST(Soap, MessagesQuotingTheDocumentAreValidUtf8) {
  // Issue 10 (fuzz/crashes/soap/error-message-not-utf8.xml): the wrong-namespace message quoted
  // a namespace URI decoded from &#xD800;, which is not UTF-8 and broke Fault() and the logs.
  const std::string xml =
      "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns:dan=\"&#xD800;x\"><soapenv:Body><dan:TraCuuThongTinCongDan/></soapenv:Body>"
      "</soapenv:Envelope>";
  const auto r = ParseRequest(xml);
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(core::IsValidUtf8(r.error().message)) << r.error().message;
  EXPECT_NE(r.error().message.find("namespace"), std::string::npos);
}

TEST(Soap, RefusesControlCharactersInValues) {
  // Issue 10 (fuzz/crashes/soap/control-char-round-trip.xml): &#x3; was accepted and came back
  // as U+FFFD, so the MaYeuCau echoed differed from the one sent.
  ExpectRefused(TraCuu("<qldc:MaYeuCau>A&#x3;B</qldc:MaYeuCau>" + std::string(kId)),
                "MaYeuCau chứa ký tự điều khiển");
}

TEST(Soap, RefusesNulByReferenceInsteadOfCuttingTheValue) {
  // Issue 11 attack finding 6: MaDVC "XMCD-03&#0;evil" was read as "XMCD-03" and allowed.
  for (const char* ref : {"&#0;", "&#x0;", "&#X00;", "&#000;"}) {
    SCOPED_TRACE(ref);
    ExpectRefused(TraCuu(std::string("<qldc:MaDVC>XMCD-03") + ref + "evil</qldc:MaDVC>" + std::string(kId)), "NUL");
  }
  // Numbers merely starting with 0 are other characters: &#048; is '0'.
  EXPECT_TRUE(ParseRequest(TraCuu(std::string("<qldc:MaYeuCau>A&#048;</qldc:MaYeuCau>") + std::string(kId))).has_value());
}

TEST(Soap, RefusesBodyOverTheByteLimit) {
  const std::string padding(64 * 1024, ' ');
  ExpectRefused(TraCuu(std::string(kId) + padding), "quá lớn");
  const std::string good = TraCuu(kId);
  ExpectRefused(good, "tối đa 100 byte", ParseLimits{.max_bytes = 100});
  EXPECT_TRUE(ParseRequest(good, ParseLimits{.max_bytes = good.size()}).has_value());
}

TEST(Soap, RefusesBillionLaughs) {
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    const std::string prev = i == 1 ? "lol" : "lol" + std::to_string(i - 1);
    xml += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) xml += "&" + prev + ";";
    xml += "\">\n";
  }
  xml += "]>\n" + TraCuu("<qldc:HoVaTen>&lol9;</qldc:HoVaTen>" + std::string(kId));
  ExpectRefused(xml, "DOCTYPE");
}

TEST(Soap, RefusesExternalEntity) {
  const std::string xml =
      "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" +
      TraCuu("<qldc:MaYeuCau>&xxe;</qldc:MaYeuCau>" + std::string(kId));
  const auto r = ParseRequest(xml);
  ASSERT_FALSE(r.has_value()) << "MaYeuCau: " << r->request_id;
  EXPECT_NE(r.error().message.find("DOCTYPE"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("root:"), std::string::npos) << r.error().message;
}

TEST(Soap, RefusesAnyDoctypeWhateverItsCase) {
  for (const char* decl : {"<!DOCTYPE soapenv:Envelope>", "<!doctype x>", "<!DocType x SYSTEM \"http://x/\">"}) {
    SCOPED_TRACE(decl);
    ExpectRefused(decl + TraCuu(kId), "DOCTYPE");
  }
}

TEST(Soap, UndeclaredEntityIsNeitherExpandedNorFetched) {
  // Without a DTD "&xxe;" names nothing: the value keeps the text and fails validation.
  ExpectRefused(TraCuu("<qldc:SoDinhDanh>&xxe;</qldc:SoDinhDanh>"), "chỉ được chứa chữ số");
}

TEST(Soap, RefusesProcessingInstructions) {
  ExpectRefused("<?xml-stylesheet href=\"evil.xsl\"?>" + TraCuu(kId),
                "chỉ thị xử lý <?xml-stylesheet?>");
  ExpectRefused(TraCuu("<?php echo 1; ?>" + std::string(kId)), "chỉ thị xử lý");
  EXPECT_TRUE(ParseRequest("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + TraCuu(kId)).has_value());
}

TEST(Soap, RefusesDeepNesting) {
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "<x>";
  for (int i = 0; i < 40; ++i) deep += "</x>";
  ExpectRefused(TraCuu(std::string(kId) + deep), "quá sâu (tối đa 32 cấp)");
  // Thousands of levels in under 64 KiB: refused, and no stack is exhausted on the way.
  std::string deeper;
  for (int i = 0; i < 8000; ++i) deeper += "<x>";
  for (int i = 0; i < 8000; ++i) deeper += "</x>";
  ExpectRefused(TraCuu(deeper), "quá sâu");
}

TEST(Soap, RefusesTooManyElements) {
  std::string many;
  for (int i = 0; i < 600; ++i) many += "<x/>";
  ExpectRefused(TraCuu(std::string(kId) + many), "quá nhiều phần tử XML (tối đa 512)");
  EXPECT_TRUE(ParseRequest(TraCuu(std::string(kId) + many),
                           ParseLimits{.max_elements = 1000}).has_value());
}

}  // namespace
}  // namespace dancu::population
