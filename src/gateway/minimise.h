// Field minimisation: each purpose (service code) declares which fields of the citizen record
// it may receive; everything else is removed before the answer leaves the gateway.
#pragma once

#include <string>
#include <vector>

#include "population/citizen.h"

namespace dancu::gateway {

// Field names of the contract: SoDinhDanh, SoCMND, HoVaTen, GioiTinh, DanToc, TonGiao,
// TinhTrangHonNhan, NhomMau, QuocTich, NgayThangNamSinh, NoiDangKyKhaiSinh, QueQuan,
// ThuongTru, NoiOHienTai, Cha, Me, VoChong, NguoiDaiDien, ChuHo, SoSoHoKhau.
const std::vector<std::string>& AllFields();
// What a purpose without its own configuration receives: who the person is, nothing more.
const std::vector<std::string>& IdentityFields();

// Clears every field of `c` not in `allowed` (an unknown name is ignored).
population::Citizen Minimise(const population::Citizen& c, const std::vector<std::string>& allowed);

// Errors: invalid_argument naming an unknown field.
core::Result<std::vector<std::string>> ParseFieldList(const std::string& comma_separated);

}  // namespace dancu::gateway
