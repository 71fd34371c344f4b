// Vietnamese text: UTF-8 checks, normalisation, case, search keys, collation, legacy fonts.
//
// Common contract, unless a function says otherwise:
//  - Text is UTF-8 in std::string_view / std::string; inputs must be shorter than 2 GiB.
//  - Functions whose precondition is valid UTF-8 do not fail on invalid input: each
//    ill-formed sequence becomes U+FFFD (ICU's replacement rule). Check with IsValidUtf8 at
//    the boundary where bytes enter the system.
//  - Every function is pure and safe to call from any number of threads at once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dancu::core {

// True iff `bytes` is well-formed UTF-8 per Unicode 15 table 3-7: no overlong forms, no
// surrogates (U+D800-U+DFFF), nothing above U+10FFFF, no truncated sequence. Empty → true.
bool IsValidUtf8(std::string_view bytes);

// Byte offset of the first ill-formed sequence in `bytes`, or std::string_view::npos when
// the whole input is well-formed. IsValidUtf8(b) == (FirstInvalidUtf8(b) == npos).
std::size_t FirstInvalidUtf8(std::string_view bytes);

// `bytes` with each ill-formed byte replaced by U+FFFD (valid input is returned unchanged):
// how text from the network or a file becomes safe to store, log or serialise.
std::string ToValidUtf8(std::string_view bytes);

// The NFC form of `utf8` (e.g. NFD "Nguyê\u0303n" → precomposed "Nguyễn").
// Precondition: valid UTF-8.
std::string ToNfc(std::string_view utf8);

// `utf8` with leading and trailing white space removed and every inner run of white space
// (the Unicode White_Space property: ASCII space, tab, CR, LF, NBSP U+00A0, U+2000-U+200A,
// U+3000, ...) replaced by one ASCII space. Zero-width characters (U+200B, U+FEFF) are not
// white space and are kept. Precondition: valid UTF-8. Does not normalise.
std::string CollapseSpaces(std::string_view utf8);

// `utf8` in NFC with every combining diacritic removed (Vietnamese tones and the vowel
// marks of ă â ê ô ơ ư, and likewise é ü ç ...) and đ/Đ (and the look-alike Ð U+00D0)
// turned into d/D: "Nguyễn Văn Đức" → "Nguyen Van Duc". Accepts NFC or NFD input. Letters
// whose stroke is not a separable mark (ø, ł, æ) are kept. Precondition: valid UTF-8.
std::string RemoveDiacritics(std::string_view utf8);

// Full Unicode upper / lower case mapping with the rules of locale "vi", result in NFC
// ("nguyễn văn đức" ↔ "NGUYỄN VĂN ĐỨC"). Precondition: valid UTF-8.
std::string ToUpperVi(std::string_view utf8);
std::string ToLowerVi(std::string_view utf8);

// The key for case- and accent-insensitive matching: NFC, Unicode case folding (a lower
// case that also maps ß → ss), diacritics removed as RemoveDiacritics does, white space
// collapsed as CollapseSpaces does. "  NGUYỄN  văn a" → "nguyen van a". Two strings match
// iff their keys are equal. Precondition: valid UTF-8.
std::string FoldForSearch(std::string_view utf8);

// Compares `a` and `b` in Vietnamese dictionary order (ICU collator for locale "vi"):
// negative if a sorts first, 0 if the collator finds them equal, positive otherwise.
// Letters order a ă â b c d đ e ê ... o ô ơ ... u ư ...; tones and case only break ties
// (secondary/tertiary levels). NFC and NFD spellings of one text compare equal, so 0 does
// not mean byte-equal: add a byte comparison when a strict total order is needed.
// Thread-safety: ICU collators must not be used by two threads at once, so each thread
// clones one shared prototype on first use (a thread_local clone; no lock on the hot path).
// If the ICU collation data cannot be loaded (a broken installation) it falls back to
// comparing code points. Precondition: valid UTF-8.
int CompareVi(std::string_view a, std::string_view b);

