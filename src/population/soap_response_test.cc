// Tests of the response side of the SOAP codec (soap.h): CongdanCollection, XacThuc, Faults.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "population/soap.h"

namespace dancu::population {
namespace {

// A synthetic citizen with every field filled, Vietnamese text and XML-special characters.
Citizen FullCitizen() {
  Citizen c;
  c.id_number = "091185000321";
  c.cmnd = "371234567";
  c.family_name = "Nguyễn";
  c.middle_name = "Thị Ngọc";
  c.given_name = "Ánh";
  c.sex = 2;
  c.ethnicity = "01";
  c.religion = "00";
  c.nationality = "VN";
  c.marital_status = "2";
  c.blood_group = "3";
  c.birth = {1985, 2, 14};
  c.birth_registration = {"91", "903", "30820", "UBND phường Vĩnh Thanh Vân", "VN"};
  c.hometown = {"91", "899", "30700", "Ấp Đông Hưng, xã Đông Thái", "VN"};
  c.permanent = {"91", "903", "30823", "Số 12 <Khu phố 3> & \"Tổ 5\", 'hẻm Đỗ Đức'", "VN"};
  c.current = {"79", "760", "26734", "12/3 Nguyễn Thị Minh Khai, dòng 1\r\ndòng 2", "VN"};
  c.father = {"Nguyễn Văn Bảy", "VN", "091055000111", "370000111"};
  c.mother = {"Lê Thị Tám", "VN", "091158000222", ""};
  c.spouse = {"Trần Quốc Toản", "VN", "091083000333", "371999888"};
  c.representative = {"Phạm Đức Minh", "VN", "091070000444", ""};
  c.household_head = {"Con", "091055000111", "370000111", "Nguyễn Văn Bảy"};
  c.household_book = "HK-91-000123";
  return c;
}

// An older record: year-only birth, no relatives, one with an empty nationality.
Citizen SparseCitizen() {
  Citizen c;
  c.id_number = "091040000555";
  c.family_name = "Đặng";
  c.given_name = "Út";
  c.sex = 1;
  c.birth = {1940, 0, 0};
  c.permanent = {"91", "912", "31354", "Ấp Rạch Sỏi", "VN"};
  c.spouse.nationality = "";
  c.household_head = {"Chủ hộ", "091040000555", "", "Đặng Út"};
  return c;
}

// `s` with the first `from` replaced by `to`. REQUIRES: `from` occurs in `s`.
std::string Replaced(std::string s, std::string_view from, std::string_view to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(Soap, TraCuuResponseRoundTripsAFullCitizen) {
  const Citizen want = FullCitizen();
  const std::string xml = TraCuuResponse({want}, "REQ-1");
  const auto got = ParseTraCuuResponse(xml);
  ASSERT_TRUE(got.has_value()) << got.error().message << "\n" << xml;
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0], want);
  EXPECT_EQ((*got)[0].permanent.detail, "Số 12 <Khu phố 3> & \"Tổ 5\", 'hẻm Đỗ Đức'");
  EXPECT_NE(xml.find("&lt;Khu phố 3&gt; &amp; &quot;Tổ 5&quot;"), std::string::npos) << xml;
}

TEST(Soap, TraCuuResponseRoundTripsYearOnlyBirthAndEmptyRelatives) {
  const std::vector<Citizen> want = {SparseCitizen(), FullCitizen(), Citizen{}};
  const std::string xml = TraCuuResponse(want, "");
  EXPECT_NE(xml.find("<ns1:NgayThangNamSinh><ns1:Nam>1940</ns1:Nam></ns1:NgayThangNamSinh>"),
            std::string::npos);
  EXPECT_NE(xml.find("<ns1:NgayThangNamSinh/>"), std::string::npos) << "unknown birth date";
  const auto got = ParseTraCuuResponse(xml);
  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_EQ(*got, want);
}

TEST(Soap, TraCuuResponseHasTheContractShape) {
  const std::string xml = TraCuuResponse({FullCitizen()}, "REQ-<7>");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  const pugi::xml_node env = doc.child("soapenv:Envelope");
  EXPECT_STREQ(env.attribute("xmlns:soapenv").value(), "http://schemas.xmlsoap.org/soap/envelope/");
  EXPECT_STREQ(env.child("soapenv:Header").child_value("dan:MaYeuCau"), "REQ-<7>");
  const pugi::xml_node coll = env.child("soapenv:Body").child("ns1:CongdanCollection");
  EXPECT_STREQ(coll.attribute("xmlns:ns1").value(), "http://www.mic.gov.vn/dancu/1.0");
  const pugi::xml_node cd = coll.child("ns1:CongDan");
  std::vector<std::string> names;
  for (const pugi::xml_node e : cd.children()) names.push_back(e.name());
  const std::vector<std::string> want = {
      "ns1:SoDinhDanh", "ns1:SoCMND", "ns1:HoVaTen", "ns1:GioiTinh", "ns1:DanToc",
      "ns1:TonGiao", "ns1:TinhTrangHonNhan", "ns1:NhomMau", "ns1:QuocTich",
      "ns1:NgayThangNamSinh", "ns1:NoiDangKyKhaiSinh", "ns1:QueQuan", "ns1:ThuongTru",
      "ns1:NoiOHienTai", "ns1:Cha", "ns1:Me", "ns1:VoChong", "ns1:NguoiDaiDien", "ns1:ChuHo",
      "ns1:SoSoHoKhau"};
  EXPECT_EQ(names, want);
  std::vector<std::string> address, relative, head, name;
  for (const pugi::xml_node e : cd.child("ns1:ThuongTru").children()) address.push_back(e.name());
  for (const pugi::xml_node e : cd.child("ns1:Me").children()) relative.push_back(e.name());
  for (const pugi::xml_node e : cd.child("ns1:ChuHo").children()) head.push_back(e.name());
  for (const pugi::xml_node e : cd.child("ns1:HoVaTen").children()) name.push_back(e.name());
  EXPECT_EQ(address, (std::vector<std::string>{"ns1:MaTinhThanh", "ns1:MaQuanHuyen",
                                               "ns1:MaPhuongXa", "ns1:ChiTiet", "ns1:QuocGia"}));
  EXPECT_EQ(relative, (std::vector<std::string>{"ns1:HoVaTen", "ns1:QuocTich", "ns1:SoDinhDanh",
                                                "ns1:SoCMND"}));
  EXPECT_EQ(head, (std::vector<std::string>{"ns1:QuanHe", "ns1:SoDinhDanh", "ns1:SoCMND",
                                            "ns1:HoVaTen"}));
  EXPECT_EQ(name, (std::vector<std::string>{"ns1:Ho", "ns1:ChuDem", "ns1:Ten"}));
  EXPECT_STREQ(cd.child_value("ns1:GioiTinh"), "2");
  EXPECT_STREQ(cd.child("ns1:NgayThangNamSinh").child_value("ns1:NgayThangNam"), "19850214");
}

TEST(Soap, EmptyCollectionMeansNotFound) {
  const std::string xml = TraCuuResponse({}, "REQ-2");
  EXPECT_NE(xml.find("<ns1:CongdanCollection xmlns:ns1=\"http://www.mic.gov.vn/dancu/1.0\">"
                     "</ns1:CongdanCollection>"),
            std::string::npos) << xml;
  const auto got = ParseTraCuuResponse(xml);
  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_TRUE(got->empty());
}

TEST(Soap, ReadsTheResponseAsTheNationalServiceWritesIt) {
  // Prefix ns1, dan declared on Header and Body, indentation, relatives and ChuHo omitted,
  // a second unqualified CongDan.
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
    <soapenv:Header xmlns:dan="http://dancuquocgia.bca"/>
    <soapenv:Body xmlns:dan="http://dancuquocgia.bca">
        <ns1:CongdanCollection xmlns:ns1="http://www.mic.gov.vn/dancu/1.0">
            <ns1:CongDan>
                <ns1:SoDinhDanh>091085000123</ns1:SoDinhDanh>
                <ns1:SoCMND>371234567</ns1:SoCMND>
                <ns1:HoVaTen>
                    <ns1:Ho>Nguyễn</ns1:Ho>
                    <ns1:ChuDem>Văn</ns1:ChuDem>
                    <ns1:Ten>An</ns1:Ten>
                </ns1:HoVaTen>
                <ns1:GioiTinh>1</ns1:GioiTinh>
                <ns1:NgayThangNamSinh>
                    <ns1:NgayThangNam>19850214</ns1:NgayThangNam>
                </ns1:NgayThangNamSinh>
                <ns1:ThuongTru>
                    <ns1:MaTinhThanh>91</ns1:MaTinhThanh>
                    <ns1:ChiTiet><![CDATA[Số 5 <hẻm 2>]]></ns1:ChiTiet>
                </ns1:ThuongTru>
                <ns1:ThongTinKhac>bỏ qua</ns1:ThongTinKhac>
            </ns1:CongDan>
            <CongDan><SoDinhDanh>091040000555</SoDinhDanh><GioiTinh>Nữ</GioiTinh></CongDan>
        </ns1:CongdanCollection>
    </soapenv:Body>
</soapenv:Envelope>)";
  const auto got = ParseTraCuuResponse(xml);
  ASSERT_TRUE(got.has_value()) << got.error().message;
  ASSERT_EQ(got->size(), 2u);
  const Citizen& a = (*got)[0];
  EXPECT_EQ(a.id_number, "091085000123");
  EXPECT_EQ(a.FullName(), "Nguyễn Văn An");
  EXPECT_EQ(a.sex, 1);
  EXPECT_EQ(a.birth, (BirthDate{1985, 2, 14}));
  EXPECT_EQ(a.permanent.province, "91");
  EXPECT_EQ(a.permanent.detail, "Số 5 <hẻm 2>");
  EXPECT_EQ(a.permanent.country, "VN") << "an omitted QuocGia keeps the default";
  EXPECT_EQ(a.father, Relative{});
  EXPECT_EQ((*got)[1].id_number, "091040000555");
  EXPECT_EQ((*got)[1].sex, 2);
}

