// Tests for the organisations catalogue: demo import, upsert, per-row refusals, list filters.
#include "registry/catalogue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "registry/demo.h"
#include "registry/test_support.h"

namespace dancu::registry {
namespace {

using test_support::kActor;
using test_support::TempDb;

std::vector<Org> List(store::Database& db, const OrgFilter& filter) {
  auto orgs = db.Read([&](store::Tx& tx) { return ListOrgs(tx, filter); });
  EXPECT_TRUE(orgs) << orgs.error().message;
  return orgs ? *orgs : std::vector<Org>{};
}

TEST(Catalogue, DemoCatalogueImportsEveryUnitWithItsKind) {
  TempDb t;
  ASSERT_TRUE(t);
  auto report = ImportOrgsCsv(t.db(), DemoFile("kiengiang_2021_orgs.csv"), kActor);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->inserted, 363);
  EXPECT_EQ(report->updated, 0);
  EXPECT_EQ(List(t.db(), {}).size(), 363u);

  const std::pair<OrgKind, size_t> counts[] = {{OrgKind::kProvince, 1},
                                               {OrgKind::kDepartment, 23},
                                               {OrgKind::kDistrict, 15},
                                               {OrgKind::kOffice, 180},
                                               {OrgKind::kCommune, 144}};
  for (const auto& [kind, want] : counts) {
    auto orgs = List(t.db(), {.kind = kind});
    EXPECT_EQ(orgs.size(), want) << KindCode(kind);
    for (const auto& o : orgs) EXPECT_EQ(o.kind, kind) << o.code;
  }

  auto province = t.db().Read([](store::Tx& tx) { return FindOrg(tx, "000.00.00.H33"); });
  ASSERT_TRUE(province) << province.error().message;
  EXPECT_EQ(province->name, "UBND tỉnh Kiên Giang");
  EXPECT_EQ(province->parent_code, "");
  EXPECT_EQ(province->gso_code, "91");
  EXPECT_TRUE(province->fictitious);
  EXPECT_EQ(province->valid_to, "2025-06-30");
}

TEST(Catalogue, ReimportUpdatesInsteadOfDuplicating) {
  TempDb t;
  ASSERT_TRUE(t);
  std::string csv(DemoFile("kiengiang_2021_orgs.csv"));
  ASSERT_TRUE(ImportOrgsCsv(t.db(), csv, kActor));

  const std::string old_row = "000.00.08.H33,Sở Tư pháp,";
  const size_t at = csv.find(old_row);
  ASSERT_NE(at, std::string::npos);
  csv.replace(at, old_row.size(), "000.00.08.H33,Sở Tư pháp tỉnh Kiên Giang,");
  auto again = ImportOrgsCsv(t.db(), csv, kActor);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->updated, 363);
  EXPECT_EQ(test_support::CountRows(t.db(), "org"), 363);

  auto justice = t.db().Read([](store::Tx& tx) { return FindOrg(tx, "000.00.08.H33"); });
  ASSERT_TRUE(justice) << justice.error().message;
  EXPECT_EQ(justice->name, "Sở Tư pháp tỉnh Kiên Giang");
  // The accent-free search key follows the new name.
  auto found = List(t.db(), {.query = "tu phap tinh kien giang"});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "000.00.08.H33");
}

