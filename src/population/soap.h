// The SOAP 1.1 codec of the national population service contract (TraCuuThongTinCongDan and
// XacThucThongTinCongDan): requests as one-stop systems write them, responses as the service
// writes them, SOAP Faults. Used by dancu's server (`population serve`), its client and tests.
//
// The contract, as public client code of OpenCPS and of a court system calls it (see
// shared/domain/FACTS.md, "The national service as real clients call it"):
//
//   <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
//                     xmlns:dan="http://dancuquocgia.bca">
//     <soapenv:Header/>
//     <soapenv:Body>
//       <dan:TraCuuThongTinCongDan>
//         <dan:MaYeuCau>…</dan:MaYeuCau> <dan:MaDVC>…</dan:MaDVC> <dan:MaTichHop>037</dan:MaTichHop>
//         <dan:MaCanBo>…</dan:MaCanBo> <dan:MaDonVi>…</dan:MaDonVi> <dan:TaiKhoan>…</dan:TaiKhoan>
//         <dan:SoDienThoai>…</dan:SoDienThoai> <dan:SoDinhDanh>…</dan:SoDinhDanh> (or SoCMND)
//         <dan:HoVaTen>NGUYEN VAN AN</dan:HoVaTen>
//         <dan:NgayThangNamSinh><dan:Nam>1990</dan:Nam></dan:NgayThangNamSinh>
//       </dan:TraCuuThongTinCongDan>
//     </soapenv:Body>
//   </soapenv:Envelope>
//
// and the response Envelope/Body/CongdanCollection/CongDan in http://www.mic.gov.vn/dancu/1.0.
//
// Every parser here is hardened for input from the network: a byte limit, no DTD at all (any
// DOCTYPE is refused before parsing, so no entity expansion — "billion laughs" — and no
// external entities — XXE), no processing instruction other than the XML declaration, limits
// on element depth and count, UTF-8 only. All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "population/citizen.h"