TEST(Soap, ControlCharactersAreReplacedSoTheResponseStaysWellFormed) {
  Citizen c = FullCitizen();
  c.current.detail = std::string("Tổ\x01 7\x1f");
  const auto got = ParseTraCuuResponse(TraCuuResponse({c}, "R"));
  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_EQ((*got)[0].current.detail, "Tổ\xEF\xBF\xBD 7\xEF\xBF\xBD");
}

TEST(Soap, FaultRoundTripsWithItsCode) {
  const std::string message = "SoDinhDanh phải gồm đúng 12 chữ số <&> \"x\"";
  const auto client = ParseTraCuuResponse(Fault(true, message));
  ASSERT_FALSE(client.has_value());
  EXPECT_EQ(client.error().code, core::Code::kInvalidArgument);
  EXPECT_EQ(client.error().message, message);
  const auto server = ParseXacThucResponse(Fault(false, "Cơ sở dữ liệu tạm ngừng."));
  ASSERT_FALSE(server.has_value());
  EXPECT_EQ(server.error().code, core::Code::kUnavailable);
  EXPECT_EQ(server.error().message, "Cơ sở dữ liệu tạm ngừng.");
  EXPECT_NE(Fault(true, "x").find("<faultcode>soapenv:Client</faultcode>"), std::string::npos);
  EXPECT_NE(Fault(false, "x").find("<faultcode>soapenv:Server</faultcode>"), std::string::npos);
}

