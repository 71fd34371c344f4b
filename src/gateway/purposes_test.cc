// Purpose codes mapped (issue 11 item 3): dancu's code, the national code sent upstream, the
// codes each integrated system sends.

#include "gateway/gateway_test_fixture.h"
#include "gateway/purposes.h"

namespace dancu::gateway {
namespace {

class PurposeMapTest : public GatewayTest {};

TEST_F(PurposeMapTest, TheNationalCodeIsSentUpstreamAndAcceptedFromClients) {
  // issue 11 item 3
  ASSERT_TRUE(SetNationalCode(*registry_, "XMCD-03", "1.001234.000.00.00.H33", kActor).has_value());
  gateway_->Invalidate();
  ASSERT_TRUE(Call(Input(kMain, "XMCD-03")).allowed);
  EXPECT_EQ(source_.LastCaller().service_code, "1.001234.000.00.00.H33");
  auto out = Call(Input(kMain, "1.001234.000.00.00.H33"));
  ASSERT_TRUE(out.allowed) << out.error.message;
  EXPECT_EQ(source_.LastCaller().service_code, "1.001234.000.00.00.H33");
  auto rec = Audited(out, kMain);
  EXPECT_EQ(rec.record.purpose, "XMCD-03");  // audited as dancu's purpose
  EXPECT_NE(rec.record.detail.find("1.001234.000.00.00.H33"), std::string::npos) << rec.record.detail;
}

TEST_F(PurposeMapTest, ASystemsOwnCodeIsMappedForThatSystemOnly) {
  // issue 11 item 3
  ASSERT_TRUE(MapSystemCode(*registry_, system_.system.id, "DVC-CT-07", "XMCD-03", kActor).has_value());
  auto other = AddSystem(*registry_, "Cổng DVC tỉnh", {"000.00.00.H33"}, "", kActor);
  ASSERT_TRUE(other.has_value());
  gateway_->Invalidate();
  auto out = Call(Input(kMain, "DVC-CT-07"));
  ASSERT_TRUE(out.allowed) << out.error.message;
  EXPECT_EQ(source_.LastCaller().service_code, "XMCD-03");  // no national code: dancu's
  LookupInput in = Input(kMain, "DVC-CT-07");
  in.credentials.api_key = other->api_key;
  ExpectRefused(Call(in), kMain, "purpose_unknown", core::Code::kInvalidArgument);
  ASSERT_TRUE(UnmapSystemCode(*registry_, system_.system.id, "DVC-CT-07", kActor).has_value());
  gateway_->Invalidate();
  ExpectRefused(Call(Input(kMain, "DVC-CT-07")), kMain, "purpose_unknown", core::Code::kInvalidArgument);
}

TEST_F(PurposeMapTest, AnUnknownCodeIsRefusedWithItsOwnReason) {
  // issue 11 item 3
  auto out = Call(Input(kMain, "KHONG-CO"));
  ExpectRefused(out, kMain, "purpose_unknown", core::Code::kInvalidArgument);
  EXPECT_NE(out.error.message.find("dancu purpose map"), std::string::npos) << out.error.message;
  EXPECT_EQ(source_.calls, 0);
  // A known purpose the account did not register stays its own refusal.
  ExpectRefused(Call(Input(kMain, "XMCD-01")), kMain, "purpose_not_registered", core::Code::kPermissionDenied);
}

TEST_F(PurposeMapTest, MappingsAreCheckedAndListed) {
  // issue 11 item 3
  ASSERT_TRUE(SetNationalCode(*registry_, "XMCD-03", "1.001", kActor).has_value());
  EXPECT_EQ(SetNationalCode(*registry_, "XMCD-04", "1.001", kActor).error().code, core::Code::kConflict);
  EXPECT_EQ(SetNationalCode(*registry_, "KHONG-CO", "1.002", kActor).error().code, core::Code::kNotFound);
  EXPECT_EQ(SetNationalCode(*registry_, "XMCD-04", "có dấu cách", kActor).error().code, core::Code::kInvalidArgument);
  EXPECT_EQ(MapSystemCode(*registry_, 999, "X", "XMCD-03", kActor).error().code, core::Code::kNotFound);
  EXPECT_EQ(MapSystemCode(*registry_, system_.system.id, "X", "KHONG-CO", kActor).error().code, core::Code::kNotFound);
  ASSERT_TRUE(MapSystemCode(*registry_, system_.system.id, "X", "XMCD-04", kActor).has_value());
  auto list = registry_->Read([](store::Tx& tx) { return ListPurposeMap(tx); });
  ASSERT_TRUE(list.has_value());
  bool national = false, alias = false;
  for (const auto& p : *list) {
    if (p.code == "XMCD-03") national = p.national_code == "1.001";
    if (p.code == "XMCD-04") alias = p.aliases.size() == 1 && p.aliases[0].code == "X";
  }
  EXPECT_TRUE(national);
  EXPECT_TRUE(alias);
}

}  // namespace
}  // namespace dancu::gateway
