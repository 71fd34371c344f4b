// The citizen record as the national service returns it (TraCuuThongTinCongDan), and the one
// interface through which dancu looks citizens up: the embedded store and the remote SOAP
// client both implement CitizenSource.
//
// All people handled by dancu's demo, tests and benchmarks are synthetic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace dancu::population {

using core::Result;

// NgayThangNamSinh: either a full date or, for older records, the year only.
struct BirthDate {
  int year = 0;
  int month = 0;  // 0 when only the year is known
  int day = 0;    // 0 when only the year is known
  bool year_only() const { return month == 0; }
  // "yyyyMMdd" (NgayThangNam) or "yyyy" (Nam).
  std::string ToContract() const;
  friend bool operator==(const BirthDate&, const BirthDate&) = default;
};

// An address of the contract: {MaTinhThanh, MaQuanHuyen, MaPhuongXa, ChiTiet, QuocGia}.
struct Address {
  std::string province;  // GSO code, 2 digits: "91"
  std::string district;  // 3 digits: "903"
  std::string commune;   // 5 digits: "30820"
  std::string detail;    // house number, street, hamlet
  std::string country = "VN";
  bool empty() const { return province.empty() && detail.empty(); }
  friend bool operator==(const Address&, const Address&) = default;
};

// Cha, Me, VoChong, NguoiDaiDien: {HoVaTen, QuocTich, SoDinhDanh, SoCMND}.
struct Relative {
  std::string full_name;
  std::string nationality = "VN";
  std::string id_number;  // 12-digit personal number
  std::string cmnd;       // 9-digit old number, may be empty
  bool empty() const { return full_name.empty() && id_number.empty(); }
  friend bool operator==(const Relative&, const Relative&) = default;
};

// ChuHo: {QuanHe, SoDinhDanh, SoCMND, HoVaTen}.
struct HouseholdHead {
  std::string relation;  // the citizen's relation to the head: "Chủ hộ", "Vợ", "Con"…
  std::string id_number;
  std::string cmnd;
  std::string full_name;
  friend bool operator==(const HouseholdHead&, const HouseholdHead&) = default;
};

struct Citizen {
  std::string id_number;  // SoDinhDanh (CCCD), 12 digits
  std::string cmnd;       // SoCMND, 9 digits or empty
  std::string family_name;   // Ho
  std::string middle_name;   // ChuDem
  std::string given_name;    // Ten
  int sex = 1;               // GioiTinh: 1 Nam, 2 Nữ
  std::string ethnicity;     // DanToc (code, "01" = Kinh)
  std::string religion;      // TonGiao (code, "00" = none)
  std::string nationality = "VN";  // QuocTich
  std::string marital_status;      // TinhTrangHonNhan (code)
  std::string blood_group;         // NhomMau (code)
  BirthDate birth;
  Address birth_registration;  // NoiDangKyKhaiSinh
  Address hometown;            // QueQuan
  Address permanent;           // ThuongTru
  Address current;             // NoiOHienTai
  Relative father, mother, spouse, representative;
  HouseholdHead household_head;
  std::string household_book;  // SoSoHoKhau

  std::string FullName() const;  // "Nguyễn Văn An"
  friend bool operator==(const Citizen&, const Citizen&) = default;
};

// What a caller may ask: the contract's search keys.
struct Query {
  std::string id_number;     // SoDinhDanh (CCCD)
  std::string cmnd;          // SoCMND
  std::string name_key;      // HoVaTen: upper case without diacritics, single spaces
  std::optional<BirthDate> birth;  // with the name: a year alone matches any date of that year
};

// Who asks and for what: the contract's caller fields, sent upstream with every lookup and
// verification, because the national service creates its accounts from the registration forms
// dancu manages and checks the official per query. Value type; every field may be empty for a
// source that does not need it (the embedded store), but every call states its caller.
struct Caller {
  std::string request_id;        // MaYeuCau: the client's request id, else the dossier
  std::string service_code;      // MaDVC: the national code of the purpose
  std::string integration_code;  // MaTichHop
  std::string official;          // MaCanBo: the official's CCCD
  std::string unit_code;         // MaDonVi: the official's agency code
  std::string account;           // TaiKhoan: the official's login
  std::string phone;             // SoDienThoai as registered
  friend bool operator==(const Caller&, const Caller&) = default;
};

// A source of citizen records. Implementations are thread-safe. The caller is a required
// argument of both calls, so no path can look a citizen up without saying who asks.
class CitizenSource {
 public:
  virtual ~CitizenSource() = default;
  // Records matching `q` (by CCCD, else CMND, else name + birth date); empty when none.
  // Errors: invalid_argument when `q` has no usable key; unavailable when the source is down;
  // permission_denied when the source refuses the caller.
  virtual Result<std::vector<Citizen>> Lookup(const Caller& caller, const Query& q) = 0;
  // Whether a citizen with this CCCD has exactly this name (compared without diacritics and
  // case) and birth date. Errors as Lookup.
  virtual Result<bool> Verify(const Caller& caller, const std::string& id_number,
                              const std::string& full_name, const BirthDate& birth) = 0;
};

// The name key of the contract: upper case, no diacritics, Đ→D, single spaces.
std::string NameKey(std::string_view full_name);

}  // namespace dancu::population