// Windows-1252 bytes decoded to UTF-8. Every byte is defined: 0x00-0x7F and 0xA0-0xFF map
// to the same code point, 0x80-0x9F to Microsoft's characters (0x80 → €, 0x93 → “ ...),
// and the five bytes Windows leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) to the C1 control
// of the same value. Total: never fails.
std::string DecodeCp1252(std::string_view bytes);

// The 8-bit Vietnamese font encodings that older office files still use.
enum class LegacyEncoding {
  kNone,   // not legacy: ordinary Unicode (or plain ASCII, or undecidable)
  kTcvn3,  // TCVN 5712:1993 VN3, the "ABC" fonts .VnTime, .VnArial ...
  kVni,    // VNI for Windows, fonts VNI-Times, VNI-Helve ...
};

// Decides whether `utf8` is legacy-font text seen through Windows-1252: in an XLSX cell,
// Excel already stores it that way (VNI "Nguyeãn", TCVN3 "NguyÔn" for Nguyễn); for the
// raw bytes of a CSV file that are not valid UTF-8, call DecodeCp1252 first.
//
// Heuristic: the text is cut into words at white space, ASCII punctuation and digits, and
// general punctuation (U+2000-U+206F); ASCII-only words say nothing. Each other word is
// read three ways: as it is, converted as TCVN3, converted as VNI. A reading is plausible
// if it is lower, Title or UPPER case and spells one Vietnamese syllable: Vietnamese
// letters only, a known initial + nucleus + final in a legal combination, at most one
// tone, placed where Vietnamese puts it (on ơ in ươ, on a in ao: VNI "xaõ" fails as
// Unicode), and a stop final (c ch p t) only under sắc or nặng. Votes:
//  - against: a word with a character outside Windows-1252 (ư, a combining mark: it cannot
//    be legacy), or plausible as it is but in neither conversion, or in no reading at all
//    (French "réside", German "Müller");
//  - TCVN3 / VNI: a word implausible as it is but plausible in that conversion.
// A word plausible both as it is and converted ("Hoà" is also VNI for Hồ) says nothing.
// An encoding wins with strictly more votes than `against` and than the other encoding;
// every tie is kNone, because converting real Unicode does more harm than leaving legacy
// text alone. So ordinary Unicode Vietnamese (NFC or NFD), ASCII, e-mail addresses and
// foreign names give kNone, and a whole file is decided by its majority. A single name is
// usually enough, but not when each of its legacy words also reads as Unicode Vietnamese
// (TCVN3 "Vò Dòng" for Vũ Dũng) or reads alike in both encodings (VNI "Löu" Lưu, TCVN3
// Lửu): then the answer is kNone. Precondition: valid UTF-8.
LegacyEncoding DetectLegacy(std::string_view utf8);

// Converts legacy-font text (as DetectLegacy expects it: each character the Windows-1252
// reading of one legacy byte) to Unicode Vietnamese in NFC. Characters outside
// Windows-1252 (already Unicode) and bytes that mean nothing in `enc` pass through.
//  - kTcvn3: one byte per letter. VN3 has lowercase letters with every tone but capitals only
//    for Ă Â Ê Ô Ơ Ư Đ; other capitals were typed with the lowercase bytes in the separate
//    capitals font (.VnTimeH), which the bytes cannot reveal. So those letters come out
//    lowercase, except in a word whose ASCII letters are all capitals (at least two, as in
//    "HUYÖN" → "HUYỆN"), which is taken as capitals-font text and upper-cased whole.
//  - kVni: a base vowel followed by a diacritic byte (aù → á, aâ → â, aá → ấ, aê → ă ...),
//    single bytes for ơ ư đ, the toned i's and ỵ; capitals as the encoding has them.
//  - kNone: the text is only normalised to NFC.
// Precondition: valid UTF-8.
std::string ConvertLegacy(std::string_view utf8, LegacyEncoding enc);

}  // namespace dancu::core
