// The XML layer of the SOAP codec: hardened loading, namespaces, the envelope, Faults, escaping.
#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>

#include "core/text.h"
#include "core/validate.h"
#include "population/soap_internal.h"

namespace dancu::population {

using core::Error;
using core::Fail;

namespace soap_internal {
namespace {

constexpr std::string_view kSoap12Ns = "http://www.w3.org/2003/05/soap-envelope";
constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";

Error Bad(std::string message) { return Error::Invalid(std::move(message)); }

char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [](char x, char y) { return AsciiUpper(x) == AsciiUpper(y); });
}

// True when `xml` holds a markup declaration "<!DOCTYPE" or "<!ENTITY", in any case.
bool HasDtdMarkup(std::string_view xml) {
  for (auto at = xml.find("<!"); at != std::string_view::npos; at = xml.find("<!", at + 2)) {
    const std::string_view rest = xml.substr(at + 2);
    if (EqualsNoCase(rest.substr(0, 7), "DOCTYPE") || EqualsNoCase(rest.substr(0, 6), "ENTITY")) {
      return true;
    }
  }
  return false;
}

std::string_view StatusText(pugi::xml_parse_status status) {
  switch (status) {
    case pugi::status_out_of_memory: return "không đủ bộ nhớ để đọc";
    case pugi::status_unrecognized_tag: return "thẻ không nhận ra được";
    case pugi::status_bad_pi: return "khai báo XML hoặc chỉ thị xử lý sai cú pháp";
    case pugi::status_bad_comment: return "chú thích sai cú pháp";
    case pugi::status_bad_cdata: return "khối CDATA sai cú pháp";
    case pugi::status_bad_doctype: return "khai báo DOCTYPE sai cú pháp";
    case pugi::status_bad_pcdata: return "nội dung văn bản sai cú pháp";
    case pugi::status_bad_start_element: return "thẻ mở sai cú pháp";
    case pugi::status_bad_attribute: return "thuộc tính sai cú pháp";
    case pugi::status_bad_end_element: return "thẻ đóng sai cú pháp";
    case pugi::status_end_element_mismatch:
      return "thẻ đóng không khớp thẻ mở (thiếu thẻ đóng, hoặc thông điệp bị cắt cụt)";
    case pugi::status_no_document_element: return "không có phần tử gốc";
    default: return "lỗi cú pháp";
  }
}

// Checks every node of the parsed tree. Iterative, so a deep document cannot exhaust the stack.
Result<void> CheckTree(const pugi::xml_document& doc, const ParseLimits& limits) {
  std::size_t elements = 0;
  int depth = 0;  // element depth of `n`'s parent
  pugi::xml_node n = doc.first_child();
  while (n) {
    switch (n.type()) {
      case pugi::node_doctype:  // not produced without parse_doctype; checked all the same
        return Fail(Bad("Thông điệp không được chứa khai báo DOCTYPE (DTD)."));
      case pugi::node_pi:
        return Fail(Bad("Thông điệp không được chứa chỉ thị xử lý <?" + Shorten(n.name()) +
                        "?>; chỉ cho phép khai báo <?xml …?> ở đầu."));
      case pugi::node_declaration: {
        const std::string_view enc = n.attribute("encoding").value();
        if (!enc.empty() && !EqualsNoCase(enc, "utf-8") && !EqualsNoCase(enc, "utf8")) {
          return Fail(Bad("Thông điệp phải mã hoá UTF-8 (khai báo đang là encoding=\"" +
                          Shorten(enc) + "\")."));
        }
        break;
      }
      case pugi::node_element:
        if (++elements > limits.max_elements) {
          return Fail(Bad("Thông điệp có quá nhiều phần tử XML (tối đa " +
                          std::to_string(limits.max_elements) + ")."));
        }
        if (depth + 1 > limits.max_depth) {
          return Fail(Bad("Thông điệp lồng phần tử quá sâu (tối đa " +
                          std::to_string(limits.max_depth) + " cấp)."));
        }
        break;
      default:
        break;
    }
    if (n.type() == pugi::node_element && n.first_child()) {
      n = n.first_child();
      ++depth;
      continue;
    }
    while (n && !n.next_sibling()) {
      n = n.parent();
      if (n.type() != pugi::node_element) return {};  // back at the document
      --depth;
    }
    if (n) n = n.next_sibling();
  }
  return {};
}

}  // namespace

std::string Shorten(std::string_view s, std::size_t max) {
  std::string clean;
  for (char c : core::ToValidUtf8(s.substr(0, max + 4))) {
    if ((c >= 0 && c < 0x20) || c == 0x7f) clean += "\xEF\xBF\xBD";
    else clean += c;
  }
  if (clean.size() <= max && s.size() <= max) return clean;
  std::size_t cut = std::min(max, clean.size());
  while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return clean.substr(0, cut) + "…";
}

bool HasControlCharacter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r'; });
}

