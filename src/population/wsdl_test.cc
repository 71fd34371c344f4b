// Tests of the WSDL (wsdl.h): well-formed, both operations, and schemas that describe exactly
// what the codec (soap.h) writes.
#include "population/wsdl.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "population/soap.h"

namespace dancu::population {
namespace {

pugi::xml_document Load(const std::string& xml) {
  pugi::xml_document doc;
  const auto result = doc.load_string(xml.c_str(), pugi::parse_default | pugi::parse_declaration);
  EXPECT_TRUE(result) << result.description() << " at " << result.offset;
  return doc;
}

std::string_view Local(std::string_view name) {
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The schema of `tns` in the WSDL's types.
pugi::xml_node Schema(const pugi::xml_document& wsdl, std::string_view tns) {
  for (auto s : wsdl.child("wsdl:definitions").child("wsdl:types").children("xsd:schema")) {
    if (s.attribute("targetNamespace").value() == tns) return s;
  }
  ADD_FAILURE() << "no schema for " << tns;
  return {};
}

// The element declarations of a complex type's sequence or choice, in order.
std::vector<pugi::xml_node> Declared(pugi::xml_node type) {
  pugi::xml_node group = type.child("xsd:sequence");
  if (!group) group = type.child("xsd:choice");
  std::vector<pugi::xml_node> out;
  for (auto e : group.children("xsd:element")) out.push_back(e);
  return out;
}

std::vector<std::string> Names(const std::vector<pugi::xml_node>& declared) {
  std::vector<std::string> out;
  for (auto e : declared) out.emplace_back(e.attribute("name").value());
  return out;
}

std::vector<std::string> ChildNames(pugi::xml_node element) {
  std::vector<std::string> out;
  for (auto c : element.children()) {
    if (c.type() == pugi::node_element) out.emplace_back(Local(c.name()));
  }
  return out;
}

// Checks that `written` has exactly the children `type` declares (a choice: at most one of
// them), in order, and recurses into children of the schema's own complex types.
void ExpectMatches(pugi::xml_node schema, pugi::xml_node type, pugi::xml_node written) {
  SCOPED_TRACE(std::string("type ") + type.attribute("name").value());
  const auto declared = Declared(type);
  const auto names = Names(declared);
  const auto children = ChildNames(written);
  if (type.child("xsd:choice")) {
    ASSERT_LE(children.size(), 1u);
    if (!children.empty()) {
      EXPECT_NE(std::find(names.begin(), names.end(), children[0]), names.end());
    }
    return;
  }
  ASSERT_EQ(children, names);
  std::size_t i = 0;
  for (auto c = written.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view t = declared[i++].attribute("type").value();
    if (!t.starts_with("ns1:")) continue;
    auto sub =
        schema.find_child_by_attribute("xsd:complexType", "name", std::string(Local(t)).c_str());
    ASSERT_TRUE(sub) << t;
    ExpectMatches(schema, sub, c);
  }
}

TEST(Wsdl, IsWellFormedWithBothOperationsAndTheAddress) {
  // issue 11 item 5: a WSDL for those who generate clients.
  const std::string url = "https://dancu.example.vn:8443/soap?a=1&b=\"2\"";
  const auto doc = Load(Wsdl(url));
  const auto defs = doc.child("wsdl:definitions");
  ASSERT_TRUE(defs);
  std::vector<std::string> ops;
  for (auto op : defs.child("wsdl:portType").children("wsdl:operation")) {
    ops.emplace_back(op.attribute("name").value());
  }
  EXPECT_EQ(ops, (std::vector<std::string>{"TraCuuThongTinCongDan", "XacThucThongTinCongDan"}));
  const auto binding = defs.child("wsdl:binding");
  EXPECT_STREQ(binding.child("soap:binding").attribute("style").value(), "document");
  int bound = 0;
  for (auto op : binding.children("wsdl:operation")) {
    ++bound;
    auto action = op.child("soap:operation").attribute("soapAction");
    EXPECT_TRUE(action) << op.attribute("name").value();
    EXPECT_STREQ(action.value(), "");
    EXPECT_STREQ(op.child("wsdl:input").child("soap:body").attribute("use").value(), "literal");
  }
  EXPECT_EQ(bound, 2);
  EXPECT_EQ(defs.child("wsdl:service")
                .child("wsdl:port")
                .child("soap:address")
                .attribute("location")
                .value(),
            url);
}

Citizen EveryFieldCitizen(BirthDate birth) {
  Citizen c;
  c.id_number = "091185000321";
  c.cmnd = "371234567";
  c.family_name = "Nguyễn";
  c.middle_name = "Thị";
  c.given_name = "Ánh";
  c.sex = 2;
  c.birth = birth;
  c.permanent = {"91", "903", "30823", "Số 12", "VN"};
  c.father = {"Nguyễn Văn Bảy", "VN", "091055000111", "370000111"};
  c.household_head = {"Con", "091055000111", "370000111", "Nguyễn Văn Bảy"};
  c.household_book = "HK-91-000123";
  return c;
}

TEST(Wsdl, ResponseSchemaDescribesExactlyWhatTraCuuResponseWrites) {
  // issue 11 item 5: the schema must match the answer, child by child, in order.
  const auto wsdl = Load(Wsdl("http://127.0.0.1:8090/"));
  const auto schema = Schema(wsdl, kResponseNs);
  const auto congdan = schema.find_child_by_attribute("xsd:complexType", "name", "CongDan");
  ASSERT_TRUE(congdan);
  for (BirthDate birth : {BirthDate{1985, 2, 14}, BirthDate{1985, 0, 0}, BirthDate{}}) {
    const auto answer = Load(TraCuuResponse({EveryFieldCitizen(birth)}, "HS-1"));
    const auto collection =
        answer.first_child().next_sibling().child("soapenv:Body").child("ns1:CongdanCollection");
    ASSERT_TRUE(collection);
    EXPECT_TRUE(schema.find_child_by_attribute("xsd:element", "name", "CongdanCollection"));
    ExpectMatches(schema, congdan, collection.child("ns1:CongDan"));
  }
  const auto verify = Load(XacThucResponse(true, "HS-2"));
  const auto payload = verify.first_child().next_sibling().child("soapenv:Body").first_child();
  const auto declared =
      schema.find_child_by_attribute("xsd:element", "name", "XacThucThongTinCongDanResponse");
  ASSERT_TRUE(declared);
  EXPECT_EQ(ChildNames(payload), Names(Declared(declared.child("xsd:complexType"))));
}

TEST(Wsdl, RequestSchemaListsTheChildrenInTheOrderClientsWriteThem) {
  // issue 11 item 5: the request type follows BuildRequest (the order real clients use).
  const auto wsdl = Load(Wsdl("http://127.0.0.1:8090/"));
  const auto schema = Schema(wsdl, kRequestNs);
  const auto type = schema.find_child_by_attribute("xsd:complexType", "name", "YeuCau");
  ASSERT_TRUE(type);
  SoapRequest r{
      .operation = std::string(kOpXacThuc),
      .request_id = "HS-1",
      .service_code = "1.0",
      .integration_code = "037",
      .official = "091185000321",
      .unit_code = "H33",
      .account = "canbo",
      .phone = "0",
      .query = {.id_number = "091185000321", .cmnd = "371234567", .birth = BirthDate{1985, 0, 0}},
      .full_name = "Nguyễn Thị Ánh"};
  const auto request = Load(BuildRequest(r));
  const auto op = request.first_child().child("soapenv:Body").child("dan:XacThucThongTinCongDan");
  ASSERT_TRUE(op);
  EXPECT_EQ(ChildNames(op), Names(Declared(type)));
  EXPECT_TRUE(schema.find_child_by_attribute("xsd:element", "name", "TraCuuThongTinCongDan"));
  EXPECT_TRUE(schema.find_child_by_attribute("xsd:element", "name", "XacThucThongTinCongDan"));
}

}  // namespace
}  // namespace dancu::population
