// ICU helpers shared by text.cc and legacy_text.cc: UTF-8 <-> UTF-16, code points, NFC/NFD.
//
// Not part of the core module's interface: only the text .cc files of the module include it.
// Every function here is pure and safe to call from any number of threads at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <unicode/locid.h>
#include <unicode/umachine.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

namespace dancu::core::internal {

// `utf8` as UTF-16; each ill-formed sequence becomes U+FFFD.
icu::UnicodeString FromUtf8(std::string_view utf8);

// `text` as UTF-8; each unpaired surrogate becomes U+FFFD.
std::string ToUtf8(const icu::UnicodeString& text);

// Calls `visit(UChar32)` for each code point of `text`, in order.
template <class Visit>
void ForEachCodePoint(const icu::UnicodeString& text, Visit visit) {
  for (int32_t i = 0; i < text.length();) {
    const UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    visit(c);
  }
}

// The code points of `text`, in order.
std::vector<UChar32> CodePoints(const icu::UnicodeString& text);

// The NFC / NFD form of `text`; `text` itself if ICU's normalisation data cannot be loaded.
icu::UnicodeString Nfc(const icu::UnicodeString& text);
icu::UnicodeString Nfd(const icu::UnicodeString& text);

// Locale "vi", for case mapping and collation. The reference stays valid for the program's life.
const icu::Locale& ViLocale();

}  // namespace dancu::core::internal