TEST(Soap, ReadsFaultsOfOtherServers) {
  struct Case {
    std::string_view code;
    core::Code want;
  };
  const Case cases[] = {{"S:Client", core::Code::kInvalidArgument},
                        {"S:Client.Authentication", core::Code::kInvalidArgument},
                        {"S:Server", core::Code::kUnavailable},
                        {"S:Server.Timeout", core::Code::kUnavailable},
                        {"x:Client", core::Code::kUnavailable}};  // x is not the SOAP namespace
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code);
    const std::string xml =
        "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:x=\"urn:x\">"
        "<S:Body><S:Fault><faultcode>" + std::string(c.code) +
        "</faultcode><faultstring>  Lỗi xử lý  </faultstring><detail><a/></detail></S:Fault>"
        "</S:Body></S:Envelope>";
    const auto r = ParseTraCuuResponse(xml);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, c.want);
    EXPECT_EQ(r.error().message, "Lỗi xử lý");
  }
}

TEST(Soap, XacThucResponseRoundTrips) {
  for (const bool match : {true, false}) {
    const std::string xml = XacThucResponse(match, "V-<1>");
    EXPECT_NE(xml.find(std::string("<ns1:KetQua>") + (match ? "true" : "false") + "</ns1:KetQua>"),
              std::string::npos) << xml;
    EXPECT_NE(xml.find("<ns1:MaYeuCau>V-&lt;1&gt;</ns1:MaYeuCau>"), std::string::npos) << xml;
    const auto got = ParseXacThucResponse(xml);
    ASSERT_TRUE(got.has_value()) << got.error().message;
    EXPECT_EQ(*got, match);
  }
  const std::string digits =
      "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body>"
      "<XacThucThongTinCongDanResponse xmlns=\"http://www.mic.gov.vn/dancu/1.0\"><KetQua> 1 "
      "</KetQua></XacThucThongTinCongDanResponse></e:Body></e:Envelope>";
  ASSERT_TRUE(ParseXacThucResponse(digits).has_value());
  EXPECT_TRUE(*ParseXacThucResponse(digits));
}

TEST(Soap, InvalidResponsesAreTheServicesFault) {
  struct Case {
    std::string_view what;
    std::string xml;
    std::string_view fragment;
  };
  const std::string good = TraCuuResponse({FullCitizen()}, "R");
  const Case cases[] = {
      {"HTML error page", "<html><body>502 Bad Gateway</body></html>", "Envelope của SOAP 1.1"},
      {"truncated", good.substr(0, good.size() / 2), "XML không hợp lệ"},
      {"DOCTYPE", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + good, "DOCTYPE"},
      {"wrong payload", XacThucResponse(true, "R"), "CongdanCollection"},
      {"bad sex",
       Replaced(good, "<ns1:GioiTinh>2</ns1:GioiTinh>", "<ns1:GioiTinh>X</ns1:GioiTinh>"),
       "GioiTinh"},
      {"bad date",
       Replaced(good, "19850214", "19851314"),
       "không phải một ngày có thật"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const auto r = ParseTraCuuResponse(c.xml);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, core::Code::kUnavailable);
    EXPECT_NE(r.error().message.find("Phản hồi của dịch vụ dân cư không hợp lệ"), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find(c.fragment), std::string::npos) << r.error().message;
  }
  const auto missing = ParseXacThucResponse(TraCuuResponse({}, "R"));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::Code::kUnavailable);
  const auto big = ParseTraCuuResponse(good, ParseLimits{.max_bytes = 1000});
  ASSERT_FALSE(big.has_value());
  EXPECT_NE(big.error().message.find("quá lớn"), std::string::npos) << big.error().message;
}

}  // namespace
}  // namespace dancu::population
