// The WSDL 1.1 document of the national population service contract (see wsdl.h).
#include "population/wsdl.h"

#include <string>
#include <string_view>

#include "population/soap_internal.h"

namespace dancu::population {
namespace {

// Definitions, and the request schema (http://dancuquocgia.bca). ParseRequest trims values of
// ASCII white space and treats empty elements as absent: hence xsd:token and "(…)?" patterns.
constexpr std::string_view kHead = R"(<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions name="DanCuQuocGia" targetNamespace="http://dancuquocgia.bca"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:dan="http://dancuquocgia.bca"
    xmlns:ns1="http://www.mic.gov.vn/dancu/1.0">
  <wsdl:documentation>Tra cứu và xác thực thông tin công dân (hợp đồng SOAP của CSDL quốc gia về dân cư) như dancu nhận và trả lời.</wsdl:documentation>
  <wsdl:types>
    <xsd:schema targetNamespace="http://dancuquocgia.bca" elementFormDefault="qualified">
      <xsd:simpleType name="GiaTri">
        <xsd:restriction base="xsd:string"><xsd:maxLength value="256"/></xsd:restriction>
      </xsd:simpleType>
      <xsd:simpleType name="SoDinhDanh">
        <xsd:restriction base="xsd:token"><xsd:pattern value="([0-9]{12})?"/></xsd:restriction>
      </xsd:simpleType>
      <xsd:simpleType name="SoCMND">
        <xsd:restriction base="xsd:token"><xsd:pattern value="([0-9]{9})?"/></xsd:restriction>
      </xsd:simpleType>
      <xsd:simpleType name="Nam">
        <xsd:restriction base="xsd:token"><xsd:pattern value="([0-9]{4})?"/></xsd:restriction>
      </xsd:simpleType>
      <xsd:simpleType name="NgayThangNam">
        <xsd:restriction base="xsd:token"><xsd:pattern value="([0-9]{8}|[0-9]{4})?"/></xsd:restriction>
      </xsd:simpleType>
      <xsd:complexType name="NgayThangNamSinh">
        <xsd:choice minOccurs="0">
          <xsd:element name="Nam" type="dan:Nam"/>
          <xsd:element name="NgayThangNam" type="dan:NgayThangNam"/>
        </xsd:choice>
      </xsd:complexType>
      <xsd:complexType name="YeuCau">
        <xsd:sequence>
          <xsd:element name="MaYeuCau" type="dan:GiaTri" minOccurs="0"/>
          <xsd:element name="MaDVC" type="dan:GiaTri" minOccurs="0"/>
          <xsd:element name="MaTichHop" type="dan:GiaTri" minOccurs="0"/>
          <xsd:element name="MaCanBo" type="dan:GiaTri" minOccurs="0"/>
          <xsd:element name="MaDonVi" type="dan:GiaTri" minOccurs="0"/>
          <xsd:element name="TaiKhoan" type="dan:GiaTri" minOccurs="0"/>
          <xsd:element name="SoDienThoai" type="dan:GiaTri" minOccurs="0"/>
          <xsd:element name="SoDinhDanh" type="dan:SoDinhDanh" minOccurs="0"/>
          <xsd:element name="SoCMND" type="dan:SoCMND" minOccurs="0"/>
          <xsd:element name="HoVaTen" type="dan:GiaTri" minOccurs="0"/>
          <xsd:element name="NgayThangNamSinh" type="dan:NgayThangNamSinh" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="TraCuuThongTinCongDan" type="dan:YeuCau"/>
      <xsd:element name="XacThucThongTinCongDan" type="dan:YeuCau"/>
    </xsd:schema>
)";

// The response schema (http://www.mic.gov.vn/dancu/1.0): every element is always written,
// empty ones as <ns1:X/>, in the order of TraCuuResponse.
constexpr std::string_view kResponseSchema =
    R"(    <xsd:schema targetNamespace="http://www.mic.gov.vn/dancu/1.0" elementFormDefault="qualified">
      <xsd:complexType name="HoVaTen">
        <xsd:sequence>
          <xsd:element name="Ho" type="xsd:string"/>
          <xsd:element name="ChuDem" type="xsd:string"/>
          <xsd:element name="Ten" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="NgayThangNamSinh">
        <xsd:choice minOccurs="0">
          <xsd:element name="Nam" type="xsd:string"/>
          <xsd:element name="NgayThangNam" type="xsd:string"/>
        </xsd:choice>
      </xsd:complexType>
      <xsd:complexType name="DiaChi">
        <xsd:sequence>
          <xsd:element name="MaTinhThanh" type="xsd:string"/>
          <xsd:element name="MaQuanHuyen" type="xsd:string"/>
          <xsd:element name="MaPhuongXa" type="xsd:string"/>
          <xsd:element name="ChiTiet" type="xsd:string"/>
          <xsd:element name="QuocGia" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="NguoiThan">
        <xsd:sequence>
          <xsd:element name="HoVaTen" type="xsd:string"/>
          <xsd:element name="QuocTich" type="xsd:string"/>
          <xsd:element name="SoDinhDanh" type="xsd:string"/>
          <xsd:element name="SoCMND" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="ChuHo">
        <xsd:sequence>
          <xsd:element name="QuanHe" type="xsd:string"/>
          <xsd:element name="SoDinhDanh" type="xsd:string"/>
          <xsd:element name="SoCMND" type="xsd:string"/>
          <xsd:element name="HoVaTen" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="CongDan">
        <xsd:sequence>
          <xsd:element name="SoDinhDanh" type="xsd:string"/>
          <xsd:element name="SoCMND" type="xsd:string"/>
          <xsd:element name="HoVaTen" type="ns1:HoVaTen"/>
          <xsd:element name="GioiTinh" type="xsd:int"/>
          <xsd:element name="DanToc" type="xsd:string"/>
          <xsd:element name="TonGiao" type="xsd:string"/>
          <xsd:element name="TinhTrangHonNhan" type="xsd:string"/>
          <xsd:element name="NhomMau" type="xsd:string"/>
          <xsd:element name="QuocTich" type="xsd:string"/>
          <xsd:element name="NgayThangNamSinh" type="ns1:NgayThangNamSinh"/>
          <xsd:element name="NoiDangKyKhaiSinh" type="ns1:DiaChi"/>
          <xsd:element name="QueQuan" type="ns1:DiaChi"/>
          <xsd:element name="ThuongTru" type="ns1:DiaChi"/>
          <xsd:element name="NoiOHienTai" type="ns1:DiaChi"/>
          <xsd:element name="Cha" type="ns1:NguoiThan"/>
          <xsd:element name="Me" type="ns1:NguoiThan"/>
          <xsd:element name="VoChong" type="ns1:NguoiThan"/>
          <xsd:element name="NguoiDaiDien" type="ns1:NguoiThan"/>
          <xsd:element name="ChuHo" type="ns1:ChuHo"/>
          <xsd:element name="SoSoHoKhau" type="xsd:string"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="CongdanCollection">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="CongDan" type="ns1:CongDan" minOccurs="0" maxOccurs="unbounded"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="XacThucThongTinCongDanResponse">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="KetQua" type="xsd:boolean"/>
            <xsd:element name="MaYeuCau" type="xsd:string"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
    </xsd:schema>
  </wsdl:types>
)";

