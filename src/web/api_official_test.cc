// Tests of an official's lookup form (checked before the gateway) and the
// masked history.
#include "web/api_official.h"

#include <gtest/gtest.h>

namespace dancu::web {
namespace {

using nlohmann::json;

std::vector<std::string> Columns(const core::Error& e) {
  std::vector<std::string> out;
  for (const auto& d : e.details) out.push_back(d.column);
  return out;
}

TEST(OfficialLookupForm, AcceptsEachWayOfFindingACitizen) {
  auto by_cccd = ParseLookupForm(
      {{"cccd", " 091 192 081 601 "}, {"purpose", "XMCD-04"}, {"dossier", "  HS-2024  01 "}});
  ASSERT_TRUE(by_cccd.has_value()) << by_cccd.error().message;
  EXPECT_EQ(by_cccd->query.id_number, "091192081601");
  EXPECT_EQ(by_cccd->dossier, "HS-2024 01");
  EXPECT_EQ(by_cccd->purpose, "XMCD-04");

  auto by_cmnd = ParseLookupForm({{"cmnd", "371834024"}, {"purpose", "XMCD-04"}, {"dossier", "1"}});
  ASSERT_TRUE(by_cmnd.has_value());
  EXPECT_EQ(by_cmnd->query.cmnd, "371834024");
  EXPECT_TRUE(by_cmnd->query.id_number.empty());

  for (auto [birth, expected] : {std::pair{"27/04/1992", population::BirthDate{1992, 4, 27}},
                                 std::pair{"1992-04-27", population::BirthDate{1992, 4, 27}},
                                 std::pair{"7/4/1992", population::BirthDate{1992, 4, 7}},
                                 std::pair{"1992", population::BirthDate{1992, 0, 0}}}) {
    auto by_name = ParseLookupForm(
        {{"name", "phạm  tường yến"}, {"birth", birth}, {"purpose", "XMCD-04"}, {"dossier", "1"}});
    ASSERT_TRUE(by_name.has_value()) << birth << ": " << by_name.error().message;
    EXPECT_EQ(by_name->query.name_key, "PHAM TUONG YEN");
    ASSERT_TRUE(by_name->query.birth.has_value());
    EXPECT_EQ(*by_name->query.birth, expected) << birth;
  }
}

TEST(OfficialLookupForm, TheChosenWayElseTheFirstKeyGivenIsTheOneUsed) {
  auto f = ParseLookupForm(
      {{"cccd", "091192081601"}, {"cmnd", "x"}, {"name", "1"}, {"purpose", "P"}, {"dossier", "1"}});
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_TRUE(f->query.cmnd.empty());
  EXPECT_TRUE(f->query.name_key.empty());
  auto by_cmnd = ParseLookupForm(
      {{"by", "cmnd"}, {"cccd", "x"}, {"cmnd", "371834024"}, {"purpose", "P"}, {"dossier", "1"}});
  ASSERT_TRUE(by_cmnd.has_value()) << by_cmnd.error().message;
  EXPECT_EQ(by_cmnd->query.cmnd, "371834024");
  EXPECT_TRUE(by_cmnd->query.id_number.empty());
}

TEST(OfficialLookupForm, EveryWrongFieldIsNamedWithItsOwnMessage) {
  struct Case {
    json body;
    std::vector<std::string> columns;
  };
  const std::string long_dossier(65, 'x');
  const Case cases[] = {
      {json::object(), {"cccd", "purpose", "dossier"}},
      {{{"cccd", "09119208160"}, {"purpose", "P"}, {"dossier", "1"}}, {"cccd"}},   // 11 digits
      {{{"cccd", "0911920816O1"}, {"purpose", "P"}, {"dossier", "1"}}, {"cccd"}},  // letter O
      {{{"cmnd", "37183402"}, {"purpose", "P"}, {"dossier", "1"}}, {"cmnd"}},
      {{{"name", "Phạm Yến"}, {"purpose", "P"}, {"dossier", "1"}}, {"birth"}},
      {{{"birth", "1992"}, {"purpose", "P"}, {"dossier", "1"}}, {"name"}},
      {{{"name", "Ph4m"}, {"birth", "31/02/1992"}, {"purpose", "P"}, {"dossier", "1"}},
       {"name", "birth"}},
      {{{"name", "Phạm Yến"}, {"birth", "01/01/2999"}, {"purpose", "P"}, {"dossier", "1"}},
       {"birth"}},
      {{{"name", "Phạm Yến"}, {"birth", "1850"}, {"purpose", "P"}, {"dossier", "1"}}, {"birth"}},
      {{{"cccd", "091192081601"}, {"purpose", " "}, {"dossier", "   "}}, {"purpose", "dossier"}},
      {{{"cccd", "091192081601"}, {"purpose", "P"}, {"dossier", long_dossier}}, {"dossier"}},
      {{{"cccd", "091192081601"}, {"purpose", "P"}, {"dossier", "HS\x01"}}, {"dossier"}},
      {{{"cccd", 91192081601}, {"purpose", "P"}, {"dossier", "1"}},
       {"cccd"}},  // a number, not text
      {{{"by", "cmnd"}, {"cccd", "091192081601"}, {"purpose", "P"}, {"dossier", "1"}}, {"cmnd"}},
      {{{"by", "name"}, {"purpose", "P"}, {"dossier", "1"}}, {"name", "birth"}},
      {{{"by", "passport"}, {"purpose", "P"}, {"dossier", "1"}}, {"by"}},
  };
  for (const auto& c : cases) {
    auto f = ParseLookupForm(c.body);
    ASSERT_FALSE(f.has_value()) << c.body.dump();
    EXPECT_EQ(f.error().code, core::Code::kInvalidArgument);
    EXPECT_EQ(Columns(f.error()), c.columns) << c.body.dump();
    for (const auto& d : f.error().details) EXPECT_FALSE(d.message.empty());
  }
  // 64 characters are allowed, counted as characters, not bytes.
  std::string vietnamese;
  for (int i = 0; i < 64; ++i) vietnamese += "đ";
  EXPECT_TRUE(ParseLookupForm({{"cccd", "091192081601"}, {"purpose", "P"}, {"dossier", vietnamese}})
                  .has_value());
}

TEST(OfficialHistory, IdentifiersAreMaskedByKind) {
  EXPECT_EQ(MaskSubject("091192081601"), "0911******01");
  EXPECT_EQ(MaskSubject("371834024"), "371****24");
  EXPECT_EQ(MaskSubject("PHAMTUONGYEN|19920427"), "PH***, sinh 1992");
  EXPECT_EQ(MaskSubject("PHAMTUONGYEN|1992"), "PH***, sinh 1992");
  EXPECT_EQ(MaskSubject("AB"), "**");
  EXPECT_EQ(MaskSubject(""), "");
  EXPECT_EQ(SubjectKind("091192081601"), "cccd");
  EXPECT_EQ(SubjectKind("371834024"), "cmnd");
  EXPECT_EQ(SubjectKind("PHAMTUONGYEN|19920427"), "name");
  EXPECT_EQ(SubjectKind("ABC"), "other");
  EXPECT_EQ(SubjectKind(""), "none");
}

}  // namespace
}  // namespace dancu::web