// A NUL byte, or a character reference to U+0000 (&#0;, &#x0;, &#00;…): XML 1.0 forbids it
// and the parser's C strings would silently cut the value there (issue 11 attack finding 6).
bool HasNul(std::string_view xml) {
  if (xml.find('\0') != std::string_view::npos) return true;
  for (std::size_t at = xml.find("&#"); at != std::string_view::npos; at = xml.find("&#", at + 2)) {
    std::size_t i = at + 2;
    bool hex = i < xml.size() && (xml[i] == 'x' || xml[i] == 'X');
    if (hex) ++i;
    std::size_t digits = i;
    while (i < xml.size() && xml[i] == '0') ++i;
    if (i > digits && i < xml.size() && xml[i] == ';') return true;
  }
  return false;
}

Result<pugi::xml_node> LoadHardened(pugi::xml_document& doc, std::string_view xml,
                                    const ParseLimits& limits) {
  if (xml.size() > limits.max_bytes) {
    return Fail(Bad("Thông điệp SOAP quá lớn: " + std::to_string(xml.size()) +
                    " byte (tối đa " + std::to_string(limits.max_bytes) + " byte)."));
  }
  if (TrimAscii(xml).empty()) return Fail(Bad("Thông điệp SOAP rỗng."));
  if (const auto bad = core::FirstInvalidUtf8(xml); bad != std::string_view::npos) {
    return Fail(Bad("Thông điệp SOAP phải mã hoá UTF-8; byte thứ " + std::to_string(bad + 1) +
                    " không hợp lệ."));
  }
  if (HasNul(xml)) {
    return Fail(Bad("Thông điệp SOAP không được chứa ký tự NUL (kể cả dạng &#0;)."));
  }
  // No DTD processing at all: refusing any DOCTYPE before parsing blocks entity expansion
  // ("billion laughs") and external entities (XXE) whatever the parser would do with them.
  if (HasDtdMarkup(xml)) {
    return Fail(Bad("Thông điệp SOAP không được chứa khai báo DOCTYPE hay ENTITY (DTD): "
                    "dịch vụ không xử lý DTD và thực thể."));
  }
  // parse_pi and parse_declaration only make those nodes visible so that CheckTree can refuse
  // them; parse_doctype is deliberately absent.
  constexpr unsigned kOptions = pugi::parse_cdata | pugi::parse_escapes | pugi::parse_eol |
                                pugi::parse_wconv_attribute | pugi::parse_pi |
                                pugi::parse_declaration;
  if (xml.starts_with("\xEF\xBB\xBF")) xml.remove_prefix(3);  // a UTF-8 byte order mark
  const pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), kOptions, pugi::encoding_utf8);
  if (!parsed) {
    return Fail(Bad("XML không hợp lệ tại byte " + std::to_string(parsed.offset + 1) + ": " +
                    std::string(StatusText(parsed.status)) + "."));
  }
  if (auto ok = CheckTree(doc, limits); !ok) return Fail(std::move(ok.error()));
  return doc.document_element();
}

std::string_view LocalName(pugi::xml_node element) {
  const std::string_view name = element.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view ResolvePrefix(pugi::xml_node element, std::string_view prefix) {
  if (prefix == "xml") return kXmlNs;
  for (pugi::xml_node e = element; e.type() == pugi::node_element; e = e.parent()) {
    for (const pugi::xml_attribute a : e.attributes()) {
      const std::string_view an = a.name();
      const bool match = prefix.empty() ? an == "xmlns"
                                        : an.size() == prefix.size() + 6 &&
                                              an.starts_with("xmlns:") && an.substr(6) == prefix;
      if (match) return a.value();
    }
  }
  return {};
}

std::string_view NamespaceOf(pugi::xml_node element) {
  const std::string_view name = element.name();
  const auto colon = name.find(':');
  return ResolvePrefix(element, colon == std::string_view::npos ? "" : name.substr(0, colon));
}

bool Is(pugi::xml_node element, std::string_view ns, std::string_view local) {
  return element.type() == pugi::node_element && LocalName(element) == local &&
         NamespaceOf(element) == ns;
}

bool InNsOrNone(pugi::xml_node element, std::string_view ns) {
  const std::string_view uri = NamespaceOf(element);
  return uri.empty() || uri == ns;
}

std::string TextOf(pugi::xml_node element) {
  std::string out;
  for (const pugi::xml_node c : element.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  constexpr std::string_view kWs = " \t\r\n";
  const auto b = s.find_first_not_of(kWs);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kWs) - b + 1);
}