namespace dancu::population {

inline constexpr std::string_view kSoapEnvelopeNs = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view kRequestNs = "http://dancuquocgia.bca";
inline constexpr std::string_view kResponseNs = "http://www.mic.gov.vn/dancu/1.0";
inline constexpr std::string_view kOpTraCuu = "TraCuuThongTinCongDan";
inline constexpr std::string_view kOpXacThuc = "XacThucThongTinCongDan";

// Bounds applied to a document before and while it is parsed.
struct ParseLimits {
  std::size_t max_bytes = 64 * 1024;  // whole body, bytes
  int max_depth = 32;                 // element nesting; Envelope is depth 1
  std::size_t max_elements = 512;     // element count of the whole document
};

// For responses read by the client: a name search may return many citizens (~80 elements and
// ~3 KB each). 16 MiB matches the HTTP body limit of the SOAP client.
inline constexpr ParseLimits kResponseLimits{
    .max_bytes = 16 * 1024 * 1024, .max_depth = 32, .max_elements = 1'000'000};

// One request of the contract. Value type.
struct SoapRequest {
  std::string operation;  // kOpTraCuu or kOpXacThuc
  std::string request_id;        // MaYeuCau
  std::string service_code;      // MaDVC: the public service (TTHC) the lookup serves
  std::string integration_code;  // MaTichHop, e.g. "037"
  std::string official;          // MaCanBo: the official's CCCD or account
  std::string unit_code;         // MaDonVi: agency code
  std::string account;           // TaiKhoan
  std::string phone;             // SoDienThoai (clients send "0" when unknown: not validated)
  Query query;                   // SoDinhDanh, SoCMND, NameKey(HoVaTen), NgayThangNamSinh
  std::string full_name;         // HoVaTen as sent (trimmed)
};

// Parses a request posted to the service.
//
// Accepted: a SOAP 1.1 Envelope (any prefix; elements matched by local name and namespace
// URI, prefixes resolved through xmlns declarations) whose Body holds one operation element
// in kRequestNs. Its children may be qualified with kRequestNs (as clients write them) or
// unqualified. Real clients send them in contract order, but OpenCPS writes everything after
// SoDinhDanh in hash-map order and adds elements of its own (AuthHash, Paging), so the order
// is not enforced and unknown children are ignored; a known child twice is refused. Empty
// elements count as absent. Values are trimmed of ASCII white space; each is at most 256 bytes.
// NgayThangNamSinh holds <Nam>yyyy</Nam> or <NgayThangNam>yyyyMMdd</NgayThangNam>;
// NgayThangNam with only 4 digits is read as a year (OpenCPS always uses NgayThangNam).
// HoVaTen should be upper case without diacritics; other spellings are accepted and
// query.name_key is always NameKey(HoVaTen).
//
// Rules: SoDinhDanh exactly 12 digits; SoCMND exactly 9 digits; a birth date is a real
// calendar day with a year from 1800 to the current year. TraCuuThongTinCongDan needs
// SoDinhDanh, SoCMND, or HoVaTen with NgayThangNamSinh. XacThucThongTinCongDan needs
// SoDinhDanh, HoVaTen and NgayThangNamSinh (CitizenSource::Verify takes a CCCD).
//
// Errors: invalid_argument with a Vietnamese message naming the problem (the web layer sends
// it back as a soap:Client Fault): too large, not UTF-8, DOCTYPE, processing instruction,
// too deep, too many elements, malformed XML, not a SOAP 1.1 envelope, wrong namespace,
// unsupported operation, an invalid value, no usable search key.
Result<SoapRequest> ParseRequest(std::string_view xml, const ParseLimits& limits = {});

// The request as real clients write it: prefixes soapenv and dan, an empty Header, children
// qualified and in contract order, no XML declaration. Writes MaYeuCau…SoDienThoai when
// non-empty, SoDinhDanh and SoCMND when non-empty, HoVaTen = NameKey(full_name) or, when
// full_name is empty, query.name_key (when non-empty), NgayThangNamSinh when query.birth is
// set (<Nam> for a year-only date). An empty operation means kOpTraCuu.
// REQUIRES: operation is empty or an XML name; strings are valid UTF-8.
std::string BuildRequest(const SoapRequest& request);

// The TraCuuThongTinCongDan response: <?xml?> declaration, soapenv:Envelope, a Header
// carrying <dan:MaYeuCau> (dancu's addition, so that a caller can match answers; clients that
// read only the Body are unaffected), and Body/ns1:CongdanCollection (kResponseNs) with one
// ns1:CongDan per citizen holding exactly, in this order: SoDinhDanh, SoCMND,
// HoVaTen{Ho,ChuDem,Ten}, GioiTinh, DanToc, TonGiao, TinhTrangHonNhan, NhomMau, QuocTich,
// NgayThangNamSinh{Nam|NgayThangNam}, NoiDangKyKhaiSinh, QueQuan, ThuongTru, NoiOHienTai
// {MaTinhThanh,MaQuanHuyen,MaPhuongXa,ChiTiet,QuocGia}, Cha, Me, VoChong, NguoiDaiDien
// {HoVaTen,QuocTich,SoDinhDanh,SoCMND}, ChuHo{QuanHe,SoDinhDanh,SoCMND,HoVaTen}, SoSoHoKhau.
//
// Choice: every element is always written, empty ones as <ns1:X/> — an absent relative is
// <ns1:Cha> with empty children (QuocTich as stored, "VN" by default) — so the shape is fixed
// and a round trip is exact. A birth date with year 0 (unknown) is an empty
// <ns1:NgayThangNamSinh/>. No citizen → an empty CongdanCollection (the contract's "not
// found"). Text is escaped; control characters XML 1.0 cannot carry become U+FFFD.
// REQUIRES: strings are valid UTF-8.
std::string TraCuuResponse(const std::vector<Citizen>& citizens, const std::string& request_id);

// Reads a TraCuuThongTinCongDan response (for the client), hardened as ParseRequest.
// Accepts what TraCuuResponse writes and what the national service writes: any prefixes,
// children qualified with kResponseNs or unqualified, missing elements (they keep the
// defaults of Citizen, e.g. an omitted relative is Relative{}), unknown elements ignored.
// Text is taken as sent (not trimmed) except GioiTinh and dates.
// Errors: a SOAP Fault → its faultstring, code invalid_argument for a soap:Client fault and
// unavailable otherwise (soap:Server…); a document that is not a valid response (malformed,
// too large, DOCTYPE, no CongdanCollection, bad GioiTinh or date) → unavailable, since the
// service, not the caller, is at fault.
Result<std::vector<Citizen>> ParseTraCuuResponse(std::string_view xml,
                                                 const ParseLimits& limits = kResponseLimits);

// The XacThucThongTinCongDan response. The real contract of this operation is not public;
// this is dancu's own shape, in kResponseNs like TraCuu's:
//   <soapenv:Body><ns1:XacThucThongTinCongDanResponse xmlns:ns1="http://www.mic.gov.vn/dancu/1.0">
//     <ns1:KetQua>true|false</ns1:KetQua><ns1:MaYeuCau>…</ns1:MaYeuCau>
//   </ns1:XacThucThongTinCongDanResponse></soapenv:Body>
// REQUIRES: request_id is valid UTF-8.
std::string XacThucResponse(bool match, const std::string& request_id);

// Reads the shape above; KetQua may be true/false or 1/0. Errors as ParseTraCuuResponse.
Result<bool> ParseXacThucResponse(std::string_view xml, const ParseLimits& limits = kResponseLimits);

// A SOAP 1.1 Fault: faultcode soapenv:Client (the request is wrong) or soapenv:Server (the
// service failed), faultstring `message` with xml:lang="vi". REQUIRES: message is UTF-8.
std::string Fault(bool client_fault, const std::string& message);

}  // namespace dancu::population
