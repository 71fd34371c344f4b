// Vietnamese text handling on top of ICU (UTF-8, NFC, case, folding, collation): see text.h.
#include "core/text.h"

#include <cctype>
#include <memory>
#include <vector>

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "core/text_internal.h"

namespace dancu::core {
namespace {

// ---- UTF-8 well-formedness -------------------------------------------------------------

// Length of the well-formed sequence at bytes[i], or 0 if it is ill-formed there.
// The second-byte bounds are what exclude overlongs, surrogates and values past U+10FFFF.
std::size_t WellFormedLength(std::string_view bytes, std::size_t i) {
  const auto lead = static_cast<unsigned char>(bytes[i]);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (bytes.size() - i < length) return 0;
  const auto second = static_cast<unsigned char>(bytes[i + 1]);
  if (second < low || second > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80) return 0;
  }
  return length;
}

// ---- ICU plumbing --------------------------------------------------------------------

icu::StringPiece AsStringPiece(std::string_view s) {
  return icu::StringPiece(s.data(), static_cast<int32_t>(s.size()));
}

icu::UnicodeString Normalize(const icu::UnicodeString& text, bool compose) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* form = compose ? icu::Normalizer2::getNFCInstance(status)
                                         : icu::Normalizer2::getNFDInstance(status);
  // NFC/NFD data is compiled into libicuuc, so failure means a broken ICU; leaving the
  // text as it is beats inventing an error path every caller would have to handle.
  if (U_FAILURE(status)) return text;
  icu::UnicodeString out = form->normalize(text, status);
  return U_FAILURE(status) ? text : out;
}

}  // namespace

namespace internal {

icu::UnicodeString FromUtf8(std::string_view utf8) {
  return icu::UnicodeString::fromUTF8(AsStringPiece(utf8));
}

std::string ToUtf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

std::vector<UChar32> CodePoints(const icu::UnicodeString& text) {
  std::vector<UChar32> out;
  ForEachCodePoint(text, [&](UChar32 c) { out.push_back(c); });
  return out;
}

icu::UnicodeString Nfc(const icu::UnicodeString& text) { return Normalize(text, true); }
icu::UnicodeString Nfd(const icu::UnicodeString& text) { return Normalize(text, false); }

const icu::Locale& ViLocale() {
  static const icu::Locale vi("vi");
  return vi;
}

}  // namespace internal

namespace {

using internal::ForEachCodePoint;
using internal::FromUtf8;
using internal::Nfc;
using internal::Nfd;
using internal::ToUtf8;
using internal::ViLocale;

// ---- Spaces and diacritics -----------------------------------------------------------

icu::UnicodeString Collapse(const icu::UnicodeString& text) {
  icu::UnicodeString out;
  bool gap = false;
  ForEachCodePoint(text, [&](UChar32 c) {
    if (u_isUWhiteSpace(c)) {
      gap = true;
      return;
    }
    if (gap && !out.isEmpty()) out.append(static_cast<UChar32>(' '));
    gap = false;
    out.append(c);
  });
  return out;
}

// Only the Latin-script combining blocks: marks of other scripts (Thai vowels, Devanagari
// signs) are letters' essential parts, not accents.
bool IsLatinDiacritic(UChar32 c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0xFE20 && c <= 0xFE2F);
}

// đ has no decomposition (its bar is part of the letter), and Ð U+00D0 is how many
// legacy Vietnamese keyboards typed Đ.
UChar32 WithoutStroke(UChar32 c) {
  if (c == 0x0111) return 'd';
  if (c == 0x0110 || c == 0x00D0) return 'D';
  return c;
}

icu::UnicodeString StripDiacritics(const icu::UnicodeString& text) {
  icu::UnicodeString out;
  ForEachCodePoint(Nfd(text), [&](UChar32 c) {
    if (!IsLatinDiacritic(c)) out.append(WithoutStroke(c));
  });
  return Nfc(out);
}

// ---- Collation -----------------------------------------------------------------------

std::unique_ptr<icu::Collator> NewViCollator() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> collator(icu::Collator::createInstance(ViLocale(), status));
  if (U_FAILURE(status)) return nullptr;
  // CLDR's "vi" tailoring turns this on already; set here so that NFD input (common from
  // macOS) ordering like its NFC twin does not rest on the tailoring data.
  collator->setAttribute(UCOL_NORMALIZATION_MODE, UCOL_ON, status);
  return U_FAILURE(status) ? nullptr : std::move(collator);
}

// Building a collator loads and parses tailoring data; cloning the prototype is cheap.
icu::Collator* ThreadCollator() {
  static const std::unique_ptr<icu::Collator> prototype = NewViCollator();
  thread_local const std::unique_ptr<icu::Collator> mine(
      prototype ? prototype->clone() : nullptr);
  return mine.get();
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// CollapseSpaces for ASCII input: the same result as the ICU path (tab, LF, VT, FF, CR and
// space are the ASCII White_Space characters).
std::string CollapseAscii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (char c : s) {
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += c;
  }
  return out;
}

}  // namespace

// ---- Public API ----------------------------------------------------------------------

std::size_t FirstInvalidUtf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t length = WellFormedLength(bytes, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

bool IsValidUtf8(std::string_view bytes) {
  return FirstInvalidUtf8(bytes) == std::string_view::npos;
}

std::string ToNfc(std::string_view utf8) {
  if (IsAscii(utf8)) return std::string(utf8);  // ASCII is already NFC; imports are mostly ASCII
  return ToUtf8(Nfc(FromUtf8(utf8)));
}

std::string CollapseSpaces(std::string_view utf8) {
  if (IsAscii(utf8)) return CollapseAscii(utf8);
  return ToUtf8(Collapse(FromUtf8(utf8)));
}

std::string RemoveDiacritics(std::string_view utf8) {
  return ToUtf8(StripDiacritics(FromUtf8(utf8)));
}

std::string ToUpperVi(std::string_view utf8) {
  icu::UnicodeString text = FromUtf8(utf8);
  text.toUpper(ViLocale());
  return ToUtf8(Nfc(text));
}

std::string ToLowerVi(std::string_view utf8) {
  icu::UnicodeString text = FromUtf8(utf8);
  text.toLower(ViLocale());
  return ToUtf8(Nfc(text));
}

std::string FoldForSearch(std::string_view utf8) {
  if (IsAscii(utf8)) {
    std::string out = CollapseAscii(utf8);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }
  icu::UnicodeString text = Nfc(FromUtf8(utf8));
  text.foldCase();
  return ToUtf8(Collapse(StripDiacritics(text)));
}

int CompareVi(std::string_view a, std::string_view b) {
  if (icu::Collator* collator = ThreadCollator()) {
    UErrorCode status = U_ZERO_ERROR;
    const UCollationResult order =
        collator->compareUTF8(AsStringPiece(a), AsStringPiece(b), status);
    if (U_SUCCESS(status)) return order;
  }
  return a.compare(b);  // char_traits<char> compares as unsigned: code point order
}

std::string ToValidUtf8(std::string_view text) {
  size_t bad = FirstInvalidUtf8(text);
  if (bad == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size() + 16);
  while (bad != std::string_view::npos) {
    out.append(text.substr(0, bad)).append("\xEF\xBF\xBD");  // U+FFFD
    text.remove_prefix(bad + 1);
    bad = FirstInvalidUtf8(text);
  }
  return out.append(text);
}

}  // namespace dancu::core
