// The seed letter regenerated from live data (issue 3 acceptance test), read back from DOCX.
#include "docs/letter.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "docs/documents.h"
#include "docs/docx_template.h"

namespace dancu::docs {
namespace {

using compliance::Level;

std::unique_ptr<store::Database> FreshDb() {
  static int n = 0;
  auto path = std::filesystem::temp_directory_path() /
              ("dancu-letter-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".db");
  std::filesystem::remove(path);
  auto db = store::OpenSqlite(path.string(), {.durable = false});
  EXPECT_TRUE(db.has_value());
  EXPECT_TRUE(registry::ImportOrgsCsv(**db, registry::DemoFile("kiengiang_2021_orgs.csv"), "t")
                  .has_value());
  EXPECT_TRUE(
      registry::ImportPurposesCsv(**db, registry::DemoFile("purposes.csv"), "t").has_value());
  return std::move(*db);
}

LetterInputs SeedInputs() {
  LetterInputs in;
  in.number = "6359/VP-HCC";
  in.earlier_letter =
      "ngày 27 tháng 7 năm 2021, Văn phòng UBND tỉnh đã có Công văn số 5458/VP-HCC về việc "
      "đăng ký khai thác cơ sở dữ liệu quốc gia về dân cư";
  in.new_deadline = "2021-08-26";
  in.contact =
      "ông Trần Nguyễn, chuyên viên Trung tâm Phục vụ hành chính công, số điện thoại 0919.674.667";
  in.signer = "Lê Minh Hiếu";
  return in;
}

struct Letter {
  compliance::Report report;
  DocxText text;
  std::string all;  // every paragraph, joined
};

const Letter& SeedLetter() {
  static Letter letter = [] {
    Letter l;
    auto db = FreshDb();
    auto scenario = registry::LoadSeedScenario(*db, "t");
    EXPECT_TRUE(scenario.has_value());
    auto report =
        compliance::ComputeReport(*db, scenario->campaign_id, *core::Date::Parse("2021-08-23"));
    EXPECT_TRUE(report.has_value());
    l.report = *report;
    auto docx = RenderReminderLetter(l.report, SeedInputs());
    EXPECT_TRUE(docx.has_value()) << (docx ? "" : docx.error().message);
    auto text = ReadDocxText(*docx);
    EXPECT_TRUE(text.has_value());
    l.text = *text;
    for (const auto& p : l.text.paragraphs) l.all += p + "\n";
    return l;
  }();
  return letter;
}

// "Gồm: a; b; c." → {a, b, c}
std::vector<std::string> Listed(std::string footnote) {
  EXPECT_TRUE(footnote.starts_with("Gồm: ")) << footnote;
  footnote = footnote.substr(std::string("Gồm: ").size());
  if (footnote.ends_with(".")) footnote.pop_back();
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i; (i = footnote.find("; ", start)) != std::string::npos; start = i + 2)
    out.push_back(footnote.substr(start, i - start));
  out.push_back(footnote.substr(start));
  return out;
}

TEST(SeedLetter, StatesTheSeedsCountsDateNumberAndDeadline) {
  const Letter& l = SeedLetter();
  for (const char* expected :
       {"Số: 6359/VP-HCC", "Kiên Giang, ngày 23 tháng 8 năm 2021", "182 công chức của 18 sở, ngành",
        "351 cán bộ, công chức, viên chức", "05 sở", "07 cấp huyện",
        "chậm nhất ngày 26 tháng 8 năm 2021", "Công văn số 5458/VP-HCC", "Kế hoạch số 129/KH-UBND",
        "Lê Minh Hiếu", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "ông Trần Nguyễn"}) {
    EXPECT_NE(l.all.find(expected), std::string::npos) << expected;
  }
}

TEST(SeedLetter, FootnotesOneToFourListWhoRegisteredAndWhoDidNot) {
  const Letter& l = SeedLetter();
  const auto& f = registry::TheSeedFacts();
  ASSERT_GE(l.text.footnotes.size(), 8u);
  EXPECT_EQ(Listed(l.text.footnotes[0]), f.registered_departments);  // same order as the seed
  EXPECT_EQ(Listed(l.text.footnotes[1]), f.registered_districts);
  EXPECT_EQ(Listed(l.text.footnotes[2]), f.unregistered_departments);
  auto fn4 = Listed(l.text.footnotes[3]);
  EXPECT_EQ(
      std::set<std::string>(fn4.begin(), fn4.end()),
      std::set<std::string>(f.unregistered_districts.begin(), f.unregistered_districts.end()));
}

TEST(SeedLetter, FootnotesFiveToEightSayWhatEachPartlyRegisteredDistrictDid) {
  const Letter& l = SeedLetter();
  ASSERT_GE(l.text.footnotes.size(), 8u);
  std::map<std::string, std::string> by_district;
  for (size_t i = 4; i < 8; ++i) {
    const std::string& fn = l.text.footnotes[i];
    for (const char* d : {"Sóc Sơn", "Thứ Mười Một", "Thạnh Bình", "Vĩnh Thắng"}) {
      if (fn.find(d) != std::string::npos) by_district[d] = fn;
    }
  }
  ASSERT_EQ(by_district.size(), 4u);
  const std::string& hon_dat = by_district["Sóc Sơn"];
  for (const char* part : {"03 xã", "thị trấn Sóc Sơn", "xã Bình Sơn", "xã Lình Huỳnh",
                           "chưa đăng ký danh sách công chức phòng, ban chuyên môn cấp huyện"}) {
    EXPECT_NE(hon_dat.find(part), std::string::npos) << part << " in " << hon_dat;
  }
  const std::string& giong_rieng = by_district["Thạnh Bình"];
  EXPECT_NE(giong_rieng.find("02 xã"), std::string::npos) << giong_rieng;
  EXPECT_NE(giong_rieng.find("xã Thạnh Lộc"), std::string::npos) << giong_rieng;
  const std::string& go_quao = by_district["Vĩnh Thắng"];
  for (const char* part : {"04 xã", "thị trấn Gò Quao", "xã Vĩnh Hòa Hưng Bắc", "xã Định Hòa",
                           "08 phòng, ban chuyên môn cấp huyện", "Văn phòng HĐND-UBND huyện",
                           "Nông nghiệp và Phát triển nông thôn", "Tài chính-Kế hoạch", "Tư pháp",
                           "Kinh tế và Hạ tầng", "Thanh tra", "Lao động-Thương binh và Xã hội",
                           "Giáo dục và Đào tạo"}) {
    EXPECT_NE(go_quao.find(part), std::string::npos) << part << " in " << go_quao;
  }
  // The body names the four districts with their footnote marks, then the appendix lists them.
  for (const char* d : {"Hòn Đất[5]", "[6]", "[7]", "[8] (đính kèm phụ lục)"}) {
    EXPECT_NE(l.all.find(d), std::string::npos) << d;
  }
}

TEST(SeedLetter, AttachesTheAppendixAndTheTwoBlankForms) {
  const Letter& l = SeedLetter();
  int appendix_rows = 0;
  for (const auto& p : l.text.paragraphs) {
    if (p.find("UBND huyện") != std::string::npos && p.find('\t') != std::string::npos)
      appendix_rows++;
  }
  EXPECT_EQ(appendix_rows, 4);
  EXPECT_NE(l.all.find("PHỤ LỤC"), std::string::npos);
  EXPECT_NE(l.all.find("BẢN CAM KẾT"), std::string::npos);
  EXPECT_NE(l.all.find("PHIẾU ĐĂNG KÝ KẾT NỐI CSDL QUỐC GIA VỀ DÂN CƯ"), std::string::npos);
  EXPECT_GE(l.text.footnotes.size(), 8u + 7u);  // the form's footnotes 9–15 follow the letter's
}

TEST(LetterData, NumbersBelowTenAreZeroPadded) {
  EXPECT_EQ(Padded(5), "05");
  EXPECT_EQ(Padded(0), "00");
  EXPECT_EQ(Padded(18), "18");
  EXPECT_EQ(Padded(182), "182");
}

TEST(LetterData, ACampaignWithNoDataStillMakesACorrectLetter) {
  auto db = FreshDb();
  registry::CampaignSpec spec{.name = "Trống",
                              .basis = "Kế hoạch số 1/KH-UBND",
                              .open_date = "2021-07-01",
                              .deadline = "2021-07-30",
                              .targets = {},
                              .rules = {}};
  auto id = registry::CreateCampaign(*db, spec, "t");
  ASSERT_TRUE(id.has_value());
  auto report = compliance::ComputeReport(*db, *id, *core::Date::Parse("2021-08-01"));
  ASSERT_TRUE(report.has_value());
  auto data = ReminderLetterData(*report, LetterInputs{});
  EXPECT_EQ(data["so_cong_chuc_tinh"], "0");
  EXPECT_EQ(data["so_so_chua_dang_ky"], "23");
  EXPECT_EQ(data["co_tinh_da_dang_ky"], false);
  EXPECT_EQ(data["co_chua_day_du"], false);
  auto docx = RenderReminderLetter(*report, LetterInputs{});
  ASSERT_TRUE(docx.has_value()) << docx.error().message;
  auto text = ReadDocxText(*docx);
  ASSERT_TRUE(text.has_value());
  std::string all;
  for (const auto& p : text->paragraphs) all += p + "\n";
  EXPECT_EQ(all.find("{{"), std::string::npos);  // no placeholder left behind
  EXPECT_EQ(all.find("Một số huyện đăng ký"), std::string::npos);
  // Without an earlier letter the sentence goes straight on (no "; ." left behind).
  EXPECT_NE(all.find("Thực hiện Kế hoạch số 1/KH-UBND"), std::string::npos) << all.substr(0, 2000);
  EXPECT_EQ(all.find("; ."), std::string::npos);
}

TEST(LetterData, NamesSpecialToXmlAndWordRoundTrip) {
  auto db = FreshDb();
  std::string csv =
      "ma_dinh_danh,ten,ten_ngan,loai,ma_cha,ma_hanh_chinh\n"
      "000.00.00.H33,UBND tỉnh Kiên Giang,Kiên Giang,tinh,,91\n"
      "000.00.90.H33,\"Sở A & B <Thử> \"\"Mới\"\"\",\"A & B <Thử> "
      "\"\"Mới\"\"\",so,000.00.00.H33,\n";
  ASSERT_TRUE(registry::ImportOrgsCsv(*db, csv, "t").has_value());
  registry::CampaignSpec spec{.name = "X",
                              .basis = "KH <1> & 2",
                              .open_date = "2021-07-01",
                              .deadline = "2021-07-30",
                              .targets = {"000.00.90.H33"},
                              .rules = {}};
  auto id = registry::CreateCampaign(*db, spec, "t");
  ASSERT_TRUE(id.has_value());
  auto report = compliance::ComputeReport(*db, *id, *core::Date::Parse("2021-08-01"));
  ASSERT_TRUE(report.has_value());
  auto docx = RenderReminderLetter(*report, LetterInputs{});
  ASSERT_TRUE(docx.has_value()) << docx.error().message;
  auto text = ReadDocxText(*docx);
  ASSERT_TRUE(text.has_value());
  bool found = false;
  for (const auto& f : text->footnotes)
    found = found || f.find("A & B <Thử> \"Mới\"") != std::string::npos;
  EXPECT_TRUE(found);
  std::string all;
  for (const auto& p : text->paragraphs) all += p;
  EXPECT_NE(all.find("KH <1> & 2"), std::string::npos);
}

TEST(LetterInputs, AreRememberedPerCampaignAndMerged) {
  auto db = FreshDb();
  registry::CampaignSpec spec{.name = "X",
                              .basis = "KH",
                              .open_date = "2021-07-01",
                              .deadline = "2021-07-30",
                              .targets = {},
                              .rules = {}};
  auto id = registry::CreateCampaign(*db, spec, "t");
  ASSERT_TRUE(id.has_value());
  auto first = LoadLetterInputs(*db, *id);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->authority, "KT. CHÁNH VĂN PHÒNG");
  LetterInputs in = *first;
  ASSERT_TRUE(
      MergeJson({{"signer", "Lê Minh Hiếu"}, {"new_deadline", "26/8/2021"}}, in).has_value());
  EXPECT_EQ(in.new_deadline, "2021-08-26");
  ASSERT_TRUE(SaveLetterInputs(*db, *id, in, "t").has_value());
  auto again = LoadLetterInputs(*db, *id);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->signer, "Lê Minh Hiếu");
  EXPECT_EQ(again->new_deadline, "2021-08-26");
  LetterInputs bad;
  EXPECT_FALSE(MergeJson({{"new_deadline", "31/02/2021"}}, bad).has_value());
}

}  // namespace
}  // namespace dancu::docs
