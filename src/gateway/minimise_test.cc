// Unit tests of field minimisation (issue 5, "Field minimisation"): each field of the contract
// is kept only when the purpose's list names it, everything else leaves the gateway empty.
#include "gateway/minimise.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace dancu::gateway {
namespace {

using population::Address;
using population::Citizen;
using population::Relative;

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += p + "|";
  return out;
}
std::string Of(const Address& a) {
  return Join({a.province, a.district, a.commune, a.detail, a.country});
}
std::string Of(const Relative& r) {
  return Join({r.full_name, r.nationality, r.id_number, r.cmnd});
}

// One field of the contract and how to read it from a record, as text.
struct Field {
  const char* name;
  std::function<std::string(const Citizen&)> read;
};

const std::vector<Field>& Fields() {
  static const std::vector<Field> f = {
      {"SoDinhDanh", [](const Citizen& c) { return c.id_number; }},
      {"SoCMND", [](const Citizen& c) { return c.cmnd; }},
      {"HoVaTen",
       [](const Citizen& c) {
         return Join({c.family_name, c.middle_name, c.given_name});
       }},
      {"GioiTinh", [](const Citizen& c) { return std::to_string(c.sex); }},
      {"DanToc", [](const Citizen& c) { return c.ethnicity; }},
      {"TonGiao", [](const Citizen& c) { return c.religion; }},
      {"TinhTrangHonNhan", [](const Citizen& c) { return c.marital_status; }},
      {"NhomMau", [](const Citizen& c) { return c.blood_group; }},
      {"QuocTich", [](const Citizen& c) { return c.nationality; }},
      {"NgayThangNamSinh",
       [](const Citizen& c) {
         return Join({std::to_string(c.birth.year), std::to_string(c.birth.month),
                      std::to_string(c.birth.day)});
       }},
      {"NoiDangKyKhaiSinh", [](const Citizen& c) { return Of(c.birth_registration); }},
      {"QueQuan", [](const Citizen& c) { return Of(c.hometown); }},
      {"ThuongTru", [](const Citizen& c) { return Of(c.permanent); }},
      {"NoiOHienTai", [](const Citizen& c) { return Of(c.current); }},
      {"Cha", [](const Citizen& c) { return Of(c.father); }},
      {"Me", [](const Citizen& c) { return Of(c.mother); }},
      {"VoChong", [](const Citizen& c) { return Of(c.spouse); }},
      {"NguoiDaiDien", [](const Citizen& c) { return Of(c.representative); }},
      {"ChuHo",
       [](const Citizen& c) {
         const auto& h = c.household_head;
         return Join({h.relation, h.id_number, h.cmnd, h.full_name});
       }},
      {"SoSoHoKhau", [](const Citizen& c) { return c.household_book; }},
  };
  return f;
}

// Cleared: nothing but separators and zeros (no name, no code, not even the default "VN").
bool Blank(const std::string& text) { return text.find_first_not_of("|0") == std::string::npos; }

// A synthetic record with every field filled with something that is not blank.
Citizen FullRecord() {
  Citizen c;
  c.id_number = "091085000111";
  c.cmnd = "371234567";
  c.family_name = "Nguyễn";
  c.middle_name = "Văn";
  c.given_name = "An";
  c.sex = 2;
  c.ethnicity = "01";
  c.religion = "02";
  c.nationality = "VN";
  c.marital_status = "2";
  c.blood_group = "3";
  c.birth = {1985, 3, 14};
  c.birth_registration = {"91", "903", "30820", "Ấp Tân Điền", "VN"};
  c.hometown = {"91", "904", "30844", "Ấp Vàm Răng", "VN"};
  c.permanent = {"91", "899", "30769", "12 Trần Phú", "VN"};
  c.current = {"91", "900", "30790", "34 Nguyễn Trung Trực", "VN"};
  c.father = {"Nguyễn Văn Bình", "VN", "091055000222", "370000111"};
  c.mother = {"Trần Thị Cúc", "VN", "091158000333", ""};
  c.spouse = {"Lê Văn Dũng", "VN", "091083000444", ""};
  c.representative = {"Phạm Thị Em", "VN", "091190000555", ""};
  c.household_head = {"Con", "091055000222", "370000111", "Nguyễn Văn Bình"};
  c.household_book = "HK-0042";
  return c;
}