TEST(Catalogue, FileBreakingEveryRuleOnceIsRefusedWholeWithOneErrorPerRow) {
  TempDb t;
  ASSERT_TRUE(t);
  const std::string csv =
      "ma_dinh_danh,ten,loai,ma_cha,ma_hanh_chinh,hieu_luc_tu,hieu_luc_den\n"
      "000.00.00.H99,UBND tỉnh Thử,tinh,,99,,\n"                        // 2 valid
      "000.00.01.H99,Sở Một,so,000.00.00.H99,,,\n"                      // 3 valid
      "000.00.31.H99,UBND huyện Một,huyen,000.00.00.H99,,,\n"           // 4 valid
      "12.34.X,Sở Sai Mã,so,000.00.00.H99,,,\n"                         // 5 bad code
      "000.00.02.H99,Sở Hai,bo,000.00.00.H99,,,\n"                      // 6 unknown kind
      "000.00.03.H99,Sở Ba,so,000.00.77.H99,,,\n"                       // 7 unknown parent
      "000.21.01.H99,UBND xã Sai Chỗ,xa,000.00.01.H99,,,\n"             // 8 xã under sở
      "000.00.01.H99,Sở Một lặp lại,so,000.00.00.H99,,,\n"              // 9 duplicate
      "000.00.04.H99,Sở Bốn,so,000.00.00.H99,,2021-02-30,\n"            // 10 bad date
      "000.00.05.H99,Sở Năm,so,000.00.00.H99,,2021-01-01,2020-12-31\n"  // 11 to < from
      "000.00.06.H99,,so,000.00.00.H99,,,\n";                           // 12 no name
  auto r = ImportOrgsCsv(t.db(), csv, kActor);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  EXPECT_NE(r.error().message.find("chưa ghi dòng nào"), std::string::npos) << r.error().message;

  struct Want {
    int row;
    std::string column;
    std::string fragment;
  };
  const Want want[] = {
      {5, "ma_dinh_danh", "Mã định danh cơ quan"},
      {6, "loai", "\"bo\" không hợp lệ"},
      {7, "ma_cha", "không có trong tệp lẫn danh mục"},
      {8, "ma_cha", "không thể trực thuộc Sở, ban, ngành"},
      {9, "ma_dinh_danh", "lặp lại trong tệp"},
      {10, "hieu_luc_tu", ""},
      {11, "hieu_luc_den", "trước ngày có hiệu lực"},
      {12, "ten", "Thiếu tên"},
  };
  auto details = r.error().details;
  std::sort(details.begin(), details.end(),
            [](const auto& a, const auto& b) { return a.row < b.row; });
  ASSERT_EQ(details.size(), std::size(want));
  for (size_t i = 0; i < details.size(); ++i) {
    EXPECT_EQ(details[i].row, want[i].row) << i;
    EXPECT_EQ(details[i].column, want[i].column) << "row " << want[i].row;
    EXPECT_FALSE(details[i].message.empty()) << "row " << want[i].row;
    EXPECT_NE(details[i].message.find(want[i].fragment), std::string::npos)
        << "row " << want[i].row << ": " << details[i].message;
  }
  // Not even the valid rows 2–4 were written, nor the import recorded.
  EXPECT_EQ(test_support::CountRows(t.db(), "org"), 0);
  EXPECT_EQ(test_support::CountRows(t.db(), "history"), 0);
}

TEST(Catalogue, MissingRequiredColumnIsRefusedBeforeAnyRow) {
  TempDb t;
  ASSERT_TRUE(t);
  auto r = ImportOrgsCsv(
      t.db(), "ma_dinh_danh,ten,loai,ma_hanh_chinh\n000.00.00.H99,Tỉnh,tinh,99\n", kActor);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kInvalidArgument);
  ASSERT_EQ(r.error().details.size(), 1u);
  EXPECT_EQ(r.error().details[0].column, "ma_cha");
  EXPECT_EQ(r.error().details[0].row, 1);
  EXPECT_EQ(test_support::CountRows(t.db(), "org"), 0);
}

