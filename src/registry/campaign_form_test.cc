// Tests for the "new campaign" form: field-by-field errors and targets by kind or code, on
// the demo catalogue (23 sở, 15 UBND huyện, 180 phòng ban, 144 UBND xã; valid until 30/6/2025).
#include "registry/campaign_form.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "registry/test_support.h"

namespace dancu::registry {
namespace {

struct World {
  test_support::TempDb t;
  bool ok = false;
  World() { ok = t && test_support::LoadDemoCatalogue(t.db()); }
  Result<CampaignSpec> Spec(const CampaignForm& f) {
    return t.db().Read([&](store::Tx& tx) { return CampaignSpecFromForm(tx, f); });
  }
};

CampaignForm Valid() {
  return {.name = "Đợt bổ sung 2021", .basis = "Kế hoạch số 129/KH-UBND ngày 06/7/2021",
          .open_date = "01/08/2021", .deadline = "2021-08-30", .target_kinds = {"so"},
          .target_codes = "", .rules = {}};
}

// Field name → message of an invalid_argument error.
std::map<std::string, std::string> Fields(const core::Error& e) {
  std::map<std::string, std::string> out;
  for (const auto& d : e.details) out[d.column] += d.message;
  return out;
}

TEST(CampaignForm, KindsPickEveryUnitOfThatKindValidOnTheDeadline) {
  World w;
  ASSERT_TRUE(w.ok);
  auto spec = w.Spec(Valid());
  ASSERT_TRUE(spec.has_value()) << spec.error().message;
  EXPECT_EQ(spec->targets.size(), 23u);
  EXPECT_EQ(spec->open_date, "2021-08-01");
  EXPECT_EQ(spec->deadline, "2021-08-30");
  EXPECT_EQ(spec->name, "Đợt bổ sung 2021");

  CampaignForm all = Valid();
  all.target_kinds = {"so", "huyen", "phong", "xa"};
  auto every = w.Spec(all);
  ASSERT_TRUE(every.has_value()) << every.error().message;
  EXPECT_EQ(every->targets.size(), 362u);
}

TEST(CampaignForm, ListedCodesAddUnitsOnceInCatalogueOrder) {
  World w;
  ASSERT_TRUE(w.ok);
  CampaignForm f = Valid();
  f.target_codes = "000.00.34.H33\n000.00.08.h33\n000.23.34.H33\n";  // Hòn Đất, Tư pháp again, Bình Sơn
  auto spec = w.Spec(f);
  ASSERT_TRUE(spec.has_value()) << spec.error().message;
  EXPECT_EQ(spec->targets.size(), 25u);
  auto pos = [&](const std::string& c) { return std::find(spec->targets.begin(), spec->targets.end(), c) - spec->targets.begin(); };
  EXPECT_LT(pos("000.00.34.H33"), pos("000.23.34.H33"));
  EXPECT_EQ(std::count(spec->targets.begin(), spec->targets.end(), "000.00.08.H33"), 1);
}

TEST(CampaignForm, EveryBadFieldIsNamed) {
  World w;
  ASSERT_TRUE(w.ok);
  CampaignForm f{.name = "  ", .basis = "", .open_date = "31/02/2021", .deadline = "",
                 .target_kinds = {}, .target_codes = "", .rules = {}};
  auto spec = w.Spec(f);
  ASSERT_FALSE(spec.has_value());
  EXPECT_EQ(spec.error().code, core::Code::kInvalidArgument);
  auto fields = Fields(spec.error());
  EXPECT_TRUE(fields.contains("name"));
  EXPECT_TRUE(fields.contains("basis"));
  EXPECT_TRUE(fields.contains("open_date"));
  EXPECT_TRUE(fields.contains("deadline"));
  EXPECT_TRUE(fields.contains("target_kinds"));
}

TEST(CampaignForm, DeadlineBeforeOpeningIsRefused) {
  World w;
  ASSERT_TRUE(w.ok);
  CampaignForm f = Valid();
  f.deadline = "2021-07-30";
  auto spec = w.Spec(f);
  ASSERT_FALSE(spec.has_value());
  auto fields = Fields(spec.error());
  ASSERT_TRUE(fields.contains("deadline"));
  EXPECT_NE(fields["deadline"].find("30/07/2021"), std::string::npos) << fields["deadline"];
}

TEST(CampaignForm, UnknownOrExpiredCodesAndEmptyKindsAreExplained) {
  World w;
  ASSERT_TRUE(w.ok);
  CampaignForm f = Valid();
  f.target_codes = "000.99.99.H33\nkhông phải mã";
  auto spec = w.Spec(f);
  ASSERT_FALSE(spec.has_value());
  auto fields = Fields(spec.error());
  ASSERT_TRUE(fields.contains("target_codes"));
  EXPECT_NE(fields["target_codes"].find("Dòng 2"), std::string::npos) << fields["target_codes"];

  // After the 2025 reform the demo catalogue has no unit left: say so on the kinds.
  CampaignForm late = Valid();
  late.open_date = "2026-01-01";
  late.deadline = "2026-02-01";
  late.target_codes = "000.00.08.H33";
  auto none = w.Spec(late);
  ASSERT_FALSE(none.has_value());
  auto lf = Fields(none.error());
  EXPECT_TRUE(lf.contains("target_kinds"));
  ASSERT_TRUE(lf.contains("target_codes"));
  EXPECT_NE(lf["target_codes"].find("Sở Tư pháp"), std::string::npos) << lf["target_codes"];
}

}  // namespace
}  // namespace dancu::registry
