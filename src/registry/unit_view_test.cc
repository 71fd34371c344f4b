// Tests for a unit's own view: its campaigns with the form's state, its agencies, and its
// commitments with the signed scan's details.
#include "registry/unit_view.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "core/text.h"
#include "registry/form_rows.h"
#include "registry/test_support.h"

namespace dancu::registry {
namespace {

using test_support::kActor;

const std::string kHonDat = "000.00.34.H33";
const std::string kPdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

struct World {
  test_support::TempDb t;
  int64_t campaign = 0;
  World() {
    if (t && test_support::LoadDemoCatalogue(t.db())) campaign = test_support::CreateDemoCampaign(t.db());
  }
  store::Database& db() { return t.db(); }
};

TEST(CampaignsOfUnit, ListsTargetedCampaignsWithTheFormsState) {
  World w;
  ASSERT_NE(w.campaign, 0);
  auto during = core::Date::Parse("2021-07-28");
  auto after = core::Date::Parse("2021-09-01");
  ASSERT_TRUE(during && after);
  auto before = w.db().Read([&](store::Tx& tx) { return CampaignsOfUnit(tx, kHonDat, *during); });
  ASSERT_TRUE(before) << before.error().message;
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ((*before)[0].campaign.id, w.campaign);
  EXPECT_TRUE((*before)[0].open);
  EXPECT_FALSE((*before)[0].form_status.has_value());

  RawAccountRow row{.row_no = 1, .full_name = "Nguyễn Văn An", .login = "an.noivu.honda",
                    .phone = "0919674667", .agency_code = "000.02.34.H33", .agency_name = "",
                    .role = "Cán bộ một cửa", .queries = "50 x 3", .dossiers_per_day = "",
                    .queries_per_dossier = "", .purposes = "XMCD-03"};
  ASSERT_TRUE(SaveFormRows(w.db(), w.campaign, kHonDat, {.info = {}, .rows = {row}}, kActor));
  auto later = w.db().Read([&](store::Tx& tx) { return CampaignsOfUnit(tx, kHonDat, *after); });
  ASSERT_TRUE(later);
  ASSERT_EQ(later->size(), 1u);
  EXPECT_FALSE((*later)[0].open) << "past the deadline";
  ASSERT_TRUE((*later)[0].form_status.has_value());
  EXPECT_EQ(*(*later)[0].form_status, FormStatus::kDraft);
  EXPECT_EQ((*later)[0].accounts, 1);

  auto unknown = w.db().Read([&](store::Tx& tx) { return CampaignsOfUnit(tx, "000.99.99.H33", *after); });
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, core::Code::kNotFound);
}

TEST(AgenciesOfUnit, IsTheUnitThenEveryUnitBelowIt) {
  World w;
  auto orgs = w.db().Read([&](store::Tx& tx) { return AgenciesOfUnit(tx, kHonDat); });
  ASSERT_TRUE(orgs) << orgs.error().message;
  ASSERT_GT(orgs->size(), 2u);
  EXPECT_EQ(orgs->front().code, kHonDat);
  auto has = [&](const std::string& code) {
    return std::any_of(orgs->begin(), orgs->end(), [&](const Org& o) { return o.code == code; });
  };
  EXPECT_TRUE(has("000.02.34.H33"));  // Phòng Nội vụ huyện Hòn Đất
  EXPECT_TRUE(has("000.23.34.H33"));  // UBND xã Bình Sơn
  EXPECT_FALSE(has("000.00.08.H33")); // Sở Tư pháp
}

TEST(CommitmentsWithScans, TellsWhetherAndWhenTheSignedScanCame) {
  World w;
  CommitmentInput in{.org_code = kHonDat, .rep_name = "Trần Minh Khoa", .nationality = "Việt Nam",
                     .id_number = "091080001234", .phone = "0297 3862 123",
                     .issue_date = "2021-05-10", .issue_place = "Cục Cảnh sát QLHC về TTXH",
                     .position = "Chủ tịch", .sign_place = "Hòn Đất", .sign_date = "2021-07-20",
                     .valid_to = "", .scan = "", .scan_filename = ""};
  auto added = AddCommitment(w.db(), in, kActor);
  ASSERT_TRUE(added) << added.error().message;
  auto before = w.db().Read([&](store::Tx& tx) { return CommitmentsWithScans(tx, kHonDat); });
  ASSERT_TRUE(before);
  ASSERT_EQ(before->size(), 1u);
  EXPECT_FALSE((*before)[0].scan.has_value());

  ASSERT_TRUE(AttachScan(w.db(), added->id, kPdf, "ban-ky.pdf", kActor));
  auto after = w.db().Read([&](store::Tx& tx) { return CommitmentsWithScans(tx, kHonDat); });
  ASSERT_TRUE(after);
  ASSERT_TRUE((*after)[0].scan.has_value());
  const ScanInfo& scan = *(*after)[0].scan;
  EXPECT_EQ(scan.sha256, core::Sha256Hex(kPdf));
  EXPECT_EQ(scan.filename, "ban-ky.pdf");
  EXPECT_EQ(scan.size, int64_t(kPdf.size()));
  EXPECT_FALSE(scan.uploaded_at.empty());
}

TEST(CommitmentsWithScans, AFileNameThatIsNotUtf8IsCleanedWhenStoredAndWhenRead) {
  // issue 10 item "a scan upload with an invalid-UTF-8 file name breaks that unit's pages".
  World w;
  CommitmentInput in{.org_code = kHonDat, .rep_name = "Trần Minh Khoa", .nationality = "Việt Nam",
                     .id_number = "091080001234", .phone = "0297 3862 123",
                     .issue_date = "2021-05-10", .issue_place = "Cục Cảnh sát QLHC về TTXH",
                     .position = "Chủ tịch", .sign_place = "Hòn Đất", .sign_date = "2021-07-20",
                     .valid_to = "", .scan = "", .scan_filename = ""};
  auto added = AddCommitment(w.db(), in, kActor);
  ASSERT_TRUE(added) << added.error().message;
  ASSERT_TRUE(AttachScan(w.db(), added->id, kPdf, "b\xffn-k\xc3\n" + std::string(600, 'y') + ".pdf",
                         kActor));
  auto read = [&] {
    auto all = w.db().Read([&](store::Tx& tx) { return CommitmentsWithScans(tx, kHonDat); });
    EXPECT_TRUE(all && !all->empty() && all->front().scan);
    return all && !all->empty() && all->front().scan ? all->front().scan->filename : "";
  };
  std::string stored = read();
  EXPECT_TRUE(core::IsValidUtf8(stored)) << stored;
  EXPECT_LE(stored.size(), kMaxScanFileNameBytes);
  EXPECT_EQ(stored.substr(0, 10), "b\uFFFDn-k\uFFFD");
  EXPECT_NO_THROW((void)nlohmann::json::object({{"filename", stored}}).dump());

  // A row stored before the fix still reads as valid UTF-8.
  auto raw = w.db().Write([&](store::Tx& tx) {
    return tx.Exec("UPDATE document SET filename = ? WHERE sha256 = ?",
                   {std::string("c\xe1\xbb.pdf"), core::Sha256Hex(kPdf)});
  });
  ASSERT_TRUE(raw) << raw.error().message;
  std::string old = read();
  EXPECT_EQ(old, "c\uFFFD\uFFFD.pdf");
  EXPECT_NO_THROW((void)nlohmann::json::object({{"filename", old}}).dump());
}

TEST(ScanFileName, KeepsVietnameseNamesAndCutsOnACharacterBoundary) {
  // issue 10 item "invalid-UTF-8 file name": names are bounded without splitting a character.
  EXPECT_EQ(ScanFileName("Bản cam kết.pdf"), "Bản cam kết.pdf");
  EXPECT_EQ(ScanFileName(""), "scan.pdf");
  EXPECT_EQ(ScanFileName("../..\\x.pdf"), "....x.pdf");
  std::string many;
  for (int i = 0; i < 200; ++i) many += "ễ";  // 3 bytes each
  std::string cut = ScanFileName(many);
  EXPECT_TRUE(core::IsValidUtf8(cut));
  EXPECT_EQ(cut.size(), 255u);
}

}  // namespace
}  // namespace dancu::registry
