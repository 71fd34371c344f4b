// The name tables of the synthetic population (see names.h for their sources).
#include "population/names.h"

namespace dancu::population {
namespace {

// Per mille of the Kinh population; "others" share the remaining 11.5 %.
constexpr WeightedName kFamilyKinh[] = {
    {"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95},    {"Phạm", 70}, {"Huỳnh", 32}, {"Hoàng", 18},
    {"Phan", 45},    {"Võ", 26},    {"Vũ", 13},    {"Đặng", 21}, {"Bùi", 20},   {"Đỗ", 14},
    {"Hồ", 13},      {"Ngô", 13},   {"Dương", 10}, {"Lý", 5},    {"Đinh", 8},   {"Đoàn", 8},
    {"Lâm", 8},      {"Mai", 7},    {"Trương", 8}, {"Lưu", 5},   {"Cao", 5},    {"Châu", 6},
    {"Tô", 4},       {"Tạ", 3},     {"Hà", 5},     {"Thái", 4},  {"Quách", 3},  {"Lương", 4},
    {"Đào", 5},      {"Trịnh", 4},  {"Kiều", 2},   {"Từ", 2},    {"Chung", 2},  {"La", 2},
    {"Tăng", 2},     {"Diệp", 2},   {"Mạc", 2},    {"Lã", 1},    {"Văn", 2},    {"Triệu", 2},
    {"Lục", 1},      {"Thạch", 2},  {"Khưu", 2},   {"Giang", 2}, {"Hứa", 2},    {"Ông", 1},
    {"Phùng", 2},    {"Tiêu", 1},
};

constexpr WeightedName kFamilyHoa[] = {
    {"Lý", 100},  {"Trần", 80},   {"Lâm", 90}, {"Quách", 60}, {"Huỳnh", 60},
    {"Tăng", 50}, {"Diệp", 40},   {"Mã", 40},  {"Hứa", 40},   {"La", 30},
    {"Thái", 30}, {"Trương", 50}, {"Lưu", 40}, {"Châu", 30},  {"Dương", 30},
    {"Tạ", 20},   {"Ông", 20},    {"Âu", 10},  {"Giang", 10}, {"Quan", 20},
};

constexpr WeightedName kFamilyKhmer[] = {
    {"Danh", 300}, {"Thạch", 150}, {"Sơn", 120},  {"Lâm", 60},  {"Kim", 60},
    {"Châu", 50},  {"Dương", 30},  {"Huỳnh", 30}, {"Trần", 40}, {"Lý", 30},
};

constexpr WeightedName kMiddleMaleOld[] = {
    {"Văn", 450},  {"Hữu", 50},  {"Đức", 35},  {"Minh", 50},  {"Thanh", 50}, {"Quốc", 30},
    {"Công", 40},  {"Tấn", 50},  {"Ngọc", 30}, {"Hoàng", 20}, {"Xuân", 20},  {"Thành", 30},
    {"Trung", 15}, {"Chí", 25},  {"Đình", 20}, {"Trọng", 15}, {"Phước", 20}, {"Kim", 10},
    {"Hồng", 15},  {"Việt", 10}, {"", 15},
};

constexpr WeightedName kMiddleMaleYoung[] = {
    {"Văn", 160}, {"Minh", 120}, {"Quốc", 70},  {"Gia", 60}, {"Hoàng", 60}, {"Thanh", 50},
    {"Đức", 50},  {"Tấn", 40},   {"Hữu", 40},   {"Anh", 40}, {"Nhật", 40},  {"Trung", 30},
    {"Công", 30}, {"Thành", 40}, {"Bảo", 40},   {"Duy", 30}, {"Tuấn", 20},  {"Khánh", 20},
    {"Phúc", 20}, {"Đăng", 20},  {"Thiên", 20}, {"Chí", 20},
};

constexpr WeightedName kMiddleFemaleOld[] = {
    {"Thị", 700}, {"Ngọc", 60}, {"Thanh", 40}, {"Kim", 50},   {"Thu", 30},  {"Mỹ", 30},
    {"Hồng", 30}, {"Bích", 20}, {"Xuân", 20},  {"Tuyết", 10}, {"Diễm", 10},
};

constexpr WeightedName kMiddleFemaleYoung[] = {
    {"Thị", 250}, {"Ngọc", 100}, {"Thanh", 50}, {"Kim", 40},    {"Thu", 40},
    {"Mỹ", 50},   {"Bảo", 50},   {"Khánh", 40}, {"Phương", 40}, {"Hồng", 30},
    {"Minh", 40}, {"Gia", 40},   {"Quỳnh", 30}, {"Như", 30},    {"Yến", 20},
    {"Hoài", 20}, {"Tường", 20}, {"Thùy", 30},  {"Ánh", 20},    {"Cẩm", 20},
};

constexpr WeightedName kMiddleKhmerMale[] = {{"", 70}, {"Văn", 30}};
constexpr WeightedName kMiddleKhmerFemale[] = {{"Thị", 100}};

constexpr WeightedName kGivenMaleOld[] = {
    {"Hùng", 40},  {"Dũng", 40},  {"Hải", 35},   {"Tuấn", 30},  {"Minh", 35},  {"Thành", 35},
    {"Hòa", 30},   {"Bình", 30},  {"Sơn", 30},   {"Long", 30},  {"Hiếu", 20},  {"Phước", 30},
    {"Lộc", 25},   {"Tài", 25},   {"Thắng", 20}, {"Cường", 25}, {"Nam", 20},   {"Trung", 25},
    {"Quang", 20}, {"Hưng", 25},  {"Tâm", 25},   {"Thanh", 25}, {"Tùng", 15},  {"Hoàng", 15},
    {"Vinh", 20},  {"Mạnh", 10},  {"Lâm", 15},   {"Châu", 10},  {"Đông", 15},  {"Hậu", 15},
    {"Lợi", 25},   {"Nhân", 20},  {"Nghĩa", 20}, {"Phong", 15}, {"Phúc", 15},  {"Quý", 15},
    {"Sang", 20},  {"Tiến", 15},  {"Toàn", 15},  {"Trí", 15},   {"Vũ", 10},    {"Xuân", 10},
    {"Thuận", 20}, {"Thiện", 15}, {"Tín", 15},   {"Khánh", 10}, {"Kiệt", 10},  {"Luân", 10},
    {"Nhựt", 15},  {"Phát", 15},  {"Thịnh", 10}, {"Trọng", 10}, {"Dương", 10}, {"Đức", 15},
    {"Điền", 10},  {"Hai", 8},    {"Ba", 10},    {"Tư", 10},    {"Năm", 10},   {"Sáu", 10},
    {"Bảy", 10},   {"Tám", 8},    {"Chín", 8},   {"Mười", 6},   {"Út", 12},    {"Em", 8},
    {"Bé", 5},     {"Lượm", 3},
};

constexpr WeightedName kGivenMaleYoung[] = {
    {"Khang", 35}, {"Khoa", 30},   {"Huy", 40},   {"Bảo", 35},   {"Phúc", 35},  {"Minh", 40},
    {"An", 30},    {"Anh", 35},    {"Duy", 30},   {"Đạt", 35},   {"Khôi", 25},  {"Kiệt", 25},
    {"Nam", 25},   {"Nhân", 25},   {"Phát", 30},  {"Quân", 25},  {"Sang", 20},  {"Tài", 20},
    {"Thiện", 20}, {"Tín", 20},    {"Trí", 25},   {"Tú", 15},    {"Vinh", 20},  {"Vỹ", 15},
    {"Hiếu", 25},  {"Hào", 15},    {"Hưng", 20},  {"Hoàng", 20}, {"Long", 25},  {"Luân", 15},
    {"Lộc", 20},   {"Nguyên", 20}, {"Phong", 20}, {"Quang", 15}, {"Thịnh", 20}, {"Thuận", 15},
    {"Tiến", 15},  {"Toàn", 15},   {"Trung", 15}, {"Tuấn", 25},  {"Khải", 15},  {"Lâm", 15},
    {"Hải", 20},   {"Thắng", 15},  {"Khánh", 20}, {"Đăng", 15},  {"Hậu", 10},   {"Nhật", 15},
    {"Phước", 10}, {"Tâm", 15},    {"Dũng", 15},  {"Cường", 10}, {"Kha", 10},   {"Vũ", 15},
};

constexpr WeightedName kGivenFemaleOld[] = {
    {"Lan", 35},  {"Hoa", 30},   {"Hồng", 35},   {"Mai", 30},    {"Cúc", 20},    {"Hương", 30},
    {"Loan", 25}, {"Hạnh", 25},  {"Nga", 25},    {"Hằng", 20},   {"Thủy", 30},   {"Thúy", 25},
    {"Dung", 25}, {"Liên", 20},  {"Ngọc", 20},   {"Phượng", 20}, {"Tuyết", 20},  {"Vân", 20},
    {"Yến", 20},  {"Xuân", 15},  {"Nguyệt", 15}, {"Lệ", 15},     {"Hiền", 20},   {"Thanh", 20},
    {"Thu", 20},  {"Trang", 10}, {"Nhung", 15},  {"Oanh", 15},   {"Phương", 15}, {"Diệp", 8},
    {"Kiều", 10}, {"Lài", 10},   {"Bé", 10},     {"Út", 12},     {"Em", 10},     {"Sáu", 6},
    {"Ba", 6},    {"Tư", 6},     {"Gấm", 6},     {"Huệ", 10},    {"Lý", 8},      {"Mến", 6},
    {"Năm", 6},   {"Nhàn", 8},   {"Sương", 10},  {"Tâm", 15},    {"Thơm", 6},    {"Đào", 10},
    {"Bông", 6},  {"Hai", 5},
};

constexpr WeightedName kGivenFemaleYoung[] = {
    {"Ngân", 30},  {"Linh", 35},  {"Trang", 35}, {"Vy", 35},    {"Như", 30},    {"Nhi", 35},
    {"My", 30},    {"Thư", 30},   {"Trâm", 25},  {"Hân", 25},   {"Anh", 35},    {"Ánh", 20},
    {"Uyên", 25},  {"Quỳnh", 25}, {"Tiên", 25},  {"Thảo", 30},  {"Yến", 20},    {"Hương", 20},
    {"Huyền", 20}, {"Giang", 15}, {"Hà", 15},    {"Ngọc", 20},  {"Phương", 20}, {"Diễm", 15},
    {"Duyên", 20}, {"Hậu", 10},   {"Hồng", 10},  {"Khánh", 10}, {"Kiều", 10},   {"Loan", 10},
    {"Mai", 15},   {"Nga", 10},   {"Nhung", 10}, {"Oanh", 8},   {"Tâm", 15},    {"Thanh", 10},
    {"Thủy", 10},  {"Thúy", 10},  {"Trinh", 15}, {"Tuyền", 10}, {"Vân", 10},    {"Xuân", 8},
    {"Hạnh", 10},  {"Lan", 10},   {"Châu", 10},  {"An", 20},    {"Băng", 8},    {"Chi", 15},
    {"Đào", 6},    {"Hiền", 12},
};

constexpr WeightedName kGivenKhmerMale[] = {
    {"Sóc", 30},    {"Sa Rết", 15}, {"Phol", 15},   {"Sang", 25}, {"Chanh", 20}, {"Sơn", 20},
    {"Kha", 15},    {"Rết", 10},    {"Ra", 15},     {"Thol", 10}, {"Pho", 10},   {"Sal", 10},
    {"Khên", 10},   {"Hên", 15},    {"Thuông", 10}, {"Mây", 8},   {"Sa Ra", 10}, {"Sóc Thy", 10},
    {"Phương", 10}, {"Hùng", 15},   {"Minh", 15},   {"Tú", 10},   {"Thành", 15}, {"Chiến", 10},
};

constexpr WeightedName kGivenKhmerFemale[] = {
    {"Sa Ri", 20},  {"Sa Rươl", 15}, {"Sóc Kha", 15}, {"Phal", 10}, {"Sa Phon", 10},
    {"Sa Rin", 10}, {"Sa Rên", 10},  {"Kim Ly", 10},  {"Na", 10},   {"Nê", 10},
    {"Phiếu", 10},  {"Sô Phi", 10},  {"Mây", 10},     {"Ly", 15},   {"Thu", 15},
    {"Hồng", 15},   {"Hương", 10},   {"Nhung", 10},   {"Mỹ", 10},   {"Lài", 10},
    {"Sa Vết", 10}, {"Sa Mây", 10},
};

constexpr std::string_view kStreets[] = {
    "Nguyễn Trung Trực",
    "Trần Phú",
    "Lê Lợi",
    "Quang Trung",
    "Nguyễn Huệ",
    "Trần Hưng Đạo",
    "Lý Thường Kiệt",
    "Hai Bà Trưng",
    "Ngô Quyền",
    "Mạc Cửu",
    "Mạc Thiên Tích",
    "Lạc Hồng",
    "Nguyễn Bỉnh Khiêm",
    "Phan Chu Trinh",
    "Phan Bội Châu",
    "Lê Hồng Phong",
    "Nguyễn Thái Học",
    "Trần Quang Khải",
    "Đống Đa",
    "Bạch Đằng",
    "Huỳnh Mẫn Đạt",
    "Nguyễn Văn Cừ",
    "Cách Mạng Tháng Tám",
    "30 Tháng 4",
    "3 Tháng 2",
    "Lâm Quang Ky",
    "Võ Thị Sáu",
    "Nguyễn An Ninh",
    "Hùng Vương",
    "Lê Thánh Tôn",
    "Chi Lăng",
    "Tôn Đức Thắng",
};

constexpr std::string_view kHamletPrefixes[] = {
    "Tân", "Vĩnh", "Hòa", "Phước", "Thạnh", "Bình", "An", "Mỹ", "Long", "Phú",
};
constexpr std::string_view kHamletSuffixes[] = {
    "Lợi", "Thuận", "Thành", "Hưng", "Đông", "Tây", "Trung", "Điền", "Quới", "Lộc",
};

}  // namespace

std::span<const WeightedName> Names(NamePool pool) {
  switch (pool) {
    case NamePool::kFamilyKinh:
      return kFamilyKinh;
    case NamePool::kFamilyHoa:
      return kFamilyHoa;
    case NamePool::kFamilyKhmer:
      return kFamilyKhmer;
    case NamePool::kMiddleMaleOld:
      return kMiddleMaleOld;
    case NamePool::kMiddleMaleYoung:
      return kMiddleMaleYoung;
    case NamePool::kMiddleFemaleOld:
      return kMiddleFemaleOld;
    case NamePool::kMiddleFemaleYoung:
      return kMiddleFemaleYoung;
    case NamePool::kMiddleKhmerMale:
      return kMiddleKhmerMale;
    case NamePool::kMiddleKhmerFemale:
      return kMiddleKhmerFemale;
    case NamePool::kGivenMaleOld:
      return kGivenMaleOld;
    case NamePool::kGivenMaleYoung:
      return kGivenMaleYoung;
    case NamePool::kGivenFemaleOld:
      return kGivenFemaleOld;
    case NamePool::kGivenFemaleYoung:
      return kGivenFemaleYoung;
    case NamePool::kGivenKhmerMale:
      return kGivenKhmerMale;
    case NamePool::kGivenKhmerFemale:
      return kGivenKhmerFemale;
  }
  return {};
}

std::span<const std::string_view> StreetNames() { return kStreets; }
std::span<const std::string_view> HamletPrefixes() { return kHamletPrefixes; }
std::span<const std::string_view> HamletSuffixes() { return kHamletSuffixes; }

}  // namespace dancu::population