// Messages, port type, the SOAP 1.1 document/literal binding with soapAction "", and the
// service, whose address follows.
constexpr std::string_view kOperations = R"(  <wsdl:message name="TraCuuThongTinCongDanRequest">
    <wsdl:part name="parameters" element="dan:TraCuuThongTinCongDan"/>
  </wsdl:message>
  <wsdl:message name="TraCuuThongTinCongDanResponse">
    <wsdl:part name="parameters" element="ns1:CongdanCollection"/>
  </wsdl:message>
  <wsdl:message name="XacThucThongTinCongDanRequest">
    <wsdl:part name="parameters" element="dan:XacThucThongTinCongDan"/>
  </wsdl:message>
  <wsdl:message name="XacThucThongTinCongDanResponse">
    <wsdl:part name="parameters" element="ns1:XacThucThongTinCongDanResponse"/>
  </wsdl:message>
  <wsdl:portType name="DanCuPortType">
    <wsdl:operation name="TraCuuThongTinCongDan">
      <wsdl:input message="dan:TraCuuThongTinCongDanRequest"/>
      <wsdl:output message="dan:TraCuuThongTinCongDanResponse"/>
    </wsdl:operation>
    <wsdl:operation name="XacThucThongTinCongDan">
      <wsdl:input message="dan:XacThucThongTinCongDanRequest"/>
      <wsdl:output message="dan:XacThucThongTinCongDanResponse"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="DanCuSoapBinding" type="dan:DanCuPortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="TraCuuThongTinCongDan">
      <soap:operation soapAction="" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
    <wsdl:operation name="XacThucThongTinCongDan">
      <soap:operation soapAction="" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="DanCuService">
    <wsdl:port name="DanCuPort" binding="dan:DanCuSoapBinding">
      <soap:address location=")";

constexpr std::string_view kTail = R"("/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
)";

}  // namespace

std::string Wsdl(std::string_view endpoint_url) {
  std::string out;
  out.reserve(kHead.size() + kResponseSchema.size() + kOperations.size() + kTail.size() + 256);
  out += kHead;
  out += kResponseSchema;
  out += kOperations;
  soap_internal::AppendEscaped(out, endpoint_url);
  out += kTail;
  return out;
}

}  // namespace dancu::population