Result<pugi::xml_node> BodyPayload(pugi::xml_node root) {
  if (LocalName(root) == "Envelope" && NamespaceOf(root) == kSoap12Ns) {
    return Fail(Bad("Dịch vụ chỉ hỗ trợ SOAP 1.1 (namespace " + std::string(kSoapEnvelopeNs) +
                    "); thông điệp đang dùng SOAP 1.2."));
  }
  if (!Is(root, kSoapEnvelopeNs, "Envelope")) {
    return Fail(Bad("Phần tử gốc phải là Envelope của SOAP 1.1 (namespace " +
                    std::string(kSoapEnvelopeNs) + "), không phải <" + Shorten(root.name()) +
                    ">."));
  }
  pugi::xml_node body;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (Is(c, kSoapEnvelopeNs, "Body")) body = c;
    // SOAP 1.1 §4: an optional Header, then the Body.
    if (body || !Is(c, kSoapEnvelopeNs, "Header")) break;
  }
  if (!body) return Fail(Bad("Envelope phải chứa soapenv:Body (sau soapenv:Header nếu có)."));
  pugi::xml_node payload;
  for (pugi::xml_node c = body.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (payload) return Fail(Bad("soapenv:Body chỉ được chứa một phần tử."));
    payload = c;
  }
  if (!payload) return Fail(Bad("soapenv:Body rỗng: thiếu phần tử thao tác."));
  return payload;
}

bool IsFault(pugi::xml_node payload) { return Is(payload, kSoapEnvelopeNs, "Fault"); }

core::Error FaultError(pugi::xml_node fault) {
  std::string code_text, message;
  pugi::xml_node code_el;
  for (const pugi::xml_node c : fault.children()) {
    if (c.type() != pugi::node_element) continue;
    if (LocalName(c) == "faultcode") {
      code_el = c;
      code_text = std::string(TrimAscii(TextOf(c)));
    } else if (LocalName(c) == "faultstring") {
      message = std::string(TrimAscii(TextOf(c)));
    }
  }
  // faultcode is a QName: soapenv:Client, soapenv:Server, or dotted refinements of them.
  std::string_view code = code_text;
  const auto colon = code.find(':');
  const std::string_view prefix = colon == std::string_view::npos ? "" : code.substr(0, colon);
  const std::string_view local = colon == std::string_view::npos ? code : code.substr(colon + 1);
  const std::string_view uri = code_el ? ResolvePrefix(code_el, prefix) : std::string_view{};
  const bool client = (uri.empty() || uri == kSoapEnvelopeNs) &&
                      (local == "Client" || local.starts_with("Client."));
  if (message.empty()) message = "Dịch vụ dân cư trả lỗi SOAP " + Shorten(code) + ".";
  message = Shorten(message, 2000);
  return client ? Error::Invalid(std::move(message)) : Error::Unavailable(std::move(message));
}

void AppendEscaped(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\r': out += "&#13;"; break;  // a raw CR would be folded by end-of-line handling
      case '\t':
      case '\n': out += ch; break;
      default:
        // XML 1.0 cannot carry other C0 controls, not even as character references.
        if (static_cast<unsigned char>(ch) < 0x20) out += "\xEF\xBF\xBD";
        else out += ch;
    }
  }
}

void AppendLeaf(std::string& out, std::string_view prefix, std::string_view name,
                std::string_view value) {
  out += '<';
  out += prefix;
  out += ':';
  out += name;
  if (value.empty()) {
    out += "/>";
    return;
  }
  out += '>';
  AppendEscaped(out, value);
  out += "</";
  out += prefix;
  out += ':';
  out += name;
  out += '>';
}

Result<BirthDate> ParseBirthValue(std::string_view text, bool year_only,
                                  std::string_view element_name, bool strict) {
  const std::string_view v = TrimAscii(text);
  const bool digits = !v.empty() && std::all_of(v.begin(), v.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  const std::string name(element_name);
  const std::string shown = v.size() <= 16 ? " (đang là \"" + std::string(v) + "\")" : "";
  if (!digits || (year_only ? v.size() != 4 : v.size() != 8 && v.size() != 4)) {
    return Fail(Bad(year_only ? name + " phải là năm sinh gồm 4 chữ số, ví dụ 1990" + shown + "."
                              : name + " phải có dạng yyyyMMdd (8 chữ số), ví dụ 19900215" +
                                    shown + "."));
  }
  BirthDate b;
  b.year = std::stoi(std::string(v.substr(0, 4)));
  if (v.size() == 8) {
    b.month = std::stoi(std::string(v.substr(4, 2)));
    b.day = std::stoi(std::string(v.substr(6, 2)));
    const std::chrono::year_month_day ymd{std::chrono::year{b.year},
                                          std::chrono::month{unsigned(b.month)},
                                          std::chrono::day{unsigned(b.day)}};
    if (!ymd.ok()) return Fail(Bad(name + " không phải một ngày có thật" + shown + "."));
  }
  const int max_year = strict ? core::CurrentYear() : 9999;
  const int min_year = strict ? 1800 : 1;
  if (b.year < min_year || b.year > max_year) {
    return Fail(Bad(name + ": năm sinh phải từ " + std::to_string(min_year) + " đến " +
                    std::to_string(max_year) + shown + "."));
  }
  return b;
}

}  // namespace soap_internal

std::string Fault(bool client_fault, const std::string& message) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
      "<soapenv:Body><soapenv:Fault><faultcode>";
  out += client_fault ? "soapenv:Client" : "soapenv:Server";
  out += "</faultcode><faultstring xml:lang=\"vi\">";
  soap_internal::AppendEscaped(out, message);
  out += "</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>";
  return out;
}

}  // namespace dancu::population
