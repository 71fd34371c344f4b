// The WSDL 1.1 of the national population service contract as dancu accepts and answers it,
// for those who generate clients (zeep, wsimport, svcutil, SoapUI).
//
// One document describes both servers that speak the contract: the gateway's `POST /soap`
// (`dancu serve`) and the reference national service (`dancu population serve`); both serve
// it at `GET …?wsdl`. Shape (issue 11 item 5):
//   - document/literal, SOAP 1.1 binding over HTTP, soapAction "" for both operations;
//   - requests: elements TraCuuThongTinCongDan and XacThucThongTinCongDan in kRequestNs, their
//     children qualified, in the order real clients write them (MaYeuCau, MaDVC, MaTichHop,
//     MaCanBo, MaDonVi, TaiKhoan, SoDienThoai, SoDinhDanh, SoCMND, HoVaTen, NgayThangNamSinh
//     {Nam | NgayThangNam}), every child optional. ParseRequest (soap.h) is more lenient than
//     the schema says: any order, unqualified children, unknown children ignored. Identifiers
//     are xsd:token with a pattern (so values padded with white space, as clients send them,
//     are valid); an empty element counts as absent, so the patterns allow the empty string.
//   - responses exactly as TraCuuResponse / XacThucResponse (soap.h) write them: the element
//     CongdanCollection (kResponseNs) holding CongDan with all its children in order, and
//     XacThucThongTinCongDanResponse{KetQua, MaYeuCau}. Faults are the standard soapenv:Fault.
//
// Left out on purpose: the <dan:MaYeuCau> SOAP header dancu adds to a TraCuu response is not
// declared as an output header, so generated clients return the body alone (zeep returns the
// header only as a separate object when one is declared; clients that read only the Body, as
// every deployed client does, are unaffected). The same MaYeuCau is not otherwise in the body
// of a TraCuu answer.
#pragma once

#include <string>
#include <string_view>

namespace dancu::population {

// The WSDL document (UTF-8, with an XML declaration) whose soap:address is `endpoint_url`
// (escaped for XML). Pure and thread-safe.
// REQUIRES: endpoint_url is an absolute http(s) URL in valid UTF-8 (the caller validates the
// host it came from; see web/wsdl_route.h).
std::string Wsdl(std::string_view endpoint_url);

}  // namespace dancu::population
