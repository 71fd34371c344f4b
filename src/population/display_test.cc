// Tests of the readable names of a citizen record's codes.
#include "population/display.h"

#include <gtest/gtest.h>

namespace dancu::population {
namespace {

TEST(Display, AddressOfKienGiangIsNamedFromTheCommuneCatalogue) {
  struct Case {
    Address address;
    std::string expected;
  };
  const Case cases[] = {
      {{"91", "899", "30736", "Số 349, đường Hùng Vương, khu phố 2", "VN"},
       "Số 349, đường Hùng Vương, khu phố 2, Phường Vĩnh Quang, Thành phố Rạch "
       "Giá, tỉnh Kiên Giang"},
      {{"91", "899", "30736", "", "VN"}, "Phường Vĩnh Quang, Thành phố Rạch Giá, tỉnh Kiên Giang"},
      {{"45", "", "", "", "VN"}, "tỉnh Quảng Trị"},  // QueQuan often has the province only
      {{"79", "760", "26734", "12 Lê Lợi", "VN"},
       "12 Lê Lợi, xã/phường mã 26734, quận/huyện mã 760, thành phố Hồ Chí "
       "Minh"},
      {{"91", "999", "99999", "", "VN"}, "xã/phường mã 99999, quận/huyện mã 999, tỉnh Kiên Giang"},
      {{"03", "", "", "", "VN"}, "tỉnh mã 03"},
      {{"", "", "", "Phnôm Pênh", "KH"}, "Phnôm Pênh, KH"},
      {{"", "", "", "", "VN"}, ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(AddressText(c.address), c.expected) << c.address.province << "/" << c.address.commune;
  }
}

TEST(Display, CodesOfTheStoreHaveNamesAndOthersShowTheirCode) {
  EXPECT_EQ(EthnicityName("01"), "Kinh");
  EXPECT_EQ(EthnicityName("05"), "Khmer");
  EXPECT_EQ(EthnicityName("06"), "Hoa");
  EXPECT_EQ(EthnicityName("04"), "Mường");
  EXPECT_EQ(EthnicityName("17"), "mã 17");
  EXPECT_EQ(EthnicityName(""), "");
  EXPECT_EQ(ReligionName("00"), "Không");
  EXPECT_EQ(ReligionName("03"), "Phật giáo Hòa Hảo");
  EXPECT_EQ(ReligionName("04"), "mã 04");
  EXPECT_EQ(NationalityName("VN"), "Việt Nam");
  EXPECT_EQ(NationalityName("KH"), "KH");
}

}  // namespace
}  // namespace dancu::population
