// Internals shared by the files of the SOAP codec (soap*.cc): hardened XML loading, namespace
// resolution, envelope navigation, escaping and birth dates. Not for other modules.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

#include "population/soap.h"

namespace dancu::population::soap_internal {

// Loads `xml` into `doc` after the checks described in soap.h and returns the document
// element. Errors: invalid_argument with a Vietnamese message.
Result<pugi::xml_node> LoadHardened(pugi::xml_document& doc, std::string_view xml,
                                    const ParseLimits& limits);

// The local part of an element's name ("dan:MaYeuCau" → "MaYeuCau").
std::string_view LocalName(pugi::xml_node element);
// The namespace URI bound to `prefix` at `element` (xmlns:prefix, or xmlns when the prefix
// is empty), searching ancestors; "" when unbound.
std::string_view ResolvePrefix(pugi::xml_node element, std::string_view prefix);
// The namespace URI of an element's name; "" when it has none.
std::string_view NamespaceOf(pugi::xml_node element);
// True when `element` is named `local` in namespace `ns`.
bool Is(pugi::xml_node element, std::string_view ns, std::string_view local);
// True when `element` is in `ns` or in no namespace (unqualified children).
bool InNsOrNone(pugi::xml_node element, std::string_view ns);

// The concatenated character data (text and CDATA) directly inside `element`.
std::string TextOf(pugi::xml_node element);
// `s` without leading and trailing ASCII white space: a view into `s` (keep `s` alive).
std::string_view TrimAscii(std::string_view s);
// A name or value copied from the document into a message: at most `max` bytes (cut at a
// character boundary, "…" added), ill-formed UTF-8 and control characters replaced by U+FFFD,
// so that an attacker controls neither the size nor the validity of a message or log line.
std::string Shorten(std::string_view s, std::size_t max = 64);
// True when `s` has a C0 control character other than tab, LF, CR (XML 1.0 forbids them).
bool HasControlCharacter(std::string_view s);

// The single element inside soapenv:Body of a SOAP 1.1 envelope rooted at `root`.
// Errors: invalid_argument (not an Envelope, SOAP 1.2, no Body, empty Body, two elements).
Result<pugi::xml_node> BodyPayload(pugi::xml_node root);
// True when `payload` is a soapenv:Fault; then FaultError gives its error.
bool IsFault(pugi::xml_node payload);
core::Error FaultError(pugi::xml_node fault);

// Appends `text` escaped for XML character data.
void AppendEscaped(std::string& out, std::string_view text);
// Appends <prefix:name>escaped value</prefix:name>, or <prefix:name/> when value is empty.
void AppendLeaf(std::string& out, std::string_view prefix, std::string_view name,
                std::string_view value);

// Reads the text of <Nam> (year_only) or <NgayThangNam> (yyyyMMdd, or yyyy read as a year).
// `strict` adds the birth-year range of requests (1800 to the current year).
// Errors: invalid_argument naming `element_name`.
Result<BirthDate> ParseBirthValue(std::string_view text, bool year_only,
                                  std::string_view element_name, bool strict);

}  // namespace dancu::population::soap_internal