TEST(Minimise, TheTableCoversEveryFieldOfTheContract) {
  std::set<std::string> mine;
  for (const auto& f : Fields()) mine.insert(f.name);
  std::set<std::string> contract(AllFields().begin(), AllFields().end());
  EXPECT_EQ(mine, contract);
  EXPECT_EQ(AllFields().size(), 20u);
  for (const auto& f : Fields()) EXPECT_FALSE(Blank(f.read(FullRecord()))) << f.name;
}

TEST(Minimise, EachFieldIsKeptAloneWhenItIsTheOnlyOneAllowed) {
  const Citizen full = FullRecord();
  for (const auto& allowed : Fields()) {
    SCOPED_TRACE(allowed.name);
    Citizen out = Minimise(full, {allowed.name});
    for (const auto& f : Fields()) {
      if (std::string(f.name) == allowed.name) {
        EXPECT_EQ(f.read(out), f.read(full)) << f.name << " should be kept";
      } else {
        EXPECT_TRUE(Blank(f.read(out))) << f.name << " should be cleared, is " << f.read(out);
      }
    }
  }
}

TEST(Minimise, NothingAllowedClearsEveryFieldIncludingDefaults) {
  Citizen out = Minimise(FullRecord(), {});
  for (const auto& f : Fields()) EXPECT_TRUE(Blank(f.read(out))) << f.name << ": " << f.read(out);
}

TEST(Minimise, AllFieldsAllowedKeepsTheRecordUnchanged) {
  EXPECT_EQ(Minimise(FullRecord(), AllFields()), FullRecord());
}

TEST(Minimise, UnknownFieldNamesAreIgnored) {
  Citizen out = Minimise(FullRecord(), {"MatKhau", "sodinhdanh", "ThuongTru"});
  EXPECT_TRUE(out.id_number.empty()) << "names are matched exactly, case included";
  EXPECT_EQ(out.permanent, FullRecord().permanent);
  EXPECT_TRUE(Blank(Of(out.hometown)));
}

TEST(Minimise, IdentityFieldsSayWhoThePersonIsAndNothingMore) {
  EXPECT_EQ(IdentityFields(), (std::vector<std::string>{"SoDinhDanh", "SoCMND", "HoVaTen",
                                                        "GioiTinh", "NgayThangNamSinh"}));
  Citizen out = Minimise(FullRecord(), IdentityFields());
  EXPECT_EQ(out.id_number, "091085000111");
  EXPECT_EQ(out.FullName(), FullRecord().FullName());
  EXPECT_EQ(out.birth, FullRecord().birth);
  EXPECT_EQ(out.sex, 2);
  EXPECT_TRUE(Blank(Of(out.permanent)));
  EXPECT_TRUE(Blank(Of(out.father)));
  EXPECT_TRUE(out.ethnicity.empty());
}

TEST(ParseFieldList, ReadsCommaSeparatedNamesAndSkipsBlanks) {
  struct Case {
    const char* text;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"SoDinhDanh,HoVaTen", {"SoDinhDanh", "HoVaTen"}},
      {"  SoDinhDanh ,  ThuongTru  ,", {"SoDinhDanh", "ThuongTru"}},
      {"", {}},
      {" , ,", {}},
  };
  for (const auto& c : cases) {
    auto got = ParseFieldList(c.text);
    ASSERT_TRUE(got.has_value()) << c.text << ": " << got.error().message;
    EXPECT_EQ(*got, c.want) << c.text;
  }
}

TEST(ParseFieldList, UnknownFieldIsInvalidArgumentNamingIt) {
  for (const char* text : {"SoDinhDanh,MatKhau", "hovaten"}) {
    auto got = ParseFieldList(text);
    ASSERT_FALSE(got.has_value()) << text;
    EXPECT_EQ(got.error().code, core::Code::kInvalidArgument);
    std::string bad = std::string(text).substr(std::string(text).rfind(',') + 1);
    EXPECT_NE(got.error().message.find("\"" + bad + "\""), std::string::npos)
        << got.error().message;
  }
}

}  // namespace
}  // namespace dancu::gateway