TEST(Catalogue, ListOrgsFiltersByKindParentAccentFreeQueryAndValidity) {
  TempDb t;
  ASSERT_TRUE(t);
  ASSERT_TRUE(test_support::LoadDemoCatalogue(t.db()));

  auto districts = List(t.db(), {.kind = OrgKind::kDistrict});
  ASSERT_EQ(districts.size(), 15u);

  // Direct children of UBND huyện Hòn Đất: its offices and communes, nothing else.
  auto children = List(t.db(), {.parent_code = "000.00.34.H33"});
  EXPECT_EQ(children.size(), 26u);
  for (const auto& o : children) {
    EXPECT_EQ(o.parent_code, "000.00.34.H33") << o.code;
    EXPECT_TRUE(o.kind == OrgKind::kOffice || o.kind == OrgKind::kCommune) << o.code;
  }
  auto communes = List(t.db(), {.kind = OrgKind::kCommune, .parent_code = "000.00.34.H33"});
  EXPECT_FALSE(communes.empty());
  EXPECT_LT(communes.size(), children.size());
  for (const auto& o : communes) EXPECT_EQ(o.kind, OrgKind::kCommune) << o.code;

  for (const std::string query : {"hon dat", "HÒN ĐẤT", "  Hòn   đất "}) {
    auto found = List(t.db(), {.query = query});
    EXPECT_EQ(found.size(), 14u) << query;  // every demo unit whose name holds "Hòn Đất"
    bool district = false;
    for (const auto& o : found) {
      EXPECT_NE(core::FoldForSearch(o.name).find("hon dat"), std::string::npos) << o.name;
      district |= o.name == "UBND huyện Hòn Đất";
    }
    EXPECT_TRUE(district) << query;
  }
  auto huyen_only = List(t.db(), {.kind = OrgKind::kDistrict, .query = "hon dat"});
  ASSERT_EQ(huyen_only.size(), 1u);
  EXPECT_EQ(huyen_only[0].code, "000.00.34.H33");
  // A code fragment matches too.
  auto by_code = List(t.db(), {.query = "000.00.34.H33"});
  ASSERT_EQ(by_code.size(), 1u);
  EXPECT_EQ(by_code[0].name, "UBND huyện Hòn Đất");

  // The 2025 reform: the demo catalogue ends on 30/06/2025.
  EXPECT_TRUE(List(t.db(), {.valid_on = core::Date(2025, 7, 1)}).empty());
  EXPECT_EQ(List(t.db(), {.valid_on = core::Date(2025, 6, 30)}).size(), 363u);
  EXPECT_EQ(List(t.db(), {.valid_on = core::Date(2021, 8, 23)}).size(), 363u);

  auto all = List(t.db(), {});
  auto page = List(t.db(), {.limit = 10, .offset = 5});
  ASSERT_EQ(page.size(), 10u);
  EXPECT_EQ(page[0].code, all[5].code);
  EXPECT_EQ(page[9].code, all[14].code);
}

TEST(Catalogue, FindOrgOfAnUnknownCodeIsNotFound) {
  TempDb t;
  ASSERT_TRUE(t);
  ASSERT_TRUE(test_support::LoadDemoCatalogue(t.db()));
  auto r = t.db().Read([](store::Tx& tx) { return FindOrg(tx, "000.00.99.H33"); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Code::kNotFound);
  EXPECT_NE(r.error().message.find("000.00.99.H33"), std::string::npos) << r.error().message;
}

TEST(Catalogue, OnlyTheAllowedKindsMayContainEachOther) {
  EXPECT_TRUE(MayContain(OrgKind::kProvince, OrgKind::kDepartment));
  EXPECT_TRUE(MayContain(OrgKind::kProvince, OrgKind::kDistrict));
  EXPECT_TRUE(MayContain(OrgKind::kDistrict, OrgKind::kOffice));
  EXPECT_TRUE(MayContain(OrgKind::kDistrict, OrgKind::kCommune));
  EXPECT_FALSE(MayContain(OrgKind::kDepartment, OrgKind::kCommune));
  EXPECT_FALSE(MayContain(OrgKind::kProvince, OrgKind::kCommune));
  EXPECT_FALSE(MayContain(OrgKind::kCommune, OrgKind::kProvince));
  for (std::string_view code : {"tinh", "so", "huyen", "phong", "xa"}) {
    auto kind = ParseKind(code);
    ASSERT_TRUE(kind) << code;
    EXPECT_EQ(KindCode(*kind), code);
  }
  EXPECT_FALSE(ParseKind("bo"));
}

}  // namespace
}  // namespace dancu::registry
